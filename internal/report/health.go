package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// The health assessment worksheets of domain.md §12 item 11: the figures
// come from the general ledger at the year end (balances) and over the
// year (flows), and from the loans at the year end (collectibility and
// the allowance, as the collectibility report computes them).
//
// The chart marks classes, roles, cash and modal sendiri, but not which
// assets earn, which liabilities are short-term or which revenue is
// operating. For those the worksheets use the groups of the chart of
// domain.md §5.4, by code: an account counts with a group when its code
// is the group's or extends it ("1-1400-01" with "1-1400"), or when it
// sits under the group's heading. A cooperative whose chart departs from
// §5.4 sees those figures wrong; the notes of each worksheet say which
// groups were read.

// Groups of the §5.4 chart the worksheets read.
var (
	// productiveGroups earn income: deposits at banks and at other
	// cooperatives, loans to members and to other cooperatives,
	// investments in other cooperatives. Kas and current accounts do not.
	productiveGroups = []string{"1-1210", "1-1300", "1-1400", "1-1410", "1-2100"}
	// loanGroups are the loans: to members (the loans role) and to other
	// cooperatives.
	loanGroups = []string{"1-1400", "1-1410"}
	// currentLiabilities is the heading of the short-term liabilities.
	currentLiabilities = "2-1"
	// externalCredit are borrowings from banks, LPDB and revolving funds.
	externalCredit = []string{"2-2100", "2-2200"}
	// nonOperatingRevenue are the headings of revenue outside the
	// business: bank interest, recoveries, other revenue.
	nonOperatingRevenue = []string{"4-2", "4-9"}
	// nonOperatingExpense is the heading of other expenses.
	nonOperatingExpense = []string{"5-9"}
	// costOfRevenue are the headings of the cost of what is sold: interest
	// on savings and borrowings, cost of goods sold.
	costOfRevenue = []string{"5-1", "5-5"}
	// governanceExpense is the heading of beban perkoperasian (RAT,
	// member education, pengawas): the chart has no account for member
	// education alone, so the education cost is read as all of it.
	governanceExpense = []string{"5-4"}
)

// inGroup reports whether account a counts with one of the groups: its
// code is a group's or extends it, or a group is a heading above it.
func inGroup(chart ledger.Chart, a ledger.Account, groups []string) bool {
	for _, g := range groups {
		if a.Code == g || strings.HasPrefix(a.Code, g+"-") {
			return true
		}
	}
	up := a
	for i := 0; up.Group != "" && i < 16; i++ {
		for _, g := range groups {
			if up.Group == g {
				return true
			}
		}
		next, ok := chart.Account(up.Group)
		if !ok {
			break
		}
		up = next
	}
	return false
}

// books reads the figures of the health worksheets from the general
// ledger.
type healthBooks struct {
	b *generalledger.Books
}

func (h healthBooks) chart() ledger.Chart { return h.b.State.Chart }

// sum adds the balances (at the end of to, closing entries included) or
// the year's flows of the accounts of a class that keep: a contra account
// takes away.
func (h healthBooks) sum(f generalledger.Filter, class ledger.Class, keep func(ledger.Account) bool) money.Amount {
	total := money.Zero()
	for _, a := range h.chart().Accounts() {
		if a.Heading || a.Class != class || !keep(a) {
			continue
		}
		v := h.b.Balance(a.Code, f)
		if a.Contra {
			v = v.Neg()
		}
		total = total.Add(v)
	}
	return total
}

func all(ledger.Account) bool { return true }

func position(d calendar.Date) generalledger.Filter {
	return generalledger.Filter{To: d, Closing: true}
}

func yearFilter(year int) generalledger.Filter {
	return generalledger.Filter{From: calendar.MustNew(year, 1, 1), To: calendar.MustNew(year, 12, 31)}
}

func (h healthBooks) totalAssets(d calendar.Date) money.Amount {
	return h.sum(position(d), ledger.Asset, all)
}

// equity is the equity of the balance sheet on d: every equity account
// and the result of revenue and expense not yet closed, so that it is the
// same before and after the year's close.
func (h healthBooks) equity(d calendar.Date) money.Amount {
	e := h.sum(position(d), ledger.Equity, all)
	for _, a := range h.chart().Accounts() {
		if !a.Heading && (a.Class == ledger.Revenue || a.Class == ledger.Expense) {
			dr, cr := h.b.Totals(a.Code, position(d))
			e = e.Add(cr.Sub(dr))
		}
	}
	return e
}

