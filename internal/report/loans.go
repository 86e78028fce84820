package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// The loan portfolio reports of domain.md §12 item 10: the portfolio by
// product, its aging by days past due, its collectibility with the
// allowance and the ratios of §2.5, and the lending limits of §4.3.
//
// Every figure is as of the end of one date: the loans as their events
// dated that day or earlier left them (LoansAt), the allowance and modal
// sendiri from the general ledger's postings to the same date. Counts and
// percentages are text cells, never Values: a Value is an amount, and a
// percentage written as one would be rounded to the currency's unit by
// the text table and summed as money by a spreadsheet.

// LoanBook is what the loan reports read: every loan of a cooperative as
// it stood at the end of AsOf, in id order.
type LoanBook struct {
	AsOf  calendar.Date
	Loans []*loan.State
	// Names are the borrowers' names by member id; a borrower without one
	// is shown by id alone.
	Names map[string]string
	// Inexact lists the loans whose state on AsOf is not exact: a
	// repayment dated on or before AsOf was recorded after a restructuring
	// dated later, and was allocated to the new schedule (see LoansAt).
	Inexact []string
}

// CurrentLoans copies the loan book as it stands: the loans on any date
// from today on, since no repayment, disbursement or write-off may be
// dated after today. (A review run for a later date may have recorded a
// class ahead; only the recorded class shows it.)
func CurrentLoans(b *loanbook.Book, asOf calendar.Date) LoanBook {
	lb := LoanBook{AsOf: asOf}
	b.Each(func(s *loan.State) { lb.Loans = append(lb.Loans, s.Clone()) })
	return lb
}

// LoansAt is the fold of a cooperative's loans as they stood at the end
// of a date (loanbook.At), for the reports.
type LoansAt struct{ *loanbook.At }

// NewLoansAt returns an empty fold of coop's loans at the end of at.
func NewLoansAt(coop string, at calendar.Date) *LoansAt { return &LoansAt{loanbook.NewAt(coop, at)} }

// Book returns the loans folded, in id order.
func (l *LoansAt) Book() LoanBook {
	loans, inexact := l.Loans()
	return LoanBook{AsOf: l.Date(), Loans: loans, Inexact: inexact}
}

// NameBorrowers fills Names with the borrowers' names as the members'
// register has them at AsOf.
func (lb *LoanBook) NameBorrowers(members *balances.Projection, coop string) {
	lb.Names = map[string]string{}
	for _, s := range lb.Loans {
		if row, ok := members.Member(coop, s.Member, lb.AsOf); ok {
			lb.Names[s.Member] = row.Name
		}
	}
}

// loanReport holds what every loan report reads.
type loanReport struct {
	p       i18n.Printer
	b       *generalledger.Books
	english bool
	lb      LoanBook
}

func newLoanReport(p i18n.Printer, b *generalledger.Books, lb LoanBook) loanReport {
	return loanReport{p: p, b: b, english: p.Lang == i18n.EN, lb: lb}
}

// places returns the decimals of the currency on the date: the unit the
// allowance and the limits are rounded to.
func (r loanReport) places() int32 {
	v, _ := r.b.State.Policies.At(r.lb.AsOf)
	return v.Policy.Places
}

func (r loanReport) subtitle() string { return r.p.T("per ", "as of ") + r.p.Date(r.lb.AsOf) }

// at selects the postings to the end of the date, closing entries
// included: a position.
func (r loanReport) at() generalledger.Filter {
	return generalledger.Filter{To: r.lb.AsOf, Closing: true}
}

// active returns the loans disbursed and neither repaid nor written off.
func (r loanReport) active() []*loan.State {
	var out []*loan.State
	for _, s := range r.lb.Loans {
		if s.Status == loan.StatusActive {
			out = append(out, s)
		}
	}
	return out
}

// productLabel names a product by its latest version's name and its code.
func (r loanReport) productLabel(code string) string {
	if v, ok := r.b.State.Products.Latest(code); ok && v.Product.Name != "" {
		return v.Product.Name + " (" + code + ")"
	}
	return code
}

// count writes a number of loans as the language groups digits.
func (r loanReport) count(n int) string { return r.p.Number(money.New(int64(n))) }

// percent writes num/den as a percentage with two decimals, rounded once,
// half away from zero, from the exact figures (domain.md §9: ratios keep
// full precision and show two decimals); "-" when den is not positive.
func (r loanReport) percent(num, den decimal.Decimal) string {
	if !den.IsPositive() {
		return "-"
	}
	return r.percentText(num.Mul(decimal.New(100, 0)).DivRound(den, 2))
}

