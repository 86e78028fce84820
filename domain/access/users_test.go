package access_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
)

var on = calendar.MustNew(2026, time.March, 2)

func roles(r ...access.Role) []access.Role { return r }

// history is a cooperative with an admin, a treasurer and a member.
func history() []access.UsersEvent {
	return []access.UsersEvent{
		access.UserAdded{Username: "admin", Name: "Administrator", Roles: roles(access.Admin), On: on},
		access.PasswordSet{Username: "admin", On: on},
		access.UserAdded{Username: "siti", Name: "Siti Rahayu", Roles: roles(access.Bendahara), On: on},
		access.UserAdded{Username: "anggota1", Name: "Budi", Roles: roles(access.Anggota), Member: "M0001", On: on},
		access.TokenIssued{ID: "t1", Username: "siti", Label: "skrip impor", On: on},
	}
}

func foldUsers(events []access.UsersEvent) access.Users {
	var s access.Users
	for _, e := range events {
		s = access.EvolveUsers(s, e)
	}
	return s
}

// TestUsers is the aggregate's given/when/then table: given the events
// so far, when a command, then the events it records or the field its
// refusal names.
func TestUsers(t *testing.T) {
	type refusal struct {
		field string
		want  input.Want
	}
	tests := []struct {
		name   string
		given  []access.UsersEvent
		when   access.UsersCommand
		then   []access.UsersEvent
		refuse *refusal
	}{
		{
			name: "the first user",
			when: access.AddUser{Username: "admin", Name: "Administrator", Roles: roles(access.Admin), On: on},
			then: []access.UsersEvent{access.UserAdded{Username: "admin", Name: "Administrator", Roles: roles(access.Admin), On: on}},
		},
		{
			name:  "an anggota names their member; roles given twice count once",
			given: history(),
			when:  access.AddUser{Username: "anggota2", Name: "Ani", Roles: roles(access.Anggota, access.Anggota), Member: "M0002", On: on},
			then:  []access.UsersEvent{access.UserAdded{Username: "anggota2", Name: "Ani", Roles: roles(access.Anggota), Member: "M0002", On: on}},
		},
		{name: "a username too short", when: access.AddUser{Username: "ab", Name: "A", Roles: roles(access.Teller)}, refuse: &refusal{"username", input.WantUsername}},
		{name: "a username in capitals", when: access.AddUser{Username: "Siti", Name: "A", Roles: roles(access.Teller)}, refuse: &refusal{"username", input.WantUsername}},
		{name: "a username starting with a dot", when: access.AddUser{Username: ".siti", Name: "A", Roles: roles(access.Teller)}, refuse: &refusal{"username", input.WantUsername}},
		{name: "a username too long", when: access.AddUser{Username: "abcdefghijklmnopqrstuvwxyz0123456", Name: "A", Roles: roles(access.Teller)}, refuse: &refusal{"username", input.WantUsername}},
		{name: "a user added twice", given: history(), when: access.AddUser{Username: "siti", Name: "Siti", Roles: roles(access.Teller)}, refuse: &refusal{"username", input.WantNewUser}},
		{name: "no name", when: access.AddUser{Username: "siti", Roles: roles(access.Teller)}, refuse: &refusal{"name", input.WantName}},
		{name: "no role", when: access.AddUser{Username: "siti", Name: "Siti"}, refuse: &refusal{"role", input.WantRole}},
		{name: "an unknown role", when: access.AddUser{Username: "siti", Name: "Siti", Roles: roles("kasir")}, refuse: &refusal{"role", input.WantRole}},
		{name: "an anggota without a member", when: access.AddUser{Username: "budi", Name: "Budi", Roles: roles(access.Anggota)}, refuse: &refusal{"member", input.WantAnggotaMember}},
		{name: "an officer with a member", when: access.AddUser{Username: "budi", Name: "Budi", Roles: roles(access.Teller), Member: "M0001"}, refuse: &refusal{"member", input.WantNoMember}},
		{name: "a malformed member", when: access.AddUser{Username: "budi", Name: "Budi", Roles: roles(access.Anggota), Member: "M 1"}, refuse: &refusal{"member", input.WantMemberID}},
		{
			name:  "grant records only the roles not held",
			given: history(),
			when:  access.Grant{Username: "siti", Roles: roles(access.Bendahara, access.Teller), On: on},
			then:  []access.UsersEvent{access.RolesGranted{Username: "siti", Roles: roles(access.Teller), On: on}},
		},
		{name: "grant of roles held writes nothing", given: history(), when: access.Grant{Username: "siti", Roles: roles(access.Bendahara)}},
		{name: "grant to an unknown user", given: history(), when: access.Grant{Username: "joko", Roles: roles(access.Teller)}, refuse: &refusal{"username", input.WantKnownUser}},
		{name: "grant of an unknown role", given: history(), when: access.Grant{Username: "siti", Roles: roles("raja")}, refuse: &refusal{"role", input.WantRole}},
		{name: "grant of anggota to an officer", given: history(), when: access.Grant{Username: "siti", Roles: roles(access.Anggota)}, refuse: &refusal{"member", input.WantAnggotaMember}},
		{
			name:  "grant to a disabled user",
			given: append(history(), access.UserDisabled{Username: "siti", On: on}),
			when:  access.Grant{Username: "siti", Roles: roles(access.Teller)}, refuse: &refusal{"username", input.WantActiveUser},
		},
		{
			name:  "revoke records only the roles held",
			given: history(),
			when:  access.Revoke{Username: "siti", Roles: roles(access.Bendahara, access.Ketua), On: on},
			then:  []access.UsersEvent{access.RolesRevoked{Username: "siti", Roles: roles(access.Bendahara), On: on}},
		},
		{name: "revoke of roles not held writes nothing", given: history(), when: access.Revoke{Username: "siti", Roles: roles(access.Ketua)}},
		{name: "the last admin keeps admin", given: history(), when: access.Revoke{Username: "admin", Roles: roles(access.Admin)}, refuse: &refusal{"username", input.WantAnotherAdmin}},
		{
			name:  "an admin loses admin when another remains",
			given: append(history(), access.RolesGranted{Username: "siti", Roles: roles(access.Admin), On: on}),
			when:  access.Revoke{Username: "admin", Roles: roles(access.Admin), On: on},
			then:  []access.UsersEvent{access.RolesRevoked{Username: "admin", Roles: roles(access.Admin), On: on}},
		},
		{
			name:  "a disabled admin does not count",
			given: append(history(), access.RolesGranted{Username: "siti", Roles: roles(access.Admin), On: on}, access.UserDisabled{Username: "siti", On: on}),
			when:  access.Revoke{Username: "admin", Roles: roles(access.Admin)}, refuse: &refusal{"username", input.WantAnotherAdmin},
		},
		{name: "the last admin is not disabled", given: history(), when: access.Disable{Username: "admin"}, refuse: &refusal{"username", input.WantAnotherAdmin}},
		{
			name:  "disable",
			given: history(),
			when:  access.Disable{Username: "siti", On: on},
			then:  []access.UsersEvent{access.UserDisabled{Username: "siti", On: on}},
		},
		{name: "disable twice writes nothing", given: append(history(), access.UserDisabled{Username: "siti", On: on}), when: access.Disable{Username: "siti"}},
		{name: "disable an unknown user", given: history(), when: access.Disable{Username: "joko"}, refuse: &refusal{"username", input.WantKnownUser}},
		{
			name:  "a password set",
			given: history(),
			when:  access.SetPassword{Username: "siti", On: on},
			then:  []access.UsersEvent{access.PasswordSet{Username: "siti", On: on}},
		},
		{name: "a password for an unknown user", given: history(), when: access.SetPassword{Username: "joko"}, refuse: &refusal{"username", input.WantKnownUser}},
		{
			name:  "a token",
			given: history(),
			when:  access.IssueToken{ID: "t2", Username: "admin", Label: "cadangan malam", On: on},
			then:  []access.UsersEvent{access.TokenIssued{ID: "t2", Username: "admin", Label: "cadangan malam", On: on}},
		},
		{name: "the same token again writes nothing", given: history(), when: access.IssueToken{ID: "t1", Username: "siti", Label: "skrip impor"}},
		{name: "a token id taken", given: history(), when: access.IssueToken{ID: "t1", Username: "admin", Label: "lain"}, refuse: &refusal{"id", input.WantTokenID}},
		{name: "a token without a label", given: history(), when: access.IssueToken{ID: "t2", Username: "admin"}, refuse: &refusal{"label", input.WantTokenLabel}},
		{
			name:  "a token for a disabled user",
			given: append(history(), access.UserDisabled{Username: "siti", On: on}),
			when:  access.IssueToken{ID: "t2", Username: "siti", Label: "x"}, refuse: &refusal{"username", input.WantActiveUser},
		},
		{
			name:  "a token revoked",
			given: history(),
			when:  access.RevokeToken{ID: "t1", On: on},
			then:  []access.UsersEvent{access.TokenRevoked{ID: "t1", On: on}},
		},
		{name: "a token revoked twice writes nothing", given: append(history(), access.TokenRevoked{ID: "t1", On: on}), when: access.RevokeToken{ID: "t1"}},
		{name: "an unknown token", given: history(), when: access.RevokeToken{ID: "t9"}, refuse: &refusal{"id", input.WantKnownToken}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := access.DecideUsers(foldUsers(tc.given), tc.when)
			if tc.refuse != nil {
				var in *input.Error
				require.ErrorAs(t, err, &in)
				assert.Equal(t, tc.refuse.field, in.Field)
				assert.Equal(t, tc.refuse.want, in.Want)
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.then, got)
		})
	}
}

