package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/web"
)

// withUsers gives the fixture's web UI the users' service of its store,
// holding the admin.
func withUsers(t *testing.T, f *fixture) *auth.Service {
	t.Helper()
	a := auth.New(f.svc, f.store.(eventstore.CredentialStore), auth.Options{Params: auth.Params{Time: 1, MemoryKiB: 1024, Threads: 1, SaltLen: 16, KeyLen: 32}})
	_, err := a.AddUser(context.Background(), "init", coop, auth.NewUser{Username: "admin", Name: "Administrator", Roles: []access.Role{access.Admin}, Password: "kata-sandi-admin"})
	require.NoError(t, err)
	f.srv = web.New(f.svc, f.store, fixtureSessions{users()}, web.Options{Coop: coop, Users: a})
	return a
}

func TestSettingsManageUsers(t *testing.T) {
	f := newFixture(t)
	a := withUsers(t, f)
	ctx := context.Background()
	// The admin sees the users and the forms; everyone else the read-only
	// settings.
	body := f.get("admin", "/settings").Body.String()
	assert.Contains(t, body, `action="/settings/users"`)
	assert.Contains(t, body, "Administrator")
	for _, user := range []string{"bendahara", "teller", "ketua"} {
		w := f.get(user, "/settings")
		require.Equal(t, http.StatusOK, w.Code)
		assert.NotContainsf(t, w.Body.String(), `action="/settings/users"`, user)
		assert.NotContainsf(t, w.Body.String(), "Administrator", user)
	}
	add := url.Values{"username": {"rina"}, "name": {"Rina Wati"}, "role": {"teller", "ketua"}}
	// Only the admin, and only with the CSRF token.
	for _, user := range []string{"bendahara", "ketua", "siti"} {
		n := f.events()
		assert.Equalf(t, http.StatusForbidden, f.post(user, "/settings/users", key1, add).Code, user)
		assert.Equal(t, n, f.events())
	}
	n := f.events()
	assert.Equal(t, http.StatusForbidden, f.post("admin", "/settings/users", key1, url.Values{"csrf": {"csrf-bendahara"}, "username": {"rina"}}).Code)
	assert.Equal(t, n, f.events())

	// Added: the generated password is shown once.
	w := f.post("admin", "/settings/users", key1, add)
	require.Equal(t, http.StatusOK, w.Code)
	pw := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(w.Body.String())
	require.Len(t, pw, 2)
	assert.Len(t, pw[1], 20)
	n = f.events()
	// The resubmitted form goes to the settings: no second user, no
	// password shown again.
	w = f.post("admin", "/settings/users", key1, add)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/settings", w.Header().Get("Location"))
	assert.Equal(t, n, f.events())
	us, err := a.Users(ctx, coop)
	require.NoError(t, err)
	rina, ok := us.User("rina")
	require.True(t, ok)
	assert.ElementsMatch(t, []access.Role{access.Teller, access.Ketua}, rina.Roles)
	_, err = a.Login(ctx, coop, "rina", pw[1], "test")
	require.NoError(t, err, "the password shown signs in")

	// The same username again is refused in the form; nothing written.
	w = f.post("admin", "/settings/users", key2, add)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), `class="error"`)
	assert.Contains(t, w.Body.String(), `value="Rina Wati"`)
	assert.Equal(t, n, f.events())

	// Grant and revoke a role.
	w = f.post("admin", "/settings/users/rina/grant", key3, url.Values{"role": {"pengawas"}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	n = f.events()
	assert.Equal(t, http.StatusSeeOther, f.post("admin", "/settings/users/rina/grant", key3, url.Values{"role": {"pengawas"}}).Code)
	assert.Equal(t, n, f.events())
	w = f.post("admin", "/settings/users/rina/revoke", key4, url.Values{"role": {"ketua"}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	us, _ = a.Users(ctx, coop)
	rina, _ = us.User("rina")
	assert.ElementsMatch(t, []access.Role{access.Teller, access.Pengawas}, rina.Roles)
	n = f.events()
	w = f.post("admin", "/settings/users/rina/grant", "a0000000000000000000000000000001", url.Values{"role": {"raja"}})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Equal(t, n, f.events())
	assert.Equal(t, http.StatusForbidden, f.post("bendahara", "/settings/users/rina/grant", "a0000000000000000000000000000002", url.Values{"role": {"admin"}}).Code)
	assert.Equal(t, n, f.events())

	// An API token, shown once, then revoked.
	w = f.post("admin", "/settings/users/rina/tokens", "a0000000000000000000000000000003", url.Values{"label": {"kasir"}})
	require.Equal(t, http.StatusOK, w.Code)
	tok := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(w.Body.String())
	require.Len(t, tok, 2)
	p, err := a.Bearer(ctx, tok[1])
	require.NoError(t, err)
	assert.Equal(t, "rina", p.Username)
	n = f.events()
	w = f.post("admin", "/settings/users/rina/tokens", "a0000000000000000000000000000003", url.Values{"label": {"kasir"}})
	assert.Equal(t, http.StatusSeeOther, w.Code, "a resubmission issues no second token")
	assert.Equal(t, n, f.events())
	us, _ = a.Users(ctx, coop)
	toks := us.Tokens("rina")
	require.Len(t, toks, 1)
	assert.Contains(t, f.get("admin", "/settings").Body.String(), "/settings/tokens/"+toks[0].ID+"/revoke")
	w = f.post("admin", "/settings/tokens/"+toks[0].ID+"/revoke", "a0000000000000000000000000000004", url.Values{})
	require.Equal(t, http.StatusSeeOther, w.Code)
	_, err = a.Bearer(ctx, tok[1])
	assert.ErrorIs(t, err, auth.ErrNoSession)
	n = f.events()
	w = f.post("admin", "/settings/tokens/"+toks[0].ID+"/revoke", "a0000000000000000000000000000005", url.Values{})
	assert.Equal(t, http.StatusSeeOther, w.Code, "a revoked token stays revoked")
	assert.Equal(t, n, f.events())
	w = f.post("admin", "/settings/tokens/tidakada/revoke", "a0000000000000000000000000000007", url.Values{})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code, "an unknown token is refused")
	assert.Equal(t, n, f.events())

	// Disabled: rina can no longer sign in.
	w = f.post("admin", "/settings/users/rina/disable", "a0000000000000000000000000000006", url.Values{})
	require.Equal(t, http.StatusSeeOther, w.Code)
	_, err = a.Login(ctx, coop, "rina", pw[1], "test")
	assert.Error(t, err)
	assert.Contains(t, f.get("admin", "/settings").Body.String(), "dinonaktifkan")
}

func TestSettingsWithoutUsersService(t *testing.T) {
	f := newFixture(t)
	w := f.get("admin", "/settings")
	require.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), `action="/settings/users"`)
	n := f.events()
	assert.Equal(t, http.StatusNotFound, f.post("admin", "/settings/users", key1, url.Values{"username": {"rina"}, "name": {"Rina"}}).Code)
	assert.Equal(t, n, f.events())
}

