package member_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

// The fixture: member A-001 is admitted on 10 January 2025 under a policy
// of Rp 100.000 pokok, Rp 50.000 wajib and at most Rp 10.000.000 a
// transaction; commands are issued on 30 June 2025.
const (
	id     member.ID = "A-001"
	name             = "Siti Rahayu"
	reason           = "salah input"
)

func date(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

var (
	today    = date(time.June, 30)
	admitted = date(time.January, 10)
)

func rp(n int64) money.Amount { return money.New(n) }

func terms() policy.Policy {
	p := policy.Default(rp(100_000), rp(50_000))
	p.MaxAmount = rp(10_000_000)
	return p
}

func book() policy.Book { return policy.Book{}.Adopt(calendar.MustNew(2020, time.January, 1), terms()) }

// versioned is book with a second version from 1 April 2025 that raises the
// pokok to Rp 150.000.
func versioned() policy.Book {
	p := terms()
	p.Pokok = rp(150_000)
	return book().Adopt(date(time.April, 1), p)
}

func given() member.Given {
	return member.Given{Today: today, Policies: book(), Books: &member.Books{Chart: ledger.DefaultChart(calendar.MustNew(2020, time.January, 1)), Cash: cashOnHand{}}}
}

// cashOnHand is a cooperative whose cash accounts can pay anything.
type cashOnHand struct{}

func (cashOnHand) Lowest(string, calendar.Date) money.Amount { return rp(1_000_000_000) }

// kas is what an event records for money through the default chart's
// cash account (1-1100, the cash role): nothing.
const kas = ""

// Events.

func admittedEvent() member.Admitted {
	return member.Admitted{Member: id, Name: name, Ref: "adm-1", PolicyVersion: 1, On: admitted, Cash: kas}
}

func deposited(p savings.Product, amount int64, ref string, on calendar.Date) savings.Deposited {
	return savings.Deposited{Product: p, Amount: rp(amount), Ref: ref, On: on, Cash: kas}
}

func withdrawn(p savings.Product, amount int64, ref string, on calendar.Date) savings.Withdrawn {
	return savings.Withdrawn{Product: p, Amount: rp(amount), Ref: ref, On: on, Cash: kas}
}

func pokokPaid() savings.Deposited { return deposited(savings.Pokok, 100_000, "pok-1", admitted) }

func reversed(ref string, kind savings.Kind, p savings.Product, amount int64, on calendar.Date) savings.Reversed {
	return savings.Reversed{Ref: ref, Original: kind, Product: p, Amount: rp(amount), Reason: reason, On: on, Cash: kas}
}

func exitSettled(on calendar.Date, pokok, wajib, sukarela int64) member.ExitSettled {
	return member.ExitSettled{
		Ref: "exit-1", Pokok: rp(pokok), Wajib: rp(wajib), Sukarela: rp(sukarela),
		LoanOffset: money.Zero(), NetPayout: rp(pokok + wajib + sukarela), Reason: "pindah domisili", On: on, Cash: kas,
	}
}

// history is an active member with pokok 100.000, wajib 50.000 and
// sukarela 500.000 deposited on 1 February of which 400.000 was withdrawn
// on 1 March.
func history(more ...member.Event) []member.Event {
	h := []member.Event{
		admittedEvent(),
		pokokPaid(),
		deposited(savings.Wajib, 50_000, "wj-1", date(time.February, 1)),
		deposited(savings.Sukarela, 500_000, "sk-1", date(time.February, 1)),
		withdrawn(savings.Sukarela, 400_000, "wd-1", date(time.March, 1)),
	}
	return append(h, more...)
}

// exitedHistory is history settled on 1 June.
func exitedHistory() []member.Event {
	return history(exitSettled(date(time.June, 1), 100_000, 50_000, 100_000))
}

// Commands, each with the fixture's values unless changed.

func admit(change ...func(*member.Admit)) member.Admit {
	c := member.Admit{Given: given(), Member: id, Name: name, On: admitted, Ref: "adm-1", PayPokok: true, PokokRef: "pok-1"}
	for _, f := range change {
		f(&c)
	}
	return c
}

func deposit(p savings.Product, amount money.Amount, ref string, on calendar.Date) member.Deposit {
	return member.Deposit{Given: given(), Product: p, Amount: amount, Ref: ref, On: on}
}

func withdraw(p savings.Product, amount money.Amount, ref string, on calendar.Date) member.Withdraw {
	return member.Withdraw{Given: given(), Product: p, Amount: amount, Ref: ref, On: on}
}

// reverse reverses ref on its original's date.
func reverse(ref string) member.Reverse {
	return member.Reverse{Given: given(), Ref: ref, Reason: reason}
}

func reverseOn(ref string, on calendar.Date) member.Reverse {
	c := reverse(ref)
	c.On = on
	return c
}

func exit(on calendar.Date, change ...func(*member.Exit)) member.Exit {
	c := member.Exit{Given: given(), On: on, Ref: "exit-1", Reason: "pindah domisili"}
	for _, f := range change {
		f(&c)
	}
	return c
}

// The harness.

// fold builds a member's state from the zero state.
func fold(events []member.Event) *member.State {
	s := &member.State{}
	for _, e := range events {
		s = member.Evolve(s, e)
	}
	return s
}

// describe renders events with their types and every field, amounts and
// dates by their String methods, so that equal amounts compare equal
// whatever their internal exponent.
func describe(events []member.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = fmt.Sprintf("%T %+v", e, e)
	}
	return out
}

// none is the answer to a command that repeats one already recorded: no
// events and no error.
var none = []member.Event{}

