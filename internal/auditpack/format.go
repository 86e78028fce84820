// Package auditpack writes and checks the auditor's package: one zip
// archive holding a cooperative's events up to a seal, the seal with the
// key that signed it, the year's reports as produced from those events,
// and a manifest of every file's hash.
//
// Checking a package needs no ledger: the events are checked link by
// link and against the seal, then loaded into a scratch store of their
// own, and every report is derived from them again, by the same code
// that produced it, and compared byte for byte with the packaged one.
// A report altered in the package, an event changed, dropped or moved,
// a file added or removed: each is named.
package auditpack

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Format names the layout of a package; a reader refuses another.
const Format = "lumbung-audit-package/1"

// The files of a package besides the reports.
const (
	ManifestFile = "manifest.json"
	EventsFile   = "events.jsonl"
	SealFile     = "seal.json"
	ReadmeFile   = "README.txt"
	ReportsDir   = "reports/"
)

// Manifest describes a package: what it covers and the hash of every
// other file in it.
type Manifest struct {
	Format string `json:"format"`
	Coop   string `json:"cooperative"`
	Name   string `json:"name"`
	// Year is the financial year the reports are of, at its last day.
	Year int `json:"year"`
	// Events counts the events in EventsFile; the last is the seal.
	Events int      `json:"events"`
	Seal   SealInfo `json:"seal"`
	// SHU says whether the year's SHU was computed, so that its list is
	// among the reports.
	SHU   bool   `json:"shu_computed"`
	Files []File `json:"files"`
}

// File is one file of the package with its SHA-256.
type File struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// SealInfo is the seal the package ends at, as SealFile holds it.
type SealInfo struct {
	Root    string `json:"root"`
	On      string `json:"on"`
	Streams int    `json:"streams"`
	Events  int    `json:"events"`
	// Through is the log position the seal's heads were read at.
	Through string `json:"through"`
	EventID string `json:"event_id"`
	// PublicKey and Role are the key registered that signed it, and
	// Signature the signature, in hexadecimal; empty when unsigned.
	PublicKey string `json:"public_key,omitempty"`
	Role      string `json:"key_role,omitempty"`
	Signature string `json:"signature,omitempty"`
}

func sealInfo(s cooperative.Sealed, id uuid.UUID, role string) SealInfo {
	info := SealInfo{
		Root: hex.EncodeToString(s.Root[:]), On: s.On.String(), Streams: s.Streams, Events: s.Events,
		Through: eventstore.Position{Commit: s.ThroughCommit, Prepare: s.ThroughPrepare}.String(), EventID: id.String(),
	}
	if len(s.Signature) > 0 {
		info.PublicKey, info.Role, info.Signature = hex.EncodeToString(s.Key), role, hex.EncodeToString(s.Signature)
	}
	return info
}

// line is one event of EventsFile: where the log had it, and its bytes
// exactly as stored. Data and metadata are JSON texts kept as strings,
// since any re-encoding would change the bytes their hashes cover.
type line struct {
	Commit   uint64 `json:"commit"`
	Prepare  uint64 `json:"prepare"`
	Stream   string `json:"stream"`
	Revision uint64 `json:"revision"`
	ID       string `json:"id"`
	Type     string `json:"type"`
	Data     string `json:"data"`
	Metadata string `json:"metadata"`
}

func lineOf(rec eventstore.RecordedEvent) line {
	return line{Commit: rec.Position.Commit, Prepare: rec.Position.Prepare, Stream: rec.Stream, Revision: rec.Revision,
		ID: rec.ID.String(), Type: rec.Type, Data: string(rec.Data), Metadata: string(rec.Metadata)}
}

// parseLine reads one line of EventsFile: one JSON object of the fields
// lineOf writes, and nothing after it.
func parseLine(b []byte) (eventstore.RecordedEvent, error) {
	var l line
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return eventstore.RecordedEvent{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return eventstore.RecordedEvent{}, errors.New("text after the event")
	}
	return l.record()
}

func (l line) record() (eventstore.RecordedEvent, error) {
	id, err := uuid.Parse(l.ID)
	if err != nil {
		return eventstore.RecordedEvent{}, fmt.Errorf("id %q: %w", l.ID, err)
	}
	return eventstore.RecordedEvent{
		EventData: eventstore.EventData{ID: id, Type: l.Type, Data: []byte(l.Data), Metadata: []byte(l.Metadata)},
		Stream:    l.Stream, Revision: l.Revision, Position: eventstore.Position{Commit: l.Commit, Prepare: l.Prepare},
	}, nil
}
