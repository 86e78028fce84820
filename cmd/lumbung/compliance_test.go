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

// TestComplianceReports: the compliance report of the loan set-up, whose
// flat product charges 24 % a year on the original principal (about 42 %
// effective) and fails the loan-rate rule while the annuity product at
// 24 % nominal passes; and the regulatory calendar of 2025.
func TestComplianceReports(t *testing.T) {
	db := loanSetup(t)
	lendWorkedExample(t, db)

	r := ok(t, lumbung(t, db, "report", "kepatuhan", "--as-of", "2025-12-31"))
	assert.Contains(t, r.stdout, "Kepatuhan Prinsip Kehati-hatian")
	assert.Contains(t, r.stdout, "aturan permenkop-8-2023+2-2024")
	lineOf := func(out, what string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, what) {
				return l
			}
		}
		t.Fatalf("no line with %q in\n%s", what, out)
		return ""
	}
	assert.Contains(t, lineOf(r.stdout, "Pinjaman flat"), "MELANGGAR")
	assert.Contains(t, lineOf(r.stdout, "Pinjaman umum"), "24,00 %")
	assert.Contains(t, lineOf(r.stdout, "Pinjaman umum"), "memenuhi")
	assert.Contains(t, r.stdout, "PERINGATAN: 1 aturan dilanggar.")

	r = ok(t, lumbung(t, db, "--lang", "en", "report", "kepatuhan", "--as-of", "2025-12-31", "--format", "json"))
	var doc struct {
		Kind  string `json:"report"`
		Lines []struct {
			Key  string
			Text []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc), r.stdout)
	assert.Equal(t, "kepatuhan", doc.Kind)
	results := map[string]string{}
	for _, l := range doc.Lines {
		if strings.HasPrefix(l.Key, "rule:") {
			require.Len(t, l.Text, 5, l.Key)
			results[l.Key] = l.Text[2]
		}
	}
	assert.Equal(t, map[string]string{
		"rule:savings-rate": "unknown", "rule:loan-rate:flat": "FAIL", "rule:loan-rate:umum": "pass",
		"rule:bmpp-related": "pass", "rule:bmpp-borrower": "pass", "rule:member-capital": "pass",
		"rule:borrowing": "pass", "rule:penyertaan": "pass", "rule:modal-floor": "pass",
	}, results)

	r = ok(t, lumbung(t, db, "report", "kalender", "--year", "2025", "--as-of", "2026-05-01"))
	assert.Contains(t, lineOf(r.stdout, "Laporan triwulan I 2025"), "20 April 2025")
	assert.Contains(t, lineOf(r.stdout, "Laporan keuangan tahunan 2025"), "LEWAT TENGGAT")
	assert.Contains(t, lineOf(r.stdout, "Laporan triwulan I 2025"), "belum dicatat")

	// The reports submitted, one on time and one late, and a refusal.
	before := fingerprint(t, db)
	for _, c := range []struct {
		args []string
		say  string
	}{
		{[]string{"report", "submit", "rat", "--year", "2025", "--ref", "TT-1", "--date", "2026-02-20"}, "lumbung rat convene"},
		{[]string{"report", "submit", "quarter-1", "--year", "2025", "--ref", "", "--date", "2026-02-20"}, "ref"},
		{[]string{"report", "submit", "quarter-1", "--year", "2025", "--ref", "TT-1", "--date", "2099-01-01"}, "2099-01-01"},
	} {
		r := lumbung(t, db, c.args...)
		assert.Equal(t, 2, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.say)
		assert.Equal(t, before, fingerprint(t, db), "%v wrote something", c.args)
	}
	ok(t, lumbung(t, db, "report", "submit", "quarter-1", "--year", "2025", "--ref", "TT-2025/Q1", "--date", "2025-04-17"))
	r = ok(t, lumbung(t, db, "report", "submit", "quarter-1", "--year", "2025", "--ref", "TT-2025/Q1", "--date", "2025-04-17"))
	assert.Contains(t, r.stdout, "sudah tercatat")
	ok(t, lumbung(t, db, "report", "submit", "annual-report", "--year", "2025", "--ref", "TT-2025/TH", "--date", "2026-02-20"))
	ok(t, lumbung(t, db, "report", "submit", "quarter-2", "--year", "2025", "--ref", "TT-2025/Q2", "--date", "2025-07-25"))
	r = ok(t, lumbung(t, db, "report", "kalender", "--year", "2025", "--as-of", "2026-05-01"))
	assert.Contains(t, lineOf(r.stdout, "Laporan triwulan I 2025"), "17 April 2025")
	assert.Contains(t, lineOf(r.stdout, "Laporan triwulan I 2025"), "selesai")
	assert.Contains(t, lineOf(r.stdout, "Laporan triwulan II 2025"), "TERLAMBAT")
	assert.Contains(t, lineOf(r.stdout, "Laporan keuangan tahunan 2025"), "selesai")
	assert.Contains(t, lineOf(r.stdout, "RAT tahun buku 2025"), "akan datang")
	r = ok(t, lumbung(t, db, "--lang", "en", "report", "kalender", "--year", "2025", "--as-of", "2026-07-01", "--secondary"))
	assert.Contains(t, lineOf(r.stdout, "RAT for financial year 2025"), "OVERDUE")
	assert.Contains(t, lineOf(r.stdout, "Annual financial report 2025"), "30 June 2026")
	assert.Contains(t, r.stdout, "WARNING: RATs not held by their deadline, in a row: 1")
	assert.Contains(t, lineOf(r.stdout, "Modal sendiri as of 31 December 2025"), "not required")

	out := filepath.Join(t.TempDir(), "kalender.xlsx")
	ok(t, lumbung(t, db, "report", "kalender", "--year", "2025", "--format", "xlsx", "--out", out))
	fi, err := os.Stat(out)
	require.NoError(t, err)
	assert.Positive(t, fi.Size())
}

// TestComplianceBadInput: a malformed date or year is refused with exit
// code 2, in Indonesian and in English, and nothing is written.
func TestComplianceBadInput(t *testing.T) {
	db := setup(t)
	out := filepath.Join(t.TempDir(), "kepatuhan.csv")
	before := fingerprint(t, db)
	for _, tt := range []struct {
		args   []string
		id, en string
	}{
		{[]string{"report", "kepatuhan", "--as-of", "2025-13-01", "--format", "csv", "--out", out}, `"2025-13-01"`, `"2025-13-01"`},
		{[]string{"report", "kalender", "--year", "25", "--out", out}, `"25"`, `"25"`},
		{[]string{"report", "kalender", "--year", "2025", "--as-of", "31-12-2025", "--out", out}, `"31-12-2025"`, `"31-12-2025"`},
	} {
		r := lumbung(t, db, tt.args...)
		assert.Equal(t, 2, r.code, "%v: %s", tt.args, r.stderr)
		assert.Contains(t, r.stderr, tt.id)
		assert.True(t, strings.HasPrefix(r.stderr, "galat: "), r.stderr)
		r = lumbung(t, db, append([]string{"--lang", "en"}, tt.args...)...)
		assert.Equal(t, 2, r.code, "%v: %s", tt.args, r.stderr)
		assert.Contains(t, r.stderr, tt.en)
		assert.True(t, strings.HasPrefix(r.stderr, "error: "), r.stderr)
		_, err := os.Stat(out)
		assert.True(t, os.IsNotExist(err), "nothing written for %v", tt.args)
	}
	assert.Equal(t, before, fingerprint(t, db))
}
