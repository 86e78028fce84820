package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// TestConcurrentWithdrawals: 8 tellers withdraw from one member at once,
// asking for more than the balance in total. Money is never wrong: no
// overdraft, every refusal clean and with true figures, and the log holds
// exactly the withdrawals that were acknowledged.
func TestConcurrentWithdrawals(t *testing.T) {
	const (
		workers   = 8
		perWorker = 20
		amount    = 10_000
		deposited = 1_000_000
	)
	modes := []struct {
		name   string
		shared bool
		opt    app.Options
	}{
		{"one shared service", true, app.Options{}},
		{"one service per goroutine", false, app.Options{}},
		// The same race with retries enough to rule starvation out, so
		// that correctness is checked even where liveness is not.
		{"one service per goroutine, generous retries", false, app.Options{MaxRetries: 1000}},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			store, svc, _ := setup(t, app.Options{})
			ctx := context.Background()
			admit(t, svc, "A-1", "ADM-1", true)
			deposit(t, svc, "A-1", savings.Sukarela, deposited, "D-1")

			services := make([]*app.Service, workers)
			for i := range services {
				if mode.shared {
					services[i] = svc
				} else {
					services[i] = newService(store, mode.opt)
					// Warm its cache, so that it decides on state other
					// writers make stale.
					memberState(t, services[i], "A-1")
				}
			}

			var (
				mu        sync.Mutex
				succeeded = map[string]bool{}
				problems  []string
				conflicts []string // the retries ran out
				refusals  atomic.Int64
				wg        sync.WaitGroup
				start     = make(chan struct{})
			)
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					for i := range perWorker {
						ref := fmt.Sprintf("W-%d-%02d", w, i)
						res, err := services[w].Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(amount), today, ref)
						var ie *savings.InsufficientFundsError
						switch {
						case err == nil:
							mu.Lock()
							if len(res.Events) != 1 || res.Repeated {
								problems = append(problems, fmt.Sprintf("%s: result %+v", ref, res))
							}
							succeeded[ref] = true
							mu.Unlock()
						case errors.As(err, &ie):
							refusals.Add(1)
							// The figures must be true ones: nothing below
							// zero, and too little for one more withdrawal.
							if ie.Available.IsNegative() || ie.Balance.IsNegative() ||
								ie.Available.Cmp(money.New(amount)) >= 0 || !ie.Requested.Equal(money.New(amount)) {
								mu.Lock()
								problems = append(problems, fmt.Sprintf("%s: refusal with figures %v", ref, err))
								mu.Unlock()
							}
						case errors.Is(err, eventstore.ErrWrongExpectedRevision):
							mu.Lock()
							conflicts = append(conflicts, fmt.Sprintf("%s: %v", ref, err))
							mu.Unlock()
						default:
							mu.Lock()
							problems = append(problems, fmt.Sprintf("%s: %v", ref, err))
							mu.Unlock()
						}
					}
				}()
			}
			close(start)
			wg.Wait()
			require.Empty(t, problems)

			successes := int64(len(succeeded))
			require.Equal(t, int64(workers*perWorker), successes+refusals.Load()+int64(len(conflicts)))
			final := balance(t, newService(store, app.Options{}), "A-1", savings.Sukarela)
			require.LessOrEqual(t, successes*amount, int64(deposited))
			requireAmount(t, deposited-successes*amount, final)
			requireAmount(t, deposited-successes*amount, balance(t, svc, "A-1", savings.Sukarela))
			if len(conflicts) == 0 {
				// A refusal is decided on the latest state, and withdrawals
				// only lower the balance: once one is refused, the balance
				// is below one withdrawal for good, so all of it was paid
				// out.
				requireAmount(t, 0, final)
			}

			stream := codec.MemberStream(string(testCoop), "A-1")
			recs, err := store.ReadStream(ctx, stream, eventstore.FirstRevision, eventstore.Forwards, eventstore.MaxReadCount)
			require.NoError(t, err)
			withdrawn := map[string]bool{}
			for i, rec := range recs {
				require.Equal(t, uint64(i), rec.Revision)
				if rec.Type != "SavingsWithdrawn" {
					continue
				}
				e, err := codec.Events().Decode(rec)
				require.NoError(t, err)
				w := e.Payload.(savings.Withdrawn)
				requireAmount(t, amount, w.Amount)
				require.False(t, withdrawn[w.Ref], "ref %s withdrawn twice", w.Ref)
				withdrawn[w.Ref] = true
				require.Equal(t, app.EventID(string(testCoop), "ref:"+w.Ref), rec.ID)
			}
			require.Len(t, withdrawn, int(successes), "SavingsWithdrawn events")
			require.Equal(t, succeeded, withdrawn, "the acknowledged withdrawals are exactly the stored ones")
			require.Len(t, recs, 3+int(successes))
			requireVerified(t, store)
			t.Logf("%d withdrawals, %d refusals, %d conflicts", successes, refusals.Load(), len(conflicts))
			require.Empty(t, conflicts, "with the default retries and their backoff, no writer gives up")
		})
	}
}

