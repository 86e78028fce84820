package report

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// The year end's reports: the SHU calculation (perhitungan SHU), the
// list of every member's share (Daftar Pembagian SHU), a member's slip,
// and the RAT's attendance and resolutions. They read the computation as
// recorded: nothing is recomputed, so a distributed year reads the same
// whatever is recorded later.

// poolLabel names a pool in the reader's language.
func poolLabel(p i18n.Printer, pool shu.Pool) string {
	if pool.Name != "" {
		return pool.Name
	}
	names := map[string][2]string{
		"cadangan":                 {"Cadangan", "Reserve"},
		"jasa-modal":               {"Jasa modal anggota", "Members' return on capital"},
		"jasa-usaha":               {"Jasa usaha anggota", "Members' patronage refund"},
		"pengurus-pengawas":        {"Dana pengurus dan pengawas", "Board and supervisors' fund"},
		"karyawan":                 {"Dana karyawan", "Staff fund"},
		"pendidikan":               {"Dana pendidikan", "Education fund"},
		"sosial":                   {"Dana sosial", "Social fund"},
		"pembangunan-daerah-kerja": {"Dana pembangunan daerah kerja", "Area development fund"},
	}
	if n, ok := names[pool.Key]; ok {
		return p.T(n[0], n[1])
	}
	return pool.Key
}

// status says where the year's SHU stands.
func status(p i18n.Printer, y *cooperative.YearEnd) string {
	switch {
	case y.Distributed != nil:
		return fmt.Sprintf(p.T("dibagikan pada %s sesuai keputusan RAT; dibekukan", "distributed on %s as the RAT resolved; frozen"), p.Date(y.Distributed.On))
	default:
		if r, ok := y.Approved(); ok {
			return fmt.Sprintf(p.T("disetujui RAT pada %s (%d setuju, %d tidak setuju, %d abstain); belum dibagikan", "approved by the RAT on %s (%d for, %d against, %d abstaining); not yet distributed"),
				p.Date(r.On), r.For, r.Against, r.Abstain)
		}
	}
	return p.T("rancangan: belum disetujui RAT", "draft: not approved by the RAT")
}

func percentText(p i18n.Printer, d decimal.Decimal) string {
	s := d.String()
	if p.Lang != i18n.EN {
		s = fmt.Sprint(decimalComma(s))
	}
	return s + " %"
}

func decimalComma(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c == '.' {
			out[i] = ','
		}
	}
	return string(out)
}

func yearColumn(p i18n.Printer, year int, label string) Column {
	return Column{Label: label, From: calendar.MustNew(year, 1, 1), To: calendar.MustNew(year, 12, 31)}
}

// capitalBasis turns a capital weight into the basis in money, rounded
// half up to the currency's places for display (the shares are computed
// on the exact weight).
func capitalBasis(weight money.Amount, divisor int64, places int32) money.Amount {
	if divisor <= 1 {
		return weight
	}
	return money.FromDecimal(weight.Decimal().Div(decimal.NewFromInt(divisor)).Round(places))
}

