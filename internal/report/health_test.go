package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// healthAnswers are the pengawas's answers for 2025 in the loans
// scenario.
var healthAnswers = []app.ChecklistAnswer{
	{Year: 2025, Indicator: "prinsip-koperasi", Fulfilled: 7, Total: 7},
	{Year: 2025, Indicator: "kelembagaan", Fulfilled: 24, Total: 30},
	{Year: 2025, Indicator: "manajemen-umum", Fulfilled: 9, Total: 12},
	{Year: 2025, Indicator: "manajemen-kelembagaan", Fulfilled: 5, Total: 6},
	{Year: 2025, Indicator: "manajemen-permodalan", Fulfilled: 3, Total: 5},
	{Year: 2025, Indicator: "manajemen-aset", Fulfilled: 6, Total: 10},
	{Year: 2025, Indicator: "manajemen-likuiditas", Fulfilled: 4, Total: 5},
	{Year: 2025, Indicator: "risiko-operasional", Fulfilled: 3, Total: 4},
	{Year: 2025, Indicator: "risiko-kepatuhan", Fulfilled: 4, Total: 4},
	{Year: 2025, Indicator: "risiko-stratejik", Fulfilled: 2, Total: 4},
	{Year: 2025, Indicator: "kpmr", Fulfilled: 10, Total: 12},
	{Year: 2025, Indicator: "2016-manajemen-umum", Fulfilled: 9, Total: 12},
	{Year: 2025, Indicator: "2016-manajemen-kelembagaan", Fulfilled: 5, Total: 6},
	{Year: 2025, Indicator: "2016-manajemen-permodalan", Fulfilled: 3, Total: 5},
	{Year: 2025, Indicator: "2016-manajemen-aktiva", Fulfilled: 6, Total: 10},
	{Year: 2025, Indicator: "2016-manajemen-likuiditas", Fulfilled: 4, Total: 5},
}

// healthSet draws the health worksheets of the loans scenario for 2025:
// before the pengawas answered ("-unanswered") and after.
func healthSet(t *testing.T) (map[string][]byte, map[string]report.Statement) {
	t.Helper()
	sc := buildLoans(t)
	lb := sc.loanBookAt(t, loansYearEnd)
	out, sts := map[string][]byte{}, map[string]report.Statement{}
	draw := func(suffix string, langs ...i18n.Lang) {
		st, err := sc.svc.Cooperative(t.Context(), loansCoop)
		require.NoError(t, err)
		err = sc.svc.Ledger(t.Context(), loansCoop, func(b *generalledger.Books) {
			for _, lang := range langs {
				p := i18n.New(lang)
				k, err := report.Kesehatan(p, b, loansName, 2025, lb, st.ChecklistAnswers(2025))
				require.NoError(t, err)
				name := "kesehatan" + suffix + "." + string(lang)
				sts[name] = k
				var buf bytes.Buffer
				require.NoError(t, report.StatementText(&buf, p, k))
				out[name] = buf.Bytes()
				if suffix == "" {
					k16, err := report.Kesehatan2016(p, b, loansName, 2025, lb, st.ChecklistAnswers(2025))
					require.NoError(t, err)
					sts["kesehatan-2016."+string(lang)] = k16
					var buf16 bytes.Buffer
					require.NoError(t, report.StatementText(&buf16, p, k16))
					out["kesehatan-2016."+string(lang)] = buf16.Bytes()
					if lang == i18n.ID {
						var j bytes.Buffer
						require.NoError(t, report.StatementAsJSON(&j, k16))
						out["kesehatan-2016.json"] = j.Bytes()
					}
					pl := report.Pearls(p, b, loansName, 2025, lb)
					sts["pearls."+string(lang)] = pl
					var buf bytes.Buffer
					require.NoError(t, report.StatementText(&buf, p, pl))
					out["pearls."+string(lang)] = buf.Bytes()
				}
				if lang == i18n.ID && suffix == "" {
					var j bytes.Buffer
					require.NoError(t, report.StatementAsJSON(&j, k))
					out["kesehatan.json"] = j.Bytes()
				}
			}
		})
		require.NoError(t, err)
	}
	draw("-unanswered", i18n.ID)
	for _, a := range healthAnswers {
		_, err := sc.svc.AnswerChecklist(t.Context(), "pengawas", loansCoop, a)
		require.NoError(t, err)
	}
	draw("", i18n.ID, i18n.EN)
	return out, sts
}

