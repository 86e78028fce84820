// Package esdb is the Store adapter for an EventStoreDB/KurrentDB node or
// cluster, through the official Go client v4. It is the only package
// (besides its test server and cmd/) that imports the client.
//
// The port asks more than the server gives, and the adapter makes up the
// difference:
//   - An event id is unique in the whole store, not only in its stream:
//     the adapter keeps an index of every id in $all (caught up before
//     each check), refuses an id stored in another stream, and tells a
//     retried append (the same ids, the same bytes, at the same place)
//     from another command that reuses an id.
//   - $all holds the server's own events (streams whose names start with
//     '$'): every read, search and subscription skips them.
//   - $all read forwards from a position includes it on the server and
//     excludes it in the port.
//   - A batch of several streams cannot be atomic on v4: the adapter
//     takes every part before writing, checks every expectation and
//     every id against the store as the earlier parts will leave it, and
//     only then appends the parts in order. Since every part is an
//     idempotent append, running a batch that failed half way again
//     completes it.
//
// Appends of one process are serialised, so that the id checks and the
// writes they guard are not interleaved; several processes writing the
// same cooperative must not run at once (docs/scale.md).
package esdb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Store is a Store on an EventStoreDB/KurrentDB server.
type Store struct {
	cfg *esdb.Configuration
	url string

	// client is replaced when it closes itself for good: the client
	// gives up on a server away for more than about a second.
	cmu    sync.Mutex
	client *esdb.Client

	// mu serialises appends; index is guarded by it.
	mu    sync.Mutex
	index *idIndex
}

// IsURL reports whether s names an EventStoreDB/KurrentDB server.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "esdb://") || strings.HasPrefix(s, "esdb+discover://") ||
		strings.HasPrefix(s, "kurrentdb://") || strings.HasPrefix(s, "kurrentdb+discover://")
}

// Open connects to the server at url (esdb://host:2113?tls=false, or the
// kurrentdb:// spelling) and checks that it answers. Errors wrap
// eventstore.ErrUnavailable.
func Open(ctx context.Context, url string) (*Store, error) {
	conn := url
	if rest, ok := strings.CutPrefix(url, "kurrentdb"); ok {
		conn = "esdb" + rest
	}
	cfg, err := esdb.ParseConnectionString(conn)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", eventstore.ErrUnavailable, url, err)
	}
	// The client's own log goes nowhere: its failures come back as
	// errors, which the caller reports in the person's language.
	cfg.Logger = esdb.NoopLogging()
	client, err := esdb.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", eventstore.ErrUnavailable, url, err)
	}
	s := &Store{cfg: cfg, client: client, url: url, index: newIDIndex()}
	// The client connects on its first call: read one event of $all so
	// that a server that is not there is reported now.
	if _, err := s.ReadAll(ctx, eventstore.End, eventstore.Backwards, 1); err != nil {
		client.Close()
		return nil, err
	}
	return s, nil
}

// URL returns the server's address as given.
func (s *Store) URL() string { return s.url }

// Close closes the connection.
func (s *Store) Close() error { return s.conn().Close() }

// conn returns the client to call.
func (s *Store) conn() *esdb.Client {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	return s.client
}

// system reports whether a stream is the server's own.
func system(stream string) bool { return strings.HasPrefix(stream, "$") }

// unavailable wraps an error of the client: the server is gone, or
// answered something the port has no name for. A call cut short by its
// context reports the context's error.
func (s *Store) unavailable(ctx context.Context, client *esdb.Client, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if c := code(err); c == esdb.ErrorCodeConnectionClosed || c == esdb.ErrorUnavailable {
		// A client whose discovery gave up stays closed: the next call
		// gets a new one, which finds the server once it is back.
		s.cmu.Lock()
		if s.client == client {
			if fresh, nerr := esdb.NewClient(s.cfg); nerr == nil {
				client.Close()
				s.client = fresh
			}
		}
		s.cmu.Unlock()
	}
	var e *esdb.Error
	if errors.As(err, &e) && e.Err() != nil && (errors.Is(e.Err(), context.Canceled) || errors.Is(e.Err(), context.DeadlineExceeded)) {
		return e.Err()
	}
	return fmt.Errorf("%w: esdb %s: %v", eventstore.ErrUnavailable, op, err)
}

// code returns the client's error code for err.
func code(err error) esdb.ErrorCode {
	var e *esdb.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return esdb.ErrorCodeUnknown
}

func position(p esdb.Position) eventstore.Position {
	return eventstore.Position{Commit: p.Commit, Prepare: p.Prepare}
}

// recorded converts an event read from the server.
func recorded(e *esdb.RecordedEvent) eventstore.RecordedEvent {
	return eventstore.RecordedEvent{
		EventData: eventstore.EventData{ID: uuid.UUID(e.EventID), Type: e.EventType, Data: e.Data, Metadata: e.UserMetadata},
		Stream:    e.StreamID, Revision: e.EventNumber, Position: position(e.Position),
	}
}