// refusal checks the error of a refused command.
type refusal func(t *testing.T, err error)

// as returns err as the error type E, failing the test if it is not one.
func as[E error](t *testing.T, err error) E {
	t.Helper()
	var target E
	require.ErrorAs(t, err, &target)
	return target
}

func inputError(field, value string, want input.Want, bound string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &input.Error{Field: field, Value: value, Want: want, Bound: bound}, as[*input.Error](t, err))
	}
}

func amountError(field, amount string, problem money.Problem) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		got := as[*money.AmountError](t, err)
		assert.Equal(t, field, got.Field)
		assert.Equal(t, amount, got.Amount.String())
		assert.Equal(t, problem, got.Problem)
		assert.Equal(t, int32(0), got.Limits.Places)
		assert.Equal(t, "10000000", got.Limits.Max.String())
	}
}

func insufficient(p savings.Product, on calendar.Date, balance, available, requested string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		got := as[*savings.InsufficientFundsError](t, err)
		assert.Equal(t, string(id), got.Member)
		assert.Equal(t, p, got.Product)
		assert.Equal(t, on, got.On)
		assert.Equal(t,
			[]string{"balance " + balance, "available " + available, "requested " + requested},
			[]string{"balance " + got.Balance.String(), "available " + got.Available.String(), "requested " + got.Requested.String()})
	}
}

func notWithdrawable(p savings.Product) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &savings.NotWithdrawableError{Member: string(id), Product: p}, as[*savings.NotWithdrawableError](t, err))
	}
}

func alreadyAdmitted(status member.Status) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &member.AlreadyAdmittedError{Member: id, On: admitted, Status: status}, as[*member.AlreadyAdmittedError](t, err))
	}
}

func pokokAlreadyPaid(ref, amount string, on calendar.Date) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		got := as[*member.PokokAlreadyPaidError](t, err)
		assert.Equal(t, id, got.Member)
		assert.Equal(t, ref, got.Ref)
		assert.Equal(t, amount, got.Amount.String())
		assert.Equal(t, on, got.On)
	}
}

func duplicateRef(ref string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &member.DuplicateRefError{Ref: ref, Member: id}, as[*member.DuplicateRefError](t, err))
	}
}

func alreadyReversed(ref string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &member.AlreadyReversedError{Ref: ref}, as[*member.AlreadyReversedError](t, err))
	}
}

func notReversible(ref string, kind member.TransactionKind) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &member.NotReversibleError{Ref: ref, Kind: kind}, as[*member.NotReversibleError](t, err))
	}
}

func loanOutstanding(amount string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		got := as[*member.LoanOutstandingError](t, err)
		assert.Equal(t, id, got.Member)
		assert.Equal(t, amount, got.Outstanding.String())
	}
}

func laterTransactions(exit, last calendar.Date) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &member.LaterTransactionsError{Member: id, Exit: exit, Last: last}, as[*member.LaterTransactionsError](t, err))
	}
}

func notActive(since calendar.Date) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &member.NotActiveError{Member: id, Status: member.StatusExited, Since: since}, as[*member.NotActiveError](t, err))
	}
}

// balances are the balances of the three products, in report order.
type balances [3]int64

type memberCase struct {
	name  string
	given []member.Event
	when  member.Command
	// then is the events Decide returns (none for a repeated command),
	// err checks the refusal: exactly one of them is set.
	then []member.Event
	err  refusal
	// after, if set, is every product's balance once the given and the
	// returned events are applied.
	after *balances
}

func run(t *testing.T, tests []memberCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, (tt.then == nil) != (tt.err == nil), "a case expects either events or an error")
			s := fold(tt.given)
			got, err := member.Decide(s, tt.when)
			assert.Equal(t, fold(tt.given), s, "Decide modified the state it was given")
			if tt.err != nil {
				require.Error(t, err)
				tt.err(t, err)
				assert.Empty(t, got, "a refusal returns no events")
				assert.Regexp(t, `^(member|savings|money|input): `, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, describe(tt.then), describe(got))
			if tt.after != nil {
				after := fold(append(append([]member.Event{}, tt.given...), got...))
				var b balances
				for i, p := range savings.Products() {
					b[i] = after.Account(p).Balance().Decimal().IntPart()
				}
				assert.Equal(t, *tt.after, b, "balances of pokok, wajib and sukarela after the events")
			}
		})
	}
}

