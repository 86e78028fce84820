package cooperative

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
)

// The year end: the SHU policy of the bylaws, the computation of a
// closed year's SHU, the members' meeting (RAT) that approves it, and the
// distribution. All of it lives in the cooperative's stream, so a
// computation, the resolution that approves it and the distribution are
// decided against one state and never race.

// SHUPolicyAdopted records a version of the SHU terms of the bylaws, in
// force from From.
type SHUPolicyAdopted struct {
	Policy shu.Policy
	From   calendar.Date
}

// SaleRecorded records a sale of a shop unit: revenue of the unit, from
// a member (for jasa usaha on purchases) or from a non-member, and the
// cost of the goods when known.
type SaleRecorded struct {
	Ref string
	// Member is the buyer's member id, empty for a non-member.
	Member string
	Amount money.Amount
	Cost   money.Amount
	Unit   string
	// Cash is the account paid into.
	Cash string
	On   calendar.Date
}

// SHUComputed records the computation of a closed year's SHU: the
// figures it started from, the policy version it applied, the digest of
// the books the figures were read from, the pools, and the digest of the
// members' rows. The rows themselves (every member's bases and shares)
// are recorded before it as SHUShares events in the computation's own
// stream, since a cooperative of 100,000 members cannot put them in one
// event. Figures.Members and Result.Payouts are therefore empty here; a
// reader that needs them joins the rows (JoinShares). A later
// computation of the same year supersedes this one until the RAT
// approves one.
type SHUComputed struct {
	Year          int
	PolicyVersion int
	Policy        shu.Policy
	Figures       shu.Figures
	Result        shu.Result
	// Members is the number of members' rows and Shares their digest
	// (SharesDigest).
	Members int
	Shares  string
	// Statements is the SHA-256 of the books the figures were read from,
	// as the caller computed it.
	Statements string
	// Supersedes is the fingerprint of the computation this one replaces.
	Supersedes string
	// Digest is the computation's fingerprint as decided (Fingerprint),
	// recorded so that a replay never recomputes what the RAT quoted.
	Digest string
	On     calendar.Date
}

// SHUShares is a run of a computation's members' rows, from row First
// (from 0): their figures and their shares. Computation is the digest of
// all the rows (SHUComputed.Shares).
type SHUShares struct {
	Year        int
	Computation string
	First       int
	Members     []shu.Member
	Payouts     []shu.Payout
}

// Attendance modes.
const (
	Present = "present"
	Proxy   = "proxy"
	Online  = "online"
)

// Attendance is one member's attendance at the RAT.
type Attendance struct {
	Member string
	Mode   string
	// By is the member holding the proxy, for Mode Proxy.
	By string
}

// RATConvened records the annual members' meeting for a financial year:
// the members entitled to attend on its date and the attendance the
// bylaws' quorum requires.
type RATConvened struct {
	Year     int
	Members  int
	Quorum   decimal.Decimal
	Required int
	On       calendar.Date
}

// RATAttendanceRecorded records the attendance of members at the RAT.
type RATAttendanceRecorded struct {
	Year    int
	Members []Attendance
	On      calendar.Date
}

// Resolutions of the RAT.
const (
	ApproveStatements    = "approve-statements"
	ApproveSHU           = "approve-shu"
	AcceptAccountability = "accept-accountability"
)

// Payouts of the SHU to members, as the RAT resolves.
const (
	PayoutSukarela = "sukarela"
	PayoutCash     = "cash"
)

// RATResolution records a resolution put to the RAT and its votes, one
// member one vote. Carried is whether more voted for than against.
type RATResolution struct {
	Year                  int
	Kind                  string
	For, Against, Abstain int
	Attending             int
	Carried               bool
	// SHU is the fingerprint of the computation an approve-shu resolution
	// approves, and Payout how members receive their share.
	SHU    string
	Payout string
	Text   string
	On     calendar.Date
}

// SHUDistributed records the distribution of a year's SHU as the RAT
// approved it: the year's SHU out of SHU tahun berjalan into reserves,
// the funds, the members' payable and the residue. Each member's share
// then reaches them in their own stream (member.SHUReceived).
type SHUDistributed struct {
	Year   int
	SHU    string // the fingerprint of the computation distributed
	Payout string
	// Cash is the account a cash payout is paid from (empty for kas):
	// the members' shares, and a distribution resumed, pay from it.
	Cash  string
	Lines []ledger.Line
	On    calendar.Date
}

