package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

var loanFold = fold{
	start: func() any { return &loan.State{} },
	evolve: func(state, payload any) any {
		return loan.Evolve(state.(*loan.State), payload.(loan.Event))
	},
}

// DefineProduct adopts a version of a loan product from a date.
func (s *Service) DefineProduct(ctx context.Context, actor Actor, coop cooperative.ID, p loan.Product, from calendar.Date) (Result, error) {
	return s.booksCommand(ctx, actor, coop, "", false, "", func(today calendar.Date) cooperative.Command {
		if from.IsZero() {
			from = today
		}
		return cooperative.DefineProduct{Product: p, From: from, Today: today}
	})
}

// loanCommand runs a command on a loan's stream under the cooperative's
// cash lock. key derives the id of the single event decided, "" for a
// fresh one.
func (s *Service) loanCommand(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, decision, key string, build func(loan.Given) loan.Command) (Result, error) {
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	if _, err := loan.ParseID(string(id)); err != nil {
		return Result{}, err
	}
	if decision != "" && !input.Text(decision, member.MaxRefLen) {
		return Result{}, &input.Error{Field: "decision", Value: decision, Want: input.WantDecision}
	}
	return s.underCashLock(ctx, coop, func() (Result, error) {
		return s.loanCommandLocked(ctx, actor, coop, id, decision, key, build)
	})
}

// underCashLock runs fn under the cooperative's cash lock, after settling
// the loans of any exit whose settlement is pending: nothing may move
// them meanwhile.
func (s *Service) underCashLock(ctx context.Context, coop cooperative.ID, fn func() (Result, error)) (Result, error) {
	l := s.cashLock(coop)
	l.Lock()
	defer l.Unlock()
	if err := s.resumeExitsLocked(ctx, coop); err != nil {
		return Result{}, err
	}
	return fn()
}

func (s *Service) loanCommandLocked(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, decision, key string, build func(loan.Given) loan.Command) (Result, error) {
	if _, err := loan.ParseID(string(id)); err != nil {
		return Result{}, err
	}
	if decision != "" && !input.Text(decision, member.MaxRefLen) {
		return Result{}, &input.Error{Field: "decision", Value: decision, Want: input.WantDecision}
	}
	var cashErr error
	mg, err := s.given(ctx, coop, &cashErr)
	if err != nil {
		return Result{}, err
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return Result{}, err
	}
	g := loan.Given{Today: mg.Today, Policies: mg.Policies, Products: st.Products, Books: mg.Books}
	c := build(g)
	res, err := s.execute(ctx, writeSpec{
		coop: string(coop), stream: codec.LoanStream(string(coop), string(id)), fold: loanFold, actor: actor, decision: decision,
		decide: func(state any) ([]pending, error) {
			events, err := loan.Decide(state.(*loan.State), c)
			if err != nil || len(events) == 0 {
				return nil, err
			}
			return []pending{{payload: events[0], key: key}}, nil
		},
	})
	if cashErr != nil && err != nil {
		return Result{}, cashErr
	}
	return res, err
}

// Loan returns a loan's state; Exists is false for an unknown id.
func (s *Service) Loan(ctx context.Context, coop cooperative.ID, id loan.ID) (*loan.State, error) {
	if _, err := loan.ParseID(string(id)); err != nil {
		return nil, err
	}
	stream := codec.LoanStream(string(coop), string(id))
	cur, err := s.load(ctx, stream, loanFold)
	if err != nil {
		return nil, err
	}
	st := cur.state.(*loan.State).Clone()
	s.remember(stream, cur)
	return st, nil
}

// Application is a member's loan application.
type Application struct {
	Loan       loan.ID
	Member     member.ID
	Product    string
	Amount     money.Amount
	Months     int
	Related    bool
	Collateral money.Amount
	Purpose    string
	On         calendar.Date
}

