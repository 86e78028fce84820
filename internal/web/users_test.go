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
