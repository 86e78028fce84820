package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersAreManaged(t *testing.T) {
	f := newFixture(t)
	before := f.events()
	r := f.post(Prefix+"/users", "tok-admin", "add-siti", `{"username":"siti","name":"Siti Aminah","roles":["teller"]}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var added PasswordJSON
	require.NoError(t, json.Unmarshal(r.body, &added))
	assert.Len(t, added.Password, 20, "a generated password is answered once")
	assert.Equal(t, "siti", added.User.Username)
	assert.Equal(t, []string{"teller"}, added.User.Roles)
	assert.True(t, added.User.HasPassword)
	assert.Greater(t, f.events(), before)

	// A resubmission does not replay the password, and writes nothing.
	n := f.events()
	again := f.post(Prefix+"/users", "tok-admin", "add-siti", `{"username":"siti","name":"Siti Aminah","roles":["teller"]}`)
	assert.Equal(t, http.StatusConflict, again.status)
	assert.Equal(t, "secret_not_replayed", again.json(t)["code"])
	assert.NotContains(t, string(again.body), added.Password)
	assert.Equal(t, n, f.events())

	r = f.post(Prefix+"/users/siti/grant", "tok-admin", "grant-siti", `{"roles":["bendahara"]}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.ElementsMatch(t, []any{"teller", "bendahara"}, r.json(t)["roles"])
	r = f.post(Prefix+"/users/siti/revoke", "tok-admin", "revoke-siti", `{"roles":["teller"]}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, []any{"bendahara"}, r.json(t)["roles"])

	r = f.post(Prefix+"/users/siti/password", "tok-admin", "pw-siti", `{}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	pw := r.json(t)["password"].(string)
	assert.Len(t, pw, 20)
	r = f.post(Prefix+"/users/siti/password", "tok-admin", "pw-siti-2", `{"password":"kata sandi yang panjang"}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.NotContains(t, r.json(t), "password", "a password given is not answered")
	r = f.post(Prefix+"/users/siti/password", "tok-admin", "pw-siti", `{}`)
	assert.Equal(t, http.StatusConflict, r.status)
	assert.NotContains(t, string(r.body), pw)
	n = f.events()
	r = f.post(Prefix+"/users/siti/password", "tok-admin", "pw-siti", `{"password":"sandi lain yang panjang"}`)
	assert.Equal(t, http.StatusConflict, r.status, "the key is spent, whatever the body")
	assert.Equal(t, "secret_not_replayed", r.json(t)["code"])
	assert.Equal(t, n, f.events())

	r = f.post(Prefix+"/users/siti/tokens", "tok-admin", "tok-siti", `{"label":"skrip rekonsiliasi"}`)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	var tok IssuedTokenJSON
	require.NoError(t, json.Unmarshal(r.body, &tok))
	assert.True(t, strings.HasPrefix(tok.Token, "lumbung."), tok.Token)
	assert.NotEmpty(t, tok.ID)
	r = f.post(Prefix+"/users/siti/tokens", "tok-admin", "tok-siti", `{"label":"skrip rekonsiliasi"}`)
	assert.Equal(t, http.StatusConflict, r.status)
	assert.NotContains(t, string(r.body), tok.Token)

	r = f.do(http.MethodGet, Prefix+"/users", "tok-admin", "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var list UsersJSON
	require.NoError(t, json.Unmarshal(r.body, &list))
	require.Len(t, list.Users, 1)
	assert.Equal(t, "siti", list.Users[0].Username)
	require.Len(t, list.Users[0].Tokens, 1)
	assert.Equal(t, tok.ID, list.Users[0].Tokens[0].ID)
	assert.NotContains(t, string(r.body), tok.Token)
	assert.NotContains(t, string(r.body), pw)

	r = f.post(Prefix+"/tokens/"+tok.ID+"/revoke", "tok-admin", "revoke-tok", `{}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, true, r.json(t)["revoked"])
	r = f.post(Prefix+"/users/siti/disable", "tok-admin", "disable-siti", `{}`)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, true, r.json(t)["disabled"])

	// Unknown users and tokens are not found; nothing is written.
	n = f.events()
	r = f.post(Prefix+"/users/nobody/grant", "tok-admin", "grant-nobody", `{"roles":["teller"]}`)
	assert.Equal(t, http.StatusNotFound, r.status, string(r.body))
	r = f.post(Prefix+"/tokens/ffff/revoke", "tok-admin", "revoke-nothing", `{}`)
	assert.Equal(t, http.StatusNotFound, r.status, string(r.body))
	r = f.post(Prefix+"/users", "tok-admin", "add-bad", `{"username":"budi","name":"Budi","roles":["raja"]}`)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.body))
	assert.Equal(t, n, f.events())
}

func TestUsersWithoutAService(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.Users = nil })
	r := f.do(http.MethodGet, Prefix+"/users", "tok-admin", "")
	assert.Equal(t, http.StatusNotFound, r.status)
}
