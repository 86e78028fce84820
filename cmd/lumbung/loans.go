package main

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

func (c *cli) loanCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "loan", Short: "Members' loans: products, application to write-off"}
	cmd.AddCommand(c.loanProductCommand())
	id := func(args []string) (loan.ID, error) { return loan.ParseID(args[0]) }
	say := func(res app.Result, repeated, done string, args ...any) {
		if res.Repeated {
			c.say(repeated, args...)
			return
		}
		c.say(done, args...)
	}
	pr := func() func(string, string) string { return c.printer.T }

	var member_, product, amount, collateral, purpose, applyDate string
	var months int
	var related bool
	apply := &cobra.Command{
		Use:   "apply LOAN --member ID --product CODE --amount N [--months N] [--related] [--collateral N] [--purpose TEXT] [--date D]",
		Short: "Record a member's loan application under a product",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", applyDate)
			if err != nil {
				return err
			}
			lid, err := id(args)
			if err != nil {
				return err
			}
			mid, err := member.ParseID(member_)
			if err != nil {
				return err
			}
			a, err := parseAmount("amount", amount)
			if err != nil {
				return err
			}
			col, err := app.ParseAmountOrZero("collateral", collateral)
			if err != nil {
				return err
			}
			res, err := c.svc.ApplyLoan(ctx, app.Actor(c.actor), coop, app.Application{
				Loan: lid, Member: mid, Product: product, Amount: a, Months: months, Related: related, Collateral: col, Purpose: purpose, On: on,
			})
			if err != nil {
				return err
			}
			t := pr()
			if res.Repeated {
				c.say(t("Pengajuan %s sudah tercatat; tidak ada yang ditulis.", "Application %s is already recorded; nothing was written."), lid)
				return nil
			}
			c.say(t("Pengajuan pinjaman %s anggota %s sebesar %s tercatat (dicatat oleh %s, yang tidak boleh menyetujuinya).", "Loan application %s of member %s for %s recorded (by %s, who may not approve it)."),
				lid, mid, c.printer.Money(a), c.actor)
			return nil
		},
	}
	f := apply.Flags()
	f.StringVar(&member_, "member", "", "the borrower's member id (required)")
	f.StringVar(&product, "product", "", "the loan product's code (required)")
	f.StringVar(&amount, "amount", "", "the amount applied for (required)")
	f.IntVar(&months, "months", 0, "the term in months (default: the product's)")
	f.BoolVar(&related, "related", false, "the borrower is a related party (pengurus, pengawas, their family)")
	f.StringVar(&collateral, "collateral", "", "the value of the collateral (agunan)")
	f.StringVar(&purpose, "purpose", "", "what the loan is for")
	f.StringVar(&applyDate, "date", "", "date of the application (default today)")
	apply.MarkFlagRequired("member")
	apply.MarkFlagRequired("product")
	apply.MarkFlagRequired("amount")

	var role, approveDate string
	approve := &cobra.Command{
		Use:   "approve LOAN --role ketua|pengurus|pengawas|... [--date D]",
		Short: "Approve an application in a role (never by whoever recorded it); checks the lending limit",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", approveDate)
			if err != nil {
				return err
			}
			lid, err := id(args)
			if err != nil {
				return err
			}
			res, err := c.svc.ApproveLoan(ctx, app.Actor(c.actor), coop, lid, role, on)
			if err != nil {
				return err
			}
			t := pr()
			if !res.Repeated {
				a := res.Events[0].Payload.(loan.Approved)
				c.say(t("Pinjaman %s disetujui oleh %s sebagai %s. Batas pemberian pinjaman: eksposur %s dari batas %s (%s%% dari modal sendiri %s).", "Loan %s approved by %s as %s. Lending limit: exposure %s of a limit of %s (%s%% of modal sendiri %s)."),
					lid, c.actor, role, c.printer.Money(a.Limit.Exposure), c.printer.Money(a.Limit.Limit), a.Limit.Share.Shift(2).String(), c.printer.Money(a.Limit.ModalSendiri))
				return nil
			}
			c.say(t("Persetujuan ini sudah tercatat; tidak ada yang ditulis.", "This approval is already recorded; nothing was written."))
			return nil
		},
	}
	approve.Flags().StringVar(&role, "role", "", "the role approving (required)")
	approve.Flags().StringVar(&approveDate, "date", "", "date of the approval (default today)")
	approve.MarkFlagRequired("role")

	var reason, rejectDate string
	reject := &cobra.Command{
		Use:   "reject LOAN --reason TEXT [--date D]",
		Short: "Refuse an application",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", rejectDate)
			if err != nil {
				return err
			}
			lid, err := id(args)
			if err != nil {
				return err
			}
			res, err := c.svc.RejectLoan(ctx, app.Actor(c.actor), coop, lid, reason, on)
			if err != nil {
				return err
			}
			t := pr()
			say(res, t("Pengajuan %s sudah ditolak; tidak ada yang ditulis.", "Application %s is already rejected; nothing was written."), t("Pengajuan %s ditolak.", "Application %s rejected."), lid)
			return nil
		},
	}
	reject.Flags().StringVar(&reason, "reason", "", "why (required)")
	reject.Flags().StringVar(&rejectDate, "date", "", "date (default today)")
	reject.MarkFlagRequired("reason")

	var disburseDate, first, override, disburseCash string
	disburse := &cobra.Command{
		Use:   "disburse LOAN [--date D] [--first D] [--cash ACCOUNT] [--override DECISION]",
		Short: "Pay an approved loan out, net of fees, and draw its schedule",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", disburseDate)
			if err != nil {
				return err
			}
			lid, err := id(args)
			if err != nil {
				return err
			}
			f, err := optionalDate("first", first)
			if err != nil {
				return err
			}
			res, err := c.svc.DisburseLoan(ctx, app.Actor(c.actor), coop, lid, on, f, override, app.Via(disburseCash))
			if err != nil {
				return err
			}
			t := pr()
			if res.Repeated {
				c.say(t("Pinjaman %s sudah dicairkan; tidak ada yang ditulis.", "Loan %s is already disbursed; nothing was written."), lid)
				return nil
			}
			d := res.Events[0].Payload.(loan.Disbursed)
			lent := money.Zero()
			for _, in := range d.Schedule {
				lent = lent.Add(in.Principal)
			}
			c.say(t("Pinjaman %s dicairkan per %s: %s, dipotong provisi %s dan administrasi %s, dibayarkan %s. %d angsuran mulai %s; bunga efektif %s%% setahun (dengan biaya %s%%).",
				"Loan %s disbursed on %s: %s, less provisi %s and administration %s, paid out %s. %d instalments from %s; effective rate %s%% a year (%s%% with fees)."),
				lid, on, c.printer.Money(lent), c.printer.Money(d.Provisi), c.printer.Money(d.Admin), c.printer.Money(lent.Sub(d.Provisi).Sub(d.Admin)),
				len(d.Schedule), d.Schedule[0].Due, d.EffectiveRate.Shift(2).StringFixed(2), d.AllInRate.Shift(2).StringFixed(2))
			return nil
		},
	}
	f = disburse.Flags()
	f.StringVar(&disburseDate, "date", "", "date of the disbursement (default today)")
	f.StringVar(&first, "first", "", "due date of the first instalment (default: a month after)")
	f.StringVar(&disburseCash, "cash", "", "the cash or bank account paid from (default: kas)")
	f.StringVar(&override, "override", "", "decision allowing an effective rate above the product's cap")

	money_ := func(use, short, prefix string, run func(cmd *cobra.Command, coop string, lid loan.ID, ref string, a money.Amount, on calendar.Date, cash string) (app.Result, error), needAmount bool) *cobra.Command {
		var amount, ref, date, cash string
		sub := &cobra.Command{
			Use:   use,
			Short: short,
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				ctx := cmd.Context()
				coop, on, err := c.coopOn(ctx, "date", date)
				if err != nil {
					return err
				}
				lid, err := id(args)
				if err != nil {
					return err
				}
				a := money.Zero()
				if needAmount {
					if a, err = parseAmount("amount", amount); err != nil {
						return err
					}
				}
				if ref == "" {
					ref = c.svc.NewRef(prefix)
				}
				res, err := run(cmd, string(coop), lid, ref, a, on, cash)
				if err != nil {
					return err
				}
				t := pr()
				if res.Repeated {
					c.say(t("Transaksi %s sudah tercatat; tidak ada yang ditulis.", "Transaction %s is already recorded; nothing was written."), ref)
					return nil
				}
				for _, e := range res.Events {
					switch p := e.Payload.(type) {
					case loan.Repaid:
						pen, in, prn := loan.Totals(p.Parts)
						c.say(t("Pembayaran %s pinjaman %s per %s (ref %s): denda %s, jasa %s, pokok %s.", "Payment of %s on loan %s on %s (ref %s): penalty %s, interest %s, principal %s."),
							c.printer.Money(p.Amount), lid, on, ref, c.printer.Money(pen), c.printer.Money(in), c.printer.Money(prn))
						if p.Early {
							c.say(t("Pinjaman lunas dipercepat; jasa yang belum jatuh tempo dihapuskan: %s.", "Loan settled early; interest not yet due waived: %s."), c.printer.Money(p.Waived))
						}
					case loan.Recovered:
						c.say(t("Pemulihan %s atas pinjaman hapus buku %s tercatat (ref %s).", "Recovery of %s on written-off loan %s recorded (ref %s)."), c.printer.Money(p.Amount), lid, ref)
					}
				}
				return nil
			},
		}
		fl := sub.Flags()
		if needAmount {
			fl.StringVar(&amount, "amount", "", "the amount (required)")
			sub.MarkFlagRequired("amount")
		}
		fl.StringVar(&ref, "ref", "", "receipt reference; the idempotency key (default: a new one)")
		fl.StringVar(&date, "date", "", "date (default today)")
		fl.StringVar(&cash, "cash", "", "the cash or bank account (default: kas)")
		return sub
	}
	repay := money_("repay LOAN --amount N [--ref R] [--date D] [--cash ACCOUNT]", "Record a repayment: denda, then interest, then principal, oldest instalment first", "ANGSUR",
		func(cmd *cobra.Command, coop string, lid loan.ID, ref string, a money.Amount, on calendar.Date, cash string) (app.Result, error) {
			return c.svc.RepayLoan(cmd.Context(), app.Actor(c.actor), cooperative.ID(coop), lid, ref, a, on, app.Via(cash))
		}, true)
	settle := money_("settle LOAN [--ref R] [--date D] [--cash ACCOUNT]", "Pay a loan off early: what is due and the principal not yet due; interest not yet due is waived", "LUNAS",
		func(cmd *cobra.Command, coop string, lid loan.ID, ref string, _ money.Amount, on calendar.Date, cash string) (app.Result, error) {
			return c.svc.SettleLoan(cmd.Context(), app.Actor(c.actor), cooperative.ID(coop), lid, ref, on, app.Via(cash))
		}, false)
	recover_ := money_("recover LOAN --amount N [--ref R] [--date D] [--cash ACCOUNT]", "Record money received on a written-off loan", "PULIH",
		func(cmd *cobra.Command, coop string, lid loan.ID, ref string, a money.Amount, on calendar.Date, cash string) (app.Result, error) {
			return c.svc.RecoverLoan(cmd.Context(), app.Actor(c.actor), cooperative.ID(coop), lid, ref, a, on, app.Via(cash))
		}, true)

	var rsMonths int
	var rsRate, rsReason, rsDecision, rsDate string
	restructure := &cobra.Command{
		Use:   "restructure LOAN --months N [--rate R] --reason TEXT --decision REF [--date D]",
		Short: "Draw a new schedule for the outstanding principal by a decision of the board",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", rsDate)
			if err != nil {
				return err
			}
			lid, err := id(args)
			if err != nil {
				return err
			}
			rate := decimal.NewFromInt(-1)
			if rsRate != "" {
				if rate, err = app.ParseRate("rate", rsRate); err != nil {
					return err
				}
			}
			res, err := c.svc.RestructureLoan(ctx, app.Actor(c.actor), coop, lid, rsMonths, rate, rsReason, rsDecision, on)
			if err != nil {
				return err
			}
			r := res.Events[0].Payload.(loan.Restructured)
			c.say(c.printer.T("Pinjaman %s direstrukturisasi: %d angsuran baru mulai %s; jasa tertunggak %s dibawa ke angsuran pertama, denda %s dihapuskan.", "Loan %s restructured: %d new instalments from %s; overdue interest %s carried into the first, penalties %s waived."),
				lid, len(r.Schedule), r.Schedule[0].Due, c.printer.Money(r.Carried), c.printer.Money(r.Waived))
			return nil
		},
	}
	f = restructure.Flags()
	f.IntVar(&rsMonths, "months", 0, "the new term in months (required)")
	f.StringVar(&rsRate, "rate", "", "a new yearly rate (default: unchanged)")
	f.StringVar(&rsReason, "reason", "", "why (required)")
	f.StringVar(&rsDecision, "decision", "", "the board's decision (required)")
	f.StringVar(&rsDate, "date", "", "date (default today)")
	restructure.MarkFlagRequired("months")
	restructure.MarkFlagRequired("reason")
	restructure.MarkFlagRequired("decision")

	var woDecision, woDate string
	writeOff := &cobra.Command{
		Use:   "write-off LOAN --decision REF [--date D]",
		Short: "Write a loan off (hapus buku) against the allowance; the claim stays",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", woDate)
			if err != nil {
				return err
			}
			lid, err := id(args)
			if err != nil {
				return err
			}
			res, err := c.svc.WriteOffLoan(ctx, app.Actor(c.actor), coop, lid, woDecision, on)
			if err != nil {
				return err
			}
			if res.Repeated {
				c.say(c.printer.T("Pinjaman %s sudah dihapusbukukan; tidak ada yang ditulis.", "Loan %s is already written off; nothing was written."), lid)
				return nil
			}
			w := res.Events[0].Payload.(loan.WrittenOff)
			c.say(c.printer.T("Pinjaman %s dihapusbukukan per %s: pokok %s dibebankan ke cadangan (saldo cadangan %s).", "Loan %s written off on %s: principal %s charged to the allowance (which held %s)."),
				lid, on, c.printer.Money(w.Principal), c.printer.Money(w.Allowance))
			return nil
		},
	}
	writeOff.Flags().StringVar(&woDecision, "decision", "", "the board's decision (required)")
	writeOff.Flags().StringVar(&woDate, "date", "", "date (default today)")
	writeOff.MarkFlagRequired("decision")

	var showAsOf string
	var showJSON bool
	show := &cobra.Command{
		Use:   "show LOAN [--as-of D] [--json]",
		Short: "A loan: terms, approvals, schedule with what was paid, and what is due",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "as-of", showAsOf)
			if err != nil {
				return err
			}
			lid, err := id(args)
			if err != nil {
				return err
			}
			st, err := c.svc.Loan(ctx, coop, lid)
			if err != nil {
				return err
			}
			if !st.Exists() {
				return &input.Error{Field: "loan", Value: string(lid), Want: input.WantKnownLoan}
			}
			return c.showLoan(st, on, showJSON)
		},
	}
	show.Flags().StringVar(&showAsOf, "as-of", "", "what is due on this date (default today)")
	show.Flags().BoolVar(&showJSON, "json", false, "print JSON")

	var schedFormat, schedOut string
	schedule := &cobra.Command{
		Use:   "schedule LOAN [--format table|json|csv|xlsx] [--out FILE]",
		Short: "The loan's repayment schedule (jadwal angsuran) with what was paid, printable",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			lid, err := id(args)
			if err != nil {
				return err
			}
			st, err := c.svc.Loan(ctx, coop, lid)
			if err != nil {
				return err
			}
			if !st.Exists() {
				return &input.Error{Field: "loan", Value: string(lid), Want: input.WantKnownLoan}
			}
			co, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			return c.render(report.Schedule(c.printer, co.Name, st), schedFormat, schedOut)
		},
	}
	schedule.Flags().StringVar(&schedFormat, "format", "table", "table, json, csv, xlsx or pdf")
	schedule.Flags().StringVar(&schedOut, "out", "", "write to this file")

	var stmtAsOf, stmtFormat, stmtOut string
	statement := &cobra.Command{
		Use:   "statement MEMBER [--as-of D] [--format table|json|csv|xlsx] [--out FILE]",
		Short: "A member's loan statement: every loan, what was paid, what is outstanding and due",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "as-of", stmtAsOf)
			if err != nil {
				return err
			}
			mid, err := member.ParseID(args[0])
			if err != nil {
				return err
			}
			m, err := c.svc.Member(ctx, coop, mid)
			if err != nil {
				return err
			}
			if !m.Exists() {
				return &input.Error{Field: "member", Value: args[0], Want: input.WantKnownMember}
			}
			var states []*loan.State
			err = c.svc.Loans(ctx, coop, func(b *loanbook.Book) {
				for _, id := range b.OfMember(string(mid)) {
					st, _ := b.Loan(id)
					states = append(states, st)
				}
			})
			if err != nil {
				return err
			}
			co, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			return c.render(report.MemberLoans(c.printer, co.Name, string(mid), states, on, c.printer.Places), stmtFormat, stmtOut)
		},
	}
	statement.Flags().StringVar(&stmtAsOf, "as-of", "", "date of the statement (default today)")
	statement.Flags().StringVar(&stmtFormat, "format", "table", "table, json, csv, xlsx or pdf")
	statement.Flags().StringVar(&stmtOut, "out", "", "write to this file")

	cmd.AddCommand(apply, approve, reject, disburse, repay, settle, restructure, writeOff, recover_, show, schedule, statement)
	return cmd
}

