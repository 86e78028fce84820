package i18n_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// wants lists every Want constant declared in domain/input, read from the
// source so that a new one cannot be added without an explanation.
func wants(t *testing.T) map[string]input.Want {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../../domain/input/input.go", nil, 0)
	require.NoError(t, err)
	out := map[string]input.Want{}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Want" {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				require.True(t, ok, "%s is not a string literal", name.Name)
				out[name.Name] = input.Want(strings.Trim(lit.Value, "\"`"))
			}
		}
	}
	require.Greater(t, len(out), 40, "the Want constants were not found in input.go")
	return out
}

func TestEveryWantIsExplained(t *testing.T) {
	for name, w := range wants(t) {
		for _, lang := range []i18n.Lang{i18n.ID, i18n.EN} {
			for _, bound := range []string{"", "B0UND"} {
				p := i18n.New(lang)
				e := &input.Error{Field: "fld", Value: "v4lue", Want: w, Bound: bound}
				got := p.Explain(e)
				assert.True(t, strings.HasPrefix(got, `fld "v4lue": `), "%s %s: field and value first: %s", name, lang, got)
				explained := strings.TrimPrefix(got, `fld "v4lue": `)
				assert.NotEqual(t, string(w), explained, "%s %s: no explanation", name, lang)
				assert.NotContains(t, explained, "%!", "%s %s: bad format: %s", name, lang, got)
			}
		}
	}
}

// TestWantsShowTheirBound checks that every Want whose Bound is the figure
// of the expectation says it.
func TestWantsShowTheirBound(t *testing.T) {
	for _, w := range []input.Want{
		input.WantNotFuture, input.WantNotBefore, input.WantPolicyAmount, input.WantPokokAmount,
		input.WantSameAsBefore, input.WantColumns, input.WantProductOfKind,
		input.WantGroupClass, input.WantCodeInGroup, input.WantLine, input.WantMemo, input.WantEndedMonth,
		input.WantAtLeast, input.WantAtMost, input.WantChecklistTotal, input.WantPassword,
	} {
		for _, lang := range []i18n.Lang{i18n.ID, i18n.EN} {
			got := i18n.New(lang).Explain(&input.Error{Field: "f", Value: "v", Want: w, Bound: "B0UND"})
			assert.Contains(t, got, "B0UND", "%s %s", w, lang)
		}
	}
}

func TestExplainBookWants(t *testing.T) {
	id, en := i18n.New(i18n.ID), i18n.New(i18n.EN)
	cases := []struct {
		err    *input.Error
		id, en string
	}{
		{&input.Error{Field: "code", Value: "1.1100", Want: input.WantAccountCode},
			`code "1.1100": diharapkan kode akun: kelompok angka yang dihubungkan tanda hubung, diawali angka 1-9, misalnya 1-1100`,
			`code "1.1100": expected an account code: groups of digits joined by hyphens, starting with 1-9, for example 1-1100`},
		{&input.Error{Field: "class", Value: "liability", Want: input.WantGroupClass, Bound: "asset"},
			`class "liability": kelas akun harus sama dengan kelas akun induknya: asset`,
			`class "liability": the class must be that of its heading: asset`},
		{&input.Error{Field: "code", Value: "2-1150", Want: input.WantCodeInGroup, Bound: "1-1"},
			`code "2-1150": kode harus diawali kode akun induknya, 1-1, dan lebih panjang darinya`,
			`code "2-1150": the code must start with its heading's code, 1-1, and be longer`},
		{&input.Error{Field: "line", Value: "201", Want: input.WantLine, Bound: "200"},
			`line "201": satu jurnal paling banyak 200 baris`,
			`line "201": an entry has at most 200 lines`},
		{&input.Error{Field: "line", Value: "1-1100:debet:5000", Want: input.WantLine},
			`line "1-1100:debet:5000": diharapkan baris jurnal AKUN:debit:JUMLAH atau AKUN:credit:JUMLAH, misalnya 1-1100:debit:150000`,
			`line "1-1100:debet:5000": expected a journal line ACCOUNT:debit:AMOUNT or ACCOUNT:credit:AMOUNT, for example 1-1100:debit:150000`},
		{&input.Error{Field: "memo", Value: "", Want: input.WantMemo, Bound: "200"},
			`memo "": diharapkan keterangan 1-200 karakter, tanpa karakter kendali dan tanpa spasi di awal atau akhir`,
			`memo "": expected a memo of 1-200 characters, without control characters or leading or trailing spaces`},
		{&input.Error{Field: "period", Value: "2026-03", Want: input.WantEndedMonth, Bound: "2026-03-31"},
			`period "2026-03": bulan hanya dapat ditutup setelah berakhir: hari terakhirnya, 2026-03-31, harus sebelum hari ini`,
			`period "2026-03": a month can be closed only after it has ended: its last day, 2026-03-31, must be before today`},
		{&input.Error{Field: "account", Value: "9-9999", Want: input.WantKnownAccount},
			`account "9-9999": tidak ada akun dengan kode ini di bagan akun`,
			`account "9-9999": no account of the chart has this code`},
		{&input.Error{Field: "account", Value: "shu-current", Want: input.WantKnownAccount},
			`account "shu-current": tidak ada akun dengan peran ini di bagan akun`,
			`account "shu-current": no account of the chart has this role`},
		{&input.Error{Field: "line", Value: "0", Want: input.WantPolicyAmount},
			`line "0": diharapkan jumlah positif tanpa pecahan`,
			`line "0": expected a positive whole amount`},
	}
	for _, c := range cases {
		assert.Equal(t, c.id, id.Explain(c.err))
		assert.Equal(t, c.en, en.Explain(c.err))
	}
}

