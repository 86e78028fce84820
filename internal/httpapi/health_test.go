package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChecklistAnswer: the pengawas records an answer; the same answer
// again writes nothing; a wrong one is refused with the field at fault;
// the worksheet reads it.
func TestChecklistAnswer(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	body := `{"year":2025,"indicator":"kpmr","fulfilled":3,"total":4}`
	r := f.post(Prefix+"/health/answers", "tok-pengawas", "answer-1", body)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var res ResultJSON
	require.NoError(t, json.Unmarshal(r.body, &res))
	require.Len(t, res.Events, 1)
	assert.Equal(t, "user-pengawas", res.Events[0].Actor)
	assert.Equal(t, before+1, f.events())
	r = f.post(Prefix+"/health/answers", "tok-pengawas", "answer-2", body)
	assert.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, before+1, f.events())
	for i, c := range []struct{ body, field string }{
		{`{"year":2025,"indicator":"kpmr","fulfilled":5,"total":4}`, "fulfilled"},
		{`{"year":25,"indicator":"kpmr","fulfilled":1,"total":4}`, "year"},
		{`{"year":2025,"indicator":"tata-kelola","fulfilled":1,"total":4}`, "indicator"},
		{`{"year":2025,"indicator":"kpmr","total":4}`, "fulfilled"},
	} {
		r := f.post(Prefix+"/health/answers", "tok-pengawas", fmt.Sprintf("bad-%d", i), c.body)
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, c.body+": "+string(r.body))
		assert.Equal(t, c.field, r.json(t)["field"], c.body)
	}
	assert.Equal(t, before+1, f.events())
	r = f.do(http.MethodGet, Prefix+"/reports/kesehatan?year=2025&lang=en", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status)
}

// TestReportSubmission: the treasurer records a report filed with the
// Ministry; the same receipt again writes nothing; an unknown report is
// refused.
func TestReportSubmission(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	body := `{"report":"quarter-1","year":2025,"ref":"TT-2025/Q1","date":"2025-04-17"}`
	r := f.post(Prefix+"/reports/submissions", "tok-bendahara", "sub-1", body)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	assert.Equal(t, before+1, f.events())
	r = f.post(Prefix+"/reports/submissions", "tok-bendahara", "sub-2", body)
	assert.Equal(t, http.StatusOK, r.status, string(r.body))
	for i, b := range []string{
		`{"report":"quarter-1","year":2025,"ref":"","date":"2025-04-17"}`,
		`{"report":"quarter-9","year":2025,"ref":"TT-1"}`,
		`{"report":"quarter-1","year":2025,"ref":"TT-1","date":"2099-01-01"}`,
	} {
		r := f.post(Prefix+"/reports/submissions", "tok-bendahara", fmt.Sprintf("bad-%d", i), b)
		assert.Contains(t, []int{http.StatusUnprocessableEntity, http.StatusConflict}, r.status, b+": "+string(r.body))
	}
	assert.Equal(t, before+1, f.events())
	r = f.do(http.MethodGet, Prefix+"/reports/kalender?year=2025&lang=en", "tok-bendahara", "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, string(r.body), `"17 April 2025",`, "the quarter's report is done on the day recorded")
}

// The checklist indicators are listed, and for a year the answers in
// force.
func TestChecklistsListed(t *testing.T) {
	f := newFixture(t)
	r := f.post(Prefix+"/health/answers", "tok-pengawas", "answer-1", `{"year":2025,"indicator":"kpmr","fulfilled":3,"total":4}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.do(http.MethodGet, Prefix+"/health/answers", "tok-bendahara", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var list ChecklistsJSON
	require.NoError(t, json.Unmarshal(r.body, &list))
	require.NotEmpty(t, list.Items)
	for _, it := range list.Items {
		assert.Nil(t, it.Answer, it.Key)
	}
	r = f.do(http.MethodGet, Prefix+"/health/answers?year=2025", "tok-bendahara", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	require.NoError(t, json.Unmarshal(r.body, &list))
	assert.Equal(t, 2025, list.Year)
	answered := 0
	for _, it := range list.Items {
		if it.Answer != nil {
			answered++
			assert.Equal(t, "kpmr", it.Key)
			assert.Equal(t, AnswerJSON{Fulfilled: 3, Total: 4, Role: it.Answer.Role, On: it.Answer.On}, *it.Answer)
		}
	}
	assert.Equal(t, 1, answered)
	r = f.do(http.MethodGet, Prefix+"/health/answers?year=25", "tok-bendahara", "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
}
