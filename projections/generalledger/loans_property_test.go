package generalledger_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// The loan property test mixes savings commands (property_test.go's
// generator) with loan commands through a real Service and checks, on
// every date of the books: the trial balance balances; 1-1400 holds the
// principal lent less the principal repaid, settled and written off by
// that date; the exit clearing account is empty; the allowance and the
// cash accounts are never below zero. At the end 1-1400 is the loan
// book's outstanding principal of its active loans, written-off loans
// excluded.
//
// Every loan command is dated on the world's today (or a few days
// before, never before what it follows), as a treasurer records them.

const (
	loansAccount     = "1-1400"
	allowanceAccount = "1-1490"
	clearingAccount  = "2-1800"
)

func TestLoanLedgerPropertiesOverRandomCommandSequences(t *testing.T) {
	seeds, commands := 6, 250
	if testing.Short() {
		seeds = 2
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			w := newLoanWorld(t, seed)
			for range commands {
				w.step()
			}
			w.verify()
		})
	}
}

type loanWorld struct {
	*world
	loans []*loanEntry
	// lastLoan is the latest date of a loan event of each member: an exit
	// is dated no earlier.
	lastLoan map[member.ID]calendar.Date
}

type loanEntry struct {
	id        loan.ID
	member    *memberModel
	disbursed calendar.Date
	last      calendar.Date
}

func loanProductOf(code string, m loan.Method, rate string) loan.Product {
	d := decimal.RequireFromString
	return loan.Product{
		Code: code, Name: "Pinjaman " + code, Method: m, AnnualRate: d(rate), Months: 6, MaxMonths: 18,
		SavingsMultiple: d("10"),
		Provisi:         loan.Fee{Percent: d("0.01"), Fixed: money.Zero()},
		Admin:           loan.Fee{Percent: decimal.Zero, Fixed: money.New(10_000)},
		Penalty:         loan.Penalty{DailyRate: d("0.001"), GraceDays: 3, Cap: d("0.1")},
		Approvals: []loan.Band{
			{UpTo: money.New(2_000_000), Roles: []string{loan.RoleKetua}},
			{UpTo: money.Zero(), Roles: []string{loan.RoleKetua, loan.RolePengawas}},
		},
		RateCap: loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}
}

func newLoanWorld(t *testing.T, seed uint64) *loanWorld {
	w := &loanWorld{world: newWorld(t, seed^0x70696e6a616d), lastLoan: map[member.ID]calendar.Date{}}
	last := loanProductOf("tunda", loan.Declining, "0.24")
	last.Order = loan.PenaltyLast
	for _, p := range []loan.Product{loanProductOf("umum", loan.Declining, "0.24"), loanProductOf("anuitas", loan.Annuity, "0.18"), last} {
		_, err := w.svc.DefineProduct(w.ctx, propActor, propCoop, p, propStart)
		require.NoError(t, err)
	}
	// A grant gives modal sendiri and kas room to lend.
	_, err := w.svc.PostJournal(w.ctx, propActor, propCoop, "", app.Journal{Ref: "HIBAH", Memo: "hibah pemerintah desa", On: propStart,
		Lines: []ledger.Line{{Account: kas, Side: ledger.Debit, Amount: money.New(150_000_000)}, {Account: "3-3100", Side: ledger.Credit, Amount: money.New(150_000_000)}}})
	require.NoError(t, err)
	w.advanceLive()
	return w
}

// loanRefusal reports whether err is a refusal the loan generator may
// provoke: it does not model savings multiples, limits, what a loan owes,
// the allowance, or cash.
func loanRefusal(err error) bool {
	var plafond *loan.PlafondError
	var limit *loan.LimitError
	var over *loan.OverpaymentError
	var short *loan.AllowanceShortError
	var owes *member.LoanOutstandingError
	// A loan so small that its fees are the principal or more is applied
	// for and approved, and refused only when disbursed: nothing would be
	// paid out.
	var rate *loan.RateError
	// A small loan at 24 % menurun is refused as above the cap of 24 %: the
	// rounding of its interest to whole rupiah (TestDecliningAtTheCapIsWithinIt
	// in domain/loan).
	var capped *loan.RateCapError
	return refusal(err) || errors.As(err, &plafond) || errors.As(err, &limit) || errors.As(err, &over) ||
		errors.As(err, &short) || errors.As(err, &owes) || errors.As(err, &rate) || errors.As(err, &capped)
}

