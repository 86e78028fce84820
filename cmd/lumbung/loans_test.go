package main

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Loans end to end through the CLI: a product, an application recorded
// by the bendahara and approved by the ketua (never by the bendahara:
// maker-checker), the disbursement net of fees, the schedule of the
// worked example (domain.md §2.2: Rp 12,000,000 over 12 months at 24 % a
// year by anuitas), repayments with denda, the early settlement, reviews
// and the collectibility report; and the refusals, each of which writes
// nothing.
//
// The cooperative of loanSetup holds a grant (hibah) of Rp 100 juta besides
// its member's savings: modal sendiri is Rp 100.070.000 (hibah, pokok
// 50.000 and wajib 20.000), and the lending limit of one borrower 15 % of
// it, Rp 15.010.500.

// loanSetup is setup's store with the grant in kas and two products in
// force from 1 January 2025: umum (anuitas 24 %, 12 months, provisi 1 %,
// administrasi Rp 10.000, denda 0.1 % a day after 3 days of grace, at
// most 10 % of the instalment) and flat (flat 24 %, 12 months, no fees).
func loanSetup(t *testing.T) string {
	t.Helper()
	db := setup(t)
	ok(t, lumbung(t, db, "journal", "post", "--date", "2025-01-10", "--memo", "Hibah pemerintah desa", "--ref", "HIBAH-1",
		"--line", "1-1100:debit:100000000", "--line", "3-3100:credit:100000000"))
	r := ok(t, lumbung(t, db, "loan", "product", "define", "umum", "--name", "Pinjaman umum", "--method", "anuitas", "--rate", "24%", "--months", "12",
		"--provisi", "1%", "--admin-fixed", "10000", "--penalty", "0.1%", "--grace", "3", "--penalty-cap", "10%", "--from", "2025-01-01"))
	assert.Equal(t, "Produk pinjaman umum (Pinjaman umum, anuitas, 24% setahun, 12 bulan) berlaku mulai 2025-01-01.\n", r.stdout)
	ok(t, lumbung(t, db, "loan", "product", "define", "flat", "--name", "Pinjaman flat", "--method", "flat", "--rate", "0.24", "--months", "12", "--from", "2025-01-01"))
	return db
}

// lendWorkedExample records PJ-001, the worked example, under umum:
// applied by the bendahara, approved by the ketua, disbursed on
// 3 February 2025; the first instalment falls due on 3 March.
func lendWorkedExample(t *testing.T, db string) {
	t.Helper()
	ok(t, lumbung(t, db, "--actor", "bendahara", "loan", "apply", "PJ-001", "--member", "M0001", "--product", "umum", "--amount", "12000000",
		"--purpose", "modal warung", "--date", "2025-02-03"))
	ok(t, lumbung(t, db, "--actor", "ketua", "loan", "approve", "PJ-001", "--role", "ketua", "--date", "2025-02-03"))
	ok(t, lumbung(t, db, "loan", "disburse", "PJ-001", "--date", "2025-02-03"))
}

// instalment is one row of a schedule in whole rupiah.
type instalment struct{ principal, interest int64 }

// annuity draws the schedule of domain.md §2.2 independently of the
// domain package, in exact rationals: A = P·i/(1−(1+i)^−n) rounded half up
// to the rupiah, interest round(O·i), principal A − interest, the last
// instalment repaying what is left.
func annuity(p int64, yearlyPercent int64, n int) []instalment {
	i := big.NewRat(yearlyPercent, 1200)
	onePlusI := new(big.Rat).Add(big.NewRat(1, 1), i)
	pow := big.NewRat(1, 1)
	for range n {
		pow.Mul(pow, onePlusI)
	}
	// A = P·i·(1+i)^n / ((1+i)^n − 1)
	a := new(big.Rat).Mul(big.NewRat(p, 1), i)
	a.Mul(a, pow)
	a.Quo(a, new(big.Rat).Sub(pow, big.NewRat(1, 1)))
	instal := roundRat(a)
	out := make([]instalment, n)
	balance := p
	for k := range out {
		interest := roundRat(new(big.Rat).Mul(big.NewRat(balance, 1), i))
		principal := instal - interest
		if k == n-1 {
			principal = balance
		}
		out[k] = instalment{principal: principal, interest: interest}
		balance -= principal
	}
	return out
}

