package passbook_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
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
	"github.com/lumbung-ledger/lumbung/projections/passbook"
)

const coop = "kdmp-test"

func clock() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

func on(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

func rp(n int64) money.Amount { return money.New(n) }

func open(t *testing.T) (*sqlite.Store, *app.Service) {
	t.Helper()
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "l.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: clock})
	_, err = svc.Register(t.Context(), "bendahara", cooperative.Register{Coop: coop, Name: "Koperasi Test", Policy: policy.Default(rp(50_000), rp(10_000))})
	require.NoError(t, err)
	return store, svc
}

// build records the members' histories through the application. M001's
// sukarela deposit S-001-0 is dated 01-20 but recorded after its February
// and April transactions; M002's S-002b is reversed on its own date;
// M003 exits; M004 joins without pokok and has a withdrawal reversed
// two days later.
func build(t *testing.T, svc *app.Service) {
	t.Helper()
	ctx := t.Context()
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
			return svc.Deposit(ctx, "bendahara", coop, "M002", savings.Sukarela, rp(1_000_000), on(time.March, 5), "S-002")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M002", savings.Sukarela, rp(500_000), on(time.March, 20), "S-002b")
		},
		func() (app.Result, error) {
			return svc.Withdraw(ctx, "bendahara", coop, "M001", savings.Sukarela, rp(100_000), on(time.April, 15), "T-001")
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
		func() (app.Result, error) {
			return svc.Admit(ctx, "bendahara", coop, "M004", "Agus Wijaya", on(time.April, 1), "ADM-004", false)
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M004", savings.Sukarela, rp(100_000), on(time.April, 2), "S-004")
		},
		func() (app.Result, error) {
			return svc.Withdraw(ctx, "bendahara", coop, "M004", savings.Sukarela, rp(40_000), on(time.April, 5), "T-004")
		},
		func() (app.Result, error) {
			return svc.Reverse(ctx, "bendahara", coop, "T-004", "penarikan batal", on(time.April, 7))
		},
	}
	for i, step := range steps {
		res, err := step()
		require.NoError(t, err, "step %d", i)
		require.False(t, res.Repeated, "step %d", i)
	}
}

// stream reads and decodes one member's stream.
func stream(t *testing.T, store eventstore.Store, id string) []codec.Event {
	t.Helper()
	recs, err := store.ReadStream(t.Context(), codec.MemberStream(coop, id), eventstore.FirstRevision, eventstore.Forwards, 0)
	require.NoError(t, err)
	out := make([]codec.Event, 0, len(recs))
	for _, rec := range recs {
		e, err := codec.Events().Decode(rec)
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}

func book(events []codec.Event) *passbook.Passbook {
	pb := passbook.New()
	for _, e := range events {
		pb.Apply(e)
	}
	return pb
}

// lines renders lines as "date ref kind product in out balance total".
func lines(ls []passbook.Line) []string {
	out := []string{}
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s %s %s %s %s %s %s %s", l.On, l.Ref, l.Kind, l.Product, l.In, l.Out, l.Balance, l.Total))
	}
	return out
}

func balances(m map[savings.Product]money.Amount) string {
	return fmt.Sprintf("%s/%s/%s", m[savings.Pokok], m[savings.Wajib], m[savings.Sukarela])
}

func TestRunningBalancesInDateOrder(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	pb := book(stream(t, store, "M001"))
	require.Equal(t, "M001", pb.Member)
	require.Equal(t, "Siti Rahayu", pb.Name)
	require.Equal(t, on(time.January, 6), pb.Admitted)
	require.Equal(t, member.StatusActive, pb.Status)

	page := pb.Between(calendar.Date{}, calendar.Date{})
	// S-001-0 was recorded seventh but is dated 01-20: it comes third, and
	// every later line's balances include it.
	require.Equal(t, []string{
		"2025-01-06 ADM-001 admission  0 0 0 0",
		"2025-01-06 ADM-001/pokok deposit pokok 50000 0 50000 50000",
		"2025-01-20 S-001-0 deposit sukarela 75000 0 75000 125000",
		"2025-01-31 W-001-01 deposit wajib 10000 0 10000 135000",
		"2025-02-10 S-001 deposit sukarela 250000 0 325000 385000",
		"2025-02-28 W-001-02 deposit wajib 10000 0 20000 395000",
		"2025-03-31 W-001-03 deposit wajib 10000 0 30000 405000",
		"2025-04-15 T-001 withdrawal sukarela 0 100000 225000 305000",
	}, lines(page.Lines))
	require.Equal(t, "0/0/0", balances(page.Opening))
	require.Equal(t, "50000/30000/225000", balances(page.Closing))
	require.Equal(t, "M001", page.Member)
	require.Equal(t, "Siti Rahayu", page.Name)
	require.True(t, page.From.IsZero())
	require.True(t, page.To.IsZero())

	adm := page.Lines[0]
	require.Equal(t, "Siti Rahayu", adm.Note)
	for _, l := range page.Lines {
		require.Equal(t, clock(), l.Recorded)
		require.Equal(t, "bendahara", l.Actor)
		require.Equal(t, app.EventID(coop, "ref:"+l.Ref), l.EventID, l.Ref)
	}
}

