package report

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// The compliance reports of domain.md §12 item 12: the prudential limits
// of Permenkop 8/2023 (§4.3, §11 rules 2–5) on a date, and the
// regulatory calendar of a financial year (§5.1, §5.2, §6, §11 rules 11
// and 12). Every rule row shows its figure with the inputs, the limit,
// the result, the article and how firmly the rule is sourced; the rule
// set's version heads the report (§11 rule 15).
//
// Limits are checked exactly (prudential.Limit.Within); the percentages
// shown are rounded once to two decimals, half away from zero, for
// display only (domain.md §9).

// Results of a rule.
func resultText(p i18n.Printer, ok bool) string {
	if ok {
		return p.T("memenuhi", "pass")
	}
	return p.T("MELANGGAR", "FAIL")
}

func sourceText(p i18n.Printer, s prudential.Source) string {
	switch s {
	case prudential.Secondary:
		return p.T("SEKUNDER", "SECONDARY")
	case prudential.Unconfirmed:
		return p.T("BELUM DIKONFIRMASI", "UNCONFIRMED")
	}
	return p.T("primer", "primary")
}

func articleText(p i18n.Printer, l prudential.Limit) string {
	return l.Instrument + " " + p.T("Pasal ", "Art. ") + l.Article
}

// ComplianceInput is what the compliance report reads besides the
// general ledger: the loans and the members' balances at the end of the
// report's date, and the rule sets.
type ComplianceInput struct {
	Loans   LoanBook
	Members balances.Report
	Rules   prudential.Book
}

// totalAssets returns the assets at the end of on: every asset account's
// balance, contra accounts taking away.
func totalAssets(b *generalledger.Books, on calendar.Date) money.Amount {
	sum := money.Zero()
	for _, a := range b.State.Chart.Accounts() {
		if a.Heading || a.Class != ledger.Asset {
			continue
		}
		v := b.Balance(a.Code, generalledger.Filter{To: on, Closing: true})
		if a.Contra {
			v = v.Neg()
		}
		sum = sum.Add(v)
	}
	return sum
}

// roleBalance returns the balances of the accounts playing a role at the
// end of on, and their codes.
func roleBalance(b *generalledger.Books, r ledger.Role, on calendar.Date) (money.Amount, []string) {
	sum := money.Zero()
	var codes []string
	for _, a := range b.State.Chart.AllByRole(r) {
		sum = sum.Add(b.Balance(a.Code, generalledger.Filter{To: on, Closing: true}))
		codes = append(codes, a.Code)
	}
	return sum, codes
}

// booksBegin returns the day the books begin: the registration, or the
// first posting when history was moved in dated earlier.
func booksBegin(b *generalledger.Books) calendar.Date {
	begin := b.State.Registered
	if first := b.FirstPosting(); !first.IsZero() && (begin.IsZero() || first.Before(begin)) {
		begin = first
	}
	return begin
}

// productRate returns a loan product's rate on the basis the cap applies
// to (loan.Product.CappedRate): a flat product's effective rate is that
// of a loan of Rp 100.000.000 over its usual term.
func productRate(pr loan.Product, places int32) (decimal.Decimal, error) {
	principal := money.New(100_000_000)
	schedule, err := loan.Schedule(loan.Terms{Principal: principal, AnnualRate: pr.AnnualRate, Months: pr.Months, Method: pr.Method, First: calendar.MustNew(2000, 2, 1)}, places)
	if err != nil {
		return decimal.Zero, err
	}
	effective, err := loan.EffectiveAnnualRate(principal, money.Zero(), schedule)
	if err != nil {
		return decimal.Zero, err
	}
	return pr.CappedRate(effective), nil
}

