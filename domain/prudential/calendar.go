package prudential

import (
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
)

// Duty is something the regulator expects done by a date.
type Duty string

// Duties of a financial year (domain.md §5.2, §6).
const (
	RAT          Duty = "rat"           // the members' meeting approving the year's accounts
	AnnualReport Duty = "annual-report" // the annual financial report to the Ministry
	Quarter1     Duty = "quarter-1"
	Quarter2     Duty = "quarter-2"
	Quarter3     Duty = "quarter-3"
	Semester     Duty = "semester" // the Jan–Jun report: deadline UNCONFIRMED
)

// Deadline is a duty of a financial year and the last day to do it.
type Deadline struct {
	Duty   Duty
	Due    calendar.Date
	Source Source
}

// Deadlines returns the duties of financial year y under s, by due date:
// the RAT (UU 25/1992 Art. 26, primary), and under Permenkop 2/2024 the
// quarterly reports, the semester report and the annual report (a
// secondary cooperative's annual report is due later).
func (s RuleSet) Deadlines(y int, secondary bool) []Deadline {
	var out []Deadline
	if r := s.Reporting; r != nil {
		for i, q := range r.Quarters {
			out = append(out, Deadline{Duty: []Duty{Quarter1, Quarter2, Quarter3}[i%3], Due: q.In(y), Source: r.CalendarSource})
		}
		out = append(out, Deadline{Duty: Semester, Due: r.Semester.In(y), Source: Unconfirmed})
		annual := r.Annual
		if secondary {
			annual = r.AnnualSecondary
		}
		out = append(out, Deadline{Duty: AnnualReport, Due: annual.In(y + 1), Source: r.CalendarSource})
	}
	out = append(out, Deadline{Duty: RAT, Due: s.RATDue(y), Source: Primary})
	slices.SortStableFunc(out, func(a, b Deadline) int { return a.Due.Compare(b.Due) })
	return out
}

// Progress is where a duty stands at the end of a date.
type Progress string

// Progress of a duty.
const (
	Done     Progress = "done"     // done on or before its due date
	Late     Progress = "late"     // done, after its due date
	Overdue  Progress = "overdue"  // not done, and its due date has passed
	Upcoming Progress = "upcoming" // not done, and still due
)

// ProgressOf returns where a duty due on due stands at the end of asOf,
// done on done (zero if not done; a date after asOf is not done yet).
func ProgressOf(done, due, asOf calendar.Date) Progress {
	switch {
	case !done.IsZero() && !done.After(asOf):
		if done.After(due) {
			return Late
		}
		return Done
	case asOf.After(due):
		return Overdue
	}
	return Upcoming
}

// MissedRATs counts the financial years in a row, from first to last,
// that end the run of years whose RAT deadline had passed by the end of
// asOf with no RAT held: one missed is an alert, SanctionMissed in a row
// bring the Ministry's warning (domain.md §11 rule 11). Years still
// within their deadline are passed over. held gives the date each year's
// RAT was held on.
func (s RuleSet) MissedRATs(held map[int]calendar.Date, first, last int, asOf calendar.Date) int {
	y := last
	for y >= first && !asOf.After(s.RATDue(y)) {
		y--
	}
	n := 0
	for ; y >= first; y-- {
		if on, ok := held[y]; ok && !on.After(asOf) {
			break
		}
		n++
	}
	return n
}
