package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

// now is the fixed instant of every CLI test: 1 March 2026, 16:00 in
// Jakarta.
func now() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

type result struct {
	code           int
	stdout, stderr string
}

// lumbung runs the CLI in process against the store at db.
func lumbung(t *testing.T, db string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	env := env{
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		getenv: func(key string) string {
			if key == "LUMBUNG_ACTOR" {
				return "bendahara"
			}
			return ""
		},
		now: now,
	}
	code := run(context.Background(), append([]string{"--store", "sqlite:" + db}, args...), env)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// fingerprint summarises every stored event: the count and a hash of all
// their bytes, so that a test can prove a refused command wrote nothing.
func fingerprint(t *testing.T, db string) string {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return "no store"
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db, sqlite.Options{ReadOnly: true})
	require.NoError(t, err)
	defer s.Close()
	h := sha256.New()
	n := 0
	for at := eventstore.Start; ; {
		page, err := s.ReadAll(ctx, at, eventstore.Forwards, 5000)
		require.NoError(t, err)
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			fmt.Fprintf(h, "%s|%d|%s|%s|%s|%s\n", e.Stream, e.Revision, e.ID, e.Type, e.Data, e.Metadata)
			n++
		}
		at = page[len(page)-1].Position
	}
	return fmt.Sprintf("%d events %x", n, h.Sum(nil))
}

// setup returns a store with a cooperative and one member holding pokok
// 50.000, wajib 20.000 and sukarela 100.000.
func setup(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "lumbung.db")
	ok(t, lumbung(t, db, "init", "--coop", "kdmp-test", "--name", "Koperasi Desa Test", "--pokok", "50000", "--wajib", "10000"))
	ok(t, lumbung(t, db, "member", "admit", "M0001", "--name", "Siti Rahayu", "--date", "2025-01-06", "--ref", "MASUK-1"))
	ok(t, lumbung(t, db, "savings", "deposit", "M0001", "--product", "wajib", "--amount", "20000", "--date", "2025-02-01", "--ref", "KW-1"))
	ok(t, lumbung(t, db, "savings", "deposit", "M0001", "--product", "sukarela", "--amount", "100000", "--date", "2025-02-01", "--ref", "KW-2"))
	return db
}

func ok(t *testing.T, r result) result {
	t.Helper()
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	return r
}

