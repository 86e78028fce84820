package auditpack_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auditpack"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/sample"
)

var (
	once    sync.Once
	pkg     []byte
	dbPath  string
	sealed  cooperative.Sealed
	public  ed25519.PublicKey
	seedErr error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "auditpack-test-")
	if err != nil {
		panic(err)
	}
	dbPath = filepath.Join(dir, "l.db")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// demo seeds the demo cooperative on 15 March 2026 (its 2025 closed and
// its SHU computed), registers the chair's key, seals the log, records
// one more deposit after the seal, and exports 2025.
func demo(t *testing.T) []byte {
	t.Helper()
	once.Do(func() { pkg, seedErr = seed(context.Background()) })
	require.NoError(t, seedErr)
	return pkg
}

func seed(ctx context.Context) ([]byte, error) {
	store, err := sqlite.Open(ctx, dbPath, sqlite.Options{})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	now := time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC)
	svc := app.New(store, app.Options{Clock: func() time.Time { return now }})
	d, err := sample.SeedDemo(ctx, svc, "bendahara", sample.DemoConfig{Members: 25, Rows: 400})
	if err != nil {
		return nil, err
	}
	chair := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	public = chair.Public().(ed25519.PublicKey)
	if _, err = svc.RegisterKey(ctx, "ketua", d.Coop, "RAT-2025", "ketua", public); err != nil {
		return nil, err
	}
	if sealed, err = svc.SealLog(ctx, "ketua", d.Coop, calendar.Date{}, func(msg []byte) ([]byte, []byte) {
		return public, ed25519.Sign(chair, msg)
	}); err != nil {
		return nil, err
	}
	if _, err := svc.Deposit(ctx, "bendahara", d.Coop, "M0002", savings.Sukarela, money.New(25_000), calendar.MustNew(2026, 3, 15), "SETELAH-SEGEL"); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := auditpack.Export(ctx, store, auditpack.ExportOptions{Coop: d.Coop, Year: 2025, Scratch: filepath.Dir(dbPath)}, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func check(t *testing.T, p []byte, opt auditpack.VerifyOptions) auditpack.Result {
	t.Helper()
	opt.Scratch = t.TempDir()
	r, err := auditpack.Verify(t.Context(), bytes.NewReader(p), int64(len(p)), opt)
	require.NoError(t, err)
	return r
}

// files reads a package's files.
func files(t *testing.T, p []byte) (names []string, bodies map[string][]byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(p), int64(len(p)))
	require.NoError(t, err)
	bodies = map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		names = append(names, f.Name)
		bodies[f.Name] = b
	}
	return names, bodies
}

// rewrite writes a package again with edit applied to its files (a nil
// result drops the file); with honest, the manifest's hashes are made to
// match the edited files, as a forger would.
func rewrite(t *testing.T, p []byte, honest bool, edit func(name string, body []byte) []byte) []byte {
	t.Helper()
	names, bodies := files(t, p)
	out := map[string][]byte{}
	var order []string
	for _, n := range names {
		if b := edit(n, bodies[n]); b != nil {
			out[n] = b
			order = append(order, n)
		}
	}
	if extra := edit("", nil); extra != nil {
		out["reports/catatan.txt"] = extra
		order = append(order, "reports/catatan.txt")
	}
	if honest {
		var m auditpack.Manifest
		require.NoError(t, json.Unmarshal(out[auditpack.ManifestFile], &m))
		for i, f := range m.Files {
			if b, ok := out[f.Name]; ok {
				sum := sha256.Sum256(b)
				m.Files[i].SHA256, m.Files[i].Bytes = hex.EncodeToString(sum[:]), int64(len(b))
			}
		}
		b, err := json.MarshalIndent(m, "", "  ")
		require.NoError(t, err)
		out[auditpack.ManifestFile] = b
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, n := range order {
		w, err := z.Create(n)
		require.NoError(t, err)
		_, err = w.Write(out[n])
		require.NoError(t, err)
	}
	require.NoError(t, z.Close())
	return buf.Bytes()
}

func kinds(r auditpack.Result) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.Kind+" "+p.File)
	}
	return out
}

