// Package codec is the stored form of events: the envelope every event
// carries, the registry of stored event names and their Go types, and the
// hash chain that links the events of a stream.
//
// Stored names are written out here, never derived from Go type names, and
// the golden file in testdata freezes the stored JSON of every type. A
// change to the stored form of a type is a new schema version with an
// upcaster, or a new name.
package codec

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Hash is a SHA-256 digest in the hash chain. The zero Hash stands for
// "no previous event".
type Hash [sha256.Size]byte

// IsZero reports whether h is the zero hash.
func (h Hash) IsZero() bool { return h == Hash{} }

// String returns h in lowercase hex, or "" for the zero hash.
func (h Hash) String() string {
	if h.IsZero() {
		return ""
	}
	return hex.EncodeToString(h[:])
}

// ParseHash reads a hash written by String.
func ParseHash(s string) (Hash, error) {
	var h Hash
	if s == "" {
		return h, nil
	}
	if len(s) != 2*len(h) {
		return h, fmt.Errorf("codec: hash %q has %d characters, want %d", s, len(s), 2*len(h))
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, fmt.Errorf("codec: hash %q: %w", s, err)
	}
	return h, nil
}

// Envelope is what every stored event carries besides its payload
// (design.md decision 6).
type Envelope struct {
	ID     uuid.UUID
	Type   string
	Schema int
	// Coop is the cooperative the event belongs to.
	Coop string
	// Stream and Revision place the event in its stream; Position in the
	// global log. They come from the store, not from the metadata.
	Stream   string
	Revision uint64
	Position eventstore.Position
	// Effective is the business date of the fact, in the cooperative's
	// time zone.
	Effective calendar.Date
	// Recorded is when the event was written, UTC.
	Recorded time.Time
	// Actor is who issued the command.
	Actor string
	// Decision references the board or RAT decision the event carries out,
	// if any.
	Decision string
	// Prev is the hash of the stream's previous event; zero for the first.
	Prev Hash
	// Hash is the hash of this event over its canonical bytes.
	Hash Hash
}

// metadata is the stored JSON of an envelope.
type metadata struct {
	Schema    int    `json:"schema"`
	Coop      string `json:"coop"`
	Effective string `json:"effective"`
	Recorded  string `json:"recorded"`
	Actor     string `json:"actor"`
	Decision  string `json:"decision,omitempty"`
	Prev      string `json:"prev"`
	Hash      string `json:"hash"`
}

const recordedLayout = time.RFC3339Nano

func encodeMetadata(e Envelope) ([]byte, error) {
	return json.Marshal(metadata{
		Schema:    e.Schema,
		Coop:      e.Coop,
		Effective: e.Effective.String(),
		Recorded:  e.Recorded.UTC().Format(recordedLayout),
		Actor:     e.Actor,
		Decision:  e.Decision,
		Prev:      e.Prev.String(),
		Hash:      e.Hash.String(),
	})
}

// DecodeEnvelope reads the envelope of a recorded event without decoding
// its payload.
func DecodeEnvelope(r eventstore.RecordedEvent) (Envelope, error) {
	var m metadata
	if err := json.Unmarshal(r.Metadata, &m); err != nil {
		return Envelope{}, corrupt(r, "metadata: %v", err)
	}
	e := Envelope{
		ID: r.ID, Type: r.Type, Schema: m.Schema, Coop: m.Coop,
		Stream: r.Stream, Revision: r.Revision, Position: r.Position,
		Actor: m.Actor, Decision: m.Decision,
	}
	var err error
	if e.Effective, err = calendar.Parse(m.Effective); err != nil {
		return Envelope{}, corrupt(r, "effective date: %v", err)
	}
	if e.Recorded, err = time.Parse(recordedLayout, m.Recorded); err != nil {
		return Envelope{}, corrupt(r, "recorded time: %v", err)
	}
	if e.Recorded.Format(recordedLayout) != m.Recorded || e.Recorded.Location() != time.UTC {
		return Envelope{}, corrupt(r, "recorded time %q is not in the canonical UTC form", m.Recorded)
	}
	if e.Prev, err = ParseHash(m.Prev); err != nil {
		return Envelope{}, corrupt(r, "previous hash: %v", err)
	}
	if e.Hash, err = ParseHash(m.Hash); err != nil {
		return Envelope{}, corrupt(r, "hash: %v", err)
	}
	return e, nil
}

