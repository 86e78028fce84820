package member

import (
	"errors"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

// Given is what a member command is decided on besides the member's own
// stream: the figures the caller read elsewhere, recorded with the
// decision.
type Given struct {
	// Today is the date in the cooperative's time zone when the command
	// was issued; nothing may be dated after it.
	Today calendar.Date
	// Policies is the cooperative's policy book.
	Policies policy.Book
	// Books is what the decision reads of the cooperative's books; a
	// pointer, since every command of an import carries it.
	*Books
}

// Books is what a member command reads of the cooperative's books.
type Books struct {
	// Chart is the cooperative's chart of accounts: money moves through
	// its cash and bank accounts.
	Chart ledger.Chart
	// Periods are the closed months: nothing may be dated in them.
	Periods ledger.Periods
	// Cash tells what each cash account can pay from a date on.
	Cash ledger.CashBalances
}

// Command is a request to the Member aggregate.
type Command interface{ given() Given }

// Admit admits a member. With PayPokok, the policy's simpanan pokok is
// recorded as paid in the same append, under PokokRef.
type Admit struct {
	Given
	Member   ID
	Name     string
	On       calendar.Date
	Ref      string
	EntryFee money.Amount
	PayPokok bool
	PokokRef string
	// Cash is the code of the cash or bank account the money comes into;
	// empty for kas.
	Cash string
}

// Deposit records member money into a product.
type Deposit struct {
	Given
	Product savings.Product
	Amount  money.Amount
	On      calendar.Date
	Ref     string
	Cash    string // as for Admit
}

// Withdraw pays money out of a product to the member.
type Withdraw struct {
	Given
	Product savings.Product
	Amount  money.Amount
	On      calendar.Date
	Ref     string
	Cash    string // as for Admit
}

// Reverse corrects the deposit or withdrawal recorded under Ref. On is the
// reversal's effective date; zero means the original's date, so that the
// balances of every date read as if the mistake had not been made.
type Reverse struct {
	Given
	Ref    string
	Reason string
	On     calendar.Date
}

// Exit ends the membership and settles: every savings balance is refunded.
type Exit struct {
	Given
	On     calendar.Date
	Ref    string
	Reason string
	// OutstandingLoans is what the member owes on loans on the exit's
	// date (principal, and the interest and penalties due), read from the
	// loan book by the caller: netted against the refund, and the exit is
	// refused while it is larger.
	OutstandingLoans money.Amount
	Cash             string // as for Admit
}

// ReceiveSHU gives the member their share of a year's SHU, as the RAT
// resolved: To "sukarela" credits their simpanan sukarela, "cash" pays it
// from Cash (kas when empty).
type ReceiveSHU struct {
	Given
	Year   int
	Amount money.Amount
	To     string
	Cash   string
	On     calendar.Date
}

func (c ReceiveSHU) given() Given { return c.Given }

func (c Admit) given() Given    { return c.Given }
func (c Deposit) given() Given  { return c.Given }
func (c Withdraw) given() Given { return c.Given }
func (c Reverse) given() Given  { return c.Given }
func (c Exit) given() Given     { return c.Given }

// Decide returns the events that carry out c on the member whose stream
// gave s, or the reason c is refused. It returns no events and no error
// when c repeats a transaction already recorded under the same reference
// with the same content: a retried command writes nothing twice.
func Decide(s *State, c Command) ([]Event, error) {
	if s == nil {
		s = &State{}
	}
	if c.given().Policies.Len() == 0 || c.given().Books == nil {
		panic("member: command given no policy or no books")
	}
	switch c := c.(type) {
	case Admit:
		return decideAdmit(s, c)
	case Deposit:
		return decideDeposit(s, c)
	case Withdraw:
		return decideWithdraw(s, c)
	case Reverse:
		return decideReverse(s, c)
	case Exit:
		return decideExit(s, c)
	case ReceiveSHU:
		return decideReceiveSHU(s, c)
	}
	panic(fmt.Sprintf("member: unknown command %T", c))
}

func decideAdmit(s *State, c Admit) ([]Event, error) {
	if _, err := ParseID(string(c.Member)); err != nil {
		return nil, err
	}
	if !input.Text(c.Name, MaxNameLen) {
		return nil, &input.Error{Field: "name", Value: c.Name, Want: input.WantName}
	}
	if err := checkDate("date", c.On, c.Today, calendar.Date{}); err != nil {
		return nil, err
	}
	if err := checkRef(c.Ref); err != nil {
		return nil, err
	}
	version, _ := c.Policies.At(c.On)
	_, cash, err := c.CashAccount(c.Cash, c.On)
	if err != nil {
		return nil, err
	}
	if !c.EntryFee.IsZero() {
		if err := version.Policy.Limits().Check("entry_fee", c.EntryFee); err != nil {
			return nil, err
		}
	}
	admitted := Admitted{Member: c.Member, Name: c.Name, Ref: c.Ref, EntryFee: c.EntryFee, PolicyVersion: version.Number, On: c.On, Cash: cash}
	if s.Exists() {
		if t, ok := s.Lookup(c.Ref); ok && t.Kind == TxAdmission && s.Name == c.Name && s.Admitted == c.On && t.Amount.Equal(c.EntryFee) {
			return nil, nil
		}
		return nil, &AlreadyAdmittedError{Member: s.ID, On: s.Admitted, Status: s.Status}
	}
	if err := c.Periods.Check(c.On); err != nil {
		return nil, err
	}
	events := []Event{admitted}
	if c.PayPokok && version.Policy.Pokok.IsPositive() {
		if !input.Text(c.PokokRef, MaxRefLen) {
			return nil, &input.Error{Field: "pokok_ref", Value: c.PokokRef, Want: input.WantRef}
		}
		if c.PokokRef == c.Ref {
			return nil, &DuplicateRefError{Ref: c.Ref, Member: c.Member}
		}
		events = append(events, savings.Deposited{Product: savings.Pokok, Amount: version.Policy.Pokok, Ref: c.PokokRef, On: c.On, Cash: cash})
	}
	return events, nil
}

// active checks the member can transact on date on.
func active(s *State, field string, on, today calendar.Date) error {
	if !s.Exists() {
		return &input.Error{Field: "member", Value: string(s.ID), Want: input.WantKnownMember}
	}
	if s.Status != StatusActive {
		return &NotActiveError{Member: s.ID, Status: s.Status, Since: s.Exited}
	}
	return checkDate(field, on, today, s.Admitted)
}

// CashAccount returns the code of the cash account money moves through
// on date on: the one named, which must be an open cash or bank account,
// or kas when none is named. It also returns what the event records:
// empty for kas (the account with the cash role, which never changes),
// so that the common case costs nothing in the log.
func (g *Books) CashAccount(code string, on calendar.Date) (account, recorded string, err error) {
	kas, ok := g.Chart.ByRole(ledger.RoleCash)
	if code == "" || code == kas.Code {
		if !ok {
			return "", "", &input.Error{Field: "cash", Value: code, Want: input.WantCashAccount}
		}
		return kas.Code, "", nil
	}
	a, err := g.Chart.Postable(code, on)
	if err != nil {
		var bad *input.Error
		if errors.As(err, &bad) {
			bad.Field = "cash"
		}
		return "", "", err
	}
	if !a.Cash {
		return "", "", &input.Error{Field: "cash", Value: code, Want: input.WantCashAccount}
	}
	return a.Code, a.Code, nil
}

// CheckCash refuses paying amount out of cash account code on date on
// when the account does not have it from that day on.
func (g *Books) CheckCash(code string, on calendar.Date, amount money.Amount) error {
	return ledger.CheckCash(g.Chart, on, []ledger.Line{{Account: code, Side: ledger.Credit, Amount: amount}}, g.Cash)
}

// movement is what a deposit and a withdrawal have in common.
type movement struct {
	Given
	kind    TransactionKind
	product savings.Product
	amount  money.Amount
	on      calendar.Date
	ref     string
	cash    string
}

// check decides what deposits and withdrawals share: a repeat of a
// recorded transaction (done, with no events), or a refusal for the
// reference, product, member, date or amount. It returns the policy in
// force on the date and the cash account when the movement may go on.
func (m movement) check(s *State) (version policy.Version, cash, recorded string, done bool, err error) {
	if err := checkRef(m.ref); err != nil {
		return version, "", "", false, err
	}
	if t, ok := s.Lookup(m.ref); ok {
		// A repeat names the same cash account; kas is recorded as none.
		cash := m.cash
		if kas, ok := m.Chart.ByRole(ledger.RoleCash); ok && cash == kas.Code {
			cash = ""
		}
		_, err := repeated(s, m.ref, t, Transaction{Kind: m.kind, Product: m.product, Amount: m.amount, On: m.on, Cash: cash})
		return version, "", "", err == nil, err
	}
	if _, err := savings.ParseProduct(string(m.product)); err != nil {
		return version, "", "", false, err
	}
	if err := active(s, "date", m.on, m.Today); err != nil {
		return version, "", "", false, err
	}
	if err := m.Periods.Check(m.on); err != nil {
		return version, "", "", false, err
	}
	if cash, recorded, err = m.CashAccount(m.cash, m.on); err != nil {
		return version, "", "", false, err
	}
	version, _ = m.Policies.At(m.on)
	return version, cash, recorded, false, version.Policy.Limits().Check("amount", m.amount)
}

func decideDeposit(s *State, c Deposit) ([]Event, error) {
	version, _, recorded, done, err := movement{c.Given, TxDeposit, c.Product, c.Amount, c.On, c.Ref, c.Cash}.check(s)
	if done || err != nil {
		return nil, err
	}
	if c.Product == savings.Pokok {
		if ref, ok := s.PokokRef(); ok {
			paid, _ := s.Lookup(ref)
			return nil, &PokokAlreadyPaidError{Member: s.ID, Ref: ref, Amount: paid.Amount, On: paid.On}
		}
		if !c.Amount.Equal(version.Policy.Pokok) {
			return nil, &input.Error{Field: "amount", Value: c.Amount.String(), Want: input.WantPokokAmount, Bound: version.Policy.Pokok.String()}
		}
	}
	return []Event{savings.Deposited{Product: c.Product, Amount: c.Amount, Ref: c.Ref, On: c.On, Cash: recorded}}, nil
}

func decideWithdraw(s *State, c Withdraw) ([]Event, error) {
	_, cash, recorded, done, err := movement{c.Given, TxWithdrawal, c.Product, c.Amount, c.On, c.Ref, c.Cash}.check(s)
	if done || err != nil {
		return nil, err
	}
	if !c.Product.Withdrawable() {
		return nil, &savings.NotWithdrawableError{Member: string(s.ID), Product: c.Product}
	}
	if err := checkAvailable(s, c.Product, c.On, c.Amount); err != nil {
		return nil, err
	}
	if err := c.CheckCash(cash, c.On, c.Amount); err != nil {
		return nil, err
	}
	return []Event{savings.Withdrawn{Product: c.Product, Amount: c.Amount, Ref: c.Ref, On: c.On, Cash: recorded}}, nil
}

func checkAvailable(s *State, p savings.Product, on calendar.Date, amount money.Amount) error {
	acct := s.Account(p)
	if available := acct.Available(on); available.Cmp(amount) < 0 {
		return &savings.InsufficientFundsError{
			Member: string(s.ID), Product: p, On: on,
			Balance: acct.BalanceAt(on), Available: available, Requested: amount,
		}
	}
	return nil
}

func decideReverse(s *State, c Reverse) ([]Event, error) {
	if err := checkRef(c.Ref); err != nil {
		return nil, err
	}
	if !input.Text(c.Reason, MaxReasonLen) {
		return nil, &input.Error{Field: "reason", Value: c.Reason, Want: input.WantReason}
	}
	t, ok := s.Lookup(c.Ref)
	if !ok {
		return nil, &input.Error{Field: "ref", Value: c.Ref, Want: input.WantKnownRef}
	}
	if t.Kind != TxDeposit && t.Kind != TxWithdrawal {
		return nil, &NotReversibleError{Ref: c.Ref, Kind: t.Kind}
	}
	if t.Reversed {
		return nil, &AlreadyReversedError{Ref: c.Ref}
	}
	on := c.On
	if on.IsZero() {
		on = t.On
	}
	if err := active(s, "date", on, c.Today); err != nil {
		return nil, err
	}
	if on.Before(t.On) {
		return nil, &input.Error{Field: "date", Value: on.String(), Want: input.WantNotBefore, Bound: t.On.String()}
	}
	if err := c.Periods.Check(on); err != nil {
		return nil, err
	}
	cash, recorded, err := c.CashAccount(t.Cash, on)
	if err != nil {
		return nil, err
	}
	r := savings.Reversed{Ref: c.Ref, Product: t.Product, Amount: t.Amount, Reason: c.Reason, On: on, Original: savings.KindDeposit, Cash: recorded}
	if t.Kind == TxWithdrawal {
		r.Original = savings.KindWithdrawal
		return []Event{r}, nil
	}
	if err := checkAvailable(s, t.Product, on, t.Amount); err != nil {
		return nil, err
	}
	if err := c.CheckCash(cash, on, t.Amount); err != nil {
		return nil, err
	}
	return []Event{r}, nil
}

func decideExit(s *State, c Exit) ([]Event, error) {
	if err := checkRef(c.Ref); err != nil {
		return nil, err
	}
	if c.Reason != "" && !input.Text(c.Reason, MaxReasonLen) {
		return nil, &input.Error{Field: "reason", Value: c.Reason, Want: input.WantReason}
	}
	// The reference is looked up before the member is checked active, so
	// that a retried exit finds its own settlement and writes nothing.
	if t, used := s.Lookup(c.Ref); used {
		if t.Kind == TxExit && t.On == c.On {
			return nil, nil
		}
		return nil, &DuplicateRefError{Ref: c.Ref, Member: s.ID}
	}
	if err := active(s, "date", c.On, c.Today); err != nil {
		return nil, err
	}
	if err := c.Periods.Check(c.On); err != nil {
		return nil, err
	}
	cash, recorded, err := c.CashAccount(c.Cash, c.On)
	if err != nil {
		return nil, err
	}
	e := ExitSettled{Ref: c.Ref, Reason: c.Reason, On: c.On, LoanOffset: money.Zero(), Cash: recorded}
	for _, p := range savings.Products() {
		acct := s.Account(p)
		if last := acct.Last(); last.After(c.On) {
			return nil, &LaterTransactionsError{Member: s.ID, Exit: c.On, Last: last}
		}
		switch p {
		case savings.Pokok:
			e.Pokok = acct.Balance()
		case savings.Wajib:
			e.Wajib = acct.Balance()
		default:
			e.Sukarela = acct.Balance()
		}
	}
	// What the member owes on loans is netted against the refund; a debt
	// larger than the refund is repaid first (domain.md §1.3).
	refunds := money.Sum(e.Pokok, e.Wajib, e.Sukarela)
	if c.OutstandingLoans.Cmp(refunds) > 0 {
		return nil, &LoanOutstandingError{Member: s.ID, Outstanding: c.OutstandingLoans, Refunds: refunds}
	}
	if c.OutstandingLoans.IsPositive() {
		e.LoanOffset = c.OutstandingLoans
	}
	e.NetPayout = refunds.Sub(e.LoanOffset)
	if err := c.CheckCash(cash, c.On, e.NetPayout); err != nil {
		return nil, err
	}
	return []Event{e}, nil
}

// repeated decides a command whose reference is already recorded: nothing
// to do if it is the same transaction, refused if the reference was used
// for something else.
func repeated(s *State, ref string, got, want Transaction) ([]Event, error) {
	if got.Kind == want.Kind && got.Product == want.Product && got.Amount.Equal(want.Amount) && got.On == want.On && got.Cash == want.Cash {
		return nil, nil
	}
	return nil, &DuplicateRefError{Ref: ref, Member: s.ID}
}

func checkRef(ref string) error {
	if !input.Text(ref, MaxRefLen) {
		return &input.Error{Field: "ref", Value: ref, Want: input.WantRef}
	}
	return nil
}

func checkDate(field string, on, today, notBefore calendar.Date) error {
	switch {
	case on.IsZero():
		return &input.Error{Field: field, Value: "", Want: input.WantDate}
	case on.After(today):
		return &input.Error{Field: field, Value: on.String(), Want: input.WantNotFuture, Bound: today.String()}
	case !notBefore.IsZero() && on.Before(notBefore):
		return &input.Error{Field: field, Value: on.String(), Want: input.WantNotBefore, Bound: notBefore.String()}
	}
	return nil
}

func decideReceiveSHU(s *State, c ReceiveSHU) ([]Event, error) {
	if s.ReceivedSHU(c.Year) {
		return nil, nil // received already: a resumed distribution
	}
	if !s.Exists() {
		return nil, &input.Error{Field: "member", Value: string(s.ID), Want: input.WantKnownMember}
	}
	// A member who has left is paid their share in cash: they have no
	// savings to credit it to any more.
	if s.Status == StatusExited {
		if c.To != "cash" {
			return nil, &NotActiveError{Member: s.ID, Status: s.Status, Since: s.Exited}
		}
		if err := checkDate("date", c.On, c.Today, s.Admitted); err != nil {
			return nil, err
		}
	} else if err := active(s, "date", c.On, c.Today); err != nil {
		return nil, err
	}
	if err := c.Periods.Check(c.On); err != nil {
		return nil, err
	}
	version, _ := c.Policies.At(c.On)
	if err := version.Policy.Limits().Check("amount", c.Amount); err != nil {
		return nil, err
	}
	e := SHUReceived{Year: c.Year, Amount: c.Amount, To: c.To, On: c.On}
	switch c.To {
	case string(savings.Sukarela):
	case "cash":
		cash, recorded, err := c.CashAccount(c.Cash, c.On)
		if err != nil {
			return nil, err
		}
		if err := c.CheckCash(cash, c.On, c.Amount); err != nil {
			return nil, err
		}
		e.Cash = recorded
	default:
		return nil, &input.Error{Field: "payout", Value: c.To, Want: input.WantPayout}
	}
	return []Event{e}, nil
}
