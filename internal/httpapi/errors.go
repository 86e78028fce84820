package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/importer"
)

// Error is the body of every refusal: a stable code a program can test,
// the message for the person in their language, and the request field
// at fault when there is one.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Line is the line of an imported file at fault, for a file refused
	// as a whole (code invalid_file).
	Line int `json:"line,omitempty"`
	// Rows are the bad rows of an imported file (code invalid_rows), the
	// first of them in line order, and Count how many there are in all.
	Rows  []RowErrorJSON `json:"rows,omitempty"`
	Count int            `json:"count,omitempty"`
}

// RowErrorJSON is one bad row of an imported file: its line, the column
// at fault when one is, and why.
type RowErrorJSON struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// requestError is a refusal of the request itself, before the ledger is
// asked anything: a malformed body, a missing header.
type requestError struct {
	status int
	code   string
	field  string
	id, en string
}

func (e *requestError) Error() string { return "httpapi: " + e.en }

// mediaTypeError refuses a POST whose body is not of the route's type.
func mediaTypeError(want string) error {
	return &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
		id: "Isi permintaan harus berjenis " + want + ".", en: "The request body must be " + want + "."}
}

func badRequest(code, field, id, en string) error {
	return &requestError{status: http.StatusBadRequest, code: code, field: field, id: id, en: en}
}

var (
	errUnauthenticated = &requestError{status: http.StatusUnauthorized, code: "unauthenticated",
		id: "Masuk dahulu, atau kirim token API di header Authorization: Bearer.", en: "Sign in first, or send an API token in the Authorization: Bearer header."}
	errForbidden = &requestError{status: http.StatusForbidden, code: "forbidden",
		id: "Peran Anda tidak mengizinkan permintaan ini.", en: "Your roles do not allow this request."}
	errNotYours = &requestError{status: http.StatusForbidden, code: "forbidden",
		id: "Anda hanya dapat melihat data Anda sendiri.", en: "You may only see your own data."}
	errCSRF = &requestError{status: http.StatusForbidden, code: "csrf",
		id: "Token CSRF tidak ada atau salah; muat ulang halaman dan coba lagi.", en: "The CSRF token is missing or wrong; reload the page and try again."}
	errTooLarge = &requestError{status: http.StatusRequestEntityTooLarge, code: "too_large",
		id: "Isi permintaan terlalu besar.", en: "The request body is too large."}
	errNoKey = &requestError{status: http.StatusBadRequest, code: "idempotency_key_missing", field: "Idempotency-Key",
		id: "Setiap POST memerlukan header Idempotency-Key.", en: "Every POST needs an Idempotency-Key header."}
	errKeyReused = &requestError{status: http.StatusUnprocessableEntity, code: "idempotency_key_reused", field: "Idempotency-Key",
		id: "Idempotency-Key ini sudah dipakai untuk permintaan lain.", en: "This Idempotency-Key was used for another request."}
	errNotFound = &requestError{status: http.StatusNotFound, code: "not_found",
		id: "Tidak ditemukan.", en: "Not found."}
	errNoUsers = &requestError{status: http.StatusNotFound, code: "not_found",
		id: "Pengguna dikelola dengan perintah lumbung user di server ini.", en: "Users are managed with the lumbung user command on this server."}
	errSecretNotReplayed = &requestError{status: http.StatusConflict, code: "secret_not_replayed", field: "Idempotency-Key",
		id: "Permintaan ini sudah dilayani; sandi atau token hanya ditampilkan sekali dan tidak diulang. Lihat GET /users; bila hilang, buat yang baru.",
		en: "This request was already served; a password or token is shown only once and is not repeated. See GET /users; if it was lost, make a new one."}
)

