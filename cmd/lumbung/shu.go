package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/participation"
)

// parseYear reads a four-digit year.
func parseYear(s string) (int, error) {
	var year int
	if !scan(s, "%d", &year) || len(s) != 4 {
		return 0, &input.Error{Field: "year", Value: s, Want: input.WantYear}
	}
	return year, nil
}

func (c *cli) shuCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "shu", Short: "The year's surplus (SHU): the policy, the computation, the distribution, members' slips"}
	cmd.AddCommand(c.shuPolicyCommand())

	var computeYear string
	var computeJSON bool
	compute := &cobra.Command{
		Use:   "compute --year YYYY",
		Short: "Compute a closed year's SHU and record it (a draft until the RAT approves it)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			year, err := parseYear(computeYear)
			if err != nil {
				return err
			}
			if err := c.usePolicy(ctx, coop); err != nil {
				return err
			}
			y, res, err := c.svc.ComputeSHU(ctx, app.Actor(c.actor), coop, year)
			if err != nil {
				return err
			}
			computed := y.Computed
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			if computeJSON {
				return report.StatementAsJSON(c.stdout, report.SHUCalculation(c.printer, st.Name, y))
			}
			pr := c.printer
			if len(res.Events) == 0 {
				c.say(pr.T("SHU tahun %d sudah dihitung dari buku yang sama; tidak ada yang ditulis.", "The SHU of %d is computed already from the same books; nothing was written."), year)
			} else if computed.Supersedes != "" {
				c.say(pr.T("SHU tahun %d dihitung ulang; perhitungan ini menggantikan rancangan %s….", "The SHU of %d is computed again; this computation replaces draft %s…."), year, computed.Supersedes[:12])
			} else {
				c.say(pr.T("SHU tahun %d dihitung dan dicatat sebagai rancangan.", "The SHU of %d is computed and recorded as a draft."), year)
			}
			r := computed.Result
			c.say(pr.T("SHU setelah pajak %s; bagian anggota %s; %d anggota menerima %s; selisih pembulatan %s.",
				"SHU after tax %s; members' part %s; %d members receive %s; rounding residue %s."),
				pr.Money(r.AfterTax), pr.Money(r.MemberPart), countPaid(r), pr.Money(r.Paid()), pr.Money(r.Residue()))
			c.say(pr.T("Kode perhitungan untuk keputusan RAT: %s", "Digest for the RAT's resolution: %s"), y.Fingerprint)
			c.say(pr.T("Lihat: lumbung report shu --year %d, lumbung report shu-members --year %d", "See: lumbung report shu --year %d, lumbung report shu-members --year %d"), year, year)
			return nil
		},
	}
	compute.Flags().StringVar(&computeYear, "year", "", "the closed financial year YYYY (required)")
	compute.Flags().BoolVar(&computeJSON, "json", false, "print the calculation as JSON")
	compute.MarkFlagRequired("year")

	var distYear, distDate, distCash, distDecision string
	distribute := &cobra.Command{
		Use:   "distribute --year YYYY --date D --decision REF [--cash ACCOUNT]",
		Short: "Distribute a year's SHU as the RAT approved it; run it again to complete one interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", distDate)
			if err != nil {
				return err
			}
			year, err := parseYear(distYear)
			if err != nil {
				return err
			}
			if err := c.usePolicy(ctx, coop); err != nil {
				return err
			}
			var through []app.Via
			if distCash != "" {
				through = append(through, app.Via(distCash))
			}
			d, err := c.svc.DistributeSHU(ctx, app.Actor(c.actor), coop, distDecision, year, on, through...)
			if err != nil {
				return err
			}
			pr := c.printer
			if d.Recorded {
				c.say(pr.T("SHU tahun %d dibagikan pada %s: cadangan, dana-dana dan utang SHU anggota dibukukan.", "The SHU of %d is distributed on %s: reserves, funds and the members' SHU payable are posted."), year, pr.Date(on))
			} else {
				c.say(pr.T("Pembagian SHU tahun %d yang terhenti dilanjutkan.", "The interrupted distribution of the %d SHU is completed."), year)
			}
			to := pr.T("dikreditkan ke simpanan sukarela", "credited to voluntary savings")
			if d.Payout == cooperative.PayoutCash {
				to = pr.T("dibayar tunai", "paid in cash")
			}
			c.say(pr.T("%d anggota: %s %s.", "%d members: %s %s."), d.Members, pr.Money(d.Paid), to)
			if d.Held > 0 {
				c.say(pr.T("%d anggota yang sudah keluar: %s tetap sebagai utang SHU anggota sampai dibayarkan.", "%d members who left: %s stays as SHU payable until paid to them."), d.Held, pr.Money(d.HeldAmount))
			}
			return nil
		},
	}
	df := distribute.Flags()
	df.StringVar(&distYear, "year", "", "the financial year YYYY (required)")
	df.StringVar(&distDate, "date", "", "the date of the distribution (default today)")
	df.StringVar(&distCash, "cash", "", "for a cash payout, the cash or bank account paid from (default: kas)")
	df.StringVar(&distDecision, "decision", "", "the RAT's decision reference (required)")
	distribute.MarkFlagRequired("year")
	distribute.MarkFlagRequired("decision")

	var slipYear, slipFormat, slipOut string
	slip := &cobra.Command{
		Use:   "slip MEMBER --year YYYY [--format table|json|csv|xlsx|pdf] [--out FILE]",
		Short: "A member's SHU slip: their bases, their shares and how they are paid",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.yearEndReport(cmd, slipYear, "", slipFormat, slipOut, func(name string, y *cooperative.YearEnd) (report.Statement, error) {
				st, ok := report.SHUSlip(c.printer, name, y, args[0])
				if !ok {
					return st, &input.Error{Field: "member", Value: args[0], Want: input.WantKnownMember}
				}
				return st, nil
			})
		},
	}
	slip.Flags().StringVar(&slipYear, "year", "", "the financial year YYYY (required)")
	slip.Flags().StringVar(&slipFormat, "format", "table", "table, json, csv, xlsx or pdf")
	slip.Flags().StringVar(&slipOut, "out", "", "write to this file")
	slip.MarkFlagRequired("year")
	var payYear, payDate, payCash string
	pay := &cobra.Command{
		Use:   "pay MEMBER --year YYYY [--date D] [--cash ACCOUNT]",
		Short: "Pay in cash the share held for a member who left: the distribution keeps it payable until then",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", payDate)
			if err != nil {
				return err
			}
			year, err := parseYear(payYear)
			if err != nil {
				return err
			}
			id, err := member.ParseID(args[0])
			if err != nil {
				return err
			}
			if err := c.usePolicy(ctx, coop); err != nil {
				return err
			}
			var through []app.Via
			if payCash != "" {
				through = append(through, app.Via(payCash))
			}
			res, amount, err := c.svc.PaySHU(ctx, app.Actor(c.actor), coop, id, year, on, through...)
			if err != nil {
				return err
			}
			pr := c.printer
			if len(res.Events) == 0 {
				c.say(pr.T("Bagian SHU %d anggota %s sudah diterimanya; tidak ada yang ditulis.", "The %d SHU share of member %s has reached them already; nothing was written."), year, id)
				return nil
			}
			c.say(pr.T("Bagian SHU %d anggota %s dibayar tunai: %s pada %s.", "The %d SHU share of member %s is paid in cash: %s on %s."), year, id, pr.Money(amount), pr.Date(on))
			return nil
		},
	}
	pay.Flags().StringVar(&payYear, "year", "", "the financial year YYYY (required)")
	pay.Flags().StringVar(&payDate, "date", "", "the date of the payment (default today)")
	pay.Flags().StringVar(&payCash, "cash", "", "the cash or bank account paid from (default: kas)")
	pay.MarkFlagRequired("year")
	cmd.AddCommand(compute, distribute, slip, pay)
	return cmd
}

