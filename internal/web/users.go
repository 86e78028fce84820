package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
)

// Users is what the settings page needs to manage a cooperative's users;
// *auth.Service implements it.
type Users interface {
	Users(ctx context.Context, coop cooperative.ID) (access.Users, error)
	AddUser(ctx context.Context, actor app.Actor, coop cooperative.ID, u auth.NewUser) (string, error)
	Grant(ctx context.Context, actor app.Actor, coop cooperative.ID, username string, roles ...access.Role) error
	Revoke(ctx context.Context, actor app.Actor, coop cooperative.ID, username string, roles ...access.Role) error
	Disable(ctx context.Context, actor app.Actor, coop cooperative.ID, username string) error
	IssueToken(ctx context.Context, actor app.Actor, coop cooperative.ID, username, label string) (auth.IssuedToken, error)
	RevokeToken(ctx context.Context, actor app.Actor, coop cooperative.ID, id string) error
	SetPassword(ctx context.Context, actor app.Actor, coop cooperative.ID, username, password string) (string, error)
	ChangePassword(ctx context.Context, actor app.Actor, coop cooperative.ID, username, current, password string) error
}

func (h *Handler) userRoutes() {
	h.action("POST /settings/users", access.ManageUsers, h.addUser)
	h.action("POST /settings/users/{user}/grant", access.ManageUsers, h.userCommand(func(rq *request, u string, role access.Role) error {
		return h.opts.Users.Grant(rq.ctx, rq.actor(), rq.who.Coop, u, role)
	}))
	h.action("POST /settings/users/{user}/revoke", access.ManageUsers, h.userCommand(func(rq *request, u string, role access.Role) error {
		return h.opts.Users.Revoke(rq.ctx, rq.actor(), rq.who.Coop, u, role)
	}))
	h.action("POST /settings/users/{user}/disable", access.ManageUsers, h.userCommand(func(rq *request, u string, _ access.Role) error {
		return h.opts.Users.Disable(rq.ctx, rq.actor(), rq.who.Coop, u)
	}))
	h.action("POST /settings/users/{user}/tokens", access.ManageUsers, h.issueToken)
	h.action("POST /settings/tokens/{id}/revoke", access.ManageUsers, h.revokeToken)
	h.action("POST /settings/users/{user}/password", access.ManageUsers, h.resetPassword)
	h.handle("GET /account", access.ViewOwn, h.account)
	h.action("POST /account/password", access.ViewOwn, h.changePassword)
}

// userRow is a user on the settings page, with their tokens.
type userRow struct {
	access.User
	Tokens []access.Token
}

// userAdmin is the part of the settings page that manages users: shown
// to whoever may manage them, when the page has a users' service.
type userAdmin struct {
	Rows  []userRow
	Roles []access.Role
}

// Checked reports whether a role is among those given in the form, for
// the checkboxes.
func (userAdmin) Checked(given []string, r access.Role) bool {
	for _, x := range given {
		if x == string(r) {
			return true
		}
	}
	return false
}

func (h *Handler) userAdmin(rq *request) (*userAdmin, error) {
	if h.opts.Users == nil || !rq.who.Can(access.ManageUsers) {
		return nil, nil
	}
	us, err := h.opts.Users.Users(rq.ctx, rq.who.Coop)
	if err != nil {
		return nil, err
	}
	d := &userAdmin{Roles: access.Roles()}
	for _, u := range us.List() {
		d.Rows = append(d.Rows, userRow{User: u, Tokens: us.Tokens(u.Username)})
	}
	return d, nil
}

// secretPage shows a password or a token once, right after it was made.
type secretPage struct {
	Text, Secret, Username string
}

// showSecret renders the one page that shows a secret and remembers the
// settings page for the form's key: a resubmission goes there, never to
// the secret again, and writes nothing.
func (h *Handler) showSecret(rq *request, title string, d secretPage) {
	rq.remember = "/settings"
	h.render(rq, http.StatusOK, "secret.html", title, d)
}

