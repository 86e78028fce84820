package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// render writes a statement in a format, to out or to stdout. A
// spreadsheet is refused on a terminal: it needs --out.
func (c *cli) render(st report.Statement, format, out string) error {
	var buf bytes.Buffer
	var err error
	switch format {
	case "", "table":
		err = report.StatementText(&buf, c.printer, st)
	case "json":
		err = report.StatementAsJSON(&buf, st)
	case "csv":
		err = report.StatementCSV(&buf, st)
	case "xlsx":
		if out == "" && isTerminal(c.stdout) {
			return usageError{&input.Error{Field: "out", Value: "", Want: input.WantOutFile}}
		}
		err = report.StatementXLSX(&buf, st)
	case "pdf":
		if out == "" && isTerminal(c.stdout) {
			return usageError{&input.Error{Field: "out", Value: "", Want: input.WantOutFile}}
		}
		err = report.StatementPDF(&buf, c.printer, st)
	default:
		return usageError{&input.Error{Field: "format", Value: format, Want: input.WantFormat}}
	}
	if err != nil {
		return err
	}
	if out == "" {
		_, err = c.stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return usageError{err}
	}
	c.say(c.printer.T("Laporan ditulis ke %s.", "Report written to %s."), out)
	return nil
}

// statementFlags are the flags every financial statement takes.
type statementFlags struct {
	asOf, compare, unit, format, out, from, knownAt string
}

func (f *statementFlags) add(cmd *cobra.Command, ledgerReport bool) {
	fl := cmd.Flags()
	fl.StringVar(&f.asOf, "as-of", "", "the date of the statement YYYY-MM-DD (default today)")
	if ledgerReport {
		fl.StringVar(&f.from, "from", "", "the first date (default: the start of the financial year)")
	} else {
		fl.StringVar(&f.compare, "compare", "", "date of the comparative column (default: the prior year end; none for no comparison)")
	}
	fl.StringVar(&f.unit, "unit", "", "a business unit's code (default: the whole cooperative, consolidated)")
	fl.StringVar(&f.knownAt, "as-known-at", "", "the books as they were known then, before anything recorded later: a date (its end) or an RFC 3339 instant")
	fl.StringVar(&f.format, "format", "table", "table, json, csv, xlsx or pdf")
	fl.StringVar(&f.out, "out", "", "write to this file instead of the screen (required for xlsx and pdf on a terminal)")
}

// period reads the flags against the cooperative's books.
func (f *statementFlags) period(today calendar.Date, st cooperative.State) (report.Period, error) {
	asOf, err := parseDate("as-of", f.asOf, today)
	if err != nil {
		return report.Period{}, err
	}
	p := report.Period{AsOf: asOf, Compare: report.PriorYearEnd(asOf), Unit: f.unit}
	switch f.compare {
	case "":
	case "none", "tidak":
		p.Compare = calendar.Date{}
	default:
		if p.Compare, err = calendar.Parse(f.compare); err != nil {
			return p, err
		}
	}
	if f.unit != "" {
		if _, ok := st.Chart.Unit(f.unit); !ok {
			return p, &input.Error{Field: "unit", Value: f.unit, Want: input.WantKnownUnit}
		}
	}
	return p, nil
}

// books runs fn on the cooperative's general ledger, caught up.
func (c *cli) books(cmd *cobra.Command, fn func(st cooperative.State, today calendar.Date, b *generalledger.Books) error) error {
	return c.booksKnownAt(cmd, time.Time{}, fn)
}

// booksKnownAt runs fn on the cooperative's general ledger as it was
// known at the instant at (every event recorded then or before, folded
// afresh from the log); a zero at is the ledger now.
func (c *cli) booksKnownAt(cmd *cobra.Command, at time.Time, fn func(st cooperative.State, today calendar.Date, b *generalledger.Books) error) error {
	ctx := cmd.Context()
	coop, err := c.coop(ctx)
	if err != nil {
		return err
	}
	st, err := c.svc.Cooperative(ctx, coop)
	if err != nil {
		return err
	}
	today, err := c.svc.Today(ctx, coop)
	if err != nil {
		return err
	}
	noBooks := fmt.Errorf("%w: cooperative %s has no books", errNoCooperative, coop)
	if !at.IsZero() {
		var inner error
		err := c.svc.LedgerKnownAt(ctx, coop, at, func(b *generalledger.Books) {
			if b == nil {
				inner = &input.Error{Field: "as-known-at", Value: at.Format(time.RFC3339), Want: input.WantRecordedBy}
				return
			}
			inner = fn(st, today, b)
		})
		return errors.Join(err, inner)
	}
	var inner error
	err = c.svc.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b == nil {
			inner = noBooks
			return
		}
		inner = fn(st, today, b)
	})
	return errors.Join(err, inner)
}

