package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Limits of sign-in.
const (
	// IdleTimeout ends a session unused this long.
	IdleTimeout = 30 * time.Minute
	// MaxSessionAge ends a session this long after sign-in, used or not.
	MaxSessionAge = 12 * time.Hour
	// MaxFailures failed sign-ins within FailureWindow, for one user of a
	// cooperative or from one remote address, refuse further tries until
	// the window has passed since the oldest of them.
	MaxFailures   = 5
	FailureWindow = 15 * time.Minute
	// MinPasswordLen and MaxPasswordLen bound a password's characters.
	MinPasswordLen = 10
	MaxPasswordLen = 256
	// maxThrottleKeys bounds the failures remembered; the oldest are
	// forgotten first.
	maxThrottleKeys = 100_000
)

// Options configure a Service; zero values give the defaults.
type Options struct {
	// Clock returns the current instant; time.Now if nil.
	Clock func() time.Time
	// Params are the costs of new password hashes; DefaultParams if zero.
	Params Params
	// Random is the source of salts, passwords, tokens and session ids;
	// crypto/rand if nil.
	Random io.Reader
}

// Service is the users' sign-in: it records users and roles as events
// through the app, keeps password and token hashes in a CredentialStore
// beside the log, and keeps sessions in memory. It implements Sessions
// and is safe for concurrent use.
type Service struct {
	app    *app.Service
	creds  eventstore.CredentialStore
	clock  func() time.Time
	params Params
	random io.Reader

	dummyOnce sync.Once
	dummy     string

	// hashing admits as many password checks at once as there are
	// cores: each takes the memory of its parameters (64 MiB by
	// default), and a crowd of sign-ins must queue, not exhaust it.
	hashing chan struct{}

	mu       sync.Mutex
	sessions map[string]*session
	failures map[string][]time.Time
	swept    time.Time
}

var _ Sessions = (*Service)(nil)

type session struct {
	Session
	started, seen time.Time
	// passwords is how many times the user's password had been set when
	// the session opened: a later change, made by any process, ends it.
	passwords int
}

// New returns a Service recording through svc and keeping credentials in
// creds.
func New(svc *app.Service, creds eventstore.CredentialStore, opt Options) *Service {
	s := &Service{app: svc, creds: creds, clock: opt.Clock, params: opt.Params, random: opt.Random,
		sessions: map[string]*session{}, failures: map[string][]time.Time{}, hashing: make(chan struct{}, runtime.NumCPU())}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.params == (Params{}) {
		s.params = DefaultParams
	}
	if s.random == nil {
		s.random = rand.Reader
	}
	return s
}

func passwordKey(coop cooperative.ID, username string) string {
	return "password/" + string(coop) + "/" + username
}

func tokenKey(coop cooperative.ID, id string) string { return "token/" + string(coop) + "/" + id }

func (s *Service) randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.random, b); err != nil {
		panic(fmt.Sprintf("auth: no randomness: %v", err))
	}
	return b
}

func (s *Service) randomText(n int) string {
	return base64.RawURLEncoding.EncodeToString(s.randomBytes(n))
}

// checkPasswordText refuses a password too short, too long or with
// control characters.
func checkPasswordText(p string) error {
	n := utf8.RuneCountInString(p)
	ok := utf8.ValidString(p) && n >= MinPasswordLen && n <= MaxPasswordLen
	for _, r := range p {
		ok = ok && !unicode.IsControl(r)
	}
	if !ok {
		// The value is never echoed: it is a secret.
		return &input.Error{Field: "password", Value: "***", Want: input.WantPassword, Bound: fmt.Sprint(MinPasswordLen)}
	}
	return nil
}

// NewUser is a user to add. An empty Password asks for a generated one.
type NewUser struct {
	Username string
	Name     string
	Roles    []access.Role
	Member   member.ID
	Password string
}

// AddUser records a user and that their password was set, and keeps the
// password's hash. It returns the password when it generated one: the
// only time it is ever shown.
func (s *Service) AddUser(ctx context.Context, actor app.Actor, coop cooperative.ID, u NewUser) (string, error) {
	generated := ""
	if u.Password == "" {
		generated = s.randomText(15) // 120 bits, 20 characters
		u.Password = generated
	}
	if err := checkPasswordText(u.Password); err != nil {
		return "", err
	}
	phc := hashPassword(u.Password, s.randomBytes(s.params.SaltLen), s.params)
	_, err := s.app.UsersCommand(ctx, actor, coop, func(today calendar.Date) access.UsersCommand {
		return access.AddUser{Username: u.Username, Name: u.Name, Roles: u.Roles, Member: u.Member, On: today}
	})
	if err != nil {
		return "", err
	}
	if err := s.storePassword(ctx, actor, coop, u.Username, phc); err != nil {
		return "", err
	}
	return generated, nil
}