// SHUCalculation is the perhitungan SHU of a year's current computation:
// the SHU before and after tax, the non-member part, the member part and
// every pool with its percentage, the bases of jasa modal and jasa usaha,
// and the residue of rounding.
func SHUCalculation(p i18n.Printer, name string, y *cooperative.YearEnd) Statement {
	c := y.Computed
	f, r := c.Figures, c.Result
	col := yearColumn(p, c.Year, p.T("Jumlah", "Amount"))
	v := func(a money.Amount) []money.Amount { return []money.Amount{a} }
	st := Statement{
		Kind: "shu", Cooperative: name, Title: p.T("Perhitungan Sisa Hasil Usaha (SHU)", "Calculation of the Surplus (SHU)"),
		Subtitle: fmt.Sprintf(p.T("tahun buku %d", "financial year %d"), c.Year), Columns: []Column{col},
	}
	st.Lines = append(st.Lines,
		Line{Key: "shu_sebelum_pajak", Label: p.T("SHU sebelum pajak", "SHU before tax"), Style: Item, Values: v(f.BeforeTax)},
		Line{Key: "pajak", Label: p.T("Pajak penghasilan", "Income tax"), Style: Item, Values: v(f.Tax)},
		Line{Key: "shu_setelah_pajak", Label: p.T("SHU setelah pajak", "SHU after tax"), Style: Subtotal, Values: v(r.AfterTax)},
		Line{Key: "shu_non_anggota", Label: p.T("SHU dari usaha dengan non-anggota", "SHU from business with non-members"), Style: Item, Values: v(f.NonMember)},
		Line{Key: "shu_non_anggota_cadangan", Label: p.T("ke cadangan", "to reserves"), Level: 1, Style: Item, Values: v(r.NonMemberReserve)},
		Line{Key: "shu_non_anggota_ditahan", Label: p.T("ditahan (SHU belum dibagi)", "kept back (undistributed SHU)"), Level: 1, Style: Item, Values: v(r.Retained)},
		Line{Key: "shu_anggota", Label: p.T("SHU bagian anggota", "Members' part of the SHU"), Style: Total, Values: v(r.MemberPart)},
		Line{Key: "section:pembagian", Label: p.T("PEMBAGIAN MENURUT AD/ART", "ALLOCATION BY THE BYLAWS"), Style: Heading},
	)
	total := money.Zero()
	for _, pool := range r.Pools {
		label := fmt.Sprintf("%s (%s)", poolLabel(p, pool.Pool), percentText(p, pool.Percent))
		if pool.Kind == shu.Reserve && r.NonMemberReserve.IsPositive() {
			label += p.T(", termasuk SHU non-anggota", ", with the non-member SHU")
		}
		st.Lines = append(st.Lines, Line{Key: "pool:" + pool.Key, Label: label, Level: 1, Style: Item, Values: v(pool.Amount)})
		total = total.Add(pool.Amount)
	}
	st.Lines = append(st.Lines, Line{Key: "total_pembagian", Label: p.T("Jumlah yang dibagi", "Total allocated"), Style: Total, Values: v(total)})
	st.Lines = append(st.Lines, Line{Key: "section:anggota", Label: p.T("JASA ANGGOTA", "MEMBERS' SHARES"), Style: Heading})
	for _, pool := range r.Pools {
		if pool.Kind != shu.Capital && pool.Kind != shu.Patronage {
			continue
		}
		basis := pool.Basis
		if pool.Kind == shu.Capital {
			basis = capitalBasis(basis, f.CapitalDivisor, f.Places)
		}
		st.Lines = append(st.Lines,
			Line{Key: "basis:" + pool.Key, Label: fmt.Sprintf(p.T("%s: jumlah dasar", "%s: total basis"), poolLabel(p, pool.Pool)), Level: 1, Style: Item, Values: v(basis)},
			Line{Key: "paid:" + pool.Key, Label: fmt.Sprintf(p.T("%s: dibayar kepada anggota", "%s: paid to members"), poolLabel(p, pool.Pool)), Level: 1, Style: Item, Values: v(pool.Paid)},
			Line{Key: "residue:" + pool.Key, Label: fmt.Sprintf(p.T("%s: selisih pembulatan", "%s: rounding residue"), poolLabel(p, pool.Pool)), Level: 1, Style: Item, Values: v(pool.Residue)},
		)
	}
	st.Notes = append(st.Notes, shuNotes(p, y)...)
	return st
}

func measureText(p i18n.Printer, m shu.Measure) string {
	switch m {
	case shu.AvgMonthEnd:
		return p.T("rata-rata saldo akhir bulan", "the average of month-end balances")
	case shu.DailyAvg:
		return p.T("rata-rata saldo harian", "the average daily balance")
	}
	return p.T("saldo akhir tahun", "the year-end balance")
}

func basisText(p i18n.Printer, pool shu.Pool) string {
	var b string
	switch pool.Basis {
	case shu.Purchases:
		b = p.T("pembelian", "purchases")
	case shu.PrincipalBorrowed:
		b = p.T("pokok pinjaman yang diterima", "principal borrowed")
	default:
		b = p.T("jasa pinjaman yang dibayar", "loan interest paid")
	}
	if pool.Unit != "" {
		b += fmt.Sprintf(p.T(" di unit %s", " at unit %s"), pool.Unit)
	}
	return b
}

