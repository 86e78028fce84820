package loan

import (
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
)

// Given is what a loan command is decided on besides the loan's stream.
type Given struct {
	Today    calendar.Date
	Policies policy.Book
	Products Book
	// Books are the cooperative's chart, closed periods and cash.
	*member.Books
}

func (g Given) places(on calendar.Date) int32 {
	v, _ := g.Policies.At(on)
	return v.Policy.Places
}

// Apply records an application. The caller reads the borrower's state:
// whether the member is active and the savings a multiple applies to.
type Apply struct {
	Given
	Loan         ID
	Member       string
	MemberActive bool
	Savings      money.Amount
	Product      string
	Amount       money.Amount
	Months       int // zero: the product's term
	Related      bool
	Collateral   money.Amount
	Purpose      string
	By           string
	On           calendar.Date
}

// Approve records an approval by By in Role. Limit is the lending-limit
// check the caller computed from the ledger; MemberActive whether the
// borrower is still a member.
type Approve struct {
	Given
	Role, By     string
	Limit        LimitCheck
	MemberActive bool
	On           calendar.Date
}

// Reject refuses an application.
type Reject struct {
	Given
	Reason, By string
	On         calendar.Date
}

// Disburse pays the loan out and draws its schedule. The first
// instalment falls due a month after On unless First is given. A rate
// above the product's cap needs Override, a decision reference.
type Disburse struct {
	Given
	Cash         string
	First        calendar.Date
	Override     string
	MemberActive bool
	// Limit is the lending-limit check on the day of disbursement
	// (domain.md §2.1: evaluated at disbursement), read by the caller.
	Limit LimitCheck
	On    calendar.Date
}

// Repay records a repayment under Ref.
type Repay struct {
	Given
	Ref    string
	Amount money.Amount
	Cash   string
	On     calendar.Date
}

// Settle pays the whole loan before its term: what is due, and the
// principal not yet due; the interest not yet due is waived.
type Settle struct {
	Given
	Ref  string
	Cash string
	On   calendar.Date
}

// Restructure draws a new schedule for the outstanding principal.
type Restructure struct {
	Given
	Months int
	Rate   decimal.Decimal // the new yearly rate; negative: unchanged
	Reason string
	On     calendar.Date
}

// WriteOff writes the outstanding principal off against the allowance,
// whose balance the caller read from the ledger.
type WriteOff struct {
	Given
	Allowance money.Amount
	On        calendar.Date
}

// Recover records money received on a written-off loan.
type Recover struct {
	Given
	Ref    string
	Amount money.Amount
	Cash   string
	On     calendar.Date
}

// Review classifies the loan on On. Seen, when set, is the loan as it
// stood at the end of On, for a review recorded after later events: its
// days past due and outstanding principal decide the class.
type Review struct {
	Given
	On   calendar.Date
	Seen *State
}

// SettleByExit takes the loan's settlement from the borrower's exit. A
// written-off loan recovers from what is Left of the exit's offset, up
// to its claim.
type SettleByExit struct {
	Given
	ExitRef string
	Left    money.Amount
	On      calendar.Date
}

// Migrate records a loan the cooperative granted before its books moved
// into the ledger: the application, approved outside the ledger, and its
// disbursement on On, in one append. Rate, Months and Method, when set,
// replace the product's for this loan.
type Migrate struct {
	Apply
	Rate   *decimal.Decimal
	Method Method
	Cash   string
}

// RepayParts records a repayment whose split between principal and
// interest the cooperative's records already give (an import): principal
// pays the oldest instalments' principal, interest their interest.
type RepayParts struct {
	Given
	Ref                 string
	Principal, Interest money.Amount
	Cash                string
	On                  calendar.Date
}

// Command is a request to the Loan aggregate.
type Command interface{ given() Given }

func (c Apply) given() Given        { return c.Given }
func (c Approve) given() Given      { return c.Given }
func (c Reject) given() Given       { return c.Given }
func (c Disburse) given() Given     { return c.Given }
func (c Repay) given() Given        { return c.Given }
func (c Settle) given() Given       { return c.Given }
func (c Restructure) given() Given  { return c.Given }
func (c WriteOff) given() Given     { return c.Given }
func (c Recover) given() Given      { return c.Given }
func (c Review) given() Given       { return c.Given }
func (c SettleByExit) given() Given { return c.Given }
func (c Migrate) given() Given      { return c.Given }
func (c RepayParts) given() Given   { return c.Given }

