package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// booksCommand runs a command on the cooperative's books. build receives
// today's date; key derives the id of the single event decided (empty
// for a fresh id). A command that may pay cash out holds the
// cooperative's cash lock.
func (s *Service) booksCommand(ctx context.Context, actor Actor, coop cooperative.ID, decision string, paysOut bool, key string, build func(today calendar.Date) cooperative.Command) (Result, error) {
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	if decision != "" && !input.Text(decision, member.MaxRefLen) {
		return Result{}, &input.Error{Field: "decision", Value: decision, Want: input.WantDecision}
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return Result{}, err
	}
	if paysOut {
		l := s.cashLock(coop)
		l.Lock()
		defer l.Unlock()
	}
	latest, _ := st.Policies.Latest()
	today, err := s.today(latest.Policy.TimeZone)
	if err != nil {
		return Result{}, err
	}
	c := build(today)
	return s.execute(ctx, writeSpec{
		coop: string(coop), stream: codec.CooperativeStream(string(coop)), fold: cooperativeFold, actor: actor, decision: decision,
		decide: func(state any) ([]pending, error) {
			events, err := cooperative.Decide(state.(cooperative.State), c)
			if err != nil || len(events) == 0 {
				return nil, err
			}
			return []pending{{payload: events[0], key: key}}, nil
		},
	})
}

// AddAccount adds an account to the chart.
func (s *Service) AddAccount(ctx context.Context, actor Actor, coop cooperative.ID, a ledger.Account) (Result, error) {
	return s.booksCommand(ctx, actor, coop, "", false, "", func(today calendar.Date) cooperative.Command {
		return cooperative.AddAccount{Account: a, Today: today}
	})
}

// RenameAccount gives an account a new caption.
func (s *Service) RenameAccount(ctx context.Context, actor Actor, coop cooperative.ID, code, name, nameEN string) (Result, error) {
	return s.booksCommand(ctx, actor, coop, "", false, "", func(today calendar.Date) cooperative.Command {
		return cooperative.RenameAccount{Code: code, Name: name, NameEN: nameEN, Today: today}
	})
}

// CloseAccount closes an account from on (today when zero); its balance
// in the general ledger must be zero. It holds the cash lock, so that no
// command of this process moves money through the account meanwhile.
func (s *Service) CloseAccount(ctx context.Context, actor Actor, coop cooperative.ID, code string, on calendar.Date) (Result, error) {
	l := s.cashLock(coop)
	l.Lock()
	defer l.Unlock()
	balance := money.Zero()
	var last calendar.Date
	err := s.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b != nil {
			d, c := b.Totals(code, generalledger.Filter{To: calendar.MustNew(9999, 12, 31), Closing: true})
			balance, last = d.Sub(c), b.LastPosting(code)
		}
	})
	if err != nil {
		return Result{}, err
	}
	return s.booksCommand(ctx, actor, coop, "", false, "", func(today calendar.Date) cooperative.Command {
		if on.IsZero() {
			on = today
		}
		return cooperative.CloseAccount{Code: code, On: on, Balance: balance, LastPosting: last, Today: today}
	})
}

// AddUnit adds a business unit.
func (s *Service) AddUnit(ctx context.Context, actor Actor, coop cooperative.ID, u ledger.Unit) (Result, error) {
	return s.booksCommand(ctx, actor, coop, "", false, "", func(today calendar.Date) cooperative.Command {
		return cooperative.AddUnit{Unit: u, Today: today}
	})
}

// Journal is an entry for the general journal.
type Journal struct {
	Ref   string
	Memo  string
	On    calendar.Date
	Lines []ledger.Line
}

// PostJournal posts an entry to the general journal. Posting the same
// reference again with the same content writes nothing; with other
// content it is refused.
func (s *Service) PostJournal(ctx context.Context, actor Actor, coop cooperative.ID, decision string, j Journal) (Result, error) {
	if !input.Text(j.Ref, member.MaxRefLen) {
		return Result{}, &input.Error{Field: "ref", Value: j.Ref, Want: input.WantRef}
	}
	if done, err := s.journalRepeat(ctx, coop, j); done || err != nil {
		return Result{Stream: codec.CooperativeStream(string(coop)), Repeated: done}, err
	}
	var cashErr error
	res, err := s.booksCommand(ctx, actor, coop, decision, true, refKey(j.Ref), func(today calendar.Date) cooperative.Command {
		return cooperative.PostJournal{Ref: j.Ref, Memo: j.Memo, Lines: j.Lines, On: j.On, Today: today,
			Cash: cashView{ctx: ctx, gl: s.gl, coop: coop, err: &cashErr}}
	})
	if cashErr != nil && err != nil {
		return Result{}, cashErr
	}
	if errors.Is(err, eventstore.ErrDuplicateEventID) {
		// Recorded meanwhile, by another writer or under this reference
		// in a member's stream.
		if done, err := s.journalRepeat(ctx, coop, j); done || err != nil {
			return Result{Stream: codec.CooperativeStream(string(coop)), Repeated: done}, err
		}
	}
	return res, err
}