func (SHUPolicyAdopted) cooperativeEvent()      {}
func (SaleRecorded) cooperativeEvent()          {}
func (SHUComputed) cooperativeEvent()           {}
func (RATConvened) cooperativeEvent()           {}
func (RATAttendanceRecorded) cooperativeEvent() {}
func (RATResolution) cooperativeEvent()         {}
func (SHUDistributed) cooperativeEvent()        {}

// Entry returns the sale's entry.
func (e SaleRecorded) Entry(chart ledger.Chart) ledger.Entry {
	party := ledger.NonMember
	if e.Member != "" {
		party = ledger.Member
	}
	sales, _ := chart.ByRole(ledger.RoleSales)
	lines := []ledger.Line{
		{Account: e.Cash, Side: ledger.Debit, Amount: e.Amount, Unit: e.Unit},
		{Account: sales.Code, Side: ledger.Credit, Amount: e.Amount, Unit: e.Unit, Party: party},
	}
	if e.Cost.IsPositive() {
		cogs, _ := chart.ByRole(ledger.RoleCOGS)
		stock, _ := chart.ByRole(ledger.RoleInventory)
		lines = append(lines,
			ledger.Line{Account: cogs.Code, Side: ledger.Debit, Amount: e.Cost, Unit: e.Unit, Party: party},
			ledger.Line{Account: stock.Code, Side: ledger.Credit, Amount: e.Cost, Unit: e.Unit})
	}
	return ledger.Entry{On: e.On, Lines: lines}
}

// Entry returns the distribution's entry.
func (e SHUDistributed) Entry() ledger.Entry { return ledger.Entry{On: e.On, Lines: e.Lines} }

