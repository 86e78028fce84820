package generalledger_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// Edge cases of the books that once went wrong. The projections are
// fed events directly, as the projector would after decoding them.

const edgeCoop = "kop-tinjau"

var edgeStart = calendar.MustNew(2025, time.January, 2)

func edgeDay(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

// coopEvent wraps a cooperative event as the projector hands it over.
func coopEvent(payload cooperative.Event) codec.Event {
	name, ok := codec.Events().NameOf(payload)
	if !ok {
		panic(fmt.Sprintf("no stored name for %T", payload))
	}
	return codec.Event{
		Envelope: codec.Envelope{Type: name, Coop: edgeCoop, Stream: codec.CooperativeStream(edgeCoop)},
		Payload:  payload,
	}
}

// opening is a cooperative registered with the default chart.
func opening() []codec.Event {
	chart := ledger.DefaultChart(edgeStart)
	return []codec.Event{
		coopEvent(cooperative.Registered{Coop: edgeCoop, Name: "Koperasi Tinjau", Policy: policy.Default(money.New(50_000), money.New(10_000)), On: edgeStart}),
		coopEvent(cooperative.ChartAdopted{Accounts: chart.Accounts(), Units: chart.Units(), On: edgeStart}),
	}
}

func rl(account string, side ledger.Side, amount int64) ledger.Line {
	return ledger.Line{Account: account, Side: side, Amount: money.New(amount), Unit: ledger.DefaultUnitCode}
}

func journalPosted(ref string, on calendar.Date, lines ...ledger.Line) cooperative.JournalPosted {
	return cooperative.JournalPosted{Ref: ref, Memo: ref, Lines: lines, On: on}
}

// edgeBooks folds events into a fresh projection and returns the
// cooperative's books.
func edgeBooks(t *testing.T, events ...cooperative.Event) *generalledger.Books {
	t.Helper()
	p := generalledger.New()
	for _, e := range opening() {
		p.Apply(e)
	}
	for _, e := range events {
		p.Apply(coopEvent(e))
	}
	b, ok := p.Books(edgeCoop)
	require.True(t, ok)
	return b
}

// cashIsAttributed checks that what the flows attribute to the accounts
// that are not cash sums to the net change of the cash accounts.
func cashIsAttributed(t *testing.T, b *generalledger.Books, to calendar.Date) {
	t.Helper()
	net, attributed := money.Zero(), money.Zero()
	for _, a := range b.State.Chart.Accounts() {
		if a.Heading {
			continue
		}
		f := generalledger.Filter{To: to, Closing: true}
		if a.Cash {
			dr, cr := b.Totals(a.Code, f)
			net = net.Add(dr.Sub(cr))
			continue
		}
		in, out := b.Flows(a.Code, f)
		attributed = attributed.Add(in.Sub(out))
	}
	require.Equal(t, net.String(), attributed.String(), "the parts sum to the net cash")
}

type flow struct{ in, out int64 }

func requireFlows(t *testing.T, b *generalledger.Books, to calendar.Date, want map[string]flow) {
	t.Helper()
	for code, w := range want {
		in, out := b.Flows(code, generalledger.Filter{To: to})
		assert.Equal(t, []string{money.New(w.in).String(), money.New(w.out).String()}, []string{in.String(), out.String()}, "flows of %s", code)
	}
}

func TestCashOfAMixedEntryIsAttributedToTheOtherSide(t *testing.T) {
	dr, cr := ledger.Debit, ledger.Credit
	// A receivable of 1,000 booked on credit, so that it can be paid.
	booked := journalPosted("JU-0", edgeDay(time.March, 1), rl("1-1800", dr, 1_000), rl("4-3100", cr, 1_000))
	// Settled with 900 in cash and a discount of 100.
	settled := journalPosted("JU-1", edgeDay(time.March, 5), rl("1-1100", dr, 900), rl("5-9100", dr, 100), rl("1-1800", cr, 1_000))
	tests := []struct {
		name   string
		events []cooperative.Event
		want   map[string]flow
	}{
		{
			name:   "a receipt net of a discount",
			events: []cooperative.Event{booked, settled},
			want:   map[string]flow{"1-1800": {in: 900}, "5-9100": {}, "4-3100": {}},
		},
		{
			name: "the receipt reversed takes back what it received",
			events: []cooperative.Event{booked, settled,
				cooperative.JournalReversed{Ref: "JU-1", Lines: settled.Lines, Reason: "salah", On: edgeDay(time.March, 6)}},
			want: map[string]flow{"1-1800": {}, "5-9100": {}},
		},
		{
			name: "a payment net of a discount received",
			events: []cooperative.Event{
				journalPosted("JU-2", edgeDay(time.March, 1), rl("1-1100", dr, 5_000), rl("3-3100", cr, 5_000)),
				journalPosted("JU-3", edgeDay(time.March, 2), rl("5-3400", dr, 1_000), rl("2-1500", cr, 1_000)),
				journalPosted("JU-4", edgeDay(time.March, 9), rl("2-1500", dr, 1_000), rl("1-1100", cr, 900), rl("4-9100", cr, 100)),
			},
			want: map[string]flow{"3-3100": {in: 5_000}, "2-1500": {out: 900}, "4-9100": {}, "5-3400": {}},
		},
		{
			name: "three accounts on the other side, an odd amount: the largest remainder gets the rupiah left",
			// 1,001 received for 334 + 333 + 336 = 1,003 less a discount of
			// 2. The shares are 333.33, 332.34 and 335.33: the rupiah left
			// over goes to 4-3100, whose remainder is the largest.
			events: []cooperative.Event{journalPosted("JU-5", edgeDay(time.March, 10),
				rl("1-1100", dr, 1_001), rl("5-9100", dr, 2),
				rl("1-1800", cr, 334), rl("4-3100", cr, 333), rl("4-9100", cr, 336))},
			want: map[string]flow{"1-1800": {in: 333}, "4-3100": {in: 333}, "4-9100": {in: 335}, "5-9100": {}},
		},
		{
			name: "an entry with no line on the cash's side is attributed line by line",
			events: []cooperative.Event{journalPosted("JU-6", edgeDay(time.March, 11),
				rl("1-1100", dr, 1_001), rl("1-1800", cr, 334), rl("4-3100", cr, 331), rl("4-9100", cr, 336))},
			want: map[string]flow{"1-1800": {in: 334}, "4-3100": {in: 331}, "4-9100": {in: 336}},
		},
		{
			name: "cash on both sides, net received",
			events: []cooperative.Event{
				journalPosted("JU-7", edgeDay(time.March, 1), rl("1-1200", dr, 5_000), rl("3-3100", cr, 5_000)),
				journalPosted("JU-8", edgeDay(time.March, 12),
					rl("1-1100", dr, 700), rl("5-3600", dr, 50), rl("1-1200", cr, 250), rl("4-3100", cr, 500)),
			},
			// Net cash in is 450; the 500 of sales is the other side, the
			// bank charge of 50 moved no cash.
			want: map[string]flow{"3-3100": {in: 5_000}, "4-3100": {in: 450}, "5-3600": {}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b *generalledger.Books
			require.NotPanics(t, func() { b = edgeBooks(t, tt.events...) })
			requireFlows(t, b, edgeDay(time.December, 31), tt.want)
			cashIsAttributed(t, b, edgeDay(time.December, 31))
		})
	}
}

// TestCashAttributionSumsToTheNetOverRandomEntries draws mixed entries
// (cash and other lines on both sides, odd amounts) and reversals of
// some: the flows attributed always sum to the net change of cash.
func TestCashAttributionSumsToTheNetOverRandomEntries(t *testing.T) {
	others := []string{"1-1800", "4-3100", "4-9100", "5-9100", "5-3400", "2-1500", "3-3100"}
	cash := []string{"1-1100", "1-1200"}
	rng := rand.New(rand.NewPCG(7, 11))
	var events []cooperative.Event
	var posted []cooperative.JournalPosted
	for i := range 300 {
		on := edgeStart.AddDays(i)
		// Lines on the side opposite the cash, then lines beside it; the
		// cash line takes the difference.
		side := ledger.Debit
		if rng.IntN(2) == 0 {
			side = ledger.Credit
		}
		var lines []ledger.Line
		counter, beside := int64(0), int64(0)
		for range 1 + rng.IntN(3) {
			a := int64(1 + rng.IntN(9_999))
			counter += a
			lines = append(lines, rl(others[rng.IntN(len(others))], -side, a))
		}
		for range rng.IntN(3) {
			a := int64(1 + rng.IntN(int(counter)))
			if beside+a >= counter {
				break
			}
			beside += a
			lines = append(lines, rl(others[rng.IntN(len(others))], side, a))
		}
		if rng.IntN(4) == 0 && counter-beside > 1 {
			// Part of the cash through the other cash account, on the
			// other side: still a net in the same direction.
			part := int64(1 + rng.IntN(int(counter-beside-1)))
			lines = append(lines, rl(cash[1], side, counter-beside+part), rl(cash[0], -side, part))
		} else {
			lines = append(lines, rl(cash[rng.IntN(2)], side, counter-beside))
		}
		rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
		require.NoError(t, ledger.Entry{On: on, Lines: lines}.Check())
		p := journalPosted(fmt.Sprintf("JU-%d", i), on, lines...)
		posted = append(posted, p)
		events = append(events, p)
		if i > 0 && rng.IntN(5) == 0 {
			orig := posted[rng.IntN(len(posted)-1)]
			events = append(events, cooperative.JournalReversed{Ref: orig.Ref, Lines: orig.Lines, Reason: "koreksi", On: on})
		}
	}
	b := edgeBooks(t, events...)
	for _, to := range []calendar.Date{edgeStart.AddDays(50), edgeStart.AddDays(150), edgeStart.AddDays(299)} {
		cashIsAttributed(t, b, to)
	}
}

// TestDetailSorted: the account ledger runs in date order, lines of one
// date in the order recorded, so that a posting backdated and recorded
// last appears first.
func TestDetailSorted(t *testing.T) {
	dr, cr := ledger.Debit, ledger.Credit
	d := &generalledger.Detail{Coop: edgeCoop, Account: "1-1100", From: edgeStart, To: edgeDay(time.December, 31)}
	for _, e := range opening() {
		d.Apply(e)
	}
	for _, p := range []cooperative.JournalPosted{
		journalPosted("JU-A", edgeDay(time.March, 10), rl("1-1100", dr, 1_000), rl("3-3100", cr, 1_000)),
		journalPosted("JU-B", edgeDay(time.March, 12), rl("5-3400", dr, 100), rl("1-1100", cr, 100)),
		journalPosted("JU-C", edgeDay(time.March, 10), rl("5-3500", dr, 200), rl("1-1100", cr, 200)),
		journalPosted("JU-D", edgeDay(time.March, 1), rl("1-1100", dr, 5_000), rl("3-3100", cr, 5_000)), // backdated, recorded last
		journalPosted("JU-E", edgeDay(time.March, 12), rl("5-3600", dr, 10), rl("1-1100", cr, 10)),
	} {
		d.Apply(coopEvent(p))
	}
	refs := func(lines []generalledger.DetailLine) []string {
		out := make([]string, len(lines))
		for i, l := range lines {
			out[i] = l.Ref
		}
		return out
	}
	assert.Equal(t, []string{"JU-A", "JU-B", "JU-C", "JU-D", "JU-E"}, refs(d.Lines), "Lines stay in log order")
	sorted := d.Sorted()
	assert.Equal(t, []string{"JU-D", "JU-A", "JU-C", "JU-B", "JU-E"}, refs(sorted))
	assert.Equal(t, []string{"JU-A", "JU-B", "JU-C", "JU-D", "JU-E"}, refs(d.Lines), "Sorted leaves Lines as they were")

	// The running balance over the sorted lines never dips below zero, as
	// kas never did on any day.
	balance := money.Zero()
	for _, l := range sorted {
		balance = balance.Add(l.Line.Signed())
		require.False(t, balance.IsNegative(), "kas below zero after %s on %s", l.Ref, l.On)
	}
	assert.Equal(t, money.New(5_690).String(), balance.String())
}
