package i18n

import (
	"errors"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/internal/auth"
)

// access explains the refusals of who may do what and of sign-in; ok is
// false for an error that is none of them.
func (p Printer) access(err error) (string, bool) {
	switch {
	case errors.Is(err, access.ErrOwnRequest):
		who, what := cutDetail(detail(err, access.ErrOwnRequest), " recorded loan ")
		return fmt.Sprintf(p.T("%s mencatat pengajuan pinjaman %s dan tidak dapat memutuskannya sendiri: yang mencatat dan yang menyetujui atau menolak harus orang yang berbeda (maker-checker). Tidak ada yang dicatat.",
			"%s recorded the application of loan %s and cannot decide it: the one who records and the one who approves or rejects must be different people (maker-checker). Nothing was recorded."), who, what), true
	case errors.Is(err, auth.ErrBadCredentials):
		return p.T("Nama pengguna atau sandi salah.", "Wrong username or password."), true
	case errors.Is(err, auth.ErrThrottled):
		return p.T("Terlalu banyak percobaan masuk yang gagal; tunggu 15 menit lalu coba lagi.", "Too many failed sign-ins; wait 15 minutes and try again."), true
	case errors.Is(err, auth.ErrNoSession):
		return p.T("Sesi atau token tidak berlaku; silakan masuk lagi.", "The session or token is not valid; please sign in again."), true
	}
	return "", false
}