// ApplyLoan records an application; actor is who recorded it, and may
// not approve it.
func (s *Service) ApplyLoan(ctx context.Context, actor Actor, coop cooperative.ID, a Application) (Result, error) {
	borrower, err := s.Member(ctx, coop, a.Member)
	if err != nil {
		return Result{}, err
	}
	held := money.Zero()
	for _, p := range savings.Products() {
		held = held.Add(borrower.Account(p).BalanceAt(a.On))
	}
	collateral := a.Collateral
	if collateral.Decimal().IsZero() {
		collateral = money.Zero()
	}
	return s.loanCommand(ctx, actor, coop, a.Loan, "", "loan:"+string(a.Loan), func(g loan.Given) loan.Command {
		return loan.Apply{
			Given: g, Loan: a.Loan, Member: string(a.Member), MemberActive: borrower.Status == member.StatusActive, Savings: held,
			Product: a.Product, Amount: a.Amount, Months: a.Months, Related: a.Related, Collateral: collateral,
			Purpose: a.Purpose, By: string(actor), On: a.On,
		}
	})
}

// ApproveLoan records actor's approval in role, with the lending-limit
// check of domain.md §2.1 computed from the general ledger and the loan
// book.
func (s *Service) ApproveLoan(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, role string, on calendar.Date) (Result, error) {
	if !input.Identifier(role, 32, true) {
		return Result{}, &input.Error{Field: "role", Value: role, Want: input.WantRole}
	}
	st, err := s.Loan(ctx, coop, id)
	if err != nil {
		return Result{}, err
	}
	if !st.Exists() {
		return Result{}, &input.Error{Field: "loan", Value: string(id), Want: input.WantKnownLoan}
	}
	if err := s.checkNotApplicant(ctx, actor, coop, id); err != nil {
		return Result{}, err
	}
	check, err := s.limitCheck(ctx, coop, st, on)
	if err != nil {
		return Result{}, err
	}
	active, err := s.memberActive(ctx, coop, st.Member)
	if err != nil {
		return Result{}, err
	}
	return s.loanCommand(ctx, actor, coop, id, "", "", func(g loan.Given) loan.Command {
		return loan.Approve{Given: g, Role: role, By: string(actor), Limit: check, MemberActive: active, On: on}
	})
}

// limitCheck computes the lending limit for an application: modal
// sendiri from the ledger on the date, the exposure from the loan book
// with this loan added.
func (s *Service) limitCheck(ctx context.Context, coop cooperative.ID, st *loan.State, on calendar.Date) (loan.LimitCheck, error) {
	modal := money.Zero()
	err := s.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b != nil {
			modal = b.ModalSendiri(on)
		}
	})
	if err != nil {
		return loan.LimitCheck{}, err
	}
	own, related := money.Zero(), money.Zero()
	err = s.Loans(ctx, coop, func(b *loanbook.Book) {
		if b != nil {
			own, related = b.Exposure(st.Member)
		}
	})
	if err != nil {
		return loan.LimitCheck{}, err
	}
	check := loan.LimitCheck{ModalSendiri: modal, Exposure: own.Add(st.Amount), Share: decimal.New(15, -2)}
	if st.Related {
		check.Exposure, check.Share = related.Add(st.Amount), decimal.New(10, -2)
	}
	v, _ := s.policyAt(ctx, coop, on)
	check.Limit = money.FromDecimal(modal.Decimal().Mul(check.Share).RoundFloor(v))
	return check, nil
}

// policyAt returns the decimals of the cooperative's currency.
func (s *Service) policyAt(ctx context.Context, coop cooperative.ID, on calendar.Date) (int32, error) {
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return 0, err
	}
	v, _ := st.Policies.At(on)
	return v.Policy.Places, nil
}

// RejectLoan refuses an application.
func (s *Service) RejectLoan(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, reason string, on calendar.Date) (Result, error) {
	if _, err := loan.ParseID(string(id)); err != nil {
		return Result{}, err
	}
	if err := s.checkNotApplicant(ctx, actor, coop, id); err != nil {
		return Result{}, err
	}
	return s.loanCommand(ctx, actor, coop, id, "", "", func(g loan.Given) loan.Command {
		return loan.Reject{Given: g, Reason: reason, By: string(actor), On: on}
	})
}

