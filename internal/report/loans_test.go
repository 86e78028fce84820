package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	ldg "github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// The loans of Koperasi Simpan Pinjam Makmur in 2025, kept through the
// service on a real SQLite file. Both products charge interest on the
// declining balance, so every instalment repays an equal share of the
// principal and a person can check the figures by hand:
//
//	loan    member product  lent        per month  paid  missed from  31 Dec 2025
//	PJ-001  M001   umum     15.000.000  1.250.000  3     -            11.250.000, 0 days
//	PJ-002  M002   umum      6.000.000    500.000  8     5 Dec         2.000.000, 26 days
//	PJ-003  M003   umum      4.800.000    400.000  7     20 Oct        2.000.000, 72 days
//	PJ-004  M004   umum      3.600.000    300.000  6     15 Aug        1.800.000, 138 days
//	PJ-005  M005   umum      2.400.000    200.000  2     10 Apr        2.000.000, 265 days, collateral 2.000.000
//	PJ-006  M006   umum      1.200.000    100.000  1     3 Apr         1.100.000, 272 days
//	PJ-007  M007   umum      1.800.000    150.000  0     8 Feb        written off 15 Sep, 300.000 recovered 20 Nov
//	PJ-008  M008   musiman  12.000.000  2.000.000  2     -             8.000.000, 0 days, related party
//	PJ-009  M002   musiman   3.000.000    500.000  2     1 Nov         2.000.000, 60 days
//	PJ-010  M001   musiman   1.200.000    200.000  -     -            settled early 15 Jun
//
// umum is lancar to 90 days past due and kurang lancar to 180; musiman
// (a seasonal product) to 30 and 90, and needs collateral worth the whole
// principal to be diragukan rather than macet. On 31 December, then:
//
//	lancar         PJ-001, PJ-008, PJ-002, PJ-003   23.250.000
//	kurang lancar  PJ-004 (138 days), PJ-009 (60 days under musiman)   3.800.000
//	diragukan      PJ-005 (collateral 2.000.000 ≥ 75 % of 2.000.000)    2.000.000
//	macet          PJ-006    1.100.000
//	total                   30.150.000
//	NPL  6.900.000 / 30.150.000 = 22,89 %
//	RPM  (1.900.000 + 1.500.000 + 1.100.000) / 30.150.000 = 14,93 %
//	PPAPWD 116.250 + 380.000 + 1.000.000 + 1.100.000 = 2.596.250
//
// The loans were last reviewed on 30 November, when PJ-009 was 29 days
// past due and lancar under musiman: the allowance booked is what that
// review required, 2.422.500. A loss of 80.000.000 in November took modal
// sendiri below what PJ-001 and PJ-008 were approved against.
const (
	loansCoop = "ksp-makmur"
	loansName = "Koperasi Simpan Pinjam Makmur"
)

// loansClock is the instant the scenario is recorded and read at: 2
// January 2026, 16:00 in Jakarta.
func loansClock() time.Time { return time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC) }

// The dates the loan reports are drawn at.
var (
	loansYearEnd = d25(time.December, 31)
	loansSep     = d25(time.September, 30)
)

func umumProduct() loan.Product {
	return loan.Product{
		Code: "umum", Name: "Pinjaman umum anggota", Method: loan.Declining, AnnualRate: decimal.New(18, -2), Months: 12, MaxMonths: 24,
		Provisi: loan.Fee{Percent: decimal.New(1, -2)},
		Admin:   loan.Fee{Fixed: idr(10_000)},
		Penalty: loan.Penalty{DailyRate: decimal.New(1, -3), GraceDays: 3, Cap: decimal.New(10, -2)},
		Approvals: []loan.Band{
			{UpTo: idr(20_000_000), Roles: []string{loan.RoleKetua}},
			{Roles: []string{loan.RoleKetua, loan.RolePengawas}},
		},
		RateCap: loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}
}

