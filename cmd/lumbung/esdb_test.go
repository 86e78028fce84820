package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
	"github.com/lumbung-ledger/lumbung/internal/sample"
)

// timing is how long a rebuild took, which differs from run to run.
var timing = regexp.MustCompile(` dalam [0-9.]+ detik \([0-9]+ peristiwa/detik\)`)

// passwords are generated at random: the outputs compare without them.
var passwords = regexp.MustCompile(`(?m)((?:pemiliknya\): |^  [a-z0-9]+ +[a-z, ]+ +))[A-Za-z0-9_-]{20}$`)

// lumbungOn runs the CLI against the store at url, with the cache of a
// server's snapshots at cache.
func lumbungOn(t *testing.T, url, cache string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		getenv: func(key string) string {
			switch key {
			case "LUMBUNG_ACTOR":
				return "bendahara"
			case "LUMBUNG_CACHE":
				return cache
			}
			return ""
		},
		now: now,
	}
	code := run(context.Background(), append([]string{"--store", url}, args...), e)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// The same session of commands on SQLite and on an EventStoreDB server
// (the protocol test server, through the official client) gives the same
// answers, refusals and reports, byte for byte.
func TestTheSameLedgerOnEventStoreDB(t *testing.T) {
	dir := t.TempDir()
	server := esdbtest.Start(t, esdbtest.WithSystemEvents())
	stores := map[string][2]string{
		"sqlite": {"sqlite:" + filepath.Join(dir, "l.db"), ""},
		"esdb":   {server.URL(), filepath.Join(dir, "cache.db")},
	}
	session := [][]string{
		{"demo", "--members", "20", "--rows", "300"},
		{"savings", "deposit", "M0002", "--product", "sukarela", "--amount", "150000", "--ref", "KW-E2E-1"},
		{"savings", "withdraw", "M0002", "--product", "sukarela", "--amount", "999999999"},
		{"reverse", "KW-E2E-1", "--reason", "salah ketik"},
		{"journal", "post", "--memo", "Beli ATK", "--ref", "JU-E2E-1", "--line", "5-3200:debit:75000", "--line", "1-1100:credit:75000"},
		{"loan", "apply", "PJ-0099", "--member", "M0010", "--product", "umum", "--amount", "2000000"},
		{"--actor", "ketua", "loan", "approve", "PJ-0099", "--role", "ketua"},
		{"loan", "disburse", "PJ-0099", "--cash", "1-1200"},
		{"report", "balances", "--json"},
		{"report", "passbook", "M0002", "--json"},
		{"report", "neraca", "--format", "json"},
		{"report", "hasil-usaha", "--format", "csv"},
		{"report", "arus-kas", "--format", "json"},
		{"report", "trial-balance", "--format", "csv"},
		{"report", "portfolio", "--format", "json"},
		{"report", "collectibility", "--format", "csv"},
		{"report", "shu-members", "--year", "2025", "--format", "csv"},
		{"report", "kesehatan", "--year", "2025", "--format", "json"},
		{"report", "kepatuhan", "--format", "csv"},
		{"loans", "list"},
		{"audit", "verify", "--json"},
		{"projections", "rebuild"},
		{"report", "balances", "--as-of", "2026-01-31", "--json"},
	}
	outputs := map[string][]result{}
	for name, s := range stores {
		for _, args := range session {
			r := lumbungOn(t, s[0], s[1], args...)
			r.stdout = strings.ReplaceAll(r.stdout, s[0], "STORE")
			r.stdout = timing.ReplaceAllString(r.stdout, "")
			r.stdout = passwords.ReplaceAllString(r.stdout, "$1PASSWORD")
			outputs[name] = append(outputs[name], r)
		}
	}
	for i, args := range session {
		a, b := outputs["sqlite"][i], outputs["esdb"][i]
		assert.Equal(t, a.code, b.code, "%v: exit codes\nsqlite: %s\nesdb: %s", args, a.stderr, b.stderr)
		assert.Equal(t, a.stdout, b.stdout, "%v", args)
		assert.Equal(t, a.stderr, b.stderr, "%v", args)
	}
	require.Equal(t, 1, outputs["esdb"][2].code, "the over-withdrawal is refused on the server too")
}

// A ledger migrated from SQLite to a server and back verifies on both
// (hash chains and seals), gives the same reports, and a migration run
// again copies nothing twice.
func TestMigrateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	server := esdbtest.Start(t)
	src := "sqlite:" + filepath.Join(dir, "asal.db")
	back := "sqlite:" + filepath.Join(dir, "kembali.db")
	cache := filepath.Join(dir, "cache.db")
	ok(t, lumbungOn(t, src, "", "demo", "--members", "15", "--rows", "200"))
	ok(t, lumbungOn(t, src, "", "audit", "seal"))

	r := ok(t, lumbungOn(t, "sqlite:"+filepath.Join(dir, "x.db"), cache, "migrate", "--from", src, "--to", server.URL()))
	assert.Contains(t, r.stdout, "(0 sudah ada di sana)")
	assert.Contains(t, r.stdout, "Log utuh")
	assert.Contains(t, r.stdout, "1 segel cocok")
	r = ok(t, lumbungOn(t, "sqlite:"+filepath.Join(dir, "x.db"), cache, "migrate", "--from", src, "--to", server.URL()))
	assert.Contains(t, r.stdout, "0 peristiwa disalin", "run again, nothing is copied twice")
	r = ok(t, lumbungOn(t, "sqlite:"+filepath.Join(dir, "x.db"), cache, "migrate", "--from", server.URL(), "--to", back))
	assert.Contains(t, r.stdout, "Log utuh")

	for _, args := range [][]string{
		{"report", "balances", "--json"},
		{"report", "neraca", "--format", "csv"},
		{"audit", "verify", "--json"},
	} {
		want := ok(t, lumbungOn(t, src, "", args...)).stdout
		assert.Equal(t, want, ok(t, lumbungOn(t, server.URL(), cache, args...)).stdout, "%v on the server", args)
		assert.Equal(t, want, ok(t, lumbungOn(t, back, "", args...)).stdout, "%v back on SQLite", args)
	}

	r = lumbungOn(t, src, "", "migrate", "--from", src)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--to")
}

