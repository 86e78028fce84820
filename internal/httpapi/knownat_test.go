package httpapi

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// TestStatementAsKnownAt: a statement as the books were known at an
// instant, or at the end of a date, leaves out what was recorded later,
// even when it is dated earlier.
func TestStatementAsKnownAt(t *testing.T) {
	f := newFixture(t)
	path := Prefix + "/reports/trial-balance?as_of=2026-03-02"
	first := f.do(http.MethodGet, path, "tok-pengawas", "")
	require.Equal(t, http.StatusOK, first.status, string(first.body))

	// Two days later, a deposit dated 2 March is recorded.
	later := app.New(f.store, app.Options{Clock: func() time.Time { return now.Add(48 * time.Hour) }})
	_, err := later.Deposit(context.Background(), "setup", coopA, "m1", savings.Sukarela, money.New(5_000), calendar.MustNew(2026, 3, 2), "LATE-1")
	require.NoError(t, err)
	r := f.do(http.MethodGet, path, "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.NotEqual(t, string(first.body), string(r.body), "the deposit is in the books")

	for _, at := range []string{"2026-03-03", "2026-03-02T10:00:00Z", "2026-03-03T23:00:00%2B07:00"} {
		r = f.do(http.MethodGet, path+"&as_known_at="+at, "tok-pengawas", "")
		require.Equal(t, http.StatusOK, r.status, at+": "+string(r.body))
		assert.Equal(t, string(first.body), string(r.body), at)
	}
	r = f.do(http.MethodGet, path+"&as_known_at=2026-03-05", "tok-pengawas", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.NotEqual(t, string(first.body), string(r.body), "known by the 5th")
	r = f.do(http.MethodGet, path+"&as_known_at=kemarin", "tok-pengawas", "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, "as_known_at", r.json(t)["field"])
}

// TestLoanAndMemberReportsAsKnownAt: the loan reports, the balances and
// prudential compliance read as known at an instant leave out a
// repayment and a deposit recorded later but dated earlier.
func TestLoanAndMemberReportsAsKnownAt(t *testing.T) {
	f := newFixture(t)
	for _, step := range []struct{ path, token, key, body string }{
		{"/journal", "tok-bendahara", "grant-1", `{"memo":"hibah","date":"2026-02-01","lines":[{"account":"1-1100","side":"debit","amount":"100000000"},{"account":"3-3100","side":"credit","amount":"100000000"}]}`},
		{"/loans", "tok-teller", "apply-1", `{"loan":"L1","member":"m1","product":"umum","amount":"1200000","date":"2026-03-01"}`},
		{"/loans/L1/approvals", "tok-ketua", "approve-1", `{"role":"ketua","date":"2026-03-01"}`},
		{"/loans/L1/disbursement", "tok-teller", "disb-1", `{"date":"2026-03-01"}`},
	} {
		r := f.post(Prefix+step.path, step.token, step.key, step.body)
		require.Equal(t, http.StatusCreated, r.status, step.path+": "+string(r.body))
	}
	paths := []string{
		"/reports/portfolio?as_of=2026-03-02",
		"/reports/aging?as_of=2026-03-02",
		"/reports/collectibility?as_of=2026-03-02",
		"/reports/lending-limits?as_of=2026-03-02",
		"/reports/balances?as_of=2026-03-02",
		"/reports/kepatuhan?as_of=2026-03-02",
		"/reports/kalender?year=2026&as_of=2026-03-02",
	}
	first := map[string]string{}
	for _, p := range paths {
		r := f.do(http.MethodGet, Prefix+p, "tok-pengawas", "")
		require.Equal(t, http.StatusOK, r.status, p+": "+string(r.body))
		first[p] = string(r.body)
	}

	// Two days later, a repayment and a deposit dated 2 March are recorded.
	later := app.New(f.store, app.Options{Clock: func() time.Time { return now.Add(48 * time.Hour) }})
	ctx := context.Background()
	_, err := later.RepayLoan(ctx, "setup", coopA, "L1", "BAYAR-1", money.New(600_000), calendar.MustNew(2026, 3, 2))
	require.NoError(t, err)
	_, err = later.Deposit(ctx, "setup", coopA, "m1", savings.Sukarela, money.New(5_000), calendar.MustNew(2026, 3, 2), "LATE-1")
	require.NoError(t, err)
	for _, p := range []string{"/reports/portfolio?as_of=2026-03-02", "/reports/lending-limits?as_of=2026-03-02", "/reports/balances?as_of=2026-03-02"} {
		r := f.do(http.MethodGet, Prefix+p, "tok-pengawas", "")
		require.Equal(t, http.StatusOK, r.status, p+": "+string(r.body))
		assert.NotEqual(t, first[p], string(r.body), p+": the late records are in")
	}
	for _, p := range paths {
		r := f.do(http.MethodGet, Prefix+p+"&as_known_at=2026-03-03", "tok-pengawas", "")
		require.Equal(t, http.StatusOK, r.status, p+": "+string(r.body))
		assert.Equal(t, first[p], string(r.body), p)
	}
	r := f.do(http.MethodGet, Prefix+"/reports/portfolio?as_known_at=besok", "tok-pengawas", "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, "as_known_at", r.json(t)["field"])
	// Before the cooperative's first record nothing was known of it.
	r = f.do(http.MethodGet, Prefix+"/reports/portfolio?as_known_at=2026-01-01", "tok-pengawas", "", "Accept-Language", "en")
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, "as_known_at", r.json(t)["field"])
	assert.Contains(t, r.json(t)["message"], "nothing was recorded before it")
}
