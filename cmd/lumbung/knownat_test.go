package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// lumbungAt runs the CLI with the clock at instant.
func lumbungAt(t *testing.T, db string, instant time.Time, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		getenv: func(key string) string {
			if key == "LUMBUNG_ACTOR" {
				return "bendahara"
			}
			return ""
		},
		now: func() time.Time { return instant },
	}
	code := run(context.Background(), append([]string{"--store", "sqlite:" + db}, args...), e)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// The statements of 31 December as they were known on 15 January, before
// a salary entry was corrected on 20 January, show the figures the
// treasurer saw then; without --as-known-at they show the corrected ones.
func TestStatementsAsKnownAt(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lumbung.db")
	jan10 := time.Date(2026, 1, 10, 3, 0, 0, 0, time.UTC)
	jan20 := time.Date(2026, 1, 20, 3, 0, 0, 0, time.UTC)
	mustAt := func(at time.Time, args ...string) result {
		t.Helper()
		r := lumbungAt(t, db, at, args...)
		assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		return r
	}
	mustAt(jan10, "init", "--coop", "kdmp-test", "--name", "Koperasi Desa Test")
	mustAt(jan10, "member", "admit", "M0001", "--name", "Siti", "--date", "2025-12-01", "--ref", "MASUK-1")
	mustAt(jan10, "journal", "post", "--date", "2025-12-01", "--memo", "Hibah", "--ref", "JU-1", "--line", "1-1100:debit:1000000", "--line", "3-3100:credit:1000000")
	mustAt(jan10, "journal", "post", "--date", "2025-12-31", "--memo", "Gaji Desember", "--ref", "JU-2", "--line", "5-3100:debit:300000", "--line", "1-1100:credit:300000")
	mustAt(jan20, "reverse", "JU-2", "--reason", "salah jumlah")
	mustAt(jan20, "journal", "post", "--date", "2025-12-31", "--memo", "Gaji Desember", "--ref", "JU-3", "--line", "5-3100:debit:350000", "--line", "1-1100:credit:350000")

	kas := func(args ...string) string {
		t.Helper()
		r := mustAt(jan20, append([]string{"report", "neraca", "--as-of", "2025-12-31", "--compare", "none", "--format", "json"}, args...)...)
		st := statementJSONOf(t, r.stdout)
		return figure(t, st, "account:1-1100", 0)
	}
	assert.Equal(t, "750000", kas("--as-known-at", "2026-01-15"), "1,050,000 less the salary as first recorded")
	assert.Equal(t, "700000", kas(), "less the corrected salary")
	assert.Equal(t, "700000", kas("--as-known-at", "2026-01-20T10:00:00+07:00"))
	r := lumbungAt(t, db, jan20, "report", "neraca", "--as-known-at", "kemarin")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "RFC 3339")
	// Before the first record nothing was known: refused, naming the flag.
	r = lumbungAt(t, db, jan20, "report", "neraca", "--as-known-at", "2026-01-01")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "as-known-at")
	assert.Contains(t, r.stderr, "belum ada yang tercatat")
	// Balances too: a deposit recorded on 20 January for December is not
	// in the balances known on 15 January.
	mustAt(jan20, "savings", "deposit", "M0001", "--product", "sukarela", "--amount", "40000", "--date", "2025-12-20", "--ref", "KW-LAMBAT")
	r = mustAt(jan20, "report", "balances", "--as-of", "2025-12-31", "--as-known-at", "2026-01-15", "--json")
	assert.NotContains(t, r.stdout, `"40000"`)
	r = mustAt(jan20, "report", "balances", "--as-of", "2025-12-31", "--json")
	assert.Contains(t, r.stdout, `"40000"`)
	r = mustAt(jan20, "report", "ledger", "5-3100", "--from", "2025-12-01", "--as-of", "2025-12-31", "--as-known-at", "2026-01-15")
	assert.Contains(t, r.stdout, "300.000")
	assert.NotContains(t, r.stdout, "350.000")
}

func statementJSONOf(t *testing.T, out string) statementJSON {
	t.Helper()
	var st statementJSON
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return st
}

