package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/sample"
)

// benchServer serves the API of a store seeded, like the projector's
// benchmarks, with members and rows from the sample generator.
func benchServer(b *testing.B, members, rows int) *httptest.Server {
	b.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	require.NoError(b, err)
	b.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }})
	_, err = svc.Register(ctx, "bench", cooperative.Register{Coop: "bench", Name: "Bench", Policy: policy.Default(money.New(50_000), money.New(10_000)), On: calendar.MustNew(2025, 1, 1)})
	require.NoError(b, err)
	var buf bytes.Buffer
	require.NoError(b, sample.Write(&buf, sample.Config{Members: members, Rows: rows, Start: calendar.MustNew(2025, 1, 1), Days: 365, Pokok: 50_000, Wajib: 10_000, Seed: 1, RefPrefix: "R"}))
	_, err = importer.Run(ctx, svc, "bench", "bench", &buf, int64(buf.Len()), importer.Options{})
	require.NoError(b, err)
	sess := &fixedSessions{tokens: map[string]auth.Principal{
		"tok": {Coop: "bench", Username: "bench", Roles: []access.Role{access.Bendahara}},
	}}
	srv := httptest.NewServer(New(svc, sess, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	b.Cleanup(srv.Close)
	return srv
}

// memberIDs are the sample generator's member ids.
func memberIDs(srv *httptest.Server, b *testing.B) []string {
	req, _ := http.NewRequest(http.MethodGet, srv.URL+Prefix+"/members?limit=500", nil)
	req.Header.Set("Authorization", "Bearer tok")
	res, err := srv.Client().Do(req)
	require.NoError(b, err)
	defer res.Body.Close()
	var list MembersJSON
	require.NoError(b, jsonDecode(res.Body, &list))
	var ids []string
	for _, m := range list.Members {
		ids = append(ids, m.Member)
	}
	require.NotEmpty(b, ids)
	return ids
}

// BenchmarkDepositPOST posts deposits from 100 concurrent clients, each
// to its own members, on a store of 10,000 members and 1,000,000 events.
// Target: p99 at most 20 ms.
func BenchmarkDepositPOST(b *testing.B) {
	const clients = 100
	srv := benchServer(b, 10_000, 1_000_000)
	ids := memberIDs(srv, b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	post := func(member, key string) (time.Duration, error) {
		start := time.Now()
		res, err := client.Do(depositRequest(srv.URL, "tok", member, "2026-03-01", key))
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			return 0, fmt.Errorf("status %d", res.StatusCode)
		}
		return time.Since(start), nil
	}
	// Each client serves its own members, as a teller at a counter serves
	// the member in front of them. Before the clock starts, each opens its
	// connection and makes a first deposit for each of its members, as a
	// server that has been up for a while has: the first thousand requests
	// after a start also open connections and fold members' streams.
	own := func(c int) []string { return ids[c*len(ids)/clients : (c+1)*len(ids)/clients] }
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for _, m := range own(c) {
				if _, err := post(m, fmt.Sprintf("w-%d-%d-%s", b.N, c, m)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	for c := range clients {
		mine := own(c)
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				d, err := post(mine[int(i)%len(mine)], fmt.Sprintf("b-%d-%d", b.N, i))
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	reportLatency(b, lat)
}

// BenchmarkDashboard reads the dashboard on a store of 10,000 members and
// 1,000,000 events. Target: at most 50 ms.
func BenchmarkDashboard(b *testing.B) {
	srv := benchServer(b, 10_000, 1_000_000)
	var lat []time.Duration
	get := func() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+Prefix+"/dashboard", nil)
		req.Header.Set("Authorization", "Bearer tok")
		start := time.Now()
		res, err := srv.Client().Do(req)
		require.NoError(b, err)
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		require.Equal(b, http.StatusOK, res.StatusCode)
		lat = append(lat, time.Since(start))
	}
	get() // the first read folds the projections in
	lat = lat[:0]
	b.ResetTimer()
	for b.Loop() {
		get()
	}
	b.StopTimer()
	reportLatency(b, lat)
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)-1)*99/100].Microseconds())/1000, "p99-ms")
}