func (h healthBooks) group(d calendar.Date, class ledger.Class, groups []string) money.Amount {
	return h.sum(position(d), class, func(a ledger.Account) bool { return inGroup(h.chart(), a, groups) })
}

// loans are the loans to members and to other cooperatives, gross of the
// allowance.
func (h healthBooks) loans(d calendar.Date) money.Amount {
	return h.sum(position(d), ledger.Asset, func(a ledger.Account) bool {
		return !a.Contra && (a.Role == ledger.RoleLoans || inGroup(h.chart(), a, loanGroups))
	})
}

func (h healthBooks) productive(d calendar.Date) money.Amount {
	return h.sum(position(d), ledger.Asset, func(a ledger.Account) bool {
		return !a.Contra && (a.Role == ledger.RoleLoans || inGroup(h.chart(), a, productiveGroups))
	})
}

func (h healthBooks) liquid(d calendar.Date) money.Amount {
	return h.sum(position(d), ledger.Asset, func(a ledger.Account) bool { return a.Cash })
}

// operatingRevenue is the year's revenue outside the non-operating
// headings.
func (h healthBooks) operatingRevenue(year int) money.Amount {
	return h.sum(yearFilter(year), ledger.Revenue, func(a ledger.Account) bool { return !inGroup(h.chart(), a, nonOperatingRevenue) })
}

// operatingCost is the year's expense but income tax and the
// non-operating heading.
func (h healthBooks) operatingCost(year int) money.Amount {
	return h.sum(yearFilter(year), ledger.Expense, func(a ledger.Account) bool {
		return !h.chart().IsTax(a.Code) && !inGroup(h.chart(), a, nonOperatingExpense)
	})
}

func (h healthBooks) expenseIn(year int, groups []string) money.Amount {
	return h.sum(yearFilter(year), ledger.Expense, func(a ledger.Account) bool {
		return !h.chart().IsTax(a.Code) && inGroup(h.chart(), a, groups)
	})
}

// HealthFigures reads the figures of a year's health assessment: the
// balances at the year end and the year before's, the year's flows, and
// the loans at the year end (lb, drawn at 31 December of year).
func HealthFigures(b *generalledger.Books, year int, lb LoanBook) health.Figures {
	h := healthBooks{b}
	end, prior := calendar.MustNew(year, 12, 31), calendar.MustNew(year-1, 12, 31)
	s, sPrior := b.Surplus(yearFilter(year)), b.Surplus(yearFilter(year-1))
	opRevenue, opCost, costOf := h.operatingRevenue(year), h.operatingCost(year), h.expenseIn(year, costOfRevenue)
	ct := newLoanReport(i18n.New(i18n.ID), b, lb).classify()
	return health.Figures{
		health.TotalAset:             h.totalAssets(end),
		health.TotalAsetLalu:         h.totalAssets(prior),
		health.AsetProduktif:         h.productive(end),
		health.Pinjaman:              h.loans(end),
		health.AsetLikuid:            h.liquid(end),
		health.KewajibanLancar:       h.group(end, ledger.Liability, []string{currentLiabilities}),
		health.PinjamanLuar:          h.group(end, ledger.Liability, externalCredit),
		health.Ekuitas:               h.equity(end),
		health.EkuitasLalu:           h.equity(prior),
		health.ModalSendiri:          b.ModalSendiri(end),
		health.Pendapatan:            s.Revenue,
		health.PendapatanOperasional: opRevenue,
		health.BiayaOperasional:      opCost,
		health.BebanPokok:            costOf,
		health.BiayaUsaha:            opCost.Sub(costOf),
		health.SHUSebelumPajak:       s.BeforeTax,
		health.SHUBersih:             s.AfterTax,
		health.SHUBersihLalu:         sPrior.AfterTax,
		health.BiayaPembinaan:        h.expenseIn(year, governanceExpense),
		health.PinjamanBeredar:       ct.total,
		health.PinjamanBermasalah:    ct.problem(),
		health.PPAP:                  ct.held,
		health.PPAPWD:                ct.ppapwd,
		health.SimpananAnggota:       h.group(end, ledger.Liability, savingsDeposits),
		health.ModalAnggota:          h.sum(position(end), ledger.Equity, func(a ledger.Account) bool { return inGroup(h.chart(), a, memberShares) }),
		health.ModalLembaga:          h.sum(position(end), ledger.Equity, func(a ledger.Account) bool { return inGroup(h.chart(), a, institutionalCapital) }),
		health.InvestasiLikuid:       h.liquid(end).Add(h.group(end, ledger.Asset, liquidDeposits)),
		health.TotalKewajiban:        h.sum(position(end), ledger.Liability, all),
		health.PinjamanMenunggak:     pastDue(lb),
		health.AsetRataRata:          h.averageAssets(year),
		health.RisikoPinjaman:        ct.atRisk(),
		health.CadanganTujuanRisiko:  h.sum(position(end), ledger.Equity, func(a ledger.Account) bool { return inGroup(h.chart(), a, riskReserve) }),
		health.PartisipasiBruto:      h.operatingRevenueFrom(year, ledger.Member, ledger.NoParty),
		health.PendapatanNonAnggota:  h.operatingRevenueFrom(year, ledger.NonMember, ledger.OtherCoop),
		health.SHUAnggota:            s.Member,
	}
}

