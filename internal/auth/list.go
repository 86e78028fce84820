package auth

import "github.com/lumbung-ledger/lumbung/domain/access"

// UserJSON is a user as lumbung user list --json prints it and the API
// answers it: never a password or a token, which are kept only as hashes.
type UserJSON struct {
	Username    string      `json:"username"`
	Name        string      `json:"name"`
	Roles       []string    `json:"roles"`
	Member      string      `json:"member,omitempty"`
	Disabled    bool        `json:"disabled"`
	HasPassword bool        `json:"has_password"`
	Tokens      []TokenJSON `json:"tokens"`
}

// TokenJSON is an API token's row: its id and label, never its text.
type TokenJSON struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Issued  string `json:"issued"`
	Revoked bool   `json:"revoked"`
}

// UserList returns every user of us with their tokens, by username.
func UserList(us access.Users) []UserJSON {
	out := []UserJSON{}
	for _, u := range us.List() {
		out = append(out, UserOf(us, u))
	}
	return out
}

// UserOf returns u's row with its tokens.
func UserOf(us access.Users, u access.User) UserJSON {
	j := UserJSON{Username: u.Username, Name: u.Name, Roles: []string{}, Member: string(u.Member),
		Disabled: u.Disabled, HasPassword: u.HasPassword, Tokens: []TokenJSON{}}
	for _, r := range u.Roles {
		j.Roles = append(j.Roles, string(r))
	}
	for _, t := range us.Tokens(u.Username) {
		j.Tokens = append(j.Tokens, TokenOf(t))
	}
	return j
}

// TokenOf returns a token's row.
func TokenOf(t access.Token) TokenJSON {
	return TokenJSON{ID: t.ID, Label: t.Label, Issued: t.Issued.String(), Revoked: t.Revoked}
}
