package httpapi

import (
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// AnswerRequest records the sub-indicators of a checklist of the health
// assessment the cooperative fulfils, as lumbung health answer does; a
// later answer for the year and indicator supersedes the earlier.
type AnswerRequest struct {
	Year      int    `json:"year" required:"true"`
	Indicator string `json:"indicator" required:"true"`
	Fulfilled *int   `json:"fulfilled" required:"true"`
	Total     int    `json:"total" required:"true"`
	Role      string `json:"role,omitempty"`
	Date      string `json:"date,omitempty"`
}

func (a *API) answerChecklist(c *call) (int, any, error) {
	var req AnswerRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	if err := checkYear(req.Year); err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	fulfilled := -1 // absent: refused by the rule as the command line's default is
	if req.Fulfilled != nil {
		fulfilled = *req.Fulfilled
	}
	// An empty role is the pengawas's, as app.AnswerChecklist has it.
	return c.write(a.svc.AnswerChecklist(c.writeCtx(), c.actor(), c.p.Coop, app.ChecklistAnswer{
		Year: req.Year, Indicator: req.Indicator, Fulfilled: fulfilled, Total: req.Total, Role: req.Role, On: on,
	}))
}

// SubmissionRequest records a periodic report submitted to the Ministry
// with the receipt's reference, as lumbung report submit does.
type SubmissionRequest struct {
	Report string `json:"report" required:"true"`
	Year   int    `json:"year" required:"true"`
	Ref    string `json:"ref" required:"true"`
	Date   string `json:"date,omitempty"`
}

func (a *API) recordSubmission(c *call) (int, any, error) {
	var req SubmissionRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	if err := checkYear(req.Year); err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.RecordSubmission(c.writeCtx(), c.actor(), c.p.Coop, prudential.Duty(req.Report), req.Year, req.Ref, on))
}

// checkYear refuses a year of the body that is not four digits.
func checkYear(y int) error {
	if y < 1900 || y > 9999 {
		return &input.Error{Field: "year", Value: strconv.Itoa(y), Want: input.WantYear}
	}
	return nil
}
