package health_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

func juknis(t *testing.T) health.RuleSet {
	t.Helper()
	r, ok := health.RuleSetFor(health.Juknis, 2025)
	require.True(t, ok)
	return r
}

func rp(n int64) money.Amount { return money.New(n) }

// A cooperative whose books give, in rupiah: total assets 3.8 bn and
// equity 950 m (the indicator example of domain.md §4.4: 25 %, nilai 2,
// skor 3), loans 2.4 bn of 3 bn productive assets (80 %, nilai 2), NPM
// 120 m / 1 bn = 12 % (nilai 2), BOPO 850 m / 980 m = 86.73 % (nilai 2),
// operating expenses 300 m / (980 m − 500 m) = 62.5 % (nilai 3), NPL
// 90 m / 2.4 bn = 3.75 % (nilai 1), equity growth (950 − 880) / 880 =
// 7.95 % (nilai 2), education 3 m / 120 m = 2.5 % (nilai 3).
func figures() health.Figures {
	return health.Figures{
		health.TotalAset: rp(3_800_000_000), health.Ekuitas: rp(950_000_000), health.EkuitasLalu: rp(880_000_000),
		health.TotalAsetLalu: rp(3_500_000_000), health.AsetProduktif: rp(3_000_000_000), health.Pinjaman: rp(2_400_000_000),
		health.AsetLikuid: rp(500_000_000), health.KewajibanLancar: rp(2_000_000_000),
		health.Pendapatan: rp(1_000_000_000), health.PendapatanOperasional: rp(980_000_000), health.BiayaOperasional: rp(850_000_000),
		health.BebanPokok: rp(500_000_000), health.BiayaUsaha: rp(300_000_000),
		health.SHUSebelumPajak: rp(150_000_000), health.SHUBersih: rp(120_000_000), health.SHUBersihLalu: rp(100_000_000),
		health.BiayaPembinaan: rp(3_000_000), health.PinjamanBeredar: rp(2_400_000_000), health.PinjamanBermasalah: rp(90_000_000),
		health.PPAP: rp(40_000_000), health.PPAPWD: rp(50_000_000), health.PinjamanLuar: rp(100_000_000),
		health.AsetRataRata: rp(3_650_000_000),
	}
}

// answers are the pengawas's: governance 7/7, 27/30, 10/12, 5/6, 4/5,
// 6/10, 3/5 (skor 4, 4, 4, 4, 4, 3, 3); risk 9/10, 7/10, 5/10, 20/20
// (skor 4, 3, 2, 4).
func answers() map[string]health.Answer {
	out := map[string]health.Answer{}
	for key, ft := range map[string][2]int{
		"prinsip-koperasi": {7, 7}, "kelembagaan": {27, 30}, "manajemen-umum": {10, 12}, "manajemen-kelembagaan": {5, 6},
		"manajemen-permodalan": {4, 5}, "manajemen-aset": {6, 10}, "manajemen-likuiditas": {3, 5},
		"risiko-operasional": {9, 10}, "risiko-kepatuhan": {7, 10}, "risiko-stratejik": {5, 10}, "kpmr": {20, 20},
	} {
		out[key] = health.Answer{Year: 2025, Indicator: key, Fulfilled: ft[0], Total: ft[1], Role: "pengawas"}
	}
	return out
}

