package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/web"
)

const (
	coop  cooperative.ID = "kdmp-web"
	other cooperative.ID = "kdmp-lain"
)

// fixedNow is 16:00 on 1 March 2026 in Asia/Jakarta.
var fixedNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fixtureSessions is a test fixture standing in for internal/auth's
// sessions: fixed users, each with the password "rahasia", a session id
// "s-USER" and a CSRF token "csrf-USER".
type fixtureSessions struct{ users map[string]auth.Principal }

func (f fixtureSessions) Login(_ context.Context, c cooperative.ID, username, password, _ string) (auth.Session, error) {
	p, ok := f.users[username]
	if !ok || p.Coop != c || password != "rahasia" {
		return auth.Session{}, auth.ErrBadCredentials
	}
	return auth.Session{ID: "s-" + username, CSRF: "csrf-" + username, Principal: p}, nil
}

func (f fixtureSessions) Session(_ context.Context, id string) (auth.Session, error) {
	user, ok := strings.CutPrefix(id, "s-")
	p, known := f.users[user]
	if !ok || !known {
		return auth.Session{}, auth.ErrNoSession
	}
	return auth.Session{ID: id, CSRF: "csrf-" + user, Principal: p}, nil
}

func (f fixtureSessions) Logout(context.Context, string) error { return nil }

func (f fixtureSessions) Bearer(context.Context, string) (auth.Principal, error) {
	return auth.Principal{}, auth.ErrNoSession
}

func users() map[string]auth.Principal {
	officer := func(name string, roles ...access.Role) auth.Principal {
		return auth.Principal{Coop: coop, Username: name, Roles: roles}
	}
	return map[string]auth.Principal{
		"bendahara": officer("bendahara", access.Bendahara),
		"teller":    officer("teller", access.Teller),
		"ketua":     officer("ketua", access.Ketua),
		"pengawas":  officer("pengawas", access.Pengawas),
		"auditor":   officer("auditor", access.Auditor),
		"admin":     officer("admin", access.Admin),
		// rina records and approves: never her own applications.
		"rina": officer("rina", access.Teller, access.Ketua),
		"siti": {Coop: coop, Username: "siti", Roles: []access.Role{access.Anggota}, Member: "M0001"},
		"budi": {Coop: coop, Username: "budi", Roles: []access.Role{access.Anggota}, Member: "M0002"},
		"lain": {Coop: other, Username: "lain", Roles: []access.Role{access.Bendahara}},
	}
}

// fixture is the web UI on a fresh SQLite store holding two
// cooperatives: ours, with members M0001 (Siti, Rp 500.000 sukarela) and
// M0002 (Budi), a loan product and a grant in kas; and another, with a
// member of its own.
type fixture struct {
	t     *testing.T
	store eventstore.Store
	svc   *app.Service
	srv   http.Handler
}

