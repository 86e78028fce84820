package projector_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

// Three partitions of the balances projection hold every cooperative
// once between them, each as a whole fold has it.
func TestPartitionsShareTheCooperatives(t *testing.T) {
	l := newLedger(t, 10, 60)
	ctx := context.Background()
	for _, id := range []cooperative.ID{"kdmp-a", "kdmp-b", "kdmp-c", "kdmp-d", "kdmp-e"} {
		_, err := l.svc.Register(ctx, "bendahara", cooperative.Register{Coop: id, Name: string(id), Policy: policy.Default(money.New(50_000), money.New(10_000))})
		require.NoError(t, err)
	}
	whole := balances.New()
	_, err := projector.New(l.store, nil).Rebuild(ctx, whole)
	require.NoError(t, err)

	const parts = 3
	seen := map[string]int{}
	used := map[int]bool{}
	for part := range parts {
		p := balances.New()
		wrapped := projector.Partition(p, part, parts)
		assert.Equal(t, "balances-part-"+string(rune('0'+part))+"-of-3", wrapped.Name())
		_, err := projector.New(l.store, l.store).CatchUp(ctx, wrapped)
		require.NoError(t, err)
		for _, c := range p.Cooperatives() {
			seen[c.ID]++
			used[part] = true
			assert.Equal(t, part, projector.PartOf(c.ID, parts))
			want, _ := whole.Cooperative(c.ID)
			assert.Equal(t, want, c)
			assert.Equal(t, whole.Members(c.ID), p.Members(c.ID))
		}
	}
	assert.Len(t, seen, len(whole.Cooperatives()))
	assert.Greater(t, len(used), 1, "the cooperatives fall in more than one part")
	for id, n := range seen {
		assert.Equal(t, 1, n, id)
	}
	assert.Panics(t, func() { projector.Partition(balances.New(), 3, 3) })
}
