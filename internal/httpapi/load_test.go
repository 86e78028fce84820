package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// The load test's figures: the 200 clients for 10 s.
const (
	loadClients  = 200
	loadDuration = 10 * time.Second
)

// TestLoadDeposits posts deposits from loadClients concurrent clients
// over loopback for loadDuration, then checks that every acknowledged
// deposit is in the ledger exactly once and the balances reconcile. It
// reports the latencies; it asserts only correctness (speed is for the
// benchmarks).
func TestLoadDeposits(t *testing.T) {
	duration := loadDuration
	if testing.Short() {
		duration = time.Second
	}
	f := newFixture(t)
	members := []string{"m1", "m2"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}}
	var mu sync.Mutex
	var latencies []time.Duration
	acked := map[string]string{} // ref -> member
	var failed atomic.Int64
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for c := range loadClients {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				m := members[(c+i)%len(members)]
				key := fmt.Sprintf("load-%d-%d", c, i)
				start := time.Now()
				res, err := client.Do(depositRequest(f.srv.URL, "tok-teller", m, "2026-03-02", key))
				if err != nil {
					failed.Add(1)
					continue
				}
				res.Body.Close()
				d := time.Since(start)
				mu.Lock()
				latencies = append(latencies, d)
				if res.StatusCode == http.StatusCreated {
					acked[key] = m
				} else {
					failed.Add(1)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(latencies)
	q := func(p float64) time.Duration { return latencies[int(float64(len(latencies)-1)*p)] }
	t.Logf("%d clients, %s: %d deposits acknowledged (%.0f/s), %d not; latency p50 %s, p99 %s",
		loadClients, duration, len(acked), float64(len(acked))/duration.Seconds(), failed.Load(), q(0.50), q(0.99))
	require.NotEmpty(t, acked)

	// Every acknowledged deposit is in the ledger exactly once.
	ctx := context.Background()
	for ref, m := range acked {
		rec, err := f.store.FindEvent(ctx, app.RefEventID(coopA, ref))
		require.NoError(t, err, ref)
		assert.True(t, strings.HasSuffix(rec.Stream, m), ref)
	}
	// The balances reconcile: the starting 1,000,000 plus 1,000 a deposit.
	count := map[string]int{}
	for _, m := range acked {
		count[m]++
	}
	for _, m := range members {
		st, err := f.svc.Member(ctx, coopA, memberID(m))
		require.NoError(t, err)
		want := money.New(1_000_000 + 1_000*int64(count[m]))
		assert.Equal(t, want.String(), st.Account(savings.Sukarela).Balance().String(), m)
		var row MemberJSON
		r := f.do(http.MethodGet, Prefix+"/members/"+m, "tok-teller", "")
		require.Equal(t, http.StatusOK, r.status)
		require.NoError(t, jsonUnmarshal(r.body, &row))
		assert.Equal(t, want.String(), row.Sukarela, m)
	}
}

// depositRequest is a POST of a sukarela deposit of Rp 1.000 to member on
// date, with a bearer token and an idempotency key.
func depositRequest(server, token, member, date, key string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, server+Prefix+"/members/"+member+"/deposits",
		strings.NewReader(`{"product":"sukarela","amount":"1000","date":"`+date+`"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	return req
}
