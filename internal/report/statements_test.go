package report_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	ldg "github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// The books of Koperasi Desa Sukamaju for 2025, kept through the service
// on a real SQLite file: four members and their savings, a village grant
// into the bank, a shop unit (toko) that buys stock from the bank and
// sells for cash to members and non-members, the office's costs, the
// income tax, every month closed and the year closed; then January and
// February 2026.
//
// The figures are round so that a person can check them by hand:
//
//	revenue 2025   sales 48.000.000 (member 28.800.000, non-member
//	               19.200.000), bank interest 360.000
//	expenses 2025  cost of goods 38.400.000, staff 4.800.000, rent
//	               1.200.000, electricity 1.200.000, depreciation
//	               1.100.000, RAT 600.000, bank charges 120.000
//	SHU 2025       before tax 940.000, tax 240.000 (0,5% of turnover,
//	               PP 55/2022), after tax 700.000; toko 2.500.000,
//	               simpan-pinjam -1.800.000
//	31 Dec 2025    kas 4.450.000, bank 14.190.000, stock 1.000.000,
//	               equipment 4.800.000 less 1.100.000 depreciated;
//	               sukarela 1.250.000, tax payable 240.000; pokok
//	               300.000, wajib 850.000, grant 20.000.000, SHU 700.000
//	28 Feb 2026    kas 5.175.000, bank 14.040.000, total assets
//	               23.715.000, surplus not yet closed 440.000
const (
	booksCoop = "kop-sukamaju"
	booksName = "Koperasi Desa Sukamaju"

	acctKas  = "1-1100"
	acctBank = "1-1200"
	unitToko = "toko"
	unitSP   = ldg.DefaultUnitCode
)

// booksClock is the instant the scenario is recorded and read at: 1 March
// 2026, 16:00 in Jakarta.
func booksClock() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

func d25(m time.Month, day int) calendar.Date { return calendar.MustNew(2025, m, day) }
func d26(m time.Month, day int) calendar.Date { return calendar.MustNew(2026, m, day) }

func idr(n int64) money.Amount { return money.New(n) }

func dr(account string, amount int64, unit string, party ...ldg.Party) ldg.Line {
	l := ldg.Line{Account: account, Side: ldg.Debit, Amount: idr(amount), Unit: unit}
	if len(party) > 0 {
		l.Party = party[0]
	}
	return l
}

func cr(account string, amount int64, unit string, party ...ldg.Party) ldg.Line {
	l := dr(account, amount, unit, party...)
	l.Side = ldg.Credit
	return l
}

// sequentialIDs returns fresh event ids that are the same on every run,
// for the events recorded without a reference (closing a month).
func sequentialIDs() func() uuid.UUID {
	var n uint64
	ns := uuid.MustParse("6f1c8a52-7e0b-4b43-9d0f-2f3b1c4d5e6f")
	return func() uuid.UUID {
		n++
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], n)
		return uuid.NewSHA1(ns, b[:])
	}
}

// step is one command of the scenario, on its effective date.
type step struct {
	on  calendar.Date
	run func() (app.Result, error)
}

// bookkeeper records the scenario through the service.
type bookkeeper struct {
	t     testing.TB
	ctx   context.Context
	svc   *app.Service
	steps []step
}

func (k *bookkeeper) add(on calendar.Date, run func() (app.Result, error)) {
	k.steps = append(k.steps, step{on: on, run: run})
}

func (k *bookkeeper) journal(on calendar.Date, ref, memo string, lines ...ldg.Line) {
	k.add(on, func() (app.Result, error) {
		return k.svc.PostJournal(k.ctx, "bendahara", booksCoop, "", app.Journal{Ref: ref, Memo: memo, On: on, Lines: lines})
	})
}

func (k *bookkeeper) admit(id, name string, on calendar.Date, via ...app.Via) {
	k.add(on, func() (app.Result, error) {
		return k.svc.Admit(k.ctx, "bendahara", booksCoop, member.ID(id), name, on, "ADM-"+id, true, via...)
	})
}

