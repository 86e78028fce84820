package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/participation"
)

// AdoptSHUPolicy adopts a version of the SHU terms of the bylaws, in
// force from a date, by a decision (of the RAT that set them).
func (s *Service) AdoptSHUPolicy(ctx context.Context, actor Actor, coop cooperative.ID, decision string, p shu.Policy, from calendar.Date) (Result, error) {
	return s.booksCommand(ctx, actor, coop, decision, false, "", func(calendar.Date) cooperative.Command {
		return cooperative.AdoptSHUPolicy{Policy: p, From: from}
	})
}

// Sale is a sale of a shop unit.
type Sale struct {
	Ref string
	// Member is the buyer, empty for a non-member.
	Member       member.ID
	Amount, Cost money.Amount
	Unit         string
	On           calendar.Date
}

// RecordSale records a sale: the unit's revenue from a member or a
// non-member, and the cost of goods when given. Recording the same
// reference again with the same content writes nothing; with other
// content it is refused.
func (s *Service) RecordSale(ctx context.Context, actor Actor, coop cooperative.ID, sale Sale, through ...Via) (Result, error) {
	if !input.Text(sale.Ref, member.MaxRefLen) {
		return Result{}, &input.Error{Field: "ref", Value: sale.Ref, Want: input.WantRef}
	}
	active := false
	if sale.Member != "" {
		m, err := s.Member(ctx, coop, sale.Member)
		if err != nil {
			return Result{}, err
		}
		if !m.Exists() {
			return Result{}, &input.Error{Field: "member", Value: string(sale.Member), Want: input.WantKnownMember}
		}
		active = !m.Admitted.After(sale.On) && (m.Exited.IsZero() || m.Exited.After(sale.On))
	}
	if done, err := s.saleRepeat(ctx, coop, sale, through); done || err != nil {
		return Result{Stream: codec.CooperativeStream(string(coop)), Repeated: done}, err
	}
	res, err := s.booksCommand(ctx, actor, coop, "", false, refKey(sale.Ref), func(today calendar.Date) cooperative.Command {
		return cooperative.RecordSale{Ref: sale.Ref, Member: string(sale.Member), MemberActive: active, Amount: sale.Amount, Cost: sale.Cost,
			Unit: sale.Unit, Cash: via(through), On: sale.On, Today: today}
	})
	if errors.Is(err, eventstore.ErrDuplicateEventID) {
		if done, err := s.saleRepeat(ctx, coop, sale, through); done || err != nil {
			return Result{Stream: codec.CooperativeStream(string(coop)), Repeated: done}, err
		}
	}
	return res, err
}

// saleRepeat reports whether the sale is recorded already under its
// reference, and refuses a reference used for something else.
func (s *Service) saleRepeat(ctx context.Context, coop cooperative.ID, sale Sale, through []Via) (bool, error) {
	rec, err := s.store.FindEvent(ctx, RefEventID(coop, sale.Ref))
	if errors.Is(err, eventstore.ErrEventNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("app: find %s: %w", sale.Ref, err)
	}
	dup := &member.DuplicateRefError{Ref: sale.Ref}
	if _, m, ok := codec.ParseMemberStream(rec.Stream); ok {
		dup.Member = member.ID(m)
		return false, dup
	}
	e, err := s.events.Decode(rec)
	if err != nil {
		return false, err
	}
	got, ok := e.Payload.(cooperative.SaleRecorded)
	cash := via(through)
	if ok && cash == "" {
		st, err := s.Cooperative(ctx, coop)
		if err != nil {
			return false, err
		}
		kas, _ := st.Chart.ByRole(ledger.RoleCash)
		cash = kas.Code
	}
	if !ok || got.Member != string(sale.Member) || !got.Amount.Equal(sale.Amount) || !got.Cost.Equal(sale.Cost) ||
		got.Unit != sale.Unit || got.On != sale.On || got.Cash != cash {
		return false, dup
	}
	return true, nil
}

// participants calls fn with coop's members' participation, brought up
// to date: the projection is the service's own, so fn must not keep it.
func (s *Service) participants(ctx context.Context, coop cooperative.ID, fn func(*participation.Fold)) error {
	return s.parts.read(ctx, func(p projector.Projection) {
		fn(p.(*participation.Projection).Coop(string(coop)))
	})
}

