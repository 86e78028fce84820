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
	"github.com/lumbung-ledger/lumbung/internal/app"
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

func TestReverseJournalEntry(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.svc.PostJournal(ctx, "bendahara", coop, "", app.Journal{Ref: "ATK-1", Memo: "beli ATK", On: d26(time.February, 3), Lines: []ledger.Line{
		{Account: "5-1100", Side: ledger.Debit, Amount: money.New(150_000)}, {Account: "1-1100", Side: ledger.Credit, Amount: money.New(150_000)}}})
	require.NoError(t, err)
	_, err = f.svc.Deposit(ctx, "teller", coop, "M0001", savings.Sukarela, money.New(100_000), d26(time.February, 10), "SK-2")
	require.NoError(t, err)
	assert.Contains(t, f.get("bendahara", "/journal").Body.String(), `action="/journal/reverse"`)

	form := url.Values{"reverse_ref": {"ATK-1"}, "reason": {"salah akun"}}
	n := f.events()
	for _, user := range []string{"teller", "ketua", "auditor", "admin", "siti"} {
		assert.Equalf(t, http.StatusForbidden, f.post(user, "/journal/reverse", key1, form).Code, user)
	}
	assert.Equal(t, http.StatusForbidden, f.post("bendahara", "/journal/reverse", key1, url.Values{"csrf": {"salah"}, "reverse_ref": {"ATK-1"}, "reason": {"x"}}).Code)
	assert.Equal(t, n, f.events())

	// A member's transaction, another cooperative's entry or an unknown
	// reference is not the journal's; a bad date is refused.
	for i, bad := range []url.Values{
		{"reverse_ref": {"SK-2"}, "reason": {"x"}},
		{"reverse_ref": {"SK-LAIN"}, "reason": {"x"}},
		{"reverse_ref": {"TIDAKADA"}, "reason": {"x"}},
		{"reverse_ref": {"ATK-1"}, "reason": {"x"}, "reverse_date": {"kemarin"}},
	} {
		w := f.post("bendahara", "/journal/reverse", "e000000000000000000000000000000"+string(rune('a'+i)), bad)
		assert.Equalf(t, http.StatusUnprocessableEntity, w.Code, "%d", i)
		assert.Containsf(t, w.Body.String(), `class="error"`, "%d", i)
		assert.Equal(t, n, f.events())
	}

	w := f.post("bendahara", "/journal/reverse", key1, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/reports/ledger-journal?ref=ATK-1", w.Header().Get("Location"))
	assert.Equal(t, n+1, f.events())
	assert.Equal(t, http.StatusOK, f.get("bendahara", w.Header().Get("Location")).Code)
	n = f.events()
	assert.Equal(t, http.StatusSeeOther, f.post("bendahara", "/journal/reverse", key1, form).Code)
	assert.Equal(t, n, f.events(), "a resubmission writes nothing")
	// Reversing it again with a new form is refused with the message.
	w = f.post("bendahara", "/journal/reverse", key2, form)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), `class="error"`)
	assert.Equal(t, n, f.events())
}
