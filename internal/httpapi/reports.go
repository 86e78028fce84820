package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// reportFormats are the formats of a statement beside JSON.
var reportFormats = []string{"csv", "xlsx", "pdf"}

// format is the ?format= asked for; json by default.
func (c *call) format() string {
	if f := c.r.URL.Query().Get("format"); f != "" {
		return f
	}
	return "json"
}

// StatementJSON is a report as report.StatementAsJSON writes it: the
// report's kind, the cooperative, title, columns and lines, amounts as
// strings.
type StatementJSON = report.StatementJSON

// render answers a statement in the format asked.
func (c *call) render(st report.Statement, name string) (int, any, error) {
	var buf bytes.Buffer
	var err error
	f := c.format()
	switch f {
	case "json":
		err = report.StatementAsJSON(&buf, st)
	case "csv":
		err = report.StatementCSV(&buf, st)
	case "xlsx":
		err = report.StatementXLSX(&buf, st)
	case "pdf":
		err = report.StatementPDF(&buf, c.pr, st)
	default:
		return 0, nil, &input.Error{Field: "format", Value: f, Want: input.WantFormat}
	}
	if err != nil {
		return 0, nil, err
	}
	d := &download{contentType: contentTypes[f], data: buf.Bytes()}
	if f != "json" {
		d.filename = fmt.Sprintf("%s-%s.%s", name, c.p.Coop, f)
	}
	return http.StatusOK, d, nil
}

// books runs fn on the cooperative's general ledger.
func (a *API) books(c *call, fn func(st cooperative.State, today calendar.Date, b *generalledger.Books) error) error {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return err
	}
	today, err := c.today()
	if err != nil {
		return err
	}
	var inner error
	called := false
	err = a.svc.Ledger(c.ctx(), c.p.Coop, func(b *generalledger.Books) {
		if b == nil {
			return
		}
		called = true
		inner = fn(st, today, b)
	})
	if err != nil {
		return err
	}
	if !called {
		return &input.Error{Field: "coop", Value: string(c.p.Coop), Want: input.WantKnownCoop}
	}
	return inner
}

// knownAt reads ?as_known_at=: an RFC 3339 instant, or a date meaning
// its end in the cooperative's zone. Records are then read as the log
// stood at that instant, before anything recorded later; zero without it.
func (a *API) knownAt(c *call) (time.Time, error) {
	v := c.r.URL.Query().Get("as_known_at")
	if v == "" {
		return time.Time{}, nil
	}
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return time.Time{}, err
	}
	return app.KnownAt(st, "as_known_at", v)
}

// booksKnownAt is books as the log stood at ?as_known_at=; without it,
// books.
func (a *API) booksKnownAt(c *call, fn func(st cooperative.State, today calendar.Date, b *generalledger.Books) error) error {
	at, err := a.knownAt(c)
	if err != nil {
		return err
	}
	return a.booksAt(c, at, fn)
}

// booksAt is books as the log stood at the instant at; a zero at is now.
func (a *API) booksAt(c *call, at time.Time, fn func(st cooperative.State, today calendar.Date, b *generalledger.Books) error) error {
	if at.IsZero() {
		return a.books(c, fn)
	}
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return err
	}
	today, err := c.today()
	if err != nil {
		return err
	}
	var inner error
	err = a.svc.LedgerKnownAt(c.ctx(), c.p.Coop, at, func(b *generalledger.Books) {
		if b == nil {
			inner = &input.Error{Field: "as_known_at", Value: c.r.URL.Query().Get("as_known_at"), Want: input.WantRecordedBy}
			return
		}
		inner = fn(st, today, b)
	})
	if err != nil {
		return err
	}
	return inner
}

// balancesAt calls fn with the members' balances as the log stood at the
// instant at: a fold of what was recorded by then, or for a zero at the
// balances kept up to date.
func (a *API) balancesAt(c *call, at time.Time, fn func(*balances.Projection)) error {
	if at.IsZero() {
		return a.views.balances(c.ctx(), fn)
	}
	p := balances.New()
	if _, err := projector.New(a.store, nil).Rebuild(c.ctx(), projector.KnownAt(p, at)); err != nil {
		return err
	}
	fn(p)
	return nil
}

// period reads ?as_of=, ?compare= and ?unit=.
func (c *call) period(today calendar.Date, st cooperative.State) (report.Period, error) {
	q := c.r.URL.Query()
	asOf, err := c.date("as_of", q.Get("as_of"))
	if err != nil {
		return report.Period{}, err
	}
	p := report.Period{AsOf: asOf, Compare: report.PriorYearEnd(asOf), Unit: q.Get("unit")}
	switch v := q.Get("compare"); v {
	case "":
	case "none", "tidak":
		p.Compare = calendar.Date{}
	default:
		if p.Compare, err = parseDate("compare", v); err != nil {
			return p, err
		}
	}
	if p.Unit != "" {
		if _, ok := st.Chart.Unit(p.Unit); !ok {
			return p, &input.Error{Field: "unit", Value: p.Unit, Want: input.WantKnownUnit}
		}
	}
	return p, nil
}

type statementBuild func(i18n.Printer, *generalledger.Books, string, report.Period) report.Statement

