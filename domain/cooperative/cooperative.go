// Package cooperative is the Cooperative aggregate: the registration of a
// cooperative, the versions of its policy (bylaws), and its books: the
// chart of accounts, the general journal and the accounting periods. Its
// events form the cooperative's own stream.
//
// The package is pure: Decide and Evolve do no I/O and read no clock.
package cooperative

import (
	"errors"
	"fmt"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/policy"
)

// ID identifies a cooperative across a store: lowercase letters, digits and
// hyphens, at most 40 characters.
type ID string

// ParseID checks s and returns it as an ID.
func ParseID(s string) (ID, error) {
	if !input.Identifier(s, 40, true) {
		return "", &input.Error{Field: "coop", Value: s, Want: input.WantCoopID}
	}
	return ID(s), nil
}

// Event is a fact of a cooperative's stream.
type Event interface{ cooperativeEvent() }

// Registered records the founding of a cooperative in the ledger and its
// first policy, in force from On.
type Registered struct {
	Coop   ID
	Name   string
	Policy policy.Policy
	On     calendar.Date
}

// PolicyChanged records a new version of the policy, in force from From.
type PolicyChanged struct {
	Policy policy.Policy
	From   calendar.Date
}

func (Registered) cooperativeEvent()    {}
func (PolicyChanged) cooperativeEvent() {}

// State is what the cooperative's stream says so far.
type State struct {
	ID         ID
	Name       string
	Registered calendar.Date
	Policies   policy.Book
	Chart      ledger.Chart
	Periods    ledger.Periods
	// ClosedYears are the financial years closed, in the order closed.
	ClosedYears []int
	// Products are the loan products.
	Products loan.Book
	// SHUPolicies are the versions of the SHU terms, in the order
	// adopted; Years what the stream says of each year's SHU and RAT.
	SHUPolicies []SHUPolicyVersion
	Years       map[int]*YearEnd
	// Keys are the officers' public keys, in the order registered; Seals
	// counts the seals.
	Keys     []KeyVersion
	Seals    int
	LastSeal *Sealed
	// Checklists are the answers to the health assessment's checklists,
	// in the order recorded.
	Checklists []health.Answer
	// Submissions are the reports submitted to the Ministry, in the
	// order recorded.
	Submissions []ReportSubmitted
}

// Exists reports whether the cooperative has been registered.
func (s State) Exists() bool { return s.ID != "" }

// account returns the chart's account with code; an event naming an
// account the chart lacks is corrupt history.
func (s State) account(code string) ledger.Account {
	a, ok := s.Chart.Account(code)
	if !ok {
		panic(fmt.Sprintf("cooperative: corrupt history: event names account %q, which the chart lacks", code))
	}
	return a
}

// Evolve applies one event.
func Evolve(s State, e Event) State {
	switch e := e.(type) {
	case Registered:
		s.ID, s.Name, s.Registered = e.Coop, e.Name, e.On
		s.Policies = s.Policies.Adopt(e.On, e.Policy)
		// A cooperative registered before charts were recorded has the
		// default chart; ChartAdopted, which follows every registration
		// since, replaces it.
		s.Chart = ledger.DefaultChart(e.On)
	case PolicyChanged:
		s.Policies = s.Policies.Adopt(e.From, e.Policy)
	case ChartAdopted:
		s.Chart = ledger.NewChart(e.Accounts, e.Units)
	case AccountAdded:
		s.Chart = s.Chart.With(e.Account)
	case AccountRenamed:
		a := s.account(e.Code)
		a.Name, a.NameEN = e.Name, e.NameEN
		s.Chart = s.Chart.With(a)
	case AccountClosed:
		a := s.account(e.Code)
		a.Closed = e.On
		s.Chart = s.Chart.With(a)
	case UnitAdded:
		s.Chart = s.Chart.WithUnit(e.Unit)
	case ProductDefined:
		s.Products = s.Products.Define(e.From, e.Product)
	case JournalPosted, JournalReversed, AllowanceRecomputed:
		// The journal is the ledger's: the state keeps no entries.
	case PeriodClosed:
		s.Periods = s.Periods.Close(e.Period)
	case PeriodReopened:
		s.Periods = s.Periods.Reopen(e.Period)
	case YearClosed:
		s.ClosedYears = append(slices.Clip(s.ClosedYears), e.Year)
		s.Periods = s.Periods.CloseYear(e.Year)
	case SHUPolicyAdopted, SaleRecorded, SHUComputed, RATConvened, RATAttendanceRecorded, RATResolution, SHUDistributed:
		s = evolveYearEnd(s, e)
	case KeyRegistered:
		s.Keys = append(slices.Clip(s.Keys), KeyVersion{Role: e.Role, PublicKey: e.PublicKey, From: e.On})
	case Sealed:
		s.Seals++
		s.LastSeal = &e
	case HealthChecklistAnswered:
		s = evolveChecklist(s, e)
	case ReportSubmitted:
		s.Submissions = append(slices.Clip(s.Submissions), e)
	default:
		panic(fmt.Sprintf("cooperative: unknown event %T", e))
	}
	return s
}

// Command is a request to the Cooperative aggregate.
type Command interface{ cooperativeCommand() }