func (k *bookkeeper) deposit(id string, p savings.Product, amount int64, on calendar.Date, ref string, via ...app.Via) {
	k.add(on, func() (app.Result, error) {
		return k.svc.Deposit(k.ctx, "bendahara", booksCoop, member.ID(id), p, idr(amount), on, ref, via...)
	})
}

func (k *bookkeeper) withdraw(id string, amount int64, on calendar.Date, ref string, via ...app.Via) {
	k.add(on, func() (app.Result, error) {
		return k.svc.Withdraw(k.ctx, "kasir", booksCoop, member.ID(id), savings.Sukarela, idr(amount), on, ref, via...)
	})
}

// flush runs the steps recorded so far in date order (in the order added
// within a day), so that no payment is decided before the cash it needs.
func (k *bookkeeper) flush() {
	k.t.Helper()
	slices.SortStableFunc(k.steps, func(a, b step) int { return a.on.Compare(b.on) })
	for i, s := range k.steps {
		res, err := s.run()
		require.NoError(k.t, err, "step %d on %s", i, s.on)
		require.False(k.t, res.Repeated, "step %d on %s", i, s.on)
	}
	k.steps = nil
}

// shopMonth is a month of the shop and the office: stock bought from the
// bank, sold for cash (60% to members), the takings banked, electricity,
// wages, bank interest and charges, and the equipment's depreciation.
func (k *bookkeeper) shopMonth(y int, m time.Month, stock int64, depreciate bool) {
	mo := ldg.Month{Year: y, Month: m}
	day := func(d int) calendar.Date { return calendar.MustNew(y, m, d) }
	ref := func(what string) string { return fmt.Sprintf("JU-%s-%s", mo, what) }
	k.journal(day(3), ref("STOK"), "Pembelian stok sembako", dr("1-1900", stock, unitToko), cr(acctBank, stock, unitToko))
	k.journal(day(20), ref("JUAL"), "Penjualan sembako tunai",
		dr(acctKas, 4_000_000, unitToko), cr("4-3100", 2_400_000, unitToko, ldg.Member), cr("4-3100", 1_600_000, unitToko, ldg.NonMember))
	k.journal(day(20), ref("HPP"), "Harga pokok sembako terjual",
		dr("5-5100", 1_920_000, unitToko, ldg.Member), dr("5-5100", 1_280_000, unitToko, ldg.NonMember), cr("1-1900", 3_200_000, unitToko))
	k.journal(day(21), ref("SETOR"), "Setoran kas toko ke bank", dr(acctBank, 3_200_000, unitToko), cr(acctKas, 3_200_000, unitToko))
	k.journal(day(26), ref("LISTRIK"), "Listrik dan air kios", dr("5-3500", 100_000, unitToko), cr(acctKas, 100_000, unitToko))
	k.journal(day(27), ref("GAJI"), "Gaji pramuniaga toko", dr("5-3100", 300_000, unitToko), cr(acctKas, 300_000, unitToko))
	k.journal(day(27), ref("HONOR"), "Honor pengelola", dr("5-3100", 100_000, unitSP), cr(acctKas, 100_000, unitSP))
	last := mo.Last()
	k.journal(last, ref("BUNGA"), "Jasa giro bank", dr(acctBank, 30_000, unitSP), cr("4-2100", 30_000, unitSP))
	k.journal(last, ref("ADMBANK"), "Biaya administrasi bank", dr("5-3600", 10_000, unitSP), cr(acctBank, 10_000, unitSP))
	if depreciate {
		k.journal(last, ref("SUSUT"), "Penyusutan peralatan toko (48 bulan)", dr("5-3300", 100_000, unitToko), cr("1-3900", 100_000, unitToko))
	}
}

// booksScenario is the recorded scenario.
type booksScenario struct {
	dir   string
	store *sqlite.Store
	svc   *app.Service
	// closed is the close of 2025 as recorded.
	closed cooperative.YearClosed
}