func TestHealthWorksheets(t *testing.T) {
	rendered, sts := healthSet(t)
	for name, data := range rendered {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, data, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./internal/report -run TestHealthWorksheets -update to write it")
			require.Equal(t, string(want), string(data))
			if strings.HasSuffix(name, ".json") {
				require.True(t, json.Valid(data))
			}
		})
	}

	k := sts["kesehatan.id"]
	// The NPL of the collectibility report: 6.900.000 / 30.150.000.
	assert.Equal(t, "22,89 %", textOf(t, k, "indicator:pinjaman-bermasalah")[0])
	assert.Equal(t, "4", textOf(t, k, "indicator:pinjaman-bermasalah")[1], "above 15 % is nilai 4")
	requireIDR(t, 6_900_000, values(t, k, "input:pinjaman-bermasalah:pinjaman-bermasalah")[0])
	requireIDR(t, 30_150_000, values(t, k, "input:pinjaman-bermasalah:pinjaman-beredar")[0])
	// PPAP / PPAPWD is shown and not scored.
	assert.Equal(t, "93,31 %", textOf(t, k, "indicator:ppap-ppapwd")[0])
	assert.Empty(t, textOf(t, k, "indicator:ppap-ppapwd")[1])
	assert.Contains(t, textOf(t, k, "indicator:ppap-ppapwd")[3], "UNCONFIRMED")
	// No books in 2024: growth cannot be computed, and the composite says
	// it is incomplete.
	assert.Contains(t, textOf(t, k, "indicator:pertumbuhan-ekuitas")[3], "TIDAK DAPAT DIHITUNG")
	assert.Contains(t, textOf(t, k, "composite")[3], "TIDAK LENGKAP")
	assert.Contains(t, strings.Join(k.Notes, "\n"), "pertumbuhan-ekuitas")
	assert.Contains(t, k.Subtitle, "juknis-15-2021")

	// Every indicator of the rules is on the worksheet with its inputs.
	rules, _ := health.RuleSetFor(health.Juknis, 2025)
	for _, i := range rules.Indicators {
		textOf(t, k, "indicator:"+i.Key)
		for _, f := range i.Figures() {
			found := false
			for _, l := range k.Lines {
				found = found || l.Key == "input:"+i.Key+":"+string(f)
			}
			assert.True(t, found, "%s shows %s", i.Key, f)
		}
	}
	for _, c := range rules.Checklists {
		assert.Empty(t, textOf(t, k, "indicator:"+c.Key)[3], "%s is answered", c.Key)
	}

	pl := sts["pearls.id"]
	// E1: (30.150.000 − 2.422.500) / total assets; A1: the loans past due
	// on 31 December are PJ-002 … PJ-006 and PJ-009 (the collectibility
	// scenario): 2.000.000 + 2.000.000 + 1.800.000 + 2.000.000 +
	// 1.100.000 + 2.000.000 = 10.900.000 of 30.150.000.
	requireIDR(t, 10_900_000, values(t, pl, "input:A1:pinjaman-menunggak")[0])
	assert.Equal(t, "36,15 %", textOf(t, pl, "ratio:A1")[0])
	assert.Equal(t, "TIDAK", textOf(t, pl, "ratio:A1")[2], "the goal is at most 5 %")
	assert.Contains(t, textOf(t, pl, "ratio:P1")[3], "TIDAK DAPAT DIHITUNG")
	assert.Equal(t, "≤ 5,00 %", textOf(t, pl, "ratio:A1")[1])

	// The legacy worksheet: RPM as the collectibility report computes it,
	// (50 % KL + 75 % D + 100 % M) / 30.150.000 = 14,93 %, 2 × (45 − 14)
	// = 60 and 60 × 5 / 100 = 3; the composite by hand: RPM 3 + cadangan
	// risiko 35 × 5 / 100 = 1,75 + Manajemen 2,25 + 2,5 + 1,8 + 1,8 +
	// 2,4 = 10,75 + rentabilitas 0,75 + 0,75 + kemandirian 0 + partisipasi
	// bruto 7 = 24, over a scored weight of 42.
	k16 := sts["kesehatan-2016.id"]
	assert.Contains(t, k16.Subtitle, "perdep-06-2016")
	assert.Equal(t, []string{"14,93 %", "60,00", "5,00", "3,00"}, textOf(t, k16, "indicator:2016-rpm")[:4])
	assert.Equal(t, []string{"", "", "42,00", "24,00"}, textOf(t, k16, "composite")[:4])
	assert.Contains(t, textOf(t, k16, "composite")[4], "TIDAK LENGKAP")
	requireIDR(t, 2_422_500, values(t, k16, "input:2016-cadangan-risiko:ppap")[0])
	assert.Contains(t, textOf(t, k16, "indicator:2016-pinjaman-berisiko")[4], "TIDAK DAPAT DIHITUNG")
	assert.Contains(t, textOf(t, k16, "indicator:2016-volume-pinjaman-anggota")[4], "KSP tertutup")
	assert.Contains(t, textOf(t, k16, "indicator:2016-beban-usaha-shu-kotor")[4], "UNCONFIRMED")
	assert.Contains(t, sts["kesehatan-2016.en"].Notes[0], "weigh 42.00 of 100")
	for _, i := range rules16(t).PerdepIndicators {
		textOf(t, k16, "indicator:"+i.Key)
		for _, f := range i.Figures() {
			found := false
			for _, l := range k16.Lines {
				found = found || l.Key == "input:"+i.Key+":"+string(f)
			}
			assert.True(t, found, "%s shows %s", i.Key, f)
		}
	}

	u := sts["kesehatan-unanswered.id"]
	assert.Contains(t, textOf(t, u, "indicator:kpmr")[3], "BELUM DIJAWAB")
	assert.Contains(t, textOf(t, u, "composite")[3], "TIDAK DAPAT DIHITUNG", "governance has nothing scored")
	assert.Contains(t, strings.Join(u.Notes, "\n"), "lumbung health answer --year 2025")
}

func rules16(t *testing.T) health.RuleSet {
	t.Helper()
	r, ok := health.RuleSetFor(health.Perdep, 2025)
	require.True(t, ok)
	return r
}
