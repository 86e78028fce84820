package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Head is a stream's last event at a moment: what a seal commits to.
type Head struct {
	Stream   string
	Revision uint64
	Hash     [32]byte
}

// leaf is the hash of a head: a 0x00 prefix (a leaf, never taken for a
// node), the stream's name with its length, the revision and the hash.
func leaf(h Head) [32]byte {
	b := make([]byte, 0, 1+8+len(h.Stream)+8+32)
	b = append(b, 0)
	b = binary.BigEndian.AppendUint64(b, uint64(len(h.Stream)))
	b = append(b, h.Stream...)
	b = binary.BigEndian.AppendUint64(b, h.Revision)
	b = append(b, h.Hash[:]...)
	return sha256.Sum256(b)
}

// node is the hash of two subtrees, with a 0x01 prefix.
func node(l, r [32]byte) [32]byte {
	var b [65]byte
	b[0] = 1
	copy(b[1:], l[:])
	copy(b[33:], r[:])
	return sha256.Sum256(b[:])
}

// SortHeads orders heads by stream name: the order of the tree's leaves.
func SortHeads(heads []Head) {
	slices.SortFunc(heads, func(a, b Head) int { return strings.Compare(a.Stream, b.Stream) })
}

// MerkleRoot returns the root of the tree over heads in their order (RFC
// 6962's shape: the left subtree holds the largest power of two leaves
// below the count). The root of no heads is the hash of nothing.
func MerkleRoot(heads []Head) [32]byte {
	if len(heads) == 0 {
		return sha256.Sum256(nil)
	}
	level := make([][32]byte, len(heads))
	for i, h := range heads {
		level[i] = leaf(h)
	}
	return root(level)
}

func split(n int) int {
	k := 1
	for k*2 < n {
		k *= 2
	}
	return k
}

func root(leaves [][32]byte) [32]byte {
	if len(leaves) == 1 {
		return leaves[0]
	}
	k := split(len(leaves))
	return node(root(leaves[:k]), root(leaves[k:]))
}

// Step is one sibling of an inclusion proof: its hash, and whether it
// sits to the left of the path.
type Step struct {
	Hash [32]byte
	Left bool
}

// Proof returns the inclusion proof of heads[i]: the siblings from the
// leaf up to the root.
func Proof(heads []Head, i int) ([]Step, error) {
	if i < 0 || i >= len(heads) {
		return nil, fmt.Errorf("audit: no head %d of %d", i, len(heads))
	}
	leaves := make([][32]byte, len(heads))
	for j, h := range heads {
		leaves[j] = leaf(h)
	}
	var steps []Step
	var walk func(leaves [][32]byte, i int)
	walk = func(leaves [][32]byte, i int) {
		if len(leaves) == 1 {
			return
		}
		k := split(len(leaves))
		if i < k {
			walk(leaves[:k], i)
			steps = append(steps, Step{Hash: root(leaves[k:]), Left: false})
		} else {
			walk(leaves[k:], i-k)
			steps = append(steps, Step{Hash: root(leaves[:k]), Left: true})
		}
	}
	walk(leaves, i)
	return steps, nil
}

// ErrProof reports an inclusion proof that does not lead to the root.
var ErrProof = errors.New("audit: the proof does not lead to the seal's root")

// CheckProof checks that head, with the proof's siblings, hashes to root.
func CheckProof(head Head, steps []Step, want [32]byte) error {
	h := leaf(head)
	for _, s := range steps {
		if s.Left {
			h = node(s.Hash, h)
		} else {
			h = node(h, s.Hash)
		}
	}
	if h != want {
		return ErrProof
	}
	return nil
}
