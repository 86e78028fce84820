package cooperative_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
)

// The year end fixture: 2025 closed with a surplus of 1,000,000 (600,000
// from the savings and loan unit, 400,000 from the shop), the SHU policy
// of domain.md §3.5, two members. Commands are issued on 10 January 2026.

func closed2025() []cooperative.Event {
	events := closedMonths(2025, time.January, time.December)
	return append(events,
		cooperative.YearClosed{Year: 2025, Result: rp(1_000_000), On: calendar.MustNew(2025, time.December, 31), Lines: []ledger.Line{
			in(sp, dr("4-1100", 600_000)), in("toko", dr("4-3100", 400_000)), in(sp, cr("3-5100", 600_000)), in("toko", cr("3-5100", 400_000)),
		}},
		cooperative.SHUPolicyAdopted{Policy: shu.Default(), From: day(time.January, 1)},
	)
}

func figures() shu.Figures {
	return shu.Figures{Year: 2025, BeforeTax: rp(1_000_000), Tax: money.Zero(), NonMember: money.Zero(), CapitalDivisor: 1, Members: []shu.Member{
		{ID: "A-1", Name: "Siti", Capital: rp(170_000), Patronage: []money.Amount{rp(300_000)}},
		{ID: "A-2", Name: "Budi", Capital: rp(110_000), Patronage: []money.Amount{rp(123_456)}},
	}}
}

func computeSHU() cooperative.ComputeSHU {
	return cooperative.ComputeSHU{Year: 2025, Figures: figures(), Statements: "books", Today: newYear}
}

// computed returns the header the fixture's computation records.
func computed(t *testing.T, given []cooperative.Event) cooperative.SHUComputed {
	t.Helper()
	plan, err := cooperative.PlanSHU(fold(given), computeSHU())
	require.NoError(t, err)
	require.NotNil(t, plan)
	header, runs := plan.Split(1<<20, func(shu.Member, shu.Payout) int { return 100 })
	require.Len(t, runs, 1)
	joined, err := header.JoinShares(runs)
	require.NoError(t, err)
	assert.Equal(t, plan.Digest, joined.Fingerprint(), "the rows recorded are the rows computed")
	return header
}

func rat() cooperative.RATConvened {
	return cooperative.RATConvened{Year: 2025, Members: 2, Quorum: shu.Default().Quorum, Required: 1, On: newYear}
}

func attending() cooperative.RATAttendanceRecorded {
	return cooperative.RATAttendanceRecorded{Year: 2025, Members: []cooperative.Attendance{{Member: "A-1", Mode: cooperative.Present}}, On: newYear}
}

func approval(c cooperative.SHUComputed) cooperative.RATResolution {
	return cooperative.RATResolution{Year: 2025, Kind: cooperative.ApproveSHU, For: 1, Attending: 1, Carried: true, SHU: c.Digest, Payout: cooperative.PayoutSukarela, On: newYear}
}

