package httpapi

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMemberExit: a teller settles a member's exit with the board's
// decision; the same key answers the same; the member can no longer
// deposit.
func TestMemberExit(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	body := `{"date":"2026-03-01","reason":"pindah","decision":"SK-7"}`
	r := f.post(Prefix+"/members/m2/exit", "tok-teller", "exit-1", body)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var res ResultJSON
	require.NoError(t, json.Unmarshal(r.body, &res))
	assert.NotEmpty(t, res.Events)
	assert.Equal(t, "user-teller", res.Events[0].Actor)
	after := f.events()
	assert.Greater(t, after, before)
	again := f.post(Prefix+"/members/m2/exit", "tok-teller", "exit-1", body)
	assert.Equal(t, r.body, again.body)
	r = f.post(Prefix+"/members/m2/deposits", "tok-teller", "dep-after-exit", `{"product":"sukarela","amount":"1000"}`)
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
	r = f.post(Prefix+"/members/m9/exit", "tok-teller", "exit-other", `{}`)
	assert.Equal(t, http.StatusNotFound, r.status, "another cooperative's member: "+string(r.body))
	r = f.post(Prefix+"/members/m1/exit", "tok-teller", "exit-bad", `{"date":"2026-13-01"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, after, f.events())
}

// TestLoanSettlementWriteOffRecoveryReview: the commands of a loan's end
// refuse a loan in the wrong state with 409 and nothing written; the
// review of the book answers what it classified.
func TestLoanSettlementWriteOffRecoveryReview(t *testing.T) {
	f := newFixture(t)
	r := f.post(Prefix+"/loans", "tok-teller", "apply-1", `{"loan":"L1","member":"m1","product":"umum","amount":"10000","date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	before := f.events()
	for _, c := range []struct {
		path, token, body string
		status            int
	}{
		{"/loans/L1/settlement", "tok-teller", `{"date":"2026-03-02"}`, http.StatusConflict},
		{"/loans/L1/recovery", "tok-teller", `{"amount":"1000"}`, http.StatusConflict},
		{"/loans/L1/recovery", "tok-teller", `{}`, http.StatusUnprocessableEntity},
		{"/loans/L1/write-off", "tok-ketua", `{"decision":"SK-9"}`, http.StatusConflict},
		// A loan never applied for is refused as a repayment of one is.
		{"/loans/L404/write-off", "tok-ketua", `{"decision":"SK-9"}`, http.StatusConflict},
		{"/loans/L404/settlement", "tok-teller", `{}`, http.StatusConflict},
	} {
		r := f.post(Prefix+c.path, c.token, "k-"+c.path+c.body, c.body)
		assert.Equal(t, c.status, r.status, c.path+" "+c.body+": "+string(r.body))
	}
	assert.Equal(t, before, f.events())

	r = f.post(Prefix+"/loans/review", "tok-bendahara", "review-1", `{"as_of":"2026-03-02"}`)
	require.Contains(t, []int{http.StatusOK, http.StatusCreated}, r.status, string(r.body))
	var rev ReviewJSON
	require.NoError(t, json.Unmarshal(r.body, &rev))
	assert.Equal(t, "2026-03-02", rev.AsOf)
	assert.Equal(t, 0, rev.Loans, "an application is not an active loan")
}
