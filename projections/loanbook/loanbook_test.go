package loanbook_test

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// The loan book is fed events as the projector would: each loan's in its
// stream with its revision and hash, the exits in the members' streams.
// The loans are decided by the Loan aggregate itself, so that the events
// are the ones a service would record.

const coop = "kop-pinjam"

func on(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

func rp(n int64) money.Amount { return money.New(n) }

func product() loan.Product {
	return loan.Product{
		Code: "umum", Name: "Pinjaman umum", Method: loan.Declining, AnnualRate: decimal.RequireFromString("0.24"),
		Months: 12, MaxMonths: 24,
		Provisi: loan.Fee{Percent: decimal.RequireFromString("0.01"), Fixed: money.Zero()},
		Admin:   loan.Fee{Percent: decimal.Zero, Fixed: rp(50_000)},
		Penalty: loan.Penalty{DailyRate: decimal.RequireFromString("0.001"), GraceDays: 3, Cap: decimal.RequireFromString("0.1")},
		Approvals: []loan.Band{
			{UpTo: money.Zero(), Roles: []string{loan.RoleKetua}},
		},
		RateCap: loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}
}

type anyCash struct{}

func (anyCash) Lowest(string, calendar.Date) money.Amount { return rp(1_000_000_000) }

func given() loan.Given {
	start := calendar.MustNew(2020, time.January, 1)
	return loan.Given{
		Today:    calendar.MustNew(2026, time.June, 30),
		Policies: policy.Book{}.Adopt(start, policy.Default(rp(100_000), rp(50_000))),
		Products: loan.Book{}.Define(start, product()),
		Books:    &member.Books{Chart: ledger.DefaultChart(start), Cash: anyCash{}},
	}
}

// feed applies events to a projection, numbering each stream's events
// and giving each a hash of its place.
type feed struct {
	t      *testing.T
	p      *loanbook.Projection
	next   map[string]uint64
	states map[string]*loan.State
	last   map[string]codec.Event
}

func newFeed(t *testing.T) *feed {
	f := &feed{t: t, p: loanbook.New(), next: map[string]uint64{}, states: map[string]*loan.State{}, last: map[string]codec.Event{}}
	f.apply(codec.CooperativeStream(coop), cooperative.Registered{Coop: coop, Name: "Koperasi Pinjam", Policy: policy.Default(rp(100_000), rp(50_000)), On: on(time.January, 1)})
	return f
}

func (f *feed) apply(stream string, payload any) codec.Event {
	rev := f.next[stream]
	f.next[stream] = rev + 1
	e := codec.Event{
		Envelope: codec.Envelope{Coop: coop, Stream: stream, Revision: rev, Hash: sha256.Sum256(fmt.Appendf(nil, "%s@%d", stream, rev))},
		Payload:  payload,
	}
	f.p.Apply(e)
	f.last[stream] = e
	return e
}

// decide decides c on loan id and applies what it returns.
func (f *feed) decide(id string, c loan.Command) {
	f.t.Helper()
	s, ok := f.states[id]
	if !ok {
		s = &loan.State{}
	}
	events, err := loan.Decide(s.Clone(), c)
	require.NoError(f.t, err, "loan %s: %T", id, c)
	for _, e := range events {
		s = loan.Evolve(s, e)
		f.apply(codec.LoanStream(coop, id), e)
	}
	f.states[id] = s
}

// lend applies for a loan of amount to m on d, has every role it needs
// approve it, and disburses it.
func (f *feed) lend(id, m string, amount int64, related bool, d calendar.Date) {
	f.t.Helper()
	f.decide(id, loan.Apply{Given: given(), Loan: loan.ID(id), Member: m, MemberActive: true, Product: "umum", Amount: rp(amount), Related: related, By: "teller", On: d})
	for _, role := range product().RolesFor(rp(amount), related) {
		f.decide(id, loan.Approve{MemberActive: true, Given: given(), Role: role, By: role + "-1", Limit: loan.LimitCheck{ModalSendiri: rp(1_000_000_000), Exposure: rp(amount), Share: decimal.RequireFromString("0.15"), Limit: rp(150_000_000)}, On: d})
	}
	f.decide(id, loan.Disburse{MemberActive: true, Given: given(), On: d})
}

func (f *feed) repay(id, ref string, amount int64, d calendar.Date) {
	f.t.Helper()
	f.decide(id, loan.Repay{Given: given(), Ref: ref, Amount: rp(amount), On: d})
}

// exit records member m's exit settlement netting offset against loans.
func (f *feed) exit(m, ref string, offset int64, d calendar.Date) {
	f.apply(codec.MemberStream(coop, m), member.ExitSettled{
		Ref: ref, Pokok: rp(100_000), Wajib: rp(1_000_000), Sukarela: rp(20_000_000), LoanOffset: rp(offset),
		NetPayout: rp(21_100_000 - offset), On: d,
	})
}

func (f *feed) book() *loanbook.Book {
	b := f.p.Book(coop)
	require.NotNil(f.t, b)
	return b
}

func requireAmount(t *testing.T, want int64, got money.Amount, msgAndArgs ...any) {
	t.Helper()
	require.Truef(t, got.Equal(rp(want)), "want %d, got %s %v", want, got, msgAndArgs)
}

func TestExposure(t *testing.T) {
	f := newFeed(t)
	f.lend("PJ-1", "A", 12_000_000, false, on(time.January, 15))
	f.lend("PJ-2", "A", 6_000_000, false, on(time.February, 1))
	f.lend("PJ-3", "A", 3_000_000, false, on(time.February, 1))
	f.lend("PJ-4", "B", 2_400_000, true, on(time.February, 1)) // a pengurus
	f.lend("PJ-5", "C", 1_200_000, true, on(time.February, 1)) // a pengawas
	f.lend("PJ-6", "C", 5_000_000, true, on(time.February, 1))
	f.decide("PJ-7", loan.Apply{Given: given(), Loan: "PJ-7", Member: "A", MemberActive: true, Product: "umum", Amount: rp(9_000_000), By: "teller", On: on(time.March, 1)})

	f.repay("PJ-1", "ANG-1", 1_240_000, on(time.February, 15)) // its first instalment: 1.000.000 of principal
	f.decide("PJ-3", loan.Settle{Given: given(), Ref: "LUNAS-3", On: on(time.March, 1)})
	f.repay("PJ-5", "ANG-5", 100_000+24_000, on(time.March, 1)) // 100.000 of principal
	f.decide("PJ-6", loan.WriteOff{Given: given(), Allowance: rp(5_000_000), On: on(time.September, 30)})

	b := f.book()
	own, related := b.Exposure("A")
	requireAmount(t, 11_000_000+6_000_000, own, "A's active loans; not the closed one nor the application")
	requireAmount(t, 2_400_000+1_100_000, related, "every related party's active loans; not the written-off one")
	own, related = b.Exposure("C")
	requireAmount(t, 1_100_000, own)
	requireAmount(t, 3_500_000, related)
	own, _ = b.Exposure("Z")
	requireAmount(t, 0, own, "a member without loans")

	assert.Equal(t, []string{"PJ-1", "PJ-2", "PJ-3", "PJ-7"}, b.OfMember("A"))
	assert.Empty(t, b.OfMember("Z"))
	var ids []string
	b.Each(func(s *loan.State) { ids = append(ids, string(s.ID)) })
	assert.Equal(t, []string{"PJ-1", "PJ-2", "PJ-3", "PJ-4", "PJ-5", "PJ-6", "PJ-7"}, ids, "in id order")

	st, ok := b.Loan("PJ-1")
	require.True(t, ok)
	requireAmount(t, 11_000_000, st.Outstanding())
	st.Status = loan.StatusClosed
	again, _ := b.Loan("PJ-1")
	assert.Equal(t, loan.StatusActive, again.Status, "Loan returns a copy")
	_, ok = b.Loan("PJ-99")
	assert.False(t, ok)
}

func TestPending(t *testing.T) {
	f := newFeed(t)
	f.lend("PJ-1", "A", 12_000_000, false, on(time.January, 15))
	f.lend("PJ-2", "A", 3_000_000, false, on(time.February, 1))
	f.lend("PJ-3", "B", 2_400_000, false, on(time.February, 1))
	f.lend("PJ-4", "C", 1_200_000, false, on(time.February, 1))
	f.decide("PJ-4", loan.Settle{Given: given(), Ref: "LUNAS-4", On: on(time.March, 1)})
	assert.Empty(t, f.book().Pending())

	// B's exit nets its loan; A's nets both of A's; C's loan was repaid
	// before C left; D leaves without loans.
	f.exit("B", "EXIT-B", 2_400_000, on(time.March, 10))
	f.exit("A", "EXIT-A", 15_300_000, on(time.March, 20))
	f.exit("C", "EXIT-C", 0, on(time.March, 20))
	f.exit("D", "EXIT-D", 0, on(time.March, 20))
	assert.Equal(t, []string{"A EXIT-A 15300000 2025-03-20 left 15300000", "B EXIT-B 2400000 2025-03-10 left 2400000"}, exits(f.book().Pending()), "by member")

	settle := func(id, ref string, d calendar.Date) {
		f.decide(id, loan.SettleByExit{Given: given(), ExitRef: ref, On: d})
	}
	settle("PJ-1", "EXIT-A", on(time.March, 20))
	require.Len(t, f.book().Pending(), 2, "A has a loan left to settle")
	settle("PJ-3", "EXIT-B", on(time.March, 10))
	require.Len(t, f.book().Pending(), 1)
	assert.Equal(t, "A EXIT-A 15300000 2025-03-20", exits(f.book().Pending())[0][:len("A EXIT-A 15300000 2025-03-20")])
	settle("PJ-2", "EXIT-A", on(time.March, 20))
	assert.Empty(t, f.book().Pending())

	// An exit whose offset nets loans that are already settled is not
	// pending.
	f.lend("PJ-5", "E", 1_200_000, false, on(time.February, 1))
	f.decide("PJ-5", loan.Settle{Given: given(), Ref: "LUNAS-5", On: on(time.March, 1)})
	f.exit("E", "EXIT-E", 1, on(time.March, 20))
	assert.Empty(t, f.book().Pending())
}

// exits describes pending exits by member, ref, offset, date and what is
// left of the offset.
func exits(xs []loanbook.Exit) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%s %s %s %s left %s", x.Member, x.Ref, x.Offset, x.On, x.Left())
	}
	return out
}