func musimanProduct() loan.Product {
	p := umumProduct()
	p.Code, p.Name, p.AnnualRate, p.Months, p.MaxMonths = "musiman", "Pinjaman musiman tani", decimal.New(12, -2), 6, 12
	p.Provisi, p.Admin = loan.Fee{}, loan.Fee{}
	p.Quality.Lancar, p.Quality.KurangLancar, p.Quality.CollateralShare = 30, 90, decimal.NewFromInt(1)
	return p
}

// loanPlan is one loan of the scenario: repaid instalments are paid in
// full on their due dates.
type loanPlan struct {
	id, member, product string
	amount, collateral  int64
	on                  calendar.Date
	repaid              int
	related             bool
}

var loanPlans = []loanPlan{
	{id: "PJ-001", member: "M001", product: "umum", amount: 15_000_000, on: d25(time.September, 10), repaid: 3},
	{id: "PJ-002", member: "M002", product: "umum", amount: 6_000_000, on: d25(time.March, 5), repaid: 8},
	{id: "PJ-003", member: "M003", product: "umum", amount: 4_800_000, on: d25(time.February, 20), repaid: 7},
	{id: "PJ-004", member: "M004", product: "umum", amount: 3_600_000, on: d25(time.January, 15), repaid: 6},
	{id: "PJ-005", member: "M005", product: "umum", amount: 2_400_000, collateral: 2_000_000, on: d25(time.January, 10), repaid: 2},
	{id: "PJ-006", member: "M006", product: "umum", amount: 1_200_000, on: d25(time.February, 3), repaid: 1},
	{id: "PJ-007", member: "M007", product: "umum", amount: 1_800_000, on: d25(time.January, 8)},
	{id: "PJ-008", member: "M008", product: "musiman", amount: 12_000_000, on: d25(time.October, 15), repaid: 2, related: true},
	{id: "PJ-009", member: "M002", product: "musiman", amount: 3_000_000, on: d25(time.August, 1), repaid: 2},
	{id: "PJ-010", member: "M001", product: "musiman", amount: 1_200_000, on: d25(time.April, 1)},
}

// nextMonth returns the same day a month later (every day of the
// scenario is at most the 20th).
func nextMonth(d calendar.Date) calendar.Date {
	y, m, day := d.Civil()
	return calendar.MustNew(y, m+1, day)
}

// loansScenario is the recorded scenario.
type loansScenario struct {
	dir   string
	store *sqlite.Store
	svc   *app.Service
}