func countPaid(r shu.Result) int {
	n := 0
	for _, p := range r.Payouts {
		if p.Total.IsPositive() {
			n++
		}
	}
	return n
}

// yearEndReport renders a report of a year's SHU computation.
func (c *cli) yearEndReport(cmd *cobra.Command, yearFlag, knownAt, format, out string, build func(name string, y *cooperative.YearEnd) (report.Statement, error)) error {
	ctx := cmd.Context()
	coop, err := c.coop(ctx)
	if err != nil {
		return err
	}
	year, err := parseYear(yearFlag)
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
	y, err := c.svc.YearEndKnownAt(ctx, coop, year, at)
	if err != nil {
		return err
	}
	if y == nil || y.Computed == nil {
		return fmt.Errorf("%w: %d", cooperative.ErrSHUNotComputed, year)
	}
	s, err := build(st.Name, y)
	if err != nil {
		return err
	}
	return c.render(s, format, out)
}

func (c *cli) shuPolicyCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "policy", Short: "The SHU terms of the bylaws: pools, bases, rounding, quorum"}
	var (
		from, decision, capital, measure, nonMember, rounding, residue, exited, quorum string
		pools                                                                          []string
		useDefault                                                                     bool
	)
	set := &cobra.Command{
		Use:   "set --from D --decision REF (--default | --pool KEY:PERCENT[:KIND[:UNIT:BASIS]] ...) [terms]",
		Short: "Adopt a version of the SHU terms from a date; the pools must sum to exactly 100 %",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "from", from)
			if err != nil {
				return err
			}
			terms := app.SHUTerms{Default: useDefault, Pools: pools, Measure: measure, NonMemberReserve: nonMember, Rounding: rounding,
				ResidueAccount: residue, Exited: exited, Quorum: quorum}
			if capital != "" {
				terms.Capital = strings.Split(capital, ",")
			}
			p, err := terms.Policy()
			var in *input.Error
			if errors.As(err, &in) && in.Field == "pool" && in.Value == "" {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			res, err := c.svc.AdoptSHUPolicy(ctx, app.Actor(c.actor), coop, decision, p, on)
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated || len(res.Events) == 0 {
				c.say(pr.T("Kebijakan SHU ini sudah berlaku dari %s; tidak ada yang ditulis.", "This SHU policy is already in force from %s; nothing was written."), pr.Date(on))
				return nil
			}
			c.say(pr.T("Kebijakan SHU berlaku mulai %s: %d pos berjumlah 100 %%.", "SHU policy in force from %s: %d pools summing to 100 %%."), pr.Date(on), len(p.Pools))
			return nil
		},
	}
	f := set.Flags()
	f.StringVar(&from, "from", "", "the date the terms apply from (default today); a year's SHU uses the terms in force on its last day")
	f.StringVar(&decision, "decision", "", "the decision (RAT, AD/ART) that set the terms (required)")
	f.BoolVar(&useDefault, "default", false, "the pools of domain.md §3.5: cadangan 40, jasa modal 15, jasa usaha 25, pengurus-pengawas 5, karyawan 5, pendidikan 5, sosial 2.5, pembangunan daerah kerja 2.5")
	f.StringArrayVar(&pools, "pool", nil, "a pool KEY:PERCENT[:KIND[:UNIT:BASIS]], repeated; KIND reserve|capital|patronage|fund, BASIS interest-paid|principal-borrowed|purchases")
	f.StringVar(&capital, "capital", "", "savings counted as capital for jasa modal (default pokok,wajib)")
	f.StringVar(&measure, "measure", "", "capital measure: year-end (default), avg-month-end or daily-avg")
	f.StringVar(&nonMember, "non-member-reserve", "", "percent of the non-member SHU that goes to reserves (default 100)")
	f.StringVar(&rounding, "rounding", "", "payouts rounded down to 1 (default), 100 or 1000")
	f.StringVar(&residue, "residue-account", "", "the account taking the rounding residue (default 3-2100 cadangan umum)")
	f.StringVar(&exited, "exited", "", "members who left during the year: eligible (default) or excluded")
	f.StringVar(&quorum, "quorum", "", "share of members whose attendance makes the RAT quorate (default 0.5)")
	set.MarkFlagRequired("decision")

	var showJSON bool
	show := &cobra.Command{
		Use:   "show [--json]",
		Short: "Show every version of the SHU terms",
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
			if showJSON {
				enc := json.NewEncoder(c.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(report.NewSHUPoliciesJSON(st.SHUPolicies, st.Chart))
			}
			if len(st.SHUPolicies) == 0 {
				c.say(pr.T("Belum ada kebijakan SHU; tetapkan dengan \"lumbung shu policy set --default --decision REF\".", "No SHU policy yet; set one with \"lumbung shu policy set --default --decision REF\"."))
				return nil
			}
			for _, v := range st.SHUPolicies {
				c.say(pr.T("Versi %d, berlaku mulai %s:", "Version %d, in force from %s:"), v.Number, pr.Date(v.From))
				for _, p := range v.Policy.Pools {
					extra := ""
					if p.Kind == shu.Patronage {
						extra = " [" + string(p.Basis)
						if p.Unit != "" {
							extra += " @ " + p.Unit
						}
						extra += "]"
					}
					c.say("  %-28s %-10s %7s %%  -> %s%s", p.Key, p.Kind, p.Percent.String(), p.AccountIn(st.Chart), extra)
				}
				c.say(pr.T("  modal: %v, %s; non-anggota ke cadangan %s %%; pembulatan %s, selisih ke %s; anggota keluar: %s; kuorum %s",
					"  capital: %v, %s; non-member to reserve %s %%; rounding %s, residue to %s; members who left: %s; quorum %s"),
					v.Policy.Capital, v.Policy.Measure, v.Policy.NonMemberToReserve, pr.Money(v.Policy.Rounding), v.Policy.ResidueAccount, v.Policy.Exited, v.Policy.Quorum)
			}
			return nil
		},
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print as JSON")
	cmd.AddCommand(set, show)
	return cmd
}