// SetPassword replaces a user's password, generating one when password
// is empty and returning it once.
func (s *Service) SetPassword(ctx context.Context, actor app.Actor, coop cooperative.ID, username, password string) (string, error) {
	generated := ""
	if password == "" {
		generated = s.randomText(15)
		password = generated
	}
	if err := checkPasswordText(password); err != nil {
		return "", err
	}
	// Refuse an unknown or disabled user before anything is kept.
	if err := s.dryRun(ctx, coop, access.SetPassword{Username: username}); err != nil {
		return "", err
	}
	phc := hashPassword(password, s.randomBytes(s.params.SaltLen), s.params)
	if err := s.storePassword(ctx, actor, coop, username, phc); err != nil {
		return "", err
	}
	s.endSessions(coop, username)
	return generated, nil
}

// ChangePassword replaces a user's own password, given the current one:
// a wrong current password is refused as a failed sign-in is, and counts
// towards the same throttle. Nothing is kept or recorded on a refusal.
func (s *Service) ChangePassword(ctx context.Context, actor app.Actor, coop cooperative.ID, username, current, password string) error {
	if err := checkPasswordText(password); err != nil {
		return err
	}
	userKey := "user:" + string(coop) + "/" + username
	if !access.ValidUsername(username) {
		return ErrBadCredentials
	}
	if !s.reserve(userKey) {
		return ErrThrottled
	}
	phc := ""
	users, err := s.app.Users(ctx, coop)
	if err != nil {
		return err
	}
	if u, ok := users.User(username); ok && u.Active() {
		stored, ok, err := s.creds.GetCredential(ctx, passwordKey(coop, username))
		if err != nil {
			return err
		}
		if ok {
			phc = string(stored)
		}
	}
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	match := false
	if phc != "" {
		m, err := checkPassword(phc, current)
		match = err == nil && m
	} else {
		_, _ = checkPassword(s.dummyHash(), current)
	}
	<-s.hashing
	if !match {
		return ErrBadCredentials
	}
	s.forgive(userKey, "")
	_, err = s.SetPassword(ctx, actor, coop, username, password)
	return err
}

// storePassword keeps a hash, then records that a password was set.
func (s *Service) storePassword(ctx context.Context, actor app.Actor, coop cooperative.ID, username, phc string) error {
	if err := s.creds.PutCredential(ctx, passwordKey(coop, username), []byte(phc)); err != nil {
		return err
	}
	_, err := s.app.UsersCommand(ctx, actor, coop, func(today calendar.Date) access.UsersCommand {
		return access.SetPassword{Username: username, On: today}
	})
	return err
}

// dryRun decides c on the current users without recording anything, to
// refuse it before a credential is kept.
func (s *Service) dryRun(ctx context.Context, coop cooperative.ID, c access.UsersCommand) error {
	users, err := s.app.Users(ctx, coop)
	if err != nil {
		return err
	}
	_, err = access.DecideUsers(users, c)
	return err
}

// Grant gives a user roles.
func (s *Service) Grant(ctx context.Context, actor app.Actor, coop cooperative.ID, username string, roles ...access.Role) error {
	_, err := s.app.UsersCommand(ctx, actor, coop, func(today calendar.Date) access.UsersCommand {
		return access.Grant{Username: username, Roles: roles, On: today}
	})
	return err
}

// Revoke takes roles from a user. Session reads the roles from the log
// on every call, so open sessions lose them at once.
func (s *Service) Revoke(ctx context.Context, actor app.Actor, coop cooperative.ID, username string, roles ...access.Role) error {
	_, err := s.app.UsersCommand(ctx, actor, coop, func(today calendar.Date) access.UsersCommand {
		return access.Revoke{Username: username, Roles: roles, On: today}
	})
	return err
}

// Disable stops a user: their sessions end and their tokens stop
// working at once.
func (s *Service) Disable(ctx context.Context, actor app.Actor, coop cooperative.ID, username string) error {
	_, err := s.app.UsersCommand(ctx, actor, coop, func(today calendar.Date) access.UsersCommand {
		return access.Disable{Username: username, On: today}
	})
	if err == nil {
		s.endSessions(coop, username)
	}
	return err
}

// IssuedToken is an API token just issued: Text is the bearer token,
// shown once and never kept; ID names it in the log.
type IssuedToken struct {
	ID   string
	Text string
}

// tokenPrefix starts every API token, so that a leaked one is easy to
// recognise in a scan.
const tokenPrefix = "lumbung"

