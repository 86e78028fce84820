package audit_test

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/audit"
)

func heads(n int) []audit.Head {
	out := make([]audit.Head, n)
	for i := range out {
		out[i] = audit.Head{Stream: fmt.Sprintf("member-kdmp.M%04d", i), Revision: uint64(i % 7), Hash: sha256.Sum256([]byte{byte(i), byte(i >> 8)})}
	}
	return out
}

// Every head of trees of every size up to 70 proves its inclusion, and a
// proof fails for any other head, revision or hash.
func TestMerkleProofs(t *testing.T) {
	for n := 1; n <= 70; n++ {
		hs := heads(n)
		root := audit.MerkleRoot(hs)
		for i := range hs {
			steps, err := audit.Proof(hs, i)
			require.NoError(t, err)
			require.NoError(t, audit.CheckProof(hs[i], steps, root), "n %d i %d", n, i)
			changed := hs[i]
			changed.Revision++
			require.ErrorIs(t, audit.CheckProof(changed, steps, root), audit.ErrProof)
			changed = hs[i]
			changed.Hash[0] ^= 1
			require.ErrorIs(t, audit.CheckProof(changed, steps, root), audit.ErrProof)
		}
	}
	_, err := audit.Proof(heads(3), 3)
	require.Error(t, err)
}

// The root changes with any head, and with their order.
func TestMerkleRootCommitsToEveryHead(t *testing.T) {
	hs := heads(9)
	root := audit.MerkleRoot(hs)
	for i := range hs {
		changed := append([]audit.Head(nil), hs...)
		changed[i].Revision++
		assert.NotEqual(t, root, audit.MerkleRoot(changed), "head %d", i)
	}
	assert.NotEqual(t, root, audit.MerkleRoot(hs[:8]), "a head left out")
	swapped := append([]audit.Head(nil), hs...)
	swapped[0], swapped[1] = swapped[1], swapped[0]
	assert.NotEqual(t, root, audit.MerkleRoot(swapped))
	assert.Equal(t, sha256.Sum256(nil), audit.MerkleRoot(nil))
}
