package main

import (
	"github.com/spf13/cobra"
	"time"

	acl "github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/passbook"
)

func (c *cli) initCommand() *cobra.Command {
	var coop, name, pokok, wajib, period, currency, zone, maxAmount string
	var places int32
	cmd := &cobra.Command{
		Use:   "init --coop ID --name NAME [--pokok N] [--wajib N]",
		Short: "Register a cooperative in the store (creating the store if needed)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			p, err := c.policyFlags(pokok, wajib, period, maxAmount)
			if err != nil {
				return err
			}
			p.Currency, p.Places, p.TimeZone = currency, places, zone
			if err := p.Validate(); err != nil {
				return err
			}
			if _, err := cooperative.ParseID(coop); err != nil {
				return err
			}
			c.access = creating
			svc, err := c.open(ctx)
			if err != nil {
				return err
			}
			res, err := svc.Register(ctx, app.Actor(c.actor), cooperative.Register{Coop: cooperative.ID(coop), Name: name, Policy: p})
			if err != nil {
				return err
			}
			c.printer.Currency, c.printer.Places = p.Currency, p.Places
			pr := c.printer
			if res.Repeated {
				c.say(pr.T("%s (%s) sudah terdaftar; tidak ada yang ditulis.", "%s (%s) is already registered; nothing was written."), name, coop)
				return nil
			}
			a, err := c.auth(ctx)
			if err != nil {
				return err
			}
			password, err := a.AddUser(ctx, app.Actor(c.actor), cooperative.ID(coop), auth.NewUser{Username: "admin", Name: "Administrator", Roles: []acl.Role{acl.Admin}})
			if err != nil {
				return err
			}
			c.say(pr.T("%s (%s) terdaftar di %s.", "%s (%s) is registered in %s."), name, coop, c.storeURL)
			c.showPassword("admin", password)
			c.say(pr.T("Simpanan pokok %s sekali; simpanan wajib %s per %s.", "Simpanan pokok %s once; simpanan wajib %s per %s."), pr.Money(p.Pokok), pr.Money(p.Wajib), periodName(pr.T, p.WajibPeriod))
			c.say(pr.T("Berikutnya: lumbung member admit M0001 --name \"Siti Rahayu\"", "Next: lumbung member admit M0001 --name \"Siti Rahayu\""))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&coop, "coop", "", "the cooperative's id: lowercase letters, digits, hyphens (required)")
	f.StringVar(&name, "name", "", "the cooperative's name (required)")
	f.StringVar(&pokok, "pokok", "50000", "simpanan pokok, paid once on admission")
	f.StringVar(&wajib, "wajib", "10000", "simpanan wajib per period")
	f.StringVar(&period, "wajib-period", "monthly", "monthly, quarterly or yearly")
	f.StringVar(&currency, "currency", "IDR", "ISO 4217 currency of the books")
	f.Int32Var(&places, "minor-unit", 0, "decimals of the currency's minor unit (0 for rupiah)")
	f.StringVar(&zone, "time-zone", "Asia/Jakarta", "IANA time zone of effective dates")
	f.StringVar(&maxAmount, "max-amount", "10000000000", "largest amount of one transaction")
	cmd.MarkFlagRequired("coop")
	cmd.MarkFlagRequired("name")
	return cmd
}

func periodName(t func(string, string) string, p policy.Period) string {
	switch p {
	case policy.Quarterly:
		return t("triwulan", "quarter")
	case policy.Yearly:
		return t("tahun", "year")
	}
	return t("bulan", "month")
}

func (c *cli) policyFlags(pokok, wajib, period, maxAmount string) (policy.Policy, error) {
	pk, err := parseAmount("pokok", pokok)
	if err != nil {
		return policy.Policy{}, err
	}
	wj, err := parseAmount("wajib", wajib)
	if err != nil {
		return policy.Policy{}, err
	}
	mx, err := parseAmount("max-amount", maxAmount)
	if err != nil {
		return policy.Policy{}, err
	}
	p := policy.Default(pk, wj)
	p.WajibPeriod, p.MaxAmount = policy.Period(period), mx
	return p, nil
}

