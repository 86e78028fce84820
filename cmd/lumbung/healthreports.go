package main

import (
	"strconv"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// healthReportCommands are the health assessment worksheets of domain.md
// §12 item 11, for a financial year that has ended.
func (c *cli) healthReportCommands() []*cobra.Command {
	type build func(p i18n.Printer, b *generalledger.Books, st cooperative.State, year int, lb report.LoanBook) (report.Statement, error)
	kinds := []struct {
		use, short string
		build      build
	}{
		{"kesehatan", "Health assessment worksheet, Permenkop 9/2020 with Juknis 15/2021: every indicator with its inputs, aspect scores (30/15/40/15), composite and predicate",
			func(p i18n.Printer, b *generalledger.Books, st cooperative.State, year int, lb report.LoanBook) (report.Statement, error) {
				return report.Kesehatan(p, b, st.Name, year, lb, st.ChecklistAnswers(year))
			}},
		{"kesehatan-2016", "Legacy health worksheet, Perdep 06/Per/Dep.6/IV/2016: seven aspects, every indicator with its inputs, nilai 0–100, weight and skor; composite and predicate, said incomplete with the weight it covers",
			func(p i18n.Printer, b *generalledger.Books, st cooperative.State, year int, lb report.LoanBook) (report.Statement, error) {
				return report.Kesehatan2016(p, b, st.Name, year, lb, st.ChecklistAnswers(year))
			}},
		{"pearls", "WOCCU PEARLS ratios against their goals of excellence, each with its inputs; those the books cannot compute listed with the reason",
			func(p i18n.Printer, b *generalledger.Books, st cooperative.State, year int, lb report.LoanBook) (report.Statement, error) {
				return report.Pearls(p, b, st.Name, year, lb), nil
			}},
	}
	var out []*cobra.Command
	for _, k := range kinds {
		var year, knownAt, format, file string
		cmd := &cobra.Command{
			Use:   k.use + " --year Y [--as-known-at T] [--format table|json|csv|xlsx|pdf] [--out FILE]",
			Short: k.short,
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				ctx := cmd.Context()
				y, err := parseYear(year)
				if err != nil {
					return err
				}
				coop, err := c.coop(ctx)
				if err != nil {
					return err
				}
				today, err := c.svc.Today(ctx, coop)
				if err != nil {
					return err
				}
				end := calendar.MustNew(y, 12, 31)
				if !end.Before(today) {
					return &input.Error{Field: "year", Value: year, Want: input.WantAtMost, Bound: strconv.Itoa(today.Year() - 1)}
				}
				if err := c.usePolicy(ctx, coop); err != nil {
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
				lb, err := c.loansKnownAt(ctx, coop, end, today, at)
				if err != nil {
					return err
				}
				return c.booksKnownAt(cmd, at, func(_ cooperative.State, _ calendar.Date, b *generalledger.Books) error {
					// The books' own state of the cooperative: the
					// pengawas's answers as known then.
					s, err := k.build(c.printer, b, b.State, y, lb)
					if err != nil {
						return err
					}
					return c.render(s, format, file)
				})
			},
		}
		fl := cmd.Flags()
		fl.StringVar(&year, "year", "", "the financial year assessed YYYY (required; it must have ended)")
		fl.StringVar(&knownAt, "as-known-at", "", "the books and the answers as they were known then: a date (its end) or an RFC 3339 instant")
		fl.StringVar(&format, "format", "table", "table, json, csv, xlsx or pdf")
		fl.StringVar(&file, "out", "", "write to this file instead of the screen (required for xlsx and pdf on a terminal)")
		cmd.MarkFlagRequired("year")
		out = append(out, cmd)
	}
	return out
}