// riskReserve is the equity reserve for risks of the §5.4 chart, which
// the legacy cadangan risiko adds to the allowance (DESIGN).
var riskReserve = []string{"3-2200"}

// operatingRevenueFrom is the year's operating revenue tagged to the
// parties: untagged revenue counts as the members' in the legacy
// partisipasi bruto, a closed-loop cooperative serving members only.
func (h healthBooks) operatingRevenueFrom(year int, parties ...ledger.Party) money.Amount {
	f := yearFilter(year)
	f.Parties = parties
	return h.sum(f, ledger.Revenue, func(a ledger.Account) bool { return !inGroup(h.chart(), a, nonOperatingRevenue) })
}

// PEARLS groups of the §5.4 chart (domain.md §8, DESIGN mapping).
var (
	savingsDeposits      = []string{"2-1100", "2-1200", "2-1300"}
	memberShares         = []string{"3-1100", "3-1200", "3-1300"}
	institutionalCapital = []string{"3-2100", "3-2200", "3-3100"}
	liquidDeposits       = []string{"1-1210", "1-1300"}
)

// pastDue is the principal of the active loans past due on the loan
// book's date.
func pastDue(lb LoanBook) money.Amount {
	sum := money.Zero()
	for _, s := range lb.Loans {
		if s.Status == loan.StatusActive && s.DPD(lb.AsOf) > 0 {
			sum = sum.Add(s.Outstanding())
		}
	}
	return sum
}

// averageAssets averages the total assets of the 13 month ends from the
// year before's last to the year's (PEARLS yields use average balances,
// domain.md §8), to the micro-rupiah, half away from zero.
func (h healthBooks) averageAssets(year int) money.Amount {
	sum := h.totalAssets(calendar.MustNew(year-1, 12, 31)).Decimal()
	for m := time.January; m <= time.December; m++ {
		last := calendar.MustNew(year, 12, 31)
		if m < time.December {
			last = calendar.MustNew(year, m+1, 1).AddDays(-1)
		}
		sum = sum.Add(h.totalAssets(last).Decimal())
	}
	return money.FromDecimal(sum.DivRound(decimal.NewFromInt(13), 6))
}

// ErrNoRuleSet is returned for a year no version of a framework's rules
// was in force in.
func noRuleSet(f health.Framework, year int) error {
	first := ""
	for _, r := range health.RuleSets() {
		if r.Framework == f {
			first = strconv.Itoa(r.From.Year())
			break
		}
	}
	return &input.Error{Field: "year", Value: strconv.Itoa(year), Want: input.WantAtLeast, Bound: first}
}

