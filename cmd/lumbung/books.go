package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

func (c *cli) accountsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "accounts", Short: "The chart of accounts: list, add, rename, close"}
	var format string
	list := &cobra.Command{
		Use:   "list [--format table|json|csv]",
		Short: "List the chart of accounts with classes, flags and roles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			return c.render(report.Chart(c.printer, st.Name, st.Chart), format, "")
		},
	}
	list.Flags().StringVar(&format, "format", "table", "table, json or csv")

	var name, nameEN, class, group, flow string
	var modalSendiri, cash bool
	add := &cobra.Command{
		Use:   "add CODE --name NAME --class CLASS [--group HEADING] [--flow operating|investing|financing] [--cash] [--modal-sendiri]",
		Short: "Add an account to the chart",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			cl, contra, err := ledger.ParseClass(class)
			if err != nil {
				return err
			}
			a := ledger.Account{Code: args[0], Name: name, NameEN: nameEN, Class: cl, Contra: contra, Group: group,
				Flow: ledger.Flow(flow), Cash: cash, ModalSendiri: modalSendiri}
			if a.Group == "" {
				a.Group = ledger.DefaultGroup(args[0])
			}
			res, err := c.svc.AddAccount(ctx, app.Actor(c.actor), coop, a)
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated {
				c.say(pr.T("Akun %s sudah ada dengan isian yang sama; tidak ada yang ditulis.", "Account %s already exists as given; nothing was written."), a.Code)
				return nil
			}
			c.say(pr.T("Akun %s %s ditambahkan ke bagan akun.", "Account %s %s added to the chart."), a.Code, a.Name)
			return nil
		},
	}
	f := add.Flags()
	f.StringVar(&name, "name", "", "the caption in Indonesian (required)")
	f.StringVar(&nameEN, "name-en", "", "the caption in English")
	f.StringVar(&class, "class", "", "asset, liability, equity, revenue, expense, or contra-asset and the like (required)")
	f.StringVar(&group, "group", "", "the heading it sits under (default: the heading its code extends, e.g. 1-1 for 1-1201)")
	f.StringVar(&flow, "flow", "", "cash flow activity of money paid to or received from it (default operating)")
	f.BoolVar(&cash, "cash", false, "a cash or bank account: chosen with --cash on transactions, never below zero")
	f.BoolVar(&modalSendiri, "modal-sendiri", false, "equity that counts in modal sendiri")
	add.MarkFlagRequired("name")
	add.MarkFlagRequired("class")

	var newName, newNameEN string
	rename := &cobra.Command{
		Use:   "rename CODE --name NAME [--name-en NAME]",
		Short: "Give an account a new caption; its code never changes",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			res, err := c.svc.RenameAccount(ctx, app.Actor(c.actor), coop, args[0], newName, newNameEN)
			if err != nil {
				return err
			}
			if res.Repeated {
				c.say(c.printer.T("Akun %s sudah bernama demikian; tidak ada yang ditulis.", "Account %s already has that name; nothing was written."), args[0])
				return nil
			}
			c.say(c.printer.T("Akun %s sekarang bernama %q.", "Account %s is now called %q."), args[0], newName)
			return nil
		},
	}
	rename.Flags().StringVar(&newName, "name", "", "the new caption in Indonesian (required)")
	rename.Flags().StringVar(&newNameEN, "name-en", "", "the new caption in English")
	rename.MarkFlagRequired("name")

	var closeDate string
	closeCmd := &cobra.Command{
		Use:   "close CODE [--date D]",
		Short: "Close an account with a zero balance: nothing may be posted to it from the date on",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", closeDate)
			if err != nil {
				return err
			}
			res, err := c.svc.CloseAccount(ctx, app.Actor(c.actor), coop, args[0], on)
			if err != nil {
				return err
			}
			if res.Repeated {
				c.say(c.printer.T("Akun %s sudah ditutup; tidak ada yang ditulis.", "Account %s is already closed; nothing was written."), args[0])
				return nil
			}
			c.say(c.printer.T("Akun %s ditutup per %s.", "Account %s closed from %s."), args[0], on)
			return nil
		},
	}
	closeCmd.Flags().StringVar(&closeDate, "date", "", "the first day nothing may be posted (default today)")
	cmd.AddCommand(list, add, rename, closeCmd)
	return cmd
}