// roundRat rounds a non-negative rational half up to an integer.
func roundRat(r *big.Rat) int64 {
	twice := new(big.Rat).Mul(r, big.NewRat(2, 1))
	twice.Add(twice, big.NewRat(1, 1))
	q := new(big.Int).Quo(twice.Num(), new(big.Int).Mul(twice.Denom(), big.NewInt(2)))
	return q.Int64()
}

// yearlyIRR returns twelve times the monthly rate at which the
// instalments are worth net today, found by bisection to 1e-18.
func yearlyIRR(net int64, schedule []instalment) decimal.Decimal {
	one := decimal.NewFromInt(1)
	worth := func(r decimal.Decimal) decimal.Decimal {
		pv, df := decimal.Zero, one
		for _, in := range schedule {
			df = df.DivRound(one.Add(r), 40)
			pv = pv.Add(df.Mul(decimal.NewFromInt(in.principal + in.interest)))
		}
		return pv
	}
	lo, hi := decimal.Zero, one
	half := decimal.New(5, -1)
	for range 64 {
		mid := lo.Add(hi).Mul(half).Round(30)
		if worth(mid).Cmp(decimal.NewFromInt(net)) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo.Mul(decimal.NewFromInt(12))
}

// rupiah writes n the Indonesian way: 1.134.715.
func rupiah(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func TestLoanLifecycle(t *testing.T) {
	db := loanSetup(t)
	r := ok(t, lumbung(t, db, "loan", "product", "list"))
	assert.Contains(t, r.stdout, "umum         v1 2025-01-01  Pinjaman umum  24%  12-12 bulan  provisi 1%+0  admin 0%+10000\n")

	// The bendahara records the application.
	r = ok(t, lumbung(t, db, "--actor", "bendahara", "loan", "apply", "PJ-001", "--member", "M0001", "--product", "umum", "--amount", "12000000",
		"--purpose", "modal warung", "--date", "2025-02-03"))
	assert.Equal(t, "Pengajuan pinjaman PJ-001 anggota M0001 sebesar Rp 12.000.000 tercatat (dicatat oleh bendahara, yang tidak boleh menyetujuinya).\n", r.stdout)

	// Maker-checker: whoever recorded it may not approve it.
	before := fingerprint(t, db)
	r = lumbung(t, db, "--actor", "bendahara", "loan", "approve", "PJ-001", "--role", "ketua", "--date", "2025-02-03")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, "galat: bendahara mencatat pengajuan pinjaman PJ-001 dan tidak dapat memutuskannya sendiri: yang mencatat dan yang menyetujui atau menolak harus orang yang berbeda (maker-checker). Tidak ada yang dicatat.\n", r.stderr)
	assert.Empty(t, r.stdout)
	r = lumbung(t, db, "--lang", "en", "--actor", "bendahara", "loan", "approve", "PJ-001", "--role", "ketua", "--date", "2025-02-03")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "maker-checker")
	assert.Equal(t, before, fingerprint(t, db), "a refused approval writes nothing")

	// The ketua approves, within the lending limit.
	r = ok(t, lumbung(t, db, "--actor", "ketua", "loan", "approve", "PJ-001", "--role", "ketua", "--date", "2025-02-03"))
	assert.Equal(t, "Pinjaman PJ-001 disetujui oleh ketua sebagai ketua. Batas pemberian pinjaman: eksposur Rp 12.000.000 dari batas Rp 15.010.500 (15% dari modal sendiri Rp 100.070.000).\n", r.stdout)

	// Disbursed net of provisi (1 % of 12.000.000) and administrasi.
	want := annuity(12_000_000, 24, 12)
	allIn := yearlyIRR(12_000_000-120_000-10_000, want).Shift(2).StringFixed(2)
	r = ok(t, lumbung(t, db, "loan", "disburse", "PJ-001", "--date", "2025-02-03"))
	assert.Equal(t, "Pinjaman PJ-001 dicairkan per 2025-02-03: Rp 12.000.000, dipotong provisi Rp 120.000 dan administrasi Rp 10.000, dibayarkan Rp 11.870.000. "+
		"12 angsuran mulai 2025-03-03; bunga efektif 24.00% setahun (dengan biaya "+allIn+"%).\n", r.stdout)
	assert.Equal(t, "26.13", allIn, "the all-in rate of the worked example with these fees")

	// The schedule is the worked example's: 1.134.715 eleven times, the
	// rounding residue in the last, 1.134.718; interest 1.616.583.
	require.Equal(t, int64(1_134_715), want[0].principal+want[0].interest)
	require.Equal(t, int64(1_134_718), want[11].principal+want[11].interest)
	r = ok(t, lumbung(t, db, "loan", "schedule", "PJ-001"))
	assert.Contains(t, r.stdout, "Jadwal Angsuran Pinjaman PJ-001")
	var totalInterest int64
	for k, in := range want {
		total := in.principal + in.interest
		totalInterest += in.interest
		row := fmt.Sprintf(`(?m)^%d\s+%s\s+%s\s+%s\s+%s\s+0\s+%s$`, k+1, regexp.QuoteMeta(fmt.Sprintf("20%02d-%02d-03", 25+(k+2)/12, (k+2)%12+1)),
			regexp.QuoteMeta(rupiah(in.principal)), regexp.QuoteMeta(rupiah(in.interest)), regexp.QuoteMeta(rupiah(total)), regexp.QuoteMeta(rupiah(total)))
		assert.Regexp(t, row, r.stdout, "instalment %d", k+1)
	}
	assert.Equal(t, int64(1_616_583), totalInterest)
	assert.Regexp(t, `(?m)^Jumlah\s+12\.000\.000\s+1\.616\.583\s+13\.616\.583\s+0\s+13\.616\.583$`, r.stdout)

	// The first instalment, paid on its due date: interest, then principal.
	r = ok(t, lumbung(t, db, "loan", "repay", "PJ-001", "--amount", "1134715", "--date", "2025-03-03", "--ref", "ANGSUR-1"))
	assert.Equal(t, "Pembayaran Rp 1.134.715 pinjaman PJ-001 per 2025-03-03 (ref ANGSUR-1): denda Rp 0, jasa Rp 240.000, pokok Rp 894.715.\n", r.stdout)
	before = fingerprint(t, db)
	r = ok(t, lumbung(t, db, "loan", "repay", "PJ-001", "--amount", "1134715", "--date", "2025-03-03", "--ref", "ANGSUR-1"))
	assert.Equal(t, "Transaksi ANGSUR-1 sudah tercatat; tidak ada yang ditulis.\n", r.stdout)
	assert.Equal(t, before, fingerprint(t, db), "a repeated repayment writes nothing")

	// A review at the end of March: lancar, the allowance 0.5 % of the
	// outstanding 11.105.285, rounded half up.
	r = ok(t, lumbung(t, db, "loans", "review", "--as-of", "2025-03-31"))
	assert.Equal(t, "Tinjauan per 2025-03-31: 1 pinjaman aktif, 0 berubah kolektibilitas.\n"+
		"Cadangan penghapusan yang diwajibkan Rp 55.526; sebelumnya Rp 0; dibukukan selisih Rp 55.526.\n", r.stdout)

	// On 10 April the second instalment is 7 days late: 4 days past the
	// grace of 3, at 0.1 % a day of 1.134.715, is a denda of 4.539.
	r = ok(t, lumbung(t, db, "loan", "show", "PJ-001", "--as-of", "2025-04-10", "--json"))
	var shown map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &shown), r.stdout)
	assert.Equal(t, "PJ-001", shown["loan"])
	assert.Equal(t, "M0001", shown["member"])
	assert.Equal(t, "active", shown["status"])
	assert.Equal(t, "umum", shown["product"])
	assert.Equal(t, "12000000", shown["amount"])
	assert.Equal(t, "11105285", shown["outstanding"])
	assert.Equal(t, "lancar", shown["class"])
	assert.Equal(t, float64(7), shown["dpd"])
	assert.Equal(t, "2025-04-10", shown["as_of"])
	assert.Equal(t, map[string]any{"penalty": "4539", "interest": "222106", "principal": "912609"}, shown["due"])
	schedule, isList := shown["schedule"].([]any)
	require.True(t, isList, "schedule is %T", shown["schedule"])
	require.Len(t, schedule, 12)
	for k, row := range schedule {
		in := row.(map[string]any)
		for _, field := range []string{"principal", "interest", "paid_principal", "paid_interest", "paid_penalty"} {
			assert.IsType(t, "", in[field], "instalment %d: %s travels as a string", k+1, field)
		}
		assert.Equal(t, fmt.Sprint(want[k].principal), in["principal"])
		assert.Equal(t, fmt.Sprint(want[k].interest), in["interest"])
	}
	first := schedule[0].(map[string]any)
	assert.Equal(t, "894715", first["paid_principal"])
	assert.Equal(t, "240000", first["paid_interest"])
	assert.Equal(t, "0", first["paid_penalty"])

	// Settled early on 10 April: the denda, the second instalment and the
	// principal not yet due; the interest not yet due (1.616.583 less the
	// 240.000 and 222.106 due by then) is waived.
	r = ok(t, lumbung(t, db, "loan", "settle", "PJ-001", "--date", "2025-04-10", "--ref", "LUNAS-1"))
	assert.Equal(t, "Pembayaran Rp 11.331.930 pinjaman PJ-001 per 2025-04-10 (ref LUNAS-1): denda Rp 4.539, jasa Rp 222.106, pokok Rp 11.105.285.\n"+
		"Pinjaman lunas dipercepat; jasa yang belum jatuh tempo dihapuskan: Rp 1.154.477.\n", r.stdout)
	r = ok(t, lumbung(t, db, "loan", "show", "PJ-001", "--as-of", "2025-04-10", "--json"))
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &shown))
	assert.Equal(t, "closed", shown["status"])
	assert.Equal(t, "0", shown["outstanding"])

	// A closed loan takes no repayment.
	before = fingerprint(t, db)
	r = lumbung(t, db, "loan", "repay", "PJ-001", "--amount", "1000", "--date", "2025-04-11", "--ref", "ANGSUR-LEBIH")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "Pinjaman PJ-001 tidak aktif (lunas)")
	assert.Empty(t, r.stdout)
	assert.Equal(t, before, fingerprint(t, db), "a repayment of a closed loan writes nothing")

	// The review at the end of April releases the allowance.
	r = ok(t, lumbung(t, db, "loans", "review", "--as-of", "2025-04-30"))
	assert.Equal(t, "Tinjauan per 2025-04-30: 0 pinjaman aktif, 0 berubah kolektibilitas.\n"+
		"Cadangan penghapusan yang diwajibkan Rp 0; sebelumnya Rp 55.526; dibukukan selisih Rp -55.526.\n", r.stdout)
	r = ok(t, lumbung(t, db, "loans", "list", "--as-of", "2025-04-30"))
	assert.Regexp(t, `PJ-001\s+M0001\s+closed\s+12\.000\.000\s+0\s+0 lancar`, r.stdout)

	// Collectibility at the end of March (a fold of the log to that day)
	// and at the end of April.
	march := loanReportJSON(t, db, "collectibility", "--as-of", "2025-03-31")
	assert.Equal(t, "loan-collectibility", march.Report)
	assert.Equal(t, "11105285", figure(t, march, "outstanding:lancar", 0))
	assert.Equal(t, "11105285", figure(t, march, "total_outstanding", 0))
	assert.Equal(t, "0", figure(t, march, "outstanding:macet", 0))
	assert.Equal(t, "55526", figure(t, march, "ppapwd", 0))
	assert.Equal(t, "55526", figure(t, march, "ppap", 0))
	assert.Equal(t, "0", figure(t, march, "ppap_gap", 0))
	april := loanReportJSON(t, db, "collectibility", "--as-of", "2025-04-30")
	assert.Equal(t, "0", figure(t, april, "total_outstanding", 0))
	assert.Equal(t, "0", figure(t, april, "ppapwd", 0))
	assert.Equal(t, "0", figure(t, april, "ppap", 0))

	// The books: the receivable is repaid, the income is the interest
	// and denda paid and the fees, kas is the grant and savings less the
	// net payout plus the repayments; debits equal credits.
	tb := reportJSON(t, db, "trial-balance", "--as-of", "2025-12-31", "--compare", "none")
	assert.False(t, hasKey(tb, "account:1-1400"), "no principal left owing")
	assert.False(t, hasKey(tb, "account:1-1490"), "no allowance left")
	assert.Equal(t, fmt.Sprint(100_170_000-11_870_000+1_134_715+11_331_930), figure(t, tb, "account:1-1100", 0))
	assert.Equal(t, "462106", figure(t, tb, "account:4-1100", 1), "jasa 240.000 + 222.106")
	assert.Equal(t, "120000", figure(t, tb, "account:4-1300", 1))
	assert.Equal(t, "10000", figure(t, tb, "account:4-1400", 1))
	assert.Equal(t, "4539", figure(t, tb, "account:4-1500", 1))
	assert.Equal(t, figure(t, tb, "total", 0), figure(t, tb, "total", 1))

	r = ok(t, lumbung(t, db, "audit", "verify"))
	assert.Contains(t, r.stdout, "Log utuh")
}

