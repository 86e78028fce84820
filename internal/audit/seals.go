package audit

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// head is a stream's last event as the walk has seen it.
type head struct {
	revision int64
	hash     codec.Hash
}

// stream is what the walk keeps of a stream: its head and its
// cooperative, by number. Streams and cooperatives are numbered in the
// order met, so that the state kept per event holds no pointer and costs
// the collector nothing to scan.
type stream struct {
	head
	coop int32
}

// change is what one event did to its stream's head, kept for a while so
// that the heads at an earlier point can be recovered.
type change struct {
	before head
	stream int32
	coop   int32
}

// undoWindow is how many recent events the checker can take back: a
// seal's heads are read just before the seal is written, so the events
// between the two are few.
const undoWindow = 200_000

// sealChecker follows the walk of the log: the head of every stream, the
// recent changes, the heads each seal's stream records, and the keys
// registered, so that each seal met is checked against the log.
type sealChecker struct {
	index   map[string]int32 // stream name → number
	names   []string         // number → stream name
	streams []stream         // number → head and cooperative
	coopIDs map[string]int32 // cooperative → number
	coops   []string         // number → cooperative
	events  []int            // cooperative number → its events so far
	recent  []change         // a ring of the last undoWindow changes
	next    int
	full    bool
	runs    map[[32]byte][]cooperative.SealHeads
	keys    map[string]cooperative.KeyRegistered // cooperative → the last key registered
}

func newSealChecker() *sealChecker {
	return &sealChecker{index: map[string]int32{}, coopIDs: map[string]int32{}, runs: map[[32]byte][]cooperative.SealHeads{},
		keys: map[string]cooperative.KeyRegistered{}}
}

// lookup returns a stream's number and head; the head of a stream not
// met yet has revision -1.
func (v *sealChecker) lookup(name string) (int32, head) {
	i, ok := v.index[name]
	if !ok {
		return -1, head{revision: -1}
	}
	return i, v.streams[i].head
}

// coopID returns a cooperative's number, numbering it when new.
func (v *sealChecker) coopID(coop string) int32 {
	id, ok := v.coopIDs[coop]
	if !ok {
		id = int32(len(v.coops))
		v.coopIDs[coop] = id
		v.coops = append(v.coops, coop)
		v.events = append(v.events, 0)
	}
	return id
}

// apply takes in a checked event of the stream numbered i (-1 when new);
// it returns a problem when the event is a seal that does not match the
// log.
func (v *sealChecker) apply(i int32, rec eventstore.RecordedEvent, e codec.Event) (string, string) {
	before := head{revision: -1}
	var coop int32
	if i < 0 {
		i = int32(len(v.streams))
		v.index[rec.Stream] = i
		v.names = append(v.names, rec.Stream)
		coop = v.coopID(e.Coop)
		v.streams = append(v.streams, stream{coop: coop})
	} else {
		before = v.streams[i].head
		coop = v.streams[i].coop
		if v.coops[coop] != e.Coop {
			coop = v.coopID(e.Coop)
		}
	}
	v.streams[i] = stream{head: head{revision: int64(rec.Revision), hash: e.Hash}, coop: coop}
	v.events[coop]++
	c := change{stream: i, before: before, coop: coop}
	if len(v.recent) < undoWindow {
		v.recent = append(v.recent, c)
	} else {
		v.recent[v.next] = c
		v.next = (v.next + 1) % undoWindow
		v.full = true
	}
	switch p := e.Payload.(type) {
	case cooperative.SealHeads:
		v.runs[p.Root] = append(v.runs[p.Root], p)
	case cooperative.KeyRegistered:
		v.keys[e.Coop] = p
	case cooperative.Sealed:
		return v.seal(e.Coop, p)
	}
	return "", ""
}