// session is a cooperative's day on a store that may hold others: it is
// registered, its members imported, and it records, refuses and reports.
func session(t *testing.T, coop, csv string) [][]string {
	t.Helper()
	c := []string{"--coop", coop}
	return [][]string{
		{"init", "--coop", coop, "--name", "Koperasi " + coop, "--pokok", "50000", "--wajib", "10000"},
		append(c, "import", csv),
		append(c, "import", csv),
		append(c, "savings", "deposit", "M0002", "--product", "sukarela", "--amount", "150000", "--ref", "KW-E2E-1", "--date", "2026-02-20"),
		append(c, "savings", "withdraw", "M0002", "--product", "sukarela", "--amount", "999999999", "--date", "2026-02-20"),
		append(c, "reverse", "KW-E2E-1", "--reason", "salah ketik", "--date", "2026-02-21"),
		append(c, "journal", "post", "--memo", "Beli ATK", "--ref", "JU-E2E-1", "--date", "2026-02-21", "--line", "5-3200:debit:75000", "--line", "1-1100:credit:75000"),
		append(c, "period", "close", "2026-01"),
		append(c, "journal", "post", "--memo", "Terlambat", "--ref", "JU-E2E-2", "--date", "2026-01-10", "--line", "5-3200:debit:1", "--line", "1-1100:credit:1"),
		append(c, "report", "balances", "--json"),
		append(c, "report", "passbook", "M0002", "--json"),
		append(c, "report", "neraca", "--format", "csv"),
		append(c, "report", "hasil-usaha", "--format", "json"),
		append(c, "report", "trial-balance", "--format", "csv"),
		append(c, "audit", "seal"),
		append(c, "audit", "proof", "M0002", "--json"),
	}
}

// sameSession runs a session on SQLite and on the server at url, and
// compares every exit code and every output.
func sameSession(t *testing.T, url, coop string) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "anggota.csv")
	var csv bytes.Buffer
	require.NoError(t, sample.Write(&csv, sample.Config{Members: 30, Rows: 400, Start: calendar.MustNew(2025, 1, 1), Days: 360, Pokok: 50_000, Wajib: 10_000, Seed: 5, RefPrefix: "KW-"}))
	require.NoError(t, os.WriteFile(csvPath, csv.Bytes(), 0o600))
	steps := session(t, coop, csvPath)
	run := func(store, cache string) []result {
		var out []result
		for _, args := range steps {
			r := lumbungOn(t, store, cache, args...)
			r.stdout = strings.ReplaceAll(r.stdout, store, "STORE")
			r.stderr = strings.ReplaceAll(r.stderr, store, "STORE")
			r.stdout = timing.ReplaceAllString(r.stdout, "")
			r.stdout = passwords.ReplaceAllString(r.stdout, "$1PASSWORD")
			out = append(out, r)
		}
		return out
	}
	want := run("sqlite:"+filepath.Join(dir, "l.db"), "")
	got := run(url, filepath.Join(dir, "cache.db"))
	for i, args := range steps {
		assert.Equal(t, want[i].code, got[i].code, "%v\nsqlite: %s\nserver: %s", args, want[i].stderr, got[i].stderr)
		// The import's summary says how long it took; a seal's root and
		// a proof's hashes cover event ids, which are random for events
		// recorded without a reference.
		if args[2] == "import" || args[2] == "audit" {
			continue
		}
		assert.Equal(t, want[i].stdout, got[i].stdout, "%v", args)
		assert.Equal(t, want[i].stderr, got[i].stderr, "%v", args)
	}
	assert.Equal(t, 1, got[4].code, "the over-withdrawal is refused")
	assert.Equal(t, 1, got[8].code, "the closed period is refused")
	assert.Contains(t, got[len(got)-1].stdout, `"verified": true`, "the member's passbook is proved in the server's seal")
}

// A cooperative's session on SQLite and on the protocol test server.
func TestASessionOnEventStoreDB(t *testing.T) {
	server := esdbtest.Start(t, esdbtest.WithSystemEvents())
	sameSession(t, server.URL(), "kdmp-sesi")
}

// With LUMBUNG_ESDB_URL set (make test-esdb), the same session against a
// real EventStoreDB/KurrentDB node, under a cooperative id of its own.
func TestASessionOnARealServer(t *testing.T) {
	url := os.Getenv("LUMBUNG_ESDB_URL")
	if url == "" {
		t.Skip("LUMBUNG_ESDB_URL is not set: no real server to test against")
	}
	sameSession(t, url, fmt.Sprintf("kdmp-uji-%d", time.Now().UnixNano()))
}
