package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// loanRow is a loan in the loan book, with what it still needs.
type loanRow struct {
	*loan.State
	Outstanding money.Amount
	Class       string
	// Missing are the approvals the application still needs; Mine those
	// of them the person may give.
	Missing, Mine []string
}

// Ready reports whether every approval the loan needs is given.
func (l loanRow) Ready() bool { return l.Status == loan.StatusApplied && len(l.Missing) == 0 }

// loanList is the data of the loans page.
type loanList struct {
	Queue, Book []loanRow
}

// row describes a loan for the person: the roles still missing, and
// which of them the person holds.
func row(st *loan.State, who interface{ Has(access.Role) bool }, on calendar.Date, t func(string, string) string) loanRow {
	r := loanRow{State: st, Outstanding: st.Outstanding(), Class: className(t, report.ClassOn(st, on))}
	if st.Status != loan.StatusApplied {
		return r
	}
	for _, role := range st.Terms.RolesFor(st.Amount, st.Related) {
		if slices.ContainsFunc(st.Approvals, func(a loan.Approval) bool { return a.Role == role }) {
			continue
		}
		r.Missing = append(r.Missing, role)
		if who.Has(access.Role(role)) {
			r.Mine = append(r.Mine, role)
		}
	}
	return r
}

func (h *Handler) loans(rq *request) error {
	var d loanList
	err := h.svc.Loans(rq.ctx, rq.who.Coop, func(b *loanbook.Book) {
		if b == nil {
			return
		}
		b.Each(func(st *loan.State) {
			r := row(st.Clone(), rq.who, rq.today, rq.pr.T)
			if st.Status == loan.StatusApplied {
				d.Queue = append(d.Queue, r)
			} else {
				d.Book = append(d.Book, r)
			}
		})
	})
	if err != nil {
		return err
	}
	h.render(rq, http.StatusOK, "loans.html", rq.pr.T("Pinjaman", "Loans"), d)
	return nil
}

// applyData is the data of the application form.
type applyData struct{ Products []string }

func (h *Handler) applyForm(rq *request) error {
	return h.showApply(rq, http.StatusOK, "", url.Values{"member": {rq.r.URL.Query().Get("member")}})
}

func (h *Handler) showApply(rq *request, status int, errText string, form url.Values) error {
	h.renderForm(rq, status, "apply.html", rq.pr.T("Pengajuan pinjaman", "Loan application"), applyData{Products: rq.coop.Products.Codes()}, errText, form)
	return nil
}

// apply records an application; its id is the one given or one taken
// from the form's key.
func (h *Handler) apply(rq *request) (string, error) {
	f := rq.r.PostForm
	show := func(status int, text string) error { return h.showApply(rq, status, text, f) }
	lid := strings.TrimSpace(f.Get("loan"))
	if lid == "" {
		lid = keyRef("PJ", rq.key)
	}
	id, err := loan.ParseID(lid)
	if err != nil {
		return refuse(err, show, rq)
	}
	mid, err := member.ParseID(strings.TrimSpace(f.Get("member")))
	if err != nil {
		return refuse(err, show, rq)
	}
	a, err := rq.amount("amount")
	if err != nil {
		return refuse(err, show, rq)
	}
	col := money.Zero()
	if strings.TrimSpace(f.Get("collateral")) != "" {
		if col, err = rq.amount("collateral"); err != nil {
			return refuse(err, show, rq)
		}
	}
	months, err := rq.count("months")
	if err != nil {
		return refuse(err, show, rq)
	}
	on, err := rq.date("date")
	if err != nil {
		return refuse(err, show, rq)
	}
	_, err = h.svc.ApplyLoan(rq.ctx, rq.actor(), rq.who.Coop, app.Application{
		Loan: id, Member: mid, Product: f.Get("product"), Amount: a, Months: months, Related: f.Get("related") != "",
		Collateral: col, Purpose: strings.TrimSpace(f.Get("purpose")), On: on,
	})
	if err != nil {
		return refuse(err, show, rq)
	}
	return "/loans/" + url.PathEscape(string(id)), nil
}

// loanPage is a loan: terms, approvals, schedule and the forms that move
// it on.
type loanPage struct {
	Loan     loanRow
	Schedule statement
}

