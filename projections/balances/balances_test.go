package balances_test

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
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
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

const coop = "kdmp-test"

func clock() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

func on(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

func rp(n int64) money.Amount { return money.New(n) }

// open returns a store with the cooperative registered, and its service.
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

// build records a small ledger through the application:
//
//	M001 admitted 01-06 (pokok 50.000); wajib 10.000 on 01-31, 02-28 and
//	     03-31; sukarela 250.000 on 02-10, 100.000 withdrawn 04-15, and
//	     75.000 dated 01-20 recorded after everything else of M001's
//	     savings (backdated).
//	M002 admitted 02-03 (pokok); wajib 10.000 on 02-28; sukarela
//	     1.000.000 on 03-05 and 500.000 on 03-20, the latter reversed on
//	     its own date; 300.000 withdrawn 05-02.
//	M003 admitted 03-10 (pokok); wajib 10.000 on 03-31; sukarela 200.000
//	     on 04-01; exits 06-30 with everything refunded.
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
	}
	for i, step := range steps {
		res, err := step()
		require.NoError(t, err, "step %d", i)
		require.False(t, res.Repeated, "step %d", i)
	}
}

// events reads and decodes the whole log.
func events(t *testing.T, store eventstore.Store) []codec.Event {
	t.Helper()
	var out []codec.Event
	at := eventstore.Start
	for {
		page, err := store.ReadAll(t.Context(), at, eventstore.Forwards, 500)
		require.NoError(t, err)
		if len(page) == 0 {
			return out
		}
		for _, rec := range page {
			e, err := codec.Events().Decode(rec)
			require.NoError(t, err)
			out = append(out, e)
		}
		at = page[len(page)-1].Position
	}
}

// fold applies events to a new projection.
func fold(es []codec.Event) *balances.Projection {
	p := balances.New()
	for _, e := range es {
		p.Apply(e)
	}
	return p
}

// describe renders a report's rows as "member status pokok/wajib/sukarela".
func describe(r balances.Report) []string {
	out := []string{}
	for _, row := range r.Rows {
		out = append(out, fmt.Sprintf("%s %s %s/%s/%s", row.Member, row.Status, row.Pokok, row.Wajib, row.Sukarela))
	}
	return out
}

func TestBalancesAsOf(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	p := fold(events(t, store))

	tests := []struct {
		name   string
		asOf   calendar.Date
		rows   []string
		active int
	}{
		{name: "before any admission", asOf: on(time.January, 5), rows: []string{}},
		{name: "on the first admission", asOf: on(time.January, 6), rows: []string{"M001 active 50000/0/0"}, active: 1},
		{name: "the day before a backdated deposit", asOf: on(time.January, 19), rows: []string{"M001 active 50000/0/0"}, active: 1},
		{name: "on the date of a backdated deposit", asOf: on(time.January, 20), rows: []string{"M001 active 50000/0/75000"}, active: 1},
		{
			name: "the day before the second admission", asOf: on(time.February, 2),
			rows: []string{"M001 active 50000/10000/75000"}, active: 1,
		},
		{
			name: "on the second admission", asOf: on(time.February, 3),
			rows: []string{"M001 active 50000/10000/75000", "M002 active 50000/0/0"}, active: 2,
		},
		{
			name: "after a deposit recorded before the backdated one", asOf: on(time.February, 10),
			rows: []string{"M001 active 50000/10000/325000", "M002 active 50000/0/0"}, active: 2,
		},
		{
			name: "the day before a reversed deposit", asOf: on(time.March, 19),
			rows: []string{"M001 active 50000/20000/325000", "M002 active 50000/10000/1000000", "M003 active 50000/0/0"}, active: 3,
		},
		{
			name: "on the date of a deposit and its reversal", asOf: on(time.March, 20),
			rows: []string{"M001 active 50000/20000/325000", "M002 active 50000/10000/1000000", "M003 active 50000/0/0"}, active: 3,
		},
		{
			name: "mid-year", asOf: on(time.April, 30),
			rows: []string{"M001 active 50000/30000/225000", "M002 active 50000/10000/1000000", "M003 active 50000/10000/200000"}, active: 3,
		},
		{
			name: "the day before an exit", asOf: on(time.June, 29),
			rows: []string{"M001 active 50000/30000/225000", "M002 active 50000/10000/700000", "M003 active 50000/10000/200000"}, active: 3,
		},
		{
			name: "on the exit date the exited member is listed with nothing", asOf: on(time.June, 30),
			rows: []string{"M001 active 50000/30000/225000", "M002 active 50000/10000/700000", "M003 exited 0/0/0"}, active: 2,
		},
		{
			name: "after the exit the exited member is not listed", asOf: on(time.July, 1),
			rows: []string{"M001 active 50000/30000/225000", "M002 active 50000/10000/700000"}, active: 2,
		},
		{
			name: "year end", asOf: on(time.December, 31),
			rows: []string{"M001 active 50000/30000/225000", "M002 active 50000/10000/700000"}, active: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := p.Balances(coop, tt.asOf)
			require.False(t, r.Unknown)
			require.Equal(t, tt.asOf, r.AsOf)
			require.Equal(t, tt.rows, describe(r))
			require.Equal(t, len(tt.rows), r.Totals.Members)
			require.Equal(t, tt.active, r.Totals.Active)
			requireTotalsAreSums(t, r)
			for _, row := range r.Rows {
				require.False(t, row.Admitted.After(tt.asOf), "%s listed before admission", row.Member)
				if row.Status == member.StatusExited {
					require.Equal(t, on(time.June, 30), row.Exited)
				} else {
					require.True(t, row.Exited.IsZero())
				}
			}
		})
	}
}

