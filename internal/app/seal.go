package app

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// RegisterKey registers an officer's Ed25519 public key, by a decision:
// seals from then on must be signed with it.
func (s *Service) RegisterKey(ctx context.Context, actor Actor, coop cooperative.ID, decision, role string, public []byte) (Result, error) {
	return s.booksCommand(ctx, actor, coop, decision, false, "", func(today calendar.Date) cooperative.Command {
		return cooperative.RegisterKey{Role: role, PublicKey: public, Today: today}
	})
}

// Signer signs a seal's message with the private key the caller holds,
// and returns the public key and the signature.
type Signer func(message []byte) (public, signature []byte)

// Heads reads the log to its end and returns the head of every stream of
// the cooperative, ordered by stream, the number of its events, and the
// position read to.
func (s *Service) Heads(ctx context.Context, coop cooperative.ID) ([]audit.Head, int, eventstore.Position, error) {
	heads := map[string]audit.Head{}
	events := 0
	at := eventstore.Start
	for {
		page, err := s.store.ReadAll(ctx, at, eventstore.Forwards, 5000)
		if err != nil {
			return nil, 0, at, fmt.Errorf("app: read after %s: %w", at, err)
		}
		if len(page) == 0 {
			break
		}
		for _, rec := range page {
			env, err := codec.DecodeEnvelope(rec)
			if err != nil {
				return nil, 0, at, err
			}
			if env.Coop != string(coop) {
				continue
			}
			heads[rec.Stream] = audit.Head{Stream: rec.Stream, Revision: rec.Revision, Hash: env.Hash}
			events++
		}
		at = page[len(page)-1].Position
	}
	out := make([]audit.Head, 0, len(heads))
	for _, h := range heads {
		out = append(out, h)
	}
	audit.SortHeads(out)
	return out, events, at, nil
}

// headsFold counts the heads a seal's stream holds.
var headsFold = runsFold(func(p any) (int, int) {
	r := p.(cooperative.SealHeads)
	return r.First, len(r.Heads)
})

// headsPerEvent keeps a run of heads within an event's size limit (a
// head takes at most some 220 bytes), and four runs within an append.
const headsPerEvent = 1000

// run is one event of a record written in runs (a computation's rows, a
// seal's heads): the index of its first item, the event, its id key.
type run struct {
	first   int
	payload any
	key     string
}

// runsFold folds a stream of runs into the number of items it holds;
// span returns a run event's first item and its count.
func runsFold(span func(payload any) (first, n int)) fold {
	return fold{
		start: func() any { return 0 },
		evolve: func(_, payload any) any {
			first, n := span(payload)
			return first + n
		},
	}
}

// runsPerAppend keeps an append of runs within the store's limit: each
// run is cut to fit an event.
const runsPerAppend = 4

// appendRuns writes runs to their own stream, a few an append, from the
// first not yet recorded: a record cut short is completed by writing it
// again, and nothing is written twice.
func (s *Service) appendRuns(ctx context.Context, actor Actor, coop cooperative.ID, stream string, f fold, runs []run) error {
	for {
		res, err := s.execute(ctx, writeSpec{
			coop: string(coop), stream: stream, fold: f, actor: actor,
			decide: func(state any) ([]pending, error) {
				done := state.(int)
				var out []pending
				for _, r := range runs {
					if r.first >= done && len(out) < runsPerAppend {
						out = append(out, pending{payload: r.payload, key: r.key})
					}
				}
				return out, nil
			},
		})
		if err != nil || len(res.Events) == 0 {
			return err
		}
	}
}