// A package verifies offline: its events check against their seal, and
// every report derived again from them is the packaged one.
func TestPackageRoundTrip(t *testing.T) {
	p := demo(t)
	root := sealed.Root
	r := check(t, p, auditpack.VerifyOptions{Root: &root, Key: public})
	require.True(t, r.OK(), "%+v", r.Problems)
	m := r.Manifest
	assert.Equal(t, sample.DemoCoop, m.Coop)
	assert.Equal(t, 2025, m.Year)
	assert.True(t, m.SHU, "the demo computed 2025's SHU")
	assert.Equal(t, hex.EncodeToString(root[:]), m.Seal.Root)
	assert.Equal(t, "ketua", m.Seal.Role)
	assert.Equal(t, m.Events, r.Log.Events)
	assert.Equal(t, 1, r.Log.Seals)
	names, bodies := files(t, p)
	for _, want := range []string{"reports/neraca.json", "reports/neraca.csv", "reports/hasil-usaha.csv", "reports/arus-kas.json",
		"reports/ekuitas.csv", "reports/neraca-saldo.csv", "reports/pinjaman-portofolio.csv", "reports/pinjaman-kolektibilitas.json",
		"reports/simpanan-anggota.json", "reports/shu-anggota.csv", "reports/shu.json",
		"reports/kesehatan.json", "reports/pearls.csv", "reports/kepatuhan.json", "reports/kalender.csv", auditpack.SealFile, auditpack.ReadmeFile} {
		assert.Contains(t, names, want)
	}
	assert.Equal(t, 2+r.Reports-1, len(names)-1, "every file but the manifest and the events file was derived and compared")
	assert.Contains(t, string(bodies["reports/neraca.csv"]), "Kas")
	assert.Equal(t, auditpack.ManifestFile, names[len(names)-1])

	// The package ends at the seal: the deposit after it is not in it.
	lines := strings.Split(strings.TrimSpace(string(bodies[auditpack.EventsFile])), "\n")
	assert.Contains(t, lines[len(lines)-1], `"type":"Sealed"`)
	assert.Len(t, lines, m.Events)

	assert.NotContains(t, string(bodies[auditpack.EventsFile]), "SETELAH-SEGEL")

	// Exporting again gives the same bytes.
	store, err := sqlite.Open(t.Context(), dbPath, sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()
	var again bytes.Buffer
	_, err = auditpack.Export(t.Context(), store, auditpack.ExportOptions{Coop: sample.DemoCoop, Year: 2025, Scratch: t.TempDir()}, &again)
	require.NoError(t, err)
	assert.Equal(t, p, again.Bytes())
}

func mustFile(t *testing.T, p []byte, name string) []byte {
	t.Helper()
	_, bodies := files(t, p)
	b, ok := bodies[name]
	require.True(t, ok, name)
	return b
}

// Every alteration of a package is found and named.
func TestAlteredPackagesFail(t *testing.T) {
	p := demo(t)
	_, bodies := files(t, p)
	lines := strings.Split(strings.TrimSuffix(string(bodies[auditpack.EventsFile]), "\n"), "\n")
	joined := func(ls []string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }
	// A deposit's line, well before the seal.
	deposit := -1
	for i, l := range lines {
		if strings.Contains(l, `"type":"SavingsDeposited"`) && strings.Contains(l, `\"amount\":\"10000\"`) {
			deposit = i
			break
		}
	}
	require.GreaterOrEqual(t, deposit, 0)
	// The last event of a member's stream: dropping it leaves the chain
	// whole, and only the seal can tell.
	lastOf := map[string]int{}
	for i, l := range lines {
		var e struct{ Stream string }
		require.NoError(t, json.Unmarshal([]byte(l), &e))
		lastOf[e.Stream] = i
	}
	tail := lastOf[codec.MemberStream(sample.DemoCoop, "M0003")]
	require.NotZero(t, tail)
	other := "1a" + strings.Repeat("0", 62)
	cases := []struct {
		name   string
		honest bool
		edit   func(name string, body []byte) []byte
		opt    auditpack.VerifyOptions
		want   []string
		detail string
	}{
		{"a report's figure changed, manifest hash recomputed", true, func(n string, b []byte) []byte {
			if n == "reports/neraca.csv" {
				return bytes.Replace(b, []byte("Kas"), []byte("Kas tunai"), 1)
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"report_differs reports/neraca.csv"}, ""},
		{"a report changed, manifest left", false, func(n string, b []byte) []byte {
			if n == "reports/shu-anggota.json" {
				return bytes.Replace(b, []byte(`"`), []byte(`'`), 1)
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"altered_file reports/shu-anggota.json", "report_differs reports/shu-anggota.json"}, ""},
		{"an event's amount changed", true, func(n string, b []byte) []byte {
			if n == auditpack.EventsFile {
				ls := append([]string(nil), lines...)
				ls[deposit] = strings.Replace(ls[deposit], `\"amount\":\"10000\"`, `\"amount\":\"100000\"`, 1)
				return joined(ls)
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"log events.jsonl"}, "hash"},
		{"an event dropped", true, func(n string, b []byte) []byte {
			if n == auditpack.EventsFile {
				return joined(append(append([]string(nil), lines[:deposit]...), lines[deposit+1:]...))
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"log events.jsonl"}, ""},
		{"a stream's last event dropped", true, func(n string, b []byte) []byte {
			if n == auditpack.EventsFile {
				return joined(append(append([]string(nil), lines[:tail]...), lines[tail+1:]...))
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"log events.jsonl"}, "seal"},
		{"two events swapped", true, func(n string, b []byte) []byte {
			if n == auditpack.EventsFile {
				ls := append([]string(nil), lines...)
				ls[deposit], ls[deposit+1] = ls[deposit+1], ls[deposit]
				return joined(ls)
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"events events.jsonl"}, "order"},
		{"the seal cut off", true, func(n string, b []byte) []byte {
			if n == auditpack.EventsFile {
				return joined(lines[:len(lines)-1])
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"seal events.jsonl"}, ""},
		{"a report removed", false, func(n string, b []byte) []byte {
			if n == "reports/hasil-usaha.json" {
				return nil
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"missing_file reports/hasil-usaha.json"}, ""},
		{"a file added", false, func(n string, b []byte) []byte {
			if n == "" {
				return []byte("catatan")
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"extra_file reports/catatan.txt"}, ""},
		{"another seal expected", false, func(_ string, b []byte) []byte { return b },
			auditpack.VerifyOptions{Root: rootOf(other)}, []string{"seal "}, ""},
		{"another key expected", false, func(_ string, b []byte) []byte { return b },
			auditpack.VerifyOptions{Key: make(ed25519.PublicKey, ed25519.PublicKeySize)}, []string{"seal "}, ""},
		{"the manifest's cooperative name changed", false, func(n string, b []byte) []byte {
			if n == auditpack.ManifestFile {
				return bytes.Replace(b, []byte("Kedungwaringin"), []byte("Kedung"), 1)
			}
			return b
		}, auditpack.VerifyOptions{}, []string{"report_differs README.txt", "manifest manifest.json"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := check(t, rewrite(t, p, c.honest, c.edit), c.opt)
			require.False(t, r.OK())
			assert.Equal(t, c.want, kinds(r))
			if c.detail != "" {
				assert.Contains(t, r.Problems[0].Detail, c.detail)
			}
		})
	}

	r := check(t, []byte("not a zip"), auditpack.VerifyOptions{})
	assert.Equal(t, []string{"not_package "}, kinds(r))
}

func rootOf(h string) *[32]byte {
	var r [32]byte
	b, _ := hex.DecodeString(h)
	copy(r[:], b)
	return &r
}

// Without a seal dated after the year, there is nothing to export, and
// nothing is written.
func TestExportNeedsASeal(t *testing.T) {
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "l.db"), sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()
	now := time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC)
	svc := app.New(store, app.Options{Clock: func() time.Time { return now }})
	d, err := sample.SeedDemo(ctx, svc, "bendahara", sample.DemoConfig{Members: 25, Rows: 100})
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = auditpack.Export(ctx, store, auditpack.ExportOptions{Coop: d.Coop, Year: 2025}, &buf)
	require.ErrorIs(t, err, cooperative.ErrNoYearSeal)
	assert.Zero(t, buf.Len())
	_, err = auditpack.Export(ctx, store, auditpack.ExportOptions{Coop: "koperasi-lain", Year: 2025}, &buf)
	require.ErrorIs(t, err, eventstore.ErrStreamNotFound)
}