func (c *cli) saleCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "sale", Short: "Sales of the shop units (toko/sembako), by member or non-member"}
	var (
		nonMember                           bool
		amount, cost, date, unit, ref, cash string
	)
	record := &cobra.Command{
		Use:   "record (MEMBER | --non-member) --amount N --unit U [--cost N] [--date D] [--ref R] [--cash ACCOUNT]",
		Short: "Record a sale: the unit's revenue (and the cost of the goods when given), tagged member or non-member",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if (len(args) == 1) == nonMember {
				return usageError{&input.Error{Field: "member", Value: strings.Join(args, " "), Want: input.WantMemberID}}
			}
			coop, on, err := c.coopOn(ctx, "date", date)
			if err != nil {
				return err
			}
			if err := c.usePolicy(ctx, coop); err != nil {
				return err
			}
			sale := app.Sale{Ref: ref, Unit: unit, On: on, Cost: money.Zero()}
			if len(args) == 1 {
				id, err := member.ParseID(args[0])
				if err != nil {
					return err
				}
				sale.Member = id
			}
			if sale.Amount, err = parseAmount("amount", amount); err != nil {
				return err
			}
			if cost != "" {
				if sale.Cost, err = parseAmount("cost", cost); err != nil {
					return err
				}
			}
			if sale.Ref == "" {
				sale.Ref = c.svc.NewRef("TK")
			}
			var through []app.Via
			if cash != "" {
				through = append(through, app.Via(cash))
			}
			res, err := c.svc.RecordSale(ctx, app.Actor(c.actor), coop, sale, through...)
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated {
				c.say(pr.T("Penjualan %s sudah tercatat; tidak ada yang ditulis.", "Sale %s is recorded already; nothing was written."), sale.Ref)
				return nil
			}
			who := pr.T("non-anggota", "a non-member")
			if sale.Member != "" {
				who = string(sale.Member)
			}
			c.say(pr.T("Penjualan dicatat: %s kepada %s di unit %s pada %s (ref %s).", "Sale recorded: %s to %s at unit %s on %s (ref %s)."),
				pr.Money(sale.Amount), who, unit, pr.Date(on), sale.Ref)
			return nil
		},
	}
	f := record.Flags()
	f.BoolVar(&nonMember, "non-member", false, "the buyer is not a member")
	f.StringVar(&amount, "amount", "", "the amount of the sale (required)")
	f.StringVar(&cost, "cost", "", "the cost of the goods sold, taken out of inventory")
	f.StringVar(&date, "date", "", "the date of the sale (default today)")
	f.StringVar(&unit, "unit", "", "the business unit (required), for example toko")
	f.StringVar(&ref, "ref", "", "the receipt's reference (default: a new one); recording it again writes nothing")
	f.StringVar(&cash, "cash", "", "the cash or bank account paid into (default: kas)")
	record.MarkFlagRequired("amount")
	record.MarkFlagRequired("unit")
	cmd.AddCommand(record)
	return cmd
}