func d26(m time.Month, d int) calendar.Date { return calendar.MustNew(2026, m, d) }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: func() time.Time { return fixedNow }})
	for _, c := range []struct {
		id   cooperative.ID
		name string
	}{{coop, "Koperasi Desa Makmur"}, {other, "Koperasi Lain"}} {
		_, err := svc.Register(ctx, "admin", cooperative.Register{Coop: c.id, Name: c.name, Policy: policy.Default(money.New(50_000), money.New(10_000))})
		require.NoError(t, err)
	}
	d := decimal.RequireFromString
	_, err = svc.DefineProduct(ctx, "ketua", coop, loan.Product{
		Code: "umum", Name: "Pinjaman umum", Method: loan.Declining, AnnualRate: d("0.18"), Months: 12, MaxMonths: 24,
		MaxPlafond: money.New(20_000_000), SavingsMultiple: d("10"),
		Provisi: loan.Fee{Percent: d("0.01"), Fixed: money.Zero()}, Admin: loan.Fee{Percent: decimal.Zero, Fixed: money.New(50_000)},
		Penalty:   loan.Penalty{DailyRate: d("0.001"), GraceDays: 3, Cap: d("0.1")},
		Approvals: []loan.Band{{UpTo: money.New(5_000_000), Roles: []string{loan.RoleKetua}}, {UpTo: money.Zero(), Roles: []string{loan.RoleKetua, loan.RolePengawas}}},
		RateCap:   loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}, d26(time.January, 1))
	require.NoError(t, err)
	_, err = svc.PostJournal(ctx, "bendahara", coop, "", app.Journal{Ref: "HIBAH", Memo: "hibah desa", On: d26(time.January, 2), Lines: []ledger.Line{
		{Account: "1-1100", Side: ledger.Debit, Amount: money.New(200_000_000)}, {Account: "3-3100", Side: ledger.Credit, Amount: money.New(200_000_000)}}})
	require.NoError(t, err)
	for _, m := range []struct {
		c    cooperative.ID
		id   member.ID
		name string
	}{{coop, "M0001", "Siti Rahayu"}, {coop, "M0002", "Budi Santoso"}, {other, "M0001", "Orang Lain"}} {
		_, err := svc.Admit(ctx, "teller", m.c, m.id, m.name, d26(time.January, 5), "ADM-"+string(m.id), true)
		require.NoError(t, err)
	}
	_, err = svc.Deposit(ctx, "teller", coop, "M0001", savings.Sukarela, money.New(500_000), d26(time.January, 6), "SK-1")
	require.NoError(t, err)
	_, err = svc.Deposit(ctx, "teller", other, "M0001", savings.Sukarela, money.New(777_777), d26(time.January, 6), "SK-LAIN")
	require.NoError(t, err)
	return &fixture{t: t, store: store, svc: svc, srv: web.New(svc, store, fixtureSessions{users()}, web.Options{Coop: coop})}
}

// get requests path as user ("" for nobody).
func (f *fixture) get(user, path string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	if user != "" {
		r.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: "s-" + user})
	}
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	return w
}

// post submits a form as user with the user's CSRF token and the key
// given.
func (f *fixture) post(user, path, key string, form url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	form = cloneForm(form)
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", "csrf-"+user)
	}
	if key != "" {
		form.Set("idempotency_key", key)
	}
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: "s-" + user})
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	return w
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// events counts the events of the whole log.
func (f *fixture) events() int {
	f.t.Helper()
	n := 0
	at := eventstore.Start
	for {
		page, err := f.store.ReadAll(context.Background(), at, eventstore.Forwards, 1000)
		require.NoError(f.t, err)
		if len(page) == 0 {
			return n
		}
		n += len(page)
		at = page[len(page)-1].Position
	}
}

const (
	key1 = "0123456789abcdef0123456789abcdef"
	key2 = "fedcba9876543210fedcba9876543210"
	key3 = "00112233445566778899aabbccddeeff"
	key4 = "ffeeddccbbaa99887766554433221100"
)

func TestPagesByRole(t *testing.T) {
	f := newFixture(t)
	pages := []string{"/", "/members", "/members/M0001", "/members/M0002", "/members/M0001/deposit", "/members/M0001/withdraw",
		"/receipts/SK-1", "/loans", "/loans/apply", "/journal", "/reports", "/reports/neraca", "/reports/trial-balance",
		"/reports/loan-portfolio", "/reports/chart", "/shu", "/audit", "/settings"}
	allowed := map[string][]string{
		"bendahara": pages,
		"teller":    {"/", "/members", "/members/M0001", "/members/M0002", "/members/M0001/deposit", "/members/M0001/withdraw", "/receipts/SK-1", "/loans", "/loans/apply", "/reports", "/reports/neraca", "/shu", "/settings"},
		"ketua":     {"/", "/members", "/members/M0001", "/loans", "/reports", "/audit", "/settings"},
		"auditor":   {"/", "/members", "/members/M0002", "/reports/neraca", "/audit"},
		"siti":      {"/members/M0001", "/receipts/SK-1"},
	}
	forbidden := map[string][]string{
		"teller":  {"/journal", "/audit"},
		"ketua":   {"/members/M0001/deposit", "/journal", "/loans/apply"},
		"auditor": {"/members/M0001/withdraw", "/journal", "/loans/apply"},
		"siti":    {"/members", "/members/M0002", "/members/M0002/deposit", "/members/M0001/deposit", "/loans", "/journal", "/reports", "/reports/neraca", "/audit", "/settings", "/shu"},
		"budi":    {"/members/M0001", "/receipts/SK-1"},
		"admin":   {"/journal", "/members/M0001/deposit", "/audit"},
	}
	for user, paths := range allowed {
		for _, p := range paths {
			w := f.get(user, p)
			assert.Equalf(t, http.StatusOK, w.Code, "%s GET %s", user, p)
		}
	}
	for user, paths := range forbidden {
		for _, p := range paths {
			w := f.get(user, p)
			assert.Equalf(t, http.StatusForbidden, w.Code, "%s GET %s", user, p)
		}
	}
	// An anggota's home is their own page; nobody's is the sign-in page.
	w := f.get("siti", "/")
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/members/M0001", w.Header().Get("Location"))
	w = f.get("", "/members")
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.True(t, strings.HasPrefix(w.Header().Get("Location"), "/login"))
	assert.Equal(t, http.StatusSeeOther, f.get("nobody", "/").Code, "an unknown session is no session")
}

