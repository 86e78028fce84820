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
	if _, err := store.AppendBatch(ctx, eventstore.Runs(events)); err != nil {
		return nil, errors.Join(err, s.close())
	}
	return s, nil
}