// ratioText writes a percentage with two decimals, rounded half away
// from zero from the value the bands were applied to.
func ratioText(p i18n.Printer, x decimal.Decimal) string {
	s := x.StringFixed(2)
	if p.Lang == i18n.EN {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + " %"
}

// scoreText writes a score with two decimals.
func scoreText(p i18n.Printer, x decimal.Decimal) string {
	s := x.StringFixed(2)
	if p.Lang == i18n.EN {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

func predicateText(p i18n.Printer, pr health.Predicate) string {
	switch pr {
	case health.Sehat:
		return p.T("Sehat", "Sehat (healthy)")
	case health.CukupSehat:
		return p.T("Cukup sehat", "Cukup sehat (fairly healthy)")
	case health.DalamPengawasan:
		return p.T("Dalam pengawasan", "Dalam pengawasan (under supervision)")
	case health.DalamPengawasanKhusus:
		return p.T("Dalam pengawasan khusus", "Dalam pengawasan khusus (under special supervision)")
	}
	return string(pr)
}

func aspectName(p i18n.Printer, a health.Aspect) string {
	switch a {
	case health.TataKelola:
		return p.T("TATA KELOLA", "GOVERNANCE")
	case health.ProfilRisiko:
		return p.T("PROFIL RISIKO", "RISK PROFILE")
	case health.KinerjaKeuangan:
		return p.T("KINERJA KEUANGAN", "FINANCIAL PERFORMANCE")
	case health.Permodalan:
		return p.T("PERMODALAN", "CAPITAL")
	}
	return string(a)
}

// Kesehatan is the worksheet of the current framework (Permenkop 9/2020
// with Juknis 15/2021, domain.md §4.1) for a financial year: per aspect,
// every indicator with its formula, its inputs from the books or the
// pengawas's answer, its ratio, nilai and skor, or why it is not scored;
// the aspect's score and predicate; the composite and its predicate.
func Kesehatan(p i18n.Printer, b *generalledger.Books, name string, year int, lb LoanBook, answers map[string]health.Answer) (Statement, error) {
	rules, ok := health.RuleSetFor(health.Juknis, year)
	if !ok {
		return Statement{}, noRuleSet(health.Juknis, year)
	}
	english := p.Lang == i18n.EN
	w := health.Assess(rules, year, HealthFigures(b, year, lb), answers)
	end := calendar.MustNew(year, 12, 31)
	st := Statement{
		Kind: "kesehatan", Cooperative: name,
		Title:       p.T("Penilaian Kesehatan Koperasi Simpan Pinjam", "Health Assessment of the Savings and Loan Cooperative"),
		Subtitle:    fmt.Sprintf(p.T("Tahun buku %d — aturan %s (%s)", "Financial year %d — rules %s (%s)"), year, rules.Version, rules.Source),
		TextColumns: []string{p.T("Rasio", "Ratio"), p.T("Nilai", "Nilai"), p.T("Skor", "Skor"), p.T("Keterangan", "Remark")},
		Columns:     []Column{{Label: p.T("Jumlah per ", "Amount as of ") + p.Date(end), From: calendar.MustNew(year, 1, 1), To: end}},
	}
	label := func(id, en string) string {
		if english {
			return en
		}
		return id
	}
	var unanswered, uncomputed []string
	letters := "ABCD"
	for i, a := range health.Aspects() {
		st.Lines = append(st.Lines, Line{Key: "aspect:" + string(a), Style: Heading,
			Label: fmt.Sprintf(p.T("%c. %s (bobot %s %%)", "%c. %s (weight %s%%)"), letters[i], aspectName(p, a), a.Weight())})
		for _, r := range w.Rows {
			if r.Aspect != a {
				continue
			}
			text := []string{"", "", "", ""}
			if r.HasRatio {
				text[0] = ratioText(p, r.Ratio)
			}
			switch r.Status {
			case health.Scored:
				text[1], text[2] = strconv.Itoa(int(r.Nilai)), strconv.Itoa(r.Skor())
				if r.Unconfirmed {
					text[3] = p.T("batas sebagian belum dikonfirmasi (UNCONFIRMED)", "bands partly UNCONFIRMED")
				}
			case health.Unscored:
				text[3] = p.T("TIDAK DINILAI: ", "NOT SCORED: ") + label(r.Why, r.WhyEN) + " (UNCONFIRMED)"
			case health.NotComputable:
				why := p.T("pembagi nol atau negatif", "the base is zero or negative")
				for _, in := range append(append([]health.Input(nil), r.Num...), r.Den...) {
					if in.Absent {
						why = p.T("angka tidak tersedia dari buku", "a figure the books do not give")
						if r.Why != "" {
							why += ": " + label(r.Why, r.WhyEN)
						}
						break
					}
				}
				text[3] = p.T("TIDAK DAPAT DIHITUNG: ", "NOT COMPUTABLE: ") + why
				if !r.Unconfirmed {
					uncomputed = append(uncomputed, r.Key)
				}
			case health.NotAnswered:
				text[3] = p.T("BELUM DIJAWAB pengawas", "NOT ANSWERED by the pengawas")
				unanswered = append(unanswered, r.Key)
			}
			st.Lines = append(st.Lines, Line{Key: "indicator:" + r.Key, Level: 1, Style: Item,
				Label: label(r.Name, r.NameEN) + " = " + label(r.Formula, r.FormulaEN), Text: text})
			if r.Checklist {
				if r.Answer != nil {
					st.Lines = append(st.Lines, Line{Key: "answer:" + r.Key, Level: 2, Style: Item, Text: []string{"", "", "", ""},
						Label: fmt.Sprintf(p.T("terpenuhi %d dari %d sub-indikator (%s, %s)", "%d of %d sub-indicators fulfilled (%s, %s)"),
							r.Answer.Fulfilled, r.Answer.Total, r.Answer.Role, p.Date(r.Answer.On))})
				}
				continue
			}
			st.Lines = append(st.Lines, inputLines(p, r.Key, r.Num, r.Den, len(st.TextColumns))...)
		}
		res := w.Aspects[i]
		text := []string{"", "", strconv.Itoa(res.Skor), ""}
		if res.Scored > 0 {
			text[0] = scoreText(p, res.Score)
			text[3] = fmt.Sprintf(p.T("%s; × %s %% = %s", "%s; × %s%% = %s"), predicateText(p, res.Predicate), a.Weight(), scoreText(p, res.Weighted))
		} else {
			text[3] = p.T("tidak ada indikator yang dinilai", "no indicator scored")
		}
		st.Lines = append(st.Lines, Line{Key: "score:" + string(a), Level: 1, Style: Subtotal, Text: text,
			Label: fmt.Sprintf(p.T("Skor aspek %s = %d / (%d × 4) × 100", "Score of %s = %d / (%d × 4) × 100"), strings.ToLower(aspectName(p, a)), res.Skor, res.Scored)})
	}
	total := Line{Key: "composite", Style: Total, Label: p.T("NILAI KOMPOSIT = Σ skor aspek × bobot", "COMPOSITE = Σ aspect score × weight"), Text: []string{"", "", "", ""}}
	switch {
	case !w.HasComposite:
		total.Text[3] = p.T("TIDAK DAPAT DIHITUNG: ada aspek tanpa indikator yang dinilai", "NOT COMPUTABLE: an aspect has no indicator scored")
	case w.Complete:
		total.Text[0], total.Text[3] = scoreText(p, w.Composite), predicateText(p, w.Predicate)
	default:
		total.Text[0] = scoreText(p, w.Composite)
		total.Text[3] = p.T("TIDAK LENGKAP — sementara: ", "INCOMPLETE — provisional: ") + predicateText(p, w.Predicate)
	}
	st.Lines = append(st.Lines, total)

	if len(unanswered) > 0 {
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"PERINGATAN: nilai komposit tidak lengkap. Indikator daftar periksa yang belum dijawab pengawas tidak dinilai: %s. Catat jawabannya dengan `lumbung health answer --year %d --indicator KUNCI --fulfilled N --total M`.",
			"WARNING: the composite is incomplete. Checklist indicators the pengawas has not answered are not scored: %s. Record the answers with `lumbung health answer --year %d --indicator KEY --fulfilled N --total M`."),
			strings.Join(unanswered, ", "), year))
	}
	if len(uncomputed) > 0 {
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"PERINGATAN: nilai komposit tidak lengkap. Indikator yang tidak dapat dihitung dari buku tidak dinilai: %s.",
			"WARNING: the composite is incomplete. Indicators the books cannot compute are not scored: %s."), strings.Join(uncomputed, ", ")))
	}
	st.Notes = append(st.Notes,
		fmt.Sprintf(p.T(
			"Aturan %s berlaku sejak %s (%s). Nilai 1 (sehat) sampai 4 (tidak sehat) memberi skor 4 sampai 1; skor aspek = Σ skor / (jumlah indikator dinilai × 4) × 100; bobot aspek 30/15/40/15; predikat: ≥ 80 sehat, 66 – < 80 cukup sehat, 51 – < 66 dalam pengawasan, < 51 dalam pengawasan khusus. Inklusivitas batas 51/66/80 belum dikonfirmasi (UNCONFIRMED); di sini batas termasuk predikat di atasnya.",
			"Rules %s in force from %s (%s). Nilai 1 (healthy) to 4 (unhealthy) earn skor 4 to 1; aspect score = Σ skor / (indicators scored × 4) × 100; aspect weights 30/15/40/15; predicate: ≥ 80 sehat, 66 – < 80 cukup sehat, 51 – < 66 dalam pengawasan, < 51 dalam pengawasan khusus. Whether the edges 51/66/80 belong to the band above is UNCONFIRMED; here they do."),
			rules.Version, p.Date(rules.From), rules.Source),
		p.T(
			"Rasio dihitung tepat (16 desimal, dibulatkan setengah menjauhi nol) dan batas nilai diterapkan pada nilai itu; tampilan dibulatkan ke 2 desimal, setengah menjauhi nol (domain.md §9). Indikator bertanda UNCONFIRMED ditampilkan dengan rasionya tetapi tidak dinilai.",
			"Ratios are exact (16 decimals, rounded half away from zero) and the bands are applied to that value; the display rounds to 2 decimals, half away from zero (domain.md §9). Indicators marked UNCONFIRMED are shown with their ratio but not scored."),
		fmt.Sprintf(p.T(
			"Angka dari buku besar per %s (saldo, termasuk jurnal penutup) dan selama tahun buku (arus); ekuitas = seluruh akun ekuitas ditambah hasil yang belum ditutup. Kelompok akun menurut bagan domain.md §5.4: aset produktif %s; pinjaman %s; kewajiban jangka pendek di bawah %s; utang bank/LPDB %s; pendapatan non-operasional di bawah %s; beban non-operasional di bawah %s; beban pokok di bawah %s; biaya pembinaan = beban perkoperasian di bawah %s (bagan tidak memisahkan biaya pendidikan). Pinjaman bermasalah, PPAP dan PPAPWD dari kolektibilitas pinjaman per tanggal yang sama.",
			"Figures from the general ledger as of %s (balances, closing entries included) and over the financial year (flows); equity = every equity account plus the result not yet closed. Account groups of the chart of domain.md §5.4: productive assets %s; loans %s; current liabilities under %s; bank/LPDB borrowings %s; non-operating revenue under %s; non-operating expense under %s; cost of revenue under %s; education cost = governance expenses under %s (the chart does not separate member education). Non-performing loans, PPAP and PPAPWD from the loan collectibility on the same date."),
			p.Date(end), strings.Join(productiveGroups, ", "), strings.Join(loanGroups, ", "), currentLiabilities, strings.Join(externalCredit, ", "),
			strings.Join(nonOperatingRevenue, ", "), strings.Join(nonOperatingExpense, ", "), strings.Join(costOfRevenue, ", "), strings.Join(governanceExpense, ", ")),
	)
	st.Notes = append(st.Notes, newLoanReport(p, b, lb).inexactNote()...)
	return st, nil
}