func (c *cli) loanProductCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "product", Short: "Loan products: define a version, list"}
	var p struct {
		name, method, rate, maxPlafond, multiple, provisi, provisiFixed, admin, adminFixed string
		penalty, penaltyCap, rateCap, order, from                                          string
		months, maxMonths, grace                                                           int
		approvals                                                                          []string
	}
	define := &cobra.Command{
		Use:   "define CODE --name NAME --method flat|menurun|anuitas --rate R --months N [options]",
		Short: "Define a version of a loan product, in force from a date",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, from, err := c.coopOn(ctx, "from", p.from)
			if err != nil {
				return err
			}
			prod, err := app.ProductTerms{Code: args[0], Name: p.name, Method: p.method, Rate: p.rate, Months: p.months, MaxMonths: p.maxMonths, Grace: p.grace,
				MaxPlafond: p.maxPlafond, SavingsMultiple: p.multiple, Provisi: p.provisi, ProvisiFixed: p.provisiFixed, Admin: p.admin, AdminFixed: p.adminFixed,
				Penalty: p.penalty, PenaltyCap: p.penaltyCap, RateCap: p.rateCap, Order: p.order, Approvals: p.approvals}.Product()
			if err != nil {
				return err
			}
			res, err := c.svc.DefineProduct(ctx, app.Actor(c.actor), coop, prod, from)
			if err != nil {
				return err
			}
			if res.Repeated {
				c.say(c.printer.T("Produk %s sudah berlaku demikian; tidak ada yang ditulis.", "Product %s is already defined so; nothing was written."), prod.Code)
				return nil
			}
			c.say(c.printer.T("Produk pinjaman %s (%s, %s, %s%% setahun, %d bulan) berlaku mulai %s.", "Loan product %s (%s, %s, %s%% a year, %d months) in force from %s."),
				prod.Code, prod.Name, prod.Method, prod.AnnualRate.Shift(2).String(), prod.Months, from)
			return nil
		},
	}
	f := define.Flags()
	f.StringVar(&p.name, "name", "", "the product's name (required)")
	f.StringVar(&p.method, "method", "", "flat, menurun or anuitas (required)")
	f.StringVar(&p.rate, "rate", "", "nominal yearly rate: 0.18 or 18% (required)")
	f.IntVar(&p.months, "months", 0, "the usual term in months (required)")
	f.IntVar(&p.maxMonths, "max-months", 0, "the longest term (default: --months)")
	f.StringVar(&p.maxPlafond, "max-plafond", "", "the largest loan")
	f.StringVar(&p.multiple, "savings-multiple", "", "the largest loan as a multiple of the member's savings, e.g. 3")
	f.StringVar(&p.provisi, "provisi", "", "provisi fee as a share of the loan, e.g. 1%")
	f.StringVar(&p.provisiFixed, "provisi-fixed", "", "fixed provisi fee")
	f.StringVar(&p.admin, "admin", "", "administration fee as a share of the loan")
	f.StringVar(&p.adminFixed, "admin-fixed", "", "fixed administration fee")
	f.StringVar(&p.penalty, "penalty", "", "late penalty (denda) per day on the unpaid instalment, e.g. 0.1%")
	f.IntVar(&p.grace, "grace", 0, "days after the due date before the penalty runs")
	f.StringVar(&p.penaltyCap, "penalty-cap", "", "the penalty's cap as a share of the instalment")
	f.StringVar(&p.rateCap, "rate-cap", app.DefaultRateCap, "the highest effective yearly rate without an override")
	f.StringVar(&p.order, "order", string(loan.PenaltyFirst), "repayment allocation: denda-bunga-pokok or bunga-pokok-denda")
	f.StringArrayVar(&p.approvals, "approval", nil, "UPTO:role,role — who approves loans up to an amount (0: any); repeat per band; default ketua")
	f.StringVar(&p.from, "from", "", "in force from (default today)")
	define.MarkFlagRequired("name")
	define.MarkFlagRequired("method")
	define.MarkFlagRequired("rate")
	define.MarkFlagRequired("months")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the loan products in force",
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
			for _, code := range st.Products.Codes() {
				v, _ := st.Products.Latest(code)
				p := v.Product
				fmt.Fprintf(c.stdout, "%-12s v%d %s  %s  %s%%  %d-%d %s  provisi %s%%+%s  admin %s%%+%s\n", p.Code, v.Number, v.From, p.Name, p.AnnualRate.Shift(2), p.Months, p.MaxMonths,
					c.printer.T("bulan", "months"), p.Provisi.Percent.Shift(2), p.Provisi.Fixed, p.Admin.Percent.Shift(2), p.Admin.Fixed)
			}
			return nil
		},
	}
	cmd.AddCommand(define, list)
	return cmd
}

