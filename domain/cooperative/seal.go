package cooperative

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
)

// Seals. A seal commits, through a Merkle root, to the head of every
// stream of the cooperative at one position of the log, so that an
// auditor holding one printed value can check the whole log: an event
// changed, removed at the end of a stream or moved changes a head, and
// the head changes the root. A seal is signed with the Ed25519 key of the
// chair when one is registered; the private key never enters the ledger.

// KeyRegistered records an officer's public key: seals from then on are
// signed with it.
type KeyRegistered struct {
	Role      string
	PublicKey ed25519.PublicKey
	On        calendar.Date
}

// SealHead is a stream's last event at the seal's position.
type SealHead struct {
	Stream   string
	Revision uint64
	Hash     [32]byte
}

// SealHeads is a run of a seal's heads, from head First (from 0), in the
// seal's own stream, written before the seal. Root names the seal.
type SealHeads struct {
	Root  [32]byte
	First int
	Heads []SealHead
	On    calendar.Date
}

// Sealed records a seal: the root of the heads of the cooperative's
// streams at the log position Through (commit and prepare), how many
// streams and events that covers, and the signature when signed.
type Sealed struct {
	Root                          [32]byte
	Streams, Events               int
	ThroughCommit, ThroughPrepare uint64
	Key                           ed25519.PublicKey
	Signature                     []byte
	On                            calendar.Date
}

func (KeyRegistered) cooperativeEvent() {}
func (Sealed) cooperativeEvent()        {}

// SealMessage is what a seal's signature signs: the cooperative, the
// root, the counts and the position, in a fixed text.
func SealMessage(coop ID, e Sealed) []byte {
	return fmt.Appendf(nil, "lumbung seal 1\ncoop %s\nroot %s\nstreams %d\nevents %d\nthrough %d %d\n",
		coop, hex.EncodeToString(e.Root[:]), e.Streams, e.Events, e.ThroughCommit, e.ThroughPrepare)
}

// KeyVersion is a public key registered for a role from a date.
type KeyVersion struct {
	Role      string
	PublicKey ed25519.PublicKey
	From      calendar.Date
}

// SealKey returns the key seals must be signed with: the last key
// registered (for any role), and whether there is one.
func (s State) SealKey() (KeyVersion, bool) {
	if len(s.Keys) == 0 {
		return KeyVersion{}, false
	}
	return s.Keys[len(s.Keys)-1], true
}

// RegisterKey registers an officer's public key.
type RegisterKey struct {
	Role      string
	PublicKey []byte
	Today     calendar.Date
}

// Seal seals the log: the caller read the heads and computed the root;
// a signed seal carries the key and the signature over SealMessage.
type Seal struct {
	Root                          [32]byte
	Streams, Events               int
	ThroughCommit, ThroughPrepare uint64
	Key, Signature                []byte
	On, Today                     calendar.Date
}

func (RegisterKey) cooperativeCommand() {}
func (Seal) cooperativeCommand()        {}

// Errors of seals.
var (
	ErrSealUnsigned  = errors.New("cooperative: a key is registered: the seal must be signed with it")
	ErrSealWrongKey  = errors.New("cooperative: the seal is signed with a key that is not the registered one")
	ErrSealSignature = errors.New("cooperative: the seal's signature does not verify")
	// ErrNoYearSeal: no seal is dated on or after a year's end, so none
	// covers the whole year.
	ErrNoYearSeal = errors.New("cooperative: no seal covers the year")
)

func decideRegisterKey(s State, c RegisterKey) ([]Event, error) {
	if !input.Identifier(c.Role, 32, true) {
		return nil, &input.Error{Field: "role", Value: c.Role, Want: input.WantRole}
	}
	if len(c.PublicKey) != ed25519.PublicKeySize {
		return nil, &input.Error{Field: "public-key", Value: hex.EncodeToString(c.PublicKey), Want: input.WantPublicKey}
	}
	if k, ok := s.SealKey(); ok && k.Role == c.Role && bytes.Equal(k.PublicKey, c.PublicKey) {
		return nil, nil
	}
	return []Event{KeyRegistered{Role: c.Role, PublicKey: slices.Clone(c.PublicKey), On: c.Today}}, nil
}

func decideSeal(s State, c Seal) ([]Event, error) {
	on := c.On
	if on.IsZero() {
		on = c.Today
	}
	if err := notFuture("date", on, c.Today); err != nil {
		return nil, err
	}
	e := Sealed{Root: c.Root, Streams: c.Streams, Events: c.Events, ThroughCommit: c.ThroughCommit, ThroughPrepare: c.ThroughPrepare, On: on}
	key, registered := s.SealKey()
	switch {
	case len(c.Signature) == 0 && registered:
		return nil, fmt.Errorf("%w: %s", ErrSealUnsigned, key.Role)
	case len(c.Signature) == 0:
		return []Event{e}, nil
	case !registered || !bytes.Equal(key.PublicKey, c.Key):
		return nil, ErrSealWrongKey
	}
	e.Key, e.Signature = slices.Clone(key.PublicKey), slices.Clone(c.Signature)
	if !ed25519.Verify(key.PublicKey, SealMessage(s.ID, e), e.Signature) {
		return nil, ErrSealSignature
	}
	return []Event{e}, nil
}