// BooksDigest returns the SHA-256 of what a year's statements are made
// of: every account's balance per unit at the year's end before its
// closing entries, and the year's surplus with its member and non-member
// parts. A computation records it; the same digest later shows the books
// of the year unchanged.
func BooksDigest(b *generalledger.Books, year int) string {
	h := sha256.New()
	end := calendar.MustNew(year, 12, 31)
	units := []string{""}
	for _, u := range b.State.Chart.Units() {
		units = append(units, u.Code)
	}
	for _, a := range b.State.Chart.Accounts() {
		if a.Heading {
			continue
		}
		for _, u := range units {
			bal := b.Balance(a.Code, generalledger.Filter{Unit: u, To: end})
			if !bal.IsZero() {
				fmt.Fprintf(h, "%s %s %s\n", a.Code, u, bal)
			}
		}
	}
	sp := b.Surplus(generalledger.Filter{From: calendar.MustNew(year, 1, 1), To: end})
	fmt.Fprintf(h, "surplus %s %s %s %s %s\n", sp.BeforeTax, sp.Tax, sp.AfterTax, sp.Member, sp.NonMember)
	return hex.EncodeToString(h.Sum(nil))
}

// SHUFigures reads what a year's SHU is computed from: the surplus of
// the closed year from the general ledger, the digest of the books, and
// every member's bases under the SHU policy in force at the year's end.
func (s *Service) SHUFigures(ctx context.Context, coop cooperative.ID, year int) (shu.Figures, string, error) {
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return shu.Figures{}, "", err
	}
	if !slices.Contains(st.ClosedYears, year) {
		return shu.Figures{}, "", fmt.Errorf("%w: %d", cooperative.ErrYearOpen, year)
	}
	end := calendar.MustNew(year, 12, 31)
	version, ok := st.SHUPolicyAt(end)
	if !ok {
		return shu.Figures{}, "", fmt.Errorf("%w: %d", cooperative.ErrNoSHUPolicy, year)
	}
	pol, _ := st.Policies.At(end)
	f := shu.Figures{Year: year, Places: pol.Policy.Places, BeforeTax: money.Zero(), Tax: money.Zero(), NonMember: money.Zero()}
	var digest string
	err = s.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b == nil {
			return
		}
		sp := b.Surplus(generalledger.Filter{From: calendar.MustNew(year, 1, 1), To: end})
		f.BeforeTax, f.Tax, f.NonMember = sp.BeforeTax, sp.Tax, sp.NonMember
		digest = BooksDigest(b, year)
	})
	if err != nil {
		return shu.Figures{}, "", err
	}
	if err := s.participants(ctx, coop, func(parts *participation.Fold) {
		f.Members, f.CapitalDivisor = parts.Members(year, version.Policy)
	}); err != nil {
		return shu.Figures{}, "", err
	}
	return f, digest, nil
}

// sharesFold counts the members' rows a shares stream holds.
var sharesFold = runsFold(func(p any) (int, int) {
	r := p.(cooperative.SHUShares)
	return r.First, len(r.Members)
})

// recordShares writes a computation's rows to their stream; the runs
// recorded before (a computation retried) are not written again.
func (s *Service) recordShares(ctx context.Context, actor Actor, coop cooperative.ID, year int, runs []cooperative.SHUShares) error {
	if len(runs) == 0 {
		return nil
	}
	parts := make([]run, len(runs))
	for i, r := range runs {
		parts[i] = run{first: r.First, payload: r, key: fmt.Sprintf("shu-shares:%d:%s:%d", year, r.Computation, r.First)}
	}
	return s.appendRuns(ctx, actor, coop, codec.SHUSharesStream(string(coop), year, runs[0].Computation), sharesFold, parts)
}