func row(t *testing.T, w health.Worksheet, key string) health.Row {
	t.Helper()
	for _, r := range w.Rows {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no row %s", key)
	return health.Row{}
}

func TestWorksheet(t *testing.T) {
	w := health.Assess(juknis(t), 2025, figures(), answers())
	assert.Equal(t, "juknis-15-2021", w.Rules.Version)

	eq := row(t, w, "ekuitas-aset")
	assert.Equal(t, "25", eq.Ratio.String(), "domain.md §4.4: 950 m / 3.8 bn")
	assert.Equal(t, health.Nilai(2), eq.Nilai)
	assert.Equal(t, 3, eq.Skor())
	require.Len(t, eq.Num, 1)
	assert.Equal(t, health.Ekuitas, eq.Num[0].Figure)
	assert.Equal(t, "950000000", eq.Num[0].Amount.String())
	assert.Equal(t, "3800000000", eq.Den[0].Amount.String())

	growth := row(t, w, "pertumbuhan-ekuitas")
	require.Len(t, growth.Num, 2)
	assert.True(t, growth.Num[1].Minus)
	assert.Equal(t, "7.95", growth.Ratio.StringFixed(2))
	assert.Equal(t, health.Nilai(2), growth.Nilai)
	assert.Equal(t, health.Nilai(3), row(t, w, "biaya-usaha-shu-kotor").Nilai)
	assert.Equal(t, health.Nilai(1), row(t, w, "pinjaman-bermasalah").Nilai)

	// Bands not confirmed: the ratio is shown and not scored.
	roa := row(t, w, "roa")
	assert.Equal(t, health.Unscored, roa.Status)
	assert.True(t, roa.Unconfirmed)
	assert.Equal(t, "3.95", roa.Ratio.StringFixed(2))
	assert.Zero(t, roa.Skor())
	// CAR needs risk weights the books do not give.
	car := row(t, w, "car")
	assert.Equal(t, health.NotComputable, car.Status)
	assert.True(t, car.Num[0].Absent)

	// Aspect scores by hand: governance 26 / 28; risk 16 / 20; financial
	// performance 17 / 24; capital 3 / 4.
	want := map[health.Aspect]struct {
		scored, skor int
		score        string
	}{
		health.TataKelola: {7, 26, "92.86"}, health.ProfilRisiko: {5, 16, "80.00"},
		health.KinerjaKeuangan: {6, 17, "70.83"}, health.Permodalan: {1, 3, "75.00"},
	}
	scores := map[health.Aspect]string{}
	for _, a := range w.Aspects {
		assert.Equal(t, want[a.Aspect].scored, a.Scored, a.Aspect)
		assert.Equal(t, want[a.Aspect].skor, a.Skor, a.Aspect)
		assert.Equal(t, want[a.Aspect].score, a.Score.StringFixed(2), a.Aspect)
		scores[a.Aspect] = a.Score.String()
	}
	// 0.30 × 92.857… + 0.15 × 80 + 0.40 × 70.833… + 0.15 × 75 = 79.44
	require.True(t, w.HasComposite)
	assert.True(t, w.Complete)
	assert.Equal(t, "79.44", w.Composite.StringFixed(2))
	assert.Equal(t, health.CukupSehat, w.Predicate)
	sum := w.Aspects[0].Weighted
	for _, a := range w.Aspects[1:] {
		sum = sum.Add(a.Weighted)
	}
	assert.True(t, sum.Equal(w.Composite), "the composite is the sum of the weighted aspect scores")
}

// A checklist not answered is shown as such and left out of the score:
// the worksheet says it is incomplete.
func TestWorksheetWithoutAnAnswer(t *testing.T) {
	a := answers()
	delete(a, "manajemen-aset")
	w := health.Assess(juknis(t), 2025, figures(), a)
	r := row(t, w, "manajemen-aset")
	assert.Equal(t, health.NotAnswered, r.Status)
	assert.Nil(t, r.Answer)
	assert.False(t, w.Complete)
	assert.Equal(t, 6, w.Aspects[0].Scored)
	assert.Equal(t, 23, w.Aspects[0].Skor, "26 less the 3 of the missing answer")

	// No answer at all: the governance aspect has nothing scored and no
	// composite can be weighed.
	w = health.Assess(juknis(t), 2025, figures(), nil)
	assert.False(t, w.HasComposite)
	assert.False(t, w.Complete)
	assert.True(t, w.Composite.IsZero())
}

// A ratio over a base that is not positive cannot be computed: no loans,
// no equity last year.
func TestWorksheetWithoutABase(t *testing.T) {
	f := figures()
	f[health.PinjamanBeredar], f[health.PinjamanBermasalah] = rp(0), rp(0)
	f[health.EkuitasLalu] = rp(0)
	w := health.Assess(juknis(t), 2025, f, answers())
	assert.Equal(t, health.NotComputable, row(t, w, "pinjaman-bermasalah").Status)
	assert.Equal(t, health.NotComputable, row(t, w, "pertumbuhan-ekuitas").Status)
	assert.False(t, w.Complete)
	assert.Equal(t, 4, w.Aspects[2].Scored)
}

func TestRuleSetFor(t *testing.T) {
	_, ok := health.RuleSetFor(health.Juknis, 2020)
	assert.False(t, ok, "the current framework is not in force before 2021")
	r, ok := health.RuleSetFor(health.Juknis, 2021)
	require.True(t, ok)
	assert.Equal(t, "juknis-15-2021", r.Version)
	r, ok = health.RuleSetFor(health.Perdep, 2025)
	require.True(t, ok)
	assert.Equal(t, "perdep-06-2016", r.Version)
	for _, rs := range health.RuleSets() {
		for _, c := range rs.Checklists {
			assert.Equal(t, rs.Framework, c.Framework, c.Key)
		}
	}
}

func TestCheckAnswer(t *testing.T) {
	assert.NoError(t, health.CheckAnswer("manajemen-umum", 3, 4))
	assert.NoError(t, health.CheckAnswer("prinsip-koperasi", 0, 7))
	for _, c := range []struct {
		key              string
		fulfilled, total int
		field            string
		want             input.Want
		bound            string
	}{
		{"tata-kelola", 1, 2, "indicator", input.WantHealthIndicator, ""},
		{"manajemen-umum", 5, 4, "fulfilled", input.WantAtMost, "4"},
		{"manajemen-umum", -1, 4, "fulfilled", input.WantAtLeast, "0"},
		{"manajemen-umum", 0, 0, "total", input.WantAtLeast, "1"},
		{"manajemen-umum", 1, 101, "total", input.WantAtMost, "100"},
		{"prinsip-koperasi", 5, 6, "total", input.WantChecklistTotal, "7"},
		{"2016-manajemen-umum", 5, 10, "total", input.WantChecklistTotal, "12"},
	} {
		err := health.CheckAnswer(c.key, c.fulfilled, c.total)
		var in *input.Error
		require.ErrorAs(t, err, &in, "%+v", c)
		assert.Equal(t, c.field, in.Field)
		assert.Equal(t, c.want, in.Want)
		assert.Equal(t, c.bound, in.Bound)
	}
}
