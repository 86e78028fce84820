package member_test

import (
	"testing"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

// Edge cases of the books that once went wrong.

const bank = "1-1200" // the default chart's bank account

// depositThrough and withdrawThrough return commands moving money through the cash account code.
func depositThrough(p savings.Product, amount int64, ref string, on calendar.Date, code string) member.Deposit {
	c := deposit(p, money.New(amount), ref, on)
	c.Cash = code
	return c
}

func withdrawThrough(p savings.Product, amount int64, ref string, on calendar.Date, code string) member.Withdraw {
	c := withdraw(p, money.New(amount), ref, on)
	c.Cash = code
	return c
}

// TestRepeatNamesTheSameCashAccount: a deposit or withdrawal repeated
// under its reference is a repeat only through the same cash account;
// kas named explicitly is the kas an event records as none.
func TestRepeatNamesTheSameCashAccount(t *testing.T) {
	feb1, mar1 := date(time.February, 1), date(time.March, 1)
	viaBank := func(e savings.Deposited) savings.Deposited { e.Cash = bank; return e }
	wdViaBank := func(e savings.Withdrawn) savings.Withdrawn { e.Cash = bank; return e }
	run(t, []memberCase{
		{
			name:  "a deposit through kas repeated through the bank",
			given: history(),
			when:  depositThrough(savings.Sukarela, 500_000, "sk-1", feb1, bank),
			err:   duplicateRef("sk-1"),
		},
		{
			name:  "a deposit through kas repeated naming kas",
			given: history(),
			when:  depositThrough(savings.Sukarela, 500_000, "sk-1", feb1, "1-1100"),
			then:  none,
		},
		{
			name:  "a deposit through kas repeated naming none",
			given: history(),
			when:  depositThrough(savings.Sukarela, 500_000, "sk-1", feb1, ""),
			then:  none,
		},
		{
			name:  "a deposit through the bank repeated naming none",
			given: history(viaBank(deposited(savings.Sukarela, 70_000, "sk-2", mar1))),
			when:  depositThrough(savings.Sukarela, 70_000, "sk-2", mar1, ""),
			err:   duplicateRef("sk-2"),
		},
		{
			name:  "a deposit through the bank repeated naming kas",
			given: history(viaBank(deposited(savings.Sukarela, 70_000, "sk-2", mar1))),
			when:  depositThrough(savings.Sukarela, 70_000, "sk-2", mar1, "1-1100"),
			err:   duplicateRef("sk-2"),
		},
		{
			name:  "a deposit through the bank repeated through the bank",
			given: history(viaBank(deposited(savings.Sukarela, 70_000, "sk-2", mar1))),
			when:  depositThrough(savings.Sukarela, 70_000, "sk-2", mar1, bank),
			then:  none,
		},
		{
			name:  "a withdrawal from kas repeated from the bank",
			given: history(),
			when:  withdrawThrough(savings.Sukarela, 400_000, "wd-1", mar1, bank),
			err:   duplicateRef("wd-1"),
		},
		{
			name:  "a withdrawal from kas repeated naming kas",
			given: history(),
			when:  withdrawThrough(savings.Sukarela, 400_000, "wd-1", mar1, "1-1100"),
			then:  none,
		},
		{
			name:  "a withdrawal from the bank repeated from kas",
			given: history(wdViaBank(withdrawn(savings.Sukarela, 50_000, "wd-2", mar1))),
			when:  withdrawThrough(savings.Sukarela, 50_000, "wd-2", mar1, ""),
			err:   duplicateRef("wd-2"),
		},
		{
			name:  "a withdrawal from the bank repeated from the bank",
			given: history(wdViaBank(withdrawn(savings.Sukarela, 50_000, "wd-2", mar1))),
			when:  withdrawThrough(savings.Sukarela, 50_000, "wd-2", mar1, bank),
			then:  none,
		},
	})
}
