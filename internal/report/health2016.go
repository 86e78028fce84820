package report

import (
	"fmt"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

func perdepAspectName(p i18n.Printer, a health.Aspect) string {
	switch a {
	case health.Permodalan:
		return p.T("PERMODALAN", "CAPITAL")
	case health.KualitasAktiva:
		return p.T("KUALITAS AKTIVA PRODUKTIF", "QUALITY OF EARNING ASSETS")
	case health.Manajemen:
		return p.T("MANAJEMEN", "MANAGEMENT")
	case health.Efisiensi:
		return p.T("EFISIENSI", "EFFICIENCY")
	case health.Likuiditas:
		return p.T("LIKUIDITAS", "LIQUIDITY")
	case health.Kemandirian:
		return p.T("KEMANDIRIAN DAN PERTUMBUHAN", "SELF-RELIANCE AND GROWTH")
	case health.Jatidiri:
		return p.T("JATIDIRI KOPERASI", "COOPERATIVE IDENTITY")
	}
	return string(a)
}

// Kesehatan2016 is the legacy worksheet of Perdep 06/Per/Dep.6/IV/2016
// (domain.md §4.2) for a financial year: per aspect, every indicator
// with its formula, its inputs from the books or the pengawas's answers
// to the Manajemen questionnaires, its ratio, nilai (0 to 100), weight
// and skor, or why it is not scored; each aspect's skor; the composite
// Σ nilai × bobot / 100 and its predicate, said incomplete with the
// weight it covers when a row is not scored.
func Kesehatan2016(p i18n.Printer, b *generalledger.Books, name string, year int, lb LoanBook, answers map[string]health.Answer) (Statement, error) {
	rules, ok := health.RuleSetFor(health.Perdep, year)
	if !ok {
		return Statement{}, noRuleSet(health.Perdep, year)
	}
	english := p.Lang == i18n.EN
	label := func(id, en string) string {
		if english {
			return en
		}
		return id
	}
	w := health.AssessPerdep(rules, year, HealthFigures(b, year, lb), answers)
	end := calendar.MustNew(year, 12, 31)
	st := Statement{
		Kind: "kesehatan-2016", Cooperative: name,
		Title:       p.T("Penilaian Kesehatan Koperasi Simpan Pinjam (kerangka lama, 7 aspek)", "Health Assessment of the Savings and Loan Cooperative (legacy framework, 7 aspects)"),
		Subtitle:    fmt.Sprintf(p.T("Tahun buku %d — aturan %s (%s)", "Financial year %d — rules %s (%s)"), year, rules.Version, rules.Source),
		TextColumns: []string{p.T("Rasio", "Ratio"), p.T("Nilai", "Nilai"), p.T("Bobot", "Weight"), p.T("Skor", "Skor"), p.T("Keterangan", "Remark")},
		Columns:     []Column{{Label: p.T("Jumlah per ", "Amount as of ") + p.Date(end), From: calendar.MustNew(year, 1, 1), To: end}},
	}
	cells := len(st.TextColumns)
	var unanswered, unscored []string
	letters := "ABCDEFG"
	for i, res := range w.Aspects {
		a := res.Aspect
		st.Lines = append(st.Lines, Line{Key: "aspect:" + string(a), Style: Heading,
			Label: fmt.Sprintf(p.T("%c. %s (bobot %s)", "%c. %s (weight %s)"), letters[i], perdepAspectName(p, a), res.Weight)})
		for _, r := range w.Rows {
			if r.Aspect != a {
				continue
			}
			text := make([]string, cells)
			if r.HasRatio {
				text[0] = ratioText(p, r.Ratio)
			}
			if r.Weight.IsPositive() {
				text[2] = scoreText(p, r.Weight)
			} else {
				text[2] = "?"
			}
			switch r.Status {
			case health.Scored:
				text[1], text[3] = scoreText(p, r.Nilai), scoreText(p, r.Skor)
				if !r.Checklist {
					text[4] = p.T("tabel (SECONDARY): ", "table (SECONDARY): ") + label(r.Table, r.TableEN)
					if r.Why != "" {
						text[4] += "; " + label(r.Why, r.WhyEN) + " (DESIGN)"
					}
				}
			case health.Unscored:
				text[4] = p.T("TIDAK DINILAI: ", "NOT SCORED: ") + label(r.Why, r.WhyEN) + " (UNCONFIRMED)"
				unscored = append(unscored, r.Key)
			case health.NotComputable:
				why := p.T("pembagi nol atau negatif", "the base is zero or negative")
				if len(r.Num) == 0 {
					why = label(r.Why, r.WhyEN)
				}
				for _, in := range append(append([]health.Input(nil), r.Num...), r.Den...) {
					if in.Absent {
						why = p.T("angka tidak tersedia dari buku: ", "a figure the books do not give: ") + label(r.Why, r.WhyEN)
						break
					}
				}
				text[4] = p.T("TIDAK DAPAT DIHITUNG: ", "NOT COMPUTABLE: ") + why
				unscored = append(unscored, r.Key)
			case health.NotAnswered:
				text[4] = p.T("BELUM DIJAWAB pengawas", "NOT ANSWERED by the pengawas")
				unanswered = append(unanswered, r.Key)
			}
			st.Lines = append(st.Lines, Line{Key: "indicator:" + r.Key, Level: 1, Style: Item,
				Label: label(r.Name, r.NameEN) + " = " + label(r.Formula, r.FormulaEN), Text: text})
			if r.Checklist {
				if r.Answer != nil {
					st.Lines = append(st.Lines, Line{Key: "answer:" + r.Key, Level: 2, Style: Item, Text: make([]string, cells),
						Label: fmt.Sprintf(p.T("ya %d dari %d pertanyaan (%s, %s)", "yes to %d of %d questions (%s, %s)"),
							r.Answer.Fulfilled, r.Answer.Total, r.Answer.Role, p.Date(r.Answer.On))})
				}
				continue
			}
			st.Lines = append(st.Lines, inputLines(p, r.Key, r.Num, r.Den, cells)...)
		}
		text := make([]string, cells)
		text[2], text[3] = scoreText(p, res.ScoredWeight), scoreText(p, res.Skor)
		if !res.ScoredWeight.Equal(res.Weight) {
			text[4] = fmt.Sprintf(p.T("indikator dinilai berbobot %s dari %s", "indicators scored weigh %s of %s"), scoreText(p, res.ScoredWeight), scoreText(p, res.Weight))
		}
		st.Lines = append(st.Lines, Line{Key: "score:" + string(a), Level: 1, Style: Subtotal, Text: text,
			Label: fmt.Sprintf(p.T("Skor aspek %s = Σ nilai × bobot / 100", "Skor of %s = Σ nilai × weight / 100"), strings.ToLower(perdepAspectName(p, a)))})
	}
	total := Line{Key: "composite", Style: Total, Label: p.T("NILAI KOMPOSIT = Σ skor", "COMPOSITE = Σ skor"), Text: make([]string, cells)}
	total.Text[2], total.Text[3] = scoreText(p, w.ScoredWeight), scoreText(p, w.Composite)
	if w.Complete {
		total.Text[4] = predicateText(p, w.Predicate)
	} else {
		total.Text[4] = p.T("TIDAK LENGKAP — sementara: ", "INCOMPLETE — provisional: ") + predicateText(p, w.Predicate)
	}
	st.Lines = append(st.Lines, total)

	if !w.Complete {
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"PERINGATAN: nilai komposit tidak lengkap. Indikator yang dinilai berbobot %s dari 100; bobot yang tidak dinilai dihitung nol, sehingga nilai komposit adalah batas bawah. Tidak dinilai: %s.",
			"WARNING: the composite is incomplete. The indicators scored weigh %s of 100; the weight not scored counts as zero, so the composite is a lower bound. Not scored: %s."),
			scoreText(p, w.ScoredWeight), strings.Join(append(append([]string(nil), unscored...), unanswered...), ", ")))
	}
	if len(unanswered) > 0 {
		st.Notes = append(st.Notes, fmt.Sprintf(p.T(
			"Kuesioner manajemen yang belum dijawab pengawas: %s. Catat jawabannya dengan `lumbung health answer --year %d --indicator KUNCI --fulfilled N --total M`.",
			"Management questionnaires the pengawas has not answered: %s. Record the answers with `lumbung health answer --year %d --indicator KEY --fulfilled N --total M`."),
			strings.Join(unanswered, ", "), year))
	}
	var tables []string
	for _, i := range rules.PerdepIndicators {
		if i.Scored() {
			tables = append(tables, strings.TrimPrefix(i.Key, "2016-")+": "+label(i.Table, i.TableEN))
		}
	}
	st.Notes = append(st.Notes,
		fmt.Sprintf(p.T(
			"Aturan %s berlaku sejak %s (%s). Kerangka lama: digantikan Permenkop 9/2020 dan Juknis 15/2021 (lihat `lumbung report kesehatan`), disajikan untuk audit dan perbandingan. Bobot aspek 15/25/15/10/15/10/10 (konvensional; bobot syariah Perdep 07/2016 tidak diterapkan); skor indikator = nilai (0–100) × bobot / 100; nilai komposit = Σ skor; predikat: 80–100 sehat, 66 – < 80 cukup sehat, 51 – < 66 dalam pengawasan, < 51 dalam pengawasan khusus. Kuesioner manajemen berbobot 3 masing-masing: umum 12 pertanyaan × 0,25, kelembagaan 6 × 0,5, permodalan 5 × 0,6, aktiva 10 × 0,3, likuiditas 5 × 0,6 per jawaban ya.",
			"Rules %s in force from %s (%s). Legacy framework: superseded by Permenkop 9/2020 and Juknis 15/2021 (see `lumbung report kesehatan`), shown for audits and comparison. Aspect weights 15/25/15/10/15/10/10 (conventional; the syariah weights of Perdep 07/2016 are not applied); indicator skor = nilai (0–100) × weight / 100; composite = Σ skor; predicate: 80–100 sehat, 66 – < 80 cukup sehat, 51 – < 66 dalam pengawasan, < 51 dalam pengawasan khusus. The management questionnaires weigh 3 each: umum 12 questions × 0.25, kelembagaan 6 × 0.5, permodalan 5 × 0.6, aktiva 10 × 0.3, likuiditas 5 × 0.6 per yes."),
			rules.Version, p.Date(rules.From), rules.Source),
		p.T(
			"Tabel nilai dari Permen 14/Per/M.KUKM/XII/2009 yang dianggap diteruskan Perdep 06/2016 (SECONDARY, hanya dari sumber sekunder); batas \"a–b\" termasuk a kecuali tabel berkata lain, dan inklusivitas batas belum dikonfirmasi (UNCONFIRMED): ",
			"Scoring tables of Permen 14/Per/M.KUKM/XII/2009, assumed carried into Perdep 06/2016 (SECONDARY, from secondary sources only); a band \"a–b\" includes a unless the table says otherwise, and the inclusivity of the edges is UNCONFIRMED: ")+strings.Join(tables, "; ")+".",
		p.T(
			"Rasio dihitung tepat (16 desimal, dibulatkan setengah menjauhi nol) dan tabel nilai diterapkan pada nilai itu; tampilan dibulatkan ke 2 desimal, setengah menjauhi nol (domain.md §9). Skor kuesioner dihitung dari jumlah jawaban ya, tepat.",
			"Ratios are exact (16 decimals, rounded half away from zero) and the tables are applied to that value; the display rounds to 2 decimals, half away from zero (domain.md §9). A questionnaire's skor is counted from its yes answers, exactly."),
		fmt.Sprintf(p.T(
			"Angka dari buku besar per %s (saldo, termasuk jurnal penutup) dan selama tahun buku (arus), menurut rancangan (DESIGN) pada bagan domain.md §5.4: modal sendiri = akun bertanda modal sendiri ditambah hasil yang belum ditutup; cadangan risiko = %s ditambah PPAP dibentuk; RPM, pinjaman bermasalah dan PPAP dari kolektibilitas pinjaman per tanggal yang sama; partisipasi bruto = pendapatan operasional dari anggota atau tanpa tanda pihak (KSP tertutup); pendapatan bukan anggota = pendapatan operasional bertanda bukan anggota atau koperasi lain; partisipasi neto = partisipasi bruto − beban pokok; biaya usaha sudah termasuk beban perkoperasian (%s); dana yang diterima = simpanan %s + modal anggota %s + utang bank/LPDB %s; SHU bagian anggota = bagian anggota dari SHU setelah pajak (pembagian laporan hasil usaha).",
			"Figures from the general ledger as of %s (balances, closing entries included) and over the financial year (flows), by design (DESIGN) on the chart of domain.md §5.4: own capital = the accounts marked modal sendiri plus the result not yet closed; risk reserves = %s plus the allowance booked; RPM, non-performing loans and the allowance from the loan collectibility on the same date; gross participation = operating revenue from members or untagged (closed loop); revenue from non-members = operating revenue tagged non-member or other cooperative; net participation = gross participation − cost of revenue; operating expenses include the governance expenses (%s); funds received = savings %s + member shares %s + bank/LPDB borrowings %s; members' part of the surplus = the member part of the SHU after tax (the split of the income statement)."),
			p.Date(end), strings.Join(riskReserve, ", "), strings.Join(governanceExpense, ", "), strings.Join(savingsDeposits, ", "),
			strings.Join(memberShares, ", "), strings.Join(externalCredit, ", ")),
	)
	st.Notes = append(st.Notes, newLoanReport(p, b, lb).inexactNote()...)
	return st, nil
}
