package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// yearEndSetup returns a store whose 2025 is closed: two members with
// pokok and wajib, shop sales to both and to a non-member, and the SHU
// policy of domain.md §3.5 with jasa usaha on shop purchases.
func yearEndSetup(t *testing.T) string {
	t.Helper()
	db := setup(t) // M0001 Siti: pokok 50.000, wajib 20.000, sukarela 100.000
	ok(t, lumbung(t, db, "member", "admit", "M0002", "--name", "Budi Santoso", "--date", "2025-01-06", "--ref", "MASUK-2"))
	ok(t, lumbung(t, db, "savings", "deposit", "M0002", "--product", "wajib", "--amount", "60000", "--date", "2025-02-01", "--ref", "KW-3"))
	ok(t, lumbung(t, db, "sale", "record", "M0001", "--amount", "336000", "--cost", "300000", "--unit", "toko", "--date", "2025-03-01", "--ref", "TK-1"))
	ok(t, lumbung(t, db, "sale", "record", "M0002", "--amount", "123456", "--cost", "100000", "--unit", "toko", "--date", "2025-04-01", "--ref", "TK-2"))
	ok(t, lumbung(t, db, "sale", "record", "--non-member", "--amount", "50000", "--cost", "40000", "--unit", "toko", "--date", "2025-05-01", "--ref", "TK-3"))
	ok(t, lumbung(t, db, "shu", "policy", "set", "--default", "--pool", "cadangan:40", "--pool", "jasa-modal:15", "--pool", "jasa-usaha:25:patronage:toko:purchases",
		"--pool", "pengurus-pengawas:5", "--pool", "karyawan:5", "--pool", "pendidikan:5", "--pool", "sosial:2.5", "--pool", "pembangunan-daerah-kerja:2.5",
		"--from", "2025-01-01", "--decision", "AD-2024"))
	for m := 1; m <= 12; m++ {
		ok(t, lumbung(t, db, "period", "close", "2025-"+pad2(m)))
	}
	ok(t, lumbung(t, db, "year", "close", "2025"))
	return db
}

func pad2(m int) string {
	if m < 10 {
		return "0" + string(rune('0'+m))
	}
	return "1" + string(rune('0'+m-10))
}

// digestOf returns the digest `shu compute` printed.
func digestOf(t *testing.T, out string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if i := strings.LastIndex(l, ": "); i >= 0 && strings.Contains(l, "RAT") && len(l)-i-2 == 64 {
			return l[i+2:]
		}
	}
	t.Fatalf("no digest in %q", out)
	return ""
}

