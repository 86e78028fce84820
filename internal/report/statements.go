package report

import (
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// Period says which dates a financial statement covers: the position at
// AsOf, or the financial year to AsOf, with an optional comparison.
type Period struct {
	AsOf calendar.Date
	// Compare is the date of the comparative column; zero for none.
	Compare calendar.Date
	// Unit is a business unit's code; empty for the whole cooperative.
	Unit string
}

// YearStart returns the first day of d's financial year (the calendar
// year, domain.md §9).
func YearStart(d calendar.Date) calendar.Date { return calendar.MustNew(d.Year(), 1, 1) }

// PriorYearEnd returns the last day of the financial year before d's.
func PriorYearEnd(d calendar.Date) calendar.Date { return YearStart(d).AddDays(-1) }

// dates returns the ends of the columns: AsOf, then Compare if any.
func (p Period) dates() []calendar.Date {
	if p.Compare.IsZero() {
		return []calendar.Date{p.AsOf}
	}
	return []calendar.Date{p.AsOf, p.Compare}
}

// statements builds the statements of one cooperative's books.
type statements struct {
	p       i18n.Printer
	b       *generalledger.Books
	name    string
	english bool
	period  Period
}

func newStatements(p i18n.Printer, b *generalledger.Books, name string, period Period) statements {
	return statements{p: p, b: b, name: name, english: p.Lang == i18n.EN, period: period}
}

func (s statements) chart() ledger.Chart { return s.b.State.Chart }

// places returns the decimals of the cooperative's currency: the unit the
// member/non-member split rounds to.
func (s statements) places() int32 {
	v, _ := s.b.State.Policies.Latest()
	return v.Policy.Places
}

// subtitle says what the figures are: the date or period and the unit.
func (s statements) subtitle(what string) string {
	unit := s.p.T("Konsolidasi (semua unit usaha)", "Consolidated (all business units)")
	if u, ok := s.chart().Unit(s.period.Unit); ok {
		unit = u.Label(s.english)
	}
	return what + " — " + unit
}

// positionColumns are the columns of a position at dates.
func (s statements) positionColumns() []Column {
	var cols []Column
	for _, d := range s.period.dates() {
		cols = append(cols, Column{Label: s.p.Date(d), To: d})
	}
	return cols
}

// periodColumns are the columns of the financial years to the dates.
func (s statements) periodColumns() []Column {
	var cols []Column
	for _, d := range s.period.dates() {
		cols = append(cols, Column{Label: s.p.Date(YearStart(d)) + " – " + s.p.Date(d), From: YearStart(d), To: d})
	}
	return cols
}

func (s statements) at(d calendar.Date) generalledger.Filter {
	return generalledger.Filter{Unit: s.period.Unit, To: d, Closing: true}
}

func (s statements) during(c Column) generalledger.Filter {
	return generalledger.Filter{Unit: s.period.Unit, From: c.From, To: c.To}
}

func accountLine(a ledger.Account, english bool, level int, values []money.Amount) Line {
	return Line{Key: "account:" + a.Code, Code: a.Code, Label: a.Label(english), Level: level, Style: Item, Values: values}
}

func zeros(n int) []money.Amount {
	out := make([]money.Amount, n)
	for i := range out {
		out[i] = money.Zero()
	}
	return out
}

func allZero(values []money.Amount) bool {
	for _, v := range values {
		if !v.IsZero() {
			return false
		}
	}
	return true
}

func addTo(sum, values []money.Amount) {
	for i, v := range values {
		sum[i] = sum[i].Add(v)
	}
}

func sub(a, b []money.Amount) []money.Amount {
	out := make([]money.Amount, len(a))
	for i := range a {
		out[i] = a[i].Sub(b[i])
	}
	return out
}

// TrialBalance is the neraca saldo: every account's balance on its debit
// or credit side, closing entries included.
func TrialBalance(p i18n.Printer, b *generalledger.Books, name string, period Period) Statement {
	s := newStatements(p, b, name, period)
	st := Statement{
		Kind: "trial-balance", Cooperative: name, Title: p.T("Neraca Saldo", "Trial Balance"),
		Subtitle: s.subtitle(p.T("per ", "as of ") + p.Date(period.AsOf)), Unit: period.Unit,
	}
	for _, d := range period.dates() {
		st.Columns = append(st.Columns, Column{Label: p.T("Debit ", "Debit ") + p.Date(d), To: d}, Column{Label: p.T("Kredit ", "Credit ") + p.Date(d), To: d})
	}
	totals := zeros(len(st.Columns))
	for _, a := range s.chart().Accounts() {
		if a.Heading {
			continue
		}
		values := zeros(len(st.Columns))
		for i, d := range period.dates() {
			dr, cr := b.Totals(a.Code, s.at(d))
			if net := dr.Sub(cr); net.IsNegative() {
				values[2*i+1] = net.Neg()
			} else {
				values[2*i] = net
			}
		}
		if allZero(values) {
			continue
		}
		addTo(totals, values)
		st.Lines = append(st.Lines, accountLine(a, s.english, 0, values))
	}
	st.Lines = append(st.Lines, Line{Key: "total", Label: p.T("Jumlah", "Total"), Style: Total, Values: totals})
	for i, d := range period.dates() {
		if !totals[2*i].Equal(totals[2*i+1]) {
			st.Notes = append(st.Notes, fmt.Sprintf(p.T("PERINGATAN: debit dan kredit per %s tidak sama.", "WARNING: debits and credits as of %s differ."), p.Date(d)))
		}
	}
	return st
}

// sectionLines lists the postable accounts under a top heading, grouped
// by their headings, with a subtotal per group; value gives an account's
// figures. It returns the lines and the section's totals.
func (s statements) sectionLines(top string, n int, value func(ledger.Account) []money.Amount) ([]Line, []money.Amount) {
	total := zeros(n)
	var lines []Line
	var group []Line
	var groupHead ledger.Account
	groupTotal := zeros(n)
	flush := func() {
		if len(group) == 0 {
			return
		}
		if groupHead.Code != "" {
			lines = append(lines, Line{Key: "group:" + groupHead.Code, Code: groupHead.Code, Label: groupHead.Label(s.english), Level: 1, Style: Heading})
			lines = append(lines, group...)
			lines = append(lines, Line{Key: "subtotal:" + groupHead.Code, Label: s.p.T("Jumlah ", "Total ") + groupHead.Label(s.english), Level: 1, Style: Subtotal, Values: groupTotal})
		} else {
			lines = append(lines, group...)
		}
		group, groupTotal = nil, zeros(n)
	}
	for _, a := range s.chart().Accounts() {
		if s.chart().Section(a.Code).Code != top || a.Code == top {
			continue
		}
		if a.Heading {
			flush()
			groupHead = a
			continue
		}
		if a.Group == top && groupHead.Code != "" {
			flush()
			groupHead = ledger.Account{}
		}
		values := value(a)
		if allZero(values) {
			continue
		}
		level := 2
		if groupHead.Code == "" {
			level = 1
		}
		group = append(group, accountLine(a, s.english, level, values))
		addTo(groupTotal, values)
		addTo(total, values)
	}
	flush()
	return lines, total
}

// topSections returns the codes of the top headings of a class.
func (s statements) topSections(class ledger.Class) []ledger.Account {
	var out []ledger.Account
	for _, a := range s.chart().Accounts() {
		if a.Heading && a.Group == "" && a.Class == class {
			out = append(out, a)
		}
	}
	return out
}

// unclosed returns the result of revenue and expense not yet closed to
// equity, as of each date: the surplus of the current period.
func (s statements) unclosed(dates []calendar.Date) []money.Amount {
	out := zeros(len(dates))
	for _, a := range s.chart().Accounts() {
		if a.Heading || (a.Class != ledger.Revenue && a.Class != ledger.Expense) {
			continue
		}
		for i, d := range dates {
			dr, cr := s.b.Totals(a.Code, s.at(d))
			out[i] = out[i].Add(cr.Sub(dr))
		}
	}
	return out
}

// Neraca is the Laporan Posisi Keuangan: assets, liabilities and equity
// at a date, with the surplus not yet closed shown in equity.
func Neraca(p i18n.Printer, b *generalledger.Books, name string, period Period) Statement {
	s := newStatements(p, b, name, period)
	st := Statement{
		Kind: "neraca", Cooperative: name, Title: p.T("Laporan Posisi Keuangan (Neraca)", "Statement of Financial Position"),
		Subtitle: s.subtitle(p.T("per ", "as of ") + p.Date(period.AsOf)), Unit: period.Unit,
		Columns: s.positionColumns(),
	}
	dates := period.dates()
	n := len(dates)
	balance := func(a ledger.Account) []money.Amount {
		values := make([]money.Amount, n)
		for i, d := range dates {
			v := b.Balance(a.Code, s.at(d))
			if a.Contra {
				v = v.Neg()
			}
			values[i] = v
		}
		return values
	}
	section := func(class ledger.Class, key, totalID, totalEN string) []money.Amount {
		sum := zeros(n)
		for _, top := range s.topSections(class) {
			st.Lines = append(st.Lines, Line{Key: "section:" + top.Code, Code: top.Code, Label: top.Label(s.english), Style: Heading})
			lines, total := s.sectionLines(top.Code, n, balance)
			st.Lines = append(st.Lines, lines...)
			addTo(sum, total)
		}
		if class == ledger.Equity {
			if shu := s.unclosed(dates); !allZero(shu) {
				st.Lines = append(st.Lines, Line{Key: "shu_unclosed", Label: p.T("SHU periode berjalan (belum ditutup)", "Surplus of the current period (not yet closed)"), Level: 1, Style: Item, Values: shu})
				addTo(sum, shu)
			}
		}
		st.Lines = append(st.Lines, Line{Key: key, Label: p.T(totalID, totalEN), Style: Total, Values: sum})
		return sum
	}
	assets := section(ledger.Asset, "total_aset", "JUMLAH ASET", "TOTAL ASSETS")
	liabilities := section(ledger.Liability, "total_liabilitas", "JUMLAH LIABILITAS", "TOTAL LIABILITIES")
	equity := section(ledger.Equity, "total_ekuitas", "JUMLAH EKUITAS", "TOTAL EQUITY")
	both := make([]money.Amount, n)
	for i := range both {
		both[i] = liabilities[i].Add(equity[i])
	}
	st.Lines = append(st.Lines, Line{Key: "total_liabilitas_ekuitas", Label: p.T("JUMLAH LIABILITAS DAN EKUITAS", "TOTAL LIABILITIES AND EQUITY"), Style: Total, Values: both})
	for i, d := range dates {
		if !assets[i].Equal(both[i]) {
			diff := assets[i].Sub(both[i])
			if period.Unit != "" {
				st.Notes = append(st.Notes, fmt.Sprintf(p.T("Per %s aset unit ini berselisih %s dengan liabilitas dan ekuitasnya: transaksi antar unit (misalnya kas yang dipakai bersama) tidak dicatat sebagai rekening antar unit.", "As of %s this unit's assets differ from its liabilities and equity by %s: transactions between units (such as shared cash) are not booked to inter-unit accounts."), p.Date(d), p.Number(diff)))
			} else {
				st.Notes = append(st.Notes, fmt.Sprintf(p.T("PERINGATAN: per %s aset berselisih %s dengan liabilitas dan ekuitas.", "WARNING: as of %s assets differ from liabilities and equity by %s."), p.Date(d), p.Number(diff)))
			}
		}
	}
	return st
}

// results holds a statement of results' figures per column.
type results struct {
	revenue, expense, tax, shuBefore, shuAfter []money.Amount
	member, nonMember                          []money.Amount
}

// HasilUsaha is the Laporan Hasil Usaha for the financial year to the
// date: revenue from member participation, from non-members and other,
// expenses, SHU before and after income tax, and the SHU split between
// member participation and business with non-members.
func HasilUsaha(p i18n.Printer, b *generalledger.Books, name string, period Period) Statement {
	s := newStatements(p, b, name, period)
	cols := s.periodColumns()
	n := len(cols)
	st := Statement{
		Kind: "hasil-usaha", Cooperative: name, Title: p.T("Laporan Hasil Usaha", "Statement of Operating Results"),
		Subtitle: s.subtitle(p.T("tahun buku sampai ", "financial year to ") + p.Date(period.AsOf)), Unit: period.Unit,
		Columns: cols,
	}
	// An account's figure adds to its class; a contra account (sales
	// returns, a reversal of an expense) takes away from it.
	flow := func(a ledger.Account, parties ...ledger.Party) []money.Amount {
		values := make([]money.Amount, n)
		for i, c := range cols {
			f := s.during(c)
			f.Parties = parties
			values[i] = b.Balance(a.Code, f)
			if a.Contra {
				values[i] = values[i].Neg()
			}
		}
		return values
	}
	r := results{revenue: zeros(n), expense: zeros(n), tax: zeros(n)}
	revenueBy := map[string][]money.Amount{"member": zeros(n), "non-member": zeros(n), "other": zeros(n)}
	type part struct {
		key, id, en, totalID, totalEN string
		parties                       []ledger.Party
	}
	parts := []part{
		{"member", "PARTISIPASI ANGGOTA", "MEMBER PARTICIPATION", "Jumlah partisipasi anggota", "Total member participation", []ledger.Party{ledger.Member}},
		{"non-member", "PENDAPATAN DARI NON-ANGGOTA", "REVENUE FROM NON-MEMBERS", "Jumlah pendapatan dari non-anggota", "Total revenue from non-members", []ledger.Party{ledger.NonMember, ledger.OtherCoop}},
		{"other", "PENDAPATAN LAIN", "OTHER REVENUE", "Jumlah pendapatan lain", "Total other revenue", []ledger.Party{ledger.NoParty}},
	}
	for _, pt := range parts {
		var lines []Line
		for _, a := range s.chart().Accounts() {
			if a.Heading || a.Class != ledger.Revenue {
				continue
			}
			values := flow(a, pt.parties...)
			if allZero(values) {
				continue
			}
			line := accountLine(a, s.english, 1, values)
			line.Key += ":" + pt.key
			lines = append(lines, line)
			addTo(revenueBy[pt.key], values)
		}
		if len(lines) == 0 {
			continue
		}
		st.Lines = append(st.Lines, Line{Key: "section:" + pt.key, Label: p.T(pt.id, pt.en), Style: Heading})
		st.Lines = append(st.Lines, lines...)
		st.Lines = append(st.Lines, Line{Key: "subtotal:" + pt.key, Label: p.T(pt.totalID, pt.totalEN), Level: 1, Style: Subtotal, Values: revenueBy[pt.key]})
		addTo(r.revenue, revenueBy[pt.key])
	}
	st.Lines = append(st.Lines, Line{Key: "total_pendapatan", Label: p.T("JUMLAH PENDAPATAN", "TOTAL REVENUE"), Style: Total, Values: r.revenue})

	var expenseLines, taxLines []Line
	for _, a := range s.chart().Accounts() {
		if a.Heading || a.Class != ledger.Expense {
			continue
		}
		values := flow(a)
		if allZero(values) {
			continue
		}
		if s.chart().IsTax(a.Code) {
			taxLines = append(taxLines, accountLine(a, s.english, 1, values))
			addTo(r.tax, values)
			continue
		}
		expenseLines = append(expenseLines, accountLine(a, s.english, 1, values))
		addTo(r.expense, values)
	}
	st.Lines = append(st.Lines, Line{Key: "section:beban", Label: p.T("BEBAN", "EXPENSES"), Style: Heading})
	st.Lines = append(st.Lines, expenseLines...)
	st.Lines = append(st.Lines, Line{Key: "total_beban", Label: p.T("JUMLAH BEBAN", "TOTAL EXPENSES"), Style: Total, Values: r.expense})
	r.shuBefore = sub(r.revenue, r.expense)
	st.Lines = append(st.Lines, Line{Key: "shu_sebelum_pajak", Label: p.T("SHU SEBELUM PAJAK", "SURPLUS BEFORE TAX"), Style: Total, Values: r.shuBefore})
	st.Lines = append(st.Lines, taxLines...)
	r.shuAfter = sub(r.shuBefore, r.tax)
	st.Lines = append(st.Lines, Line{Key: "shu_setelah_pajak", Label: p.T("SHU SETELAH PAJAK", "SURPLUS AFTER TAX"), Style: Total, Values: r.shuAfter})

	// The split is the ledger's (generalledger.Books.Surplus), the one
	// the SHU computation reads too.
	r.member, r.nonMember = zeros(n), zeros(n)
	for i, c := range cols {
		split := b.Surplus(s.during(c))
		r.member[i], r.nonMember[i] = split.Member, split.NonMember
	}
	st.Lines = append(st.Lines,
		Line{Key: "shu_anggota", Label: p.T("SHU dari partisipasi anggota", "Surplus from member participation"), Level: 1, Style: Item, Values: r.member},
		Line{Key: "shu_non_anggota", Label: p.T("SHU dari usaha dengan non-anggota", "Surplus from business with non-members"), Level: 1, Style: Item, Values: r.nonMember},
	)
	st.Notes = append(st.Notes, p.T(
		"Pendapatan dan beban yang ditandai anggota atau non-anggota dibebankan langsung; pendapatan lain, beban bersama dan pajak dibagi menurut perbandingan pendapatan anggota dan non-anggota (metode rancangan, domain.md §3.2; belum dikonfirmasi regulasi).",
		"Revenue and expenses tagged member or non-member are attributed directly; other revenue, shared expenses and tax are shared in proportion to member and non-member revenue (design method, domain.md §3.2; not confirmed by regulation)."))
	return st
}

// Ekuitas is the Laporan Perubahan Ekuitas for the financial year to the
// date: per equity account, the balance at the start of the year, what
// came in, what went out, and the balance at the date; the surplus of
// the period not yet closed is its own line. With a comparison, the
// balance at the comparison date is a last column.
func Ekuitas(p i18n.Printer, b *generalledger.Books, name string, period Period) Statement {
	s := newStatements(p, b, name, period)
	start := YearStart(period.AsOf)
	before := start.AddDays(-1)
	st := Statement{
		Kind: "ekuitas", Cooperative: name, Title: p.T("Laporan Perubahan Ekuitas", "Statement of Changes in Equity"),
		Subtitle: s.subtitle(p.Date(start) + " – " + p.Date(period.AsOf)), Unit: period.Unit,
		Columns: []Column{
			{Label: p.T("Saldo ", "Balance ") + p.Date(before), To: before},
			{Label: p.T("Penambahan", "Increases"), From: start, To: period.AsOf},
			{Label: p.T("Pengurangan", "Decreases"), From: start, To: period.AsOf},
			{Label: p.T("Saldo ", "Balance ") + p.Date(period.AsOf), To: period.AsOf},
		},
	}
	if period.Compare == before {
		// The balance at the start of the year is a column already.
		period.Compare = calendar.Date{}
	}
	if !period.Compare.IsZero() {
		st.Columns = append(st.Columns, Column{Label: p.T("Saldo ", "Balance ") + p.Date(period.Compare), To: period.Compare})
	}
	n := len(st.Columns)
	totals := zeros(n)
	row := func(opening, increase, decrease, closing money.Amount, compare []money.Amount) []money.Amount {
		values := []money.Amount{opening, increase, decrease, closing}
		return append(values, compare...)
	}
	for _, a := range s.chart().Accounts() {
		if a.Heading || a.Class != ledger.Equity {
			continue
		}
		opening := b.Balance(a.Code, s.at(before))
		// Movements as posted, and the year close's lines net: one close
		// posts a line per unit, and a surplus in one unit with a loss in
		// another is one change to equity.
		during := generalledger.Filter{Unit: period.Unit, From: start, To: period.AsOf}
		dr, cr := b.Totals(a.Code, during)
		during.Closing = true
		allDr, allCr := b.Totals(a.Code, during)
		closed := allCr.Sub(cr).Sub(allDr.Sub(dr))
		if closed.IsPositive() {
			cr = cr.Add(closed)
		} else {
			dr = dr.Sub(closed)
		}
		inc, dec := cr, dr
		closing := b.Balance(a.Code, s.at(period.AsOf))
		var compare []money.Amount
		if !period.Compare.IsZero() {
			compare = []money.Amount{b.Balance(a.Code, s.at(period.Compare))}
		}
		if a.Contra {
			// A contra account (prive, drawings) reduces equity: its
			// balances count negative, its debits as decreases.
			opening, closing = opening.Neg(), closing.Neg()
			for i := range compare {
				compare[i] = compare[i].Neg()
			}
		}
		values := row(opening, inc, dec, closing, compare)
		if allZero(values) {
			continue
		}
		st.Lines = append(st.Lines, accountLine(a, s.english, 0, values))
		addTo(totals, values)
	}
	// The surplus not yet closed: what revenue and expense added or took
	// away during the year, net of what was closed to equity.
	open := s.unclosed([]calendar.Date{before})[0]
	close := s.unclosed([]calendar.Date{period.AsOf})[0]
	change := close.Sub(open)
	inc, dec := money.Zero(), money.Zero()
	if change.IsNegative() {
		dec = change.Neg()
	} else {
		inc = change
	}
	var compare []money.Amount
	if !period.Compare.IsZero() {
		compare = s.unclosed([]calendar.Date{period.Compare})
	}
	if values := row(open, inc, dec, close, compare); !allZero(values) {
		st.Lines = append(st.Lines, Line{Key: "shu_unclosed", Label: p.T("SHU periode berjalan (belum ditutup)", "Surplus of the current period (not yet closed)"), Style: Item, Values: values})
		addTo(totals, values)
	}
	st.Lines = append(st.Lines, Line{Key: "total_ekuitas", Label: p.T("JUMLAH EKUITAS", "TOTAL EQUITY"), Style: Total, Values: totals})
	return st
}

// ArusKas is the Laporan Arus Kas by the direct method for the financial
// year to the date: cash received and paid, by the account on the other
// side of each payment, in operating, investing and financing activities
// (simpanan pokok, wajib and SHU are financing, domain.md §5.3), and the
// cash at the start and end of the year.
func ArusKas(p i18n.Printer, b *generalledger.Books, name string, period Period) Statement {
	s := newStatements(p, b, name, period)
	cols := s.periodColumns()
	n := len(cols)
	st := Statement{
		Kind: "arus-kas", Cooperative: name, Title: p.T("Laporan Arus Kas (metode langsung)", "Statement of Cash Flows (direct method)"),
		Subtitle: s.subtitle(p.T("tahun buku sampai ", "financial year to ") + p.Date(period.AsOf)), Unit: period.Unit,
		Columns: cols,
	}
	activities := []struct {
		flow   ledger.Flow
		id, en string
	}{
		{ledger.Operating, "aktivitas operasi", "operating activities"},
		{ledger.Investing, "aktivitas investasi", "investing activities"},
		{ledger.Financing, "aktivitas pendanaan", "financing activities"},
	}
	net := zeros(n)
	for _, act := range activities {
		var lines []Line
		sum := zeros(n)
		for _, a := range s.chart().Accounts() {
			if a.Heading || a.Cash || a.Flow != act.flow {
				continue
			}
			in, out := zeros(n), zeros(n)
			for i, c := range cols {
				in[i], out[i] = b.Flows(a.Code, s.during(c))
				out[i] = out[i].Neg()
			}
			if !allZero(in) {
				lines = append(lines, Line{Key: "in:" + a.Code, Code: a.Code, Label: p.T("Penerimaan: ", "Received: ") + a.Label(s.english), Level: 1, Style: Item, Values: in})
				addTo(sum, in)
			}
			if !allZero(out) {
				lines = append(lines, Line{Key: "out:" + a.Code, Code: a.Code, Label: p.T("Pembayaran: ", "Paid: ") + a.Label(s.english), Level: 1, Style: Item, Values: out})
				addTo(sum, out)
			}
		}
		st.Lines = append(st.Lines, Line{Key: "section:" + string(act.flow), Label: p.T("ARUS KAS DARI ", "CASH FLOWS FROM ") + p.T(upper(act.id), upper(act.en)), Style: Heading})
		st.Lines = append(st.Lines, lines...)
		st.Lines = append(st.Lines, Line{Key: "net:" + string(act.flow), Label: p.T("Kas bersih dari ", "Net cash from ") + p.T(act.id, act.en), Level: 1, Style: Subtotal, Values: sum})
		addTo(net, sum)
	}
	opening, closing := zeros(n), zeros(n)
	for _, a := range s.chart().Accounts() {
		if !a.Cash {
			continue
		}
		for i, c := range cols {
			opening[i] = opening[i].Add(b.Balance(a.Code, s.at(c.From.AddDays(-1))))
			closing[i] = closing[i].Add(b.Balance(a.Code, s.at(c.To)))
		}
	}
	st.Lines = append(st.Lines,
		Line{Key: "net_change", Label: p.T("KENAIKAN (PENURUNAN) BERSIH KAS", "NET INCREASE (DECREASE) IN CASH"), Style: Total, Values: net},
		Line{Key: "cash_opening", Label: p.T("Kas dan bank awal tahun", "Cash and bank at the start of the year"), Style: Item, Values: opening},
		Line{Key: "cash_closing", Label: p.T("KAS DAN BANK AKHIR PERIODE", "CASH AND BANK AT THE END OF THE PERIOD"), Style: Total, Values: closing},
	)
	for i, c := range cols {
		if !opening[i].Add(net[i]).Equal(closing[i]) {
			st.Notes = append(st.Notes, fmt.Sprintf(p.T("Per %s kas awal ditambah arus kas bersih berselisih %s dengan kas akhir: kas unit ini dipakai untuk transaksi unit lain.", "As of %s opening cash plus the net flow differs from closing cash by %s: this unit's cash was used for other units' transactions."), p.Date(c.To), p.Number(closing[i].Sub(opening[i]).Sub(net[i]))))
		}
	}
	return st
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// LedgerAccount is the general ledger of one account (buku besar): the
// balance before the first date, every posting with its running balance,
// and the balance at the end.
func LedgerAccount(p i18n.Printer, b *generalledger.Books, name string, account ledger.Account, from, to calendar.Date, unit string, lines []generalledger.DetailLine) Statement {
	s := newStatements(p, b, name, Period{AsOf: to, Unit: unit})
	st := Statement{
		Kind: "ledger", Cooperative: name,
		Title:       p.T("Buku Besar ", "General Ledger ") + account.Code + " " + account.Label(s.english),
		Subtitle:    s.subtitle(p.Date(from) + " – " + p.Date(to)),
		Unit:        unit,
		TextColumns: []string{p.T("Tanggal", "Date"), p.T("Ref", "Ref"), p.T("Keterangan", "Memo")},
		Columns: []Column{
			{Label: "Debit", From: from, To: to},
			{Label: p.T("Kredit", "Credit"), From: from, To: to},
			{Label: p.T("Saldo", "Balance"), To: to},
		},
	}
	sign := func(l ledger.Line) money.Amount {
		if l.Side == account.Normal() {
			return l.Amount
		}
		return l.Amount.Neg()
	}
	balance := b.Balance(account.Code, generalledger.Filter{Unit: unit, To: from.AddDays(-1), Closing: true})
	st.Lines = append(st.Lines, Line{Key: "opening", Label: p.T("Saldo awal", "Opening balance"), Style: Item,
		Text: []string{p.Date(from.AddDays(-1)), "", ""}, Values: []money.Amount{money.Zero(), money.Zero(), balance}})
	debit, credit := money.Zero(), money.Zero()
	for i, l := range lines {
		balance = balance.Add(sign(l.Line))
		dr, cr := money.Zero(), money.Zero()
		if l.Side == ledger.Debit {
			dr = l.Line.Amount
		} else {
			cr = l.Line.Amount
		}
		debit, credit = debit.Add(dr), credit.Add(cr)
		st.Lines = append(st.Lines, Line{Key: fmt.Sprintf("line:%d", i+1), Label: describeLine(p, l), Style: Item,
			Text: []string{l.On.String(), l.Ref, l.Memo}, Values: []money.Amount{dr, cr, balance}})
	}
	st.Lines = append(st.Lines, Line{Key: "closing", Label: p.T("Saldo akhir", "Closing balance"), Style: Total,
		Text: []string{p.Date(to), "", ""}, Values: []money.Amount{debit, credit, balance}})
	return st
}

// describeLine says what a posting came from.
func describeLine(p i18n.Printer, l generalledger.DetailLine) string {
	who := ""
	if l.Member != "" {
		who = " " + l.Member
	}
	switch l.Type {
	case "JournalEntryPosted":
		return p.T("Jurnal umum", "General journal")
	case "JournalEntryReversed":
		return p.T("Pembalikan jurnal", "Journal reversal")
	case "YearClosed":
		return p.T("Jurnal penutup tahun", "Year-end closing entry")
	case "MemberAdmitted":
		return p.T("Uang pangkal", "Entry fee") + who
	case "SavingsDeposited":
		return p.T("Setoran ", "Deposit, ") + p.Product(string(l.Product)) + who
	case "SavingsWithdrawn":
		return p.T("Penarikan ", "Withdrawal, ") + p.Product(string(l.Product)) + who
	case "SavingsReversed":
		return p.T("Pembalikan ", "Reversal, ") + p.Product(string(l.Product)) + who
	case "MemberExitSettled":
		return p.T("Pelunasan anggota keluar", "Exit settlement") + who
	case "LoanDisbursed":
		return p.T("Pencairan pinjaman ", "Loan disbursed, ") + l.Loan
	case "LoanRepaid":
		return p.T("Angsuran pinjaman ", "Loan repayment, ") + l.Loan
	case "LoanSettledByExit":
		return p.T("Pelunasan pinjaman dari simpanan ", "Loan settled from savings, ") + l.Loan
	case "LoanWrittenOff":
		return p.T("Hapus buku pinjaman ", "Loan written off, ") + l.Loan
	case "LoanRecovered":
		return p.T("Pemulihan pinjaman ", "Loan recovery, ") + l.Loan
	case "AllowanceRecomputed":
		return p.T("Penyisihan penghapusan pinjaman", "Loan loss allowance")
	}
	return l.Type
}

// Chart lists the chart of accounts: every account under its heading,
// with its class, its flags and the role posting rules give it.
func Chart(p i18n.Printer, name string, chart ledger.Chart) Statement {
	english := p.Lang == i18n.EN
	st := Statement{
		Kind: "accounts", Cooperative: name, Title: p.T("Bagan Akun", "Chart of Accounts"),
		TextColumns: []string{p.T("Kelas", "Class"), p.T("Tanda", "Flags"), p.T("Arus kas", "Cash flow"), p.T("Peran", "Role")},
	}
	for _, a := range chart.Accounts() {
		level := 0
		for g := a.Group; g != "" && level < 8; level++ {
			up, _ := chart.Account(g)
			g = up.Group
		}
		var flags []string
		if a.Cash {
			flags = append(flags, p.T("kas", "cash"))
		}
		if a.Contra {
			flags = append(flags, p.T("kontra", "contra"))
		}
		if a.ModalSendiri {
			flags = append(flags, p.T("modal sendiri", "own capital"))
		}
		if !a.Closed.IsZero() {
			flags = append(flags, p.T("ditutup ", "closed ")+a.Closed.String())
		}
		style := Item
		if a.Heading {
			style = Heading
		}
		st.Lines = append(st.Lines, Line{
			Key: "account:" + a.Code, Code: a.Code, Label: a.Label(english), Level: level, Style: style,
			Text: []string{string(a.Class), joinComma(flags), string(a.Flow), string(a.Role)},
		})
	}
	return st
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// Schedule is a loan's repayment schedule (jadwal angsuran), printable:
// each instalment's due date, principal, interest and total, what was
// paid of it and what remains.
func Schedule(p i18n.Printer, name string, st *loan.State) Statement {
	out := Statement{
		Kind: "loan-schedule", Cooperative: name,
		Title:       p.T("Jadwal Angsuran Pinjaman ", "Loan Repayment Schedule ") + string(st.ID),
		Subtitle:    fmt.Sprintf(p.T("anggota %s — %s, %s, %d bulan", "member %s — %s, %s, %d months"), st.Member, st.Product, st.Terms.Method, st.Months),
		TextColumns: []string{p.T("Jatuh tempo", "Due")},
		Columns: []Column{
			{Label: p.T("Pokok", "Principal")}, {Label: p.T("Jasa", "Interest")}, {Label: p.T("Angsuran", "Instalment")},
			{Label: p.T("Dibayar", "Paid")}, {Label: p.T("Sisa", "Unpaid")},
		},
	}
	totals := zeros(5)
	for _, in := range st.Schedule {
		paid := st.Paid(in.N)
		got := paid.Principal.Add(paid.Interest)
		values := []money.Amount{in.Principal, in.Interest, in.Total(), got, in.Total().Sub(got)}
		addTo(totals, values)
		out.Lines = append(out.Lines, Line{Key: fmt.Sprintf("instalment:%d", in.N), Label: fmt.Sprint(in.N), Style: Item, Text: []string{in.Due.String()}, Values: values})
	}
	out.Lines = append(out.Lines, Line{Key: "total", Label: p.T("Jumlah", "Total"), Style: Total, Text: []string{""}, Values: totals})
	return out
}

// MemberLoans is a member's loan statement: every loan of the member with
// what was lent, what was paid of principal, interest and denda, what is
// outstanding and what is due on the date.
func MemberLoans(p i18n.Printer, name, member string, loans []*loan.State, asOf calendar.Date, places int32) Statement {
	st := Statement{
		Kind: "member-loans", Cooperative: name,
		Title:    p.T("Rekening Pinjaman Anggota ", "Member Loan Statement ") + member,
		Subtitle: p.T("per ", "as of ") + p.Date(asOf),
		Columns:  []Column{{Label: p.T("Jumlah", "Amount"), To: asOf}},
	}
	item := func(key, id, en string, a money.Amount) Line {
		return Line{Key: key, Label: p.T(id, en), Level: 1, Style: Item, Values: []money.Amount{a}}
	}
	total := money.Zero()
	for _, l := range loans {
		st.Lines = append(st.Lines, Line{Key: "loan:" + string(l.ID), Label: fmt.Sprintf("%s — %s, %s, %d %s (%s)", l.ID, l.Product, l.Terms.Method, l.Months, p.T("bulan", "months"), l.Status), Style: Heading})
		pen, in, pr := money.Zero(), money.Zero(), money.Zero()
		for _, s := range l.Schedule {
			paid := l.Paid(s.N)
			pen, in, pr = pen.Add(paid.Penalty), in.Add(paid.Interest), pr.Add(paid.Principal)
		}
		due := l.DueOn(asOf, places)
		st.Lines = append(st.Lines,
			item("loan:"+string(l.ID)+":amount", "Plafon pinjaman", "Amount lent", l.Amount),
			item("loan:"+string(l.ID)+":principal_paid", "Pokok dibayar", "Principal paid", pr),
			item("loan:"+string(l.ID)+":interest_paid", "Jasa dibayar", "Interest paid", in),
			item("loan:"+string(l.ID)+":penalty_paid", "Denda dibayar", "Penalties paid", pen),
			item("loan:"+string(l.ID)+":outstanding", "Sisa pokok", "Outstanding principal", l.Outstanding()),
			item("loan:"+string(l.ID)+":due", "Jatuh tempo per tanggal ini", "Due on this date", due.Total()),
		)
		if l.Status == loan.StatusWrittenOff {
			st.Lines = append(st.Lines, item("loan:"+string(l.ID)+":written_off", "Dihapusbukukan, belum pulih", "Written off, not recovered", l.WrittenOff.Sub(l.Recovered)))
		}
		total = total.Add(l.Outstanding())
	}
	st.Lines = append(st.Lines, Line{Key: "total_outstanding", Label: p.T("JUMLAH SISA POKOK", "TOTAL OUTSTANDING PRINCIPAL"), Style: Total, Values: []money.Amount{total}})
	return st
}
