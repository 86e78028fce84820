package app_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

// The crash test runs its writer in a child process, this same test
// binary re-executed with these variables set.
const (
	crashPathEnv  = "LUMBUNG_CRASH_CHILD" // the store's file
	crashStartEnv = "LUMBUNG_CRASH_START" // the first operation to run
	crashSeedEnv  = "LUMBUNG_CRASH_SEED"  // set to replay a run's kill delays
)

// crashDeposit is one deposit an operation records.
type crashDeposit struct {
	member  member.ID
	product savings.Product
	amount  int64
	ref     string
}

// crashOp is operation n of the child's deterministic plan. Every
// operation is one append of one to five events: an admission with its
// pokok (two events in one Append), a single deposit, or a batch of
// deposits over two members' streams in one AppendBatch. Since the plan
// is deterministic, a child that starts again at an operation that was
// committed but not acknowledged repeats it, and must write nothing.
type crashOp struct {
	n        int
	admit    member.ID // set for an admission
	deposits []crashDeposit
	batch    bool
}

func crashMember(g int) member.ID { return member.ID(fmt.Sprintf("M-%d", g)) }

func crashPlan(n int) crashOp {
	g := n - n%4 // the operation that admitted this group's member
	op := crashOp{n: n}
	switch n % 4 {
	case 0:
		op.admit = crashMember(g)
	case 2:
		op.batch = true
		k := 1 + (n/4)%5
		for j := range k {
			d := crashDeposit{member: crashMember(g), product: savings.Sukarela, amount: int64(100*(j+1) + n), ref: fmt.Sprintf("C-%d-%d", n, j)}
			if j%2 == 1 {
				d.product = savings.Wajib
				if g >= 4 {
					d.member = crashMember(g - 4)
				}
			}
			op.deposits = append(op.deposits, d)
		}
	default:
		op.deposits = []crashDeposit{{member: crashMember(g), product: savings.Sukarela, amount: int64(1_000 * (n%50 + 1)), ref: fmt.Sprintf("C-%d", n)}}
	}
	return op
}

func (op crashOp) admitRef() string { return fmt.Sprintf("A-%d", op.n) }

// refs returns the references of every event the operation writes.
func (op crashOp) refs() []string {
	if op.admit != "" {
		return []string{op.admitRef(), app.PokokRef(op.admitRef())}
	}
	refs := make([]string, len(op.deposits))
	for i, d := range op.deposits {
		refs[i] = d.ref
	}
	return refs
}

// run carries the operation out through the Service and returns when it
// is acknowledged.
func (op crashOp) run(ctx context.Context, store eventstore.Store, svc *app.Service) error {
	switch {
	case op.admit != "":
		_, err := svc.Admit(ctx, testActor, testCoop, op.admit, "Anggota "+string(op.admit), today, op.admitRef(), true)
		return err
	case op.batch:
		// A fresh Service per batch: a Batch folds states of its own.
		b, err := newService(store, app.Options{}).NewBatch(ctx, testActor, testCoop)
		if err != nil {
			return err
		}
		var parts []eventstore.StreamAppend
		for _, d := range op.deposits {
			part, err := b.Decide(ctx, d.member, func(g member.Given) member.Command {
				return member.Deposit{Given: g, Product: d.product, Amount: money.New(d.amount), On: today, Ref: d.ref}
			})
			if err != nil {
				return err
			}
			if len(part.Events) > 0 {
				parts = append(parts, part)
			}
		}
		if len(parts) == 0 {
			return nil // committed before the last crash
		}
		if len(parts) != len(op.deposits) {
			return fmt.Errorf("batch %d: %d of %d parts already recorded: a partial batch is visible", op.n, len(op.deposits)-len(parts), len(op.deposits))
		}
		_, err = store.AppendBatch(ctx, func(yield func(eventstore.StreamAppend, error) bool) {
			for _, p := range parts {
				if !yield(p, nil) {
					return
				}
			}
		})
		return err
	default:
		d := op.deposits[0]
		_, err := svc.Deposit(ctx, testActor, testCoop, d.member, d.product, money.New(d.amount), today, d.ref)
		return err
	}
}

// TestCrashChild is the writer of TestCrashKill9: it runs the plan from
// the operation named in its environment until it is killed, printing
// "ACK <n> <ref>" for every reference of an operation only after the
// operation returned.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashPathEnv)
	if path == "" {
		t.Skip("the writer process of TestCrashKill9")
	}
	start, err := strconv.Atoi(os.Getenv(crashStartEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(2)
	}
	svc := newService(store, app.Options{})
	// Bounded, in case the parent dies without killing its child.
	deadline := time.Now().Add(20 * time.Second)
	for n := start; time.Now().Before(deadline); n++ {
		op := crashPlan(n)
		if err := op.run(ctx, store, svc); err != nil {
			fmt.Fprintf(os.Stderr, "crash child: operation %d: %v\n", n, err)
			os.Exit(3)
		}
		var b strings.Builder
		for _, ref := range op.refs() {
			fmt.Fprintf(&b, "ACK %d %s\n", n, ref)
		}
		// One write: the acknowledgements of one operation arrive whole.
		if _, err := os.Stdout.WriteString(b.String()); err != nil {
			os.Exit(4)
		}
	}
	os.Exit(5)
}

