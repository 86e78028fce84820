package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lumbung-ledger/lumbung/domain/money"
)

// statementJSON decodes `report ... --format json` generically, so that
// the test sees the types the JSON really has.
type statementJSON struct {
	Report  string           `json:"report"`
	Columns []map[string]any `json:"columns"`
	Lines   []map[string]any `json:"lines"`
}

// reportJSON runs a report with --format json and checks the contract:
// every amount is a string holding a canonical decimal, one per column,
// and headings have an empty list, never null.
func reportJSON(t *testing.T, db string, args ...string) statementJSON {
	t.Helper()
	r := ok(t, lumbung(t, db, append(append([]string{"report"}, args...), "--format", "json")...))
	var st statementJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st), r.stdout)
	require.NotEmpty(t, st.Lines, "%v", args)
	for _, l := range st.Lines {
		values, isList := l["values"].([]any)
		require.True(t, isList, "%v: line %v: values is %T, not a list", args, l["key"], l["values"])
		if l["style"] == "heading" {
			require.Empty(t, values, "%v: a heading has no figures", args)
			continue
		}
		require.Len(t, values, len(st.Columns), "%v: line %v", args, l["key"])
		for _, v := range values {
			s, isString := v.(string)
			require.True(t, isString, "%v: line %v: amount %v is a %T, not a string", args, l["key"], v, v)
			a, err := money.Parse(s)
			require.NoError(t, err, "%v: line %v: %q", args, l["key"], s)
			require.Equal(t, s, a.String(), "canonical form")
		}
	}
	return st
}

// figure returns the column-th figure of the line with key.
func figure(t *testing.T, st statementJSON, key string, column int) string {
	t.Helper()
	for _, l := range st.Lines {
		if l["key"] == key {
			return l["values"].([]any)[column].(string)
		}
	}
	t.Fatalf("%s has no line %q", st.Report, key)
	return ""
}

// hasKey reports whether the statement has a line with key.
func hasKey(st statementJSON, key string) bool {
	for _, l := range st.Lines {
		if l["key"] == key {
			return true
		}
	}
	return false
}

// booksSetup is setup's store with the first month closed, 50.000 of the
// 170.000 in kas banked, and an account opened and closed: kas holds
// 120.000 and the bank 50.000.
func booksSetup(t *testing.T) string {
	t.Helper()
	db := setup(t)
	ok(t, lumbung(t, db, "journal", "post", "--date", "2025-02-15", "--memo", "Setoran kas ke bank", "--ref", "JU-SETOR-1",
		"--line", "1-1200:debit:50000", "--line", "1-1100:credit:50000"))
	ok(t, lumbung(t, db, "period", "close", "2025-01"))
	ok(t, lumbung(t, db, "accounts", "add", "5-3700", "--name", "Beban transportasi", "--name-en", "Transport", "--class", "expense"))
	ok(t, lumbung(t, db, "accounts", "close", "5-3700", "--date", "2025-06-01"))
	return db
}

