package ledger

import (
	"slices"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
)

// Chart is a cooperative's chart of accounts and business units as of the
// events folded so far. It is a value: With and WithUnit return a new
// chart and leave the receiver unchanged.
type Chart struct {
	accounts []Account // by code
	units    []Unit    // in the order added; the first is the default
	// roles indexes the open accounts playing a role: posting rules ask
	// for every event.
	roles map[Role]int
}

// NewChart returns a chart of the given accounts and units.
func NewChart(accounts []Account, units []Unit) Chart {
	c := Chart{accounts: slices.Clone(accounts), units: slices.Clone(units)}
	slices.SortFunc(c.accounts, func(a, b Account) int { return strings.Compare(a.Code, b.Code) })
	return c.indexed()
}

// indexed returns c with its role index built.
func (c Chart) indexed() Chart {
	c.roles = map[Role]int{}
	for i, a := range c.accounts {
		if _, taken := c.roles[a.Role]; a.Role != "" && a.Closed.IsZero() && !taken {
			c.roles[a.Role] = i
		}
	}
	return c
}

// IsZero reports whether the chart has no accounts.
func (c Chart) IsZero() bool { return len(c.accounts) == 0 }

// Accounts returns every account, headings included, by code. The slice
// is the chart's own: do not modify it.
func (c Chart) Accounts() []Account { return c.accounts }

// Units returns the business units, the default first. The slice is the
// chart's own: do not modify it.
func (c Chart) Units() []Unit { return c.units }

// Account returns the account with code.
func (c Chart) Account(code string) (Account, bool) {
	i, ok := slices.BinarySearchFunc(c.accounts, code, func(a Account, code string) int { return strings.Compare(a.Code, code) })
	if !ok {
		return Account{}, false
	}
	return c.accounts[i], true
}

// ByRole returns the open account that plays role r.
//
// A chart adopted before a role existed has no account marked with it;
// the account the default chart gives the role stands in, when the chart
// has it open and without another role.
func (c Chart) ByRole(r Role) (Account, bool) {
	if i, ok := c.roles[r]; ok {
		return c.accounts[i], true
	}
	code, ok := defaultRoleCode(r)
	if !ok {
		return Account{}, false
	}
	a, ok := c.Account(code)
	if !ok || a.Role != "" || !a.IsOpen() {
		return Account{}, false
	}
	return a, true
}

