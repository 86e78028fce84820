package access

import (
	"fmt"
	"maps"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
)

// The Users aggregate: the people of one cooperative who use its ledger,
// their roles and the API tokens issued to them, in one stream. It
// records that a password was set or a token issued, never the secret
// itself: credentials live outside the log (internal/auth).

// Limits on the users' fields.
const (
	MinUsernameLen = 3
	MaxUsernameLen = 32
	MaxNameLen     = 120
	MaxLabelLen    = 64
	MaxTokenIDLen  = 64
)

// UserAdded records a new user with their first roles. Member is the
// member an anggota is: required with the anggota role, refused without.
type UserAdded struct {
	Username string
	Name     string
	Roles    []Role
	Member   member.ID
	On       calendar.Date
}

// RolesGranted records roles given to a user.
type RolesGranted struct {
	Username string
	Roles    []Role
	On       calendar.Date
}

// RolesRevoked records roles taken from a user.
type RolesRevoked struct {
	Username string
	Roles    []Role
	On       calendar.Date
}

// UserDisabled records that a user may no longer sign in or use tokens.
type UserDisabled struct {
	Username string
	On       calendar.Date
}

// PasswordSet records that a user's password was set; the password's
// hash is kept outside the log.
type PasswordSet struct {
	Username string
	On       calendar.Date
}

// TokenIssued records an API token issued to a user; only a hash of the
// token is kept, outside the log.
type TokenIssued struct {
	ID       string
	Username string
	Label    string
	On       calendar.Date
}

// TokenRevoked records that a token stops working.
type TokenRevoked struct {
	ID string
	On calendar.Date
}

// UsersEvent is a fact of a cooperative's users stream.
type UsersEvent interface{ usersEvent() }

func (UserAdded) usersEvent()    {}
func (RolesGranted) usersEvent() {}
func (RolesRevoked) usersEvent() {}
func (UserDisabled) usersEvent() {}
func (PasswordSet) usersEvent()  {}
func (TokenIssued) usersEvent()  {}
func (TokenRevoked) usersEvent() {}

// User is one user as the stream tells it.
type User struct {
	Username string
	Name     string
	Roles    []Role
	Member   member.ID
	Disabled bool
	// HasPassword is set once a password has been set; Passwords counts
	// the times, so that a session opened with an earlier password ends
	// when it is changed, in whichever process.
	HasPassword bool
	Passwords   int
	Added       calendar.Date
}

// Active reports whether the user may sign in.
func (u User) Active() bool { return !u.Disabled }

// Token is an API token as the stream tells it.
type Token struct {
	ID       string
	Username string
	Label    string
	Issued   calendar.Date
	Revoked  bool
}

// Users is the state of a cooperative's users stream. Its zero value is
// the empty stream.
type Users struct {
	users  map[string]User
	tokens map[string]Token
}

// User returns the user named username.
func (s Users) User(username string) (User, bool) {
	u, ok := s.users[username]
	return u, ok
}

// List returns every user, by username.
func (s Users) List() []User {
	out := make([]User, 0, len(s.users))
	for _, k := range slices.Sorted(maps.Keys(s.users)) {
		out = append(out, s.users[k])
	}
	return out
}

// Token returns the token with id.
func (s Users) Token(id string) (Token, bool) {
	t, ok := s.tokens[id]
	return t, ok
}

// Tokens returns the tokens of username, revoked or not, by id.
func (s Users) Tokens(username string) []Token {
	var out []Token
	for _, k := range slices.Sorted(maps.Keys(s.tokens)) {
		if t := s.tokens[k]; t.Username == username {
			out = append(out, t)
		}
	}
	return out
}

// Clone returns a copy that shares nothing that Evolve changes.
func (s Users) Clone() Users {
	return Users{users: maps.Clone(s.users), tokens: maps.Clone(s.tokens)}
}

// admins counts the active users holding the admin role.
func (s Users) admins() int {
	n := 0
	for _, u := range s.users {
		if u.Active() && slices.Contains(u.Roles, Admin) {
			n++
		}
	}
	return n
}

