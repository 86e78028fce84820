package report_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/passbook"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const coop = "kdmp-test"

func clock() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

func on(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

func rp(n int64) money.Amount { return money.New(n) }

// build records a fixed ledger through the application into a new store
// in dir. Every event id derives from the cooperative and an explicit
// reference, and the clock is fixed, so the log is the same byte for byte
// on every run.
func build(t *testing.T, dir string) *sqlite.Store {
	t.Helper()
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "l.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: clock, NewID: func() uuid.UUID { panic("report_test: an event without a reference") }})
	_, err = svc.Register(ctx, "bendahara", cooperative.Register{Coop: coop, Name: "Koperasi Desa Merah Putih Test", Policy: policy.Default(rp(50_000), rp(10_000))})
	require.NoError(t, err)
	steps := []func() (app.Result, error){
		func() (app.Result, error) {
			return svc.Admit(ctx, "bendahara", coop, "M001", "Siti Rahayu", on(time.January, 6), "ADM-001", true)
		},
		func() (app.Result, error) {
			return svc.Admit(ctx, "bendahara", coop, "M002", "Budi Santoso", on(time.February, 3), "ADM-002", true)
		},
		func() (app.Result, error) {
			return svc.Admit(ctx, "bendahara", coop, "M003", "Dewi Lestari", on(time.March, 10), "ADM-003", true)
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Wajib, rp(10_000), on(time.January, 31), "W-001-01")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Wajib, rp(10_000), on(time.February, 28), "W-001-02")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Sukarela, rp(250_000), on(time.February, 10), "S-001")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M002", savings.Wajib, rp(10_000), on(time.February, 28), "W-002-02")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M002", savings.Sukarela, rp(1_250_000), on(time.March, 5), "S-002")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M002", savings.Sukarela, rp(500_000), on(time.March, 20), "S-002b")
		},
		func() (app.Result, error) {
			return svc.Withdraw(ctx, "kasir", coop, "M001", savings.Sukarela, rp(100_000), on(time.April, 15), "T-001")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M003", savings.Wajib, rp(10_000), on(time.March, 31), "W-003-03")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M003", savings.Sukarela, rp(200_000), on(time.April, 1), "S-003")
		},
		func() (app.Result, error) {
			return svc.Reverse(ctx, "bendahara", coop, "S-002b", "salah input", calendar.Date{})
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Sukarela, rp(75_000), on(time.January, 20), "S-001-0")
		},
		func() (app.Result, error) {
			return svc.Withdraw(ctx, "bendahara", coop, "M002", savings.Sukarela, rp(300_000), on(time.May, 2), "T-002")
		},
		func() (app.Result, error) {
			return svc.Exit(ctx, "bendahara", coop, "M003", on(time.June, 30), "EXIT-003", "pindah domisili", "")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Wajib, rp(10_000), on(time.March, 31), "W-001-03")
		},
	}
	for i, step := range steps {
		res, err := step()
		require.NoError(t, err, "step %d", i)
		require.False(t, res.Repeated, "step %d", i)
	}
	return store
}

// fixture is what the reports are rendered from.
type fixture struct {
	store *sqlite.Store
	bal   *balances.Projection
	coop  balances.Cooperative
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	store := build(t, t.TempDir())
	p := balances.New()
	at := eventstore.Start
	for {
		page, err := store.ReadAll(t.Context(), at, eventstore.Forwards, 0)
		require.NoError(t, err)
		if len(page) == 0 {
			break
		}
		for _, rec := range page {
			e, err := codec.Events().Decode(rec)
			require.NoError(t, err)
			p.Apply(e)
		}
		at = page[len(page)-1].Position
	}
	c, ok := p.Cooperative(coop)
	require.True(t, ok)
	return fixture{store: store, bal: p, coop: c}
}

func (f fixture) passbook(t *testing.T, id string) *passbook.Passbook {
	t.Helper()
	recs, err := f.store.ReadStream(t.Context(), codec.MemberStream(coop, id), eventstore.FirstRevision, eventstore.Forwards, 0)
	require.NoError(t, err)
	pb := passbook.New()
	for _, rec := range recs {
		e, err := codec.Events().Decode(rec)
		require.NoError(t, err)
		pb.Apply(e)
	}
	return pb
}

// member renders `member show` as the CLI does: the row as of a date and
// the last lines of the passbook up to it.
func (f fixture) member(t *testing.T, w *bytes.Buffer, p i18n.Printer, id string, asOf calendar.Date, recent int) error {
	row, ok := f.bal.Member(coop, id, asOf)
	require.True(t, ok)
	page := f.passbook(t, id).Between(calendar.Date{}, asOf)
	if n := len(page.Lines); n > recent {
		page.Lines = page.Lines[n-recent:]
	}
	return report.Member(w, p, f.coop.Name, row, page)
}

