package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	ldg "github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// compliance draws the compliance report of the loans scenario at the
// end of on, with the Neraca of the same date for the independent
// figures.
func (sc loansScenario) compliance(t *testing.T, lang i18n.Lang, on calendar.Date) (st, neraca report.Statement) {
	t.Helper()
	members := balances.New()
	_, err := projector.New(sc.store, nil).Rebuild(t.Context(), members)
	require.NoError(t, err)
	in := report.ComplianceInput{Loans: sc.loanBookAt(t, on), Members: members.Balances(loansCoop, on), Rules: prudential.Default()}
	err = sc.svc.Ledger(t.Context(), loansCoop, func(b *generalledger.Books) {
		st = report.Compliance(i18n.New(lang), b, loansName, in)
		neraca = report.Neraca(i18n.New(lang), b, loansName, report.Period{AsOf: on})
	})
	require.NoError(t, err)
	return st, neraca
}

// result returns the result cell of a rule's line.
func result(t *testing.T, st report.Statement, key string) string { return textOf(t, st, key)[2] }

// passes says what a rule's result must read, from the exact test
// amount ≤ share × base done here on the figures.
func passes(amount, base money.Amount, share string) string {
	if amount.Decimal().Cmp(base.Decimal().Mul(decimal.RequireFromString(share))) <= 0 {
		return "memenuhi"
	}
	return "MELANGGAR"
}

