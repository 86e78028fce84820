// Package eventstore defines the Store port: the one interface through which
// Lumbung reads and appends events, whatever the backend.
//
// A store holds streams. A stream is an ordered, append-only list of events,
// numbered by revision from 0. Every event also has a position in the global
// log, strictly increasing in the order the events were committed. Events
// are never updated or deleted.
//
// The package knows nothing of the event envelope or the hash chain: it
// moves opaque payload and metadata bytes, so every adapter stores exactly
// the bytes it was given. Adapters live in sub-packages and must pass the
// contract suite in package eventstore/contract against a real backend.
package eventstore

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/google/uuid"
)

// Limits that every adapter enforces.
const (
	// MaxReadCount bounds the number of events one read may return.
	MaxReadCount = 10_000
	// MaxEventSize bounds the payload plus metadata of one event, in bytes.
	MaxEventSize = 256 << 10
	// MaxAppendSize bounds the total payload and metadata of one append
	// (one stream, or one stream of a batch), in bytes. EventStoreDB
	// refuses appends above 1 MiB, so no adapter accepts more.
	MaxAppendSize = 1 << 20
)

// Position is a place in the global log. Positions are opaque to callers
// except for their order: Commit orders first, then Prepare. The zero value
// is Start, before the first event.
type Position struct {
	Commit  uint64
	Prepare uint64
}

// Start is the position before the first event of the global log.
var Start = Position{}

// Less reports whether p comes strictly before q.
func (p Position) Less(q Position) bool {
	if p.Commit != q.Commit {
		return p.Commit < q.Commit
	}
	return p.Prepare < q.Prepare
}

func (p Position) String() string {
	if p.Commit == p.Prepare {
		return fmt.Sprintf("%d", p.Commit)
	}
	return fmt.Sprintf("%d/%d", p.Commit, p.Prepare)
}

// ExpectedRevision states what the writer believes the stream's last
// revision to be. Build one with Any, NoStream or Exact.
type ExpectedRevision struct {
	kind     expectKind
	revision uint64
}

type expectKind uint8

const (
	expectAny expectKind = iota
	expectNoStream
	expectExact
)

// Any accepts the append whatever the stream holds.
func Any() ExpectedRevision { return ExpectedRevision{kind: expectAny} }

// NoStream accepts the append only if the stream has no events.
func NoStream() ExpectedRevision { return ExpectedRevision{kind: expectNoStream} }

// Exact accepts the append only if the stream's last event has revision r.
func Exact(r uint64) ExpectedRevision { return ExpectedRevision{kind: expectExact, revision: r} }

// IsAny reports whether e is Any.
func (e ExpectedRevision) IsAny() bool { return e.kind == expectAny }

// IsNoStream reports whether e is NoStream.
func (e ExpectedRevision) IsNoStream() bool { return e.kind == expectNoStream }

// Revision returns the exact revision expected and whether e is Exact.
func (e ExpectedRevision) Revision() (uint64, bool) {
	return e.revision, e.kind == expectExact
}

// Next returns the revision the first appended event will get when the
// expectation holds, and whether that is known without reading the stream.
func (e ExpectedRevision) Next() (uint64, bool) {
	switch e.kind {
	case expectNoStream:
		return 0, true
	case expectExact:
		return e.revision + 1, true
	}
	return 0, false
}

func (e ExpectedRevision) String() string {
	switch e.kind {
	case expectNoStream:
		return "no stream"
	case expectExact:
		return fmt.Sprintf("%d", e.revision)
	}
	return "any"
}

// EventData is an event to append.
type EventData struct {
	// ID identifies the event across the whole store and doubles as the
	// idempotency key of the append.
	ID uuid.UUID
	// Type is the stored event name, for example "SavingsDeposited".
	Type string
	// Data is the payload, JSON.
	Data []byte
	// Metadata is the envelope, JSON.
	Metadata []byte
}

func (e EventData) size() int { return len(e.Data) + len(e.Metadata) }

// RecordedEvent is an event read back from the store.
type RecordedEvent struct {
	EventData
	Stream   string
	Revision uint64
	Position Position
}

// AppendResult tells where an append landed.
type AppendResult struct {
	// NextExpected is the revision of the stream's last event after the
	// append: pass Exact(NextExpected) to append after it.
	NextExpected uint64
	// Position is the global position of the last appended event.
	Position Position
}