// CorruptError reports a stored event that cannot be read back.
type CorruptError struct {
	Stream   string
	Revision uint64
	ID       uuid.UUID
	Problem  string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("codec: stream %s revision %d (event %s): %s", e.Stream, e.Revision, e.ID, e.Problem)
}

// Unwrap makes errors.Is(err, eventstore.ErrCorrupt) hold.
func (e *CorruptError) Unwrap() error { return eventstore.ErrCorrupt }

func corrupt(r eventstore.RecordedEvent, format string, args ...any) error {
	return &CorruptError{Stream: r.Stream, Revision: r.Revision, ID: r.ID, Problem: fmt.Sprintf(format, args...)}
}

// chainDomain separates Lumbung's event hashes from any other use of
// SHA-256 over similar bytes; its version changes only with the layout.
const chainDomain = "lumbung/event/v1"

// ComputeHash returns the hash of an event: SHA-256 over its canonical
// bytes, which are the chain domain and then, each preceded by its length
// as a uvarint, the stream, revision, id, type, schema version,
// cooperative, effective date, recorded time, actor, decision, previous
// hash and the payload exactly as stored. Binding the stream and revision
// makes a moved or swapped event fail verification.
func ComputeHash(e Envelope, data []byte) Hash {
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	field := func(b []byte) {
		h.Write(buf[:binary.PutUvarint(buf[:], uint64(len(b)))])
		h.Write(b)
	}
	field([]byte(chainDomain))
	field([]byte(e.Stream))
	field(strconv.AppendUint(nil, e.Revision, 10))
	field([]byte(e.ID.String()))
	field([]byte(e.Type))
	field(strconv.AppendInt(nil, int64(e.Schema), 10))
	field([]byte(e.Coop))
	field([]byte(e.Effective.String()))
	field([]byte(e.Recorded.UTC().Format(recordedLayout)))
	field([]byte(e.Actor))
	field([]byte(e.Decision))
	field(e.Prev[:])
	field(data)
	var out Hash
	h.Sum(out[:0])
	return out
}

// ChainError reports an event that does not link to the one before it in
// its stream, or whose hash does not match its bytes: the log was altered.
type ChainError struct {
	Stream   string
	Revision uint64
	ID       uuid.UUID
	Problem  string
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("codec: hash chain broken in stream %s at revision %d (event %s): %s", e.Stream, e.Revision, e.ID, e.Problem)
}

// Unwrap makes errors.Is(err, eventstore.ErrCorrupt) hold.
func (e *ChainError) Unwrap() error { return eventstore.ErrCorrupt }

// CheckLink verifies that the event e, stored with the payload data,
// follows the event with revision prevRevision (-1 for none) and hash
// prevHash in its stream, and that its own hash matches its bytes.
func CheckLink(prevRevision int64, prevHash Hash, e Envelope, data []byte) error {
	fail := func(problem string) error {
		return &ChainError{Stream: e.Stream, Revision: e.Revision, ID: e.ID, Problem: problem}
	}
	switch {
	case int64(e.Revision) != prevRevision+1:
		return fail(fmt.Sprintf("revision %d follows revision %d", e.Revision, prevRevision))
	case e.Prev != prevHash:
		return fail("the previous-hash field does not match the hash of the previous event")
	case ComputeHash(e, data) != e.Hash:
		return fail("the hash does not match the event's bytes")
	}
	return nil
}
