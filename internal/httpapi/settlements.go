package httpapi

import (
	"net/http"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
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
	lid, on, err := loanCommand(c, &req, func(r *SettleRequest) string { return r.Date })
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
	lid, on, err := loanCommand(c, &req, func(r *WriteOffRequest) string { return r.Date })
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.WriteOffLoan(c.writeCtx(), c.actor(), c.p.Coop, lid, req.Decision, on))
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

// RestructureRequest draws a new schedule for a loan's outstanding
// principal by a decision of the board: the new term, a new yearly rate
// (a share, 0.18, or a percentage, "18%"; default unchanged), why, and
// the decision.
type RestructureRequest struct {
	Months   int    `json:"months" required:"true"`
	Rate     string `json:"rate,omitempty"`
	Reason   string `json:"reason" required:"true"`
	Decision string `json:"decision" required:"true"`
	Date     string `json:"date,omitempty"`
}

// RestructuredJSON is what a restructuring did: the new instalments,
// the first one's due date, the overdue interest carried into it and the
// penalties waived.
type RestructuredJSON struct {
	Result      ResultJSON `json:"result"`
	Instalments int        `json:"instalments"`
	FirstDue    string     `json:"first_due,omitempty"`
	Carried     string     `json:"carried"`
	Waived      string     `json:"waived"`
}

func (a *API) restructureLoan(c *call) (int, any, error) {
	var req RestructureRequest
	lid, on, err := loanCommand(c, &req, func(r *RestructureRequest) string { return r.Date })
	if err != nil {
		return 0, nil, err
	}
	rate := decimal.NewFromInt(-1)
	if req.Rate != "" {
		if rate, err = app.ParseRate("rate", req.Rate); err != nil {
			return 0, nil, err
		}
	}
	res, err := a.svc.RestructureLoan(c.writeCtx(), c.actor(), c.p.Coop, lid, req.Months, rate, req.Reason, req.Decision, on)
	if err != nil {
		return 0, nil, err
	}
	status, r := c.result(res)
	out := RestructuredJSON{Result: r, Carried: "0", Waived: "0"}
	if len(res.Events) > 0 {
		if rs, ok := res.Events[0].Payload.(loan.Restructured); ok {
			out.Instalments, out.Carried, out.Waived = len(rs.Schedule), rs.Carried.String(), rs.Waived.String()
			if len(rs.Schedule) > 0 {
				out.FirstDue = rs.Schedule[0].Due.String()
			}
		}
	}
	return status, out, nil
}

// SaleRequest records a sale of a shop unit: to a member, or with
// non_member to someone who is not one (exactly one of the two); cost is
// the cost of the goods sold, taken out of inventory.
type SaleRequest struct {
	Member    string `json:"member,omitempty"`
	NonMember bool   `json:"non_member,omitempty"`
	Amount    string `json:"amount" required:"true"`
	Cost      string `json:"cost,omitempty"`
	Unit      string `json:"unit" required:"true"`
	Date      string `json:"date,omitempty"`
	Ref       string `json:"ref,omitempty"`
	Cash      string `json:"cash,omitempty"`
}

func (a *API) recordSale(c *call) (int, any, error) {
	var req SaleRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	if (req.Member != "") == req.NonMember {
		return 0, nil, &input.Error{Field: "member", Value: req.Member, Want: input.WantMemberID}
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	sale := app.Sale{Ref: c.ref(req.Ref), Unit: req.Unit, On: on, Cost: money.Zero()}
	if req.Member != "" {
		if sale.Member, err = member.ParseID(req.Member); err != nil {
			return 0, nil, err
		}
	}
	if sale.Amount, err = parseAmount("amount", req.Amount); err != nil {
		return 0, nil, err
	}
	if req.Cost != "" {
		if sale.Cost, err = parseAmount("cost", req.Cost); err != nil {
			return 0, nil, err
		}
	}
	var through []app.Via
	if req.Cash != "" {
		through = append(through, app.Via(req.Cash))
	}
	return c.write(a.svc.RecordSale(c.writeCtx(), c.actor(), c.p.Coop, sale, through...))
}