func shuNotes(p i18n.Printer, y *cooperative.YearEnd) []string {
	c := y.Computed
	pol := c.Policy
	components := ""
	for i, pr := range pol.Capital {
		if i > 0 {
			components += ", "
		}
		components += p.Product(string(pr))
	}
	notes := []string{
		fmt.Sprintf(p.T("Status: %s.", "Status: %s."), status(p, y)),
		fmt.Sprintf(p.T("Kebijakan SHU versi %d. Dasar jasa modal: %s menurut %s. Pembayaran dibulatkan ke bawah ke kelipatan %s; selisihnya ke akun %s.",
			"SHU policy version %d. Capital basis: %s by %s. Payouts rounded down to multiples of %s; the residue to account %s."),
			c.PolicyVersion, components, measureText(p, pol.Measure), p.Money(pol.Rounding), pol.ResidueAccount),
	}
	for _, pool := range pol.Pools {
		if pool.Kind == shu.Patronage {
			notes = append(notes, fmt.Sprintf(p.T("Dasar %s: %s anggota selama tahun buku.", "Basis of %s: members' %s during the year."), poolLabel(p, pool), basisText(p, pool)))
		}
	}
	if pol.Exited == shu.Excluded {
		notes = append(notes, p.T("Anggota yang keluar selama tahun buku tidak mendapat bagian (AD/ART).", "Members who left during the year have no share (bylaws)."))
	} else {
		notes = append(notes, p.T("Anggota yang keluar selama tahun buku mendapat bagian atas modal dan transaksinya sampai keluar; bagiannya tetap sebagai utang SHU sampai dibayarkan.",
			"Members who left during the year share on their capital and business up to their exit; their share stays payable until paid to them."))
	}
	notes = append(notes,
		fmt.Sprintf(p.T("Kode perhitungan (disebut dalam keputusan RAT): %s", "Computation digest (quoted by the RAT's resolution): %s"), y.Fingerprint),
		fmt.Sprintf(p.T("Ringkasan buku tahun %d saat dihitung: %s", "Digest of the %d books when computed: %s"), c.Year, c.Statements),
	)
	return notes
}

// SHUList is the Daftar Pembagian SHU per anggota: per member the
// capital basis and jasa modal, the basis and jasa usaha of every
// patronage pool, and the total; then the totals, the residue of
// rounding and each pool, so that payouts plus residue visibly make the
// pool.
func SHUList(p i18n.Printer, name string, y *cooperative.YearEnd) Statement {
	c := y.Computed
	f, r := c.Figures, c.Result
	st := Statement{
		Kind: "shu-members", Cooperative: name, Title: p.T("Daftar Pembagian SHU per Anggota", "SHU Distribution by Member"),
		Subtitle:    fmt.Sprintf(p.T("tahun buku %d", "financial year %d"), c.Year),
		TextColumns: []string{p.T("No. anggota", "Member no."), p.T("Keluar", "Left")},
	}
	col := func(label string) Column { return yearColumn(p, c.Year, label) }
	st.Columns = append(st.Columns, col(p.T("Dasar modal", "Capital basis")), col(p.T("Jasa modal", "Return on capital")))
	var capital shu.PoolResult
	var patronage []shu.PoolResult
	for _, pool := range r.Pools {
		switch pool.Kind {
		case shu.Capital:
			capital = pool
		case shu.Patronage:
			patronage = append(patronage, pool)
			st.Columns = append(st.Columns, col(fmt.Sprintf(p.T("Dasar %s", "Basis %s"), poolLabel(p, pool.Pool))), col(poolLabel(p, pool.Pool)))
		}
	}
	st.Columns = append(st.Columns, col(p.T("Jumlah diterima", "Total received")))
	n := len(st.Columns)
	totals := zeros(n)
	for _, pay := range r.Payouts {
		values := make([]money.Amount, 0, n)
		values = append(values, capitalBasis(pay.Capital, f.CapitalDivisor, f.Places), pay.JasaModal)
		for k := range patronage {
			values = append(values, pay.Patronage[k], pay.JasaUsaha[k])
		}
		values = append(values, pay.Total)
		addTo(totals, values)
		left := ""
		if !pay.Exited.IsZero() {
			left = pay.Exited.String()
		}
		st.Lines = append(st.Lines, Line{Key: "member:" + pay.Member, Label: pay.Name, Style: Item, Text: []string{pay.Member, left}, Values: values})
	}
	// The total basis of capital is the exact total of the weights, not
	// the sum of the rounded bases shown above.
	totals[0] = capitalBasis(capital.Basis, f.CapitalDivisor, f.Places)
	empty := []string{"", ""}
	st.Lines = append(st.Lines, Line{Key: "total", Label: p.T("Jumlah", "Total"), Style: Total, Text: empty, Values: totals})
	residue, pools := zeros(n), zeros(n)
	residue[1], pools[1] = capital.Residue, capital.Amount
	for k, pool := range patronage {
		residue[3+2*k], pools[3+2*k] = pool.Residue, pool.Amount
	}
	residue[n-1], pools[n-1] = r.Residue(), capital.Amount
	for _, pool := range patronage {
		pools[n-1] = pools[n-1].Add(pool.Amount)
	}
	st.Lines = append(st.Lines,
		Line{Key: "residue", Label: p.T("Selisih pembulatan", "Rounding residue"), Style: Item, Text: empty, Values: residue},
		Line{Key: "pool", Label: p.T("Jumlah pos", "Pool"), Style: Total, Text: empty, Values: pools})
	st.Notes = shuNotes(p, y)
	st.Notes = append(st.Notes, p.T("Dasar modal rata-rata ditampilkan dibulatkan ke rupiah; bagian dihitung dari nilai tepatnya.",
		"An average capital basis is shown rounded to the rupiah; the shares are computed on its exact value."))
	return st
}

