package httpapi

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPolicy: the policy's versions are read by every officer; a new
// version keeps the terms not given; bad values write nothing.
func TestPolicy(t *testing.T) {
	f := newFixture(t)
	r := f.do(http.MethodGet, Prefix+"/policy", "tok-auditor", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var pol PoliciesJSON
	require.NoError(t, json.Unmarshal(r.body, &pol))
	require.Len(t, pol.Versions, 1)
	before := f.events()
	for body, field := range map[string]string{
		`{"from":"2026-04-01","pokok":"x"}`:   "pokok",
		`{"from":"2026-02-30"}`:               "from",
		`{"pokok":"60000"}`:                   "from",
		`{"from":"2026-04-01","wajib":"1,5"}`: "wajib",
	} {
		r := f.post(Prefix+"/policy", "tok-admin", fmt.Sprintf("bad-%d", len(body)), body)
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, body+": "+string(r.body))
		assert.Equal(t, field, r.json(t)["field"], body)
	}
	assert.Equal(t, before, f.events())
	r = f.post(Prefix+"/policy", "tok-admin", "policy-1", `{"from":"2026-04-01","wajib":"20000","decision":"RAT-2026"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.do(http.MethodGet, Prefix+"/policy", "tok-admin", "")
	require.NoError(t, json.Unmarshal(r.body, &pol))
	require.Len(t, pol.Versions, 2)
	assert.Equal(t, "2026-04-01", pol.Versions[1].From)
	assert.Equal(t, "20000", pol.Versions[1].Wajib)
	assert.Equal(t, pol.Versions[0].Pokok, pol.Versions[1].Pokok, "a term not given stays")
}

// TestLoanProductDefinition: a product is defined from its written
// terms and listed; a wrong term is named by its JSON field.
func TestLoanProductDefinition(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	for body, field := range map[string]string{
		`{"code":"usaha","name":"Usaha","method":"lurus","rate":"18%","months":12}`:                        "method",
		`{"code":"usaha","name":"Usaha","method":"flat","rate":"x","months":12}`:                           "rate",
		`{"code":"usaha","name":"Usaha","method":"flat","rate":"18%","months":12,"max_plafond":"banyak"}`:  "max_plafond",
		`{"code":"usaha","name":"Usaha","method":"flat","rate":"18%","months":12,"approvals":["5000000"]}`: "approvals",
		`{"code":"usaha","name":"Usaha","method":"flat","rate":"18%","months":12,"from":"2026-02-30"}`:     "from",
	} {
		r := f.post(Prefix+"/loan-products", "tok-pengurus", fmt.Sprintf("bad-%d", len(body)), body)
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, body+": "+string(r.body))
		assert.Equal(t, field, r.json(t)["field"], body)
	}
	assert.Equal(t, before, f.events())
	body := `{"code":"usaha","name":"Pinjaman usaha","method":"menurun","rate":"18%","months":12,"max_months":24,"provisi":"1%","approvals":["0:ketua"],"from":"2026-03-01"}`
	r := f.post(Prefix+"/loan-products", "tok-pengurus", "product-1", body)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.do(http.MethodGet, Prefix+"/loan-products", "tok-teller", "")
	var list ProductsJSON
	require.NoError(t, json.Unmarshal(r.body, &list))
	var found *ProductJSON
	for i := range list.Products {
		if list.Products[i].Code == "usaha" {
			found = &list.Products[i]
		}
	}
	require.NotNil(t, found, string(r.body))
	assert.Equal(t, "0.18", found.AnnualRate)
	assert.Equal(t, 24, found.MaxMonths)
	assert.Equal(t, "menurun", found.Method)
}

// TestChartOfAccounts: the chart is listed as a statement and a CSV;
// an account is added, renamed and closed; a wrong class or an account
// with a balance is refused with nothing written.
func TestChartOfAccounts(t *testing.T) {
	f := newFixture(t)
	r := f.do(http.MethodGet, Prefix+"/accounts", "tok-teller", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var chart StatementJSON
	require.NoError(t, json.Unmarshal(r.body, &chart))
	assert.NotEmpty(t, chart.Lines)
	r = f.do(http.MethodGet, Prefix+"/accounts?format=csv", "tok-teller", "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, string(r.body), "1-1100")

	before := f.events()
	r = f.post(Prefix+"/accounts", "tok-admin", "acc-bad", `{"code":"1-1201","name":"Bank BRI","class":"gold"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	r = f.post(Prefix+"/accounts/1-1100/close", "tok-admin", "close-kas", `{}`)
	assert.Equal(t, http.StatusConflict, r.status, "kas has a balance: "+string(r.body))
	assert.Equal(t, before, f.events())

	r = f.post(Prefix+"/accounts", "tok-admin", "acc-1", `{"code":"1-1201","name":"Bank BRI","class":"asset","cash":true}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.post(Prefix+"/accounts/1-1201/rename", "tok-admin", "rename-1", `{"name":"Bank BRI Unit Desa"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.post(Prefix+"/accounts/1-1201/close", "tok-admin", "close-1", `{"date":"2026-03-02"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var res ResultJSON
	require.NoError(t, json.Unmarshal(r.body, &res))
	require.NotEmpty(t, res.Events)
	assert.Equal(t, "user-admin", res.Events[0].Actor)
	r = f.do(http.MethodGet, Prefix+"/accounts?format=csv", "tok-teller", "")
	assert.Contains(t, string(r.body), "Bank BRI Unit Desa")
}

// TestKeyRegistration: a malformed key writes nothing; a key is
// registered once; then an unsigned seal is refused.
func TestKeyRegistration(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	r := f.post(Prefix+"/keys", "tok-ketua", "key-bad", `{"public_key":"abcd","decision":"SK-K"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, "public_key", r.json(t)["field"])
	assert.Equal(t, before, f.events())
	key := hex.EncodeToString([]byte(strings.Repeat("k", 32)))
	r = f.post(Prefix+"/keys", "tok-ketua", "key-1", `{"public_key":"`+key+`","decision":"SK-K"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.post(Prefix+"/audit/seal", "tok-ketua", "seal-1", `{}`)
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
}

// TestSHUPolicy: the SHU terms are adopted from their written pools,
// which must sum to 100; the versions are read back with their pools'
// accounts.
func TestSHUPolicy(t *testing.T) {
	f := newFixture(t)
	r := f.do(http.MethodGet, Prefix+"/shu-policy", "tok-teller", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var pol SHUPoliciesJSON
	require.NoError(t, json.Unmarshal(r.body, &pol))
	assert.Empty(t, pol.Versions)
	before := f.events()
	for _, c := range []struct{ body, field string }{
		{`{"decision":"AD-1"}`, "pools"},
		{`{"decision":"AD-1","pools":["cadangan:x"]}`, "pools"},
		{`{"decision":"AD-1","default":true,"quorum":"half"}`, "quorum"},
		{`{"decision":"AD-1","default":true,"non_member_reserve":"1e2"}`, "non_member_reserve"},
		{`{"decision":"AD-1","pools":["cadangan:60","jasa-modal:30"]}`, ""},
	} {
		r := f.post(Prefix+"/shu-policy", "tok-admin", fmt.Sprintf("bad-%d", len(c.body)), c.body)
		assert.Equal(t, http.StatusUnprocessableEntity, r.status, c.body+": "+string(r.body))
		if c.field != "" {
			assert.Equal(t, c.field, r.json(t)["field"], c.body)
		}
	}
	assert.Equal(t, before, f.events())
	r = f.post(Prefix+"/shu-policy", "tok-admin", "shu-1", `{"decision":"AD-1","from":"2025-01-01","pools":["cadangan:40","jasa-modal:20","jasa-usaha:40"],"quorum":"0.6"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = f.do(http.MethodGet, Prefix+"/shu-policy", "tok-teller", "")
	require.NoError(t, json.Unmarshal(r.body, &pol))
	require.Len(t, pol.Versions, 1)
	v := pol.Versions[0]
	assert.Equal(t, "2025-01-01", v.From)
	assert.Equal(t, "0.6", v.Quorum)
	require.Len(t, v.Pools, 3)
	assert.Equal(t, "cadangan", v.Pools[0].Key)
	assert.Equal(t, "reserve", v.Pools[0].Kind)
	assert.NotEmpty(t, v.Pools[0].Account)
	assert.Equal(t, "interest-paid", v.Pools[2].Basis)
}