// IssueToken issues an API token to a user: 32 random bytes, of which
// only the SHA-256 is kept.
func (s *Service) IssueToken(ctx context.Context, actor app.Actor, coop cooperative.ID, username, label string) (IssuedToken, error) {
	id := hex.EncodeToString(s.randomBytes(8))
	secret := s.randomBytes(32)
	if err := s.dryRun(ctx, coop, access.IssueToken{ID: id, Username: username, Label: label}); err != nil {
		return IssuedToken{}, err
	}
	if err := s.creds.PutCredential(ctx, tokenKey(coop, id), tokenHash(secret)); err != nil {
		return IssuedToken{}, err
	}
	_, err := s.app.UsersCommand(ctx, actor, coop, func(today calendar.Date) access.UsersCommand {
		return access.IssueToken{ID: id, Username: username, Label: label, On: today}
	})
	if err != nil {
		// Best effort: a hash without its event matches no token the log
		// knows, so Bearer refuses it anyway.
		_ = s.creds.DeleteCredential(ctx, tokenKey(coop, id))
		return IssuedToken{}, err
	}
	text := tokenPrefix + "." + string(coop) + "." + id + "." + base64.RawURLEncoding.EncodeToString(secret)
	return IssuedToken{ID: id, Text: text}, nil
}

// RevokeToken stops a token at once and forgets its hash.
func (s *Service) RevokeToken(ctx context.Context, actor app.Actor, coop cooperative.ID, id string) error {
	_, err := s.app.UsersCommand(ctx, actor, coop, func(today calendar.Date) access.UsersCommand {
		return access.RevokeToken{ID: id, On: today}
	})
	if err != nil {
		return err
	}
	return s.creds.DeleteCredential(ctx, tokenKey(coop, id))
}

// Users returns a cooperative's users and tokens as the log tells them.
func (s *Service) Users(ctx context.Context, coop cooperative.ID) (access.Users, error) {
	return s.app.Users(ctx, coop)
}

// principal is who an active user acts as.
func principal(coop cooperative.ID, u access.User) Principal {
	return Principal{Coop: coop, Username: u.Username, Roles: append([]access.Role(nil), u.Roles...), Member: u.Member}
}

// dummyHash is a hash of a random password, checked when the user does
// not exist, so that a sign-in takes as long either way.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		s.dummy = hashPassword(s.randomText(15), s.randomBytes(s.params.SaltLen), s.params)
	})
	return s.dummy
}

// Login implements Sessions.
func (s *Service) Login(ctx context.Context, coop cooperative.ID, username, password, remote string) (Session, error) {
	// A name no user can have shares one key, so that guesses cannot
	// fill the throttle's memory with names of their own.
	name := username
	if !access.ValidUsername(name) {
		name = "?"
	}
	userKey, addrKey := "user:"+string(coop)+"/"+name, "addr:"+remote
	// The attempt is counted as failed before the password is checked,
	// so that guesses made at once cannot all pass the throttle first.
	if !s.reserve(userKey, addrKey) {
		return Session{}, ErrThrottled
	}
	var user access.User
	found := false
	if users, err := s.app.Users(ctx, coop); err == nil {
		user, found = users.User(username)
	} else {
		var in *input.Error
		if !errors.As(err, &in) {
			return Session{}, err
		}
	}
	phc := ""
	if found && user.Active() {
		stored, ok, err := s.creds.GetCredential(ctx, passwordKey(coop, username))
		if err != nil {
			return Session{}, err
		}
		if ok {
			phc = string(stored)
		}
	}
	// Hash in every case, the dummy when there is nothing to compare,
	// so that the time taken does not tell whether the user exists.
	match := false
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return Session{}, ctx.Err()
	}
	if phc != "" {
		m, err := checkPassword(phc, password)
		match = err == nil && m
	} else {
		_, _ = checkPassword(s.dummyHash(), password)
	}
	<-s.hashing
	if !match {
		return Session{}, ErrBadCredentials
	}
	s.forgive(userKey, addrKey)
	sess := &session{
		Session: Session{ID: s.randomText(32), CSRF: s.randomText(32), Principal: principal(coop, user)},
		started: s.clock(), seen: s.clock(), passwords: user.Passwords,
	}
	s.mu.Lock()
	s.sweep()
	s.sessions[sess.ID] = sess
	s.mu.Unlock()
	return sess.Session, nil
}

// sweep forgets the sessions that have ended, at most once a minute; s.mu
// is held.
func (s *Service) sweep() {
	now := s.clock()
	if now.Sub(s.swept) < time.Minute {
		return
	}
	s.swept = now
	for id, sess := range s.sessions {
		if now.Sub(sess.seen) >= IdleTimeout || now.Sub(sess.started) >= MaxSessionAge {
			delete(s.sessions, id)
		}
	}
}

// reserve counts an attempt as a failure of every key, unless one of
// them has failed too often within the window already: then it reports
// false and counts nothing.
func (s *Service) reserve(keys ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		if len(s.recent(k)) >= MaxFailures {
			return false
		}
	}
	if len(s.failures) >= maxThrottleKeys {
		for k := range s.failures {
			s.recent(k)
		}
	}
	now := s.clock()
	for _, k := range keys {
		s.failures[k] = append(s.failures[k], now)
	}
	return true
}