// knownAt reads --as-known-at: a date (the end of that day in the
// cooperative's zone) or an instant in RFC 3339; empty is now.
func (c *cli) knownAt(st cooperative.State, value string) (time.Time, error) {
	return app.KnownAt(st, "as-known-at", value)
}

func (c *cli) statementCommands() []*cobra.Command {
	type build func(i18n.Printer, *generalledger.Books, string, report.Period) report.Statement
	kinds := []struct {
		use, short string
		build      build
	}{
		{"trial-balance", "Trial balance (neraca saldo): every account's debit or credit balance", report.TrialBalance},
		{"neraca", "Statement of financial position (Laporan Posisi Keuangan)", report.Neraca},
		{"hasil-usaha", "Statement of operating results (Laporan Hasil Usaha), member and non-member, SHU before and after tax", report.HasilUsaha},
		{"ekuitas", "Statement of changes in equity (Laporan Perubahan Ekuitas)", report.Ekuitas},
		{"arus-kas", "Statement of cash flows, direct method (Laporan Arus Kas)", report.ArusKas},
	}
	var out []*cobra.Command
	for _, k := range kinds {
		var f statementFlags
		cmd := &cobra.Command{
			Use:   k.use + " [--as-of D] [--compare D|none] [--unit U] [--format table|json|csv|xlsx] [--out FILE]",
			Short: k.short,
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				ctx := cmd.Context()
				coop, err := c.coop(ctx)
				if err != nil {
					return err
				}
				cst, err := c.svc.Cooperative(ctx, coop)
				if err != nil {
					return err
				}
				at, err := c.knownAt(cst, f.knownAt)
				if err != nil {
					return err
				}
				return c.booksKnownAt(cmd, at, func(st cooperative.State, today calendar.Date, b *generalledger.Books) error {
					period, err := f.period(today, st)
					if err != nil {
						return err
					}
					return c.render(k.build(c.printer, b, st.Name, period), f.format, f.out)
				})
			},
		}
		f.add(cmd, false)
		out = append(out, cmd)
	}
	var f statementFlags
	ledgerCmd := &cobra.Command{
		Use:   "ledger ACCOUNT [--from D] [--as-of D] [--unit U] [--format table|json|csv|xlsx] [--out FILE]",
		Short: "General ledger of one account (buku besar) with its running balance",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			today, err := c.svc.Today(ctx, coop)
			if err != nil {
				return err
			}
			period, err := f.period(today, st)
			if err != nil {
				return err
			}
			account, ok := st.Chart.Account(args[0])
			if !ok || account.Heading {
				return &input.Error{Field: "account", Value: args[0], Want: input.WantPostableAccount}
			}
			from := report.YearStart(period.AsOf)
			if f.from != "" {
				if from, err = calendar.Parse(f.from); err != nil {
					return err
				}
			}
			// The postings come from the log; the opening balance from the
			// general ledger.
			at, err := c.knownAt(st, f.knownAt)
			if err != nil {
				return err
			}
			detail := &generalledger.Detail{Coop: string(st.ID), Account: account.Code, Unit: period.Unit, From: from, To: period.AsOf}
			var fold projector.Projection = detail
			if !at.IsZero() {
				fold = projector.KnownAt(detail, at)
			}
			if _, err := projector.New(c.store, nil).Rebuild(ctx, fold); err != nil {
				return err
			}
			return c.booksKnownAt(cmd, at, func(st cooperative.State, _ calendar.Date, b *generalledger.Books) error {
				return c.render(report.LedgerAccount(c.printer, b, st.Name, account, from, period.AsOf, period.Unit, detail.Sorted()), f.format, f.out)
			})
		},
	}
	f.add(ledgerCmd, true)
	return append(out, ledgerCmd)
}
