// Package httpapi is Lumbung's JSON API under /api/v1: every route is
// one row of one table (method, pattern, the action of domain/access it
// requires, its summary, its request and response types), from which
// both the router and the OpenAPI 3 document are built, so the two never
// disagree.
//
// Every request acts for a principal (internal/auth): an API token in
// Authorization: Bearer, or the session cookie, with which every request
// that is not a GET must carry the session's CSRF token. The principal's
// cooperative is the only one a request reaches; an anggota reaches only
// their own member's data. The principal's username is the actor written
// into every event.
//
// Every POST carries an Idempotency-Key: it becomes the command's
// reference where the command takes one (so the ledger itself refuses a
// second write), and the first answer is kept, per cooperative, user and
// key, in a bounded cache so that a resubmission gets it back unchanged.
// An answer holding a password or an API token (POST /users, a user's
// password and tokens) is never kept: its resubmission answers 409
// secret_not_replayed, the first request's effect standing. Neither
// passwords nor tokens are logged.
//
// An API is safe for concurrent use.
package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// CookieName is the session cookie's name.
const CookieName = "lumbung_session"

// Options configure an API. Zero values give the defaults.
type Options struct {
	// MaxBody bounds a request body; 1 MiB if zero.
	MaxBody int64
	// IdempotencyEntries bounds the answers kept for resubmissions;
	// 100,000 if zero.
	IdempotencyEntries int
	// Logger receives one line per request; slog.Default() if nil.
	Logger *slog.Logger
	// Metrics counts requests and events; a new one if nil.
	Metrics *Metrics
	// Users manages the cooperative's users (the /users and /tokens
	// routes); without it they answer 404. *auth.Service implements it.
	Users Users
	// beforeWrite, when set (tests), runs before a command is handed to
	// the application.
	beforeWrite func(r *http.Request)
}

// API is the JSON API of one store.
type API struct {
	svc      *app.Service
	store    eventstore.Store
	sessions auth.Sessions
	opt      Options
	log      *slog.Logger
	metrics  *Metrics
	routes   []Route
	mux      *http.ServeMux
	idem     *idempotency
	views    *views
	events   *codec.Registry
}

// New returns the API of svc's store, signing people in through
// sessions.
func New(svc *app.Service, sessions auth.Sessions, opt Options) *API {
	if opt.MaxBody == 0 {
		opt.MaxBody = 1 << 20
	}
	if opt.IdempotencyEntries == 0 {
		opt.IdempotencyEntries = 100_000
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Metrics == nil {
		opt.Metrics = NewMetrics()
	}
	a := &API{
		svc: svc, store: svc.Store(), sessions: sessions, opt: opt, log: opt.Logger, metrics: opt.Metrics,
		mux: http.NewServeMux(), idem: newIdempotency(opt.IdempotencyEntries), views: newViews(svc.Store()), events: codec.Events(),
	}
	a.routes = a.table()
	for _, rt := range a.routes {
		a.mux.Handle(rt.Method+" "+Prefix+rt.Pattern, a.wrap(rt))
	}
	a.mux.HandleFunc("GET "+Prefix+"/openapi.json", a.openAPI)
	a.mux.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, printerFor(r), errNotFound)
	})
	return a
}

// ServeHTTP serves the API.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// Routes returns the route table.
func (a *API) Routes() []Route { return append([]Route(nil), a.routes...) }

// Metrics returns the API's metrics.
func (a *API) Metrics() *Metrics { return a.metrics }

// Route is one row of the table.
type Route struct {
	Method string
	// Pattern is the path under Prefix, with {name} wildcards.
	Pattern string
	// Action is what the principal's roles must allow. A route of
	// ViewOwn with a {member} wildcard serves an anggota their own
	// member only.
	Action  access.Action
	Summary string
	// Request and Response are values of the types of the bodies (nil:
	// none); the OpenAPI schemas are derived from them.
	Request, Response any
	// Formats lists the ?format= values beside json (csv, xlsx, pdf).
	Formats []string
	// Body is the media type of a POST's body: application/json unless
	// set (text/csv for the imports, whose Request is then nil).
	Body string
	// Query names the query parameters the route reads.
	Query []string
	// Produces is the media type of an answer that is a file and not
	// JSON (application/zip for the audit package).
	Produces string
	// MaxBody bounds this route's body in place of Options.MaxBody.
	MaxBody int64
	// Secret marks a route whose answer may hold a password or a token:
	// its answer is never kept, and a resubmission of its key answers
	// 409 secret_not_replayed instead of the first answer.
	Secret bool
	handle func(*call) (int, any, error)
}

// bodyType is the media type a POST's body must have.
func (rt Route) bodyType() string {
	if rt.Body != "" {
		return rt.Body
	}
	return "application/json"
}