func buildLoans(t *testing.T) loansScenario {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "makmur.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: loansClock, NewID: sequentialIDs()})
	_, err = svc.Register(ctx, "bendahara", cooperative.Register{
		Coop: loansCoop, Name: loansName, On: d25(time.January, 1),
		Policy: policy.Default(idr(100_000), idr(25_000)),
	})
	require.NoError(t, err)
	for _, p := range []loan.Product{umumProduct(), musimanProduct()} {
		_, err := svc.DefineProduct(ctx, "bendahara", loansCoop, p, d25(time.January, 1))
		require.NoError(t, err)
	}

	var steps []step
	add := func(on calendar.Date, run func() (app.Result, error)) { steps = append(steps, step{on: on, run: run}) }
	journal := func(on calendar.Date, ref, memo string, lines ...ldg.Line) {
		add(on, func() (app.Result, error) {
			return svc.PostJournal(ctx, "bendahara", loansCoop, "", app.Journal{Ref: ref, Memo: memo, On: on, Lines: lines})
		})
	}
	journal(d25(time.January, 2), "JU-HIBAH-2025", "Hibah modal awal", dr(acctBank, 150_000_000, unitSP), cr("3-3100", 150_000_000, unitSP))
	names := []string{"Siti Rahayu", "Budi Santoso", "Dewi Lestari", "Agus Wibowo", "Rina Marlina", "Joko Susilo", "Wati Ningsih", "Hendra Gunawan"}
	for i, name := range names {
		id := fmt.Sprintf("M%03d", i+1)
		add(d25(time.January, 6), func() (app.Result, error) {
			return svc.Admit(ctx, "bendahara", loansCoop, member.ID(id), name, d25(time.January, 6), "ADM-"+id, true)
		})
	}
	schedules := map[string][]loan.Instalment{}
	for _, pl := range loanPlans {
		id := loan.ID(pl.id)
		add(pl.on, func() (app.Result, error) {
			return svc.ApplyLoan(ctx, "bendahara", loansCoop, app.Application{
				Loan: id, Member: member.ID(pl.member), Product: pl.product, Amount: idr(pl.amount),
				Related: pl.related, Collateral: idr(pl.collateral), Purpose: "modal usaha", On: pl.on,
			})
		})
		roles := umumProduct().RolesFor(idr(pl.amount), pl.related)
		for _, role := range roles {
			add(pl.on, func() (app.Result, error) { return svc.ApproveLoan(ctx, app.Actor(role), loansCoop, id, role, pl.on) })
		}
		add(pl.on, func() (app.Result, error) {
			res, err := svc.DisburseLoan(ctx, "bendahara", loansCoop, id, pl.on, calendar.Date{}, "", app.Via(acctBank))
			if err == nil {
				schedules[pl.id] = res.Events[0].Payload.(loan.Disbursed).Schedule
			}
			return res, err
		})
		due := pl.on
		for n := 1; n <= pl.repaid; n++ {
			due = nextMonth(due)
			add(due, func() (app.Result, error) {
				return svc.RepayLoan(ctx, "kasir", loansCoop, id, fmt.Sprintf("KW-%s-%02d", pl.id, n), schedules[pl.id][n-1].Total(), schedules[pl.id][n-1].Due)
			})
		}
	}
	review := func(on calendar.Date) {
		add(on, func() (app.Result, error) {
			_, err := svc.ReviewLoans(ctx, "bendahara", loansCoop, on)
			return app.Result{}, err
		})
	}
	add(d25(time.June, 15), func() (app.Result, error) {
		return svc.SettleLoan(ctx, "kasir", loansCoop, "PJ-010", "KW-PJ-010-LUNAS", d25(time.June, 15))
	})
	review(d25(time.August, 31))
	add(d25(time.September, 15), func() (app.Result, error) {
		return svc.WriteOffLoan(ctx, "bendahara", loansCoop, "PJ-007", "SK-PENGURUS-07/2025", d25(time.September, 15))
	})
	add(d25(time.November, 20), func() (app.Result, error) {
		return svc.RecoverLoan(ctx, "kasir", loansCoop, "PJ-007", "KW-PJ-007-PULIH", idr(300_000), d25(time.November, 20))
	})
	journal(d25(time.November, 20), "JU-RUGI-2025", "Kerugian penggelapan dana bank", dr("5-9100", 80_000_000, unitSP), cr(acctBank, 80_000_000, unitSP))
	review(d25(time.November, 30))

	slices.SortStableFunc(steps, func(a, b step) int { return a.on.Compare(b.on) })
	for i, s := range steps {
		res, err := s.run()
		require.NoError(t, err, "step %d on %s", i, s.on)
		require.False(t, res.Repeated, "step %d on %s", i, s.on)
	}
	return loansScenario{dir: dir, store: store, svc: svc}
}

// loanBookAt folds the scenario's log into the loans at the end of on,
// with the borrowers' names, as `lumbung report` does for a past date.
func (sc loansScenario) loanBookAt(t *testing.T, on calendar.Date) report.LoanBook {
	t.Helper()
	f := report.NewLoansAt(loansCoop, on)
	_, err := projector.New(sc.store, nil).Rebuild(t.Context(), f)
	require.NoError(t, err)
	lb := f.Book()
	lb.Names = sc.names(t, on)
	return lb
}

func (sc loansScenario) names(t *testing.T, on calendar.Date) map[string]string {
	t.Helper()
	members := balances.New()
	_, err := projector.New(sc.store, nil).Rebuild(t.Context(), members)
	require.NoError(t, err)
	names := map[string]string{}
	for _, row := range members.Balances(loansCoop, on).Rows {
		names[row.Member] = row.Name
	}
	return names
}