func buildBooks(t testing.TB) booksScenario {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "sukamaju.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: booksClock, NewID: sequentialIDs()})
	_, err = svc.Register(ctx, "bendahara", cooperative.Register{
		Coop: booksCoop, Name: booksName, On: d25(time.January, 1),
		Policy: policy.Default(idr(100_000), idr(25_000)),
	})
	require.NoError(t, err)
	k := &bookkeeper{t: t, ctx: ctx, svc: svc}

	// 2025.
	k.journal(d25(time.January, 2), "JU-HIBAH-2025", "Hibah Dana Desa untuk modal awal", dr(acctBank, 20_000_000, unitSP), cr("3-3100", 20_000_000, unitSP))
	k.journal(d25(time.January, 5), "JU-SEWA-2025", "Sewa kios toko setahun", dr("5-3400", 1_200_000, unitToko), cr(acctBank, 1_200_000, unitToko))
	k.admit("M001", "Siti Rahayu", d25(time.January, 6))
	k.admit("M002", "Budi Santoso", d25(time.January, 6))
	k.admit("M003", "Dewi Lestari", d25(time.February, 3))
	k.admit("M004", "Agus Wibowo", d25(time.March, 3), app.Via(acctBank))
	k.journal(d25(time.February, 10), "JU-ALAT-2025", "Pembelian rak, timbangan dan lemari pendingin", dr("1-3400", 4_800_000, unitToko), cr(acctBank, 4_800_000, unitToko))
	k.journal(d25(time.March, 15), "JU-RAT-2025", "Biaya RAT tahun buku 2024", dr("5-4100", 600_000, unitSP), cr(acctKas, 600_000, unitSP))
	for m := time.January; m <= time.December; m++ {
		stock := int64(3_200_000)
		if m == time.January {
			stock = 4_200_000 // the shelves are filled once
		}
		k.shopMonth(2025, m, stock, m != time.January)
		wajib := func(id string, via ...app.Via) {
			k.deposit(id, savings.Wajib, 25_000, d25(m, 25), fmt.Sprintf("W-%s-2025-%02d", id, int(m)), via...)
		}
		wajib("M001")
		wajib("M002")
		if m >= time.February && m <= time.September {
			wajib("M003")
		}
		if m >= time.March {
			wajib("M004", app.Via(acctBank))
		}
	}
	k.deposit("M001", savings.Sukarela, 500_000, d25(time.January, 10), "S-M001-1")
	k.deposit("M002", savings.Sukarela, 1_000_000, d25(time.February, 12), "S-M002-1", app.Via(acctBank))
	k.deposit("M003", savings.Sukarela, 300_000, d25(time.March, 5), "S-M003-1")
	k.deposit("M002", savings.Sukarela, 250_000, d25(time.April, 8), "S-M002-2")
	k.add(d25(time.April, 8), func() (app.Result, error) {
		return svc.Reverse(ctx, "bendahara", booksCoop, "S-M002-2", "salah jumlah, seharusnya 200.000", calendar.Date{})
	})
	k.deposit("M002", savings.Sukarela, 200_000, d25(time.April, 8), "S-M002-3")
	k.withdraw("M001", 200_000, d25(time.June, 20), "T-M001-1")
	k.journal(d25(time.July, 26), "JU-2025-07-LISTRIK-2", "Listrik dan air kios", dr("5-3500", 100_000, unitToko), cr(acctKas, 100_000, unitToko))
	k.add(d25(time.July, 31), func() (app.Result, error) {
		return svc.Reverse(ctx, "bendahara", booksCoop, "JU-2025-07-LISTRIK-2", "tercatat dua kali", d25(time.July, 31))
	})
	k.withdraw("M002", 400_000, d25(time.August, 14), "T-M002-1", app.Via(acctBank))
	k.add(d25(time.September, 30), func() (app.Result, error) {
		return svc.Exit(ctx, "bendahara", booksCoop, "M003", d25(time.September, 30), "EXIT-M003", "pindah domisili", "")
	})
	k.deposit("M004", savings.Sukarela, 150_000, d25(time.November, 3), "S-M004-1")
	k.journal(d25(time.December, 31), "JU-PAJAK-2025", "PPh final 0,5% dari omzet 2025 (PP 55/2022)", dr("6-1100", 240_000, unitSP), cr("2-1500", 240_000, unitSP))
	k.flush()

	for m := time.January; m <= time.December; m++ {
		_, err := svc.ClosePeriod(ctx, "bendahara", booksCoop, ldg.Month{Year: 2025, Month: m})
		require.NoError(t, err)
	}
	res, err := svc.CloseYear(ctx, "bendahara", booksCoop, 2025)
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	closed := res.Events[0].Payload.(cooperative.YearClosed)

	// January and February 2026.
	k.journal(d26(time.January, 5), "JU-PAJAK-2025-BAYAR", "Setoran PPh final 2025", dr("2-1500", 240_000, unitSP), cr(acctBank, 240_000, unitSP))
	for m := time.January; m <= time.February; m++ {
		k.shopMonth(2026, m, 3_200_000, true)
		k.deposit("M001", savings.Wajib, 25_000, d26(m, 25), fmt.Sprintf("W-M001-2026-%02d", int(m)))
		k.deposit("M002", savings.Wajib, 25_000, d26(m, 25), fmt.Sprintf("W-M002-2026-%02d", int(m)))
		k.deposit("M004", savings.Wajib, 25_000, d26(m, 25), fmt.Sprintf("W-M004-2026-%02d", int(m)), app.Via(acctBank))
	}
	k.withdraw("M001", 100_000, d26(time.February, 10), "T-M001-2")
	k.admit("M005", "Rina Marlina", d26(time.February, 16))
	k.deposit("M005", savings.Wajib, 25_000, d26(time.February, 25), "W-M005-2026-02")
	k.flush()
	_, err = svc.ClosePeriod(ctx, "bendahara", booksCoop, ldg.Month{Year: 2026, Month: time.January})
	require.NoError(t, err)
	return booksScenario{dir: dir, store: store, svc: svc, closed: closed}
}

