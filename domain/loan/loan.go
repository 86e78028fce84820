package loan

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// ID identifies a loan within a cooperative (the number of its
// agreement): letters, digits, '-' and '_', at most 32.
type ID string

// ParseID checks s and returns it as an ID.
func ParseID(s string) (ID, error) {
	if !input.Identifier(s, 32, false) {
		return "", &input.Error{Field: "loan", Value: s, Want: input.WantLoanID}
	}
	return ID(s), nil
}

// The events of a loan's stream.

// Applied records a member's application under a product's terms.
type Applied struct {
	Loan           ID
	Member         string
	Product        string
	ProductVersion int
	// Terms is the product's version as applied under: the loan keeps it.
	Terms      Product
	Amount     money.Amount
	Months     int
	Related    bool         // a related party: pengurus, pengawas, their families
	Collateral money.Amount // the value of the collateral (agunan), zero if none
	Purpose    string
	By         string // who recorded the application
	On         calendar.Date
	// Migrated marks a loan granted before the books moved into the
	// ledger: approved outside it, imported with its disbursement.
	Migrated bool
}

// Approved records one approval and the lending-limit check it relied on.
type Approved struct {
	Role, By string
	Limit    LimitCheck
	On       calendar.Date
}

// LimitCheck is the lending-limit (BMPP) check of domain.md §2.1: the
// borrower's exposure with this loan against a share of modal sendiri.
type LimitCheck struct {
	ModalSendiri money.Amount
	// Exposure is the outstanding principal the limit applies to, with
	// this loan: the borrower's own, or every related party's together.
	Exposure money.Amount
	Share    decimal.Decimal // 0.15 for an unrelated borrower, 0.10 for related parties
	Limit    money.Amount
}

// Within reports whether the exposure is within the limit.
func (c LimitCheck) Within() bool { return c.Exposure.Cmp(c.Limit) <= 0 }

// Rejected records the refusal of an application.
type Rejected struct {
	Reason, By string
	On         calendar.Date
}

// Disbursed records the money lent and the schedule drawn for it.
type Disbursed struct {
	// Cash is the account paid from, empty for kas.
	Cash           string
	Provisi, Admin money.Amount
	Schedule       []Instalment
	// EffectiveRate is the schedule's annual rate of return without fees,
	// AllInRate with them.
	EffectiveRate, AllInRate decimal.Decimal
	// Override is the decision that allowed a rate above the cap.
	Override string
	On       calendar.Date
}

// Repaid records a repayment and how it was allocated.
type Repaid struct {
	Ref    string
	Amount money.Amount
	Cash   string
	Parts  []Part
	// Early marks the settlement of the whole loan before its term; Waived
	// is the interest of the instalments not yet due that it forgave.
	Early  bool
	Waived money.Amount
	On     calendar.Date
}

// Part is what a repayment paid of one instalment.
type Part struct {
	N                            int
	Penalty, Interest, Principal money.Amount
	// Accrued is the penalty accrued on the instalment up to the
	// payment's date, before it: what the payment's reduction of the
	// unpaid amount cannot take back.
	Accrued money.Amount
}

// Restructured records a new schedule for the outstanding principal.
type Restructured struct {
	Schedule []Instalment
	// Carried is the interest overdue at the restructuring, added to the
	// first new instalment; Waived the penalties forgiven.
	Carried, Waived money.Amount
	Reason          string
	On              calendar.Date
}

// WrittenOff records the write-off (hapus buku) of the outstanding
// principal against the allowance; the claim stays (hapus buku is not
// hapus tagih).
type WrittenOff struct {
	Principal money.Amount
	// Allowance is the allowance's balance the decision relied on.
	Allowance money.Amount
	On        calendar.Date
}

// Recovered records money received on a written-off loan: in cash, or
// from the borrower's savings at the exit settlement ExitRef.
type Recovered struct {
	Ref     string
	Amount  money.Amount
	Cash    string
	ExitRef string
	On      calendar.Date
}

// Classified records a change of collectibility found by a review.
type Classified struct {
	From, To Class
	DPD      int
	On       calendar.Date
}

