package httpapi

import (
	"container/list"
	"context"
	"crypto/sha256"
	"net/http"
	"sync"
)

// idempotency keeps the first answer to each (cooperative, user, key),
// at most max of them, forgetting the least recently used first. A
// resubmission while the first is still being served waits for its
// answer. An answer of the server's own failure (5xx) is not kept: the
// person may try again with the same key, and the ledger's references
// keep that retry from writing twice.
type idempotency struct {
	mu    sync.Mutex
	max   int
	byKey map[string]*list.Element
	order *list.List // of *idemEntry, most recent first
}

type idemEntry struct {
	scope  string
	print  [32]byte
	done   chan struct{}
	status int
	ctype  string
	body   []byte
}

func newIdempotency(max int) *idempotency {
	return &idempotency{max: max, byKey: map[string]*list.Element{}, order: list.New()}
}

// fingerprint identifies a request's content: a key reused for another
// content is refused.
func fingerprint(method, path string, body []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(method + " " + path + "\x00"))
	h.Write(body)
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// begin returns the entry of scope. first is set when the caller is the
// first to use it and must finish it; otherwise the entry holds the
// first answer.
func (s *idempotency) begin(ctx context.Context, scope string, print [32]byte) (*idemEntry, bool, error) {
	for {
		s.mu.Lock()
		if el, ok := s.byKey[scope]; ok {
			e := el.Value.(*idemEntry)
			s.order.MoveToFront(el)
			s.mu.Unlock()
			if e.print != print {
				return nil, false, errKeyReused
			}
			select {
			case <-e.done:
			case <-ctx.Done():
				return nil, false, ctx.Err()
			}
			if e.status == 0 {
				continue // the first failed and was forgotten: try again
			}
			return e, false, nil
		}
		e := &idemEntry{scope: scope, print: print, done: make(chan struct{})}
		s.byKey[scope] = s.order.PushFront(e)
		for s.order.Len() > s.max {
			last := s.order.Back()
			old := last.Value.(*idemEntry)
			select {
			case <-old.done:
			default:
				// Still being served: keep it, and stop evicting.
				s.mu.Unlock()
				return e, true, nil
			}
			s.order.Remove(last)
			delete(s.byKey, old.scope)
		}
		s.mu.Unlock()
		return e, true, nil
	}
}

// finish records the first answer, or forgets the entry if the answer
// was the server's failure.
func (s *idempotency) finish(scope string, e *idemEntry, status int, ctype string, body []byte) {
	s.mu.Lock()
	if status >= 500 || status == 0 {
		if el, ok := s.byKey[scope]; ok && el.Value.(*idemEntry) == e {
			s.order.Remove(el)
			delete(s.byKey, scope)
		}
		status = 0
	}
	e.status, e.ctype, e.body = status, ctype, body
	s.mu.Unlock()
	close(e.done)
}

// recorder passes an answer through and keeps a copy.
type recorder struct {
	http.ResponseWriter
	status int
	buf    []byte
}

func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
	r.ResponseWriter.WriteHeader(s)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.buf = append(r.buf, b...)
	return r.ResponseWriter.Write(b)
}