// SharesDigest returns the SHA-256 of members' rows in a canonical text:
// each member's figures and shares, in order.
func SharesDigest(members []shu.Member, payouts []shu.Payout) string {
	h := sha256.New()
	for i, m := range members {
		fmt.Fprintf(h, "member %q %q %s %s %v\n", m.ID, m.Name, m.Exited, m.Capital, m.Patronage)
		p := payouts[i]
		fmt.Fprintf(h, "payout %s %v %s %v %v %s\n", p.Capital, p.Patronage, p.JasaModal, p.JasaUsaha, p.Exited, p.Total)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fingerprint returns the SHA-256 of the computation in a canonical text:
// what a resolution of the RAT quotes to approve exactly this
// computation. It covers the year, the policy version and terms, the
// books' digest, every figure, every pool and, through their digest,
// every member's bases and shares.
func (e SHUComputed) Fingerprint() string {
	h := sha256.New()
	f, r := e.Figures, e.Result
	fmt.Fprintf(h, "shu %d policy %d statements %s\n", e.Year, e.PolicyVersion, e.Statements)
	pol := e.Policy
	fmt.Fprintf(h, "terms capital %q measure %s non-member %s rounding %s residue %s exited %s quorum %s\n",
		pol.Capital, pol.Measure, pol.NonMemberToReserve, pol.Rounding, pol.ResidueAccount, pol.Exited, pol.Quorum)
	fmt.Fprintf(h, "figures %s %s %s %d %d\n", f.BeforeTax, f.Tax, f.NonMember, f.CapitalDivisor, f.Places)
	fmt.Fprintf(h, "result %s %s %s %s\n", r.AfterTax, r.MemberPart, r.NonMemberReserve, r.Retained)
	for _, p := range r.Pools {
		fmt.Fprintf(h, "pool %q %q %s %s %q %q %q %s %s %s %s\n", p.Key, p.Name, p.Kind, p.Percent, p.Unit, p.Pool.Basis, p.Account, p.Amount, p.Basis, p.Paid, p.Residue)
	}
	fmt.Fprintf(h, "shares %d %s\n", e.Members, e.Shares)
	return hex.EncodeToString(h.Sum(nil))
}

// Split returns the computation as recorded: the header without rows,
// and the rows in runs that each fit an event. size gives a row's size as
// stored and limit the most one run may hold; a row larger than limit is
// a run of its own.
func (e SHUComputed) Split(limit int, size func(shu.Member, shu.Payout) int) (SHUComputed, []SHUShares) {
	members, payouts := e.Figures.Members, e.Result.Payouts
	e.Figures.Members, e.Result.Payouts = nil, nil
	var runs []SHUShares
	first, used := 0, 0
	for i := range members {
		n := size(members[i], payouts[i])
		if i > first && used+n > limit {
			runs = append(runs, SHUShares{Year: e.Year, Computation: e.Shares, First: first, Members: members[first:i], Payouts: payouts[first:i]})
			first, used = i, 0
		}
		used += n
	}
	if first < len(members) {
		runs = append(runs, SHUShares{Year: e.Year, Computation: e.Shares, First: first, Members: members[first:], Payouts: payouts[first:]})
	}
	return e, runs
}

// Header returns the computation without its members' rows: what the
// cooperative's stream records.
func (e SHUComputed) Header() SHUComputed {
	e.Figures.Members, e.Result.Payouts = nil, nil
	return e
}

// ErrSharesMismatch reports rows that are not the computation's.
var ErrSharesMismatch = errors.New("cooperative: the SHU rows do not match their computation")

// JoinShares returns the computation with its members' rows, checking
// that they are the rows its digest names, complete and in order.
func (e SHUComputed) JoinShares(runs []SHUShares) (SHUComputed, error) {
	var members []shu.Member
	var payouts []shu.Payout
	for _, r := range runs {
		if r.Computation != e.Shares || r.First != len(members) || len(r.Members) != len(r.Payouts) {
			return e, fmt.Errorf("%w: run from row %d of %s", ErrSharesMismatch, r.First, r.Computation)
		}
		members = append(members, r.Members...)
		payouts = append(payouts, r.Payouts...)
	}
	if len(members) != e.Members || SharesDigest(members, payouts) != e.Shares {
		return e, fmt.Errorf("%w: %d rows for %d, digest %s", ErrSharesMismatch, len(members), e.Members, e.Shares)
	}
	e.Figures.Members, e.Result.Payouts = members, payouts
	return e, nil
}

// YearEnd is what the stream says of one financial year's SHU and RAT.
type YearEnd struct {
	// Computed is the current computation and Fingerprint its
	// fingerprint; Computations counts them, superseded ones included.
	Computed     *SHUComputed
	Fingerprint  string
	Computations int
	Meeting      *RATConvened
	Attending    map[string]Attendance
	Resolutions  []RATResolution
	Distributed  *SHUDistributed
}

// Approved returns the carried approve-shu resolution for the current
// computation, if any.
func (y *YearEnd) Approved() (RATResolution, bool) {
	if y == nil || y.Computed == nil {
		return RATResolution{}, false
	}
	for _, r := range slices.Backward(y.Resolutions) {
		if r.Kind == ApproveSHU && r.Carried && r.SHU == y.Fingerprint {
			return r, true
		}
	}
	return RATResolution{}, false
}

// SHUPolicyVersion is an SHU policy in force from a date.
type SHUPolicyVersion struct {
	Number int
	From   calendar.Date
	Policy shu.Policy
}

// SHUPolicyAt returns the SHU policy in force on d: of the versions from
// d or before, the one from the latest date, the last adopted of that
// date.
func (s State) SHUPolicyAt(d calendar.Date) (SHUPolicyVersion, bool) {
	var best SHUPolicyVersion
	found := false
	for _, v := range s.SHUPolicies {
		if v.From.After(d) {
			continue
		}
		if !found || !v.From.Before(best.From) {
			best, found = v, true
		}
	}
	return best, found
}

// Year returns what the stream says of year y; nil when nothing.
func (s State) Year(y int) *YearEnd { return s.Years[y] }

// withYear returns s with year y replaced by a copy edited by edit: the
// state shares nothing with the state it came from.
func (s State) withYear(y int, edit func(*YearEnd)) State {
	years := maps.Clone(s.Years)
	if years == nil {
		years = map[int]*YearEnd{}
	}
	var ye YearEnd
	if old := years[y]; old != nil {
		ye = *old
	}
	edit(&ye)
	years[y] = &ye
	s.Years = years
	return s
}

func evolveYearEnd(s State, e Event) State {
	switch e := e.(type) {
	case SHUPolicyAdopted:
		s.SHUPolicies = append(slices.Clip(s.SHUPolicies), SHUPolicyVersion{Number: len(s.SHUPolicies) + 1, From: e.From, Policy: e.Policy})
	case SaleRecorded:
	case SHUComputed:
		s = s.withYear(e.Year, func(y *YearEnd) {
			y.Computed, y.Fingerprint = &e, e.Digest
			y.Computations++
		})
	case RATConvened:
		s = s.withYear(e.Year, func(y *YearEnd) { y.Meeting = &e })
	case RATAttendanceRecorded:
		s = s.withYear(e.Year, func(y *YearEnd) {
			y.Attending = maps.Clone(y.Attending)
			if y.Attending == nil {
				y.Attending = map[string]Attendance{}
			}
			for _, a := range e.Members {
				y.Attending[a.Member] = a
			}
		})
	case RATResolution:
		s = s.withYear(e.Year, func(y *YearEnd) { y.Resolutions = append(slices.Clip(y.Resolutions), e) })
	case SHUDistributed:
		s = s.withYear(e.Year, func(y *YearEnd) { y.Distributed = &e })
	default:
		panic(fmt.Sprintf("cooperative: unknown event %T", e))
	}
	return s
}

// Errors of the year end.
var (
	ErrYearOpen          = errors.New("cooperative: the financial year is not closed")
	ErrNoSHUPolicy       = errors.New("cooperative: no SHU policy is in force at the year's end")
	ErrSHUApproved       = errors.New("cooperative: the RAT has approved the year's SHU; it can no longer be recomputed")
	ErrSHUDistributed    = errors.New("cooperative: the year's SHU is distributed and frozen")
	ErrSHUNotComputed    = errors.New("cooperative: the year's SHU has not been computed")
	ErrSHUNotApproved    = errors.New("cooperative: no resolution of the RAT approves the year's current SHU computation")
	ErrSHUNotDistributed = errors.New("cooperative: the year's SHU has not been distributed")
	ErrSHUPlanStale      = errors.New("cooperative: the SHU policy changed while the SHU was computed")
	ErrRATNotConvened    = errors.New("cooperative: the RAT of the year has not been convened")
	ErrRATConvened       = errors.New("cooperative: the RAT of the year is convened already")
	ErrAttendanceTwice   = errors.New("cooperative: the member's attendance is recorded already")
	ErrBeforeMeeting     = errors.New("cooperative: the date is before the RAT")
	ErrNotAMemberOnDate  = errors.New("cooperative: not a member on the date")
	ErrSaleMemberUnknown = errors.New("cooperative: the buyer is not a member on the sale's date")
)

// QuorumError refuses a resolution of a RAT without its quorum.
type QuorumError struct {
	Year                         int
	Attending, Required, Members int
	Quorum                       decimal.Decimal
}

func (e *QuorumError) Error() string {
	return fmt.Sprintf("cooperative: RAT %d: %d of %d members attend, the quorum (%s) needs %d", e.Year, e.Attending, e.Members, e.Quorum, e.Required)
}

// AdoptSHUPolicy adopts a version of the SHU terms from a date.
type AdoptSHUPolicy struct {
	Policy shu.Policy
	From   calendar.Date
}

// RecordSale records a sale. MemberActive is whether Member is a member
// on On, read by the caller.
type RecordSale struct {
	Ref          string
	Member       string
	MemberActive bool
	Amount, Cost money.Amount
	Unit         string
	Cash         string
	On, Today    calendar.Date
}

// ComputeSHU computes a closed year's SHU from figures the caller read
// from the books; Statements is the digest of the statements read.
// Planned, when set, is what PlanSHU decided for this command a moment
// before (the caller recorded its rows meanwhile): it is recorded as it
// is if the state still computes under the same policy version, rather
// than computed a second time.
type ComputeSHU struct {
	Year       int
	Figures    shu.Figures
	Statements string
	Planned    *SHUComputed
	Today      calendar.Date
}

// ConveneRAT records the RAT of a year on a date. Members is the number
// of members entitled to attend on it, read by the caller.
type ConveneRAT struct {
	Year    int
	Members int
	On      calendar.Date
	Today   calendar.Date
}

// RecordAttendance records members attending. Active says, for each
// member named, whether they are a member on the meeting's date; the
// caller reads it from the members' streams.
type RecordAttendance struct {
	Year    int
	Members []Attendance
	Active  func(member string) bool
}

// PassResolution records a resolution and its votes.
type PassResolution struct {
	Year                  int
	Kind                  string
	For, Against, Abstain int
	SHU, Payout, Text     string
	On, Today             calendar.Date
}

// DistributeSHU distributes a year's SHU as approved, on On. Units is
// the year's result of each business unit, what the closing entries
// brought to SHU tahun berjalan in it, read by the caller from the
// ledger: the distribution takes each unit's out again.
type DistributeSHU struct {
	Year      int
	Units     map[string]money.Amount
	Cash      string
	On, Today calendar.Date
}

func (AdoptSHUPolicy) cooperativeCommand()   {}
func (RecordSale) cooperativeCommand()       {}
func (ComputeSHU) cooperativeCommand()       {}
func (ConveneRAT) cooperativeCommand()       {}
func (RecordAttendance) cooperativeCommand() {}
func (PassResolution) cooperativeCommand()   {}
func (DistributeSHU) cooperativeCommand()    {}

func decideAdoptSHUPolicy(s State, c AdoptSHUPolicy) ([]Event, error) {
	if c.From.IsZero() {
		return nil, &input.Error{Field: "from", Value: "", Want: input.WantDate}
	}
	latest, _ := s.Policies.Latest()
	if err := c.Policy.Validate(s.Chart, latest.Policy.Places); err != nil {
		return nil, err
	}
	if n := len(s.SHUPolicies); n > 0 {
		last := s.SHUPolicies[n-1]
		if last.From == c.From && last.Policy.Equal(c.Policy) {
			return nil, nil
		}
	}
	// A year distributed keeps the terms it was distributed under: a new
	// version may not reach back into it.
	for year, y := range s.Years {
		if y.Distributed != nil && !c.From.After(calendar.MustNew(year, 12, 31)) {
			return nil, fmt.Errorf("%w: %d", ErrSHUDistributed, year)
		}
	}
	return []Event{SHUPolicyAdopted{Policy: c.Policy, From: c.From}}, nil
}

func decideRecordSale(s State, c RecordSale) ([]Event, error) {
	if !input.Text(c.Ref, 64) {
		return nil, &input.Error{Field: "ref", Value: c.Ref, Want: input.WantRef}
	}
	if err := notFuture("date", c.On, c.Today); err != nil {
		return nil, err
	}
	if err := s.Periods.Check(c.On); err != nil {
		return nil, err
	}
	if c.Member != "" && !c.MemberActive {
		return nil, fmt.Errorf("%w: %s (%s)", ErrSaleMemberUnknown, c.Member, c.On)
	}
	version, _ := s.Policies.At(c.On)
	limits := version.Policy.Limits()
	if err := limits.Check("amount", c.Amount); err != nil {
		return nil, err
	}
	if !c.Cost.IsZero() {
		if err := limits.Check("cost", c.Cost); err != nil {
			return nil, err
		}
	}
	if _, ok := s.Chart.Unit(c.Unit); !ok {
		return nil, &input.Error{Field: "unit", Value: c.Unit, Want: input.WantKnownUnit}
	}
	cash := c.Cash
	if cash == "" {
		kas, _ := s.Chart.ByRole(ledger.RoleCash)
		cash = kas.Code
	}
	if a, err := s.Chart.Postable(cash, c.On); err != nil || !a.Cash {
		return nil, &input.Error{Field: "cash", Value: cash, Want: input.WantCashAccount}
	}
	for _, r := range []ledger.Role{ledger.RoleSales, ledger.RoleCOGS, ledger.RoleInventory} {
		if _, ok := s.Chart.ByRole(r); !ok {
			return nil, &input.Error{Field: "account", Value: string(r), Want: input.WantKnownAccount}
		}
	}
	return []Event{SaleRecorded{Ref: c.Ref, Member: c.Member, Amount: c.Amount, Cost: c.Cost, Unit: c.Unit, Cash: cash, On: c.On}}, nil
}

func decideComputeSHU(s State, c ComputeSHU) ([]Event, error) {
	e, err := PlanSHU(s, c)
	if err != nil || e == nil {
		return nil, err
	}
	return []Event{e.Header()}, nil
}

// PlanSHU decides a computation of a year's SHU and returns it whole,
// with the members' rows (see Split for how it is recorded), or nil when
// the same figures under the same terms are recorded already.
func PlanSHU(s State, c ComputeSHU) (*SHUComputed, error) {
	if !slices.Contains(s.ClosedYears, c.Year) {
		return nil, fmt.Errorf("%w: %d", ErrYearOpen, c.Year)
	}
	y := s.Year(c.Year)
	if y != nil && y.Distributed != nil {
		return nil, fmt.Errorf("%w: %d", ErrSHUDistributed, c.Year)
	}
	if _, ok := y.Approved(); ok {
		return nil, fmt.Errorf("%w: %d", ErrSHUApproved, c.Year)
	}
	end := calendar.MustNew(c.Year, 12, 31)
	version, ok := s.SHUPolicyAt(end)
	if !ok {
		return nil, fmt.Errorf("%w: %d", ErrNoSHUPolicy, c.Year)
	}
	if p := c.Planned; p != nil {
		// The rows of the plan are written already: it is recorded as it
		// is, or not at all when the policy changed meanwhile.
		if p.Year != c.Year || p.PolicyVersion != version.Number || p.Statements != c.Statements {
			return nil, fmt.Errorf("%w: %d", ErrSHUPlanStale, c.Year)
		}
		e := *p
		e.Supersedes = ""
		if y != nil && y.Computed != nil {
			if y.Fingerprint == e.Digest {
				return nil, nil
			}
			e.Supersedes = y.Fingerprint
		}
		return &e, nil
	}
	result, err := shu.Compute(version.Policy, c.Figures)
	if err != nil {
		return nil, err
	}
	e := SHUComputed{
		Year: c.Year, PolicyVersion: version.Number, Policy: version.Policy,
		Figures: c.Figures, Result: result, Statements: c.Statements, On: c.Today,
		Members: len(c.Figures.Members), Shares: SharesDigest(c.Figures.Members, result.Payouts),
	}
	e.Digest = e.Fingerprint()
	if y != nil && y.Computed != nil {
		// The same figures under the same terms: nothing new to record.
		if y.Fingerprint == e.Digest {
			return nil, nil
		}
		e.Supersedes = y.Fingerprint
	}
	return &e, nil
}

func decideConveneRAT(s State, c ConveneRAT) ([]Event, error) {
	if !slices.Contains(s.ClosedYears, c.Year) {
		return nil, fmt.Errorf("%w: %d", ErrYearOpen, c.Year)
	}
	if err := notFuture("date", c.On, c.Today); err != nil {
		return nil, err
	}
	if !c.On.After(calendar.MustNew(c.Year, 12, 31)) {
		return nil, &input.Error{Field: "date", Value: c.On.String(), Want: input.WantNotBefore, Bound: calendar.MustNew(c.Year+1, 1, 1).String()}
	}
	if y := s.Year(c.Year); y != nil && y.Meeting != nil {
		return nil, fmt.Errorf("%w: %d", ErrRATConvened, c.Year)
	}
	version, ok := s.SHUPolicyAt(c.On)
	if !ok {
		return nil, fmt.Errorf("%w: %d", ErrNoSHUPolicy, c.Year)
	}
	q := version.Policy.Quorum
	// The least whole number of members at or above the share.
	required := decimal.NewFromInt(int64(c.Members)).Mul(q).Ceil().IntPart()
	return []Event{RATConvened{Year: c.Year, Members: c.Members, Quorum: q, Required: int(required), On: c.On}}, nil
}

func meeting(s State, year int) (*YearEnd, error) {
	y := s.Year(year)
	if y == nil || y.Meeting == nil {
		return nil, fmt.Errorf("%w: %d", ErrRATNotConvened, year)
	}
	return y, nil
}

func decideRecordAttendance(s State, c RecordAttendance) ([]Event, error) {
	y, err := meeting(s, c.Year)
	if err != nil {
		return nil, err
	}
	if len(c.Members) == 0 {
		return nil, &input.Error{Field: "member", Value: "", Want: input.WantMemberID}
	}
	seen := map[string]bool{}
	var out []Attendance
	for _, a := range c.Members {
		switch a.Mode {
		case Present, Online:
			a.By = ""
		case Proxy:
			// The proxy is held by a member attending in person or online.
			holder, attends := y.Attending[a.By]
			if !attends {
				for _, b := range c.Members {
					if b.Member == a.By {
						holder, attends = b, true
					}
				}
			}
			if a.By == "" || a.By == a.Member || !c.Active(a.By) || !attends || holder.Mode == Proxy {
				return nil, &input.Error{Field: "proxy", Value: a.By, Want: input.WantProxyHolder}
			}
		default:
			return nil, &input.Error{Field: "mode", Value: a.Mode, Want: input.WantAttendance}
		}
		if !c.Active(a.Member) {
			return nil, fmt.Errorf("%w: %s (%s)", ErrNotAMemberOnDate, a.Member, y.Meeting.On)
		}
		if was, ok := y.Attending[a.Member]; ok {
			if was == a {
				continue // recorded already: a repeated command
			}
			return nil, fmt.Errorf("%w: %s (%s)", ErrAttendanceTwice, a.Member, was.Mode)
		}
		if seen[a.Member] {
			return nil, fmt.Errorf("%w: %s", ErrAttendanceTwice, a.Member)
		}
		seen[a.Member] = true
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return []Event{RATAttendanceRecorded{Year: c.Year, Members: out, On: y.Meeting.On}}, nil
}

func decidePassResolution(s State, c PassResolution) ([]Event, error) {
	y, err := meeting(s, c.Year)
	if err != nil {
		return nil, err
	}
	switch c.Kind {
	case ApproveStatements, ApproveSHU, AcceptAccountability:
	default:
		return nil, &input.Error{Field: "resolution", Value: c.Kind, Want: input.WantResolution}
	}
	if err := notFuture("date", c.On, c.Today); err != nil {
		return nil, err
	}
	if c.On.Before(y.Meeting.On) {
		return nil, fmt.Errorf("%w: %s is before %s", ErrBeforeMeeting, c.On, y.Meeting.On)
	}
	if len(c.Text) > MaxMemoLen || (c.Text != "" && !input.Text(c.Text, MaxMemoLen)) {
		return nil, &input.Error{Field: "text", Value: c.Text, Want: input.WantMemo, Bound: fmt.Sprint(MaxMemoLen)}
	}
	attending := len(y.Attending)
	if attending < y.Meeting.Required {
		return nil, &QuorumError{Year: c.Year, Attending: attending, Required: y.Meeting.Required, Members: y.Meeting.Members, Quorum: y.Meeting.Quorum}
	}
	for _, v := range []struct {
		field string
		n     int
	}{{"for", c.For}, {"against", c.Against}, {"abstain", c.Abstain}} {
		if v.n < 0 {
			return nil, &input.Error{Field: v.field, Value: fmt.Sprint(v.n), Want: input.WantAtLeast, Bound: "0"}
		}
	}
	if total := c.For + c.Against + c.Abstain; total > attending {
		return nil, &input.Error{Field: "votes", Value: fmt.Sprint(total), Want: input.WantVotes, Bound: fmt.Sprint(attending)}
	}
	e := RATResolution{Year: c.Year, Kind: c.Kind, For: c.For, Against: c.Against, Abstain: c.Abstain,
		Attending: attending, Carried: c.For > c.Against, Text: c.Text, On: c.On}
	if c.Kind == ApproveSHU {
		if y.Distributed != nil {
			return nil, fmt.Errorf("%w: %d", ErrSHUDistributed, c.Year)
		}
		if y.Computed == nil {
			return nil, &input.Error{Field: "shu", Value: c.SHU, Want: input.WantSHUDigest}
		}
		if !strings.EqualFold(c.SHU, y.Fingerprint) {
			return nil, &input.Error{Field: "shu", Value: c.SHU, Want: input.WantSHUDigest, Bound: y.Fingerprint}
		}
		if _, ok := y.Approved(); ok {
			return nil, fmt.Errorf("%w: %d", ErrSHUApproved, c.Year)
		}
		if c.On.Before(y.Computed.On) {
			return nil, &input.Error{Field: "date", Value: c.On.String(), Want: input.WantNotBefore, Bound: y.Computed.On.String()}
		}
		switch c.Payout {
		case PayoutSukarela, PayoutCash:
		default:
			return nil, &input.Error{Field: "payout", Value: c.Payout, Want: input.WantPayout}
		}
		e.SHU, e.Payout = y.Fingerprint, c.Payout
	}
	return []Event{e}, nil
}

func decideDistributeSHU(s State, c DistributeSHU) ([]Event, error) {
	y := s.Year(c.Year)
	if y == nil || y.Computed == nil {
		return nil, fmt.Errorf("%w: %d", ErrSHUNotComputed, c.Year)
	}
	if y.Distributed != nil {
		return nil, fmt.Errorf("%w: %d", ErrSHUDistributed, c.Year)
	}
	approval, ok := y.Approved()
	if !ok {
		return nil, fmt.Errorf("%w: %d", ErrSHUNotApproved, c.Year)
	}
	if err := notFuture("date", c.On, c.Today); err != nil {
		return nil, err
	}
	if c.On.Before(approval.On) {
		return nil, &input.Error{Field: "date", Value: c.On.String(), Want: input.WantNotBefore, Bound: approval.On.String()}
	}
	if err := s.Periods.Check(c.On); err != nil {
		return nil, err
	}
	lines, err := distributionLines(s.Chart, y.Computed, c.Units)
	if err != nil {
		return nil, err
	}
	e := SHUDistributed{Year: c.Year, SHU: y.Fingerprint, Payout: approval.Payout, Lines: lines, On: c.On}
	if e.Payout == PayoutCash {
		e.Cash = c.Cash
	}
	return []Event{e}, nil
}

// distributionLines returns the entry of a distribution (domain.md §3.6):
// debit SHU tahun berjalan with the SHU after tax, unit by unit as the
// year's close credited it (a unit that made a loss is credited back);
// credit the reserve,
// each fund, the members' payable with what they are paid, the residue
// account with every pool's residue, and SHU belum dibagi with the
// non-member SHU kept back. Lines to the same account are one line.
func distributionLines(chart ledger.Chart, c *SHUComputed, units map[string]money.Amount) ([]ledger.Line, error) {
	account := func(r ledger.Role) (string, error) {
		a, ok := chart.ByRole(r)
		if !ok {
			return "", &input.Error{Field: "account", Value: string(r), Want: input.WantKnownAccount}
		}
		return a.Code, nil
	}
	current, err := account(ledger.RoleSHUCurrent)
	if err != nil {
		return nil, err
	}
	retained, err := account(ledger.RoleRetainedSHU)
	if err != nil {
		return nil, err
	}
	credits := map[string]money.Amount{}
	var order []string
	credit := func(code string, a money.Amount) {
		if a.IsZero() {
			return
		}
		if _, ok := credits[code]; !ok {
			order = append(order, code)
			credits[code] = money.Zero()
		}
		credits[code] = credits[code].Add(a)
	}
	r := c.Result
	for _, p := range r.Pools {
		code := p.AccountIn(chart)
		if code == "" {
			return nil, &input.Error{Field: "account", Value: p.Key, Want: input.WantKnownAccount}
		}
		switch p.Kind {
		case shu.Capital, shu.Patronage:
			credit(code, p.Paid)
			credit(c.Policy.ResidueAccount, p.Residue)
		default:
			credit(code, p.Amount)
		}
	}
	credit(retained, r.Retained)
	unit := chart.DefaultUnit().Code
	var lines []ledger.Line
	total := money.Zero()
	for _, a := range units {
		total = total.Add(a)
	}
	if total.Equal(r.AfterTax) {
		for _, u := range slices.Sorted(maps.Keys(units)) {
			switch a := units[u]; {
			case a.IsPositive():
				lines = append(lines, ledger.Line{Account: current, Side: ledger.Debit, Amount: a, Unit: u})
			case a.IsNegative():
				lines = append(lines, ledger.Line{Account: current, Side: ledger.Credit, Amount: a.Neg(), Unit: u})
			}
		}
	} else {
		// Results by unit that do not make the year's SHU (none given):
		// the whole SHU out of the default unit.
		lines = []ledger.Line{{Account: current, Side: ledger.Debit, Amount: r.AfterTax, Unit: unit}}
	}
	for _, code := range order {
		lines = append(lines, ledger.Line{Account: code, Side: ledger.Credit, Amount: credits[code], Unit: unit})
	}
	if err := (ledger.Entry{Lines: lines}).Check(); err != nil {
		panic(fmt.Sprintf("cooperative: the distribution of %d does not balance: %v", c.Year, err))
	}
	return lines, nil
}