func (c *cli) ratCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "rat", Short: "The annual members' meeting (RAT): convene, attendance, resolutions"}
	var year, date, decision string
	convene := &cobra.Command{
		Use:   "convene --year YYYY --date D [--decision REF]",
		Short: "Record the RAT of a closed financial year and the quorum it needs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", date)
			if err != nil {
				return err
			}
			y, err := parseYear(year)
			if err != nil {
				return err
			}
			if _, err := c.svc.ConveneRAT(ctx, app.Actor(c.actor), coop, decision, y, on); err != nil {
				return err
			}
			ye, err := c.svc.YearEnd(ctx, coop, y)
			if err != nil {
				return err
			}
			pr := c.printer
			c.say(pr.T("RAT tahun buku %d dicatat pada %s: %d anggota, kuorum %d.", "The RAT of %d is recorded on %s: %d members, quorum %d."),
				y, pr.Date(on), ye.Meeting.Members, ye.Meeting.Required)
			if deadline := calendar.MustNew(y+1, time.June, 30); on.After(deadline) {
				c.say(pr.T("PERHATIAN: RAT yang menerima pertanggungjawaban pengurus diadakan paling lambat 6 bulan setelah tahun buku berakhir (UU 25/1992 Pasal 26), yaitu %s.",
					"NOTE: the RAT accepting the board's accountability is held within 6 months of the year's end (UU 25/1992 Art. 26), that is by %s."), pr.Date(deadline))
			}
			c.say(pr.T("Catat kehadiran: lumbung rat attend --year %d ANGGOTA... [--mode present|proxy|online]", "Record attendance: lumbung rat attend --year %d MEMBER... [--mode present|proxy|online]"), y)
			return nil
		},
	}
	convene.Flags().StringVar(&year, "year", "", "the financial year YYYY (required)")
	convene.Flags().StringVar(&date, "date", "", "the date of the meeting (default today)")
	convene.Flags().StringVar(&decision, "decision", "", "the invitation's reference")
	convene.MarkFlagRequired("year")

	var attendYear, mode, by string
	attend := &cobra.Command{
		Use:   "attend --year YYYY MEMBER... [--mode present|proxy|online] [--by MEMBER]",
		Short: "Record members attending the RAT: present, by proxy (held by --by) or online",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			y, err := parseYear(attendYear)
			if err != nil {
				return err
			}
			var list []cooperative.Attendance
			for _, a := range args {
				if _, err := member.ParseID(a); err != nil {
					return err
				}
				list = append(list, cooperative.Attendance{Member: a, Mode: mode, By: by})
			}
			res, err := c.svc.RecordAttendance(ctx, app.Actor(c.actor), coop, y, list)
			if err != nil {
				return err
			}
			ye, err := c.svc.YearEnd(ctx, coop, y)
			if err != nil {
				return err
			}
			pr := c.printer
			if len(res.Events) == 0 {
				c.say(pr.T("Kehadiran ini sudah tercatat; tidak ada yang ditulis.", "This attendance is recorded already; nothing was written."))
			}
			c.say(pr.T("Hadir %d dari %d anggota; kuorum %d.", "%d of %d members attend; quorum %d."), len(ye.Attending), ye.Meeting.Members, ye.Meeting.Required)
			return nil
		},
	}
	attend.Flags().StringVar(&attendYear, "year", "", "the financial year YYYY (required)")
	attend.Flags().StringVar(&mode, "mode", cooperative.Present, "present, proxy or online")
	attend.Flags().StringVar(&by, "by", "", "for --mode proxy: the member holding the proxy")
	attend.MarkFlagRequired("year")

	var (
		resYear, kind, digest, payout, text, resDate, resDecision string
		votesFor, against, abstain                                int
	)
	resolve := &cobra.Command{
		Use:   "resolve --year YYYY --kind KIND --for N --against N [--abstain N] [--shu DIGEST --payout sukarela|cash] --decision REF",
		Short: "Record a resolution of the RAT with its votes: approve-statements, approve-shu, accept-accountability",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, on, err := c.coopOn(ctx, "date", resDate)
			if err != nil {
				return err
			}
			y, err := parseYear(resYear)
			if err != nil {
				return err
			}
			if resDate == "" {
				if ye, err := c.svc.YearEnd(ctx, coop, y); err == nil && ye != nil && ye.Meeting != nil {
					on = ye.Meeting.On
				}
			}
			_, err = c.svc.PassResolution(ctx, app.Actor(c.actor), coop, resDecision, app.Resolution{
				Year: y, Kind: kind, For: votesFor, Against: against, Abstain: abstain, SHU: digest, Payout: payout, Text: text, On: on,
			})
			if err != nil {
				return err
			}
			pr := c.printer
			result := pr.T("DITERIMA", "CARRIED")
			if votesFor <= against {
				result = pr.T("DITOLAK", "NOT CARRIED")
			}
			c.say(pr.T("Keputusan %s (%s) dicatat: %d setuju, %d tidak setuju, %d abstain: %s.", "Resolution %s (%s) recorded: %d for, %d against, %d abstaining: %s."),
				resDecision, kind, votesFor, against, abstain, result)
			if kind == cooperative.ApproveSHU && votesFor > against {
				c.say(pr.T("Bagikan SHU: lumbung shu distribute --year %d --decision %s", "Distribute the SHU: lumbung shu distribute --year %d --decision %s"), y, resDecision)
			}
			return nil
		},
	}
	rf := resolve.Flags()
	rf.StringVar(&resYear, "year", "", "the financial year YYYY (required)")
	rf.StringVar(&kind, "kind", "", "approve-statements, approve-shu or accept-accountability (required)")
	rf.IntVar(&votesFor, "for", 0, "votes for")
	rf.IntVar(&against, "against", 0, "votes against")
	rf.IntVar(&abstain, "abstain", 0, "abstentions")
	rf.StringVar(&digest, "shu", "", "approve-shu: the digest of the SHU computation approved (from lumbung shu compute)")
	rf.StringVar(&payout, "payout", cooperative.PayoutSukarela, "approve-shu: sukarela (credited to voluntary savings) or cash")
	rf.StringVar(&text, "text", "", "the resolution's wording")
	rf.StringVar(&resDate, "date", "", "the date (default: the meeting's)")
	rf.StringVar(&resDecision, "decision", "", "the resolution's number in the minutes (required)")
	resolve.MarkFlagRequired("year")
	resolve.MarkFlagRequired("kind")
	resolve.MarkFlagRequired("decision")

	var showYear, showFormat, showOut string
	show := &cobra.Command{
		Use:   "show --year YYYY [--format table|json|csv|xlsx|pdf]",
		Short: "The RAT's attendance and resolutions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			y, err := parseYear(showYear)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			ye := st.Year(y)
			if ye == nil || ye.Meeting == nil {
				return fmt.Errorf("%w: %d", cooperative.ErrRATNotConvened, y)
			}
			return c.render(report.RATRecord(c.printer, st.Name, ye), showFormat, showOut)
		},
	}
	show.Flags().StringVar(&showYear, "year", "", "the financial year YYYY (required)")
	show.Flags().StringVar(&showFormat, "format", "table", "table, json, csv, xlsx or pdf")
	show.Flags().StringVar(&showOut, "out", "", "write to this file")
	show.MarkFlagRequired("year")
	cmd.AddCommand(convene, attend, resolve, show)
	return cmd
}

