package projector

import (
	"fmt"
	"hash/fnv"

	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// Partition returns p folding only the events of the cooperatives in
// part (from 0) of parts: a cooperative belongs to the part its id's
// FNV-1a hash falls in. Several processes, each following its part,
// share the projections of a store holding many cooperatives between
// them; every cooperative is in exactly one part, and each part's
// snapshot is saved under its own name.
func Partition(p Projection, part, parts int) Projection {
	if parts < 1 || part < 0 || part >= parts {
		panic(fmt.Sprintf("projector: part %d of %d", part, parts))
	}
	return &partition{inner: p, part: uint32(part), parts: uint32(parts)}
}

// PartOf returns the part a cooperative belongs to, of parts.
func PartOf(coop string, parts int) int {
	h := fnv.New32a()
	h.Write([]byte(coop))
	return int(h.Sum32() % uint32(parts))
}

type partition struct {
	inner       Projection
	part, parts uint32
}

func (q *partition) Name() string {
	return fmt.Sprintf("%s-part-%d-of-%d", q.inner.Name(), q.part, q.parts)
}
func (q *partition) Version() int { return q.inner.Version() }

func (q *partition) Apply(e codec.Event) {
	if PartOf(e.Coop, int(q.parts)) == int(q.part) {
		q.inner.Apply(e)
	}
}

func (q *partition) MarshalBinary() ([]byte, error)    { return q.inner.MarshalBinary() }
func (q *partition) UnmarshalBinary(data []byte) error { return q.inner.UnmarshalBinary(data) }
