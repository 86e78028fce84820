package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// TestMakerChecker holds the server to maker-checker: whoever recorded a
// loan's application, as its event's envelope names them, neither
// approves nor rejects it, and nothing is written; another officer may.
func TestMakerChecker(t *testing.T) {
	l, _ := newLending(t, 200_000_000)
	ctx, svc := l.ctx, l.svc
	l.member("A-1", 2_000_000)
	_, err := svc.ApplyLoan(ctx, loanTeller, testCoop, app.Application{Loan: "PJ-MC", Member: "A-1", Product: "umum", Amount: money.New(1_000_000), On: d25(time.February, 1)})
	require.NoError(t, err)
	before := allEvents(t, l.store)

	_, err = svc.ApproveLoan(ctx, loanTeller, testCoop, "PJ-MC", loan.RoleKetua, d25(time.February, 1))
	assert.ErrorIs(t, err, access.ErrOwnRequest)
	_, err = svc.RejectLoan(ctx, loanTeller, testCoop, "PJ-MC", "agunan kurang", d25(time.February, 1))
	assert.ErrorIs(t, err, access.ErrOwnRequest)
	assert.Equal(t, before, allEvents(t, l.store), "a refused decision writes nothing")

	res, err := svc.ApproveLoan(ctx, loanKetua, testCoop, "PJ-MC", loan.RoleKetua, d25(time.February, 1))
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	assert.Equal(t, string(loanKetua), res.Events[0].Actor)
}

func TestUsersCommands(t *testing.T) {
	l, _ := newLending(t, 0)
	ctx, svc := l.ctx, l.svc
	res, err := svc.UsersCommand(ctx, "admin", testCoop, func(today calendar.Date) access.UsersCommand {
		return access.AddUser{Username: "siti", Name: "Siti", Roles: []access.Role{access.Admin}, On: today}
	})
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	assert.Equal(t, codec.AccessStream(string(testCoop)), res.Stream)
	assert.Equal(t, "admin", res.Events[0].Actor, "the actor is recorded")

	users, err := svc.Users(ctx, testCoop)
	require.NoError(t, err)
	u, ok := users.User("siti")
	require.True(t, ok)
	assert.Equal(t, []access.Role{access.Admin}, u.Roles)

	_, err = svc.UsersCommand(ctx, "admin", testCoop, func(today calendar.Date) access.UsersCommand {
		return access.Disable{Username: "siti", On: today}
	})
	var in *input.Error
	require.ErrorAs(t, err, &in)
	assert.Equal(t, input.WantAnotherAdmin, in.Want)

	_, err = svc.Users(ctx, "no-such-coop")
	require.ErrorAs(t, err, &in)
	assert.Equal(t, input.WantKnownCoop, in.Want)
}
