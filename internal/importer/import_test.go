package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/sample"
)

const (
	coop  cooperative.ID = "kdmp-test"
	actor app.Actor      = "bendahara"
	// header is the header of most test files.
	header = "date,member,kind,amount,ref,name"
)

// fixedClock is the instant every test runs at: 2026-03-01 16:00 in
// Asia/Jakarta, so today is 2026-03-01 for the cooperative.
func fixedClock() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

// ledger is a registered cooperative on a real SQLite store.
type ledger struct {
	ctx   context.Context
	store *sqlite.Store
	svc   *app.Service
}

func newLedger(t testing.TB) *ledger {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lumbung.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: fixedClock})
	_, err = svc.Register(ctx, actor, cooperative.Register{
		Coop: coop, Name: "Koperasi Test",
		Policy: policy.Default(money.New(50_000), money.New(10_000)),
	})
	require.NoError(t, err)
	return &ledger{ctx: ctx, store: store, svc: svc}
}

// run imports data as a file of its own size.
func (l *ledger) run(t testing.TB, data string, opt importer.Options) (importer.Summary, error) {
	t.Helper()
	return importer.Run(l.ctx, l.svc, actor, coop, strings.NewReader(data), int64(len(data)), opt)
}

// seedRows are recorded by seed: two members with their pokok, and a
// sukarela balance of 100000 for A001.
var seedRows = []string{
	"2025-01-02,A001,join,0,J-A001,Siti Rahayu",
	"2025-01-02,A001,deposit_pokok,50000,P-A001,",
	"2025-01-03,A001,deposit_sukarela,100000,S-A001-1,",
	"2025-01-02,A002,join,0,J-A002,Budi Santoso",
	"2025-01-02,A002,deposit_pokok,50000,P-A002,",
}

// seed imports seedRows, so that refusals have history to refer to and
// to leave alone.
func (l *ledger) seed(t testing.TB) {
	t.Helper()
	sum, err := l.run(t, file(seedRows...), importer.Options{})
	require.NoError(t, err)
	require.Equal(t, len(seedRows), sum.Written)
}

// file returns a CSV of header and rows, one per line.
func file(rows ...string) string { return withHeader(header, rows...) }

func withHeader(h string, rows ...string) string {
	var b strings.Builder
	b.WriteString(h)
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString(r)
		b.WriteString("\n")
	}
	return b.String()
}

// stored is one event as the store holds it, bytes and all.
type stored struct {
	Stream   string
	Revision uint64
	Position eventstore.Position
	ID       string
	Type     string
	Data     string
	Metadata string
}

// snapshot returns every event of the store, in log order.
func snapshot(t testing.TB, s eventstore.Store) []stored {
	t.Helper()
	var out []stored
	from := eventstore.Start
	for {
		page, err := s.ReadAll(context.Background(), from, eventstore.Forwards, 10_000)
		require.NoError(t, err)
		for _, r := range page {
			out = append(out, stored{
				Stream: r.Stream, Revision: r.Revision, Position: r.Position, ID: r.ID.String(),
				Type: r.Type, Data: string(r.Data), Metadata: string(r.Metadata),
			})
		}
		if len(page) < 10_000 {
			return out
		}
		from = page[len(page)-1].Position
	}
}

// countEvents returns the number of events in the store.
func countEvents(t testing.TB, s eventstore.Store) int {
	t.Helper()
	n := 0
	from := eventstore.Start
	for {
		page, err := s.ReadAll(context.Background(), from, eventstore.Forwards, 10_000)
		require.NoError(t, err)
		n += len(page)
		if len(page) < 10_000 {
			return n
		}
		from = page[len(page)-1].Position
	}
}

// requireUnchanged proves that nothing was written since before was taken.
func requireUnchanged(t testing.TB, l *ledger, before []stored) {
	t.Helper()
	require.Equal(t, len(before), countEvents(t, l.store), "event count changed")
	require.Equal(t, before, snapshot(t, l.store), "stored events changed")
}

// balance returns a member's balance of product p as the service reads it.
func balance(t testing.TB, svc *app.Service, id member.ID, p savings.Product) money.Amount {
	t.Helper()
	st, err := svc.Member(context.Background(), coop, id)
	require.NoError(t, err)
	require.True(t, st.Exists(), "member %s", id)
	return st.Account(p).Balance()
}

func requireAmount(t testing.TB, want int64, got money.Amount, msg ...any) {
	t.Helper()
	require.Truef(t, money.New(want).Equal(got), "want %d, got %s %v", want, got, fmt.Sprint(msg...))
}

// rowsError returns err as a *RowsError, checking that its lines are the
// ones listed, in order.
func rowsError(t testing.TB, err error, lines ...int) *importer.RowsError {
	t.Helper()
	var bad *importer.RowsError
	require.ErrorAs(t, err, &bad)
	got := make([]int, len(bad.Rows))
	for i, r := range bad.Rows {
		got[i] = r.Line
		require.Error(t, r.Err, "line %d has no reason", r.Line)
	}
	require.Equal(t, lines, got, "bad lines")
	require.Equal(t, len(lines), bad.Count)
	assert.Contains(t, bad.Error(), "nothing written")
	return bad
}

func fileError(t testing.TB, err error, problem importer.FileProblem) *importer.FileError {
	t.Helper()
	var fe *importer.FileError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, problem, fe.Problem, "%v", fe)
	return fe
}

// Checks of a row's reason.

func wantInput(field string, want input.Want, value, bound string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var ie *input.Error
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, input.Error{Field: field, Value: value, Want: want, Bound: bound}, *ie)
	}
}

func wantAmount(field string, amount string, problem money.Problem) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var ae *money.AmountError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, field, ae.Field)
		assert.Equal(t, problem, ae.Problem)
		assert.Equal(t, amount, ae.Amount.String())
	}
}

func wantIs(target error) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, target)
	}
}

func wantDuplicateInFile(ref string, first int) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var dup *importer.DuplicateInFileError
		require.ErrorAs(t, err, &dup)
		assert.Equal(t, ref, dup.Ref)
		assert.Equal(t, first, dup.Line, "the line that used the ref first")
	}
}

func wantDuplicateRef(ref string, holder member.ID) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var dup *member.DuplicateRefError
		require.ErrorAs(t, err, &dup)
		assert.Equal(t, ref, dup.Ref)
		if holder != "" {
			assert.Equal(t, holder, dup.Member)
		}
	}
}