func date(y int, m time.Month, d int) calendar.Date { return calendar.MustNew(y, m, d) }

// books is a registered cooperative with the default chart, bank account
// 1-1200 closed on 31 March 2025, January to October 2024 and March 2025
// closed, and the year 2023 closed.
func books() cooperative.State {
	s := cooperative.State{ID: "kopdes-sukamaju", Name: "Kopdes Sukamaju", Chart: ledger.DefaultChart(date(2023, 1, 1))}
	s = cooperative.Evolve(s, cooperative.AccountClosed{Code: "1-1200", Balance: money.Zero(), On: date(2025, 3, 31)})
	for m := time.January; m <= time.October; m++ {
		s = cooperative.Evolve(s, cooperative.PeriodClosed{Period: ledger.Month{Year: 2024, Month: m}})
	}
	s = cooperative.Evolve(s, cooperative.PeriodClosed{Period: ledger.Month{Year: 2025, Month: time.March}})
	s = cooperative.Evolve(s, cooperative.YearClosed{Year: 2023, On: date(2023, 12, 31)})
	return s
}

type cashOnHand money.Amount

func (c cashOnHand) Lowest(string, calendar.Date) money.Amount { return money.Amount(c) }

func line(account string, side ledger.Side, amount int64) ledger.Line {
	return ledger.Line{Account: account, Side: side, Amount: money.New(amount)}
}