// runLoan issues a command; a refusal writes nothing.
func (w *loanWorld) runLoan(desc string, cmd func() error) bool {
	w.t.Helper()
	before := w.lastPosition()
	if err := cmd(); err != nil {
		w.history = append(w.history, desc+" -> "+err.Error())
		if !loanRefusal(err) {
			w.t.Fatalf("%s: unexpected error %T: %v\n%s", desc, err, err, w.recent())
		}
		require.Equal(w.t, before, w.lastPosition(), "%s was refused (%v) but wrote to the log", desc, err)
		w.done["refused "+strings.Fields(desc)[0]]++
		return false
	}
	w.history = append(w.history, desc)
	w.done[strings.Fields(desc)[0]]++
	w.advanceLive()
	return true
}

func (w *loanWorld) step() {
	switch r := w.rng.IntN(100); {
	case r < 10 || w.activeMember() == nil:
		w.admit()
	case r < 25:
		w.deposit()
	case r < 30:
		w.withdraw()
	case r < 36:
		w.journal()
	case r < 39:
		w.reverse()
	case r < 55:
		w.lend()
	case r < 72:
		w.repay()
	case r < 76:
		w.settle()
	case r < 80:
		w.restructure()
	case r < 86:
		w.review()
	case r < 90:
		w.writeOff()
	case r < 93:
		w.recover()
	default:
		w.exitWithLoans()
	}
	if w.rng.IntN(2) == 0 {
		w.today = w.today.AddDays(1 + w.rng.IntN(6))
	}
}

func (w *loanWorld) state(id loan.ID) *loan.State {
	st, err := w.svc.Loan(w.ctx, propCoop, id)
	require.NoError(w.t, err)
	return st
}

