package httpapi

import (
	"net/http"

	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// ExitRequest settles a member's exit, as lumbung member exit does:
// pokok, wajib and sukarela refunded, less what they owe.
type ExitRequest struct {
	Date     string `json:"date,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Ref      string `json:"ref,omitempty"`
	Decision string `json:"decision,omitempty"`
	Cash     string `json:"cash,omitempty"`
}

func (a *API) exitMember(c *call) (int, any, error) {
	var req ExitRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	id, err := member.ParseID(c.r.PathValue("member"))
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.Exit(c.writeCtx(), c.actor(), c.p.Coop, id, on, c.ref(req.Ref), req.Reason, req.Decision, app.Via(req.Cash)))
}

// SettleRequest pays a loan off early: what is due and the principal
// not yet due; interest not yet due is waived.
type SettleRequest struct {
	Date string `json:"date,omitempty"`
	Ref  string `json:"ref,omitempty"`
	Cash string `json:"cash,omitempty"`
}

func (a *API) settleLoan(c *call) (int, any, error) {
	var req SettleRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	lid, err := loan.ParseID(c.r.PathValue("loan"))
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.SettleLoan(c.writeCtx(), c.actor(), c.p.Coop, lid, c.ref(req.Ref), on, app.Via(req.Cash)))
}

// WriteOffRequest writes a loan off on the board's decision.
type WriteOffRequest struct {
	Decision string `json:"decision" required:"true"`
	Date     string `json:"date,omitempty"`
}

func (a *API) writeOffLoan(c *call) (int, any, error) {
	var req WriteOffRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	lid, err := loan.ParseID(c.r.PathValue("loan"))
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.WriteOffLoan(c.writeCtx(), c.actor(), c.p.Coop, lid, req.Decision, on))
}

// RecoverLoan records money received on a written-off loan: the fields
// of a repayment.
func (a *API) recoverLoan(c *call) (int, any, error) {
	var req RepayRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	lid, err := loan.ParseID(c.r.PathValue("loan"))
	if err != nil {
		return 0, nil, err
	}
	amount, err := parseAmount("amount", req.Amount)
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.RecoverLoan(c.writeCtx(), c.actor(), c.p.Coop, lid, c.ref(req.Ref), amount, on, app.Via(req.Cash)))
}

// ReviewRequest classifies every active loan on a date and records the
// allowance (PPAP) the classes require.
type ReviewRequest struct {
	AsOf string `json:"as_of,omitempty"`
}

// ReviewJSON is what a review of the loan book did: the active loans,
// those that changed class, and the allowance posted if it moved.
type ReviewJSON struct {
	AsOf         string         `json:"as_of"`
	Loans        int            `json:"loans"`
	Reclassified int            `json:"reclassified"`
	Allowance    *AllowanceJSON `json:"allowance,omitempty"`
}

// AllowanceJSON is the allowance required, held before and the
// difference posted.
type AllowanceJSON struct {
	Required string `json:"required"`
	Held     string `json:"held"`
	Delta    string `json:"delta"`
}

func (a *API) reviewLoans(c *call) (int, any, error) {
	var req ReviewRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	on, err := c.date("as_of", req.AsOf)
	if err != nil {
		return 0, nil, err
	}
	r, err := a.svc.ReviewLoans(c.writeCtx(), c.actor(), c.p.Coop, on)
	if err != nil {
		return 0, nil, err
	}
	out := ReviewJSON{AsOf: on.String(), Loans: r.Loans, Reclassified: r.Reclassified}
	status := http.StatusOK
	if r.Allowance != nil {
		out.Allowance = &AllowanceJSON{Required: r.Allowance.Required.String(), Held: r.Allowance.Held.String(), Delta: r.Allowance.Delta.String()}
	}
	if r.Allowance != nil || r.Reclassified > 0 {
		status = http.StatusCreated
	}
	return status, out, nil
}
