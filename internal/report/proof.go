package report

import (
	"encoding/hex"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// ProofJSON is the contract of `audit proof --json` and of the API's
// proof of a member's passbook: the seal's root and date, the head the
// seal recorded for the member's stream, the stream's events up to that
// head with the hash of the one before and their own, the siblings from
// the head to the root, and whether it all holds.
type ProofJSON struct {
	Root     string           `json:"root"`
	On       string           `json:"on"`
	Stream   string           `json:"stream"`
	Revision uint64           `json:"revision"`
	Hash     string           `json:"hash"`
	Events   []ProofEventJSON `json:"events"`
	Path     []ProofStepJSON  `json:"path"`
	Verified bool             `json:"verified"`
}

// ProofEventJSON is one event of the proof.
type ProofEventJSON struct {
	Revision uint64 `json:"revision"`
	Type     string `json:"type"`
	On       string `json:"on"`
	Prev     string `json:"prev"`
	Hash     string `json:"hash"`
}

// ProofStepJSON is one sibling on the path to the root, and the side it
// joins on.
type ProofStepJSON struct {
	Hash string `json:"hash"`
	Side string `json:"side"`
}

// Proof builds the inclusion proof of a stream in a seal from the seal,
// the head it recorded for the stream, the path from the head to the
// root and the stream's events (those after the head are left out). It
// is verified when the path leads to the seal's root and the events
// chain to the head, each naming the hash of the one before.
func Proof(s cooperative.Sealed, h audit.Head, steps []audit.Step, events []codec.Event) ProofJSON {
	if uint64(len(events)) > h.Revision+1 {
		events = events[:h.Revision+1]
	}
	checked := audit.CheckProof(h, steps, s.Root) == nil
	chained := len(events) > 0 && events[len(events)-1].Hash == codec.Hash(h.Hash)
	for i := 1; chained && i < len(events); i++ {
		chained = events[i].Prev == events[i-1].Hash
	}
	out := ProofJSON{Root: hex.EncodeToString(s.Root[:]), On: s.On.String(), Stream: h.Stream, Revision: h.Revision, Hash: hex.EncodeToString(h.Hash[:]),
		Verified: checked && chained, Path: []ProofStepJSON{}, Events: []ProofEventJSON{}}
	for _, e := range events {
		out.Events = append(out.Events, ProofEventJSON{Revision: e.Revision, Type: e.Type, On: e.Effective.String(), Prev: e.Prev.String(), Hash: e.Hash.String()})
	}
	for _, st := range steps {
		side := "right"
		if st.Left {
			side = "left"
		}
		out.Path = append(out.Path, ProofStepJSON{Hash: hex.EncodeToString(st.Hash[:]), Side: side})
	}
	return out
}