// rate writes a share (0.005) as a percentage ("0,50 %").
func (r loanReport) rate(share decimal.Decimal) string { return r.percentText(share.Shift(2)) }

func (r loanReport) percentText(pct decimal.Decimal) string {
	s := pct.StringFixed(2)
	if r.english {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + " %"
}

// reconcile says whether the principal outstanding equals the balance of
// the loans account in the general ledger on the date.
func (r loanReport) reconcile(outstanding money.Amount) string {
	a, ok := r.b.State.Chart.ByRole(ledger.RoleLoans)
	if !ok {
		return ""
	}
	held := r.b.Balance(a.Code, r.at())
	if held.Equal(outstanding) {
		return fmt.Sprintf(r.p.T("Sisa pokok sama dengan saldo akun %s %s di buku besar per %s.", "The outstanding principal equals the balance of account %s %s in the general ledger as of %s."),
			a.Code, a.Label(r.english), r.p.Date(r.lb.AsOf))
	}
	return fmt.Sprintf(r.p.T("PERINGATAN: sisa pokok %s berselisih %s dengan saldo akun %s %s di buku besar per %s (%s).", "WARNING: the outstanding principal %s differs by %s from the balance of account %s %s in the general ledger as of %s (%s)."),
		r.p.Number(outstanding), r.p.Number(outstanding.Sub(held)), a.Code, a.Label(r.english), r.p.Date(r.lb.AsOf), r.p.Number(held))
}

// inexactNote names the loans whose figures on the date are not exact.
func (r loanReport) inexactNote() []string {
	if len(r.lb.Inexact) == 0 {
		return nil
	}
	return []string{fmt.Sprintf(r.p.T(
		"Pinjaman %s: pembayaran bertanggal sebelum tanggal laporan dicatat setelah restrukturisasi bertanggal sesudahnya; angka per tanggal ini tidak persis.",
		"Loans %s: a repayment dated before the report's date was recorded after a restructuring dated later; the figures as of this date are not exact."),
		shortList(r.lb.Inexact, r.p))}
}

// maxListed bounds how many identifiers a note names.
const maxListed = 10

// shortList names up to maxListed identifiers and counts the rest.
func shortList(ids []string, p i18n.Printer) string {
	if len(ids) <= maxListed {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:maxListed], ", ") + fmt.Sprintf(p.T(" dan %d lainnya", " and %d more"), len(ids)-maxListed)
}

// LoanPortfolio is the loan portfolio on a date: per product, the number
// of loans outstanding, what was lent and the principal still owed; then,
// apart, the loans written off, what was written off and what has been
// recovered of them.
func LoanPortfolio(p i18n.Printer, b *generalledger.Books, name string, lb LoanBook) Statement {
	r := newLoanReport(p, b, lb)
	asOf := lb.AsOf
	st := Statement{
		Kind: "loan-portfolio", Cooperative: name, Title: p.T("Portofolio Pinjaman", "Loan Portfolio"),
		Subtitle:    r.subtitle(),
		TextColumns: []string{p.T("Jumlah pinjaman", "Loans")},
		Columns: []Column{
			{Label: p.T("Plafon dicairkan", "Amount lent"), To: asOf},
			{Label: p.T("Sisa pokok", "Outstanding principal"), To: asOf},
			{Label: p.T("Dihapusbukukan", "Written off"), To: asOf},
			{Label: p.T("Pemulihan", "Recovered"), To: asOf},
		},
	}
	type tally struct {
		n      int
		values []money.Amount
	}
	sections := []struct {
		status                    loan.Status
		key, id, en, totID, totEN string
	}{
		{loan.StatusActive, "active", "PINJAMAN BEREDAR", "LOANS OUTSTANDING", "Jumlah pinjaman beredar", "Total loans outstanding"},
		{loan.StatusWrittenOff, "written-off", "PINJAMAN DIHAPUSBUKUKAN", "LOANS WRITTEN OFF", "Jumlah pinjaman dihapusbukukan", "Total loans written off"},
	}
	total := tally{values: zeros(4)}
	claim := money.Zero()
	for _, sec := range sections {
		byProduct := map[string]*tally{}
		for _, s := range lb.Loans {
			if s.Status != sec.status {
				continue
			}
			t, ok := byProduct[s.Product]
			if !ok {
				t = &tally{values: zeros(4)}
				byProduct[s.Product] = t
			}
			t.n++
			addTo(t.values, []money.Amount{s.Amount, s.Outstanding(), s.WrittenOff, s.Recovered})
			if sec.status == loan.StatusWrittenOff {
				claim = claim.Add(s.WrittenOff.Sub(s.Recovered))
			}
		}
		st.Lines = append(st.Lines, Line{Key: "section:" + sec.key, Label: p.T(sec.id, sec.en), Style: Heading})
		sum := tally{values: zeros(4)}
		codes := make([]string, 0, len(byProduct))
		for code := range byProduct {
			codes = append(codes, code)
		}
		slices.Sort(codes)
		for _, code := range codes {
			t := byProduct[code]
			st.Lines = append(st.Lines, Line{Key: sec.key + ":" + code, Label: r.productLabel(code), Level: 1, Style: Item, Text: []string{r.count(t.n)}, Values: t.values})
			sum.n += t.n
			addTo(sum.values, t.values)
		}
		st.Lines = append(st.Lines, Line{Key: "subtotal:" + sec.key, Label: p.T(sec.totID, sec.totEN), Level: 1, Style: Subtotal, Text: []string{r.count(sum.n)}, Values: sum.values})
		total.n += sum.n
		addTo(total.values, sum.values)
	}
	st.Lines = append(st.Lines, Line{Key: "total", Label: p.T("JUMLAH", "TOTAL"), Style: Total, Text: []string{r.count(total.n)}, Values: total.values})
	if note := r.reconcile(total.values[1]); note != "" {
		st.Notes = append(st.Notes, note)
	}
	st.Notes = append(st.Notes, fmt.Sprintf(p.T(
		"Pinjaman yang dihapusbukukan tidak lagi tercatat sebagai piutang, tetapi tagihannya tetap (hapus buku bukan hapus tagih, domain.md §2.6): sisa tagihan %s.",
		"Loans written off are no longer carried as receivables, but the claims remain (a write-off is not a waiver, domain.md §2.6): %s still owed."), p.Number(claim)))
	st.Notes = append(st.Notes, r.inexactNote()...)
	return st
}