// SealLog seals the cooperative's streams: the head of each at the end of
// the log, written to the seal's own stream, then the seal with their
// Merkle root in the cooperative's stream, signed by sign when given. A
// seal cut short between the two is not a seal (nothing names its heads)
// and the next one is whole.
func (s *Service) SealLog(ctx context.Context, actor Actor, coop cooperative.ID, on calendar.Date, sign Signer) (cooperative.Sealed, error) {
	if err := checkActor(actor); err != nil {
		return cooperative.Sealed{}, err
	}
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return cooperative.Sealed{}, err
	}
	heads, events, through, err := s.Heads(ctx, coop)
	if err != nil {
		return cooperative.Sealed{}, err
	}
	root := audit.MerkleRoot(heads)
	seal := cooperative.Seal{Root: root, Streams: len(heads), Events: events, ThroughCommit: through.Commit, ThroughPrepare: through.Prepare, On: on}
	if sign != nil {
		seal.Key, seal.Signature = sign(cooperative.SealMessage(st.ID, cooperative.Sealed{Root: root, Streams: len(heads), Events: events,
			ThroughCommit: through.Commit, ThroughPrepare: through.Prepare}))
	}
	latest, _ := st.Policies.Latest()
	today, err := s.today(latest.Policy.TimeZone)
	if err != nil {
		return cooperative.Sealed{}, err
	}
	seal.Today = today
	if seal.On.IsZero() {
		seal.On = today
	}
	// Decided first, without writing: an unsigned seal after a key was
	// registered writes no heads either.
	if _, err := cooperative.Decide(st, seal); err != nil {
		return cooperative.Sealed{}, err
	}
	var runs []run
	for first := 0; first < len(heads); first += headsPerEvent {
		r := cooperative.SealHeads{Root: root, First: first, On: seal.On}
		for _, h := range heads[first:min(first+headsPerEvent, len(heads))] {
			r.Heads = append(r.Heads, cooperative.SealHead{Stream: h.Stream, Revision: h.Revision, Hash: h.Hash})
		}
		runs = append(runs, run{first: first, payload: r, key: fmt.Sprintf("seal-heads:%x:%d", root, first)})
	}
	if err := s.appendRuns(ctx, actor, coop, codec.SealStream(string(coop), hex.EncodeToString(root[:])), headsFold, runs); err != nil {
		return cooperative.Sealed{}, err
	}
	res, err := s.booksCommand(ctx, actor, coop, "", false, fmt.Sprintf("seal:%x", root), func(calendar.Date) cooperative.Command { return seal })
	if errors.Is(err, eventstore.ErrDuplicateEventID) {
		// The same heads sealed already: nothing moved since.
		return cooperative.Sealed{Root: root, Streams: len(heads), Events: events, ThroughCommit: through.Commit, ThroughPrepare: through.Prepare}, nil
	}
	if err != nil {
		return cooperative.Sealed{}, err
	}
	return res.Events[0].Payload.(cooperative.Sealed), nil
}

// ErrNoSeal reports a cooperative never sealed.
var ErrNoSeal = errors.New("app: the cooperative has no seal yet")

// SealProof returns the inclusion proof of a stream's head in the
// cooperative's last seal: the seal, the head it recorded for the stream
// and the siblings from the head up to the seal's root. Anyone holding
// the seal's root can check it (audit.CheckProof) without the ledger.
func (s *Service) SealProof(ctx context.Context, coop cooperative.ID, stream string) (cooperative.Sealed, audit.Head, []audit.Step, error) {
	st, err := s.Cooperative(ctx, coop)
	if err != nil {
		return cooperative.Sealed{}, audit.Head{}, nil, err
	}
	if st.LastSeal == nil {
		return cooperative.Sealed{}, audit.Head{}, nil, ErrNoSeal
	}
	seal := *st.LastSeal
	var heads []audit.Head
	if _, err := s.each(ctx, codec.SealStream(string(coop), hex.EncodeToString(seal.Root[:])), head{revision: -1}, func(e codec.Event) {
		if r, ok := e.Payload.(cooperative.SealHeads); ok {
			for _, h := range r.Heads {
				heads = append(heads, audit.Head{Stream: h.Stream, Revision: h.Revision, Hash: h.Hash})
			}
		}
	}); err != nil {
		return seal, audit.Head{}, nil, err
	}
	if audit.MerkleRoot(heads) != seal.Root {
		return seal, audit.Head{}, nil, fmt.Errorf("%w: the heads of seal %x do not make its root", eventstore.ErrCorrupt, seal.Root)
	}
	for i, h := range heads {
		if h.Stream != stream {
			continue
		}
		// The head the seal recorded must still be the stream's event at
		// that revision: a proof of a head the log lost proves nothing.
		page, err := s.store.ReadStream(ctx, stream, h.Revision, eventstore.Forwards, 1)
		if err != nil && !errors.Is(err, eventstore.ErrStreamNotFound) {
			return seal, h, nil, err
		}
		if len(page) == 0 || page[0].Revision != h.Revision {
			return seal, h, nil, fmt.Errorf("%w: %s has no event at revision %d, which seal %x covers", eventstore.ErrCorrupt, stream, h.Revision, seal.Root)
		}
		env, err := codec.DecodeEnvelope(page[0])
		if err != nil {
			return seal, h, nil, err
		}
		if env.Hash != h.Hash {
			return seal, h, nil, fmt.Errorf("%w: %s at revision %d is not the event seal %x covers", eventstore.ErrCorrupt, stream, h.Revision, seal.Root)
		}
		steps, err := audit.Proof(heads, i)
		return seal, h, steps, err
	}
	return seal, audit.Head{}, nil, fmt.Errorf("%w: %s", ErrNotSealed, stream)
}

// ErrNotSealed reports a stream the last seal does not cover: it began
// after the seal.
var ErrNotSealed = errors.New("app: the last seal does not cover the stream")