func TestNoOtherCooperativesData(t *testing.T) {
	f := newFixture(t)
	// The other cooperative's member has the same number: our officers see
	// ours, never theirs, and never their receipts.
	w := f.get("bendahara", "/members/M0001")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "Siti Rahayu")
	assert.NotContains(t, w.Body.String(), "Orang Lain")
	assert.NotContains(t, w.Body.String(), "777.777")
	assert.Equal(t, http.StatusNotFound, f.get("bendahara", "/receipts/SK-LAIN").Code)
	for _, p := range []string{"/", "/members", "/audit", "/reports/neraca"} {
		body := f.get("bendahara", p).Body.String()
		assert.NotContainsf(t, body, "Orang Lain", "%s", p)
		assert.NotContainsf(t, body, "kdmp-lain", "%s", p)
		assert.NotContainsf(t, body, "777.777", "%s", p)
	}
	// The other cooperative's officer sees theirs.
	w = f.get("lain", "/members/M0001")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "Orang Lain")
	assert.NotContains(t, w.Body.String(), "Siti")
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/", "/login", "/static/lumbung.css"} {
		w := f.get("bendahara", p)
		assert.Equal(t, "DENY", w.Header().Get("X-Frame-Options"), p)
		assert.Equal(t, "no-referrer", w.Header().Get("Referrer-Policy"), p)
		assert.Contains(t, w.Header().Get("Content-Security-Policy"), "default-src 'self'", p)
	}
	// Sign in through the form: its own CSRF cookie, then the session's.
	w := f.get("", "/login")
	require.Equal(t, http.StatusOK, w.Code)
	var login *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == "lumbung_login" {
			login = c
		}
	}
	require.NotNil(t, login)
	try := func(password string, tls bool) *httptest.ResponseRecorder {
		form := url.Values{"csrf": {login.Value}, "username": {"bendahara"}, "password": {password}}
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		if tls {
			r = httptest.NewRequest(http.MethodPost, "https://example.test/login", strings.NewReader(form.Encode()))
		}
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(login)
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		return w
	}
	w = try("salah", false)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Contains(t, w.Body.String(), "Nama pengguna atau kata sandi salah")
	for _, tls := range []bool{false, true} {
		w = try("rahasia", tls)
		require.Equal(t, http.StatusSeeOther, w.Code)
		var sess *http.Cookie
		for _, c := range w.Result().Cookies() {
			if c.Name == web.SessionCookie {
				sess = c
			}
		}
		require.NotNil(t, sess)
		assert.Equal(t, "s-bendahara", sess.Value)
		assert.True(t, sess.HttpOnly)
		assert.Equal(t, http.SameSiteStrictMode, sess.SameSite)
		assert.Equal(t, tls, sess.Secure)
	}
	// Signing out clears the cookie; a sign-out without the token is refused.
	assert.Equal(t, http.StatusForbidden, f.post("bendahara", "/logout", key1, url.Values{"csrf": {""}}).Code)
	w = f.post("bendahara", "/logout", key1, url.Values{})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/login", w.Header().Get("Location"))
	assert.Equal(t, -1, w.Result().Cookies()[0].MaxAge)
	// Without the sign-in form's token, no sign-in.
	form := url.Values{"username": {"bendahara"}, "password": {"rahasia"}}
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w = httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	assert.Equal(t, http.StatusForbidden, w.Code)
}