// seal checks a seal: the heads its stream records make its root, are the
// heads of the log when the cooperative had the events it counts, and its
// signature verifies with the key registered.
func (v *sealChecker) seal(coop string, s cooperative.Sealed) (string, string) {
	root := hex.EncodeToString(s.Root[:])
	var recorded []Head
	for _, r := range v.runs[s.Root] {
		if r.First != len(recorded) {
			return ProblemSeal, fmt.Sprintf("the heads of seal %s are not all in its stream (a run starts at head %d after %d)", root, r.First, len(recorded))
		}
		for _, h := range r.Heads {
			recorded = append(recorded, Head{Stream: h.Stream, Revision: h.Revision, Hash: h.Hash})
		}
	}
	if len(recorded) != s.Streams {
		return ProblemSeal, fmt.Sprintf("seal %s names %d streams, its stream records %d heads", root, s.Streams, len(recorded))
	}
	if MerkleRoot(recorded) != s.Root {
		return ProblemSeal, fmt.Sprintf("the heads recorded for seal %s do not hash to its root", root)
	}
	actual, err := v.headsAt(coop, s.Events)
	if err != nil {
		return ProblemSeal, fmt.Sprintf("seal %s: %v", root, err)
	}
	for i := 0; i < len(recorded) || i < len(actual); i++ {
		switch {
		case i >= len(actual) || (i < len(recorded) && recorded[i].Stream < actual[i].Stream):
			return ProblemSeal, fmt.Sprintf("seal %s covers stream %s at revision %d, which the log no longer has", root, recorded[i].Stream, recorded[i].Revision)
		case i >= len(recorded) || actual[i].Stream < recorded[i].Stream:
			return ProblemSeal, fmt.Sprintf("the log has stream %s (revision %d) at seal %s, which the seal does not cover", actual[i].Stream, actual[i].Revision, root)
		case recorded[i] != actual[i]:
			return ProblemSeal, fmt.Sprintf("seal %s recorded stream %s at revision %d (hash %x…); the log has revision %d (hash %x…)",
				root, recorded[i].Stream, recorded[i].Revision, recorded[i].Hash[:6], actual[i].Revision, actual[i].Hash[:6])
		}
	}
	key, registered := v.keys[coop]
	switch {
	case len(s.Signature) == 0 && registered:
		return ProblemSeal, fmt.Sprintf("seal %s is not signed, though the %s's key was registered", root, key.Role)
	case len(s.Signature) == 0:
	case !registered || !bytes.Equal(key.PublicKey, s.Key):
		return ProblemSeal, fmt.Sprintf("seal %s is signed with a key that is not the one registered", root)
	case !ed25519.Verify(key.PublicKey, cooperative.SealMessage(cooperative.ID(coop), s), s.Signature):
		return ProblemSeal, fmt.Sprintf("the signature of seal %s does not verify with the %s's key", root, key.Role)
	}
	delete(v.runs, s.Root)
	return "", ""
}

// headsAt returns the heads of coop's streams when it had its first n
// events: the heads now, with its later changes taken back. A seal is
// located by the cooperative's event count, not by the log's position,
// so that it still checks in a copy of the log on another store
// (lumbung migrate), where positions are the new store's own.
func (v *sealChecker) headsAt(coop string, n int) ([]Head, error) {
	id, ok := v.coopIDs[coop]
	if !ok {
		return nil, fmt.Errorf("the cooperative has no events")
	}
	later := v.events[id] - n
	if later < 0 {
		return nil, fmt.Errorf("it counts %d events of the cooperative, the log has %d", n, v.events[id])
	}
	undone := map[int32]head{}
	size := len(v.recent)
	for k := 0; later > 0; k++ {
		if k == size {
			return nil, fmt.Errorf("it was made more than %d events after the heads it records", undoWindow)
		}
		// Newest first.
		i := (v.next - 1 - k + 2*size) % size
		if !v.full {
			i = size - 1 - k
		}
		c := v.recent[i]
		if c.coop == id {
			undone[c.stream] = c.before
			later--
		}
	}
	var out []Head
	for i, s := range v.streams {
		if s.coop != id {
			continue
		}
		h := s.head
		if b, ok := undone[int32(i)]; ok {
			h = b
		}
		if h.revision < 0 {
			continue
		}
		out = append(out, Head{Stream: v.names[i], Revision: uint64(h.revision), Hash: h.hash})
	}
	SortHeads(out)
	return out, nil
}
