package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
)

func TestOpenAPIDocumentsEveryRouteAndNothingElse(t *testing.T) {
	f := newFixture(t)
	r := f.do(http.MethodGet, Prefix+"/openapi.json", "", "")
	require.Equal(t, http.StatusOK, r.status)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(r.body, &doc))
	assert.Equal(t, "3.0.3", doc.OpenAPI)
	var documented, routed []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, rt := range f.api.Routes() {
		routed = append(routed, rt.Method+" "+Prefix+rt.Pattern)
		// The route is served: without credentials it answers 401, not 404.
		path := strings.NewReplacer("{member}", "m1", "{loan}", "L1", "{month}", "2025-01", "{year}", "2025", "{code}", "1-1100", "{user}", "user-teller", "{id}", "t1").Replace(rt.Pattern)
		got := f.do(rt.Method, Prefix+path, "", "")
		assert.Equal(t, http.StatusUnauthorized, got.status, rt.Method+" "+rt.Pattern)
	}
	slices.Sort(documented)
	slices.Sort(routed)
	assert.Equal(t, routed, documented)
	// Every schema referenced is defined.
	var full map[string]any
	require.NoError(t, json.Unmarshal(r.body, &full))
	schemas := full["components"].(map[string]any)["schemas"].(map[string]any)
	for _, ref := range refs(full) {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		assert.Contains(t, schemas, name)
	}
}

func refs(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "$ref" {
				out = append(out, s)
			}
			out = append(out, refs(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, refs(x)...)
		}
	}
	return out
}

// concrete fills a route's wildcards.
func concrete(pattern string) string {
	return Prefix + strings.NewReplacer("{member}", "m1", "{loan}", "L1", "{month}", "2025-01", "{year}", "2025", "{code}", "1-1100", "{user}", "user-teller", "{id}", "t1").Replace(pattern)
}

// TestAuthorizationMatrix sends every route with every role's token: a
// role without the route's action is refused with 403 and nothing is
// written; a role with it gets past authorisation; nobody without
// credentials gets in.
func TestAuthorizationMatrix(t *testing.T) {
	f := newFixture(t)
	for _, rt := range f.api.Routes() {
		for _, role := range access.Roles() {
			name := fmt.Sprintf("%s %s as %s", rt.Method, rt.Pattern, role)
			before := f.events()
			var r reply
			if rt.Method == http.MethodPost {
				r = f.post(concrete(rt.Pattern), "tok-"+string(role), "matrix-"+string(role)+"-"+rt.Pattern, "{}")
			} else {
				r = f.do(rt.Method, concrete(rt.Pattern), "tok-"+string(role), "")
			}
			if !access.Allowed([]access.Role{role}, rt.Action) {
				assert.Equal(t, http.StatusForbidden, r.status, name)
				assert.Equal(t, "forbidden", r.json(t)["code"], name)
				assert.Equal(t, before, f.events(), name)
				continue
			}
			assert.NotContains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, r.status, name+": "+string(r.body))
		}
	}
}

// TestAnggotaSeesOnlyTheirOwn: a member reaches their own data and no
// one else's; lists hold only their own rows.
func TestAnggotaSeesOnlyTheirOwn(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/members/m1", "/members/m1/passbook"} {
		assert.Equal(t, http.StatusOK, f.do(http.MethodGet, Prefix+p, "tok-anggota", "").status, p)
	}
	for _, p := range []string{"/members/m2", "/members/m2/passbook", "/members/m9"} {
		r := f.do(http.MethodGet, Prefix+p, "tok-anggota", "")
		assert.Equal(t, http.StatusForbidden, r.status, p)
	}
	r := f.do(http.MethodGet, Prefix+"/members", "tok-anggota", "")
	require.Equal(t, http.StatusOK, r.status)
	var list MembersJSON
	require.NoError(t, json.Unmarshal(r.body, &list))
	require.Len(t, list.Members, 1)
	assert.Equal(t, "m1", list.Members[0].Member)
	// Nothing of another cooperative: B's member is unknown to A's officers.
	r = f.do(http.MethodGet, Prefix+"/members/m9", "tok-bendahara", "")
	assert.Equal(t, http.StatusNotFound, r.status)
	r = f.do(http.MethodGet, Prefix+"/members", "tok-b", "")
	require.NoError(t, json.Unmarshal(r.body, &list))
	require.Len(t, list.Members, 1)
	assert.Equal(t, "m9", list.Members[0].Member)
}

func TestUnauthenticated(t *testing.T) {
	f := newFixture(t)
	for _, tok := range []string{"", "wrong"} {
		r := f.do(http.MethodGet, Prefix+"/members", tok, "")
		assert.Equal(t, http.StatusUnauthorized, r.status)
		assert.Equal(t, "unauthenticated", r.json(t)["code"])
	}
}

