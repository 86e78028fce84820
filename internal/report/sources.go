package report

import (
	"context"
	"strconv"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
	"github.com/lumbung-ledger/lumbung/projections/participation"
)

// LoansKnownAt is a cooperative's loan book at the end of the date on,
// as the log stood at the instant at (zero: the log now). From today on,
// and for the log now, it is the live book that live hands over (nothing
// that moves a loan may be dated after today); otherwise a fold of the
// log to the date. The borrowers are not named yet: see NameBorrowers.
// The command line and the API both gather a report's loans here.
func LoansKnownAt(ctx context.Context, store eventstore.Store, live func(fn func(*loanbook.Book)) error, coop string, on, today calendar.Date, at time.Time) (LoanBook, error) {
	var lb LoanBook
	if !on.Before(today) && at.IsZero() {
		err := live(func(b *loanbook.Book) { lb = CurrentLoans(b, on) })
		return lb, err
	}
	f := NewLoansAt(coop, on)
	var p projector.Projection = f
	if !at.IsZero() {
		p = projector.KnownAt(p, at)
	}
	if _, err := projector.New(store, nil).Rebuild(ctx, p); err != nil {
		return lb, err
	}
	return f.Book(), nil
}

// HealthBuild builds a health worksheet of a financial year from the
// books, the books' own state of the cooperative (the pengawas's answers
// as known then) and the loans at the year's end.
type HealthBuild func(p i18n.Printer, b *generalledger.Books, st cooperative.State, year int, lb LoanBook) (Statement, error)

// HealthWorksheet is one of the health assessment worksheets of
// domain.md §12 item 11.
type HealthWorksheet struct {
	Name, Summary string
	Build         HealthBuild
}

// HealthWorksheets are the health assessment worksheets, for the command
// line's reports and the API's alike.
func HealthWorksheets() []HealthWorksheet {
	return []HealthWorksheet{
		{"kesehatan", "Health assessment worksheet, Permenkop 9/2020 with Juknis 15/2021: every indicator with its inputs, aspect scores (30/15/40/15), composite and predicate",
			func(p i18n.Printer, b *generalledger.Books, st cooperative.State, year int, lb LoanBook) (Statement, error) {
				return Kesehatan(p, b, st.Name, year, lb, st.ChecklistAnswers(year))
			}},
		{"kesehatan-2016", "Legacy health worksheet, Perdep 06/Per/Dep.6/IV/2016: seven aspects, every indicator with its inputs, nilai 0–100, weight and skor; composite and predicate, said incomplete with the weight it covers",
			func(p i18n.Printer, b *generalledger.Books, st cooperative.State, year int, lb LoanBook) (Statement, error) {
				return Kesehatan2016(p, b, st.Name, year, lb, st.ChecklistAnswers(year))
			}},
		{"pearls", "WOCCU PEARLS ratios against their goals of excellence, each with its inputs; those the books cannot compute listed with the reason",
			func(p i18n.Printer, b *generalledger.Books, st cooperative.State, year int, lb LoanBook) (Statement, error) {
				return Pearls(p, b, st.Name, year, lb), nil
			}},
	}
}

// AssessedYearEnd is the last day of a financial year to be assessed:
// the year must have ended before today. value is the year as given, for
// the refusal.
func AssessedYearEnd(year int, value string, today calendar.Date) (calendar.Date, error) {
	end := calendar.MustNew(year, 12, 31)
	if !end.Before(today) {
		return end, &input.Error{Field: "year", Value: value, Want: input.WantAtMost, Bound: strconv.Itoa(today.Year() - 1)}
	}
	return end, nil
}

// PackYearEnd is the last day of the financial year of a RAT pack: the
// year must not end after today. value is the year as given, for the
// refusal.
func PackYearEnd(year int, value string, today calendar.Date) (calendar.Date, error) {
	end := calendar.MustNew(year, 12, 31)
	if end.After(today) {
		return end, &input.Error{Field: "year", Value: value, Want: input.WantNotFuture, Bound: today.String()}
	}
	return end, nil
}

// MembershipGrowth is the membership of a cooperative over a financial
// year, from its participation: at the year's start, admitted, exited,
// at its end, and at each month's end. The command line's RAT pack and
// the API's both count it here.
func MembershipGrowth(parts *participation.Fold, year int) Growth {
	end := calendar.MustNew(year, time.December, 31)
	counts := parts.Counts(calendar.MustNew(year, time.January, 1), end)
	g := Growth{Start: counts.Start, Admitted: counts.Admitted, Exited: counts.Exited, End: counts.End}
	for m := time.January; m <= time.December; m++ {
		g.MonthEnd[m-1] = len(parts.Active(calendar.MustNew(year, m, 1).MonthEnd()))
	}
	return g
}

// NewComplianceInput gathers the figures of the prudential compliance
// report on the date on besides the books: the loans and the members'
// balances, against the rules in force.
func NewComplianceInput(lb LoanBook, members *balances.Projection, coop string, on calendar.Date) ComplianceInput {
	return ComplianceInput{Loans: lb, Members: members.Balances(coop, on), Rules: prudential.Default()}
}

// NewCalendarInput is the regulatory calendar's input for a financial
// year read on a date.
func NewCalendarInput(year int, on calendar.Date, secondary bool) CalendarInput {
	return CalendarInput{Year: year, AsOf: on, Secondary: secondary, Rules: prudential.Default()}
}