// The dates the statements are drawn at.
var (
	yearEnd2025 = d25(time.December, 31)
	feb2026     = d26(time.February, 28)
)

// statementSet is every statement of the golden files, in both languages.
type statementSet struct {
	// byName holds the statements by golden name without the format
	// suffix ("statements-neraca.id").
	byName map[string]report.Statement
	names  []string
}

func (s *statementSet) put(name string, st report.Statement) {
	s.byName[name] = st
	s.names = append(s.names, name)
}

// statementsOf draws the statements from the scenario's books.
func statementsOf(t *testing.T, sc booksScenario) statementSet {
	t.Helper()
	ctx := t.Context()
	st, err := sc.svc.Cooperative(ctx, booksCoop)
	require.NoError(t, err)
	kas, ok := st.Chart.Account(acctKas)
	require.True(t, ok)
	decStart := d25(time.December, 1)
	detail := &generalledger.Detail{Coop: booksCoop, Account: acctKas, From: decStart, To: yearEnd2025}
	_, err = projector.New(sc.store, nil).Rebuild(ctx, detail)
	require.NoError(t, err)

	set := statementSet{byName: map[string]report.Statement{}}
	err = sc.svc.Ledger(ctx, booksCoop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		for _, lang := range []i18n.Lang{i18n.ID, i18n.EN} {
			p := i18n.New(lang)
			suffix := "." + string(lang)
			set.put("statements-trial-balance-2025"+suffix, report.TrialBalance(p, b, st.Name, report.Period{AsOf: yearEnd2025}))
			set.put("statements-trial-balance-2026"+suffix, report.TrialBalance(p, b, st.Name, report.Period{AsOf: feb2026, Compare: yearEnd2025}))
			set.put("statements-neraca"+suffix, report.Neraca(p, b, st.Name, report.Period{AsOf: feb2026, Compare: yearEnd2025}))
			set.put("statements-hasil-usaha"+suffix, report.HasilUsaha(p, b, st.Name, report.Period{AsOf: yearEnd2025}))
			set.put("statements-hasil-usaha-toko"+suffix, report.HasilUsaha(p, b, st.Name, report.Period{AsOf: yearEnd2025, Unit: unitToko}))
			set.put("statements-ekuitas"+suffix, report.Ekuitas(p, b, st.Name, report.Period{AsOf: yearEnd2025}))
			set.put("statements-arus-kas"+suffix, report.ArusKas(p, b, st.Name, report.Period{AsOf: yearEnd2025}))
			set.put("statements-ledger-kas"+suffix, report.LedgerAccount(p, b, st.Name, kas, decStart, yearEnd2025, "", detail.Lines))
			set.put("statements-chart"+suffix, report.Chart(p, st.Name, st.Chart))
		}
		// Figures the assertions need beyond the statements.
		set.put("neraca-2025", report.Neraca(i18n.New(i18n.ID), b, st.Name, report.Period{AsOf: yearEnd2025}))
	})
	require.NoError(t, err)
	return set
}