func TestChangeOwnPassword(t *testing.T) {
	f := newFixture(t)
	a := withUsers(t, f)
	ctx := context.Background()
	// Every signed-in person has the page; the form needs a users'
	// service.
	for _, user := range []string{"admin", "bendahara", "teller", "ketua", "pengawas", "siti"} {
		w := f.get(user, "/account")
		require.Equalf(t, http.StatusOK, w.Code, user)
		assert.Containsf(t, w.Body.String(), `action="/account/password"`, user)
	}
	assert.Equal(t, http.StatusSeeOther, f.get("", "/account").Code)

	change := url.Values{"current": {"kata-sandi-admin"}, "password": {"sandi-baru-yang-panjang"}, "confirm": {"sandi-baru-yang-panjang"}}
	n := f.events()
	assert.Equal(t, http.StatusForbidden, f.post("admin", "/account/password", key1, url.Values{"csrf": {"csrf-bendahara"},
		"current": change["current"], "password": change["password"], "confirm": change["confirm"]}).Code)
	assert.Equal(t, n, f.events())

	// Refused, with nothing written: a wrong current password, a short
	// new one, a repetition that differs.
	for i, form := range []url.Values{
		{"current": {"salah-salah-salah"}, "password": change["password"], "confirm": change["confirm"]},
		{"current": change["current"], "password": {"pendek"}, "confirm": {"pendek"}},
		{"current": change["current"], "password": change["password"], "confirm": {"sandi-lain-yang-panjang"}},
	} {
		w := f.post("admin", "/account/password", "b000000000000000000000000000000"+string(rune('0'+i)), form)
		assert.Equalf(t, http.StatusUnprocessableEntity, w.Code, "%d", i)
		assert.Containsf(t, w.Body.String(), `class="error"`, "%d", i)
		assert.NotContainsf(t, w.Body.String(), "kata-sandi-admin", "%d: no password is shown again", i)
		assert.Equal(t, n, f.events())
	}
	_, err := a.Login(ctx, coop, "admin", "kata-sandi-admin", "test")
	require.NoError(t, err, "the refusals changed nothing")

	w := f.post("admin", "/account/password", key1, change)
	require.Equal(t, http.StatusOK, w.Code)
	n = f.events()
	_, err = a.Login(ctx, coop, "admin", "kata-sandi-admin", "test")
	assert.ErrorIs(t, err, auth.ErrBadCredentials)
	_, err = a.Login(ctx, coop, "admin", "sandi-baru-yang-panjang", "test")
	require.NoError(t, err)
	// The resubmitted form changes nothing again.
	w = f.post("admin", "/account/password", key1, change)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/account", w.Header().Get("Location"))
	assert.Equal(t, n, f.events())
	// A person the users' service does not know is refused.
	assert.Equal(t, http.StatusUnprocessableEntity, f.post("bendahara", "/account/password", key2, change).Code)
	assert.Equal(t, n, f.events())
}