func TestYearEnd(t *testing.T) {
	base := books(closed2025()...)
	c := computed(t, base)
	withSHU := append(append([]cooperative.Event{}, base...), c)
	met := append(append([]cooperative.Event{}, withSHU...), rat(), attending())
	approved := append(append([]cooperative.Event{}, met...), approval(c))
	resolve := func(kind string, votes int, digest string) cooperative.PassResolution {
		return cooperative.PassResolution{Year: 2025, Kind: kind, For: votes, SHU: digest, Payout: cooperative.PayoutSukarela, On: newYear, Today: newYear}
	}
	distribute := cooperative.DistributeSHU{Year: 2025, On: newYear, Today: newYear, Units: map[string]money.Amount{sp: rp(600_000), "toko": rp(400_000)}}
	// The entry: each unit's result out of SHU tahun berjalan, the pools
	// in: cadangan 400,000 with the residue, jasa modal and usaha paid,
	// the funds.
	r := c.Result
	funds := money.Zero()
	for _, p := range r.Pools[3:] {
		funds = funds.Add(p.Amount)
	}
	lines := []ledger.Line{
		in(sp, dr("3-5100", 600_000)), in("toko", dr("3-5100", 400_000)),
		{Account: "3-2100", Side: ledger.Credit, Amount: r.Pools[0].Amount.Add(r.Residue()), Unit: sp},
		{Account: "2-1600", Side: ledger.Credit, Amount: r.Pools[1].Paid.Add(r.Pools[2].Paid), Unit: sp},
		{Account: "2-1700", Side: ledger.Credit, Amount: funds, Unit: sp},
	}
	runBooks(t, []booksCase{
		{name: "compute an open year", given: books(), when: computeSHU(), err: is(cooperative.ErrYearOpen)},
		{name: "compute without an SHU policy", given: books(closed2025()[:len(closed2025())-1]...), when: computeSHU(), err: is(cooperative.ErrNoSHUPolicy)},
		{name: "compute", given: base, when: computeSHU(), then: []cooperative.Event{c}},
		{name: "compute again on the same figures", given: withSHU, when: computeSHU(), then: []cooperative.Event{}},
		{name: "convene before the year ends", given: withSHU, when: cooperative.ConveneRAT{Year: 2025, Members: 2, On: day(time.December, 31), Today: newYear},
			err: inputError("date", "2025-12-31", input.WantNotBefore, "2026-01-01")},
		{name: "convene", given: withSHU, when: cooperative.ConveneRAT{Year: 2025, Members: 3, On: newYear, Today: newYear},
			then: []cooperative.Event{cooperative.RATConvened{Year: 2025, Members: 3, Quorum: shu.Default().Quorum, Required: 2, On: newYear}}},
		{name: "convene twice", given: met, when: cooperative.ConveneRAT{Year: 2025, Members: 2, On: newYear, Today: newYear}, err: is(cooperative.ErrRATConvened)},
		{name: "resolve without quorum", given: append(append([]cooperative.Event{}, withSHU...), rat()), when: resolve(cooperative.ApproveSHU, 0, c.Digest),
			err: func(t *testing.T, err error) {
				assert.Equal(t, &cooperative.QuorumError{Year: 2025, Attending: 0, Required: 1, Members: 2, Quorum: shu.Default().Quorum}, as[*cooperative.QuorumError](t, err))
			}},
		{name: "a proxy held by a member who does not attend", given: append(append([]cooperative.Event{}, withSHU...), rat()),
			when: cooperative.RecordAttendance{Year: 2025, Members: []cooperative.Attendance{{Member: "A-1", Mode: cooperative.Proxy, By: "A-2"}}, Active: func(string) bool { return true }},
			err:  inputError("proxy", "A-2", input.WantProxyHolder, "")},
		{name: "a proxy held by a member attending", given: met,
			when: cooperative.RecordAttendance{Year: 2025, Members: []cooperative.Attendance{{Member: "A-2", Mode: cooperative.Proxy, By: "A-1"}}, Active: func(string) bool { return true }},
			then: []cooperative.Event{cooperative.RATAttendanceRecorded{Year: 2025, Members: []cooperative.Attendance{{Member: "A-2", Mode: cooperative.Proxy, By: "A-1"}}, On: newYear}}},
		{name: "attendance of someone not a member", given: met,
			when: cooperative.RecordAttendance{Year: 2025, Members: []cooperative.Attendance{{Member: "X-9", Mode: cooperative.Present}}, Active: func(id string) bool { return id != "X-9" }},
			err:  is(cooperative.ErrNotAMemberOnDate)},
		{name: "more votes than attend", given: met, when: resolve(cooperative.ApproveStatements, 2, ""), err: inputError("votes", "2", input.WantVotes, "1")},
		{name: "approve another computation", given: met, when: resolve(cooperative.ApproveSHU, 1, "abc"), err: inputError("shu", "abc", input.WantSHUDigest, c.Digest)},
		{name: "approve", given: met, when: resolve(cooperative.ApproveSHU, 1, c.Digest), then: []cooperative.Event{approval(c)}},
		{name: "approve twice", given: approved, when: resolve(cooperative.ApproveSHU, 1, c.Digest), err: is(cooperative.ErrSHUApproved)},
		{name: "compute once approved", given: approved, when: computeSHU(), err: is(cooperative.ErrSHUApproved)},
		{name: "distribute unapproved", given: met, when: distribute, err: is(cooperative.ErrSHUNotApproved)},
		{name: "distribute", given: approved, when: distribute,
			then: []cooperative.Event{cooperative.SHUDistributed{Year: 2025, SHU: c.Digest, Payout: cooperative.PayoutSukarela, Lines: lines, On: newYear}}},
		{name: "distribute twice", given: append(append([]cooperative.Event{}, approved...), cooperative.SHUDistributed{Year: 2025, SHU: c.Digest, Payout: cooperative.PayoutSukarela, Lines: lines, On: newYear}),
			when: distribute, err: is(cooperative.ErrSHUDistributed)},
	})
}