// requireTotalsAreSums checks a report's totals against its rows.
func requireTotalsAreSums(t *testing.T, r balances.Report) {
	t.Helper()
	pokok, wajib, sukarela := money.Zero(), money.Zero(), money.Zero()
	for _, row := range r.Rows {
		pokok, wajib, sukarela = pokok.Add(row.Pokok), wajib.Add(row.Wajib), sukarela.Add(row.Sukarela)
		require.True(t, row.Total().Equal(money.Sum(row.Pokok, row.Wajib, row.Sukarela)))
	}
	require.True(t, r.Totals.Pokok.Equal(pokok), "pokok %s, rows sum to %s", r.Totals.Pokok, pokok)
	require.True(t, r.Totals.Wajib.Equal(wajib), "wajib %s, rows sum to %s", r.Totals.Wajib, wajib)
	require.True(t, r.Totals.Sukarela.Equal(sukarela), "sukarela %s, rows sum to %s", r.Totals.Sukarela, sukarela)
	require.True(t, r.Totals.Total().Equal(money.Sum(pokok, wajib, sukarela)))
	require.Equal(t, len(r.Rows), r.Totals.Members)
}

func TestBalancesOfAnUnknownCooperative(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	p := fold(events(t, store))
	r := p.Balances("kdmp-lain", on(time.June, 30))
	require.True(t, r.Unknown)
	require.Empty(t, r.Rows)
	_, ok := p.Member("kdmp-lain", "M001", on(time.June, 30))
	require.False(t, ok)
	_, ok = p.Member(coop, "M999", on(time.June, 30))
	require.False(t, ok)
	require.Nil(t, p.Members("kdmp-lain"))
}

func TestCooperativesAndMembers(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	p := fold(events(t, store))

	c, ok := p.Cooperative(coop)
	require.True(t, ok)
	require.Equal(t, balances.Cooperative{ID: coop, Name: "Koperasi Test", Currency: "IDR", Places: 0, Members: 3}, c)
	require.Equal(t, []balances.Cooperative{c}, p.Cooperatives())

	var got []string
	for _, row := range p.Members(coop) {
		got = append(got, fmt.Sprintf("%s %s %s %s %s %s/%s/%s", row.Member, row.Name, row.Status, row.Admitted, row.Exited, row.Pokok, row.Wajib, row.Sukarela))
	}
	require.Equal(t, []string{
		"M001 Siti Rahayu active 2025-01-06  50000/30000/225000",
		"M002 Budi Santoso active 2025-02-03  50000/10000/700000",
		"M003 Dewi Lestari exited 2025-03-10 2025-06-30 0/0/0",
	}, got)
}

