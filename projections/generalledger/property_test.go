package generalledger_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// The property test runs random but valid command sequences through a
// real Service on a real SQLite file and then checks, for every date of
// the books, that the trial balance balances, that the members' savings
// agree with their accounts in the general ledger, and that no cash
// account is ever below zero; and that the projection is the same
// whether kept live, restored from a snapshot, rebuilt from the log or
// caught up by a service.

const (
	propCoop  cooperative.ID = "kop-properti"
	propActor app.Actor      = "bendahara"
	kas                      = "1-1100"
	bank                     = "1-1200"
	bri                      = "1-1250" // a bank account added to the chart
	pokokFee                 = 50_000
)

// propStart is the cooperative's registration date: the sequence runs
// across a year end, so that the year can be closed.
var propStart = calendar.MustNew(2024, time.August, 1)

func TestLedgerPropertiesOverRandomCommandSequences(t *testing.T) {
	seeds, commands := 20, 150
	if testing.Short() {
		seeds = 4
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, seed)
			for range commands {
				w.step()
			}
			w.verify()
		})
	}
}

// world is one sequence: the service under test and a model of what was
// recorded, so that the generator issues commands that may succeed.
type world struct {
	t     *testing.T
	ctx   context.Context
	rng   *rand.Rand
	path  string
	store *sqlite.Store
	svc   *app.Service
	today calendar.Date

	members    []*memberModel
	admitted   int
	refs       []*recorded
	closed     map[ledger.Month]bool
	closedYear map[int]bool
	seq        int
	bri        bool // whether the BRI account has been added

	// live is a projection advanced after every command, as a service
	// keeps its own.
	live   *generalledger.Projection
	liveAt eventstore.Position
	pr     *projector.Projector

	history []string // the commands issued, for failure messages
	done    map[string]int
}

type memberModel struct {
	id       member.ID
	admitted calendar.Date
	last     calendar.Date // the latest effective date of a transaction
	active   bool
	pokok    bool // pokok paid and not reversed
}

// recorded is a transaction that may be reversed: a member's deposit or
// withdrawal, or a journal entry (member nil).
type recorded struct {
	ref      string
	on       calendar.Date
	member   *memberModel
	pokok    bool
	reversed bool
}

func newWorld(t *testing.T, seed uint64) *world {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	w := &world{
		t: t, ctx: ctx, rng: rand.New(rand.NewPCG(seed, 0x6c756d62756e67)), path: path, store: store, today: propStart,
		closed: map[ledger.Month]bool{}, closedYear: map[int]bool{}, live: generalledger.New(), done: map[string]int{},
		pr: projector.New(store, nil),
	}
	// Each command appends a few events: small pages keep the reads cheap.
	w.pr.PageSize = 64
	w.svc = app.New(store, app.Options{Clock: w.clock})
	_, err = w.svc.Register(ctx, propActor, cooperative.Register{
		Coop: propCoop, Name: "Koperasi Properti", On: propStart,
		Policy: policy.Default(money.New(pokokFee), money.New(10_000)),
	})
	require.NoError(t, err)
	w.advanceLive()
	return w
}

// clock is 10:00 in Jakarta on the world's today.
func (w *world) clock() time.Time {
	y, m, d := w.today.Civil()
	return time.Date(y, m, d, 3, 0, 0, 0, time.UTC)
}

func (w *world) ref(prefix string) string {
	w.seq++
	return fmt.Sprintf("%s-%04d", prefix, w.seq)
}

// back returns a date up to n days before today, not before notBefore.
func (w *world) back(n int, notBefore calendar.Date) calendar.Date {
	on := w.today.AddDays(-w.rng.IntN(n + 1))
	if on.Before(notBefore) {
		return notBefore
	}
	return on
}

func later(a, b calendar.Date) calendar.Date {
	if a.After(b) {
		return a
	}
	return b
}

// thousands returns a random amount of 1,000 to n thousand rupiah.
func (w *world) thousands(n int) money.Amount { return money.New(1000 * int64(1+w.rng.IntN(n))) }

