package ledger_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
)

// opened is the day the default chart of the fixtures was adopted.
var opened = calendar.MustNew(2025, time.January, 2)

// codes returns the codes of accounts, in their order.
func codes(accounts []ledger.Account) []string {
	out := make([]string, len(accounts))
	for i, a := range accounts {
		out[i] = a.Code
	}
	return out
}

// unitCodes returns the codes of units, in their order.
func unitCodes(units []ledger.Unit) []string {
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = u.Code
	}
	return out
}

// requireInputError checks that err is exactly the input error want.
func requireInputError(t *testing.T, want *input.Error, err error) {
	t.Helper()
	var got *input.Error
	require.ErrorAs(t, err, &got)
	assert.Equal(t, want, got)
}

func TestNewChart(t *testing.T) {
	accounts := []ledger.Account{
		{Code: "2-1100", Name: "Simpanan sukarela", Class: ledger.Liability},
		{Code: "1", Name: "ASET", Class: ledger.Asset, Heading: true},
		{Code: "1-1100", Name: "Kas", Class: ledger.Asset, Cash: true, Role: ledger.RoleCash},
		{Code: "1-1", Name: "Aset lancar", Class: ledger.Asset, Heading: true, Group: "1"},
	}
	units := []ledger.Unit{{Code: "toko", Name: "Toko"}, {Code: "simpan-pinjam", Name: "Simpan pinjam"}}
	c := ledger.NewChart(accounts, units)

	assert.Equal(t, []string{"1", "1-1", "1-1100", "2-1100"}, codes(c.Accounts()), "accounts sort by code")
	assert.Equal(t, []string{"toko", "simpan-pinjam"}, unitCodes(c.Units()), "units keep their order")
	assert.Equal(t, "toko", c.DefaultUnit().Code, "the first unit is the default")
	assert.False(t, c.IsZero())

	// The chart owns copies of what it was given.
	accounts[0].Name, units[0].Name = "changed", "changed"
	a, ok := c.Account("2-1100")
	require.True(t, ok)
	assert.Equal(t, "Simpanan sukarela", a.Name)
	assert.Equal(t, "Toko", c.Units()[0].Name)

	_, ok = c.Account("1-1200")
	assert.False(t, ok)
	_, ok = c.Unit("klinik")
	assert.False(t, ok)
	u, ok := c.Unit("simpan-pinjam")
	require.True(t, ok)
	assert.Equal(t, "Simpan pinjam", u.Name)
}

func TestZeroChart(t *testing.T) {
	var c ledger.Chart
	assert.True(t, c.IsZero())
	assert.Empty(t, c.Accounts())
	assert.Equal(t, ledger.Unit{}, c.DefaultUnit())
	_, ok := c.Account("1-1100")
	assert.False(t, ok)
	_, ok = c.ByRole(ledger.RoleCash)
	assert.False(t, ok)
	assert.False(t, c.IsTax("6-1100"))
	assert.Equal(t, ledger.Account{}, c.Section("1-1100"))
	assert.True(t, ledger.NewChart(nil, nil).IsZero())
}