func (c *cli) unitsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "units", Short: "Business units (unit usaha): list, add"}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the business units; the first is where member savings are booked",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			for _, u := range st.Chart.Units() {
				fmt.Fprintf(c.stdout, "%-16s %s\n", u.Code, u.Label(c.printer.Lang == "en"))
			}
			return nil
		},
	}
	var name, nameEN string
	add := &cobra.Command{
		Use:   "add CODE --name NAME [--name-en NAME]",
		Short: "Add a business unit (toko, klinik, apotek, ...)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			res, err := c.svc.AddUnit(ctx, app.Actor(c.actor), coop, ledger.Unit{Code: args[0], Name: name, NameEN: nameEN})
			if err != nil {
				return err
			}
			if res.Repeated {
				c.say(c.printer.T("Unit %s sudah ada; tidak ada yang ditulis.", "Unit %s already exists; nothing was written."), args[0])
				return nil
			}
			c.say(c.printer.T("Unit usaha %s (%s) ditambahkan.", "Business unit %s (%s) added."), args[0], name)
			return nil
		},
	}
	add.Flags().StringVar(&name, "name", "", "the unit's name (required)")
	add.Flags().StringVar(&nameEN, "name-en", "", "the unit's name in English")
	add.MarkFlagRequired("name")
	cmd.AddCommand(list, add)
	return cmd
}

// parseLine reads a journal line written ACCOUNT:debit:AMOUNT or
// ACCOUNT:credit:AMOUNT ("kredit" and "d"/"k" also read).
func parseLine(s string) (ledger.Line, error) {
	parts := strings.Split(s, ":")
	bad := &input.Error{Field: "line", Value: s, Want: input.WantLine}
	if len(parts) != 3 {
		return ledger.Line{}, bad
	}
	side, ok := ledger.ParseSide(strings.ToLower(parts[1]))
	if !ok || parts[0] == "" {
		return ledger.Line{}, bad
	}
	amount, err := parseAmount("line", parts[2])
	if err != nil {
		return ledger.Line{}, err
	}
	return ledger.Line{Account: parts[0], Side: side, Amount: amount}, nil
}

func (c *cli) journalCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "journal", Short: "The general journal: salaries, rent, bank interest, fixed assets, ..."}
	var date, memo, ref, unit, party, decision string
	var lines []string
	post := &cobra.Command{
		Use:   "post --date D --memo TEXT --line ACCOUNT:debit:N --line ACCOUNT:credit:N ... [--unit U] [--party P] [--ref R]",
		Short: "Post a balanced entry to the general journal",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", date)
			if err != nil {
				return err
			}
			pt, err := ledger.ParseParty(party)
			if err != nil {
				return err
			}
			j := app.Journal{Ref: ref, Memo: memo, On: on}
			for _, s := range lines {
				l, err := parseLine(s)
				if err != nil {
					return err
				}
				l.Unit, l.Party = unit, pt
				j.Lines = append(j.Lines, l)
			}
			if j.Ref == "" {
				j.Ref = c.svc.NewRef("JU")
			}
			res, err := c.svc.PostJournal(ctx, app.Actor(c.actor), coop, decision, j)
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated {
				c.say(pr.T("Jurnal %s sudah tercatat; tidak ada yang ditulis.", "Journal entry %s is already recorded; nothing was written."), j.Ref)
				return nil
			}
			debit, _ := ledger.Entry{Lines: j.Lines}.Totals()
			c.say(pr.T("Jurnal %s per %s tercatat: %d baris, debit = kredit = %s.", "Journal entry %s on %s recorded: %d lines, debit = credit = %s."), j.Ref, on, len(j.Lines), pr.Money(debit))
			return nil
		},
	}
	f := post.Flags()
	f.StringVar(&date, "date", "", "effective date YYYY-MM-DD (default today)")
	f.StringVar(&memo, "memo", "", "what the entry is for (required)")
	f.StringArrayVar(&lines, "line", nil, "ACCOUNT:debit:AMOUNT or ACCOUNT:credit:AMOUNT; repeat for every line (at least two)")
	f.StringVar(&unit, "unit", "", "business unit of every line (default: the first unit)")
	f.StringVar(&party, "party", "", "member, non-member or other-coop: with whom the revenue or expense was (for the member/non-member split)")
	f.StringVar(&ref, "ref", "", "reference (bukti); the idempotency key (default: a new one)")
	f.StringVar(&decision, "decision", "", "reference of the decision that authorises it")
	post.MarkFlagRequired("memo")
	post.MarkFlagRequired("line")

	var dryRun bool
	imp := &cobra.Command{
		Use:   "import FILE [--dry-run]",
		Short: "Post a CSV of journal lines (" + importer.JournalHeader + ") all or nothing; the rows of one ref form one entry",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return usageError{err}
			}
			defer f.Close()
			sum, err := importer.RunJournal(ctx, c.svc, app.Actor(c.actor), coop, f, dryRun)
			if err != nil {
				return err
			}
			pr := c.printer
			if dryRun {
				c.say(pr.T("Uji impor jurnal: %d baris, %d jurnal sah (%d sudah tercatat); tidak ada yang ditulis.", "Dry run: %d rows, %d valid entries (%d recorded before); nothing was written."), sum.Rows, sum.Entries, sum.Repeated)
				return nil
			}
			c.say(pr.T("Impor jurnal selesai: %d baris, %d jurnal ditulis, %d sudah tercatat sebelumnya.", "Journal import done: %d rows, %d entries written, %d recorded before."), sum.Rows, sum.Written, sum.Repeated)
			return nil
		},
	}
	imp.Flags().BoolVar(&dryRun, "dry-run", false, "check every entry and write nothing")
	cmd.AddCommand(post, imp)
	return cmd
}

