package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// workedYear is the KSP of domain.md §3.5 after its RAT: Siti and Budi,
// the other members together, the computation approved and distributed.
func workedYear(t *testing.T) *cooperative.YearEnd {
	t.Helper()
	rp := func(n int64) money.Amount { return money.New(n) }
	f := shu.Figures{
		Year: 2025, BeforeTax: rp(205_000_000), Tax: rp(5_000_000), NonMember: rp(10_000_000), CapitalDivisor: 1,
		Members: []shu.Member{
			{ID: "A-001", Name: "Siti", Capital: rp(2_500_000), Patronage: []money.Amount{rp(3_360_000)}},
			{ID: "A-002", Name: "Budi", Capital: rp(1_300_000), Patronage: []money.Amount{rp(1_234_567)}},
			{ID: "A-REST", Name: "Anggota lain", Capital: rp(946_200_000), Patronage: []money.Amount{rp(475_405_433)}, Exited: calendar.MustNew(2025, time.June, 30)},
		},
	}
	r, err := shu.Compute(shu.Default(), f)
	require.NoError(t, err)
	c := cooperative.SHUComputed{Year: 2025, PolicyVersion: 1, Policy: shu.Default(), Figures: f, Result: r,
		Statements: "b00c5e1f7a0d4c2e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e", On: calendar.MustNew(2026, time.February, 2)}
	c.Members, c.Shares = len(f.Members), cooperative.SharesDigest(f.Members, r.Payouts)
	c.Digest = c.Fingerprint()
	s := cooperative.State{}
	for _, e := range []cooperative.Event{
		c,
		cooperative.RATConvened{Year: 2025, Members: 3, Quorum: shu.Default().Quorum, Required: 2, On: calendar.MustNew(2026, time.March, 14)},
		cooperative.RATAttendanceRecorded{Year: 2025, Members: []cooperative.Attendance{{Member: "A-001", Mode: cooperative.Present}, {Member: "A-002", Mode: cooperative.Online}}, On: calendar.MustNew(2026, time.March, 14)},
		cooperative.RATResolution{Year: 2025, Kind: cooperative.ApproveStatements, For: 2, Attending: 2, Carried: true, On: calendar.MustNew(2026, time.March, 14)},
		cooperative.RATResolution{Year: 2025, Kind: cooperative.ApproveSHU, For: 2, Attending: 2, Carried: true, SHU: c.Fingerprint(), Payout: cooperative.PayoutSukarela, On: calendar.MustNew(2026, time.March, 14)},
		cooperative.SHUDistributed{Year: 2025, SHU: c.Fingerprint(), Payout: cooperative.PayoutSukarela, On: calendar.MustNew(2026, time.March, 16)},
	} {
		s = cooperative.Evolve(s, e)
	}
	return s.Year(2025)
}

func TestSHUReportsGolden(t *testing.T) {
	y := workedYear(t)
	const name = "KSP Contoh"
	id, en := i18n.New(i18n.ID), i18n.New(i18n.EN)
	slip, ok := report.SHUSlip(id, name, y, "A-002")
	require.True(t, ok)
	slipEN, _ := report.SHUSlip(en, name, y, "A-001")
	_, ok = report.SHUSlip(id, name, y, "X-9")
	assert.False(t, ok)
	renders := map[string]func(*bytes.Buffer) error{
		"shu.id":           func(w *bytes.Buffer) error { return report.StatementText(w, id, report.SHUCalculation(id, name, y)) },
		"shu.en":           func(w *bytes.Buffer) error { return report.StatementText(w, en, report.SHUCalculation(en, name, y)) },
		"shu.json":         func(w *bytes.Buffer) error { return report.StatementAsJSON(w, report.SHUCalculation(id, name, y)) },
		"shu-members.id":   func(w *bytes.Buffer) error { return report.StatementText(w, id, report.SHUList(id, name, y)) },
		"shu-members.csv":  func(w *bytes.Buffer) error { return report.StatementCSV(w, report.SHUList(id, name, y)) },
		"shu-slip-budi.id": func(w *bytes.Buffer) error { return report.StatementText(w, id, slip) },
		"shu-slip-siti.en": func(w *bytes.Buffer) error { return report.StatementText(w, en, slipEN) },
		"rat.id":           func(w *bytes.Buffer) error { return report.StatementText(w, id, report.RATRecord(id, name, y)) },
	}
	for golden, render := range renders {
		t.Run(golden, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, render(&buf))
			path := filepath.Join("testdata", golden+".golden")
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./internal/report -update to write it")
			require.Equal(t, string(want), buf.String())
		})
	}
	// The figures of §3.5 on the list: Siti 407,500; Budi 161,170.
	var csv bytes.Buffer
	require.NoError(t, report.StatementCSV(&csv, report.SHUList(id, name, y)))
	assert.Contains(t, csv.String(), "407500")
	assert.Contains(t, csv.String(), "161170")
}

func TestSHUListSpreadsheetAndPDF(t *testing.T) {
	y := workedYear(t)
	p := i18n.New(i18n.ID)
	list := report.SHUList(p, "KSP Contoh", y)
	var x bytes.Buffer
	require.NoError(t, report.StatementXLSX(&x, list))
	book, err := excelize.OpenReader(&x)
	require.NoError(t, err)
	rows, err := book.GetRows(book.GetSheetName(0))
	require.NoError(t, err)
	found := false
	for _, r := range rows {
		for _, cell := range r {
			found = found || cell == "407500" || cell == "407,500"
		}
	}
	assert.True(t, found, "Siti's 407,500 is in the spreadsheet: %v", rows)
	var pdf bytes.Buffer
	require.NoError(t, report.StatementPDF(&pdf, p, list))
	assert.True(t, bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")))
}