// ComputeSHU computes a closed year's SHU and records it: a draft until
// the RAT approves it, superseded by a new computation on other figures
// or terms. The members' rows are written first, to the computation's own
// stream; the computation itself, in the cooperative's stream, names
// their digest, so a computation interrupted between the two is simply
// not there (its rows are never read) and running it again completes it.
// Computing again on the same figures and terms writes nothing. It
// returns the year as recorded, with the current computation's rows.
func (s *Service) ComputeSHU(ctx context.Context, actor Actor, coop cooperative.ID, year int) (*cooperative.YearEnd, Result, error) {
	if err := checkActor(actor); err != nil {
		return nil, Result{}, err
	}
	for attempt := 0; ; attempt++ {
		y, res, err := s.computeSHU(ctx, actor, coop, year)
		// A policy adopted while the rows were written: compute again
		// under it (the rows written are never read).
		if errors.Is(err, cooperative.ErrSHUPlanStale) && attempt < 3 {
			continue
		}
		return y, res, err
	}
}

func (s *Service) computeSHU(ctx context.Context, actor Actor, coop cooperative.ID, year int) (*cooperative.YearEnd, Result, error) {
	figures, digest, err := s.SHUFigures(ctx, coop, year)
	if err != nil {
		return nil, Result{}, err
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return nil, Result{}, err
	}
	latest, _ := st.Policies.Latest()
	today, err := s.today(latest.Policy.TimeZone)
	if err != nil {
		return nil, Result{}, err
	}
	command := cooperative.ComputeSHU{Year: year, Figures: figures, Statements: digest, Today: today}
	plan, err := cooperative.PlanSHU(st, command)
	if err != nil {
		return nil, Result{}, err
	}
	if plan == nil {
		// Recorded before: the year as the log has it.
		y, err := s.YearEnd(ctx, coop, year)
		return y, Result{}, err
	}
	_, runs := plan.Split(codec.SHURowsPerEvent, codec.SHURowSize)
	if err := s.recordShares(ctx, actor, coop, year, runs); err != nil {
		return nil, Result{}, err
	}
	command.Planned = plan
	res, err := s.booksCommand(ctx, actor, coop, "", false, "", func(calendar.Date) cooperative.Command { return command })
	if err != nil {
		return nil, res, err
	}
	st, err = s.Cooperative(ctx, coop)
	if err != nil {
		return nil, res, err
	}
	y := *st.Year(year)
	if y.Fingerprint != plan.Digest {
		// Another computation was recorded meanwhile: read it.
		full, err := s.YearEnd(ctx, coop, year)
		return full, res, err
	}
	// The rows just written, without reading them back.
	full := *y.Computed
	full.Figures.Members, full.Result.Payouts = plan.Figures.Members, plan.Result.Payouts
	y.Computed = &full
	return &y, res, nil
}

// YearEnd returns what the cooperative's stream says of a year's SHU and
// RAT, with the current computation's members' rows read from their
// stream and checked against its digest; nil when nothing.
func (s *Service) YearEnd(ctx context.Context, coop cooperative.ID, year int) (*cooperative.YearEnd, error) {
	return s.YearEndKnownAt(ctx, coop, year, time.Time{})
}

// YearEndKnownAt is YearEnd as it was known at the instant at: the
// cooperative's stream up to its first event recorded after at. A zero
// at is the year end now.
func (s *Service) YearEndKnownAt(ctx context.Context, coop cooperative.ID, year int, at time.Time) (*cooperative.YearEnd, error) {
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return nil, err
	}
	if !at.IsZero() {
		st = cooperative.State{}
		stopped := false
		if _, err := s.each(ctx, codec.CooperativeStream(string(coop)), head{revision: -1}, func(e codec.Event) {
			if stopped = stopped || e.Recorded.After(at); !stopped {
				st = cooperative.Evolve(st, e.Payload.(cooperative.Event))
			}
		}); err != nil {
			return nil, err
		}
	}
	y := st.Year(year)
	if y == nil || y.Computed == nil {
		return y, nil
	}
	var runs []cooperative.SHUShares
	stream := codec.SHUSharesStream(string(coop), year, y.Computed.Shares)
	if _, err := s.each(ctx, stream, head{revision: -1}, func(e codec.Event) {
		if r, ok := e.Payload.(cooperative.SHUShares); ok {
			runs = append(runs, r)
		}
	}); err != nil {
		return nil, err
	}
	full, err := y.Computed.JoinShares(runs)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", eventstore.ErrCorrupt, stream, err)
	}
	out := *y
	out.Computed = &full
	return &out, nil
}

