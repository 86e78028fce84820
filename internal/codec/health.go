package codec

import (
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
)

// registerHealth adds the events of the health assessment: the answers
// to its checklists.
func registerHealth(r *Registry) {
	register(r, "HealthChecklistAnswered", 1,
		func(e cooperative.HealthChecklistAnswered) (storedChecklistAnswer, calendar.Date) {
			return storedChecklistAnswer{Year: e.Year, Indicator: e.Indicator, Fulfilled: e.Fulfilled, Total: e.Total, Role: e.Role}, e.On
		},
		func(d storedChecklistAnswer, on calendar.Date) (cooperative.HealthChecklistAnswered, error) {
			return cooperative.HealthChecklistAnswered{Year: d.Year, Indicator: d.Indicator, Fulfilled: d.Fulfilled, Total: d.Total, Role: d.Role, On: on}, nil
		})
}

// registerSubmissions adds the record of reports submitted to the
// Ministry.
func registerSubmissions(r *Registry) {
	register(r, "ReportSubmitted", 1,
		func(e cooperative.ReportSubmitted) (storedSubmission, calendar.Date) {
			return storedSubmission{Report: string(e.Duty), Year: e.Year, Ref: e.Ref}, e.On
		},
		func(d storedSubmission, on calendar.Date) (cooperative.ReportSubmitted, error) {
			return cooperative.ReportSubmitted{Duty: prudential.Duty(d.Report), Year: d.Year, Ref: d.Ref, On: on}, nil
		})
}

type storedSubmission struct {
	Report string `json:"report"`
	Year   int    `json:"year"`
	Ref    string `json:"ref"`
}

type storedChecklistAnswer struct {
	Year      int    `json:"year"`
	Indicator string `json:"indicator"`
	Fulfilled int    `json:"fulfilled"`
	Total     int    `json:"total"`
	Role      string `json:"role"`
}
