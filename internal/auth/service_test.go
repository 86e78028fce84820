package auth_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

const coop cooperative.ID = "kdmp-uji"

// clock is a settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// cheap are costs for tests: the default's are measured, not tested.
var cheap = auth.Params{Time: 1, MemoryKiB: 1024, Threads: 1, SaltLen: 16, KeyLen: 32}

type fixture struct {
	ctx   context.Context
	clock *clock
	store *sqlite.Store
	auth  *auth.Service
}

func setup(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "l.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	c := &clock{now: time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)}
	svc := app.New(store, app.Options{Clock: c.Now})
	_, err = svc.Register(ctx, "admin", cooperative.Register{Coop: coop, Name: "Koperasi Uji", Policy: policy.Default(money.New(50_000), money.New(10_000))})
	require.NoError(t, err)
	a := auth.New(svc, store, auth.Options{Clock: c.Now, Params: cheap})
	_, err = a.AddUser(ctx, "init", coop, auth.NewUser{Username: "admin", Name: "Administrator", Roles: []access.Role{access.Admin}, Password: "kata-sandi-admin"})
	require.NoError(t, err)
	return fixture{ctx: ctx, clock: c, store: store, auth: a}
}

func TestLogin(t *testing.T) {
	f := setup(t)
	pw, err := f.auth.AddUser(f.ctx, "admin", coop, auth.NewUser{Username: "siti", Name: "Siti", Roles: []access.Role{access.Bendahara}})
	require.NoError(t, err)
	assert.Len(t, pw, 20, "a generated password is returned once")

	sess, err := f.auth.Login(f.ctx, coop, "siti", pw, "10.0.0.1")
	require.NoError(t, err)
	assert.Equal(t, "siti", sess.Principal.Username)
	assert.Equal(t, []access.Role{access.Bendahara}, sess.Principal.Roles)
	assert.NotEmpty(t, sess.CSRF)
	assert.NotEqual(t, sess.ID, sess.CSRF)
	assert.True(t, auth.CheckCSRF(sess, sess.CSRF))
	assert.False(t, auth.CheckCSRF(sess, sess.CSRF+"x"))

	got, err := f.auth.Session(f.ctx, sess.ID)
	require.NoError(t, err)
	assert.Equal(t, sess.Principal, got.Principal)

	_, err = f.auth.Login(f.ctx, coop, "siti", pw+"x", "10.0.0.1")
	assert.ErrorIs(t, err, auth.ErrBadCredentials)
	_, err = f.auth.Login(f.ctx, coop, "nobody", pw, "10.0.0.1")
	assert.ErrorIs(t, err, auth.ErrBadCredentials, "an unknown user reads as a wrong password")
	_, err = f.auth.Login(f.ctx, "no-such-coop", "siti", pw, "10.0.0.1")
	assert.ErrorIs(t, err, auth.ErrBadCredentials)

	require.NoError(t, f.auth.Logout(f.ctx, sess.ID))
	_, err = f.auth.Session(f.ctx, sess.ID)
	assert.ErrorIs(t, err, auth.ErrNoSession)
}

func TestPasswordsAreHashedOutsideTheLog(t *testing.T) {
	f := setup(t)
	stored, ok, err := f.store.GetCredential(f.ctx, "password/kdmp-uji/admin")
	require.NoError(t, err)
	require.True(t, ok)
	assert.True(t, strings.HasPrefix(string(stored), "$argon2id$v=19$m=1024,t=1,p=1$"), string(stored))
	assert.NotContains(t, string(stored), "kata-sandi-admin")

	_, err = f.auth.SetPassword(f.ctx, "admin", coop, "admin", "sandi-baru-yang-panjang")
	require.NoError(t, err)
	_, err = f.auth.Login(f.ctx, coop, "admin", "kata-sandi-admin", "r")
	assert.ErrorIs(t, err, auth.ErrBadCredentials, "the old password stops working")
	_, err = f.auth.Login(f.ctx, coop, "admin", "sandi-baru-yang-panjang", "r")
	assert.NoError(t, err)

	var in *input.Error
	_, err = f.auth.SetPassword(f.ctx, "admin", coop, "admin", "pendek")
	require.ErrorAs(t, err, &in)
	assert.Equal(t, input.WantPassword, in.Want)
	assert.NotContains(t, err.Error(), "pendek", "a refused password is never echoed")
	_, err = f.auth.SetPassword(f.ctx, "admin", coop, "nobody", "sandi-baru-yang-panjang")
	require.ErrorAs(t, err, &in)
	assert.Equal(t, input.WantKnownUser, in.Want)
	_, ok, err = f.store.GetCredential(f.ctx, "password/kdmp-uji/nobody")
	require.NoError(t, err)
	assert.False(t, ok, "nothing kept for a refused user")
}