// crashRound runs one child from operation start, kills it with SIGKILL
// delay after its first acknowledgement, and returns every reference it
// acknowledged by operation, and the last acknowledged operation.
func crashRound(t *testing.T, path string, start int, delay time.Duration) (map[int][]string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.timeout=60s")
	cmd.Env = append(os.Environ(), crashPathEnv+"="+path, crashStartEnv+"="+strconv.Itoa(start))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	// fail reads the child's stderr only once it is gone: until then the
	// child's output is still being copied into it.
	fail := func(format string, args ...any) {
		t.Helper()
		cmd.Process.Kill()
		cmd.Wait()
		killed = true
		t.Fatalf(format+"; the child's stderr: %s", append(args, stderr.String())...)
	}

	lines := make(chan string, 1024)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()

	acked := map[int][]string{}
	last := start - 1
	record := func(line string) {
		var n int
		var ref string
		_, err := fmt.Sscanf(line, "ACK %d %s", &n, &ref)
		require.NoError(t, err, "child wrote %q", line)
		acked[n] = append(acked[n], ref)
		last = max(last, n)
	}
	select {
	case line, ok := <-lines:
		if !ok {
			fail("the child ended before acknowledging anything")
		}
		record(line)
	case <-time.After(10 * time.Second):
		fail("no acknowledgement from the child in 10 s")
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
wait:
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				fail("the child ended before it was killed")
			}
			record(line)
		case <-timer.C:
			break wait
		}
	}
	require.NoError(t, cmd.Process.Kill()) // SIGKILL on Linux
	killed = true
	// What the child wrote before it died is still acknowledged.
	for line := range lines {
		record(line)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "stderr: %s", stderr.String())
	require.False(t, exit.Exited(), "the child exited by itself (%v) instead of being killed: %s", err, stderr.String())
	return acked, last
}

// TestCrashKill9: events acknowledged to the writer survive kill -9, and
// no append is ever half visible.
func TestCrashKill9(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("kills a child process with SIGKILL; Linux only")
	}
	if os.Getenv(crashPathEnv) != "" {
		t.Skip("inside the child")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(crashSeedEnv); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	t.Logf("seed %d (replay the kill delays with %s=%d)", seed, crashSeedEnv, seed)
	rng := rand.New(rand.NewPCG(seed, 0x6c756d62756e67))

	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "l.db")
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	registerCoop(t, newService(store, app.Options{}))
	require.NoError(t, store.Close())

	const rounds = 5
	next := 0
	allAcked := map[int][]string{}
	for round := range rounds {
		delay := time.Duration(50+rng.IntN(351)) * time.Millisecond
		acked, last := crashRound(t, path, next, delay)
		for n, refs := range acked {
			allAcked[n] = append(allAcked[n], refs...)
		}
		committed := checkCrashedStore(t, path, allAcked, last)
		t.Logf("round %d: killed %v after the first acknowledgement; operations %d..%d acknowledged; %d committed in all",
			round, delay, next, last, committed)
		// Start again at the first operation not acknowledged: if it was
		// committed all the same, the child's repeat must write nothing.
		next = last + 1
	}
}

// checkCrashedStore opens the store a killed child left and checks it
// against the plan: every acknowledged operation is there whole, the one
// after may be there whole or not at all, nothing later is there, and the
// log verifies. It returns the number of operations committed.
func checkCrashedStore(t *testing.T, path string, acked map[int][]string, last int) int {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()
	rep := requireVerified(t, store)

	has := func(ref string) bool {
		_, err := store.FindEvent(ctx, app.EventID(string(testCoop), "ref:"+ref))
		if errors.Is(err, eventstore.ErrEventNotFound) {
			return false
		}
		require.NoError(t, err)
		return true
	}
	for n, refs := range acked {
		for _, ref := range refs {
			require.True(t, has(ref), "operation %d: acknowledged ref %s is lost", n, ref)
		}
	}

	type balances struct {
		admitted bool
		products map[savings.Product]int64
	}
	want := map[member.ID]*balances{}
	events := 2 // the cooperative's registration and its chart of accounts
	committed := 0
	for n := 0; n <= last+3; n++ {
		op := crashPlan(n)
		refs := op.refs()
		present := 0
		for _, ref := range refs {
			if has(ref) {
				present++
			}
		}
		require.True(t, present == 0 || present == len(refs), "operation %d: %d of its %d events are visible", n, present, len(refs))
		switch {
		case n <= last:
			require.Equal(t, len(refs), present, "operation %d was acknowledged (directly or by a later one)", n)
		case n > last+1:
			require.Zero(t, present, "operation %d was never started", n)
		}
		if present == 0 {
			continue
		}
		committed++
		events += len(refs)
		if op.admit != "" {
			want[op.admit] = &balances{admitted: true, products: map[savings.Product]int64{savings.Pokok: pokokFee}}
		}
		for _, d := range op.deposits {
			want[d.member].products[d.product] += d.amount
		}
	}
	require.Equal(t, events, rep.Events, "events in the log")

	svc := newService(store, app.Options{})
	for id, w := range want {
		st := memberState(t, svc, id)
		require.True(t, st.Exists(), "member %s", id)
		pokokRef, ok := st.PokokRef()
		require.True(t, ok, "member %s was admitted without its pokok", id)
		_, ok = st.Lookup(pokokRef)
		require.True(t, ok)
		for _, p := range savings.Products() {
			requireAmount(t, w.products[p], st.Account(p).Balance(), id, p)
		}
	}
	// The member of the first admission never started does not exist.
	g := (last + 2 + 3) / 4 * 4
	require.False(t, memberState(t, svc, crashMember(g)).Exists())
	return committed
}
