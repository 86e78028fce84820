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
	return appendMetadata(make([]byte, 0, 256), e), nil
}

// appendMetadata writes the metadata of e as encoding/json writes the
// metadata struct (a test holds them together), without reflection or
// intermediate strings: every event written goes through here.
func appendMetadata(b []byte, e Envelope) []byte {
	var at [40]byte
	b = append(b, `{"schema":`...)
	b = strconv.AppendInt(b, int64(e.Schema), 10)
	b = append(b, `,"coop":`...)
	b = appendString(b, e.Coop)
	b = append(b, `,"effective":"`...)
	b = appendDate(b, e.Effective)
	b = append(b, `","recorded":`...)
	b = appendString(b, string(e.Recorded.UTC().AppendFormat(at[:0], recordedLayout)))
	b = append(b, `,"actor":`...)
	b = appendString(b, e.Actor)
	if e.Decision != "" {
		b = append(b, `,"decision":`...)
		b = appendString(b, e.Decision)
	}
	b = append(b, `,"prev":"`...)
	if !e.Prev.IsZero() {
		b = hex.AppendEncode(b, e.Prev[:])
	}
	b = append(b, `","hash":"`...)
	if !e.Hash.IsZero() {
		b = hex.AppendEncode(b, e.Hash[:])
	}
	return append(b, `"}`...)
}

// DecodeEnvelope reads the envelope of a recorded event without decoding
// its payload.
func DecodeEnvelope(r eventstore.RecordedEvent) (Envelope, error) {
	e := Envelope{ID: r.ID, Type: r.Type, Stream: r.Stream, Revision: r.Revision, Position: r.Position}
	if decodeMetadataFast(r.Metadata, &e) {
		return e, nil
	}
	var m metadata
	if err := json.Unmarshal(r.Metadata, &m); err != nil {
		return Envelope{}, corrupt(r, "metadata: %v", err)
	}
	e.Schema, e.Coop, e.Actor, e.Decision = m.Schema, m.Coop, m.Actor, m.Decision
	var err error
	if e.Effective, err = calendar.Parse(m.Effective); err != nil {
		return Envelope{}, corrupt(r, "effective date: %v", err)
	}
	if e.Recorded, err = parseRecorded([]byte(m.Recorded)); err != nil {
		return Envelope{}, corrupt(r, "recorded time: %v", err)
	}
	if e.Prev, err = ParseHash(m.Prev); err != nil {
		return Envelope{}, corrupt(r, "previous hash: %v", err)
	}
	if e.Hash, err = ParseHash(m.Hash); err != nil {
		return Envelope{}, corrupt(r, "hash: %v", err)
	}
	return e, nil
}

// IsCanonicalMetadata reports whether b is the metadata Lumbung writes
// for e, byte for byte, without allocating for metadata of usual size.
// The hash covers the metadata's values, not its bytes; an auditor
// compares the stored bytes with these to see that nothing was added or
// rewritten around the values either.
func IsCanonicalMetadata(e Envelope, b []byte) bool {
	var stack [512]byte
	return string(appendMetadata(stack[:0], e)) == string(b)
}

// parseRecorded reads a recorded time and insists on the canonical UTC
// form that encodeMetadata writes.
func parseRecorded(b []byte) (time.Time, error) {
	t, err := time.Parse(recordedLayout, string(b))
	if err != nil {
		return t, err
	}
	var buf [64]byte
	if t.Location() != time.UTC || string(t.AppendFormat(buf[:0], recordedLayout)) != string(b) {
		return t, fmt.Errorf("%q is not in the canonical UTC form", b)
	}
	// Seal writes only years 2000 to 9999: anything else was not written
	// by the ledger.
	if y := t.Year(); y < 2000 || y > 9999 {
		return t, fmt.Errorf("%q is not a year the ledger records in", b)
	}
	return t, nil
}

// decodeMetadataFast reads metadata written by encodeMetadata without
// allocating for the fields it only parses; it returns false for anything
// else (and the slow path then decides).
func decodeMetadataFast(data []byte, e *Envelope) bool {
	var seen uint8
	return eachMember(data, func(key []byte, d *flatDecoder) bool {
		var bit uint8
		switch string(key) {
		case "schema":
			n, ok := d.integer()
			if !ok || n < -1<<31 || n >= 1<<31 {
				return false
			}
			e.Schema, bit = int(n), 1
		case "coop":
			s, ok := d.str()
			e.Coop, bit = s, 2
			return ok && seen&bit == 0 && mark(&seen, bit)
		case "effective":
			b, ok := d.raw()
			if !ok {
				return false
			}
			date, err := calendar.Parse(string(b))
			if err != nil {
				return false
			}
			e.Effective, bit = date, 4
		case "recorded":
			b, ok := d.raw()
			if !ok {
				return false
			}
			t, err := parseRecorded(b)
			if err != nil {
				return false
			}
			e.Recorded, bit = t, 8
		case "actor":
			s, ok := d.str()
			e.Actor, bit = s, 16
			return ok && seen&bit == 0 && mark(&seen, bit)
		case "decision":
			s, ok := d.str()
			e.Decision, bit = s, 32
			return ok && seen&bit == 0 && mark(&seen, bit)
		case "prev", "hash":
			b, ok := d.raw()
			if !ok || (len(b) != 0 && len(b) != 2*len(Hash{})) {
				return false
			}
			var h Hash
			if len(b) > 0 {
				if _, err := hex.Decode(h[:], b); err != nil {
					return false
				}
			}
			if string(key) == "prev" {
				e.Prev, bit = h, 64
			} else {
				e.Hash, bit = h, 128
			}
		default:
			return false
		}
		return seen&bit == 0 && mark(&seen, bit)
	}) && seen|32 == 0xff
}