func TestYearEndThroughTheCommandLine(t *testing.T) {
	db := yearEndSetup(t)
	refuse := func(code int, args []string, say ...string) {
		t.Helper()
		before := fingerprint(t, db)
		r := lumbung(t, db, args...)
		assert.Equal(t, code, r.code, "%v: stdout %s stderr %s", args, r.stdout, r.stderr)
		for _, s := range say {
			assert.Contains(t, r.stderr, s, "%v", args)
		}
		assert.Equal(t, before, fingerprint(t, db), "%v wrote something", args)
	}
	refuse(2, []string{"shu", "policy", "set", "--pool", "cadangan:40", "--pool", "jasa-modal:20", "--decision", "X"}, "berjumlah 60 %", "bukan tepat 100 %")
	refuse(2, []string{"shu", "policy", "set", "--pool", "cadangan:empat-puluh", "--decision", "X"}, `"cadangan:empat-puluh"`, "persentase")
	refuse(2, []string{"shu", "policy", "set", "--default", "--rounding", "50", "--decision", "X"}, `"50"`, "1, 100 atau 1000")
	refuse(2, []string{"shu", "compute", "--year", "25"}, `"25"`)
	refuse(1, []string{"shu", "compute", "--year", "2026"}, "Tahun buku 2026 belum ditutup")
	refuse(1, []string{"sale", "record", "M0001", "--amount", "1000", "--unit", "toko", "--date", "2025-12-30"}, "Periode 2025-12 sudah ditutup")
	refuse(2, []string{"sale", "record", "M0001", "--non-member", "--amount", "1000", "--unit", "toko"})
	refuse(2, []string{"sale", "record", "M0001", "--amount", "1.000", "--unit", "toko"}, "--amount 1.000", "tanpa titik")
	refuse(2, []string{"sale", "record", "M0001", "--amount", "1000", "--unit", "apotek"}, `"apotek"`)
	refuse(1, []string{"shu", "distribute", "--year", "2025", "--decision", "RAT-2025/3"}, "SHU tahun 2025 belum dihitung")

	r := ok(t, lumbung(t, db, "shu", "compute", "--year", "2025"))
	assert.Contains(t, r.stdout, "dicatat sebagai rancangan")
	digest := digestOf(t, r.stdout)
	r = ok(t, lumbung(t, db, "shu", "compute", "--year", "2025"))
	assert.Contains(t, r.stdout, "tidak ada yang ditulis")

	refuse(1, []string{"shu", "distribute", "--year", "2025", "--decision", "RAT-2025/3"}, "Belum ada keputusan RAT")
	refuse(1, []string{"rat", "resolve", "--year", "2025", "--kind", "approve-shu", "--for", "2", "--shu", digest, "--decision", "RAT-2025/3"}, "RAT tahun buku 2025 belum diadakan")
	ok(t, lumbung(t, db, "rat", "convene", "--year", "2025", "--date", "2026-03-01"))
	refuse(1, []string{"rat", "resolve", "--year", "2025", "--kind", "approve-shu", "--for", "2", "--shu", digest, "--decision", "RAT-2025/3"}, "belum kuorum", "hadir 0 dari 2 anggota")
	refuse(1, []string{"rat", "attend", "--year", "2025", "X-9"}, "Bukan anggota pada tanggal itu")
	refuse(2, []string{"rat", "attend", "--year", "2025", "M0001", "--mode", "wakil"}, `"wakil"`)
	ok(t, lumbung(t, db, "rat", "attend", "--year", "2025", "M0001"))
	ok(t, lumbung(t, db, "rat", "attend", "--year", "2025", "M0002", "--mode", "proxy", "--by", "M0001"))
	refuse(2, []string{"rat", "resolve", "--year", "2025", "--kind", "approve-shu", "--for", "3", "--shu", digest, "--decision", "RAT-2025/3"}, "melebihi anggota yang hadir (2)")
	refuse(2, []string{"rat", "resolve", "--year", "2025", "--kind", "approve-shu", "--for", "2", "--shu", digest[:12], "--decision", "RAT-2025/3"}, digest)
	refuse(2, []string{"rat", "resolve", "--year", "2025", "--kind", "setuju", "--for", "2", "--decision", "RAT-2025/1"}, `"setuju"`)
	ok(t, lumbung(t, db, "rat", "resolve", "--year", "2025", "--kind", "approve-statements", "--for", "2", "--decision", "RAT-2025/1"))
	ok(t, lumbung(t, db, "rat", "resolve", "--year", "2025", "--kind", "approve-shu", "--for", "2", "--shu", digest, "--decision", "RAT-2025/3"))
	refuse(1, []string{"rat", "resolve", "--year", "2025", "--kind", "approve-shu", "--for", "2", "--shu", digest, "--decision", "RAT-2025/4"}, "sudah menyetujui")
	refuse(1, []string{"shu", "compute", "--year", "2025"}, "sudah menyetujui")

	r = ok(t, lumbung(t, db, "shu", "distribute", "--year", "2025", "--decision", "RAT-2025/3"))
	assert.Contains(t, r.stdout, "2 anggota")
	refuse(1, []string{"shu", "distribute", "--year", "2025", "--decision", "RAT-2025/3"}, "sudah dibagikan dan dibekukan")
	refuse(1, []string{"shu", "compute", "--year", "2025"}, "sudah dibagikan dan dibekukan")

	list := reportJSON(t, db, "shu-members", "--year", "2025")
	assert.Equal(t, "shu-members", list.Report)
	slip := ok(t, lumbung(t, db, "shu", "slip", "M0002", "--year", "2025", "--lang", "en"))
	assert.Contains(t, slip.stdout, "Credited to your voluntary savings")
	ok(t, lumbung(t, db, "rat", "show", "--year", "2025"))
	pack := filepath.Join(t.TempDir(), "rat.pdf")
	r = ok(t, lumbung(t, db, "report", "rat-pack", "--year", "2025", "--out", pack))
	data, err := os.ReadFile(pack)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "%PDF"))
	refuse(2, []string{"report", "rat-pack", "--year", "2025"}, "--out")
	r = ok(t, lumbung(t, db, "audit", "verify"))
	assert.Contains(t, r.stdout, "Log utuh")
	// The members' participation, kept from a snapshot and the events
	// after it, is what a rebuild from the first event gives.
	r = ok(t, lumbung(t, db, "projections", "rebuild"))
	assert.Contains(t, r.stdout, "participation")
	assert.Equal(t, 4, strings.Count(r.stdout, "identik"), r.stdout)
}

// FuzzParsePool: app.ParsePool never panics; what it refuses it refuses as
// the pool field with the value given; what it accepts names its key
// and a percentage that writes back as given.
func FuzzParsePool(f *testing.F) {
	for _, s := range []string{"cadangan:40", "jasa-modal:15", "jasa-usaha-toko:10:patronage:toko:purchases", "sosial:2.5:fund", ":", "a:b:c:d", "x:1e3", "x:-5", "x:12345678901234", "cadangan:40:reserve:extra"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pool, err := app.ParsePool(s)
		if err != nil {
			var in *input.Error
			if !errors.As(err, &in) || in.Field != "pool" || in.Value != s {
				t.Fatalf("ParsePool(%q) refused with %#v", s, err)
			}
			return
		}
		key, pct, _ := strings.Cut(s, ":")
		pct, _, _ = strings.Cut(pct, ":")
		if pool.Key != key || pool.Kind == "" {
			t.Fatalf("ParsePool(%q) = %+v", s, pool)
		}
		if d, err := decimal.NewFromString(pct); err != nil || !d.Equal(pool.Percent) {
			t.Fatalf("ParsePool(%q): percent %s from %q", s, pool.Percent, pct)
		}
	})
}