// DisburseLoan pays an approved loan out and draws its schedule; a rate
// above the cap needs the override decision.
func (s *Service) DisburseLoan(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, on, first calendar.Date, override string, through ...Via) (Result, error) {
	st, err := s.Loan(ctx, coop, id)
	if err != nil {
		return Result{}, err
	}
	active, err := s.memberActive(ctx, coop, st.Member)
	if err != nil {
		return Result{}, err
	}
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	return s.underCashLock(ctx, coop, func() (Result, error) {
		// The lending limit again, on the day the money goes out, under
		// the cash lock (domain.md §2.1).
		check, err := s.limitCheck(ctx, coop, st, on)
		if err != nil {
			return Result{}, err
		}
		return s.loanCommandLocked(ctx, actor, coop, id, override, "", func(g loan.Given) loan.Command {
			return loan.Disburse{Given: g, Cash: via(through), First: first, Override: override, MemberActive: active, Limit: check, On: on}
		})
	})
}

// memberActive reports whether a borrower is still a member.
func (s *Service) memberActive(ctx context.Context, coop cooperative.ID, id string) (bool, error) {
	if id == "" {
		return false, nil
	}
	m, err := s.Member(ctx, coop, member.ID(id))
	if err != nil {
		return false, err
	}
	return m.Status == member.StatusActive, nil
}

// RepayLoan records a repayment under ref.
func (s *Service) RepayLoan(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, ref string, amount money.Amount, on calendar.Date, through ...Via) (Result, error) {
	return s.loanCommand(ctx, actor, coop, id, "", refKey(ref), func(g loan.Given) loan.Command {
		return loan.Repay{Given: g, Ref: ref, Amount: amount, Cash: via(through), On: on}
	})
}

// SettleLoan pays a loan off before its term.
func (s *Service) SettleLoan(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, ref string, on calendar.Date, through ...Via) (Result, error) {
	return s.loanCommand(ctx, actor, coop, id, "", refKey(ref), func(g loan.Given) loan.Command {
		return loan.Settle{Given: g, Ref: ref, Cash: via(through), On: on}
	})
}

// RestructureLoan draws a new schedule for a loan's outstanding principal
// by a decision of the board. A negative rate keeps the loan's.
func (s *Service) RestructureLoan(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, months int, rate decimal.Decimal, reason, decision string, on calendar.Date) (Result, error) {
	if decision == "" {
		return Result{}, &input.Error{Field: "decision", Value: "", Want: input.WantDecision}
	}
	res, err := s.loanCommand(ctx, actor, coop, id, decision, "restructure:"+string(id)+":"+decision, func(g loan.Given) loan.Command {
		return loan.Restructure{Given: g, Months: months, Rate: rate, Reason: reason, On: on}
	})
	if errors.Is(err, eventstore.ErrDuplicateEventID) {
		// The decision was carried out before: a repeat.
		return Result{Stream: codec.LoanStream(string(coop), string(id)), Repeated: true}, nil
	}
	return res, err
}

// WriteOffLoan writes a loan off against the allowance by a decision.
func (s *Service) WriteOffLoan(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, decision string, on calendar.Date) (Result, error) {
	if decision == "" {
		return Result{}, &input.Error{Field: "decision", Value: "", Want: input.WantDecision}
	}
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	return s.underCashLock(ctx, coop, func() (Result, error) {
		// Read under the cash lock: no other write-off or review of this
		// process moves the allowance meanwhile.
		held, last, err := s.allowance(ctx, coop)
		if err != nil {
			return Result{}, err
		}
		// What a write-off draws on is what the allowance holds from its
		// date on: not before the allowance's last posting.
		if on.Before(last) {
			return Result{}, &input.Error{Field: "date", Value: on.String(), Want: input.WantNotBefore, Bound: last.String()}
		}
		return s.loanCommandLocked(ctx, actor, coop, id, decision, "", func(g loan.Given) loan.Command {
			return loan.WriteOff{Given: g, Allowance: held, On: on}
		})
	})
}