// TestBalancesFollowTheRecordingOrder folds the log one event at a time and
// checks the balances of a date recorded before a backdated deposit and
// after it.
func TestBalancesFollowTheRecordingOrder(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	all := events(t, store)
	backdated := -1
	for i, e := range all {
		if d, ok := e.Payload.(savings.Deposited); ok && d.Ref == "S-001-0" {
			backdated = i
		}
	}
	require.Positive(t, backdated)
	before, after := fold(all[:backdated]), fold(all[:backdated+1])
	row, ok := before.Member(coop, "M001", on(time.February, 10))
	require.True(t, ok)
	require.Equal(t, "250000", row.Sukarela.String())
	row, ok = after.Member(coop, "M001", on(time.February, 10))
	require.True(t, ok)
	require.Equal(t, "325000", row.Sukarela.String())
	row, _ = after.Member(coop, "M001", on(time.January, 19))
	require.Equal(t, "0", row.Sukarela.String())
}

// TestMemberRowIsAsOfItsDate expects Member to describe the member as of
// the date asked, as Balances does.
func TestMemberRowIsAsOfItsDate(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	p := fold(events(t, store))
	for d := on(time.January, 1); !d.After(on(time.August, 1)); d = d.AddDays(1) {
		listed := map[string]balances.Row{}
		for _, row := range p.Balances(coop, d).Rows {
			listed[row.Member] = row
		}
		for _, id := range []string{"M001", "M002", "M003"} {
			row, ok := p.Member(coop, id, d)
			require.True(t, ok)
			want, isListed := listed[id]
			if !isListed {
				continue
			}
			require.Equal(t, want.Status, row.Status, "%s on %s", id, d)
			require.Equal(t, want.Exited, row.Exited, "%s on %s", id, d)
		}
		row, _ := p.Member(coop, "M003", d)
		switch {
		case d.Before(on(time.March, 10)):
			require.Equal(t, member.StatusNone, row.Status, "M003 is not yet a member on %s", d)
			require.True(t, row.Total().IsZero())
		case d.Before(on(time.June, 30)):
			require.Equal(t, member.StatusActive, row.Status, "M003 on %s", d)
			require.True(t, row.Exited.IsZero(), "M003 on %s", d)
		default:
			require.Equal(t, member.StatusExited, row.Status, "M003 on %s", d)
		}
	}
}

// sampled returns a store holding the sample generator's data for 50
// members, 2,000 rows, with a few reversals and exits recorded on top,
// and its service.
func sampled(t *testing.T) (*sqlite.Store, *app.Service) {
	t.Helper()
	store, svc := open(t)
	ctx := t.Context()
	var buf bytes.Buffer
	require.NoError(t, sample.Write(&buf, sample.Config{
		Members: 50, Rows: 2_000, Start: on(time.January, 1), Days: 365,
		Pokok: 50_000, Wajib: 10_000, Seed: 7, RefPrefix: "R",
	}))
	sum, err := importer.Run(ctx, svc, "bendahara", coop, &buf, int64(buf.Len()), importer.Options{})
	require.NoError(t, err)
	require.Equal(t, 2_000, sum.Rows)

	// Reverse some transactions on their own date and some later; a
	// reversal the domain refuses (a deposit already spent) is skipped.
	reversed := 0
	for i := 200; i < 260; i += 3 {
		ref := fmt.Sprintf("R%07d", i)
		var when calendar.Date
		if i%2 == 0 {
			when = on(time.December, 31)
		}
		_, err := svc.Reverse(ctx, "bendahara", coop, ref, "koreksi uji", when)
		var funds *savings.InsufficientFundsError
		if errors.As(err, &funds) {
			continue
		}
		require.NoError(t, err, ref)
		reversed++
	}
	require.Positive(t, reversed)
	for _, id := range []member.ID{"M0001", "M0002", "M0003"} {
		_, err := svc.Exit(ctx, "bendahara", coop, id, on(time.December, 31), "EXIT-"+string(id), "keluar", "")
		require.NoError(t, err)
	}
	return store, svc
}