func TestCSRF(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	deposit := url.Values{"product": {"sukarela"}, "amount": {"100000"}}
	for _, csrf := range []string{"", "csrf-teller", "salah"} {
		form := cloneForm(deposit)
		form.Set("csrf", csrf)
		w := f.post("bendahara", "/members/M0001/deposit", key1, form)
		assert.Equalf(t, http.StatusForbidden, w.Code, "csrf %q", csrf)
	}
	assert.Equal(t, before, f.events())
	// Every form of a page carries the token and a key.
	body := f.get("bendahara", "/members").Body.String()
	forms := regexp.MustCompile(`(?s)<form method="post".*?</form>`).FindAllString(body, -1)
	require.NotEmpty(t, forms)
	for _, form := range forms {
		assert.Contains(t, form, `name="csrf" value="csrf-bendahara"`)
		assert.Regexp(t, `name="idempotency_key" value="[0-9a-f]{32}"`, form)
	}
}

func TestDepositReceiptAndResubmission(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	form := url.Values{"product": {"sukarela"}, "amount": {"1.250.000"}, "date": {"2026-02-10"}}
	w := f.post("teller", "/members/M0001/deposit", key1, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	receipt := w.Header().Get("Location")
	assert.Equal(t, "/receipts/SETOR-0123456789AB", receipt)
	written := f.events()
	assert.Equal(t, before+1, written)

	// The same form again: the same page, nothing written.
	w = f.post("teller", "/members/M0001/deposit", key1, form)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, receipt, w.Header().Get("Location"))
	assert.Equal(t, written, f.events())
	// Even when the result is forgotten (another process, a restart): the
	// key is the ledger's reference, and the ledger refuses to write it
	// twice.
	fresh := web.New(f.svc, f.store, fixtureSessions{users()}, web.Options{Coop: coop})
	form2 := cloneForm(form)
	form2.Set("csrf", "csrf-teller")
	form2.Set("idempotency_key", key1)
	r := httptest.NewRequest(http.MethodPost, "/members/M0001/deposit", strings.NewReader(form2.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: "s-teller"})
	w = httptest.NewRecorder()
	fresh.ServeHTTP(w, r)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, receipt, w.Header().Get("Location"))
	assert.Equal(t, written, f.events())

	// The receipt, in Indonesian by default, printable.
	w = f.get("teller", receipt)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, want := range []string{"KWITANSI", "SETORAN", "SETOR-0123456789AB", "Siti Rahayu", "Rp 1.250.000", "10 Februari 2026", "Rp 1.750.000", "teller"} {
		assert.Contains(t, body, want)
	}
	// The member herself may open it; another member may not.
	assert.Equal(t, http.StatusOK, f.get("siti", receipt).Code)
	assert.Equal(t, http.StatusForbidden, f.get("budi", receipt).Code)
	assert.Equal(t, http.StatusNotFound, f.get("teller", "/receipts/SETOR-NOPE").Code)

	// A POST without a key is refused and writes nothing.
	w = f.post("teller", "/members/M0001/deposit", "", form)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Equal(t, written, f.events())
}

