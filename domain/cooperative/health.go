package cooperative

import (
	"slices"
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/domain/input"
)

// The health assessment's checklists (domain.md §4.1, §4.2): the
// indicators of governance, risk management and the legacy management
// questionnaire are answered by the pengawas, not computed from the
// books. Each answer is recorded; a later answer for the same year and
// indicator supersedes the earlier, which stays in the history.

// HealthChecklistAnswered records an answer to a checklist indicator of
// the health assessment of a financial year: how many of its
// sub-indicators the cooperative fulfils out of how many, and the office
// of who answered.
type HealthChecklistAnswered struct {
	Year             int
	Indicator        string
	Fulfilled, Total int
	Role             string
	On               calendar.Date
}

func (HealthChecklistAnswered) cooperativeEvent() {}

// AnswerChecklist records an answer to a checklist indicator.
type AnswerChecklist struct {
	Year             int
	Indicator        string
	Fulfilled, Total int
	Role             string
	// On is the date of the answer; zero for today.
	On, Today calendar.Date
}

func (AnswerChecklist) cooperativeCommand() {}

// ChecklistAnswers returns the answers in force for a year, by
// indicator: the last recorded for each.
func (s State) ChecklistAnswers(year int) map[string]health.Answer {
	out := map[string]health.Answer{}
	for _, a := range s.Checklists {
		if a.Year == year {
			out[a.Indicator] = a
		}
	}
	return out
}

// firstAssessedYear bounds the years an answer may be for.
const firstAssessedYear = 2000

func decideAnswerChecklist(s State, c AnswerChecklist) ([]Event, error) {
	on := c.On
	if on.IsZero() {
		on = c.Today
	}
	if err := notFuture("date", on, c.Today); err != nil {
		return nil, err
	}
	if c.Year < firstAssessedYear {
		return nil, &input.Error{Field: "year", Value: strconv.Itoa(c.Year), Want: input.WantAtLeast, Bound: strconv.Itoa(firstAssessedYear)}
	}
	if c.Year > on.Year() {
		return nil, &input.Error{Field: "year", Value: strconv.Itoa(c.Year), Want: input.WantAtMost, Bound: strconv.Itoa(on.Year())}
	}
	if err := health.CheckAnswer(c.Indicator, c.Fulfilled, c.Total); err != nil {
		return nil, err
	}
	if !input.Identifier(c.Role, 32, true) {
		return nil, &input.Error{Field: "role", Value: c.Role, Want: input.WantRole}
	}
	if last, ok := s.ChecklistAnswers(c.Year)[c.Indicator]; ok && last.Fulfilled == c.Fulfilled && last.Total == c.Total && last.Role == c.Role {
		return nil, nil
	}
	return []Event{HealthChecklistAnswered{Year: c.Year, Indicator: c.Indicator, Fulfilled: c.Fulfilled, Total: c.Total, Role: c.Role, On: on}}, nil
}

func evolveChecklist(s State, e HealthChecklistAnswered) State {
	s.Checklists = append(slices.Clip(s.Checklists), health.Answer{
		Year: e.Year, Indicator: e.Indicator, Fulfilled: e.Fulfilled, Total: e.Total, Role: e.Role, On: e.On,
	})
	return s
}