// SettledByExit records the loan paid from its borrower's savings at the
// exit settlement ExitRef: the member's stream recorded the offset, this
// event takes it into the loan.
type SettledByExit struct {
	ExitRef string
	Parts   []Part
	Waived  money.Amount
	On      calendar.Date
}

// Event is a fact of a loan's stream.
type Event interface{ loanEvent() }

func (Applied) loanEvent()       {}
func (Approved) loanEvent()      {}
func (Rejected) loanEvent()      {}
func (Disbursed) loanEvent()     {}
func (Repaid) loanEvent()        {}
func (Restructured) loanEvent()  {}
func (WrittenOff) loanEvent()    {}
func (Recovered) loanEvent()     {}
func (Classified) loanEvent()    {}
func (SettledByExit) loanEvent() {}

// Totals returns the sums of parts.
func Totals(parts []Part) (penalty, interest, principal money.Amount) {
	penalty, interest, principal = money.Zero(), money.Zero(), money.Zero()
	for _, p := range parts {
		penalty, interest, principal = penalty.Add(p.Penalty), interest.Add(p.Interest), principal.Add(p.Principal)
	}
	return penalty, interest, principal
}

// Status is where a loan is in its life.
type Status string

// Loan statuses.
const (
	StatusNone       Status = ""
	StatusApplied    Status = "applied"
	StatusRejected   Status = "rejected"
	StatusActive     Status = "active"
	StatusClosed     Status = "closed"
	StatusWrittenOff Status = "written-off"
)

// Approval is one approval recorded.
type Approval struct {
	Role, By string
	On       calendar.Date
}

// State is what a loan's stream says so far. Build it with Evolve from
// the zero value.
type State struct {
	ID         ID
	Member     string
	Status     Status
	Product    string
	Version    int
	Terms      Product
	Amount     money.Amount
	Months     int
	Related    bool
	Collateral money.Amount
	AppliedBy  string
	AppliedOn  calendar.Date
	Migrated   bool
	Approvals  []Approval
	Disbursed  calendar.Date
	Cash       string
	Schedule   []Instalment
	// paid holds what was paid of each instalment of Schedule.
	paid []Part
	// accrued holds each instalment's penalty accrued up to accruedOn,
	// assessed at its last payment.
	accrued   []money.Amount
	accruedOn []calendar.Date
	// carried is overdue interest added to the first instalment of a
	// restructured schedule.
	// Carried is the interest the last restructuring carried into its
	// first instalment.
	Carried    money.Amount
	Class      Class
	WrittenOff money.Amount
	Recovered  money.Amount
	Closed     calendar.Date
	// refs maps repayment and recovery references to their amounts.
	refs map[string]money.Amount
	// exits are the exit settlements taken in.
	exits []string
}

// Exists reports whether the loan was applied for.
func (s *State) Exists() bool { return s.Status != StatusNone }

// Clone returns a deep copy of s.
func (s *State) Clone() *State {
	c := *s
	c.Approvals = slices.Clone(s.Approvals)
	c.Schedule = slices.Clone(s.Schedule)
	c.paid = slices.Clone(s.paid)
	c.accrued = slices.Clone(s.accrued)
	c.accruedOn = slices.Clone(s.accruedOn)
	c.exits = slices.Clone(s.exits)
	c.refs = make(map[string]money.Amount, len(s.refs))
	for k, v := range s.refs {
		c.refs[k] = v
	}
	return &c
}

// Paid returns what was paid of instalment n (from 1).
func (s *State) Paid(n int) Part { return s.paid[n-1] }

// Outstanding returns the principal not yet repaid (zero once written
// off: the claim is then off the books).
func (s *State) Outstanding() money.Amount {
	if s.Status != StatusActive {
		return money.Zero()
	}
	out := money.Zero()
	for i, in := range s.Schedule {
		out = out.Add(in.Principal.Sub(s.paid[i].Principal))
	}
	return out
}

// Ref returns the amount recorded under a repayment or recovery
// reference.
func (s *State) Ref(ref string) (money.Amount, bool) {
	a, ok := s.refs[ref]
	return a, ok
}