func TestAdmit(t *testing.T) {
	noPokok := func() policy.Book {
		p := terms()
		p.Pokok = money.Zero()
		return policy.Book{}.Adopt(calendar.MustNew(2020, time.January, 1), p)
	}
	run(t, []memberCase{
		{
			name:  "admit paying the policy's pokok",
			when:  admit(),
			then:  []member.Event{admittedEvent(), pokokPaid()},
			after: &balances{100_000, 0, 0},
		},
		{
			name:  "admit without pokok, with an entry fee",
			when:  admit(func(c *member.Admit) { c.PayPokok, c.PokokRef, c.EntryFee = false, "", rp(25_000) }),
			then:  []member.Event{func() member.Admitted { e := admittedEvent(); e.EntryFee = rp(25_000); return e }()},
			after: &balances{0, 0, 0},
		},
		{
			name: "admit today",
			when: admit(func(c *member.Admit) { c.On = today }),
			then: []member.Event{
				func() member.Admitted { e := admittedEvent(); e.On = today; return e }(),
				deposited(savings.Pokok, 100_000, "pok-1", today),
			},
		},
		{
			name: "admit under the policy version in force on the admission date",
			when: admit(func(c *member.Admit) { c.Policies, c.On = versioned(), date(time.April, 15) }),
			then: []member.Event{
				member.Admitted{Member: id, Name: name, Ref: "adm-1", PolicyVersion: 2, On: date(time.April, 15), Cash: kas},
				deposited(savings.Pokok, 150_000, "pok-1", date(time.April, 15)),
			},
		},
		{
			name: "admit before a later policy version",
			when: admit(func(c *member.Admit) { c.Policies = versioned() }),
			then: []member.Event{admittedEvent(), pokokPaid()},
		},
		{
			name: "paying pokok under a policy without pokok records none",
			when: admit(func(c *member.Admit) { c.Policies = noPokok() }),
			then: []member.Event{admittedEvent()},
		},
		{
			name: "no member id",
			when: admit(func(c *member.Admit) { c.Member = "" }),
			err:  inputError("member", "", input.WantMemberID, ""),
		},
		{
			name: "member id with a space",
			when: admit(func(c *member.Admit) { c.Member = "A 001" }),
			err:  inputError("member", "A 001", input.WantMemberID, ""),
		},
		{
			name: "member id of 33 characters",
			when: admit(func(c *member.Admit) { c.Member = member.ID(strings.Repeat("A", 33)) }),
			err:  inputError("member", strings.Repeat("A", 33), input.WantMemberID, ""),
		},
		{
			name: "no name",
			when: admit(func(c *member.Admit) { c.Name = "" }),
			err:  inputError("name", "", input.WantName, ""),
		},
		{
			name: "name with a leading space",
			when: admit(func(c *member.Admit) { c.Name = " Siti" }),
			err:  inputError("name", " Siti", input.WantName, ""),
		},
		{
			name: "no date",
			when: admit(func(c *member.Admit) { c.On = calendar.Date{} }),
			err:  inputError("date", "", input.WantDate, ""),
		},
		{
			name: "admission dated tomorrow",
			when: admit(func(c *member.Admit) { c.On = today.AddDays(1) }),
			err:  inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name: "no reference",
			when: admit(func(c *member.Admit) { c.Ref = "" }),
			err:  inputError("ref", "", input.WantRef, ""),
		},
		{
			name: "negative entry fee",
			when: admit(func(c *member.Admit) { c.EntryFee = rp(-1000) }),
			err:  amountError("entry_fee", "-1000", money.ProblemNegative),
		},
		{
			name: "entry fee with a fraction of a rupiah",
			when: admit(func(c *member.Admit) { c.EntryFee = money.NewMinor(125, 1) }),
			err:  amountError("entry_fee", "12.5", money.ProblemFraction),
		},
		{
			name: "paying pokok without a pokok reference",
			when: admit(func(c *member.Admit) { c.PokokRef = "" }),
			err:  inputError("pokok_ref", "", input.WantRef, ""),
		},
		{
			name: "pokok under the admission's reference",
			when: admit(func(c *member.Admit) { c.PokokRef = "adm-1" }),
			err:  duplicateRef("adm-1"),
		},
		{
			name:  "admitting twice",
			given: []member.Event{admittedEvent(), pokokPaid()},
			when:  admit(func(c *member.Admit) { c.Ref, c.PokokRef = "adm-2", "pok-2" }),
			err:   alreadyAdmitted(member.StatusActive),
		},
		{
			name:  "admitting twice under the same reference with another date",
			given: []member.Event{admittedEvent(), pokokPaid()},
			when:  admit(func(c *member.Admit) { c.On = date(time.January, 11) }),
			err:   alreadyAdmitted(member.StatusActive),
		},
		{
			name:  "admitting twice under the same reference with another name",
			given: []member.Event{admittedEvent(), pokokPaid()},
			when:  admit(func(c *member.Admit) { c.Name = "Siti Rahayu Ningsih" }),
			err:   alreadyAdmitted(member.StatusActive),
		},
		{
			name:  "admitting twice under the reference of a deposit",
			given: history(),
			when:  admit(func(c *member.Admit) { c.Ref = "wj-1" }),
			err:   alreadyAdmitted(member.StatusActive),
		},
		{
			name:  "identical retry of the admission",
			given: []member.Event{admittedEvent(), pokokPaid()},
			when:  admit(),
			then:  none,
		},
		{
			name:  "identical retry of an admission with an entry fee",
			given: []member.Event{func() member.Admitted { e := admittedEvent(); e.EntryFee = rp(25_000); return e }()},
			when:  admit(func(c *member.Admit) { c.PayPokok, c.PokokRef, c.EntryFee = false, "", rp(25_000) }),
			then:  none,
		},
		{
			name:  "retry of an admission with another entry fee",
			given: []member.Event{func() member.Admitted { e := admittedEvent(); e.EntryFee = rp(25_000); return e }()},
			when:  admit(func(c *member.Admit) { c.PayPokok, c.PokokRef, c.EntryFee = false, "", rp(20_000) }),
			err:   alreadyAdmitted(member.StatusActive),
		},
		{
			name:  "identical retry of the admission after the exit",
			given: exitedHistory(),
			when:  admit(),
			then:  none,
		},
		{
			name:  "readmitting after the exit",
			given: exitedHistory(),
			when:  admit(func(c *member.Admit) { c.Ref, c.PokokRef, c.On = "adm-2", "pok-2", date(time.June, 15) }),
			err:   alreadyAdmitted(member.StatusExited),
		},
	})
}