// loanReportJSON runs a loan report with --format json and checks that
// every figure is a string holding a canonical decimal. Unlike the
// financial statements, a loan report's ratio lines carry their figure
// only as text.
func loanReportJSON(t *testing.T, db string, kind string, args ...string) statementJSON {
	t.Helper()
	r := ok(t, lumbung(t, db, append(append([]string{"report", kind}, args...), "--format", "json")...))
	var st statementJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st), r.stdout)
	require.NotEmpty(t, st.Lines)
	for _, l := range st.Lines {
		values, isList := l["values"].([]any)
		require.True(t, isList, "line %v: values is %T, not a list", l["key"], l["values"])
		for _, v := range values {
			s, isString := v.(string)
			require.True(t, isString, "line %v: amount %v is a %T, not a string", l["key"], v, v)
			d, err := decimal.NewFromString(s)
			require.NoError(t, err, "line %v: %q", l["key"], s)
			require.Equal(t, d.String(), s, "line %v: canonical form", l["key"])
		}
	}
	return st
}

func TestLoanRefusalsWriteNothing(t *testing.T) {
	db := loanSetup(t)
	lendWorkedExample(t, db)
	// A flat loan: 24 % flat is about 41.7 % effective.
	ok(t, lumbung(t, db, "loan", "apply", "PJ-002", "--member", "M0001", "--product", "flat", "--amount", "1000000", "--date", "2025-02-04"))
	ok(t, lumbung(t, db, "--actor", "ketua", "loan", "approve", "PJ-002", "--role", "ketua", "--date", "2025-02-04"))
	// 12.000.000 is lent already: 5.000.000 more is above 15 % of modal
	// sendiri (100.070.000 and the fees of PJ-001, 130.000).
	ok(t, lumbung(t, db, "loan", "apply", "PJ-003", "--member", "M0001", "--product", "umum", "--amount", "5000000", "--date", "2025-02-04"))

	tests := []struct {
		name string
		args []string
		code int
		say  []string
	}{
		{"rate above the cap", []string{"loan", "disburse", "PJ-002", "--date", "2025-02-04"},
			1, []string{"Suku bunga efektif pinjaman ini 41,70 % setahun", "melebihi batas 24,00 %", "Permenkop 8/2023 Pasal 27", "--override KEPUTUSAN", "Tidak ada yang dicatat."}},
		{"over the lending limit", []string{"--actor", "ketua", "loan", "approve", "PJ-003", "--role", "ketua", "--date", "2025-02-04"},
			1, []string{"menjadi Rp 17.000.000", "batas maksimum pemberian pinjaman (BMPP) Rp 15.030.000", "modal sendiri koperasi sebesar Rp 100.200.000", "Persetujuan tidak dicatat."}},
		{"disbursing before the approvals", []string{"loan", "disburse", "PJ-003", "--date", "2025-02-04"},
			1, []string{"persetujuan ketua belum dicatat"}},
		{"repaying more than is owed", []string{"loan", "repay", "PJ-001", "--amount", "20000000", "--date", "2025-03-03", "--ref", "ANGSUR-X"},
			1, []string{"Pembayaran Rp 20.000.000 melebihi yang terutang"}},
		{"grouped digits in the amount", []string{"loan", "repay", "PJ-001", "--amount", "1.134.715", "--date", "2025-03-03"},
			2, []string{`--amount "1.134.715"`}},
		{"a word for the amount", []string{"loan", "repay", "PJ-001", "--amount", "sejuta", "--date", "2025-03-03"},
			2, []string{`--amount "sejuta"`}},
		{"a fractional amount", []string{"loan", "apply", "PJ-004", "--member", "M0001", "--product", "umum", "--amount", "500000.5"},
			2, []string{"500000.5"}},
		{"unknown product", []string{"loan", "apply", "PJ-004", "--member", "M0001", "--product", "darurat", "--amount", "500000", "--date", "2025-02-04"},
			2, []string{`--product "darurat"`, "tidak memiliki produk pinjaman dengan kode ini"}},
		{"unknown loan", []string{"loan", "show", "PJ-404"},
			2, []string{`"PJ-404"`, "tidak memiliki pinjaman dengan nomor ini"}},
		{"restructure without a decision", []string{"loan", "restructure", "PJ-001", "--months", "24", "--reason", "usaha sepi", "--date", "2025-03-03"},
			2, []string{"--decision"}},
		{"restructure with an empty decision", []string{"loan", "restructure", "PJ-001", "--months", "24", "--reason", "usaha sepi", "--decision", "", "--date", "2025-03-03"},
			2, []string{`--decision ""`, "referensi keputusan"}},
		{"approval by the one who recorded the application", []string{"loan", "approve", "PJ-003", "--role", "ketua", "--date", "2025-02-04"},
			1, []string{"bendahara mencatat pengajuan pinjaman PJ-003"}},
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

	// Above the cap, a decision allows it.
	r := ok(t, lumbung(t, db, "loan", "disburse", "PJ-002", "--date", "2025-02-04", "--override", "RAPAT-PENGURUS-3"))
	assert.Contains(t, r.stdout, "bunga efektif 41.70% setahun")
	r = ok(t, lumbung(t, db, "audit", "verify"))
	assert.Contains(t, r.stdout, "Log utuh")
}

func TestLoanRefusalsInEnglish(t *testing.T) {
	db := loanSetup(t)
	ok(t, lumbung(t, db, "loan", "apply", "PJ-002", "--member", "M0001", "--product", "flat", "--amount", "1000000", "--date", "2025-02-04"))
	ok(t, lumbung(t, db, "--actor", "ketua", "loan", "approve", "PJ-002", "--role", "ketua", "--date", "2025-02-04"))
	before := fingerprint(t, db)
	r := lumbung(t, db, "--lang", "en", "loan", "disburse", "PJ-002", "--date", "2025-02-04")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "error: The loan's effective rate is 41.70% a year (41.70% with the provisi and administration fees), above the cap of 24.00% (Permenkop 8/2023 Art. 27). "+
		"Disbursing above the cap needs a decision: --override DECISION. Nothing was recorded.\n", r.stderr)
	r = lumbung(t, db, "--lang", "en", "loan", "restructure", "PJ-002", "--months", "24", "--reason", "slow trade")
	assert.Equal(t, 2, r.code)
	assert.Equal(t, "error: required flag(s) \"decision\" not set (see lumbung --help)\n", r.stderr)
	assert.Equal(t, before, fingerprint(t, db))
}

