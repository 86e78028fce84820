package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/auth"
)

func TestInitCreatesTheFirstAdmin(t *testing.T) {
	db := setup(t)
	r := ok(t, lumbung(t, db, "user", "list", "--json"))
	var users []auth.UserJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &users))
	require.Len(t, users, 1)
	assert.Equal(t, "admin", users[0].Username)
	assert.Equal(t, []string{"admin"}, users[0].Roles)
	assert.True(t, users[0].HasPassword)
}

func TestUserCommands(t *testing.T) {
	db := setup(t)
	r := ok(t, lumbung(t, db, "user", "add", "rina", "--name", "Rina", "--role", "teller", "--role", "bendahara"))
	assert.Regexp(t, regexp.MustCompile(`Sandi rina \(hanya ditampilkan sekali ini; simpan dan berikan kepada pemiliknya\): \S{20}\n`), r.stdout)
	ok(t, lumbung(t, db, "user", "add", "anggota1", "--name", "Siti Rahayu", "--role", "anggota", "--member", "M0001"))
	ok(t, lumbung(t, db, "user", "grant", "rina", "--role", "auditor"))
	ok(t, lumbung(t, db, "user", "revoke", "rina", "--role", "teller"))
	r = ok(t, lumbung(t, db, "user", "token", "rina", "--label", "skrip impor"))
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 2)
	assert.True(t, strings.HasPrefix(lines[1], "lumbung.kdmp-test."), lines[1])
	id := strings.Split(lines[1], ".")[2]
	r = ok(t, lumbung(t, db, "user", "list"))
	assert.Contains(t, r.stdout, id+" (skrip impor)")
	assert.NotContains(t, r.stdout, lines[1], "the token is never shown again")
	ok(t, lumbung(t, db, "user", "token-revoke", id))
	ok(t, lumbung(t, db, "user", "disable", "rina"))

	var users []auth.UserJSON
	require.NoError(t, json.Unmarshal([]byte(ok(t, lumbung(t, db, "user", "list", "--json")).stdout), &users))
	require.Len(t, users, 3)
	assert.Equal(t, "anggota1", users[1].Username)
	assert.Equal(t, "M0001", users[1].Member)
	assert.Equal(t, []string{"bendahara", "auditor"}, users[2].Roles)
	assert.True(t, users[2].Disabled)
	assert.True(t, users[2].Tokens[0].Revoked)
	ok(t, lumbung(t, db, "audit", "verify"))
}

func TestUserBadInputWritesNothing(t *testing.T) {
	db := setup(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"a username in capitals", []string{"user", "add", "Rina", "--name", "Rina", "--role", "teller"}, []string{`username "Rina"`, "nama pengguna 3-32 karakter"}},
		{"an unknown role", []string{"user", "add", "rina", "--name", "Rina", "--role", "kasir"}, []string{`--role "kasir"`}},
		{"an anggota without a member", []string{"user", "add", "budi", "--name", "Budi", "--role", "anggota"}, []string{`--member ""`, "nomor anggota"}},
		{"an officer with a member", []string{"user", "add", "budi", "--name", "Budi", "--role", "teller", "--member", "M0001"}, []string{`--member "M0001"`}},
		{"a user added twice", []string{"user", "add", "admin", "--name", "Admin", "--role", "admin"}, []string{`username "admin"`, "sudah dipakai"}},
		{"an unknown user", []string{"user", "grant", "joko", "--role", "teller"}, []string{`username "joko"`}},
		{"the last admin disabled", []string{"user", "disable", "admin"}, []string{"admin aktif terakhir"}},
		{"the last admin loses admin", []string{"user", "revoke", "admin", "--role", "admin"}, []string{"admin aktif terakhir"}},
		{"a token without a label", []string{"user", "token", "admin", "--label", ""}, []string{`--label ""`}},
		{"an unknown token", []string{"user", "token-revoke", "abcd"}, []string{`id "abcd"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := fingerprint(t, db)
			r := lumbung(t, db, tc.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			for _, w := range tc.want {
				assert.Contains(t, r.stderr, w)
			}
			assert.Equal(t, before, fingerprint(t, db), "bad input writes nothing")
		})
	}
	r := lumbung(t, db, "--lang", "en", "user", "add", "Rina", "--name", "Rina", "--role", "teller")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `error: username "Rina": expected a username of 3-32 characters`)
}

func TestDemoUsers(t *testing.T) {
	db := t.TempDir() + "/demo.db"
	r := ok(t, lumbung(t, db, "demo", "--members", "20", "--rows", "200"))
	for _, u := range []string{"admin", "bendahara", "ketua", "pengurus", "pengawas", "anggota1"} {
		assert.Regexp(t, regexp.MustCompile(`\n  `+u+` +[a-z, ]+ +\S{20}\n`), r.stdout, u)
	}
}
