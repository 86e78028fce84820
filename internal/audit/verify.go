// Package audit checks that the log is intact: every stream's hash chain
// links from its first event to its last, every event's hash matches its
// bytes, every stored event decodes, and the backend's own structure is
// sound; and that the saved read models equal a fold of the log.
package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
	"github.com/lumbung-ledger/lumbung/projections/participation"
)

// Break is the first place where the log is not what was written.
type Break struct {
	Stream   string
	Revision uint64
	EventID  uuid.UUID
	Position eventstore.Position
	// Kind names the problem for people (see the Problem* constants);
	// Problem describes it in detail, in English.
	Kind    string
	Problem string
}

// Kinds of break besides the codec.ChainProblem ones.
const (
	ProblemUnreadable       = "unreadable"        // the event does not decode
	ProblemWrongCooperative = "wrong_cooperative" // the event names another cooperative
	ProblemStorage          = "storage"           // the backend's own structure is damaged
	ProblemNonCanonical     = "non_canonical"     // the metadata bytes are not as written
	ProblemSeal             = "seal"              // a seal does not match the log, or its signature does not verify
)

// Report is the outcome of a verification.
type Report struct {
	Events  int
	Streams int
	Last    eventstore.Position
	// Seals counts the seals checked; LastSeal is the last of them, and
	// Sealed every one, in the order of the log.
	Seals    int
	LastSeal *cooperative.Sealed
	Sealed   []SealSummary
	// Break is nil when the log verified.
	Break *Break
	// Stale names the saved projections that differ from a fold of the
	// log (set by the caller from CheckProjections).
	Stale []string
}

// SealSummary is a seal checked, with its cooperative.
type SealSummary struct {
	Coop string
	Seal cooperative.Sealed
}

// Find returns the seal with root, if the log holds it.
func (r Report) Find(root [32]byte) (SealSummary, bool) {
	for _, s := range r.Sealed {
		if s.Seal.Root == root {
			return s, true
		}
	}
	return SealSummary{}, false
}

// OK reports whether the log verified and every checked projection
// matched it.
func (r Report) OK() bool { return r.Break == nil && len(r.Stale) == 0 }

// IntegrityChecker is a store that can check its own storage structure.
type IntegrityChecker interface {
	IntegrityCheck(ctx context.Context) error
}

// Verify walks the whole global log once and reports the first break.
// Errors are reserved for a store that cannot be read; a corrupt log is a
// Report with a Break.
func Verify(ctx context.Context, store eventstore.Store, progress func(events int)) (Report, error) {
	// The backend's check of its own structure runs beside the walk of
	// the log (the machine's other core); a damaged structure is reported
	// before anything the walk found, since it may be the walk's cause.
	structure := make(chan error, 1)
	if ic, ok := store.(IntegrityChecker); ok {
		go func() { structure <- ic.IntegrityCheck(ctx) }()
	} else {
		structure <- nil
	}
	r, err := walk(ctx, store, progress)
	if serr := <-structure; serr != nil {
		if errors.Is(serr, eventstore.ErrCorrupt) {
			return Report{Break: &Break{Kind: ProblemStorage, Problem: serr.Error()}}, nil
		}
		return r, serr
	}
	return r, err
}

// Checker checks events in the order of the log, wherever they are
// read from: a store, or an auditor's package. Give it every event of
// the log (or of one cooperative) from the first; it stops at the first
// break.
type Checker struct {
	v        *sealChecker
	registry *codec.Registry
	r        Report
}

// NewChecker returns a checker that has seen no event.
func NewChecker() *Checker {
	return &Checker{v: newSealChecker(), registry: codec.Events()}
}

// Check checks the next event of the log and returns it decoded, or the
// break it is. Once a break is returned the checker is done with: the
// events after a break prove nothing.
func (c *Checker) Check(rec eventstore.RecordedEvent) (codec.Event, *Break) {
	i, h := c.v.lookup(rec.Stream)
	e, kind, problem := check(c.registry, rec, h.revision, h.hash)
	if problem == "" {
		kind, problem = c.v.apply(i, rec, e)
	}
	if problem != "" {
		c.r.Break = &Break{Stream: rec.Stream, Revision: rec.Revision, EventID: rec.ID, Position: rec.Position, Kind: kind, Problem: problem}
		return e, c.r.Break
	}
	if sealed, ok := e.Payload.(cooperative.Sealed); ok {
		c.r.Seals++
		c.r.LastSeal = &sealed
		c.r.Sealed = append(c.r.Sealed, SealSummary{Coop: e.Coop, Seal: sealed})
	}
	c.r.Events++
	c.r.Last = rec.Position
	return e, nil
}

// Report returns what the checker has found so far.
func (c *Checker) Report() Report {
	r := c.r
	r.Streams = len(c.v.streams)
	return r
}