func TestHead(t *testing.T) {
	f := newFeed(t)
	f.lend("PJ-1", "A", 12_000_000, false, on(time.January, 15))
	f.lend("PJ-2", "B", 3_000_000, false, on(time.February, 1))
	f.repay("PJ-1", "ANG-1", 1_240_000, on(time.February, 15))
	f.decide("PJ-1", loan.Review{Given: given(), On: on(time.June, 1)}) // 78 days past due: lancar, no event
	f.decide("PJ-1", loan.Review{Given: given(), On: on(time.July, 1)}) // 108: kurang lancar

	for _, id := range []string{"PJ-1", "PJ-2"} {
		last := f.last[codec.LoanStream(coop, id)]
		h, ok := f.book().Head(id)
		require.True(t, ok)
		assert.Equal(t, loanbook.Head{Revision: last.Revision, Hash: last.Hash}, h, id)
	}
	h, _ := f.book().Head("PJ-1")
	assert.Equal(t, uint64(4), h.Revision, "applied, approved, disbursed, repaid, classified")
	_, ok := f.book().Head("PJ-9")
	assert.False(t, ok)

	var none *loanbook.Book
	_, ok = none.Head("PJ-1")
	assert.False(t, ok, "a cooperative without loans")
	assert.Nil(t, loanbook.New().Book(coop))
	assert.Empty(t, none.Pending())
	own, related := none.Exposure("A")
	requireAmount(t, 0, own)
	requireAmount(t, 0, related)
}