// asOfDates are the dates the sample's balances are compared on.
func asOfDates() []calendar.Date {
	dates := []calendar.Date{on(time.January, 1), on(time.January, 15), on(time.February, 6), on(time.December, 30), on(time.December, 31), calendar.MustNew(2026, time.March, 1)}
	for m := time.January; m <= time.December; m++ {
		dates = append(dates, on(m, 1).MonthEnd())
	}
	return dates
}

// TestProjectionEqualsMemberAggregate folds the sample's log and compares
// every member's balances, on many dates, with the member aggregate the
// commands are decided on.
func TestProjectionEqualsMemberAggregate(t *testing.T) {
	store, svc := sampled(t)
	p := fold(events(t, store))
	ctx := t.Context()

	c, ok := p.Cooperative(coop)
	require.True(t, ok)
	require.Equal(t, 50, c.Members)
	for _, d := range asOfDates() {
		r := p.Balances(coop, d)
		requireTotalsAreSums(t, r)
		listed := map[string]balances.Row{}
		for _, row := range r.Rows {
			listed[row.Member] = row
		}
		for i := 1; i <= 50; i++ {
			id := member.ID(fmt.Sprintf("M%04d", i))
			st, err := svc.Member(ctx, coop, id)
			require.NoError(t, err)
			require.True(t, st.Exists())
			row, ok := p.Member(coop, string(id), d)
			require.True(t, ok, id)
			for _, pr := range savings.Products() {
				want := st.Account(pr).BalanceAt(d)
				require.True(t, want.Equal(amountOf(row, pr)), "%s %s on %s: projection %s, aggregate %s", id, pr, d, amountOf(row, pr), want)
			}
			shouldList := !st.Admitted.After(d) && !(st.Status == member.StatusExited && st.Exited.Before(d))
			lrow, isListed := listed[string(id)]
			require.Equal(t, shouldList, isListed, "%s on %s", id, d)
			if isListed {
				for _, pr := range savings.Products() {
					require.True(t, amountOf(lrow, pr).Equal(amountOf(row, pr)), "%s %s on %s", id, pr, d)
				}
			}
		}
	}
	// As of the last date, against the aggregate's balances after every
	// change.
	last := calendar.MustNew(2026, time.March, 1)
	for i := 1; i <= 50; i++ {
		id := member.ID(fmt.Sprintf("M%04d", i))
		st, err := svc.Member(ctx, coop, id)
		require.NoError(t, err)
		row, _ := p.Member(coop, string(id), last)
		for _, pr := range savings.Products() {
			require.True(t, st.Account(pr).Balance().Equal(amountOf(row, pr)), "%s %s", id, pr)
		}
		require.Equal(t, st.Status, row.Status)
		require.Equal(t, st.Exited, row.Exited)
	}
}

func amountOf(r balances.Row, p savings.Product) money.Amount {
	switch p {
	case savings.Pokok:
		return r.Pokok
	case savings.Wajib:
		return r.Wajib
	}
	return r.Sukarela
}

// snapshot is the projection's MarshalBinary output.
func snapshot(t *testing.T, p *balances.Projection) []byte {
	t.Helper()
	b, err := p.MarshalBinary()
	require.NoError(t, err)
	return b
}

