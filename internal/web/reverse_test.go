package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

func TestReverseFromThePassbook(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.svc.Deposit(ctx, "teller", coop, "M0001", savings.Sukarela, money.New(100_000), d26(time.February, 10), "SK-2")
	require.NoError(t, err)
	body := f.get("teller", "/members/M0001").Body.String()
	assert.Contains(t, body, `action="/members/M0001/reverse"`)
	assert.Contains(t, body, `name="ref" value="SK-2"`)
	for _, user := range []string{"ketua", "auditor"} {
		assert.NotContainsf(t, f.get(user, "/members/M0001").Body.String(), `/reverse"`, user)
	}
	assert.NotContains(t, f.get("siti", "/members/M0001").Body.String(), `/reverse"`)

	form := url.Values{"ref": {"SK-2"}, "reason": {"salah input"}}
	for _, user := range []string{"ketua", "auditor", "siti", "admin"} {
		n := f.events()
		assert.Equalf(t, http.StatusForbidden, f.post(user, "/members/M0001/reverse", key1, form).Code, user)
		assert.Equal(t, n, f.events())
	}
	n := f.events()
	assert.Equal(t, http.StatusForbidden, f.post("teller", "/members/M0001/reverse", key1, url.Values{"csrf": {"salah"}, "ref": {"SK-2"}, "reason": {"x"}}).Code)
	assert.Equal(t, n, f.events())

	// Another member's reference, or another cooperative's, is not this
	// passbook's.
	for _, ref := range []string{"SK-LAIN", "ADM-M0002", "TIDAKADA"} {
		w := f.post("teller", "/members/M0002/reverse", key1, url.Values{"ref": {ref}, "reason": {"x"}})
		assert.Equalf(t, http.StatusUnprocessableEntity, w.Code, ref)
		assert.Equal(t, n, f.events())
	}
	w := f.post("teller", "/members/M0002/reverse", key1, url.Values{"ref": {"SK-1"}, "reason": {"x"}})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code, "SK-1 is Siti's")
	assert.Equal(t, n, f.events())

	w = f.post("teller", "/members/M0001/reverse", key1, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/members/M0001", w.Header().Get("Location"))
	n = f.events()
	assert.Equal(t, http.StatusSeeOther, f.post("teller", "/members/M0001/reverse", key1, form).Code)
	assert.Equal(t, n, f.events(), "a resubmission writes nothing")
	st, err := f.svc.Member(ctx, coop, "M0001")
	require.NoError(t, err)
	assert.Equal(t, "500000", st.Account(savings.Sukarela).BalanceAt(d26(time.March, 1)).String())
	body = f.get("teller", "/members/M0001").Body.String()
	assert.NotContains(t, body, `name="ref" value="SK-2"`, "a reversed line offers no second reversal")
	assert.Contains(t, body, "salah input")

	// Reversing it again with a new form is refused with the message.
	w = f.post("teller", "/members/M0001/reverse", key2, form)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), `class="error"`)
	assert.Equal(t, n, f.events())

	// A deposit of a closed month is refused.
	_, err = f.svc.ClosePeriod(ctx, "bendahara", coop, ledger.Month{Year: 2026, Month: time.January})
	require.NoError(t, err)
	n = f.events()
	w = f.post("bendahara", "/members/M0001/reverse", key3, url.Values{"ref": {"SK-1"}, "reason": {"salah"}})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), `class="error"`)
	assert.Contains(t, w.Body.String(), "Siti Rahayu")
	assert.Equal(t, n, f.events())
}