func TestUsersState(t *testing.T) {
	s := foldUsers(history())
	before := s.Clone()
	s = access.EvolveUsers(s, access.RolesGranted{Username: "siti", Roles: roles(access.Teller), On: on})
	s = access.EvolveUsers(s, access.TokenRevoked{ID: "t1", On: on})

	u, ok := s.User("siti")
	require.True(t, ok)
	assert.Equal(t, roles(access.Bendahara, access.Teller), u.Roles)
	assert.False(t, u.HasPassword)
	tok, ok := s.Token("t1")
	require.True(t, ok)
	assert.True(t, tok.Revoked)
	assert.Len(t, s.Tokens("siti"), 1)

	old, _ := before.User("siti")
	assert.Equal(t, roles(access.Bendahara), old.Roles, "a clone taken before does not change")
	oldTok, _ := before.Token("t1")
	assert.False(t, oldTok.Revoked)

	admin, _ := s.User("admin")
	assert.True(t, admin.HasPassword)
	names := []string{}
	for _, u := range s.List() {
		names = append(names, u.Username)
	}
	assert.Equal(t, []string{"admin", "anggota1", "siti"}, names)
	a1, _ := s.User("anggota1")
	assert.Equal(t, "M0001", string(a1.Member))
}

func TestEvolveRefusesCorruptHistory(t *testing.T) {
	assert.Panics(t, func() { access.EvolveUsers(access.Users{}, access.RolesGranted{Username: "nobody"}) })
	assert.Panics(t, func() { access.EvolveUsers(access.Users{}, access.TokenRevoked{ID: "t"}) })
}