// verified returns the verification of the intact log and of the log
// with one byte of S-001's payload changed behind the store's back.
func (f fixture) verified(t *testing.T) (ok, broken audit.Report) {
	t.Helper()
	ctx := t.Context()
	ok, err := audit.Verify(ctx, f.store, nil)
	require.NoError(t, err)
	require.True(t, ok.OK())

	dir := t.TempDir()
	copyStore := build(t, dir)
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: copyStore.Path()}).EscapedPath()+"?_pragma=busy_timeout(10000)")
	require.NoError(t, err)
	defer db.Close()
	id := app.EventID(coop, "ref:S-001")
	_, err = db.ExecContext(ctx, "DROP TRIGGER events_append_only_update")
	require.NoError(t, err)
	res, err := db.ExecContext(ctx, `UPDATE events SET data = replace(data, '"250000"', '"350000"') WHERE event_id = ?`, id[:])
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
	require.NoError(t, db.Close())
	broken, err = audit.Verify(ctx, copyStore, nil)
	require.NoError(t, err)
	require.False(t, broken.OK())
	return ok, broken
}

// storeBreak is a verification stopped by the store's own check, whose
// problem names no stream.
var storeBreak = audit.Report{Break: &audit.Break{Problem: "eventstore: corrupt: l.db: *** in database main *** Tree 4 page 9: btreeInitPage() returns error code 11"}}

// renderings returns every golden rendering of the fixture, by golden
// file name.
func renderings(t *testing.T, f fixture) map[string][]byte {
	t.Helper()
	ok, broken := f.verified(t)
	ID, EN := i18n.New(i18n.ID), i18n.New(i18n.EN)
	midYear, yearEnd := on(time.June, 30), on(time.December, 31)
	render := map[string]func(w *bytes.Buffer) error{
		"balances.id": func(w *bytes.Buffer) error { return report.Balances(w, ID, f.coop, f.bal.Balances(coop, midYear)) },
		"balances.en": func(w *bytes.Buffer) error { return report.Balances(w, EN, f.coop, f.bal.Balances(coop, midYear)) },
		"balances.json": func(w *bytes.Buffer) error {
			return report.BalancesAsJSON(w, f.bal.Balances(coop, midYear))
		},
		"balances-year-end.id": func(w *bytes.Buffer) error {
			return report.Balances(w, ID, f.coop, f.bal.Balances(coop, yearEnd))
		},
		"balances-empty.en": func(w *bytes.Buffer) error {
			return report.Balances(w, EN, f.coop, f.bal.Balances(coop, on(time.January, 1)))
		},
		"passbook.id": func(w *bytes.Buffer) error {
			return report.Passbook(w, ID, f.coop.Name, f.passbook(t, "M002").Between(calendar.Date{}, calendar.Date{}))
		},
		"passbook.en": func(w *bytes.Buffer) error {
			return report.Passbook(w, EN, f.coop.Name, f.passbook(t, "M002").Between(calendar.Date{}, calendar.Date{}))
		},
		"passbook.json": func(w *bytes.Buffer) error {
			return report.PassbookAsJSON(w, f.passbook(t, "M002").Between(calendar.Date{}, calendar.Date{}))
		},
		"passbook-period.id": func(w *bytes.Buffer) error {
			return report.Passbook(w, ID, f.coop.Name, f.passbook(t, "M001").Between(on(time.February, 1), on(time.March, 31)))
		},
		"passbook-period.en": func(w *bytes.Buffer) error {
			return report.Passbook(w, EN, f.coop.Name, f.passbook(t, "M001").Between(on(time.February, 1), on(time.March, 31)))
		},
		"passbook-period.json": func(w *bytes.Buffer) error {
			return report.PassbookAsJSON(w, f.passbook(t, "M001").Between(on(time.February, 1), on(time.March, 31)))
		},
		"passbook-exit.en": func(w *bytes.Buffer) error {
			return report.Passbook(w, EN, f.coop.Name, f.passbook(t, "M003").Between(calendar.Date{}, calendar.Date{}))
		},
		"members.id":   func(w *bytes.Buffer) error { return report.Members(w, ID, f.coop, f.bal.Members(coop)) },
		"members.en":   func(w *bytes.Buffer) error { return report.Members(w, EN, f.coop, f.bal.Members(coop)) },
		"members.json": func(w *bytes.Buffer) error { return report.MembersAsJSON(w, f.bal.Members(coop)) },
		"member.id":    func(w *bytes.Buffer) error { return f.member(t, w, ID, "M001", yearEnd, 5) },
		"member.en":    func(w *bytes.Buffer) error { return f.member(t, w, EN, "M001", yearEnd, 5) },
		"member-exited.id": func(w *bytes.Buffer) error {
			return f.member(t, w, ID, "M003", yearEnd, 10)
		},
		"member-exited.en": func(w *bytes.Buffer) error {
			return f.member(t, w, EN, "M003", yearEnd, 10)
		},
		"member.json": func(w *bytes.Buffer) error {
			row, _ := f.bal.Member(coop, "M003", yearEnd)
			return report.MemberAsJSON(w, row)
		},
		"verify-ok.id":       func(w *bytes.Buffer) error { return report.Verify(w, ID, ok) },
		"verify-ok.en":       func(w *bytes.Buffer) error { return report.Verify(w, EN, ok) },
		"verify-ok.json":     func(w *bytes.Buffer) error { return report.VerifyAsJSON(w, ok) },
		"verify-broken.id":   func(w *bytes.Buffer) error { return report.Verify(w, ID, broken) },
		"verify-broken.en":   func(w *bytes.Buffer) error { return report.Verify(w, EN, broken) },
		"verify-broken.json": func(w *bytes.Buffer) error { return report.VerifyAsJSON(w, broken) },
		"verify-store.id":    func(w *bytes.Buffer) error { return report.Verify(w, ID, storeBreak) },
		"verify-store.en":    func(w *bytes.Buffer) error { return report.Verify(w, EN, storeBreak) },
		"verify-store.json":  func(w *bytes.Buffer) error { return report.VerifyAsJSON(w, storeBreak) },
	}
	out := map[string][]byte{}
	for name, fn := range render {
		var buf bytes.Buffer
		require.NoError(t, fn(&buf), name)
		out[name] = buf.Bytes()
	}
	return out
}

