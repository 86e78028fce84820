package health_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/health"
)

func perdep(t *testing.T) health.RuleSet {
	t.Helper()
	r, ok := health.RuleSetFor(health.Perdep, 2025)
	require.True(t, ok)
	return r
}

func perdepIndicator(t *testing.T, key string) health.PerdepIndicator {
	t.Helper()
	for _, i := range perdep(t).PerdepIndicators {
		if i.Key == key {
			return i
		}
	}
	t.Fatalf("no indicator %s", key)
	return health.PerdepIndicator{}
}

// The scoring tables of Permen 14/2009 (domain.md §4.2) at their edges,
// applied to the unrounded ratio. An empty want is a ratio beyond the
// table.
func TestPerdepScoringTables(t *testing.T) {
	for _, c := range []struct {
		key   string
		cases map[string]string
	}{
		{"2016-modal-sendiri-pinjaman-berisiko", map[string]string{
			"-5": "0", "0": "0", "0.0001": "10", "10": "10", "10.0001": "20", "62.5": "70", "90": "90", "90.01": "100", "100": "100", "250": "100"}},
		{"2016-kecukupan-modal", map[string]string{
			"0": "0", "3.9999": "0", "4": "50", "5.9999": "50", "6": "75", "7.9999": "75", "8": "100", "40": "100"}},
		{"2016-volume-pinjaman-anggota", map[string]string{
			"0": "0", "25": "0", "25.0001": "50", "50": "50", "50.0001": "75", "75": "75", "75.0001": "100", "100": "100"}},
		{"2016-rpm", map[string]string{
			"100": "0", "45": "0", "44.0001": "0", "44": "2", "43.5": "2", "5": "80", "0.5": "88", "0": "90"}},
		{"2016-cadangan-risiko", map[string]string{
			"0": "0", "0.9999": "0", "1": "1", "50": "50", "99.9999": "99", "100": "100", "180": "100"}},
		{"2016-kas-bank-kewajiban-lancar", map[string]string{
			"0": "25", "10": "25", "10.0001": "100", "15": "100", "15.0001": "50", "20": "50", "20.0001": "25", "400": "25"}},
		{"2016-pinjaman-dana-diterima", map[string]string{
			"0": "25", "59.9999": "25", "60": "50", "69.9999": "50", "70": "75", "79.9999": "75", "80": "100", "90": "100", "90.0001": ""}},
		{"2016-rentabilitas-aset", map[string]string{
			"-3": "25", "4.9999": "25", "5": "50", "7.4999": "50", "7.5": "75", "9.9999": "75", "10": "100"}},
		{"2016-rentabilitas-modal-sendiri", map[string]string{
			"2.9999": "25", "3": "50", "3.9999": "50", "4": "75", "4.9999": "75", "5": "100"}},
		{"2016-kemandirian-operasional", map[string]string{
			"0": "0", "100": "0", "100.0001": "100", "155": "100"}},
		{"2016-partisipasi-bruto", map[string]string{
			"0": "25", "24.9999": "25", "25": "50", "49.9999": "50", "50": "75", "75": "75", "75.0001": "100", "100": "100"}},
	} {
		i := perdepIndicator(t, c.key)
		require.True(t, i.Scored(), c.key)
		for ratio, want := range c.cases {
			got, ok := i.Score(d(ratio))
			if want == "" {
				assert.False(t, ok, "%s at %s is beyond the table", c.key, ratio)
				continue
			}
			require.True(t, ok, "%s at %s", c.key, ratio)
			assert.Equal(t, want, got.String(), "%s at %s", c.key, ratio)
		}
	}
	for _, key := range []string{"2016-modal-sendiri-aset", "2016-pinjaman-berisiko", "2016-beban-operasi-anggota", "2016-beban-usaha-shu-kotor", "2016-efisiensi-pelayanan", "2016-pea"} {
		assert.False(t, perdepIndicator(t, key).Scored(), "%s has no confirmed table", key)
	}
}

