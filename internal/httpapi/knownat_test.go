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