// allowance returns the allowance's balance and the date of its last
// posting.
func (s *Service) allowance(ctx context.Context, coop cooperative.ID) (money.Amount, calendar.Date, error) {
	held := money.Zero()
	var last calendar.Date
	err := s.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b == nil {
			return
		}
		if a, ok := b.State.Chart.ByRole(ledger.RoleAllowance); ok {
			held = b.Balance(a.Code, generalledger.Filter{To: calendar.MustNew(9999, 12, 31), Closing: true})
			last = b.LastPosting(a.Code)
		}
	})
	return held, last, err
}

// RecoverLoan records money received on a written-off loan.
func (s *Service) RecoverLoan(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID, ref string, amount money.Amount, on calendar.Date, through ...Via) (Result, error) {
	return s.loanCommand(ctx, actor, coop, id, "", refKey(ref), func(g loan.Given) loan.Command {
		return loan.Recover{Given: g, Ref: ref, Amount: amount, Cash: via(through), On: on}
	})
}

// owed returns what a member leaving on a date owes on loans: the
// settlement of each active loan, and of the claims written off (hapus
// buku is not hapus tagih) as much as the savings refunded leave room
// for.
func (s *Service) owed(ctx context.Context, coop cooperative.ID, id member.ID, on calendar.Date) (money.Amount, error) {
	places, err := s.policyAt(ctx, coop, on)
	if err != nil {
		return money.Zero(), err
	}
	m, err := s.Member(ctx, coop, id)
	if err != nil {
		return money.Zero(), err
	}
	refunds := money.Zero()
	for _, p := range savings.Products() {
		refunds = refunds.Add(m.Account(p).Balance())
	}
	active, written := money.Zero(), money.Zero()
	err = s.Loans(ctx, coop, func(b *loanbook.Book) {
		b.Each(func(st *loan.State) {
			switch {
			case st.Member != string(id):
			case st.Status == loan.StatusActive:
				total, _ := st.Settlement(on, places)
				active = active.Add(total)
			case st.Status == loan.StatusWrittenOff:
				written = written.Add(st.WrittenOff.Sub(st.Recovered))
			}
		})
	})
	room := refunds.Sub(active)
	if room.IsNegative() {
		room = money.Zero()
	}
	return active.Add(money.Min(written, room)), err
}

// ResumeExits settles, from the exits that netted them, the loans not
// yet settled: the second step of an exit, run again after a crash. Each
// settlement's id derives from the exit and the loan, so it is written
// once however often this runs; it is recorded as by whoever recorded
// the exit, under its decision.
func (s *Service) ResumeExits(ctx context.Context, actor Actor, coop cooperative.ID) error {
	if err := checkActor(actor); err != nil {
		return err
	}
	l := s.cashLock(coop)
	l.Lock()
	defer l.Unlock()
	return s.resumeExitsLocked(ctx, coop)
}

func (s *Service) resumeExitsLocked(ctx context.Context, coop cooperative.ID) error {
	type job struct {
		exit            loanbook.Exit
		active, written []string
	}
	var jobs []job
	err := s.Loans(ctx, coop, func(b *loanbook.Book) {
		for _, x := range b.Pending() {
			j := job{exit: x}
			b.Each(func(st *loan.State) {
				switch {
				case st.Member != x.Member:
				case st.Status == loan.StatusActive:
					j.active = append(j.active, string(st.ID))
				case st.Status == loan.StatusWrittenOff && st.WrittenOff.Cmp(st.Recovered) > 0:
					j.written = append(j.written, string(st.ID))
				}
			})
			jobs = append(jobs, j)
		}
	})
	if err != nil {
		return err
	}
	for _, j := range jobs {
		// The active loans first, each settled in full; then written-off
		// claims, from what is left of the offset.
		for _, id := range append(j.active, j.written...) {
			left := j.exit.Left()
			if err := s.Loans(ctx, coop, func(b *loanbook.Book) {
				for _, x := range b.Pending() {
					if x.Ref == j.exit.Ref {
						left = x.Left()
					}
				}
			}); err != nil {
				return err
			}
			_, err := s.loanCommandLocked(ctx, Actor(j.exit.Actor), coop, loan.ID(id), j.exit.Decision, "exit-settle:"+j.exit.Ref+":"+id, func(g loan.Given) loan.Command {
				return loan.SettleByExit{Given: g, ExitRef: j.exit.Ref, Left: left, On: j.exit.On}
			})
			if err != nil && !errors.Is(err, eventstore.ErrDuplicateEventID) {
				return fmt.Errorf("app: settle loan %s from exit %s: %w", id, j.exit.Ref, err)
			}
		}
	}
	return nil
}

