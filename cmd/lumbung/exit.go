package main

import (
	"context"
	"errors"

	acl "github.com/lumbung-ledger/lumbung/domain/access"
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
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/importer"
)

// Exit codes (design.md, "Contracts").
const (
	exitOK       = 0
	exitRefused  = 1 // a rule refused the request
	exitBadInput = 2 // usage, unparsable amount or date, malformed file
	exitStore    = 3 // store unavailable or corrupt
)

// exitCode maps an error to the exit code: the one table of it.
func exitCode(err error) int {
	var (
		usage    usageError
		inErr    *input.Error
		amount   *money.AmountError
		mSyntax  *money.SyntaxError
		dSyntax  *calendar.SyntaxError
		fileErr  *importer.FileError
		rowsErr  *importer.RowsError
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
		many     *manyCoopsError
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
		terms    *loan.TermsError
		method   *loan.MethodError
		sum      *shu.PoolsSumError
		surplus  *shu.NoSurplusError
		quorum   *cooperative.QuorumError
	)
	switch {
	case errors.Is(err, eventstore.ErrCorrupt), errors.Is(err, eventstore.ErrUnavailable):
		return exitStore
	case errors.Is(err, eventstore.ErrWrongExpectedRevision), errors.Is(err, eventstore.ErrDuplicateEventID),
		errors.Is(err, context.Canceled):
		// Another writer kept winning the member's stream, an id is taken,
		// or the person stopped the command: nothing was written, and
		// trying again is the remedy.
		return exitRefused
	case errors.As(err, &rowsErr):
		// A file with bad rows is bad input, whatever each row's reason.
		return exitBadInput
	case errors.As(err, &usage), errors.As(err, &inErr), errors.As(err, &amount), errors.As(err, &mSyntax),
		errors.As(err, &dSyntax), errors.As(err, &fileErr), errors.As(err, &many), errors.Is(err, errNoCooperative):
		return exitBadInput
	case errors.As(err, &funds), errors.As(err, &notW), errors.As(err, &admitted), errors.As(err, &inactive),
		errors.As(err, &pokok), errors.As(err, &dupRef), errors.As(err, &reversed), errors.As(err, &notRev),
		errors.As(err, &loans), errors.As(err, &later), errors.Is(err, cooperative.ErrAlreadyRegistered),
		errors.Is(err, cooperative.ErrNotRegistered), errors.Is(err, app.ErrBatchConflict), errors.Is(err, app.ErrExitPending),
		errors.Is(err, errStoreNotEmpty):
		return exitRefused
	case errors.As(err, &unbal), errors.As(err, &period), errors.As(err, &closed), errors.As(err, &cash),
		errors.As(err, &hasBal), errors.As(err, &open), errors.Is(err, cooperative.ErrAccountHasBalance),
		errors.Is(err, cooperative.ErrAccountHasRole), errors.Is(err, cooperative.ErrAlreadyClosed),
		errors.Is(err, cooperative.ErrAlreadyReversed), errors.Is(err, cooperative.ErrYearClosed),
		errors.Is(err, cooperative.ErrYearNotEnded):
		// The books refused: an unbalanced entry, a closed period or
		// account, cash that is not there, a year not ready to close.
		return exitRefused
	case errors.As(err, &sum):
		// Pools of a policy that do not make 100 %: a bad policy given.
		return exitBadInput
	case errors.As(err, &surplus), errors.As(err, &quorum), errors.Is(err, cooperative.ErrYearOpen),
		errors.Is(err, cooperative.ErrNoSHUPolicy), errors.Is(err, cooperative.ErrSHUApproved),
		errors.Is(err, cooperative.ErrSHUDistributed), errors.Is(err, cooperative.ErrSHUNotComputed),
		errors.Is(err, cooperative.ErrSHUNotApproved), errors.Is(err, cooperative.ErrRATNotConvened),
		errors.Is(err, cooperative.ErrSHUNotDistributed), errors.Is(err, cooperative.ErrSHUPlanStale),
		errors.Is(err, app.ErrShareNotHeld), errors.Is(err, cooperative.ErrSealUnsigned), errors.Is(err, cooperative.ErrSealWrongKey),
		errors.Is(err, cooperative.ErrSealSignature), errors.Is(err, app.ErrNoSeal), errors.Is(err, cooperative.ErrNoYearSeal), errors.Is(err, app.ErrNotSealed),
		errors.Is(err, cooperative.ErrRATConvened), errors.Is(err, cooperative.ErrAttendanceTwice),
		errors.Is(err, cooperative.ErrBeforeMeeting), errors.Is(err, cooperative.ErrNotAMemberOnDate),
		errors.Is(err, cooperative.ErrSaleMemberUnknown):
		// A rule of the year end refused: the year, the policy, the RAT.
		return exitRefused
	case errors.As(err, &terms), errors.As(err, &method):
		// Terms no schedule can be drawn from, a method that is none.
		return exitBadInput
	case errors.As(err, &plafond), errors.As(err, &limit), errors.As(err, &role), errors.As(err, &missing),
		errors.As(err, &rateCap), errors.As(err, &overpaid), errors.As(err, &short), errors.As(err, &rateErr),
		errors.Is(err, loan.ErrNotApplied), errors.Is(err, loan.ErrAlreadyDecided), errors.Is(err, loan.ErrNotActive),
		errors.Is(err, loan.ErrAlreadyDisbursed), errors.Is(err, loan.ErrNotWrittenOff),
		errors.Is(err, loan.ErrSelfApproval), errors.Is(err, loan.ErrRoleApprovedAlready),
		errors.Is(err, acl.ErrOwnRequest):
		// A lending rule refused: the plafond, the lending limit, the
		// approvals, the rate cap, what is owed, the allowance, the
		// loan's state.
		return exitRefused
	}
	// Anything else is an operational failure of the machinery under the
	// ledger.
	return exitStore
}