func TestExplainBooks(t *testing.T) {
	today := date(2025, 6, 10)
	cases := []struct {
		name   string
		cmd    cooperative.Command
		err    error // when cmd is nil
		id, en []string
	}{{
		name: "unbalanced",
		cmd: cooperative.PostJournal{Ref: "JU-001", Memo: "gaji Mei", On: date(2025, 6, 2), Today: today, Lines: []ledger.Line{
			line("5-1100", ledger.Debit, 1_500_000), line("1-1100", ledger.Credit, 1_250_000)}, Cash: cashOnHand(money.New(9_000_000))},
		id: []string{"debit Rp 1.500.000", "kredit Rp 1.250.000", "selisih Rp 250.000", "Tidak ada yang dicatat"},
		en: []string{"debits total Rp 1,500,000", "credits total Rp 1,250,000", "difference of Rp 250,000", "Nothing was recorded"},
	}, {
		name: "closed period",
		cmd: cooperative.PostJournal{Ref: "JU-002", Memo: "sewa", On: date(2025, 3, 15), Today: today, Lines: []ledger.Line{
			line("5-1100", ledger.Debit, 500_000), line("1-1100", ledger.Credit, 500_000)}, Cash: cashOnHand(money.New(9_000_000))},
		id: []string{"Periode 2025-03 sudah ditutup", "2025-03-15", `"lumbung period reopen 2025-03 --decision REF"`, "periode yang masih terbuka"},
		en: []string{"Period 2025-03 is closed", "2025-03-15", `"lumbung period reopen 2025-03 --decision REF"`, "open period"},
	}, {
		name: "closed account",
		cmd: cooperative.PostJournal{Ref: "JU-003", Memo: "biaya bank", On: date(2025, 4, 30), Today: today, Lines: []ledger.Line{
			line("5-1100", ledger.Debit, 10_000), line("1-1200", ledger.Credit, 10_000)}, Cash: cashOnHand(money.New(9_000_000))},
		id: []string{"Akun 1-1200 (Bank (giro/tabungan)) ditutup pada 2025-03-31", "2025-04-30"},
		en: []string{"Account 1-1200 (Bank (giro/tabungan)) was closed on 2025-03-31", "2025-04-30"},
	}, {
		name: "insufficient cash",
		cmd: cooperative.PostJournal{Ref: "JU-004", Memo: "beli inventaris", On: date(2025, 6, 1), Today: today, Lines: []ledger.Line{
			line("1-3400", ledger.Debit, 2_000_000), line("1-1100", ledger.Credit, 2_000_000)}, Cash: cashOnHand(money.New(1_250_000))},
		id: []string{"Akun 1-1100 (Kas)", "Rp 1.250.000", "2025-06-01", "Rp 2.000.000", "Tidak ada yang dicatat"},
		en: []string{"Account 1-1100 (Kas)", "Rp 1,250,000", "2025-06-01", "Rp 2,000,000", "Nothing was recorded"},
	}, {
		name: "account has balance",
		cmd:  cooperative.CloseAccount{Code: "1-1210", On: date(2025, 6, 1), Balance: money.New(1_250_000), Today: today},
		id:   []string{"Akun 1-1210 masih bersaldo Rp 1.250.000", "saldonya nol"},
		en:   []string{"Account 1-1210 still has a balance of Rp 1,250,000", "balance is zero"},
	}, {
		name: "account has role",
		cmd:  cooperative.CloseAccount{Code: "1-1100", On: date(2025, 6, 1), Balance: money.Zero(), Today: today},
		id:   []string{"Akun 1-1100 dipakai aturan pencatatan (peran cash)"},
		en:   []string{"Account 1-1100 is used by the posting rules (role cash)"},
	}, {
		name: "already closed",
		cmd:  cooperative.CloseAccount{Code: "1-1200", On: date(2025, 6, 1), Balance: money.Zero(), Today: today},
		id:   []string{"Akun 1-1200 sudah ditutup pada 2025-03-31."},
		en:   []string{"Account 1-1200 was already closed on 2025-03-31."},
	}, {
		name: "already reversed",
		cmd:  cooperative.ReverseJournal{Original: cooperative.JournalPosted{Ref: "JU-001", On: date(2025, 6, 2)}, Reversed: true, Reason: "salah akun", Today: today},
		id:   []string{`Jurnal "JU-001" sudah dikoreksi`},
		en:   []string{`Journal entry "JU-001" is already reversed`},
	}, {
		name: "year closed",
		cmd:  cooperative.ReopenPeriod{Period: ledger.Month{Year: 2023, Month: time.May}, Decision: "RP-2025-07"},
		id:   []string{"Tahun buku 2023 sudah ditutup"},
		en:   []string{"Financial year 2023 is closed"},
	}, {
		name: "year not ended",
		cmd:  cooperative.CloseYear{Year: 2025, Today: today},
		id:   []string{"Tahun buku 2025 belum berakhir", "2025-12-31"},
		en:   []string{"Financial year 2025 has not ended", "2025-12-31"},
	}, {
		name: "open months",
		cmd:  cooperative.CloseYear{Year: 2024, Today: today},
		id:   []string{"Tahun buku 2024", "2 bulan masih terbuka (2024-11, 2024-12)"},
		en:   []string{"Financial year 2024", "2 months are still open (2024-11, 2024-12)"},
	}, {
		name: "not registered",
		err:  cooperative.ErrNotRegistered,
		id:   []string{"belum terdaftar", `"lumbung init"`},
		en:   []string{"not registered", `"lumbung init"`},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.err
			if c.cmd != nil {
				_, err = cooperative.Decide(books(), c.cmd)
				require.Error(t, err)
			}
			// The layers above wrap the refusal with the operation and the key.
			err = fmt.Errorf("app: command to kopdes-sukamaju: %w", err)
			for lang, want := range map[i18n.Lang][]string{i18n.ID: c.id, i18n.EN: c.en} {
				got := i18n.New(lang).Explain(err)
				for _, w := range want {
					assert.Contains(t, got, w, "%s", lang)
				}
				assert.NotContains(t, got, "?", "%s: a figure was not found: %s", lang, got)
				assert.NotContains(t, got, "cooperative:", "%s: not translated: %s", lang, got)
				assert.NotContains(t, got, "ledger:", "%s: not translated: %s", lang, got)
			}
		})
	}
}