// answers lists what the book says: every loan's state and dues on a few
// dates, heads, exposures and pending exits.
func answers(p *loanbook.Projection) []string {
	b := p.Book(coop)
	var out []string
	dates := []calendar.Date{on(time.February, 20), on(time.May, 1), on(time.December, 31)}
	members := map[string]bool{}
	b.Each(func(s *loan.State) {
		members[s.Member] = true
		out = append(out, fmt.Sprintf("%s %s %s %s v%d amount %s months %d related %v collateral %s class %s written-off %s recovered %s closed %s disbursed %s approvals %v terms %+v",
			s.ID, s.Member, s.Status, s.Product, s.Version, s.Amount, s.Months, s.Related, s.Collateral, s.Class, s.WrittenOff, s.Recovered, s.Closed, s.Disbursed, s.Approvals, s.Terms))
		for _, in := range s.Schedule {
			out = append(out, fmt.Sprintf("  %+v paid %+v", in, s.Paid(in.N)))
		}
		for _, d := range dates {
			total, waived := s.Settlement(d, 0)
			out = append(out, fmt.Sprintf("  on %s due %+v settlement %s waived %s", d, s.DueOn(d, 0), total, waived))
		}
		h, _ := b.Head(string(s.ID))
		out = append(out, fmt.Sprintf("  head %d %s", h.Revision, h.Hash))
	})
	for _, m := range []string{"A", "B", "C", "D", "E"} {
		own, related := b.Exposure(m)
		out = append(out, fmt.Sprintf("exposure %s %s %s %v", m, own, related, b.OfMember(m)))
	}
	out = append(out, fmt.Sprintf("pending %+v", b.Pending()))
	return out
}

