package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAuditPackage: a year's package is refused until a seal covers the
// year; then it is a zip that checks, and a package altered does not.
func TestAuditPackage(t *testing.T) {
	f := newFixture(t)
	r := f.do(http.MethodGet, Prefix+"/audit/package?year=2025", "tok-auditor", "")
	assert.Equal(t, http.StatusConflict, r.status, "no seal yet: %s", r.body)
	r = f.do(http.MethodGet, Prefix+"/audit/package?year=25", "tok-auditor", "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))

	r = f.post(Prefix+"/audit/seal", "tok-ketua", "seal-1", `{}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var sealed SealedJSON
	require.NoError(t, json.Unmarshal(r.body, &sealed))

	r = f.do(http.MethodGet, Prefix+"/audit/package?year=2025&seal=zz", "tok-auditor", "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	r = f.do(http.MethodGet, Prefix+"/audit/package?year=2025&seal="+sealed.Root, "tok-auditor", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, "application/zip", r.header.Get("Content-Type"))
	assert.Contains(t, r.header.Get("Content-Disposition"), `attachment; filename="audit-koperasi-a-2025.zip"`)
	pkg := r.body
	require.True(t, strings.HasPrefix(string(pkg), "PK"))

	before := f.events()
	zip := []string{"Content-Type", "application/zip"}
	r = f.post(Prefix+"/audit/package/verification?root="+sealed.Root, "tok-auditor", "check-1", string(pkg), zip...)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var check PackageCheckJSON
	require.NoError(t, json.Unmarshal(r.body, &check))
	assert.True(t, check.OK, string(r.body))
	assert.Equal(t, 2025, check.Year)
	assert.Equal(t, string(coopA), check.Cooperative)
	assert.Equal(t, sealed.Root, check.Seal.Root)
	assert.Positive(t, check.Events)
	assert.Empty(t, check.Problems)
	assert.Equal(t, before, f.events(), "a check writes nothing")

	// Not a package, and larger than the API's usual limit: checked, not
	// refused as too large.
	r = f.post(Prefix+"/audit/package/verification", "tok-auditor", "check-2", strings.Repeat("x", 2<<20), zip...)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	require.NoError(t, json.Unmarshal(r.body, &check))
	assert.False(t, check.OK)
	require.NotEmpty(t, check.Problems)
	assert.Equal(t, "not_package", check.Problems[0].Kind)
	r = f.post(Prefix+"/audit/package/verification", "tok-auditor", "check-3", string(pkg))
	assert.Equal(t, http.StatusUnsupportedMediaType, r.status, string(r.body))
	r = f.post(Prefix+"/audit/package/verification?key=00", "tok-auditor", "check-4", string(pkg), zip...)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
}
