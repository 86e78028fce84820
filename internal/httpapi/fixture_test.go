package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/sample"
)

// fixedSessions is a test fixture: an auth.Sessions with fixed users,
// tokens and sessions, standing in for auth.Service.
type fixedSessions struct {
	tokens   map[string]auth.Principal
	sessions map[string]auth.Session
}

func (f *fixedSessions) Login(context.Context, cooperative.ID, string, string, string) (auth.Session, error) {
	return auth.Session{}, auth.ErrBadCredentials
}

func (f *fixedSessions) Session(_ context.Context, id string) (auth.Session, error) {
	s, ok := f.sessions[id]
	if !ok {
		return auth.Session{}, auth.ErrNoSession
	}
	return s, nil
}

func (f *fixedSessions) Logout(context.Context, string) error { return nil }

func (f *fixedSessions) Bearer(_ context.Context, token string) (auth.Principal, error) {
	p, ok := f.tokens[token]
	if !ok {
		return auth.Principal{}, auth.ErrNoSession
	}
	return p, nil
}

const (
	coopA = cooperative.ID("koperasi-a")
	coopB = cooperative.ID("koperasi-b")
)

// now is the fixture's fixed instant.
var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fixture is a store with two cooperatives, members m1 and m2 in A, m9
// in B, the demo loan product in A, and a token per role: "tok-ROLE"
// acts in A; "tok-anggota" is member m1; "tok-maker" is a teller and
// pengurus at once; "tok-b" is B's bendahara.
type fixture struct {
	t     testing.TB
	store *sqlite.Store
	svc   *app.Service
	api   *API
	srv   *httptest.Server
}

func newFixture(t testing.TB, opt ...func(*Options)) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: func() time.Time { return now }})
	for _, c := range []cooperative.ID{coopA, coopB} {
		_, err := svc.Register(ctx, "setup", cooperative.Register{Coop: c, Name: "Koperasi " + string(c), Policy: policy.Default(money.New(50_000), money.New(10_000)), On: calendar.MustNew(2025, 1, 1)})
		require.NoError(t, err)
	}
	on := calendar.MustNew(2025, 1, 2)
	for _, m := range []struct {
		coop cooperative.ID
		id   member.ID
	}{{coopA, "m1"}, {coopA, "m2"}, {coopB, "m9"}} {
		_, err := svc.Admit(ctx, "setup", m.coop, m.id, "Anggota "+string(m.id), on, "MASUK-"+string(m.id), true)
		require.NoError(t, err)
		_, err = svc.Deposit(ctx, "setup", m.coop, m.id, savings.Sukarela, money.New(1_000_000), on, "SETOR-"+string(m.id))
		require.NoError(t, err)
	}
	_, err = svc.DefineProduct(ctx, "setup", coopA, sample.DemoProduct(), calendar.MustNew(2025, 1, 1))
	require.NoError(t, err)

	sess := &fixedSessions{tokens: map[string]auth.Principal{}, sessions: map[string]auth.Session{}}
	for _, r := range access.Roles() {
		p := auth.Principal{Coop: coopA, Username: "user-" + string(r), Roles: []access.Role{r}}
		if r == access.Anggota {
			p.Member = "m1"
		}
		sess.tokens["tok-"+string(r)] = p
	}
	sess.tokens["tok-maker"] = auth.Principal{Coop: coopA, Username: "maker", Roles: []access.Role{access.Teller, access.Ketua}}
	sess.tokens["tok-b"] = auth.Principal{Coop: coopB, Username: "b-bendahara", Roles: []access.Role{access.Bendahara}}
	sess.sessions["sess-teller"] = auth.Session{ID: "sess-teller", CSRF: "csrf-123", Principal: sess.tokens["tok-teller"]}

	// The users' service of the store, with cheap password hashes; the
	// fixture's tokens stand beside it.
	users := auth.New(svc, store, auth.Options{Clock: func() time.Time { return now }, Params: auth.Params{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 32}})
	o := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Users: users}
	for _, f := range opt {
		f(&o)
	}
	api := New(svc, sess, o)
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return &fixture{t: t, store: store, svc: svc, api: api, srv: srv}
}

// events counts the events of the log.
func (f *fixture) events() int {
	f.t.Helper()
	n := 0
	from := eventstore.Start
	for {
		page, err := f.store.ReadAll(context.Background(), from, eventstore.Forwards, 5000)
		require.NoError(f.t, err)
		n += len(page)
		if len(page) < 5000 {
			return n
		}
		from = page[len(page)-1].Position
	}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), string(r.body))
	return m
}

// do sends a request with a token (none if ""), a JSON body for a POST,
// and an idempotency key.
func (f *fixture) do(method, path, token, body string, headers ...string) reply {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	require.NoError(f.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := f.srv.Client().Do(req)
	require.NoError(f.t, err)
	defer res.Body.Close()
	var buf bytes.Buffer
	_, err = io.Copy(&buf, res.Body)
	require.NoError(f.t, err)
	return reply{status: res.StatusCode, header: res.Header, body: buf.Bytes()}
}

// post sends a POST with an idempotency key.
func (f *fixture) post(path, token, key, body string, headers ...string) reply {
	f.t.Helper()
	return f.do(http.MethodPost, path, token, body, append([]string{"Idempotency-Key", key}, headers...)...)
}

func memberID(s string) member.ID { return member.ID(s) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