func TestCookieNeedsCSRF(t *testing.T) {
	f := newFixture(t)
	cookie := "lumbung_session=sess-teller"
	r := f.do(http.MethodGet, Prefix+"/members", "", "", "Cookie", cookie)
	assert.Equal(t, http.StatusOK, r.status)
	before := f.events()
	body := `{"product":"sukarela","amount":"5000"}`
	r = f.post(Prefix+"/members/m1/deposits", "", "k-csrf", body, "Cookie", cookie)
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "csrf", r.json(t)["code"])
	r = f.post(Prefix+"/members/m1/deposits", "", "k-csrf", body, "Cookie", cookie, "X-CSRF-Token", "wrong")
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, before, f.events())
	r = f.post(Prefix+"/members/m1/deposits", "", "k-csrf", body, "Cookie", cookie, "X-CSRF-Token", "csrf-123")
	assert.Equal(t, http.StatusCreated, r.status, string(r.body))
	assert.Equal(t, before+1, f.events())
}

func TestBadInputWritesNothing(t *testing.T) {
	f := newFixture(t)
	path := Prefix + "/members/m1/deposits"
	cases := []struct {
		name   string
		body   string
		hdr    []string
		status int
		code   string
		field  string
	}{
		{"malformed", `{"product":`, nil, 400, "malformed_json", ""},
		{"two values", `{"product":"sukarela","amount":"1"} {}`, nil, 400, "malformed_json", ""},
		{"unknown field", `{"product":"sukarela","amount":"1","extra":1}`, nil, 400, "unknown_field", "extra"},
		{"wrong type", `{"product":"sukarela","amount":1}`, nil, 400, "bad_request", "amount"},
		{"wrong content type", `{"product":"sukarela","amount":"1"}`, []string{"Content-Type", "text/plain"}, 415, "unsupported_media_type", ""},
		{"no key", `{"product":"sukarela","amount":"1"}`, []string{"Idempotency-Key", ""}, 400, "idempotency_key_missing", "Idempotency-Key"},
		{"too large", `{"product":"sukarela","amount":"1","ref":"` + strings.Repeat("x", 2<<20) + `"}`, nil, 413, "too_large", ""},
		{"bad amount", `{"product":"sukarela","amount":"1,5"}`, nil, 422, "invalid", "amount"},
		{"bad product", `{"product":"emas","amount":"1"}`, nil, 422, "invalid", "product"},
		{"bad date", `{"product":"sukarela","amount":"1","date":"2025-02-30"}`, nil, 422, "invalid", "date"},
		{"missing amount", `{"product":"sukarela"}`, nil, 422, "invalid", "amount"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.events()
			r := f.post(path, "tok-teller", fmt.Sprintf("bad-%d", i), c.body, c.hdr...)
			require.Equal(t, c.status, r.status, string(r.body))
			body := r.json(t)
			assert.Equal(t, c.code, body["code"])
			assert.NotEmpty(t, body["message"])
			if c.field != "" {
				assert.Equal(t, c.field, body["field"])
			}
			assert.Equal(t, before, f.events())
		})
	}
}

func TestRefusalIsConflictInThePersonsLanguage(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	body := `{"product":"sukarela","amount":"99000000"}`
	r := f.post(Prefix+"/members/m1/withdrawals", "tok-teller", "k-over", body)
	assert.Equal(t, http.StatusConflict, r.status)
	assert.Equal(t, "refused", r.json(t)["code"])
	id := r.json(t)["message"].(string)
	r = f.post(Prefix+"/members/m1/withdrawals?lang=en", "tok-teller", "k-over-en", body)
	en := r.json(t)["message"].(string)
	assert.NotEqual(t, id, en)
	r = f.post(Prefix+"/members/m1/withdrawals", "tok-teller", "k-over-en2", body, "Accept-Language", "en-US,en;q=0.9")
	assert.Equal(t, en, r.json(t)["message"])
	assert.Equal(t, before, f.events())
}

