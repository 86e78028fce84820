package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/posting"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Batch decides many member commands of one cooperative against state
// held in memory, for imports: each decision sees the ones before it, and
// each returns the events to append, chained onto the member's stream.
// Nothing is written; the caller hands the appends to
// eventstore.Store.AppendBatch, which checks every expected revision
// again. A Batch is not safe for concurrent use.
type Batch struct {
	svc    *Service
	coop   cooperative.ID
	actor  Actor
	given  member.Given
	cash   *batchCash
	now    time.Time
	states map[member.ID]*batchState
	loans  map[loan.ID]*batchState
	// products are the cooperative's loan products when the batch began.
	products loan.Book
	// exiting are the members whose exit's loan settlement is pending.
	exiting map[string]bool
	unlock  func()
}

// Close releases the cooperative's cash lock. It may be called more than
// once.
func (b *Batch) Close() {
	if b.unlock != nil {
		b.unlock()
		b.unlock = nil
	}
}

// batchCash is the cash accounts as the general ledger had them when the
// batch began, plus what the batch's own decisions moved: a payment in a
// file is checked against the cash the rows before it brought in.
type batchCash struct {
	chart ledger.Chart
	runs  map[string]*ledger.Running
	// cash caches whether an account is a cash account.
	cash map[string]bool
}

func (c *batchCash) Lowest(account string, from calendar.Date) money.Amount {
	r, ok := c.runs[account]
	if !ok {
		return money.Zero()
	}
	return r.Lowest(from)
}

func (c *batchCash) post(events []member.Event) {
	for _, e := range events {
		for _, entry := range posting.Entries(e, c.chart) {
			c.postEntry(entry)
		}
	}
}

func (c *batchCash) postEntry(entry ledger.Entry) {
	if c.cash == nil {
		c.cash = map[string]bool{}
		for _, a := range c.chart.Accounts() {
			c.cash[a.Code] = a.Cash
		}
	}
	for _, l := range entry.Lines {
		if c.cash[l.Account] {
			r, ok := c.runs[l.Account]
			if !ok {
				r = &ledger.Running{}
				c.runs[l.Account] = r
			}
			r.Add(entry.On, l.Signed())
		}
	}
}

// batchState is a member's state in a batch and its stream's name.
type batchState struct {
	cached
	stream string
}

// NewBatch starts a batch for coop by actor, decided as of now. The batch
// holds the cooperative's cash lock until Close, so that no payment
// decided in this process spends the cash the batch counts on; the caller
// closes it after the batch's append.
func (s *Service) NewBatch(ctx context.Context, actor Actor, coop cooperative.ID) (*Batch, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	l := s.cashLock(coop)
	l.Lock()
	b, err := s.newBatchLocked(ctx, actor, coop)
	if err != nil {
		l.Unlock()
		return nil, err
	}
	b.unlock = l.Unlock
	return b, nil
}

// newBatchLocked starts a batch for a caller that holds the cooperative's
// cash lock already; its Close releases nothing.
func (s *Service) newBatchLocked(ctx context.Context, actor Actor, coop cooperative.ID) (*Batch, error) {
	// Loans netted by an exit whose settlement is pending are not moved
	// by the batch (which may be a dry run, writing nothing): their rows
	// are refused until a loan command or review settles them.
	exiting := map[string]bool{}
	if err := s.Loans(ctx, coop, func(b *loanbook.Book) {
		for _, x := range b.Pending() {
			exiting[x.Member] = true
		}
	}); err != nil {
		return nil, err
	}
	var cashErr error
	g, err := s.given(ctx, coop, &cashErr)
	if err != nil {
		return nil, err
	}
	cash := &batchCash{chart: g.Chart, runs: map[string]*ledger.Running{}}
	err = s.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b != nil {
			for code, r := range b.CashRunning() {
				cash.runs[code] = &r
			}
		}
	})
	if err != nil {
		return nil, err
	}
	g.Cash = cash
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return nil, err
	}
	return &Batch{svc: s, coop: coop, actor: actor, given: g, cash: cash, now: s.clock().UTC(), states: map[member.ID]*batchState{},
		loans: map[loan.ID]*batchState{}, products: st.Products, exiting: exiting}, nil
}

// Cooperative returns the cooperative the batch decides for.
func (b *Batch) Cooperative() cooperative.ID { return b.coop }

// Store returns the store the batch's appends are for.
func (b *Batch) Store() eventstore.Store { return b.svc.store }

