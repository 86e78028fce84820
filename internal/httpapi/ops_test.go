package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommandOutlivesItsRequest: a client gone while its deposit is
// being recorded does not interrupt the append.
func TestCommandOutlivesItsRequest(t *testing.T) {
	entered := make(chan struct{})
	f := newFixture(t, func(o *Options) {
		o.beforeWrite = func(r *http.Request) {
			close(entered)
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
	})
	before := f.events()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, f.srv.URL+Prefix+"/members/m1/deposits", strings.NewReader(`{"product":"sukarela","amount":"7000"}`))
	req.Header.Set("Authorization", "Bearer tok-teller")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "gone-1")
	go func() { <-entered; cancel() }()
	_, err := f.srv.Client().Do(req)
	require.Error(t, err)
	require.Eventually(t, func() bool { return f.events() == before+1 }, 5*time.Second, 10*time.Millisecond)
}

func TestOperationsEndpoints(t *testing.T) {
	f := newFixture(t)
	f.post(Prefix+"/members/m1/deposits", "tok-teller", "ops-1", `{"product":"sukarela","amount":"1000"}`)
	mux := http.NewServeMux()
	mux.Handle("/metrics", f.api.MetricsHandler())
	mux.Handle("/readyz", f.api.Readyz())
	mux.Handle("/healthz", f.api.Healthz())
	for _, p := range []string{"/healthz", "/readyz"} {
		w := &memWriter{h: http.Header{}}
		mux.ServeHTTP(w, httptestRequest(p))
		assert.Equal(t, http.StatusOK, w.status, p+": "+w.body.String())
	}
	w := &memWriter{h: http.Header{}}
	mux.ServeHTTP(w, httptestRequest("/metrics"))
	out := w.body.String()
	assert.Contains(t, out, `lumbung_http_requests_total{route="POST /api/v1/members/{member}/deposits",status="201"} 1`)
	assert.Contains(t, out, "lumbung_http_request_duration_seconds_bucket")
	assert.Contains(t, out, "lumbung_events_appended_total 1")
	assert.Contains(t, out, "lumbung_projection_lag_events 0")
}

func httptestRequest(path string) *http.Request {
	r, _ := http.NewRequest(http.MethodGet, path, nil)
	return r
}

type memWriter struct {
	h      http.Header
	status int
	body   strings.Builder
}

func (w *memWriter) Header() http.Header { return w.h }
func (w *memWriter) WriteHeader(s int)   { w.status = s }
func (w *memWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	return w.body.Write(b)
}