// SHUSlip is one member's SHU slip: their bases and shares, the total,
// and how it reaches them.
func SHUSlip(p i18n.Printer, name string, y *cooperative.YearEnd, memberID string) (Statement, bool) {
	c := y.Computed
	f, r := c.Figures, c.Result
	var pay *shu.Payout
	for i := range r.Payouts {
		if r.Payouts[i].Member == memberID {
			pay = &r.Payouts[i]
		}
	}
	if pay == nil {
		return Statement{}, false
	}
	col := yearColumn(p, c.Year, p.T("Jumlah", "Amount"))
	v := func(a money.Amount) []money.Amount { return []money.Amount{a} }
	st := Statement{
		Kind: "shu-slip", Cooperative: name, Title: p.T("Slip SHU Anggota", "Member's SHU Slip"),
		Subtitle: fmt.Sprintf(p.T("%s (%s), tahun buku %d", "%s (%s), financial year %d"), pay.Name, pay.Member, c.Year), Columns: []Column{col},
	}
	k := 0
	for _, pool := range r.Pools {
		switch pool.Kind {
		case shu.Capital:
			st.Lines = append(st.Lines,
				Line{Key: "basis:" + pool.Key, Label: fmt.Sprintf(p.T("Modal Anda (%s)", "Your capital (%s)"), measureText(p, c.Policy.Measure)), Style: Item, Values: v(capitalBasis(pay.Capital, f.CapitalDivisor, f.Places))},
				Line{Key: "total_basis:" + pool.Key, Label: p.T("Modal seluruh anggota", "All members' capital"), Level: 1, Style: Item, Values: v(capitalBasis(pool.Basis, f.CapitalDivisor, f.Places))},
				Line{Key: "pool:" + pool.Key, Label: fmt.Sprintf(p.T("%s yang dibagi", "%s shared"), poolLabel(p, pool.Pool)), Level: 1, Style: Item, Values: v(pool.Amount)},
				Line{Key: "share:" + pool.Key, Label: poolLabel(p, pool.Pool), Style: Subtotal, Values: v(pay.JasaModal)})
		case shu.Patronage:
			st.Lines = append(st.Lines,
				Line{Key: "basis:" + pool.Key, Label: fmt.Sprintf(p.T("Transaksi Anda (%s)", "Your business (%s)"), basisText(p, pool.Pool)), Style: Item, Values: v(pay.Patronage[k])},
				Line{Key: "total_basis:" + pool.Key, Label: p.T("Transaksi seluruh anggota", "All members' business"), Level: 1, Style: Item, Values: v(pool.Basis)},
				Line{Key: "pool:" + pool.Key, Label: fmt.Sprintf(p.T("%s yang dibagi", "%s shared"), poolLabel(p, pool.Pool)), Level: 1, Style: Item, Values: v(pool.Amount)},
				Line{Key: "share:" + pool.Key, Label: poolLabel(p, pool.Pool), Style: Subtotal, Values: v(pay.JasaUsaha[k])})
			k++
		}
	}
	st.Lines = append(st.Lines, Line{Key: "total", Label: p.T("SHU yang Anda terima", "Your SHU"), Style: Total, Values: v(pay.Total)})
	switch {
	case y.Distributed != nil && !pay.Exited.IsZero():
		st.Notes = append(st.Notes, p.T("Anda keluar selama tahun buku: bagian Anda disimpan sebagai utang SHU sampai dibayarkan.", "You left during the year: your share is held payable until paid to you."))
	case y.Distributed != nil && y.Distributed.Payout == cooperative.PayoutCash:
		st.Notes = append(st.Notes, fmt.Sprintf(p.T("Dibayar tunai pada %s.", "Paid in cash on %s."), p.Date(y.Distributed.On)))
	case y.Distributed != nil:
		st.Notes = append(st.Notes, fmt.Sprintf(p.T("Dikreditkan ke simpanan sukarela Anda pada %s.", "Credited to your voluntary savings on %s."), p.Date(y.Distributed.On)))
	}
	st.Notes = append(st.Notes, fmt.Sprintf(p.T("Status: %s.", "Status: %s."), status(p, y)),
		p.T("Bagian dihitung: dasar Anda × jumlah yang dibagi ÷ dasar seluruh anggota, dibulatkan ke bawah.", "Each share is your basis × the amount shared ÷ all members' basis, rounded down."))
	return st, true
}