func TestImportValidFile(t *testing.T) {
	l := newLedger(t)
	data := file(
		"2025-01-02,M0001,join,25000,J-1,Siti Rahayu",
		"2025-01-02,M0001,deposit_pokok,50000,P-1,",
		"2025-01-31,M0001,deposit_wajib,10000,W-1,",
		"2025-02-28,M0001,deposit_wajib,10000,W-2,",
		"2025-03-05,M0001,deposit_sukarela,200000,S-1,",
		"2025-03-06,M0001,withdraw_sukarela,75000,WD-1,",
		`2025-01-03,M0002,join,0,J-2,"Budi Santoso, S.Pd"`,
		"2025-01-03,M0002,deposit_pokok,50000,P-2,",
		"2026-03-01,M0002,deposit_sukarela,1000,S-2,", // today
		"2026-03-01,M0002,withdraw_sukarela,1000,WD-2,",
	)
	before := countEvents(t, l.store)

	sum, err := l.run(t, data, importer.Options{})
	require.NoError(t, err)
	assert.Equal(t, 10, sum.Rows)
	assert.Equal(t, 10, sum.Written)
	assert.Zero(t, sum.Repeated)
	assert.False(t, sum.DryRun)
	assert.Equal(t, map[importer.Kind]int{
		importer.Join: 2, importer.DepositPokok: 2, importer.DepositWajib: 2,
		importer.DepositSukarela: 2, importer.WithdrawSukarela: 2,
	}, sum.Kinds)
	assert.Equal(t, before+10, countEvents(t, l.store))

	for _, tt := range []struct {
		id                     member.ID
		name                   string
		admitted               calendar.Date
		pokok, wajib, sukarela int64
	}{
		{"M0001", "Siti Rahayu", calendar.MustNew(2025, 1, 2), 50_000, 20_000, 125_000},
		{"M0002", "Budi Santoso, S.Pd", calendar.MustNew(2025, 1, 3), 50_000, 0, 0},
	} {
		st, err := l.svc.Member(l.ctx, coop, tt.id)
		require.NoError(t, err)
		assert.Equal(t, member.StatusActive, st.Status, tt.id)
		assert.Equal(t, tt.name, st.Name)
		assert.Equal(t, tt.admitted, st.Admitted)
		requireAmount(t, tt.pokok, st.Account(savings.Pokok).Balance(), tt.id, " pokok")
		requireAmount(t, tt.wajib, st.Account(savings.Wajib).Balance(), tt.id, " wajib")
		requireAmount(t, tt.sukarela, st.Account(savings.Sukarela).Balance(), tt.id, " sukarela")
	}
	st, err := l.svc.Member(l.ctx, coop, "M0001")
	require.NoError(t, err)
	join, ok := st.Lookup("J-1")
	require.True(t, ok)
	requireAmount(t, 25_000, join.Amount, "entry fee")

	// Each ref is the idempotency key of exactly one event, in its
	// member's stream.
	for ref, id := range map[string]string{"J-1": "M0001", "P-1": "M0001", "WD-1": "M0001", "J-2": "M0002", "WD-2": "M0002"} {
		rec, err := l.store.FindEvent(l.ctx, app.EventID(string(coop), "ref:"+ref))
		require.NoError(t, err, ref)
		assert.Equal(t, codec.MemberStream(string(coop), id), rec.Stream, ref)
	}
}

func TestImportSameFileTwiceWritesNothing(t *testing.T) {
	l := newLedger(t)
	data := file(seedRows...)
	first, err := l.run(t, data, importer.Options{})
	require.NoError(t, err)
	require.Equal(t, len(seedRows), first.Written)
	before := snapshot(t, l.store)

	second, err := l.run(t, data, importer.Options{})
	require.NoError(t, err)
	assert.Equal(t, len(seedRows), second.Rows)
	assert.Equal(t, len(seedRows), second.Repeated)
	assert.Zero(t, second.Written)
	assert.Empty(t, second.Kinds)
	requireUnchanged(t, l, before)

	// A new process, with nothing cached, sees the same.
	fresh := app.New(l.store, app.Options{Clock: fixedClock})
	third, err := importer.Run(l.ctx, fresh, actor, coop, strings.NewReader(data), int64(len(data)), importer.Options{})
	require.NoError(t, err)
	assert.Equal(t, len(seedRows), third.Repeated)
	assert.Zero(t, third.Written)
	requireUnchanged(t, l, before)
	requireAmount(t, 100_000, balance(t, fresh, "A001", savings.Sukarela))
}

func TestImportExtendedFileWritesOnlyNewRows(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	before := countEvents(t, l.store)
	more := append(append([]string{}, seedRows...),
		"2025-02-01,A001,withdraw_sukarela,40000,WD-A001-1,",
		"2025-02-01,A002,deposit_wajib,10000,W-A002-1,",
	)
	sum, err := l.run(t, file(more...), importer.Options{})
	require.NoError(t, err)
	assert.Equal(t, len(more), sum.Rows)
	assert.Equal(t, 2, sum.Written)
	assert.Equal(t, len(seedRows), sum.Repeated)
	assert.Equal(t, map[importer.Kind]int{importer.WithdrawSukarela: 1, importer.DepositWajib: 1}, sum.Kinds)
	assert.Equal(t, before+2, countEvents(t, l.store))
	requireAmount(t, 60_000, balance(t, l.svc, "A001", savings.Sukarela))
	requireAmount(t, 10_000, balance(t, l.svc, "A002", savings.Wajib))
}

func TestImportRepeatedRowInFileIsRefused(t *testing.T) {
	// The same line twice in one file is a mistake of the file (a pasted
	// block, say), not a retry: it is refused, not silently counted as
	// "recorded before".
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	row := "2025-02-01,A002,deposit_sukarela,5000,S-A002-1,"
	_, err := l.run(t, file(row, row), importer.Options{})
	bad := rowsError(t, err, 3)
	wantDuplicateInFile("S-A002-1", 2)(t, bad.Rows[0].Err)
	requireUnchanged(t, l, before)
}