// The weights of domain.md §4.2: the aspects sum to 100, and within each
// the indicators (and the questionnaires, 3 each) sum to the aspect's
// weight, but in Efisiensi, whose sub-weights are unconfirmed.
func TestPerdepWeights(t *testing.T) {
	rules := perdep(t)
	total := d("0")
	for _, a := range health.PerdepAspects() {
		total = total.Add(a.Weight)
		sum := d("0")
		for _, i := range rules.PerdepIndicators {
			if i.Aspect == a.Aspect {
				sum = sum.Add(i.Weight)
			}
		}
		for _, c := range rules.Checklists {
			if c.Aspect == a.Aspect {
				perYes, ok := health.PerYes(c.Key)
				require.True(t, ok, c.Key)
				assert.Equal(t, "3", perYes.Mul(dInt(c.Total)).String(), c.Key)
				sum = sum.Add(perYes.Mul(dInt(c.Total)))
			}
		}
		if a.Aspect == health.Efisiensi {
			assert.True(t, sum.IsZero())
			continue
		}
		assert.True(t, sum.Equal(a.Weight), "%s: %s of %s", a.Aspect, sum, a.Weight)
	}
	assert.Equal(t, "100", total.String())
}

func perdepFigures() health.Figures {
	return health.Figures{
		health.TotalAset: rp(1_000_000_000), health.ModalSendiri: rp(250_000_000), health.PinjamanBerisiko: rp(400_000_000),
		health.ModalTertimbang: rp(70_000_000), health.ATMR: rp(1_000_000_000),
		health.VolumePinjamanAnggota: rp(800_000_000), health.VolumePinjaman: rp(800_000_000),
		health.RisikoPinjaman: rp(40_000_000), health.PinjamanBeredar: rp(800_000_000), health.Pinjaman: rp(800_000_000),
		health.CadanganTujuanRisiko: rp(10_000_000), health.PPAP: rp(20_000_000), health.PinjamanBermasalah: rp(60_000_000),
		health.BiayaOperasional: rp(150_000_000), health.PartisipasiBruto: rp(200_000_000), health.BiayaUsaha: rp(90_000_000),
		health.PendapatanOperasional: rp(210_000_000), health.BebanPokok: rp(60_000_000),
		health.AsetLikuid: rp(120_000_000), health.KewajibanLancar: rp(1_000_000_000),
		health.SimpananAnggota: rp(600_000_000), health.ModalAnggota: rp(300_000_000), health.PinjamanLuar: rp(100_000_000),
		health.SHUSebelumPajak: rp(60_000_000), health.SHUAnggota: rp(10_000_000), health.PendapatanNonAnggota: rp(10_000_000),
	}
}

func perdepAnswers() map[string]health.Answer {
	out := map[string]health.Answer{}
	for key, ft := range map[string][2]int{
		"2016-manajemen-umum": {9, 12}, "2016-manajemen-kelembagaan": {5, 6}, "2016-manajemen-permodalan": {3, 5},
		"2016-manajemen-aktiva": {6, 10}, "2016-manajemen-likuiditas": {4, 5},
	} {
		out[key] = health.Answer{Year: 2025, Indicator: key, Fulfilled: ft[0], Total: ft[1], Role: "pengawas"}
	}
	return out
}