// reports renders the reports and member listings of every as-of date, to
// compare two projections by what they say.
func reports(p *balances.Projection) []string {
	var out []string
	for _, d := range asOfDates() {
		r := p.Balances(coop, d)
		out = append(out, fmt.Sprintf("%s: %d members, %d active, totals %s/%s/%s", d, r.Totals.Members, r.Totals.Active, r.Totals.Pokok, r.Totals.Wajib, r.Totals.Sukarela))
		out = append(out, describe(r)...)
	}
	for _, row := range p.Members(coop) {
		out = append(out, fmt.Sprintf("%s %s %s %s %s %s/%s/%s", row.Member, row.Name, row.Status, row.Admitted, row.Exited, row.Pokok, row.Wajib, row.Sukarela))
	}
	for _, c := range p.Cooperatives() {
		out = append(out, fmt.Sprintf("%+v", c))
	}
	return out
}

func TestSnapshotRoundTrip(t *testing.T) {
	store, _ := sampled(t)
	p := fold(events(t, store))
	data := snapshot(t, p)

	restored := balances.New()
	require.NoError(t, restored.UnmarshalBinary(data))
	require.Equal(t, data, snapshot(t, restored), "a restored projection encodes differently")
	require.Equal(t, reports(p), reports(restored))

	// Unmarshalling replaces whatever the projection held.
	small, svc := open(t)
	build(t, svc)
	other := fold(events(t, small))
	require.NoError(t, other.UnmarshalBinary(data))
	require.Equal(t, data, snapshot(t, other))
}

func TestEmptySnapshotRoundTrip(t *testing.T) {
	data := snapshot(t, balances.New())
	p := balances.New()
	require.NoError(t, p.UnmarshalBinary(data))
	require.Equal(t, data, snapshot(t, p))
	require.Empty(t, p.Cooperatives())
}

// TestReplayIsDeterministic folds the same log twice and expects the same
// bytes, though the projection keeps its state in maps.
func TestReplayIsDeterministic(t *testing.T) {
	store, _ := sampled(t)
	es := events(t, store)
	a, b := snapshot(t, fold(es)), snapshot(t, fold(es))
	require.Equal(t, a, b)
	// And again after a round trip through a snapshot.
	c := balances.New()
	require.NoError(t, c.UnmarshalBinary(a))
	require.Equal(t, a, snapshot(t, c))
}

func TestCorruptSnapshotIsRefused(t *testing.T) {
	store, svc := open(t)
	build(t, svc)
	p := fold(events(t, store))
	data := snapshot(t, p)
	want := reports(p)

	refused := func(t *testing.T, bad []byte) {
		t.Helper()
		q := fold(events(t, store))
		require.Error(t, q.UnmarshalBinary(bad))
		require.Equal(t, want, reports(q), "a refused snapshot changed the projection")
	}
	t.Run("every truncation", func(t *testing.T) {
		for n := 0; n < len(data); n++ {
			require.Error(t, balances.New().UnmarshalBinary(data[:n]), "truncated to %d of %d bytes", n, len(data))
		}
		refused(t, data[:len(data)/2])
	})
	t.Run("wrong magic", func(t *testing.T) {
		bad := bytes.Clone(data)
		bad[0] ^= 0x20
		refused(t, bad)
		bad = bytes.Clone(data)
		copy(bad, "lumbung.balances.2\n")
		refused(t, bad)
	})
	t.Run("bytes left over", func(t *testing.T) {
		refused(t, append(bytes.Clone(data), 0))
	})
	t.Run("empty", func(t *testing.T) {
		refused(t, nil)
	})
	t.Run("not an amount", func(t *testing.T) {
		// The members' current balances are stored as text: make one
		// unreadable without changing its length.
		i := bytes.Index(data, []byte("225000"))
		require.Positive(t, i)
		bad := bytes.Clone(data)
		bad[i] = 'x'
		refused(t, bad)
	})
}

// TestCorruptSnapshotOfTheSample truncates a large snapshot at many places.
func TestCorruptSnapshotOfTheSample(t *testing.T) {
	store, _ := sampled(t)
	data := snapshot(t, fold(events(t, store)))
	step := max(1, len(data)/997)
	for n := 0; n < len(data); n += step {
		require.Error(t, balances.New().UnmarshalBinary(data[:n]), "truncated to %d of %d bytes", n, len(data))
	}
	require.Error(t, balances.New().UnmarshalBinary(data[:len(data)-1]))
}