func TestImportDryRunWritesNothing(t *testing.T) {
	l := newLedger(t)
	before := snapshot(t, l.store)
	data := file(seedRows...)

	sum, err := l.run(t, data, importer.Options{DryRun: true})
	require.NoError(t, err)
	assert.True(t, sum.DryRun)
	assert.Equal(t, len(seedRows), sum.Rows)
	assert.Zero(t, sum.Written)
	assert.Zero(t, sum.Repeated)
	assert.Equal(t, 2, sum.Kinds[importer.Join])
	requireUnchanged(t, l, before)

	// The real import then writes it all, and a dry run after it finds
	// every row recorded.
	sum, err = l.run(t, data, importer.Options{})
	require.NoError(t, err)
	require.Equal(t, len(seedRows), sum.Written)
	after := snapshot(t, l.store)
	sum, err = l.run(t, data, importer.Options{DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, len(seedRows), sum.Repeated)
	assert.Zero(t, sum.Written)
	requireUnchanged(t, l, after)
}

func TestImportAllOrNothing(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	data := file(
		"2025-02-01,A003,join,0,J-A003,Dewi Lestari",        // 2
		"2025-02-01,A003,deposit_pokok,abc,P-A003,",         // 3: not an amount
		"2025-02-02,A003,deposit_sukarela,20000,S-A003-1,",  // 4
		"2025-02-03,A003,withdraw_sukarela,30000,WD-A003,",  // 5: beyond the balance
		"2025-02-03,A001,deposit_wajib,10000,W-A001-1,",     // 6
		"2025-02-04,A002,deposit_sukarela,5000,S-A002-1,",   // 7
		"2025-02-04,A002,withdraw_sukarela,5000,WD-A002-1,", // 8
		"2025-02-05,A002,pinjam,5000,X-1,",                  // 9: unknown kind
		"2025-02-06,A001,deposit_wajib,10000,W-A001-2,",     // 10
	)
	for _, dry := range []bool{false, true} {
		t.Run(fmt.Sprintf("dry=%v", dry), func(t *testing.T) {
			sum, err := l.run(t, data, importer.Options{DryRun: dry})
			bad := rowsError(t, err, 3, 5, 9)
			wantInput("amount", input.WantAmountPresent, "abc", "")(t, bad.Rows[0].Err)
			var funds *savings.InsufficientFundsError
			require.ErrorAs(t, bad.Rows[1], &funds)
			assert.Equal(t, "A003", funds.Member)
			requireAmount(t, 20_000, funds.Balance)
			requireAmount(t, 30_000, funds.Requested)
			wantInput("kind", input.WantImportKind, "pinjam", "")(t, bad.Rows[2].Err)
			assert.Zero(t, sum.Written)
			requireUnchanged(t, l, before)
		})
	}
	// Member A003, admitted on line 2 before the first bad line, was not.
	st, err := l.svc.Member(l.ctx, coop, "A003")
	require.NoError(t, err)
	assert.False(t, st.Exists())
}

func TestImportListsAtMostMaxListed(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	var rows []string
	for i := range 5 {
		rows = append(rows, fmt.Sprintf("2025-02-01,A001,deposit_wajib,0,W-%d,", i))
	}
	_, err := l.run(t, file(rows...), importer.Options{MaxListed: 2})
	var bad *importer.RowsError
	require.ErrorAs(t, err, &bad)
	assert.Equal(t, 5, bad.Count)
	require.Len(t, bad.Rows, 2)
	assert.Equal(t, 2, bad.Rows[0].Line)
	assert.Equal(t, 3, bad.Rows[1].Line)
	requireUnchanged(t, l, before)
}

func TestImportLineNumbersCountPhysicalLines(t *testing.T) {
	// A quoted field may span lines; reasons name the line a row starts
	// on, counting every line of the file.
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	data := file(
		"2025-02-01,A003,join,0,J-A003,\"Dewi\nLestari\"", // lines 2-3: a name has no line break
		"2025-02-01,A004,join,0,J-A004,\"Ani\"",           // 4
		"2025-02-01,A004,deposit_pokok,1,P-A004,",         // 5
	)
	_, err := l.run(t, data, importer.Options{})
	bad := rowsError(t, err, 2, 5)
	wantInput("name", input.WantName, "Dewi\nLestari", "")(t, bad.Rows[0].Err)
	wantInput("amount", input.WantPokokAmount, "1", "50000")(t, bad.Rows[1].Err)
	requireUnchanged(t, l, before)
}

// badRow is a file with one bad row.
type badRow struct {
	name   string
	header string // header if empty
	rows   []string
	line   int
	check  func(*testing.T, error)
}

func badRows() []badRow {
	late := func(ref string) string { return "2025-02-01,A001,deposit_wajib,10000," + ref + "," }
	return []badRow{
		// The shape of the row.
		{name: "fewer columns", rows: []string{"2025-02-01,A001,deposit_wajib,10000"}, line: 2,
			check: wantInput("columns", input.WantColumns, "4", "6")},
		{name: "more columns", rows: []string{late("W-1") + ",extra"}, line: 2,
			check: wantInput("columns", input.WantColumns, "7", "6")},
		{name: "invalid UTF-8 in name", rows: []string{"2025-02-01,A003,join,0,J-A003,Siti \xff"}, line: 2,
			check: wantInput("name", input.WantUTF8, "Siti \ufffd", "")},
		{name: "invalid UTF-8 in ref", rows: []string{late("W-\xfe1")}, line: 2,
			check: wantInput("ref", input.WantUTF8, "W-\ufffd1", "")},
		{name: "invalid UTF-8 in member", rows: []string{"2025-02-01,A\xc0,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("member", input.WantUTF8, "A\ufffd", "")},

		// Amounts.
		{name: "zero amount", rows: []string{"2025-02-01,A001,deposit_wajib,0,W-1,"}, line: 2,
			check: wantAmount("amount", "0", money.ProblemZero)},
		{name: "negative amount", rows: []string{"2025-02-01,A001,deposit_sukarela,-5000,S-1,"}, line: 2,
			check: wantAmount("amount", "-5000", money.ProblemNegative)},
		{name: "negative withdrawal", rows: []string{"2025-02-01,A001,withdraw_sukarela,-5000,WD-1,"}, line: 2,
			check: wantAmount("amount", "-5000", money.ProblemNegative)},
		{name: "fractional amount", rows: []string{"2025-02-01,A001,deposit_sukarela,12.5,S-1,"}, line: 2,
			check: wantAmount("amount", "12.5", money.ProblemFraction)},
		{name: "zero decimals", rows: []string{"2025-02-01,A001,deposit_sukarela,10000.00,S-1,"}, line: 2,
			check: wantAmount("amount", "10000", money.ProblemDecimals)},
		{name: "thousands point", rows: []string{"2025-02-01,A001,deposit_sukarela,1.000,S-1,"}, line: 2,
			check: wantAmount("amount", "1", money.ProblemDecimals)},
		{name: "absurdly large amount", rows: []string{"2025-02-01,A001,deposit_sukarela,99999999999999999999,S-1,"}, line: 2,
			check: wantAmount("amount", "99999999999999999999", money.ProblemAboveMax)},
		{name: "above the policy's maximum", rows: []string{"2025-02-01,A001,deposit_sukarela,10000000001,S-1,"}, line: 2,
			check: wantAmount("amount", "10000000001", money.ProblemAboveMax)},
		{name: "negative entry fee", rows: []string{"2025-02-01,A003,join,-1,J-A003,Dewi"}, line: 2,
			check: wantAmount("entry_fee", "-1", money.ProblemNegative)},
		{name: "grouped amount", rows: []string{"2025-02-01,A001,deposit_sukarela,1.000.000,S-1,"}, line: 2,
			check: wantInput("amount", input.WantAmountPresent, "1.000.000", "")},
		{name: "comma grouped amount", rows: []string{`2025-02-01,A001,deposit_sukarela,"1,000",S-1,`}, line: 2,
			check: wantInput("amount", input.WantAmountPresent, "1,000", "")},
		{name: "letters", rows: []string{"2025-02-01,A001,deposit_sukarela,abc,S-1,"}, line: 2,
			check: wantInput("amount", input.WantAmountPresent, "abc", "")},
		{name: "currency symbol", rows: []string{"2025-02-01,A001,deposit_sukarela,Rp10000,S-1,"}, line: 2,
			check: wantInput("amount", input.WantAmountPresent, "Rp10000", "")},
		{name: "plus sign", rows: []string{"2025-02-01,A001,deposit_sukarela,+10000,S-1,"}, line: 2,
			check: wantInput("amount", input.WantAmountPresent, "+10000", "")},
		{name: "empty amount", rows: []string{"2025-02-01,A001,deposit_sukarela,,S-1,"}, line: 2,
			check: wantInput("amount", input.WantAmountPresent, "", "")},
		{name: "41 digits", rows: []string{"2025-02-01,A001,deposit_sukarela," + strings.Repeat("9", 41) + ",S-1,"}, line: 2,
			check: wantInput("amount", input.WantAmountPresent, strings.Repeat("9", 41), "")},

		// Dates.
		{name: "slashed date", rows: []string{"2025/02/01,A001,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("date", input.WantDate, "2025/02/01", "")},
		{name: "day first", rows: []string{"01-02-2025,A001,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("date", input.WantDate, "01-02-2025", "")},
		{name: "empty date", rows: []string{",A001,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("date", input.WantDate, "", "")},
		{name: "impossible date", rows: []string{"2025-02-30,A001,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("date", input.WantRealDate, "2025-02-30", "")},
		{name: "future date", rows: []string{"2026-03-02,A001,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("date", input.WantNotFuture, "2026-03-02", "2026-03-01")},
		{name: "future admission", rows: []string{"2026-03-02,A003,join,0,J-A003,Dewi"}, line: 2,
			check: wantInput("date", input.WantNotFuture, "2026-03-02", "2026-03-01")},
		{name: "before admission", rows: []string{"2024-12-31,A001,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("date", input.WantNotBefore, "2024-12-31", "2025-01-02")},

		// Kinds.
		{name: "unknown kind", rows: []string{"2025-02-01,A001,setor,10000,W-1,"}, line: 2,
			check: wantInput("kind", input.WantImportKind, "setor", "")},
		{name: "empty kind", rows: []string{"2025-02-01,A001,,10000,W-1,"}, line: 2,
			check: wantInput("kind", input.WantImportKind, "", "")},
		{name: "loan_disburse without a loan product", rows: []string{"2025-02-01,A001,loan_disburse,1000000,L-1,"}, line: 2,
			check: wantIs(importer.ErrLoanProduct)},
		{name: "loan_repay_principal without a loan", rows: []string{"2025-02-01,A001,loan_repay_principal,100000,L-2,"}, line: 2,
			check: wantInput("loan", input.WantLoanID, "", "")},
		{name: "loan_repay_interest without a loan", rows: []string{"2025-02-01,A001,loan_repay_interest,1000,L-3,"}, line: 2,
			check: wantInput("loan", input.WantLoanID, "", "")},
		{name: "withdrawal from the wrong product", header: header + ",product",
			rows: []string{"2025-02-01,A001,withdraw_sukarela,1000,WD-1,,pokok"}, line: 2,
			check: wantInput("product", input.WantProductOfKind, "pokok", "sukarela")},
		{name: "deposit into the wrong product", header: header + ",product",
			rows: []string{"2025-02-01,A001,deposit_wajib,10000,W-1,,sukarela"}, line: 2,
			check: wantInput("product", input.WantProductOfKind, "sukarela", "wajib")},

		// Members.
		{name: "unknown member", rows: []string{"2025-02-01,Z999,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("member", input.WantKnownMember, "Z999", "")},
		{name: "malformed member id", rows: []string{"2025-02-01,A 001,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("member", input.WantMemberID, "A 001", "")},
		{name: "empty member id", rows: []string{"2025-02-01,,deposit_wajib,10000,W-1,"}, line: 2,
			check: wantInput("member", input.WantMemberID, "", "")},
		{name: "join without name", rows: []string{"2025-02-01,A003,join,0,J-A003,"}, line: 2,
			check: wantInput("name", input.WantName, "", "")},
		{name: "join twice", rows: []string{"2025-02-01,A001,join,0,J-A001-2,Siti Rahayu"}, line: 2,
			check: func(t *testing.T, err error) {
				var dup *member.AlreadyAdmittedError
				require.ErrorAs(t, err, &dup)
				assert.Equal(t, member.ID("A001"), dup.Member)
				assert.Equal(t, calendar.MustNew(2025, 1, 2), dup.On)
			}},

		// Savings rules.
		{name: "withdrawal beyond the balance", rows: []string{"2025-02-01,A001,withdraw_sukarela,100001,WD-1,"}, line: 2,
			check: func(t *testing.T, err error) {
				var funds *savings.InsufficientFundsError
				require.ErrorAs(t, err, &funds)
				assert.Equal(t, "A001", funds.Member)
				assert.Equal(t, savings.Sukarela, funds.Product)
				assert.Equal(t, calendar.MustNew(2025, 2, 1), funds.On)
				requireAmount(t, 100_000, funds.Balance)
				requireAmount(t, 100_001, funds.Requested)
			}},
		{name: "withdrawal before the deposit", rows: []string{"2025-01-02,A001,withdraw_sukarela,50000,WD-1,"}, line: 2,
			check: func(t *testing.T, err error) {
				var funds *savings.InsufficientFundsError
				require.ErrorAs(t, err, &funds)
				requireAmount(t, 0, funds.Balance)
				requireAmount(t, 50_000, funds.Requested)
			}},
		{name: "withdrawal beyond what the file deposited", rows: []string{
			"2025-02-01,A002,deposit_sukarela,5000,S-A002-1,",
			"2025-02-02,A002,withdraw_sukarela,5001,WD-A002-1,",
		}, line: 3,
			check: func(t *testing.T, err error) {
				var funds *savings.InsufficientFundsError
				require.ErrorAs(t, err, &funds)
				assert.Equal(t, "A002", funds.Member)
				requireAmount(t, 5_000, funds.Balance)
				requireAmount(t, 5_001, funds.Requested)
			}},
		{name: "second pokok", rows: []string{"2025-02-01,A001,deposit_pokok,50000,P-A001-2,"}, line: 2,
			check: func(t *testing.T, err error) {
				var paid *member.PokokAlreadyPaidError
				require.ErrorAs(t, err, &paid)
				assert.Equal(t, member.ID("A001"), paid.Member)
				assert.Equal(t, "P-A001", paid.Ref)
				requireAmount(t, 50_000, paid.Amount)
				assert.Equal(t, calendar.MustNew(2025, 1, 2), paid.On)
			}},
		{name: "second pokok in the file", rows: []string{
			"2025-02-01,A003,join,0,J-A003,Dewi",
			"2025-02-01,A003,deposit_pokok,50000,P-A003,",
			"2025-02-02,A003,deposit_pokok,50000,P-A003-2,",
		}, line: 4,
			check: func(t *testing.T, err error) {
				var paid *member.PokokAlreadyPaidError
				require.ErrorAs(t, err, &paid)
				assert.Equal(t, "P-A003", paid.Ref)
			}},
		{name: "pokok other than the policy's", rows: []string{
			"2025-02-01,A003,join,0,J-A003,Dewi",
			"2025-02-01,A003,deposit_pokok,40000,P-A003,",
		}, line: 3,
			check: wantInput("amount", input.WantPokokAmount, "40000", "50000")},

		// References.
		{name: "empty ref", rows: []string{late("")}, line: 2,
			check: wantInput("ref", input.WantRef, "", "")},
		{name: "ref too long", rows: []string{late(strings.Repeat("R", 65))}, line: 2,
			check: wantInput("ref", input.WantRef, strings.Repeat("R", 65), "")},
		{name: "ref reused by the same member", rows: []string{late("S-A001-1")}, line: 2,
			check: wantDuplicateRef("S-A001-1", "A001")},
		{name: "ref of the admission reused for the pokok", rows: []string{
			"2025-02-01,A003,join,0,J-A003,Dewi",
			"2025-02-01,A003,deposit_pokok,50000,J-A003,",
		}, line: 3,
			check: wantDuplicateInFile("J-A003", 2)},
		{name: "ref recorded for another member", rows: []string{"2025-02-01,A002,deposit_wajib,10000,S-A001-1,"}, line: 2,
			check: wantDuplicateRef("S-A001-1", "")},
		{name: "ref twice in the file for two members", rows: []string{
			"2025-02-01,A001,deposit_wajib,10000,W-X,",
			"2025-02-01,A002,deposit_wajib,10000,W-X,",
		}, line: 3,
			check: wantDuplicateInFile("W-X", 2)},
	}
}

func TestImportRefusesBadRow(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	for _, c := range badRows() {
		t.Run(c.name, func(t *testing.T) {
			h := c.header
			if h == "" {
				h = header
			}
			sum, err := l.run(t, withHeader(h, c.rows...), importer.Options{})
			bad := rowsError(t, err, c.line)
			assert.Zero(t, sum.Written)
			assert.Contains(t, err.Error(), fmt.Sprintf("line %d:", c.line))
			requireUnchanged(t, l, before)
			c.check(t, bad.Rows[0].Err)
		})
	}
}

func TestImportDryRunRefusesWhatTheImportRefuses(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	for _, c := range badRows() {
		t.Run(c.name, func(t *testing.T) {
			h := c.header
			if h == "" {
				h = header
			}
			data := withHeader(h, c.rows...)
			_, real := l.run(t, data, importer.Options{})
			require.Error(t, real)
			sum, dry := l.run(t, data, importer.Options{DryRun: true})
			requireUnchanged(t, l, before)
			assert.Zero(t, sum.Written)
			require.Error(t, dry)
			assert.Equal(t, real.Error(), dry.Error())
		})
	}
}

func TestImportListsEveryDuplicateRef(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	t.Run("two duplicates", func(t *testing.T) {
		_, err := l.run(t, file(
			"2025-02-01,A001,deposit_wajib,10000,W-X,", // 2
			"2025-02-01,A002,deposit_wajib,10000,W-X,", // 3: W-X is A001's
			"2025-02-01,A001,deposit_wajib,10000,W-Y,", // 4
			"2025-02-01,A002,deposit_wajib,10000,W-Y,", // 5: W-Y is A001's
		), importer.Options{})
		require.Error(t, err)
		requireUnchanged(t, l, before)
		rowsError(t, err, 3, 5)
	})
	t.Run("after another bad row", func(t *testing.T) {
		_, err := l.run(t, file(
			"2025-02-01,A001,deposit_wajib,0,W-X,",     // 2: zero
			"2025-02-01,A002,deposit_wajib,10000,W-Z,", // 3
			"2025-02-01,A001,deposit_wajib,10000,W-Z,", // 4: W-Z is A002's
		), importer.Options{})
		require.Error(t, err)
		requireUnchanged(t, l, before)
		rowsError(t, err, 2, 4)
	})
}

func TestImportRefusesHeader(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	row := "2025-02-01,A001,deposit_wajib,10000,W-1,"
	for _, tt := range []struct {
		name    string
		header  string
		column  string
		problem importer.FileProblem
	}{
		{"unknown column", "date,member,kind,amount,ref,memo", "memo", importer.FileHeader},
		{"empty column", "date,member,kind,amount,ref,", "", importer.FileHeader},
		{"missing ref", "date,member,kind,amount,name,product", "ref", importer.FileHeader},
		{"missing date", "member,kind,amount,ref,name,product", "date", importer.FileHeader},
		{"duplicate column", "date,member,kind,amount,ref,amount", "amount", importer.FileHeader},
		{"duplicate column in other case", "date,member,kind,amount,ref,Member", "member", importer.FileHeader},
		{"semicolons", "date;member;kind;amount;ref;name", "date;member;kind;amount;ref;name", importer.FileHeader},
		{"not UTF-8", "date,member,kind,amount,ref,n\xe4me", "", importer.FileEncoding},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, dry := range []bool{false, true} {
				_, err := l.run(t, withHeader(tt.header, row), importer.Options{DryRun: dry})
				fe := fileError(t, err, tt.problem)
				assert.Equal(t, 1, fe.Line)
				assert.Equal(t, tt.column, fe.Column)
				requireUnchanged(t, l, before)
			}
		})
	}
}

func TestImportRefusesFile(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	rows := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("2025-02-01,A001,deposit_wajib,10000,W-%d,", i))
		}
		return out
	}
	for _, tt := range []struct {
		name    string
		data    string
		size    int64 // len(data) if zero
		opt     importer.Options
		problem importer.FileProblem
		line    int
		limit   int64
	}{
		{name: "empty", data: "", problem: importer.FileEmpty, line: 1},
		{name: "blank lines", data: "\n\n\r\n", problem: importer.FileEmpty, line: 1},
		{name: "size above MaxBytes", data: file(rows(3)...), size: 1 << 20, opt: importer.Options{MaxBytes: 1 << 10},
			problem: importer.FileTooLarge, limit: 1 << 10},
		{name: "size above the default", data: file(rows(1)...), size: 512<<20 + 1, problem: importer.FileTooLarge, limit: 512 << 20},
		{name: "too many rows", data: file(rows(4)...), opt: importer.Options{MaxRows: 3},
			problem: importer.FileTooManyRows, line: 5, limit: 3},
		{name: "long data line", data: file(
			"2025-02-01,A001,deposit_wajib,10000,W-1,",
			"2025-02-01,A001,deposit_wajib,10000,W-2,"+strings.Repeat("x", 200),
		), opt: importer.Options{MaxLineBytes: 100}, problem: importer.FileLineTooLong, line: 3, limit: 100},
		{name: "long header", data: file(rows(1)...), opt: importer.Options{MaxLineBytes: 10},
			problem: importer.FileLineTooLong, line: 1, limit: 10},
		{name: "no line breaks", data: header + "\n" + strings.Repeat("a,", 100_000), opt: importer.Options{MaxLineBytes: 1 << 10},
			problem: importer.FileLineTooLong, line: 2, limit: 1 << 10},
		{name: "bare quote", data: file(`2025-02-01,A001,deposit_wajib,10"000,W-1,`), problem: importer.FileNotCSV, line: 2},
		{name: "quote in a quoted field", data: file(`2025-02-01,A001,deposit_wajib,"10"000,W-1,`), problem: importer.FileNotCSV, line: 2},
		{name: "unterminated quote", data: file(`2025-02-01,A001,deposit_wajib,10000,W-1,"Siti`), problem: importer.FileNotCSV, line: 2},
		{name: "bare quote in the header", data: withHeader(`date,member,kind,amount,ref,na"me`), problem: importer.FileNotCSV, line: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			size := tt.size
			if size == 0 {
				size = int64(len(tt.data))
			}
			for _, dry := range []bool{false, true} {
				opt := tt.opt
				opt.DryRun = dry
				_, err := importer.Run(l.ctx, l.svc, actor, coop, strings.NewReader(tt.data), size, opt)
				fe := fileError(t, err, tt.problem)
				assert.Equal(t, tt.line, fe.Line, "line")
				assert.Equal(t, tt.limit, fe.Limit, "limit")
				requireUnchanged(t, l, before)
			}
		})
	}
}

func TestImportLimitsAreInclusive(t *testing.T) {
	l := newLedger(t)
	l.seed(t)
	data := file(
		"2025-02-01,A001,deposit_wajib,10000,W-1,",
		"2025-02-01,A001,deposit_wajib,10000,W-2,",
		"2025-02-01,A001,deposit_wajib,10000,W-3,",
	)
	sum, err := l.run(t, data, importer.Options{
		DryRun: true, MaxRows: 3, MaxBytes: int64(len(data)), MaxLineBytes: len("2025-02-01,A001,deposit_wajib,10000,W-1,"),
	})
	require.NoError(t, err)
	assert.Equal(t, 3, sum.Rows)
}

func TestImportUnknownSizeStillBoundedByMaxBytes(t *testing.T) {
	// A reader whose size is unknown (0), such as a pipe, must still be
	// refused once it passes MaxBytes.
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	var rows []string
	for i := range 100 {
		rows = append(rows, fmt.Sprintf("2025-02-01,A001,deposit_wajib,10000,W-%d,", i))
	}
	data := file(rows...)
	_, err := importer.Run(l.ctx, l.svc, actor, coop, strings.NewReader(data), 0, importer.Options{MaxBytes: 1 << 10, DryRun: true})
	requireUnchanged(t, l, before)
	fileError(t, err, importer.FileTooLarge)
}

func TestImportMaxRowsCountsMalformedRows(t *testing.T) {
	// Rows with the wrong number of columns are data rows too: MaxRows
	// must stop a file of them.
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	var rows []string
	for i := range 5 {
		rows = append(rows, fmt.Sprintf("2025-02-01,A001,deposit_wajib,W-%d", i))
	}
	_, err := l.run(t, file(rows...), importer.Options{MaxRows: 3, DryRun: true})
	require.Error(t, err)
	requireUnchanged(t, l, before)
	fe := fileError(t, err, importer.FileTooManyRows)
	assert.Equal(t, int64(3), fe.Limit)
	assert.Equal(t, 5, fe.Line)
}

func TestImportBareQuoteInFirstField(t *testing.T) {
	// encoding/csv reports a quote error in a row's first field before it
	// records any field position; csv.go next() then calls FieldPos(0).
	l := newLedger(t)
	l.seed(t)
	before := snapshot(t, l.store)
	for _, row := range []string{
		`2025"-02-01,A001,deposit_wajib,10000,W-1,`,
		`"2025-02-01"x,A001,deposit_wajib,10000,W-1,`,
	} {
		// Only the dry run is tried: the real import reads in a goroutine,
		// where the panic would end the whole test binary.
		_, err, panicked := runRecovering(l, file(row), importer.Options{DryRun: true})
		requireUnchanged(t, l, before)
		require.Nil(t, panicked, "a malformed first field must not crash the import")
		fe := fileError(t, err, importer.FileNotCSV)
		assert.Equal(t, 2, fe.Line)
	}
	for _, row := range []string{`2025"-02-01,A001,deposit_wajib,10000,W-1,`} {
		_, err := l.run(t, file(row), importer.Options{})
		fileError(t, err, importer.FileNotCSV)
		requireUnchanged(t, l, before)
	}
}

// runRecovering runs an import and returns the value of a panic, if any.
func runRecovering(l *ledger, data string, opt importer.Options) (sum importer.Summary, err error, panicked any) {
	defer func() { panicked = recover() }()
	sum, err = importer.Run(l.ctx, l.svc, actor, coop, strings.NewReader(data), int64(len(data)), opt)
	return sum, err, nil
}

func TestImportAcceptsFormatVariants(t *testing.T) {
	for _, tt := range []struct {
		name string
		data string
	}{
		{name: "BOM", data: "\ufeff" + file(seedRows...)},
		{name: "columns in another order", data: withHeader("ref,name,amount,kind,member,date",
			"J-A001,Siti Rahayu,0,join,A001,2025-01-02",
			"P-A001,,50000,deposit_pokok,A001,2025-01-02",
			"S-A001-1,,100000,deposit_sukarela,A001,2025-01-03",
			"J-A002,Budi Santoso,0,join,A002,2025-01-02",
			"P-A002,,50000,deposit_pokok,A002,2025-01-02",
		)},
		{name: "BOM and another order", data: "\ufeff" + withHeader("member,date,kind,ref,amount,name",
			"A001,2025-01-02,join,J-A001,0,Siti Rahayu",
			"A001,2025-01-02,deposit_pokok,P-A001,50000,",
			"A001,2025-01-03,deposit_sukarela,S-A001-1,100000,",
			"A002,2025-01-02,join,J-A002,0,Budi Santoso",
			"A002,2025-01-02,deposit_pokok,P-A002,50000,",
		)},
		{name: "header in capitals with spaces", data: withHeader(" Date , MEMBER,Kind,Amount,Ref,Name", seedRows...)},
		{name: "only the required columns", data: withHeader("date,member,kind,amount,ref,name,product,loan,rate,term_months,method",
			"2025-01-02,A001,join,0,J-A001,Siti Rahayu,,,,,",
			"2025-01-02,A001,deposit_pokok,50000,P-A001,,pokok,,,,",
			"2025-01-03,A001,deposit_sukarela,100000,S-A001-1,,sukarela,,,,",
			"2025-01-02,A002,join,0,J-A002,Budi Santoso,,,,,",
			"2025-01-02,A002,deposit_pokok,50000,P-A002,,,,,,",
		)},
		{name: "CRLF and quoted fields", data: strings.ReplaceAll(withHeader(header,
			`"2025-01-02","A001","join","0","J-A001","Siti ""Ani"" Rahayu"`,
			`2025-01-02,A001,deposit_pokok,50000,P-A001,`,
			`2025-01-03,A001,deposit_sukarela," 100000 ",S-A001-1,`,
			`2025-01-02,A002,join,0,J-A002,"Budi Santoso"`,
			`2025-01-02,A002,deposit_pokok,50000,P-A002,`,
		), "\n", "\r\n")},
		{name: "no final newline", data: strings.TrimSuffix(file(seedRows...), "\n")},
		{name: "blank lines", data: strings.ReplaceAll(file(seedRows...), "\n", "\n\n")},
		{name: "BOM before a quoted header", data: "\ufeff" + withHeader(`"date","member","kind","amount","ref","name"`, seedRows...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger(t)
			sum, err := l.run(t, tt.data, importer.Options{})
			require.NoError(t, err)
			assert.Equal(t, len(seedRows), sum.Written)
			requireAmount(t, 50_000, balance(t, l.svc, "A001", savings.Pokok))
			requireAmount(t, 100_000, balance(t, l.svc, "A001", savings.Sukarela))
			requireAmount(t, 50_000, balance(t, l.svc, "A002", savings.Pokok))
			st, err := l.svc.Member(l.ctx, coop, "A002")
			require.NoError(t, err)
			assert.Equal(t, "Budi Santoso", st.Name)
		})
	}
}

func TestImportHeaderOnly(t *testing.T) {
	l := newLedger(t)
	before := snapshot(t, l.store)
	for _, dry := range []bool{false, true} {
		sum, err := l.run(t, header+"\n", importer.Options{DryRun: dry})
		require.NoError(t, err)
		assert.Zero(t, sum.Rows)
		assert.Zero(t, sum.Written)
		requireUnchanged(t, l, before)
	}
}

func TestImportRefusesUnknownCooperativeAndActor(t *testing.T) {
	l := newLedger(t)
	before := snapshot(t, l.store)
	data := file(seedRows...)

	_, err := importer.Run(l.ctx, l.svc, actor, "kdmp-lain", strings.NewReader(data), int64(len(data)), importer.Options{})
	var ie *input.Error
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, input.WantKnownCoop, ie.Want)
	requireUnchanged(t, l, before)

	_, err = importer.Run(l.ctx, l.svc, "", coop, strings.NewReader(data), int64(len(data)), importer.Options{})
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, input.WantActor, ie.Want)
	requireUnchanged(t, l, before)
}

// sampleFile returns a generated file.
func sampleFile(t testing.TB, c sample.Config) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, sample.Write(&buf, c))
	return buf.Bytes()
}

func TestImportReportsProgress(t *testing.T) {
	l := newLedger(t)
	data := sampleFile(t, sample.Config{
		Members: 100, Rows: 25_000, Start: calendar.MustNew(2025, 1, 1), Days: 300,
		Pokok: 50_000, Wajib: 10_000, Seed: 1, RefPrefix: "R",
	})
	for _, dry := range []bool{true, false} {
		t.Run(fmt.Sprintf("dry=%v", dry), func(t *testing.T) {
			var got []importer.Progress
			sum, err := importer.Run(l.ctx, l.svc, actor, coop, bytes.NewReader(data), int64(len(data)), importer.Options{
				DryRun:   dry,
				Progress: func(p importer.Progress) { got = append(got, p) },
			})
			require.NoError(t, err)
			require.Equal(t, 25_000, sum.Rows)
			require.GreaterOrEqual(t, len(got), 3)
			for i, p := range got {
				assert.Equal(t, int64(len(data)), p.Total)
				assert.LessOrEqual(t, p.Bytes, int64(len(data)))
				if i > 0 {
					assert.Greater(t, p.Rows, got[i-1].Rows, "rows at report %d", i)
					assert.GreaterOrEqual(t, p.Bytes, got[i-1].Bytes, "bytes at report %d", i)
				}
			}
			assert.Equal(t, 10_000, got[0].Rows)
			last := got[len(got)-1]
			assert.Equal(t, 25_000, last.Rows)
			assert.Equal(t, int64(len(data)), last.Bytes)
		})
	}
	assert.Equal(t, 2+25_000, countEvents(t, l.store))
}

func TestImportCanceledWritesNothing(t *testing.T) {
	l := newLedger(t)
	data := sampleFile(t, sample.Config{
		Members: 100, Rows: 25_000, Start: calendar.MustNew(2025, 1, 1), Days: 300,
		Pokok: 50_000, Wajib: 10_000, Seed: 3, RefPrefix: "C",
	})
	before := snapshot(t, l.store)
	for _, dry := range []bool{true, false} {
		t.Run(fmt.Sprintf("dry=%v", dry), func(t *testing.T) {
			ctx, cancel := context.WithCancel(l.ctx)
			defer cancel()
			_, err := importer.Run(ctx, l.svc, actor, coop, bytes.NewReader(data), int64(len(data)), importer.Options{
				DryRun:   dry,
				Progress: func(p importer.Progress) { cancel() },
			})
			require.Error(t, err)
			requireUnchanged(t, l, before)
			assert.ErrorIs(t, err, context.Canceled)
		})
	}
	t.Run("before the start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(l.ctx)
		cancel()
		_, err := importer.Run(ctx, l.svc, actor, coop, bytes.NewReader(data), int64(len(data)), importer.Options{})
		require.Error(t, err)
		requireUnchanged(t, l, before)
		assert.ErrorIs(t, err, context.Canceled)
	})
}

// expectedBalances folds a sample file with a plain CSV reader, as an
// independent account of what the import should record.
func expectedBalances(t testing.TB, data []byte) map[member.ID]map[savings.Product]int64 {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	out := map[member.ID]map[savings.Product]int64{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		require.NoError(t, err)
		id := member.ID(rec[col["member"]])
		if out[id] == nil {
			out[id] = map[savings.Product]int64{}
		}
		amount, err := strconv.ParseInt(rec[col["amount"]], 10, 64)
		require.NoError(t, err)
		switch rec[col["kind"]] {
		case "deposit_pokok":
			out[id][savings.Pokok] += amount
		case "deposit_wajib":
			out[id][savings.Wajib] += amount
		case "deposit_sukarela":
			out[id][savings.Sukarela] += amount
		case "withdraw_sukarela":
			out[id][savings.Sukarela] -= amount
		}
	}
}

func TestImportSampleFilesImportCleanly(t *testing.T) {
	// Property: the generator never writes a withdrawal beyond the balance,
	// so every file it writes imports whole, with the balances a plain fold
	// of the file gives.
	for _, seed := range []uint64{1, 2, 7, 42, 2025} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			l := newLedger(t)
			data := sampleFile(t, sample.Config{
				Members: 200, Rows: 5_000, Start: calendar.MustNew(2025, 1, 1), Days: 365,
				Pokok: 50_000, Wajib: 10_000, Seed: seed, RefPrefix: "R",
			})
			sum, err := importer.Run(l.ctx, l.svc, actor, coop, bytes.NewReader(data), int64(len(data)), importer.Options{})
			require.NoError(t, err)
			assert.Equal(t, 5_000, sum.Rows)
			assert.Equal(t, 5_000, sum.Written)
			assert.Equal(t, 200, sum.Kinds[importer.Join])
			assert.Equal(t, 200, sum.Kinds[importer.DepositPokok])
			assert.Equal(t, 2+5_000, countEvents(t, l.store))

			want := expectedBalances(t, data)
			require.Len(t, want, 200)
			for id, products := range want {
				for _, p := range savings.Products() {
					requireAmount(t, products[p], balance(t, l.svc, id, p), id, " ", p)
				}
				assert.GreaterOrEqual(t, products[savings.Sukarela], int64(0), id)
			}

			again, err := importer.Run(l.ctx, l.svc, actor, coop, bytes.NewReader(data), int64(len(data)), importer.Options{})
			require.NoError(t, err)
			assert.Equal(t, 5_000, again.Repeated)
			assert.Zero(t, again.Written)
		})
	}
}

func TestImportKeepsTheServiceViewRight(t *testing.T) {
	// The service caches member states it has read. Whatever an import
	// does, the service must afterwards read what the store holds, as a
	// fresh service on the same store does.
	for _, tt := range []struct {
		name string
		data string
		opt  importer.Options
		ok   bool
	}{
		{"import", file("2025-02-01,A001,deposit_sukarela,25000,S-A001-2,"), importer.Options{}, true},
		{"dry run", file("2025-02-01,A001,deposit_sukarela,25000,S-A001-2,"), importer.Options{DryRun: true}, true},
		{"refused import", file(
			"2025-02-01,A001,deposit_sukarela,25000,S-A001-2,",
			"2025-02-01,A001,deposit_sukarela,0,S-A001-3,",
		), importer.Options{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger(t)
			l.seed(t)
			// The service reads A001, and so caches its state.
			requireAmount(t, 100_000, balance(t, l.svc, "A001", savings.Sukarela))

			_, err := l.run(t, tt.data, tt.opt)
			require.Equal(t, tt.ok, err == nil, "%v", err)

			fresh := app.New(l.store, app.Options{Clock: fixedClock})
			want := balance(t, fresh, "A001", savings.Sukarela)
			got := balance(t, l.svc, "A001", savings.Sukarela)
			requireAmount(t, 0, got.Sub(want), "service ", got, ", store ", want)
		})
	}
}