func TestDeposit(t *testing.T) {
	feb1, mar1 := date(time.February, 1), date(time.March, 1)
	run(t, []memberCase{
		{
			name:  "pokok after an admission without it",
			given: []member.Event{admittedEvent()},
			when:  deposit(savings.Pokok, rp(100_000), "pok-1", feb1),
			then:  []member.Event{deposited(savings.Pokok, 100_000, "pok-1", feb1)},
			after: &balances{100_000, 0, 0},
		},
		{
			name:  "wajib",
			given: history(),
			when:  deposit(savings.Wajib, rp(50_000), "wj-2", mar1),
			then:  []member.Event{deposited(savings.Wajib, 50_000, "wj-2", mar1)},
			after: &balances{100_000, 100_000, 100_000},
		},
		{
			name:  "wajib of another amount than the policy's",
			given: history(),
			when:  deposit(savings.Wajib, rp(150_000), "wj-2", mar1),
			then:  []member.Event{deposited(savings.Wajib, 150_000, "wj-2", mar1)},
		},
		{
			name:  "sukarela on the admission date",
			given: []member.Event{admittedEvent(), pokokPaid()},
			when:  deposit(savings.Sukarela, rp(12_345), "sk-1", admitted),
			then:  []member.Event{deposited(savings.Sukarela, 12_345, "sk-1", admitted)},
			after: &balances{100_000, 0, 12_345},
		},
		{
			name:  "sukarela of the maximum amount, today",
			given: history(),
			when:  deposit(savings.Sukarela, rp(10_000_000), "sk-2", today),
			then:  []member.Event{deposited(savings.Sukarela, 10_000_000, "sk-2", today)},
			after: &balances{100_000, 50_000, 10_100_000},
		},
		{
			name:  "a second pokok",
			given: history(),
			when:  deposit(savings.Pokok, rp(100_000), "pok-2", mar1),
			err:   pokokAlreadyPaid("pok-1", "100000", admitted),
		},
		{
			name:  "pokok again after the first was reversed",
			given: history(reversed("pok-1", savings.KindDeposit, savings.Pokok, 100_000, admitted)),
			when:  deposit(savings.Pokok, rp(100_000), "pok-2", mar1),
			then:  []member.Event{deposited(savings.Pokok, 100_000, "pok-2", mar1)},
			after: &balances{100_000, 50_000, 100_000},
		},
		{
			name:  "pokok of another amount than the policy's",
			given: []member.Event{admittedEvent()},
			when:  deposit(savings.Pokok, rp(90_000), "pok-1", feb1),
			err:   inputError("amount", "90000", input.WantPokokAmount, "100000"),
		},
		{
			name:  "pokok under the policy version in force on the deposit's date",
			given: []member.Event{admittedEvent()},
			when: func() member.Deposit {
				c := deposit(savings.Pokok, rp(100_000), "pok-1", date(time.April, 15))
				c.Policies = versioned()
				return c
			}(),
			err: inputError("amount", "100000", input.WantPokokAmount, "150000"),
		},
		{
			name:  "zero",
			given: history(),
			when:  deposit(savings.Sukarela, money.Zero(), "sk-2", mar1),
			err:   amountError("amount", "0", money.ProblemZero),
		},
		{
			name:  "negative",
			given: history(),
			when:  deposit(savings.Sukarela, rp(-5000), "sk-2", mar1),
			err:   amountError("amount", "-5000", money.ProblemNegative),
		},
		{
			name:  "12.5 rupiah",
			given: history(),
			when:  deposit(savings.Wajib, money.NewMinor(125, 1), "wj-2", mar1),
			err:   amountError("amount", "12.5", money.ProblemFraction),
		},
		{
			name:  "above the policy's maximum",
			given: history(),
			when:  deposit(savings.Sukarela, rp(10_000_001), "sk-2", mar1),
			err:   amountError("amount", "10000001", money.ProblemAboveMax),
		},
		{
			name:  "unknown product",
			given: history(),
			when:  deposit("berjangka", rp(1_000_000), "bj-1", mar1),
			err:   inputError("product", "berjangka", input.WantProduct, ""),
		},
		{
			name: "unknown member",
			when: deposit(savings.Sukarela, rp(50_000), "sk-1", mar1),
			err:  inputError("member", "", input.WantKnownMember, ""),
		},
		{
			name:  "dated before the admission",
			given: history(),
			when:  deposit(savings.Sukarela, rp(50_000), "sk-2", admitted.AddDays(-1)),
			err:   inputError("date", "2025-01-09", input.WantNotBefore, "2025-01-10"),
		},
		{
			name:  "dated tomorrow",
			given: history(),
			when:  deposit(savings.Sukarela, rp(50_000), "sk-2", today.AddDays(1)),
			err:   inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name:  "no date",
			given: history(),
			when:  deposit(savings.Sukarela, rp(50_000), "sk-2", calendar.Date{}),
			err:   inputError("date", "", input.WantDate, ""),
		},
		{
			name:  "no reference",
			given: history(),
			when:  deposit(savings.Sukarela, rp(50_000), "", mar1),
			err:   inputError("ref", "", input.WantRef, ""),
		},
		{
			name:  "reference of 65 characters",
			given: history(),
			when:  deposit(savings.Sukarela, rp(50_000), strings.Repeat("r", 65), mar1),
			err:   inputError("ref", strings.Repeat("r", 65), input.WantRef, ""),
		},
		{
			name:  "reference already used with another amount",
			given: history(),
			when:  deposit(savings.Sukarela, rp(600_000), "sk-1", feb1),
			err:   duplicateRef("sk-1"),
		},
		{
			name:  "reference already used with another date",
			given: history(),
			when:  deposit(savings.Sukarela, rp(500_000), "sk-1", mar1),
			err:   duplicateRef("sk-1"),
		},
		{
			name:  "reference already used with another product",
			given: history(),
			when:  deposit(savings.Wajib, rp(500_000), "sk-1", feb1),
			err:   duplicateRef("sk-1"),
		},
		{
			name:  "reference already used by a withdrawal of the same figures",
			given: history(),
			when:  deposit(savings.Sukarela, rp(400_000), "wd-1", mar1),
			err:   duplicateRef("wd-1"),
		},
		{
			name:  "reference already used by the admission",
			given: history(),
			when:  deposit(savings.Sukarela, rp(50_000), "adm-1", admitted),
			err:   duplicateRef("adm-1"),
		},
		{
			name:  "identical repeat",
			given: history(),
			when:  deposit(savings.Sukarela, rp(500_000), "sk-1", feb1),
			then:  none,
		},
		{
			name:  "identical repeat written with a different exponent",
			given: history(),
			when:  deposit(savings.Sukarela, money.NewMinor(50_000_000, 2), "sk-1", feb1),
			then:  none,
		},
		{
			name:  "identical repeat of the pokok paid on admission",
			given: history(),
			when:  deposit(savings.Pokok, rp(100_000), "pok-1", admitted),
			then:  none,
		},
		{
			name:  "identical repeat of a deposit since reversed",
			given: history(reversed("wj-1", savings.KindDeposit, savings.Wajib, 50_000, feb1)),
			when:  deposit(savings.Wajib, rp(50_000), "wj-1", feb1),
			then:  none,
		},
		{
			name:  "after the exit",
			given: exitedHistory(),
			when:  deposit(savings.Sukarela, rp(50_000), "sk-2", date(time.June, 2)),
			err:   notActive(date(time.June, 1)),
		},
		{
			name:  "identical repeat after the exit",
			given: exitedHistory(),
			when:  deposit(savings.Sukarela, rp(500_000), "sk-1", feb1),
			then:  none,
		},
	})
}