func perdepRow(t *testing.T, w health.PerdepWorksheet, key string) health.PerdepRow {
	t.Helper()
	for _, r := range w.Rows {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no row %s", key)
	return health.PerdepRow{}
}

// A composite worked by hand (skor = nilai × bobot / 100):
//
//	Permodalan: modal sendiri / aset 25 % not scored; 250 m / 400 m =
//	62.5 % → 70 × 6 = 4.2; 70 m / 1 bn = 7 % → 75 × 3 = 2.25.
//	Kualitas aktiva: 100 % → 100 × 10 = 10; RPM 40 m / 800 m = 5 % →
//	80 × 5 = 4; (10 m + 20 m) / 60 m = 50 % → 50 × 5 = 2.5; risky loans
//	/ loans not scored.
//	Manajemen: 9 × 0.25 + 5 × 0.5 + 3 × 0.6 + 6 × 0.3 + 4 × 0.6 = 10.75.
//	Efisiensi: not scored.
//	Likuiditas: 120 m / 1 bn = 12 % → 100 × 10 = 10; 800 m / (600 m +
//	300 m + 100 m) = 80 % → 100 × 5 = 5.
//	Kemandirian: 60 m / 1 bn = 6 % → 50 × 3 = 1.5; 10 m / 250 m = 4 % →
//	75 × 3 = 2.25; (200 m − 60 m) / 90 m = 155.56 % → 100 × 4 = 4.
//	Jatidiri: 200 m / 210 m = 95.24 % → 100 × 7 = 7; PEA not computable.
//
// Composite 63.45 over a scored weight of 76: dalam pengawasan,
// incomplete.
func TestPerdepWorksheet(t *testing.T) {
	w := health.AssessPerdep(perdep(t), 2025, perdepFigures(), perdepAnswers())
	assert.Equal(t, "perdep-06-2016", w.Rules.Version)

	r := perdepRow(t, w, "2016-modal-sendiri-pinjaman-berisiko")
	assert.Equal(t, health.Scored, r.Status)
	assert.Equal(t, "62.5", r.Ratio.String())
	assert.Equal(t, "70", r.Nilai.String())
	assert.Equal(t, "4.2", r.Skor.String())
	assert.Equal(t, "250000000", r.Num[0].Amount.String())

	assert.Equal(t, health.Unscored, perdepRow(t, w, "2016-modal-sendiri-aset").Status)
	assert.Equal(t, "25", perdepRow(t, w, "2016-modal-sendiri-aset").Ratio.String())
	assert.Equal(t, health.NotComputable, perdepRow(t, w, "2016-efisiensi-pelayanan").Status)
	assert.Equal(t, health.NotComputable, perdepRow(t, w, "2016-pea").Status)
	assert.True(t, perdepRow(t, w, "2016-pea").Num[0].Absent)
	assert.Equal(t, "155.56", perdepRow(t, w, "2016-kemandirian-operasional").Ratio.StringFixed(2))

	umum := perdepRow(t, w, "2016-manajemen-umum")
	assert.Equal(t, "2.25", umum.Skor.String())
	assert.Equal(t, "75", umum.Nilai.String())
	assert.Equal(t, "3", umum.Weight.String())

	want := map[health.Aspect][2]string{
		health.Permodalan: {"9", "6.45"}, health.KualitasAktiva: {"20", "16.5"}, health.Manajemen: {"15", "10.75"},
		health.Efisiensi: {"0", "0"}, health.Likuiditas: {"15", "15"}, health.Kemandirian: {"10", "7.75"}, health.Jatidiri: {"7", "7"},
	}
	for _, a := range w.Aspects {
		assert.Equal(t, want[a.Aspect][0], a.ScoredWeight.String(), a.Aspect)
		assert.Equal(t, want[a.Aspect][1], a.Skor.String(), a.Aspect)
	}
	assert.Equal(t, "63.45", w.Composite.String())
	assert.Equal(t, "76", w.ScoredWeight.String())
	assert.False(t, w.Complete, "efficiency, PEA and two ratios are not scored")
	assert.Equal(t, health.DalamPengawasan, w.Predicate)
}

// Without the figures the books cannot give, or without answers, those
// rows are left out of the composite and say why.
func TestPerdepWorksheetFromTheBooksAlone(t *testing.T) {
	f := perdepFigures()
	for _, absent := range []health.Figure{health.PinjamanBerisiko, health.ModalTertimbang, health.ATMR, health.VolumePinjamanAnggota, health.VolumePinjaman} {
		delete(f, absent)
	}
	w := health.AssessPerdep(perdep(t), 2025, f, nil)
	for _, key := range []string{"2016-modal-sendiri-pinjaman-berisiko", "2016-kecukupan-modal", "2016-volume-pinjaman-anggota", "2016-pinjaman-berisiko"} {
		r := perdepRow(t, w, key)
		assert.Equal(t, health.NotComputable, r.Status, key)
		assert.NotEmpty(t, r.Why, key)
	}
	assert.Equal(t, health.NotAnswered, perdepRow(t, w, "2016-manajemen-aktiva").Status)
	// 63.45 less 4.2, 2.25, 10 and the 10.75 of Manajemen.
	assert.Equal(t, "36.25", w.Composite.String())
	assert.Equal(t, "42", w.ScoredWeight.String(), "76 less 6, 3, 10 and 15")
	assert.Equal(t, health.DalamPengawasanKhusus, w.Predicate)

	// A ratio beyond its table is shown, not scored.
	f = perdepFigures()
	f[health.Pinjaman] = rp(950_000_000)
	r := perdepRow(t, health.AssessPerdep(perdep(t), 2025, f, perdepAnswers()), "2016-pinjaman-dana-diterima")
	assert.Equal(t, health.Unscored, r.Status)
	assert.Equal(t, "95", r.Ratio.String())
	assert.Contains(t, r.WhyEN, "beyond the scoring table")
}

func dInt(n int) decimal.Decimal { return decimal.NewFromInt(int64(n)) }