func TestComplianceReports(t *testing.T) {
	sc := buildLoans(t)
	ctx := t.Context()
	rendered := map[string][]byte{}
	render := func(name string, lang i18n.Lang, st report.Statement) {
		var buf bytes.Buffer
		require.NoError(t, report.StatementText(&buf, i18n.New(lang), st))
		rendered[name] = buf.Bytes()
	}

	// 30 September 2025: before the loss and before PJ-008, every limit
	// that can be checked is met.
	sep, _ := sc.compliance(t, i18n.ID, loansSep)
	render("kepatuhan-sep.id", i18n.ID, sep)
	for _, l := range sep.Lines {
		if strings.HasPrefix(l.Key, "rule:") {
			require.NotEqual(t, "MELANGGAR", l.Text[2], l.Key)
		}
	}
	require.Equal(t, "belum dapat dinilai", result(t, sep, "rule:modal-floor"), "the first year has not ended")
	require.Equal(t, "tidak diketahui", result(t, sep, "rule:savings-rate"))

	// 31 December 2025: the loss of November took modal sendiri below
	// what PJ-001 (11.250.000 outstanding) was approved against.
	ye, neraca := sc.compliance(t, i18n.ID, loansYearEnd)
	en, _ := sc.compliance(t, i18n.EN, loansYearEnd)
	render("kepatuhan.id", i18n.ID, ye)
	render("kepatuhan.en", i18n.EN, en)
	var j, c bytes.Buffer
	require.NoError(t, report.StatementAsJSON(&j, ye))
	require.NoError(t, report.StatementCSV(&c, ye))
	rendered["kepatuhan.json"], rendered["kepatuhan.csv"] = j.Bytes(), c.Bytes()
	modal := values(t, neraca, "total_ekuitas")[0] // no penyertaan, no other equity: all of it is modal sendiri
	require.Equal(t, modal.String(), values(t, ye, "modal_sendiri")[0].String())
	require.Equal(t, values(t, neraca, "total_aset")[0].String(), values(t, ye, "total_aset")[0].String())
	require.Equal(t, "MELANGGAR", passes(idr(11_250_000), modal, "0.15"), "the scenario's failing limit")
	require.Equal(t, "MELANGGAR", result(t, ye, "rule:bmpp-borrower"))
	requireIDR(t, 11_250_000, values(t, ye, "rule:bmpp-borrower")[0])
	require.Equal(t, passes(idr(8_000_000), modal, "0.10"), result(t, ye, "rule:bmpp-related"), "PJ-008, 8.000.000 outstanding")
	require.Equal(t, passes(idr(100_000), modal, "0.20"), result(t, ye, "rule:member-capital"))
	require.Equal(t, "memenuhi", result(t, ye, "rule:loan-rate:umum"))
	require.Equal(t, "18,00 %", textOf(t, ye, "rule:loan-rate:umum")[0], "menurun: the nominal rate is the effective rate")
	require.Equal(t, "memenuhi", result(t, ye, "rule:modal-floor"), "compared with itself on the first year end")
	failed := 0
	for _, l := range ye.Lines {
		if strings.HasPrefix(l.Key, "rule:") && l.Text[2] == "MELANGGAR" {
			failed++
		}
	}
	require.Equal(t, "MELANGGAR", passes(idr(8_000_000), modal, "0.10"), "PJ-008 is over the related parties' limit too")
	require.Equal(t, 2, failed)
	require.Contains(t, strings.Join(ye.Notes, "\n"), "PERINGATAN: 2 aturan dilanggar.")
	require.Contains(t, ye.Subtitle, "permenkop-8-2023+2-2024")

	// 2 January 2026: a bank loan of 100.000.000, modal penyertaan of
	// 20.000.000, Siti's wajib of 20.000.000 and a flat product at 24 %.
	jan := calendar.MustNew(2026, time.January, 2)
	for _, e := range []app.Journal{
		{Ref: "JU-BANK-2026", Memo: "Pinjaman bank", On: jan, Lines: lines(dr(acctBank, 100_000_000, unitSP), cr("2-2100", 100_000_000, unitSP))},
		{Ref: "JU-PENYERTAAN-2026", Memo: "Modal penyertaan pemda", On: jan, Lines: lines(dr(acctBank, 20_000_000, unitSP), cr("3-4100", 20_000_000, unitSP))},
	} {
		_, err := sc.svc.PostJournal(ctx, "bendahara", loansCoop, "", e)
		require.NoError(t, err)
	}
	_, err := sc.svc.Deposit(ctx, "kasir", loansCoop, "M001", savings.Wajib, idr(20_000_000), jan, "KW-WAJIB-2026")
	require.NoError(t, err)
	kilat := umumProduct()
	kilat.Code, kilat.Name, kilat.Method, kilat.AnnualRate = "kilat", "Pinjaman kilat", loan.Flat, decimal.New(24, -2)
	_, err = sc.svc.DefineProduct(ctx, "bendahara", loansCoop, kilat, calendar.MustNew(2026, time.January, 1))
	require.NoError(t, err)

	fail, neraca := sc.compliance(t, i18n.ID, jan)
	render("kepatuhan-2026.id", i18n.ID, fail)
	assets := values(t, neraca, "total_aset")[0]
	modal = values(t, neraca, "total_ekuitas")[0].Sub(idr(20_000_000))
	require.Equal(t, modal.String(), values(t, fail, "modal_sendiri")[0].String())
	require.Equal(t, passes(idr(100_000_000), assets, "0.40"), result(t, fail, "rule:borrowing"))
	require.Equal(t, "MELANGGAR", result(t, fail, "rule:borrowing"))
	require.Equal(t, passes(idr(20_000_000), assets, "0.25"), result(t, fail, "rule:penyertaan"))
	require.Equal(t, passes(idr(20_100_000), modal, "0.20"), result(t, fail, "rule:member-capital"))
	require.Equal(t, "MELANGGAR", result(t, fail, "rule:member-capital"))
	requireIDR(t, 20_100_000, values(t, fail, "rule:member-capital")[0])
	require.Contains(t, labelOf(t, fail, "rule:member-capital"), "M001 Siti Rahayu")
	require.Equal(t, "MELANGGAR", result(t, fail, "rule:loan-rate:kilat"), "24 % flat is about 42 % effective")
	flat, err := decimal.NewFromString(strings.TrimSuffix(strings.Replace(textOf(t, fail, "rule:loan-rate:kilat")[0], ",", ".", 1), " %"))
	require.NoError(t, err)
	require.True(t, flat.GreaterThan(decimal.NewFromInt(40)) && flat.LessThan(decimal.NewFromInt(45)), "flat 24 %% over 12 months: %s", flat)
	require.Equal(t, "memenuhi", result(t, fail, "rule:modal-floor"), "modal sendiri rose with the wajib")

	// The regulatory calendar of 2025 as of the scenario's today: the
	// quarterly reports past, the annual report and the RAT to come.
	err = sc.svc.Ledger(ctx, loansCoop, func(b *generalledger.Books) {
		for _, lang := range []i18n.Lang{i18n.ID, i18n.EN} {
			st := report.RegulatoryCalendar(i18n.New(lang), b, loansName, report.CalendarInput{Year: 2025, AsOf: jan, Rules: prudential.Default()})
			render("kalender-2025."+string(lang), lang, st)
		}
	})
	require.NoError(t, err)

	for name, data := range rendered {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, data, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./internal/report -run TestComplianceReports -update to write it")
			require.Equal(t, string(want), string(data))
		})
	}
}

func lines(l ...ldg.Line) []ldg.Line { return l }