func (c *cli) policyCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "policy", Short: "Show or change the cooperative's policy (bylaws)"}
	var from, pokok, wajib, period, maxAmount, decision string
	set := &cobra.Command{
		Use:   "set --from D [--pokok N] [--wajib N] [--wajib-period P] [--max-amount N] [--decision REF]",
		Short: "Adopt a new policy version from a date; terms not given stay as they are",
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
			cur, _ := st.Policies.Latest()
			p := cur.Policy
			for flag, into := range map[string]*money.Amount{"pokok": &p.Pokok, "wajib": &p.Wajib, "max-amount": &p.MaxAmount} {
				if v, _ := cmd.Flags().GetString(flag); cmd.Flags().Changed(flag) {
					if *into, err = parseAmount(flag, v); err != nil {
						return err
					}
				}
			}
			if cmd.Flags().Changed("wajib-period") {
				p.WajibPeriod = policy.Period(period)
			}
			on, err := parseDate("from", from, calendar.Date{})
			if err != nil {
				return err
			}
			res, err := c.svc.ChangePolicy(ctx, app.Actor(c.actor), coop, decision, cooperative.ChangePolicy{Policy: p, From: on})
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated {
				c.say(pr.T("Kebijakan ini sudah berlaku mulai %s; tidak ada yang ditulis.", "This policy is already in force from %s; nothing was written."), on)
				return nil
			}
			c.say(pr.T("Kebijakan baru berlaku mulai %s: simpanan pokok %s, simpanan wajib %s per %s, batas transaksi %s.",
				"New policy in force from %s: simpanan pokok %s, simpanan wajib %s per %s, transaction limit %s."),
				on, pr.Money(p.Pokok), pr.Money(p.Wajib), periodName(pr.T, p.WajibPeriod), pr.Money(p.MaxAmount))
			return nil
		},
	}
	f := set.Flags()
	f.StringVar(&from, "from", "", "the date the new version is in force from (required)")
	f.StringVar(&pokok, "pokok", "", "simpanan pokok")
	f.StringVar(&wajib, "wajib", "", "simpanan wajib per period")
	f.StringVar(&period, "wajib-period", "", "monthly, quarterly or yearly")
	f.StringVar(&maxAmount, "max-amount", "", "largest amount of one transaction")
	f.StringVar(&decision, "decision", "", "reference of the RAT or board decision")
	set.MarkFlagRequired("from")

	var asJSON bool
	show := &cobra.Command{
		Use:   "show [--json]",
		Short: "Show every policy version",
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
			if asJSON {
				return report.PoliciesAsJSON(c.stdout, st.Policies.Versions())
			}
			return report.Policies(c.stdout, c.printer, st.Name, st.Policies.Versions())
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(set, show)
	return cmd
}

