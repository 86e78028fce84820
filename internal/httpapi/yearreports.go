package httpapi

import (
	"fmt"
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
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
func (a *API) yearEndReport(name string, build func(*call, string, *cooperative.YearEnd) report.Statement) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		year, _, err := c.queryYear()
		if err != nil {
			return 0, nil, err
		}
		st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
		if err != nil {
			return 0, nil, err
		}
		y, err := a.svc.YearEnd(c.ctx(), c.p.Coop, year)
		if err != nil {
			return 0, nil, err
		}
		if y == nil || y.Computed == nil {
			return 0, nil, fmt.Errorf("%w: %d", cooperative.ErrSHUNotComputed, year)
		}
		return c.render(build(c, st.Name, y), name)
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
		lb, err := a.loansOn(c, end)
		if err != nil {
			return 0, nil, err
		}
		var st report.Statement
		err = a.books(c, func(_ cooperative.State, _ calendar.Date, b *generalledger.Books) error {
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
	lb, err := a.loansOn(c, on)
	if err != nil {
		return 0, nil, err
	}
	var in report.ComplianceInput
	err = a.views.balances(c.ctx(), func(p *balances.Projection) { in = report.NewComplianceInput(lb, p, string(c.p.Coop), on) })
	if err != nil {
		return 0, nil, err
	}
	var st report.Statement
	err = a.books(c, func(cs cooperative.State, _ calendar.Date, b *generalledger.Books) error {
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
	err = a.books(c, func(cs cooperative.State, _ calendar.Date, b *generalledger.Books) error {
		st = report.RegulatoryCalendar(c.pr, b, cs.Name, in)
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return c.render(st, "kalender")
}
