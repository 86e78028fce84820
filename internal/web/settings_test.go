package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	key5 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	key6 = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	key7 = "13579bdf02468ace13579bdf02468ace"
)

// TestSettingsChangeThePolicyAndTheChart: whoever may configure adopts a
// policy version and changes the chart from the settings page; a refused
// change shows the page again with the message and what was typed, and
// writes nothing; whoever may not is refused.
func TestSettingsChangeThePolicyAndTheChart(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	page := f.get("ketua", "/settings")
	require.Equal(t, http.StatusOK, page.Code)
	for _, form := range []string{`action="/settings/policy"`, `action="/settings/accounts"`, `action="/settings/accounts/rename"`, `action="/settings/accounts/close"`, `action="/settings/units"`} {
		assert.Contains(t, page.Body.String(), form)
	}
	page = f.get("pengawas", "/settings")
	require.Equal(t, http.StatusOK, page.Code)
	assert.NotContains(t, page.Body.String(), `action="/settings/policy"`, "the pengawas reads, changes nothing")

	before := f.events()
	for _, bad := range []struct {
		path string
		form url.Values
		want string
	}{
		{"/settings/policy", url.Values{"from": {"2026-04-01"}, "pokok": {"lima"}, "decision": {"SK-9"}}, `value="lima"`},
		{"/settings/policy", url.Values{"from": {"kemarin"}, "decision": {"SK-9"}}, `value="kemarin"`},
		{"/settings/accounts", url.Values{"account_code": {"5-5400"}, "account_name": {"Beban transport"}, "class": {"bukan"}}, `value="Beban transport"`},
		{"/settings/accounts", url.Values{"account_code": {"x-1"}, "account_name": {"Beban transport"}, "class": {"expense"}}, `value="x-1"`},
		{"/settings/accounts/close", url.Values{"code": {"1-1100"}}, `class="error"`},
		{"/settings/units", url.Values{"unit_code": {"Klinik Sehat!"}, "unit_name": {"Klinik"}}, `value="Klinik Sehat!"`},
		{"/settings/products", url.Values{"code": {"modal"}, "name": {"Modal usaha"}, "method": {"anuitas"}, "rate": {"banyak"}, "months": {"12"}}, `value="banyak"`},
		{"/settings/products", url.Values{"code": {"modal"}, "name": {"Modal usaha"}, "method": {"anuitas"}, "rate": {"18%"}, "months": {"dua belas"}}, `value="dua belas"`},
		{"/settings/products", url.Values{"code": {"modal"}, "name": {"Modal usaha"}, "method": {"anuitas"}, "rate": {"18%"}, "months": {"12"}, "approvals": {"5000000:raja"}}, `5000000:raja`},
	} {
		w := f.post("ketua", bad.path, key3, bad.form)
		assert.Equal(t, http.StatusUnprocessableEntity, w.Code, bad.path+" "+bad.form.Encode())
		assert.Contains(t, w.Body.String(), `class="error"`, bad.path)
		assert.Contains(t, w.Body.String(), bad.want, bad.path)
	}
	assert.Equal(t, before, f.events(), "nothing written")
	for _, user := range []string{"teller", "bendahara", "pengawas", "siti"} {
		w := f.post(user, "/settings/policy", key3, url.Values{"from": {"2026-04-01"}, "pokok": {"150000"}, "decision": {"SK-9"}})
		assert.Equal(t, http.StatusForbidden, w.Code, user)
	}
	assert.Equal(t, before, f.events(), "nothing written")

	w := f.post("ketua", "/settings/policy", key1, url.Values{"from": {"2026-04-01"}, "pokok": {"150.000"}, "decision": {"SK-9/2026"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/settings#policy", w.Header().Get("Location"))
	st, err := f.svc.Cooperative(ctx, coop)
	require.NoError(t, err)
	latest, _ := st.Policies.Latest()
	assert.Equal(t, "150000", latest.Policy.Pokok.String())
	assert.Equal(t, "2026-04-01", latest.From.String())
	again := f.post("ketua", "/settings/policy", key1, url.Values{"from": {"2026-04-01"}, "pokok": {"150.000"}, "decision": {"SK-9/2026"}})
	assert.Equal(t, http.StatusSeeOther, again.Code)
	assert.Equal(t, before+1, f.events(), "a resubmitted form writes nothing more")

	w = f.post("admin", "/settings/accounts", key2, url.Values{"account_code": {"5-5400"}, "account_name": {"Beban transport"}, "account_name_en": {"Transport expense"}, "class": {"expense"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	w = f.post("admin", "/settings/accounts/rename", key4, url.Values{"code": {"5-5400"}, "name": {"Beban angkutan"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	w = f.post("admin", "/settings/accounts/close", key5, url.Values{"code": {"5-5400"}, "date": {"2026-03-01"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	w = f.post("admin", "/settings/units", key6, url.Values{"unit_code": {"klinik"}, "unit_name": {"Klinik"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	st, err = f.svc.Cooperative(ctx, coop)
	require.NoError(t, err)
	a, ok := st.Chart.Account("5-5400")
	require.True(t, ok)
	assert.Equal(t, "Beban angkutan", a.Name)
	assert.False(t, a.Closed.IsZero())
	assert.Equal(t, "klinik", st.Chart.Units()[len(st.Chart.Units())-1].Code)
	w = f.post("ketua", "/settings/products", key7, url.Values{"code": {"modal"}, "name": {"Modal usaha"}, "method": {"anuitas"}, "rate": {"18%"},
		"months": {"12"}, "max_months": {"24"}, "max-plafond": {"10.000.000"}, "approvals": {"5000000:ketua\r\n0:ketua,pengawas\r\n"}, "product_from": {"2026-03-01"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/settings#products", w.Header().Get("Location"))
	st, err = f.svc.Cooperative(ctx, coop)
	require.NoError(t, err)
	v, ok := st.Products.Latest("modal")
	require.True(t, ok)
	assert.Equal(t, "0.18", v.Product.AnnualRate.String())
	assert.Equal(t, 24, v.Product.MaxMonths)
	assert.Equal(t, "10000000", v.Product.MaxPlafond.String())
	assert.Len(t, v.Product.Approvals, 2)
	assert.Equal(t, before+6, f.events())
	page = f.get("admin", "/settings")
	assert.Contains(t, page.Body.String(), "Beban angkutan")
}