func TestIdempotentResubmission(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	body := `{"product":"sukarela","amount":"25000","date":"2026-03-01"}`
	first := f.post(Prefix+"/members/m1/deposits", "tok-teller", "dep-1", body)
	require.Equal(t, http.StatusCreated, first.status, string(first.body))
	var dep MoveJSON
	require.NoError(t, json.Unmarshal(first.body, &dep))
	assert.Equal(t, "dep-1", dep.Ref, "the key is the deposit's reference")
	assert.Equal(t, "1025000", dep.Balance)
	assert.Equal(t, "user-teller", dep.Events[0].Actor)
	again := f.post(Prefix+"/members/m1/deposits", "tok-teller", "dep-1", body)
	assert.Equal(t, first.status, again.status)
	assert.Equal(t, first.body, again.body)
	assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))
	assert.Equal(t, before+1, f.events())
	// The same key for another body is refused.
	other := f.post(Prefix+"/members/m1/deposits", "tok-teller", "dep-1", `{"product":"sukarela","amount":"26000"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, other.status)
	assert.Equal(t, "idempotency_key_reused", other.json(t)["code"])
	// Another user's cache does not hold it, but the ledger still
	// recognises the reference: nothing written, 200 repeated.
	f2 := f.post(Prefix+"/members/m1/deposits", "tok-bendahara", "dep-1", body)
	assert.Equal(t, http.StatusOK, f2.status, string(f2.body))
	assert.Equal(t, true, f2.json(t)["repeated"])
	assert.Equal(t, before+1, f.events())
}

func TestMakerCannotApproveOwnLoan(t *testing.T) {
	f := newFixture(t)
	r := f.post(Prefix+"/loans", "tok-maker", "apply-1", `{"loan":"L1","member":"m1","product":"umum","amount":"10000","date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	before := f.events()
	r = f.post(Prefix+"/loans/L1/approvals", "tok-maker", "approve-1", `{"role":"ketua","date":"2026-03-01"}`)
	assert.Equal(t, http.StatusForbidden, r.status, string(r.body))
	assert.Equal(t, "own_request", r.json(t)["code"])
	assert.Equal(t, before, f.events())
	r = f.post(Prefix+"/loans/L1/approvals", "tok-ketua", "approve-2", `{"role":"ketua","date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	// The demo product's fees exceed so small a loan: the rule refuses.
	before = f.events()
	r = f.post(Prefix+"/loans/L1/disbursement", "tok-teller", "disb-1", `{"date":"2026-03-01"}`)
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
	r = f.post(Prefix+"/loans/L1/repayments", "tok-teller", "repay-1", `{"amount":"1000","date":"2026-03-02"}`)
	assert.Equal(t, http.StatusConflict, r.status, string(r.body))
	assert.Equal(t, before, f.events())
	r = f.do(http.MethodGet, Prefix+"/loans/L1/schedule", "tok-anggota", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var sched ScheduleJSON
	require.NoError(t, json.Unmarshal(r.body, &sched))
	r = f.do(http.MethodGet, Prefix+"/loans/L1/schedule?format=csv", "tok-teller", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, "text/csv; charset=utf-8", r.header.Get("Content-Type"))
	assert.Contains(t, r.header.Get("Content-Disposition"), "attachment")
	r = f.do(http.MethodGet, Prefix+"/loans", "tok-anggota", "")
	assert.Contains(t, string(r.body), `"loan":"L1"`)
	r = f.do(http.MethodGet, Prefix+"/loans/L1", "tok-anggota", "")
	assert.Equal(t, http.StatusOK, r.status)
}

// An approval is given only in a role the approver holds; the pengawas
// co-signs loans but does not reject them; a member is not told which
// loans exist.
func TestApprovalsAndLoanSecrecy(t *testing.T) {
	f := newFixture(t)
	r := f.post(Prefix+"/loans", "tok-maker", "apply-s", `{"loan":"L7","member":"m2","product":"umum","amount":"10000","date":"2026-03-01"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	before := f.events()
	r = f.post(Prefix+"/loans/L7/approvals", "tok-pengawas", "as-ketua", `{"role":"ketua","date":"2026-03-01"}`)
	assert.Equal(t, http.StatusForbidden, r.status, "the pengawas approving as ketua: %s", r.body)
	r = f.post(Prefix+"/loans/L7/approvals", "tok-ketua", "bad-role", `{"role":"raja","date":"2026-03-01"}`)
	assert.Equal(t, http.StatusBadRequest/100, r.status/100, "an unknown role is bad input: %s", r.body)
	r = f.post(Prefix+"/loans/L7/rejection", "tok-pengawas", "reject", `{"reason":"tidak layak","date":"2026-03-01"}`)
	assert.Equal(t, http.StatusForbidden, r.status, "the pengawas does not reject: %s", r.body)
	assert.Equal(t, before, f.events())

	other := f.do(http.MethodGet, Prefix+"/loans/L7", "tok-anggota", "")
	missing := f.do(http.MethodGet, Prefix+"/loans/L404", "tok-anggota", "")
	assert.Equal(t, missing.status, other.status, "another member's loan looks like no loan")
	assert.Equal(t, http.StatusNotFound, other.status)
}