// Statuses of the ledger's answers (the HTTP counterpart of the command
// line's exit codes, design.md "Contracts"):
//
//	400 bad_request    the body is not JSON, has unknown fields, lacks a header
//	401 unauthenticated no session or token, or an unknown one
//	403 forbidden      the principal's roles lack the route's action, or the
//	                   data is another member's; csrf: a cookie request without
//	                   its token; own_request: maker-checker refused
//	404 not_found      an unknown member, loan, reference or report
//	409 refused        a rule of the ledger refused (insufficient funds, a
//	                   closed period, a loan not approved, ...): the request
//	                   conflicts with the ledger's state; nothing was written
//	409 conflict       other writers kept winning the stream; try again
//	409 secret_not_replayed a resubmission (same Idempotency-Key) of a
//	                   request whose answer held a password or token: the
//	                   secret is shown once and never kept, so it is not
//	                   replayed; the first request's effect stands (so for
//	                   the same key with another body: its body, which
//	                   may hold a password, is not fingerprinted)
//	413 too_large      a body over the limit (1 MiB by default; 256 MiB for
//	                   an audit package to verify)
//	415 unsupported_media_type a POST that is not application/json (text/csv
//	                   for the imports, application/zip for an audit package)
//	422 invalid        a field holds a value the ledger cannot take (an
//	                   unparsable amount or date, a wrong product), or an
//	                   Idempotency-Key reused for another body;
//	                   invalid_file: an imported file refused as a whole
//	                   (its line); invalid_rows: an import's bad rows, each
//	                   with its line, field and message; nothing written
//	503 unavailable    the store cannot be reached
//	500 internal       anything else: the machinery under the ledger failed
//
// Rule refusals are 409, not 422: the same request may succeed against
// another state of the ledger (after a deposit, before a period close),
// which is what 409 says; 422 is kept for values that no state accepts.
const (
	classInput = iota
	classNotFound
	classRefused
	classConflict
	classOwn
	classStore
	classInternal
)

// classify sorts an error into the classes of the table above: the one
// table of them.
func classify(err error) int {
	var (
		inErr    *input.Error
		amount   *money.AmountError
		mSyntax  *money.SyntaxError
		dSyntax  *calendar.SyntaxError
		terms    *loan.TermsError
		method   *loan.MethodError
		sum      *shu.PoolsSumError
		funds    *savings.InsufficientFundsError
		notW     *savings.NotWithdrawableError
		admitted *member.AlreadyAdmittedError
		inactive *member.NotActiveError
		pokok    *member.PokokAlreadyPaidError
		dupRef   *member.DuplicateRefError
		reversed *member.AlreadyReversedError
		notRev   *member.NotReversibleError
		loans    *member.LoanOutstandingError
		later    *member.LaterTransactionsError
		unbal    *ledger.UnbalancedError
		period   *ledger.ClosedPeriodError
		closed   *ledger.ClosedAccountError
		cash     *ledger.InsufficientCashError
		hasBal   *cooperative.HasBalanceError
		open     *cooperative.OpenMonthsError
		plafond  *loan.PlafondError
		limit    *loan.LimitError
		role     *loan.RoleError
		missing  *loan.ApprovalsMissingError
		rateCap  *loan.RateCapError
		overpaid *loan.OverpaymentError
		short    *loan.AllowanceShortError
		rateErr  *loan.RateError
		surplus  *shu.NoSurplusError
		quorum   *cooperative.QuorumError
	)
	switch {
	case errors.Is(err, eventstore.ErrUnavailable), errors.Is(err, eventstore.ErrCorrupt):
		return classStore
	case errors.Is(err, access.ErrOwnRequest), errors.Is(err, loan.ErrSelfApproval):
		return classOwn
	case errors.Is(err, eventstore.ErrWrongExpectedRevision), errors.Is(err, eventstore.ErrDuplicateEventID):
		return classConflict
	case errors.As(err, &inErr):
		switch inErr.Want {
		case input.WantKnownMember, input.WantKnownRef, input.WantKnownCoop, input.WantKnownLoan, input.WantKnownUser, input.WantKnownToken:
			return classNotFound
		}
		return classInput
	case errors.As(err, &amount), errors.As(err, &mSyntax), errors.As(err, &dSyntax), errors.As(err, &terms),
		errors.As(err, &method), errors.As(err, &sum):
		return classInput
	case errors.As(err, &funds), errors.As(err, &notW), errors.As(err, &admitted), errors.As(err, &inactive),
		errors.As(err, &pokok), errors.As(err, &dupRef), errors.As(err, &reversed), errors.As(err, &notRev),
		errors.As(err, &loans), errors.As(err, &later), errors.Is(err, cooperative.ErrAlreadyRegistered),
		errors.Is(err, cooperative.ErrNotRegistered), errors.Is(err, app.ErrBatchConflict), errors.Is(err, app.ErrExitPending),
		errors.As(err, &unbal), errors.As(err, &period), errors.As(err, &closed), errors.As(err, &cash),
		errors.As(err, &hasBal), errors.As(err, &open), errors.Is(err, cooperative.ErrAccountHasBalance),
		errors.Is(err, cooperative.ErrAccountHasRole), errors.Is(err, cooperative.ErrAlreadyClosed),
		errors.Is(err, cooperative.ErrAlreadyReversed), errors.Is(err, cooperative.ErrYearClosed),
		errors.Is(err, cooperative.ErrYearNotEnded),
		errors.As(err, &surplus), errors.As(err, &quorum), errors.Is(err, cooperative.ErrYearOpen),
		errors.Is(err, cooperative.ErrNoSHUPolicy), errors.Is(err, cooperative.ErrSHUApproved),
		errors.Is(err, cooperative.ErrSHUDistributed), errors.Is(err, cooperative.ErrSHUNotComputed),
		errors.Is(err, cooperative.ErrSHUNotApproved), errors.Is(err, cooperative.ErrRATNotConvened),
		errors.Is(err, cooperative.ErrSHUNotDistributed), errors.Is(err, cooperative.ErrSHUPlanStale),
		errors.Is(err, app.ErrShareNotHeld), errors.Is(err, cooperative.ErrSealUnsigned), errors.Is(err, cooperative.ErrSealWrongKey),
		errors.Is(err, cooperative.ErrSealSignature), errors.Is(err, app.ErrNoSeal), errors.Is(err, cooperative.ErrNoYearSeal), errors.Is(err, app.ErrNotSealed),
		errors.Is(err, cooperative.ErrRATConvened), errors.Is(err, cooperative.ErrAttendanceTwice),
		errors.Is(err, cooperative.ErrBeforeMeeting), errors.Is(err, cooperative.ErrNotAMemberOnDate),
		errors.Is(err, cooperative.ErrSaleMemberUnknown),
		errors.As(err, &plafond), errors.As(err, &limit), errors.As(err, &role), errors.As(err, &missing),
		errors.As(err, &rateCap), errors.As(err, &overpaid), errors.As(err, &short), errors.As(err, &rateErr),
		errors.Is(err, loan.ErrNotApplied), errors.Is(err, loan.ErrAlreadyDecided), errors.Is(err, loan.ErrNotActive),
		errors.Is(err, loan.ErrAlreadyDisbursed), errors.Is(err, loan.ErrNotWrittenOff),
		errors.Is(err, loan.ErrRoleApprovedAlready):
		return classRefused
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return classStore
	}
	return classInternal
}

