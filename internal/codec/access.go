package codec

import (
	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/member"
)

// registerUsers adds the events of a cooperative's users: who they are,
// their roles, and that a password was set or a token issued. No secret
// is ever stored in an event.
func registerUsers(r *Registry) {
	register(r, "UserAdded", 1,
		func(e access.UserAdded) (storedUserAdded, calendar.Date) {
			return storedUserAdded{Username: e.Username, Name: e.Name, Roles: roleNames(e.Roles), Member: string(e.Member)}, e.On
		},
		func(d storedUserAdded, on calendar.Date) (access.UserAdded, error) {
			roles, err := parseRoles(d.Roles)
			return access.UserAdded{Username: d.Username, Name: d.Name, Roles: roles, Member: member.ID(d.Member), On: on}, err
		})
	register(r, "RolesGranted", 1,
		func(e access.RolesGranted) (storedRoles, calendar.Date) {
			return storedRoles{Username: e.Username, Roles: roleNames(e.Roles)}, e.On
		},
		func(d storedRoles, on calendar.Date) (access.RolesGranted, error) {
			roles, err := parseRoles(d.Roles)
			return access.RolesGranted{Username: d.Username, Roles: roles, On: on}, err
		})
	register(r, "RolesRevoked", 1,
		func(e access.RolesRevoked) (storedRoles, calendar.Date) {
			return storedRoles{Username: e.Username, Roles: roleNames(e.Roles)}, e.On
		},
		func(d storedRoles, on calendar.Date) (access.RolesRevoked, error) {
			roles, err := parseRoles(d.Roles)
			return access.RolesRevoked{Username: d.Username, Roles: roles, On: on}, err
		})
	register(r, "UserDisabled", 1,
		func(e access.UserDisabled) (storedUsername, calendar.Date) {
			return storedUsername{Username: e.Username}, e.On
		},
		func(d storedUsername, on calendar.Date) (access.UserDisabled, error) {
			return access.UserDisabled{Username: d.Username, On: on}, nil
		})
	register(r, "PasswordSet", 1,
		func(e access.PasswordSet) (storedUsername, calendar.Date) {
			return storedUsername{Username: e.Username}, e.On
		},
		func(d storedUsername, on calendar.Date) (access.PasswordSet, error) {
			return access.PasswordSet{Username: d.Username, On: on}, nil
		})
	register(r, "TokenIssued", 1,
		func(e access.TokenIssued) (storedTokenIssued, calendar.Date) {
			return storedTokenIssued{ID: e.ID, Username: e.Username, Label: e.Label}, e.On
		},
		func(d storedTokenIssued, on calendar.Date) (access.TokenIssued, error) {
			return access.TokenIssued{ID: d.ID, Username: d.Username, Label: d.Label, On: on}, nil
		})
	register(r, "TokenRevoked", 1,
		func(e access.TokenRevoked) (storedTokenID, calendar.Date) {
			return storedTokenID{ID: e.ID}, e.On
		},
		func(d storedTokenID, on calendar.Date) (access.TokenRevoked, error) {
			return access.TokenRevoked{ID: d.ID, On: on}, nil
		})
}

func roleNames(roles []access.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

func parseRoles(names []string) ([]access.Role, error) {
	out := make([]access.Role, len(names))
	for i, n := range names {
		r, err := access.ParseRole(n)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

type storedUserAdded struct {
	Username string   `json:"username"`
	Name     string   `json:"name"`
	Roles    []string `json:"roles"`
	Member   string   `json:"member,omitempty"`
}

type storedRoles struct {
	Username string   `json:"username"`
	Roles    []string `json:"roles"`
}

type storedUsername struct {
	Username string `json:"username"`
}

type storedTokenIssued struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Label    string `json:"label"`
}

type storedTokenID struct {
	ID string `json:"id"`
}