func TestExplainLoanWants(t *testing.T) {
	id, en := i18n.New(i18n.ID), i18n.New(i18n.EN)
	cases := []struct {
		err    *input.Error
		id, en string
	}{
		{&input.Error{Field: "months", Value: "36", Want: input.WantAtMost, Bound: "24"},
			`months "36": diharapkan paling banyak 24`,
			`months "36": expected at most 24`},
		{&input.Error{Field: "max_months", Value: "6", Want: input.WantAtLeast, Bound: "12"},
			`max_months "6": diharapkan paling sedikit 12`,
			`max_months "6": expected at least 12`},
		{&input.Error{Field: "rate_cap", Value: "-0.24", Want: input.WantRate},
			`rate_cap "-0.24": diharapkan pecahan desimal tidak negatif, ditulis dengan titik: 0.24 untuk 24 %`,
			`rate_cap "-0.24": expected a decimal share, not negative: 0.24 for 24%`},
		{&input.Error{Field: "order", Value: "pokok-dulu", Want: input.WantOrder},
			`order "pokok-dulu": diharapkan denda-bunga-pokok atau bunga-pokok-denda (urutan pembayaran denda, bunga dan pokok)`,
			`order "pokok-dulu": expected denda-bunga-pokok or bunga-pokok-denda (the order in which penalty, interest and principal are paid)`},
		{&input.Error{Field: "loan", Value: "PJ-001", Want: input.WantNewLoan},
			`loan "PJ-001": nomor pinjaman ini sudah dipakai pinjaman lain; pakai nomor yang belum dipakai`,
			`loan "PJ-001": this loan id is already used by another loan; use an id not used yet`},
		{&input.Error{Field: "role", Value: "Ketua", Want: input.WantRole},
			`role "Ketua": diharapkan peran dengan huruf kecil: admin, bendahara, teller, pengurus, ketua, pengawas, auditor atau anggota`,
			`role "Ketua": expected a role in lowercase: admin, bendahara, teller, pengurus, ketua, pengawas, auditor or anggota`},
	}
	for _, c := range cases {
		assert.Equal(t, c.id, id.Explain(c.err))
		assert.Equal(t, c.en, en.Explain(c.err))
	}
}