func TestChartWithLeavesTheReceiverUnchanged(t *testing.T) {
	base := ledger.DefaultChart(opened)
	before := slices.Clone(base.Accounts())

	transport := ledger.Account{Code: "5-3700", Name: "Beban transportasi", Class: ledger.Expense, Group: "5-3", Flow: ledger.Operating}
	added := base.With(transport)
	assert.Equal(t, before, base.Accounts(), "adding leaves the receiver unchanged")
	require.Len(t, added.Accounts(), len(before)+1)
	got, ok := added.Account("5-3700")
	require.True(t, ok)
	assert.Equal(t, transport, got)
	assert.True(t, slices.IsSorted(codes(added.Accounts())), "the new account takes its place by code")
	_, ok = base.Account("5-3700")
	assert.False(t, ok)

	kas, _ := base.Account("1-1100")
	renamed := kas
	renamed.Name = "Kas besar"
	replaced := base.With(renamed)
	assert.Equal(t, before, base.Accounts(), "replacing leaves the receiver unchanged")
	assert.Len(t, replaced.Accounts(), len(before), "an account of the same code is replaced")
	got, _ = replaced.Account("1-1100")
	assert.Equal(t, "Kas besar", got.Name)
	got, _ = base.Account("1-1100")
	assert.Equal(t, "Kas", got.Name)

	// Two charts made from the same one share nothing that either changes,
	// whatever the spare capacity of the one they were made from.
	a1 := added.With(ledger.Account{Code: "5-3800", Name: "Beban A", Class: ledger.Expense, Group: "5-3"})
	a2 := added.With(ledger.Account{Code: "5-3800", Name: "Beban B", Class: ledger.Expense, Group: "5-3"})
	a3 := added.With(ledger.Account{Code: "5-3750", Name: "Beban C", Class: ledger.Expense, Group: "5-3"})
	x, _ := a1.Account("5-3800")
	y, _ := a2.Account("5-3800")
	assert.Equal(t, "Beban A", x.Name)
	assert.Equal(t, "Beban B", y.Name)
	_, ok = a1.Account("5-3750")
	assert.False(t, ok)
	_, ok = a3.Account("5-3800")
	assert.False(t, ok)
	assert.Len(t, added.Accounts(), len(before)+1)

	// The units are shared by value too.
	withKlinik := base.WithUnit(ledger.Unit{Code: "klinik", Name: "Klinik"})
	withWarung := base.WithUnit(ledger.Unit{Code: "warung", Name: "Warung"})
	assert.Equal(t, []string{ledger.DefaultUnitCode, "toko"}, unitCodes(base.Units()))
	assert.Equal(t, []string{ledger.DefaultUnitCode, "toko", "klinik"}, unitCodes(withKlinik.Units()))
	assert.Equal(t, []string{ledger.DefaultUnitCode, "toko", "warung"}, unitCodes(withWarung.Units()))
	k1 := withKlinik.WithUnit(ledger.Unit{Code: "u1", Name: "U1"})
	k2 := withKlinik.WithUnit(ledger.Unit{Code: "u2", Name: "U2"})
	assert.Equal(t, []string{ledger.DefaultUnitCode, "toko", "klinik", "u1"}, unitCodes(k1.Units()))
	assert.Equal(t, []string{ledger.DefaultUnitCode, "toko", "klinik", "u2"}, unitCodes(k2.Units()))
	assert.Equal(t, len(before), len(withKlinik.Accounts()), "WithUnit keeps the accounts")
	assert.Equal(t, ledger.DefaultUnitCode, withKlinik.DefaultUnit().Code)
}

func TestChartByRole(t *testing.T) {
	c := ledger.DefaultChart(opened)
	tests := []struct {
		role ledger.Role
		code string
	}{
		{ledger.RoleCash, "1-1100"},
		{ledger.RolePokok, "3-1100"},
		{ledger.RoleWajib, "3-1200"},
		{ledger.RoleSukarela, "2-1100"},
		{ledger.RoleEntryFee, "4-9200"},
		{ledger.RoleSHUCurrent, "3-5100"},
		{ledger.RoleIncomeTax, "6-1100"},
		{ledger.RoleRetainedSHU, "3-5200"},
	}
	for _, tt := range tests {
		a, ok := c.ByRole(tt.role)
		require.True(t, ok, "role %s", tt.role)
		assert.Equal(t, tt.code, a.Code, "role %s", tt.role)
	}
	_, ok := c.ByRole("loan")
	assert.False(t, ok)

	// A closed account plays no role; an open one that takes it over does.
	kas, _ := c.Account("1-1100")
	kas.Closed = calendar.MustNew(2025, time.June, 1)
	closed := c.With(kas)
	_, ok = closed.ByRole(ledger.RoleCash)
	assert.False(t, ok, "the only cash-role account is closed")
	successor := closed.With(ledger.Account{Code: "1-1150", Name: "Kas baru", Class: ledger.Asset, Group: "1-1", Cash: true, Role: ledger.RoleCash})
	a, ok := successor.ByRole(ledger.RoleCash)
	require.True(t, ok)
	assert.Equal(t, "1-1150", a.Code)
	a, ok = c.ByRole(ledger.RoleCash)
	require.True(t, ok, "the chart they were made from is unchanged")
	assert.Equal(t, "1-1100", a.Code)

	// Renaming keeps the role; adding units and other accounts keeps them
	// all.
	renamed := kas
	renamed.Closed, renamed.Name = calendar.Date{}, "Kas utama"
	a, ok = c.With(renamed).ByRole(ledger.RoleCash)
	require.True(t, ok)
	assert.Equal(t, "Kas utama", a.Name)
	grown := c.WithUnit(ledger.Unit{Code: "klinik", Name: "Klinik"}).
		With(ledger.Account{Code: "1-1050", Name: "Kas kecil", Class: ledger.Asset, Group: "1-1", Cash: true})
	for _, tt := range tests {
		a, ok := grown.ByRole(tt.role)
		require.True(t, ok, "role %s", tt.role)
		assert.Equal(t, tt.code, a.Code, "role %s after more accounts and units", tt.role)
	}
}

