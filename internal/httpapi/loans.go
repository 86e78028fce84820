package httpapi

import (
	"context"

	"net/http"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// LoanJSON is a loan's state on a date.
type LoanJSON struct {
	Loan        string            `json:"loan"`
	Member      string            `json:"member"`
	Status      string            `json:"status"`
	Product     string            `json:"product"`
	Amount      string            `json:"amount"`
	Outstanding string            `json:"outstanding"`
	Class       string            `json:"class"`
	DPD         int               `json:"dpd"`
	AsOf        string            `json:"as_of"`
	Due         map[string]string `json:"due"`
	Approvals   []ApprovalJSON    `json:"approvals"`
}

// ApprovalJSON is one approval of a loan.
type ApprovalJSON struct {
	Role string `json:"role"`
	By   string `json:"by"`
	On   string `json:"on"`
}

// InstalmentJSON is one instalment of a loan's schedule.
type InstalmentJSON struct {
	N             int    `json:"n"`
	Due           string `json:"due"`
	Principal     string `json:"principal"`
	Interest      string `json:"interest"`
	PaidPrincipal string `json:"paid_principal"`
	PaidInterest  string `json:"paid_interest"`
	PaidPenalty   string `json:"paid_penalty"`
}

// ScheduleJSON is a loan's schedule.
type ScheduleJSON struct {
	Loan        string           `json:"loan"`
	Instalments []InstalmentJSON `json:"instalments"`
}

// LoansJSON is a list of loans.
type LoansJSON struct {
	Loans []LoanJSON `json:"loans"`
}

func loanJSON(st *loan.State, on calendar.Date, places int32) LoanJSON {
	due := st.DueOn(on, places)
	out := LoanJSON{Loan: string(st.ID), Member: st.Member, Status: string(st.Status), Product: st.Product, Amount: st.Amount.String(),
		Outstanding: st.Outstanding().String(), Class: string(st.Class), DPD: due.DPD, AsOf: on.String(),
		Due:       map[string]string{"penalty": due.Penalty.String(), "interest": due.Interest.String(), "principal": due.Principal.String()},
		Approvals: []ApprovalJSON{}}
	for _, a := range st.Approvals {
		out.Approvals = append(out.Approvals, ApprovalJSON{Role: a.Role, By: a.By, On: a.On.String()})
	}
	return out
}

// places is the cooperative's currency's decimal places.
func (c *call) places() (int32, error) {
	st, err := c.api.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, err
	}
	v, _ := st.Policies.Latest()
	return v.Policy.Places, nil
}

func (a *API) memberLoans(c *call, id string, on calendar.Date) ([]LoanJSON, error) {
	places, err := c.places()
	if err != nil {
		return nil, err
	}
	out := []LoanJSON{}
	err = a.svc.Loans(c.ctx(), c.p.Coop, func(b *loanbook.Book) {
		if b == nil {
			return
		}
		for _, lid := range b.OfMember(id) {
			if st, ok := b.Loan(lid); ok {
				out = append(out, loanJSON(st, on, places))
			}
		}
	})
	return out, err
}

func (a *API) listLoans(c *call) (int, any, error) {
	on, err := c.date("as_of", c.r.URL.Query().Get("as_of"))
	if err != nil {
		return 0, nil, err
	}
	places, err := c.places()
	if err != nil {
		return 0, nil, err
	}
	out := LoansJSON{Loans: []LoanJSON{}}
	err = a.svc.Loans(c.ctx(), c.p.Coop, func(b *loanbook.Book) {
		if b == nil {
			return
		}
		b.Each(func(st *loan.State) {
			if c.p.Sees(member.ID(st.Member)) {
				out.Loans = append(out.Loans, loanJSON(st, on, places))
			}
		})
	})
	return http.StatusOK, out, err
}