func (w *world) via(bankPercent int) []app.Via {
	switch r := w.rng.IntN(100); {
	case w.bri && r < 15:
		return []app.Via{bri}
	case r < bankPercent:
		return []app.Via{bank}
	case r < bankPercent+20:
		return []app.Via{kas}
	}
	return nil
}

func (w *world) activeMember() *memberModel {
	var active []*memberModel
	for _, m := range w.members {
		if m.active {
			active = append(active, m)
		}
	}
	if len(active) == 0 {
		return nil
	}
	return active[w.rng.IntN(len(active))]
}

// lastPosition returns the position of the last event of the log.
func (w *world) lastPosition() eventstore.Position {
	page, err := w.store.ReadAll(w.ctx, eventstore.End, eventstore.Backwards, 1)
	require.NoError(w.t, err)
	if len(page) == 0 {
		return eventstore.Start
	}
	return page[0].Position
}

// refusal reports whether err is a refusal the generator may provoke:
// the random sequence does not track cash, savings available on a
// backdated day, closed months or the order of an exit's transactions.
func refusal(err error) bool {
	var cash *ledger.InsufficientCashError
	var funds *savings.InsufficientFundsError
	var period *ledger.ClosedPeriodError
	var laterTx *member.LaterTransactionsError
	var batch app.JournalErrors
	if errors.As(err, &batch) {
		for _, e := range batch {
			if !refusal(e.Err) {
				return false
			}
		}
		return len(batch) > 0
	}
	return errors.As(err, &cash) || errors.As(err, &funds) || errors.As(err, &period) ||
		errors.As(err, &laterTx) || errors.Is(err, cooperative.ErrYearClosed)
}

// run issues one command. A refusal must write nothing; any other error
// fails the test.
func (w *world) run(desc string, cmd func() (app.Result, error)) (app.Result, bool) {
	w.t.Helper()
	before := w.lastPosition()
	res, err := cmd()
	if err != nil {
		w.history = append(w.history, desc+" -> "+err.Error())
		if !refusal(err) {
			w.t.Fatalf("%s: unexpected error %T: %v\n%s", desc, err, err, w.recent())
		}
		require.Equal(w.t, before, w.lastPosition(), "%s was refused (%v) but wrote to the log", desc, err)
		w.done["refused "+strings.Fields(desc)[0]]++
		return res, false
	}
	w.history = append(w.history, desc)
	w.done[strings.Fields(desc)[0]]++
	w.advanceLive()
	return res, true
}

func (w *world) recent() string {
	h := w.history
	if len(h) > 25 {
		h = h[len(h)-25:]
	}
	return "last commands:\n  " + strings.Join(h, "\n  ")
}

func (w *world) advanceLive() {
	n, at, err := w.pr.Advance(w.ctx, w.live, w.liveAt)
	require.NoError(w.t, err)
	if n > 0 {
		w.liveAt = at
	}
}

// step issues one random command and lets some days pass.
func (w *world) step() {
	switch r := w.rng.IntN(100); {
	case r < 10 || w.activeMember() == nil:
		w.admit()
	case r < 35:
		w.deposit()
	case r < 50:
		w.withdraw()
	case r < 68:
		w.journal()
	case r < 76:
		w.reverse()
	case r < 79:
		w.exit()
	case r < 88:
		w.closePeriod()
	case r < 92:
		w.reopenPeriod()
	case r < 95:
		w.addAccountOrJournals()
	default:
		w.closeYear()
	}
	if w.rng.IntN(2) == 0 {
		w.today = w.today.AddDays(1 + w.rng.IntN(5))
	}
}

