// Package audit checks that the log is intact: every stream's hash chain
// links from its first event to its last, every event's hash matches its
// bytes, every stored event decodes, and the backend's own structure is
// sound.
package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Break is the first place where the log is not what was written.
type Break struct {
	Stream   string
	Revision uint64
	EventID  uuid.UUID
	Position eventstore.Position
	Problem  string
}

// Report is the outcome of a verification.
type Report struct {
	Events  int
	Streams int
	Last    eventstore.Position
	// Break is nil when the log verified.
	Break *Break
}

// OK reports whether the log verified.
func (r Report) OK() bool { return r.Break == nil }

// IntegrityChecker is a store that can check its own storage structure.
type IntegrityChecker interface {
	IntegrityCheck(ctx context.Context) error
}

// Verify walks the whole global log once and reports the first break.
// Errors are reserved for a store that cannot be read; a corrupt log is a
// Report with a Break.
func Verify(ctx context.Context, store eventstore.Store, progress func(events int)) (Report, error) {
	var r Report
	if ic, ok := store.(IntegrityChecker); ok {
		if err := ic.IntegrityCheck(ctx); err != nil {
			if errors.Is(err, eventstore.ErrCorrupt) {
				r.Break = &Break{Problem: err.Error()}
				return r, nil
			}
			return r, err
		}
	}
	type head struct {
		revision int64
		hash     codec.Hash
	}
	heads := map[string]head{}
	registry := codec.Events()
	at := eventstore.Start
	for {
		page, err := store.ReadAll(ctx, at, eventstore.Forwards, 5000)
		if errors.Is(err, eventstore.ErrCorrupt) {
			r.Break = &Break{Position: at, Problem: err.Error()}
			return r, nil
		}
		if err != nil {
			return r, fmt.Errorf("audit: read after %s: %w", at, err)
		}
		if len(page) == 0 {
			break
		}
		for _, rec := range page {
			h, seen := heads[rec.Stream]
			if !seen {
				h = head{revision: -1}
			}
			problem := check(registry, rec, h.revision, h.hash)
			if problem != "" {
				r.Break = &Break{Stream: rec.Stream, Revision: rec.Revision, EventID: rec.ID, Position: rec.Position, Problem: problem}
				return r, nil
			}
			env, _ := codec.DecodeEnvelope(rec)
			heads[rec.Stream] = head{revision: int64(rec.Revision), hash: env.Hash}
			r.Events++
			r.Last = rec.Position
		}
		at = page[len(page)-1].Position
		if progress != nil {
			progress(r.Events)
		}
	}
	r.Streams = len(heads)
	return r, nil
}

// check returns what is wrong with rec, or "".
func check(registry *codec.Registry, rec eventstore.RecordedEvent, prevRevision int64, prevHash codec.Hash) string {
	e, err := registry.Decode(rec)
	if err != nil {
		var ce *codec.CorruptError
		if errors.As(err, &ce) {
			return ce.Problem
		}
		return err.Error()
	}
	if err := codec.CheckLink(prevRevision, prevHash, e.Envelope, rec.Data); err != nil {
		var ce *codec.ChainError
		if errors.As(err, &ce) {
			return ce.Problem
		}
		return err.Error()
	}
	if coop, ok := streamCoop(rec.Stream); ok && coop != e.Coop {
		return fmt.Sprintf("the event names cooperative %q but its stream belongs to %q", e.Coop, coop)
	}
	return ""
}

func streamCoop(stream string) (string, bool) {
	if coop, _, ok := codec.ParseMemberStream(stream); ok {
		return coop, true
	}
	return codec.ParseCooperativeStream(stream)
}
