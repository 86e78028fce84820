// Package web is the treasurer's web UI: server-rendered pages
// (html/template) over the same application service the CLI calls, with
// every template, stylesheet and script embedded in the binary and
// nothing loaded from another site.
//
// Every request acts for the principal of its session (a cookie that is
// HttpOnly and SameSite=Strict, Secure under TLS) and reads only that
// principal's cooperative; an anggota reads only their own member page.
// Every form carries the session's CSRF token, checked on every POST,
// and a fresh idempotency key: a command with a reference takes its
// reference from the key, so the ledger itself refuses a second write,
// and the first result is remembered so that a resubmitted form shows the
// same page without writing anything.
//
// A Handler is safe for concurrent use.
package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Cookie names.
const (
	SessionCookie = "lumbung_session"
	LangCookie    = "lumbung_lang"
	// loginCookie holds the CSRF token of the sign-in form, before there
	// is a session to hold one.
	loginCookie = "lumbung_login"
)

// Form fields every POST carries.
const (
	csrfField = "csrf"
	keyField  = "idempotency_key"
	keyHeader = "Idempotency-Key"
)

// Options configure the web UI. Zero values give the defaults.
type Options struct {
	// Coop is the cooperative the sign-in form names when the person
	// gives none; with it set the form does not ask.
	Coop cooperative.ID
	// MaxForm bounds the size of a form's body; 64 KiB if zero.
	MaxForm int64
	// Remember bounds how many results of submitted forms are kept for
	// resubmissions; 10,000 if zero.
	Remember int
	// Log receives the operational errors the pages hide from people;
	// slog.Default() if nil.
	Log *slog.Logger
	// Users manages the cooperative's users from the settings page; with
	// none the page only shows who is signed in.
	Users Users
}

// Handler serves the web UI.
type Handler struct {
	svc      *app.Service
	store    eventstore.Store
	sessions auth.Sessions
	opts     Options
	mux      *http.ServeMux
	pages    map[string]*template.Template
	done     *results
	balances *liveBalances
	keyLocks [64]sync.Mutex
}

// New returns the web UI on svc, reading store for the pages the service
// has no query for (the trail, the verification) and signing people in
// through sessions. It serves under "/".
func New(svc *app.Service, store eventstore.Store, sessions auth.Sessions, opts Options) http.Handler {
	if opts.MaxForm == 0 {
		opts.MaxForm = 64 << 10
	}
	if opts.Remember == 0 {
		opts.Remember = 10_000
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	h := &Handler{svc: svc, store: store, sessions: sessions, opts: opts, mux: http.NewServeMux(),
		done: newResults(opts.Remember), balances: newLiveBalances(store)}
	h.pages = parsePages()
	static, _ := fs.Sub(staticFS, "static")
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	h.mux.HandleFunc("GET /login", h.loginPage)
	h.mux.HandleFunc("POST /login", h.login)
	h.mux.HandleFunc("GET /lang/{lang}", h.setLang)
	h.routes()
	return h
}

// ServeHTTP sets the security headers and serves the request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Content-Type-Options", "nosniff")
	if !strings.HasPrefix(r.URL.Path, "/static/") {
		hd.Set("Cache-Control", "no-store")
	}
	h.mux.ServeHTTP(w, r)
}

// request is one request of a signed-in person.
type request struct {
	w    http.ResponseWriter
	r    *http.Request
	ctx  context.Context
	sess auth.Session
	who  auth.Principal
	pr   i18n.Printer
	coop cooperative.State
	// today is the cooperative's date now.
	today calendar.Date
	// key is the POST's idempotency key.
	key string
	// remember is, for a command that answered with its own page (one
	// that shows a secret once), the page a resubmission goes to.
	remember string
}

// actor is who the request's commands are recorded as.
func (rq *request) actor() app.Actor { return app.Actor(rq.who.Username) }

// printer returns the printer of the request's language.
func printer(r *http.Request) i18n.Printer {
	lang := i18n.ID
	if c, err := r.Cookie(LangCookie); err == nil {
		lang, _ = i18n.ParseLang(c.Value)
	}
	return i18n.New(lang)
}

// handle registers a page that needs a session and action a. A GET
// without a session goes to the sign-in page; anything else without one
// is forbidden.
func (h *Handler) handle(pattern string, a access.Action, fn func(*request) error) {
	post := strings.HasPrefix(pattern, "POST ")
	h.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		rq := &request{w: w, r: r, ctx: r.Context(), pr: printer(r)}
		c, err := r.Cookie(SessionCookie)
		if err == nil {
			rq.sess, err = h.sessions.Session(r.Context(), c.Value)
		}
		if err != nil {
			if !errors.Is(err, http.ErrNoCookie) && !errors.Is(err, auth.ErrNoSession) {
				h.fail(rq, err)
				return
			}
			if post {
				http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		rq.who = rq.sess.Principal
		if post {
			r.Body = http.MaxBytesReader(w, r.Body, h.opts.MaxForm)
			if err := r.ParseForm(); err != nil {
				http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
				return
			}
			if !sameToken(r.PostForm.Get(csrfField), rq.sess.CSRF) {
				http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
				return
			}
		}
		if !rq.who.Can(a) {
			h.forbidden(rq)
			return
		}
		if rq.coop, err = h.svc.Cooperative(rq.ctx, rq.who.Coop); err != nil {
			h.fail(rq, err)
			return
		}
		if v, ok := rq.coop.Policies.Latest(); ok {
			rq.pr.Currency, rq.pr.Places = v.Policy.Currency, v.Policy.Places
		}
		if rq.today, err = h.svc.Today(rq.ctx, rq.who.Coop); err != nil {
			h.fail(rq, err)
			return
		}
		if err := fn(rq); err != nil {
			h.fail(rq, err)
		}
	})
}

