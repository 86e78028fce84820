package projector

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// FollowOptions tune Follow.
type FollowOptions struct {
	// Every is the least time between two snapshots (the projection's
	// checkpoint) while events arrive; 10 s if zero.
	Every time.Duration
	// Applied, when set, is told the position of every event folded in.
	Applied func(eventstore.Position)
	// CaughtUp, when set, is told each time the projection has reached
	// the end of the log.
	CaughtUp func()
	// Dropped, when set, is told why the subscription stopped before it
	// is taken up again.
	Dropped func(error)
}

// Follow keeps p up to date with the log until ctx ends: it restores p
// from its snapshot, then follows the store's subscription (the stored
// events after the snapshot, then the new ones as they come), saving a
// snapshot at most every opt.Every while events arrive and once more at
// the end. When the store becomes unavailable (a server restarted, a
// connection dropped) it waits and subscribes again from the last event
// folded in: the projection and its position move together, so no event
// is folded twice or skipped, and a process restarted later resumes from
// the last snapshot the same way.
func (pr *Projector) Follow(ctx context.Context, p Projection, opt FollowOptions) error {
	if opt.Every <= 0 {
		opt.Every = 10 * time.Second
	}
	st, err := pr.restore(ctx, p)
	if err != nil {
		return err
	}
	at, saved := st.From, st.From
	if st.Discarded {
		saved = eventstore.Position{Commit: ^uint64(0)} // a damaged snapshot is replaced
	}
	lastSave := time.Now()
	save := func() error {
		if pr.snaps == nil || at == saved {
			return nil
		}
		if err := pr.save(context.WithoutCancel(ctx), p, at); err != nil {
			return err
		}
		saved, lastSave = at, time.Now()
		return nil
	}
	pause := 50 * time.Millisecond
	for {
		err := pr.store.Subscribe(ctx, at, func(m eventstore.Message) error {
			if m.CaughtUp {
				if opt.CaughtUp != nil {
					opt.CaughtUp()
				}
				return nil
			}
			e, err := pr.events.Decode(*m.Event)
			if err != nil {
				return fmt.Errorf("projector: %s: %w", p.Name(), err)
			}
			p.Apply(e)
			at = m.Event.Position
			pause = 50 * time.Millisecond
			if opt.Applied != nil {
				opt.Applied(at)
			}
			if time.Since(lastSave) >= opt.Every {
				return save()
			}
			return nil
		})
		if ctx.Err() != nil {
			return errors.Join(ctx.Err(), save())
		}
		if !errors.Is(err, eventstore.ErrUnavailable) {
			return errors.Join(err, save())
		}
		if opt.Dropped != nil {
			opt.Dropped(err)
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return errors.Join(ctx.Err(), save())
		}
		pause = min(2*pause, 5*time.Second)
	}
}