// inputLines are the lines of a ratio's inputs, under its line: the
// figures of the numerator, then of the denominator, each with its
// amount, or said absent in the last text cell.
func inputLines(p i18n.Printer, key string, num, den []health.Input, cells int) []Line {
	var out []Line
	for side, inputs := range [][]health.Input{num, den} {
		for _, in := range inputs {
			l := Line{Key: "input:" + key + ":" + string(in.Figure), Level: 2, Style: Item, Text: make([]string, cells)}
			prefix := p.T("pembilang: ", "numerator: ")
			if side == 1 {
				prefix = p.T("penyebut: ", "denominator: ")
			}
			if in.Minus {
				prefix += "− "
			}
			l.Label = prefix + in.Figure.Label(p.Lang == i18n.EN)
			if in.Absent {
				l.Text[cells-1] = p.T("tidak tersedia dari buku", "not in the books")
			} else {
				l.Values = []money.Amount{in.Amount}
			}
			out = append(out, l)
		}
	}
	return out
}

// goalText writes a PEARLS goal.
func goalText(p i18n.Printer, r health.PearlsRatio) string {
	switch {
	case r.Min != nil && r.Max != nil:
		return ratioText(p, *r.Min) + " – " + ratioText(p, *r.Max)
	case r.Min != nil:
		return "≥ " + ratioText(p, *r.Min)
	case r.Max != nil:
		return "≤ " + ratioText(p, *r.Max)
	}
	return p.T(r.Goal, r.GoalEN)
}