// AllByRole returns every account, open or closed, that plays role r: a
// role several accounts may share (RoleBorrowing), whose balances add up.
// A closed account's balance was zero when it closed, and a report for an
// earlier date needs it.
//
// A chart adopted before the role existed has no account marked with it;
// the accounts the default chart gives the role stand in, those the chart
// has without another role.
func (c Chart) AllByRole(r Role) []Account {
	var out []Account
	for _, a := range c.accounts {
		if a.Role == r && !a.Heading {
			out = append(out, a)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, row := range defaultRows() {
		if row.role != r {
			continue
		}
		if a, ok := c.Account(row.code); ok && a.Role == "" && !a.Heading {
			out = append(out, a)
		}
	}
	return out
}

// Unit returns the business unit with code.
func (c Chart) Unit(code string) (Unit, bool) {
	for _, u := range c.units {
		if u.Code == code {
			return u, true
		}
	}
	return Unit{}, false
}

// DefaultUnit returns the unit of lines that name none: member savings,
// and journal entries without a unit.
func (c Chart) DefaultUnit() Unit {
	if len(c.units) == 0 {
		return Unit{}
	}
	return c.units[0]
}

// Section returns the top heading an account sits under (itself if it is
// a top heading).
func (c Chart) Section(code string) Account {
	a, _ := c.Account(code)
	for i := 0; a.Group != "" && i < 16; i++ {
		up, ok := c.Account(a.Group)
		if !ok {
			break
		}
		a = up
	}
	return a
}

// IsTax reports whether code is an income tax expense: an expense in the
// section of the account playing RoleIncomeTax. The statement of results
// shows SHU before and after it.
func (c Chart) IsTax(code string) bool {
	tax, ok := c.ByRole(RoleIncomeTax)
	if !ok {
		return false
	}
	a, _ := c.Account(code)
	return a.Class == Expense && c.Section(code).Code == c.Section(tax.Code).Code
}

// With returns the chart with a added, or replacing the account of the
// same code.
func (c Chart) With(a Account) Chart {
	i, found := slices.BinarySearchFunc(c.accounts, a.Code, func(x Account, code string) int { return strings.Compare(x.Code, code) })
	out := Chart{units: c.units}
	if found {
		out.accounts = slices.Clone(c.accounts)
		out.accounts[i] = a
		return out.indexed()
	}
	out.accounts = slices.Insert(slices.Clip(c.accounts), i, a)
	return out.indexed()
}

// WithUnit returns the chart with u added.
func (c Chart) WithUnit(u Unit) Chart {
	return Chart{accounts: c.accounts, units: append(slices.Clip(c.units), u), roles: c.roles}
}

// MaxNameLen bounds account and unit names.
const MaxNameLen = 120

// ValidCode reports whether s is an account code: a digit, then groups of
// digits after hyphens ("1", "1-1", "1-1100", "1-1100-01"), at most 20
// characters.
func ValidCode(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, part := range strings.Split(s, "-") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return s[0] >= '1' && s[0] <= '9'
}

// CheckNew returns why a may not be added to the chart, or nil.
func (c Chart) CheckNew(a Account) error {
	if !ValidCode(a.Code) {
		return &input.Error{Field: "code", Value: a.Code, Want: input.WantAccountCode}
	}
	if _, dup := c.Account(a.Code); dup {
		return &input.Error{Field: "code", Value: a.Code, Want: input.WantNewAccount}
	}
	if !input.Text(a.Name, MaxNameLen) {
		return &input.Error{Field: "name", Value: a.Name, Want: input.WantName}
	}
	if a.NameEN != "" && !input.Text(a.NameEN, MaxNameLen) {
		return &input.Error{Field: "name_en", Value: a.NameEN, Want: input.WantName}
	}
	if !slices.Contains(Classes(), a.Class) {
		return &input.Error{Field: "class", Value: string(a.Class), Want: input.WantAccountClass}
	}
	if a.Group == "" && !a.Heading {
		return &input.Error{Field: "group", Value: a.Code, Want: input.WantGroup}
	}
	if a.Group != "" {
		g, ok := c.Account(a.Group)
		if !ok || !g.Heading {
			return &input.Error{Field: "group", Value: a.Group, Want: input.WantHeading}
		}
		if g.Class != a.Class {
			return &input.Error{Field: "class", Value: string(a.Class), Want: input.WantGroupClass, Bound: string(g.Class)}
		}
		// A code extends its heading's: 1-1100 under 1-1, 3-2100 under 3.
		prefix := g.Code
		if !strings.Contains(prefix, "-") {
			prefix += "-"
		}
		if !strings.HasPrefix(a.Code, prefix) || a.Code == g.Code {
			return &input.Error{Field: "code", Value: a.Code, Want: input.WantCodeInGroup, Bound: g.Code}
		}
	}
	if a.Cash && (a.Class != Asset || a.Contra || a.Heading) {
		return &input.Error{Field: "cash", Value: a.Code, Want: input.WantCashAsset}
	}
	if a.Flow != "" {
		if _, err := ParseFlow(string(a.Flow)); err != nil {
			return err
		}
	}
	return nil
}

// CheckUnit returns why u may not be added to the chart, or nil.
func (c Chart) CheckUnit(u Unit) error {
	if !input.Identifier(u.Code, 32, true) {
		return &input.Error{Field: "unit", Value: u.Code, Want: input.WantUnitCode}
	}
	if _, dup := c.Unit(u.Code); dup {
		return &input.Error{Field: "unit", Value: u.Code, Want: input.WantNewUnit}
	}
	if !input.Text(u.Name, MaxNameLen) {
		return &input.Error{Field: "name", Value: u.Name, Want: input.WantName}
	}
	return nil
}

// Postable returns the account with code when lines dated on may be
// posted to it, or the reason they may not: unknown, a heading, or closed.
func (c Chart) Postable(code string, on calendar.Date) (Account, error) {
	a, ok := c.Account(code)
	if !ok {
		return a, &input.Error{Field: "account", Value: code, Want: input.WantKnownAccount}
	}
	if a.Heading {
		return a, &input.Error{Field: "account", Value: code, Want: input.WantPostableAccount}
	}
	if !a.IsOpen() {
		return a, &ClosedAccountError{Account: a.Code, Name: a.Name, Closed: a.Closed, On: on}
	}
	return a, nil
}

// ClosedAccountError refuses a posting to a closed account.
type ClosedAccountError struct {
	Account, Name string
	Closed, On    calendar.Date
}

func (e *ClosedAccountError) Error() string {
	return "ledger: account " + e.Account + " (" + e.Name + ") was closed on " + e.Closed.String() + "; the posting is dated " + e.On.String()
}

// DefaultGroup is the heading an account's code extends when none is
// given: 1-1 for 1-1201, 3-6 for 3-6100; empty for a code without one.
func DefaultGroup(code string) string {
	top, rest, ok := strings.Cut(code, "-")
	if !ok || rest == "" {
		return ""
	}
	return top + "-" + rest[:1]
}