// walk reads the whole log once and reports the first break.
func walk(ctx context.Context, store eventstore.Store, progress func(events int)) (Report, error) {
	c := NewChecker()
	// The next page is read while this one is checked.
	type read struct {
		page []eventstore.RecordedEvent
		at   eventstore.Position
		err  error
	}
	pages := make(chan read, 1)
	parent := ctx
	ctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	defer func() {
		stop()
		<-done
	}()
	go func() {
		defer close(done)
		defer close(pages)
		at := eventstore.Start
		for {
			page, err := store.ReadAll(ctx, at, eventstore.Forwards, 5000)
			select {
			case pages <- read{page: page, at: at, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(page) == 0 {
				return
			}
			at = page[len(page)-1].Position
		}
	}()
	for p := range pages {
		if errors.Is(p.err, eventstore.ErrCorrupt) {
			r := c.Report()
			r.Break = &Break{Position: p.at, Kind: ProblemStorage, Problem: p.err.Error()}
			return r, nil
		}
		if p.err != nil {
			return c.Report(), fmt.Errorf("audit: read after %s: %w", p.at, p.err)
		}
		if len(p.page) == 0 {
			break
		}
		for _, rec := range p.page {
			if _, b := c.Check(rec); b != nil {
				return c.Report(), nil
			}
		}
		if progress != nil {
			progress(c.r.Events)
		}
	}
	if err := parent.Err(); err != nil {
		// Stopped before the end of the log: nothing is claimed of it.
		return c.Report(), fmt.Errorf("audit: verification stopped after %d events: %w", c.r.Events, err)
	}
	return c.Report(), nil
}

// check returns what kind of thing is wrong with rec and the detail, or
// "" if nothing is.
func check(registry *codec.Registry, rec eventstore.RecordedEvent, prevRevision int64, prevHash codec.Hash) (codec.Event, string, string) {
	e, err := registry.Decode(rec)
	if err != nil {
		var ce *codec.CorruptError
		if errors.As(err, &ce) {
			return e, ProblemUnreadable, ce.Problem
		}
		return e, ProblemUnreadable, err.Error()
	}
	if err := codec.CheckLink(prevRevision, prevHash, e.Envelope, rec.Data); err != nil {
		var ce *codec.ChainError
		if errors.As(err, &ce) {
			return e, string(ce.Kind), ce.Problem
		}
		return e, ProblemUnreadable, err.Error()
	}
	if !codec.IsCanonicalMetadata(e.Envelope, rec.Metadata) {
		return e, ProblemNonCanonical, "the metadata bytes are not those Lumbung writes for their values (a key added, reordered or re-spelled)"
	}
	if coop, ok := StreamCoop(rec.Stream); ok && coop != e.Coop {
		return e, ProblemWrongCooperative, fmt.Sprintf("the event names cooperative %q but its stream belongs to %q", e.Coop, coop)
	}
	return e, "", ""
}

// StreamCoop returns the cooperative a stream belongs to, when its name
// says.
func StreamCoop(stream string) (string, bool) {
	if coop, _, ok := codec.ParseMemberStream(stream); ok {
		return coop, true
	}
	if coop, _, ok := codec.ParseLoanStream(stream); ok {
		return coop, true
	}
	if coop, ok := codec.ParseSHUSharesStream(stream); ok {
		return coop, true
	}
	if coop, ok := codec.ParseSealStream(stream); ok {
		return coop, true
	}
	if coop, ok := codec.ParseAccessStream(stream); ok {
		return coop, true
	}
	return codec.ParseCooperativeStream(stream)
}

// CheckProjections folds the whole log into each projection and compares
// it with the projection's saved snapshot brought up to date: a snapshot
// altered on disk, even with its checksum recomputed, shows here. It
// returns the names of the projections that differ. Run it after Verify:
// folding a broken log proves nothing.
func CheckProjections(ctx context.Context, store eventstore.Store, snaps eventstore.SnapshotStore) ([]string, error) {
	pr := projector.New(store, snaps)
	var differ []string
	for _, pair := range [][2]projector.Projection{
		{balances.New(), balances.New()},
		{generalledger.New(), generalledger.New()},
		{loanbook.New(), loanbook.New()},
		{participation.New(), participation.New()},
	} {
		same, err := pr.Compare(ctx, pair[0], pair[1])
		if err != nil {
			return nil, fmt.Errorf("audit: projection %s: %w", pair[0].Name(), err)
		}
		if !same {
			differ = append(differ, pair[0].Name())
		}
	}
	return differ, nil
}

// ForCooperative is the report as one cooperative may read it: its own
// seals only, and a break in another cooperative's stream, or in a
// stream of none, said only by its kind, never naming the stream.
func (r Report) ForCooperative(coop string) Report {
	out := r
	out.Sealed, out.LastSeal = nil, nil
	for _, s := range r.Sealed {
		if s.Coop == coop {
			out.Sealed = append(out.Sealed, s)
		}
	}
	out.Seals = len(out.Sealed)
	if n := len(out.Sealed); n > 0 {
		last := out.Sealed[n-1].Seal
		out.LastSeal = &last
	}
	if b := r.Break; b != nil {
		if c, ok := StreamCoop(b.Stream); !ok || c != coop {
			out.Break = &Break{Kind: b.Kind}
		}
	}
	return out
}
