package report_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	ldg "github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// Edge cases of the books: small books kept
// through the service on a real SQLite file, registered on 1 January
// 2026 and read on 1 March 2026 (booksClock).

const edgeCoop = "kop-tinjau"

// edgeService returns a service on a fresh store with the cooperative
// registered.
func edgeService(t *testing.T) *app.Service {
	t.Helper()
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "tinjau.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: booksClock, NewID: sequentialIDs()})
	_, err = svc.Register(ctx, "bendahara", cooperative.Register{
		Coop: edgeCoop, Name: "Koperasi Tinjau", On: d26(time.January, 1),
		Policy: policy.Default(idr(100_000), idr(25_000)),
	})
	require.NoError(t, err)
	return svc
}

func edgeAccount(t *testing.T, svc *app.Service, a ldg.Account) {
	t.Helper()
	_, err := svc.AddAccount(t.Context(), "bendahara", edgeCoop, a)
	require.NoError(t, err)
}

func edgeJournal(t *testing.T, svc *app.Service, ref string, on calendar.Date, lines ...ldg.Line) {
	t.Helper()
	_, err := svc.PostJournal(t.Context(), "bendahara", edgeCoop, "", app.Journal{Ref: ref, Memo: ref, On: on, Lines: lines})
	require.NoError(t, err, ref)
}

// edgeLedger calls fn with the cooperative's caught-up books.
func edgeLedger(t *testing.T, svc *app.Service, fn func(b *generalledger.Books)) {
	t.Helper()
	require.NoError(t, svc.Ledger(t.Context(), edgeCoop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		fn(b)
	}))
}

// TestContraAccountsSubtract: a contra revenue account (sales returns)
// takes away from revenue in the hasil usaha, and a contra equity account
// (prive) from equity in the statement of changes in equity, so that both
// agree with the neraca.
func TestContraAccountsSubtract(t *testing.T) {
	svc := edgeService(t)
	edgeAccount(t, svc, ldg.Account{Code: "4-3900", Name: "Retur penjualan", NameEN: "Sales returns", Class: ldg.Revenue, Contra: true, Group: "4-3", Flow: ldg.Operating})
	edgeAccount(t, svc, ldg.Account{Code: "3-9900", Name: "Prive", NameEN: "Drawings", Class: ldg.Equity, Contra: true, Group: "3", Flow: ldg.Financing})
	edgeJournal(t, svc, "JU-JUAL", d26(time.January, 10), dr(acctKas, 1_000, unitToko), cr("4-3100", 1_000, unitToko, ldg.Member))
	edgeJournal(t, svc, "JU-RETUR", d26(time.January, 15), dr("4-3900", 100, unitToko, ldg.Member), cr(acctKas, 100, unitToko))
	edgeJournal(t, svc, "JU-PRIVE", d26(time.January, 20), dr("3-9900", 50, unitSP), cr(acctKas, 50, unitSP))

	asOf, compare := d26(time.February, 28), d26(time.January, 25)
	p := i18n.New(i18n.ID)
	var hu, neraca, ek report.Statement
	edgeLedger(t, svc, func(b *generalledger.Books) {
		hu = report.HasilUsaha(p, b, "Koperasi Tinjau", report.Period{AsOf: asOf})
		neraca = report.Neraca(p, b, "Koperasi Tinjau", report.Period{AsOf: asOf, Compare: compare})
		ek = report.Ekuitas(p, b, "Koperasi Tinjau", report.Period{AsOf: asOf, Compare: compare})
	})

	t.Run("neraca", func(t *testing.T) {
		// Kas 850 against equity of 900 less 50 of prive.
		requireIDR(t, 850, values(t, neraca, "total_aset")[0])
		requireIDR(t, -50, values(t, neraca, "account:3-9900")[0])
		requireIDR(t, 900, values(t, neraca, "shu_unclosed")[0])
		requireIDR(t, 850, values(t, neraca, "total_ekuitas")[0])
		requireIDR(t, 850, values(t, neraca, "total_liabilitas_ekuitas")[0])
		require.Empty(t, neraca.Notes)
	})

	t.Run("hasil usaha", func(t *testing.T) {
		// 1,000 of sales less 100 of returns.
		requireIDR(t, -100, values(t, hu, "account:4-3900:member")[0], "returns take away from revenue")
		requireIDR(t, 900, values(t, hu, "subtotal:member")[0])
		requireIDR(t, 900, values(t, hu, "total_pendapatan")[0])
		requireIDR(t, 900, values(t, hu, "shu_setelah_pajak")[0])
		require.Equal(t, values(t, neraca, "shu_unclosed")[0].String(), values(t, hu, "shu_setelah_pajak")[0].String(),
			"the hasil usaha's SHU is the neraca's surplus not yet closed")
		require.Equal(t, values(t, hu, "shu_setelah_pajak")[0].String(),
			values(t, hu, "shu_anggota")[0].Add(values(t, hu, "shu_non_anggota")[0]).String(), "the split adds up")
	})

	t.Run("ekuitas", func(t *testing.T) {
		// Opening, increases, decreases, closing, compared.
		prive := values(t, ek, "account:3-9900")
		require.Len(t, prive, 5)
		for i, want := range []int64{0, 0, 50, -50, -50} {
			requireIDR(t, want, prive[i], "prive column %d", i)
		}
		total := values(t, ek, "total_ekuitas")
		require.Equal(t, total[3].String(), total[0].Add(total[1]).Sub(total[2]).String(), "opening + increases - decreases = closing")
		require.Equal(t, values(t, neraca, "total_ekuitas")[0].String(), total[3].String(), "the closing equity is the neraca's")
		require.Equal(t, values(t, neraca, "total_ekuitas")[1].String(), total[4].String(), "the compared equity is the neraca's")
		requireIDR(t, 850, total[3])
	})
}

