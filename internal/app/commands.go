package app

import (
	"context"

	"errors"
	"fmt"
	"github.com/google/uuid"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

var cooperativeFold = fold{
	start: func() any { return cooperative.State{} },
	evolve: func(state, payload any) any {
		return cooperative.Evolve(state.(cooperative.State), payload.(cooperative.Event))
	},
	persistent: true,
}

var memberFold = fold{
	start: func() any { return &member.State{} },
	evolve: func(state, payload any) any {
		return member.Evolve(state.(*member.State), payload)
	},
}

// checkActor refuses an empty or malformed actor.
func checkActor(a Actor) error {
	if !input.Text(string(a), 64) {
		return &input.Error{Field: "actor", Value: string(a), Want: input.WantActor}
	}
	return nil
}

// Register registers a cooperative. Registering the same id again with
// the same name and policy is a repeat and writes nothing.
func (s *Service) Register(ctx context.Context, actor Actor, c cooperative.Register) (Result, error) {
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	if err := c.Policy.Validate(); err != nil {
		return Result{}, err
	}
	if _, err := s.zone(c.Policy.TimeZone); err != nil {
		return Result{}, &input.Error{Field: "time_zone", Value: c.Policy.TimeZone, Want: input.WantTimeZone}
	}
	today, err := s.today(c.Policy.TimeZone)
	if err != nil {
		return Result{}, err
	}
	c.Today = today
	if c.On.IsZero() {
		c.On = today
	}
	return s.execute(ctx, writeSpec{
		coop: string(c.Coop), stream: codec.CooperativeStream(string(c.Coop)), fold: cooperativeFold, actor: actor,
		decide: func(state any) ([]pending, error) {
			st := state.(cooperative.State)
			if st.Exists() && st.Name == c.Name {
				if v, _ := st.Policies.Latest(); v.Number == 1 && v.Policy.Equal(c.Policy) {
					return nil, nil
				}
			}
			events, err := cooperative.Decide(st, c)
			if err != nil {
				return nil, err
			}
			return []pending{{payload: events[0], key: "registered"}, {payload: events[1], key: "chart"}}, nil
		},
	})
}

// ChangePolicy adopts a new policy version.
func (s *Service) ChangePolicy(ctx context.Context, actor Actor, coop cooperative.ID, decision string, c cooperative.ChangePolicy) (Result, error) {
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	if decision != "" && !input.Text(decision, member.MaxRefLen) {
		return Result{}, &input.Error{Field: "decision", Value: decision, Want: input.WantRef}
	}
	if _, err := s.Cooperative(ctx, coop); err != nil {
		return Result{}, err
	}
	return s.execute(ctx, writeSpec{
		coop: string(coop), stream: codec.CooperativeStream(string(coop)), fold: cooperativeFold, actor: actor, decision: decision,
		decide: func(state any) ([]pending, error) {
			events, err := cooperative.Decide(state.(cooperative.State), c)
			if err != nil || len(events) == 0 {
				return nil, err
			}
			return []pending{{payload: events[0]}}, nil
		},
	})
}

// Cooperative returns the state of a registered cooperative, or an input
// error naming it.
func (s *Service) Cooperative(ctx context.Context, coop cooperative.ID) (cooperative.State, error) {
	if _, err := cooperative.ParseID(string(coop)); err != nil {
		return cooperative.State{}, err
	}
	stream := codec.CooperativeStream(string(coop))
	cur, err := s.load(ctx, stream, cooperativeFold)
	if err != nil {
		return cooperative.State{}, err
	}
	s.remember(stream, cur)
	st := cur.state.(cooperative.State)
	if !st.Exists() {
		return st, &input.Error{Field: "coop", Value: string(coop), Want: input.WantKnownCoop}
	}
	return st, nil
}

// Member returns the state of a member; Exists is false for an unknown id.
func (s *Service) Member(ctx context.Context, coop cooperative.ID, id member.ID) (*member.State, error) {
	if _, err := member.ParseID(string(id)); err != nil {
		return nil, err
	}
	stream := codec.MemberStream(string(coop), string(id))
	cur, err := s.load(ctx, stream, memberFold)
	if err != nil {
		return nil, err
	}
	// The caller gets its own copy: the cached state is folded in place
	// by later commands.
	st := cur.state.(*member.State).Clone()
	s.remember(stream, cur)
	if !st.Exists() {
		st.ID = id
	}
	return st, nil
}

// given reads what a member command is decided on besides the member's
// stream. The cash view reads the general ledger when asked; a failure to
// read it goes to *cashErr.
func (s *Service) given(ctx context.Context, coop cooperative.ID, cashErr *error) (member.Given, error) {
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return member.Given{}, err
	}
	latest, _ := st.Policies.Latest()
	today, err := s.today(latest.Policy.TimeZone)
	if err != nil {
		return member.Given{}, err
	}
	return member.Given{
		Today: today, Policies: st.Policies,
		Books: &member.Books{Chart: st.Chart, Periods: st.Periods, Cash: cashView{ctx: ctx, gl: s.gl, coop: coop, err: cashErr}},
	}, nil
}

