package httpapi

import (
	"fmt"
	"net/http"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// PeriodsJSON is what is closed: the months (YYYY-MM) in order, and the
// financial years in the order closed, as lumbung period list says.
type PeriodsJSON struct {
	ClosedMonths []string `json:"closed_months"`
	ClosedYears  []int    `json:"closed_years"`
}

func (a *API) listPeriods(c *call) (int, any, error) {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	out := PeriodsJSON{ClosedMonths: []string{}, ClosedYears: append([]int{}, st.ClosedYears...)}
	for _, m := range st.Periods.Closed() {
		out.ClosedMonths = append(out.ClosedMonths, m.String())
	}
	return http.StatusOK, out, nil
}

// ratRecord serves the RAT of a year: attendance and resolutions, as
// lumbung rat show.
func (a *API) ratRecord(c *call) (int, any, error) {
	y, err := c.year()
	if err != nil {
		return 0, nil, err
	}
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	ye := st.Year(y)
	if ye == nil || ye.Meeting == nil {
		return 0, nil, fmt.Errorf("%w: %d", cooperative.ErrRATNotConvened, y)
	}
	return c.render(report.RATRecord(c.pr, st.Name, ye), fmt.Sprintf("rat-%d", y))
}

// ChecklistsJSON is the checklist indicators of the health assessment
// with, for a year, the answers in force, as lumbung health checklists.
type ChecklistsJSON struct {
	Year  int             `json:"year,omitempty"`
	Items []ChecklistJSON `json:"items"`
}

// ChecklistJSON is one checklist indicator: Total is its number of
// sub-indicators (0: the answer says); Answer the answer in force.
type ChecklistJSON struct {
	Key       string      `json:"key"`
	Framework string      `json:"framework"`
	Aspect    string      `json:"aspect"`
	Name      string      `json:"name"`
	NameEN    string      `json:"name_en"`
	Total     int         `json:"total"`
	Answer    *AnswerJSON `json:"answer,omitempty"`
}

// AnswerJSON is a checklist answer in force.
type AnswerJSON struct {
	Fulfilled int    `json:"fulfilled"`
	Total     int    `json:"total"`
	Role      string `json:"role"`
	On        string `json:"on"`
}

func (a *API) listChecklists(c *call) (int, any, error) {
	out := ChecklistsJSON{Items: []ChecklistJSON{}}
	var answers map[string]health.Answer
	if c.r.URL.Query().Get("year") != "" {
		y, _, err := c.queryYear()
		if err != nil {
			return 0, nil, err
		}
		st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
		if err != nil {
			return 0, nil, err
		}
		out.Year, answers = y, st.ChecklistAnswers(y)
	}
	for _, item := range health.Checklists() {
		j := ChecklistJSON{Key: item.Key, Framework: string(item.Framework), Aspect: string(item.Aspect), Name: item.Name, NameEN: item.NameEN, Total: item.Total}
		if ans, ok := answers[item.Key]; ok {
			j.Answer = &AnswerJSON{Fulfilled: ans.Fulfilled, Total: ans.Total, Role: ans.Role, On: ans.On.String()}
		}
		out.Items = append(out.Items, j)
	}
	return http.StatusOK, out, nil
}