// ConveneRAT records the RAT of a year on a date, with the members
// entitled to attend on it and the quorum the bylaws require.
func (s *Service) ConveneRAT(ctx context.Context, actor Actor, coop cooperative.ID, decision string, year int, on calendar.Date) (Result, error) {
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	members := 0
	if err := s.participants(ctx, coop, func(parts *participation.Fold) { members = len(parts.Active(on)) }); err != nil {
		return Result{}, err
	}
	return s.booksCommand(ctx, actor, coop, decision, false, fmt.Sprintf("rat:%d", year), func(today calendar.Date) cooperative.Command {
		return cooperative.ConveneRAT{Year: year, Members: members, On: on, Today: today}
	})
}

// RecordAttendance records members attending the RAT of a year.
func (s *Service) RecordAttendance(ctx context.Context, actor Actor, coop cooperative.ID, year int, attending []cooperative.Attendance) (Result, error) {
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	y, err := s.YearEnd(ctx, coop, year)
	if err != nil {
		return Result{}, err
	}
	active := map[string]bool{}
	if y != nil && y.Meeting != nil {
		if err := s.participants(ctx, coop, func(parts *participation.Fold) {
			for _, id := range parts.Active(y.Meeting.On) {
				active[id] = true
			}
		}); err != nil {
			return Result{}, err
		}
	}
	return s.booksCommand(ctx, actor, coop, "", false, "", func(calendar.Date) cooperative.Command {
		return cooperative.RecordAttendance{Year: year, Members: attending, Active: func(id string) bool { return active[id] }}
	})
}

// Resolution is a resolution put to the RAT.
type Resolution struct {
	Year                  int
	Kind                  string
	For, Against, Abstain int
	// SHU is the fingerprint of the computation an approve-shu
	// resolution approves; Payout how members receive their share.
	SHU, Payout, Text string
	On                calendar.Date
}

// PassResolution records a resolution of the RAT and its votes, under the
// decision reference that numbers it in the minutes.
func (s *Service) PassResolution(ctx context.Context, actor Actor, coop cooperative.ID, decision string, r Resolution) (Result, error) {
	return s.booksCommand(ctx, actor, coop, decision, false, "", func(today calendar.Date) cooperative.Command {
		return cooperative.PassResolution{Year: r.Year, Kind: r.Kind, For: r.For, Against: r.Against, Abstain: r.Abstain,
			SHU: r.SHU, Payout: r.Payout, Text: r.Text, On: r.On, Today: today}
	})
}

// Distribution is what a distribution wrote.
type Distribution struct {
	// Recorded is set when this call recorded the distribution; a resumed
	// distribution only completes the members' shares.
	Recorded bool
	Payout   string
	// Members are the members whose shares reached them in this call;
	// Held those whose share stays payable (they left the cooperative).
	Members, Held int
	Paid          money.Amount
	HeldAmount    money.Amount
}

// DistributeSHU distributes a year's SHU as the RAT approved it, on a
// date: first the distribution in the cooperative's stream (reserves,
// funds, the members' payable), then each member's share in their own
// stream (credited to sukarela, or paid in cash from the account named,
// kas by default), all members in one atomic append. The members' shares
// have ids derived from the year and the member, so a distribution
// interrupted between the two steps is completed by running it again,
// and no share is ever written twice. A member who left keeps their share
// payable (Utang SHU anggota) until it is paid to them.
func (s *Service) DistributeSHU(ctx context.Context, actor Actor, coop cooperative.ID, decision string, year int, on calendar.Date, through ...Via) (Distribution, error) {
	if err := checkActor(actor); err != nil {
		return Distribution{Paid: money.Zero(), HeldAmount: money.Zero()}, err
	}
	if decision != "" && !input.Text(decision, member.MaxRefLen) {
		return Distribution{Paid: money.Zero(), HeldAmount: money.Zero()}, &input.Error{Field: "decision", Value: decision, Want: input.WantDecision}
	}
	l := s.cashLock(coop)
	l.Lock()
	defer l.Unlock()
	return s.distributeLocked(ctx, actor, coop, decision, year, on, via(through))
}