// TestLoanLendingLimitHoldsAtDisbursement: the lending limit (BMPP) is on
// the outstanding principal at disbursement (domain.md §2.1, "BMPP
// violation = the excess of the exposure over the permitted percentage at
// the moment of disbursement"; §4 rule 4, "checked on outstanding
// principal at disbursement"). Two applications of 8 juta each fit the
// limit of 15.010.500 alone but not together: whichever check refuses it,
// the approval of the second or its disbursement, the second is not paid
// out.
func TestLoanLendingLimitHoldsAtDisbursement(t *testing.T) {
	db := loanSetup(t)
	for _, id := range []string{"PJ-A", "PJ-B"} {
		ok(t, lumbung(t, db, "loan", "apply", id, "--member", "M0001", "--product", "umum", "--amount", "8000000", "--date", "2025-02-04"))
	}
	ok(t, lumbung(t, db, "--actor", "ketua", "loan", "approve", "PJ-A", "--role", "ketua", "--date", "2025-02-04"))
	before := fingerprint(t, db)
	r := lumbung(t, db, "--actor", "ketua", "loan", "approve", "PJ-B", "--role", "ketua", "--date", "2025-02-04")
	if r.code == 0 {
		ok(t, lumbung(t, db, "loan", "disburse", "PJ-A", "--date", "2025-02-05"))
		before = fingerprint(t, db)
		r = lumbung(t, db, "loan", "disburse", "PJ-B", "--date", "2025-02-05")
		assert.Equal(t, 1, r.code, "PJ-B was approved while PJ-A, approved, was not yet disbursed; paying both out puts 16.000.000 against a limit of 15.010.500: stdout %s", r.stdout)
		assert.Contains(t, r.stderr, "BMPP")
		assert.Equal(t, before, fingerprint(t, db), "a refused disbursement writes nothing")
	} else {
		assert.Equal(t, 1, r.code, r.stderr)
		assert.Contains(t, r.stderr, "BMPP")
		assert.Equal(t, before, fingerprint(t, db))
		ok(t, lumbung(t, db, "loan", "disburse", "PJ-A", "--date", "2025-02-05"))
	}
	r = ok(t, lumbung(t, db, "report", "lending-limits", "--as-of", "2025-02-05"))
	assert.NotContains(t, r.stdout, "MELAMPAUI BATAS", "the ledger let a borrower past the limit")
}

