package httpapi

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoanRestructure: only an active loan is restructured, by a
// decision; the answer says the new schedule.
func TestLoanRestructure(t *testing.T) {
	f := newFixture(t)
	// A grant raises modal sendiri, and with it the lending limit.
	r := f.post(Prefix+"/journal", "tok-bendahara", "grant-1", `{"memo":"hibah","date":"2026-02-01","lines":[{"account":"1-1100","side":"debit","amount":"100000000"},{"account":"3-3100","side":"credit","amount":"100000000"}]}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.post(Prefix+"/loans", "tok-teller", "apply-1", `{"loan":"L1","member":"m1","product":"umum","amount":"1000000","date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	before := f.events()
	r = f.post(Prefix+"/loans/L1/restructure", "tok-ketua", "rs-early", `{"months":6,"reason":"gagal panen","decision":"SK-R"}`)
	assert.Equal(t, http.StatusConflict, r.status, "not active: "+string(r.body))
	r = f.post(Prefix+"/loans/L1/restructure", "tok-ketua", "rs-nodecision", `{"months":6,"reason":"gagal panen"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, "decision", r.json(t)["field"])
	r = f.post(Prefix+"/loans/L1/restructure", "tok-ketua", "rs-rate", `{"months":6,"rate":"lots","reason":"x","decision":"SK-R"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, "rate", r.json(t)["field"])
	assert.Equal(t, before, f.events())

	r = f.post(Prefix+"/loans/L1/approvals", "tok-ketua", "approve-1", `{"role":"ketua","date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.post(Prefix+"/loans/L1/disbursement", "tok-teller", "disb-1", `{"date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.post(Prefix+"/loans/L1/restructure", "tok-ketua", "rs-1", `{"months":6,"rate":"12%","reason":"gagal panen","decision":"SK-R","date":"2026-03-02"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var rs RestructuredJSON
	require.NoError(t, json.Unmarshal(r.body, &rs))
	assert.Equal(t, 6, rs.Instalments)
	assert.NotEmpty(t, rs.FirstDue)
	assert.Equal(t, "user-ketua", rs.Result.Events[0].Actor)
	again := f.post(Prefix+"/loans/L1/restructure", "tok-ketua", "rs-1", `{"months":6,"rate":"12%","reason":"gagal panen","decision":"SK-R","date":"2026-03-02"}`)
	assert.Equal(t, r.body, again.body)
}

// TestSalesAndJournalReversal: a sale to a member or a non-member is
// recorded once under its key; a sale naming both or neither writes
// nothing; a journal entry is reversed through /reversals like a
// deposit.
func TestSalesAndJournalReversal(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	for _, body := range []string{
		`{"amount":"50000","unit":"toko"}`,
		`{"member":"m1","non_member":true,"amount":"50000","unit":"toko"}`,
		`{"member":"m1","amount":"lima","unit":"toko"}`,
		`{"member":"m1","amount":"50000","unit":"toko","cost":"x"}`,
	} {
		r := f.post(Prefix+"/sales", "tok-teller", "bad-sale-"+string(rune('a'+len(body)%26)), body)
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, body+": "+string(r.body))
	}
	assert.Equal(t, before, f.events())
	r := f.post(Prefix+"/sales", "tok-teller", "sale-1", `{"member":"m1","amount":"50000","cost":"40000","unit":"toko","date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var res ResultJSON
	require.NoError(t, json.Unmarshal(r.body, &res))
	require.NotEmpty(t, res.Events)
	again := f.post(Prefix+"/sales", "tok-teller", "sale-1", `{"member":"m1","amount":"50000","cost":"40000","unit":"toko","date":"2026-03-01"}`)
	assert.Equal(t, r.body, again.body)
	r = f.post(Prefix+"/sales", "tok-teller", "sale-2", `{"non_member":true,"amount":"25000","unit":"toko","ref":"TK-2"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))

	r = f.post(Prefix+"/journal", "tok-bendahara", "jr-1", `{"ref":"JU-1","memo":"listrik","date":"2026-03-01","lines":[{"account":"5-1100","side":"debit","amount":"10000"},{"account":"1-1100","side":"credit","amount":"10000"}]}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.post(Prefix+"/reversals", "tok-teller", "rev-1", `{"ref":"JU-1","reason":"salah akun"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	require.NoError(t, json.Unmarshal(r.body, &res))
	require.NotEmpty(t, res.Events)
	assert.Equal(t, "JournalEntryReversed", res.Events[0].Type)
}
