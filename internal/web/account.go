package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/lumbung-ledger/lumbung/internal/auth"
)

// accountPage is "My account": who is signed in, and the form that
// changes their own password when the server has a users' service.
type accountPage struct {
	CanChange bool
}

func (h *Handler) account(rq *request) error {
	return h.showAccount(rq, http.StatusOK, "")
}

// showAccount shows the page with a refusal; the passwords typed are
// never given back to the form.
func (h *Handler) showAccount(rq *request, status int, errText string) error {
	h.renderForm(rq, status, "account.html", rq.pr.T("Akun saya", "My account"), accountPage{CanChange: h.opts.Users != nil}, errText, url.Values{})
	return nil
}

// changePassword replaces the signed-in person's own password, given
// the current one, checked by the users' service. The change ends the
// person's sessions: they sign in again with the new password.
func (h *Handler) changePassword(rq *request) (string, error) {
	if h.opts.Users == nil {
		return h.noUsers(rq)
	}
	f := rq.r.PostForm
	show := func(status int, text string) error { return h.showAccount(rq, status, text) }
	if f.Get("password") != f.Get("confirm") {
		return "", show(http.StatusUnprocessableEntity, rq.pr.T("Sandi baru dan ulangannya berbeda. Tidak ada yang diubah.",
			"The new password and its repetition differ. Nothing was changed."))
	}
	err := h.opts.Users.ChangePassword(rq.ctx, rq.actor(), rq.who.Coop, rq.who.Username, f.Get("current"), f.Get("password"))
	if errors.Is(err, auth.ErrBadCredentials) {
		return "", show(http.StatusUnprocessableEntity, rq.pr.T("Sandi saat ini salah. Tidak ada yang diubah.",
			"The current password is wrong. Nothing was changed."))
	}
	if err != nil {
		return refuse(err, show, rq)
	}
	rq.remember = "/account"
	h.render(rq, http.StatusOK, "message.html", rq.pr.T("Sandi diganti", "Password changed"), message{
		Text: rq.pr.T("Sandi Anda telah diganti. Sesi lain Anda diakhiri; masuk lagi dengan sandi baru.",
			"Your password was changed. Your sessions were ended; sign in again with the new password."),
	})
	return "", nil
}

// resetPassword gives the user of the path a generated password, shown
// once.
func (h *Handler) resetPassword(rq *request) (string, error) {
	if h.opts.Users == nil {
		return h.noUsers(rq)
	}
	show := func(status int, text string) error { return h.showSettings(rq, status, text, rq.r.PostForm) }
	username := rq.r.PathValue("user")
	pw, err := h.opts.Users.SetPassword(rq.ctx, rq.actor(), rq.who.Coop, username, "")
	if err != nil {
		return refuse(err, show, rq)
	}
	h.showSecret(rq, rq.pr.T("Sandi diatur ulang", "Password reset"), secretPage{Username: username, Secret: pw,
		Text: rq.pr.T("Sandi baru ini hanya ditampilkan sekali; sesi pengguna ini diakhiri. Serahkan kepadanya; ia dapat menggantinya di Akun saya.",
			"This new password is shown only once; the user's sessions were ended. Hand it to them; they can change it under My account.")})
	return "", nil
}