// agingBucket is a range of days past due, both ends included; to < 0
// has no upper end.
type agingBucket struct {
	key      string
	from, to int
	id, en   string
}

// agingBuckets are the aging report's ranges of days past due.
var agingBuckets = []agingBucket{
	{"current", 0, 0, "Tidak menunggak (0 hari)", "Not past due (0 days)"},
	{"1-30", 1, 30, "1–30 hari", "1–30 days"},
	{"31-90", 31, 90, "31–90 hari", "31–90 days"},
	{"91-180", 91, 180, "91–180 hari", "91–180 days"},
	{"over-180", 181, -1, "Lebih dari 180 hari", "More than 180 days"},
}

func (k agingBucket) holds(dpd int) bool { return dpd >= k.from && (k.to < 0 || dpd <= k.to) }

// arrears returns the principal and interest of the instalments due
// before d and not paid: what the days past due count from.
func arrears(s *loan.State, d calendar.Date) (principal, interest money.Amount) {
	principal, interest = money.Zero(), money.Zero()
	for _, in := range s.Schedule {
		if !in.Due.Before(d) {
			break
		}
		paid := s.Paid(in.N)
		principal = principal.Add(in.Principal.Sub(paid.Principal))
		interest = interest.Add(in.Interest.Sub(paid.Interest))
	}
	return principal, interest
}

// LoanAging is the aging of the loans outstanding on a date: by days past
// due (since the due date of the oldest instalment not fully paid), the
// number of loans, the principal outstanding and its share, and the
// principal and interest in arrears.
func LoanAging(p i18n.Printer, b *generalledger.Books, name string, lb LoanBook) Statement {
	r := newLoanReport(p, b, lb)
	asOf := lb.AsOf
	st := Statement{
		Kind: "loan-aging", Cooperative: name, Title: p.T("Umur Pinjaman (Hari Tunggakan)", "Loan Aging (Days Past Due)"),
		Subtitle:    r.subtitle(),
		TextColumns: []string{p.T("Jumlah pinjaman", "Loans"), p.T("Porsi sisa pokok", "Share of outstanding")},
		Columns: []Column{
			{Label: p.T("Sisa pokok", "Outstanding principal"), To: asOf},
			{Label: p.T("Pokok tertunggak", "Principal in arrears"), To: asOf},
			{Label: p.T("Jasa tertunggak", "Interest in arrears"), To: asOf},
		},
	}
	counts := make([]int, len(agingBuckets))
	sums := make([][]money.Amount, len(agingBuckets))
	for i := range sums {
		sums[i] = zeros(3)
	}
	total, n := zeros(3), 0
	for _, s := range r.active() {
		dpd := s.DPD(asOf)
		i := slices.IndexFunc(agingBuckets, func(k agingBucket) bool { return k.holds(dpd) })
		pr, in := arrears(s, asOf)
		values := []money.Amount{s.Outstanding(), pr, in}
		counts[i]++
		addTo(sums[i], values)
		addTo(total, values)
		n++
	}
	for i, k := range agingBuckets {
		st.Lines = append(st.Lines, Line{Key: "bucket:" + k.key, Label: p.T(k.id, k.en), Style: Item,
			Text: []string{r.count(counts[i]), r.percent(sums[i][0].Decimal(), total[0].Decimal())}, Values: sums[i]})
	}
	st.Lines = append(st.Lines, Line{Key: "total", Label: p.T("JUMLAH", "TOTAL"), Style: Total,
		Text: []string{r.count(n), r.percent(total[0].Decimal(), total[0].Decimal())}, Values: total})
	st.Notes = append(st.Notes, p.T(
		"Hari tunggakan dihitung sejak tanggal jatuh tempo angsuran tertua yang belum lunas (domain.md §2.4); tunggakan adalah pokok dan jasa angsuran yang jatuh tempo sebelum tanggal laporan dan belum dibayar, tanpa denda.",
		"Days past due count from the due date of the oldest instalment not fully paid (domain.md §2.4); arrears are the principal and interest of instalments due before the report's date and not paid, penalties aside."))
	if note := r.reconcile(total[0]); note != "" {
		st.Notes = append(st.Notes, note)
	}
	st.Notes = append(st.Notes, r.inexactNote()...)
	return st
}