// loanRate returns the effective annual rate of a loan's schedule in
// force, without fees and without the overdue interest a restructuring
// carried into the first instalment, to a hundredth of a percent: the
// rate of a loan restructured at another rate than its product's.
func loanRate(s *loan.State) (decimal.Decimal, error) {
	schedule := slices.Clone(s.Schedule)
	principal := money.Zero()
	for i := range schedule {
		principal = principal.Add(schedule[i].Principal)
	}
	if len(schedule) > 0 && s.Carried.IsPositive() {
		schedule[0].Interest = schedule[0].Interest.Sub(s.Carried)
	}
	effective, err := loan.EffectiveAnnualRate(principal, money.Zero(), schedule)
	if err != nil {
		return decimal.Zero, err
	}
	return effective.Round(4), nil
}

// Compliance is the prudential compliance of a cooperative at the end of
// a date (domain.md §4.3, §11 rules 2–5): each rule of the rule set in
// force with its figure, limit and result; and the KSP size class.
func Compliance(p i18n.Printer, b *generalledger.Books, name string, in ComplianceInput) Statement {
	r := newLoanReport(p, b, in.Loans)
	asOf, places := in.Loans.AsOf, r.places()
	st := Statement{
		Kind: "kepatuhan", Cooperative: name, Title: p.T("Kepatuhan Prinsip Kehati-hatian", "Prudential Compliance"),
		TextColumns: []string{p.T("Angka", "Figure"), p.T("Batas", "Limit"), p.T("Hasil", "Result"), p.T("Dasar", "Rule"), p.T("Sumber", "Source")},
		Columns:     []Column{{Label: p.T("Jumlah", "Amount"), To: asOf}},
	}
	rules, ok := in.Rules.At(asOf)
	if !ok {
		st.Subtitle = r.subtitle()
		st.Notes = append(st.Notes, fmt.Sprintf(p.T("Tidak ada aturan kehati-hatian yang berlaku per %s (Permenkop 8/2023 berlaku sejak 20 Juni 2023).", "No prudential rule set was in force on %s (Permenkop 8/2023 applies from 20 June 2023)."), p.Date(asOf)))
		return st
	}
	st.Subtitle = r.subtitle() + p.T(" · aturan ", " · rule set ") + rules.Version
	failed := 0
	row := func(key, label string, figure string, l prudential.Limit, limit string, pass bool, amount *money.Amount) {
		line := Line{Key: key, Label: label, Level: 1, Style: Item,
			Text: []string{figure, limit, resultText(p, pass), articleText(p, l), sourceText(p, l.Source)}}
		if amount != nil {
			line.Values = []money.Amount{*amount}
		}
		if !pass {
			failed++
		}
		st.Lines = append(st.Lines, line)
	}
	input := func(key, label string, a money.Amount) {
		st.Lines = append(st.Lines, Line{Key: key, Label: label, Level: 2, Style: Item, Text: make([]string, 5), Values: []money.Amount{a}})
	}
	heading := func(key, id, en string) {
		st.Lines = append(st.Lines, Line{Key: "section:" + key, Label: p.T(id, en), Style: Heading})
	}

	modal, assets := b.ModalSendiri(asOf), totalAssets(b, asOf)
	heading("bases", "DASAR PERHITUNGAN", "BASES")
	input("modal_sendiri", p.T("Modal sendiri", "Modal sendiri (own capital)"), modal)
	input("total_aset", p.T("Jumlah aset", "Total assets"), assets)
	class := rules.SizeClass(modal)
	st.Lines = append(st.Lines, Line{Key: "size_class", Label: p.T("Klasifikasi KSP menurut modal sendiri", "KSP size class by modal sendiri"), Level: 1, Style: Item,
		Text: []string{[]string{"I", "II", "III", "IV"}[class-1], "", "", "Permenkop 8/2023 " + p.T("Pasal ", "Art. ") + "49", sourceText(p, rules.SizeSource)}})

	// Rule 2: savings interest.
	heading("savings-rate", "BUNGA SIMPANAN", "SAVINGS INTEREST")
	sr := rules.Limit(prudential.SavingsRate)
	st.Lines = append(st.Lines, Line{Key: "rule:" + string(prudential.SavingsRate), Label: p.T("Jasa simpanan setahun", "Savings return a year"), Level: 1, Style: Item,
		Text: []string{"-", "≤ " + r.rate(sr.Share), p.T("tidak diketahui", "unknown"), articleText(p, sr), sourceText(p, sr.Source)}})

	// Rule 3: loan interest, effective basis.
	heading("loan-rate", "BUNGA PINJAMAN (EFEKTIF SETAHUN)", "LOAN INTEREST (EFFECTIVE A YEAR)")
	lr := rules.Limit(prudential.LoanRate)
	for _, code := range b.State.Products.Codes() {
		v, ok := b.State.Products.At(code, asOf)
		if !ok {
			continue
		}
		label := fmt.Sprintf(p.T("Produk %s, %s %s nominal", "Product %s, %s %s nominal"), r.productLabel(code), v.Product.Method, r.rate(v.Product.AnnualRate))
		rate, err := productRate(v.Product, places)
		if err != nil {
			row("rule:loan-rate:"+code, label, "-", lr, "≤ "+r.rate(lr.Share), false, nil)
			continue
		}
		row("rule:loan-rate:"+code, label, r.rate(rate), lr, "≤ "+r.rate(lr.Share), lr.RateWithin(rate), nil)
	}
	for _, s := range r.active() {
		rate, err := loanRate(s)
		if err != nil {
			continue
		}
		v, ok := b.State.Products.At(s.Product, asOf)
		if ok {
			if pr, err := productRate(v.Product, places); err == nil && pr.Round(4).Equal(rate) {
				continue
			}
		}
		label := fmt.Sprintf(p.T("Pinjaman %s (%s) dengan bunga lain dari produknya", "Loan %s (%s) at a rate other than its product's"), s.ID, r.borrowerLabel(s.Member))
		row("rule:loan-rate:loan:"+string(s.ID), label, r.rate(rate), lr, "≤ "+r.rate(lr.Share), lr.RateWithin(rate), nil)
	}

	// Rule 4: lending limits, as the lending-limits report computes them.
	heading("bmpp", "BATAS MAKSIMUM PEMBERIAN PINJAMAN", "LENDING LIMITS (BMPP)")
	u := r.lendingUsage()
	share := func(a, base money.Amount) string { return r.percent(a.Decimal(), base.Decimal()) }
	rl := rules.Limit(prudential.RelatedLoans)
	row("rule:"+string(prudential.RelatedLoans), p.T("Pinjaman pihak terkait, seluruhnya", "Loans to related parties together"),
		share(u.relatedSum, modal), rl, "≤ "+r.rate(rl.Share), rl.Within(u.relatedSum, modal), &u.relatedSum)
	bl := rules.Limit(prudential.BorrowerLoans)
	if top, ok := u.largestUnrelated(); ok {
		over := u.over()
		label := fmt.Sprintf(p.T("Peminjam terbesar bukan pihak terkait: %s", "Largest borrower not a related party: %s"), r.borrowerLabel(top.id))
		row("rule:"+string(prudential.BorrowerLoans), label, share(top.exposure, modal), bl, "≤ "+r.rate(bl.Share), len(over) == 0, &top.exposure)
		if len(over) > 0 {
			ids := make([]string, len(over))
			for i, br := range over {
				ids[i] = br.id
			}
			st.Notes = append(st.Notes, fmt.Sprintf(p.T("Peminjam di atas batas %s modal sendiri per peminjam: %s (rinciannya pada laporan lending-limits).", "Borrowers over the limit of %s of modal sendiri each: %s (details in the lending-limits report)."), r.rate(bl.Share), shortList(ids, p)))
		}
	} else {
		zero := money.Zero()
		row("rule:"+string(prudential.BorrowerLoans), p.T("Peminjam terbesar bukan pihak terkait: tidak ada", "Largest borrower not a related party: none"), share(zero, modal), bl, "≤ "+r.rate(bl.Share), bl.Within(zero, modal), &zero)
	}

	// Rule 5: capital structure.
	heading("capital", "STRUKTUR PERMODALAN", "CAPITAL STRUCTURE")
	mc := rules.Limit(prudential.MemberCapital)
	var top balances.Row
	topCapital := money.Zero()
	for _, m := range in.Members.Rows {
		if c := m.Pokok.Add(m.Wajib); c.Cmp(topCapital) > 0 {
			top, topCapital = m, c
		}
	}
	who := p.T("tidak ada", "none")
	if top.Member != "" {
		who = top.Member + " " + top.Name
	}
	row("rule:"+string(prudential.MemberCapital), fmt.Sprintf(p.T("Simpanan pokok + wajib terbesar satu anggota: %s", "Largest pokok + wajib of one member: %s"), who),
		share(topCapital, modal), mc, "≤ "+r.rate(mc.Share), mc.Within(topCapital, modal), &topCapital)

	bw := rules.Limit(prudential.Borrowing)
	borrowing, borrowingCodes := roleBalance(b, ledger.RoleBorrowing, asOf)
	row("rule:"+string(prudential.Borrowing), fmt.Sprintf(p.T("Pinjaman dari bank dan lembaga lain (%s) terhadap aset", "Borrowing from banks and other institutions (%s) against assets"), joinComma(borrowingCodes)),
		share(borrowing, assets), bw, "≤ "+r.rate(bw.Share), bw.Within(borrowing, assets), &borrowing)

	py := rules.Limit(prudential.Penyertaan)
	penyertaan, penyertaanCodes := roleBalance(b, ledger.RolePenyertaan, asOf)
	row("rule:"+string(prudential.Penyertaan), fmt.Sprintf(p.T("Modal penyertaan (%s) terhadap aset", "Modal penyertaan (%s) against assets"), joinComma(penyertaanCodes)),
		share(penyertaan, assets), py, "≤ "+r.rate(py.Share), py.Within(penyertaan, assets), &penyertaan)

	mf := rules.Limit(prudential.ModalFloor)
	original := prudential.OriginalModalDate(booksBegin(b))
	if asOf.Before(original) {
		st.Lines = append(st.Lines, Line{Key: "rule:" + string(prudential.ModalFloor), Label: fmt.Sprintf(p.T("Modal sendiri tidak kurang dari jumlah semula (per %s)", "Modal sendiri not below its original amount (as of %s)"), p.Date(original)), Level: 1, Style: Item,
			Text: []string{"-", "", p.T("belum dapat dinilai", "not yet assessable"), articleText(p, mf), sourceText(p, mf.Source)}})
	} else {
		base := b.ModalSendiri(original)
		row("rule:"+string(prudential.ModalFloor), fmt.Sprintf(p.T("Modal sendiri tidak kurang dari jumlah semula (per %s)", "Modal sendiri not below its original amount (as of %s)"), p.Date(original)),
			share(modal, base), mf, "≥ "+p.Number(base), modal.Cmp(base) >= 0, &modal)
	}
	prior := PriorYearEnd(asOf)
	if !prior.Before(original) {
		was := b.ModalSendiri(prior)
		status := p.T("tidak turun", "not below")
		if modal.Cmp(was) < 0 {
			status = p.T("PERINGATAN: turun", "WARNING: below")
		}
		st.Lines = append(st.Lines, Line{Key: "warn:modal-prior", Label: fmt.Sprintf(p.T("Modal sendiri dibanding akhir tahun lalu (%s)", "Modal sendiri against the prior year end (%s)"), p.Date(prior)), Level: 1, Style: Item,
			Text: []string{share(modal, was), "≥ " + p.Number(was), status, articleText(p, mf), sourceText(p, mf.Source)}, Values: []money.Amount{was}})
	}

	if failed == 0 {
		st.Notes = append(st.Notes, p.T("Semua batas yang dapat diperiksa dipenuhi.", "Every limit that can be checked is met."))
	} else {
		st.Notes = append(st.Notes, fmt.Sprintf(p.T("PERINGATAN: %d aturan dilanggar.", "WARNING: rules failed: %d."), failed))
	}
	st.Notes = append(st.Notes,
		p.T("Bunga simpanan: buku besar belum mencatat suku bunga produk simpanan, sehingga batas 9 % belum dapat diperiksa.",
			"Savings interest: the ledger records no rate for its savings products yet, so the 9% limit cannot be checked."),
		p.T("Bunga pinjaman: suku efektif setahun (IRR bulanan × 12) tanpa biaya; produk menurun dan anuitas pada suku nominalnya, produk flat pada suku efektif pinjaman Rp 100.000.000 selama jangka biasanya; pinjaman beredar yang direstrukturisasi pada suku lain didaftar sendiri. Dasar 24 % (nominal atau efektif) belum dikonfirmasi; diperlakukan efektif (domain.md §4.3).",
			"Loan interest: the effective annual rate (monthly IRR × 12) without fees; declining and annuity products at their nominal rate, flat products at the effective rate of a loan of Rp 100,000,000 over their usual term; loans outstanding restructured at another rate are listed apart. Whether the 24% is nominal or effective is unconfirmed; it is treated as effective (domain.md §4.3)."),
		p.T("Simpanan satu anggota: pokok + wajib per anggota; modal penyertaan tidak dicatat per anggota sehingga tidak ikut dihitung.",
			"One member's capital: pokok + wajib per member; modal penyertaan is not recorded per member and is left out."),
		fmt.Sprintf(p.T("Modal sendiri semula: modal sendiri pada akhir tahun buku pertama dalam buku besar, tahun posting pertama atau pendaftaran, mana yang lebih awal (%s); buku besar tidak mengetahui modal pada akta pendirian (rancangan).",
			"Original modal sendiri: modal sendiri at the end of the first financial year in the ledger, the year of its first posting or of the registration, whichever is earlier (%s); the ledger does not know the capital of the deed of establishment (a design choice)."), p.Date(original)),
		p.T("Persentase dibulatkan ke dua desimal hanya untuk tampilan; batas diperiksa pada angka persis. SEKUNDER: hanya dari ringkasan sekunder, perlu diverifikasi pada naskah peraturan.",
			"Percentages are rounded to two decimals for display only; limits are checked on the exact figures. SECONDARY: seen only in a secondary summary, to be verified against the regulation's text."),
	)
	st.Notes = append(st.Notes, r.inexactNote()...)
	return st
}

