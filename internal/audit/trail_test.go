package audit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/projector"
)

func trail(t *testing.T, f audit.TrailFilter) *audit.Trail {
	t.Helper()
	path := ledger(t)
	store, err := sqliteOpen(t, path)
	require.NoError(t, err)
	tr := audit.NewTrail(f)
	_, err = projector.New(store, nil).Rebuild(t.Context(), tr)
	require.NoError(t, err)
	return tr
}

func TestTrail(t *testing.T) {
	all := trail(t, audit.TrailFilter{Coop: coop})
	require.NotEmpty(t, all.Lines)
	for _, l := range all.Lines {
		assert.Equal(t, "bendahara", l.Actor)
		assert.NotEqual(t, [16]byte{}, l.EventID)
	}

	// A member's trail: their stream, in order, from admission to exit.
	m := trail(t, audit.TrailFilter{Coop: coop, Member: "M003"})
	require.NotEmpty(t, m.Lines)
	for i, l := range m.Lines {
		assert.Equal(t, codec.MemberStream(coop, "M003"), l.Stream)
		assert.EqualValues(t, i, l.Revision)
	}
	assert.Equal(t, "MemberAdmitted", m.Lines[0].Type)
	assert.Equal(t, "MemberExitSettled", m.Lines[len(m.Lines)-1].Type)

	// An account's trail: simpanan sukarela's postings; the totals are
	// the deposits, the withdrawals, the reversal and the exit's refund.
	a := trail(t, audit.TrailFilter{Coop: coop, Account: "2-1100"})
	debit, credit := int64(0), int64(0)
	for _, l := range a.Lines {
		debit += l.Debit.Decimal().IntPart()
		credit += l.Credit.Decimal().IntPart()
	}
	assert.EqualValues(t, 250_000+1_000_000+500_000+200_000+75_000, credit)
	assert.EqualValues(t, 100_000+500_000+300_000+200_000, debit)

	// By recorder and time recorded: nobody else, and nothing before the
	// ledger was written.
	assert.Empty(t, trail(t, audit.TrailFilter{Coop: coop, Actor: "ketua"}).Lines)
	assert.Empty(t, trail(t, audit.TrailFilter{Coop: coop, To: clock().Add(-time.Hour)}).Lines)
	assert.Len(t, trail(t, audit.TrailFilter{Coop: coop, From: clock().Add(-time.Hour)}).Lines, len(all.Lines))
}

func sqliteOpen(t *testing.T, path string) (*sqlite.Store, error) {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path, sqlite.Options{ReadOnly: true})
	if err == nil {
		t.Cleanup(func() { s.Close() })
	}
	return s, err
}