// classify, under the cash lock, decides the review of every active loan
// against the loan book and writes every change of class in one atomic
// append: ten
// thousand loans cost one write to disk, not ten thousand. A loan whose
// stream moved meanwhile makes the append fail its expected revision,
// and the review is decided again.
func (s *Service) classify(ctx context.Context, actor Actor, coop cooperative.ID, on calendar.Date, seen map[string]*loan.State, out *Review) error {
	var cashErr error
	mg, err := s.given(ctx, coop, &cashErr)
	if err != nil {
		return err
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return err
	}
	g := loan.Given{Today: mg.Today, Policies: mg.Policies, Products: st.Products, Books: mg.Books}
	for attempt := 0; ; attempt++ {
		var parts []eventstore.StreamAppend
		n, changed := 0, 0
		var decideErr error
		err := s.Loans(ctx, coop, func(b *loanbook.Book) {
			b.Each(func(ls *loan.State) {
				if ls.Status != loan.StatusActive || decideErr != nil {
					return
				}
				n++
				review := loan.Review{Given: g, On: on}
				if seen != nil {
					if review.Seen = seen[string(ls.ID)]; review.Seen == nil {
						return // not yet disbursed on the date
					}
				}
				events, err := loan.Decide(ls.Clone(), review)
				if err != nil {
					decideErr = fmt.Errorf("app: review loan %s: %w", ls.ID, err)
					return
				}
				if len(events) == 0 {
					return
				}
				h, _ := b.Head(string(ls.ID))
				stream := codec.LoanStream(string(coop), string(ls.ID))
				cur := cached{head: head{revision: int64(h.Revision), hash: h.Hash}, state: ls.Clone()}
				w := writeSpec{coop: string(coop), stream: stream, fold: loanFold, actor: actor}
				data, _, _, err := s.seal(w, cur, []pending{{payload: events[0]}}, false)
				if err != nil {
					decideErr = err
					return
				}
				parts = append(parts, eventstore.StreamAppend{Stream: stream, Expected: eventstore.Exact(h.Revision), Events: data})
				changed++
			})
		})
		if err == nil {
			err = decideErr
		}
		if err != nil {
			return err
		}
		if len(parts) > 0 {
			_, err = s.store.AppendBatch(ctx, func(yield func(eventstore.StreamAppend, error) bool) {
				for _, p := range parts {
					if !yield(p, nil) {
						return
					}
				}
			})
			if errors.Is(err, eventstore.ErrWrongExpectedRevision) && attempt < s.retries {
				if err := backoff(ctx, attempt); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("app: review: %w", err)
			}
		}
		out.Loans, out.Reclassified = n, changed
		return nil
	}
}

// Review is what a review of the loans did.
type Review struct {
	Loans, Reclassified int
	Allowance           *cooperative.AllowanceRecomputed
}