// EvolveUsers applies one event. Users are kept by value and their roles
// copied on change, so a state handed out earlier never changes.
func EvolveUsers(s Users, e UsersEvent) Users {
	if s.users == nil {
		s.users, s.tokens = map[string]User{}, map[string]Token{}
	}
	user := func(name string) User {
		u, ok := s.users[name]
		if !ok {
			panic(fmt.Sprintf("access: corrupt history: %T names unknown user %q", e, name))
		}
		return u
	}
	switch e := e.(type) {
	case UserAdded:
		s.users[e.Username] = User{Username: e.Username, Name: e.Name, Roles: slices.Clone(e.Roles), Member: e.Member, Added: e.On}
	case RolesGranted:
		u := user(e.Username)
		roles := slices.Clone(u.Roles)
		for _, r := range e.Roles {
			if !slices.Contains(roles, r) {
				roles = append(roles, r)
			}
		}
		u.Roles = roles
		s.users[e.Username] = u
	case RolesRevoked:
		u := user(e.Username)
		u.Roles = slices.DeleteFunc(slices.Clone(u.Roles), func(r Role) bool { return slices.Contains(e.Roles, r) })
		s.users[e.Username] = u
	case UserDisabled:
		u := user(e.Username)
		u.Disabled = true
		s.users[e.Username] = u
	case PasswordSet:
		u := user(e.Username)
		u.HasPassword = true
		u.Passwords++
		s.users[e.Username] = u
	case TokenIssued:
		user(e.Username)
		s.tokens[e.ID] = Token{ID: e.ID, Username: e.Username, Label: e.Label, Issued: e.On}
	case TokenRevoked:
		t, ok := s.tokens[e.ID]
		if !ok {
			panic(fmt.Sprintf("access: corrupt history: TokenRevoked names unknown token %q", e.ID))
		}
		t.Revoked = true
		s.tokens[e.ID] = t
	default:
		panic(fmt.Sprintf("access: unknown event %T", e))
	}
	return s
}

// UsersCommand is a request to the Users aggregate.
type UsersCommand interface{ usersCommand() }

// AddUser adds a user with their first roles.
type AddUser struct {
	Username string
	Name     string
	Roles    []Role
	Member   member.ID
	On       calendar.Date
}

// Grant gives a user roles; roles already held are left as they are.
type Grant struct {
	Username string
	Roles    []Role
	On       calendar.Date
}

// Revoke takes roles from a user; roles not held are left as they are.
type Revoke struct {
	Username string
	Roles    []Role
	On       calendar.Date
}

// Disable stops a user from signing in and their tokens from working.
type Disable struct {
	Username string
	On       calendar.Date
}

// SetPassword records that a user's password was set.
type SetPassword struct {
	Username string
	On       calendar.Date
}

// IssueToken records an API token for a user. ID is the token's public
// id, chosen by the caller.
type IssueToken struct {
	ID       string
	Username string
	Label    string
	On       calendar.Date
}

// RevokeToken stops a token.
type RevokeToken struct {
	ID string
	On calendar.Date
}

func (AddUser) usersCommand()     {}
func (Grant) usersCommand()       {}
func (Revoke) usersCommand()      {}
func (Disable) usersCommand()     {}
func (SetPassword) usersCommand() {}
func (IssueToken) usersCommand()  {}
func (RevokeToken) usersCommand() {}