// distributeLocked distributes, or completes the distribution of, a
// year's SHU; the caller holds the cooperative's cash lock.
func (s *Service) distributeLocked(ctx context.Context, actor Actor, coop cooperative.ID, decision string, year int, on calendar.Date, cash string) (Distribution, error) {
	out := Distribution{Paid: money.Zero(), HeldAmount: money.Zero()}
	y, err := s.YearEnd(ctx, coop, year)
	if err != nil {
		return out, err
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return out, err
	}
	latest, _ := st.Policies.Latest()
	today, err := s.today(latest.Policy.TimeZone)
	if err != nil {
		return out, err
	}
	units, err := s.unitResults(ctx, coop, year)
	if err != nil {
		return out, err
	}
	command := cooperative.DistributeSHU{Year: year, On: on, Units: units, Cash: cash, Today: today}
	resuming := y != nil && y.Distributed != nil
	payout := ""
	if resuming {
		// The shares take the distribution's date, payout and cash
		// account, whatever this call names.
		on, payout, cash = y.Distributed.On, y.Distributed.Payout, y.Distributed.Cash
	} else {
		// Decided first without writing: a refusal writes nothing.
		if _, err := cooperative.Decide(st, command); err != nil {
			return out, err
		}
		approval, _ := y.Approved()
		payout = approval.Payout
	}
	out.Payout = payout

	// Every member's share is decided before anything is written: a share
	// refused (cash short on the date, a closed period) refuses the whole
	// distribution.
	b, err := s.newBatchLocked(ctx, actor, coop)
	if err != nil {
		return out, err
	}
	var parts []eventstore.StreamAppend
	for _, p := range y.Computed.Result.Payouts {
		if !p.Total.IsPositive() {
			continue
		}
		m, err := b.Member(ctx, member.ID(p.Member))
		if err != nil {
			return out, err
		}
		if m.ReceivedSHU(year) {
			continue
		}
		if m.Status != member.StatusActive {
			// Paid in cash when they come for it: lumbung shu pay.
			out.Held++
			out.HeldAmount = out.HeldAmount.Add(p.Total)
			continue
		}
		part, err := b.Decide(ctx, member.ID(p.Member), func(g member.Given) member.Command {
			return member.ReceiveSHU{Given: g, Year: year, Amount: p.Total, To: payout, Cash: cash, On: on}
		})
		if err != nil {
			err = &ShareError{Member: p.Member, Amount: p.Total, Err: err}
			if resuming {
				err = &SharesPendingError{Year: year, Err: err}
			}
			return out, err
		}
		if len(part.Events) > 0 {
			parts = append(parts, part)
			out.Members++
			out.Paid = out.Paid.Add(p.Total)
		}
	}
	if !resuming {
		_, err := s.booksCommand(ctx, actor, coop, decision, false, fmt.Sprintf("shu-distribute:%d", year), func(calendar.Date) cooperative.Command {
			return command
		})
		if err != nil {
			return out, err
		}
		out.Recorded = true
	}
	if len(parts) == 0 {
		if !out.Recorded {
			// Distributed before, every share delivered: nothing left to do.
			return out, fmt.Errorf("%w: %d", cooperative.ErrSHUDistributed, year)
		}
		return out, nil
	}
	if _, err := s.store.AppendBatch(ctx, func(yield func(eventstore.StreamAppend, error) bool) {
		for _, p := range parts {
			if !yield(p, nil) {
				return
			}
		}
	}); err != nil {
		return out, &SharesPendingError{Year: year, Err: err}
	}
	return out, nil
}

// resumeSHULocked completes the distributions dated in month m whose
// members' shares are not all written, so that closing the month never
// strands them; the caller holds the cash lock.
func (s *Service) resumeSHULocked(ctx context.Context, actor Actor, coop cooperative.ID, m ledger.Month) error {
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return err
	}
	for _, year := range slices.Sorted(maps.Keys(st.Years)) {
		d := st.Years[year].Distributed
		if d == nil || d.On.Before(m.First()) || d.On.After(m.Last()) {
			continue
		}
		_, err := s.distributeLocked(ctx, actor, coop, "", year, d.On, d.Cash)
		if err != nil && !errors.Is(err, cooperative.ErrSHUDistributed) {
			return err
		}
	}
	return nil
}