// renderStatements renders the golden files: text in both languages,
// and JSON and CSV of the neraca and the hasil usaha.
func renderStatements(t *testing.T, set statementSet) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range set.names {
		lang, ok := strings.CutPrefix(filepath.Ext(name), ".")
		if !ok || (lang != "id" && lang != "en") {
			continue
		}
		st := set.byName[name]
		var buf bytes.Buffer
		require.NoError(t, report.StatementText(&buf, i18n.New(i18n.Lang(lang)), st), name)
		out[name] = buf.Bytes()
		base := strings.TrimSuffix(name, "."+lang)
		if lang == "id" && (base == "statements-neraca" || base == "statements-hasil-usaha") {
			var j, c bytes.Buffer
			require.NoError(t, report.StatementAsJSON(&j, st), name)
			require.NoError(t, report.StatementCSV(&c, st), name)
			out[base+".json"] = j.Bytes()
			out[base+".csv"] = c.Bytes()
		}
	}
	return out
}

// values returns the figures of the line with key, failing the test if
// the statement has no such line.
func values(t *testing.T, st report.Statement, key string) []money.Amount {
	t.Helper()
	for _, l := range st.Lines {
		if l.Key == key {
			require.Len(t, l.Values, len(st.Columns), "%s %s", st.Kind, key)
			return l.Values
		}
	}
	t.Fatalf("%s has no line %q", st.Kind, key)
	return nil
}

// hasLine reports whether the statement has a line with key.
func hasLine(st report.Statement, key string) bool {
	return slices.ContainsFunc(st.Lines, func(l report.Line) bool { return l.Key == key })
}

func requireIDR(t *testing.T, want int64, got money.Amount, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, idr(want).String(), got.String(), msgAndArgs...)
}