// journalRepeat reports whether the entry is recorded already under its
// reference, and refuses a reference used for something else.
func (s *Service) journalRepeat(ctx context.Context, coop cooperative.ID, j Journal) (bool, error) {
	rec, err := s.store.FindEvent(ctx, RefEventID(coop, j.Ref))
	if errors.Is(err, eventstore.ErrEventNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("app: find %s: %w", j.Ref, err)
	}
	dup := &member.DuplicateRefError{Ref: j.Ref}
	if _, m, ok := codec.ParseMemberStream(rec.Stream); ok {
		dup.Member = member.ID(m)
		return false, dup
	}
	e, err := s.events.Decode(rec)
	if err != nil {
		return false, err
	}
	posted, ok := e.Payload.(cooperative.JournalPosted)
	if !ok || posted.On != j.On || posted.Memo != j.Memo {
		return false, dup
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return false, err
	}
	if !sameLines(posted.Lines, cooperative.NormalizeLines(st.Chart, j.Lines)) {
		return false, dup
	}
	return true, nil
}

// sameLines compares recorded lines with requested ones as an entry
// records them.
func sameLines(recorded, asked []ledger.Line) bool {
	return slices.EqualFunc(recorded, asked, func(r, a ledger.Line) bool {
		return r.Account == a.Account && r.Side == a.Side && r.Amount.Equal(a.Amount) && r.Unit == a.Unit && r.Party == a.Party
	})
}

// reverseJournal reverses the journal entry recorded as rec.
func (s *Service) reverseJournal(ctx context.Context, actor Actor, coop cooperative.ID, rec eventstore.RecordedEvent, reason string, on calendar.Date) (Result, error) {
	e, err := s.events.Decode(rec)
	if err != nil {
		return Result{}, err
	}
	var posted cooperative.JournalPosted
	switch p := e.Payload.(type) {
	case cooperative.JournalPosted:
		posted = p
	case cooperative.SaleRecorded:
		// A sale is reversed like the entry it made: its lines on the
		// other sides, under its reference.
		st, err := s.Cooperative(ctx, coop)
		if err != nil {
			return Result{}, err
		}
		posted = cooperative.JournalPosted{Ref: p.Ref, Lines: p.Entry(st.Chart).Lines, On: p.On}
	default:
		return Result{}, &member.NotReversibleError{Ref: e.Type, Kind: member.TransactionKind(e.Type)}
	}
	_, err = s.store.FindEvent(ctx, EventID(string(coop), reversalKey(posted.Ref)))
	reversed := err == nil
	if err != nil && !errors.Is(err, eventstore.ErrEventNotFound) {
		return Result{}, fmt.Errorf("app: find reversal of %s: %w", posted.Ref, err)
	}
	var cashErr error
	res, err := s.booksCommand(ctx, actor, coop, "", true, reversalKey(posted.Ref), func(today calendar.Date) cooperative.Command {
		return cooperative.ReverseJournal{Original: posted, Reversed: reversed, Reason: reason, On: on, Today: today,
			Cash: cashView{ctx: ctx, gl: s.gl, coop: coop, err: &cashErr}}
	})
	if cashErr != nil && err != nil {
		return Result{}, cashErr
	}
	if errors.Is(err, eventstore.ErrDuplicateEventID) {
		// Reversed meanwhile, by another writer.
		return Result{}, fmt.Errorf("%w: %s", cooperative.ErrAlreadyReversed, posted.Ref)
	}
	return res, err
}

// ClosePeriod closes a month. It holds the cash lock, so that no command
// of this process decided while the month was open lands after.
func (s *Service) ClosePeriod(ctx context.Context, actor Actor, coop cooperative.ID, m ledger.Month) (Result, error) {
	l := s.cashLock(coop)
	l.Lock()
	defer l.Unlock()
	// An exit's loan settlements, and the members' shares of an SHU
	// distribution, land in their month before it closes.
	if err := s.resumeExitsLocked(ctx, coop); err != nil {
		return Result{}, err
	}
	if err := s.resumeSHULocked(ctx, actor, coop, m); err != nil {
		return Result{}, err
	}
	return s.booksCommand(ctx, actor, coop, "", false, "", func(today calendar.Date) cooperative.Command {
		return cooperative.ClosePeriod{Period: m, Today: today}
	})
}

// ReopenPeriod reopens a closed month by a decision of the board.
func (s *Service) ReopenPeriod(ctx context.Context, actor Actor, coop cooperative.ID, m ledger.Month, decision, reason string) (Result, error) {
	if decision == "" {
		return Result{}, &input.Error{Field: "decision", Value: "", Want: input.WantDecision}
	}
	return s.booksCommand(ctx, actor, coop, decision, false, "", func(calendar.Date) cooperative.Command {
		return cooperative.ReopenPeriod{Period: m, Decision: decision, Reason: reason}
	})
}