// Via names the cash or bank account (by its code in the chart) that a
// transaction moves money through; kas when none is given.
type Via string

func via(v []Via) string {
	if len(v) == 0 {
		return ""
	}
	return string(v[len(v)-1])
}

// Today returns today's date in the cooperative's time zone.
func (s *Service) Today(ctx context.Context, coop cooperative.ID) (calendar.Date, error) {
	var ignored error
	g, err := s.given(ctx, coop, &ignored)
	return g.Today, err
}

// refKey is the id key of the event recorded under a reference.
func refKey(ref string) string { return "ref:" + ref }

// RefEventID returns the id of the event a cooperative records under a
// transaction reference (an admission, deposit, withdrawal or exit).
func RefEventID(coop cooperative.ID, ref string) uuid.UUID { return EventID(string(coop), refKey(ref)) }

// reversalKey is the id key of a reference's reversal.
func reversalKey(ref string) string { return "reversal:" + ref }

// memberCommand runs a member command on the member's stream. It holds
// the cooperative's cash lock from its reading of the books to its
// append: a payment never counts cash another command is spending, and a
// deposit never goes to an account being closed. A command that only
// brings cash in (cashIn: a deposit, an admission) shares the lock with
// others like it, since none of them can make cash short: tellers'
// deposits then run side by side, their appends committed together.
func (s *Service) memberCommand(ctx context.Context, actor Actor, coop cooperative.ID, id member.ID, decision string, cashIn bool, build func(member.Given) member.Command) (Result, error) {
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	if _, err := member.ParseID(string(id)); err != nil {
		return Result{}, err
	}
	l := s.cashLock(coop)
	if cashIn {
		l.RLock()
		defer l.RUnlock()
	} else {
		l.Lock()
		defer l.Unlock()
	}
	var cashErr error
	g, err := s.given(ctx, coop, &cashErr)
	if err != nil {
		return Result{}, err
	}
	stream := codec.MemberStream(string(coop), string(id))
	c := build(g)
	res, err := s.execute(ctx, writeSpec{
		coop: string(coop), stream: stream, fold: memberFold, actor: actor, decision: decision,
		decide: func(state any) ([]pending, error) {
			st := state.(*member.State)
			if !st.Exists() {
				st.ID = id
			}
			events, err := member.Decide(st, c)
			if err != nil {
				return nil, err
			}
			out := make([]pending, len(events))
			for i, e := range events {
				out[i] = pending{payload: e, key: eventKey(id, e)}
			}
			return out, nil
		},
		after: func(state any, res *Result) {
			st := state.(*member.State)
			products := savings.Products()
			res.Balances = make(map[savings.Product]money.Amount, len(products))
			for _, p := range products {
				res.Balances[p] = st.Account(p).Balance()
			}
		},
	})
	if cashErr != nil && err != nil {
		return Result{}, cashErr
	}
	if errors.Is(err, eventstore.ErrDuplicateEventID) {
		return Result{}, s.duplicateRef(ctx, coop, c)
	}
	return res, err
}

// eventKey returns the key the id of member id's event e derives from.
func eventKey(id member.ID, e member.Event) string {
	switch e := e.(type) {
	case member.SHUReceived:
		// One share per member and year, however often a distribution
		// is resumed.
		return fmt.Sprintf("shu:%d:%s", e.Year, id)
	case member.Admitted:
		return refKey(e.Ref)
	case savings.Deposited:
		return refKey(e.Ref)
	case savings.Withdrawn:
		return refKey(e.Ref)
	case member.ExitSettled:
		return refKey(e.Ref)
	case savings.Reversed:
		return reversalKey(e.Ref)
	}
	panic(fmt.Sprintf("app: no id key for %T", e))
}

// duplicateRef explains a store's refusal of an event id: one of the
// command's references is recorded in another member's stream.
func (s *Service) duplicateRef(ctx context.Context, coop cooperative.ID, c member.Command) error {
	var refs []string
	switch c := c.(type) {
	case member.Admit:
		refs = []string{c.Ref, c.PokokRef}
	case member.Deposit:
		refs = []string{c.Ref}
	case member.Withdraw:
		refs = []string{c.Ref}
	case member.Exit:
		refs = []string{c.Ref}
	}
	for _, ref := range refs {
		rec, err := s.store.FindEvent(ctx, EventID(string(coop), refKey(ref)))
		if err != nil {
			continue
		}
		dup := &member.DuplicateRefError{Ref: ref}
		if _, m, ok := codec.ParseMemberStream(rec.Stream); ok {
			dup.Member = member.ID(m)
		}
		return dup
	}
	return fmt.Errorf("app: %w", eventstore.ErrDuplicateEventID)
}