func (w *world) admit() {
	id := member.ID(fmt.Sprintf("M-%03d", w.admitted+1))
	on := w.back(10, propStart)
	pay := w.rng.IntN(10) < 7
	ref := w.ref("ADM")
	through := w.via(30)
	_, ok := w.run(fmt.Sprintf("admit %s on %s pokok=%v via %v", id, on, pay, through), func() (app.Result, error) {
		return w.svc.Admit(w.ctx, propActor, propCoop, id, "Anggota "+string(id), on, ref, pay, through...)
	})
	if !ok {
		return
	}
	w.admitted++
	m := &memberModel{id: id, admitted: on, last: on, active: true, pokok: pay}
	w.members = append(w.members, m)
	if pay {
		w.refs = append(w.refs, &recorded{ref: app.PokokRef(ref), on: on, member: m, pokok: true})
	}
}

func (w *world) deposit() {
	m := w.activeMember()
	on := w.back(20, m.admitted)
	var p savings.Product
	var amount money.Amount
	switch {
	case !m.pokok && w.rng.IntN(3) == 0:
		p, amount = savings.Pokok, money.New(pokokFee)
	case w.rng.IntN(2) == 0:
		p, amount = savings.Wajib, money.New(10_000*int64(1+w.rng.IntN(3)))
	default:
		p, amount = savings.Sukarela, w.thousands(500)
	}
	ref := w.ref("DEP")
	through := w.via(30)
	_, ok := w.run(fmt.Sprintf("deposit %s %s %s on %s via %v", m.id, p, amount, on, through), func() (app.Result, error) {
		return w.svc.Deposit(w.ctx, propActor, propCoop, m.id, p, amount, on, ref, through...)
	})
	if !ok {
		return
	}
	m.last = later(m.last, on)
	m.pokok = m.pokok || p == savings.Pokok
	w.refs = append(w.refs, &recorded{ref: ref, on: on, member: m, pokok: p == savings.Pokok})
}

func (w *world) withdraw() {
	m := w.activeMember()
	on := w.back(15, m.admitted)
	st, err := w.svc.Member(w.ctx, propCoop, m.id)
	require.NoError(w.t, err)
	available := st.Account(savings.Sukarela).Available(on)
	var amount money.Amount
	if thousands := available.Decimal().IntPart() / 1000; thousands > 0 && w.rng.IntN(5) != 0 {
		amount = w.thousands(int(thousands))
	} else {
		amount = w.thousands(200) // may exceed what is available: refused
	}
	ref := w.ref("WD")
	through := w.via(25)
	_, ok := w.run(fmt.Sprintf("withdraw %s %s on %s (available %s) via %v", m.id, amount, on, available, through), func() (app.Result, error) {
		return w.svc.Withdraw(w.ctx, propActor, propCoop, m.id, savings.Sukarela, amount, on, ref, through...)
	})
	if !ok {
		return
	}
	m.last = later(m.last, on)
	w.refs = append(w.refs, &recorded{ref: ref, on: on, member: m})
}

func (w *world) journal() {
	j := w.newJournal()
	if _, ok := w.run(fmt.Sprintf("journal %s %q %s on %s", j.Ref, j.Memo, j.Lines[0].Amount, j.On), func() (app.Result, error) {
		return w.svc.PostJournal(w.ctx, propActor, propCoop, "", j)
	}); ok {
		w.refs = append(w.refs, &recorded{ref: j.Ref, on: j.On})
	}
}

// addAccountOrJournals adds a bank account to the chart, once, and
// otherwise posts a few journal entries all or nothing.
func (w *world) addAccountOrJournals() {
	if !w.bri {
		a := ledger.Account{Code: bri, Name: "Bank BRI", Class: ledger.Asset, Group: "1-1", Cash: true}
		if _, ok := w.run("add-account "+bri, func() (app.Result, error) {
			return w.svc.AddAccount(w.ctx, propActor, propCoop, a)
		}); ok {
			w.bri = true
		}
		return
	}
	entries := make([]app.Journal, 1+w.rng.IntN(3))
	refs := make([]string, len(entries))
	for i := range entries {
		entries[i] = w.newJournal()
		refs[i] = entries[i].Ref
	}
	if _, ok := w.run(fmt.Sprintf("journals %v", refs), func() (app.Result, error) {
		_, err := w.svc.PostJournals(w.ctx, propActor, propCoop, entries, false)
		return app.Result{}, err
	}); ok {
		for _, j := range entries {
			w.refs = append(w.refs, &recorded{ref: j.Ref, on: j.On})
		}
	}
}