func rate(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// loanError returns the error of f, which must fail.
func loanError[T any](t *testing.T, f func() (T, error)) error {
	t.Helper()
	_, err := f()
	require.Error(t, err)
	return err
}

func TestExplainLoans(t *testing.T) {
	schedule, err := loan.Schedule(loan.Terms{Principal: money.New(1_000_000), AnnualRate: rate("0.24"), Months: 2, Method: loan.Flat, First: date(2025, 2, 1)}, 0)
	require.NoError(t, err)
	cases := []struct {
		name   string
		err    error
		id, en []string
	}{{
		name: "plafond",
		err:  &loan.PlafondError{Amount: money.New(60_000_000), Max: money.New(50_000_000)},
		id:   []string{"Pinjaman Rp 60.000.000", "plafon", "Rp 50.000.000", "Tidak ada yang dicatat"},
		en:   []string{"loan of Rp 60,000,000", "plafond", "Rp 50,000,000", "Nothing was recorded"},
	}, {
		name: "plafond of savings",
		err:  &loan.PlafondError{Amount: money.New(10_000_000), Max: money.New(6_250_000), Savings: money.New(2_500_000), Multiple: rate("2.5")},
		id:   []string{"Pinjaman Rp 10.000.000", "Rp 6.250.000", "2,5 kali simpanannya sebesar Rp 2.500.000"},
		en:   []string{"loan of Rp 10,000,000", "Rp 6,250,000", "2.5 times their savings of Rp 2,500,000"},
	}, {
		name: "lending limit",
		err: &loan.LimitError{Check: loan.LimitCheck{ModalSendiri: money.New(400_000_000), Exposure: money.New(65_000_000),
			Share: rate("0.15"), Limit: money.New(60_000_000)}},
		id: []string{"Rp 65.000.000", "batas maksimum pemberian pinjaman (BMPP) Rp 60.000.000", "15,00 % dari modal sendiri", "Rp 400.000.000", "Permenkop 8/2023"},
		en: []string{"Rp 65,000,000", "lending limit (BMPP) of Rp 60,000,000", "15.00% of the cooperative's own capital (modal sendiri) of Rp 400,000,000", "Permenkop 8/2023"},
	}, {
		name: "role",
		err:  &loan.RoleError{Role: "bendahara", Roles: []string{loan.RoleKetua, loan.RolePengawas}},
		id:   []string{"Peran bendahara tidak menyetujui", "persetujuan ketua dan pengawas"},
		en:   []string{"Role bendahara does not approve", "approval of ketua and pengawas"},
	}, {
		name: "approvals missing",
		err:  &loan.ApprovalsMissingError{Missing: []string{loan.RolePengurus, loan.RolePengawas}},
		id:   []string{"belum dapat dicairkan", "persetujuan pengurus dan pengawas belum dicatat"},
		en:   []string{"cannot be disbursed yet", "approval of pengurus and pengawas is not recorded"},
	}, {
		name: "rate cap",
		err:  &loan.RateCapError{Effective: rate("0.417"), AllIn: rate("0.4531234567"), Cap: rate("0.24")},
		id:   []string{"41,70 % setahun", "45,31 % dengan provisi", "batas 24,00 %", "--override KEPUTUSAN"},
		en:   []string{"41.70% a year", "45.31% with the provisi", "cap of 24.00%", "--override DECISION"},
	}, {
		name: "overpayment",
		err:  &loan.OverpaymentError{Amount: money.New(2_000_000), Owed: money.New(1_134_718)},
		id:   []string{"Pembayaran Rp 2.000.000", "Rp 1.134.718", "Tidak ada yang dicatat"},
		en:   []string{"payment of Rp 2,000,000", "Rp 1,134,718", "Nothing was recorded"},
	}, {
		name: "allowance short",
		err:  &loan.AllowanceShortError{Principal: money.New(4_500_000), Allowance: money.New(1_125_000)},
		id:   []string{"pokok pinjaman Rp 4.500.000", "cadangan saat ini Rp 1.125.000", `"lumbung loans review"`},
		en:   []string{"principal of Rp 4,500,000", "allowance holds Rp 1,125,000", `"lumbung loans review"`},
	}, {
		name: "terms: principal",
		err:  (loan.Terms{Principal: money.New(0), AnnualRate: rate("0.24"), Months: 12, Method: loan.Flat, First: date(2025, 2, 1)}).Check(0),
		id:   []string{`principal "0"`, "lebih dari nol", "kelipatan Rp 1"},
		en:   []string{`principal "0"`, "greater than zero", "multiple of Rp 1"},
	}, {
		name: "terms: rate",
		err:  (loan.Terms{Principal: money.New(1_000_000), AnnualRate: rate("1.5"), Months: 12, Method: loan.Flat, First: date(2025, 2, 1)}).Check(0),
		id:   []string{`annual_rate "1.5"`, "dari 0 sampai 1", "0.24 untuk 24 %", "10 angka desimal"},
		en:   []string{`annual_rate "1.5"`, "from 0 to 1", "0.24 for 24%", "10 decimals"},
	}, {
		name: "terms: months",
		err:  (loan.Terms{Principal: money.New(1_000_000), AnnualRate: rate("0.24"), Months: 601, Method: loan.Flat, First: date(2025, 2, 1)}).Check(0),
		id:   []string{`months "601"`, "1 sampai 600 bulan"},
		en:   []string{`months "601"`, "1 to 600 months"},
	}, {
		name: "method",
		err:  loanError(t, func() (loan.Method, error) { return loan.ParseMethod("efektif") }),
		id:   []string{`metode "efektif"`, "flat, menurun (efektif) atau anuitas"},
		en:   []string{`method "efektif"`, "flat, menurun (declining balance) or anuitas (annuity)"},
	}, {
		name: "rate: fees absorb",
		err: loanError(t, func() (decimal.Decimal, error) {
			return loan.EffectiveAnnualRate(money.New(1_000_000), money.New(1_000_000), schedule)
		}),
		id: []string{"Provisi dan biaya administrasi Rp 1.000.000", "pokok pinjaman Rp 1.000.000", "tidak ada yang dicairkan"},
		en: []string{"fees, Rp 1,000,000", "principal of Rp 1,000,000", "nothing would be disbursed"},
	}, {
		name: "rate: not repaid",
		err: loanError(t, func() (decimal.Decimal, error) {
			return loan.EffectiveAnnualRate(money.New(1_500_000), money.Zero(), schedule)
		}),
		id: []string{"melunasi pokok Rp 1.000.000", "bukan pokok pinjaman Rp 1.500.000"},
		en: []string{"repays a principal of Rp 1,000,000", "not the loan's principal of Rp 1,500,000"},
	}, {
		name: "rate: negative part",
		err:  &loan.RateError{Problem: loan.RateNegativePart, Principal: money.New(1_000_000), Fees: money.Zero(), Repaid: money.Zero(), N: 3},
		id:   []string{"Angsuran ke-3"},
		en:   []string{"Instalment 3"},
	}, {
		name: "not applied",
		err:  loan.ErrNotApplied,
		id:   []string{"Tidak ada pengajuan pinjaman"},
		en:   []string{"no loan application"},
	}, {
		name: "already decided",
		err:  fmt.Errorf("%w: %s is %s", loan.ErrAlreadyDecided, "PJ-001", loan.StatusRejected),
		id:   []string{"Pengajuan pinjaman PJ-001 sudah diputuskan (ditolak)"},
		en:   []string{"Loan application PJ-001 is decided already (rejected)"},
	}, {
		name: "not active",
		err:  fmt.Errorf("%w: %s is %s", loan.ErrNotActive, "PJ-001", loan.StatusClosed),
		id:   []string{"Pinjaman PJ-001 tidak aktif (lunas)"},
		en:   []string{"Loan PJ-001 is not active (repaid)"},
	}, {
		name: "already disbursed",
		err:  fmt.Errorf("%w: %s", loan.ErrAlreadyDisbursed, "PJ-001"),
		id:   []string{"Pinjaman PJ-001 sudah dicairkan"},
		en:   []string{"Loan PJ-001 is disbursed already"},
	}, {
		name: "not written off",
		err:  fmt.Errorf("%w: %s is %s", loan.ErrNotWrittenOff, "PJ-001", loan.StatusActive),
		id:   []string{"Pinjaman PJ-001 tidak dihapusbukukan (aktif)"},
		en:   []string{"Loan PJ-001 is not written off (active)"},
	}, {
		name: "self approval",
		err:  fmt.Errorf("%w: %s", loan.ErrSelfApproval, "siti"),
		id:   []string{"siti mencatat pengajuan pinjaman ini", "orang yang berbeda"},
		en:   []string{"siti recorded this loan application", "maker-checker"},
	}, {
		name: "own request",
		err:  fmt.Errorf("%w: siti recorded loan PJ-1", access.ErrOwnRequest),
		id:   []string{"siti mencatat pengajuan pinjaman PJ-1 dan tidak dapat memutuskannya sendiri", "maker-checker"},
		en:   []string{"siti recorded the application of loan PJ-1 and cannot decide it", "maker-checker"},
	}, {
		name: "role approved already",
		err:  fmt.Errorf("%w: %s by %s", loan.ErrRoleApprovedAlready, loan.RoleKetua, "budi"),
		id:   []string{"Peran ketua sudah menyetujui pinjaman ini (oleh budi)"},
		en:   []string{"Role ketua approved this loan already (by budi)"},
	}, {
		name: "approver approved already",
		err:  fmt.Errorf("%w: %s approved as %s", loan.ErrRoleApprovedAlready, "budi", loan.RoleKetua),
		id:   []string{"budi sudah menyetujui pinjaman ini sebagai ketua"},
		en:   []string{"budi approved this loan already as ketua"},
	}, {
		name: "exit with loans",
		err:  &member.LoanOutstandingError{Member: "A-001", Outstanding: money.New(1_500_000), Refunds: money.New(650_000)},
		id:   []string{"Anggota A-001", "Rp 1.500.000", "Rp 650.000"},
		en:   []string{"Member A-001", "Rp 1,500,000", "Rp 650,000"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Error(t, c.err)
			err := fmt.Errorf("app: loan PJ-001 of kopdes-sukamaju: %w", c.err)
			for lang, want := range map[i18n.Lang][]string{i18n.ID: c.id, i18n.EN: c.en} {
				got := i18n.New(lang).Explain(err)
				for _, w := range want {
					assert.Contains(t, got, w, "%s", lang)
				}
				assert.NotContains(t, got, "?", "%s: a figure was not found: %s", lang, got)
				assert.NotContains(t, got, "loan:", "%s: not translated: %s", lang, got)
				assert.NotContains(t, got, "%!", "%s: bad format: %s", lang, got)
			}
		})
	}
}