// The loan reports and a member's passbook as they were known on
// 15 January: a repayment and a deposit dated December but recorded on
// 20 January are not in them.
func TestLoansAndPassbookAsKnownAt(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lumbung.db")
	jan10 := time.Date(2026, 1, 10, 3, 0, 0, 0, time.UTC)
	jan20 := time.Date(2026, 1, 20, 3, 0, 0, 0, time.UTC)
	mustAt := func(at time.Time, args ...string) result {
		t.Helper()
		r := lumbungAt(t, db, at, args...)
		assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		return r
	}
	mustAt(jan10, "init", "--coop", "kdmp-test", "--name", "Koperasi Desa Test")
	mustAt(jan10, "member", "admit", "M0001", "--name", "Siti", "--date", "2025-11-01", "--ref", "MASUK-1")
	mustAt(jan10, "journal", "post", "--date", "2025-11-01", "--memo", "Hibah", "--ref", "HIBAH-1", "--line", "1-1100:debit:50000000", "--line", "3-3100:credit:50000000")
	mustAt(jan10, "loan", "product", "define", "umum", "--name", "Pinjaman umum", "--method", "flat", "--rate", "0.12", "--months", "12", "--from", "2025-01-01")
	mustAt(jan10, "--actor", "bendahara", "loan", "apply", "PJ-001", "--member", "M0001", "--product", "umum", "--amount", "5000000", "--purpose", "warung", "--date", "2025-11-03")
	mustAt(jan10, "--actor", "ketua", "loan", "approve", "PJ-001", "--role", "ketua", "--date", "2025-11-03")
	mustAt(jan10, "loan", "disburse", "PJ-001", "--date", "2025-11-03")
	mustAt(jan20, "loan", "repay", "PJ-001", "--amount", "466667", "--date", "2025-12-03", "--ref", "ANGS-1")
	mustAt(jan20, "savings", "deposit", "M0001", "--product", "sukarela", "--amount", "40000", "--date", "2025-12-20", "--ref", "KW-LAMBAT")

	outstanding := func(args ...string) string {
		t.Helper()
		r := mustAt(jan20, append([]string{"report", "portfolio", "--as-of", "2025-12-31", "--format", "json"}, args...)...)
		return figure(t, statementJSONOf(t, r.stdout), "subtotal:active", 1)
	}
	assert.Equal(t, "5000000", outstanding("--as-known-at", "2026-01-15"))
	assert.Equal(t, "4583333", outstanding(), "less the principal of the first instalment: 466,667 less 50,000 interest")

	r := mustAt(jan20, "report", "passbook", "M0001", "--as-known-at", "2026-01-15", "--json")
	assert.NotContains(t, r.stdout, "KW-LAMBAT")
	r = mustAt(jan20, "report", "passbook", "M0001", "--json")
	assert.Contains(t, r.stdout, "KW-LAMBAT")
	r = lumbungAt(t, db, jan20, "report", "passbook", "M0001", "--as-known-at", "lusa")
	assert.Equal(t, 2, r.code)
}

// The SHU reports and the RAT pack as known at an instant: before the
// year's SHU was computed there is none to show.
func TestYearEndReportsAsKnownAt(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	mar1 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	r := lumbungAt(t, db, mar1, "demo", "--members", "20", "--rows", "300")
	assert.Equal(t, 0, r.code, r.stderr)
	for _, report := range []string{"shu", "shu-members"} {
		r = lumbungAt(t, db, mar1, "report", report, "--year", "2025", "--format", "json")
		assert.Equal(t, 0, r.code, r.stderr)
		r = lumbungAt(t, db, mar1, "report", report, "--year", "2025", "--as-known-at", "2026-02-27")
		assert.Equal(t, 1, r.code, "%s known before the demo was recorded: %s", report, r.stdout)
		assert.Contains(t, r.stderr, "2025")
	}
	r = lumbungAt(t, db, mar1, "report", "rat-pack", "--year", "2025", "--out", filepath.Join(dir, "rat.pdf"), "--as-known-at", "2026-03-01T10:00:00Z")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.FileExists(t, filepath.Join(dir, "rat.pdf"))
}