func TestDefaultParamsRoundTrip(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "l.db"), sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()
	svc := app.New(store, app.Options{})
	_, err = svc.Register(ctx, "admin", cooperative.Register{Coop: coop, Name: "Koperasi Uji", Policy: policy.Default(money.New(50_000), money.New(10_000))})
	require.NoError(t, err)
	a := auth.New(svc, store, auth.Options{})
	pw, err := a.AddUser(ctx, "init", coop, auth.NewUser{Username: "admin", Name: "Administrator", Roles: []access.Role{access.Admin}})
	require.NoError(t, err)
	stored, _, err := store.GetCredential(ctx, "password/kdmp-uji/admin")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(stored), "$argon2id$v=19$m=65536,t=3,p=4$"), string(stored))
	_, err = a.Login(ctx, coop, "admin", pw, "r")
	require.NoError(t, err)
	_, err = a.Login(ctx, coop, "admin", "salah-salah-salah", "r")
	assert.ErrorIs(t, err, auth.ErrBadCredentials)
}

func TestThrottling(t *testing.T) {
	f := setup(t)
	for range auth.MaxFailures {
		_, err := f.auth.Login(f.ctx, coop, "admin", "salah-salah", "10.0.0.9")
		require.ErrorIs(t, err, auth.ErrBadCredentials)
	}
	_, err := f.auth.Login(f.ctx, coop, "admin", "kata-sandi-admin", "10.0.0.7")
	assert.ErrorIs(t, err, auth.ErrThrottled, "the user is throttled from any address, even with the right password")
	_, err = f.auth.Login(f.ctx, coop, "someone", "whatever-at-all", "10.0.0.9")
	assert.ErrorIs(t, err, auth.ErrThrottled, "the address is throttled for any user")

	f.clock.Advance(auth.FailureWindow - time.Second)
	_, err = f.auth.Login(f.ctx, coop, "admin", "kata-sandi-admin", "10.0.0.7")
	assert.ErrorIs(t, err, auth.ErrThrottled)
	f.clock.Advance(time.Second)
	_, err = f.auth.Login(f.ctx, coop, "admin", "kata-sandi-admin", "10.0.0.7")
	assert.NoError(t, err, "the window has passed")
}

func TestSessionExpiry(t *testing.T) {
	f := setup(t)
	sess, err := f.auth.Login(f.ctx, coop, "admin", "kata-sandi-admin", "r")
	require.NoError(t, err)

	// Used every 29 minutes, it lives until 12 hours after sign-in.
	for elapsed := time.Duration(0); elapsed+29*time.Minute < auth.MaxSessionAge; elapsed += 29 * time.Minute {
		f.clock.Advance(29 * time.Minute)
		_, err := f.auth.Session(f.ctx, sess.ID)
		require.NoError(t, err, "after %s", elapsed)
	}
	f.clock.Advance(29 * time.Minute)
	_, err = f.auth.Session(f.ctx, sess.ID)
	assert.ErrorIs(t, err, auth.ErrNoSession, "older than 12 hours")

	idle, err := f.auth.Login(f.ctx, coop, "admin", "kata-sandi-admin", "r")
	require.NoError(t, err)
	f.clock.Advance(auth.IdleTimeout)
	_, err = f.auth.Session(f.ctx, idle.ID)
	assert.ErrorIs(t, err, auth.ErrNoSession, "idle 30 minutes")
	_, err = f.auth.Session(f.ctx, "no-such-session")
	assert.ErrorIs(t, err, auth.ErrNoSession)
}