func mark(seen *uint8, bit uint8) bool {
	*seen |= bit
	return true
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
	var stack [512]byte
	b := stack[:0]
	field := func(f []byte) { b = append(binary.AppendUvarint(b, uint64(len(f))), f...) }
	var num [20]byte
	var id [36]byte
	var date [10]byte
	var at [40]byte
	b = binary.AppendUvarint(b, uint64(len(chainDomain)))
	b = append(b, chainDomain...)
	b = binary.AppendUvarint(b, uint64(len(e.Stream)))
	b = append(b, e.Stream...)
	field(strconv.AppendUint(num[:0], e.Revision, 10))
	encodeUUID(id[:], e.ID)
	field(id[:])
	b = binary.AppendUvarint(b, uint64(len(e.Type)))
	b = append(b, e.Type...)
	field(strconv.AppendInt(num[:0], int64(e.Schema), 10))
	b = binary.AppendUvarint(b, uint64(len(e.Coop)))
	b = append(b, e.Coop...)
	field(appendDate(date[:0], e.Effective))
	field(e.Recorded.UTC().AppendFormat(at[:0], recordedLayout))
	b = binary.AppendUvarint(b, uint64(len(e.Actor)))
	b = append(b, e.Actor...)
	b = binary.AppendUvarint(b, uint64(len(e.Decision)))
	b = append(b, e.Decision...)
	field(e.Prev[:])
	field(data)
	return sha256.Sum256(b)
}

// encodeUUID writes the canonical 36-character form of id into dst.
func encodeUUID(dst []byte, id uuid.UUID) {
	hex.Encode(dst[0:8], id[0:4])
	dst[8] = '-'
	hex.Encode(dst[9:13], id[4:6])
	dst[13] = '-'
	hex.Encode(dst[14:18], id[6:8])
	dst[18] = '-'
	hex.Encode(dst[19:23], id[8:10])
	dst[23] = '-'
	hex.Encode(dst[24:], id[10:])
}

// appendDate appends d as YYYY-MM-DD, or nothing for the zero date.
func appendDate(b []byte, d calendar.Date) []byte {
	if d.IsZero() {
		return b
	}
	y, m, day := d.Civil()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	return append(b, byte('0'+day/10), byte('0'+day%10))
}

// ChainError reports an event that does not link to the one before it in
// its stream, or whose hash does not match its bytes: the log was altered.
type ChainError struct {
	Stream   string
	Revision uint64
	ID       uuid.UUID
	Kind     ChainProblem
	Problem  string
}

// ChainProblem names how a link is broken.
type ChainProblem string

// How a link can be broken.
const (
	// ChainGap: the revision does not follow the previous one (an event
	// was deleted, or moved).
	ChainGap ChainProblem = "revision_gap"
	// ChainPrevious: the previous-hash field is not the previous event's
	// hash (events were swapped or replaced).
	ChainPrevious ChainProblem = "previous_hash"
	// ChainHash: the event's bytes were changed after it was written.
	ChainHash ChainProblem = "hash"
)

func (e *ChainError) Error() string {
	return fmt.Sprintf("codec: hash chain broken in stream %s at revision %d (event %s): %s", e.Stream, e.Revision, e.ID, e.Problem)
}

// Unwrap makes errors.Is(err, eventstore.ErrCorrupt) hold.
func (e *ChainError) Unwrap() error { return eventstore.ErrCorrupt }

// CheckLink verifies that the event e, stored with the payload data,
// follows the event with revision prevRevision (-1 for none) and hash
// prevHash in its stream, and that its own hash matches its bytes.
func CheckLink(prevRevision int64, prevHash Hash, e Envelope, data []byte) error {
	fail := func(kind ChainProblem, problem string) error {
		return &ChainError{Stream: e.Stream, Revision: e.Revision, ID: e.ID, Kind: kind, Problem: problem}
	}
	switch {
	case int64(e.Revision) != prevRevision+1:
		return fail(ChainGap, fmt.Sprintf("revision %d follows revision %d", e.Revision, prevRevision))
	case e.Prev != prevHash:
		return fail(ChainPrevious, "the previous-hash field does not match the hash of the previous event")
	case ComputeHash(e, data) != e.Hash:
		return fail(ChainHash, "the hash does not match the event's bytes")
	}
	return nil
}
