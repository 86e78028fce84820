package esdbtest

import (
	"math"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Event types and streams the real server writes itself.
const (
	typeStreamDeleted    = "$streamDeleted"
	typeMetadata         = "$metadata"
	typeEpochInformation = "$epoch-information"
	typeSettings         = "$settings"
	streamEpochs         = "$epoch-information"
	streamSettings       = "$settings"
	contentTypeJSON      = "application/json"
)

// tombstoneRevision is the revision the real server gives a tombstone
// record (EventNumber.DeletedStream, int64's maximum).
const tombstoneRevision = math.MaxInt64

// firstPosition leaves room before the first record, as a real log has a
// header there: no record ever sits at position 0, which clients use for
// the start of $all.
const firstPosition = 128

// recordOverhead approximates the bytes a record takes in the log beyond
// its names and bodies, so positions grow like byte offsets do.
const recordOverhead = 96

// record is one event in the global log. Records are immutable once
// appended, so readers may hold them outside the lock.
type record struct {
	stream      string
	revision    uint64
	id          uuid.UUID
	eventType   string
	contentType string
	created     int64 // .NET ticks (100 ns) since the Unix epoch
	data        []byte
	meta        []byte
	position    uint64 // commit and prepare positions are equal
}

// stream is what the log knows about one stream. recs[i] has revision i:
// revisions stay contiguous across a soft delete, whose records are only
// hidden below truncateBefore.
type stream struct {
	recs []*record
	// truncateBefore hides older revisions after a soft delete was followed
	// by new events.
	truncateBefore uint64
	// softDeleted is set by Delete and cleared by the next append; while
	// set, the stream reads as not found.
	softDeleted bool
	tombstoned  bool
}

// last is the stream's last revision, or -1 when it holds no events.
func (s *stream) last() int64 {
	if s == nil {
		return -1
	}
	return int64(len(s.recs)) - 1
}

// visible reports whether reads find the stream.
func (s *stream) visible() bool {
	return s != nil && !s.softDeleted && uint64(len(s.recs)) > s.truncateBefore
}

// memLog is the server's memory: the global log and the streams' indexes.
// It outlives the gRPC server, so a restarted server keeps its data.
type memLog struct {
	mu      sync.Mutex
	clock   func() time.Time
	records []*record
	streams map[string]*stream
	// byID finds an event by id for idempotent retries with Any or
	// StreamExists. The real server keeps a bounded cache; this keeps all.
	byID    map[uuid.UUID]*record
	next    uint64
	changed chan struct{}
}

func newMemLog(clock func() time.Time) *memLog {
	return &memLog{
		clock:   clock,
		streams: make(map[string]*stream),
		byID:    make(map[uuid.UUID]*record),
		next:    firstPosition,
		changed: make(chan struct{}),
	}
}

// proposed is an event of an append, checked but not yet written.
type proposed struct {
	id          uuid.UUID
	eventType   string
	contentType string
	data        []byte
	meta        []byte
}

// expectation is an expected stream revision as the protocol sends it.
type expectation struct {
	kind     expectKind
	revision uint64
}

type expectKind uint8

const (
	expectAny expectKind = iota
	expectNoStream
	expectStreamExists
	expectRevision
)

// decision is the outcome of checking an expected revision, following the
// real server's commit check.
type decision uint8

const (
	decideOK decision = iota
	decideWrongExpected
	decideDeleted
	decideIdempotent
)

type checkResult struct {
	decision decision
	current  int64 // the stream's last revision, -1 for none
	// For an idempotent retry: the original last revision and position.
	revision uint64
	position uint64
}

// check decides whether events with ids may be appended to name under
// want. It mirrors the real server: a tombstoned stream is deleted; a
// soft-deleted one accepts Any, NoStream and its last revision but calls
// StreamExists deleted; the same ids re-sent right after the expected
// revision (or anywhere in the stream, for Any and StreamExists) are an
// idempotent retry. The caller holds l.mu.
func (l *memLog) check(name string, want expectation, ids []uuid.UUID) checkResult {
	st := l.streams[name]
	cur := st.last()
	res := checkResult{current: cur}
	if st != nil && st.tombstoned {
		res.decision = decideDeleted
		return res
	}
	softDeleted := st != nil && st.softDeleted
	if want.kind == expectStreamExists {
		if softDeleted {
			res.decision = decideDeleted
			return res
		}
		if cur < 0 {
			res.decision = decideWrongExpected
			return res
		}
	}
	if want.kind == expectAny || want.kind == expectStreamExists {
		var first, last *record
		for i, id := range ids {
			r := l.byID[id]
			if r == nil || r.stream != name {
				if i == 0 {
					return res // nothing written before: a new append
				}
				res.decision = decideWrongExpected // a partial retry
				return res
			}
			if first == nil {
				first = r
			}
			last = r
		}
		if last == nil {
			return res
		}
		res.decision, res.revision, res.position = decideIdempotent, last.revision, last.position
		return res
	}
	expected := int64(-1)
	if want.kind == expectRevision {
		if want.revision > math.MaxInt64 {
			res.decision = decideWrongExpected
			return res
		}
		expected = int64(want.revision)
	}
	switch {
	case expected == cur:
		return res
	case expected > cur:
		res.decision = decideWrongExpected
		return res
	}
	// expected < cur: either a retry of what followed expected, or a conflict.
	if len(ids) == 0 {
		res.decision = decideWrongExpected
		return res
	}
	for i, id := range ids {
		rev := expected + 1 + int64(i)
		if rev <= cur && st.recs[rev].id == id {
			continue
		}
		if i == 0 && want.kind == expectNoStream && softDeleted {
			return res
		}
		res.decision = decideWrongExpected
		return res
	}
	end := st.recs[expected+int64(len(ids))]
	res.decision, res.revision, res.position = decideIdempotent, end.revision, end.position
	return res
}

// write appends events to name and returns the records, waking
// subscribers. The caller holds l.mu and has checked the expectation.
func (l *memLog) write(name string, events []proposed) []*record {
	st := l.streams[name]
	if st == nil {
		st = &stream{}
		l.streams[name] = st
	}
	undelete := st.softDeleted && len(events) > 0
	if undelete {
		// The real server records the new truncation in the metadata stream.
		st.softDeleted = false
		st.truncateBefore = uint64(len(st.recs))
	}
	created := ticks(l.clock())
	out := make([]*record, 0, len(events))
	for _, e := range events {
		r := &record{
			stream:      name,
			revision:    uint64(len(st.recs)),
			id:          e.id,
			eventType:   e.eventType,
			contentType: e.contentType,
			created:     created,
			data:        e.data,
			meta:        e.meta,
		}
		l.place(r)
		st.recs = append(st.recs, r)
		l.byID[r.id] = r
		out = append(out, r)
	}
	if undelete {
		l.writeMetadata(name, `{"$tb":`+strconv.FormatUint(st.truncateBefore, 10)+`}`)
	}
	l.wake()
	return out
}

// softDelete hides the stream's events and records it in the metadata
// stream, as the real server does. The caller holds l.mu.
func (l *memLog) softDelete(name string) *record {
	st := l.streams[name]
	if st == nil {
		st = &stream{}
		l.streams[name] = st
	}
	st.softDeleted = true
	st.truncateBefore = uint64(len(st.recs))
	r := l.writeMetadata(name, `{"$tb":`+strconv.FormatInt(tombstoneRevision, 10)+`}`)
	l.wake()
	return r
}

// tombstone deletes the stream for good and writes the tombstone record
// into $all. The caller holds l.mu.
func (l *memLog) tombstone(name string) *record {
	st := l.streams[name]
	if st == nil {
		st = &stream{}
		l.streams[name] = st
	}
	st.tombstoned = true
	r := &record{
		stream:      name,
		revision:    tombstoneRevision,
		id:          uuid.New(),
		eventType:   typeStreamDeleted,
		contentType: contentTypeJSON,
		created:     ticks(l.clock()),
		data:        []byte{},
		meta:        []byte{},
	}
	l.place(r)
	l.wake()
	return r
}

// writeSystem appends a system event, written by the server itself, to a
// $-prefixed stream. The caller holds l.mu.
func (l *memLog) writeSystem(name, eventType, data string) *record {
	recs := l.write(name, []proposed{{
		id:          uuid.New(),
		eventType:   eventType,
		contentType: contentTypeJSON,
		data:        []byte(data),
		meta:        []byte{},
	}})
	return recs[0]
}

func (l *memLog) writeMetadata(name, data string) *record {
	return l.writeSystem("$$"+name, typeMetadata, data)
}

// place gives r the next position in the global log.
func (l *memLog) place(r *record) {
	r.position = l.next
	l.next += recordOverhead + uint64(len(r.stream)+len(r.eventType)+len(r.data)+len(r.meta))
	l.records = append(l.records, r)
}

// wake tells every waiting subscription that the log changed.
func (l *memLog) wake() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// indexAtOrAfter is the index of the first record at or after pos. The
// caller holds l.mu.
func (l *memLog) indexAtOrAfter(pos uint64) int {
	return sort.Search(len(l.records), func(i int) bool { return l.records[i].position >= pos })
}

// ticks converts t to .NET ticks since the Unix epoch, the form of the
// "created" metadata.
func ticks(t time.Time) int64 {
	return t.UnixNano() / 100
}