// ValidUsername reports whether s is a username: 3 to 32 lowercase
// letters, digits, '.', '_' and '-', starting with a letter or digit.
func ValidUsername(s string) bool {
	if len(s) < MinUsernameLen || len(s) > MaxUsernameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// ParseUsername checks s and returns it.
func ParseUsername(s string) (string, error) {
	if !ValidUsername(s) {
		return "", &input.Error{Field: "username", Value: s, Want: input.WantUsername}
	}
	return s, nil
}

// DecideUsers returns the events that carry out c, or the reason it is
// refused; no events and no error when c changes nothing.
func DecideUsers(s Users, c UsersCommand) ([]UsersEvent, error) {
	if c, ok := c.(AddUser); ok {
		return decideAddUser(s, c)
	}
	if c, ok := c.(RevokeToken); ok {
		t, ok := s.tokens[c.ID]
		if !ok {
			return nil, &input.Error{Field: "id", Value: c.ID, Want: input.WantKnownToken}
		}
		if t.Revoked {
			return nil, nil
		}
		return []UsersEvent{TokenRevoked{ID: c.ID, On: c.On}}, nil
	}
	var username string
	switch c := c.(type) {
	case Grant:
		username = c.Username
	case Revoke:
		username = c.Username
	case Disable:
		username = c.Username
	case SetPassword:
		username = c.Username
	case IssueToken:
		username = c.Username
	default:
		panic(fmt.Sprintf("access: unknown command %T", c))
	}
	u, ok := s.users[username]
	if !ok {
		return nil, &input.Error{Field: "username", Value: username, Want: input.WantKnownUser}
	}
	switch c := c.(type) {
	case Grant:
		if err := checkRoles(c.Roles); err != nil {
			return nil, err
		}
		if u.Disabled {
			return nil, &input.Error{Field: "username", Value: username, Want: input.WantActiveUser}
		}
		var add []Role
		for _, r := range c.Roles {
			if !slices.Contains(u.Roles, r) && !slices.Contains(add, r) {
				add = append(add, r)
			}
		}
		if slices.Contains(add, Anggota) && u.Member == "" {
			return nil, &input.Error{Field: "member", Value: "", Want: input.WantAnggotaMember}
		}
		if len(add) == 0 {
			return nil, nil
		}
		return []UsersEvent{RolesGranted{Username: username, Roles: add, On: c.On}}, nil
	case Revoke:
		if err := checkRoles(c.Roles); err != nil {
			return nil, err
		}
		var drop []Role
		for _, r := range c.Roles {
			if slices.Contains(u.Roles, r) && !slices.Contains(drop, r) {
				drop = append(drop, r)
			}
		}
		if slices.Contains(drop, Admin) && u.Active() && s.admins() == 1 {
			return nil, &input.Error{Field: "username", Value: username, Want: input.WantAnotherAdmin}
		}
		if len(drop) == 0 {
			return nil, nil
		}
		return []UsersEvent{RolesRevoked{Username: username, Roles: drop, On: c.On}}, nil
	case Disable:
		if u.Disabled {
			return nil, nil
		}
		if slices.Contains(u.Roles, Admin) && s.admins() == 1 {
			return nil, &input.Error{Field: "username", Value: username, Want: input.WantAnotherAdmin}
		}
		return []UsersEvent{UserDisabled{Username: username, On: c.On}}, nil
	case SetPassword:
		if u.Disabled {
			return nil, &input.Error{Field: "username", Value: username, Want: input.WantActiveUser}
		}
		return []UsersEvent{PasswordSet{Username: username, On: c.On}}, nil
	case IssueToken:
		if u.Disabled {
			return nil, &input.Error{Field: "username", Value: username, Want: input.WantActiveUser}
		}
		if !input.Identifier(c.ID, MaxTokenIDLen, true) {
			return nil, &input.Error{Field: "id", Value: c.ID, Want: input.WantTokenID}
		}
		if !input.Text(c.Label, MaxLabelLen) {
			return nil, &input.Error{Field: "label", Value: c.Label, Want: input.WantTokenLabel}
		}
		if t, ok := s.tokens[c.ID]; ok {
			if t.Username == username && t.Label == c.Label {
				return nil, nil
			}
			return nil, &input.Error{Field: "id", Value: c.ID, Want: input.WantTokenID}
		}
		return []UsersEvent{TokenIssued{ID: c.ID, Username: username, Label: c.Label, On: c.On}}, nil
	}
	panic("unreachable")
}

func decideAddUser(s Users, c AddUser) ([]UsersEvent, error) {
	if _, err := ParseUsername(c.Username); err != nil {
		return nil, err
	}
	if _, ok := s.users[c.Username]; ok {
		return nil, &input.Error{Field: "username", Value: c.Username, Want: input.WantNewUser}
	}
	if !input.Text(c.Name, MaxNameLen) {
		return nil, &input.Error{Field: "name", Value: c.Name, Want: input.WantName}
	}
	if err := checkRoles(c.Roles); err != nil {
		return nil, err
	}
	var roles []Role
	for _, r := range c.Roles {
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	anggota := slices.Contains(roles, Anggota)
	switch {
	case anggota && c.Member == "":
		return nil, &input.Error{Field: "member", Value: "", Want: input.WantAnggotaMember}
	case !anggota && c.Member != "":
		return nil, &input.Error{Field: "member", Value: string(c.Member), Want: input.WantNoMember}
	case anggota:
		if _, err := member.ParseID(string(c.Member)); err != nil {
			return nil, err
		}
	}
	return []UsersEvent{
		UserAdded{Username: c.Username, Name: c.Name, Roles: roles, Member: c.Member, On: c.On},
	}, nil
}

// checkRoles refuses an empty list and any role that is none.
func checkRoles(roles []Role) error {
	if len(roles) == 0 {
		return &input.Error{Field: "role", Value: "", Want: input.WantRole}
	}
	for _, r := range roles {
		if _, err := ParseRole(string(r)); err != nil {
			return err
		}
	}
	return nil
}
