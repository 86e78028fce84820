package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

func TestSHUAndRATForms(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	_, err := f.svc.AdoptSHUPolicy(ctx, "ketua", coop, "AD-SHU", shu.Default(), calendar.MustNew(2025, time.January, 1))
	require.NoError(t, err)
	// A member of 2025 saving, and the year's income.
	on25 := func(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }
	_, err = f.svc.Admit(ctx, "teller", coop, "M0025", "Sari Lama", on25(time.January, 5), "ADM-M0025", true)
	require.NoError(t, err)
	for m := time.January; m <= time.December; m++ {
		_, err = f.svc.Deposit(ctx, "teller", coop, "M0025", savings.Wajib, money.New(10_000), on25(m, 10), "W25-"+m.String())
		require.NoError(t, err)
	}
	_, err = f.svc.PostJournal(ctx, "bendahara", coop, "", app.Journal{Ref: "JASA-25", Memo: "jasa", On: on25(time.June, 30), Lines: []ledger.Line{
		{Account: "1-1100", Side: ledger.Debit, Amount: money.New(5_000_000)}, {Account: "4-1200", Side: ledger.Credit, Amount: money.New(5_000_000)}}})
	require.NoError(t, err)

	// Compute: the bendahara's, and refused while the year is open.
	body := f.get("bendahara", "/shu?year=2025").Body.String()
	assert.Contains(t, body, `action="/shu/compute"`)
	assert.NotContains(t, f.get("ketua", "/shu?year=2025").Body.String(), `action="/shu/compute"`)
	compute := url.Values{"year": {"2025"}}
	for _, user := range []string{"ketua", "teller", "auditor", "siti"} {
		n := f.events()
		assert.Equalf(t, http.StatusForbidden, f.post(user, "/shu/compute", key1, compute).Code, user)
		assert.Equal(t, n, f.events())
	}
	n := f.events()
	w := f.post("bendahara", "/shu/compute", key1, compute)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), `class="error"`)
	assert.Equal(t, n, f.events())
	w = f.post("bendahara", "/shu/compute", key1, url.Values{"year": {"dua"}})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)

	for m := time.January; m <= time.December; m++ {
		_, err = f.svc.ClosePeriod(ctx, "bendahara", coop, ledger.Month{Year: 2025, Month: m})
		require.NoError(t, err)
	}
	_, err = f.svc.CloseYear(ctx, "bendahara", coop, 2025)
	require.NoError(t, err)
	w = f.post("bendahara", "/shu/compute", key1, compute)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/shu?year=2025", w.Header().Get("Location"))
	n = f.events()
	assert.Equal(t, http.StatusSeeOther, f.post("bendahara", "/shu/compute", key1, compute).Code)
	assert.Equal(t, n, f.events(), "a resubmission writes nothing")
	y, err := f.svc.YearEnd(ctx, coop, 2025)
	require.NoError(t, err)
	require.NotNil(t, y)

	// Convene: the ketua's.
	body = f.get("ketua", "/shu?year=2025").Body.String()
	assert.Contains(t, body, `action="/shu/convene"`)
	assert.NotContains(t, f.get("bendahara", "/shu?year=2025").Body.String(), `action="/shu/convene"`)
	convene := url.Values{"year": {"2025"}, "date": {"2026-03-01"}, "decision": {"UND-RAT-2025"}}
	n = f.events()
	assert.Equal(t, http.StatusForbidden, f.post("bendahara", "/shu/convene", key2, convene).Code)
	assert.Equal(t, n, f.events())
	w = f.post("ketua", "/shu/convene", key2, convene)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	n = f.events()
	assert.Equal(t, http.StatusSeeOther, f.post("ketua", "/shu/convene", key2, convene).Code)
	assert.Equal(t, n, f.events())
	y, _ = f.svc.YearEnd(ctx, coop, 2025)
	require.NotNil(t, y.Meeting)

	// Resolutions: the digest is offered; a resolution without its
	// number is refused.
	body = f.get("ketua", "/shu?year=2025").Body.String()
	assert.Contains(t, body, `action="/shu/resolve"`)
	assert.Contains(t, body, y.Fingerprint)
	approve := url.Values{"year": {"2025"}, "kind": {cooperative.ApproveSHU}, "for": {"2"}, "against": {"0"}, "shu": {y.Fingerprint},
		"payout": {cooperative.PayoutSukarela}, "decision": {"RAT-2025/3"}}
	bad := cloneForm(approve)
	bad.Set("decision", "")
	w = f.post("ketua", "/shu/resolve", key3, bad)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), `class="error"`)
	assert.Equal(t, n, f.events())
	bad = cloneForm(approve)
	bad.Set("for", "-1")
	assert.Equal(t, http.StatusUnprocessableEntity, f.post("ketua", "/shu/resolve", key3, bad).Code)
	assert.Equal(t, n, f.events())
	// Without the quorum, refused with the figures.
	w = f.post("ketua", "/shu/resolve", key3, approve)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), "kuorum")
	assert.Equal(t, n, f.events())
	// Attendance: the board's, as lumbung rat attend records it.
	assert.Contains(t, body, `action="/shu/attend"`)
	assert.NotContains(t, f.get("bendahara", "/shu?year=2025").Body.String(), `action="/shu/attend"`)
	present := url.Values{"year": {"2025"}, "members": {"M0001"}, "mode": {cooperative.Present}}
	for _, user := range []string{"bendahara", "teller", "pengawas", "auditor", "siti"} {
		assert.Equalf(t, http.StatusForbidden, f.post(user, "/shu/attend", "c0000000000000000000000000000001", present).Code, user)
	}
	assert.Equal(t, http.StatusForbidden, f.post("ketua", "/shu/attend", "c0000000000000000000000000000001", url.Values{"csrf": {""}, "year": {"2025"}, "members": {"M0001"}}).Code)
	assert.Equal(t, n, f.events())
	for i, bad := range []url.Values{
		{"year": {"2025"}, "members": {"bukan anggota"}, "mode": {cooperative.Present}},
		{"year": {"2025"}, "members": {""}, "mode": {cooperative.Present}},
		{"year": {"2025"}, "members": {"M0025"}, "mode": {cooperative.Proxy}},
		{"year": {"2025"}, "members": {"M0025"}, "mode": {"telepati"}},
	} {
		w = f.post("ketua", "/shu/attend", "c000000000000000000000000000001"+string(rune('a'+i)), bad)
		assert.Equalf(t, http.StatusUnprocessableEntity, w.Code, "%d", i)
		assert.Containsf(t, w.Body.String(), `class="error"`, "%d", i)
		assert.Equal(t, n, f.events())
	}
	w = f.post("ketua", "/shu/attend", "c0000000000000000000000000000001", present)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/shu?year=2025", w.Header().Get("Location"))
	assert.Greater(t, f.events(), n)
	n = f.events()
	assert.Equal(t, http.StatusSeeOther, f.post("ketua", "/shu/attend", "c0000000000000000000000000000001", present).Code)
	assert.Equal(t, n, f.events(), "a resubmission writes nothing")
	proxy := url.Values{"year": {"2025"}, "members": {"M0025"}, "mode": {cooperative.Proxy}, "by": {"M0001"}}
	require.Equal(t, http.StatusSeeOther, f.post("ketua", "/shu/attend", "c0000000000000000000000000000002", proxy).Code)
	y, _ = f.svc.YearEnd(ctx, coop, 2025)
	assert.Len(t, y.Attending, 2)
	assert.Equal(t, http.StatusForbidden, f.post("teller", "/shu/resolve", key3, approve).Code)
	n = f.events()
	w = f.post("ketua", "/shu/resolve", key3, approve)
	if w.Code == http.StatusSeeOther {
		n = f.events()
		assert.Equal(t, http.StatusSeeOther, f.post("ketua", "/shu/resolve", key3, approve).Code)
		assert.Equal(t, n, f.events())
		// Sari leaves before the distribution: her share is held.
		_, err = f.svc.Exit(ctx, "teller", coop, "M0025", d26(time.March, 1), "KELUAR-M0025", "pindah", "")
		require.NoError(t, err)
		// Distribute under the resolution.
		dist := url.Values{"year": {"2025"}, "date": {"2026-03-01"}, "decision": {"RAT-2025/3"}}
		assert.Contains(t, f.get("ketua", "/shu?year=2025").Body.String(), `action="/shu/distribute"`)
		assert.Equal(t, http.StatusForbidden, f.post("bendahara", "/shu/distribute", key4, dist).Code)
		w = f.post("ketua", "/shu/distribute", key4, dist)
		require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
		n = f.events()
		assert.Equal(t, http.StatusSeeOther, f.post("ketua", "/shu/distribute", key4, dist).Code)
		assert.Equal(t, n, f.events())
		y, _ = f.svc.YearEnd(ctx, coop, 2025)
		assert.NotNil(t, y.Distributed)
		assert.NotContains(t, f.get("ketua", "/shu?year=2025").Body.String(), `action="/shu/distribute"`)
		// The held share is paid in cash, by a recorder, from the SHU page
		// or the member's page.
		body = f.get("teller", "/shu?year=2025").Body.String()
		assert.Contains(t, body, `action="/shu/pay"`)
		assert.NotContains(t, f.get("ketua", "/shu?year=2025").Body.String(), `action="/shu/pay"`)
		assert.Contains(t, f.get("teller", "/members/M0025").Body.String(), `action="/members/M0025/shu-pay"`)
		assert.NotContains(t, f.get("teller", "/members/M0001").Body.String(), `action="/members/M0001/shu-pay"`)
		pay := url.Values{"year": {"2025"}, "member": {"M0025"}, "date": {"2026-03-01"}}
		n = f.events()
		for _, user := range []string{"ketua", "pengawas", "auditor", "siti"} {
			assert.Equalf(t, http.StatusForbidden, f.post(user, "/shu/pay", "d0000000000000000000000000000001", pay).Code, user)
			assert.Equalf(t, http.StatusForbidden, f.post(user, "/members/M0025/shu-pay", "d0000000000000000000000000000001", pay).Code, user)
		}
		assert.Equal(t, http.StatusForbidden, f.post("teller", "/shu/pay", "d0000000000000000000000000000001", url.Values{"csrf": {""}, "year": {"2025"}, "member": {"M0025"}}).Code)
		for i, bad := range []url.Values{
			{"year": {"2025"}, "member": {"M0001"}},
			{"year": {"2025"}, "member": {"M0002"}},
			{"year": {"2025"}, "member": {"M0025"}, "date": {"2026-02-01"}},
			{"year": {"2025"}, "member": {"M0025"}, "cash": {"9-9999"}},
		} {
			w = f.post("teller", "/shu/pay", "d000000000000000000000000000001"+string(rune('a'+i)), bad)
			assert.Equalf(t, http.StatusUnprocessableEntity, w.Code, "%d", i)
			assert.Containsf(t, w.Body.String(), `class="error"`, "%d", i)
			assert.Equal(t, n, f.events())
		}
		w = f.post("teller", "/members/M0025/shu-pay", "d000000000000000000000000000002a", url.Values{"year": {"2025"}, "date": {"2026-02-01"}})
		assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), `class="error"`)
		assert.Equal(t, n, f.events())
		w = f.post("teller", "/shu/pay", "d0000000000000000000000000000001", pay)
		require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
		assert.Equal(t, "/shu?year=2025", w.Header().Get("Location"))
		assert.Equal(t, n+1, f.events())
		n = f.events()
		assert.Equal(t, http.StatusSeeOther, f.post("teller", "/shu/pay", "d0000000000000000000000000000001", pay).Code)
		assert.Equal(t, n, f.events(), "a resubmission writes nothing")
		w = f.post("teller", "/members/M0025/shu-pay", "d0000000000000000000000000000002", url.Values{"year": {"2025"}})
		assert.Equal(t, http.StatusSeeOther, w.Code, "paid once: the member's page writes nothing more")
		assert.Equal(t, "/members/M0025", w.Header().Get("Location"))
		assert.Equal(t, n, f.events())
		assert.NotContains(t, f.get("teller", "/members/M0025").Body.String(), `action="/members/M0025/shu-pay"`)
		// Computing a distributed year again is refused in the page.
		w = f.post("bendahara", "/shu/compute", "b0000000000000000000000000000001", compute)
		assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), `class="error"`)
		assert.Equal(t, n, f.events())
	} else {
		t.Logf("resolve: %d %s", w.Code, w.Body.String())
		t.Fail()
	}
}