// loanBuilders are the loan reports by golden name.
var loanBuilders = []struct {
	name  string
	build func(i18n.Printer, *generalledger.Books, string, report.LoanBook) report.Statement
}{
	{"portfolio", report.LoanPortfolio},
	{"aging", report.LoanAging},
	{"collectibility", report.LoanCollectibility},
	{"lending-limits", report.LendingLimits},
}

// loanReports draws every loan report from a loan book, in both
// languages, named "loans-<report>[-suffix].<lang>".
func (sc loansScenario) loanReports(t *testing.T, lb report.LoanBook, suffix string) statementSet {
	t.Helper()
	set := statementSet{byName: map[string]report.Statement{}}
	err := sc.svc.Ledger(t.Context(), loansCoop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		for _, lang := range []i18n.Lang{i18n.ID, i18n.EN} {
			for _, k := range loanBuilders {
				set.put("loans-"+k.name+suffix+"."+string(lang), k.build(i18n.New(lang), b, loansName, lb))
			}
		}
	})
	require.NoError(t, err)
	return set
}

// renderLoans renders the golden files: text in both languages, JSON and
// CSV of the Indonesian collectibility report.
func renderLoans(t *testing.T, set statementSet) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range set.names {
		lang := strings.TrimPrefix(filepath.Ext(name), ".")
		st := set.byName[name]
		var buf bytes.Buffer
		require.NoError(t, report.StatementText(&buf, i18n.New(i18n.Lang(lang)), st), name)
		out[name] = buf.Bytes()
		if name == "loans-collectibility.id" {
			var j, c bytes.Buffer
			require.NoError(t, report.StatementAsJSON(&j, st), name)
			require.NoError(t, report.StatementCSV(&c, st), name)
			out["loans-collectibility.json"] = j.Bytes()
			out["loans-collectibility.csv"] = c.Bytes()
		}
	}
	return out
}

// textOf returns the text cells of the line with key.
func textOf(t *testing.T, st report.Statement, key string) []string {
	t.Helper()
	for _, l := range st.Lines {
		if l.Key == key {
			require.Len(t, l.Text, len(st.TextColumns), "%s %s", st.Kind, key)
			return l.Text
		}
	}
	t.Fatalf("%s has no line %q", st.Kind, key)
	return nil
}

// ledgerBalance returns an account's balance in the general ledger at the
// end of a date.
func (sc loansScenario) ledgerBalance(t *testing.T, code string, on calendar.Date) money.Amount {
	t.Helper()
	var bal money.Amount
	err := sc.svc.Ledger(t.Context(), loansCoop, func(b *generalledger.Books) {
		bal = b.Balance(code, generalledger.Filter{To: on, Closing: true})
	})
	require.NoError(t, err)
	return bal
}

