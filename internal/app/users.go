package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

var usersFold = fold{
	start: func() any { return access.Users{} },
	evolve: func(state, payload any) any {
		return access.EvolveUsers(state.(access.Users), payload.(access.UsersEvent))
	},
}

// UsersCommand runs a command on a registered cooperative's users
// stream; build receives today's date in the cooperative's zone. The
// actor is recorded in every event written.
func (s *Service) UsersCommand(ctx context.Context, actor Actor, coop cooperative.ID, build func(today calendar.Date) access.UsersCommand) (Result, error) {
	if err := checkActor(actor); err != nil {
		return Result{}, err
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return Result{}, err
	}
	latest, _ := st.Policies.Latest()
	today, err := s.today(latest.Policy.TimeZone)
	if err != nil {
		return Result{}, err
	}
	c := build(today)
	return s.execute(ctx, writeSpec{
		coop: string(coop), stream: codec.AccessStream(string(coop)), fold: usersFold, actor: actor,
		decide: func(state any) ([]pending, error) {
			events, err := access.DecideUsers(state.(access.Users), c)
			if err != nil {
				return nil, err
			}
			out := make([]pending, len(events))
			for i, e := range events {
				out[i] = pending{payload: e}
			}
			return out, nil
		},
	})
}

// Users returns a registered cooperative's users as its stream tells
// them; the caller owns the copy.
func (s *Service) Users(ctx context.Context, coop cooperative.ID) (access.Users, error) {
	if _, err := s.Cooperative(ctx, coop); err != nil {
		return access.Users{}, err
	}
	stream := codec.AccessStream(string(coop))
	cur, err := s.load(ctx, stream, usersFold)
	if err != nil {
		return access.Users{}, err
	}
	st := cur.state.(access.Users).Clone()
	s.remember(stream, cur)
	return st, nil
}

// checkNotApplicant refuses a decision on a loan by the actor who
// recorded its application, as the application's own envelope names
// them (maker-checker, enforced by the server whatever the command
// says of itself).
func (s *Service) checkNotApplicant(ctx context.Context, actor Actor, coop cooperative.ID, id loan.ID) error {
	page, err := s.store.ReadStream(ctx, codec.LoanStream(string(coop), string(id)), 0, eventstore.Forwards, 1)
	if errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && len(page) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("app: load %s: %w", id, err)
	}
	e, err := s.events.Decode(page[0])
	if err != nil {
		return err
	}
	if _, ok := e.Payload.(loan.Applied); !ok {
		return nil
	}
	if err := access.CheckNotMaker(e.Actor, string(actor)); err != nil {
		return fmt.Errorf("%w: %s recorded loan %s", err, actor, id)
	}
	return nil
}