func TestSnapshotRoundTrip(t *testing.T) {
	f := newFeed(t)
	f.lend("PJ-1", "A", 12_000_000, false, on(time.January, 15))
	f.lend("PJ-2", "B", 2_400_000, true, on(time.February, 1))
	f.lend("PJ-3", "C", 3_000_000, false, on(time.February, 1))
	f.lend("PJ-4", "D", 1_200_000, false, on(time.February, 1))
	f.decide("PJ-5", loan.Apply{Given: given(), Loan: "PJ-5", Member: "E", MemberActive: true, Product: "umum", Amount: rp(5_000_000), Collateral: rp(4_000_000), Purpose: "modal", By: "teller", On: on(time.March, 1)})
	f.repay("PJ-1", "ANG-1", 1_248_680, on(time.February, 25))
	f.repay("PJ-1", "ANG-2", 100_000, on(time.March, 25))
	f.decide("PJ-1", loan.Restructure{Given: given(), Months: 18, Rate: decimal.NewFromInt(-1), Reason: "gagal panen", On: on(time.May, 20)})
	f.decide("PJ-2", loan.Review{Given: given(), On: on(time.September, 1)})
	f.decide("PJ-2", loan.WriteOff{Given: given(), Allowance: rp(2_400_000), On: on(time.September, 30)})
	f.decide("PJ-2", loan.Recover{Given: given(), Ref: "PULIH-1", Amount: rp(400_000), On: on(time.October, 5)})
	f.exit("C", "EXIT-C", 3_060_000, on(time.March, 3))
	f.exit("D", "EXIT-D", 1_224_000, on(time.March, 3))
	f.decide("PJ-4", loan.SettleByExit{Given: given(), ExitRef: "EXIT-D", On: on(time.March, 3)})
	require.Len(t, f.book().Pending(), 1, "C's exit is pending")

	data, err := f.p.MarshalBinary()
	require.NoError(t, err)
	restored := loanbook.New()
	require.NoError(t, restored.UnmarshalBinary(data))
	again, err := restored.MarshalBinary()
	require.NoError(t, err)
	require.True(t, string(data) == string(again), "a restored loan book encodes differently")
	want, got := answers(f.p), answers(restored)
	require.Equal(t, len(want), len(got))
	for i := range want {
		require.Equal(t, want[i], got[i])
	}

	// The restored book folds on as the original.
	for _, p := range []*loanbook.Projection{f.p, restored} {
		p.Apply(codec.Event{Envelope: codec.Envelope{Coop: coop, Stream: codec.LoanStream(coop, "PJ-3"), Revision: 3},
			Payload: loan.SettledByExit{ExitRef: "EXIT-C", Parts: []loan.Part{{N: 1, Penalty: rp(0), Interest: rp(60_000), Principal: rp(3_000_000)}}, Waived: rp(600_000), On: on(time.March, 3)}})
	}
	assert.Equal(t, answers(f.p), answers(restored))
	assert.Empty(t, restored.Book(coop).Pending())

	// An empty book round-trips too.
	empty, err := loanbook.New().MarshalBinary()
	require.NoError(t, err)
	require.NoError(t, loanbook.New().UnmarshalBinary(empty))
}

func TestSnapshotRefusesWhatIsNotOne(t *testing.T) {
	f := newFeed(t)
	f.lend("PJ-1", "A", 12_000_000, false, on(time.January, 15))
	data, err := f.p.MarshalBinary()
	require.NoError(t, err)
	for name, bad := range map[string][]byte{
		"empty":      nil,
		"not a book": []byte("lumbung.general-ledger.1\n"),
		"truncated":  data[:len(data)-3],
		"trailing":   append(append([]byte{}, data...), 0),
	} {
		p := loanbook.New()
		assert.Error(t, p.UnmarshalBinary(bad), name)
	}
	assert.Equal(t, loanbook.Name, f.p.Name())
	assert.Equal(t, loanbook.Version, f.p.Version())
}

