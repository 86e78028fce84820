package main

import (
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
