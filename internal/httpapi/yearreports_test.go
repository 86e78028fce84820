package httpapi

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestYearAndComplianceReports: the health worksheets, the compliance
// report and the regulatory calendar answer as statements, in JSON by
// default and as files on ?format=; the SHU reports wait for the
// computation; a year not ended cannot be assessed.
func TestYearAndComplianceReports(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{
		"/reports/kesehatan?year=2025", "/reports/kesehatan-2016?year=2025", "/reports/pearls?year=2025",
		"/reports/kepatuhan", "/reports/kepatuhan?as_of=2025-12-31", "/reports/kalender?year=2025", "/reports/kalender?year=2026&secondary=true",
	} {
		r := f.do(http.MethodGet, Prefix+p, "tok-pengawas", "")
		require.Equal(t, http.StatusOK, r.status, p+": "+string(r.body))
		var st StatementJSON
		require.NoError(t, json.Unmarshal(r.body, &st), p)
		assert.NotEmpty(t, st.Report, p)
		assert.NotEmpty(t, st.Title, p)
		assert.NotEmpty(t, st.Lines, p)
	}
	for _, format := range []string{"csv", "xlsx", "pdf"} {
		r := f.do(http.MethodGet, Prefix+"/reports/kesehatan?year=2025&format="+format, "tok-bendahara", "")
		require.Equal(t, http.StatusOK, r.status, format)
		assert.Contains(t, r.header.Get("Content-Disposition"), "kesehatan-koperasi-a."+format)
	}
	for p, status := range map[string]int{
		"/reports/kesehatan?year=2026":                http.StatusUnprocessableEntity, // not ended
		"/reports/pearls?year=26":                     http.StatusUnprocessableEntity,
		"/reports/kalender":                           http.StatusUnprocessableEntity,
		"/reports/kalender?year=2025&secondary=maybe": http.StatusBadRequest,
		"/reports/shu?year=2025":                      http.StatusConflict, // not computed
		"/reports/shu-members?year=2025":              http.StatusConflict,
		"/reports/shu?year=x":                         http.StatusUnprocessableEntity,
	} {
		r := f.do(http.MethodGet, Prefix+p, "tok-bendahara", "")
		assert.Equal(t, status, r.status, p+": "+string(r.body))
	}
}