func (w *world) newJournal() app.Journal {
	amount := w.thousands(300)
	var memo string
	var lines []ledger.Line
	debit := func(code string) ledger.Line { return ledger.Line{Account: code, Side: ledger.Debit, Amount: amount} }
	credit := func(code string) ledger.Line { return ledger.Line{Account: code, Side: ledger.Credit, Amount: amount} }
	switch w.rng.IntN(8) {
	case 0:
		memo, lines = "gaji karyawan", []ledger.Line{debit("5-3100"), credit(kas)}
	case 1:
		amount = w.thousands(20)
		memo, lines = "jasa giro", []ledger.Line{debit(bank), credit("4-2100")}
	case 2:
		income := credit("4-9100")
		income.Party = ledger.NonMember
		memo, lines = "sewa tenda ke non-anggota", []ledger.Line{debit(kas), income}
	case 3:
		memo, lines = "setor kas ke bank", []ledger.Line{debit(bank), credit(kas)}
	case 4:
		memo, lines = "tarik bank ke kas", []ledger.Line{debit(kas), credit(bank)}
	case 5:
		sale := credit("4-3100")
		sale.Unit, sale.Party = "toko", ledger.Member
		cash := debit(kas)
		cash.Unit = "toko"
		memo, lines = "penjualan toko", []ledger.Line{cash, sale}
	case 7:
		to := bank
		if w.bri {
			to = bri
		}
		memo, lines = "setor kas ke "+to, []ledger.Line{debit(to), credit(kas)}
	default:
		// Two expenses paid from kas and bank in one entry.
		half := money.New(amount.Decimal().IntPart() / 2000 * 1000)
		rest := amount.Sub(half)
		memo = "listrik dan biaya bank"
		lines = []ledger.Line{
			{Account: "5-3500", Side: ledger.Debit, Amount: amount},
			{Account: kas, Side: ledger.Credit, Amount: rest},
		}
		if half.IsPositive() {
			lines = append(lines, ledger.Line{Account: bank, Side: ledger.Credit, Amount: half})
		} else {
			lines[1].Amount = amount
		}
	}
	return app.Journal{Ref: w.ref("JU"), Memo: memo, On: w.back(25, propStart), Lines: lines}
}

func (w *world) reverse() {
	var open []*recorded
	for _, r := range w.refs {
		if !r.reversed && (r.member == nil || r.member.active) {
			open = append(open, r)
		}
	}
	if len(open) == 0 {
		w.deposit()
		return
	}
	r := open[w.rng.IntN(len(open))]
	var on calendar.Date // the original's date
	if w.rng.IntN(5) < 2 {
		on = w.back(10, r.on)
	}
	if _, ok := w.run(fmt.Sprintf("reverse %s (of %s) on %s", r.ref, r.on, on), func() (app.Result, error) {
		return w.svc.Reverse(w.ctx, propActor, propCoop, r.ref, "salah catat", on)
	}); !ok {
		return
	}
	r.reversed = true
	if m := r.member; m != nil {
		m.last = later(m.last, later(on, r.on))
		if r.pokok {
			m.pokok = false
		}
	}
}

func (w *world) exit() {
	m := w.activeMember()
	on := later(m.last, w.back(5, m.admitted))
	through := w.via(20)
	if _, ok := w.run(fmt.Sprintf("exit %s on %s via %v", m.id, on, through), func() (app.Result, error) {
		return w.svc.Exit(w.ctx, propActor, propCoop, m.id, on, w.ref("EXIT"), "pindah domisili", "", through...)
	}); ok {
		m.active = false
	}
}

