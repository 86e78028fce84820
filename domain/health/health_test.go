package health_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/health"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// The worked example of domain.md §4.4: aspect scores 92.06, 86.00,
// 58.31 and 90.56 make a composite of 77.43, cukup sehat; the financial
// performance aspect alone is dalam pengawasan.
func TestCompositeOfDomainSection44(t *testing.T) {
	scores := map[health.Aspect]decimal.Decimal{
		health.TataKelola: d("92.06"), health.ProfilRisiko: d("86.00"), health.KinerjaKeuangan: d("58.31"), health.Permodalan: d("90.56"),
	}
	c := health.Composite(scores)
	assert.Equal(t, "77.426", c.String())
	assert.Equal(t, "77.43", c.StringFixed(2))
	assert.Equal(t, health.CukupSehat, health.PredicateOf(c))
	assert.Equal(t, health.DalamPengawasan, health.PredicateOf(scores[health.KinerjaKeuangan]))
	assert.Equal(t, health.Sehat, health.PredicateOf(scores[health.TataKelola]))
	sum := decimal.Zero
	for _, a := range health.Aspects() {
		sum = sum.Add(a.Weight())
	}
	assert.Equal(t, "100", sum.String())
}

func TestPredicateBands(t *testing.T) {
	for score, want := range map[string]health.Predicate{
		"100": health.Sehat, "80": health.Sehat, "79.999": health.CukupSehat, "66": health.CukupSehat,
		"65.98": health.DalamPengawasan, "51": health.DalamPengawasan, "50.99": health.DalamPengawasanKhusus, "0": health.DalamPengawasanKhusus,
	} {
		assert.Equal(t, want, health.PredicateOf(d(score)), score)
	}
}

// An aspect's score is the sum of its skor over four times the number of
// its indicators; nilai 1 earns skor 4.
func TestAspectScore(t *testing.T) {
	assert.Equal(t, "100", health.AspectScore([]health.Nilai{1, 1, 1}).String())
	assert.Equal(t, "25", health.AspectScore([]health.Nilai{4, 4}).String())
	assert.Equal(t, "62.5", health.AspectScore([]health.Nilai{1, 2, 3, 4}).String())
	assert.True(t, health.AspectScore(nil).IsZero())
	assert.Equal(t, 4, health.Nilai(1).Skor())
	assert.Equal(t, 1, health.Nilai(4).Skor())
}

func TestChecklist(t *testing.T) {
	for _, c := range []struct {
		fulfilled, total int
		ratio            string
		nilai            health.Nilai
	}{{30, 30, "100", 1}, {23, 30, "76.6666666666666667", 1}, {22, 30, "73.3333333333333333", 2}, {13, 25, "52", 2}, {1, 2, "50", 3}, {1, 4, "25", 4}, {0, 7, "0", 4}} {
		ratio, nilai := health.Checklist(c.fulfilled, c.total)
		assert.Equal(t, c.ratio, ratio.String(), "%d/%d", c.fulfilled, c.total)
		assert.Equal(t, c.nilai, nilai, "%d/%d", c.fulfilled, c.total)
	}
	assert.Panics(t, func() { health.Checklist(3, 2) })
}

// Every band of domain.md §4.1 at its edges, on unrounded values; and the
// indicator example: equity / total assets 950 m / 3.8 bn = 25 % → nilai
// 2 → skor 3.
func TestIndicatorBands(t *testing.T) {
	cases := map[string]map[string]health.Nilai{
		"pinjaman-aset-produktif": {"0": 1, "75": 1, "75.01": 2, "85": 2, "95": 3, "95.01": 4},
		"npm":                     {"15": 1, "14.999": 2, "10": 2, "5": 3, "4.99": 4, "-3": 4},
		"bopo":                    {"79.99": 1, "80": 2, "90": 3, "99.99": 3, "100": 4},
		"biaya-usaha-shu-kotor":   {"39": 1, "40": 2, "60": 3, "80": 4},
		"pinjaman-bermasalah":     {"5": 1, "5.01": 2, "10": 2, "15": 3, "15.1": 4},
		"pertumbuhan-ekuitas":     {"10": 1, "9.9": 2, "7": 2, "4": 3, "3.99": 4},
		"biaya-pembinaan-shu":     {"5": 1, "3": 2, "1": 3, "0.99": 4},
		"ekuitas-aset":            {"30.01": 1, "30": 2, "25": 2, "20": 3, "10.5": 3, "10": 4, "0": 4},
		"car":                     {"8": 1, "7.99": 2, "6": 2, "4": 3, "3.9": 4},
	}
	require.Len(t, health.Indicators(), len(cases))
	for key, bands := range cases {
		ind, ok := health.Find(key)
		require.True(t, ok, key)
		for x, want := range bands {
			assert.Equal(t, want, ind.Grade(d(x)), "%s at %s", key, x)
		}
	}
	eq, _ := health.Find("ekuitas-aset")
	ratio := d("950000000").Mul(d("100")).Div(d("3800000000"))
	assert.Equal(t, "25", ratio.String())
	assert.Equal(t, 3, eq.Grade(ratio).Skor())
	_, ok := health.Find("roa")
	assert.False(t, ok, "ROA's bands are unconfirmed and not scored")
}