func TestBooksBankAccountTakesDeposits(t *testing.T) {
	db := setup(t)
	r := ok(t, lumbung(t, db, "accounts", "add", "1-1201", "--name", "Bank BRI (tabungan)", "--name-en", "BRI savings account", "--class", "asset", "--cash"))
	assert.Equal(t, "Akun 1-1201 Bank BRI (tabungan) ditambahkan ke bagan akun.\n", r.stdout)
	before := fingerprint(t, db)
	r = ok(t, lumbung(t, db, "accounts", "add", "1-1201", "--name", "Bank BRI (tabungan)", "--name-en", "BRI savings account", "--class", "asset", "--cash"))
	assert.Contains(t, r.stdout, "sudah ada")
	assert.Equal(t, before, fingerprint(t, db), "adding the same account again writes nothing")

	r = ok(t, lumbung(t, db, "--lang", "en", "accounts", "list"))
	assert.Regexp(t, `1-1201 +BRI savings account +asset +cash +operating`, r.stdout, "a cash account under current assets, operating by default")

	r = ok(t, lumbung(t, db, "savings", "deposit", "M0001", "--product", "sukarela", "--amount", "250000", "--date", "2025-03-03", "--ref", "KW-BRI-1", "--cash", "1-1201"))
	assert.Contains(t, r.stdout, "Saldo simpanan sukarela: Rp 350.000")

	n := reportJSON(t, db, "neraca", "--as-of", "2025-03-31", "--compare", "none")
	assert.Equal(t, "250000", figure(t, n, "account:1-1201", 0))
	assert.Equal(t, "170000", figure(t, n, "account:1-1100", 0), "kas is untouched")
	assert.Equal(t, "350000", figure(t, n, "account:2-1100", 0))
	assert.Equal(t, figure(t, n, "total_aset", 0), figure(t, n, "total_liabilitas_ekuitas", 0))
	assert.Equal(t, "420000", figure(t, n, "total_aset", 0))

	r = ok(t, lumbung(t, db, "report", "ledger", "1-1201", "--as-of", "2025-03-31", "--format", "csv"))
	assert.Contains(t, r.stdout, "KW-BRI-1")
	assert.Contains(t, r.stdout, ",250000,0,250000\n")

	// The bank account pays what it holds, and no more, whatever the
	// member's balance.
	before = fingerprint(t, db)
	r = lumbung(t, db, "savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "300000", "--cash", "1-1201")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, "galat: Akun 1-1201 (Bank BRI (tabungan)) hanya memiliki Rp 250.000 yang tersedia mulai 2026-03-01 (saldo terendahnya sejak tanggal itu); pembayaran ini memerlukan Rp 300.000. Tidak ada yang dicatat.\n", r.stderr)
	assert.Equal(t, before, fingerprint(t, db))
	ok(t, lumbung(t, db, "savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "250000", "--cash", "1-1201", "--ref", "TR-BRI-1"))
	n = reportJSON(t, db, "neraca", "--compare", "none")
	assert.False(t, hasKey(n, "account:1-1201"), "an emptied account leaves the neraca")
	assert.Equal(t, "170000", figure(t, n, "total_aset", 0))

	// Pokok on admission and an exit's refund move through a chosen
	// account too.
	ok(t, lumbung(t, db, "member", "admit", "M0002", "--name", "Budi Santoso", "--date", "2025-04-01", "--ref", "MASUK-2", "--cash", "1-1201"))
	ok(t, lumbung(t, db, "member", "exit", "M0002", "--date", "2025-05-01", "--ref", "KELUAR-2", "--cash", "1-1201"))
	r = ok(t, lumbung(t, db, "report", "ledger", "1-1201", "--from", "2025-04-01", "--as-of", "2025-05-31", "--format", "csv"))
	assert.Contains(t, r.stdout, "MASUK-2/pokok")
	assert.Contains(t, r.stdout, "KELUAR-2")
}

func TestBooksRefusalsWriteNothing(t *testing.T) {
	db := booksSetup(t)
	tests := []struct {
		name string
		args []string
		code int
		say  []string
	}{
		{"unbalanced journal", []string{"journal", "post", "--date", "2025-03-01", "--memo", "Gaji Maret", "--line", "5-3100:debit:300000", "--line", "1-1100:credit:250000"},
			1, []string{"Jurnal tidak seimbang", "debit Rp 300.000", "kredit Rp 250.000", "selisih Rp 50.000"}},
		{"journal in a closed period", []string{"journal", "post", "--date", "2025-01-20", "--memo", "Honor Januari", "--line", "5-3100:debit:10000", "--line", "1-1100:credit:10000"},
			1, []string{"Periode 2025-01 sudah ditutup", "bertanggal 2025-01-20", "lumbung period reopen 2025-01 --decision REF"}},
		{"deposit in a closed period", []string{"savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000", "--date", "2025-01-31"},
			1, []string{"Periode 2025-01 sudah ditutup"}},
		{"posting to a closed account", []string{"journal", "post", "--date", "2025-06-15", "--memo", "Ongkos angkut", "--line", "5-3700:debit:10000", "--line", "1-1100:credit:10000"},
			1, []string{"Akun 5-3700 (Beban transportasi) ditutup pada 2025-06-01", "tanggal 2025-06-15"}},
		{"journal paying out more than kas holds", []string{"journal", "post", "--date", "2025-03-01", "--memo", "Gaji Maret", "--line", "5-3100:debit:500000", "--line", "1-1100:credit:500000"},
			1, []string{"Akun 1-1100 (Kas) hanya memiliki Rp 120.000", "memerlukan Rp 500.000"}},
		{"withdrawal beyond the bank's cash", []string{"savings", "withdraw", "M0001", "--product", "sukarela", "--amount", "60000", "--cash", "1-1200"},
			1, []string{"Akun 1-1200 (Bank (giro/tabungan)) hanya memiliki Rp 50.000", "memerlukan Rp 60.000"}},
		{"exit refund beyond kas", []string{"member", "exit", "M0001", "--reason", "pindah"},
			1, []string{"Akun 1-1100 (Kas) hanya memiliki Rp 120.000", "memerlukan Rp 170.000"}},
		{"deposit through an account that is not cash", []string{"savings", "deposit", "M0001", "--product", "sukarela", "--amount", "10000", "--cash", "1-1900"},
			2, []string{"1-1900", "akun kas atau bank"}},
		{"journal ref reused with other content", []string{"journal", "post", "--date", "2025-02-15", "--memo", "Setoran kas ke bank", "--ref", "JU-SETOR-1", "--line", "1-1200:debit:60000", "--line", "1-1100:credit:60000"},
			1, []string{`"JU-SETOR-1" sudah dipakai`}},
		{"malformed --line", []string{"journal", "post", "--memo", "Gaji", "--line", "5-3100:debet", "--line", "1-1100:credit:1000"},
			2, []string{`"5-3100:debet"`, "AKUN:debit:JUMLAH"}},
		{"--line with a grouped amount", []string{"journal", "post", "--memo", "Gaji", "--line", "5-3100:debit:1.000.000", "--line", "1-1100:credit:1000000"},
			2, []string{"1.000.000"}},
		{"journal of one side only", []string{"journal", "post", "--memo", "Gaji", "--line", "5-3100:debit:1000"},
			2, []string{"paling sedikit satu baris debit dan satu baris kredit"}},
		{"journal to a heading", []string{"journal", "post", "--memo", "Gaji", "--line", "5-3:debit:1000", "--line", "1-1100:credit:1000"},
			2, []string{`"5-3"`, "akun induk"}},
		{"journal to an unknown account", []string{"journal", "post", "--memo", "Gaji", "--line", "5-3999:debit:1000", "--line", "1-1100:credit:1000"},
			2, []string{`"5-3999"`, "tidak ada akun dengan kode ini"}},
		{"journal dated tomorrow", []string{"journal", "post", "--date", "2026-03-02", "--memo", "Gaji", "--line", "5-3100:debit:1000", "--line", "1-1100:credit:1000"},
			2, []string{"2026-03-02", "hari ini (2026-03-01)"}},
		{"journal with an unknown party", []string{"journal", "post", "--memo", "Jual", "--party", "anggota", "--line", "1-1100:debit:1000", "--line", "4-3100:credit:1000"},
			2, []string{`"anggota"`, "member, non-member atau other-coop"}},
		{"journal with an unknown unit", []string{"journal", "post", "--memo", "Jual", "--unit", "klinik", "--line", "1-1100:debit:1000", "--line", "4-3100:credit:1000"},
			2, []string{`"klinik"`, "tidak ada unit usaha"}},
		{"unknown --format", []string{"report", "neraca", "--format", "docx"},
			2, []string{`"docx"`, "table, json, csv, xlsx atau pdf"}},
		{"unknown --unit on a report", []string{"report", "hasil-usaha", "--unit", "klinik"},
			2, []string{`"klinik"`, "tidak ada unit usaha dengan kode ini"}},
		{"malformed --as-of", []string{"report", "trial-balance", "--as-of", "31-12-2025"},
			2, []string{`"31-12-2025"`, "YYYY-MM-DD"}},
		{"ledger of a heading", []string{"report", "ledger", "1-1"},
			2, []string{`"1-1"`, "akun induk"}},
		{"period reopen without --decision", []string{"period", "reopen", "2025-01"},
			2, []string{"--decision"}},
		{"period close of a month not ended", []string{"period", "close", "2026-03"},
			2, []string{"2026-03-31", "sebelum hari ini"}},
		{"malformed month", []string{"period", "close", "2025-13"},
			2, []string{`"2025-13"`, "YYYY-MM"}},
		{"year close with open months", []string{"year", "close", "2025"},
			1, []string{"Tahun buku 2025 belum dapat ditutup: 11 bulan masih terbuka (2025-02, 2025-03", "2025-12)"}},
		{"year close of a year not ended", []string{"year", "close", "2026"},
			1, []string{"Tahun buku 2026 belum berakhir", "2026-12-31"}},
		{"account close with a balance", []string{"accounts", "close", "1-1200"},
			1, []string{"Akun 1-1200 masih bersaldo Rp 50.000"}},
		{"account close of a posting rule's account", []string{"accounts", "close", "2-1100"},
			1, []string{"Akun 2-1100", "peran sukarela"}},
		{"account add with a code outside its heading", []string{"accounts", "add", "5-3800", "--name", "Beban lain", "--class", "revenue", "--group", "4-9"},
			2, []string{`"5-3800"`, "diawali kode akun induknya, 4-9"}},
		{"account add of a cash liability", []string{"accounts", "add", "2-1900", "--name", "Kas titipan", "--class", "liability", "--cash"},
			2, []string{"akun kas atau bank harus akun aset"}},
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
	// The log is intact after all of it.
	r := ok(t, lumbung(t, db, "audit", "verify"))
	assert.Contains(t, r.stdout, "Log utuh")
}

func TestBooksRefusalsInEnglish(t *testing.T) {
	db := booksSetup(t)
	before := fingerprint(t, db)
	r := lumbung(t, db, "--lang", "en", "journal", "post", "--date", "2025-03-01", "--memo", "March wages", "--line", "5-3100:debit:300000", "--line", "1-1100:credit:250000")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "error: The entry does not balance: debits total Rp 300,000, credits total Rp 250,000, a difference of Rp 50,000. Nothing was recorded.\n", r.stderr)
	r = lumbung(t, db, "--lang", "en", "journal", "post", "--date", "2025-01-20", "--memo", "January fee", "--line", "5-3100:debit:10000", "--line", "1-1100:credit:10000")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "error: Period 2025-01 is closed; a transaction dated 2025-01-20 cannot be recorded. Date it in an open period, or reopen the period by a decision: \"lumbung period reopen 2025-01 --decision REF\".\n", r.stderr)
	r = lumbung(t, db, "--lang", "en", "year", "close", "2025")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "error: Financial year 2025 cannot be closed yet: 11 months are still open (2025-02,")
	r = lumbung(t, db, "--lang", "en", "report", "neraca", "--format", "docx")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "expected table, json, csv, xlsx or pdf")
	assert.Equal(t, before, fingerprint(t, db))
}

