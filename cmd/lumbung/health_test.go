package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHealthChecklistAnswers(t *testing.T) {
	db := setup(t)
	for _, c := range []struct {
		args []string
		say  string
	}{
		{[]string{"health", "answer", "--year", "2025", "--indicator", "kpmr", "--fulfilled", "5", "--total", "4"}, `fulfilled "5": expected at most 4`},
		{[]string{"health", "answer", "--year", "2025", "--indicator", "tata-kelola", "--fulfilled", "1", "--total", "4"}, `indicator "tata-kelola": expected a checklist indicator of the health assessment: prinsip-koperasi, kelembagaan`},
		{[]string{"health", "answer", "--year", "2025", "--indicator", "prinsip-koperasi", "--fulfilled", "5", "--total", "6"}, `total "6": this indicator has exactly 7 sub-indicators`},
		{[]string{"health", "answer", "--year", "2027", "--indicator", "kpmr", "--fulfilled", "1", "--total", "4"}, `year "2027": expected at most 2026`},
		{[]string{"health", "answer", "--year", "25", "--indicator", "kpmr", "--fulfilled", "1", "--total", "4"}, `year "25"`},
		{[]string{"health", "answer", "--year", "2025", "--indicator", "kpmr", "--fulfilled", "satu", "--total", "4"}, `invalid argument "satu"`},
	} {
		before := fingerprint(t, db)
		r := lumbung(t, db, append([]string{"--lang", "en"}, c.args...)...)
		assert.Equal(t, 2, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.say, "%v", c.args)
		assert.Empty(t, r.stdout)
		assert.Equal(t, before, fingerprint(t, db), "%v wrote something", c.args)
	}

	r := ok(t, lumbung(t, db, "health", "answer", "--year", "2025", "--indicator", "kpmr", "--fulfilled", "3", "--total", "4"))
	assert.Contains(t, r.stdout, "3 dari 4 sub-indikator terpenuhi")
	before := fingerprint(t, db)
	r = ok(t, lumbung(t, db, "--lang", "en", "health", "answer", "--year", "2025", "--indicator", "kpmr", "--fulfilled", "3", "--total", "4"))
	assert.Contains(t, r.stdout, "nothing was written")
	assert.Equal(t, before, fingerprint(t, db))
	ok(t, lumbung(t, db, "health", "answer", "--year", "2025", "--indicator", "kpmr", "--fulfilled", "4", "--total", "4", "--date", "2026-02-01"))
	r = ok(t, lumbung(t, db, "--lang", "en", "health", "checklists", "--year", "2025"))
	var kpmr, umum string
	for _, line := range strings.Split(r.stdout, "\n") {
		switch {
		case strings.HasPrefix(line, "kpmr\t"):
			kpmr = line
		case strings.HasPrefix(line, "manajemen-umum\t"):
			umum = line
		}
	}
	require.NotEmpty(t, kpmr)
	assert.Contains(t, kpmr, "answer: 4/4 (pengawas, ", "the later answer supersedes the earlier")
	assert.Contains(t, umum, "not answered")
}

