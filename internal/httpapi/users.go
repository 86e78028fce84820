package httpapi

import (
	"context"
	"net/http"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
)

// Users is what the API needs to manage a cooperative's users;
// *auth.Service implements it.
type Users interface {
	Users(ctx context.Context, coop cooperative.ID) (access.Users, error)
	AddUser(ctx context.Context, actor app.Actor, coop cooperative.ID, u auth.NewUser) (string, error)
	SetPassword(ctx context.Context, actor app.Actor, coop cooperative.ID, username, password string) (string, error)
	Grant(ctx context.Context, actor app.Actor, coop cooperative.ID, username string, roles ...access.Role) error
	Revoke(ctx context.Context, actor app.Actor, coop cooperative.ID, username string, roles ...access.Role) error
	Disable(ctx context.Context, actor app.Actor, coop cooperative.ID, username string) error
	IssueToken(ctx context.Context, actor app.Actor, coop cooperative.ID, username, label string) (auth.IssuedToken, error)
	RevokeToken(ctx context.Context, actor app.Actor, coop cooperative.ID, id string) error
}

var _ Users = (*auth.Service)(nil)

// UsersJSON is the cooperative's users with their roles and tokens.
type UsersJSON struct {
	Users []auth.UserJSON `json:"users"`
}

// UserJSON is one user after a change.
type UserJSON = auth.UserJSON

// TokenJSON is one token after a change.
type TokenJSON = auth.TokenJSON

// NewUserRequest adds a user. Without a password one is generated and
// answered once.
type NewUserRequest struct {
	Username string   `json:"username"`
	Name     string   `json:"name"`
	Roles    []string `json:"roles"`
	Member   string   `json:"member,omitempty"`
	Password string   `json:"password,omitempty"`
}

// PasswordJSON answers a user added or a password set: Password is the
// generated one, present only when one was generated, shown this once.
type PasswordJSON struct {
	User     auth.UserJSON `json:"user"`
	Password string        `json:"password,omitempty"`
}

// RolesRequest names roles to grant or revoke.
type RolesRequest struct {
	Roles []string `json:"roles"`
}

// PasswordRequest sets a password; empty asks for a generated one.
type PasswordRequest struct {
	Password string `json:"password,omitempty"`
}

// TokenRequest issues an API token.
type TokenRequest struct {
	Label string `json:"label"`
}

// IssuedTokenJSON is a token just issued: Token is the bearer text,
// shown this once (only its hash is kept).
type IssuedTokenJSON struct {
	ID    string `json:"id"`
	Token string `json:"token"`
}

func (c *call) users() (Users, error) {
	if c.api.opt.Users == nil {
		return nil, errNoUsers
	}
	return c.api.opt.Users, nil
}

// user answers a user's row as the log now tells it.
func (c *call) user(u Users, username string) (auth.UserJSON, error) {
	us, err := u.Users(c.ctx(), c.p.Coop)
	if err != nil {
		return auth.UserJSON{}, err
	}
	row, ok := us.User(username)
	if !ok {
		return auth.UserJSON{}, &input.Error{Field: "username", Value: username, Want: input.WantKnownUser}
	}
	return auth.UserOf(us, row), nil
}

func parseRoleNames(names []string) ([]access.Role, error) {
	roles := make([]access.Role, 0, len(names))
	for _, n := range names {
		r, err := access.ParseRole(n)
		if err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return roles, nil
}

func (a *API) listUsers(c *call) (int, any, error) {
	u, err := c.users()
	if err != nil {
		return 0, nil, err
	}
	us, err := u.Users(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, UsersJSON{Users: auth.UserList(us)}, nil
}

func (a *API) addUser(c *call) (int, any, error) {
	u, err := c.users()
	if err != nil {
		return 0, nil, err
	}
	var req NewUserRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	roles, err := parseRoleNames(req.Roles)
	if err != nil {
		return 0, nil, err
	}
	pw, err := u.AddUser(c.writeCtx(), c.actor(), c.p.Coop, auth.NewUser{Username: req.Username, Name: req.Name, Roles: roles, Member: member.ID(req.Member), Password: req.Password})
	if err != nil {
		return 0, nil, err
	}
	row, err := c.user(u, req.Username)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, PasswordJSON{User: row, Password: pw}, nil
}

// roles grants (or revokes) roles.
func (a *API) roles(grant bool) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		u, err := c.users()
		if err != nil {
			return 0, nil, err
		}
		var req RolesRequest
		if err := c.decode(&req); err != nil {
			return 0, nil, err
		}
		roles, err := parseRoleNames(req.Roles)
		if err != nil {
			return 0, nil, err
		}
		name := c.r.PathValue("user")
		if grant {
			err = u.Grant(c.writeCtx(), c.actor(), c.p.Coop, name, roles...)
		} else {
			err = u.Revoke(c.writeCtx(), c.actor(), c.p.Coop, name, roles...)
		}
		if err != nil {
			return 0, nil, err
		}
		row, err := c.user(u, name)
		return http.StatusOK, row, err
	}
}

func (a *API) disableUser(c *call) (int, any, error) {
	u, err := c.users()
	if err != nil {
		return 0, nil, err
	}
	if err := c.decode(&Empty{}); err != nil {
		return 0, nil, err
	}
	name := c.r.PathValue("user")
	if err := u.Disable(c.writeCtx(), c.actor(), c.p.Coop, name); err != nil {
		return 0, nil, err
	}
	row, err := c.user(u, name)
	return http.StatusOK, row, err
}

func (a *API) setPassword(c *call) (int, any, error) {
	u, err := c.users()
	if err != nil {
		return 0, nil, err
	}
	var req PasswordRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	name := c.r.PathValue("user")
	pw, err := u.SetPassword(c.writeCtx(), c.actor(), c.p.Coop, name, req.Password)
	if err != nil {
		return 0, nil, err
	}
	row, err := c.user(u, name)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, PasswordJSON{User: row, Password: pw}, nil
}

func (a *API) issueToken(c *call) (int, any, error) {
	u, err := c.users()
	if err != nil {
		return 0, nil, err
	}
	var req TokenRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	t, err := u.IssueToken(c.writeCtx(), c.actor(), c.p.Coop, c.r.PathValue("user"), req.Label)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, IssuedTokenJSON{ID: t.ID, Token: t.Text}, nil
}

func (a *API) revokeToken(c *call) (int, any, error) {
	u, err := c.users()
	if err != nil {
		return 0, nil, err
	}
	if err := c.decode(&Empty{}); err != nil {
		return 0, nil, err
	}
	id := c.r.PathValue("id")
	if err := u.RevokeToken(c.writeCtx(), c.actor(), c.p.Coop, id); err != nil {
		return 0, nil, err
	}
	us, err := u.Users(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	t, ok := us.Token(id)
	if !ok {
		return 0, nil, &input.Error{Field: "id", Value: id, Want: input.WantKnownToken}
	}
	return http.StatusOK, auth.TokenOf(t), nil
}