// noUsers answers a user command on a server without a users' service.
func (h *Handler) noUsers(rq *request) (string, error) {
	h.notFound(rq, rq.pr.T("Pengguna dikelola dengan perintah lumbung user di server ini.", "Users are managed with the lumbung user command on this server."))
	return "", nil
}

// addUser adds a user with a generated password, shown once.
func (h *Handler) addUser(rq *request) (string, error) {
	if h.opts.Users == nil {
		return h.noUsers(rq)
	}
	f := rq.r.PostForm
	show := func(status int, text string) error { return h.showSettings(rq, status, text, f) }
	u := auth.NewUser{Username: strings.TrimSpace(f.Get("username")), Name: strings.TrimSpace(f.Get("name"))}
	for _, s := range f["role"] {
		r, err := access.ParseRole(s)
		if err != nil {
			return refuse(err, show, rq)
		}
		u.Roles = append(u.Roles, r)
	}
	if m := strings.TrimSpace(f.Get("member")); m != "" {
		id, err := member.ParseID(m)
		if err != nil {
			return refuse(err, show, rq)
		}
		u.Member = id
	}
	pw, err := h.opts.Users.AddUser(rq.ctx, rq.actor(), rq.who.Coop, u)
	if err != nil {
		return refuse(err, show, rq)
	}
	h.showSecret(rq, rq.pr.T("Pengguna ditambahkan", "User added"), secretPage{Username: u.Username, Secret: pw,
		Text: rq.pr.T("Kata sandi ini hanya ditampilkan sekali. Serahkan kepada penggunanya; ia dapat menggantinya nanti.",
			"This password is shown only once. Hand it to its user; they can change it later.")})
	return "", nil
}

// userCommand runs a command on the user of the path with the role the
// form names (if any) and goes back to the settings, or shows the
// refusal there.
func (h *Handler) userCommand(run func(rq *request, username string, role access.Role) error) func(*request) (string, error) {
	return func(rq *request) (string, error) {
		if h.opts.Users == nil {
			return h.noUsers(rq)
		}
		show := func(status int, text string) error { return h.showSettings(rq, status, text, rq.r.PostForm) }
		var role access.Role
		if rq.r.PostForm.Has("role") {
			r, err := access.ParseRole(rq.r.PostForm.Get("role"))
			if err != nil {
				return refuse(err, show, rq)
			}
			role = r
		}
		if err := run(rq, rq.r.PathValue("user"), role); err != nil {
			return refuse(err, show, rq)
		}
		return "/settings#users", nil
	}
}

// issueToken issues an API token to the user of the path, shown once.
func (h *Handler) issueToken(rq *request) (string, error) {
	if h.opts.Users == nil {
		return h.noUsers(rq)
	}
	show := func(status int, text string) error { return h.showSettings(rq, status, text, rq.r.PostForm) }
	username := rq.r.PathValue("user")
	t, err := h.opts.Users.IssueToken(rq.ctx, rq.actor(), rq.who.Coop, username, strings.TrimSpace(rq.r.PostForm.Get("label")))
	if err != nil {
		return refuse(err, show, rq)
	}
	h.showSecret(rq, rq.pr.T("Token API diterbitkan", "API token issued"), secretPage{Username: username, Secret: t.Text,
		Text: rq.pr.T("Token ini ("+t.ID+") hanya ditampilkan sekali dan tidak disimpan. Salin sekarang.",
			"This token ("+t.ID+") is shown only once and is not kept. Copy it now.")})
	return "", nil
}

func (h *Handler) revokeToken(rq *request) (string, error) {
	if h.opts.Users == nil {
		return h.noUsers(rq)
	}
	show := func(status int, text string) error { return h.showSettings(rq, status, text, rq.r.PostForm) }
	if err := h.opts.Users.RevokeToken(rq.ctx, rq.actor(), rq.who.Coop, rq.r.PathValue("id")); err != nil {
		return refuse(err, show, rq)
	}
	return "/settings#users", nil
}
