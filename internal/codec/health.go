package codec

import (
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
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

type storedChecklistAnswer struct {
	Year      int    `json:"year"`
	Indicator string `json:"indicator"`
	Fulfilled int    `json:"fulfilled"`
	Total     int    `json:"total"`
	Role      string `json:"role"`
}
