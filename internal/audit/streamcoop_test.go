package audit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// TestStreamCoopKnowsEveryCategory holds StreamCoop to the stream names
// of the codec: a category it missed would leave that stream's events
// out of the auditor's package.
func TestStreamCoopKnowsEveryCategory(t *testing.T) {
	for _, stream := range []string{
		codec.CooperativeStream("kdmp-a"),
		codec.MemberStream("kdmp-a", "M0001"),
		codec.LoanStream("kdmp-a", "PJ-1"),
		codec.SHUSharesStream("kdmp-a", 2025, "ab12"),
		codec.SealStream("kdmp-a", "cd34"),
		codec.AccessStream("kdmp-a"),
	} {
		coop, ok := audit.StreamCoop(stream)
		assert.True(t, ok, stream)
		assert.Equal(t, "kdmp-a", coop, stream)
	}
	_, ok := audit.StreamCoop("kasir-kdmp-a")
	assert.False(t, ok)
}