func TestChartAllByRole(t *testing.T) {
	c := ledger.DefaultChart(opened)
	codes := func(accounts []ledger.Account) []string {
		var out []string
		for _, a := range accounts {
			out = append(out, a.Code)
		}
		return out
	}
	assert.Equal(t, []string{"2-2100", "2-2200"}, codes(c.AllByRole(ledger.RoleBorrowing)))
	assert.Equal(t, []string{"3-4100"}, codes(c.AllByRole(ledger.RolePenyertaan)))
	assert.Empty(t, c.AllByRole("none"))

	// A closed account still plays the role: its balance before it closed
	// counts on earlier dates.
	lpdb, _ := c.Account("2-2200")
	lpdb.Closed = calendar.MustNew(2025, time.June, 1)
	assert.Equal(t, []string{"2-2100", "2-2200"}, codes(c.With(lpdb).AllByRole(ledger.RoleBorrowing)))

	// A chart adopted before the roles existed: the default chart's
	// accounts stand in, unless the chart gave them another role.
	var old []ledger.Account
	for _, a := range c.Accounts() {
		if a.Role == ledger.RoleBorrowing || a.Role == ledger.RolePenyertaan {
			a.Role = ""
		}
		if a.Code == "2-2200" {
			a.Role = ledger.RoleExitClearing
		}
		old = append(old, a)
	}
	before := ledger.NewChart(old, c.Units())
	assert.Equal(t, []string{"2-2100"}, codes(before.AllByRole(ledger.RoleBorrowing)))
	assert.Equal(t, []string{"3-4100"}, codes(before.AllByRole(ledger.RolePenyertaan)))

	// Once an account is marked, only the marked ones play the role.
	marked := before.With(ledger.Account{Code: "2-2300", Name: "Obligasi", Class: ledger.Liability, Group: "2-2", Role: ledger.RoleBorrowing})
	assert.Equal(t, []string{"2-2300"}, codes(marked.AllByRole(ledger.RoleBorrowing)))
}

func TestChartSection(t *testing.T) {
	c := ledger.DefaultChart(opened)
	tests := []struct{ code, section string }{
		{"1", "1"},
		{"1-1", "1"},
		{"1-1100", "1"},
		{"1-3900", "1"},
		{"2-2200", "2"},
		{"3-5100", "3"},
		{"4-9200", "4"},
		{"5-5100", "5"},
		{"6-1100", "6"},
		{"6", "6"},
		{"9-9999", ""}, // unknown: no section
	}
	for _, tt := range tests {
		assert.Equal(t, tt.section, c.Section(tt.code).Code, "section of %s", tt.code)
	}

	// A group that names no account stops the climb at the last account
	// found.
	orphan := c.With(ledger.Account{Code: "7-1100", Name: "Yatim", Class: ledger.Expense, Group: "7"})
	assert.Equal(t, "7-1100", orphan.Section("7-1100").Code)

	// A cycle of groups does not hang.
	cyclic := ledger.NewChart([]ledger.Account{
		{Code: "8", Name: "A", Class: ledger.Asset, Heading: true, Group: "8-1"},
		{Code: "8-1", Name: "B", Class: ledger.Asset, Heading: true, Group: "8"},
	}, nil)
	assert.NotPanics(t, func() { cyclic.Section("8-1") })
}

func TestChartIsTax(t *testing.T) {
	c := ledger.DefaultChart(opened)
	tests := []struct {
		code string
		tax  bool
	}{
		{"6-1100", true},
		{"6", true}, // the heading is in the tax section too
		{"5-9100", false},
		{"5-3100", false},
		{"4-9100", false},
		{"2-1500", false}, // taxes payable is a liability, not the tax expense
		{"9-9999", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.tax, c.IsTax(tt.code), "IsTax(%s)", tt.code)
	}

	deferred := c.With(ledger.Account{Code: "6-1200", Name: "Pajak tangguhan", Class: ledger.Expense, Group: "6"})
	assert.True(t, deferred.IsTax("6-1200"), "another expense in the tax section is tax")

	noRole := ledger.NewChart([]ledger.Account{
		{Code: "6", Name: "PAJAK", Class: ledger.Expense, Heading: true},
		{Code: "6-1200", Name: "Pajak", Class: ledger.Expense, Group: "6"},
	}, nil)
	assert.False(t, noRole.IsTax("6-1200"), "without an income tax account nothing is tax")

	// A chart adopted before roles were marked: the default chart's
	// account for the role stands in.
	older := ledger.NewChart([]ledger.Account{
		{Code: "6", Name: "PAJAK", Class: ledger.Expense, Heading: true},
		{Code: "6-1100", Name: "Pajak", Class: ledger.Expense, Group: "6"},
	}, nil)
	assert.True(t, older.IsTax("6-1100"), "the default chart's income tax account stands in for the role")
}