// ended lists the months from the registration's to last month.
func (w *world) ended() []ledger.Month {
	var out []ledger.Month
	for m := ledger.MonthOf(propStart); m.Before(ledger.MonthOf(w.today)); m = ledger.MonthOf(m.Last().AddDays(1)) {
		out = append(out, m)
	}
	return out
}

func (w *world) closePeriod() {
	var open []ledger.Month
	for _, m := range w.ended() {
		if !w.closed[m] {
			open = append(open, m)
		}
	}
	if len(open) == 0 {
		w.journal()
		return
	}
	m := open[0]
	if w.rng.IntN(10) < 3 {
		m = open[w.rng.IntN(len(open))]
	}
	if _, ok := w.run("close-period "+m.String(), func() (app.Result, error) {
		return w.svc.ClosePeriod(w.ctx, propActor, propCoop, m)
	}); ok {
		w.closed[m] = true
	}
}

func (w *world) reopenPeriod() {
	var closed []ledger.Month
	for m, c := range w.closed {
		if c {
			closed = append(closed, m)
		}
	}
	if len(closed) == 0 {
		w.withdraw()
		return
	}
	slices.SortFunc(closed, func(a, b ledger.Month) int {
		if a.Before(b) {
			return -1
		}
		if b.Before(a) {
			return 1
		}
		return 0
	})
	m := closed[w.rng.IntN(len(closed))]
	decision := w.ref("RAPAT")
	if _, ok := w.run("reopen-period "+m.String()+" by "+decision, func() (app.Result, error) {
		return w.svc.ReopenPeriod(w.ctx, propActor, propCoop, m, decision, "koreksi jurnal")
	}); ok {
		w.closed[m] = false
	}
}

// closeYear closes every month of last year and then the year.
func (w *world) closeYear() {
	year := w.today.Year() - 1
	if year < propStart.Year() || w.closedYear[year] {
		w.deposit()
		return
	}
	for month := time.January; month <= time.December; month++ {
		m := ledger.Month{Year: year, Month: month}
		if _, ok := w.run("close-period "+m.String()+" for the year", func() (app.Result, error) {
			return w.svc.ClosePeriod(w.ctx, propActor, propCoop, m)
		}); ok {
			w.closed[m] = true
		}
	}
	res, ok := w.run(fmt.Sprintf("close-year %d", year), func() (app.Result, error) {
		return w.svc.CloseYear(w.ctx, propActor, propCoop, year)
	})
	require.True(w.t, ok)
	require.Len(w.t, res.Events, 1)
	closing, isClose := res.Events[0].Payload.(cooperative.YearClosed)
	require.True(w.t, isClose, "close-year wrote %T", res.Events[0].Payload)
	require.Equal(w.t, calendar.MustNew(year, time.December, 31), closing.On)
	w.closedYear[year] = true
}