// RATRecord is the RAT's attendance and resolutions.
func RATRecord(p i18n.Printer, name string, y *cooperative.YearEnd) Statement {
	m := y.Meeting
	st := Statement{
		Kind: "rat", Cooperative: name, Title: p.T("Rapat Anggota Tahunan: Kehadiran dan Keputusan", "Annual Members' Meeting: Attendance and Resolutions"),
		Subtitle:    fmt.Sprintf(p.T("RAT tahun buku %d, %s", "RAT of the financial year %d, %s"), m.Year, p.Date(m.On)),
		TextColumns: []string{p.T("Keterangan", "Detail")},
	}
	counts := map[string]int{}
	for _, a := range y.Attending {
		counts[a.Mode]++
	}
	row := func(key, item, detail string) Line {
		return Line{Key: key, Label: item, Style: Item, Text: []string{detail}}
	}
	st.Lines = append(st.Lines,
		Line{Key: "section:kehadiran", Label: p.T("KEHADIRAN", "ATTENDANCE"), Style: Heading, Text: []string{""}},
		row("anggota", p.T("Anggota pada tanggal RAT", "Members on the day of the RAT"), fmt.Sprint(m.Members)),
		row("hadir", p.T("Hadir langsung", "Present"), fmt.Sprint(counts[cooperative.Present])),
		row("kuasa", p.T("Diwakilkan (kuasa)", "By proxy"), fmt.Sprint(counts[cooperative.Proxy])),
		row("daring", p.T("Daring", "Online"), fmt.Sprint(counts[cooperative.Online])),
		row("kuorum", p.T("Kuorum", "Quorum"), fmt.Sprintf(p.T("hadir %d, diperlukan %d (%s × %d anggota): %s", "%d attending, %d needed (%s × %d members): %s"),
			len(y.Attending), m.Required, m.Quorum, m.Members, map[bool]string{true: p.T("tercapai", "met"), false: p.T("tidak tercapai", "not met")}[len(y.Attending) >= m.Required])),
		Line{Key: "section:keputusan", Label: p.T("KEPUTUSAN", "RESOLUTIONS"), Style: Heading, Text: []string{""}},
	)
	kinds := map[string][2]string{
		cooperative.ApproveStatements:    {"Pengesahan laporan keuangan", "Approval of the financial statements"},
		cooperative.ApproveSHU:           {"Pengesahan pembagian SHU", "Approval of the SHU distribution"},
		cooperative.AcceptAccountability: {"Penerimaan pertanggungjawaban pengurus", "Acceptance of the board's accountability"},
	}
	for i, r := range y.Resolutions {
		k := kinds[r.Kind]
		result := map[bool]string{true: p.T("diterima", "carried"), false: p.T("ditolak", "not carried")}[r.Carried]
		detail := fmt.Sprintf(p.T("%s: %d setuju, %d tidak setuju, %d abstain dari %d hadir (%s)", "%s: %d for, %d against, %d abstaining of %d attending (%s)"),
			result, r.For, r.Against, r.Abstain, r.Attending, p.Date(r.On))
		st.Lines = append(st.Lines, row(fmt.Sprintf("resolution:%d", i+1), p.T(k[0], k[1]), detail))
		if r.Kind == cooperative.ApproveSHU {
			payout := p.T("dikreditkan ke simpanan sukarela", "credited to voluntary savings")
			if r.Payout == cooperative.PayoutCash {
				payout = p.T("dibayar tunai", "paid in cash")
			}
			st.Notes = append(st.Notes, fmt.Sprintf(p.T("Keputusan %d (%s) menyetujui perhitungan SHU %s; bagian anggota %s.",
				"Resolution %d (%s) approves SHU computation %s; members' shares %s."), i+1, p.Date(r.On), r.SHU, payout))
		}
	}
	return st
}

