package ledger

import (
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
)

// DefaultUnitCode is the code of the default chart's only business unit.
const DefaultUnitCode = "simpan-pinjam"

// DefaultChart returns the chart a cooperative starts with: the savings
// and loan (KSP) chart of domain.md §5.4, with the captions of the
// regulation and the standard, a few expense accounts a treasurer needs
// every month, and the accounts of a shop unit (toko/sembako) that
// village cooperatives run. Every account is opened on.
func DefaultChart(on calendar.Date) Chart {
	accounts := make([]Account, 0, 100)
	var top, group string
	classOf := map[byte]Class{'1': Asset, '2': Liability, '3': Equity, '4': Revenue, '5': Expense, '6': Expense}
	for _, r := range defaultRows() {
		a := Account{
			Code: r.code, Name: r.name, NameEN: r.en, Class: classOf[r.code[0]], Flow: r.flow, Role: r.role, Opened: on,
			Heading:      strings.Contains(r.flags, "h"),
			Contra:       strings.Contains(r.flags, "x"),
			ModalSendiri: strings.Contains(r.flags, "m"),
			Cash:         strings.Contains(r.flags, "c"),
		}
		switch {
		case len(r.code) == 1:
			top, group = r.code, r.code
		case a.Heading:
			a.Group, group = top, r.code
		case strings.HasPrefix(r.code, group) && group != top:
			a.Group = group
		default:
			a.Group = top
		}
		accounts = append(accounts, a)
	}
	units := []Unit{
		{Code: DefaultUnitCode, Name: "Unit simpan pinjam", NameEN: "Savings and loan unit"},
		{Code: "toko", Name: "Unit toko / sembako", NameEN: "Shop unit"},
	}
	return NewChart(accounts, units)
}

// defaultRoleCode returns the code of the default chart's account with
// role r.
func defaultRoleCode(r Role) (string, bool) {
	for _, row := range defaultRows() {
		if row.role == r {
			return row.code, true
		}
	}
	return "", false
}

// defaultRow is one account of the default chart.
type defaultRow struct {
	code, name, en string
	flags          string // h heading, x contra, m modal sendiri, c cash
	flow           Flow
	role           Role
}