// recent returns key's failures within the window, dropping older ones.
func (s *Service) recent(key string) []time.Time {
	now := s.clock()
	kept := s.failures[key][:0]
	for _, t := range s.failures[key] {
		if now.Sub(t) < FailureWindow {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(s.failures, key)
		return nil
	}
	s.failures[key] = kept
	return kept
}

// forgive clears the failures of the user's key after a success, and
// takes back the attempt counted against the address.
func (s *Service) forgive(userKey, addrKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failures, userKey)
	if f := s.failures[addrKey]; len(f) > 0 {
		s.failures[addrKey] = f[:len(f)-1]
	}
}

// Session implements Sessions: it ends a session idle too long, too old,
// or whose user was disabled, and gives it the user's current roles.
func (s *Service) Session(ctx context.Context, id string) (Session, error) {
	now := s.clock()
	s.mu.Lock()
	sess, ok := s.lookup(id)
	if ok && (now.Sub(sess.seen) >= IdleTimeout || now.Sub(sess.started) >= MaxSessionAge) {
		delete(s.sessions, sess.ID)
		ok = false
	}
	if ok {
		sess.seen = now
	}
	s.mu.Unlock()
	if !ok {
		return Session{}, ErrNoSession
	}
	p, passwords, err := s.current(ctx, sess.Principal.Coop, sess.Principal.Username)
	if err == nil && passwords != sess.passwords {
		err = ErrNoSession // the password was changed since
	}
	if err != nil {
		if errors.Is(err, ErrNoSession) {
			s.Logout(ctx, id)
		}
		return Session{}, err
	}
	out := sess.Session
	out.Principal = p
	return out, nil
}

// lookup finds a session by id comparing in constant time; s.mu is held.
func (s *Service) lookup(id string) (*session, bool) {
	sess, ok := s.sessions[id]
	if !ok || subtle.ConstantTimeCompare([]byte(sess.ID), []byte(id)) != 1 {
		return nil, false
	}
	return sess, true
}

// current returns the principal of an active user as the log now tells
// it, or ErrNoSession.
// The count of the times the user's password was set comes with it.
func (s *Service) current(ctx context.Context, coop cooperative.ID, username string) (Principal, int, error) {
	users, err := s.app.Users(ctx, coop)
	if err != nil {
		return Principal{}, 0, err
	}
	u, ok := users.User(username)
	if !ok || !u.Active() {
		return Principal{}, 0, ErrNoSession
	}
	return principal(coop, u), u.Passwords, nil
}

// Logout implements Sessions.
func (s *Service) Logout(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess, ok := s.lookup(id); ok {
		delete(s.sessions, sess.ID)
	}
	return nil
}

// CheckCSRF reports whether token is the session's CSRF token, comparing
// in constant time.
func CheckCSRF(sess Session, token string) bool {
	return sess.CSRF != "" && subtle.ConstantTimeCompare([]byte(sess.CSRF), []byte(token)) == 1
}

func (s *Service) endSessions(coop cooperative.ID, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sess := range s.sessions {
		if sess.Principal.Coop == coop && sess.Principal.Username == username {
			delete(s.sessions, id)
		}
	}
}

// Bearer implements Sessions: the token must be one the log issued and
// has not revoked, to a user not disabled, and its secret must hash to
// the hash kept.
func (s *Service) Bearer(ctx context.Context, token string) (Principal, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 4 || parts[0] != tokenPrefix {
		return Principal{}, ErrNoSession
	}
	coop, id := cooperative.ID(parts[1]), parts[2]
	if _, err := cooperative.ParseID(string(coop)); err != nil || !input.Identifier(id, access.MaxTokenIDLen, true) {
		return Principal{}, ErrNoSession
	}
	secret, err := base64.RawURLEncoding.DecodeString(parts[3])
	if err != nil || len(secret) != 32 {
		return Principal{}, ErrNoSession
	}
	stored, ok, err := s.creds.GetCredential(ctx, tokenKey(coop, id))
	if err != nil {
		return Principal{}, err
	}
	if !ok || subtle.ConstantTimeCompare(stored, tokenHash(secret)) != 1 {
		return Principal{}, ErrNoSession
	}
	users, err := s.app.Users(ctx, coop)
	if err != nil {
		return Principal{}, ErrNoSession
	}
	t, ok := users.Token(id)
	if !ok || t.Revoked {
		return Principal{}, ErrNoSession
	}
	u, ok := users.User(t.Username)
	if !ok || !u.Active() {
		return Principal{}, ErrNoSession
	}
	p := principal(coop, u)
	p.Token = true
	return p, nil
}
