package web

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// loginForm is the data of the sign-in page.
type loginForm struct {
	// AskCoop is set when the handler serves no fixed cooperative.
	AskCoop bool
	Next    string
}

// loginPage shows the sign-in form with a fresh CSRF token in a cookie
// of its own (there is no session yet to hold it).
func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	h.showLogin(w, r, http.StatusOK, "", url.Values{"next": {r.URL.Query().Get("next")}})
}

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request, status int, errText string, form url.Values) {
	pr := printer(r)
	token := newKey()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	p := &page{Printer: pr, Title: pr.T("Masuk", "Sign in"), CSRF: token, Path: r.URL.RequestURI(), Error: errText, Form: form,
		Data: loginForm{AskCoop: h.opts.Coop == "", Next: safeNext(form.Get("next"))}}
	writePage(w, h.pages["login.html"], status, p)
}

// login checks the password through the sessions and sets the session
// cookie. The sessions throttle repeated failures; their refusal is
// shown.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, h.opts.MaxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return
	}
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameToken(r.PostForm.Get(csrfField), c.Value) {
		http.Error(w, http.StatusText(http.StatusForbidden), http.StatusForbidden)
		return
	}
	pr := printer(r)
	coop := h.opts.Coop
	if coop == "" {
		coop = cooperative.ID(strings.TrimSpace(r.PostForm.Get("coop")))
	}
	form := url.Values{"coop": {string(coop)}, "username": {r.PostForm.Get("username")}, "next": {r.PostForm.Get("next")}}
	remote, _, _ := net.SplitHostPort(r.RemoteAddr)
	sess, err := h.sessions.Login(r.Context(), coop, r.PostForm.Get("username"), r.PostForm.Get("password"), remote)
	switch {
	case errors.Is(err, auth.ErrBadCredentials):
		h.showLogin(w, r, http.StatusUnauthorized, pr.T("Nama pengguna atau kata sandi salah.", "Unknown user or wrong password."), form)
		return
	case errors.Is(err, auth.ErrThrottled):
		h.showLogin(w, r, http.StatusTooManyRequests, pr.T("Terlalu banyak percobaan masuk yang gagal; tunggu sebentar sebelum mencoba lagi.",
			"Too many failed sign-ins; wait a while before trying again."), form)
		return
	case err != nil:
		h.opts.Log.Error("web: sign-in failed", "coop", coop, "err", err)
		h.showLogin(w, r, http.StatusServiceUnavailable, explainOr(pr, err), form)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/login", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: sess.ID, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	next := safeNext(r.PostForm.Get("next"))
	if next == "/" {
		next = home(sess.Principal)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// home is where a person starts: the dashboard, or a member's own page.
func home(p auth.Principal) string {
	if !p.Can(access.ViewAll) && p.Member != "" {
		return "/members/" + url.PathEscape(string(p.Member))
	}
	return "/"
}

// explainOr explains an error in the person's language.
func explainOr(pr i18n.Printer, err error) string { return pr.Explain(err) }

// logout ends the session and clears its cookie.
func (h *Handler) logout(rq *request) (string, error) {
	if err := h.sessions.Logout(rq.ctx, rq.sess.ID); err != nil && !errors.Is(err, auth.ErrNoSession) {
		return "", err
	}
	http.SetCookie(rq.w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: rq.r.TLS != nil})
	return "/login", nil
}