func TestChartCheckNew(t *testing.T) {
	c := ledger.DefaultChart(opened)
	transport := func(change ...func(*ledger.Account)) ledger.Account {
		a := ledger.Account{Code: "5-3700", Name: "Beban transportasi", NameEN: "Transport", Class: ledger.Expense, Group: "5-3", Flow: ledger.Operating}
		for _, f := range change {
			f(&a)
		}
		return a
	}
	tests := []struct {
		name    string
		account ledger.Account
		want    *input.Error // nil: accepted
	}{
		{name: "an expense under its heading", account: transport()},
		{name: "without an English name", account: transport(func(a *ledger.Account) { a.NameEN = "" })},
		{name: "without a flow", account: transport(func(a *ledger.Account) { a.Flow = "" })},
		{name: "a new top heading", account: ledger.Account{Code: "7", Name: "LAIN", Class: ledger.Expense, Heading: true}},
		{name: "a heading under a heading", account: ledger.Account{Code: "5-6", Name: "Beban unit klinik", Class: ledger.Expense, Heading: true, Group: "5"}},
		{name: "a second bank account", account: ledger.Account{Code: "1-1220", Name: "Bank BRI", Class: ledger.Asset, Group: "1-1", Cash: true}},
		{name: "a contra asset", account: ledger.Account{Code: "1-1495", Name: "Cadangan lain", Class: ledger.Asset, Contra: true, Group: "1-1"}},
		{name: "a sub-account with a further group of digits", account: ledger.Account{Code: "1-1100-01", Name: "Kas kecil", Class: ledger.Asset, Group: "1-1", Cash: true}},
		{name: "a name of 120 characters, not bytes", account: transport(func(a *ledger.Account) { a.Name = strings.Repeat("é", 120) })},
		{name: "a code of 20 characters", account: ledger.Account{Code: "5-3" + strings.Repeat("1", 17), Name: "Panjang", Class: ledger.Expense, Group: "5-3"}},

		{name: "no code", account: transport(func(a *ledger.Account) { a.Code = "" }),
			want: &input.Error{Field: "code", Value: "", Want: input.WantAccountCode}},
		{name: "a letter in the code", account: transport(func(a *ledger.Account) { a.Code = "5-37a0" }),
			want: &input.Error{Field: "code", Value: "5-37a0", Want: input.WantAccountCode}},
		{name: "a code starting with zero", account: transport(func(a *ledger.Account) { a.Code = "0-3700"; a.Group = "" }),
			want: &input.Error{Field: "code", Value: "0-3700", Want: input.WantAccountCode}},
		{name: "a code with a trailing hyphen", account: transport(func(a *ledger.Account) { a.Code = "5-3700-" }),
			want: &input.Error{Field: "code", Value: "5-3700-", Want: input.WantAccountCode}},
		{name: "a code of 21 characters", account: transport(func(a *ledger.Account) { a.Code = "5-3" + strings.Repeat("1", 18) }),
			want: &input.Error{Field: "code", Value: "5-3" + strings.Repeat("1", 18), Want: input.WantAccountCode}},
		{name: "the code of an account", account: transport(func(a *ledger.Account) { a.Code = "5-3100" }),
			want: &input.Error{Field: "code", Value: "5-3100", Want: input.WantNewAccount}},
		{name: "the code of a heading", account: transport(func(a *ledger.Account) { a.Code = "5-3" }),
			want: &input.Error{Field: "code", Value: "5-3", Want: input.WantNewAccount}},
		{name: "no name", account: transport(func(a *ledger.Account) { a.Name = "" }),
			want: &input.Error{Field: "name", Value: "", Want: input.WantName}},
		{name: "a name with a leading space", account: transport(func(a *ledger.Account) { a.Name = " Beban" }),
			want: &input.Error{Field: "name", Value: " Beban", Want: input.WantName}},
		{name: "a name with a newline", account: transport(func(a *ledger.Account) { a.Name = "Beban\ntransportasi" }),
			want: &input.Error{Field: "name", Value: "Beban\ntransportasi", Want: input.WantName}},
		{name: "a name of 121 characters", account: transport(func(a *ledger.Account) { a.Name = strings.Repeat("é", 121) }),
			want: &input.Error{Field: "name", Value: strings.Repeat("é", 121), Want: input.WantName}},
		{name: "an English name with a trailing space", account: transport(func(a *ledger.Account) { a.NameEN = "Transport " }),
			want: &input.Error{Field: "name_en", Value: "Transport ", Want: input.WantName}},
		{name: "no class", account: transport(func(a *ledger.Account) { a.Class = "" }),
			want: &input.Error{Field: "class", Value: "", Want: input.WantAccountClass}},
		{name: "an Indonesian class name", account: transport(func(a *ledger.Account) { a.Class = "beban" }),
			want: &input.Error{Field: "class", Value: "beban", Want: input.WantAccountClass}},
		{name: "an unknown group", account: transport(func(a *ledger.Account) { a.Group = "5-8" }),
			want: &input.Error{Field: "group", Value: "5-8", Want: input.WantHeading}},
		{name: "a group that is not a heading", account: transport(func(a *ledger.Account) { a.Group = "5-3100"; a.Code = "5-31001" }),
			want: &input.Error{Field: "group", Value: "5-3100", Want: input.WantHeading}},
		{name: "a class other than its heading's", account: transport(func(a *ledger.Account) { a.Class = ledger.Revenue }),
			want: &input.Error{Field: "class", Value: "revenue", Want: input.WantGroupClass, Bound: "expense"}},
		{name: "a code that does not extend its heading's", account: transport(func(a *ledger.Account) { a.Code = "5-4700" }),
			want: &input.Error{Field: "code", Value: "5-4700", Want: input.WantCodeInGroup, Bound: "5-3"}},
		{name: "a cash expense", account: transport(func(a *ledger.Account) { a.Cash = true }),
			want: &input.Error{Field: "cash", Value: "5-3700", Want: input.WantCashAsset}},
		{name: "a cash contra asset", account: ledger.Account{Code: "1-1495", Name: "Cadangan kas", Class: ledger.Asset, Contra: true, Group: "1-1", Cash: true},
			want: &input.Error{Field: "cash", Value: "1-1495", Want: input.WantCashAsset}},
		{name: "a cash heading", account: ledger.Account{Code: "1-5", Name: "Kas dan bank", Class: ledger.Asset, Heading: true, Group: "1", Cash: true},
			want: &input.Error{Field: "cash", Value: "1-5", Want: input.WantCashAsset}},
		{name: "an unknown flow", account: transport(func(a *ledger.Account) { a.Flow = "financial" }),
			want: &input.Error{Field: "flow", Value: "financial", Want: input.WantFlow}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(c.Accounts())
			err := c.CheckNew(tt.account)
			assert.Equal(t, before, c.Accounts(), "CheckNew changed the chart")
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			requireInputError(t, tt.want, err)
		})
	}
}

