package audit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/audit"
)

// A cooperative's view of a verification holds its own seals only, and
// a break in another's stream says only its kind.
func TestReportForCooperative(t *testing.T) {
	a1, b1, a2 := cooperative.Sealed{Streams: 1}, cooperative.Sealed{Streams: 2}, cooperative.Sealed{Streams: 3}
	r := audit.Report{Events: 9, Streams: 4, Seals: 3, LastSeal: &a2,
		Sealed: []audit.SealSummary{{Coop: "a", Seal: a1}, {Coop: "b", Seal: b1}, {Coop: "a", Seal: a2}}}
	got := r.ForCooperative("a")
	assert.Equal(t, 2, got.Seals)
	assert.Equal(t, 3, got.LastSeal.Streams)
	for _, s := range got.Sealed {
		assert.Equal(t, "a", s.Coop)
	}
	assert.Equal(t, 0, r.ForCooperative("c").Seals)
	assert.Nil(t, r.ForCooperative("c").LastSeal)

	r.Break = &audit.Break{Stream: "member-b.m9", Revision: 4, Kind: audit.ProblemSeal, Problem: "member-b.m9 was rewritten"}
	assert.Equal(t, &audit.Break{Kind: audit.ProblemSeal}, r.ForCooperative("a").Break)
	assert.Equal(t, r.Break, r.ForCooperative("b").Break)
	r.Break = &audit.Break{Kind: audit.ProblemSeal, Problem: "the log holds no seal with root 00"}
	assert.Equal(t, &audit.Break{Kind: audit.ProblemSeal}, r.ForCooperative("a").Break)
}