// Register founds a cooperative in the ledger.
type Register struct {
	Coop   ID
	Name   string
	Policy policy.Policy
	// On is the date of registration in the ledger. Transactions may be
	// dated earlier: a cooperative moving its books in imports its history.
	On    calendar.Date
	Today calendar.Date
}

// ChangePolicy adopts a new policy version from a date.
type ChangePolicy struct {
	Policy policy.Policy
	From   calendar.Date
}

func (Register) cooperativeCommand()     {}
func (ChangePolicy) cooperativeCommand() {}

// ErrAlreadyRegistered refuses a second registration of the same id.
var ErrAlreadyRegistered = errors.New("cooperative: already registered")

// ErrNotRegistered refuses a command to a cooperative that does not exist.
var ErrNotRegistered = errors.New("cooperative: not registered")

// Decide returns the events that carry out c, or the reason it is
// refused; no events and no error when c repeats what is recorded.
func Decide(s State, c Command) ([]Event, error) {
	switch c := c.(type) {
	case Register:
		return decideRegister(s, c)
	case ChangePolicy:
		return decideChangePolicy(s, c)
	}
	if !s.Exists() {
		return nil, ErrNotRegistered
	}
	switch c := c.(type) {
	case AddAccount:
		return decideAddAccount(s, c)
	case RenameAccount:
		return decideRenameAccount(s, c)
	case CloseAccount:
		return decideCloseAccount(s, c)
	case AddUnit:
		return decideAddUnit(s, c)
	case PostJournal:
		return decidePostJournal(s, c)
	case ReverseJournal:
		return decideReverseJournal(s, c)
	case ClosePeriod:
		return decideClosePeriod(s, c)
	case ReopenPeriod:
		return decideReopenPeriod(s, c)
	case CloseYear:
		return decideCloseYear(s, c)
	case RecomputeAllowance:
		return decideRecomputeAllowance(s, c)
	case DefineProduct:
		return decideDefineProduct(s, c)
	case AdoptSHUPolicy:
		return decideAdoptSHUPolicy(s, c)
	case RecordSale:
		return decideRecordSale(s, c)
	case ComputeSHU:
		return decideComputeSHU(s, c)
	case ConveneRAT:
		return decideConveneRAT(s, c)
	case RecordAttendance:
		return decideRecordAttendance(s, c)
	case PassResolution:
		return decidePassResolution(s, c)
	case DistributeSHU:
		return decideDistributeSHU(s, c)
	case RegisterKey:
		return decideRegisterKey(s, c)
	case Seal:
		return decideSeal(s, c)
	case AnswerChecklist:
		return decideAnswerChecklist(s, c)
	case RecordSubmission:
		return decideRecordSubmission(s, c)
	}
	panic(fmt.Sprintf("cooperative: unknown command %T", c))
}

func decideRegister(s State, c Register) ([]Event, error) {
	if s.Exists() {
		return nil, fmt.Errorf("%w: %s", ErrAlreadyRegistered, s.ID)
	}
	if _, err := ParseID(string(c.Coop)); err != nil {
		return nil, err
	}
	if !input.Text(c.Name, 120) {
		return nil, &input.Error{Field: "name", Value: c.Name, Want: input.WantName}
	}
	if err := c.Policy.Validate(); err != nil {
		return nil, err
	}
	if c.On.IsZero() {
		return nil, &input.Error{Field: "date", Value: "", Want: input.WantDate}
	}
	if c.On.After(c.Today) {
		return nil, &input.Error{Field: "date", Value: c.On.String(), Want: input.WantNotFuture, Bound: c.Today.String()}
	}
	chart := ledger.DefaultChart(c.On)
	return []Event{
		Registered{Coop: c.Coop, Name: c.Name, Policy: c.Policy, On: c.On},
		ChartAdopted{Accounts: chart.Accounts(), Units: chart.Units(), On: c.On},
	}, nil
}

func decideChangePolicy(s State, c ChangePolicy) ([]Event, error) {
	if !s.Exists() {
		return nil, ErrNotRegistered
	}
	if err := c.Policy.Validate(); err != nil {
		return nil, err
	}
	if c.From.IsZero() {
		return nil, &input.Error{Field: "from", Value: "", Want: input.WantDate}
	}
	// The currency and the zone of the books never change: every amount and
	// date already recorded is in them.
	latest, _ := s.Policies.Latest()
	for _, term := range []struct{ field, was, now string }{
		{"currency", latest.Policy.Currency, c.Policy.Currency},
		{"minor_unit", fmt.Sprint(latest.Policy.Places), fmt.Sprint(c.Policy.Places)},
		{"time_zone", latest.Policy.TimeZone, c.Policy.TimeZone},
	} {
		if term.was != term.now {
			return nil, &input.Error{Field: term.field, Value: term.now, Want: input.WantSameAsBefore, Bound: term.was}
		}
	}
	// The same terms from the same date as the version adopted last: a
	// repeated command, nothing to record.
	if latest.From == c.From && latest.Policy.Equal(c.Policy) {
		return nil, nil
	}
	return []Event{PolicyChanged{Policy: c.Policy, From: c.From}}, nil
}
