package auditpack

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// ExportOptions say what to export.
type ExportOptions struct {
	Coop cooperative.ID
	Year int
	// Root chooses a seal; the zero value takes the last seal in the
	// log. The seal must be dated on or after the year's last day.
	Root [32]byte
	// Scratch is the directory for the scratch store; empty is the
	// system's temporary directory.
	Scratch string
}

// Export writes the package of a cooperative's year to w: its events up
// to and including the seal, the seal, the reports derived from exactly
// those events, a README, and the manifest.
func Export(ctx context.Context, store eventstore.Store, opt ExportOptions, w io.Writer) (Manifest, error) {
	st, sealed, at, err := findSeal(ctx, store, opt)
	if err != nil {
		return Manifest{}, err
	}
	m := Manifest{Format: Format, Coop: string(opt.Coop), Name: st.Name, Year: opt.Year}
	role := ""
	for _, k := range st.Keys {
		if bytes.Equal(k.PublicKey, sealed.Key) {
			role = k.Role
		}
	}
	m.Seal = sealInfo(sealed, at.ID, role)

	z := zip.NewWriter(w)
	modified := time.Date(opt.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	put := func(name string) (io.Writer, func(), error) {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return nil, nil, err
		}
		h := &counted{h: sha256.New()}
		return io.MultiWriter(f, h), func() {
			m.Files = append(m.Files, File{Name: name, SHA256: hex.EncodeToString(h.h.Sum(nil)), Bytes: h.n})
		}, nil
	}

	events, done, err := put(EventsFile)
	if err != nil {
		return m, err
	}
	enc := json.NewEncoder(events)
	enc.SetEscapeHTML(false)
	var writeErr error
	scratch, err := load(ctx, opt.Scratch, func(yield func(eventstore.RecordedEvent, error) bool) {
		for rec, err := range cooperativeEvents(ctx, store, opt.Coop, at.Position) {
			if err == nil {
				if writeErr = enc.Encode(lineOf(rec)); writeErr != nil {
					err = writeErr
				} else {
					m.Events++
				}
			}
			if !yield(rec, err) || err != nil {
				return
			}
		}
	})
	if err != nil {
		return m, err
	}
	defer scratch.close()
	done()

	reports, computed, err := derive(ctx, scratch, opt.Coop, opt.Year, sealed.On)
	if err != nil {
		return m, err
	}
	m.SHU = computed
	for _, r := range reports {
		if err := putBytes(put, r.name, r.body); err != nil {
			return m, err
		}
	}
	seal, err := json.MarshalIndent(m.Seal, "", "  ")
	if err != nil {
		return m, err
	}
	if err := putBytes(put, SealFile, append(seal, '\n')); err != nil {
		return m, err
	}
	if err := putBytes(put, ReadmeFile, readme(m)); err != nil {
		return m, err
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	f, err := z.CreateHeader(&zip.FileHeader{Name: ManifestFile, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return m, err
	}
	if _, err := f.Write(append(manifest, '\n')); err != nil {
		return m, err
	}
	return m, z.Close()
}

func putBytes(put func(string) (io.Writer, func(), error), name string, body []byte) error {
	w, done, err := put(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	done()
	return nil
}

// counted hashes what is written and counts its bytes.
type counted struct {
	h hash.Hash
	n int64
}

func (c *counted) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// findSeal returns the cooperative's state and the seal the package ends
// at, with the seal's own event.
func findSeal(ctx context.Context, store eventstore.Store, opt ExportOptions) (cooperative.State, cooperative.Sealed, eventstore.RecordedEvent, error) {
	var (
		st     cooperative.State
		sealed cooperative.Sealed
		at     eventstore.RecordedEvent
		found  bool
	)
	registry := codec.Events()
	stream := codec.CooperativeStream(string(opt.Coop))
	for from := uint64(0); ; {
		page, err := store.ReadStream(ctx, stream, from, eventstore.Forwards, 1000)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			break
		}
		if err != nil {
			return st, sealed, at, err
		}
		for _, rec := range page {
			e, err := registry.Decode(rec)
			if err != nil {
				return st, sealed, at, err
			}
			ce, ok := e.Payload.(cooperative.Event)
			if !ok {
				return st, sealed, at, fmt.Errorf("%w: %s holds a %s", eventstore.ErrCorrupt, stream, rec.Type)
			}
			st = cooperative.Evolve(st, ce)
			s, ok := e.Payload.(cooperative.Sealed)
			if !ok || s.On.Before(calendar.MustNew(opt.Year, 12, 31)) {
				continue
			}
			if opt.Root == ([32]byte{}) || s.Root == opt.Root {
				sealed, at, found = s, rec, true
				if opt.Root != ([32]byte{}) {
					return st, sealed, at, nil
				}
			}
		}
		if len(page) < 1000 {
			break
		}
		from = page[len(page)-1].Revision + 1
	}
	if !st.Exists() {
		return st, sealed, at, fmt.Errorf("%w: cooperative %s", eventstore.ErrStreamNotFound, opt.Coop)
	}
	if !found {
		return st, sealed, at, fmt.Errorf("%w: %d", cooperative.ErrNoYearSeal, opt.Year)
	}
	return st, sealed, at, nil
}

// cooperativeEvents yields the cooperative's events in log order, up to
// and including the event at through.
func cooperativeEvents(ctx context.Context, store eventstore.Store, coop cooperative.ID, through eventstore.Position) iter.Seq2[eventstore.RecordedEvent, error] {
	return func(yield func(eventstore.RecordedEvent, error) bool) {
		at := eventstore.Start
		for {
			page, err := store.ReadAll(ctx, at, eventstore.Forwards, 5000)
			if err != nil {
				yield(eventstore.RecordedEvent{}, err)
				return
			}
			if len(page) == 0 {
				return
			}
			for _, rec := range page {
				if through.Less(rec.Position) {
					return
				}
				if c, ok := audit.StreamCoop(rec.Stream); ok && c == string(coop) {
					if !yield(rec, nil) {
						return
					}
				}
			}
			at = page[len(page)-1].Position
		}
	}
}
