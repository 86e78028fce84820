package httpapi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lumbung-ledger/lumbung/projections/balances"
)

// latencyBuckets are the upper bounds, in seconds, of the latency
// histogram.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// Metrics counts what the API does, for Prometheus: requests by route
// and status, their latencies, the events appended; the projection's lag
// is read when scraped. Safe for concurrent use.
type Metrics struct {
	mu       sync.Mutex
	requests map[routeStatus]uint64
	latency  map[string]*histogram
	appended atomic.Uint64
}

type routeStatus struct {
	route  string
	status int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	return &Metrics{requests: map[routeStatus]uint64{}, latency: map[string]*histogram{}}
}

func (m *Metrics) observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeStatus{route, status}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[route] = h
	}
	s := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, s)
	h.counts[i]++
	h.sum += s
	h.n++
}

// Appended counts events written.
func (m *Metrics) Appended(n int) { m.appended.Add(uint64(n)) }

// write writes the metrics in Prometheus's text format, with the
// projection lag given.
func (m *Metrics) write(w io.Writer, lag int, lagErr error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP lumbung_http_requests_total HTTP requests by route and status.")
	fmt.Fprintln(w, "# TYPE lumbung_http_requests_total counter")
	keys := make([]routeStatus, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b routeStatus) int {
		if a.route != b.route {
			if a.route < b.route {
				return -1
			}
			return 1
		}
		return a.status - b.status
	})
	for _, k := range keys {
		fmt.Fprintf(w, "lumbung_http_requests_total{route=%s,status=\"%d\"} %d\n", strconv.Quote(k.route), k.status, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP lumbung_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE lumbung_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		h := m.latency[r]
		q := strconv.Quote(r)
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "lumbung_http_request_duration_seconds_bucket{route=%s,le=\"%g\"} %d\n", q, le, cum)
		}
		fmt.Fprintf(w, "lumbung_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", q, h.n)
		fmt.Fprintf(w, "lumbung_http_request_duration_seconds_sum{route=%s} %g\n", q, h.sum)
		fmt.Fprintf(w, "lumbung_http_request_duration_seconds_count{route=%s} %d\n", q, h.n)
	}
	fmt.Fprintln(w, "# HELP lumbung_events_appended_total Events appended through the API.")
	fmt.Fprintln(w, "# TYPE lumbung_events_appended_total counter")
	fmt.Fprintf(w, "lumbung_events_appended_total %d\n", m.appended.Load())
	if lagErr == nil {
		fmt.Fprintln(w, "# HELP lumbung_projection_lag_events Events of the log the balances projection has not folded yet (at most 10000 counted).")
		fmt.Fprintln(w, "# TYPE lumbung_projection_lag_events gauge")
		fmt.Fprintf(w, "lumbung_projection_lag_events %d\n", lag)
	}
}

// MetricsHandler serves /metrics.
func (a *API) MetricsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lag, err := a.views.lag(r.Context())
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		a.metrics.write(w, lag, err)
	})
}

// Healthz answers 200 while the process serves.
func (a *API) Healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// Readyz answers 200 when the store answers and the projections have
// caught up with the log, 503 otherwise.
func (a *API) Readyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := a.views.balances(ctx, func(*balances.Projection) {}); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": err.Error()})
			return
		}
		lag, err := a.views.lag(ctx)
		if err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": err.Error()})
			return
		}
		if lag > 0 {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "catching_up", "lag": lag})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
}
