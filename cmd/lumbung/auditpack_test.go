package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The auditor's package from the command line: refused without a seal,
// written after one, checked with no store, and failed once altered.
func TestAuditPackageThroughTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	ok(t, lumbung(t, db, "demo", "--members", "20", "--rows", "300"))
	pkg := filepath.Join(dir, "audit-2025.zip")

	before := fingerprint(t, db)
	for _, c := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"audit", "export", "--year", "2025", "--out", pkg}, 1, "lumbung audit seal"},
		{[]string{"audit", "export", "--year", "dua ribu", "--out", pkg}, 2, `"dua ribu"`},
		{[]string{"audit", "export", "--year", "2025"}, 2, "--out"},
		{[]string{"audit", "export", "--year", "2025", "--out", pkg, "--seal", "abc"}, 2, "64 digit heksadesimal"},
	} {
		r := lumbung(t, db, c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.say, "%v", c.args)
		assert.NoFileExists(t, pkg)
	}
	assert.Equal(t, before, fingerprint(t, db), "a refused export writes nothing")

	r := ok(t, lumbung(t, db, "audit", "seal"))
	root := regexp.MustCompile(`[0-9a-f]{64}`).FindString(r.stdout)
	require.NotEmpty(t, root)
	before = fingerprint(t, db)
	r = ok(t, lumbung(t, db, "audit", "export", "--year", "2025", "--out", pkg))
	assert.Contains(t, r.stdout, "--root "+root)
	assert.Equal(t, before, fingerprint(t, db), "an export writes nothing to the ledger")
	r = lumbung(t, db, "audit", "export", "--year", "2025", "--out", pkg)
	assert.Equal(t, 2, r.code, "a package is never overwritten")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), ".lumbung-export-"), "no temporary file is left behind")
	}

	// Checked with no store at all: the --store flag points nowhere.
	nowhere := filepath.Join(dir, "tidak-ada.db")
	r = ok(t, lumbung(t, nowhere, "audit", "verify", "--package", pkg, "--root", root))
	assert.Contains(t, r.stdout, "Paket audit utuh")
	assert.NoFileExists(t, nowhere, "checking a package opens no store")
	r = ok(t, lumbung(t, nowhere, "audit", "verify", "--package", pkg, "--json"))
	var v struct {
		OK       bool `json:"ok"`
		Reports  int  `json:"reports_compared"`
		Problems []struct {
			Kind string `json:"kind"`
			File string `json:"file"`
		} `json:"problems"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
	assert.True(t, v.OK)
	assert.Greater(t, v.Reports, 20)

	r = lumbung(t, nowhere, "audit", "verify", "--package", pkg, "--root", strings.Repeat("ab", 32))
	assert.Equal(t, 3, r.code)
	assert.Contains(t, r.stdout, "segel paket bukan yang diharapkan")

	// A member's passbook proved in the seal from the package alone: the
	// same proof as from the ledger.
	var fromPackage, fromLedger struct {
		Root     string `json:"root"`
		Verified bool   `json:"verified"`
		Events   []struct {
			Prev, Hash string
		} `json:"events"`
		Path []struct{ Hash string } `json:"path"`
	}
	r = ok(t, lumbung(t, nowhere, "audit", "proof", "M0003", "--package", pkg, "--root", root, "--json"))
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &fromPackage))
	r = ok(t, lumbung(t, db, "audit", "proof", "M0003", "--json"))
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &fromLedger))
	assert.True(t, fromPackage.Verified)
	assert.Equal(t, root, fromPackage.Root)
	assert.Equal(t, fromLedger, fromPackage)
	require.Greater(t, len(fromPackage.Events), 1)
	assert.Equal(t, fromPackage.Events[0].Hash, fromPackage.Events[1].Prev)
	r = ok(t, lumbung(t, nowhere, "audit", "proof", "M0003", "--package", pkg))
	assert.Contains(t, r.stdout, "Bukti sah")

	// A figure of the SHU list changed: the manifest and the events both
	// tell.
	altered := filepath.Join(dir, "diubah.zip")
	copyPackage(t, pkg, altered, func(name string, body []byte) []byte {
		if name == "reports/shu-anggota.csv" {
			return []byte(strings.Replace(string(body), ",", ";", 1))
		}
		return body
	})
	r = lumbung(t, nowhere, "--lang", "en", "audit", "verify", "--package", altered)
	assert.Equal(t, 3, r.code)
	assert.Contains(t, r.stdout, "NOT intact")
	assert.Contains(t, r.stdout, "reports/shu-anggota.csv line 1: the report differs from what the events give")
	assert.Contains(t, r.stdout, "reports/shu-anggota.csv: altered")
	r = lumbung(t, nowhere, "audit", "proof", "M0003", "--package", altered)
	assert.Equal(t, 3, r.code, "no proof from an altered package")
	assert.NotContains(t, r.stdout, "Bukti sah")

	r = lumbung(t, nowhere, "audit", "verify", "--package", filepath.Join(dir, "tidak-ada.zip"))
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "lumbung audit export")
}

// copyPackage writes the package at from to to with edit applied to
// every file's body.
func copyPackage(t *testing.T, from, to string, edit func(name string, body []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(from)
	require.NoError(t, err)
	defer zr.Close()
	f, err := os.Create(to)
	require.NoError(t, err)
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		require.NoError(t, err)
		body, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		w, err := zw.Create(zf.Name)
		require.NoError(t, err)
		_, err = w.Write(edit(zf.Name, body))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
}