func (c *cli) loansCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "loans", Short: "The loan book: review, list"}
	var asOf string
	review := &cobra.Command{
		Use:   "review [--as-of D]",
		Short: "Classify every active loan by days past due and record the allowance (PPAP) they require",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "as-of", asOf)
			if err != nil {
				return err
			}
			r, err := c.svc.ReviewLoans(ctx, app.Actor(c.actor), coop, on)
			if err != nil {
				return err
			}
			pr := c.printer
			c.say(pr.T("Tinjauan per %s: %d pinjaman aktif, %d berubah kolektibilitas.", "Review as of %s: %d active loans, %d changed class."), on, r.Loans, r.Reclassified)
			if r.Allowance != nil {
				c.say(pr.T("Cadangan penghapusan yang diwajibkan %s; sebelumnya %s; dibukukan selisih %s.", "Allowance required %s; held %s; the difference %s posted."),
					pr.Money(r.Allowance.Required), pr.Money(r.Allowance.Held), pr.Money(r.Allowance.Delta))
			} else {
				c.say(pr.T("Cadangan penghapusan sudah sesuai; tidak ada yang dibukukan.", "The allowance already matches; nothing was posted."))
			}
			return nil
		},
	}
	review.Flags().StringVar(&asOf, "as-of", "", "date of the review (default today)")
	var listAsOf string
	list := &cobra.Command{
		Use:   "list [--as-of D]",
		Short: "Every loan with its borrower, status, outstanding principal, days past due and class",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "as-of", listAsOf)
			if err != nil {
				return err
			}
			return c.svc.Loans(ctx, coop, func(b *loanbook.Book) {
				b.Each(func(st *loan.State) {
					fmt.Fprintf(c.stdout, "%-12s %-10s %-12s %15s %15s %5d %s\n", st.ID, st.Member, st.Status, c.printer.Number(st.Amount), c.printer.Number(st.Outstanding()), st.DPD(on), st.Class)
				})
			})
		},
	}
	list.Flags().StringVar(&listAsOf, "as-of", "", "days past due on this date (default today)")
	cmd.AddCommand(review, list)
	return cmd
}