// TestApplicationOrderDoesNotMatter applies a stream's events in reverse:
// the page is the same, since lines are ordered by date and then by
// revision.
func TestApplicationOrderDoesNotMatter(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	for _, id := range []string{"M001", "M002", "M003", "M004"} {
		events := stream(t, store, id)
		want := book(events).Between(calendar.Date{}, calendar.Date{})
		backwards := slices.Clone(events)
		slices.Reverse(backwards)
		// The admission sets the member's details: keep it first.
		backwards = append([]codec.Event{events[0]}, backwards[:len(backwards)-1]...)
		got := book(backwards).Between(calendar.Date{}, calendar.Date{})
		require.Equal(t, lines(want.Lines), lines(got.Lines), id)
		require.Equal(t, balances(want.Closing), balances(got.Closing), id)
	}
}

func TestReversalLines(t *testing.T) {
	store, svc := open(t)
	build(t, svc)

	page := book(stream(t, store, "M002")).Between(calendar.Date{}, calendar.Date{})
	require.Equal(t, []string{
		"2025-02-03 ADM-002 admission  0 0 0 0",
		"2025-02-03 ADM-002/pokok deposit pokok 50000 0 50000 50000",
		"2025-02-28 W-002-02 deposit wajib 10000 0 10000 60000",
		"2025-03-05 S-002 deposit sukarela 1000000 0 1000000 1060000",
		"2025-03-20 S-002b deposit sukarela 500000 0 1500000 1560000",
		"2025-03-20 S-002b reversal sukarela 0 500000 1000000 1060000",
		"2025-05-02 T-002 withdrawal sukarela 0 300000 700000 760000",
	}, lines(page.Lines))
	rev := page.Lines[5]
	require.Equal(t, "salah input", rev.Note)
	require.Equal(t, app.EventID(coop, "reversal:S-002b"), rev.EventID)

	// A withdrawal reversed later puts the money back on the reversal's
	// date.
	page = book(stream(t, store, "M004")).Between(calendar.Date{}, calendar.Date{})
	require.Equal(t, []string{
		"2025-04-01 ADM-004 admission  0 0 0 0",
		"2025-04-02 S-004 deposit sukarela 100000 0 100000 100000",
		"2025-04-05 T-004 withdrawal sukarela 0 40000 60000 60000",
		"2025-04-07 T-004 reversal sukarela 40000 0 100000 100000",
	}, lines(page.Lines))
	require.Equal(t, "penarikan batal", page.Lines[3].Note)
	require.Equal(t, "0/0/100000", balances(page.Closing))
}

func TestExitLines(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	pb := book(stream(t, store, "M003"))
	require.Equal(t, member.StatusExited, pb.Status)
	page := pb.Between(calendar.Date{}, calendar.Date{})
	require.Equal(t, []string{
		"2025-03-10 ADM-003 admission  0 0 0 0",
		"2025-03-10 ADM-003/pokok deposit pokok 50000 0 50000 50000",
		"2025-03-31 W-003-03 deposit wajib 10000 0 10000 60000",
		"2025-04-01 S-003 deposit sukarela 200000 0 200000 260000",
		"2025-06-30 EXIT-003 exit pokok 0 50000 0 210000",
		"2025-06-30 EXIT-003 exit wajib 0 10000 0 200000",
		"2025-06-30 EXIT-003 exit sukarela 0 200000 0 0",
	}, lines(page.Lines))
	exit := page.Lines[4:]
	for _, l := range exit {
		require.Equal(t, "pindah domisili", l.Note)
		require.Equal(t, app.EventID(coop, "ref:EXIT-003"), l.EventID)
	}
	require.Equal(t, "0/0/0", balances(page.Closing))
}

// TestExitLinesOnlyForProductsRefunded: a member who paid no pokok and
// holds no wajib gets one exit line.
func TestExitLinesOnlyForProductsRefunded(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	_, err := svc.Exit(t.Context(), "bendahara", coop, "M004", on(time.April, 30), "EXIT-004", "", "")
	require.NoError(t, err)
	page := book(stream(t, store, "M004")).Between(on(time.April, 30), calendar.Date{})
	require.Equal(t, []string{"2025-04-30 EXIT-004 exit sukarela 0 100000 0 0"}, lines(page.Lines))
	require.Equal(t, "0/0/100000", balances(page.Opening))
	require.Equal(t, "0/0/0", balances(page.Closing))
}

