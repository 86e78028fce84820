package report

import (
	"fmt"
	"io"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// Growth is the membership over a year: at its start, admitted, exited,
// at its end, and at each month's end.
type Growth struct {
	Start, Admitted, Exited, End int
	MonthEnd                     [12]int
}

// Pack is what the RAT pack is made of, read by the caller.
type Pack struct {
	Name string
	Year int
	// Books is the general ledger; YearEnd the year's SHU and RAT; Loans
	// the loan book at the year's end; Growth the membership.
	Books   *generalledger.Books
	YearEnd *cooperative.YearEnd
	Loans   LoanBook
	Growth  Growth
	// Seal is the digest of the year's books (what the SHU was computed
	// from), printed on the cover.
	Seal string
}

// RATPack writes the pack presented to the RAT as one PDF: a cover; the
// statements at the year's end against the prior year's; the SHU
// calculation and the list of members' shares; the loan portfolio;
// member growth; charts of membership, savings and loans over the year;
// and the RAT's attendance and resolutions when it is recorded.
func RATPack(w io.Writer, p i18n.Printer, pk Pack) error {
	d := NewDocument(p)
	end := calendar.MustNew(pk.Year, time.December, 31)
	period := Period{AsOf: end, Compare: PriorYearEnd(end)}
	cover := []string{pk.Name, fmt.Sprintf(p.T("Tahun buku %d (1 Januari – 31 Desember %d)", "Financial year %d (1 January – 31 December %d)"), pk.Year, pk.Year)}
	if y := pk.YearEnd; y != nil && y.Meeting != nil {
		cover = append(cover, fmt.Sprintf(p.T("Rapat Anggota Tahunan, %s", "Annual Members' Meeting, %s"), p.Date(y.Meeting.On)))
	}
	if y := pk.YearEnd; y != nil && y.Computed != nil {
		cover = append(cover, p.T("Kode perhitungan SHU: ", "SHU computation digest: ")+y.Fingerprint)
	}
	cover = append(cover, p.T("Ringkasan buku: ", "Digest of the books: ")+pk.Seal)
	d.Cover(p.T("Buku Laporan Rapat Anggota Tahunan", "Annual Members' Meeting Report"), fmt.Sprintf(p.T("Tahun Buku %d", "Financial Year %d"), pk.Year), cover)

	for _, st := range []Statement{
		Neraca(p, pk.Books, pk.Name, period),
		HasilUsaha(p, pk.Books, pk.Name, period),
		Ekuitas(p, pk.Books, pk.Name, period),
		ArusKas(p, pk.Books, pk.Name, period),
	} {
		if err := d.Statement(st); err != nil {
			return err
		}
	}
	if y := pk.YearEnd; y != nil && y.Computed != nil {
		if err := d.Statement(SHUCalculation(p, pk.Name, y)); err != nil {
			return err
		}
		if err := d.Statement(SHUList(p, pk.Name, y)); err != nil {
			return err
		}
	}
	if err := d.Statement(LoanPortfolio(p, pk.Books, pk.Name, pk.Loans)); err != nil {
		return err
	}
	if err := d.Statement(growthStatement(p, pk)); err != nil {
		return err
	}
	for _, c := range packCharts(p, pk) {
		if err := d.Chart(c); err != nil {
			return err
		}
	}
	if y := pk.YearEnd; y != nil && y.Meeting != nil {
		if err := d.Statement(RATRecord(p, pk.Name, y)); err != nil {
			return err
		}
	}
	return d.Write(w)
}

func growthStatement(p i18n.Printer, pk Pack) Statement {
	g := pk.Growth
	col := Column{Label: p.T("Anggota", "Members"), From: calendar.MustNew(pk.Year, 1, 1), To: calendar.MustNew(pk.Year, 12, 31)}
	n := func(i int) []money.Amount { return []money.Amount{money.New(int64(i))} }
	return Statement{
		Kind: "member-growth", Cooperative: pk.Name, Title: p.T("Perkembangan Anggota", "Member Growth"),
		Subtitle: fmt.Sprintf(p.T("tahun buku %d", "financial year %d"), pk.Year), Columns: []Column{col},
		Lines: []Line{
			{Key: "awal", Label: p.T("Anggota awal tahun", "Members at the start of the year"), Style: Item, Values: n(g.Start)},
			{Key: "masuk", Label: p.T("Anggota masuk", "Admitted"), Level: 1, Style: Item, Values: n(g.Admitted)},
			{Key: "keluar", Label: p.T("Anggota keluar", "Left"), Level: 1, Style: Item, Values: n(g.Exited)},
			{Key: "akhir", Label: p.T("Anggota akhir tahun", "Members at the end of the year"), Style: Total, Values: n(g.End)},
		},
	}
}

// packCharts draws the year month by month: members, savings by product
// and loans outstanding, each at the month's end, from the ledger.
func packCharts(p i18n.Printer, pk Pack) []BarChart {
	labels := make([]string, 12)
	ends := make([]calendar.Date, 12)
	for m := time.January; m <= time.December; m++ {
		ends[m-1] = calendar.MustNew(pk.Year, m, 1).MonthEnd()
		labels[m-1] = shortMonth(p, m)
	}
	members := Series{Name: p.T("Anggota", "Members"), Values: make([]money.Amount, 12)}
	for i, n := range pk.Growth.MonthEnd {
		members.Values[i] = money.New(int64(n))
	}
	balance := func(role ledger.Role) []money.Amount {
		out := make([]money.Amount, 12)
		a, ok := pk.Books.State.Chart.ByRole(role)
		for i, e := range ends {
			out[i] = money.Zero()
			if ok {
				out[i] = pk.Books.Balance(a.Code, generalledger.Filter{To: e, Closing: true})
			}
		}
		return out
	}
	savings := []Series{
		{Name: p.T("Pokok", "Pokok"), Values: balance(ledger.RolePokok)},
		{Name: p.T("Wajib", "Wajib"), Values: balance(ledger.RoleWajib)},
		{Name: p.T("Sukarela", "Sukarela"), Values: balance(ledger.RoleSukarela)},
	}
	loans := Series{Name: p.T("Sisa pokok pinjaman", "Loans outstanding"), Values: balance(ledger.RoleLoans)}
	return []BarChart{
		{Title: fmt.Sprintf(p.T("Jumlah anggota akhir bulan, %d", "Members at each month's end, %d"), pk.Year), Labels: labels, Series: []Series{members}},
		{Title: fmt.Sprintf(p.T("Simpanan anggota akhir bulan, %d", "Members' savings at each month's end, %d"), pk.Year), Labels: labels, Series: savings},
		{Title: fmt.Sprintf(p.T("Pinjaman beredar akhir bulan, %d", "Loans outstanding at each month's end, %d"), pk.Year), Labels: labels, Series: []Series{loans}},
	}
}

func shortMonth(p i18n.Printer, m time.Month) string {
	id := [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
	if p.Lang == i18n.EN {
		return m.String()[:3]
	}
	return id[m-1]
}