// TestConcurrentReadsDuringWrites: readers ask for a member's state while
// writers deposit to it through the same Service. Run with -race: a
// reader must never share state that a writer folds in place.
func TestConcurrentReadsDuringWrites(t *testing.T) {
	const (
		writers   = 4
		perWriter = 15
		readers   = 4
	)
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admit(t, svc, "A-1", "ADM-1", true)

	var (
		wg      sync.WaitGroup
		done    atomic.Bool
		mu      sync.Mutex
		errs    []error
		records = func(err error) {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				_, err := svc.Deposit(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(1_000), today, fmt.Sprintf("D-%d-%d", w, i))
				if err != nil {
					records(err)
				}
			}
		}()
	}
	var rg sync.WaitGroup
	for range readers {
		rg.Add(1)
		go func() {
			defer rg.Done()
			last := money.Zero()
			for !done.Load() {
				st, err := svc.Member(ctx, testCoop, "A-1")
				if err != nil {
					records(err)
					return
				}
				// Touch the whole state, as a passbook printer would.
				b := st.Account(savings.Sukarela).Balance()
				n := 0
				for range st.Account(savings.Sukarela).Entries() {
					n++
				}
				if b.Cmp(last) < 0 || !b.Equal(money.New(int64(n)*1_000)) {
					records(fmt.Errorf("reader saw balance %s after %s, with %d entries", b, last, n))
					return
				}
				last = b
			}
		}()
	}
	wg.Wait()
	done.Store(true)
	rg.Wait()
	require.Empty(t, errs)
	requireAmount(t, writers*perWriter*1_000, balance(t, newService(store, app.Options{}), "A-1", savings.Sukarela))
	requireVerified(t, store)
}

// raceStore lets another writer append just before a Service's append
// reaches the store: the narrowest race two processes can run.
type raceStore struct {
	eventstore.Store
	once   sync.Once
	before func()
}

func (s *raceStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, error) {
	s.once.Do(s.before)
	return s.Store.Append(ctx, stream, expected, events)
}

// TestConcurrentSameRefDifferentAmounts: two tellers record a deposit under
// the same reference with different amounts at the same moment. One is
// recorded; the other must be refused, not told that its amount was
// recorded.
func TestConcurrentSameRefDifferentAmounts(t *testing.T) {
	store, svc1, _ := setup(t, app.Options{})
	ctx := context.Background()
	admit(t, svc1, "A-1", "ADM-1", true)
	racer := &raceStore{Store: store, before: func() {
		deposit(t, svc1, "A-1", savings.Sukarela, 100_000, "D-5")
	}}
	svc2 := newService(racer, app.Options{})
	before := allEvents(t, store)

	res, err := svc2.Deposit(ctx, "teller-2", testCoop, "A-1", savings.Sukarela, money.New(200_000), today, "D-5")
	after := allEvents(t, store)
	require.Len(t, after, len(before)+1, "exactly svc1's deposit was written")
	requireAmount(t, 100_000, balance(t, newService(store, app.Options{}), "A-1", savings.Sukarela))
	require.Error(t, err, "svc2's D-5 is another command, not a retry of svc1's: result %+v", res)
	var dup *member.DuplicateRefError
	require.ErrorAs(t, err, &dup)
	assert.Equal(t, "D-5", dup.Ref)
	assert.Equal(t, member.ID("A-1"), dup.Member)
	requireVerified(t, store)
}

// TestConcurrentSameCommandKeepsTheChain: two tellers record the same
// deposit (same reference, amount and date) at the same moment. The store
// holds the first; the second carries the same event id but was sealed by
// another actor at another instant, so it is not a retry of the first: it
// must come back as already recorded, and the second teller's next deposit
// must chain onto the hash that is stored.
func TestConcurrentSameCommandKeepsTheChain(t *testing.T) {
	store, svc1, _ := setup(t, app.Options{})
	ctx := context.Background()
	admit(t, svc1, "A-1", "ADM-1", true)
	racer := &raceStore{Store: store, before: func() {
		deposit(t, svc1, "A-1", savings.Sukarela, 100_000, "D-7")
	}}
	svc2 := newService(racer, app.Options{})
	_, err := svc2.Member(ctx, testCoop, "A-1") // svc2 caches the member before svc1's deposit
	require.NoError(t, err)

	res, err := svc2.Deposit(ctx, "teller-2", testCoop, "A-1", savings.Sukarela, money.New(100_000), today, "D-7")
	require.NoError(t, err)
	assert.True(t, res.Repeated, "the deposit was recorded by the first teller")
	_, err = svc2.Deposit(ctx, "teller-2", testCoop, "A-1", savings.Sukarela, money.New(50_000), today, "D-8")
	require.NoError(t, err)
	requireVerified(t, store)
	requireAmount(t, 150_000, balance(t, newService(store, app.Options{}), "A-1", savings.Sukarela))
}

