package codec

import (
	"encoding/hex"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
)

// registerSeals adds the events of seals: an officer's key, a seal, and
// the runs of a seal's heads.
func registerSeals(r *Registry) {
	register(r, "KeyRegistered", 1,
		func(e cooperative.KeyRegistered) (storedKey, calendar.Date) {
			return storedKey{Role: e.Role, PublicKey: hex.EncodeToString(e.PublicKey)}, e.On
		},
		func(d storedKey, on calendar.Date) (cooperative.KeyRegistered, error) {
			k, err := hex.DecodeString(d.PublicKey)
			if err == nil && len(k) != 32 {
				err = fmt.Errorf("public key of %d bytes", len(k))
			}
			return cooperative.KeyRegistered{Role: d.Role, PublicKey: k, On: on}, err
		})
	register(r, "Sealed", 1,
		func(e cooperative.Sealed) (storedSeal, calendar.Date) {
			return storedSeal{Root: hex.EncodeToString(e.Root[:]), Streams: e.Streams, Events: e.Events,
				ThroughCommit: e.ThroughCommit, ThroughPrepare: e.ThroughPrepare,
				Key: hex.EncodeToString(e.Key), Signature: hex.EncodeToString(e.Signature)}, e.On
		},
		func(d storedSeal, on calendar.Date) (cooperative.Sealed, error) {
			e := cooperative.Sealed{Streams: d.Streams, Events: d.Events, ThroughCommit: d.ThroughCommit, ThroughPrepare: d.ThroughPrepare, On: on}
			root, err := hash32(d.Root)
			if err != nil {
				return e, fmt.Errorf("root: %w", err)
			}
			e.Root = root
			if e.Key, err = hex.DecodeString(d.Key); err != nil {
				return e, fmt.Errorf("key: %w", err)
			}
			if e.Signature, err = hex.DecodeString(d.Signature); err != nil {
				return e, fmt.Errorf("signature: %w", err)
			}
			if len(e.Key) == 0 {
				e.Key = nil
			}
			if len(e.Signature) == 0 {
				e.Signature = nil
			}
			return e, nil
		})
	register(r, "SealHeads", 1,
		func(e cooperative.SealHeads) (storedSealHeads, calendar.Date) {
			d := storedSealHeads{Root: hex.EncodeToString(e.Root[:]), First: e.First, Heads: make([][]string, len(e.Heads))}
			for i, h := range e.Heads {
				d.Heads[i] = []string{h.Stream, fmt.Sprint(h.Revision), hex.EncodeToString(h.Hash[:])}
			}
			return d, e.On
		},
		func(d storedSealHeads, on calendar.Date) (cooperative.SealHeads, error) {
			e := cooperative.SealHeads{First: d.First, Heads: make([]cooperative.SealHead, len(d.Heads)), On: on}
			root, err := hash32(d.Root)
			if err != nil {
				return e, fmt.Errorf("root: %w", err)
			}
			e.Root = root
			for i, row := range d.Heads {
				if len(row) != 3 {
					return e, fmt.Errorf("heads[%d]: %d fields, expected 3", i, len(row))
				}
				var rev uint64
				if _, err := fmt.Sscan(row[1], &rev); err != nil || fmt.Sprint(rev) != row[1] {
					return e, fmt.Errorf("heads[%d]: revision %q", i, row[1])
				}
				h, err := hash32(row[2])
				if err != nil {
					return e, fmt.Errorf("heads[%d]: %w", i, err)
				}
				e.Heads[i] = cooperative.SealHead{Stream: row[0], Revision: rev, Hash: h}
			}
			return e, nil
		})
}

func hash32(s string) ([32]byte, error) {
	var h [32]byte
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		return h, fmt.Errorf("%q is not a SHA-256 in hexadecimal", truncated(s))
	}
	copy(h[:], b)
	return h, nil
}

type storedKey struct {
	Role      string `json:"role"`
	PublicKey string `json:"public_key"`
}

type storedSeal struct {
	Root           string `json:"root"`
	Streams        int    `json:"streams"`
	Events         int    `json:"events"`
	ThroughCommit  uint64 `json:"through_commit"`
	ThroughPrepare uint64 `json:"through_prepare"`
	Key            string `json:"key,omitempty"`
	Signature      string `json:"signature,omitempty"`
}

type storedSealHeads struct {
	Root  string     `json:"root"`
	First int        `json:"first"`
	Heads [][]string `json:"heads"`
}
