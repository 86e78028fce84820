package main

import (
	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// healthReportCommands are the health assessment worksheets of domain.md
// §12 item 11, for a financial year that has ended.
func (c *cli) healthReportCommands() []*cobra.Command {
	var out []*cobra.Command
	for _, k := range report.HealthWorksheets() {
		var year, knownAt, format, file string
		cmd := &cobra.Command{
			Use:   k.Name + " --year Y [--as-known-at T] [--format table|json|csv|xlsx|pdf] [--out FILE]",
			Short: k.Summary,
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
				end, err := report.AssessedYearEnd(y, year, today)
				if err != nil {
					return err
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
					s, err := k.Build(c.printer, b, b.State, y, lb)
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