func TestHealthReportThroughTheCommandLine(t *testing.T) {
	db := setup(t)
	ok(t, lumbung(t, db, "health", "answer", "--year", "2025", "--indicator", "prinsip-koperasi", "--fulfilled", "6", "--total", "7"))
	r := ok(t, lumbung(t, db, "report", "kesehatan", "--year", "2025"))
	assert.Contains(t, r.stdout, "Penilaian Kesehatan Koperasi Simpan Pinjam")
	assert.Contains(t, r.stdout, "juknis-15-2021")
	assert.Contains(t, r.stdout, "terpenuhi 6 dari 7 sub-indikator")
	assert.Contains(t, r.stdout, "BELUM DIJAWAB")
	assert.Contains(t, r.stdout, "nilai komposit tidak lengkap")

	r = ok(t, lumbung(t, db, "--lang", "en", "report", "kesehatan", "--year", "2025", "--format", "json"))
	var st struct {
		Kind  string `json:"report"`
		Lines []struct {
			Key    string   `json:"key"`
			Text   []string `json:"text"`
			Values []string `json:"values"`
		} `json:"lines"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st))
	assert.Equal(t, "kesehatan", st.Kind)
	found := false
	for _, l := range st.Lines {
		if l.Key == "input:ekuitas-aset:ekuitas" {
			found = true
			require.Len(t, l.Values, 1)
			assert.Regexp(t, `^-?[0-9]+$`, l.Values[0], "amounts travel as exact strings")
		}
		if l.Key == "indicator:prinsip-koperasi" {
			assert.Equal(t, []string{"85.71%", "1", "4", ""}, l.Text)
		}
	}
	assert.True(t, found)

	for _, c := range []struct {
		year, say string
	}{{"2026", `year "2026": expected at most 2025`}, {"2020", `year "2020": expected at least 2021`}} {
		before := fingerprint(t, db)
		r := lumbung(t, db, "--lang", "en", "report", "kesehatan", "--year", c.year)
		assert.Equal(t, 2, r.code, r.stderr)
		assert.Contains(t, r.stderr, c.say)
		assert.Equal(t, before, fingerprint(t, db))
	}
	r = lumbung(t, db, "report", "kesehatan")
	assert.Equal(t, 2, r.code, "--year is required")
	r = ok(t, lumbung(t, db, "--lang", "en", "report", "pearls", "--year", "2025"))
	assert.Contains(t, r.stdout, "PEARLS Ratios (WOCCU)")
	assert.Contains(t, r.stdout, "E7 Member share capital / total assets")
	r = lumbung(t, db, "--lang", "en", "report", "pearls", "--year", "2025", "--format", "docx")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `format "docx"`)
	for _, format := range []string{"pdf", "xlsx", "csv"} {
		out := filepath.Join(t.TempDir(), "kesehatan."+format)
		ok(t, lumbung(t, db, "report", "kesehatan", "--year", "2025", "--format", format, "--out", out))
		info, err := os.Stat(out)
		require.NoError(t, err)
		assert.Positive(t, info.Size(), format)
	}
}

func TestLegacyHealthReportThroughTheCommandLine(t *testing.T) {
	db := setup(t)
	ok(t, lumbung(t, db, "health", "answer", "--year", "2025", "--indicator", "2016-manajemen-umum", "--fulfilled", "9", "--total", "12"))
	r := ok(t, lumbung(t, db, "report", "kesehatan-2016", "--year", "2025"))
	assert.Contains(t, r.stdout, "kerangka lama, 7 aspek")
	assert.Contains(t, r.stdout, "perdep-06-2016")
	assert.Contains(t, r.stdout, "ya 9 dari 12 pertanyaan")
	assert.Contains(t, r.stdout, "BELUM DIJAWAB")
	assert.Contains(t, r.stdout, "TIDAK LENGKAP")

	r = ok(t, lumbung(t, db, "--lang", "en", "report", "kesehatan-2016", "--year", "2025", "--format", "json"))
	var st struct {
		Kind  string `json:"report"`
		Lines []struct {
			Key    string   `json:"key"`
			Text   []string `json:"text"`
			Values []string `json:"values"`
		} `json:"lines"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st))
	assert.Equal(t, "kesehatan-2016", st.Kind)
	found := false
	for _, l := range st.Lines {
		if l.Key == "input:2016-rentabilitas-aset:total-aset" {
			found = true
			require.Len(t, l.Values, 1)
			assert.Regexp(t, `^-?[0-9]+$`, l.Values[0], "amounts travel as exact strings")
		}
		if l.Key == "indicator:2016-manajemen-umum" {
			assert.Equal(t, []string{"75.00%", "75.00", "3.00", "2.25", ""}, l.Text)
		}
	}
	assert.True(t, found)
	for _, format := range []string{"pdf", "xlsx", "csv"} {
		out := filepath.Join(t.TempDir(), "kesehatan-2016."+format)
		ok(t, lumbung(t, db, "report", "kesehatan-2016", "--year", "2025", "--format", format, "--out", out))
		info, err := os.Stat(out)
		require.NoError(t, err)
		assert.Positive(t, info.Size(), format)
	}

	// A year before the rules came into force: refused in either
	// language, nothing written.
	for _, c := range []struct{ lang, say string }{
		{"id", `year "2015": diharapkan paling sedikit 2016`},
		{"en", `year "2015": expected at least 2016`},
	} {
		before := fingerprint(t, db)
		out := filepath.Join(t.TempDir(), "kesehatan-2016.csv")
		r := lumbung(t, db, "--lang", c.lang, "report", "kesehatan-2016", "--year", "2015", "--format", "csv", "--out", out)
		assert.Equal(t, 2, r.code, r.stderr)
		assert.Contains(t, r.stderr, c.say)
		assert.Empty(t, r.stdout)
		assert.NoFileExists(t, out)
		assert.Equal(t, before, fingerprint(t, db))
	}
}