func TestDisabledUser(t *testing.T) {
	f := setup(t)
	_, err := f.auth.AddUser(f.ctx, "admin", coop, auth.NewUser{Username: "rina", Name: "Rina", Roles: []access.Role{access.Teller}, Password: "sandi-rina-panjang"})
	require.NoError(t, err)
	sess, err := f.auth.Login(f.ctx, coop, "rina", "sandi-rina-panjang", "r")
	require.NoError(t, err)
	tok, err := f.auth.IssueToken(f.ctx, "admin", coop, "rina", "skrip")
	require.NoError(t, err)

	require.NoError(t, f.auth.Disable(f.ctx, "admin", coop, "rina"))
	_, err = f.auth.Session(f.ctx, sess.ID)
	assert.ErrorIs(t, err, auth.ErrNoSession, "the session ends")
	_, err = f.auth.Bearer(f.ctx, tok.Text)
	assert.ErrorIs(t, err, auth.ErrNoSession, "the token stops")
	_, err = f.auth.Login(f.ctx, coop, "rina", "sandi-rina-panjang", "r")
	assert.ErrorIs(t, err, auth.ErrBadCredentials, "a disabled user cannot sign in")

	var in *input.Error
	_, err = f.auth.IssueToken(f.ctx, "admin", coop, "rina", "lagi")
	require.ErrorAs(t, err, &in)
	assert.Equal(t, input.WantActiveUser, in.Want)
	err = f.auth.Disable(f.ctx, "admin", coop, "admin")
	require.ErrorAs(t, err, &in)
	assert.Equal(t, input.WantAnotherAdmin, in.Want)
}

func TestTokens(t *testing.T) {
	f := setup(t)
	tok, err := f.auth.IssueToken(f.ctx, "admin", coop, "admin", "cadangan malam")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(tok.Text, "lumbung.kdmp-uji."+tok.ID+"."), tok.Text)

	p, err := f.auth.Bearer(f.ctx, tok.Text)
	require.NoError(t, err)
	assert.Equal(t, "admin", p.Username)
	assert.True(t, p.Token)
	assert.True(t, p.Can(access.ManageUsers))

	stored, ok, err := f.store.GetCredential(f.ctx, "token/kdmp-uji/"+tok.ID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Len(t, stored, 32, "only the SHA-256 is kept")
	assert.NotContains(t, string(stored), tok.Text[strings.LastIndex(tok.Text, ".")+1:])

	for _, bad := range []string{"", "lumbung", tok.Text + "A", strings.Replace(tok.Text, "kdmp-uji", "kdmp-lain", 1), tok.Text[:len(tok.Text)-2] + "AA"} {
		_, err := f.auth.Bearer(f.ctx, bad)
		assert.ErrorIs(t, err, auth.ErrNoSession, bad)
	}

	users, err := f.auth.Users(f.ctx, coop)
	require.NoError(t, err)
	require.Len(t, users.Tokens("admin"), 1)
	assert.Equal(t, "cadangan malam", users.Tokens("admin")[0].Label)

	require.NoError(t, f.auth.RevokeToken(f.ctx, "admin", coop, tok.ID))
	_, err = f.auth.Bearer(f.ctx, tok.Text)
	assert.ErrorIs(t, err, auth.ErrNoSession, "a revoked token stops at once")
	var in *input.Error
	require.ErrorAs(t, f.auth.RevokeToken(f.ctx, "admin", coop, "0000"), &in)
	assert.Equal(t, input.WantKnownToken, in.Want)
}

