package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
)

// timing is how long a rebuild took, which differs from run to run.
var timing = regexp.MustCompile(` dalam [0-9.]+ detik \([0-9]+ peristiwa/detik\)`)

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
