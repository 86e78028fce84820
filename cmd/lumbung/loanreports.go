package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// loanReportCommands are the loan portfolio reports of domain.md §12
// item 10: portfolio, aging, collectibility and lending limits.
func (c *cli) loanReportCommands() []*cobra.Command {
	type build func(i18n.Printer, *generalledger.Books, string, report.LoanBook) report.Statement
	kinds := []struct {
		use, short string
		build      build
	}{
		{"portfolio", "Loan portfolio: loans, amount lent and outstanding principal by product; loans written off apart", report.LoanPortfolio},
		{"aging", "Loan aging: outstanding principal and arrears by days past due (0, 1-30, 31-90, 91-180, over 180)", report.LoanAging},
		{"collectibility", "Loan collectibility (lancar, kurang lancar, diragukan, macet), PPAPWD against PPAP, NPL and RPM", report.LoanCollectibility},
		{"lending-limits", "Lending limits (BMPP): the 10 largest borrowers against 15% and related parties against 10% of modal sendiri", report.LendingLimits},
	}
	var out []*cobra.Command
	for _, k := range kinds {
		var asOf, knownAt, format, file string
		cmd := &cobra.Command{
			Use:   k.use + " [--as-of D] [--as-known-at T] [--format table|json|csv|xlsx|pdf] [--out FILE]",
			Short: k.short,
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				ctx := cmd.Context()
				coop, on, err := c.coopOn(ctx, "as-of", asOf)
				if err != nil {
					return err
				}
				today, err := c.svc.Today(ctx, coop)
				if err != nil {
					return err
				}
				st, err := c.svc.Cooperative(ctx, coop)
				if err != nil {
					return err
				}
				at, err := c.knownAt(st, knownAt)
				if err != nil {
					return err
				}
				lb, err := c.loansKnownAt(ctx, coop, on, today, at)
				if err != nil {
					return err
				}
				return c.booksKnownAt(cmd, at, func(st cooperative.State, _ calendar.Date, b *generalledger.Books) error {
					return c.render(k.build(c.printer, b, st.Name, lb), format, file)
				})
			},
		}
		fl := cmd.Flags()
		fl.StringVar(&asOf, "as-of", "", "the date of the report YYYY-MM-DD (default today)")
		fl.StringVar(&knownAt, "as-known-at", "", "the loans as they were known then, before anything recorded later: a date (its end) or an RFC 3339 instant")
		fl.StringVar(&format, "format", "table", "table, json, csv, xlsx or pdf")
		fl.StringVar(&file, "out", "", "write to this file instead of the screen (required for xlsx on a terminal)")
		out = append(out, cmd)
	}
	return out
}

// loansAt returns the cooperative's loans as they stood at the end of a
// date, with their borrowers' names. From today on that is the loan book
// kept live (nothing that moves a loan may be dated after today); before
// today it is a fold of the log to the date.
func (c *cli) loansAt(ctx context.Context, coop cooperative.ID, on, today calendar.Date) (report.LoanBook, error) {
	return c.loansKnownAt(ctx, coop, on, today, time.Time{})
}

// loansKnownAt is loansAt as the log stood at the instant at: a fold of
// the events recorded by then. A zero at is the log now.
func (c *cli) loansKnownAt(ctx context.Context, coop cooperative.ID, on, today calendar.Date, at time.Time) (report.LoanBook, error) {
	live := func(fn func(*loanbook.Book)) error { return c.svc.Loans(ctx, coop, fn) }
	lb, err := report.LoansKnownAt(ctx, c.store, live, string(coop), on, today, at)
	if err != nil {
		return lb, err
	}
	members, err := c.balancesKnownAt(ctx, at)
	if err != nil {
		return lb, err
	}
	lb.NameBorrowers(members, string(coop))
	return lb, nil
}

// complianceCommands are the compliance reports of domain.md §12 item
// 12: the prudential limits on a date and the regulatory calendar of a
// financial year.
func (c *cli) complianceCommands() []*cobra.Command {
	var asOf, knownAt, format, file string
	kepatuhan := &cobra.Command{
		Use:   "kepatuhan [--as-of D] [--as-known-at T] [--format table|json|csv|xlsx|pdf] [--out FILE]",
		Short: "Prudential compliance (Permenkop 8/2023): each limit with its figure, the limit, pass or fail, the article and the rule set's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "as-of", asOf)
			if err != nil {
				return err
			}
			today, err := c.svc.Today(ctx, coop)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			at, err := c.knownAt(st, knownAt)
			if err != nil {
				return err
			}
			lb, err := c.loansKnownAt(ctx, coop, on, today, at)
			if err != nil {
				return err
			}
			members, err := c.balancesKnownAt(ctx, at)
			if err != nil {
				return err
			}
			in := report.NewComplianceInput(lb, members, string(coop), on)
			return c.booksKnownAt(cmd, at, func(st cooperative.State, _ calendar.Date, b *generalledger.Books) error {
				return c.render(report.Compliance(c.printer, b, st.Name, in), format, file)
			})
		},
	}
	fl := kepatuhan.Flags()
	fl.StringVar(&asOf, "as-of", "", "the date of the report YYYY-MM-DD (default today)")
	fl.StringVar(&knownAt, "as-known-at", "", "the books as they were known then, before anything recorded later: a date (its end) or an RFC 3339 instant")
	fl.StringVar(&format, "format", "table", "table, json, csv, xlsx or pdf")
	fl.StringVar(&file, "out", "", "write to this file instead of the screen (required for xlsx and pdf on a terminal)")

	var year, calAsOf, calKnownAt, calFormat, calFile string
	var secondary bool
	kalender := &cobra.Command{
		Use:   "kalender --year YYYY [--as-of D] [--as-known-at T] [--secondary] [--format table|json|csv|xlsx|pdf] [--out FILE]",
		Short: "Regulatory calendar of a financial year: RAT, annual, quarterly and semester reports with their due dates and status, and the public-accountant audit flag",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			y, err := parseYear(year)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "as-of", calAsOf)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			at, err := c.knownAt(st, calKnownAt)
			if err != nil {
				return err
			}
			in := report.NewCalendarInput(y, on, secondary)
			return c.booksKnownAt(cmd, at, func(st cooperative.State, _ calendar.Date, b *generalledger.Books) error {
				return c.render(report.RegulatoryCalendar(c.printer, b, st.Name, in), calFormat, calFile)
			})
		},
	}
	fl = kalender.Flags()
	fl.StringVar(&year, "year", "", "the financial year YYYY (required)")
	fl.StringVar(&calAsOf, "as-of", "", "the date the status is read at YYYY-MM-DD (default today)")
	fl.StringVar(&calKnownAt, "as-known-at", "", "the records as they were known then: a date (its end) or an RFC 3339 instant")
	fl.BoolVar(&secondary, "secondary", false, "a secondary cooperative (koperasi sekunder): the annual report is due by 30 June, not 30 April")
	fl.StringVar(&calFormat, "format", "table", "table, json, csv, xlsx or pdf")
	fl.StringVar(&calFile, "out", "", "write to this file instead of the screen (required for xlsx and pdf on a terminal)")
	kalender.MarkFlagRequired("year")
	return []*cobra.Command{kepatuhan, kalender}
}