// TestChartCheckNewRefusesAContraClassName: "contra-asset" is what
// ParseClass reads as a class and the Contra flag, but it is not a Class.
// An account with it would have no place in the statements (its class is
// none of Classes()), and the stored AccountAdded could not be read back:
// internal/codec refuses a stored class that ParseClass reads as contra.
func TestChartCheckNewRefusesAContraClassName(t *testing.T) {
	c := ledger.DefaultChart(opened)
	a := ledger.Account{Code: "7", Name: "Cadangan lain", Class: ledger.Class("contra-asset")}
	requireInputError(t, &input.Error{Field: "class", Value: "contra-asset", Want: input.WantAccountClass}, c.CheckNew(a))
	a.Group, a.Code = "1-1", "1-1495"
	requireInputError(t, &input.Error{Field: "class", Value: "contra-asset", Want: input.WantAccountClass}, c.CheckNew(a))
}

func TestChartCheckUnit(t *testing.T) {
	c := ledger.DefaultChart(opened)
	tests := []struct {
		name string
		unit ledger.Unit
		want *input.Error
	}{
		{name: "a new unit", unit: ledger.Unit{Code: "klinik", Name: "Unit klinik", NameEN: "Clinic"}},
		{name: "digits and hyphens", unit: ledger.Unit{Code: "unit-2", Name: "Unit dua"}},
		{name: "a code of 32 characters", unit: ledger.Unit{Code: strings.Repeat("k", 32), Name: "Panjang"}},
		{name: "no code", unit: ledger.Unit{Name: "Klinik"},
			want: &input.Error{Field: "unit", Value: "", Want: input.WantUnitCode}},
		{name: "an uppercase code", unit: ledger.Unit{Code: "Klinik", Name: "Klinik"},
			want: &input.Error{Field: "unit", Value: "Klinik", Want: input.WantUnitCode}},
		{name: "an underscore", unit: ledger.Unit{Code: "unit_2", Name: "Unit dua"},
			want: &input.Error{Field: "unit", Value: "unit_2", Want: input.WantUnitCode}},
		{name: "a leading hyphen", unit: ledger.Unit{Code: "-klinik", Name: "Klinik"},
			want: &input.Error{Field: "unit", Value: "-klinik", Want: input.WantUnitCode}},
		{name: "a code of 33 characters", unit: ledger.Unit{Code: strings.Repeat("k", 33), Name: "Panjang"},
			want: &input.Error{Field: "unit", Value: strings.Repeat("k", 33), Want: input.WantUnitCode}},
		{name: "the code of a unit", unit: ledger.Unit{Code: "toko", Name: "Toko kedua"},
			want: &input.Error{Field: "unit", Value: "toko", Want: input.WantNewUnit}},
		{name: "the default unit's code", unit: ledger.Unit{Code: ledger.DefaultUnitCode, Name: "Lagi"},
			want: &input.Error{Field: "unit", Value: ledger.DefaultUnitCode, Want: input.WantNewUnit}},
		{name: "no name", unit: ledger.Unit{Code: "klinik"},
			want: &input.Error{Field: "name", Value: "", Want: input.WantName}},
		{name: "a name with a tab", unit: ledger.Unit{Code: "klinik", Name: "Unit\tklinik"},
			want: &input.Error{Field: "name", Value: "Unit\tklinik", Want: input.WantName}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.CheckUnit(tt.unit)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			requireInputError(t, tt.want, err)
		})
	}
}