// loanCommand reads a command on the loan of the path: its body into
// req, the loan's id, and the date date gives of the body (today when it
// gives none).
func loanCommand[T any](c *call, req *T, date func(*T) string) (loan.ID, calendar.Date, error) {
	if err := c.decode(req); err != nil {
		return "", calendar.Date{}, err
	}
	lid, err := loan.ParseID(c.r.PathValue("loan"))
	if err != nil {
		return "", calendar.Date{}, err
	}
	on, err := c.date("date", date(req))
	return lid, on, err
}

// loan returns the loan of the path, if the principal may see it.
func (a *API) loan(c *call) (*loan.State, error) {
	id, err := loan.ParseID(c.r.PathValue("loan"))
	if err != nil {
		return nil, err
	}
	st, err := a.svc.Loan(c.ctx(), c.p.Coop, id)
	if err != nil {
		return nil, err
	}
	// A member is not told which loans exist: another member's loan is
	// unknown to them, as a loan that does not exist is.
	if st == nil || st.Member == "" || (!c.p.Can(access.ViewAll) && c.own(st.Member) != nil) {
		return nil, &input.Error{Field: "loan", Value: string(id), Want: input.WantKnownLoan}
	}
	return st, nil
}

func (a *API) getLoan(c *call) (int, any, error) {
	st, err := a.loan(c)
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("as_of", c.r.URL.Query().Get("as_of"))
	if err != nil {
		return 0, nil, err
	}
	places, err := c.places()
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, loanJSON(st, on, places), nil
}

func (a *API) getSchedule(c *call) (int, any, error) {
	st, err := a.loan(c)
	if err != nil {
		return 0, nil, err
	}
	if f := c.format(); f != "json" {
		co, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
		if err != nil {
			return 0, nil, err
		}
		return c.render(report.Schedule(c.pr, co.Name, st), "schedule-"+string(st.ID))
	}
	out := ScheduleJSON{Loan: string(st.ID), Instalments: []InstalmentJSON{}}
	for _, in := range st.Schedule {
		p := st.Paid(in.N)
		out.Instalments = append(out.Instalments, InstalmentJSON{N: in.N, Due: in.Due.String(), Principal: in.Principal.String(), Interest: in.Interest.String(),
			PaidPrincipal: p.Principal.String(), PaidInterest: p.Interest.String(), PaidPenalty: p.Penalty.String()})
	}
	return http.StatusOK, out, nil
}

// ProductJSON is a loan product in force.
type ProductJSON struct {
	Code       string `json:"code"`
	Version    int    `json:"version"`
	From       string `json:"from"`
	Name       string `json:"name"`
	Method     string `json:"method"`
	AnnualRate string `json:"annual_rate"`
	Months     int    `json:"months"`
	MaxMonths  int    `json:"max_months"`
}

// ProductsJSON lists the loan products.
type ProductsJSON struct {
	Products []ProductJSON `json:"products"`
}

func (a *API) listProducts(c *call) (int, any, error) {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	out := ProductsJSON{Products: []ProductJSON{}}
	codes := st.Products.Codes()
	slices.Sort(codes)
	for _, code := range codes {
		v, _ := st.Products.Latest(code)
		p := v.Product
		out.Products = append(out.Products, ProductJSON{Code: p.Code, Version: v.Number, From: v.From.String(), Name: p.Name,
			Method: string(p.Method), AnnualRate: p.AnnualRate.String(), Months: p.Months, MaxMonths: p.MaxMonths})
	}
	return http.StatusOK, out, nil
}

// ApplyRequest records a loan application.
type ApplyRequest struct {
	Loan       string `json:"loan" required:"true"`
	Member     string `json:"member" required:"true"`
	Product    string `json:"product" required:"true"`
	Amount     string `json:"amount" required:"true"`
	Months     int    `json:"months,omitempty"`
	Related    bool   `json:"related,omitempty"`
	Collateral string `json:"collateral,omitempty"`
	Purpose    string `json:"purpose,omitempty"`
	Date       string `json:"date,omitempty"`
}