// action registers a form's POST: fn carries the command out and returns
// the page to go to, or "" when it answered itself (a refusal shown in
// the form, or a page shown once with rq.remember set). The page of a key already carried out is remembered: the
// same key goes to the same page and nothing runs again.
func (h *Handler) action(pattern string, a access.Action, fn func(*request) (string, error)) {
	h.handle(pattern, a, func(rq *request) error {
		rq.key = rq.r.PostForm.Get(keyField)
		if rq.key == "" {
			rq.key = rq.r.Header.Get(keyHeader)
		}
		if !validKey(rq.key) {
			http.Error(rq.w, rq.pr.T("Formulir tanpa kunci idempotensi yang sah.", "The form carries no valid idempotency key."), http.StatusBadRequest)
			return nil
		}
		id := string(rq.who.Coop) + "\x00" + rq.who.Username + "\x00" + rq.key
		mu := h.keyLock(id)
		mu.Lock()
		defer mu.Unlock()
		if to, ok := h.done.get(id); ok {
			http.Redirect(rq.w, rq.r, to, http.StatusSeeOther)
			return nil
		}
		to, err := fn(rq)
		if err == nil && to == "" && rq.remember != "" {
			h.done.put(id, rq.remember)
		}
		if err != nil || to == "" {
			return err
		}
		h.done.put(id, to)
		http.Redirect(rq.w, rq.r, to, http.StatusSeeOther)
		return nil
	})
}

func (h *Handler) keyLock(id string) *sync.Mutex {
	f := fnv.New32a()
	f.Write([]byte(id))
	return &h.keyLocks[f.Sum32()%uint32(len(h.keyLocks))]
}

// keyRef turns an idempotency key into a transaction reference short
// enough for a receipt: a prefix and the key's first twelve hex digits.
func keyRef(prefix, key string) string {
	return prefix + "-" + strings.ToUpper(key[:12])
}

// validKey accepts the keys the forms embed: 32 lowercase hex digits.
func validKey(k string) bool {
	if len(k) != 32 {
		return false
	}
	_, err := hex.DecodeString(k)
	return err == nil && strings.ToLower(k) == k
}

// newKey returns a fresh random key of 32 hex digits.
func newKey() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func sameToken(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// forbidden answers 403 with a page in the person's language.
func (h *Handler) forbidden(rq *request) {
	h.render(rq, http.StatusForbidden, "message.html", rq.pr.T("Tidak diizinkan", "Forbidden"), message{
		Text: rq.pr.T("Anda tidak berwenang membuka halaman ini.", "You are not allowed to open this page."),
	})
}

// notFound answers 404.
func (h *Handler) notFound(rq *request, text string) {
	h.render(rq, http.StatusNotFound, "message.html", rq.pr.T("Tidak ditemukan", "Not found"), message{Text: text})
}

// fail answers an operational error: logged, and a plain page without its
// details.
func (h *Handler) fail(rq *request, err error) {
	h.opts.Log.Error("web: request failed", "path", rq.r.URL.Path, "user", rq.who.Username, "err", err)
	status := http.StatusInternalServerError
	if errors.Is(err, eventstore.ErrUnavailable) {
		status = http.StatusServiceUnavailable
	}
	rq.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rq.w.WriteHeader(status)
	fmt.Fprintln(rq.w, rq.pr.T("Terjadi kesalahan pada server; tidak ada yang ditulis oleh halaman ini. Coba lagi nanti.",
		"The server failed; this page wrote nothing. Try again later."))
}

// operational reports whether err is the store's failure rather than a
// rule's refusal or bad input.
func operational(err error) bool {
	return errors.Is(err, eventstore.ErrUnavailable) || errors.Is(err, eventstore.ErrCorrupt) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// safeNext returns a local path to go to after signing in or switching
// language, "/" if next is not one.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	// Browsers drop tabs and line breaks from addresses: "/\t/x" would
	// become "//x", another site.
	for _, r := range next {
		if r <= ' ' || r == 0x7f {
			return "/"
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

func (h *Handler) setLang(w http.ResponseWriter, r *http.Request) {
	lang, ok := i18n.ParseLang(r.PathValue("lang"))
	if !ok {
		http.Error(w, http.StatusText(http.StatusNotFound), http.StatusNotFound)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}
