package projector

import (
	"errors"
	"time"

	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// KnownAt returns p folding the log as it stood at the instant at: its
// events up to the first one recorded after at, which ends the fold, so
// that what is folded is always a prefix of the log (a clock set back
// between two events cannot bring a later event in without the one
// before it). It is the read model as it was known then, before what was
// recorded later (corrections, backdated entries). It answers one
// question: rebuild it from the first event without snapshots (Rebuild
// with a nil snapshot store).
func KnownAt(p Projection, at time.Time) Projection { return &knownAt{inner: p, at: at} }

type knownAt struct {
	inner   Projection
	at      time.Time
	stopped bool
}

func (k *knownAt) Name() string { return k.inner.Name() + "-known-at" }
func (k *knownAt) Version() int { return k.inner.Version() }

func (k *knownAt) Apply(e codec.Event) {
	if k.stopped || e.Recorded.After(k.at) {
		k.stopped = true
		return
	}
	k.inner.Apply(e)
}

var errKnownAtSnapshot = errors.New("projector: a projection as known at a time is never snapshotted")

func (k *knownAt) MarshalBinary() ([]byte, error) { return nil, errKnownAtSnapshot }
func (k *knownAt) UnmarshalBinary([]byte) error   { return errKnownAtSnapshot }