// CloseYear posts the closing entries of a year whose months are closed,
// from the year's results read under the cash lock.
func (s *Service) CloseYear(ctx context.Context, actor Actor, coop cooperative.ID, year int) (Result, error) {
	l := s.cashLock(coop)
	l.Lock()
	defer l.Unlock()
	var results []ledger.Line
	err := s.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b != nil {
			results = b.YearResults(year)
		}
	})
	if err != nil {
		return Result{}, err
	}
	return s.booksCommand(ctx, actor, coop, "", false, fmt.Sprintf("year-close:%d", year), func(today calendar.Date) cooperative.Command {
		return cooperative.CloseYear{Year: year, Balances: results, Today: today}
	})
}

// JournalError is the refusal of one entry of a batch of journal entries.
type JournalError struct {
	// Index is the entry's place in the batch.
	Index int
	Err   error
}

func (e *JournalError) Error() string {
	return fmt.Sprintf("app: journal entry %d: %v", e.Index+1, e.Err)
}

func (e *JournalError) Unwrap() error { return e.Err }

// JournalErrors refuses a batch of journal entries: every entry refused,
// in order. Nothing was written.
type JournalErrors []*JournalError

func (e JournalErrors) Error() string {
	return fmt.Sprintf("app: %d journal entries refused, the first: %v", len(e), e[0])
}

// JournalBatchResult tells what PostJournals wrote.
type JournalBatchResult struct {
	Written, Repeated int
}

// PostJournals posts many journal entries all or nothing, in one append to
// the cooperative's stream: each entry is decided against the books as the
// entries before it left them (cash included), an entry already recorded
// under its reference with the same content is skipped, and if any entry
// is refused nothing is written and every refusal is returned. With
// dryRun nothing is written either way.
func (s *Service) PostJournals(ctx context.Context, actor Actor, coop cooperative.ID, entries []Journal, dryRun bool) (JournalBatchResult, error) {
	var out JournalBatchResult
	if err := checkActor(actor); err != nil {
		return out, err
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return out, err
	}
	l := s.cashLock(coop)
	l.Lock()
	defer l.Unlock()
	latest, _ := st.Policies.Latest()
	today, err := s.today(latest.Policy.TimeZone)
	if err != nil {
		return out, err
	}
	runs := map[string]ledger.Running{}
	if err := s.Ledger(ctx, coop, func(b *generalledger.Books) {
		if b != nil {
			runs = b.CashRunning()
		}
	}); err != nil {
		return out, err
	}
	var refused JournalErrors
	_, err = s.execute(ctx, writeSpec{
		coop: string(coop), stream: codec.CooperativeStream(string(coop)), fold: cooperativeFold, actor: actor,
		decide: func(state any) ([]pending, error) {
			coopState := state.(cooperative.State)
			cash := &batchCash{chart: coopState.Chart, runs: make(map[string]*ledger.Running, len(runs))}
			for code, r := range runs {
				c := r.Clone()
				cash.runs[code] = &c
			}
			out, refused = JournalBatchResult{}, nil
			var decided []pending
			seen := map[string]int{}
			for i, j := range entries {
				if first, dup := seen[j.Ref]; dup {
					refused = append(refused, &JournalError{Index: i, Err: &member.DuplicateRefError{Ref: fmt.Sprintf("%s (#%d)", j.Ref, first+1)}})
					continue
				}
				seen[j.Ref] = i
				if !input.Text(j.Ref, member.MaxRefLen) {
					refused = append(refused, &JournalError{Index: i, Err: &input.Error{Field: "ref", Value: j.Ref, Want: input.WantRef}})
					continue
				}
				done, err := s.journalRepeat(ctx, coop, j)
				if err != nil {
					refused = append(refused, &JournalError{Index: i, Err: err})
					continue
				}
				if done {
					out.Repeated++
					continue
				}
				events, err := cooperative.Decide(coopState, cooperative.PostJournal{Ref: j.Ref, Memo: j.Memo, Lines: j.Lines, On: j.On, Today: today, Cash: cash})
				if err != nil {
					refused = append(refused, &JournalError{Index: i, Err: err})
					continue
				}
				posted := events[0].(cooperative.JournalPosted)
				cash.postEntry(posted.Entry())
				decided = append(decided, pending{payload: posted, key: refKey(j.Ref)})
			}
			if len(refused) > 0 {
				return nil, refused
			}
			out.Written = len(decided)
			if dryRun {
				return nil, nil
			}
			return decided, nil
		},
	})
	if err != nil {
		return JournalBatchResult{}, err
	}
	return out, nil
}
