package health_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/health"
)

func pearl(t *testing.T, rows []health.PearlsRow, code string) health.PearlsRow {
	t.Helper()
	for _, r := range rows {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no %s", code)
	return health.PearlsRow{}
}

// Goals at their edges, on exact ratios: E1 70–80 %, E7 ≤ 20 %, P6 ≥ 111 %.
func TestPearls(t *testing.T) {
	f := figures()
	f[health.PPAP] = rp(0)
	f[health.Pinjaman] = rp(2_660_000_000) // 70 % of 3.8 bn
	f[health.ModalAnggota] = rp(760_000_001)
	f[health.SimpananAnggota] = rp(1_000_000_000)
	f[health.TotalKewajiban] = rp(2_850_000_000)
	rows := health.Pearls(f)
	e1 := pearl(t, rows, "E1")
	assert.Equal(t, "70", e1.Ratio.String())
	assert.True(t, e1.Met && e1.Numeric)
	e7 := pearl(t, rows, "E7")
	assert.True(t, e7.Ratio.GreaterThan(d("20")))
	assert.False(t, e7.Met, "20.0000000263 % is above 20 %")
	// P6 = (3.8 bn − 2.85 bn + 1 bn) / (1 bn + 760 m) = 110.8 %.
	p6 := pearl(t, rows, "P6")
	assert.Equal(t, "110.80", p6.Ratio.StringFixed(2))
	assert.False(t, p6.Met)
	p1 := pearl(t, rows, "P1")
	assert.False(t, p1.HasRatio)
	assert.NotEmpty(t, p1.Why)
	r12 := pearl(t, rows, "R12")
	require.True(t, r12.HasRatio, "average assets are absent: %v", r12.Den)
	assert.False(t, r12.Numeric, "its goal is in words")
}