func TestStatements(t *testing.T) {
	sc := buildBooks(t)
	set := statementsOf(t, sc)
	rendered := renderStatements(t, set)

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
				require.NoError(t, err, "run go test ./internal/report -run TestStatements -update to write it")
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
			require.NotContains(t, string(data), "sukamaju.db", name)
			require.NotContains(t, string(data), "2026-03-01", name, "nothing depends on today")
		}
	})

	t.Run("trial balance", func(t *testing.T) {
		for _, name := range []string{"statements-trial-balance-2025.id", "statements-trial-balance-2026.en"} {
			st := set.byName[name]
			total := values(t, st, "total")
			for i := 0; i < len(total); i += 2 {
				require.Equal(t, total[i].String(), total[i+1].String(), "%s: debits equal credits in column %d", name, i/2)
			}
			require.Empty(t, st.Notes, name)
		}
		st := set.byName["statements-trial-balance-2025.id"]
		requireIDR(t, 24_440_000, values(t, st, "total")[0])
		requireIDR(t, 700_000, values(t, st, "account:3-5100")[1], "the year's SHU, closed to SHU tahun berjalan")
	})

	t.Run("year close leaves no revenue or expense", func(t *testing.T) {
		err := sc.svc.Ledger(t.Context(), booksCoop, func(b *generalledger.Books) {
			for _, a := range b.State.Chart.Accounts() {
				if a.Heading || (a.Class != ldg.Revenue && a.Class != ldg.Expense) {
					continue
				}
				for _, unit := range []string{"", unitToko, unitSP} {
					d, c := b.Totals(a.Code, generalledger.Filter{Unit: unit, To: yearEnd2025, Closing: true})
					require.True(t, d.Equal(c), "%s unit %q: debit %s, credit %s after the close", a.Code, unit, d, c)
				}
			}
		})
		require.NoError(t, err)
		tb := set.byName["statements-trial-balance-2025.id"]
		for _, l := range tb.Lines {
			require.False(t, strings.HasPrefix(l.Code, "4-") || strings.HasPrefix(l.Code, "5-") || strings.HasPrefix(l.Code, "6-"),
				"revenue or expense %s in the trial balance after the close", l.Code)
		}
	})

	t.Run("neraca balances", func(t *testing.T) {
		for _, name := range []string{"statements-neraca.id", "neraca-2025"} {
			st := set.byName[name]
			aset, both := values(t, st, "total_aset"), values(t, st, "total_liabilitas_ekuitas")
			for i := range aset {
				require.Equal(t, aset[i].String(), both[i].String(), "%s column %d", name, i)
			}
			require.Empty(t, st.Notes, name)
		}
		st := set.byName["statements-neraca.id"]
		requireIDR(t, 23_715_000, values(t, st, "total_aset")[0])
		requireIDR(t, 23_340_000, values(t, st, "total_aset")[1])
		requireIDR(t, 440_000, values(t, st, "shu_unclosed")[0], "January and February 2026 are not closed into equity")
		requireIDR(t, 0, values(t, st, "shu_unclosed")[1], "2025 is closed")
		requireIDR(t, -1_100_000, values(t, st, "account:1-3900")[1], "accumulated depreciation, eleven months, shown as a deduction")
		requireIDR(t, 0, values(t, st, "account:2-1500")[0], "the 2025 tax was paid in January 2026")
	})

	t.Run("hasil usaha", func(t *testing.T) {
		st := set.byName["statements-hasil-usaha.id"]
		require.Len(t, st.Columns, 1)
		before, after := values(t, st, "shu_sebelum_pajak")[0], values(t, st, "shu_setelah_pajak")[0]
		tax := values(t, st, "account:6-1100")[0]
		requireIDR(t, 48_360_000, values(t, st, "total_pendapatan")[0])
		requireIDR(t, 47_420_000, values(t, st, "total_beban")[0])
		requireIDR(t, 940_000, before)
		requireIDR(t, 240_000, tax)
		require.Equal(t, before.Sub(tax).String(), after.String(), "SHU after tax is SHU before tax less the tax")
		require.Equal(t, sc.closed.Result.String(), after.String(), "the statement agrees with the close")
		requireIDR(t, 700_000, sc.closed.Result)
		m, nm := values(t, st, "shu_anggota")[0], values(t, st, "shu_non_anggota")[0]
		require.Equal(t, after.String(), m.Add(nm).String(), "the split adds up")
		// Members bought 60% of the goods: with every cost shared by
		// turnover, they are 60% of the surplus.
		requireIDR(t, 420_000, m)
		requireIDR(t, 280_000, nm)

		toko := set.byName["statements-hasil-usaha-toko.id"]
		requireIDR(t, 48_000_000, values(t, toko, "total_pendapatan")[0])
		requireIDR(t, 2_500_000, values(t, toko, "shu_setelah_pajak")[0])
		require.False(t, hasLine(toko, "account:6-1100"), "the tax is the office's")
		tm, tnm := values(t, toko, "shu_anggota")[0], values(t, toko, "shu_non_anggota")[0]
		require.Equal(t, values(t, toko, "shu_setelah_pajak")[0].String(), tm.Add(tnm).String())

		// The units add up to the cooperative: the toko's surplus and the
		// office's loss are the closing lines to SHU tahun berjalan.
		perUnit := map[string]money.Amount{}
		for _, l := range sc.closed.Lines {
			if l.Account == "3-5100" {
				perUnit[l.Unit] = perUnit[l.Unit].Add(l.Signed().Neg())
			}
		}
		requireIDR(t, 2_500_000, perUnit[unitToko])
		requireIDR(t, -1_800_000, perUnit[unitSP])
	})

	t.Run("arus kas", func(t *testing.T) {
		st := set.byName["statements-arus-kas.id"]
		opening, net, closing := values(t, st, "cash_opening")[0], values(t, st, "net_change")[0], values(t, st, "cash_closing")[0]
		require.Equal(t, closing.String(), opening.Add(net).String(), "opening cash plus the net flow is closing cash")
		n := set.byName["neraca-2025"]
		inNeraca := values(t, n, "account:"+acctKas)[0].Add(values(t, n, "account:"+acctBank)[0])
		require.Equal(t, inNeraca.String(), closing.String(), "closing cash is kas and bank in the neraca")
		requireIDR(t, 0, opening)
		requireIDR(t, 18_640_000, closing)
		requireIDR(t, 1_040_000, values(t, st, "net:operating")[0])
		requireIDR(t, -4_800_000, values(t, st, "net:investing")[0])
		requireIDR(t, 22_400_000, values(t, st, "net:financing")[0])
		require.Empty(t, st.Notes)
	})

	t.Run("ekuitas", func(t *testing.T) {
		st := set.byName["statements-ekuitas.id"]
		total := values(t, st, "total_ekuitas")
		require.Len(t, total, 4, "opening, increases, decreases, closing")
		require.Equal(t, total[3].String(), total[0].Add(total[1]).Sub(total[2]).String(), "opening + increases - decreases = closing")
		require.Equal(t, values(t, set.byName["neraca-2025"], "total_ekuitas")[0].String(), total[3].String(), "the closing equity is the neraca's")
		requireIDR(t, 21_850_000, total[3])
		requireIDR(t, 850_000, values(t, st, "account:3-1200")[3], "wajib less Dewi's refund")
	})

	t.Run("ledger", func(t *testing.T) {
		st := set.byName["statements-ledger-kas.id"]
		requireIDR(t, 4_100_000, values(t, st, "opening")[2])
		closing := values(t, st, "closing")
		requireIDR(t, 4_450_000, closing[2])
		require.Equal(t, closing[2].String(), values(t, st, "opening")[2].Add(closing[0]).Sub(closing[1]).String())
		require.Equal(t, closing[2].String(), values(t, set.byName["neraca-2025"], "account:"+acctKas)[0].String())
	})

	t.Run("xlsx", func(t *testing.T) {
		for _, name := range set.names {
			st := set.byName[name]
			var a, b bytes.Buffer
			require.NoError(t, report.StatementXLSX(&a, st), name)
			require.NoError(t, report.StatementXLSX(&b, st), name)
			require.Equal(t, a.Bytes(), b.Bytes(), "%s: the same statement gives the same workbook", name)
			require.NotContains(t, a.String(), sc.dir)
		}
		// The neraca's totals are numbers in the workbook, exactly.
		var buf bytes.Buffer
		require.NoError(t, report.StatementXLSX(&buf, set.byName["statements-neraca.id"]))
		f, err := excelize.OpenReader(&buf)
		require.NoError(t, err)
		defer f.Close()
		rows, err := f.GetRows("neraca", excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		var found bool
		for _, r := range rows {
			if slices.Contains(r, "JUMLAH ASET") {
				require.Equal(t, []string{"23715000", "23340000"}, r[len(r)-2:])
				found = true
			}
		}
		require.True(t, found, "no JUMLAH ASET row")
	})
}

// TestStatementsAreDeterministic records the scenario again in another
// directory: every statement renders to the same bytes.
func TestStatementsAreDeterministic(t *testing.T) {
	a := renderStatements(t, statementsOf(t, buildBooks(t)))
	b := renderStatements(t, statementsOf(t, buildBooks(t)))
	require.Equal(t, len(a), len(b))
	for name, want := range a {
		require.Equal(t, string(want), string(b[name]), name)
	}
}

// TestStatementLineKeysAreUnique checks the promise of Line.Key: it names
// the line for programs, so no two lines of one statement share it; a
// program reading the JSON looks a figure up by its key.
func TestStatementLineKeysAreUnique(t *testing.T) {
	set := statementsOf(t, buildBooks(t))
	for _, name := range set.names {
		seen := map[string]int{}
		for i, l := range set.byName[name].Lines {
			if first, dup := seen[l.Key]; dup {
				t.Errorf("%s: lines %d and %d (%q, %q) share the key %q", name, first, i, set.byName[name].Lines[first].Label, l.Label, l.Key)
				continue
			}
			seen[l.Key] = i
		}
	}
}