// loanJSON is the contract of `loan show --json`.
type loanJSON struct {
	Loan        string            `json:"loan"`
	Member      string            `json:"member"`
	Status      string            `json:"status"`
	Product     string            `json:"product"`
	Amount      string            `json:"amount"`
	Outstanding string            `json:"outstanding"`
	Class       string            `json:"class"`
	DPD         int               `json:"dpd"`
	AsOf        string            `json:"as_of"`
	Due         map[string]string `json:"due"`
	Schedule    []instalmentJSON  `json:"schedule"`
}

type instalmentJSON struct {
	N             int    `json:"n"`
	Due           string `json:"due"`
	Principal     string `json:"principal"`
	Interest      string `json:"interest"`
	PaidPrincipal string `json:"paid_principal"`
	PaidInterest  string `json:"paid_interest"`
	PaidPenalty   string `json:"paid_penalty"`
}

func (c *cli) showLoan(st *loan.State, on calendar.Date, asJSON bool) error {
	places := c.printer.Places
	due := st.DueOn(on, places)
	if asJSON {
		out := loanJSON{Loan: string(st.ID), Member: st.Member, Status: string(st.Status), Product: st.Product, Amount: st.Amount.String(),
			Outstanding: st.Outstanding().String(), Class: string(st.Class), DPD: due.DPD, AsOf: on.String(),
			Due:      map[string]string{"penalty": due.Penalty.String(), "interest": due.Interest.String(), "principal": due.Principal.String()},
			Schedule: []instalmentJSON{}}
		for _, in := range st.Schedule {
			p := st.Paid(in.N)
			out.Schedule = append(out.Schedule, instalmentJSON{N: in.N, Due: in.Due.String(), Principal: in.Principal.String(), Interest: in.Interest.String(),
				PaidPrincipal: p.Principal.String(), PaidInterest: p.Interest.String(), PaidPenalty: p.Penalty.String()})
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	pr := c.printer
	fmt.Fprintf(c.stdout, pr.T("Pinjaman %s — anggota %s — %s (%s)\n", "Loan %s — member %s — %s (%s)\n"), st.ID, st.Member, st.Product, st.Status)
	fmt.Fprintf(c.stdout, pr.T("Plafon %s, %d bulan, %s %s%% setahun; sisa pokok %s; kolektibilitas %s, %d hari tunggakan per %s\n", "Amount %s, %d months, %s %s%% a year; outstanding %s; class %s, %d days past due on %s\n"),
		pr.Money(st.Amount), st.Months, st.Terms.Method, st.Terms.AnnualRate.Shift(2), pr.Money(st.Outstanding()), st.Class, due.DPD, on)
	for _, a := range st.Approvals {
		fmt.Fprintf(c.stdout, pr.T("  disetujui %s oleh %s sebagai %s\n", "  approved %s by %s as %s\n"), a.On, a.By, a.Role)
	}
	if len(st.Schedule) > 0 {
		fmt.Fprintf(c.stdout, "\n%4s  %-10s  %12s  %12s  %12s  %12s\n", "#", pr.T("jatuh tempo", "due"), pr.T("pokok", "principal"), pr.T("jasa", "interest"), pr.T("dibayar", "paid"), pr.T("sisa", "unpaid"))
		for _, in := range st.Schedule {
			p := st.Paid(in.N)
			paid := p.Principal.Add(p.Interest)
			fmt.Fprintf(c.stdout, "%4d  %-10s  %12s  %12s  %12s  %12s\n", in.N, in.Due, pr.Number(in.Principal), pr.Number(in.Interest), pr.Number(paid), pr.Number(in.Total().Sub(paid)))
		}
	}
	fmt.Fprintf(c.stdout, pr.T("\nJatuh tempo per %s: denda %s, jasa %s, pokok %s; jumlah %s\n", "\nDue on %s: penalty %s, interest %s, principal %s; total %s\n"),
		on, pr.Money(due.Penalty), pr.Money(due.Interest), pr.Money(due.Principal), pr.Money(due.Total()))
	return nil
}