func TestChartPostable(t *testing.T) {
	closedOn := calendar.MustNew(2025, time.May, 1)
	c := ledger.DefaultChart(opened).With(ledger.Account{
		Code: "5-3700", Name: "Beban transportasi", Class: ledger.Expense, Group: "5-3", Opened: opened, Closed: closedOn,
	})
	tests := []struct {
		name string
		code string
		on   calendar.Date
		err  func(t *testing.T, err error)
	}{
		{name: "an open account", code: "1-1100", on: opened},
		{name: "an account before the day it was opened", code: "1-1100", on: opened.AddDays(-400)},
		{name: "a closed account before it was closed", code: "5-3700", on: closedOn.AddDays(-1), err: func(t *testing.T, err error) {
			// A closed account takes no posting of any date, so the zero
			// balance it was closed with stays zero.
			var got *ledger.ClosedAccountError
			require.ErrorAs(t, err, &got)
			assert.Equal(t, &ledger.ClosedAccountError{Account: "5-3700", Name: "Beban transportasi", Closed: closedOn, On: closedOn.AddDays(-1)}, got)
		}},
		{name: "unknown", code: "1-1999", on: opened, err: func(t *testing.T, err error) {
			requireInputError(t, &input.Error{Field: "account", Value: "1-1999", Want: input.WantKnownAccount}, err)
		}},
		{name: "a heading", code: "1-1", on: opened, err: func(t *testing.T, err error) {
			requireInputError(t, &input.Error{Field: "account", Value: "1-1", Want: input.WantPostableAccount}, err)
		}},
		{name: "a closed account on the day it was closed", code: "5-3700", on: closedOn, err: func(t *testing.T, err error) {
			var got *ledger.ClosedAccountError
			require.ErrorAs(t, err, &got)
			assert.Equal(t, &ledger.ClosedAccountError{Account: "5-3700", Name: "Beban transportasi", Closed: closedOn, On: closedOn}, got)
			assert.Equal(t, "ledger: account 5-3700 (Beban transportasi) was closed on 2025-05-01; the posting is dated 2025-05-01", err.Error())
		}},
		{name: "a closed account after it was closed", code: "5-3700", on: closedOn.AddDays(30), err: func(t *testing.T, err error) {
			var got *ledger.ClosedAccountError
			require.ErrorAs(t, err, &got)
			assert.Equal(t, &ledger.ClosedAccountError{Account: "5-3700", Name: "Beban transportasi", Closed: closedOn, On: closedOn.AddDays(30)}, got)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := c.Postable(tt.code, tt.on)
			if tt.err == nil {
				require.NoError(t, err)
				assert.Equal(t, tt.code, a.Code)
				return
			}
			tt.err(t, err)
		})
	}
}