func (h *Handler) loan(rq *request) error {
	return h.showLoan(rq, http.StatusOK, "", url.Values{})
}

func (h *Handler) showLoan(rq *request, status int, errText string, form url.Values) error {
	lid := rq.r.PathValue("id")
	if _, err := loan.ParseID(lid); err != nil {
		h.notFound(rq, rq.pr.Explain(err))
		return nil
	}
	st, err := h.svc.Loan(rq.ctx, rq.who.Coop, loan.ID(lid))
	if err != nil {
		return err
	}
	if !st.Exists() {
		if !rq.who.Can(access.ViewAll) {
			h.forbidden(rq)
			return nil
		}
		h.notFound(rq, rq.pr.Explain(&input.Error{Field: "loan", Value: lid, Want: input.WantKnownLoan}))
		return nil
	}
	if !rq.who.Sees(member.ID(st.Member)) {
		h.forbidden(rq)
		return nil
	}
	d := loanPage{Loan: row(st, rq.who, rq.today, rq.pr.T)}
	if len(st.Schedule) > 0 {
		d.Schedule = rq.stmt(report.Schedule(rq.pr, rq.coop.Name, st))
	}
	h.renderForm(rq, status, "loan.html", rq.pr.T("Pinjaman ", "Loan ")+lid, d, errText, form)
	return nil
}

// loanCommand runs a command on the loan of the path and goes back to
// the loan's page (or to the page given), or shows the refusal there.
func (h *Handler) loanCommand(rq *request, run func(id loan.ID) error, to ...string) (string, error) {
	id := loan.ID(rq.r.PathValue("id"))
	show := func(status int, text string) error { return h.showLoan(rq, status, text, rq.r.PostForm) }
	if _, err := loan.ParseID(string(id)); err != nil {
		return refuse(err, show, rq)
	}
	if err := run(id); err != nil {
		return refuse(err, show, rq)
	}
	if len(to) > 0 {
		return to[0], nil
	}
	return "/loans/" + url.PathEscape(string(id)), nil
}

// approve records the person's approval in one of their roles; the
// service refuses an approver who recorded the application.
func (h *Handler) approve(rq *request) (string, error) {
	return h.loanCommand(rq, func(id loan.ID) error {
		role := rq.r.PostForm.Get("role")
		if !rq.who.Has(access.Role(role)) {
			return &input.Error{Field: "role", Value: role, Want: input.WantRole}
		}
		on, err := rq.date("date")
		if err != nil {
			return err
		}
		_, err = h.svc.ApproveLoan(rq.ctx, rq.actor(), rq.who.Coop, id, role, on)
		return err
	})
}

func (h *Handler) reject(rq *request) (string, error) {
	return h.loanCommand(rq, func(id loan.ID) error {
		on, err := rq.date("date")
		if err != nil {
			return err
		}
		_, err = h.svc.RejectLoan(rq.ctx, rq.actor(), rq.who.Coop, id, strings.TrimSpace(rq.r.PostForm.Get("reason")), on)
		return err
	})
}

func (h *Handler) disburse(rq *request) (string, error) {
	return h.loanCommand(rq, func(id loan.ID) error {
		on, err := rq.date("date")
		if err != nil {
			return err
		}
		var first calendar.Date
		if strings.TrimSpace(rq.r.PostForm.Get("first")) != "" {
			if first, err = rq.date("first"); err != nil {
				return err
			}
		}
		_, err = h.svc.DisburseLoan(rq.ctx, rq.actor(), rq.who.Coop, id, on, first, "")
		return err
	})
}

// repay records a repayment under a reference taken from the form's key
// and goes to its kwitansi.
func (h *Handler) repay(rq *request) (string, error) {
	return h.loanCommand(rq, func(id loan.ID) error {
		a, err := rq.amount("amount")
		if err != nil {
			return err
		}
		on, err := rq.date("date")
		if err != nil {
			return err
		}
		_, err = h.svc.RepayLoan(rq.ctx, rq.actor(), rq.who.Coop, id, keyRef("ANGSUR", rq.key), a, on)
		return err
	}, "/receipts/"+url.PathEscape(keyRef("ANGSUR", rq.key)))
}