// Refusals of the loan aggregate.
var (
	ErrNotApplied          = errors.New("loan: no such application")
	ErrAlreadyDecided      = errors.New("loan: the application is decided already")
	ErrNotActive           = errors.New("loan: the loan is not active")
	ErrAlreadyDisbursed    = errors.New("loan: the loan is disbursed already")
	ErrNotWrittenOff       = errors.New("loan: the loan is not written off")
	ErrSelfApproval        = errors.New("loan: the approver recorded the application")
	ErrRoleApprovedAlready = errors.New("loan: this role has approved already")
)

// Decide returns the events that carry out c on the loan whose stream
// gave s, or the reason c is refused; no events and no error when c
// repeats what is recorded.
func Decide(s *State, c Command) ([]Event, error) {
	if s == nil {
		s = &State{}
	}
	g := c.given()
	if g.Policies.Len() == 0 || g.Books == nil {
		panic("loan: command given no policy or no books")
	}
	switch c := c.(type) {
	case Apply:
		return decideApply(s, c)
	case Migrate:
		return decideMigrate(s, c)
	}
	if !s.Exists() {
		return nil, ErrNotApplied
	}
	switch c := c.(type) {
	case Approve:
		return decideApprove(s, c)
	case Reject:
		return decideReject(s, c)
	case Disburse:
		return decideDisburse(s, c)
	case Repay:
		return decideRepay(s, c)
	case Settle:
		return decideSettle(s, c)
	case Restructure:
		return decideRestructure(s, c)
	case WriteOff:
		return decideWriteOff(s, c)
	case Recover:
		return decideRecover(s, c)
	case Review:
		return decideReview(s, c)
	case SettleByExit:
		return decideSettleByExit(s, c)
	case RepayParts:
		return decideRepayParts(s, c)
	}
	panic(fmt.Sprintf("loan: unknown command %T", c))
}

func checkOn(g Given, field string, on, notBefore calendar.Date) error {
	switch {
	case on.IsZero():
		return &input.Error{Field: field, Value: "", Want: input.WantDate}
	case on.After(g.Today):
		return &input.Error{Field: field, Value: on.String(), Want: input.WantNotFuture, Bound: g.Today.String()}
	case !notBefore.IsZero() && on.Before(notBefore):
		return &input.Error{Field: field, Value: on.String(), Want: input.WantNotBefore, Bound: notBefore.String()}
	}
	return g.Periods.Check(on)
}

// PlafondError refuses an amount above the product's plafond or above the
// multiple of the borrower's savings.
type PlafondError struct {
	Amount, Max money.Amount
	// Savings is set when the bound is a multiple of the savings.
	Savings  money.Amount
	Multiple decimal.Decimal
}

func (e *PlafondError) Error() string {
	return fmt.Sprintf("loan: %s is above the most this loan may be, %s", e.Amount, e.Max)
}