// TestBooksJournalAmountsFollowThePolicy: the cooperative keeps rupiah
// without cents and bounds every amount (policy: Places 0, MaxAmount
// 10.000.000.000); savings refuse 12.5 and 99999999999999999999 with exit
// 2, and so must the general journal, whose amounts are no less money.
func TestBooksJournalAmountsFollowThePolicy(t *testing.T) {
	db := booksSetup(t)
	for _, amount := range []string{"12.5", "99999999999999999999"} {
		t.Run(amount, func(t *testing.T) {
			before := fingerprint(t, db)
			r := lumbung(t, db, "journal", "post", "--date", "2025-03-01", "--memo", "Hibah", "--ref", "JU-AMOUNT-"+amount,
				"--line", "1-1200:debit:"+amount, "--line", "3-3100:credit:"+amount)
			assert.Equal(t, 2, r.code, "stdout: %s stderr: %s", r.stdout, r.stderr)
			assert.Equal(t, before, fingerprint(t, db), "an amount the policy refuses is not recorded")
		})
	}
}

func TestBooksReportsAreJSONWithStringAmounts(t *testing.T) {
	db := booksSetup(t)
	ok(t, lumbung(t, db, "journal", "post", "--date", "2025-03-10", "--memo", "Penjualan sembako", "--unit", "toko", "--party", "non-member", "--ref", "JU-JUAL-1",
		"--line", "1-1100:debit:80000", "--line", "4-3100:credit:80000"))
	ok(t, lumbung(t, db, "journal", "post", "--date", "2025-03-31", "--memo", "Honor pengelola", "--ref", "JU-HONOR-1",
		"--line", "5-3100:debit:30000", "--line", "1-1100:credit:30000"))
	for _, kind := range []string{"trial-balance", "neraca", "hasil-usaha", "ekuitas", "arus-kas"} {
		st := reportJSON(t, db, kind, "--as-of", "2025-12-31")
		assert.Equal(t, kind, st.Report)
		for _, c := range st.Columns {
			assert.IsType(t, "", c["to"])
		}
	}
	n := reportJSON(t, db, "neraca", "--as-of", "2025-12-31")
	assert.Equal(t, figure(t, n, "total_aset", 0), figure(t, n, "total_liabilitas_ekuitas", 0))
	assert.Equal(t, "220000", figure(t, n, "total_aset", 0), "kas 170.000, bank 50.000")
	assert.Equal(t, "50000", figure(t, n, "shu_unclosed", 0))
	h := reportJSON(t, db, "hasil-usaha", "--as-of", "2025-12-31", "--compare", "none")
	assert.Equal(t, "50000", figure(t, h, "shu_setelah_pajak", 0))
	assert.Equal(t, "50000", figure(t, h, "shu_non_anggota", 0), "all revenue is from non-members")
	toko := reportJSON(t, db, "hasil-usaha", "--as-of", "2025-12-31", "--unit", "toko", "--compare", "none")
	assert.Equal(t, "80000", figure(t, toko, "shu_setelah_pajak", 0), "the honour is the office's")
	a := reportJSON(t, db, "arus-kas", "--as-of", "2025-12-31", "--compare", "none")
	assert.Equal(t, "220000", figure(t, a, "cash_closing", 0))
	l := reportJSON(t, db, "ledger", "1-1100", "--as-of", "2025-12-31")
	assert.Equal(t, "170000", figure(t, l, "closing", 2), "170.000 - 50.000 + 80.000 - 30.000")
}