// CalendarInput is what the regulatory calendar reads: the financial
// year, the report's date, whether the cooperative is secondary, and the
// rule sets.
type CalendarInput struct {
	Year      int
	AsOf      calendar.Date
	Secondary bool
	Rules     prudential.Book
}

// dutyLabel names a duty.
func dutyLabel(p i18n.Printer, d prudential.Duty, year int) string {
	switch d {
	case prudential.RAT:
		return fmt.Sprintf(p.T("RAT tahun buku %d", "RAT for financial year %d"), year)
	case prudential.AnnualReport:
		return fmt.Sprintf(p.T("Laporan keuangan tahunan %d", "Annual financial report %d"), year)
	case prudential.Quarter1:
		return fmt.Sprintf(p.T("Laporan triwulan I %d", "Quarterly report I %d"), year)
	case prudential.Quarter2:
		return fmt.Sprintf(p.T("Laporan triwulan II %d", "Quarterly report II %d"), year)
	case prudential.Quarter3:
		return fmt.Sprintf(p.T("Laporan triwulan III %d", "Quarterly report III %d"), year)
	case prudential.Semester:
		return fmt.Sprintf(p.T("Laporan semester I %d", "Semester report I %d"), year)
	}
	return string(d)
}

func progressText(p i18n.Printer, g prudential.Progress) string {
	switch g {
	case prudential.Done:
		return p.T("selesai", "done")
	case prudential.Late:
		return p.T("TERLAMBAT", "LATE")
	case prudential.Overdue:
		return p.T("LEWAT TENGGAT", "OVERDUE")
	case prudential.Upcoming:
		return p.T("akan datang", "upcoming")
	}
	return p.T("tidak diketahui", "unknown")
}