// Evolve applies one event to s and returns it.
func Evolve(s *State, e Event) *State {
	if s == nil {
		s = &State{}
	}
	switch e := e.(type) {
	case Applied:
		s.ID, s.Member, s.Status = e.Loan, e.Member, StatusApplied
		s.Product, s.Version, s.Terms = e.Product, e.ProductVersion, e.Terms
		s.Amount, s.Months, s.Related, s.Collateral = e.Amount, e.Months, e.Related, e.Collateral
		s.AppliedBy, s.AppliedOn, s.Migrated = e.By, e.On, e.Migrated
		s.Class = Lancar
	case Approved:
		s.Approvals = append(slices.Clip(s.Approvals), Approval{Role: e.Role, By: e.By, On: e.On})
	case Rejected:
		s.Status = StatusRejected
	case Disbursed:
		s.Status, s.Disbursed, s.Cash = StatusActive, e.On, e.Cash
		s.reschedule(e.Schedule)
	case Repaid:
		s.apply(e.Parts, e.On)
		s.remember(e.Ref, e.Amount)
		if e.Early || s.Outstanding().IsZero() && s.interestDue().IsZero() && s.penaltyRecorded().IsZero() {
			s.Status, s.Closed = StatusClosed, e.On
		}
	case SettledByExit:
		s.apply(e.Parts, e.On)
		s.exits = append(slices.Clip(s.exits), e.ExitRef)
		s.Status, s.Closed = StatusClosed, e.On
	case Restructured:
		s.reschedule(e.Schedule)
		s.Carried = e.Carried
	case WrittenOff:
		s.WrittenOff, s.Status, s.Closed = e.Principal, StatusWrittenOff, e.On
	case Recovered:
		s.Recovered = s.Recovered.Add(e.Amount)
		s.remember(e.Ref, e.Amount)
		if e.ExitRef != "" {
			s.exits = append(slices.Clip(s.exits), e.ExitRef)
		}
	case Classified:
		s.Class = e.To
	default:
		panic(fmt.Sprintf("loan: unknown event %T", e))
	}
	return s
}

func zeroParts(n int) []Part {
	parts := make([]Part, n)
	for i := range parts {
		parts[i] = Part{N: i + 1, Penalty: money.Zero(), Interest: money.Zero(), Principal: money.Zero()}
	}
	return parts
}

// reschedule starts a new schedule with nothing paid of it.
func (s *State) reschedule(schedule []Instalment) {
	s.Schedule = schedule
	s.paid = zeroParts(len(schedule))
	s.accrued = make([]money.Amount, len(schedule))
	s.accruedOn = make([]calendar.Date, len(schedule))
	for i := range s.accrued {
		s.accrued[i] = money.Zero()
	}
}

func (s *State) apply(parts []Part, on calendar.Date) {
	s.paid = slices.Clone(s.paid)
	s.accrued = slices.Clone(s.accrued)
	s.accruedOn = slices.Clone(s.accruedOn)
	for _, p := range parts {
		if p.N < 1 || p.N > len(s.paid) {
			panic(fmt.Sprintf("loan: corrupt history: part of instalment %d of %d", p.N, len(s.paid)))
		}
		q := &s.paid[p.N-1]
		q.Penalty, q.Interest, q.Principal = q.Penalty.Add(p.Penalty), q.Interest.Add(p.Interest), q.Principal.Add(p.Principal)
		// A part without an accrued penalty leaves the accrual running
		// from the grace period's end on the amount unpaid.
		if !p.Accrued.IsZero() {
			s.accrued[p.N-1], s.accruedOn[p.N-1] = p.Accrued, on
		}
	}
}

func (s *State) remember(ref string, a money.Amount) {
	if s.refs == nil {
		s.refs = map[string]money.Amount{}
	}
	s.refs[ref] = a
}

// penaltyRecorded returns the penalty accrued as recorded at payments
// and not yet paid.
func (s *State) penaltyRecorded() money.Amount {
	out := money.Zero()
	for i := range s.accrued {
		if owed := s.accrued[i].Sub(s.paid[i].Penalty); owed.IsPositive() {
			out = out.Add(owed)
		}
	}
	return out
}

// interestDue returns the scheduled interest not yet paid, of every
// instalment.
func (s *State) interestDue() money.Amount {
	out := money.Zero()
	for i, in := range s.Schedule {
		out = out.Add(in.Interest.Sub(s.paid[i].Interest))
	}
	return out
}