func TestBooksReportFiles(t *testing.T) {
	db := booksSetup(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "neraca.xlsx")
	r := ok(t, lumbung(t, db, "report", "neraca", "--as-of", "2025-12-31", "--format", "xlsx", "--out", out))
	assert.Equal(t, fmt.Sprintf("Laporan ditulis ke %s.\n", out), r.stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(data, []byte("PK\x03\x04")), "a workbook is a zip file")
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("neraca", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	var total []string
	for _, row := range rows {
		for i, cell := range row {
			if cell == "JUMLAH ASET" {
				total = row[i+1:]
			}
		}
	}
	assert.Equal(t, []string{"170000", "0"}, total, "the total as a number, and the prior year end")

	// The same report again gives the same bytes.
	again := filepath.Join(dir, "neraca-2.xlsx")
	ok(t, lumbung(t, db, "report", "neraca", "--as-of", "2025-12-31", "--format", "xlsx", "--out", again))
	data2, err := os.ReadFile(again)
	require.NoError(t, err)
	assert.Equal(t, data, data2)

	// Without --out, the workbook goes to standard output when it is not a
	// terminal (here a buffer).
	r = ok(t, lumbung(t, db, "report", "trial-balance", "--format", "xlsx"))
	assert.True(t, strings.HasPrefix(r.stdout, "PK\x03\x04"))

	csvOut := filepath.Join(dir, "tb.csv")
	ok(t, lumbung(t, db, "report", "trial-balance", "--as-of", "2025-12-31", "--compare", "none", "--format", "csv", "--out", csvOut))
	data, err = os.ReadFile(csvOut)
	require.NoError(t, err)
	assert.Contains(t, string(data), "total,,Jumlah,170000,170000\n")

	r = lumbung(t, db, "report", "neraca", "--format", "xlsx", "--out", filepath.Join(dir, "no-such-dir", "neraca.xlsx"))
	assert.Equal(t, 2, r.code, r.stderr)
}

func TestBooksPeriodsAndYearClose(t *testing.T) {
	db := booksSetup(t)
	r := ok(t, lumbung(t, db, "period", "close", "2025-01"))
	assert.Contains(t, r.stdout, "sudah ditutup; tidak ada yang ditulis")
	for m := 2; m <= 12; m++ {
		ok(t, lumbung(t, db, "period", "close", fmt.Sprintf("2025-%02d", m)))
	}
	r = ok(t, lumbung(t, db, "year", "close", "2025"))
	assert.Equal(t, "Tahun buku 2025 ditutup per 2025-12-31: 0 baris jurnal penutup memindahkan pendapatan dan beban ke SHU tahun berjalan; SHU setelah pajak Rp 0.\n", r.stdout)
	before := fingerprint(t, db)
	r = ok(t, lumbung(t, db, "year", "close", "2025"))
	assert.Contains(t, r.stdout, "sudah ditutup; tidak ada yang ditulis")
	assert.Equal(t, before, fingerprint(t, db))

	r = ok(t, lumbung(t, db, "period", "list"))
	assert.Contains(t, r.stdout, "2025-01  ditutup\n")
	assert.Contains(t, r.stdout, "2025-12  ditutup\n")
	assert.Contains(t, r.stdout, "2025     tahun buku ditutup\n")

	r = lumbung(t, db, "period", "reopen", "2025-03", "--decision", "RAPAT-PENGURUS-7")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "Tahun buku 2025 sudah ditutup; bulan-bulannya tidak dapat dibuka kembali.")
	assert.Equal(t, before, fingerprint(t, db))

	// A month of an open year reopens by a decision, and takes entries
	// again.
	ok(t, lumbung(t, db, "period", "close", "2026-01"))
	r = lumbung(t, db, "savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000", "--date", "2026-01-31")
	assert.Equal(t, 1, r.code)
	r = ok(t, lumbung(t, db, "period", "reopen", "2026-01", "--decision", "RAPAT-PENGURUS-8", "--reason", "setoran terlewat"))
	assert.Equal(t, "Periode 2026-01 dibuka kembali (keputusan RAPAT-PENGURUS-8).\n", r.stdout)
	ok(t, lumbung(t, db, "savings", "deposit", "M0001", "--product", "wajib", "--amount", "10000", "--date", "2026-01-31"))
}