// TestRebuiltFromTheLog: a loan book folded from a service's log and
// restored from its snapshot answers as the service's own.
func TestRebuiltFromTheLog(t *testing.T) {
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "l.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }})
	_, err = svc.Register(ctx, "bendahara", cooperative.Register{Coop: coop, Name: "Koperasi Pinjam", Policy: policy.Default(rp(100_000), rp(50_000)), On: on(time.January, 1)})
	require.NoError(t, err)
	_, err = svc.DefineProduct(ctx, "ketua", coop, product(), on(time.January, 1))
	require.NoError(t, err)
	_, err = svc.PostJournal(ctx, "bendahara", coop, "", app.Journal{Ref: "HIBAH", Memo: "hibah pemerintah desa", On: on(time.January, 2), Lines: []ledger.Line{
		{Account: "1-1100", Side: ledger.Debit, Amount: rp(200_000_000)}, {Account: "3-3100", Side: ledger.Credit, Amount: rp(200_000_000)}}})
	require.NoError(t, err)
	for i, m := range []member.ID{"A", "B"} {
		_, err = svc.Admit(ctx, "bendahara", coop, m, "Anggota "+string(m), on(time.January, 5), fmt.Sprintf("ADM-%d", i), true)
		require.NoError(t, err)
		_, err = svc.Deposit(ctx, "bendahara", coop, m, savings.Sukarela, rp(5_000_000), on(time.January, 5), fmt.Sprintf("SK-%d", i))
		require.NoError(t, err)
		id := loan.ID(fmt.Sprintf("PJ-%d", i))
		_, err = svc.ApplyLoan(ctx, "teller", coop, app.Application{Loan: id, Member: m, Product: "umum", Amount: rp(3_000_000), On: on(time.January, 10)})
		require.NoError(t, err)
		_, err = svc.ApproveLoan(ctx, "ketua", coop, id, loan.RoleKetua, on(time.January, 11))
		require.NoError(t, err)
		_, err = svc.DisburseLoan(ctx, "bendahara", coop, id, on(time.January, 15), calendar.Date{}, "")
		require.NoError(t, err)
	}
	_, err = svc.RepayLoan(ctx, "bendahara", coop, "PJ-0", "ANG-1", rp(310_000), on(time.February, 15))
	require.NoError(t, err)
	_, err = svc.Exit(ctx, "bendahara", coop, "B", on(time.March, 1), "EXIT-B", "pindah domisili", "")
	require.NoError(t, err)

	rebuilt := loanbook.New()
	_, err = projector.New(store, nil).Rebuild(ctx, rebuilt)
	require.NoError(t, err)
	data, err := rebuilt.MarshalBinary()
	require.NoError(t, err)
	restored := loanbook.New()
	require.NoError(t, restored.UnmarshalBinary(data))
	var live []string
	require.NoError(t, svc.Loans(ctx, coop, func(b *loanbook.Book) {
		live = bookAnswers(b)
	}))
	assert.Equal(t, live, bookAnswers(rebuilt.Book(coop)))
	assert.Equal(t, live, bookAnswers(restored.Book(coop)))
	st, ok := restored.Book(coop).Loan("PJ-1")
	require.True(t, ok)
	assert.Equal(t, loan.StatusClosed, st.Status, "B's loan was settled by the exit")
	assert.Empty(t, restored.Book(coop).Pending())
}

func bookAnswers(b *loanbook.Book) []string {
	var out []string
	b.Each(func(s *loan.State) {
		h, _ := b.Head(string(s.ID))
		total, waived := s.Settlement(on(time.June, 1), 0)
		out = append(out, fmt.Sprintf("%s %s %s out %s due %+v settle %s %s head %d %s", s.ID, s.Member, s.Status, s.Outstanding(), s.DueOn(on(time.June, 1), 0), total, waived, h.Revision, h.Hash))
	})
	own, related := b.Exposure("A")
	return append(out, fmt.Sprintf("exposure %s %s pending %+v", own, related, b.Pending()))
}