func defaultRows() []defaultRow {
	type row = defaultRow
	const o, i, f = Operating, Investing, Financing
	return []row{
		{"1", "ASET", "ASSETS", "h", "", ""},
		{"1-1", "Aset lancar", "Current assets", "h", "", ""},
		{"1-1100", "Kas", "Cash on hand", "c", o, RoleCash},
		{"1-1200", "Bank (giro/tabungan)", "Bank accounts", "c", o, ""},
		{"1-1210", "Deposito di bank", "Time deposits at banks", "", i, ""},
		{"1-1300", "Simpanan di koperasi lain", "Deposits at other cooperatives", "", i, ""},
		{"1-1400", "Piutang pinjaman anggota", "Loans to members", "", o, RoleLoans},
		{"1-1410", "Piutang pinjaman koperasi lain", "Loans to other cooperatives", "", o, ""},
		{"1-1490", "Cadangan penghapusan pinjaman", "Allowance for loan losses", "x", o, RoleAllowance},
		{"1-1500", "Piutang jasa pinjaman", "Loan interest receivable", "", o, ""},
		{"1-1600", "Beban dibayar di muka", "Prepaid expenses", "", o, ""},
		{"1-1700", "Pendapatan yang akan diterima", "Accrued income", "", o, ""},
		{"1-1800", "Aset lancar lain", "Other current assets", "", o, ""},
		{"1-1900", "Persediaan barang dagangan", "Merchandise inventory", "", o, RoleInventory},
		{"1-2", "Investasi jangka panjang", "Long-term investments", "h", "", ""},
		{"1-2100", "Penyertaan pada koperasi lain / lembaga keuangan", "Investments in other cooperatives and institutions", "", i, ""},
		{"1-3", "Aset tetap", "Fixed assets", "h", "", ""},
		{"1-3100", "Tanah", "Land", "", i, ""},
		{"1-3200", "Bangunan", "Buildings", "", i, ""},
		{"1-3300", "Kendaraan", "Vehicles", "", i, ""},
		{"1-3400", "Inventaris", "Equipment", "", i, ""},
		{"1-3900", "Akumulasi penyusutan", "Accumulated depreciation", "x", i, ""},
		{"1-4", "Aset lain", "Other assets", "h", "", ""},
		{"1-4100", "Agunan yang diambil alih", "Foreclosed collateral", "", i, ""},
		{"1-4200", "Aset tak berwujud", "Intangible assets", "", i, ""},
		{"2", "LIABILITAS", "LIABILITIES", "h", "", ""},
		{"2-1", "Liabilitas jangka pendek", "Current liabilities", "h", "", ""},
		{"2-1100", "Simpanan sukarela anggota", "Members' voluntary savings", "", f, RoleSukarela},
		{"2-1200", "Simpanan berjangka anggota", "Members' time deposits", "", f, ""},
		{"2-1300", "Simpanan koperasi lain", "Deposits of other cooperatives", "", f, ""},
		{"2-1400", "Utang jasa simpanan", "Savings interest payable", "", o, ""},
		{"2-1500", "Utang pajak", "Taxes payable", "", o, ""},
		{"2-1600", "Utang SHU anggota", "SHU payable to members", "", f, RoleSHUPayable},
		{"2-1700", "Dana-dana dari SHU", "Funds allocated from SHU", "", f, RoleSHUFunds},
		{"2-1800", "Titipan dana anggota keluar", "Refunds held for former members", "", f, RoleExitClearing},
		{"2-2", "Liabilitas jangka panjang", "Long-term liabilities", "h", "", ""},
		{"2-2100", "Utang bank / lembaga keuangan", "Borrowings from banks and institutions", "", f, RoleBorrowing},
		{"2-2200", "Utang LPDB / dana bergulir", "Revolving fund (LPDB) borrowings", "", f, RoleBorrowing},
		{"3", "EKUITAS", "EQUITY", "h", "", ""},
		{"3-1100", "Simpanan pokok", "Principal savings (simpanan pokok)", "m", f, RolePokok},
		{"3-1200", "Simpanan wajib", "Mandatory savings (simpanan wajib)", "m", f, RoleWajib},
		{"3-1300", "Simpanan lain berkarakter wajib", "Other savings of a mandatory character", "m", f, ""},
		{"3-2100", "Cadangan umum", "General reserve", "m", f, RoleReserve},
		{"3-2200", "Cadangan risiko", "Risk reserve", "m", f, ""},
		{"3-3100", "Hibah / donasi", "Grants and donations", "m", f, ""},
		{"3-4100", "Modal penyertaan", "Participation capital", "", f, RolePenyertaan},
		{"3-5100", "SHU tahun berjalan", "SHU for the year", "", f, RoleSHUCurrent},
		{"3-5200", "SHU tahun lalu belum dibagi", "Undistributed SHU of prior years", "", f, RoleRetainedSHU},
		{"3-9100", "Ekuitas lain", "Other equity", "", f, ""},
		{"4", "PENDAPATAN", "REVENUE", "h", "", ""},
		{"4-1", "Pendapatan usaha simpan pinjam", "Savings and loan revenue", "h", "", ""},
		{"4-1100", "Jasa pinjaman anggota", "Interest on loans to members", "", o, RoleLoanInterest},
		{"4-1200", "Jasa pinjaman koperasi lain", "Interest on loans to other cooperatives", "", o, ""},
		{"4-1300", "Provisi", "Loan commitment fees (provisi)", "", o, RoleProvisi},
		{"4-1400", "Administrasi", "Loan administration fees", "", o, RoleAdminFee},
		{"4-1500", "Denda keterlambatan", "Late payment penalties", "", o, RolePenalty},
		{"4-2", "Pendapatan di luar usaha", "Non-operating revenue", "h", "", ""},
		{"4-2100", "Jasa giro / bunga bank", "Bank interest", "", o, ""},
		{"4-2200", "Pemulihan pinjaman dihapusbuku", "Recoveries of written-off loans", "", o, RoleRecovery},
		{"4-3", "Pendapatan usaha toko", "Shop revenue", "h", "", ""},
		{"4-3100", "Penjualan barang", "Sales of goods", "", o, RoleSales},
		{"4-9", "Pendapatan lain-lain", "Other revenue", "h", "", ""},
		{"4-9100", "Pendapatan lain-lain", "Other revenue", "", o, ""},
		{"4-9200", "Uang pangkal anggota", "Members' entry fees", "", o, RoleEntryFee},
		{"5", "BEBAN", "EXPENSES", "h", "", ""},
		{"5-1", "Beban jasa simpanan dan bunga", "Interest expense", "h", "", ""},
		{"5-1100", "Beban jasa simpanan sukarela", "Interest on voluntary savings", "", o, ""},
		{"5-1200", "Beban jasa simpanan berjangka", "Interest on time deposits", "", o, ""},
		{"5-1300", "Beban bunga utang", "Interest on borrowings", "", o, ""},
		{"5-2", "Beban penyisihan", "Provisions", "h", "", ""},
		{"5-2100", "Beban penyisihan penghapusan pinjaman", "Loan loss provision expense", "", o, RoleProvision},
		{"5-3", "Beban operasional", "Operating expenses", "h", "", ""},
		{"5-3100", "Beban karyawan", "Staff costs", "", o, ""},
		{"5-3200", "Beban umum dan administrasi", "General and administrative expenses", "", o, ""},
		{"5-3300", "Beban penyusutan", "Depreciation", "", o, ""},
		{"5-3400", "Beban sewa", "Rent", "", o, ""},
		{"5-3500", "Beban listrik, air dan telepon", "Electricity, water and telephone", "", o, ""},
		{"5-3600", "Beban administrasi bank", "Bank charges", "", o, ""},
		{"5-4", "Beban perkoperasian", "Cooperative governance expenses", "h", "", ""},
		{"5-4100", "Beban perkoperasian (RAT, pendidikan, pengawas)", "Governance (RAT, member education, supervisors)", "", o, ""},
		{"5-5", "Harga pokok penjualan", "Cost of goods sold", "h", "", ""},
		{"5-5100", "Harga pokok penjualan", "Cost of goods sold", "", o, RoleCOGS},
		{"5-9", "Beban lain-lain", "Other expenses", "h", "", ""},
		{"5-9100", "Beban lain-lain", "Other expenses", "", o, ""},
		{"6", "PAJAK PENGHASILAN BADAN", "INCOME TAX", "h", "", ""},
		{"6-1100", "Pajak penghasilan badan", "Corporate income tax", "", o, RoleIncomeTax},
	}
}