// Admit admits a member; with payPokok the policy's simpanan pokok is
// recorded as paid under ref+"/pokok".
func (s *Service) Admit(ctx context.Context, actor Actor, coop cooperative.ID, id member.ID, name string, on calendar.Date, ref string, payPokok bool, through ...Via) (Result, error) {
	// The pokok's reference is the admission's with a suffix: leave it
	// room, and name the reference the person gave.
	if room := member.MaxRefLen - len(PokokRef("")); payPokok && len(ref) > room {
		return Result{}, &input.Error{Field: "ref", Value: ref, Want: input.WantRef, Bound: fmt.Sprint(room)}
	}
	return s.memberCommand(ctx, actor, coop, id, "", true, func(g member.Given) member.Command {
		return member.Admit{Given: g, Member: id, Name: name, On: on, Ref: ref, EntryFee: money.Zero(), PayPokok: payPokok, PokokRef: PokokRef(ref), Cash: via(through)}
	})
}

// PokokRef is the reference of the simpanan pokok paid on admission under
// the admission's reference.
func PokokRef(admissionRef string) string { return admissionRef + "/pokok" }

// Deposit records a deposit.
func (s *Service) Deposit(ctx context.Context, actor Actor, coop cooperative.ID, id member.ID, p savings.Product, amount money.Amount, on calendar.Date, ref string, through ...Via) (Result, error) {
	return s.memberCommand(ctx, actor, coop, id, "", true, func(g member.Given) member.Command {
		return member.Deposit{Given: g, Product: p, Amount: amount, On: on, Ref: ref, Cash: via(through)}
	})
}

// Withdraw records a withdrawal.
func (s *Service) Withdraw(ctx context.Context, actor Actor, coop cooperative.ID, id member.ID, p savings.Product, amount money.Amount, on calendar.Date, ref string, through ...Via) (Result, error) {
	return s.memberCommand(ctx, actor, coop, id, "", false, func(g member.Given) member.Command {
		return member.Withdraw{Given: g, Product: p, Amount: amount, On: on, Ref: ref, Cash: via(through)}
	})
}

// Reverse reverses the deposit or withdrawal recorded under ref, in
// whichever member's stream it is. A zero on reverses on the original's
// date.
func (s *Service) Reverse(ctx context.Context, actor Actor, coop cooperative.ID, ref, reason string, on calendar.Date) (Result, error) {
	if !input.Text(ref, member.MaxRefLen) {
		return Result{}, &input.Error{Field: "ref", Value: ref, Want: input.WantRef}
	}
	if _, err := s.Cooperative(ctx, coop); err != nil {
		return Result{}, err
	}
	rec, err := s.store.FindEvent(ctx, EventID(string(coop), refKey(ref)))
	if errors.Is(err, eventstore.ErrEventNotFound) {
		return Result{}, &input.Error{Field: "ref", Value: ref, Want: input.WantKnownRef}
	}
	if err != nil {
		return Result{}, fmt.Errorf("app: find %s: %w", ref, err)
	}
	if rec.Stream == codec.CooperativeStream(string(coop)) {
		return s.reverseJournal(ctx, actor, coop, rec, reason, on)
	}
	streamCoop, id, ok := codec.ParseMemberStream(rec.Stream)
	if !ok || streamCoop != string(coop) {
		return Result{}, &input.Error{Field: "ref", Value: ref, Want: input.WantKnownRef}
	}
	return s.memberCommand(ctx, actor, coop, member.ID(id), "", false, func(g member.Given) member.Command {
		return member.Reverse{Given: g, Ref: ref, Reason: reason, On: on}
	})
}

// Exit settles a member's exit. What the member owes on loans (the
// principal, and the interest and penalties due, on the exit's date) is
// netted against the refund; the loans are then settled from it, each in
// its own stream. A crash between the two leaves the settlement pending,
// and ResumeExits (run by every exit and every review) completes it
// exactly once.
func (s *Service) Exit(ctx context.Context, actor Actor, coop cooperative.ID, id member.ID, on calendar.Date, ref, reason, decision string, through ...Via) (Result, error) {
	if decision != "" && !input.Text(decision, member.MaxRefLen) {
		return Result{}, &input.Error{Field: "decision", Value: decision, Want: input.WantRef}
	}
	if err := s.ResumeExits(ctx, actor, coop); err != nil {
		return Result{}, err
	}
	var loansErr error
	res, err := s.memberCommand(ctx, actor, coop, id, decision, false, func(g member.Given) member.Command {
		// Read under the cash lock the command holds: no loan of this
		// process moves meanwhile.
		owed, err := s.owed(ctx, coop, id, on)
		loansErr = err
		return member.Exit{Given: g, On: on, Ref: ref, Reason: reason, OutstandingLoans: owed, Cash: via(through)}
	})
	if loansErr != nil {
		return Result{}, fmt.Errorf("app: loans of %s: %w", id, loansErr)
	}
	if err != nil {
		return res, err
	}
	return res, s.ResumeExits(ctx, actor, coop)
}

// NewRef returns a fresh reference for a transaction the person gave none
// for: a prefix and twelve random hex digits of a new id, short enough to
// write on a receipt.
func (s *Service) NewRef(prefix string) string {
	id := s.newID().String()
	return prefix + "-" + strings.ToUpper(strings.ReplaceAll(id[len(id)-12:], "-", ""))
}
