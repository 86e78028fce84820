package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/shu"
)

// TestYearEnd: a month closed is reopened only by a decision; a year
// whose months are closed is closed with its closing lines; the RAT's
// attendance is recorded once; a share not held is not paid.
func TestYearEnd(t *testing.T) {
	f := newFixture(t)
	r := f.post(Prefix+"/periods/2026-01/close", "tok-bendahara", "close-2026-01", `{}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	before := f.events()
	r = f.post(Prefix+"/periods/2026-01/reopen", "tok-ketua", "reopen-none", `{}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, "decision", r.json(t)["field"])
	r = f.post(Prefix+"/periods/2026-01/reopen", "tok-ketua", "reopen-bad", `{"decision":"SK-1","why":"x"}`)
	assert.Equal(t, http.StatusBadRequest, r.status, string(r.body))
	assert.Equal(t, before, f.events())
	r = f.post(Prefix+"/periods/2026-01/reopen", "tok-ketua", "reopen-1", `{"decision":"SK-1","reason":"koreksi"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var res ResultJSON
	require.NoError(t, json.Unmarshal(r.body, &res))
	require.Len(t, res.Events, 1)
	assert.Equal(t, "user-ketua", res.Events[0].Actor)

	// A year with open months is refused; with all twelve closed it closes.
	before = f.events()
	r = f.post(Prefix+"/years/2025/close", "tok-bendahara", "year-early", `{}`)
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
	assert.Equal(t, before, f.events())
	r = f.post(Prefix+"/journal", "tok-bendahara", "income-2025", `{"memo":"jasa","date":"2025-06-30","lines":[{"account":"1-1100","side":"debit","amount":"1000000"},{"account":"4-1200","side":"credit","amount":"1000000"}]}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	for m := 1; m <= 12; m++ {
		r := f.post(Prefix+fmt.Sprintf("/periods/2025-%02d/close", m), "tok-bendahara", fmt.Sprintf("close-2025-%02d", m), `{}`)
		require.Equal(t, http.StatusCreated, r.status, string(r.body))
	}
	r = f.post(Prefix+"/years/2025/close", "tok-bendahara", "year-1", `{}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var closed YearClosedJSON
	require.NoError(t, json.Unmarshal(r.body, &closed))
	assert.Equal(t, 2025, closed.Year)
	assert.Equal(t, "2025-12-31", closed.On)
	assert.NotEmpty(t, closed.Result.Events)
	again := f.post(Prefix+"/years/2025/close", "tok-bendahara", "year-1", `{}`)
	assert.Equal(t, r.body, again.body)
	r = f.post(Prefix+"/years/x/close", "tok-bendahara", "year-x", `{}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))

	// Attendance waits for the meeting; then it is recorded once.
	before = f.events()
	r = f.post(Prefix+"/rat/2025/attendance", "tok-ketua", "attend-early", `{"members":["m1"]}`)
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
	r = f.post(Prefix+"/rat/2025/attendance", "tok-ketua", "attend-empty", `{"members":[]}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, before, f.events())
	_, err := f.svc.AdoptSHUPolicy(context.Background(), "setup", coopA, "AD-1", shu.Default(), calendar.MustNew(2025, 1, 1))
	require.NoError(t, err)
	r = f.post(Prefix+"/rat/2025/convene", "tok-ketua", "convene-1", `{"date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.post(Prefix+"/rat/2025/attendance", "tok-ketua", "attend-1", `{"members":["m1","m2"]}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var att AttendanceJSON
	require.NoError(t, json.Unmarshal(r.body, &att))
	assert.Equal(t, 2, att.Attending)
	assert.Equal(t, 2, att.Members)
	assert.Positive(t, att.Quorum)
	// The closed periods and the RAT's record are listed.
	r = f.do(http.MethodGet, Prefix+"/periods", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var periods PeriodsJSON
	require.NoError(t, json.Unmarshal(r.body, &periods))
	assert.Len(t, periods.ClosedMonths, 12)
	assert.Equal(t, "2025-01", periods.ClosedMonths[0])
	assert.Equal(t, []int{2025}, periods.ClosedYears)
	r = f.do(http.MethodGet, Prefix+"/rat/2025", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var rat StatementJSON
	require.NoError(t, json.Unmarshal(r.body, &rat))
	assert.NotEmpty(t, rat.Title)
	assert.Equal(t, "rat", rat.Report)
	assert.Contains(t, string(r.body), `"key": "hadir"`)
	r = f.do(http.MethodGet, Prefix+"/rat/2024", "tok-pengawas", "")
	assert.Equal(t, http.StatusConflict, r.status, "no RAT convened: %s", r.body)
	r = f.post(Prefix+"/rat/2025/attendance", "tok-ketua", "attend-2", `{"members":["m1"]}`)
	assert.Contains(t, []int{http.StatusOK, http.StatusConflict}, r.status, string(r.body))

	// Nothing distributed: no share is held to pay.
	before = f.events()
	r = f.post(Prefix+"/shu/2025/pay/m2", "tok-teller", "pay-1", `{"date":"2026-03-02"}`)
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
	r = f.post(Prefix+"/shu/2025/pay/m2", "tok-teller", "pay-bad", `{"date":"2026-02-30"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, before, f.events())

	// The slip waits for the computation, then answers as a statement
	// and as files; the RAT pack is a PDF of a year that has ended.
	r = f.do(http.MethodGet, Prefix+"/members/m1/shu-slip?year=2025", "tok-anggota", "")
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
	r = f.post(Prefix+"/shu/2025/compute", "tok-bendahara", "compute-1", `{}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.do(http.MethodGet, Prefix+"/members/m1/shu-slip?year=2025", "tok-anggota", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var slip StatementJSON
	require.NoError(t, json.Unmarshal(r.body, &slip))
	assert.NotEmpty(t, slip.Title)
	assert.NotEmpty(t, slip.Lines)
	for _, format := range []string{"csv", "xlsx", "pdf"} {
		r := f.do(http.MethodGet, Prefix+"/members/m1/shu-slip?year=2025&format="+format, "tok-bendahara", "")
		require.Equal(t, http.StatusOK, r.status, format)
		assert.Contains(t, r.header.Get("Content-Disposition"), "shu-slip-m1-koperasi-a."+format)
	}
	assert.Equal(t, http.StatusForbidden, f.do(http.MethodGet, Prefix+"/members/m2/shu-slip?year=2025", "tok-anggota", "").status)
	assert.Equal(t, http.StatusNotFound, f.do(http.MethodGet, Prefix+"/members/m9/shu-slip?year=2025", "tok-bendahara", "").status)
	r = f.do(http.MethodGet, Prefix+"/reports/rat-pack?year=2025", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, "application/pdf", r.header.Get("Content-Type"))
	assert.Contains(t, r.header.Get("Content-Disposition"), "rat-pack-koperasi-a-2025.pdf")
	assert.True(t, len(r.body) > 4 && string(r.body[:4]) == "%PDF")
	// As known at an instant: the pack and the slip as they stood then.
	r = f.do(http.MethodGet, Prefix+"/reports/rat-pack?year=2025&as_known_at=2099-01-01", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.True(t, len(r.body) > 4 && string(r.body[:4]) == "%PDF")
	for p, status := range map[string]int{
		"/reports/rat-pack?year=2026":                           http.StatusUnprocessableEntity,
		"/reports/rat-pack?year=2025&format=json":               http.StatusUnprocessableEntity,
		"/reports/rat-pack":                                     http.StatusUnprocessableEntity,
		"/reports/rat-pack?year=2025&as_known_at=2026-01-01":    http.StatusUnprocessableEntity,
		"/reports/rat-pack?year=2025&as_known_at=kemarin":       http.StatusUnprocessableEntity,
		"/members/m1/shu-slip?year=2025&as_known_at=2099-01-01": http.StatusOK,
		"/reports/shu?year=2025&as_known_at=2026-01-01":         http.StatusConflict,
	} {
		assert.Equal(t, status, f.do(http.MethodGet, Prefix+p, "tok-bendahara", "").status, p)
	}
}