// verify checks the properties on the log the sequence left.
func (w *world) verify() {
	t, ctx := w.t, w.ctx
	last := w.today.AddDays(5)
	t.Logf("up to %s: %v", w.today, w.done)

	// The same log folds to the same bytes: live, rebuilt, restored from
	// the live one's snapshot, and caught up by a fresh service from the
	// snapshot the first service saved.
	liveBytes, err := w.live.MarshalBinary()
	require.NoError(t, err)
	rebuilt := generalledger.New()
	_, err = projector.New(w.store, nil).Rebuild(ctx, rebuilt)
	require.NoError(t, err)
	rebuiltBytes, err := rebuilt.MarshalBinary()
	require.NoError(t, err)
	require.True(t, string(liveBytes) == string(rebuiltBytes), "the live projection and one rebuilt from the log encode differently")
	restored := generalledger.New()
	require.NoError(t, restored.UnmarshalBinary(liveBytes))
	restoredBytes, err := restored.MarshalBinary()
	require.NoError(t, err)
	require.True(t, string(liveBytes) == string(restoredBytes), "a restored projection encodes differently")

	second := app.New(w.store, app.Options{Clock: w.clock})
	var secondAnswers []string
	require.NoError(t, second.Ledger(ctx, propCoop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		secondAnswers = w.answers(b, last)
	}))
	snap, ok, err := w.store.LoadSnapshot(ctx, generalledger.Name)
	require.NoError(t, err)
	require.True(t, ok, "no snapshot of the general ledger was saved")
	require.Equal(t, w.lastPosition(), snap.Position, "the service's snapshot is not at the end of the log")
	payload, err := projector.SnapshotPayload(snap)
	require.NoError(t, err)
	require.True(t, string(payload) == string(rebuiltBytes), "the service's caught-up projection encodes differently from a rebuild")

	// Every form answers every question the same way.
	liveBooks, ok := w.live.Books(string(propCoop))
	require.True(t, ok)
	want := w.answers(liveBooks, last)
	for name, p := range map[string]*generalledger.Projection{"rebuilt": rebuilt, "restored": restored} {
		b, ok := p.Books(string(propCoop))
		require.True(t, ok)
		requireSameAnswers(t, name, want, w.answers(b, last))
	}
	requireSameAnswers(t, "second service", want, secondAnswers)

	bal := balances.New()
	_, err = projector.New(w.store, nil).Rebuild(ctx, bal)
	require.NoError(t, err)

	require.NoError(t, w.svc.Ledger(ctx, propCoop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		requireSameAnswers(t, "service", want, w.answers(b, last))
		w.checkEveryDay(b, bal, last)
		w.checkClosedYears(b)
	}))

	// Each member's row agrees with the member's stream.
	for _, m := range w.members {
		st, err := w.svc.Member(ctx, propCoop, m.id)
		require.NoError(t, err)
		row, ok := bal.Member(string(propCoop), string(m.id), last)
		require.True(t, ok)
		for p, got := range map[savings.Product]money.Amount{savings.Pokok: row.Pokok, savings.Wajib: row.Wajib, savings.Sukarela: row.Sukarela} {
			require.Truef(t, got.Equal(st.Account(p).Balance()), "%s %s: projection %s, stream %s", m.id, p, got, st.Account(p).Balance())
		}
	}
}

// checkEveryDay checks the day-by-day properties from the registration
// to last.
func (w *world) checkEveryDay(b *generalledger.Books, bal *balances.Projection, last calendar.Date) {
	t := w.t
	var postable, cash []string
	for _, a := range b.State.Chart.Accounts() {
		if !a.Heading {
			postable = append(postable, a.Code)
		}
		if a.Cash {
			cash = append(cash, a.Code)
		}
	}
	require.Equal(t, w.bri, slices.Contains(cash, bri))
	for on := propStart.AddDays(-1); !on.After(last); on = on.AddDays(1) {
		for _, closing := range []bool{true, false} {
			debit, credit := money.Zero(), money.Zero()
			f := generalledger.Filter{To: on, Closing: closing}
			for _, code := range postable {
				d, c := b.Totals(code, f)
				debit, credit = debit.Add(d), credit.Add(c)
			}
			require.Truef(t, debit.Equal(credit), "trial balance on %s (closing entries %v): debit %s, credit %s", on, closing, debit, credit)
		}

		f := generalledger.Filter{To: on, Closing: true}
		rep := bal.Balances(string(propCoop), on)
		for _, c := range []struct {
			code    string
			members money.Amount
		}{{"2-1100", rep.Totals.Sukarela}, {"3-1100", rep.Totals.Pokok}, {"3-1200", rep.Totals.Wajib}} {
			gl := b.Balance(c.code, f)
			require.Truef(t, gl.Equal(c.members), "on %s: members' savings sum to %s, account %s holds %s", on, c.members, c.code, gl)
		}

		for _, code := range cash {
			balance := b.Balance(code, f)
			require.Falsef(t, balance.IsNegative(), "%s is %s at the end of %s", code, balance, on)
			low := b.Lowest(code, on)
			require.Falsef(t, low.IsNegative(), "%s: lowest balance from %s on is %s", code, on, low)
		}
	}
}