func TestWithdraw(t *testing.T) {
	feb1, feb15, mar1, apr1 := date(time.February, 1), date(time.February, 15), date(time.March, 1), date(time.April, 1)
	run(t, []memberCase{
		{
			name:  "sukarela within the balance",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(60_000), "wd-2", apr1),
			then:  []member.Event{withdrawn(savings.Sukarela, 60_000, "wd-2", apr1)},
			after: &balances{100_000, 50_000, 40_000},
		},
		{
			name:  "the whole sukarela balance",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(100_000), "wd-2", apr1),
			then:  []member.Event{withdrawn(savings.Sukarela, 100_000, "wd-2", apr1)},
			after: &balances{100_000, 50_000, 0},
		},
		{
			name:  "one rupiah beyond the balance",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(100_001), "wd-2", apr1),
			err:   insufficient(savings.Sukarela, apr1, "100000", "100000", "100001"),
		},
		{
			name:  "from an empty account",
			given: []member.Event{admittedEvent(), pokokPaid()},
			when:  withdraw(savings.Sukarela, rp(1), "wd-1", apr1),
			err:   insufficient(savings.Sukarela, apr1, "0", "0", "1"),
		},
		{
			name:  "pokok",
			given: history(),
			when:  withdraw(savings.Pokok, rp(100_000), "wd-2", apr1),
			err:   notWithdrawable(savings.Pokok),
		},
		{
			name:  "wajib",
			given: history(),
			when:  withdraw(savings.Wajib, rp(10_000), "wd-2", apr1),
			err:   notWithdrawable(savings.Wajib),
		},
		{
			// On 15 February the balance is 500.000, but 1 March takes
			// 400.000 of it: only the lowest balance from then on is
			// available.
			name:  "backdated, making a later balance negative",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(200_000), "wd-2", feb15),
			err:   insufficient(savings.Sukarela, feb15, "500000", "100000", "200000"),
		},
		{
			name:  "backdated, within the lowest later balance",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(100_000), "wd-2", feb15),
			then:  []member.Event{withdrawn(savings.Sukarela, 100_000, "wd-2", feb15)},
			after: &balances{100_000, 50_000, 0},
		},
		{
			name:  "backdated before the money was deposited",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(50_000), "wd-2", date(time.January, 20)),
			err:   insufficient(savings.Sukarela, date(time.January, 20), "0", "0", "50000"),
		},
		{
			name:  "zero",
			given: history(),
			when:  withdraw(savings.Sukarela, money.Zero(), "wd-2", apr1),
			err:   amountError("amount", "0", money.ProblemZero),
		},
		{
			name:  "negative",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(-100), "wd-2", apr1),
			err:   amountError("amount", "-100", money.ProblemNegative),
		},
		{
			name:  "12.5 rupiah",
			given: history(),
			when:  withdraw(savings.Sukarela, money.NewMinor(125, 1), "wd-2", apr1),
			err:   amountError("amount", "12.5", money.ProblemFraction),
		},
		{
			name:  "above the policy's maximum",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(20_000_000), "wd-2", apr1),
			err:   amountError("amount", "20000000", money.ProblemAboveMax),
		},
		{
			name:  "unknown product",
			given: history(),
			when:  withdraw("berjangka", rp(100), "wd-2", apr1),
			err:   inputError("product", "berjangka", input.WantProduct, ""),
		},
		{
			name: "unknown member",
			when: withdraw(savings.Sukarela, rp(100), "wd-1", apr1),
			err:  inputError("member", "", input.WantKnownMember, ""),
		},
		{
			name:  "dated before the admission",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(100), "wd-2", date(time.January, 1)),
			err:   inputError("date", "2025-01-01", input.WantNotBefore, "2025-01-10"),
		},
		{
			name:  "dated tomorrow",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(100), "wd-2", today.AddDays(1)),
			err:   inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name:  "identical repeat",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(400_000), "wd-1", mar1),
			then:  none,
		},
		{
			name:  "reference already used with another amount",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(40_000), "wd-1", mar1),
			err:   duplicateRef("wd-1"),
		},
		{
			name:  "reference already used by a deposit of the same figures",
			given: history(),
			when:  withdraw(savings.Sukarela, rp(500_000), "sk-1", feb1),
			err:   duplicateRef("sk-1"),
		},
		{
			name:  "after the exit",
			given: exitedHistory(),
			when:  withdraw(savings.Sukarela, rp(100), "wd-2", date(time.June, 2)),
			err:   notActive(date(time.June, 1)),
		},
	})
}