func TestGolden(t *testing.T) {
	got := renderings(t, newFixture(t))
	names := make([]string, 0, len(got))
	for name := range got {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name+".golden")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, got[name], 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./internal/report -update to write it")
			require.Equal(t, string(want), string(got[name]))
			if strings.HasSuffix(name, ".json") {
				require.True(t, json.Valid(got[name]), "not JSON")
			}
		})
	}
}

// TestRenderingIsDeterministic builds the ledger twice, in two stores,
// and renders everything from each: the bytes are the same.
func TestRenderingIsDeterministic(t *testing.T) {
	a, b := renderings(t, newFixture(t)), renderings(t, newFixture(t))
	require.Equal(t, len(a), len(b))
	for name, want := range a {
		require.Equal(t, string(want), string(b[name]), name)
	}
	// And rendering the same projection twice gives the same bytes.
	f := newFixture(t)
	for range 3 {
		var x, y bytes.Buffer
		require.NoError(t, report.BalancesAsJSON(&x, f.bal.Balances(coop, on(time.June, 30))))
		require.NoError(t, report.BalancesAsJSON(&y, f.bal.Balances(coop, on(time.June, 30))))
		require.Equal(t, x.String(), y.String())
	}
}

// TestBalancesJSONContract decodes `report balances --json` generically
// and checks its exact keys and that every amount is a string.
func TestBalancesJSONContract(t *testing.T) {
	f := newFixture(t)
	for _, asOf := range []calendar.Date{on(time.January, 1), on(time.June, 30), on(time.December, 31)} {
		var buf bytes.Buffer
		require.NoError(t, report.BalancesAsJSON(&buf, f.bal.Balances(coop, asOf)))
		var doc map[string]any
		require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
		require.ElementsMatch(t, []string{"as_of", "members", "totals"}, keys(doc))
		require.Equal(t, asOf.String(), doc["as_of"])

		members, ok := doc["members"].([]any)
		require.True(t, ok, "members is %T, want an array (never null)", doc["members"])
		for _, m := range members {
			row, ok := m.(map[string]any)
			require.True(t, ok)
			require.ElementsMatch(t, []string{"member", "pokok", "wajib", "sukarela"}, keys(row))
			requireAmounts(t, row, "pokok", "wajib", "sukarela")
		}
		totals, ok := doc["totals"].(map[string]any)
		require.True(t, ok)
		require.ElementsMatch(t, []string{"pokok", "wajib", "sukarela"}, keys(totals))
		requireAmounts(t, totals, "pokok", "wajib", "sukarela")
	}

	var buf bytes.Buffer
	require.NoError(t, report.BalancesAsJSON(&buf, f.bal.Balances(coop, on(time.June, 30))))
	var doc report.BalancesJSON
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	require.Equal(t, report.BalancesJSON{
		AsOf: "2025-06-30",
		Members: []report.MemberBalanceJSON{
			{Member: "M001", Pokok: "50000", Wajib: "30000", Sukarela: "225000"},
			{Member: "M002", Pokok: "50000", Wajib: "10000", Sukarela: "950000"},
			{Member: "M003", Pokok: "0", Wajib: "0", Sukarela: "0"},
		},
		Totals: report.ProductsJSON{Pokok: "100000", Wajib: "40000", Sukarela: "1175000"},
	}, doc)
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// requireAmounts checks that each field is a string holding a canonical
// amount.
func requireAmounts(t *testing.T, m map[string]any, fields ...string) {
	t.Helper()
	for _, field := range fields {
		s, ok := m[field].(string)
		require.True(t, ok, "%s is %T, want a string", field, m[field])
		a, err := money.Parse(s)
		require.NoError(t, err, "%s %q", field, s)
		require.Equal(t, s, a.String(), field)
	}
}

func TestPrinterMoney(t *testing.T) {
	ID, EN := i18n.New(i18n.ID), i18n.New(i18n.EN)
	tests := []struct {
		amount money.Amount
		id, en string
	}{
		{rp(1_250_000), "Rp 1.250.000", "Rp 1,250,000"},
		{rp(-1_250_000), "Rp -1.250.000", "Rp -1,250,000"},
		{rp(0), "Rp 0", "Rp 0"},
		{money.Zero(), "Rp 0", "Rp 0"},
		{rp(999), "Rp 999", "Rp 999"},
		{rp(-999), "Rp -999", "Rp -999"},
		{rp(1_000), "Rp 1.000", "Rp 1,000"},
		{rp(-1_000), "Rp -1.000", "Rp -1,000"},
		{rp(100_000), "Rp 100.000", "Rp 100,000"},
		{rp(10_000_000_000), "Rp 10.000.000.000", "Rp 10,000,000,000"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.id, ID.Money(tt.amount), "%s in Indonesian", tt.amount)
		require.Equal(t, tt.en, EN.Money(tt.amount), "%s in English", tt.amount)
		require.Equal(t, strings.TrimPrefix(tt.id, "Rp "), ID.Number(tt.amount))
		require.Equal(t, strings.TrimPrefix(tt.en, "Rp "), EN.Number(tt.amount))
	}

	// Other currencies carry their code and their minor unit.
	usdID := i18n.Printer{Lang: i18n.ID, Currency: "USD", Places: 2}
	usdEN := i18n.Printer{Lang: i18n.EN, Currency: "USD", Places: 2}
	require.Equal(t, "USD 1.250.000,50", usdID.Money(money.NewMinor(125_000_050, 2)))
	require.Equal(t, "USD 1,250,000.50", usdEN.Money(money.NewMinor(125_000_050, 2)))
	require.Equal(t, "USD -0,05", usdID.Money(money.NewMinor(-5, 2)))
	require.Equal(t, "USD -1,000.00", usdEN.Money(rp(-1_000)))
	// A printer with no currency prints rupiah.
	require.Equal(t, "Rp 1,000", i18n.Printer{Lang: i18n.EN}.Money(rp(1_000)))
}

func TestPrinterDate(t *testing.T) {
	require.Equal(t, "30 Juni 2025", i18n.New(i18n.ID).Date(on(time.June, 30)))
	require.Equal(t, "30 June 2025", i18n.New(i18n.EN).Date(on(time.June, 30)))
	require.Equal(t, "1 Januari 2025", i18n.New(i18n.ID).Date(on(time.January, 1)))
	require.Equal(t, "-", i18n.New(i18n.ID).Date(calendar.Date{}))
}

// TestTextHasNoTrailingSpaces: text reports are pasted into letters and
// kept as golden files, where trailing spaces are invisible and get
// stripped by editors.
func TestTextHasNoTrailingSpaces(t *testing.T) {
	for name, out := range renderings(t, newFixture(t)) {
		if strings.HasSuffix(name, ".json") {
			continue
		}
		for i, line := range strings.Split(string(out), "\n") {
			require.Equal(t, strings.TrimRight(line, " "), line, "%s line %d ends in spaces", name, i+1)
		}
	}
}