// Pearls is the PEARLS dashboard of WOCCU (domain.md §8) for a financial
// year: every ratio the books can compute with its inputs, its goal of
// excellence and whether it is met; the others listed with the reason.
func Pearls(p i18n.Printer, b *generalledger.Books, name string, year int, lb LoanBook) Statement {
	rules, _ := health.RuleSetFor(health.PEARLS, year)
	english := p.Lang == i18n.EN
	end := calendar.MustNew(year, 12, 31)
	st := Statement{
		Kind: "pearls", Cooperative: name, Title: p.T("Rasio PEARLS (WOCCU)", "PEARLS Ratios (WOCCU)"),
		Subtitle:    fmt.Sprintf(p.T("Tahun buku %d — aturan %s (%s)", "Financial year %d — rules %s (%s)"), year, rules.Version, rules.Source),
		TextColumns: []string{p.T("Rasio", "Ratio"), p.T("Sasaran", "Goal"), p.T("Tercapai", "Met"), p.T("Keterangan", "Remark")},
		Columns:     []Column{{Label: p.T("Jumlah per ", "Amount as of ") + p.Date(end), From: calendar.MustNew(year, 1, 1), To: end}},
	}
	var missing []string
	for _, r := range health.Pearls(HealthFigures(b, year, lb)) {
		text := []string{"", goalText(p, r.PearlsRatio), "", ""}
		label := r.Code + " " + r.Name
		if english {
			label = r.Code + " " + r.NameEN
		}
		switch {
		case len(r.PearlsRatio.Num) == 0:
			text[3] = p.T("TIDAK DAPAT DIHITUNG: ", "NOT COMPUTABLE: ") + p.T(r.Why, r.WhyEN)
			missing = append(missing, r.Code)
		case !r.HasRatio:
			text[3] = p.T("TIDAK DAPAT DIHITUNG: pembagi nol atau negatif", "NOT COMPUTABLE: the base is zero or negative")
		default:
			text[0] = ratioText(p, r.Ratio)
			switch {
			case !r.Numeric:
			case r.Met:
				text[2] = p.T("ya", "yes")
			default:
				text[2] = p.T("TIDAK", "NO")
			}
		}
		st.Lines = append(st.Lines, Line{Key: "ratio:" + r.Code, Style: Item, Label: label, Text: text})
		st.Lines = append(st.Lines, inputLines(p, r.Code, r.Num, r.Den, len(st.TextColumns))...)
	}
	st.Notes = append(st.Notes,
		fmt.Sprintf(p.T(
			"Sasaran keunggulan WOCCU (domain.md §8). Tidak dihitung dari buku: %s, serta P3–P5, E3–E4, A3, R1–R8, R10–R11, L2–L3 dan S1–S9 (buku besar tidak memisahkan investasi keuangan dan non-keuangan, biaya dana per sumber, atau cadangan likuiditas).",
			"WOCCU goals of excellence (domain.md §8). Not computed from the books: %s, and P3–P5, E3–E4, A3, R1–R8, R10–R11, L2–L3 and S1–S9 (the general ledger does not separate financial from non-financial investments, the cost of funds by source, or liquidity reserves)."),
			strings.Join(missing, ", ")),
		p.T(
			"Pemetaan akun (rancangan domain.md §8, bagan §5.4): simpanan = 2-1100, 2-1200, 2-1300; modal anggota = 3-1100, 3-1200, 3-1300; modal lembaga = 3-2100, 3-2200, 3-3100; modal lembaga bersih = modal lembaga + PPAP − PPAPWD; investasi likuid = kas dan bank + 1-1210, 1-1300; pinjaman menunggak = sisa pokok pinjaman dengan hari tunggakan > 0. Rasio R memakai rata-rata total aset dari 13 akhir bulan (akhir tahun lalu sampai akhir tahun ini), bukan saldo akhir tahun.",
			"Account mapping (design of domain.md §8, chart §5.4): savings deposits = 2-1100, 2-1200, 2-1300; member shares = 3-1100, 3-1200, 3-1300; institutional capital = 3-2100, 3-2200, 3-3100; net institutional capital = institutional capital + PPAP − PPAPWD; liquid investments = cash and bank + 1-1210, 1-1300; delinquency = the outstanding principal of loans more than 0 days past due. The R ratios use total assets averaged over the 13 month ends (last year end to this year end), not the year-end balance."),
		p.T(
			"Rasio dihitung tepat (16 desimal, setengah menjauhi nol) dan dibandingkan dengan sasaran pada nilai itu; tampilan 2 desimal, setengah menjauhi nol.",
			"Ratios are exact (16 decimals, half away from zero) and compared with the goal at that value; the display shows 2 decimals, half away from zero."),
	)
	return st
}