func decideApply(s *State, c Apply) ([]Event, error) {
	if _, err := ParseID(string(c.Loan)); err != nil {
		return nil, err
	}
	if s.Exists() {
		if s.Member == c.Member && s.Amount.Equal(c.Amount) && s.Product == c.Product && s.AppliedOn == c.On {
			return nil, nil
		}
		return nil, &input.Error{Field: "loan", Value: string(c.Loan), Want: input.WantNewLoan}
	}
	if !c.MemberActive {
		return nil, &input.Error{Field: "member", Value: c.Member, Want: input.WantKnownMember}
	}
	if err := checkOn(c.Given, "date", c.On, calendar.Date{}); err != nil {
		return nil, err
	}
	v, ok := c.Products.At(c.Product, c.On)
	if !ok {
		return nil, &input.Error{Field: "product", Value: c.Product, Want: input.WantKnownProduct}
	}
	p := v.Product
	months := c.Months
	if months == 0 {
		months = p.Months
	}
	if months < 1 || months > p.MaxMonths {
		return nil, &input.Error{Field: "months", Value: fmt.Sprint(months), Want: input.WantAtMost, Bound: fmt.Sprint(p.MaxMonths)}
	}
	version, _ := c.Policies.At(c.On)
	if err := version.Policy.Limits().Check("amount", c.Amount); err != nil {
		return nil, err
	}
	if p.MaxPlafond.IsPositive() && c.Amount.Cmp(p.MaxPlafond) > 0 {
		return nil, &PlafondError{Amount: c.Amount, Max: p.MaxPlafond}
	}
	if p.SavingsMultiple.IsPositive() {
		most := money.FromDecimal(c.Savings.Decimal().Mul(p.SavingsMultiple))
		if c.Amount.Cmp(most) > 0 {
			return nil, &PlafondError{Amount: c.Amount, Max: most, Savings: c.Savings, Multiple: p.SavingsMultiple}
		}
	}
	if c.Collateral.IsNegative() {
		return nil, &input.Error{Field: "collateral", Value: c.Collateral.String(), Want: input.WantPolicyAmount}
	}
	if c.Purpose != "" && !input.Text(c.Purpose, 200) {
		return nil, &input.Error{Field: "purpose", Value: c.Purpose, Want: input.WantReason}
	}
	collateral := c.Collateral
	if collateral.Decimal().IsZero() {
		collateral = money.Zero()
	}
	return []Event{Applied{
		Loan: c.Loan, Member: c.Member, Product: c.Product, ProductVersion: v.Number, Terms: p,
		Amount: c.Amount, Months: months, Related: c.Related, Collateral: collateral, Purpose: c.Purpose, By: c.By, On: c.On,
	}}, nil
}

// LimitError refuses an approval over the lending limit (BMPP).
type LimitError struct{ Check LimitCheck }

func (e *LimitError) Error() string {
	return fmt.Sprintf("loan: exposure %s is above the lending limit %s (%s of modal sendiri %s)", e.Check.Exposure, e.Check.Limit, e.Check.Share, e.Check.ModalSendiri)
}

// RoleError refuses an approval in a role the loan does not need.
type RoleError struct {
	Role  string
	Roles []string
}

func (e *RoleError) Error() string {
	return fmt.Sprintf("loan: role %q does not approve this loan; it needs %v", e.Role, e.Roles)
}

func decideApprove(s *State, c Approve) ([]Event, error) {
	if s.Status != StatusApplied {
		for _, a := range s.Approvals {
			if a.Role == c.Role && a.By == c.By {
				return nil, nil
			}
		}
		return nil, fmt.Errorf("%w: %s is %s", ErrAlreadyDecided, s.ID, s.Status)
	}
	if c.By == s.AppliedBy {
		return nil, fmt.Errorf("%w: %s", ErrSelfApproval, c.By)
	}
	if !c.MemberActive {
		return nil, &input.Error{Field: "member", Value: s.Member, Want: input.WantKnownMember}
	}
	roles := s.Terms.RolesFor(s.Amount, s.Related)
	if !slices.Contains(roles, c.Role) {
		return nil, &RoleError{Role: c.Role, Roles: roles}
	}
	for _, a := range s.Approvals {
		if a.Role == c.Role {
			if a.By == c.By {
				return nil, nil
			}
			return nil, fmt.Errorf("%w: %s by %s", ErrRoleApprovedAlready, a.Role, a.By)
		}
		if a.By == c.By {
			return nil, fmt.Errorf("%w: %s approved as %s", ErrRoleApprovedAlready, c.By, a.Role)
		}
	}
	if err := checkOn(c.Given, "date", c.On, s.AppliedOn); err != nil {
		return nil, err
	}
	if !c.Limit.Within() {
		return nil, &LimitError{Check: c.Limit}
	}
	return []Event{Approved{Role: c.Role, By: c.By, Limit: c.Limit, On: c.On}}, nil
}