// unitResults returns the year's result of every business unit: what the
// closing entries brought to SHU tahun berjalan in each.
func (s *Service) unitResults(ctx context.Context, coop cooperative.ID, year int) (map[string]money.Amount, error) {
	out := map[string]money.Amount{}
	err := s.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b == nil {
			return
		}
		for _, u := range b.State.Chart.Units() {
			sp := b.Surplus(generalledger.Filter{Unit: u.Code, From: calendar.MustNew(year, 1, 1), To: calendar.MustNew(year, 12, 31)})
			if !sp.AfterTax.IsZero() {
				out[u.Code] = sp.AfterTax
			}
		}
	})
	return out, err
}

// ShareError is the refusal of one member's share.
type ShareError struct {
	Member string
	Amount money.Amount
	Err    error
}

func (e *ShareError) Error() string {
	return fmt.Sprintf("app: the SHU share %s of member %s: %v", e.Amount, e.Member, e.Err)
}

func (e *ShareError) Unwrap() error { return e.Err }

// SharesPendingError reports a distribution recorded whose members'
// shares are not all written: running the distribution again completes
// it.
type SharesPendingError struct {
	Year int
	Err  error
}

func (e *SharesPendingError) Error() string {
	return fmt.Sprintf("app: the SHU of %d is distributed but members' shares are pending: %v", e.Year, e.Err)
}

func (e *SharesPendingError) Unwrap() error { return e.Err }

// ErrShareNotHeld refuses to pay in cash the share of a member still in
// the cooperative: their share reaches them through the distribution, as
// the RAT resolved.
var ErrShareNotHeld = errors.New("app: the member's SHU share is not held: it reaches them through the distribution")

// PaySHU pays a member who left their share of a distributed year in
// cash, from the account named (kas by default): the distribution held
// it as payable.
func (s *Service) PaySHU(ctx context.Context, actor Actor, coop cooperative.ID, id member.ID, year int, on calendar.Date, through ...Via) (Result, money.Amount, error) {
	y, err := s.YearEnd(ctx, coop, year)
	if err != nil {
		return Result{}, money.Zero(), err
	}
	if y == nil || y.Distributed == nil {
		return Result{}, money.Zero(), fmt.Errorf("%w: %d", cooperative.ErrSHUNotDistributed, year)
	}
	amount := money.Zero()
	for _, p := range y.Computed.Result.Payouts {
		if p.Member == string(id) {
			amount = p.Total
		}
	}
	if !amount.IsPositive() {
		return Result{}, amount, &input.Error{Field: "member", Value: string(id), Want: input.WantSHUShare}
	}
	m, err := s.Member(ctx, coop, id)
	if err != nil {
		return Result{}, amount, err
	}
	if m.ReceivedSHU(year) {
		return Result{Stream: codec.MemberStream(string(coop), string(id)), Repeated: true}, amount, nil
	}
	if m.Status == member.StatusActive {
		return Result{}, amount, fmt.Errorf("%w: %s", ErrShareNotHeld, id)
	}
	if on.Before(y.Distributed.On) {
		return Result{}, amount, &input.Error{Field: "date", Value: on.String(), Want: input.WantNotBefore, Bound: y.Distributed.On.String()}
	}
	res, err := s.memberCommand(ctx, actor, coop, id, "", false, func(g member.Given) member.Command {
		return member.ReceiveSHU{Given: g, Year: year, Amount: amount, To: cooperative.PayoutCash, Cash: via(through), On: on}
	})
	return res, amount, err
}

// Participation calls fn with coop's members' participation: their
// capital, loans and purchases over time, and the membership at any date.
// fn must not keep it.
func (s *Service) Participation(ctx context.Context, coop cooperative.ID, fn func(*participation.Fold)) error {
	return s.participants(ctx, coop, fn)
}

// ParticipationKnownAt calls fn with the members' participation as the
// log stood at the instant at, before anything recorded later (a fold of
// the whole log, built for this call); a zero at is Participation.
func (s *Service) ParticipationKnownAt(ctx context.Context, coop cooperative.ID, at time.Time, fn func(*participation.Fold)) error {
	if at.IsZero() {
		return s.Participation(ctx, coop, fn)
	}
	parts := participation.New()
	if _, err := projector.New(s.store, nil).Rebuild(ctx, projector.KnownAt(parts, at)); err != nil {
		return err
	}
	fn(parts.Coop(string(coop)))
	return nil
}
