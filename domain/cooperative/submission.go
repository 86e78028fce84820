package cooperative

import (
	"slices"
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
)

// Reports to the Ministry (domain.md §5.2): the treasurer records each
// report submitted, with the receipt's reference, so that the regulatory
// calendar can say which were filed, on time or late, and which are
// overdue. The RAT is not submitted: it is recorded as convened.

// ReportSubmitted records a periodic report submitted to the Ministry:
// which report, of which financial year, when and under which receipt.
type ReportSubmitted struct {
	Duty prudential.Duty
	Year int
	Ref  string
	On   calendar.Date
}

func (ReportSubmitted) cooperativeEvent() {}

// RecordSubmission records a report submitted.
type RecordSubmission struct {
	Duty prudential.Duty
	Year int
	Ref  string
	// On is the date of the submission; zero for today.
	On, Today calendar.Date
}

func (RecordSubmission) cooperativeCommand() {}

// Submitted returns the earliest date a year's report was submitted on,
// and whether it was: a later submission (a correction) does not make
// the first one late.
func (s State) Submitted(duty prudential.Duty, year int) (calendar.Date, bool) {
	var first calendar.Date
	for _, e := range s.Submissions {
		if e.Duty == duty && e.Year == year && (first.IsZero() || e.On.Before(first)) {
			first = e.On
		}
	}
	return first, !first.IsZero()
}

// Submittable reports whether a duty is a report the ledger records as
// submitted.
func Submittable(d prudential.Duty) bool {
	switch d {
	case prudential.AnnualReport, prudential.Quarter1, prudential.Quarter2, prudential.Quarter3, prudential.Semester:
		return true
	}
	return false
}

func decideRecordSubmission(s State, c RecordSubmission) ([]Event, error) {
	on := c.On
	if on.IsZero() {
		on = c.Today
	}
	if err := notFuture("date", on, c.Today); err != nil {
		return nil, err
	}
	if !Submittable(c.Duty) {
		return nil, &input.Error{Field: "report", Value: string(c.Duty), Want: input.WantSubmittedReport}
	}
	if c.Year < firstAssessedYear {
		return nil, &input.Error{Field: "year", Value: strconv.Itoa(c.Year), Want: input.WantAtLeast, Bound: strconv.Itoa(firstAssessedYear)}
	}
	if c.Year > on.Year() {
		return nil, &input.Error{Field: "year", Value: strconv.Itoa(c.Year), Want: input.WantAtMost, Bound: strconv.Itoa(on.Year())}
	}
	if !input.Text(c.Ref, 64) {
		return nil, &input.Error{Field: "ref", Value: c.Ref, Want: input.WantRef}
	}
	e := ReportSubmitted{Duty: c.Duty, Year: c.Year, Ref: c.Ref, On: on}
	if slices.Contains(s.Submissions, e) {
		return nil, nil
	}
	return []Event{e}, nil
}