// classLabel names a collectibility class.
func classLabel(p i18n.Printer, c loan.Class) string {
	switch c {
	case loan.Lancar:
		return p.T("Lancar", "Lancar (current)")
	case loan.KurangLancar:
		return p.T("Kurang lancar", "Kurang lancar (substandard)")
	case loan.Diragukan:
		return p.T("Diragukan", "Diragukan (doubtful)")
	case loan.Macet:
		return p.T("Macet", "Macet (loss)")
	}
	return string(c)
}

// rpmWeights are the weights of the legacy ratio Risiko Pinjaman
// Bermasalah (domain.md §2.5): 50 % of kurang lancar, 75 % of diragukan,
// all of macet.
var rpmWeights = map[loan.Class]decimal.Decimal{
	loan.KurangLancar: decimal.New(50, -2),
	loan.Diragukan:    decimal.New(75, -2),
	loan.Macet:        decimal.NewFromInt(1),
}

// ClassOn returns a loan's collectibility on d under its product's
// profile (domain.md §2.4): from the days past due on d, the collateral
// and the principal outstanding, whatever the last review recorded.
func ClassOn(s *loan.State, d calendar.Date) loan.Class {
	return s.Terms.Quality.ClassOf(s.DPD(d), s.Collateral, s.Outstanding())
}

// requiredAllowance returns the allowance a loan of class c requires:
// its class's rate of the principal outstanding, rounded half-up to the
// currency's unit, the one rounding of the allowance (as the review
// records it).
func requiredAllowance(s *loan.State, c loan.Class, places int32) money.Amount {
	return money.FromDecimal(s.Outstanding().Decimal().Mul(s.Terms.Quality.Rate(c)).Round(places))
}

// classTotals are the loans outstanding on a date by collectibility
// class, with the allowance the classes require (PPAPWD) and the
// allowance booked (PPAP): what the collectibility report and the health
// assessment read.
type classTotals struct {
	counts              map[loan.Class]int
	outstanding         map[loan.Class]money.Amount
	required            map[loan.Class]money.Amount
	total, ppapwd, held money.Amount
	n                   int
	// allowance is the account playing the allowance role, whose balance
	// is held.
	allowance ledger.Account
}

// problem returns the principal of the non-performing classes: kurang
// lancar, diragukan and macet.
func (ct classTotals) problem() money.Amount {
	return ct.outstanding[loan.KurangLancar].Add(ct.outstanding[loan.Diragukan]).Add(ct.outstanding[loan.Macet])
}

// atRisk returns the loans weighted by the legacy ratio RPM: 50 % of
// kurang lancar, 75 % of diragukan, all of macet (domain.md §2.5), exact.
func (ct classTotals) atRisk() money.Amount {
	weighted := decimal.Zero
	for c, w := range rpmWeights {
		weighted = weighted.Add(ct.outstanding[c].Decimal().Mul(w))
	}
	return money.FromDecimal(weighted)
}

