package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSealsThroughTheCommandLine(t *testing.T) {
	db := setup(t)
	dir := t.TempDir()
	r := lumbung(t, db, "audit", "proof", "M0001")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "belum pernah disegel")

	r = ok(t, lumbung(t, db, "audit", "seal"))
	assert.Contains(t, r.stdout, "tanpa tanda tangan")
	key := filepath.Join(dir, "ketua.key")
	r = ok(t, lumbung(t, db, "keys", "generate", "--out", key))
	public := regexp.MustCompile(`[0-9a-f]{64}`).FindString(r.stdout)
	require.NotEmpty(t, public)
	info, err := os.Stat(key)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the private key is its owner's only")
	r = lumbung(t, db, "keys", "generate", "--out", key)
	assert.Equal(t, 2, r.code, "a key file is never overwritten")
	other := filepath.Join(dir, "lain.key")
	ok(t, lumbung(t, db, "keys", "generate", "--out", other))

	before := fingerprint(t, db)
	r = lumbung(t, db, "keys", "register", "--public-key", "abc", "--decision", "RAPAT-1")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "64 digit heksadesimal")
	assert.Equal(t, before, fingerprint(t, db))
	ok(t, lumbung(t, db, "keys", "register", "--public-key", public, "--decision", "RAPAT-1"))

	for _, c := range []struct {
		args []string
		say  string
	}{
		{[]string{"audit", "seal"}, "harus ditandatangani"},
		{[]string{"audit", "seal", "--key", other}, "bukan kunci terdaftar"},
	} {
		before := fingerprint(t, db)
		r := lumbung(t, db, c.args...)
		assert.Equal(t, 1, r.code, "%v", c.args)
		assert.Contains(t, r.stderr, c.say)
		assert.Equal(t, before, fingerprint(t, db), "%v wrote something", c.args)
	}
	r = lumbung(t, db, "audit", "seal", "--key", filepath.Join(dir, "tidak-ada.key"))
	assert.Equal(t, 2, r.code)
	r = ok(t, lumbung(t, db, "audit", "seal", "--key", key))
	assert.Contains(t, r.stdout, "ditandatangani")

	r = ok(t, lumbung(t, db, "audit", "verify", "--json"))
	var v struct {
		OK       bool `json:"ok"`
		Seals    int  `json:"seals"`
		LastSeal struct {
			Root   string `json:"root"`
			Signed bool   `json:"signed"`
		} `json:"last_seal"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
	assert.True(t, v.OK)
	assert.Equal(t, 2, v.Seals)
	assert.True(t, v.LastSeal.Signed)

	// The root printed in the RAT book, and the chair's key: the log still
	// holds that seal; a root it does not hold is a log cut short.
	ok(t, lumbung(t, db, "audit", "verify", "--root", v.LastSeal.Root, "--key", public))
	r = lumbung(t, db, "audit", "verify", "--root", strings.Repeat("0", 64))
	assert.Equal(t, 3, r.code)
	assert.Contains(t, r.stdout, "cut short")
	r = lumbung(t, db, "audit", "verify", "--root", v.LastSeal.Root, "--key", strings.Repeat("ab", 32))
	assert.Equal(t, 3, r.code)
	r = ok(t, lumbung(t, db, "audit", "proof", "M0001", "--json"))
	var p struct {
		Root     string `json:"root"`
		Stream   string `json:"stream"`
		Verified bool   `json:"verified"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &p))
	assert.Equal(t, v.LastSeal.Root, p.Root)
	assert.Equal(t, "member-kdmp-test.M0001", p.Stream)
	assert.True(t, p.Verified)
}