// loanWith returns a random loan whose status is want, or nil.
func (w *loanWorld) loanWith(want loan.Status) (*loanEntry, *loan.State) {
	var found []*loanEntry
	var states []*loan.State
	for _, l := range w.loans {
		if st := w.state(l.id); st.Status == want {
			found, states = append(found, l), append(states, st)
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	i := w.rng.IntN(len(found))
	return found[i], states[i]
}

func (w *loanWorld) touch(l *loanEntry, on calendar.Date) {
	l.last = later(l.last, on)
	w.lastLoan[l.member.id] = later(w.lastLoan[l.member.id], on)
}

func (w *loanWorld) lend() {
	m := w.activeMember()
	st, err := w.svc.Member(w.ctx, propCoop, m.id)
	require.NoError(w.t, err)
	held := money.Zero()
	for _, p := range savings.Products() {
		held = held.Add(st.Account(p).Balance())
	}
	most := held.Decimal().IntPart() * 11 / 1000 // at times above ten times the savings: refused
	if most < 1 {
		most = 1
	}
	amount := money.New(1000 * (1 + w.rng.Int64N(most)))
	on := w.back(3, later(m.admitted, w.lastLoan[m.id]))
	id := loan.ID(fmt.Sprintf("PJ-%03d", len(w.loans)+1))
	products := []string{"umum", "anuitas", "tunda"}
	product := products[w.rng.IntN(len(products))]
	months := 1 + w.rng.IntN(18)
	application := app.Application{Loan: id, Member: m.id, Product: product, Amount: amount, Months: months, Related: w.rng.IntN(5) == 0,
		Collateral: money.New(1000 * w.rng.Int64N(most+1)), Purpose: "modal usaha", On: on}
	if !w.runLoan(fmt.Sprintf("apply %s %s %s %s x%d on %s", id, m.id, product, amount, months, on), func() error {
		_, err := w.svc.ApplyLoan(w.ctx, "teller", propCoop, application)
		return err
	}) {
		return
	}
	l := &loanEntry{id: id, member: m}
	w.loans = append(w.loans, l)
	w.touch(l, on)
	for _, role := range []string{loan.RoleKetua, loan.RolePengawas} {
		if !w.runLoan(fmt.Sprintf("approve %s as %s on %s", id, role, on), func() error {
			_, err := w.svc.ApproveLoan(w.ctx, app.Actor(role+"-1"), propCoop, id, role, on)
			var roleErr *loan.RoleError
			if errors.As(err, &roleErr) {
				return nil // the matrix does not need this role
			}
			return err
		}) {
			return
		}
	}
	through := w.via(20)
	if w.runLoan(fmt.Sprintf("disburse %s on %s via %v", id, on, through), func() error {
		_, err := w.svc.DisburseLoan(w.ctx, propActor, propCoop, id, on, calendar.Date{}, "", through...)
		return err
	}) {
		l.disbursed = on
	}
}

func (w *loanWorld) repay() {
	l, st := w.loanWith(loan.StatusActive)
	if l == nil {
		w.lend()
		return
	}
	on := w.back(4, l.last)
	due := st.DueOn(on, 0)
	settlement, _ := st.Settlement(on, 0)
	var amount money.Amount
	switch r := w.rng.IntN(10); {
	case r < 4 && due.Total().IsPositive():
		amount = due.Total()
	case r == 4:
		amount = money.New(9_000_000_000) // more than any loan owes: refused
	default:
		amount = money.New(1 + w.rng.Int64N(max(settlement.Decimal().IntPart(), 1)))
	}
	ref := w.ref("ANG")
	through := w.via(20)
	if w.runLoan(fmt.Sprintf("repay %s %s on %s (due %s) via %v", l.id, amount, on, due.Total(), through), func() error {
		_, err := w.svc.RepayLoan(w.ctx, propActor, propCoop, l.id, ref, amount, on, through...)
		return err
	}) {
		w.touch(l, on)
	}
}

func (w *loanWorld) settle() {
	l, _ := w.loanWith(loan.StatusActive)
	if l == nil {
		w.lend()
		return
	}
	on := w.back(4, l.last)
	if w.runLoan(fmt.Sprintf("settle %s on %s", l.id, on), func() error {
		_, err := w.svc.SettleLoan(w.ctx, propActor, propCoop, l.id, w.ref("LUNAS"), on)
		return err
	}) {
		w.touch(l, on)
	}
}

func (w *loanWorld) restructure() {
	l, _ := w.loanWith(loan.StatusActive)
	if l == nil {
		w.lend()
		return
	}
	on := w.back(4, l.last)
	months := 1 + w.rng.IntN(12)
	rate := decimal.NewFromInt(-1)
	if w.rng.IntN(2) == 0 {
		rate = decimal.New(int64(w.rng.IntN(25)), -2)
	}
	if w.runLoan(fmt.Sprintf("restructure %s x%d at %s on %s", l.id, months, rate, on), func() error {
		_, err := w.svc.RestructureLoan(w.ctx, "ketua-1", propCoop, l.id, months, rate, "usaha terdampak", w.ref("RAPAT"), on)
		return err
	}) {
		w.touch(l, on)
	}
}

func (w *loanWorld) review() {
	w.runLoan(fmt.Sprintf("review on %s", w.today), func() error {
		_, err := w.svc.ReviewLoans(w.ctx, "ketua-1", propCoop, w.today)
		return err
	})
}

func (w *loanWorld) writeOff() {
	l, _ := w.loanWith(loan.StatusActive)
	if l == nil {
		w.lend()
		return
	}
	if w.runLoan(fmt.Sprintf("write-off %s on %s", l.id, w.today), func() error {
		_, err := w.svc.WriteOffLoan(w.ctx, "ketua-1", propCoop, l.id, w.ref("RAPAT"), w.today)
		return err
	}) {
		w.touch(l, w.today)
	}
}

func (w *loanWorld) recover() {
	l, st := w.loanWith(loan.StatusWrittenOff)
	if l == nil {
		w.review()
		return
	}
	left := st.WrittenOff.Sub(st.Recovered).Decimal().IntPart()
	amount := money.New(1 + w.rng.Int64N(left+left/10+1)) // at times more than is left: refused
	on := w.back(4, l.last)
	through := w.via(20)
	if w.runLoan(fmt.Sprintf("recover %s %s on %s via %v", l.id, amount, on, through), func() error {
		_, err := w.svc.RecoverLoan(w.ctx, propActor, propCoop, l.id, w.ref("PULIH"), amount, on, through...)
		return err
	}) {
		w.touch(l, on)
	}
}

// exitWithLoans has a member leave, netting the loans against the
// refund; refused while the loans are more than it.
func (w *loanWorld) exitWithLoans() {
	m := w.activeMember()
	on := later(later(m.last, w.lastLoan[m.id]), w.back(5, m.admitted))
	if w.rng.IntN(2) == 0 {
		// Savings enough to net the loans against.
		ref := w.ref("DEP")
		if w.runLoan(fmt.Sprintf("deposit %s sukarela 20000000 on %s before leaving", m.id, on), func() error {
			_, err := w.svc.Deposit(w.ctx, propActor, propCoop, m.id, savings.Sukarela, money.New(20_000_000), on, ref)
			return err
		}) {
			m.last = later(m.last, on)
			w.refs = append(w.refs, &recorded{ref: ref, on: on, member: m})
		}
	}
	through := w.via(20)
	if w.runLoan(fmt.Sprintf("exit %s on %s via %v", m.id, on, through), func() error {
		_, err := w.svc.Exit(w.ctx, propActor, propCoop, m.id, on, w.ref("EXIT"), "pindah domisili", "", through...)
		return err
	}) {
		m.active = false
	}
}

// lentBy returns, by date, the change of the principal lent: the
// disbursements less the principal repaid, settled from exits and
// written off, read from the log.
func (w *loanWorld) lentBy() (map[calendar.Date]money.Amount, map[string]int) {
	out, types := map[calendar.Date]money.Amount{}, map[string]int{}
	add := func(on calendar.Date, a money.Amount) {
		if v, ok := out[on]; ok {
			out[on] = v.Add(a)
		} else {
			out[on] = a
		}
	}
	events := codec.Events()
	at := eventstore.Start
	for {
		page, err := w.store.ReadAll(w.ctx, at, eventstore.Forwards, 500)
		require.NoError(w.t, err)
		if len(page) == 0 {
			return out, types
		}
		for _, rec := range page {
			types[rec.Type]++
			e, err := events.Decode(rec)
			require.NoError(w.t, err)
			switch p := e.Payload.(type) {
			case loan.Disbursed:
				for _, in := range p.Schedule {
					add(p.On, in.Principal)
				}
			case loan.Repaid:
				_, _, pr := loan.Totals(p.Parts)
				add(p.On, pr.Neg())
			case loan.SettledByExit:
				_, _, pr := loan.Totals(p.Parts)
				add(p.On, pr.Neg())
			case loan.WrittenOff:
				add(p.On, p.Principal.Neg())
			}
		}
		at = page[len(page)-1].Position
	}
}

func (w *loanWorld) verify() {
	t := w.t
	last := w.today.AddDays(5)
	t.Logf("up to %s with %d loans: %v", w.today, len(w.loans), w.done)
	require.Positive(t, w.done["disburse"], "no loan was disbursed")
	require.Positive(t, w.done["repay"], "no loan was repaid")

	changes, types := w.lentBy()
	t.Logf("loan events: %d disbursed, %d repaid, %d restructured, %d classified, %d allowances, %d written off, %d recovered, %d settled by exits",
		types["LoanDisbursed"], types["LoanRepaid"], types["LoanRestructured"], types["LoanClassified"], types["AllowanceRecomputed"],
		types["LoanWrittenOff"], types["LoanRecovered"], types["LoanSettledByExit"])
	outstanding := money.Zero()
	require.NoError(t, w.svc.Loans(w.ctx, propCoop, func(b *loanbook.Book) {
		require.Empty(t, b.Pending(), "an exit's loans are left unsettled")
		b.Each(func(s *loan.State) {
			if s.Status == loan.StatusActive {
				outstanding = outstanding.Add(s.Outstanding())
			} else {
				require.Truef(t, s.Outstanding().IsZero(), "%s is %s with %s outstanding", s.ID, s.Status, s.Outstanding())
			}
		})
	}))

	require.NoError(t, w.svc.Ledger(w.ctx, propCoop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		var postable, cash []string
		for _, a := range b.State.Chart.Accounts() {
			if !a.Heading {
				postable = append(postable, a.Code)
			}
			if a.Cash {
				cash = append(cash, a.Code)
			}
		}
		lent := money.Zero()
		for on := propStart.AddDays(-1); !on.After(last); on = on.AddDays(1) {
			if c, ok := changes[on]; ok {
				lent = lent.Add(c)
			}
			for _, closing := range []bool{true, false} {
				debit, credit := money.Zero(), money.Zero()
				for _, code := range postable {
					d, c := b.Totals(code, generalledger.Filter{To: on, Closing: closing})
					debit, credit = debit.Add(d), credit.Add(c)
				}
				require.Truef(t, debit.Equal(credit), "trial balance on %s (closing entries %v): debit %s, credit %s", on, closing, debit, credit)
			}
			f := generalledger.Filter{To: on, Closing: true}
			gl := b.Balance(loansAccount, f)
			require.Truef(t, gl.Equal(lent), "on %s %s holds %s; the loans' events say %s lent and not repaid or written off\n%s", on, loansAccount, gl, lent, w.recent())
			require.Falsef(t, gl.IsNegative(), "%s is %s on %s", loansAccount, gl, on)
			require.Truef(t, b.Balance(clearingAccount, f).IsZero(), "%s holds %s on %s", clearingAccount, b.Balance(clearingAccount, f), on)
			require.Falsef(t, b.Balance(allowanceAccount, f).IsNegative(), "%s is %s on %s", allowanceAccount, b.Balance(allowanceAccount, f), on)
			for _, code := range cash {
				balance := b.Balance(code, f)
				require.Falsef(t, balance.IsNegative(), "%s is %s at the end of %s", code, balance, on)
				low := b.Lowest(code, on)
				require.Falsef(t, low.IsNegative(), "%s: lowest balance from %s on is %s", code, on, low)
			}
		}
		end := b.Balance(loansAccount, generalledger.Filter{To: calendar.MustNew(9999, 12, 31), Closing: true})
		require.Truef(t, end.Equal(outstanding), "%s holds %s; the loan book's active loans owe %s of principal", loansAccount, end, outstanding)
	}))
}