// ReviewLoans classifies every active loan as of a date, records the
// changes, and records the allowance the classes require, posting the
// difference from what it holds (domain.md §2.4–2.5).
func (s *Service) ReviewLoans(ctx context.Context, actor Actor, coop cooperative.ID, on calendar.Date) (Review, error) {
	var out Review
	if err := checkActor(actor); err != nil {
		return out, err
	}
	// The whole review holds the cash lock: the classes, the allowance
	// held and the append are read and written as one decision.
	l := s.cashLock(coop)
	l.Lock()
	defer l.Unlock()
	if err := s.resumeExitsLocked(ctx, coop); err != nil {
		return out, err
	}
	// A review sets the allowance from its date on: it may not come
	// before the allowance's last posting.
	_, last, err := s.allowance(ctx, coop)
	if err != nil {
		return out, err
	}
	if on.Before(last) {
		return out, &input.Error{Field: "as-of", Value: on.String(), Want: input.WantNotBefore, Bound: last.String()}
	}
	// Loans moved after the date (a month-end review recorded after the
	// first repayments of the next month) are seen as they stood on it,
	// folded from the log.
	var seen map[string]*loan.State
	var moved calendar.Date
	if err := s.Loans(ctx, coop, func(b *loanbook.Book) { moved = b.Latest() }); err != nil {
		return out, err
	}
	if moved.After(on) {
		at := loanbook.NewAt(string(coop), on)
		if _, err := projector.New(s.store, nil).Rebuild(ctx, at); err != nil {
			return out, err
		}
		loans, _ := at.Loans()
		seen = make(map[string]*loan.State, len(loans))
		for _, st := range loans {
			seen[string(st.ID)] = st
		}
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
	if on.After(today) {
		return out, &input.Error{Field: "as-of", Value: on.String(), Want: input.WantNotFuture, Bound: today.String()}
	}
	if err := st.Periods.Check(on); err != nil {
		return out, err
	}
	if err := s.classify(ctx, actor, coop, on, seen, &out); err != nil {
		return out, err
	}
	places, err := s.policyAt(ctx, coop, on)
	if err != nil {
		return out, err
	}
	byClass := map[loan.Class]*cooperative.AllowanceClass{}
	err = s.Loans(ctx, coop, func(b *loanbook.Book) {
		b.Each(func(current *loan.State) {
			st := current
			if seen != nil {
				if st = seen[string(current.ID)]; st == nil {
					return
				}
				st.Class = current.Class
			}
			if st.Status != loan.StatusActive {
				return
			}
			c, ok := byClass[st.Class]
			if !ok {
				c = &cooperative.AllowanceClass{Class: string(st.Class), Outstanding: money.Zero(), Rate: st.Terms.Quality.Rate(st.Class), Required: money.Zero()}
				byClass[st.Class] = c
			}
			outstanding := st.Outstanding()
			c.Outstanding = c.Outstanding.Add(outstanding)
			// The one rounding of the allowance: half-up per loan.
			c.Required = c.Required.Add(money.FromDecimal(outstanding.Decimal().Mul(st.Terms.Quality.Rate(st.Class)).Round(places)))
		})
	})
	if err != nil {
		return out, err
	}
	var classes []cooperative.AllowanceClass
	for _, cl := range loan.Classes() {
		if c, ok := byClass[cl]; ok {
			classes = append(classes, *c)
		}
	}
	res, err := s.execute(ctx, writeSpec{
		coop: string(coop), stream: codec.CooperativeStream(string(coop)), fold: cooperativeFold, actor: actor,
		decide: func(state any) ([]pending, error) {
			// The allowance held is read again on every attempt: a
			// review that lost a race decides on what the winner posted.
			held, _, err := s.allowance(ctx, coop)
			if err != nil {
				return nil, err
			}
			events, err := cooperative.Decide(state.(cooperative.State), cooperative.RecomputeAllowance{Classes: classes, Held: held, On: on, Today: today})
			if err != nil || len(events) == 0 {
				return nil, err
			}
			return []pending{{payload: events[0]}}, nil
		},
	})
	if err != nil {
		return out, err
	}
	for _, e := range res.Events {
		if a, ok := e.Payload.(cooperative.AllowanceRecomputed); ok {
			out.Allowance = &a
		}
	}
	return out, nil
}