// RegulatoryCalendar is the regulatory calendar of a financial year at
// the end of a date (domain.md §12 item 12): the RAT (held, and when,
// from the cooperative's RATConvened events), the annual, quarterly and
// semester reports with their due dates and where they stand, and
// whether the year's statements need a public accountant's audit.
func RegulatoryCalendar(p i18n.Printer, b *generalledger.Books, name string, in CalendarInput) Statement {
	st := Statement{
		Kind: "kalender", Cooperative: name, Title: fmt.Sprintf(p.T("Kalender Kewajiban Regulasi Tahun Buku %d", "Regulatory Calendar, Financial Year %d"), in.Year),
		TextColumns: []string{p.T("Tenggat", "Due"), p.T("Dilaksanakan", "Done on"), p.T("Status", "Status"), p.T("Sumber", "Source")},
		Columns:     []Column{{Label: p.T("Jumlah", "Amount"), To: in.AsOf}},
	}
	yearEnd := calendar.MustNew(in.Year, 12, 31)
	rules, ok := in.Rules.At(yearEnd)
	subtitle := p.T("per ", "as of ") + p.Date(in.AsOf)
	if !ok {
		st.Subtitle = subtitle
		st.Notes = append(st.Notes, fmt.Sprintf(p.T("Tidak ada aturan yang berlaku pada akhir tahun buku %d.", "No rule set was in force at the end of financial year %d."), in.Year))
		return st
	}
	st.Subtitle = subtitle + p.T(" · aturan ", " · rule set ") + rules.Version
	held := map[int]calendar.Date{}
	for y, ye := range b.State.Years {
		if ye != nil && ye.Meeting != nil {
			held[y] = ye.Meeting.On
		}
	}
	st.Lines = append(st.Lines, Line{Key: "section:duties", Label: p.T("KEWAJIBAN", "DUTIES"), Style: Heading})
	for _, d := range rules.Deadlines(in.Year, in.Secondary) {
		done, status := "", prudential.Progress("")
		if d.Duty == prudential.RAT {
			on := held[in.Year]
			status = prudential.ProgressOf(on, d.Due, in.AsOf)
			if !on.IsZero() && !on.After(in.AsOf) {
				done = p.Date(on)
			}
		} else {
			on, _ := b.State.Submitted(d.Duty, in.Year)
			status = prudential.ProgressOf(on, d.Due, in.AsOf)
			done = p.T("belum dicatat", "not recorded")
			if !on.IsZero() && !on.After(in.AsOf) {
				done = p.Date(on)
			}
		}
		st.Lines = append(st.Lines, Line{Key: "duty:" + string(d.Duty), Label: dutyLabel(p, d.Duty, in.Year), Level: 1, Style: Item,
			Text: []string{p.Date(d.Due), done, progressText(p, status), sourceText(p, d.Source)}})
	}

	first := booksBegin(b).Year()
	if missed := rules.MissedRATs(held, first, in.Year, in.AsOf); missed > 0 {
		note := fmt.Sprintf(p.T("PERINGATAN: %d RAT berturut-turut tidak diselenggarakan sampai tenggatnya (UU 25/1992 Pasal 26).", "WARNING: RATs not held by their deadline, in a row: %d (UU 25/1992 Art. 26)."), missed)
		if missed >= rules.SanctionMissed {
			note += p.T(" Koperasi yang tidak menyelenggarakan RAT dua tahun berturut-turut atau lebih mendapat peringatan tertulis dan surat rencana pembubaran (Permenkop 19/2015 Pasal 20 ayat 3 huruf d).",
				" A cooperative that fails to hold its RAT two years in a row or more receives a written warning and a dissolution-plan letter (Permenkop 19/2015 Art. 20(3)(d)).")
		}
		st.Notes = append(st.Notes, note)
	}

	st.Lines = append(st.Lines, Line{Key: "section:audit", Label: p.T("AUDIT AKUNTAN PUBLIK", "PUBLIC ACCOUNTANT AUDIT"), Style: Heading})
	if rules.Reporting != nil {
		rp := rules.Reporting
		threshold := rp.AuditThreshold
		st.Lines = append(st.Lines, Line{Key: "audit:threshold", Label: p.T("Batas modal sendiri wajib audit", "Modal sendiri from which an audit is required"), Level: 1, Style: Item,
			Text: []string{"", "", "", sourceText(p, prudential.Primary)}, Values: []money.Amount{threshold}})
		if in.AsOf.Before(yearEnd) {
			st.Lines = append(st.Lines, Line{Key: "audit:required", Label: fmt.Sprintf(p.T("Modal sendiri per %s", "Modal sendiri as of %s"), p.Date(yearEnd)), Level: 1, Style: Item,
				Text: []string{"", "", p.T("tahun buku belum berakhir", "the year has not ended"), ""}})
		} else {
			modal := b.ModalSendiri(yearEnd)
			required, applies := rules.Audit(in.Year, modal)
			status := p.T("tidak wajib", "not required")
			switch {
			case !applies:
				status = fmt.Sprintf(p.T("berlaku mulai tahun buku %d", "applies from financial year %d"), rp.AuditFrom)
			case required:
				status = p.T("WAJIB AUDIT AKUNTAN PUBLIK", "PUBLIC ACCOUNTANT AUDIT REQUIRED")
			}
			st.Lines = append(st.Lines, Line{Key: "audit:required", Label: fmt.Sprintf(p.T("Modal sendiri per %s", "Modal sendiri as of %s"), p.Date(yearEnd)), Level: 1, Style: Item,
				Text: []string{"", "", status, sourceText(p, prudential.Primary)}, Values: []money.Amount{modal}})
		}
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"Audit akuntan publik (Permenkop 2/2024 Pasal 12 ayat 1) bagi KSP/USP dengan modal ≥ %s dalam satu tahun buku, mulai tahun buku %d (Pasal 14); \"modal\" tidak didefinisikan: dinilai pada modal sendiri akhir tahun buku (rancangan). Akuntan publik yang sama paling lama %d tahun berturut-turut, lalu jeda %d tahun; penugasan akuntan belum dicatat di buku besar.",
			"Public accountant audit (Permenkop 2/2024 Art. 12(1)) for a KSP/USP with modal ≥ %s in one financial year, from financial year %d (Art. 14); \"modal\" is not defined: it is evaluated on modal sendiri at the year end (a design choice). The same accountant audits at most %d years in a row, then %d years pass; the ledger does not record the accountant's engagement yet."),
			p.Number(threshold), rp.AuditFrom, rp.AuditTerm, rp.AuditCooling))
		st.Notes = append(st.Notes, p.T(
			"Penyampaian laporan dicatat dengan \"lumbung report submit\"; laporan yang belum dicatat setelah tenggatnya ditandai lewat tenggat. Tenggat laporan menurut Permenkop 2/2024 Pasal 11 (SEKUNDER); tenggat semester \"20 Juni\" seperti diterbitkan, sebelum semester berakhir (BELUM DIKONFIRMASI).",
			"Reports submitted are recorded with \"lumbung report submit\"; a report not recorded by its due date is marked overdue. Report deadlines per Permenkop 2/2024 Art. 11 (SECONDARY); the semester deadline \"20 June\" as published, before the semester ends (UNCONFIRMED)."))
	} else {
		st.Notes = append(st.Notes, p.T("Tenggat laporan dan kewajiban audit Permenkop 2/2024 belum berlaku untuk tahun buku ini.", "The report deadlines and audit rule of Permenkop 2/2024 were not in force for this financial year."))
	}
	if in.Secondary {
		st.Notes = append(st.Notes, p.T("Koperasi sekunder: laporan tahunan paling lambat 30 Juni.", "Secondary cooperative: the annual report is due by 30 June."))
	}
	st.Notes = append(st.Notes, fmt.Sprintf(p.T(
		"RAT paling lambat %d bulan setelah tahun buku berakhir (UU 25/1992 Pasal 26 ayat 2); tanggal RAT dari pencatatan `lumbung rat convene`.",
		"The RAT is due within %d months of the year end (UU 25/1992 Art. 26(2)); its date is the one `lumbung rat convene` recorded."), rules.RATMonths))
	return st
}