// TestArusKasOfAMixedEntry: a receivable settled with cash and a
// discount received the cash from the receivable only; the discount
// moved no cash. The statement's parts sum to the net cash.
func TestArusKasOfAMixedEntry(t *testing.T) {
	svc := edgeService(t)
	edgeJournal(t, svc, "JU-PIUTANG", d26(time.January, 10), dr("1-1800", 1_000, unitSP), cr("4-3100", 1_000, unitSP))
	edgeJournal(t, svc, "JU-LUNAS", d26(time.January, 20), dr(acctKas, 900, unitSP), dr("5-9100", 100, unitSP), cr("1-1800", 1_000, unitSP))

	p := i18n.New(i18n.ID)
	period := report.Period{AsOf: d26(time.February, 28)}
	check := func(t *testing.T, st report.Statement, cash int64) {
		t.Helper()
		opening, net, closing := values(t, st, "cash_opening")[0], values(t, st, "net_change")[0], values(t, st, "cash_closing")[0]
		requireIDR(t, 0, opening)
		requireIDR(t, cash, closing)
		require.Equal(t, closing.String(), opening.Add(net).String(), "opening cash plus the net flow is closing cash")
		require.Equal(t, net.String(), values(t, st, "net:operating")[0].Add(values(t, st, "net:investing")[0]).Add(values(t, st, "net:financing")[0]).String())
		require.Empty(t, st.Notes)
	}
	edgeLedger(t, svc, func(b *generalledger.Books) {
		st := report.ArusKas(p, b, "Koperasi Tinjau", period)
		requireIDR(t, 900, values(t, st, "in:1-1800")[0])
		require.False(t, hasLine(st, "out:5-9100"), "the discount moved no cash")
		require.False(t, hasLine(st, "in:5-9100"))
		require.False(t, hasLine(st, "in:4-3100"), "the sale on credit moved no cash")
		requireIDR(t, 900, values(t, st, "net:operating")[0])
		check(t, st, 900)
	})

	// Three accounts on the other side and an odd amount: the shares
	// 333.33, 332.34 and 335.33 of 1,001 round by largest remainder.
	edgeJournal(t, svc, "JU-TIGA", d26(time.January, 25),
		dr(acctKas, 1_001, unitSP), dr("5-9100", 2, unitSP),
		cr("1-1800", 334, unitSP), cr("4-3100", 333, unitSP), cr("4-9100", 336, unitSP))
	edgeLedger(t, svc, func(b *generalledger.Books) {
		st := report.ArusKas(p, b, "Koperasi Tinjau", period)
		requireIDR(t, 900+333, values(t, st, "in:1-1800")[0])
		requireIDR(t, 333, values(t, st, "in:4-3100")[0])
		requireIDR(t, 335, values(t, st, "in:4-9100")[0])
		require.False(t, hasLine(st, "out:5-9100"))
		requireIDR(t, 1_901, values(t, st, "net:operating")[0])
		check(t, st, 1_901)
	})
}