// call is one request being served.
type call struct {
	api  *API
	w    http.ResponseWriter
	r    *http.Request
	p    auth.Principal
	pr   i18n.Printer
	body []byte
	// key is the request's Idempotency-Key (POST only).
	key string
}

// ctx is the request's context for reads.
func (c *call) ctx() context.Context { return c.r.Context() }

// writeCtx is the context of a command: not cancelled when the client
// goes away or the server shuts down, so an append once begun is never
// interrupted halfway.
func (c *call) writeCtx() context.Context {
	if hook := c.api.opt.beforeWrite; hook != nil {
		hook(c.r)
	}
	return context.WithoutCancel(c.r.Context())
}

func (c *call) actor() app.Actor { return app.Actor(c.p.Username) }

// decode reads the body into v: one JSON value, no unknown fields.
func (c *call) decode(v any) error {
	dec := json.NewDecoder(strings.NewReader(string(c.body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return &requestError{status: http.StatusBadRequest, code: "bad_request", field: typeErr.Field,
				id: "Jenis nilai salah pada kolom " + typeErr.Field + ".", en: "Wrong type of value in field " + typeErr.Field + "."}
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			f = strings.Trim(f, `"`)
			return &requestError{status: http.StatusBadRequest, code: "unknown_field", field: f,
				id: "Kolom tidak dikenal: " + f + ".", en: "Unknown field: " + f + "."}
		}
		return badRequest("malformed_json", "", "Isi permintaan bukan JSON yang sah.", "The request body is not valid JSON.")
	}
	if dec.More() {
		return badRequest("malformed_json", "", "Isi permintaan memuat lebih dari satu nilai JSON.", "The request body holds more than one JSON value.")
	}
	return nil
}

// today is today in the cooperative's zone.
func (c *call) today() (calendar.Date, error) { return c.api.svc.Today(c.ctx(), c.p.Coop) }

// date reads a date field; empty is today.
func (c *call) date(field, s string) (calendar.Date, error) {
	if s == "" {
		return c.today()
	}
	return parseDate(field, s)
}

func parseDate(field, s string) (calendar.Date, error) { return input.Date(field, s) }

// optionalDate reads a date field whose absence means no date.
func optionalDate(field, s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	return parseDate(field, s)
}

func parseAmount(field, s string) (money.Amount, error) {
	a, err := money.Parse(strings.TrimSpace(s))
	if err != nil {
		return a, &input.Error{Field: field, Value: s, Want: input.WantAmountPresent}
	}
	return a, nil
}

// ref is the command's reference: the one given, else the
// Idempotency-Key, so that a resubmission is the same transaction to the
// ledger.
func (c *call) ref(given string) string {
	if given != "" {
		return given
	}
	return c.key
}

// own refuses an anggota a member that is not theirs.
func (c *call) own(id string) error {
	if !c.p.Sees(member.ID(id)) {
		return errNotYours
	}
	return nil
}

// printerFor is the printer of the request's language: ?lang=, then
// Accept-Language, Indonesian by default.
func printerFor(r *http.Request) i18n.Printer {
	if l, ok := i18n.ParseLang(r.URL.Query().Get("lang")); ok && r.URL.Query().Get("lang") != "" {
		return i18n.New(l)
	}
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag, _, _ = strings.Cut(strings.ToLower(tag), "-")
		switch tag {
		case "id", "in":
			return i18n.New(i18n.ID)
		case "en":
			return i18n.New(i18n.EN)
		}
	}
	return i18n.New(i18n.ID)
}

// requestID returns the request's id: the client's X-Request-ID if it is
// a sensible one, else a new one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); id != "" && len(id) <= 64 && input.Identifier(id, 64, false) {
		return id
	}
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// wrap serves one route: authentication, authorisation, the body's
// limits, idempotency, the handler, and the request's log line and
// metrics.
func (a *API) wrap(rt Route) http.Handler {
	name := rt.Method + " " + Prefix + rt.Pattern
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r)
		rw.Header().Set("X-Request-ID", id)
		w := &statusWriter{ResponseWriter: rw}
		c := &call{api: a, w: w, r: r, pr: printerFor(r)}
		a.serve(rt, c)
		if w.status == 0 {
			w.status = http.StatusOK
		}
		elapsed := time.Since(start)
		a.metrics.observe(name, w.status, elapsed)
		a.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", id), slog.String("method", r.Method), slog.String("route", name),
			slog.String("path", r.URL.Path), slog.Int("status", w.status), slog.Duration("elapsed", elapsed),
			slog.String("user", c.p.Username), slog.String("coop", string(c.p.Coop)))
	})
}