func decideReject(s *State, c Reject) ([]Event, error) {
	if s.Status == StatusRejected {
		return nil, nil
	}
	if s.Status != StatusApplied {
		return nil, fmt.Errorf("%w: %s is %s", ErrAlreadyDecided, s.ID, s.Status)
	}
	if !input.Text(c.Reason, 200) {
		return nil, &input.Error{Field: "reason", Value: c.Reason, Want: input.WantReason}
	}
	if err := checkOn(c.Given, "date", c.On, s.AppliedOn); err != nil {
		return nil, err
	}
	return []Event{Rejected{Reason: c.Reason, By: c.By, On: c.On}}, nil
}

// ApprovalsMissingError refuses a disbursement before every role the
// loan needs has approved.
type ApprovalsMissingError struct{ Missing []string }

func (e *ApprovalsMissingError) Error() string {
	return fmt.Sprintf("loan: approvals missing: %v", e.Missing)
}

// RateCapError refuses a disbursement whose effective rate is above the
// cap without an override.
type RateCapError struct {
	Effective, AllIn, Cap decimal.Decimal
}

func (e *RateCapError) Error() string {
	return fmt.Sprintf("loan: effective rate %s (all-in %s) is above the cap %s", e.Effective, e.AllIn, e.Cap)
}

func decideDisburse(s *State, c Disburse) ([]Event, error) {
	if s.Status == StatusActive && s.Disbursed == c.On {
		if _, recorded, err := c.CashAccount(c.Cash, c.On); err == nil && recorded == s.Cash {
			return nil, nil
		}
	}
	if s.Status == StatusActive || s.Status == StatusClosed || s.Status == StatusWrittenOff {
		return nil, fmt.Errorf("%w: %s", ErrAlreadyDisbursed, s.ID)
	}
	if s.Status != StatusApplied {
		return nil, fmt.Errorf("%w: %s is %s", ErrAlreadyDecided, s.ID, s.Status)
	}
	var missing []string
	for _, r := range s.Terms.RolesFor(s.Amount, s.Related) {
		if !slices.ContainsFunc(s.Approvals, func(a Approval) bool { return a.Role == r }) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 && !s.Migrated {
		return nil, &ApprovalsMissingError{Missing: missing}
	}
	if !c.MemberActive {
		return nil, &input.Error{Field: "member", Value: s.Member, Want: input.WantKnownMember}
	}
	if !s.Migrated && !c.Limit.Within() {
		return nil, &LimitError{Check: c.Limit}
	}
	last := s.AppliedOn
	for _, a := range s.Approvals {
		if a.On.After(last) {
			last = a.On
		}
	}
	if err := checkOn(c.Given, "date", c.On, last); err != nil {
		return nil, err
	}
	places := c.places(c.On)
	first := c.First
	if first.IsZero() {
		first = addMonth(c.On)
	}
	if !first.After(c.On) {
		return nil, &input.Error{Field: "first", Value: first.String(), Want: input.WantAfterLastPosting, Bound: c.On.String()}
	}
	schedule, err := Schedule(Terms{Principal: s.Amount, AnnualRate: s.Terms.AnnualRate, Months: s.Months, Method: s.Terms.Method, First: first}, places)
	if err != nil {
		return nil, err
	}
	// A migrated loan's fees were taken before the books moved in.
	provisi, admin := money.Zero(), money.Zero()
	if !s.Migrated {
		provisi, admin = s.Terms.Provisi.Of(s.Amount, places), s.Terms.Admin.Of(s.Amount, places)
	}
	fees := provisi.Add(admin)
	effective, err := EffectiveAnnualRate(s.Amount, money.Zero(), schedule)
	if err != nil {
		return nil, err
	}
	allIn, err := EffectiveAnnualRate(s.Amount, fees, schedule)
	if err != nil {
		return nil, err
	}
	if capped := s.Terms.CappedRate(effective); capped.Cmp(s.Terms.RateCap) > 0 && c.Override == "" {
		return nil, &RateCapError{Effective: effective, AllIn: allIn, Cap: s.Terms.RateCap}
	}
	account, recorded, err := c.CashAccount(c.Cash, c.On)
	if err != nil {
		return nil, err
	}
	if err := c.CheckCash(account, c.On, s.Amount.Sub(fees)); err != nil {
		return nil, err
	}
	return []Event{Disbursed{
		Cash: recorded, Provisi: provisi, Admin: admin, Schedule: schedule,
		EffectiveRate: effective, AllInRate: allIn, Override: c.Override, On: c.On,
	}}, nil
}

// addMonth returns the same day a month later, or the month's last day.
func addMonth(d calendar.Date) calendar.Date {
	y, m, day := d.Civil()
	m++
	if m > 12 {
		y, m = y+1, 1
	}
	last := calendar.MustNew(y, m, 1).MonthEnd()
	_, _, lastDay := last.Civil()
	return calendar.MustNew(y, m, min(day, lastDay))
}

// OverpaymentError refuses a repayment above what the loan owes.
type OverpaymentError struct {
	Amount, Owed money.Amount
}

func (e *OverpaymentError) Error() string {
	return fmt.Sprintf("loan: %s is more than the loan owes, %s", e.Amount, e.Owed)
}

func (s *State) active(g Given, on calendar.Date) error {
	if s.Status != StatusActive {
		return fmt.Errorf("%w: %s is %s", ErrNotActive, s.ID, s.Status)
	}
	return checkOn(g, "date", on, s.Disbursed)
}

func decideRepay(s *State, c Repay) ([]Event, error) {
	if !input.Text(c.Ref, member.MaxRefLen) {
		return nil, &input.Error{Field: "ref", Value: c.Ref, Want: input.WantRef}
	}
	if a, ok := s.refs[c.Ref]; ok {
		if a.Equal(c.Amount) {
			return nil, nil
		}
		return nil, &member.DuplicateRefError{Ref: c.Ref}
	}
	if err := s.active(c.Given, c.On); err != nil {
		return nil, err
	}
	version, _ := c.Policies.At(c.On)
	if err := version.Policy.Limits().Check("amount", c.Amount); err != nil {
		return nil, err
	}
	places := c.places(c.On)
	parts, left := s.allocate(c.Amount, c.On, places)
	if left.IsPositive() {
		return nil, &OverpaymentError{Amount: c.Amount, Owed: c.Amount.Sub(left)}
	}
	_, recorded, err := c.CashAccount(c.Cash, c.On)
	if err != nil {
		return nil, err
	}
	e := Repaid{Ref: c.Ref, Amount: c.Amount, Cash: recorded, Parts: parts, On: c.On}
	// A repayment of everything due and all the principal settles the
	// loan: the interest not yet due is waived, as in Settle.
	if settled, waived := s.settlement(c.On, places); sameParts(settled, parts) {
		e.Early, e.Waived = true, waived
	}
	return []Event{e}, nil
}

// sameParts reports whether two allocations pay the same amounts.
func sameParts(a, b []Part) bool {
	pa, ia, ra := Totals(a)
	pb, ib, rb := Totals(b)
	return len(a) > 0 && pa.Equal(pb) && ia.Equal(ib) && ra.Equal(rb)
}

// allocate shares amount among the loan's dues on d in the product's
// order, oldest instalment first: first what is due, then instalments not
// yet due, in full, in order. It returns the parts and what is left over.
func (s *State) allocate(amount money.Amount, d calendar.Date, places int32) ([]Part, money.Amount) {
	left := amount
	parts := make([]Part, len(s.Schedule))
	for i := range parts {
		parts[i] = Part{N: i + 1, Penalty: money.Zero(), Interest: money.Zero(), Principal: money.Zero()}
	}
	take := func(owed money.Amount) money.Amount {
		t := money.Min(owed, left)
		if t.IsNegative() {
			t = money.Zero()
		}
		left = left.Sub(t)
		return t
	}
	pay := func(i int, penalty bool) {
		in, p := s.Schedule[i], s.paid[i]
		if penalty {
			parts[i].Penalty = parts[i].Penalty.Add(take(s.penalty(i, d, places)))
		}
		parts[i].Interest = parts[i].Interest.Add(take(in.Interest.Sub(p.Interest)))
		parts[i].Principal = parts[i].Principal.Add(take(in.Principal.Sub(p.Principal)))
	}
	first := s.Terms.Order != PenaltyLast
	for i, in := range s.Schedule {
		if in.Due.After(d) {
			break
		}
		pay(i, first)
	}
	if !first {
		for i, in := range s.Schedule {
			if in.Due.After(d) {
				break
			}
			parts[i].Penalty = parts[i].Penalty.Add(take(s.penalty(i, d, places)))
		}
	}
	// Beyond what is due, a repayment pays the next instalments ahead,
	// in order, interest first: a member paying before the due date has
	// paid that instalment. (An early settlement later waives only the
	// interest still unpaid.)
	for i, in := range s.Schedule {
		if !in.Due.After(d) {
			continue
		}
		pay(i, false)
	}
	var out []Part
	for i, p := range parts {
		if !p.Penalty.Add(p.Interest).Add(p.Principal).IsZero() {
			if !s.Schedule[i].Due.After(d) {
				p.Accrued = s.accruedPenalty(i, d, places)
			}
			out = append(out, p)
		}
	}
	return out, left
}

// settlement returns the parts that settle the loan on d: everything due
// with its penalties, and the principal not yet due; and the interest not
// yet due, which is waived.
func (s *State) settlement(d calendar.Date, places int32) ([]Part, money.Amount) {
	waived := money.Zero()
	var parts []Part
	for i, in := range s.Schedule {
		p := s.paid[i]
		part := Part{N: i + 1, Penalty: money.Zero(), Interest: money.Zero(), Principal: in.Principal.Sub(p.Principal)}
		if in.Due.After(d) {
			waived = waived.Add(in.Interest.Sub(p.Interest))
		} else {
			part.Interest = in.Interest.Sub(p.Interest)
			part.Penalty = s.penalty(i, d, places)
			part.Accrued = s.accruedPenalty(i, d, places)
		}
		if !part.Penalty.Add(part.Interest).Add(part.Principal).IsZero() {
			parts = append(parts, part)
		}
	}
	return parts, waived
}

// Settlement returns what settling the loan on d costs: the parts paid
// and the interest waived.
func (s *State) Settlement(d calendar.Date, places int32) (money.Amount, money.Amount) {
	parts, waived := s.settlement(d, places)
	pen, in, pr := Totals(parts)
	return pen.Add(in).Add(pr), waived
}

func decideSettle(s *State, c Settle) ([]Event, error) {
	if !input.Text(c.Ref, member.MaxRefLen) {
		return nil, &input.Error{Field: "ref", Value: c.Ref, Want: input.WantRef}
	}
	if _, ok := s.refs[c.Ref]; ok {
		if s.Status == StatusClosed {
			return nil, nil
		}
		return nil, &member.DuplicateRefError{Ref: c.Ref}
	}
	if err := s.active(c.Given, c.On); err != nil {
		return nil, err
	}
	parts, waived := s.settlement(c.On, c.places(c.On))
	pen, in, pr := Totals(parts)
	total := pen.Add(in).Add(pr)
	_, recorded, err := c.CashAccount(c.Cash, c.On)
	if err != nil {
		return nil, err
	}
	return []Event{Repaid{Ref: c.Ref, Amount: total, Cash: recorded, Parts: parts, Early: true, Waived: waived, On: c.On}}, nil
}

func decideRestructure(s *State, c Restructure) ([]Event, error) {
	if err := s.active(c.Given, c.On); err != nil {
		return nil, err
	}
	if !input.Text(c.Reason, 200) {
		return nil, &input.Error{Field: "reason", Value: c.Reason, Want: input.WantReason}
	}
	places := c.places(c.On)
	due := s.DueOn(c.On, places)
	rate := s.Terms.AnnualRate
	if !c.Rate.IsNegative() {
		rate = c.Rate
	}
	terms := s.Terms
	terms.AnnualRate = rate
	schedule, err := Schedule(Terms{Principal: due.Outstanding, AnnualRate: rate, Months: c.Months, Method: s.Terms.Method, First: addMonth(c.On)}, places)
	if err != nil {
		return nil, err
	}
	effective, err := EffectiveAnnualRate(due.Outstanding, money.Zero(), schedule)
	if err != nil {
		return nil, err
	}
	if terms.CappedRate(effective).Cmp(terms.RateCap) > 0 {
		return nil, &RateCapError{Effective: effective, AllIn: effective, Cap: terms.RateCap}
	}
	// Interest overdue is carried into the first new instalment, less
	// interest already paid ahead on instalments not yet due; the
	// penalties are forgiven.
	prepaid := money.Zero()
	for i, in := range s.Schedule {
		if in.Due.After(c.On) {
			prepaid = prepaid.Add(s.paid[i].Interest)
		}
	}
	// Interest carried by an earlier restructuring into an instalment not
	// yet due is carried again.
	if len(s.Schedule) > 0 && s.Schedule[0].Due.After(c.On) {
		prepaid = prepaid.Sub(s.Carried)
	}
	carried := due.Interest.Sub(prepaid)
	first := schedule[0].Interest.Add(carried)
	if first.IsNegative() {
		first = money.Zero()
	}
	carried = first.Sub(schedule[0].Interest)
	schedule[0].Interest = first
	return []Event{Restructured{Schedule: schedule, Carried: carried, Waived: due.Penalty, Reason: c.Reason, On: c.On}}, nil
}

// AllowanceShortError refuses a write-off the allowance cannot absorb.
type AllowanceShortError struct {
	Principal, Allowance money.Amount
}

func (e *AllowanceShortError) Error() string {
	return fmt.Sprintf("loan: writing off %s needs an allowance of at least that; it holds %s", e.Principal, e.Allowance)
}

func decideWriteOff(s *State, c WriteOff) ([]Event, error) {
	if s.Status == StatusWrittenOff {
		return nil, nil
	}
	if err := s.active(c.Given, c.On); err != nil {
		return nil, err
	}
	principal := s.Outstanding()
	if c.Allowance.Cmp(principal) < 0 {
		return nil, &AllowanceShortError{Principal: principal, Allowance: c.Allowance}
	}
	return []Event{WrittenOff{Principal: principal, Allowance: c.Allowance, On: c.On}}, nil
}

func decideRecover(s *State, c Recover) ([]Event, error) {
	if !input.Text(c.Ref, member.MaxRefLen) {
		return nil, &input.Error{Field: "ref", Value: c.Ref, Want: input.WantRef}
	}
	if a, ok := s.refs[c.Ref]; ok {
		if a.Equal(c.Amount) {
			return nil, nil
		}
		return nil, &member.DuplicateRefError{Ref: c.Ref}
	}
	if s.Status != StatusWrittenOff {
		return nil, fmt.Errorf("%w: %s is %s", ErrNotWrittenOff, s.ID, s.Status)
	}
	if err := checkOn(c.Given, "date", c.On, s.Closed); err != nil {
		return nil, err
	}
	version, _ := c.Policies.At(c.On)
	if err := version.Policy.Limits().Check("amount", c.Amount); err != nil {
		return nil, err
	}
	if left := s.WrittenOff.Sub(s.Recovered); c.Amount.Cmp(left) > 0 {
		return nil, &OverpaymentError{Amount: c.Amount, Owed: left}
	}
	_, recorded, err := c.CashAccount(c.Cash, c.On)
	if err != nil {
		return nil, err
	}
	return []Event{Recovered{Ref: c.Ref, Amount: c.Amount, Cash: recorded, On: c.On}}, nil
}

func decideReview(s *State, c Review) ([]Event, error) {
	if err := checkOn(c.Given, "as-of", c.On, calendar.Date{}); err != nil {
		return nil, err
	}
	if s.Status != StatusActive || c.On.Before(s.Disbursed) {
		return nil, nil
	}
	seen := s
	if c.Seen != nil {
		seen = c.Seen
	}
	dpd := seen.DPD(c.On)
	to := s.Terms.Quality.ClassOf(dpd, s.Collateral, seen.Outstanding())
	if to == s.Class {
		return nil, nil
	}
	return []Event{Classified{From: s.Class, To: to, DPD: dpd, On: c.On}}, nil
}

func decideSettleByExit(s *State, c SettleByExit) ([]Event, error) {
	if slices.Contains(s.exits, c.ExitRef) {
		return nil, nil
	}
	if s.Status == StatusWrittenOff {
		// The claim survives the write-off: the exit recovers it.
		left := money.Min(s.WrittenOff.Sub(s.Recovered), c.Left)
		if _, done := s.refs["exit:"+c.ExitRef]; done || !left.IsPositive() {
			return nil, nil
		}
		return []Event{Recovered{Ref: "exit:" + c.ExitRef, Amount: left, ExitRef: c.ExitRef, On: c.On}}, nil
	}
	if s.Status != StatusActive {
		return nil, fmt.Errorf("%w: %s is %s", ErrNotActive, s.ID, s.Status)
	}
	parts, waived := s.settlement(c.On, c.places(c.On))
	return []Event{SettledByExit{ExitRef: c.ExitRef, Parts: parts, Waived: waived, On: c.On}}, nil
}

func decideMigrate(s *State, c Migrate) ([]Event, error) {
	if s.Exists() {
		if s.Migrated && s.Member == c.Member && s.Amount.Equal(c.Amount) && s.AppliedOn == c.On {
			return nil, nil
		}
		return nil, &input.Error{Field: "loan", Value: string(c.Loan), Want: input.WantNewLoan}
	}
	if v, ok := c.Products.At(c.Product, c.On); ok {
		// The loan's own terms, where the records give them.
		p := v.Product
		if c.Rate != nil {
			p.AnnualRate = *c.Rate
		}
		if c.Method != "" {
			p.Method = c.Method
		}
		if c.Months > p.MaxMonths {
			p.MaxMonths = c.Months
		}
		c.Products = c.Products.Replace(v, p)
	}
	events, err := decideApply(s, c.Apply)
	if err != nil {
		return nil, err
	}
	applied := events[0].(Applied)
	applied.Migrated = true
	next := Evolve(s.Clone(), applied)
	disbursed, err := decideDisburse(next, Disburse{Given: c.Given, Cash: c.Cash, MemberActive: c.MemberActive, Limit: LimitCheck{Limit: c.Amount, Exposure: c.Amount}, On: c.On})
	if err != nil {
		return nil, err
	}
	return []Event{applied, disbursed[0]}, nil
}

func decideRepayParts(s *State, c RepayParts) ([]Event, error) {
	amount := c.Principal.Add(c.Interest)
	if !input.Text(c.Ref, member.MaxRefLen) {
		return nil, &input.Error{Field: "ref", Value: c.Ref, Want: input.WantRef}
	}
	if a, ok := s.refs[c.Ref]; ok {
		if a.Equal(amount) {
			return nil, nil
		}
		return nil, &member.DuplicateRefError{Ref: c.Ref}
	}
	if err := s.active(c.Given, c.On); err != nil {
		return nil, err
	}
	if c.Principal.IsNegative() || c.Interest.IsNegative() || !amount.IsPositive() {
		return nil, &input.Error{Field: "amount", Value: amount.String(), Want: input.WantPolicyAmount}
	}
	parts := zeroParts(len(s.Schedule))
	principal, interest := c.Principal, c.Interest
	places := c.places(c.On)
	for i, in := range s.Schedule {
		if !in.Due.After(c.On) {
			parts[i].Accrued = s.accruedPenalty(i, c.On, places)
		}
		p := s.paid[i]
		take := money.Min(principal, in.Principal.Sub(p.Principal))
		parts[i].Principal, principal = take, principal.Sub(take)
		take = money.Min(interest, in.Interest.Sub(p.Interest))
		parts[i].Interest, interest = take, interest.Sub(take)
	}
	if principal.IsPositive() || interest.IsPositive() {
		return nil, &OverpaymentError{Amount: amount, Owed: amount.Sub(principal).Sub(interest)}
	}
	var out []Part
	for _, p := range parts {
		if !p.Interest.Add(p.Principal).IsZero() {
			out = append(out, p)
		}
	}
	_, recorded, err := c.CashAccount(c.Cash, c.On)
	if err != nil {
		return nil, err
	}
	return []Event{Repaid{Ref: c.Ref, Amount: amount, Cash: recorded, Parts: out, On: c.On}}, nil
}