// BatchResult tells what a batch wrote.
type BatchResult struct {
	// Events is the number of events written (idempotent retries excluded).
	Events int
	// Last is the position of the last event written, Start if none.
	Last Position
}

// StreamAppend is one stream's part of a batch.
type StreamAppend struct {
	Stream   string
	Expected ExpectedRevision
	Events   []EventData
}

// Direction of a read.
type Direction uint8

// Read directions.
const (
	Forwards Direction = iota
	Backwards
)

// Revision bounds for stream reads.
const (
	// FirstRevision starts a forward read at the beginning of a stream.
	FirstRevision uint64 = 0
	// LastRevision starts a backward read at the end of a stream.
	LastRevision uint64 = ^uint64(0)
)

// End is the position after the last event, for backward reads of the
// global log.
var End = Position{Commit: ^uint64(0), Prepare: ^uint64(0)}

// Message is what a subscription delivers: an event, or the news that the
// subscription has caught up with the log and is now live.
type Message struct {
	Event    *RecordedEvent
	CaughtUp bool
}

// Store is the port to an event store.
type Store interface {
	// Append appends events to one stream if expected holds. Re-appending
	// events that are already the events right after expected, byte for
	// byte (a retried append), writes nothing and returns the original
	// result. The same ids with other bytes are not a retry: the
	// expectation fails.
	// Errors: *WrongExpectedRevisionError, ErrDuplicateEventID,
	// ErrInvalidAppend.
	Append(ctx context.Context, stream string, expected ExpectedRevision, events []EventData) (AppendResult, error)

	// AppendBatch appends the parts that parts yields, in order, for imports.
	// Several parts may name the same stream; each part's expectation is
	// checked against the stream as the earlier parts left it. If a part
	// fails, or parts yields an error, nothing of the batch is written and
	// that error is returned. An adapter that cannot commit a batch
	// atomically must check every expectation before writing and append the
	// parts in order; since every part is an idempotent append, re-running
	// the same batch after a failure completes it.
	AppendBatch(ctx context.Context, parts iter.Seq2[StreamAppend, error]) (BatchResult, error)

	// ReadStream reads at most limit events of one stream starting at
	// revision from (inclusive) in the given direction. Use FirstRevision or
	// LastRevision to start at either end. Returns ErrStreamNotFound when
	// the stream has no events.
	ReadStream(ctx context.Context, stream string, from uint64, dir Direction, limit int) ([]RecordedEvent, error)

	// ReadAll reads at most limit events of the global log strictly after
	// (forwards) or strictly before (backwards) the position from. Use Start
	// or End to read from either end.
	ReadAll(ctx context.Context, from Position, dir Direction, limit int) ([]RecordedEvent, error)

	// FindEvent returns the event with the given id, or ErrEventNotFound.
	// Adapters without an index by id may scan the global log.
	FindEvent(ctx context.Context, id uuid.UUID) (RecordedEvent, error)

	// Locate returns the stream of every given event id that is stored;
	// ids not stored are absent from the map. At most MaxReadCount ids per
	// call. Imports use it to find, before writing, the ids a file would
	// collide with.
	Locate(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error)

	// Subscribe delivers every event strictly after from, in log order, to
	// fn: first the events already stored (catch-up), then one Message with
	// CaughtUp set, then new events as they are appended (live). It returns
	// when ctx is done (with ctx.Err()) or when fn returns an error (with
	// that error).
	Subscribe(ctx context.Context, from Position, fn func(Message) error) error

	// Close releases the store's resources.
	Close() error
}

// Sentinel errors. Adapters wrap them with the operation and the key; test
// with errors.Is.
var (
	// ErrWrongExpectedRevision: the stream's revision is not the expected one.
	// The concrete error is *WrongExpectedRevisionError.
	ErrWrongExpectedRevision = errors.New("eventstore: wrong expected revision")
	// ErrStreamNotFound: the stream has no events.
	ErrStreamNotFound = errors.New("eventstore: stream not found")
	// ErrEventNotFound: no event has the id asked for.
	ErrEventNotFound = errors.New("eventstore: event not found")
	// ErrDuplicateEventID: an event id is already stored elsewhere in the store.
	ErrDuplicateEventID = errors.New("eventstore: duplicate event id")
	// ErrInvalidAppend: the append is malformed (no events, empty type or
	// stream name, nil id, an event or batch over the size limits).
	ErrInvalidAppend = errors.New("eventstore: invalid append")
	// ErrUnavailable: the backend cannot be reached or opened.
	ErrUnavailable = errors.New("eventstore: unavailable")
	// ErrCorrupt: the backend holds data that violates the store's
	// invariants.
	ErrCorrupt = errors.New("eventstore: corrupt")
)

