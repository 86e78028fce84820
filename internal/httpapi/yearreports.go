package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/participation"
)

// queryYear reads ?year=, a four-digit year.
func (c *call) queryYear() (int, string, error) {
	v := c.r.URL.Query().Get("year")
	y, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 {
		return 0, v, &input.Error{Field: "year", Value: v, Want: input.WantYear}
	}
	return y, v, nil
}

// yearEndReport serves a report of a year's SHU computation.
func (a *API) yearEndReport(name string, build func(*call, string, *cooperative.YearEnd) (report.Statement, error)) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		year, _, err := c.queryYear()
		if err != nil {
			return 0, nil, err
		}
		st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
		if err != nil {
			return 0, nil, err
		}
		at, err := a.knownAt(c)
		if err != nil {
			return 0, nil, err
		}
		y, err := a.svc.YearEndKnownAt(c.ctx(), c.p.Coop, year, at)
		if err != nil {
			return 0, nil, err
		}
		if y == nil || y.Computed == nil {
			return 0, nil, fmt.Errorf("%w: %d", cooperative.ErrSHUNotComputed, year)
		}
		s, err := build(c, st.Name, y)
		if err != nil {
			return 0, nil, err
		}
		return c.render(s, name)
	}
}

// healthReport serves a health worksheet of a financial year that has
// ended, from the books and the loans at the year's end.
func (a *API) healthReport(w report.HealthWorksheet) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		year, value, err := c.queryYear()
		if err != nil {
			return 0, nil, err
		}
		today, err := c.today()
		if err != nil {
			return 0, nil, err
		}
		end, err := report.AssessedYearEnd(year, value, today)
		if err != nil {
			return 0, nil, err
		}
		lb, at, err := a.loansKnown(c, end)
		if err != nil {
			return 0, nil, err
		}
		var st report.Statement
		err = a.booksAt(c, at, func(_ cooperative.State, _ calendar.Date, b *generalledger.Books) error {
			// The books' own state of the cooperative: the pengawas's
			// answers as recorded.
			st, err = w.Build(c.pr, b, b.State, year, lb)
			return err
		})
		if err != nil {
			return 0, nil, err
		}
		return c.render(st, w.Name)
	}
}

// compliance serves the prudential compliance report on ?as_of=.
func (a *API) compliance(c *call) (int, any, error) {
	on, err := c.date("as_of", c.r.URL.Query().Get("as_of"))
	if err != nil {
		return 0, nil, err
	}
	lb, at, err := a.loansKnown(c, on)
	if err != nil {
		return 0, nil, err
	}
	var in report.ComplianceInput
	err = a.balancesAt(c, at, func(p *balances.Projection) { in = report.NewComplianceInput(lb, p, string(c.p.Coop), on) })
	if err != nil {
		return 0, nil, err
	}
	var st report.Statement
	err = a.booksAt(c, at, func(cs cooperative.State, _ calendar.Date, b *generalledger.Books) error {
		st = report.Compliance(c.pr, b, cs.Name, in)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return c.render(st, "kepatuhan")
}

// regulatoryCalendar serves the regulatory calendar of ?year=, its status
// read on ?as_of=; ?secondary=true for a secondary cooperative.
func (a *API) regulatoryCalendar(c *call) (int, any, error) {
	year, _, err := c.queryYear()
	if err != nil {
		return 0, nil, err
	}
	q := c.r.URL.Query()
	on, err := c.date("as_of", q.Get("as_of"))
	if err != nil {
		return 0, nil, err
	}
	secondary := false
	if v := q.Get("secondary"); v != "" {
		if secondary, err = strconv.ParseBool(v); err != nil {
			return 0, nil, badRequest("bad_request", "secondary", "secondary harus true atau false.", "secondary must be true or false.")
		}
	}
	in := report.NewCalendarInput(year, on, secondary)
	var st report.Statement
	err = a.booksKnownAt(c, func(cs cooperative.State, _ calendar.Date, b *generalledger.Books) error {
		st = report.RegulatoryCalendar(c.pr, b, cs.Name, in)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return c.render(st, "kalender")
}

// shuSlip serves a member's SHU slip of a year: their bases, their
// shares and how they are paid.
func (a *API) shuSlip(c *call) (int, any, error) {
	id := c.r.PathValue("member")
	return a.yearEndReport("shu-slip-"+id, func(c *call, name string, y *cooperative.YearEnd) (report.Statement, error) {
		st, ok := report.SHUSlip(c.pr, name, y, id)
		if !ok {
			return st, unknownMember(id)
		}
		return st, nil
	})(c)
}

// ratPack serves the pack presented to the RAT as one PDF: the
// statements, the SHU, the loans, the membership, charts, attendance and
// resolutions of a year that has ended.
func (a *API) ratPack(c *call) (int, any, error) {
	if f := c.r.URL.Query().Get("format"); f != "" && f != "pdf" {
		return 0, nil, &input.Error{Field: "format", Value: f, Want: input.WantFormat}
	}
	year, value, err := c.queryYear()
	if err != nil {
		return 0, nil, err
	}
	today, err := c.today()
	if err != nil {
		return 0, nil, err
	}
	end, err := report.PackYearEnd(year, value, today)
	if err != nil {
		return 0, nil, err
	}
	loans, at, err := a.loansKnown(c, end)
	if err != nil {
		return 0, nil, err
	}
	var g report.Growth
	if err := a.svc.ParticipationKnownAt(c.ctx(), c.p.Coop, at, func(parts *participation.Fold) { g = report.MembershipGrowth(parts, year) }); err != nil {
		return 0, nil, err
	}
	ye, err := a.svc.YearEndKnownAt(c.ctx(), c.p.Coop, year, at)
	if err != nil {
		return 0, nil, err
	}
	var buf bytes.Buffer
	err = a.booksAt(c, at, func(st cooperative.State, _ calendar.Date, b *generalledger.Books) error {
		return report.RATPack(&buf, c.pr, report.Pack{Name: st.Name, Year: year, Books: b, YearEnd: ye,
			Loans: loans, Growth: g, Seal: app.BooksDigest(b, year)})
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, &download{contentType: contentTypes["pdf"], filename: fmt.Sprintf("rat-pack-%s-%d.pdf", c.p.Coop, year), data: buf.Bytes()}, nil
}
