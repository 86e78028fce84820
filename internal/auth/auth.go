// Package auth knows the people who use a cooperative's ledger through
// the web and the API: who they are (users and their roles, recorded as
// events), how they prove it (passwords hashed with argon2id, API tokens
// hashed at rest, both kept outside the log), and their sessions.
package auth

import (
	"context"
	"errors"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
)

// Principal is who a request acts for.
type Principal struct {
	Coop     cooperative.ID
	Username string
	Roles    []access.Role
	// Member is the member an anggota is; empty for officers.
	Member member.ID
	// Token is set when the request came with an API token rather than
	// a session.
	Token bool
}

// Can reports whether the principal's roles allow a.
func (p Principal) Can(a access.Action) bool { return access.Allowed(p.Roles, a) }

// Sees reports whether the principal may read member id's accounts:
// everyone's with ViewAll, their own with ViewOwn.
func (p Principal) Sees(id member.ID) bool {
	return p.Can(access.ViewAll) || (p.Member != "" && p.Member == id && p.Can(access.ViewOwn))
}

// Has reports whether the principal holds role r.
func (p Principal) Has(r access.Role) bool { return slices.Contains(p.Roles, r) }

// Session is a signed-in person's session: its id goes in an HttpOnly,
// SameSite=Strict cookie; CSRF is the token every form and every
// state-changing request made with the cookie must carry.
type Session struct {
	ID        string
	CSRF      string
	Principal Principal
}

// Sessions is what the web app and the API need of sign-in.
type Sessions interface {
	// Login checks a password and opens a session. It refuses with
	// ErrBadCredentials (without saying whether the user exists) or
	// ErrThrottled after repeated failures.
	Login(ctx context.Context, coop cooperative.ID, username, password, remote string) (Session, error)
	// Session returns an open session, or ErrNoSession.
	Session(ctx context.Context, id string) (Session, error)
	// Logout ends a session.
	Logout(ctx context.Context, id string) error
	// Bearer returns the principal of an API token, or ErrNoSession.
	Bearer(ctx context.Context, token string) (Principal, error)
}

// Errors of sign-in.
var (
	ErrBadCredentials = errors.New("auth: unknown user or wrong password")
	ErrThrottled      = errors.New("auth: too many failed sign-ins; wait before trying again")
	ErrNoSession      = errors.New("auth: no such session or token")
)