// Decide decides the command that build returns for member id. It returns
// the part to append (no events when the command repeats one already
// recorded) or the domain's refusal; a refused command changes nothing.
func (b *Batch) Decide(ctx context.Context, id member.ID, build func(member.Given) member.Command) (eventstore.StreamAppend, error) {
	cur, ok := b.states[id]
	if !ok {
		if _, err := member.ParseID(string(id)); err != nil {
			return eventstore.StreamAppend{}, err
		}
		stream := codec.MemberStream(string(b.coop), string(id))
		// A batch folds its own states, never the service's cached ones.
		loaded, err := b.svc.advance(ctx, stream, memberFold, cached{head: head{revision: -1}, state: memberFold.start()})
		if err != nil {
			return eventstore.StreamAppend{}, err
		}
		cur = &batchState{cached: loaded, stream: stream}
		b.states[id] = cur
	}
	stream := cur.stream
	st := cur.state.(*member.State)
	if !st.Exists() {
		st.ID = id
	}
	events, err := member.Decide(st, build(b.given))
	if err != nil {
		return eventstore.StreamAppend{}, err
	}
	part := eventstore.StreamAppend{Stream: stream, Expected: cur.head.expected()}
	if len(events) == 0 {
		return part, nil
	}
	b.cash.post(events)
	decided := make([]pending, len(events))
	for i, e := range events {
		decided[i] = pending{payload: e, key: eventKey(id, e)}
	}
	data, _, next, err := b.svc.seal(writeSpec{coop: string(b.coop), stream: stream, fold: memberFold, actor: b.actor}, cur.cached, decided, false)
	if err != nil {
		return eventstore.StreamAppend{}, err
	}
	cur.cached = next
	part.Events = data
	return part, nil
}

// LoanProducts returns the codes of the cooperative's loan products.
func (b *Batch) LoanProducts() []string { return b.products.Codes() }

// Actor returns who the batch records as.
func (b *Batch) Actor() string { return string(b.actor) }

// Member returns a member's state as the batch has it, for rows that
// read it (a migrated loan's borrower); Exists is false for an unknown
// id.
func (b *Batch) Member(ctx context.Context, id member.ID) (*member.State, error) {
	if cur, ok := b.states[id]; ok {
		return cur.state.(*member.State), nil
	}
	return b.svc.Member(ctx, b.coop, id)
}

// DecideLoan decides the command that build returns for loan id, as
// Decide does for members. The key of a repayment's id is its reference;
// a migrated loan's application takes its id from the loan's.
func (b *Batch) DecideLoan(ctx context.Context, id loan.ID, build func(loan.Given) loan.Command) (eventstore.StreamAppend, error) {
	cur, ok := b.loans[id]
	if !ok {
		if _, err := loan.ParseID(string(id)); err != nil {
			return eventstore.StreamAppend{}, err
		}
		stream := codec.LoanStream(string(b.coop), string(id))
		loaded, err := b.svc.advance(ctx, stream, loanFold, cached{head: head{revision: -1}, state: loanFold.start()})
		if err != nil {
			return eventstore.StreamAppend{}, err
		}
		cur = &batchState{cached: loaded, stream: stream}
		b.loans[id] = cur
	}
	if st := cur.state.(*loan.State); st.Exists() && b.exiting[st.Member] {
		return eventstore.StreamAppend{}, fmt.Errorf("%w: member %s, loan %s", ErrExitPending, st.Member, id)
	}
	g := loan.Given{Today: b.given.Today, Policies: b.given.Policies, Products: b.products, Books: b.given.Books}
	events, err := loan.Decide(cur.state.(*loan.State), build(g))
	if err != nil {
		return eventstore.StreamAppend{}, err
	}
	part := eventstore.StreamAppend{Stream: cur.stream, Expected: cur.head.expected()}
	if len(events) == 0 {
		return part, nil
	}
	decided := make([]pending, len(events))
	for i, e := range events {
		decided[i] = pending{payload: e}
		b.cash.post([]member.Event{e})
		switch e := e.(type) {
		case loan.Applied:
			decided[i].key = "loan:" + string(e.Loan)
		case loan.Repaid:
			decided[i].key = refKey(e.Ref)
		}
	}
	data, _, next, err := b.svc.seal(writeSpec{coop: string(b.coop), stream: cur.stream, fold: loanFold, actor: b.actor}, cur.cached, decided, false)
	if err != nil {
		return eventstore.StreamAppend{}, err
	}
	cur.cached = next
	part.Events = data
	return part, nil
}

// ErrExitPending refuses to move, in a batch, a loan that its borrower's
// exit netted and whose settlement is still pending.
var ErrExitPending = errors.New("app: the borrower's exit settlement of this loan is pending; run `lumbung loans review` first")

// ErrBatchConflict reports that a stream changed between the batch's
// reads and its write.
var ErrBatchConflict = errors.New("app: a member's stream changed during the import; run it again")

// Conflict wraps a wrong-expected-revision from a batch append.
func Conflict(err error) error {
	if errors.Is(err, eventstore.ErrWrongExpectedRevision) {
		return fmt.Errorf("%w (%v)", ErrBatchConflict, err)
	}
	return err
}