// TestDefaultChart checks the invariants of the chart every cooperative
// starts with (domain.md §5.4).
func TestDefaultChart(t *testing.T) {
	c := ledger.DefaultChart(opened)
	accounts := c.Accounts()
	require.NotEmpty(t, accounts)

	all := codes(accounts)
	assert.True(t, slices.IsSorted(all), "codes are sorted")
	assert.Len(t, slices.Compact(slices.Clone(all)), len(all), "codes are unique")

	roles := map[ledger.Role][]string{}
	for _, a := range accounts {
		assert.True(t, ledger.ValidCode(a.Code), "%s is a valid code", a.Code)
		assert.NotEmpty(t, a.Name, "%s has a name", a.Code)
		assert.NotEmpty(t, a.NameEN, "%s has an English name", a.Code)
		assert.Equal(t, opened, a.Opened, "%s is opened on the day given", a.Code)
		assert.True(t, a.Closed.IsZero(), "%s is open", a.Code)
		assert.Contains(t, ledger.Classes(), a.Class, "%s has a class", a.Code)
		if a.Role != "" {
			roles[a.Role] = append(roles[a.Role], a.Code)
		}
		switch {
		case a.Group == "":
			assert.True(t, a.Heading, "%s has no group, so it is a top heading", a.Code)
			assert.Len(t, a.Code, 1, "%s is a top heading", a.Code)
		default:
			g, ok := c.Account(a.Group)
			if assert.True(t, ok, "the group %s of %s exists", a.Group, a.Code) {
				assert.True(t, g.Heading, "the group %s of %s is a heading", a.Group, a.Code)
				assert.Equal(t, a.Class, g.Class, "%s has the class of its group %s", a.Code, a.Group)
				assert.True(t, strings.HasPrefix(a.Code, g.Code) && a.Code != g.Code, "%s extends the code of its group %s", a.Code, g.Code)
			}
		}
		if a.Heading {
			assert.False(t, a.Cash || a.Contra || a.ModalSendiri, "%s is a heading with flags", a.Code)
			assert.Empty(t, a.Role, "%s is a heading with a role", a.Code)
		} else {
			assert.NotEmpty(t, a.Flow, "%s has a cash flow activity", a.Code)
			_, err := ledger.ParseFlow(string(a.Flow))
			assert.NoError(t, err, "%s", a.Code)
		}
		if a.Cash {
			assert.Equal(t, ledger.Asset, a.Class, "cash account %s is an asset", a.Code)
			assert.False(t, a.Contra, "cash account %s is not contra", a.Code)
		}
		if a.ModalSendiri {
			assert.Equal(t, ledger.Equity, a.Class, "modal sendiri %s is equity", a.Code)
		}
	}

	assert.Equal(t, map[ledger.Role][]string{
		ledger.RoleCash:         {"1-1100"},
		ledger.RoleInventory:    {"1-1900"},
		ledger.RoleSHUPayable:   {"2-1600"},
		ledger.RoleSHUFunds:     {"2-1700"},
		ledger.RoleReserve:      {"3-2100"},
		ledger.RoleSales:        {"4-3100"},
		ledger.RoleCOGS:         {"5-5100"},
		ledger.RolePokok:        {"3-1100"},
		ledger.RoleWajib:        {"3-1200"},
		ledger.RoleSukarela:     {"2-1100"},
		ledger.RoleEntryFee:     {"4-9200"},
		ledger.RoleSHUCurrent:   {"3-5100"},
		ledger.RoleIncomeTax:    {"6-1100"},
		ledger.RoleRetainedSHU:  {"3-5200"},
		ledger.RoleLoans:        {"1-1400"},
		ledger.RoleAllowance:    {"1-1490"},
		ledger.RoleLoanInterest: {"4-1100"},
		ledger.RoleProvisi:      {"4-1300"},
		ledger.RoleAdminFee:     {"4-1400"},
		ledger.RolePenalty:      {"4-1500"},
		ledger.RoleRecovery:     {"4-2200"},
		ledger.RoleProvision:    {"5-2100"},
		ledger.RoleExitClearing: {"2-1800"},
		ledger.RoleBorrowing:    {"2-2100", "2-2200"},
		ledger.RolePenyertaan:   {"3-4100"},
	}, roles, "one account per role, but external borrowing, which the bank and the revolving fund both are")

	var cash, contra, ms []string
	for _, a := range accounts {
		if a.Cash {
			cash = append(cash, a.Code)
		}
		if a.Contra {
			contra = append(contra, a.Code)
		}
		if a.ModalSendiri {
			ms = append(ms, a.Code)
		}
	}
	assert.Equal(t, []string{"1-1100", "1-1200"}, cash)
	assert.Equal(t, []string{"1-1490", "1-3900"}, contra)
	assert.Equal(t, []string{"3-1100", "3-1200", "3-1300", "3-2100", "3-2200", "3-3100"}, ms, "domain.md §5.4 flags ms")

	var tops []string
	for _, a := range accounts {
		if a.Group == "" {
			tops = append(tops, a.Code+" "+string(a.Class))
		}
	}
	assert.Equal(t, []string{"1 asset", "2 liability", "3 equity", "4 revenue", "5 expense", "6 expense"}, tops)

	assert.Equal(t, []ledger.Unit{
		{Code: ledger.DefaultUnitCode, Name: "Unit simpan pinjam", NameEN: "Savings and loan unit"},
		{Code: "toko", Name: "Unit toko / sembako", NameEN: "Shop unit"},
	}, c.Units())
	assert.Equal(t, ledger.DefaultUnitCode, c.DefaultUnit().Code)

	sukarela, _ := c.Account("2-1100")
	assert.Equal(t, ledger.Financing, sukarela.Flow, "savings are financing (domain.md §5.3)")
	allowance, _ := c.Account("1-1490")
	assert.Equal(t, ledger.Credit, allowance.Normal(), "the allowance for loan losses is a contra asset")
}