// statement serves one of the financial statements.
func (a *API) statement(name string, build statementBuild) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		var st report.Statement
		err := a.booksKnownAt(c, func(cs cooperative.State, today calendar.Date, b *generalledger.Books) error {
			p, err := c.period(today, cs)
			if err != nil {
				return err
			}
			st = build(c.pr, b, cs.Name, p)
			return nil
		})
		if err != nil {
			return 0, nil, err
		}
		return c.render(st, name)
	}
}

type loanReportBuild func(i18n.Printer, *generalledger.Books, string, report.LoanBook) report.Statement

// loanReport serves one of the loan portfolio reports.
func (a *API) loanReport(name string, build loanReportBuild) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		on, err := c.date("as_of", c.r.URL.Query().Get("as_of"))
		if err != nil {
			return 0, nil, err
		}
		lb, at, err := a.loansKnown(c, on)
		if err != nil {
			return 0, nil, err
		}
		var st report.Statement
		err = a.booksAt(c, at, func(cs cooperative.State, _ calendar.Date, b *generalledger.Books) error {
			st = build(c.pr, b, cs.Name, lb)
			return nil
		})
		if err != nil {
			return 0, nil, err
		}
		return c.render(st, name)
	}
}

// loansKnown is loansOn as the log stood at ?as_known_at=, with that
// instant (zero without it) for the rest of the report to be read at.
func (a *API) loansKnown(c *call, on calendar.Date) (report.LoanBook, time.Time, error) {
	at, err := a.knownAt(c)
	if err != nil {
		return report.LoanBook{}, at, err
	}
	lb, err := a.loansOn(c, on, at)
	return lb, at, err
}

// loansOn is the loan book at the end of a date, with the borrowers'
// names, as the log stood at the instant at: the live book from today
// on, a fold of the log before, or of what was recorded by at.
func (a *API) loansOn(c *call, on calendar.Date, at time.Time) (report.LoanBook, error) {
	today, err := c.today()
	if err != nil {
		return report.LoanBook{}, err
	}
	live := func(fn func(*loanbook.Book)) error { return a.svc.Loans(c.ctx(), c.p.Coop, fn) }
	lb, err := report.LoansKnownAt(c.ctx(), a.store, live, string(c.p.Coop), on, today, at)
	if err != nil {
		return lb, err
	}
	err = a.balancesAt(c, at, func(p *balances.Projection) { lb.NameBorrowers(p, string(c.p.Coop)) })
	return lb, err
}

// ledgerReport serves the general ledger of one account.
func (a *API) ledgerReport(c *call) (int, any, error) {
	var st report.Statement
	err := a.books(c, func(cs cooperative.State, today calendar.Date, b *generalledger.Books) error {
		p, err := c.period(today, cs)
		if err != nil {
			return err
		}
		code := c.r.URL.Query().Get("account")
		account, ok := cs.Chart.Account(code)
		if !ok || account.Heading {
			return &input.Error{Field: "account", Value: code, Want: input.WantPostableAccount}
		}
		from := report.YearStart(p.AsOf)
		if v := c.r.URL.Query().Get("from"); v != "" {
			if from, err = parseDate("from", v); err != nil {
				return err
			}
		}
		detail := &generalledger.Detail{Coop: string(cs.ID), Account: account.Code, Unit: p.Unit, From: from, To: p.AsOf}
		if _, err := projector.New(a.store, nil).Rebuild(c.ctx(), detail); err != nil {
			return err
		}
		st = report.LedgerAccount(c.pr, b, cs.Name, account, from, p.AsOf, p.Unit, detail.Sorted())
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return c.render(st, "ledger")
}

// BalancesJSON is the members' balances on a date.
type BalancesJSON struct {
	AsOf    string       `json:"as_of"`
	Members []MemberJSON `json:"members"`
	Totals  TotalsJSON   `json:"totals"`
}

// TotalsJSON are the savings totals.
type TotalsJSON struct {
	Pokok    string `json:"pokok"`
	Wajib    string `json:"wajib"`
	Sukarela string `json:"sukarela"`
	Total    string `json:"total"`
	Members  int    `json:"members"`
	Active   int    `json:"active"`
}

func totalsJSON(t balances.Totals) TotalsJSON {
	return TotalsJSON{Pokok: t.Pokok.String(), Wajib: t.Wajib.String(), Sukarela: t.Sukarela.String(), Total: t.Total().String(), Members: t.Members, Active: t.Active}
}

func (a *API) balancesReport(c *call) (int, any, error) {
	on, err := c.date("as_of", c.r.URL.Query().Get("as_of"))
	if err != nil {
		return 0, nil, err
	}
	at, err := a.knownAt(c)
	if err != nil {
		return 0, nil, err
	}
	out := BalancesJSON{AsOf: on.String(), Members: []MemberJSON{}}
	err = a.balancesAt(c, at, func(p *balances.Projection) {
		r := p.Balances(string(c.p.Coop), on)
		for _, row := range r.Rows {
			out.Members = append(out.Members, report.MemberOf(row))
		}
		out.Totals = totalsJSON(r.Totals)
	})
	return http.StatusOK, out, err
}