func (c *cli) memberCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "member", Short: "Admit, list, show and settle the exit of members"}

	var name, date, ref, admitCash string
	var noPokok bool
	admit := &cobra.Command{
		Use:   "admit ID --name NAME [--date D] [--ref R] [--no-pokok]",
		Short: "Admit a member; the simpanan pokok is recorded as paid unless --no-pokok",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", date)
			if err != nil {
				return err
			}
			if ref == "" {
				ref = c.svc.NewRef("MASUK")
			}
			id := member.ID(args[0])
			res, err := c.svc.Admit(ctx, app.Actor(c.actor), coop, id, name, on, ref, !noPokok, app.Via(admitCash))
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated {
				c.say(pr.T("Anggota %s sudah tercatat dengan ref %s; tidak ada yang ditulis.", "Member %s is already recorded under ref %s; nothing was written."), id, ref)
				return nil
			}
			c.say(pr.T("Anggota %s (%s) diterima per %s (ref %s).", "Member %s (%s) admitted on %s (ref %s)."), id, name, on, ref)
			for _, e := range res.Events {
				if d, ok := e.Payload.(savings.Deposited); ok {
					c.say(pr.T("Simpanan pokok %s tercatat dibayar (ref %s).", "Simpanan pokok %s recorded as paid (ref %s)."), pr.Money(d.Amount), d.Ref)
				}
			}
			return nil
		},
	}
	admit.Flags().StringVar(&name, "name", "", "the member's full name (required)")
	admit.Flags().StringVar(&date, "date", "", "admission date YYYY-MM-DD (default today)")
	admit.Flags().StringVar(&ref, "ref", "", "reference of the admission (default: a new one)")
	admit.Flags().BoolVar(&noPokok, "no-pokok", false, "the simpanan pokok is paid later, with savings deposit --product pokok")
	admit.Flags().StringVar(&admitCash, "cash", "", "code of the cash or bank account the pokok is paid into (default: kas)")
	admit.MarkFlagRequired("name")

	var exitDate, exitRef, reason, decision, exitCash string
	exit := &cobra.Command{
		Use:   "exit ID [--date D] [--reason TEXT] [--ref R] [--decision REF]",
		Short: "Settle a member's exit: refund pokok, wajib and sukarela",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", exitDate)
			if err != nil {
				return err
			}
			if exitRef == "" {
				exitRef = c.svc.NewRef("KELUAR")
			}
			id := member.ID(args[0])
			res, err := c.svc.Exit(ctx, app.Actor(c.actor), coop, id, on, exitRef, reason, decision, app.Via(exitCash))
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated {
				c.say(pr.T("Keluarnya anggota %s sudah tercatat; tidak ada yang ditulis.", "The exit of member %s is already recorded; nothing was written."), id)
				return nil
			}
			e := res.Events[0].Payload.(member.ExitSettled)
			c.say(pr.T("Anggota %s keluar per %s (ref %s). Pengembalian: pokok %s, wajib %s, sukarela %s; dibayarkan %s.",
				"Member %s exited on %s (ref %s). Refunds: pokok %s, wajib %s, sukarela %s; paid out %s."),
				id, on, exitRef, pr.Money(e.Pokok), pr.Money(e.Wajib), pr.Money(e.Sukarela), pr.Money(e.NetPayout))
			return nil
		},
	}
	exit.Flags().StringVar(&exitDate, "date", "", "exit date YYYY-MM-DD (default today)")
	exit.Flags().StringVar(&exitCash, "cash", "", "code of the cash or bank account the refund is paid from (default: kas)")
	exit.Flags().StringVar(&exitRef, "ref", "", "reference of the settlement (default: a new one)")
	exit.Flags().StringVar(&reason, "reason", "", "why the member leaves")
	exit.Flags().StringVar(&decision, "decision", "", "reference of the board's decision")

	var listJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the members",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			p, err := c.balances(ctx)
			if err != nil {
				return err
			}
			rows := p.Members(string(coop))
			if listJSON {
				return report.MembersAsJSON(c.stdout, rows)
			}
			info, _ := p.Cooperative(string(coop))
			return report.Members(c.stdout, c.printer, info, rows)
		},
	}
	list.Flags().BoolVar(&listJSON, "json", false, "print JSON")

	var showJSON bool
	var asOf string
	show := &cobra.Command{
		Use:   "show ID [--as-of D] [--json]",
		Short: "Show a member's status and balances",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "as-of", asOf)
			if err != nil {
				return err
			}
			p, err := c.balances(ctx)
			if err != nil {
				return err
			}
			if _, err := member.ParseID(args[0]); err != nil {
				return err
			}
			row, ok := p.Member(string(coop), args[0], on)
			if !ok {
				return unknownMember(args[0])
			}
			if showJSON {
				return report.MemberAsJSON(c.stdout, row)
			}
			pb, err := c.passbook(cmd, coop, member.ID(args[0]))
			if err != nil {
				return err
			}
			page := pb.Between(calendar.Date{}, on)
			if n := len(page.Lines); n > 10 {
				page.Lines = page.Lines[n-10:]
			}
			info, _ := p.Cooperative(string(coop))
			return report.Member(c.stdout, c.printer, info.Name, row, page)
		},
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print JSON")
	show.Flags().StringVar(&asOf, "as-of", "", "balances at the end of this date (default today)")

	cmd.AddCommand(admit, exit, list, show)
	return cmd
}

// passbook folds one member's stream into their passbook.
func (c *cli) passbook(cmd *cobra.Command, coop cooperative.ID, id member.ID) (*passbook.Passbook, error) {
	return c.passbookKnownAt(cmd, coop, id, time.Time{})
}

// passbookKnownAt is a member's passbook as it was known at the instant
// at: the stream's events up to the first recorded after it. A zero at
// is the passbook now.
func (c *cli) passbookKnownAt(cmd *cobra.Command, coop cooperative.ID, id member.ID, at time.Time) (*passbook.Passbook, error) {
	events, err := c.svc.MemberEvents(cmd.Context(), coop, id)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, unknownMember(string(id))
	}
	pb := passbook.New()
	for _, e := range events {
		if !at.IsZero() && e.Recorded.After(at) {
			break
		}
		pb.Apply(e)
	}
	return pb, nil
}