func TestBooksYearCloseMovesTheResult(t *testing.T) {
	db := booksSetup(t)
	ok(t, lumbung(t, db, "journal", "post", "--date", "2025-03-10", "--memo", "Penjualan sembako", "--unit", "toko", "--party", "member", "--ref", "JU-JUAL-1",
		"--line", "1-1100:debit:80000", "--line", "4-3100:credit:80000"))
	ok(t, lumbung(t, db, "journal", "post", "--date", "2025-12-31", "--memo", "PPh final", "--ref", "JU-PAJAK-1",
		"--line", "6-1100:debit:400", "--line", "2-1500:credit:400"))
	for m := 2; m <= 12; m++ {
		ok(t, lumbung(t, db, "period", "close", fmt.Sprintf("2025-%02d", m)))
	}
	r := ok(t, lumbung(t, db, "year", "close", "2025"))
	assert.Contains(t, r.stdout, "SHU setelah pajak Rp 79.600.")
	tb := reportJSON(t, db, "trial-balance", "--as-of", "2025-12-31", "--compare", "none")
	for _, l := range tb.Lines {
		code, _ := l["code"].(string)
		assert.False(t, strings.HasPrefix(code, "4-") || strings.HasPrefix(code, "6-"), "%s left open after the close", code)
	}
	assert.Equal(t, "79600", figure(t, tb, "account:3-5100", 1))
	h := reportJSON(t, db, "hasil-usaha", "--as-of", "2025-12-31", "--compare", "none")
	assert.Equal(t, "79600", figure(t, h, "shu_setelah_pajak", 0), "the statement of results leaves the closing entries out")
}