// classify classes the loans active on the report's date (ClassOn) and
// sums them by class.
func (r loanReport) classify() classTotals {
	ct := classTotals{counts: map[loan.Class]int{}, outstanding: map[loan.Class]money.Amount{}, required: map[loan.Class]money.Amount{},
		total: money.Zero(), ppapwd: money.Zero(), held: money.Zero()}
	for _, c := range loan.Classes() {
		ct.outstanding[c], ct.required[c] = money.Zero(), money.Zero()
	}
	places := r.places()
	for _, s := range r.active() {
		c := ClassOn(s, r.lb.AsOf)
		ct.counts[c]++
		ct.n++
		ct.outstanding[c] = ct.outstanding[c].Add(s.Outstanding())
		req := requiredAllowance(s, c, places)
		ct.required[c] = ct.required[c].Add(req)
		ct.ppapwd = ct.ppapwd.Add(req)
		ct.total = ct.total.Add(s.Outstanding())
	}
	if a, ok := r.b.State.Chart.ByRole(ledger.RoleAllowance); ok {
		ct.allowance = a
		ct.held = r.b.Balance(a.Code, r.at())
	}
	return ct
}

// LoanCollectibility is the collectibility of the loans outstanding on a
// date (kolektibilitas, domain.md §2.4): each loan classed by its days
// past due on the date under its product's profile; per class the number
// of loans, the principal outstanding and its share; the allowance the
// classes require (PPAPWD) against the allowance booked (PPAP, the
// balance of the allowance account); and the ratios NPL, RPM and
// PPAP/PPAPWD (domain.md §2.5).
func LoanCollectibility(p i18n.Printer, b *generalledger.Books, name string, lb LoanBook) Statement {
	r := newLoanReport(p, b, lb)
	asOf := lb.AsOf
	st := Statement{
		Kind: "loan-collectibility", Cooperative: name, Title: p.T("Kolektibilitas Pinjaman dan PPAP", "Loan Collectibility and Allowance"),
		Subtitle:    r.subtitle(),
		TextColumns: []string{p.T("Jumlah pinjaman", "Loans"), p.T("Persentase", "Percentage")},
		Columns:     []Column{{Label: p.Date(asOf), To: asOf}},
	}
	ct := r.classify()
	counts, outstanding, required, total, n := ct.counts, ct.outstanding, ct.required, ct.total, ct.n
	rates := map[loan.Class][]decimal.Decimal{}
	var differ []string
	var profiles []string
	for _, s := range r.active() {
		if c := ClassOn(s, asOf); s.Class != c {
			differ = append(differ, string(s.ID))
		}
		for _, k := range loan.Classes() {
			rate := s.Terms.Quality.Rate(k)
			if !slices.ContainsFunc(rates[k], rate.Equal) {
				rates[k] = append(rates[k], rate)
			}
		}
		if !slices.Contains(profiles, s.Product) {
			profiles = append(profiles, s.Product)
		}
	}
	st.Lines = append(st.Lines, Line{Key: "section:outstanding", Label: p.T("SISA POKOK MENURUT KOLEKTIBILITAS", "OUTSTANDING PRINCIPAL BY CLASS"), Style: Heading})
	for _, c := range loan.Classes() {
		st.Lines = append(st.Lines, Line{Key: "outstanding:" + string(c), Label: classLabel(p, c), Level: 1, Style: Item,
			Text: []string{r.count(counts[c]), r.percent(outstanding[c].Decimal(), total.Decimal())}, Values: []money.Amount{outstanding[c]}})
	}
	st.Lines = append(st.Lines, Line{Key: "total_outstanding", Label: p.T("Jumlah sisa pokok", "Total outstanding principal"), Level: 1, Style: Subtotal,
		Text: []string{r.count(n), r.percent(total.Decimal(), total.Decimal())}, Values: []money.Amount{total}})

	st.Lines = append(st.Lines, Line{Key: "section:ppapwd", Label: p.T("PPAP WAJIB DIBENTUK (PPAPWD)", "REQUIRED ALLOWANCE (PPAPWD)"), Style: Heading})
	for _, c := range loan.Classes() {
		rate := ""
		switch len(rates[c]) {
		case 0:
		case 1:
			rate = r.rate(rates[c][0])
		default:
			rate = p.T("bervariasi", "varies")
		}
		st.Lines = append(st.Lines, Line{Key: "ppapwd:" + string(c), Label: classLabel(p, c), Level: 1, Style: Item,
			Text: []string{"", rate}, Values: []money.Amount{required[c]}})
	}
	ppapwd, held, allowance := ct.ppapwd, ct.held, ct.allowance
	st.Lines = append(st.Lines, Line{Key: "ppapwd", Label: p.T("Jumlah PPAPWD", "Total PPAPWD"), Level: 1, Style: Subtotal, Values: []money.Amount{ppapwd}})
	st.Lines = append(st.Lines,
		Line{Key: "ppap", Label: p.T("PPAP dibentuk: ", "Allowance booked (PPAP): ") + allowance.Code + " " + allowance.Label(r.english), Level: 1, Style: Item, Values: []money.Amount{held}},
		Line{Key: "ppap_gap", Label: p.T("Kelebihan (kekurangan) PPAP", "Allowance above (below) PPAPWD"), Level: 1, Style: Item, Values: []money.Amount{held.Sub(ppapwd)}},
	)

	problem := ct.problem()
	weighted := ct.atRisk().Decimal()
	st.Lines = append(st.Lines,
		Line{Key: "section:ratios", Label: p.T("RASIO", "RATIOS"), Style: Heading},
		Line{Key: "ratio:npl", Label: p.T("Pinjaman bermasalah (NPL) = (KL + D + M) / sisa pokok", "Non-performing loans (NPL) = (KL + D + M) / outstanding"), Level: 1, Style: Item,
			Text: []string{"", r.percent(problem.Decimal(), total.Decimal())}},
		Line{Key: "ratio:rpm", Label: p.T("Risiko pinjaman bermasalah (RPM) = (50 % KL + 75 % D + 100 % M) / sisa pokok", "Problem loan risk (RPM) = (50% KL + 75% D + 100% M) / outstanding"), Level: 1, Style: Item,
			Text: []string{"", r.percent(weighted, total.Decimal())}},
		Line{Key: "ratio:ppap", Label: "PPAP / PPAPWD", Level: 1, Style: Item,
			Text: []string{"", r.percent(held.Decimal(), ppapwd.Decimal())}},
	)

	slices.Sort(profiles)
	for _, code := range profiles {
		v, ok := b.State.Products.Latest(code)
		if !ok {
			continue
		}
		q := v.Product.Quality
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"%s: lancar sampai %d hari tunggakan, kurang lancar sampai %d hari; selebihnya diragukan bila agunan paling sedikit %s sisa pokok, macet bila tidak.",
			"%s: lancar up to %d days past due, kurang lancar up to %d days; beyond that diragukan when the collateral covers at least %s of the outstanding principal, else macet."),
			r.productLabel(code), q.Lancar, q.KurangLancar, r.rate(q.CollateralShare)))
	}
	st.Notes = append(st.Notes, fmt.Sprintf(p.T(
		"Kolektibilitas dihitung per %s dari hari tunggakan dan profil produk setiap pinjaman (domain.md §2.4). PPAPWD = Σ tarif kelas × sisa pokok, dibulatkan setengah ke atas per pinjaman; PPAP = saldo akun %s per tanggal yang sama. Batas hari dan tarif 0,5/10/50/100 %% adalah rancangan yang belum dikonfirmasi untuk Juknis 15/2021 (domain.md §2.4–2.5).",
		"Collectibility is computed as of %s from each loan's days past due and its product's profile (domain.md §2.4). PPAPWD = Σ class rate × outstanding principal, rounded half-up per loan; PPAP = the balance of account %s on the same date. The day boundaries and the rates 0.5/10/50/100%% are a design not confirmed for Juknis 15/2021 (domain.md §2.4–2.5)."),
		p.Date(asOf), allowance.Code))
	if len(differ) > 0 {
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"%d pinjaman tercatat pada kelas lain oleh tinjauan terakhir (%s); `lumbung loans review --as-of %s` mencatat kelas dan cadangannya.",
			"Loans recorded in another class by the last review: %d (%s); `lumbung loans review --as-of %s` records their classes and the allowance."),
			len(differ), shortList(differ, p), asOf))
	}
	if note := r.reconcile(total); note != "" {
		st.Notes = append(st.Notes, note)
	}
	st.Notes = append(st.Notes, r.inexactNote()...)
	return st
}