func (a *API) applyLoan(c *call) (int, any, error) {
	var req ApplyRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	lid, err := loan.ParseID(req.Loan)
	if err != nil {
		return 0, nil, err
	}
	mid, err := member.ParseID(req.Member)
	if err != nil {
		return 0, nil, err
	}
	amount, err := parseAmount("amount", req.Amount)
	if err != nil {
		return 0, nil, err
	}
	app_ := app.Application{Loan: lid, Member: mid, Product: req.Product, Amount: amount, Months: req.Months, Related: req.Related, Purpose: req.Purpose}
	if req.Collateral != "" {
		if app_.Collateral, err = parseAmount("collateral", req.Collateral); err != nil {
			return 0, nil, err
		}
	}
	if app_.On, err = c.date("date", req.Date); err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.ApplyLoan(c.writeCtx(), c.actor(), c.p.Coop, app_))
}

// ApproveRequest approves a loan in a role.
type ApproveRequest struct {
	Role string `json:"role" required:"true"`
	Date string `json:"date,omitempty"`
}

func (a *API) approveLoan(c *call) (int, any, error) {
	var req ApproveRequest
	lid, on, err := loanCommand(c, &req, func(r *ApproveRequest) string { return r.Date })
	if err != nil {
		return 0, nil, err
	}
	// An approval is given in a role the approver holds.
	role, err := access.ParseRole(req.Role)
	if err != nil {
		return 0, nil, err
	}
	if !c.p.Has(role) {
		return 0, nil, errForbidden
	}
	return c.write(a.svc.ApproveLoan(c.writeCtx(), c.actor(), c.p.Coop, lid, req.Role, on))
}

// RejectRequest refuses a loan application.
type RejectRequest struct {
	Reason string `json:"reason" required:"true"`
	Date   string `json:"date,omitempty"`
}

func (a *API) rejectLoan(c *call) (int, any, error) {
	var req RejectRequest
	lid, on, err := loanCommand(c, &req, func(r *RejectRequest) string { return r.Date })
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.RejectLoan(c.writeCtx(), c.actor(), c.p.Coop, lid, req.Reason, on))
}

// DisburseRequest pays an approved loan out.
type DisburseRequest struct {
	Date     string `json:"date,omitempty"`
	First    string `json:"first,omitempty"`
	Cash     string `json:"cash,omitempty"`
	Override string `json:"override,omitempty"`
}

func (a *API) disburseLoan(c *call) (int, any, error) {
	var req DisburseRequest
	lid, on, err := loanCommand(c, &req, func(r *DisburseRequest) string { return r.Date })
	if err != nil {
		return 0, nil, err
	}
	first, err := optionalDate("first", req.First)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.DisburseLoan(c.writeCtx(), c.actor(), c.p.Coop, lid, on, first, req.Override, app.Via(req.Cash)))
}

// RepayRequest records a repayment.
type RepayRequest struct {
	Amount string `json:"amount" required:"true"`
	Date   string `json:"date,omitempty"`
	Ref    string `json:"ref,omitempty"`
	Cash   string `json:"cash,omitempty"`
}

// loanPayment answers money received on a loan, recorded by pay: a
// repayment (app.Service.RepayLoan), or a recovery on a loan written off
// (RecoverLoan), with the same fields.
func loanPayment(pay func(context.Context, app.Actor, cooperative.ID, loan.ID, string, money.Amount, calendar.Date, ...app.Via) (app.Result, error)) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		var req RepayRequest
		lid, on, err := loanCommand(c, &req, func(r *RepayRequest) string { return r.Date })
		if err != nil {
			return 0, nil, err
		}
		amount, err := parseAmount("amount", req.Amount)
		if err != nil {
			return 0, nil, err
		}
		return c.write(pay(c.writeCtx(), c.actor(), c.p.Coop, lid, c.ref(req.Ref), amount, on, app.Via(req.Cash)))
	}
}

// write answers a command's result.
func (c *call) write(res app.Result, err error) (int, any, error) {
	if err != nil {
		return 0, nil, err
	}
	status, out := c.result(res)
	return status, out, nil
}