func (a *API) serve(rt Route, c *call) {
	r := c.r
	p, err := a.authenticate(r)
	if err != nil {
		a.fail(c.w, r, c.pr, err)
		return
	}
	c.p = p
	if !p.Can(rt.Action) {
		a.fail(c.w, r, c.pr, errForbidden)
		return
	}
	if m := r.PathValue("member"); m != "" && strings.Contains(rt.Pattern, "{member}") {
		if err := c.own(m); err != nil {
			a.fail(c.w, r, c.pr, err)
			return
		}
	}
	if r.Method != http.MethodPost {
		a.respond(c, rt)
		return
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != rt.bodyType() {
		a.fail(c.w, r, c.pr, mediaTypeError(rt.bodyType()))
		return
	}
	c.key = r.Header.Get("Idempotency-Key")
	if c.key == "" {
		a.fail(c.w, r, c.pr, errNoKey)
		return
	}
	if !input.Text(c.key, member.MaxRefLen) {
		a.fail(c.w, r, c.pr, &input.Error{Field: "Idempotency-Key", Value: c.key, Want: input.WantRef})
		return
	}
	limit := a.opt.MaxBody
	if rt.MaxBody > 0 {
		limit = rt.MaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		a.fail(c.w, r, c.pr, errTooLarge)
		return
	}
	if err != nil {
		a.fail(c.w, r, c.pr, badRequest("bad_request", "", "Isi permintaan tidak terbaca.", "The request body could not be read."))
		return
	}
	c.body = body
	scope := string(p.Coop) + "\x00" + p.Username + "\x00" + c.key
	fp := fingerprint(r.Method, r.URL.Path, body)
	if rt.Secret {
		// The body may hold a password: not even its hash is kept. A key
		// reused for another body answers secret_not_replayed.
		fp = fingerprint(r.Method, r.URL.Path, nil)
	}
	e, first, err := a.idem.begin(r.Context(), scope, fp)
	if err != nil {
		a.fail(c.w, r, c.pr, err)
		return
	}
	if !first {
		c.w.Header().Set("Content-Type", e.ctype)
		c.w.Header().Set("Idempotent-Replayed", "true")
		c.w.WriteHeader(e.status)
		c.w.Write(e.body)
		return
	}
	rec := &recorder{ResponseWriter: c.w}
	c.w = rec
	a.respond(c, rt)
	status, ctype, kept := rec.status, rec.Header().Get("Content-Type"), rec.buf
	if rt.Secret && status < 300 {
		// The answer held a secret: keep a refusal in its place.
		var errBody Error
		status, errBody = explain(c.pr, errSecretNotReplayed)
		data, _ := json.Marshal(errBody)
		ctype, kept = "application/json; charset=utf-8", append(data, '\n')
	}
	rec.buf = nil
	a.idem.finish(scope, e, status, ctype, kept)
}

// authenticate finds the request's principal: a bearer token, or the
// session cookie (with its CSRF token on anything but a read).
func (a *API) authenticate(r *http.Request) (auth.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			return auth.Principal{}, errUnauthenticated
		}
		p, err := a.sessions.Bearer(r.Context(), token)
		if errors.Is(err, auth.ErrNoSession) {
			return auth.Principal{}, errUnauthenticated
		}
		if err != nil {
			return auth.Principal{}, err
		}
		p.Token = true
		return p, nil
	}
	ck, err := r.Cookie(CookieName)
	if err != nil || ck.Value == "" {
		return auth.Principal{}, errUnauthenticated
	}
	s, err := a.sessions.Session(r.Context(), ck.Value)
	if errors.Is(err, auth.ErrNoSession) {
		return auth.Principal{}, errUnauthenticated
	}
	if err != nil {
		return auth.Principal{}, err
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		got := r.Header.Get("X-CSRF-Token")
		if s.CSRF == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) != 1 {
			return auth.Principal{}, errCSRF
		}
	}
	return s.Principal, nil
}

// respond runs the handler and writes its answer.
func (a *API) respond(c *call, rt Route) {
	status, body, err := rt.handle(c)
	if err != nil {
		a.fail(c.w, c.r, c.pr, err)
		return
	}
	if d, ok := body.(*download); ok {
		c.w.Header().Set("Content-Type", d.contentType)
		if d.filename != "" {
			c.w.Header().Set("Content-Disposition", `attachment; filename="`+d.filename+`"`)
		}
		c.w.WriteHeader(status)
		c.w.Write(d.data)
		return
	}
	writeJSON(c.w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	data, err := json.Marshal(body)
	if err != nil {
		panic("httpapi: encode response: " + err.Error())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

// fail answers with err's status and body, and logs what is not the
// person's doing.
func (a *API) fail(w http.ResponseWriter, r *http.Request, p i18n.Printer, err error) {
	status, body := explain(p, err)
	if status >= 500 {
		a.log.LogAttrs(r.Context(), slog.LevelError, "request failed", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	writeJSON(w, status, body)
}

// download is an answer that is a file: a report as CSV, XLSX or PDF.
type download struct {
	contentType, filename string
	data                  []byte
}
