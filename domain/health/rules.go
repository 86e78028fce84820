package health

import (
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Figure names an amount a ratio reads: a balance at the year end, a flow
// of the year, or the same of the year before.
type Figure string

// The figures the worksheets read. Each is an amount in the currency.
const (
	TotalAset             Figure = "total-aset"
	TotalAsetLalu         Figure = "total-aset-lalu"
	AsetProduktif         Figure = "aset-produktif"
	Pinjaman              Figure = "pinjaman"
	AsetLikuid            Figure = "aset-likuid"
	KewajibanLancar       Figure = "kewajiban-lancar"
	Ekuitas               Figure = "ekuitas"
	EkuitasLalu           Figure = "ekuitas-lalu"
	ModalSendiri          Figure = "modal-sendiri"
	Pendapatan            Figure = "pendapatan"
	PendapatanOperasional Figure = "pendapatan-operasional"
	BiayaOperasional      Figure = "biaya-operasional"
	BebanPokok            Figure = "beban-pokok"
	BiayaUsaha            Figure = "biaya-usaha"
	SHUSebelumPajak       Figure = "shu-sebelum-pajak"
	SHUBersih             Figure = "shu-bersih"
	SHUBersihLalu         Figure = "shu-bersih-lalu"
	BiayaPembinaan        Figure = "biaya-pembinaan"
	PinjamanBeredar       Figure = "pinjaman-beredar"
	PinjamanBermasalah    Figure = "pinjaman-bermasalah"
	PPAP                  Figure = "ppap"
	PPAPWD                Figure = "ppapwd"
	PinjamanLuar          Figure = "pinjaman-luar"
	// ModalTertimbang and ATMR need risk weights the sources did not
	// confirm (domain.md §4.1): the books never supply them.
	ModalTertimbang Figure = "modal-tertimbang"
	ATMR            Figure = "atmr"
)

// Label returns the figure's caption in Indonesian or English.
func (f Figure) Label(english bool) string {
	if l, ok := pearlsLabel(f, english); ok {
		return l
	}
	if l, ok := perdepLabel(f, english); ok {
		return l
	}
	id, en := string(f), string(f)
	switch f {
	case TotalAset:
		id, en = "Total aset", "Total assets"
	case TotalAsetLalu:
		id, en = "Total aset tahun lalu", "Total assets last year"
	case AsetProduktif:
		id, en = "Aset produktif", "Productive assets"
	case Pinjaman:
		id, en = "Pinjaman diberikan", "Loans"
	case AsetLikuid:
		id, en = "Aset likuid (kas dan bank)", "Liquid assets (cash and bank)"
	case KewajibanLancar:
		id, en = "Kewajiban jangka pendek", "Current liabilities"
	case Ekuitas:
		id, en = "Ekuitas", "Equity"
	case EkuitasLalu:
		id, en = "Ekuitas tahun lalu", "Equity last year"
	case ModalSendiri:
		id, en = "Modal sendiri", "Own capital (modal sendiri)"
	case Pendapatan:
		id, en = "Total pendapatan", "Total revenue"
	case PendapatanOperasional:
		id, en = "Pendapatan operasional", "Operating revenue"
	case BiayaOperasional:
		id, en = "Biaya operasional", "Operating costs"
	case BebanPokok:
		id, en = "Beban pokok (jasa simpanan, bunga, HPP)", "Cost of revenue (interest, cost of goods)"
	case BiayaUsaha:
		id, en = "Biaya usaha", "Operating expenses"
	case SHUSebelumPajak:
		id, en = "SHU sebelum pajak", "Surplus before tax"
	case SHUBersih:
		id, en = "SHU bersih (setelah pajak)", "Net surplus (after tax)"
	case SHUBersihLalu:
		id, en = "SHU bersih tahun lalu", "Net surplus last year"
	case BiayaPembinaan:
		id, en = "Biaya pembinaan (beban perkoperasian)", "Education cost (governance expenses)"
	case PinjamanBeredar:
		id, en = "Total pinjaman beredar", "Total loans outstanding"
	case PinjamanBermasalah:
		id, en = "Pinjaman bermasalah (KL + D + M)", "Non-performing loans (KL + D + M)"
	case PPAP:
		id, en = "PPAP dibentuk", "Allowance booked (PPAP)"
	case PPAPWD:
		id, en = "PPAP wajib dibentuk (PPAPWD)", "Allowance required (PPAPWD)"
	case PinjamanLuar:
		id, en = "Utang bank dan LPDB", "Bank and LPDB borrowings"
	case ModalTertimbang:
		id, en = "Modal sendiri tertimbang", "Risk-weighted own capital"
	case ATMR:
		id, en = "Aset tertimbang menurut risiko (ATMR)", "Risk-weighted assets (ATMR)"
	}
	if english {
		return en
	}
	return id
}

// Figures are the amounts of one year's assessment, by figure; a figure
// absent is one the books cannot give.
type Figures map[Figure]money.Amount

// Framework names a health assessment framework.
type Framework string

// The frameworks.
const (
	Juknis Framework = "juknis"       // Permenkop 9/2020 with Juknis 15/2021 (domain.md §4.1)
	Perdep Framework = "perdep"       // Perdep 06/Per/Dep.6/IV/2016 (domain.md §4.2)
	PEARLS Framework = "woccu-pearls" // WOCCU PEARLS (domain.md §8)
)

// RuleSet is a version of a framework's rules, in force from a date:
// which indicators, their formulas and bands, which checklists. The
// worksheet names the version it applied (domain.md §11 item 15).
type RuleSet struct {
	Version   string
	Framework Framework
	From      calendar.Date
	// Source cites the regulation.
	Source     string
	Indicators []Indicator
	// PerdepIndicators are the legacy framework's, weighted and scored
	// from 0 to 100.
	PerdepIndicators []PerdepIndicator
	Checklists       []ChecklistItem
}

// RuleSets returns every version of every framework's rules, oldest
// first within a framework.
func RuleSets() []RuleSet {
	return []RuleSet{
		{Version: "perdep-06-2016", Framework: Perdep, From: calendar.MustNew(2016, 4, 1),
			Source:           "Perdep 06/Per/Dep.6/IV/2016; tabel nilai Permen 14/Per/M.KUKM/XII/2009",
			PerdepIndicators: perdepIndicators(), Checklists: perdepChecklists()},
		{Version: "juknis-15-2021", Framework: Juknis, From: calendar.MustNew(2021, 1, 1),
			Source: "Permenkop 9/2020; Juknis Deputi Perkoperasian 15/2021", Indicators: juknisIndicators(), Checklists: juknisChecklists()},
		{Version: "woccu-pearls-2002", Framework: PEARLS, From: calendar.MustNew(2002, 1, 1),
			Source: "WOCCU, PEARLS Monitoring System (A-Technical Guide)"},
	}
}

// RuleSetFor returns the version of a framework's rules in force on the
// last day of year: the latest that came into force by then.
func RuleSetFor(f Framework, year int) (RuleSet, bool) {
	end := calendar.MustNew(year, 12, 31)
	var found RuleSet
	ok := false
	for _, r := range RuleSets() {
		if r.Framework == f && !r.From.After(end) && (!ok || r.From.After(found.From)) {
			found, ok = r, true
		}
	}
	return found, ok
}

// ChecklistItem is an indicator answered by the pengawas: how many of its
// sub-indicators (or questions) the cooperative fulfils, out of how many.
type ChecklistItem struct {
	Key          string
	Framework    Framework
	Aspect       Aspect
	Name, NameEN string
	// Total is the number of sub-indicators the rule fixes; zero when the
	// sources do not fix it and the answer says.
	Total int
}

// Legacy aspects hold the 2016 questionnaire.
const Manajemen Aspect = "manajemen"

func juknisChecklists() []ChecklistItem {
	return []ChecklistItem{
		{Key: "prinsip-koperasi", Framework: Juknis, Aspect: TataKelola, Name: "Prinsip koperasi (7 prinsip)", NameEN: "Cooperative principles (7)", Total: 7},
		{Key: "kelembagaan", Framework: Juknis, Aspect: TataKelola, Name: "Kelembagaan (badan hukum, izin, AD, keanggotaan, organisasi)", NameEN: "Institution (legal entity, licence, bylaws, membership, organisation)", Total: 30},
		{Key: "manajemen-umum", Framework: Juknis, Aspect: TataKelola, Name: "Manajemen umum", NameEN: "General management"},
		{Key: "manajemen-kelembagaan", Framework: Juknis, Aspect: TataKelola, Name: "Manajemen kelembagaan", NameEN: "Institutional management"},
		{Key: "manajemen-permodalan", Framework: Juknis, Aspect: TataKelola, Name: "Manajemen permodalan", NameEN: "Capital management"},
		{Key: "manajemen-aset", Framework: Juknis, Aspect: TataKelola, Name: "Manajemen aset", NameEN: "Asset management"},
		{Key: "manajemen-likuiditas", Framework: Juknis, Aspect: TataKelola, Name: "Manajemen likuiditas", NameEN: "Liquidity management"},
		{Key: "risiko-operasional", Framework: Juknis, Aspect: ProfilRisiko, Name: "Risiko operasional", NameEN: "Operational risk"},
		{Key: "risiko-kepatuhan", Framework: Juknis, Aspect: ProfilRisiko, Name: "Risiko kepatuhan", NameEN: "Compliance risk"},
		{Key: "risiko-stratejik", Framework: Juknis, Aspect: ProfilRisiko, Name: "Risiko stratejik", NameEN: "Strategic risk"},
		{Key: "kpmr", Framework: Juknis, Aspect: ProfilRisiko, Name: "Kualitas penerapan manajemen risiko (KPMR)", NameEN: "Quality of risk management (KPMR)"},
	}
}

// perdepChecklists are the Manajemen questionnaires of Permen 14/2009,
// assumed carried into Perdep 06/2016 (domain.md §4.2): the number of
// questions of each is fixed.
func perdepChecklists() []ChecklistItem {
	return []ChecklistItem{
		{Key: "2016-manajemen-umum", Framework: Perdep, Aspect: Manajemen, Name: "Manajemen umum (12 pertanyaan)", NameEN: "General management (12 questions)", Total: 12},
		{Key: "2016-manajemen-kelembagaan", Framework: Perdep, Aspect: Manajemen, Name: "Manajemen kelembagaan (6 pertanyaan)", NameEN: "Institutional management (6 questions)", Total: 6},
		{Key: "2016-manajemen-permodalan", Framework: Perdep, Aspect: Manajemen, Name: "Manajemen permodalan (5 pertanyaan)", NameEN: "Capital management (5 questions)", Total: 5},
		{Key: "2016-manajemen-aktiva", Framework: Perdep, Aspect: Manajemen, Name: "Manajemen aktiva (10 pertanyaan)", NameEN: "Asset management (10 questions)", Total: 10},
		{Key: "2016-manajemen-likuiditas", Framework: Perdep, Aspect: Manajemen, Name: "Manajemen likuiditas (5 pertanyaan)", NameEN: "Liquidity management (5 questions)", Total: 5},
	}
}

// Checklists returns every checklist indicator of every framework.
func Checklists() []ChecklistItem {
	return append(juknisChecklists(), perdepChecklists()...)
}

// FindChecklist returns the checklist indicator with key.
func FindChecklist(key string) (ChecklistItem, bool) {
	for _, c := range Checklists() {
		if c.Key == key {
			return c, true
		}
	}
	return ChecklistItem{}, false
}

// MaxChecklistTotal bounds the sub-indicators of a checklist.
const MaxChecklistTotal = 100

// CheckAnswer returns why an answer to a checklist indicator is not one,
// or nil: the indicator must be known, the total its fixed number of
// sub-indicators (or 1 to MaxChecklistTotal when not fixed), and the
// sub-indicators fulfilled from 0 to the total.
func CheckAnswer(key string, fulfilled, total int) error {
	c, ok := FindChecklist(key)
	if !ok {
		return &input.Error{Field: "indicator", Value: key, Want: input.WantHealthIndicator}
	}
	switch {
	case c.Total > 0 && total != c.Total:
		return &input.Error{Field: "total", Value: strconv.Itoa(total), Want: input.WantChecklistTotal, Bound: strconv.Itoa(c.Total)}
	case total < 1:
		return &input.Error{Field: "total", Value: strconv.Itoa(total), Want: input.WantAtLeast, Bound: "1"}
	case total > MaxChecklistTotal:
		return &input.Error{Field: "total", Value: strconv.Itoa(total), Want: input.WantAtMost, Bound: strconv.Itoa(MaxChecklistTotal)}
	case fulfilled < 0:
		return &input.Error{Field: "fulfilled", Value: strconv.Itoa(fulfilled), Want: input.WantAtLeast, Bound: "0"}
	case fulfilled > total:
		return &input.Error{Field: "fulfilled", Value: strconv.Itoa(fulfilled), Want: input.WantAtMost, Bound: strconv.Itoa(total)}
	}
	return nil
}