func TestResetPassword(t *testing.T) {
	f := newFixture(t)
	a := withUsers(t, f)
	ctx := context.Background()
	_, err := a.AddUser(ctx, "admin", coop, auth.NewUser{Username: "rina", Name: "Rina", Roles: []access.Role{access.Teller}, Password: "sandi-lama-rina"})
	require.NoError(t, err)
	assert.Contains(t, f.get("admin", "/settings").Body.String(), `action="/settings/users/rina/password"`)
	n := f.events()
	for _, user := range []string{"bendahara", "ketua", "siti"} {
		assert.Equalf(t, http.StatusForbidden, f.post(user, "/settings/users/rina/password", key1, url.Values{}).Code, user)
	}
	assert.Equal(t, http.StatusForbidden, f.post("admin", "/settings/users/rina/password", key1, url.Values{"csrf": {""}}).Code)
	assert.Equal(t, n, f.events())
	w := f.post("admin", "/settings/users/tidakada/password", key2, url.Values{})
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code, "an unknown user is refused")
	assert.Equal(t, n, f.events())

	w = f.post("admin", "/settings/users/rina/password", key1, url.Values{})
	require.Equal(t, http.StatusOK, w.Code)
	pw := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(w.Body.String())
	require.Len(t, pw, 2)
	_, err = a.Login(ctx, coop, "rina", pw[1], "test")
	require.NoError(t, err, "the password shown signs in")
	_, err = a.Login(ctx, coop, "rina", "sandi-lama-rina", "test")
	assert.ErrorIs(t, err, auth.ErrBadCredentials)
	n = f.events()
	w = f.post("admin", "/settings/users/rina/password", key1, url.Values{})
	assert.Equal(t, http.StatusSeeOther, w.Code, "a resubmission shows no password again")
	assert.Equal(t, "/settings", w.Header().Get("Location"))
	assert.Equal(t, n, f.events())
}