func TestLoanReports(t *testing.T) {
	sc := buildLoans(t)
	yearEnd := sc.loanBookAt(t, loansYearEnd)
	sep := sc.loanBookAt(t, loansSep)
	set := sc.loanReports(t, yearEnd, "")
	past := sc.loanReports(t, sep, "-sep")
	for _, name := range past.names {
		if strings.HasSuffix(name, ".id") {
			set.put(name, past.byName[name])
		}
	}
	rendered := renderLoans(t, set)

	t.Run("golden", func(t *testing.T) {
		names := make([]string, 0, len(rendered))
		for name := range rendered {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				path := filepath.Join("testdata", name+".golden")
				if *update {
					require.NoError(t, os.MkdirAll("testdata", 0o755))
					require.NoError(t, os.WriteFile(path, rendered[name], 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run go test ./internal/report -run TestLoanReports -update to write it")
				require.Equal(t, string(want), string(rendered[name]))
				if strings.HasSuffix(name, ".json") {
					require.True(t, json.Valid(rendered[name]), "not JSON")
				}
			})
		}
	})

	t.Run("no path, no clock", func(t *testing.T) {
		for name, data := range rendered {
			require.NotContains(t, string(data), sc.dir, name)
			require.NotContains(t, string(data), "2026-01-02", name, "nothing depends on today")
		}
	})

	t.Run("every total is the loans account", func(t *testing.T) {
		for _, c := range []struct {
			suffix string
			on     calendar.Date
			want   int64
		}{{"", loansYearEnd, 30_150_000}, {"-sep", loansSep, 27_400_000}} {
			ledger := sc.ledgerBalance(t, "1-1400", c.on)
			requireIDR(t, c.want, ledger, "1-1400 on %s", c.on)
			portfolio := set.byName["loans-portfolio"+c.suffix+".id"]
			aging := set.byName["loans-aging"+c.suffix+".id"]
			coll := set.byName["loans-collectibility"+c.suffix+".id"]
			require.Equal(t, ledger.String(), values(t, portfolio, "subtotal:active")[1].String(), "portfolio on %s", c.on)
			require.Equal(t, ledger.String(), values(t, portfolio, "total")[1].String(), "portfolio on %s", c.on)
			require.Equal(t, ledger.String(), values(t, aging, "total")[0].String(), "aging on %s", c.on)
			require.Equal(t, ledger.String(), values(t, coll, "total_outstanding")[0].String(), "collectibility on %s", c.on)
			buckets, classes := money.Zero(), money.Zero()
			for _, l := range aging.Lines {
				if strings.HasPrefix(l.Key, "bucket:") {
					buckets = buckets.Add(l.Values[0])
				}
			}
			for _, cl := range loan.Classes() {
				classes = classes.Add(values(t, coll, "outstanding:"+string(cl))[0])
			}
			require.Equal(t, ledger.String(), buckets.String(), "the buckets add up on %s", c.on)
			require.Equal(t, ledger.String(), classes.String(), "the classes add up on %s", c.on)
			for _, st := range []report.Statement{portfolio, aging, coll} {
				require.NotContains(t, strings.Join(st.Notes, "\n"), "PERINGATAN", "%s on %s", st.Kind, c.on)
			}
		}
	})

	t.Run("portfolio", func(t *testing.T) {
		st := set.byName["loans-portfolio.id"]
		require.Equal(t, []string{"6"}, textOf(t, st, "active:umum"))
		requireIDR(t, 33_000_000, values(t, st, "active:umum")[0], "lent under umum, PJ-007 written off aside")
		requireIDR(t, 20_150_000, values(t, st, "active:umum")[1])
		requireIDR(t, 10_000_000, values(t, st, "active:musiman")[1], "PJ-010 was settled and is not outstanding")
		require.Equal(t, []string{"1"}, textOf(t, st, "subtotal:written-off"))
		wo := values(t, st, "subtotal:written-off")
		requireIDR(t, 1_800_000, wo[0])
		requireIDR(t, 0, wo[1], "a written-off loan is off the books")
		requireIDR(t, 1_800_000, wo[2])
		requireIDR(t, 300_000, wo[3])
		require.Contains(t, strings.Join(st.Notes, "\n"), "sisa tagihan 1.500.000")

		// On 30 September PJ-008 was not yet applied for and nothing of
		// PJ-007 was recovered.
		sep := set.byName["loans-portfolio-sep.id"]
		requireIDR(t, 3_000_000, values(t, sep, "active:musiman")[0], "only PJ-009")
		requireIDR(t, 2_500_000, values(t, sep, "active:musiman")[1])
		requireIDR(t, 0, values(t, sep, "subtotal:written-off")[3])
	})

	t.Run("aging", func(t *testing.T) {
		st := set.byName["loans-aging.id"]
		want := map[string]struct {
			n           string
			outstanding int64
		}{
			"current": {"2", 19_250_000}, "1-30": {"1", 2_000_000}, "31-90": {"2", 4_000_000},
			"91-180": {"1", 1_800_000}, "over-180": {"2", 3_100_000},
		}
		for key, w := range want {
			requireIDR(t, w.outstanding, values(t, st, "bucket:"+key)[0], key)
			require.Equal(t, w.n, textOf(t, st, "bucket:"+key)[0], key)
		}
		require.Equal(t, []string{"8", "100,00 %"}, textOf(t, st, "total"))
		// PJ-004 missed five instalments of 300.000 (Aug–Dec) and their
		// interest; PJ-002 one of 500.000.
		requireIDR(t, 1_500_000, values(t, st, "bucket:91-180")[1])
		requireIDR(t, 500_000, values(t, st, "bucket:1-30")[1])
		requireIDR(t, 0, values(t, st, "bucket:current")[1])
	})

	t.Run("collectibility", func(t *testing.T) {
		st := set.byName["loans-collectibility.id"]
		out := func(c loan.Class) money.Amount { return values(t, st, "outstanding:"+string(c))[0] }
		requireIDR(t, 23_250_000, out(loan.Lancar))
		requireIDR(t, 3_800_000, out(loan.KurangLancar), "PJ-004 and PJ-009, KL under musiman's profile at 60 days")
		requireIDR(t, 2_000_000, out(loan.Diragukan), "PJ-005, whose collateral covers 75 %")
		requireIDR(t, 1_100_000, out(loan.Macet))
		requireIDR(t, 2_596_250, values(t, st, "ppapwd")[0])
		requireIDR(t, 2_422_500, values(t, st, "ppap")[0], "what the review of 30 November required")
		requireIDR(t, 2_422_500, sc.ledgerBalance(t, "1-1490", loansYearEnd))
		requireIDR(t, -173_750, values(t, st, "ppap_gap")[0])

		// The ratios by hand, from the figures of the design above.
		total := decimal.NewFromInt(30_150_000)
		npl := decimal.NewFromInt(3_800_000+2_000_000+1_100_000).Mul(decimal.NewFromInt(100)).DivRound(total, 2)
		rpm := decimal.NewFromInt(1_900_000+1_500_000+1_100_000).Mul(decimal.NewFromInt(100)).DivRound(total, 2)
		require.Equal(t, "22.89", npl.StringFixed(2))
		require.Equal(t, "14.93", rpm.StringFixed(2))
		require.Equal(t, "22,89 %", textOf(t, st, "ratio:npl")[1])
		require.Equal(t, "14,93 %", textOf(t, st, "ratio:rpm")[1])
		require.Equal(t, "93,31 %", textOf(t, st, "ratio:ppap")[1], "2.422.500 / 2.596.250")
		require.Equal(t, "22.89%", textOf(t, set.byName["loans-collectibility.en"], "ratio:npl")[1])
		require.Equal(t, []string{"2", "12,60 %"}, textOf(t, st, "outstanding:kurang-lancar"))
		require.Equal(t, "0,50 %", textOf(t, st, "ppapwd:lancar")[1])
		require.Contains(t, strings.Join(st.Notes, "\n"), "1 pinjaman tercatat pada kelas lain oleh tinjauan terakhir (PJ-009)")

		// The class on the date is not the class recorded: the review of
		// 30 November left PJ-009 lancar.
		for _, s := range yearEnd.Loans {
			if s.ID == "PJ-009" {
				require.Equal(t, loan.Lancar, s.Class)
				require.Equal(t, loan.KurangLancar, report.ClassOn(s, loansYearEnd))
			}
		}
	})

	t.Run("lending limits", func(t *testing.T) {
		st := set.byName["loans-lending-limits.id"]
		modal := values(t, st, "modal_sendiri")[0]
		// Every equity account of this cooperative counts in modal
		// sendiri, and nothing is closed: it is the neraca's equity.
		var equity money.Amount
		err := sc.svc.Ledger(t.Context(), loansCoop, func(b *generalledger.Books) {
			equity = values(t, report.Neraca(i18n.New(i18n.ID), b, loansName, report.Period{AsOf: loansYearEnd}), "total_ekuitas")[0]
		})
		require.NoError(t, err)
		require.Equal(t, equity.String(), modal.String())
		limit := money.FromDecimal(modal.Decimal().Mul(decimal.New(15, -2)).RoundFloor(0))
		related := money.FromDecimal(modal.Decimal().Mul(decimal.New(10, -2)).RoundFloor(0))
		require.Equal(t, limit.String(), values(t, st, "limit:borrower")[0].String())
		require.Equal(t, related.String(), values(t, st, "limit:related")[0].String())

		var order []string
		for _, l := range st.Lines {
			if id, ok := strings.CutPrefix(l.Key, "borrower:"); ok {
				order = append(order, id)
			}
		}
		require.Equal(t, []string{"M001", "M008", "M002", "M003", "M005", "M004", "M006"}, order, "largest first, ties by id")
		requireIDR(t, 4_000_000, values(t, st, "borrower:M002")[0], "two loans, one borrower")
		require.Equal(t, "M001 Siti Rahayu", labelOf(t, st, "borrower:M001"))
		require.Equal(t, "MELAMPAUI BATAS", textOf(t, st, "borrower:M001")[1])
		require.Equal(t, idr(11_250_000).Sub(limit).String(), values(t, st, "excess:borrower:M001")[0].String())
		require.False(t, hasLine(st, "excess:borrower:M008"), "a related party is held to the 10 % together")
		require.False(t, hasLine(st, "excess:borrower:M002"))
		requireIDR(t, 8_000_000, values(t, st, "related_total")[0])
		require.Equal(t, idr(8_000_000).Sub(related).String(), values(t, st, "related_excess")[0].String())
		notes := strings.Join(st.Notes, "\n")
		require.Contains(t, notes, "Pasal 44 ayat 1")
		require.Contains(t, notes, "Pasal 45; sumber sekunder")
		require.Contains(t, notes, "PERINGATAN: 1 peminjam melampaui batas 15 %")

		// On 30 September, before the loss, everyone was within.
		sep := set.byName["loans-lending-limits-sep.id"]
		require.NotContains(t, strings.Join(sep.Notes, "\n"), "PERINGATAN")
		require.False(t, hasLine(sep, "related_excess"))
	})

	t.Run("today's loan book gives the same reports", func(t *testing.T) {
		// Nothing is dated after 31 December: the live loan book is the
		// fold to that date.
		var live report.LoanBook
		err := sc.svc.Loans(t.Context(), loansCoop, func(b *loanbook.Book) { live = report.CurrentLoans(b, loansYearEnd) })
		require.NoError(t, err)
		live.Names = yearEnd.Names
		again := renderLoans(t, sc.loanReports(t, live, ""))
		for name, data := range again {
			require.Equal(t, string(rendered[name]), string(data), name)
		}
	})

	t.Run("every format", func(t *testing.T) {
		for _, name := range set.names {
			st := set.byName[name]
			seen := map[string]bool{}
			for _, l := range st.Lines {
				require.False(t, seen[l.Key], "%s: key %q twice", name, l.Key)
				seen[l.Key] = true
			}
			var a, b, j, c bytes.Buffer
			require.NoError(t, report.StatementXLSX(&a, st), name)
			require.NoError(t, report.StatementXLSX(&b, st), name)
			require.Equal(t, a.Bytes(), b.Bytes(), name)
			require.NoError(t, report.StatementAsJSON(&j, st), name)
			require.NoError(t, report.StatementCSV(&c, st), name)
		}
	})
}

func labelOf(t *testing.T, st report.Statement, key string) string {
	t.Helper()
	for _, l := range st.Lines {
		if l.Key == key {
			return l.Label
		}
	}
	t.Fatalf("%s has no line %q", st.Kind, key)
	return ""
}

// TestLoansAtRestructuredLater folds a repayment dated before the report's
// date but recorded after a restructuring dated after it: the fold must
// not fail, and says the loan is not exact.
func TestLoansAtRestructuredLater(t *testing.T) {
	on := func(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }
	stream := codec.LoanStream(loansCoop, "PJ-1")
	event := func(effective calendar.Date, payload loan.Event) codec.Event {
		return codec.Event{Envelope: codec.Envelope{Coop: loansCoop, Stream: stream, Effective: effective}, Payload: payload}
	}
	old := []loan.Instalment{
		{N: 1, Due: on(time.February, 1), Principal: idr(500_000), Interest: idr(10_000)},
		{N: 2, Due: on(time.March, 1), Principal: idr(500_000), Interest: idr(5_000)},
	}
	restructured := []loan.Instalment{
		{N: 1, Due: on(time.May, 1), Principal: idr(300_000), Interest: idr(0)},
		{N: 2, Due: on(time.June, 1), Principal: idr(300_000), Interest: idr(0)},
		{N: 3, Due: on(time.July, 1), Principal: idr(400_000), Interest: idr(0)},
	}
	events := []codec.Event{
		event(on(time.January, 1), loan.Applied{Loan: "PJ-1", Member: "M001", Product: "umum", Terms: umumProduct(), Amount: idr(1_000_000), Months: 2, On: on(time.January, 1)}),
		event(on(time.January, 1), loan.Disbursed{Schedule: old, On: on(time.January, 1)}),
		event(on(time.April, 1), loan.Restructured{Schedule: restructured, On: on(time.April, 1)}),
		// Recorded after the restructuring, dated before it.
		event(on(time.March, 20), loan.Repaid{Ref: "R1", Amount: idr(300_000), Parts: []loan.Part{{N: 1, Penalty: idr(0), Interest: idr(0), Principal: idr(300_000)}}, On: on(time.March, 20)}),
		event(on(time.March, 21), loan.Repaid{Ref: "R3", Amount: idr(100_000), Parts: []loan.Part{{N: 3, Penalty: idr(0), Interest: idr(0), Principal: idr(100_000)}}, On: on(time.March, 21)}),
		// Another cooperative's loan of the same id is not this one's.
		{Envelope: codec.Envelope{Coop: "other", Stream: codec.LoanStream("other", "PJ-1"), Effective: on(time.January, 1)},
			Payload: loan.Applied{Loan: "PJ-1", Member: "X", Amount: idr(1), On: on(time.January, 1)}},
	}
	f := report.NewLoansAt(loansCoop, on(time.March, 31))
	for _, e := range events {
		f.Apply(e)
	}
	lb := f.Book()
	require.Len(t, lb.Loans, 1)
	require.Equal(t, []string{"PJ-1"}, lb.Inexact)
	requireIDR(t, 700_000, lb.Loans[0].Outstanding(), "the part that fits the old schedule counts; the one that does not is left out")

	f = report.NewLoansAt(loansCoop, on(time.April, 30))
	for _, e := range events {
		f.Apply(e)
	}
	lb = f.Book()
	require.Empty(t, lb.Inexact)
	requireIDR(t, 600_000, lb.Loans[0].Outstanding())

	_, err := f.MarshalBinary()
	require.Error(t, err, "the fold is never snapshotted")
}

// TestMemberLoans draws a borrower's statement from the scenario's loan
// book: every loan of the member, and the outstanding total equal to the
// sum of their outstanding principal.
func TestMemberLoans(t *testing.T) {
	sc := buildLoans(t)
	book := sc.loanBookAt(t, loansYearEnd)
	byMember := map[string][]*loan.State{}
	for _, l := range book.Loans {
		byMember[l.Member] = append(byMember[l.Member], l)
	}
	require.NotEmpty(t, byMember)
	for member, loans := range byMember {
		st := report.MemberLoans(i18n.New(i18n.ID), "Koperasi", member, loans, loansYearEnd, 0)
		want := money.Zero()
		keys := 0
		for _, l := range loans {
			want = want.Add(l.Outstanding())
			for _, line := range st.Lines {
				if line.Key == "loan:"+string(l.ID) {
					keys++
				}
			}
		}
		require.Equal(t, len(loans), keys, "one heading per loan of %s", member)
		last := st.Lines[len(st.Lines)-1]
		require.Equal(t, "total_outstanding", last.Key)
		require.True(t, want.Equal(last.Values[0]), "%s: total %s, want %s", member, last.Values[0], want)
		var buf bytes.Buffer
		require.NoError(t, report.StatementText(&buf, i18n.New(i18n.EN), st))
		require.NoError(t, report.StatementXLSX(&buf, st))
	}
}