// SHUPoliciesJSON is every version of the SHU terms, as lumbung shu
// policy show --json prints it and the API answers it.
type SHUPoliciesJSON struct {
	Versions []SHUPolicyJSON `json:"versions"`
}

// SHUPolicyJSON is one version of the SHU terms.
type SHUPolicyJSON struct {
	Version            int           `json:"version"`
	From               string        `json:"from"`
	Pools              []SHUPoolJSON `json:"pools"`
	Capital            []string      `json:"capital"`
	Measure            string        `json:"measure"`
	NonMemberToReserve string        `json:"non_member_to_reserve"`
	Rounding           string        `json:"rounding"`
	ResidueAccount     string        `json:"residue_account"`
	Exited             string        `json:"exited"`
	Quorum             string        `json:"quorum"`
}

// SHUPoolJSON is one pool of the SHU terms and the account it is
// credited to in the chart.
type SHUPoolJSON struct {
	Key     string `json:"key"`
	Kind    string `json:"kind"`
	Percent string `json:"percent"`
	Unit    string `json:"unit,omitempty"`
	Basis   string `json:"basis,omitempty"`
	Account string `json:"account"`
}

// NewSHUPoliciesJSON is the JSON of the versions of the SHU terms, their
// pools' accounts read in chart.
func NewSHUPoliciesJSON(versions []cooperative.SHUPolicyVersion, chart ledger.Chart) SHUPoliciesJSON {
	out := SHUPoliciesJSON{Versions: []SHUPolicyJSON{}}
	for _, v := range versions {
		p := v.Policy
		j := SHUPolicyJSON{Version: v.Number, From: v.From.String(), Pools: []SHUPoolJSON{}, Capital: []string{}, Measure: string(p.Measure),
			NonMemberToReserve: p.NonMemberToReserve.String(), Rounding: p.Rounding.String(),
			ResidueAccount: p.ResidueAccount, Exited: string(p.Exited), Quorum: p.Quorum.String()}
		for _, c := range p.Capital {
			j.Capital = append(j.Capital, string(c))
		}
		for _, pool := range p.Pools {
			j.Pools = append(j.Pools, SHUPoolJSON{Key: pool.Key, Kind: string(pool.Kind), Percent: pool.Percent.String(), Unit: pool.Unit,
				Basis: string(pool.Basis), Account: pool.AccountIn(chart)})
		}
		out.Versions = append(out.Versions, j)
	}
	return out
}