func (c *cli) periodCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "period", Short: "Accounting periods: close a month, reopen it by a decision, list"}
	closeCmd := &cobra.Command{
		Use:   "close YYYY-MM",
		Short: "Close a month that has ended: nothing may be dated in it any more",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			m, err := ledger.ParseMonth(args[0])
			if err != nil {
				return err
			}
			res, err := c.svc.ClosePeriod(ctx, app.Actor(c.actor), coop, m)
			if err != nil {
				return err
			}
			if res.Repeated {
				c.say(c.printer.T("Periode %s sudah ditutup; tidak ada yang ditulis.", "Period %s is already closed; nothing was written."), m)
				return nil
			}
			c.say(c.printer.T("Periode %s ditutup: transaksi bertanggal %s s.d. %s ditolak mulai sekarang.", "Period %s closed: transactions dated %s to %s are refused from now on."), m, m.First(), m.Last())
			return nil
		},
	}
	var decision, reason string
	reopen := &cobra.Command{
		Use:   "reopen YYYY-MM --decision REF [--reason TEXT]",
		Short: "Reopen a closed month by a recorded decision of the board",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			m, err := ledger.ParseMonth(args[0])
			if err != nil {
				return err
			}
			res, err := c.svc.ReopenPeriod(ctx, app.Actor(c.actor), coop, m, decision, reason)
			if err != nil {
				return err
			}
			if res.Repeated {
				c.say(c.printer.T("Periode %s tidak tertutup; tidak ada yang ditulis.", "Period %s is not closed; nothing was written."), m)
				return nil
			}
			c.say(c.printer.T("Periode %s dibuka kembali (keputusan %s).", "Period %s reopened (decision %s)."), m, decision)
			return nil
		},
	}
	reopen.Flags().StringVar(&decision, "decision", "", "reference of the board's decision (required)")
	reopen.Flags().StringVar(&reason, "reason", "", "why the period is reopened")
	reopen.MarkFlagRequired("decision")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the closed months and closed years",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			pr := c.printer
			closed := st.Periods.Closed()
			if len(closed) == 0 {
				c.say(pr.T("Belum ada periode yang ditutup.", "No period is closed yet."))
			}
			for _, m := range closed {
				fmt.Fprintf(c.stdout, "%s  %s\n", m, pr.T("ditutup", "closed"))
			}
			for _, y := range st.ClosedYears {
				fmt.Fprintf(c.stdout, "%d     %s\n", y, pr.T("tahun buku ditutup", "financial year closed"))
			}
			return nil
		},
	}
	cmd.AddCommand(closeCmd, reopen, list)
	return cmd
}

func (c *cli) yearCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "year", Short: "Financial years: close a year"}
	closeCmd := &cobra.Command{
		Use:   "close YYYY",
		Short: "Post the closing entries of a year whose twelve months are closed: revenue and expense to SHU tahun berjalan",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			year, err := parseYear(args[0])
			if err != nil {
				return err
			}
			res, err := c.svc.CloseYear(ctx, app.Actor(c.actor), coop, year)
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated {
				c.say(pr.T("Tahun buku %d sudah ditutup; tidak ada yang ditulis.", "Financial year %d is already closed; nothing was written."), year)
				return nil
			}
			closed := res.Events[0].Payload.(cooperative.YearClosed)
			c.say(pr.T("Tahun buku %d ditutup per %s: %d baris jurnal penutup memindahkan pendapatan dan beban ke SHU tahun berjalan; SHU setelah pajak %s.",
				"Financial year %d closed on %s: %d closing lines moved revenue and expense to SHU for the year; surplus after tax %s."),
				year, closed.On, len(closed.Lines), pr.Money(closed.Result))
			return nil
		},
	}
	cmd.AddCommand(closeCmd)
	return cmd
}
