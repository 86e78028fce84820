package httpapi

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// TestSealVerifyProof: the chair seals the log unsigned while no key is
// registered; the verification shows this cooperative's seals and no
// other's; a member proves their passbook is in the seal; once a key is
// registered the API refuses to seal unsigned, saying how to sign.
func TestSealVerifyProof(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var v report.VerifyJSON
	r := f.do(http.MethodGet, Prefix+"/audit/verify", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	require.NoError(t, json.Unmarshal(r.body, &v))
	assert.True(t, v.OK)
	assert.Equal(t, 0, v.Seals)
	assert.Nil(t, v.LastSeal)

	r = f.do(http.MethodGet, Prefix+"/members/m1/proof", "tok-anggota", "")
	assert.Equal(t, http.StatusConflict, r.status, "no seal yet: "+string(r.body))

	r = f.post(Prefix+"/audit/seal", "tok-ketua", "seal-1", `{}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var sealed SealedJSON
	require.NoError(t, json.Unmarshal(r.body, &sealed))
	assert.Len(t, sealed.Root, 64)
	assert.False(t, sealed.Signed)
	assert.Equal(t, "2026-03-02", sealed.On)
	// Another cooperative's seal is not this one's to see.
	_, err := f.svc.SealLog(ctx, "setup", coopB, calendar.Date{}, nil)
	require.NoError(t, err)

	r = f.do(http.MethodGet, Prefix+"/audit/verify", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status)
	require.NoError(t, json.Unmarshal(r.body, &v))
	assert.True(t, v.OK)
	assert.Equal(t, 1, v.Seals)
	require.NotNil(t, v.LastSeal)
	assert.Equal(t, string(coopA), v.LastSeal.Coop)
	assert.Equal(t, sealed.Root, v.LastSeal.Root)
	assert.NotContains(t, string(r.body), string(coopB))

	r = f.do(http.MethodGet, Prefix+"/members/m1/proof", "tok-anggota", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var p report.ProofJSON
	require.NoError(t, json.Unmarshal(r.body, &p))
	assert.True(t, p.Verified)
	assert.Equal(t, sealed.Root, p.Root)
	assert.Equal(t, "member-koperasi-a.m1", p.Stream)
	assert.NotEmpty(t, p.Events)
	assert.NotEmpty(t, p.Path)

	public, _, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	_, err = f.svc.RegisterKey(ctx, "setup", coopA, "SK-KUNCI", "ketua", public)
	require.NoError(t, err)
	before := f.events()
	r = f.post(Prefix+"/audit/seal?lang=en", "tok-ketua", "seal-2", `{}`)
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
	assert.Equal(t, "refused", r.json(t)["code"])
	assert.Contains(t, r.json(t)["message"], "lumbung audit seal --key")
	assert.Equal(t, before, f.events())
}

// TestAuditTrail: the trail by member, by account and by dates, as a
// statement or a file; a wrong filter is refused.
func TestAuditTrail(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{"", "?member=m1", "?actor=setup&from=2025-01-01&to=2026-03-02", "?from=2026-03-02"} {
		r := f.do(http.MethodGet, Prefix+"/audit/trail"+q, "tok-pengawas", "")
		require.Equal(t, http.StatusOK, r.status, q+": "+string(r.body))
		var st StatementJSON
		require.NoError(t, json.Unmarshal(r.body, &st), q)
		assert.Equal(t, "audit-trail", st.Report, q)
		if q == "?member=m1" {
			assert.Contains(t, string(r.body), "m1")
			assert.NotContains(t, string(r.body), "m9")
		}
	}
	r := f.do(http.MethodGet, Prefix+"/audit/trail?format=csv", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, r.header.Get("Content-Disposition"), "audit-trail-koperasi-a.csv")
	for _, q := range []string{"?account=9999", "?from=2025-13-01", "?member=a%20b"} {
		r := f.do(http.MethodGet, Prefix+"/audit/trail"+q, "tok-pengawas", "")
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, q+": "+string(r.body))
	}
}