func TestRefusalsWriteNothing(t *testing.T) {
	db := setup(t)
	tests := []struct {
		name string
		args []string
		code int
		// say is in the message, in Indonesian.
		say []string
	}{
		{"zero amount", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "0"}, 2, []string{"--amount 0", "lebih dari nol"}},
		{"negative amount", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "-5000"}, 2, []string{"-5000", "negatif"}},
		{"fractional rupiah", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "12.5"}, 2, []string{"12.5", "kelipatan Rp 1"}},
		{"non-numeric", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "sepuluh ribu"}, 2, []string{`"sepuluh ribu"`, "angka"}},
		{"grouped digits", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "1.000.000"}, 2, []string{`"1.000.000"`}},
		{"a thousand written the Indonesian way", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "1.000"}, 2, []string{"--amount 1.000", "tanpa titik"}},
		{"absurdly large", []string{"savings", "deposit", "M0001", "--product", "sukarela", "--amount", "99999999999999999999"}, 2, []string{"melebihi batas", "Rp 10.000.000.000"}},
		{"malformed date", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000", "--date", "01/02/2025"}, 2, []string{`"01/02/2025"`, "YYYY-MM-DD"}},
		{"impossible date", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000", "--date", "2025-02-30"}, 2, []string{"2025-02-30", "tidak ada di kalender"}},
		{"future date", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000", "--date", "2026-03-02"}, 2, []string{"2026-03-02", "hari ini (2026-03-01)"}},
		{"before admission", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000", "--date", "2025-01-05"}, 2, []string{"sebelum 2025-01-06"}},
		{"unknown member", []string{"savings", "deposit", "M0099", "--product", "wajib", "--amount", "10000"}, 2, []string{`"M0099"`, "tidak terdaftar"}},
		{"unknown product", []string{"savings", "deposit", "M0001", "--product", "berjangka", "--amount", "10000"}, 2, []string{`"berjangka"`, "pokok, wajib atau sukarela"}},
		{"withdrawal beyond balance", []string{"savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "150000"}, 1, []string{"Rp 100.000", "diminta Rp 150.000"}},
		{"backdated withdrawal beyond the balance of that day", []string{"savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "1000", "--date", "2025-01-31"}, 1, []string{"Rp 0", "diminta Rp 1.000"}},
		{"withdraw pokok", []string{"savings", "withdraw", "M0001", "--product", "pokok", "--amount", "1000"}, 1, []string{"hanya dikembalikan saat keluar"}},
		{"withdraw wajib", []string{"savings", "withdraw", "M0001", "--product", "wajib", "--amount", "1000"}, 1, []string{"Simpanan wajib"}},
		{"second pokok", []string{"savings", "deposit", "M0001", "--product", "pokok", "--amount", "50000"}, 1, []string{"sudah membayar simpanan pokok", "Rp 50.000"}},
		{"duplicate ref with other content", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "30000", "--ref", "KW-1"}, 1, []string{`"KW-1"`, "sudah dipakai"}},
		{"admit twice", []string{"member", "admit", "M0001", "--name", "Siti R.", "--date", "2025-01-06"}, 1, []string{"sudah diterima"}},
		{"admit with a bad id", []string{"member", "admit", "M 1", "--name", "Budi"}, 2, []string{`"M 1"`, "nomor anggota"}},
		{"reverse unknown ref", []string{"reverse", "KW-404", "--reason", "salah"}, 2, []string{`"KW-404"`, "tidak ada transaksi"}},
		{"reverse an admission", []string{"reverse", "MASUK-1", "--reason", "salah"}, 1, []string{"tidak dapat dikoreksi"}},
		{"missing flag", []string{"savings", "deposit", "M0001", "--product", "wajib"}, 2, []string{"amount"}},
		{"unknown flag", []string{"savings", "deposit", "M0001", "--jumlah", "5"}, 2, []string{"jumlah"}},
		{"unknown cooperative", []string{"--coop", "kdmp-lain", "report", "balances"}, 2, []string{`"kdmp-lain"`, "lumbung init"}},
		{"unknown language", []string{"--lang", "jv", "report", "balances"}, 2, []string{`"jv"`}},
		{"init twice with other terms", []string{"init", "--coop", "kdmp-test", "--name", "Koperasi Lain"}, 1, []string{"sudah terdaftar"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fingerprint(t, db)
			r := lumbung(t, db, tt.args...)
			assert.Equal(t, tt.code, r.code, "stderr: %s", r.stderr)
			for _, s := range tt.say {
				assert.Contains(t, r.stderr, s)
			}
			assert.True(t, strings.HasPrefix(r.stderr, "galat: "), "errors are said in Indonesian by default: %s", r.stderr)
			assert.Empty(t, r.stdout)
			assert.Equal(t, before, fingerprint(t, db), "a refused command writes nothing")
		})
	}
}

func TestReversingMoneyAlreadyWithdrawnIsRefused(t *testing.T) {
	db := setup(t)
	ok(t, lumbung(t, db, "savings", "deposit", "M0001", "--product", "sukarela", "--amount", "5000", "--date", "2025-03-01", "--ref", "KW-3"))
	ok(t, lumbung(t, db, "savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "104000", "--date", "2025-03-02", "--ref", "TR-1"))
	before := fingerprint(t, db)
	r := lumbung(t, db, "reverse", "KW-3", "--reason", "salah ketik")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "dapat ditarik Rp 1.000")
	assert.Contains(t, r.stderr, "diminta Rp 5.000")
	assert.Equal(t, before, fingerprint(t, db))
}

func TestErrorsInEnglish(t *testing.T) {
	db := setup(t)
	before := fingerprint(t, db)
	r := lumbung(t, db, "--lang", "en", "savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "150000", "--date", "2025-02-02")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "error: The voluntary savings (sukarela) balance of member M0001 on 2025-02-02 is Rp 100,000 (available Rp 100,000); requested Rp 150,000. Nothing was recorded.\n", r.stderr)
	r = lumbung(t, db, "--lang", "en", "savings", "deposit", "M0001", "--product", "wajib", "--amount", "12.5")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "must be a whole multiple of Rp 1")
	assert.Equal(t, before, fingerprint(t, db))
}

func TestSavingsDayToDay(t *testing.T) {
	db := setup(t)
	r := ok(t, lumbung(t, db, "savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "40000", "--date", "2025-02-10", "--ref", "TR-1"))
	assert.Contains(t, r.stdout, "Penarikan simpanan sukarela Rp 40.000 anggota M0001 per 2025-02-10 tercatat (ref TR-1). Saldo simpanan sukarela: Rp 60.000.")

	// A resubmitted command writes nothing and says so.
	before := fingerprint(t, db)
	r = ok(t, lumbung(t, db, "savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "40000", "--date", "2025-02-10", "--ref", "TR-1"))
	assert.Contains(t, r.stdout, "sudah tercatat")
	assert.Equal(t, before, fingerprint(t, db))

	r = ok(t, lumbung(t, db, "reverse", "TR-1", "--reason", "penarikan batal"))
	assert.Contains(t, r.stdout, "Koreksi tercatat")
	r = lumbung(t, db, "reverse", "TR-1", "--reason", "lagi")
	assert.Equal(t, 1, r.code)

	r = ok(t, lumbung(t, db, "report", "balances", "--as-of", "2025-02-15", "--json"))
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	assert.Equal(t, map[string]any{
		"as_of": "2025-02-15",
		"members": []any{map[string]any{
			"member": "M0001", "pokok": "50000", "wajib": "20000", "sukarela": "100000",
		}},
		"totals": map[string]any{"pokok": "50000", "wajib": "20000", "sukarela": "100000"},
	}, got)

	r = ok(t, lumbung(t, db, "report", "balances", "--as-of", "2025-01-31", "--json"))
	assert.Contains(t, r.stdout, `"wajib": "0"`, "the wajib deposit of 1 February is not in the balance of 31 January")

	r = ok(t, lumbung(t, db, "report", "passbook", "M0001"))
	for _, line := range []string{"Buku tabungan M0001 - Siti Rahayu", "MASUK-1/pokok", "koreksi: penarikan batal", "pokok 50.000, wajib 20.000, sukarela 100.000"} {
		assert.Contains(t, r.stdout, line)
	}
	r = ok(t, lumbung(t, db, "member", "show", "M0001", "--json"))
	assert.Contains(t, r.stdout, `"total": "170000"`)
	r = ok(t, lumbung(t, db, "member", "list"))
	assert.Contains(t, r.stdout, "1 anggota, 1 aktif")

	r = ok(t, lumbung(t, db, "member", "exit", "M0001", "--date", "2025-12-31", "--reason", "pindah"))
	assert.Contains(t, r.stdout, "dibayarkan Rp 170.000")
	r = lumbung(t, db, "savings", "deposit", "M0001", "--product", "sukarela", "--amount", "1000")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "sudah keluar")
	r = ok(t, lumbung(t, db, "report", "balances", "--json"))
	assert.Contains(t, r.stdout, `"members": []`, "an exited member leaves the balances after the exit date")
}

func TestImport(t *testing.T) {
	db := setup(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	require.NoError(t, os.WriteFile(good, []byte(
		"date,member,kind,amount,ref,name\n"+
			"2025-01-10,M0002,join,0,IMP-1,Budi Santoso\n"+
			"2025-01-10,M0002,deposit_pokok,50000,IMP-2,\n"+
			"2025-02-10,M0002,deposit_sukarela,75000,IMP-3,\n"+
			"2025-02-11,M0002,withdraw_sukarela,25000,IMP-4,\n"), 0o600))
	r := ok(t, lumbung(t, db, "import", good))
	assert.Contains(t, r.stdout, "4 baris, 4 peristiwa ditulis")
	before := fingerprint(t, db)
	r = ok(t, lumbung(t, db, "import", good))
	assert.Contains(t, r.stdout, "0 peristiwa ditulis, 4 baris sudah tercatat")
	assert.Equal(t, before, fingerprint(t, db), "a second import of the same file writes nothing")

	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte(
		"date,member,kind,amount,ref,name\n"+
			"2025-03-01,M0002,deposit_wajib,10000,IMP-10,\n"+
			"2025-03-01,M0002,deposit_wajib,12.5,IMP-11,\n"+
			"2025-03-01,M0002,withdraw_sukarela,999000,IMP-12,\n"+
			"2025-03-01,M0002,loan_disburse,1000000,IMP-13,\n"), 0o600))
	r = lumbung(t, db, "import", bad)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "Impor ditolak: 3 baris bermasalah; tidak ada yang ditulis.")
	assert.Contains(t, r.stderr, "baris 3: amount 12.5")
	assert.Contains(t, r.stderr, "baris 4: Saldo simpanan sukarela anggota M0002")
	assert.Contains(t, r.stderr, "baris 5: baris pinjaman tidak menyebut produk")
	assert.Equal(t, before, fingerprint(t, db), "the good row before the bad ones is not written either")

	header := filepath.Join(dir, "header.csv")
	require.NoError(t, os.WriteFile(header, []byte("tanggal,anggota,jenis,jumlah,ref\n"), 0o600))
	r = lumbung(t, db, "import", header)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `Header salah pada kolom "tanggal"`)

	binary := filepath.Join(dir, "binary.csv")
	require.NoError(t, os.WriteFile(binary, []byte("date,member,kind,amount,ref\n2025-03-01,M0002,deposit_wajib,10000,\xff\xfe\n"), 0o600))
	r = lumbung(t, db, "import", binary)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "UTF-8")
	assert.Equal(t, before, fingerprint(t, db))
}

func TestAuditVerifyDetectsAChangedByte(t *testing.T) {
	db := setup(t)
	r := ok(t, lumbung(t, db, "audit", "verify"))
	assert.Contains(t, r.stdout, "Log utuh: 8 peristiwa dalam 3 aliran")

	// Someone edits the file directly: the append-only triggers must be
	// dropped first, and the hash chain still tells.
	raw, err := sql.Open("sqlite", "file:"+db)
	require.NoError(t, err)
	_, err = raw.Exec("DROP TRIGGER events_append_only_update")
	require.NoError(t, err)
	res, err := raw.Exec(`UPDATE events SET data = CAST(replace(CAST(data AS TEXT), '"100000"', '"900000"') AS BLOB) WHERE CAST(data AS TEXT) LIKE '%"100000"%'`)
	require.NoError(t, err)
	n, _ := res.RowsAffected()
	require.Equal(t, int64(1), n)
	require.NoError(t, raw.Close())

	r = lumbung(t, db, "audit", "verify", "--json")
	assert.Equal(t, 3, r.code)
	var report struct {
		OK    bool `json:"ok"`
		Break struct {
			Stream   string `json:"stream"`
			Revision int    `json:"revision"`
			EventID  string `json:"event_id"`
			Problem  string `json:"problem"`
		} `json:"break"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))
	assert.False(t, report.OK)
	assert.Equal(t, "member-kdmp-test.M0001", report.Break.Stream)
	assert.Equal(t, 3, report.Break.Revision)
	assert.Contains(t, report.Break.Problem, "hash does not match")

	// Commands on the altered stream refuse to build on it.
	r = lumbung(t, db, "savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000")
	assert.Equal(t, 3, r.code)
	assert.Contains(t, r.stderr, "Rantai hash rusak")
}

func TestBackupIsAVerifiedCopy(t *testing.T) {
	db := setup(t)
	out := filepath.Join(t.TempDir(), "cadangan.db")
	r := ok(t, lumbung(t, db, "backup", "--out", out))
	assert.Contains(t, r.stdout, "8 peristiwa dalam 3 aliran")
	assert.Equal(t, fingerprint(t, db), fingerprint(t, out), "the copy holds the same events")
	r = ok(t, lumbung(t, out, "report", "balances", "--json"))
	assert.Contains(t, r.stdout, `"sukarela": "100000"`, "restoring is opening the copy")
	r = lumbung(t, db, "backup", "--out", out)
	assert.Equal(t, 2, r.code, "an existing file is never overwritten")
}

func TestProjectionsRebuildIsIdentical(t *testing.T) {
	db := setup(t)
	ok(t, lumbung(t, db, "report", "balances"))
	ok(t, lumbung(t, db, "savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000", "--date", "2025-03-01"))
	r := ok(t, lumbung(t, db, "projections", "rebuild"))
	assert.Contains(t, r.stdout, "identik")
}

func TestStoreErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "salah-ketik.db")
	for _, args := range [][]string{{"report", "balances"}, {"audit", "verify"}, {"savings", "deposit", "M1", "--product", "wajib", "--amount", "1000"}, {"backup", "--out", filepath.Join(dir, "b.db")}} {
		r := lumbung(t, missing, args...)
		assert.Equal(t, 3, r.code, "%v", args)
		assert.Contains(t, r.stderr, "belum ada", "%v", args)
		assert.NoFileExists(t, missing, "a mistyped --store never becomes a new, empty ledger")
	}
	r := lumbung(t, missing, "init", "--coop", "Bukan ID", "--name", "Koperasi")
	assert.Equal(t, 2, r.code)
	assert.NoFileExists(t, missing, "init validates before it creates the store")

	notStore := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notStore, bytes.Repeat([]byte("catatan kas\n"), 500), 0o600))
	r = lumbung(t, notStore, "report", "balances")
	assert.Equal(t, 3, r.code)

	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--store", "esdb://127.0.0.1:2113?tls=false", "report", "balances"}, env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, now: now})
	assert.Equal(t, 3, code)
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	r := ok(t, lumbung(t, db, "demo", "--members", "20", "--rows", "300"))
	assert.Contains(t, r.stdout, "Koperasi Desa Merah Putih Kedungwaringin")
	assert.Contains(t, r.stdout, "20 anggota (19 aktif)")
	ok(t, lumbung(t, db, "audit", "verify"))
	r = lumbung(t, db, "demo")
	assert.Equal(t, 1, r.code, "the demo refuses a store in use")
}