// topBorrowers is how many of the largest borrowers the lending limits
// list.
const topBorrowers = 10

// borrower is one borrower's outstanding principal on a date.
type borrower struct {
	id       string
	exposure money.Amount
	related  bool
}

// lendingUsage is the use of the lending limits (BMPP) on a date, as the
// lending-limits and the compliance reports show it.
type lendingUsage struct {
	modal                        money.Amount
	rules                        prudential.RuleSet
	unrelatedLimit, relatedLimit money.Amount
	// all are the borrowers by exposure, largest first; related the
	// related parties by id, relatedSum their exposure together.
	all        []*borrower
	related    []*borrower
	relatedSum money.Amount
}

// over returns the borrowers not related parties whose exposure exceeds
// the limit per borrower, largest first.
func (u lendingUsage) over() []*borrower {
	var out []*borrower
	for _, br := range u.all {
		if !br.related && br.exposure.Cmp(u.unrelatedLimit) > 0 {
			out = append(out, br)
		}
	}
	return out
}

// largestUnrelated returns the largest borrower not a related party.
func (u lendingUsage) largestUnrelated() (*borrower, bool) {
	for _, br := range u.all {
		if !br.related {
			return br, true
		}
	}
	return nil, false
}

// lendingUsage sums the active loans' outstanding principal by borrower
// and sets it against the limits of the rule set in force on the date
// (Permenkop 8/2023 Art. 44(1) and 45; the first rule set for earlier
// dates, as the approval of a loan checks them), rounded down to the
// currency's unit.
func (r loanReport) lendingUsage() lendingUsage {
	rules := prudential.Default().AtOrFirst(r.lb.AsOf)
	u := lendingUsage{modal: r.b.ModalSendiri(r.lb.AsOf), rules: rules, relatedSum: money.Zero()}
	places := r.places()
	u.unrelatedLimit = rules.Limit(prudential.BorrowerLoans).Room(u.modal, places)
	u.relatedLimit = rules.Limit(prudential.RelatedLoans).Room(u.modal, places)
	byID := map[string]*borrower{}
	for _, s := range r.active() {
		br, ok := byID[s.Member]
		if !ok {
			br = &borrower{id: s.Member, exposure: money.Zero()}
			byID[s.Member] = br
			u.all = append(u.all, br)
		}
		br.exposure = br.exposure.Add(s.Outstanding())
		br.related = br.related || s.Related
	}
	for _, br := range u.all {
		if br.related {
			u.related = append(u.related, br)
			u.relatedSum = u.relatedSum.Add(br.exposure)
		}
	}
	slices.SortFunc(u.related, func(a, b *borrower) int { return strings.Compare(a.id, b.id) })
	slices.SortFunc(u.all, func(a, b *borrower) int {
		if c := b.exposure.Cmp(a.exposure); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return u
}

// borrowerLabel names a borrower by id and name.
func (r loanReport) borrowerLabel(id string) string {
	if n := r.lb.Names[id]; n != "" {
		return id + " " + n
	}
	return id
}

// LendingLimits is the use of the lending limits (BMPP, domain.md §2.1 and
// §4.3) on a date: modal sendiri; the ten largest borrowers' outstanding
// principal against 15 % of it each, those over flagged with the excess;
// the related parties' outstanding principal together against 10 %.
func LendingLimits(p i18n.Printer, b *generalledger.Books, name string, lb LoanBook) Statement {
	r := newLoanReport(p, b, lb)
	asOf := lb.AsOf
	st := Statement{
		Kind: "lending-limits", Cooperative: name, Title: p.T("Batas Maksimum Pemberian Pinjaman (BMPP)", "Lending Limits (BMPP)"),
		Subtitle:    r.subtitle(),
		TextColumns: []string{p.T("Porsi modal sendiri", "Share of modal sendiri"), p.T("Keterangan", "Status")},
		Columns:     []Column{{Label: p.Date(asOf), To: asOf}},
	}
	u := r.lendingUsage()
	modal, unrelatedLimit, relatedLimit := u.modal, u.unrelatedLimit, u.relatedLimit
	share := func(a money.Amount) string { return r.percent(a.Decimal(), modal.Decimal()) }
	st.Lines = append(st.Lines,
		Line{Key: "modal_sendiri", Label: p.T("Modal sendiri", "Modal sendiri (own capital)"), Style: Item, Values: []money.Amount{modal}},
		Line{Key: "limit:borrower", Label: p.T("Batas per peminjam bukan pihak terkait", "Limit per borrower not a related party"), Style: Item,
			Text: []string{r.rate(u.rules.Limit(prudential.BorrowerLoans).Share), p.T("Pasal 45", "Art. 45")}, Values: []money.Amount{unrelatedLimit}},
		Line{Key: "limit:related", Label: p.T("Batas pihak terkait, seluruhnya", "Limit for related parties together"), Style: Item,
			Text: []string{r.rate(u.rules.Limit(prudential.RelatedLoans).Share), p.T("Pasal 44 ayat 1", "Art. 44(1)")}, Values: []money.Amount{relatedLimit}},
	)
	all := u.all
	label := r.borrowerLabel

	st.Lines = append(st.Lines, Line{Key: "section:top", Label: fmt.Sprintf(p.T("%d PEMINJAM TERBESAR", "THE %d LARGEST BORROWERS"), topBorrowers), Style: Heading})
	top := all[:min(len(all), topBorrowers)]
	topSum, over := money.Zero(), 0
	for _, br := range top {
		status := p.T("dalam batas", "within the limit")
		excess := br.exposure.Sub(unrelatedLimit)
		switch {
		case br.related:
			status = p.T("pihak terkait: batas 10 % bersama", "related party: 10% limit together")
		case excess.IsPositive():
			status = p.T("MELAMPAUI BATAS", "OVER THE LIMIT")
		}
		st.Lines = append(st.Lines, Line{Key: "borrower:" + br.id, Label: label(br.id), Level: 1, Style: Item,
			Text: []string{share(br.exposure), status}, Values: []money.Amount{br.exposure}})
		if !br.related && excess.IsPositive() {
			over++
			st.Lines = append(st.Lines, Line{Key: "excess:borrower:" + br.id, Label: p.T("kelebihan di atas batas", "excess over the limit"), Level: 2, Style: Item,
				Values: []money.Amount{excess}})
		}
		topSum = topSum.Add(br.exposure)
	}
	st.Lines = append(st.Lines, Line{Key: "subtotal:top", Label: fmt.Sprintf(p.T("Jumlah %d peminjam terbesar", "Total of the %d largest borrowers"), len(top)), Level: 1, Style: Subtotal,
		Text: []string{share(topSum), ""}, Values: []money.Amount{topSum}})

	st.Lines = append(st.Lines, Line{Key: "section:related", Label: p.T("PIHAK TERKAIT", "RELATED PARTIES"), Style: Heading})
	relatedSum := u.relatedSum
	for _, br := range u.related {
		st.Lines = append(st.Lines, Line{Key: "related:" + br.id, Label: label(br.id), Level: 1, Style: Item,
			Text: []string{share(br.exposure), ""}, Values: []money.Amount{br.exposure}})
	}
	relatedExcess := relatedSum.Sub(relatedLimit)
	relatedStatus := p.T("dalam batas", "within the limit")
	if relatedExcess.IsPositive() {
		relatedStatus = p.T("MELAMPAUI BATAS", "OVER THE LIMIT")
	}
	st.Lines = append(st.Lines, Line{Key: "related_total", Label: p.T("Jumlah pihak terkait", "Total related parties"), Level: 1, Style: Subtotal,
		Text: []string{share(relatedSum), relatedStatus}, Values: []money.Amount{relatedSum}})
	if relatedExcess.IsPositive() {
		st.Lines = append(st.Lines, Line{Key: "related_excess", Label: p.T("kelebihan di atas batas", "excess over the limit"), Level: 2, Style: Item,
			Values: []money.Amount{relatedExcess}})
	}

	st.Notes = append(st.Notes, p.T(
		"Batas Maksimum Pemberian Pinjaman menurut Permenkop 8/2023: kepada pihak terkait (pengurus, pengawas dan yang terkait dengan mereka) paling banyak 10 % dari modal sendiri seluruhnya (Pasal 44 ayat 1); kepada peminjam lain paling banyak 15 % dari modal sendiri per peminjam (Pasal 45; sumber sekunder, belum dikonfirmasi pada naskah peraturan). Dasarnya sisa pokok pinjaman (Pasal 1 dan 42 ayat 1; domain.md §4.3).",
		"Lending limits of Permenkop 8/2023: to related parties (pengurus, pengawas and those linked to them) at most 10% of modal sendiri together (Art. 44(1)); to any other borrower at most 15% of modal sendiri each (Art. 45; a secondary source, not confirmed against the regulation's text). The base is the outstanding principal (Art. 1 and 42(1); domain.md §4.3)."))
	st.Notes = append(st.Notes, p.T(
		"Modal sendiri: saldo akun bertanda modal sendiri ditambah SHU periode berjalan yang belum ditutup, seperti pada pemeriksaan batas saat persetujuan pinjaman; batas dibulatkan ke bawah.",
		"Modal sendiri: the balances of the accounts marked modal sendiri plus the surplus of the current period not yet closed, as the approval of a loan checks the limit; limits are rounded down."))
	if !modal.IsPositive() {
		st.Notes = append(st.Notes, p.T("PERINGATAN: modal sendiri tidak positif; setiap pinjaman melampaui batas.", "WARNING: modal sendiri is not positive; every loan is over the limit."))
	}
	if over > 0 {
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"PERINGATAN: %d peminjam melampaui batas 15 %% modal sendiri per %s. Batas diperiksa saat persetujuan; pinjaman yang melampaui sesudahnya (misalnya karena modal sendiri turun) perlu ditinjau pengurus.",
			"WARNING: borrowers over the 15%% limit: %d as of %s. The limit is checked at approval; loans over it since (for instance because modal sendiri fell) need the board's review."), over, p.Date(asOf)))
	}
	if relatedExcess.IsPositive() {
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"PERINGATAN: pinjaman pihak terkait melampaui batas 10 %% modal sendiri sebesar %s.",
			"WARNING: loans to related parties are over the 10%% limit by %s."), p.Number(relatedExcess)))
	}
	st.Notes = append(st.Notes, r.inexactNote()...)
	return st
}