func (c *cli) savingsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "savings", Short: "Record deposits to and withdrawals from members' savings"}
	move := func(use, short, prefix string, withdraw bool) *cobra.Command {
		var product, amount, date, ref, cash string
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
				p, err := savings.ParseProduct(product)
				if err != nil {
					return err
				}
				a, err := parseAmount("amount", amount)
				if err != nil {
					return err
				}
				if ref == "" {
					ref = c.svc.NewRef(prefix)
				}
				id := member.ID(args[0])
				var res app.Result
				if withdraw {
					res, err = c.svc.Withdraw(ctx, app.Actor(c.actor), coop, id, p, a, on, ref, app.Via(cash))
				} else {
					res, err = c.svc.Deposit(ctx, app.Actor(c.actor), coop, id, p, a, on, ref, app.Via(cash))
				}
				if err != nil {
					return err
				}
				pr := c.printer
				if res.Repeated {
					c.say(pr.T("Transaksi %s sudah tercatat; tidak ada yang ditulis.", "Transaction %s is already recorded; nothing was written."), ref)
					return nil
				}
				st, err := c.svc.Member(ctx, coop, id)
				if err != nil {
					return err
				}
				what := pr.T("Setoran", "Deposit to")
				if withdraw {
					what = pr.T("Penarikan", "Withdrawal from")
				}
				c.say(pr.T("%s %s %s anggota %s per %s tercatat (ref %s). Saldo %s: %s.", "%s %s of %s for member %s on %s recorded (ref %s). %s balance: %s."),
					what, pr.Product(string(p)), pr.Money(a), id, on, ref, pr.Product(string(p)), pr.Money(st.Account(p).Balance()))
				return nil
			},
		}
		f := sub.Flags()
		f.StringVar(&product, "product", "", "pokok, wajib or sukarela (required)")
		f.StringVar(&amount, "amount", "", "the amount, digits only, e.g. 150000 (required)")
		f.StringVar(&date, "date", "", "effective date YYYY-MM-DD (default today)")
		f.StringVar(&ref, "ref", "", "receipt reference; the idempotency key (default: a new one)")
		f.StringVar(&cash, "cash", "", "code of the cash or bank account the money moves through, e.g. 1-1200 (default: kas)")
		sub.MarkFlagRequired("product")
		sub.MarkFlagRequired("amount")
		return sub
	}
	cmd.AddCommand(
		move("deposit ID --product pokok|wajib|sukarela --amount N [--date D] [--ref R] [--cash ACCOUNT]", "Record a deposit", "SETOR", false),
		move("withdraw ID --product sukarela --amount N [--date D] [--ref R] [--cash ACCOUNT]", "Record a withdrawal (sukarela only)", "TARIK", true),
	)
	return cmd
}

func (c *cli) reverseCommand() *cobra.Command {
	var reason, date string
	cmd := &cobra.Command{
		Use:   "reverse REF --reason TEXT [--date D]",
		Short: "Reverse a deposit, a withdrawal, a journal entry or a shop sale by its reference (the original stays in history)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			on, err := optionalDate("date", date)
			if err != nil {
				return err
			}
			res, err := c.svc.Reverse(ctx, app.Actor(c.actor), coop, args[0], reason, on)
			if err != nil {
				return err
			}
			pr := c.printer
			if j, ok := res.Events[0].Payload.(cooperative.JournalReversed); ok {
				// A journal entry or a shop sale: its lines on the other sides.
				total := money.Zero()
				for _, l := range j.Lines {
					if l.Side == ledger.Debit {
						total = total.Add(l.Amount)
					}
				}
				c.say(pr.T("Koreksi tercatat: jurnal %s (%s) dibatalkan per %s dengan baris sebaliknya. Alasan: %s.", "Reversal recorded: entry %s (%s) is reversed on %s with its lines on the other sides. Reason: %s."),
					j.Ref, pr.Money(total), j.On, j.Reason)
				return nil
			}
			r := res.Events[0].Payload.(savings.Reversed)
			what := pr.T("setoran", "deposit to")
			if r.Original == savings.KindWithdrawal {
				what = pr.T("penarikan", "withdrawal from")
			}
			c.say(pr.T("Koreksi tercatat: %s %s %s (ref %s) dibatalkan per %s. Alasan: %s.", "Reversal recorded: the %s %s of %s (ref %s) is reversed on %s. Reason: %s."),
				what, pr.Product(string(r.Product)), pr.Money(r.Amount), r.Ref, r.On, r.Reason)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the transaction is reversed (required)")
	cmd.Flags().StringVar(&date, "date", "", "effective date of the reversal (default: the original's date)")
	cmd.MarkFlagRequired("reason")
	return cmd
}

func unknownMember(id string) error {
	return &input.Error{Field: "member", Value: id, Want: input.WantKnownMember}
}
