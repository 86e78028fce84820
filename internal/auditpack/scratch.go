package auditpack

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

// scratch is a store of its own for a package's events, in a temporary
// directory removed by close.
type scratch struct {
	*sqlite.Store
	dir string
}

func (s *scratch) close() error {
	return errors.Join(s.Store.Close(), os.RemoveAll(s.dir))
}

// load writes events, in the order given, into a new scratch store in
// one batch: the same streams, revisions, ids and bytes, so that every
// hash still links and every report reads as it would in the ledger.
// Only the global positions are the scratch store's own; their order is
// the events' order.
func load(ctx context.Context, dir string, events iter.Seq2[eventstore.RecordedEvent, error]) (*scratch, error) {
	tmp, err := os.MkdirTemp(dir, "lumbung-audit-*")
	if err != nil {
		return nil, fmt.Errorf("%w: scratch store: %v", eventstore.ErrUnavailable, err)
	}
	store, err := sqlite.Open(ctx, filepath.Join(tmp, "events.db"), sqlite.Options{})
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	s := &scratch{Store: store, dir: tmp}
	if _, err := store.AppendBatch(ctx, runs(events)); err != nil {
		return nil, errors.Join(err, s.close())
	}
	return s, nil
}

// runs groups consecutive events of one stream into one part of a batch,
// within the limits of one append.
func runs(events iter.Seq2[eventstore.RecordedEvent, error]) iter.Seq2[eventstore.StreamAppend, error] {
	return func(yield func(eventstore.StreamAppend, error) bool) {
		var part eventstore.StreamAppend
		size := 0
		flush := func() bool {
			if len(part.Events) == 0 {
				return true
			}
			ok := yield(part, nil)
			part, size = eventstore.StreamAppend{}, 0
			return ok
		}
		for rec, err := range events {
			if err != nil {
				yield(eventstore.StreamAppend{}, err)
				return
			}
			n := len(rec.Data) + len(rec.Metadata)
			if rec.Stream != part.Stream || size+n > eventstore.MaxAppendSize || len(part.Events) == 1000 {
				if !flush() {
					return
				}
				part.Stream = rec.Stream
				part.Expected = eventstore.NoStream()
				if rec.Revision > 0 {
					part.Expected = eventstore.Exact(rec.Revision - 1)
				}
			}
			part.Events = append(part.Events, rec.EventData)
			size += n
		}
		flush()
	}
}