func TestReverse(t *testing.T) {
	feb1, mar1, apr1 := date(time.February, 1), date(time.March, 1), date(time.April, 1)
	run(t, []memberCase{
		{
			name:  "a deposit, on its own date",
			given: history(),
			when:  reverse("wj-1"),
			then:  []member.Event{reversed("wj-1", savings.KindDeposit, savings.Wajib, 50_000, feb1)},
			after: &balances{100_000, 0, 100_000},
		},
		{
			name:  "a deposit, on a later date",
			given: history(),
			when:  reverseOn("wj-1", apr1),
			then:  []member.Event{reversed("wj-1", savings.KindDeposit, savings.Wajib, 50_000, apr1)},
			after: &balances{100_000, 0, 100_000},
		},
		{
			name:  "a withdrawal",
			given: history(),
			when:  reverse("wd-1"),
			then:  []member.Event{reversed("wd-1", savings.KindWithdrawal, savings.Sukarela, 400_000, mar1)},
			after: &balances{100_000, 50_000, 500_000},
		},
		{
			name:  "the pokok paid on admission",
			given: history(),
			when:  reverse("pok-1"),
			then:  []member.Event{reversed("pok-1", savings.KindDeposit, savings.Pokok, 100_000, admitted)},
			after: &balances{0, 50_000, 100_000},
		},
		{
			name:  "a deposit of what is left after the withdrawal",
			given: history(deposited(savings.Sukarela, 70_000, "sk-2", apr1)),
			when:  reverse("sk-2"),
			then:  []member.Event{reversed("sk-2", savings.KindDeposit, savings.Sukarela, 70_000, apr1)},
			after: &balances{100_000, 50_000, 100_000},
		},
		{
			name:  "twice",
			given: history(reversed("wj-1", savings.KindDeposit, savings.Wajib, 50_000, feb1)),
			when:  reverse("wj-1"),
			err:   alreadyReversed("wj-1"),
		},
		{
			name:  "an unknown reference",
			given: history(),
			when:  reverse("nope"),
			err:   inputError("ref", "nope", input.WantKnownRef, ""),
		},
		{
			name:  "a deposit whose money was since withdrawn",
			given: history(),
			when:  reverse("sk-1"),
			err:   insufficient(savings.Sukarela, feb1, "500000", "100000", "500000"),
		},
		{
			name:  "a deposit whose money was since withdrawn, on a later date",
			given: history(),
			when:  reverseOn("sk-1", apr1),
			err:   insufficient(savings.Sukarela, apr1, "100000", "100000", "500000"),
		},
		{
			name:  "the admission",
			given: history(),
			when:  reverse("adm-1"),
			err:   notReversible("adm-1", member.TxAdmission),
		},
		{
			name:  "the exit",
			given: exitedHistory(),
			when:  reverse("exit-1"),
			err:   notReversible("exit-1", member.TxExit),
		},
		{
			name:  "a deposit after the exit",
			given: exitedHistory(),
			when:  reverse("wj-1"),
			err:   notActive(date(time.June, 1)),
		},
		{
			name:  "dated before the original",
			given: history(),
			when:  reverseOn("wj-1", date(time.January, 20)),
			err:   inputError("date", "2025-01-20", input.WantNotBefore, "2025-02-01"),
		},
		{
			name:  "dated tomorrow",
			given: history(),
			when:  reverseOn("wj-1", today.AddDays(1)),
			err:   inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name:  "without a reason",
			given: history(),
			when:  func() member.Reverse { c := reverse("wj-1"); c.Reason = ""; return c }(),
			err:   inputError("reason", "", input.WantReason, ""),
		},
		{
			name:  "without a reference",
			given: history(),
			when:  reverse(""),
			err:   inputError("ref", "", input.WantRef, ""),
		},
		{
			name: "for an unknown member",
			when: reverse("sk-1"),
			err:  inputError("ref", "sk-1", input.WantKnownRef, ""),
		},
	})
}