// TestDefaultChartPassesCheckNew builds the default chart one account at
// a time: each passes the checks a treasurer's new account must pass.
func TestDefaultChartPassesCheckNew(t *testing.T) {
	var c ledger.Chart
	for _, a := range ledger.DefaultChart(opened).Accounts() {
		require.NoError(t, c.CheckNew(a), "account %s", a.Code)
		c = c.With(a)
	}
	assert.Equal(t, ledger.DefaultChart(opened).Accounts(), c.Accounts())
}

func TestDefaultChartIsFreshEachTime(t *testing.T) {
	a := ledger.DefaultChart(opened)
	a.Accounts()[0].Name = "changed"
	b := ledger.DefaultChart(opened)
	assert.Equal(t, "ASET", b.Accounts()[0].Name)
	other := ledger.DefaultChart(opened.AddDays(1))
	kas, _ := other.Account("1-1100")
	assert.Equal(t, opened.AddDays(1), kas.Opened)
}

func TestAccount(t *testing.T) {
	c := ledger.DefaultChart(opened)
	tests := []struct {
		code   string
		normal ledger.Side
	}{
		{"1-1100", ledger.Debit},
		{"1-1490", ledger.Credit}, // contra asset
		{"1-3900", ledger.Credit}, // contra asset
		{"2-1100", ledger.Credit},
		{"3-1100", ledger.Credit},
		{"4-1100", ledger.Credit},
		{"5-3100", ledger.Debit},
		{"6-1100", ledger.Debit},
	}
	for _, tt := range tests {
		a, ok := c.Account(tt.code)
		require.True(t, ok)
		assert.Equal(t, tt.normal, a.Normal(), "normal side of %s", tt.code)
	}

	kas, _ := c.Account("1-1100")
	assert.Equal(t, "Kas", kas.Label(false))
	assert.Equal(t, "Cash on hand", kas.Label(true))
	kas.NameEN = ""
	assert.Equal(t, "Kas", kas.Label(true), "without an English name the Indonesian one")

	assert.True(t, kas.IsOpen())
	kas.Closed = opened.AddDays(10)
	assert.False(t, kas.IsOpen(), "a closed account takes no posting of any date")
	heading, _ := c.Account("1")
	assert.False(t, heading.IsOpen(), "a heading takes no postings")

	u := ledger.Unit{Code: "toko", Name: "Unit toko", NameEN: "Shop"}
	assert.Equal(t, "Unit toko", u.Label(false))
	assert.Equal(t, "Shop", u.Label(true))
	u.NameEN = ""
	assert.Equal(t, "Unit toko", u.Label(true))
}