func TestRefusedWithdrawalShowsTheFormAgain(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	form := url.Values{"product": {"sukarela"}, "amount": {"900000"}}
	for _, lang := range []string{"", "en"} {
		r := httptest.NewRequest(http.MethodPost, "/members/M0001/withdraw", strings.NewReader(func() string {
			v := cloneForm(form)
			v.Set("csrf", "csrf-teller")
			v.Set("idempotency_key", key2)
			return v.Encode()
		}()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: "s-teller"})
		if lang != "" {
			r.AddCookie(&http.Cookie{Name: web.LangCookie, Value: lang})
		}
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		body := w.Body.String()
		assert.Contains(t, body, `class="error"`)
		assert.Contains(t, body, `name="amount" inputmode="numeric" value="900000"`, "the form keeps what was typed")
		if lang == "en" {
			assert.Contains(t, body, "Rp 500,000")
			assert.Contains(t, body, "Rp 900,000")
		} else {
			assert.Contains(t, body, "Rp 500.000")
			assert.Contains(t, body, "Rp 900.000")
		}
		assert.Equal(t, before, f.events(), "nothing written")
	}
	// A withdrawal within the balance, with the same key, goes through.
	w := f.post("teller", "/members/M0001/withdraw", key2, url.Values{"product": {"sukarela"}, "amount": {"200000"}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, before+1, f.events())
	// Bad input is shown too.
	w = f.post("teller", "/members/M0001/withdraw", key3, url.Values{"product": {"sukarela"}, "amount": {"banyak"}})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Equal(t, before+1, f.events())
}

func TestAdmitAndSearch(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	form := url.Values{"member": {"M0003"}, "name": {"Dewi Lestari"}, "pokok": {"1"}}
	w := f.post("teller", "/members", key1, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/members/M0003", w.Header().Get("Location"))
	assert.Equal(t, before+2, f.events(), "admission and pokok")
	w = f.post("teller", "/members", key1, form)
	assert.Equal(t, "/members/M0003", w.Header().Get("Location"))
	assert.Equal(t, before+2, f.events())
	// Admitting an existing number is refused in the form.
	w = f.post("teller", "/members", key2, url.Values{"member": {"M0001"}, "name": {"Someone"}})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Equal(t, before+2, f.events())
	body := f.get("teller", "/members?q=dewi").Body.String()
	assert.Contains(t, body, "Dewi Lestari")
	assert.NotContains(t, body, "Siti Rahayu")
	// The events record who acted.
	evs, err := f.svc.MemberEvents(context.Background(), coop, "M0003")
	require.NoError(t, err)
	for _, e := range evs {
		assert.Equal(t, "teller", e.Actor)
	}
}

func TestLanguageSwitch(t *testing.T) {
	f := newFixture(t)
	w := f.get("", "/lang/en?next=/members")
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/members", w.Header().Get("Location"))
	c := w.Result().Cookies()[0]
	assert.Equal(t, web.LangCookie, c.Name)
	assert.Equal(t, "en", c.Value)
	for _, next := range []string{"//evil.example", "/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%20/evil.example", "https://evil.example/", "/\\evil.example"} {
		assert.Equal(t, "/", f.get("", "/lang/en?next="+next).Header().Get("Location"), next)
	}

	r := httptest.NewRequest(http.MethodGet, "/members/M0001", nil)
	r.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: "s-bendahara"})
	r.AddCookie(c)
	w = httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	assert.Contains(t, w.Body.String(), "Passbook")
	assert.Contains(t, w.Body.String(), "Rp 500,000")
	assert.Contains(t, w.Body.String(), "6 January 2026")
	id := f.get("bendahara", "/members/M0001").Body.String()
	assert.Contains(t, id, "Buku simpanan")
	assert.Contains(t, id, "Rp 500.000")
	assert.Contains(t, id, "6 Januari 2026")
}