// WrongExpectedRevisionError reports a failed expectation with the figures.
type WrongExpectedRevisionError struct {
	Stream   string
	Expected ExpectedRevision
	// Actual is the stream's last revision; meaningless when NoStream.
	Actual   uint64
	NoStream bool
}

func (e *WrongExpectedRevisionError) Error() string {
	actual := "no stream"
	if !e.NoStream {
		actual = fmt.Sprintf("%d", e.Actual)
	}
	return fmt.Sprintf("eventstore: stream %q: expected revision %s but found %s", e.Stream, e.Expected, actual)
}

// Unwrap makes errors.Is(err, ErrWrongExpectedRevision) hold.
func (e *WrongExpectedRevisionError) Unwrap() error { return ErrWrongExpectedRevision }

// ValidateAppend checks an append against the port's limits, so that every
// adapter refuses the same inputs the same way.
func ValidateAppend(stream string, events []EventData) error {
	if stream == "" {
		return fmt.Errorf("%w: empty stream name", ErrInvalidAppend)
	}
	if len(events) == 0 {
		return fmt.Errorf("%w: stream %q: no events", ErrInvalidAppend, stream)
	}
	total := 0
	// Most appends hold a handful of events: comparing each with the
	// earlier ones beats building a set, which only larger ones get.
	var seen map[uuid.UUID]struct{}
	if len(events) > 16 {
		seen = make(map[uuid.UUID]struct{}, len(events))
	}
	for i, e := range events {
		if e.ID == uuid.Nil {
			return fmt.Errorf("%w: stream %q: event %d has no id", ErrInvalidAppend, stream, i)
		}
		dup := false
		if seen != nil {
			_, dup = seen[e.ID]
			seen[e.ID] = struct{}{}
		} else {
			for _, earlier := range events[:i] {
				dup = dup || earlier.ID == e.ID
			}
		}
		if dup {
			return fmt.Errorf("%w: stream %q: event id %s appears twice", ErrInvalidAppend, stream, e.ID)
		}
		if e.Type == "" {
			return fmt.Errorf("%w: stream %q: event %s has no type", ErrInvalidAppend, stream, e.ID)
		}
		if e.size() > MaxEventSize {
			return fmt.Errorf("%w: stream %q: event %s is %d bytes, limit %d", ErrInvalidAppend, stream, e.ID, e.size(), MaxEventSize)
		}
		total += e.size()
	}
	if total > MaxAppendSize {
		return fmt.Errorf("%w: stream %q: append of %d bytes, limit %d", ErrInvalidAppend, stream, total, MaxAppendSize)
	}
	return nil
}

// ClampLimit bounds a read's count to (0, MaxReadCount].
func ClampLimit(limit int) int {
	if limit <= 0 || limit > MaxReadCount {
		return MaxReadCount
	}
	return limit
}

// Snapshot is a projection's saved state and the position of the last
// event folded into it. Snapshots are derived data: they live beside the
// events, never among them, and may be deleted at any time.
type Snapshot struct {
	Name     string
	Version  int
	Position Position
	Data     []byte
}

// SnapshotStore keeps projection snapshots. The embedded store keeps them
// in its own file, so that a restart does not replay from the first event.
type SnapshotStore interface {
	// LoadSnapshot returns the snapshot saved under name, and false if none.
	LoadSnapshot(ctx context.Context, name string) (Snapshot, bool, error)
	// SaveSnapshot replaces the snapshot saved under its name.
	SaveSnapshot(ctx context.Context, s Snapshot) error
	// DeleteSnapshots forgets every snapshot.
	DeleteSnapshots(ctx context.Context) error
}

// CredentialStore keeps secrets' hashes beside the log, never in it:
// password and API token hashes, by key. The embedded store keeps them in
// its own file; a server's are kept in the local cache file with the
// snapshots. Values are opaque bytes.
type CredentialStore interface {
	// GetCredential returns the value kept under key, and false if none.
	GetCredential(ctx context.Context, key string) ([]byte, bool, error)
	// PutCredential replaces the value kept under key.
	PutCredential(ctx context.Context, key string, value []byte) error
	// DeleteCredential forgets key; forgetting a missing key is no error.
	DeleteCredential(ctx context.Context, key string) error
}