// yearEndReportCommands are the reports of the year end: the SHU
// calculation, the list of members' shares and the RAT pack.
func (c *cli) yearEndReportCommands() []*cobra.Command {
	var calcYear, calcKnownAt, calcFormat, calcOut string
	calc := &cobra.Command{
		Use:   "shu --year YYYY [--as-known-at T] [--format table|json|csv|xlsx|pdf] [--out FILE]",
		Short: "The SHU calculation (perhitungan SHU): the surplus, the pools, the bases and the residue",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.yearEndReport(cmd, calcYear, calcKnownAt, calcFormat, calcOut, func(name string, y *cooperative.YearEnd) (report.Statement, error) {
				return report.SHUCalculation(c.printer, name, y), nil
			})
		},
	}
	var listYear, listKnownAt, listFormat, listOut string
	list := &cobra.Command{
		Use:   "shu-members --year YYYY [--as-known-at T] [--format table|json|csv|xlsx|pdf] [--out FILE]",
		Short: "Daftar Pembagian SHU per anggota: every member's bases, jasa modal, jasa usaha and payout, with the residue",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.yearEndReport(cmd, listYear, listKnownAt, listFormat, listOut, func(name string, y *cooperative.YearEnd) (report.Statement, error) {
				return report.SHUList(c.printer, name, y), nil
			})
		},
	}
	for _, x := range []struct {
		cmd                        *cobra.Command
		year, knownAt, format, out *string
	}{{calc, &calcYear, &calcKnownAt, &calcFormat, &calcOut}, {list, &listYear, &listKnownAt, &listFormat, &listOut}} {
		x.cmd.Flags().StringVar(x.year, "year", "", "the financial year YYYY (required)")
		x.cmd.Flags().StringVar(x.knownAt, "as-known-at", "", "the computation as it was known then, before anything recorded later: a date (its end) or an RFC 3339 instant")
		x.cmd.Flags().StringVar(x.format, "format", "table", "table, json, csv, xlsx or pdf")
		x.cmd.Flags().StringVar(x.out, "out", "", "write to this file (required for xlsx and pdf on a terminal)")
		x.cmd.MarkFlagRequired("year")
	}

	var packYear, packKnownAt, packOut string
	pack := &cobra.Command{
		Use:   "rat-pack --year YYYY --out FILE.pdf [--as-known-at T]",
		Short: "The RAT pack as one PDF: statements, SHU, loans, members, charts, attendance and resolutions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			year, err := parseYear(packYear)
			if err != nil {
				return err
			}
			if packOut == "" {
				return usageError{&input.Error{Field: "out", Value: "", Want: input.WantOutFile}}
			}
			if err := c.usePolicy(ctx, coop); err != nil {
				return err
			}
			today, err := c.svc.Today(ctx, coop)
			if err != nil {
				return err
			}
			end, err := report.PackYearEnd(year, packYear, today)
			if err != nil {
				return err
			}
			st, err := c.svc.Cooperative(ctx, coop)
			if err != nil {
				return err
			}
			at, err := c.knownAt(st, packKnownAt)
			if err != nil {
				return err
			}
			loans, err := c.loansKnownAt(ctx, coop, end, today, at)
			if err != nil {
				return err
			}
			var g report.Growth
			if err := c.svc.ParticipationKnownAt(ctx, coop, at, func(parts *participation.Fold) { g = report.MembershipGrowth(parts, year) }); err != nil {
				return err
			}
			ye, err := c.svc.YearEndKnownAt(ctx, coop, year, at)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			err = c.booksKnownAt(cmd, at, func(st cooperative.State, _ calendar.Date, b *generalledger.Books) error {
				return report.RATPack(&buf, c.printer, report.Pack{Name: st.Name, Year: year, Books: b, YearEnd: ye,
					Loans: loans, Growth: g, Seal: app.BooksDigest(b, year)})
			})
			if err != nil {
				return err
			}
			if err := os.WriteFile(packOut, buf.Bytes(), 0o644); err != nil {
				return usageError{err}
			}
			c.say(c.printer.T("Buku laporan RAT tahun %d ditulis ke %s.", "The RAT pack of %d is written to %s."), year, packOut)
			return nil
		},
	}
	pack.Flags().StringVar(&packYear, "year", "", "the financial year YYYY (required)")
	pack.Flags().StringVar(&packOut, "out", "", "the PDF file to write (required)")
	pack.Flags().StringVar(&packKnownAt, "as-known-at", "", "the pack as it was known then, before anything recorded later: a date (its end) or an RFC 3339 instant")
	pack.MarkFlagRequired("year")
	return []*cobra.Command{calc, list, pack}
}