func TestLoanFlow(t *testing.T) {
	f := newFixture(t)
	w := f.post("teller", "/loans/apply", key1, url.Values{"loan": {"PJ-001"}, "member": {"M0001"}, "product": {"umum"}, "amount": {"3000000"}, "purpose": {"modal warung"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/loans/PJ-001", w.Header().Get("Location"))
	body := f.get("ketua", "/loans").Body.String()
	assert.Contains(t, body, "PJ-001")
	assert.Contains(t, body, `name="role" value="ketua"`)
	// The teller may not approve.
	assert.Equal(t, http.StatusForbidden, f.post("teller", "/loans/PJ-001/approve", key2, url.Values{"role": {"ketua"}}).Code)
	// The pengawas may not approve as ketua.
	n := f.events()
	w = f.post("pengawas", "/loans/PJ-001/approve", key2, url.Values{"role": {"ketua"}})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Equal(t, n, f.events())
	w = f.post("ketua", "/loans/PJ-001/approve", key2, url.Values{"role": {"ketua"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, n+1, f.events())
	w = f.post("bendahara", "/loans/PJ-001/disburse", key3, url.Values{})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page := f.get("siti", "/loans/PJ-001")
	require.Equal(t, http.StatusOK, page.Code)
	assert.Contains(t, page.Body.String(), "Jadwal Angsuran")
	assert.Equal(t, http.StatusForbidden, f.get("budi", "/loans/PJ-001").Code)
	n = f.events()
	w = f.post("teller", "/loans/PJ-001/repay", key4, url.Values{"amount": {"300000"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, n+1, f.events())
	w = f.post("teller", "/loans/PJ-001/repay", key4, url.Values{"amount": {"300000"}})
	assert.Equal(t, n+1, f.events(), "a resubmitted repayment writes nothing")
	// The repayment goes to its printable kwitansi: what it paid, and the
	// principal outstanding after it; the member sees it, nobody else's.
	receipt := w.Header().Get("Location")
	assert.Equal(t, "/receipts/ANGSUR-"+strings.ToUpper(key4[:12]), receipt)
	for _, user := range []string{"teller", "bendahara", "siti"} {
		r := f.get(user, receipt)
		require.Equalf(t, http.StatusOK, r.Code, user)
		assert.Contains(t, r.Body.String(), "KWITANSI ANGSURAN PINJAMAN")
		assert.Contains(t, r.Body.String(), "PJ-001")
		assert.Contains(t, r.Body.String(), "Rp 300.000")
		assert.Contains(t, r.Body.String(), "Siti Rahayu")
		assert.Contains(t, r.Body.String(), `id="print"`)
	}
	assert.Equal(t, http.StatusForbidden, f.get("budi", receipt).Code)
	assert.Equal(t, http.StatusNotFound, f.get("lain", receipt).Code)
	loanNow, err := f.svc.Loan(context.Background(), coop, "PJ-001")
	require.NoError(t, err)
	assert.Contains(t, f.get("teller", receipt).Body.String(), i18n.New(i18n.ID).Money(loanNow.Outstanding()))
	// Maker-checker: whoever recorded an application may not approve it,
	// whatever roles they hold; the refusal is shown on the loan's page.
	w = f.post("rina", "/loans/apply", key1, url.Values{"loan": {"PJ-002"}, "member": {"M0002"}, "product": {"umum"}, "amount": {"100000"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	n = f.events()
	w = f.post("rina", "/loans/PJ-002/approve", key2, url.Values{"role": {"ketua"}})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), `class="error"`)
	t.Logf("self-approval refused: %s", regexp.MustCompile(`class="error" role="alert">[^<]*`).FindString(w.Body.String()))
	assert.Equal(t, n, f.events())
	w = f.post("ketua", "/loans/PJ-002/approve", key3, url.Values{"role": {"ketua"}})
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, n+1, f.events())
	dash := f.get("bendahara", "/").Body.String()
	assert.Contains(t, dash, "<svg")
	assert.Contains(t, dash, "NPL")
}

func TestJournalAndReports(t *testing.T) {
	f := newFixture(t)
	n := f.events()
	form := url.Values{"memo": {"beli ATK"}, "date": {"2026-02-03"}, "account0": {"5-1100"}, "debit0": {"150000"}, "account1": {"1-1100"}, "credit1": {"150000"}}
	w := f.post("bendahara", "/journal", key1, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, n+1, f.events())
	assert.Equal(t, http.StatusOK, f.get("bendahara", w.Header().Get("Location")).Code)
	// Unbalanced lines are refused in the form.
	bad := cloneForm(form)
	bad.Set("credit1", "100000")
	w = f.post("bendahara", "/journal", key2, bad)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Equal(t, n+1, f.events())
	for _, format := range []string{"csv", "xlsx", "pdf"} {
		w := f.get("auditor", "/reports/neraca?format="+format)
		require.Equalf(t, http.StatusOK, w.Code, format)
		assert.Contains(t, w.Header().Get("Content-Disposition"), "."+format)
		assert.NotEmpty(t, w.Body.Bytes())
	}
	assert.Equal(t, http.StatusNotFound, f.get("auditor", "/reports/nope").Code)
	assert.Contains(t, f.get("auditor", "/audit").Body.String(), "Log utuh")
}

// TestNothingFromElsewhere scans every page and asset served for an
// address of another site.
func TestNothingFromElsewhere(t *testing.T) {
	f := newFixture(t)
	external := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|url\(\s*['"]?(https?:|//)`)
	paths := []string{"/", "/login", "/members", "/members/M0001", "/members/M0001/deposit", "/members/M0001/withdraw", "/receipts/SK-1",
		"/loans", "/loans/apply", "/journal", "/reports", "/reports/neraca", "/shu", "/audit", "/settings", "/static/lumbung.css", "/static/lumbung.js"}
	for _, p := range paths {
		w := f.get("bendahara", p)
		require.Equalf(t, http.StatusOK, w.Code, p)
		body, _ := io.ReadAll(w.Body)
		// The SVG namespace is a name, not a fetch; none is written anyway.
		assert.Emptyf(t, external.FindAllString(string(body), -1), "%s refers to another site", p)
		assert.NotContainsf(t, string(body), "style=", "%s has an inline style the CSP would block", p)
		assert.NotContainsf(t, string(body), "onclick", "%s has an inline script the CSP would block", p)
	}
}

func TestReportsAsKnownAt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// An entry recorded the next day.
	later := app.New(f.store, app.Options{Clock: func() time.Time { return fixedNow.Add(24 * time.Hour) }})
	_, err := later.PostJournal(ctx, "bendahara", coop, "", app.Journal{Ref: "HIBAH-2", Memo: "hibah kedua", On: d26(time.March, 2), Lines: []ledger.Line{
		{Account: "1-1100", Side: ledger.Debit, Amount: money.New(7_654_321)}, {Account: "3-3100", Side: ledger.Credit, Amount: money.New(7_654_321)}}})
	require.NoError(t, err)

	now := f.get("auditor", "/reports/trial-balance?as-of=2026-03-02").Body.String()
	assert.Contains(t, now, "207.654.321")
	for _, at := range []string{"2026-03-01", "2026-03-01T23:00:00Z", "2026-03-01T09:00:00%2B00:00"} {
		w := f.get("auditor", "/reports/trial-balance?as-of=2026-03-02&as-known-at="+at)
		require.Equalf(t, http.StatusOK, w.Code, at)
		body := w.Body.String()
		assert.NotContainsf(t, body, "207.654.321", at)
		assert.Containsf(t, body, "200.000.000", at)
		assert.Containsf(t, body, "as-known-at=", "%s: the downloads keep the instant", at)
	}
	w := f.get("auditor", "/reports/trial-balance?as-of=2026-03-02&as-known-at=2026-03-02")
	assert.Contains(t, w.Body.String(), "207.654.321")
	w = f.get("auditor", "/reports/neraca?as-known-at=2026-03-01&format=csv")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Header().Get("Content-Disposition"), "known")
	w = f.get("auditor", "/reports/loan-portfolio?as-known-at=2026-03-01")
	require.Equal(t, http.StatusOK, w.Code)
	// Before the cooperative existed, or not an instant.
	assert.Equal(t, http.StatusNotFound, f.get("auditor", "/reports/neraca?as-known-at=2025-01-01").Code)
	assert.Equal(t, http.StatusNotFound, f.get("auditor", "/reports/neraca?as-known-at=kemarin").Code)
	assert.Equal(t, http.StatusNotFound, f.get("auditor", "/reports?as-known-at=kemarin").Code)
	// The reports page carries the dates into its links.
	body := f.get("auditor", "/reports?as-known-at=2026-03-01").Body.String()
	assert.Contains(t, body, `href="/reports/neraca?as-known-at=2026-03-01"`)
	assert.Contains(t, body, `href="/reports/neraca?as-known-at=2026-03-01&amp;format=csv"`)
	// Everyone who reads the reports may ask; a member may not.
	assert.Equal(t, http.StatusForbidden, f.get("siti", "/reports/neraca?as-known-at=2026-03-01").Code)
}