// checkClosedYears checks that a closed year's revenue and expense
// accounts are zero with the closing entries, and that the closing
// entries moved the year's result to SHU tahun berjalan.
func (w *world) checkClosedYears(b *generalledger.Books) {
	t := w.t
	for year := range w.closedYear {
		f := generalledger.Filter{From: calendar.MustNew(year, 1, 1), To: calendar.MustNew(year, 12, 31), Closing: true}
		result := money.Zero()
		for _, a := range b.State.Chart.Accounts() {
			if a.Heading || (a.Class != ledger.Revenue && a.Class != ledger.Expense) {
				continue
			}
			d, c := b.Totals(a.Code, f)
			require.Truef(t, d.Equal(c), "%s after closing %d: debit %s, credit %s", a.Code, year, d, c)
			open := f
			open.Closing = false
			d, c = b.Totals(a.Code, open)
			result = result.Add(c.Sub(d))
		}
		require.Truef(t, b.Balance("3-5100", f).Equal(result), "SHU tahun berjalan of %d is %s, the year's result %s", year, b.Balance("3-5100", f), result)
		require.Empty(t, b.YearResults(year+1000), "a year without postings has no results")
	}
}

// answers lists what the books say on a sample of dates: every account's
// totals with and without closing entries, by unit and party, its cash
// flows, the cash accounts' lowest balances, and each year's results.
func (w *world) answers(b *generalledger.Books, last calendar.Date) []string {
	var out []string
	out = append(out, fmt.Sprintf("postings %d entries %d", b.Postings, b.Entries))
	out = append(out, fmt.Sprintf("periods %v years %v", b.State.Periods.Closed(), b.State.ClosedYears))
	var dates []calendar.Date
	for on := propStart.AddDays(-1); !on.After(last); on = on.AddDays(3) {
		dates = append(dates, on)
	}
	dates = append(dates, last)
	for _, a := range b.State.Chart.Accounts() {
		parts := b.Parts(a.Code)
		if len(parts) == 0 {
			d, c := b.Totals(a.Code, generalledger.Filter{To: last, Closing: true})
			in, outflow := b.Flows(a.Code, generalledger.Filter{To: last})
			out = append(out, fmt.Sprintf("%s empty %s %s %s %s", a.Code, d, c, in, outflow))
			continue
		}
		for i, on := range dates {
			var from calendar.Date
			if i > 10 {
				from = dates[i-10]
			}
			for _, closing := range []bool{true, false} {
				d, c := b.Totals(a.Code, generalledger.Filter{From: from, To: on, Closing: closing})
				out = append(out, fmt.Sprintf("%s %s..%s closing=%v: %s %s", a.Code, from, on, closing, d, c))
			}
			for _, p := range parts {
				f := generalledger.Filter{Unit: p.Unit, Parties: []ledger.Party{p.Party}, To: on, Closing: true}
				out = append(out, fmt.Sprintf("%s %s/%s to %s: %s", a.Code, p.Unit, p.Party, on, b.Balance(a.Code, f)))
			}
			in, outflow := b.Flows(a.Code, generalledger.Filter{From: from, To: on})
			out = append(out, fmt.Sprintf("%s flows %s..%s: %s %s", a.Code, from, on, in, outflow))
			if a.Cash {
				out = append(out, fmt.Sprintf("%s lowest from %s: %s", a.Code, on, b.Lowest(a.Code, on)))
			}
		}
	}
	for year := propStart.Year(); year <= last.Year(); year++ {
		for _, l := range b.YearResults(year) {
			out = append(out, fmt.Sprintf("results %d: %s %s %s %s %s", year, l.Account, l.Side, l.Amount, l.Unit, l.Party))
		}
	}
	return out
}

func requireSameAnswers(t *testing.T, name string, want, got []string) {
	t.Helper()
	require.Equal(t, len(want), len(got), "the %s books answer a different number of questions", name)
	for i := range want {
		require.Equal(t, want[i], got[i], "the %s books answer differently", name)
	}
}