func TestExit(t *testing.T) {
	feb15, mar1, jun1 := date(time.February, 15), date(time.March, 1), date(time.June, 1)
	run(t, []memberCase{
		{
			name:  "settles pokok, wajib and sukarela",
			given: history(),
			when:  exit(jun1),
			then:  []member.Event{exitSettled(jun1, 100_000, 50_000, 100_000)},
			after: &balances{0, 0, 0},
		},
		{
			name:  "on the date of the last transaction, today, without a reason",
			given: history(),
			when:  exit(today, func(c *member.Exit) { c.Reason = "" }),
			then: []member.Event{func() member.ExitSettled {
				e := exitSettled(today, 100_000, 50_000, 100_000)
				e.Reason = ""
				return e
			}()},
			after: &balances{0, 0, 0},
		},
		{
			name:  "on the date of the last transaction",
			given: history(),
			when:  exit(mar1),
			then:  []member.Event{exitSettled(mar1, 100_000, 50_000, 100_000)},
			after: &balances{0, 0, 0},
		},
		{
			name:  "with nothing saved",
			given: []member.Event{admittedEvent()},
			when:  exit(jun1),
			then:  []member.Event{exitSettled(jun1, 0, 0, 0)},
			after: &balances{0, 0, 0},
		},
		{
			name: "counts reversals",
			given: history(
				reversed("wj-1", savings.KindDeposit, savings.Wajib, 50_000, date(time.February, 1)),
				reversed("wd-1", savings.KindWithdrawal, savings.Sukarela, 400_000, mar1),
			),
			when:  exit(jun1),
			then:  []member.Event{exitSettled(jun1, 100_000, 0, 500_000)},
			after: &balances{0, 0, 0},
		},
		{
			name:  "owing less on loans than the refund: netted",
			given: history(),
			when:  exit(jun1, func(c *member.Exit) { c.OutstandingLoans = rp(200_000) }),
			then: []member.Event{func() member.ExitSettled {
				e := exitSettled(jun1, 100_000, 50_000, 100_000)
				e.LoanOffset, e.NetPayout = rp(200_000), rp(50_000)
				return e
			}()},
			after: &balances{0, 0, 0},
		},
		{
			name:  "with a loan outstanding",
			given: history(),
			when:  exit(jun1, func(c *member.Exit) { c.OutstandingLoans = rp(1_500_000) }),
			err:   loanOutstanding("1500000"),
		},
		{
			name:  "with transactions dated after the exit",
			given: history(),
			when:  exit(feb15),
			err:   laterTransactions(feb15, mar1),
		},
		{
			name:  "with a reversal dated after the exit",
			given: history(reversed("wj-1", savings.KindDeposit, savings.Wajib, 50_000, date(time.May, 1))),
			when:  exit(date(time.April, 1)),
			err:   laterTransactions(date(time.April, 1), date(time.May, 1)),
		},
		{
			name:  "twice",
			given: exitedHistory(),
			when:  exit(date(time.June, 2), func(c *member.Exit) { c.Ref = "exit-2" }),
			err:   notActive(jun1),
		},
		{
			name:  "identical retry",
			given: exitedHistory(),
			when:  exit(jun1),
			then:  none,
		},
		{
			name:  "retry with another date",
			given: exitedHistory(),
			when:  exit(date(time.June, 2)),
			err:   duplicateRef("exit-1"),
		},
		{
			name:  "under the reference of a deposit",
			given: history(),
			when:  exit(jun1, func(c *member.Exit) { c.Ref = "wj-1" }),
			err:   duplicateRef("wj-1"),
		},
		{
			name:  "without a reference",
			given: history(),
			when:  exit(jun1, func(c *member.Exit) { c.Ref = "" }),
			err:   inputError("ref", "", input.WantRef, ""),
		},
		{
			name:  "with a reason of two lines",
			given: history(),
			when:  exit(jun1, func(c *member.Exit) { c.Reason = "pindah\ndomisili" }),
			err:   inputError("reason", "pindah\ndomisili", input.WantReason, ""),
		},
		{
			name:  "dated before the admission",
			given: history(),
			when:  exit(admitted.AddDays(-1)),
			err:   inputError("date", "2025-01-09", input.WantNotBefore, "2025-01-10"),
		},
		{
			name:  "dated tomorrow",
			given: history(),
			when:  exit(today.AddDays(1)),
			err:   inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name: "unknown member",
			when: exit(jun1),
			err:  inputError("member", "", input.WantKnownMember, ""),
		},
	})
}

// TestLifecycle runs commands one after another, applying each command's
// events before the next, as the application does.
func TestLifecycle(t *testing.T) {
	feb1, mar1, jun1 := date(time.February, 1), date(time.March, 1), date(time.June, 1)
	s := &member.State{}
	var stream []member.Event
	do := func(c member.Command) {
		t.Helper()
		events, err := member.Decide(s, c)
		require.NoError(t, err)
		for _, e := range events {
			s = member.Evolve(s, e)
		}
		stream = append(stream, events...)
	}
	do(admit())
	do(deposit(savings.Wajib, rp(50_000), "wj-1", feb1))
	do(deposit(savings.Sukarela, rp(500_000), "sk-1", feb1))
	do(withdraw(savings.Sukarela, rp(400_000), "wd-1", mar1))
	do(deposit(savings.Sukarela, rp(500_000), "sk-1", feb1)) // a retry writes nothing
	assert.Equal(t, describe(history()), describe(stream))

	do(exit(jun1))
	do(exit(jun1)) // a retry writes nothing
	require.Len(t, stream, len(history())+1)
	assert.Equal(t, fold(stream), s, "the state built command by command is the fold of the stream")

	assert.Equal(t, member.StatusExited, s.Status)
	assert.Equal(t, jun1, s.Exited)
	assert.Equal(t, admitted, s.Admitted)
	exitTx, ok := s.Lookup("exit-1")
	require.True(t, ok)
	assert.Equal(t, member.TxExit, exitTx.Kind)
	assert.Equal(t, "250000", exitTx.Amount.String(), "the exit remembers the net payout")

	before := map[savings.Product]string{savings.Pokok: "100000", savings.Wajib: "50000", savings.Sukarela: "100000"}
	for _, p := range savings.Products() {
		acct := s.Account(p)
		assert.Equal(t, before[p], acct.BalanceAt(jun1.AddDays(-1)).String(), "%s the day before the exit", p)
		assert.Equal(t, "0", acct.BalanceAt(jun1).String(), "%s on the exit date", p)
		assert.Equal(t, "0", acct.BalanceAt(today).String(), "%s after the exit", p)
		assert.Equal(t, "0", acct.Balance().String(), "%s", p)
	}

	_, err := member.Decide(s, deposit(savings.Sukarela, rp(50_000), "sk-2", date(time.June, 2)))
	notActive(jun1)(t, err)
}