// TestLoanImportListsLoanRowsByLine: the import refuses a file with bad
// loan rows and lists every bad row with its line number, as it does for
// savings rows ("baris 4: Saldo simpanan ..."); a loan refusal is no
// exception.
func TestLoanImportListsLoanRowsByLine(t *testing.T) {
	db := loanSetup(t)
	bad := filepath.Join(t.TempDir(), "pinjaman.csv")
	require.NoError(t, os.WriteFile(bad, []byte(
		"date,member,kind,amount,ref,product,loan\n"+
			"2025-03-01,M0001,loan_disburse,500000,PJ-IMP-1,umum,\n"+ // 2: good
			"2025-03-02,M0001,loan_repay_principal,100000,ANG-IMP-1,,PJ-TIDAK-ADA\n"+ // 3: no such loan
			"2025-03-02,M0001,loan_repay_principal,900000,ANG-IMP-2,,PJ-IMP-1\n"+ // 4: more than owed
			"2025-03-02,M0001,loan_disburse,500000,PJ-IMP-2,,\n"), 0o600)) // 5: which product?
	before := fingerprint(t, db)
	r := lumbung(t, db, "import", bad)
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, "galat: Impor ditolak: 3 baris bermasalah; tidak ada yang ditulis.")
	assert.Contains(t, r.stderr, "\n  baris 3: ", "the row of the unknown loan is named by its line")
	assert.Contains(t, r.stderr, "\n  baris 4: ", "the row paying more than is owed is named by its line")
	assert.Contains(t, r.stderr, "Rp 500.000")
	assert.Contains(t, r.stderr, "\n  baris 5: baris pinjaman tidak menyebut produk")
	assert.Equal(t, before, fingerprint(t, db), "nothing is written, the good loan included")

	r = lumbung(t, db, "--lang", "en", "import", bad)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "\n  line 3: ")
	assert.Contains(t, r.stderr, "\n  line 4: ")
	assert.Equal(t, before, fingerprint(t, db))
}