func TestBooksJournalImport(t *testing.T) {
	db := booksSetup(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "jurnal.csv")
	require.NoError(t, os.WriteFile(good, []byte("\ufeff"+
		"date,ref,account,debit,credit,memo,unit,party\n"+
		"2025-03-05,JU-IMP-1,1-1900,40000,,Pembelian stok,toko,\n"+
		"2025-03-05,JU-IMP-1,1-1200,,40000,,toko,\n"+
		"2025-03-20,JU-IMP-2,1-1100,60000,,Penjualan sembako,toko,\n"+
		"2025-03-20,JU-IMP-2,4-3100,,35000,,toko,member\n"+
		"2025-03-20,JU-IMP-2,4-3100,,25000,,toko,non-member\n"), 0o600))
	r := ok(t, lumbung(t, db, "journal", "import", good, "--dry-run"))
	assert.Equal(t, "Uji impor jurnal: 5 baris, 2 jurnal sah (0 sudah tercatat); tidak ada yang ditulis.\n", r.stdout)
	before := fingerprint(t, db)
	r = ok(t, lumbung(t, db, "journal", "import", good))
	assert.Equal(t, "Impor jurnal selesai: 5 baris, 2 jurnal ditulis, 0 sudah tercatat sebelumnya.\n", r.stdout)
	assert.NotEqual(t, before, fingerprint(t, db))
	h := reportJSON(t, db, "hasil-usaha", "--as-of", "2025-12-31", "--unit", "toko", "--compare", "none")
	assert.Equal(t, "60000", figure(t, h, "total_pendapatan", 0))
	assert.Equal(t, "35000", figure(t, h, "subtotal:member", 0))
	assert.Equal(t, "25000", figure(t, h, "subtotal:non-member", 0))

	before = fingerprint(t, db)
	r = ok(t, lumbung(t, db, "journal", "import", good))
	assert.Equal(t, "Impor jurnal selesai: 5 baris, 0 jurnal ditulis, 2 sudah tercatat sebelumnya.\n", r.stdout)
	assert.Equal(t, before, fingerprint(t, db), "the same file again writes nothing")

	bad := filepath.Join(dir, "jurnal-salah.csv")
	require.NoError(t, os.WriteFile(bad, []byte(
		"date,ref,account,debit,credit,memo\n"+
			"2025-04-01,JU-IMP-3,5-3100,20000,,Honor April\n"+ // 2: good, with line 3
			"2025-04-01,JU-IMP-3,1-1100,,20000,\n"+ // 3
			"2025-04-02,JU-IMP-4,5-3100,12.5.0,,Honor\n"+ // 4: bad amount
			"2025-04-31,JU-IMP-5,5-3100,1000,,Honor\n"+ // 5: no such day
			"2025-04-03,JU-IMP-6,5-3100,1000,1000,Honor\n"+ // 6: both sides
			"2025-04-04,JU-IMP-7,5-3100,5000,,Honor\n"+ // 7: unbalanced entry
			"2025-04-04,JU-IMP-7,1-1100,,4000,\n"+ // 8
			"2025-04-05,JU-IMP-8,5-9999,5000,,Honor\n"+ // 9: unknown account
			"2025-04-05,JU-IMP-8,1-1100,,5000,\n"), 0o600)) // 10
	r = lumbung(t, db, "journal", "import", bad)
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "galat: Impor ditolak: 3 baris bermasalah; tidak ada yang ditulis.")
	assert.Contains(t, r.stderr, "\n  baris 4: ")
	assert.Contains(t, r.stderr, "\n  baris 5: ")
	assert.Contains(t, r.stderr, "\n  baris 6: ")
	assert.Empty(t, r.stdout)
	assert.Equal(t, before, fingerprint(t, db), "a file with bad rows writes nothing, the good entry included")

	// With the rows fixed, the entries are decided: the ones the books
	// refuse are listed by their first line, and still nothing is written.
	refused := filepath.Join(dir, "jurnal-ditolak.csv")
	require.NoError(t, os.WriteFile(refused, []byte(
		"date,ref,account,debit,credit,memo\n"+
			"2025-04-01,JU-IMP-3,5-3100,20000,,Honor April\n"+
			"2025-04-01,JU-IMP-3,1-1100,,20000,\n"+
			"2025-04-04,JU-IMP-7,5-3100,5000,,Honor\n"+
			"2025-04-04,JU-IMP-7,1-1100,,4000,\n"+
			"2025-04-05,JU-IMP-8,5-9999,5000,,Honor\n"+
			"2025-04-05,JU-IMP-8,1-1100,,5000,\n"+
			"2025-01-10,JU-IMP-9,5-3100,5000,,Honor Januari\n"+
			"2025-01-10,JU-IMP-9,1-1100,,5000,\n"), 0o600))
	r = lumbung(t, db, "journal", "import", refused)
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "galat: Impor ditolak: 3 baris bermasalah; tidak ada yang ditulis.")
	assert.Contains(t, r.stderr, "\n  baris 4: Jurnal tidak seimbang")
	assert.Contains(t, r.stderr, "\n  baris 6: ")
	assert.Contains(t, r.stderr, `"5-9999"`)
	assert.Contains(t, r.stderr, "\n  baris 8: Periode 2025-01 sudah ditutup")
	assert.NotContains(t, r.stderr, "baris 2:")
	assert.Equal(t, before, fingerprint(t, db))

	r = lumbung(t, db, "journal", "import", filepath.Join(dir, "tidak-ada.csv"))
	assert.Equal(t, 2, r.code)
	assert.Equal(t, before, fingerprint(t, db))
}

// TestBooksJournalImportEmptyFile: the refusal of an empty journal file
// names the journal format's header, not the member import's.
func TestBooksJournalImportEmptyFile(t *testing.T) {
	db := setup(t)
	empty := filepath.Join(t.TempDir(), "kosong.csv")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	before := fingerprint(t, db)
	r := lumbung(t, db, "journal", "import", empty)
	assert.Equal(t, 2, r.code)
	assert.Equal(t, before, fingerprint(t, db))
	assert.Contains(t, r.stderr, "date,ref,account,debit,credit,memo", "the header the journal import expects")
	assert.NotContains(t, r.stderr, "date,member,kind,amount,ref", "the member import's header is not this file's")
}
