package auditpack

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// derived is a report file as the events give it.
type derived struct {
	name string
	body []byte
}

// derive produces the year's reports from a store that holds only the
// packaged events, in Indonesian, the language of the filed statements:
// the five statements as of the year's last day against the year
// before, the members' savings balances, the loan reports, the health
// assessment, PEARLS and prudential compliance at the year's end, the
// regulatory calendar as it stood on the seal's date, and the SHU
// calculation and list when the year's SHU was computed. Export and
// Verify both call it, so that a package checks only if its reports are
// what this code makes of its events.
func derive(ctx context.Context, store eventstore.Store, coop cooperative.ID, year int, sealedOn calendar.Date) ([]derived, bool, error) {
	svc := app.New(store, app.Options{})
	st, err := svc.Cooperative(ctx, coop)
	if err != nil {
		return nil, false, err
	}
	p := i18n.New(i18n.ID)
	v, _ := st.Policies.Latest()
	p.Currency, p.Places = v.Policy.Currency, v.Policy.Places
	end := calendar.MustNew(year, 12, 31)

	members := balances.New()
	loans := report.NewLoansAt(string(coop), end)
	pr := projector.New(store, nil)
	for _, f := range []projector.Projection{members, loans} {
		if _, err := pr.Rebuild(ctx, f); err != nil {
			return nil, false, err
		}
	}
	lb := loans.Book()
	lb.NameBorrowers(members, string(coop))

	var out []derived
	add := func(name string, st report.Statement) error {
		var js, csv bytes.Buffer
		if err := report.StatementAsJSON(&js, st); err != nil {
			return err
		}
		if err := report.StatementCSV(&csv, st); err != nil {
			return err
		}
		out = append(out, derived{ReportsDir + name + ".json", js.Bytes()}, derived{ReportsDir + name + ".csv", csv.Bytes()})
		return nil
	}
	var inner error
	err = svc.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b == nil {
			inner = fmt.Errorf("%w: cooperative %s has no books", eventstore.ErrCorrupt, coop)
			return
		}
		period := report.Period{AsOf: end, Compare: report.PriorYearEnd(end)}
		for _, r := range []struct {
			name string
			st   report.Statement
		}{
			{"neraca", report.Neraca(p, b, st.Name, period)},
			{"hasil-usaha", report.HasilUsaha(p, b, st.Name, period)},
			{"ekuitas", report.Ekuitas(p, b, st.Name, period)},
			{"arus-kas", report.ArusKas(p, b, st.Name, period)},
			{"neraca-saldo", report.TrialBalance(p, b, st.Name, period)},
			{"pinjaman-portofolio", report.LoanPortfolio(p, b, st.Name, lb)},
			{"pinjaman-umur", report.LoanAging(p, b, st.Name, lb)},
			{"pinjaman-kolektibilitas", report.LoanCollectibility(p, b, st.Name, lb)},
			{"pinjaman-bmpp", report.LendingLimits(p, b, st.Name, lb)},
			{"pearls", report.Pearls(p, b, st.Name, year, lb)},
			{"kepatuhan", report.Compliance(p, b, st.Name, report.ComplianceInput{Loans: lb, Members: members.Balances(string(coop), end), Rules: prudential.Default()})},
			{"kalender", report.RegulatoryCalendar(p, b, st.Name, report.CalendarInput{Year: year, AsOf: sealedOn, Rules: prudential.Default()})},
		} {
			if inner = add(r.name, r.st); inner != nil {
				return
			}
		}
		// The health worksheets, for the years a rule set covers.
		for _, w := range []struct {
			name      string
			framework health.Framework
			build     func(i18n.Printer, *generalledger.Books, string, int, report.LoanBook, map[string]health.Answer) (report.Statement, error)
		}{{"kesehatan", health.Juknis, report.Kesehatan}, {"kesehatan-2016", health.Perdep, report.Kesehatan2016}} {
			if _, ok := health.RuleSetFor(w.framework, year); !ok {
				continue
			}
			var worksheet report.Statement
			if worksheet, inner = w.build(p, b, st.Name, year, lb, st.ChecklistAnswers(year)); inner == nil {
				inner = add(w.name, worksheet)
			}
			if inner != nil {
				return
			}
		}
	})
	if err := errors.Join(err, inner); err != nil {
		return nil, false, err
	}
	var js bytes.Buffer
	if err := report.BalancesAsJSON(&js, members.Balances(string(coop), end)); err != nil {
		return nil, false, err
	}
	out = append(out, derived{ReportsDir + "simpanan-anggota.json", js.Bytes()})

	y, err := svc.YearEnd(ctx, coop, year)
	if err != nil {
		return nil, false, err
	}
	computed := y != nil && y.Computed != nil
	if computed {
		if err := add("shu", report.SHUCalculation(p, st.Name, y)); err != nil {
			return nil, false, err
		}
		if err := add("shu-anggota", report.SHUList(p, st.Name, y)); err != nil {
			return nil, false, err
		}
	}
	return out, computed, nil
}