// TestLoanBadMethodNamesTheMethods: a method that is none is explained
// with the methods there are (flat, menurun, anuitas), not with the kinds
// of import rows.
func TestLoanBadMethodNamesTheMethods(t *testing.T) {
	db := loanSetup(t)
	before := fingerprint(t, db)
	r := lumbung(t, db, "loan", "product", "define", "tetap", "--name", "Pinjaman tetap", "--method", "tetap", "--rate", "24%", "--months", "12")
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, `--method "tetap"`)
	for _, m := range []string{"flat", "menurun", "anuitas"} {
		assert.Contains(t, r.stderr, m)
	}
	assert.NotContains(t, r.stderr, "loan_disburse", "the hint names interest methods, not import kinds")

	bad := filepath.Join(t.TempDir(), "pinjaman.csv")
	require.NoError(t, os.WriteFile(bad, []byte("date,member,kind,amount,ref,product,method\n2025-03-01,M0001,loan_disburse,500000,PJ-IMP-1,umum,tetap\n"), 0o600))
	r = lumbung(t, db, "import", bad)
	assert.Equal(t, 2, r.code, r.stderr)
	assert.Contains(t, r.stderr, `baris 2: method "tetap"`)
	for _, m := range []string{"flat", "menurun", "anuitas"} {
		assert.Contains(t, r.stderr, m)
	}
	assert.NotContains(t, r.stderr, "loan_disburse")
	assert.Equal(t, before, fingerprint(t, db))
}