// explain turns err into its status and body in the printer's language.
func explain(p i18n.Printer, err error) (int, Error) {
	var req *requestError
	if errors.As(err, &req) {
		return req.status, Error{Code: req.code, Message: p.T(req.id, req.en), Field: req.field}
	}
	if errors.Is(err, auth.ErrNoSession) {
		return explain(p, errUnauthenticated)
	}
	var (
		rows    *importer.RowsError
		file    *importer.FileError
		dupFile *importer.DuplicateInFileError
	)
	switch {
	case errors.As(err, &rows):
		body := Error{Code: "invalid_rows", Message: p.Explain(err), Count: rows.Count, Rows: []RowErrorJSON{}}
		for _, r := range rows.Rows {
			body.Rows = append(body.Rows, RowErrorJSON{Line: r.Line, Field: fieldOf(r.Err), Message: p.Explain(r.Err)})
		}
		return http.StatusUnprocessableEntity, body
	case errors.As(err, &file):
		status := http.StatusUnprocessableEntity
		if file.Problem == importer.FileTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		return status, Error{Code: "invalid_file", Message: p.Explain(err), Field: file.Column, Line: file.Line}
	case errors.As(err, &dupFile):
		return http.StatusUnprocessableEntity, Error{Code: "invalid_rows", Message: p.Explain(err), Field: "ref", Line: dupFile.Line}
	}
	body := Error{Message: p.Explain(err), Field: fieldOf(err)}
	switch classify(err) {
	case classInput:
		body.Code = "invalid"
		return http.StatusUnprocessableEntity, body
	case classNotFound:
		body.Code = "not_found"
		return http.StatusNotFound, body
	case classRefused:
		body.Code = "refused"
		return http.StatusConflict, body
	case classConflict:
		body.Code = "conflict"
		return http.StatusConflict, body
	case classOwn:
		body.Code = "own_request"
		body.Message = p.T("Tidak seorang pun boleh menyetujui permintaannya sendiri.", "Nobody may approve their own request.")
		return http.StatusForbidden, body
	case classStore:
		body.Code = "unavailable"
		return http.StatusServiceUnavailable, body
	}
	// The details of an internal failure are logged, not shown.
	return http.StatusInternalServerError, Error{Code: "internal",
		Message: p.T("Terjadi kesalahan di server; tidak ada yang ditulis sebagian.", "The server failed; nothing was partly written.")}
}

// fieldOf names the field an error is about, if it names one.
func fieldOf(err error) string {
	var inErr *input.Error
	var amount *money.AmountError
	switch {
	case errors.As(err, &inErr):
		return inErr.Field
	case errors.As(err, &amount):
		return amount.Field
	}
	return ""
}
