package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	domainaccess "github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/httpapi"
)

// oneToken is a test fixture: sessions with one API token, a teller.
type oneToken struct{}

func (oneToken) Login(context.Context, cooperative.ID, string, string, string) (auth.Session, error) {
	return auth.Session{}, auth.ErrBadCredentials
}
func (oneToken) Session(context.Context, string) (auth.Session, error) {
	return auth.Session{}, auth.ErrNoSession
}
func (oneToken) Logout(context.Context, string) error { return nil }
func (oneToken) Bearer(_ context.Context, token string) (auth.Principal, error) {
	if token != "tok" {
		return auth.Principal{}, auth.ErrNoSession
	}
	return auth.Principal{Coop: "kop", Username: "teller", Roles: []domainaccess.Role{domainaccess.Teller}}, nil
}

// TestServeFinishesRequestsInFlightOnShutdown: a deposit in flight when
// the shutdown begins is completed and answered, and recorded.
func TestServeFinishesRequestsInFlightOnShutdown(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"), sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()
	svc := app.New(store, app.Options{Clock: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }})
	_, err = svc.Register(ctx, "setup", cooperative.Register{Coop: "kop", Name: "Kop", Policy: policy.Default(money.New(50_000), money.New(10_000)), On: calendar.MustNew(2025, 1, 1)})
	require.NoError(t, err)
	_, err = svc.Admit(ctx, "setup", "kop", "m1", "Siti", calendar.MustNew(2025, 1, 2), "MASUK-1", true)
	require.NoError(t, err)

	api := httpapi.New(svc, oneToken{}, httpapi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	started, release := make(chan struct{}), make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		api.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() {
		served <- serveUntil(sctx, opsMux(api, slow), ln, "", "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()

	type answer struct {
		status int
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/api/v1/members/m1/deposits", strings.NewReader(`{"product":"sukarela","amount":"5000"}`))
		req.Header.Set("Authorization", "Bearer tok")
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "in-flight-1")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		res.Body.Close()
		answered <- answer{status: res.StatusCode}
	}()
	<-started
	stop() // the shutdown begins with the deposit in flight
	time.Sleep(50 * time.Millisecond)
	close(release)
	a := <-answered
	require.NoError(t, a.err)
	assert.Equal(t, http.StatusCreated, a.status)
	require.NoError(t, <-served)
	st, err := svc.Member(ctx, "kop", "m1")
	require.NoError(t, err)
	assert.Equal(t, "5000", st.Account(savings.Sukarela).Balance().String())
}

// lumbung serve on a fresh store signs the first admin in with the
// password init gave, serves the web app and the API beside it, and
// stops cleanly when asked.
func TestServeSignsTheFirstAdminIn(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	store := "sqlite:" + filepath.Join(dir, "x.db")
	require.Equal(t, 0, run(context.Background(), []string{"--store", store, "init", "--coop", "kop", "--name", "Kop"}, e), errOut.String())
	password := regexp.MustCompile(`admin \(.*\): (\S+)`).FindStringSubmatch(out.String())
	require.Len(t, password, 2, out.String())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	served := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	go func() { done <- run(ctx, []string{"--store", store, "serve", "--addr", addr}, served) }()
	base := "http://" + addr
	require.Eventually(t, func() bool {
		r, err := http.Get(base + "/healthz")
		if err != nil {
			return false
		}
		r.Body.Close()
		return r.StatusCode == http.StatusOK
	}, 10*time.Second, 20*time.Millisecond)

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar}
	r, err := client.Get(base + "/login")
	require.NoError(t, err)
	page, _ := io.ReadAll(r.Body)
	r.Body.Close()
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	require.Len(t, csrf, 2, string(page))
	r, err = client.PostForm(base+"/login", url.Values{"csrf": {string(csrf[1])}, "username": {"admin"}, "password": {password[1]}})
	require.NoError(t, err)
	page, _ = io.ReadAll(r.Body)
	r.Body.Close()
	assert.Equal(t, http.StatusOK, r.StatusCode, string(page))
	assert.Contains(t, string(page), "Kop")
	r, err = client.Get(base + "/api/v1/openapi.json")
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, http.StatusOK, r.StatusCode)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code)
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not stop")
	}
}