// TestLoanRepeatedApplicationSaysSo: an application recorded again is
// done already, and says so in one sentence, with nothing else printed.
func TestLoanRepeatedApplicationSaysSo(t *testing.T) {
	db := loanSetup(t)
	lendWorkedExample(t, db)
	before := fingerprint(t, db)
	r := ok(t, lumbung(t, db, "loan", "apply", "PJ-001", "--member", "M0001", "--product", "umum", "--amount", "12000000", "--date", "2025-02-03"))
	assert.Equal(t, "Pengajuan PJ-001 sudah tercatat; tidak ada yang ditulis.\n", r.stdout)
	r = ok(t, lumbung(t, db, "--actor", "ketua", "loan", "approve", "PJ-001", "--role", "ketua", "--date", "2025-02-03"))
	assert.Equal(t, "Persetujuan ini sudah tercatat; tidak ada yang ditulis.\n", r.stdout)
	assert.Equal(t, before, fingerprint(t, db))
}

// TestLoanRepeatedDisbursementIsDone: the exit codes promise 0 for a
// command already done, which writes nothing (README, "Exit codes"), and
// apply, approve, reject and write-off keep it; so must a disbursement
// run again as it was: the CLI has the message for it ("Pinjaman %s
// sudah dicairkan; tidak ada yang ditulis."). Another date is refused.
func TestLoanRepeatedDisbursementIsDone(t *testing.T) {
	db := loanSetup(t)
	lendWorkedExample(t, db)
	before := fingerprint(t, db)
	r := lumbung(t, db, "loan", "disburse", "PJ-001", "--date", "2025-02-03")
	assert.Equal(t, 0, r.code, "the same disbursement again is done already: %s", r.stderr)
	assert.Equal(t, "Pinjaman PJ-001 sudah dicairkan; tidak ada yang ditulis.\n", r.stdout)
	assert.Equal(t, before, fingerprint(t, db))

	r = lumbung(t, db, "loan", "disburse", "PJ-001", "--date", "2025-02-04")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "sudah dicairkan")
	assert.Equal(t, before, fingerprint(t, db))
}