func TestRolesFollowTheLog(t *testing.T) {
	f := setup(t)
	_, err := f.auth.AddUser(f.ctx, "admin", coop, auth.NewUser{Username: "budi", Name: "Budi", Roles: []access.Role{access.Pengurus}, Password: "sandi-budi-panjang"})
	require.NoError(t, err)
	sess, err := f.auth.Login(f.ctx, coop, "budi", "sandi-budi-panjang", "r")
	require.NoError(t, err)
	require.NoError(t, f.auth.Grant(f.ctx, "admin", coop, "budi", access.Ketua))
	require.NoError(t, f.auth.Revoke(f.ctx, "admin", coop, "budi", access.Pengurus))
	got, err := f.auth.Session(f.ctx, sess.ID)
	require.NoError(t, err)
	assert.Equal(t, []access.Role{access.Ketua}, got.Principal.Roles)

	_, err = f.auth.AddUser(f.ctx, "admin", coop, auth.NewUser{Username: "anggota1", Name: "Ani", Roles: []access.Role{access.Anggota}, Member: "M0001", Password: "sandi-ani-panjang"})
	require.NoError(t, err)
	a, err := f.auth.Login(f.ctx, coop, "anggota1", "sandi-ani-panjang", "r")
	require.NoError(t, err)
	assert.True(t, a.Principal.Sees("M0001"))
	assert.False(t, a.Principal.Sees("M0002"))
}

// Guesses made at once pass the throttle no more often than guesses made
// one after another: each attempt is counted before its password is
// checked.
func TestThrottlingHoldsUnderConcurrentGuesses(t *testing.T) {
	f := setup(t)
	const guesses = 200
	var wg sync.WaitGroup
	var checked, throttled atomic.Int64
	for i := range guesses {
		wg.Go(func() {
			_, err := f.auth.Login(f.ctx, coop, "admin", fmt.Sprintf("tebakan-%03d", i), "203.0.113.7")
			switch {
			case errors.Is(err, auth.ErrThrottled):
				throttled.Add(1)
			case errors.Is(err, auth.ErrBadCredentials):
				checked.Add(1)
			default:
				t.Errorf("guess %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, auth.MaxFailures, checked.Load(), "only as many guesses as the throttle allows are checked")
	assert.EqualValues(t, guesses-auth.MaxFailures, throttled.Load())
}

// A password changed by another process (lumbung user passwd while the
// server runs) ends the sessions opened with the old one.
func TestAPasswordChangedElsewhereEndsSessions(t *testing.T) {
	f := setup(t)
	sess, err := f.auth.Login(f.ctx, coop, "admin", "kata-sandi-admin", "10.0.0.1")
	require.NoError(t, err)
	other := auth.New(app.New(f.store, app.Options{Clock: f.clock.Now}), f.store, auth.Options{Clock: f.clock.Now, Params: cheap})
	_, err = other.SetPassword(f.ctx, "admin", coop, "admin", "sandi-baru-sekali")
	require.NoError(t, err)
	_, err = f.auth.Session(f.ctx, sess.ID)
	assert.ErrorIs(t, err, auth.ErrNoSession)
	_, err = f.auth.Login(f.ctx, coop, "admin", "sandi-baru-sekali", "10.0.0.1")
	assert.NoError(t, err)
}

// Sign-ins under names no user can have share one throttle key.
func TestMalformedNamesShareOneThrottleKey(t *testing.T) {
	f := setup(t)
	for i := range auth.MaxFailures {
		_, err := f.auth.Login(f.ctx, coop, strings.Repeat("X", 1000+i), "apa-saja-boleh", fmt.Sprintf("10.1.0.%d", i))
		require.ErrorIs(t, err, auth.ErrBadCredentials)
	}
	_, err := f.auth.Login(f.ctx, coop, strings.Repeat("Y", 5000), "apa-saja-boleh", "10.2.0.1")
	assert.ErrorIs(t, err, auth.ErrThrottled)
	_, err = f.auth.Login(f.ctx, coop, "admin", "kata-sandi-admin", "10.2.0.2")
	assert.NoError(t, err, "a real user is not affected")
}