func TestBetween(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	pb := book(stream(t, store, "M001"))
	zero := calendar.Date{}
	tests := []struct {
		name             string
		from, to         calendar.Date
		opening, closing string
		lines            []string
	}{
		{
			name: "one month", from: on(time.February, 1), to: on(time.February, 28),
			opening: "50000/10000/75000", closing: "50000/20000/325000",
			lines: []string{
				"2025-02-10 S-001 deposit sukarela 250000 0 325000 385000",
				"2025-02-28 W-001-02 deposit wajib 10000 0 20000 395000",
			},
		},
		{
			name: "up to a date", from: zero, to: on(time.January, 31),
			opening: "0/0/0", closing: "50000/10000/75000",
			lines: []string{
				"2025-01-06 ADM-001 admission  0 0 0 0",
				"2025-01-06 ADM-001/pokok deposit pokok 50000 0 50000 50000",
				"2025-01-20 S-001-0 deposit sukarela 75000 0 75000 125000",
				"2025-01-31 W-001-01 deposit wajib 10000 0 10000 135000",
			},
		},
		{
			name: "from a date", from: on(time.April, 1), to: zero,
			opening: "50000/30000/325000", closing: "50000/30000/225000",
			lines: []string{"2025-04-15 T-001 withdrawal sukarela 0 100000 225000 305000"},
		},
		{
			name: "one day, both bounds inclusive", from: on(time.January, 6), to: on(time.January, 6),
			opening: "0/0/0", closing: "50000/0/0",
			lines: []string{
				"2025-01-06 ADM-001 admission  0 0 0 0",
				"2025-01-06 ADM-001/pokok deposit pokok 50000 0 50000 50000",
			},
		},
		{
			name: "a backdated line's date", from: on(time.January, 20), to: on(time.January, 20),
			opening: "50000/0/0", closing: "50000/0/75000",
			lines: []string{"2025-01-20 S-001-0 deposit sukarela 75000 0 75000 125000"},
		},
		{
			name: "after the last line", from: on(time.July, 1), to: on(time.July, 31),
			opening: "50000/30000/225000", closing: "50000/30000/225000", lines: []string{},
		},
		{
			name: "before the first line", from: calendar.MustNew(2024, time.January, 1), to: calendar.MustNew(2024, time.December, 31),
			opening: "0/0/0", closing: "0/0/0", lines: []string{},
		},
		{
			name: "a gap between lines", from: on(time.March, 1), to: on(time.March, 30),
			opening: "50000/20000/325000", closing: "50000/20000/325000", lines: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := pb.Between(tt.from, tt.to)
			require.Equal(t, tt.from, page.From)
			require.Equal(t, tt.to, page.To)
			require.Equal(t, tt.lines, lines(page.Lines))
			require.Equal(t, tt.opening, balances(page.Opening))
			require.Equal(t, tt.closing, balances(page.Closing))
			// The closing balances are the opening ones moved by the
			// page's lines.
			moved := map[savings.Product]money.Amount{}
			for p, a := range page.Opening {
				moved[p] = a
			}
			for _, l := range page.Lines {
				if l.Product != "" {
					moved[l.Product] = moved[l.Product].Add(l.In).Sub(l.Out)
				}
			}
			require.Equal(t, balances(page.Closing), balances(moved))
		})
	}
}

// TestPassbookAgreesWithTheAggregate imports the sample generator's data
// and checks every member's passbook against the member aggregate: the
// balance after the last line of each date is the account's balance at
// the end of that date, and the closing balances are the final ones.
func TestPassbookAgreesWithTheAggregate(t *testing.T) {
	store, svc := open(t)
	ctx := t.Context()
	var buf bytes.Buffer
	require.NoError(t, sample.Write(&buf, sample.Config{
		Members: 20, Rows: 1_000, Start: on(time.January, 1), Days: 365,
		Pokok: 50_000, Wajib: 10_000, Seed: 11, RefPrefix: "R",
	}))
	_, err := importer.Run(ctx, svc, "bendahara", coop, &buf, int64(buf.Len()), importer.Options{})
	require.NoError(t, err)

	for i := 1; i <= 20; i++ {
		id := fmt.Sprintf("M%04d", i)
		st, err := svc.Member(ctx, coop, member.ID(id))
		require.NoError(t, err)
		page := book(stream(t, store, id)).Between(calendar.Date{}, calendar.Date{})
		for k, l := range page.Lines {
			if k+1 < len(page.Lines) && page.Lines[k+1].On == l.On {
				continue // not the last line of its date
			}
			total := money.Zero()
			for _, p := range savings.Products() {
				total = total.Add(st.Account(p).BalanceAt(l.On))
			}
			require.True(t, total.Equal(l.Total), "%s on %s: passbook %s, aggregate %s", id, l.On, l.Total, total)
			if l.Product != "" {
				want := st.Account(l.Product).BalanceAt(l.On)
				require.True(t, want.Equal(l.Balance), "%s %s on %s", id, l.Product, l.On)
			}
		}
		for _, p := range savings.Products() {
			require.True(t, st.Account(p).Balance().Equal(page.Closing[p]), "%s %s", id, p)
		}
	}
}