// TestCooperativeReadsSeeWhatWasAcknowledgedBefore: readers of one
// process share their reads of the cooperative's stream while another
// process changes it. Every read sees every change acknowledged before
// the read began: a reader never gets a read that started before it
// asked.
func TestCooperativeReadsSeeWhatWasAcknowledgedBefore(t *testing.T) {
	const (
		changes = 25
		readers = 8
	)
	_, svc, path := setup(t, app.Options{})
	other := newService(openStore(t, path), app.Options{})
	ctx := context.Background()
	st, err := svc.Cooperative(ctx, testCoop)
	require.NoError(t, err)
	base := len(st.Chart.Units())

	var acknowledged atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range changes {
			_, err := other.AddUnit(ctx, testActor, testCoop, ledger.Unit{Code: fmt.Sprintf("u%02d", i), Name: fmt.Sprintf("Unit %d", i)})
			if !assert.NoError(t, err) {
				return
			}
			acknowledged.Add(1)
		}
	})
	var reads atomic.Int64
	for range readers {
		wg.Go(func() {
			for acknowledged.Load() < changes {
				before := int(acknowledged.Load())
				st, err := svc.Cooperative(ctx, testCoop)
				if !assert.NoError(t, err) {
					return
				}
				if got := len(st.Chart.Units()) - base; got < before {
					assert.Failf(t, "a read missed a change", "%d units added before the read began, %d seen", before, got)
					return
				}
				reads.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Positive(t, reads.Load())
	st, err = svc.Cooperative(ctx, testCoop)
	require.NoError(t, err)
	assert.Len(t, st.Chart.Units(), base+changes)
}

// TestCommandOnAStaleCacheReadsWhatItMissed: a command decided on a
// cached state that another process has since extended is refused by the
// store, read again and decided again: both writes are in the log, once
// each, in one unbroken chain, and every balance counts both.
func TestCommandOnAStaleCacheReadsWhatItMissed(t *testing.T) {
	store, svc1, path := setup(t, app.Options{MaxRetries: 1})
	other := newService(openStore(t, path), app.Options{})
	admit(t, svc1, "A-1", "ADM-1", true)
	deposit(t, svc1, "A-1", savings.Sukarela, 100_000, "D-1") // svc1 caches the stream
	deposit(t, other, "A-1", savings.Sukarela, 50_000, "D-2")

	res := deposit(t, svc1, "A-1", savings.Sukarela, 25_000, "D-3")
	require.Len(t, res.Events, 1)
	requireAmount(t, 175_000, res.Balances[savings.Sukarela])
	requireAmount(t, 175_000, balance(t, svc1, "A-1", savings.Sukarela))
	requireAmount(t, 175_000, balance(t, other, "A-1", savings.Sukarela))
	evs, err := svc1.MemberEvents(context.Background(), testCoop, "A-1")
	require.NoError(t, err)
	assert.Len(t, evs, 5) // the admission, its pokok, D-1, D-2 and D-3
	requireVerified(t, store)
}

// TestRetryThroughAnotherProcessIsRecordedOnce: a teller's deposit,
// retried through another process whose cache has not seen it, is in the
// log once and counted once.
func TestRetryThroughAnotherProcessIsRecordedOnce(t *testing.T) {
	store, svc1, path := setup(t, app.Options{})
	other := newService(openStore(t, path), app.Options{Clock: func() time.Time { return fixedClock().Add(time.Minute) }})
	admit(t, svc1, "A-1", "ADM-1", true)
	requireAmount(t, 0, balance(t, other, "A-1", savings.Sukarela)) // other caches the stream
	deposit(t, svc1, "A-1", savings.Sukarela, 100_000, "D-5")
	before := allEvents(t, store)

	res := deposit(t, other, "A-1", savings.Sukarela, 100_000, "D-5")
	assert.True(t, res.Repeated)
	assert.Empty(t, res.Events)
	requireAmount(t, 100_000, res.Balances[savings.Sukarela])
	requireUnchanged(t, store, before)
	requireVerified(t, store)
}