func TestStateAfterEvents(t *testing.T) {
	s := fold(history(reversed("pok-1", savings.KindDeposit, savings.Pokok, 100_000, admitted)))
	assert.True(t, s.Exists())
	assert.Equal(t, id, s.ID)
	assert.Equal(t, name, s.Name)
	assert.Equal(t, member.StatusActive, s.Status)
	_, ok := s.PokokRef()
	assert.False(t, ok, "a reversed pokok is no longer paid")

	pokok, ok := s.Lookup("pok-1")
	require.True(t, ok)
	assert.True(t, pokok.Reversed)
	assert.Equal(t, member.TxDeposit, pokok.Kind)

	wd, ok := s.Lookup("wd-1")
	require.True(t, ok)
	assert.Equal(t, member.Transaction{Kind: member.TxWithdrawal, Product: savings.Sukarela, Amount: wd.Amount, On: date(time.March, 1), Cash: kas}, wd)
	assert.Equal(t, "400000", wd.Amount.String())

	_, ok = s.Lookup("nope")
	assert.False(t, ok)

	ref, ok := fold(history()).PokokRef()
	assert.True(t, ok)
	assert.Equal(t, "pok-1", ref)

	assert.False(t, (&member.State{}).Exists())
}

func TestDecideOnNilState(t *testing.T) {
	got, err := member.Decide(nil, admit())
	require.NoError(t, err)
	assert.Equal(t, describe([]member.Event{admittedEvent(), pokokPaid()}), describe(got))

	_, err = member.Decide(nil, deposit(savings.Sukarela, rp(1), "sk-1", today))
	inputError("member", "", input.WantKnownMember, "")(t, err)
}

func TestEvolvePanicsOnUnknownEvents(t *testing.T) {
	assert.Panics(t, func() { member.Evolve(&member.State{}, "not an event") })
}

func TestExitSettledRefund(t *testing.T) {
	e := exitSettled(today, 1, 2, 3)
	assert.Equal(t, "1", e.Refund(savings.Pokok).String())
	assert.Equal(t, "2", e.Refund(savings.Wajib).String())
	assert.Equal(t, "3", e.Refund(savings.Sukarela).String())
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&member.AlreadyAdmittedError{Member: id, On: admitted, Status: member.StatusActive}, "member: A-001 was already admitted on 2025-01-10"},
		{&member.NotActiveError{Member: id, Status: member.StatusExited, Since: today}, "member: A-001 is exited since 2025-06-30"},
		{&member.PokokAlreadyPaidError{Member: id, Ref: "pok-1", Amount: rp(100_000), On: admitted}, "member: A-001 already paid simpanan pokok 100000 on 2025-01-10 (ref pok-1)"},
		{&member.DuplicateRefError{Ref: "sk-1", Member: id}, `member: reference "sk-1" is already used (member A-001)`},
		{&member.AlreadyReversedError{Ref: "sk-1"}, `member: transaction "sk-1" is already reversed`},
		{&member.NotReversibleError{Ref: "adm-1", Kind: member.TxAdmission}, `member: admission "adm-1" cannot be reversed`},
		{&member.LoanOutstandingError{Member: id, Outstanding: rp(1_500_000), Refunds: rp(650_000)}, "member: A-001 owes 1500000 on loans, more than the refund 650000"},
		{&member.LaterTransactionsError{Member: id, Exit: admitted, Last: today}, "member: A-001 has transactions dated 2025-06-30, after the exit date 2025-01-10"},
	}
	for _, tt := range tests {
		assert.EqualError(t, tt.err, tt.want)
	}
}

func TestParseID(t *testing.T) {
	got, err := member.ParseID("AGT_2025-001")
	require.NoError(t, err)
	assert.Equal(t, member.ID("AGT_2025-001"), got)
	_, err = member.ParseID("_1")
	inputError("member", "_1", input.WantMemberID, "")(t, err)
}

// The cash account a movement names is recorded, except kas, which
// events leave implicit whether named or not.
func TestCashAccountRecorded(t *testing.T) {
	s := fold([]member.Event{admittedEvent(), pokokPaid()})
	for _, tc := range []struct{ named, recorded string }{{"", ""}, {"1-1100", ""}, {"1-1200", "1-1200"}} {
		events, err := member.Decide(s, member.Deposit{Given: given(), Product: savings.Sukarela, Amount: rp(10_000), On: admitted, Ref: "D-" + tc.named, Cash: tc.named})
		require.NoError(t, err)
		require.Len(t, events, 1)
		assert.Equal(t, tc.recorded, events[0].(savings.Deposited).Cash, "named %q", tc.named)
	}
	_, err := member.Decide(s, member.Deposit{Given: given(), Product: savings.Sukarela, Amount: rp(10_000), On: admitted, Ref: "D-x", Cash: "3-1100"})
	var bad *input.Error
	require.ErrorAs(t, err, &bad)
	assert.Equal(t, &input.Error{Field: "cash", Value: "3-1100", Want: input.WantCashAccount}, bad)
}
