// Package contract is the test suite every eventstore.Store adapter must
// pass against a real backend. An adapter's tests call Run with a function
// that opens a store.
//
// The suite names its streams with a fresh prefix per test and ignores
// events of other streams in the global log, so it can run against a
// shared server that holds other data (system events included).
package contract

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Open returns a store for one test; the adapter's test registers its
// cleanup.
type Open func(t *testing.T) eventstore.Store

// Run runs the whole suite.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s eventstore.Store)
	}{
		{"AppendNoStreamCreatesStream", appendNoStream},
		{"AppendExpectedRevisions", appendExpectedRevisions},
		{"WrongExpectedRevisionCarriesFigures", wrongExpectedRevision},
		{"RetriedAppendWritesNothing", retriedAppend},
		{"RetriedAppendWithAny", retriedAppendAny},
		{"RetryAfterLaterAppendsIsStillIdempotent", retryAfterLaterAppends},
		{"PartialOverlapIsNotARetry", partialOverlap},
		{"SameIDsOtherPayloadIsNotARetry", sameIDsOtherPayload},
		{"DuplicateEventIDElsewhereIsRefused", duplicateEventID},
		{"InvalidAppendsAreRefused", invalidAppends},
		{"BytesRoundTripExactly", bytesRoundTrip},
		{"ReadStreamForwardsAndBackwards", readStream},
		{"ReadStreamNotFound", readStreamNotFound},
		{"ReadAllIsExclusiveOfItsPosition", readAll},
		{"FindEvent", findEvent},
		{"Locate", locate},
		{"AppendBatchWritesEveryPart", appendBatch},
		{"AppendBatchIsAllOrNothing", appendBatchAllOrNothing},
		{"AppendBatchRerunWritesNothing", appendBatchRerun},
		{"SubscribeCatchesUpThenGoesLive", subscribe},
		{"SubscribeStopsOnHandlerError", subscribeHandlerError},
		{"ConcurrentAppendsOneWins", concurrentAppends},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// streamName returns a stream name unique to this run.
func streamName(label string) string {
	return fmt.Sprintf("contract-%s.%s", uuid.NewString()[:8], label)
}

func event(typ, payload string) eventstore.EventData {
	return eventstore.EventData{
		ID:       uuid.New(),
		Type:     typ,
		Data:     []byte(fmt.Sprintf(`{"v":%q}`, payload)),
		Metadata: []byte(`{"m":1}`),
	}
}

func events(n int) []eventstore.EventData {
	out := make([]eventstore.EventData, n)
	for i := range out {
		out[i] = event("Tested", fmt.Sprintf("e%d", i))
	}
	return out
}

// ofStreams keeps the events of the given streams, in order.
func ofStreams(all []eventstore.RecordedEvent, streams ...string) []eventstore.RecordedEvent {
	var out []eventstore.RecordedEvent
	for _, e := range all {
		for _, s := range streams {
			if e.Stream == s {
				out = append(out, e)
			}
		}
	}
	return out
}

// readStreamAll reads a whole stream forwards.
func readStreamAll(t *testing.T, s eventstore.Store, stream string) []eventstore.RecordedEvent {
	t.Helper()
	got, err := s.ReadStream(ctx(t), stream, eventstore.FirstRevision, eventstore.Forwards, eventstore.MaxReadCount)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	require.NoError(t, err)
	return got
}

func ids(es []eventstore.RecordedEvent) []uuid.UUID {
	out := make([]uuid.UUID, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func dataIDs(es []eventstore.EventData) []uuid.UUID {
	out := make([]uuid.UUID, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func appendNoStream(t *testing.T, s eventstore.Store) {
	stream := streamName("new")
	in := events(3)
	res, err := s.Append(ctx(t), stream, eventstore.NoStream(), in)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), res.NextExpected)

	got := readStreamAll(t, s, stream)
	require.Len(t, got, 3)
	for i, e := range got {
		assert.Equal(t, uint64(i), e.Revision)
		assert.Equal(t, stream, e.Stream)
		assert.Equal(t, in[i].ID, e.ID)
		if i > 0 {
			assert.True(t, got[i-1].Position.Less(e.Position), "positions increase within an append")
		}
	}
	assert.Equal(t, got[2].Position, res.Position, "the result carries the last event's position")
}

func appendExpectedRevisions(t *testing.T, s eventstore.Store) {
	stream := streamName("expect")
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), events(1))
	require.NoError(t, err)
	res, err := s.Append(ctx(t), stream, eventstore.Exact(0), events(2))
	require.NoError(t, err)
	assert.Equal(t, uint64(2), res.NextExpected)
	res, err = s.Append(ctx(t), stream, eventstore.Any(), events(1))
	require.NoError(t, err)
	assert.Equal(t, uint64(3), res.NextExpected)

	// Any also creates a stream.
	other := streamName("any")
	res, err = s.Append(ctx(t), other, eventstore.Any(), events(1))
	require.NoError(t, err)
	assert.Equal(t, uint64(0), res.NextExpected)
	assert.Len(t, readStreamAll(t, s, stream), 4)
}

func wrongExpectedRevision(t *testing.T, s eventstore.Store) {
	stream := streamName("wrong")
	_, err := s.Append(ctx(t), stream, eventstore.Exact(0), events(1))
	var wrong *eventstore.WrongExpectedRevisionError
	require.ErrorAs(t, err, &wrong, "exact revision on a missing stream")
	assert.True(t, wrong.NoStream)
	assert.ErrorIs(t, err, eventstore.ErrWrongExpectedRevision)

	_, err = s.Append(ctx(t), stream, eventstore.NoStream(), events(4))
	require.NoError(t, err)

	_, err = s.Append(ctx(t), stream, eventstore.NoStream(), events(1))
	require.ErrorAs(t, err, &wrong)
	assert.False(t, wrong.NoStream)
	assert.Equal(t, uint64(3), wrong.Actual)
	assert.Equal(t, stream, wrong.Stream)

	_, err = s.Append(ctx(t), stream, eventstore.Exact(1), events(1))
	require.ErrorAs(t, err, &wrong)
	assert.Equal(t, uint64(3), wrong.Actual)
	r, exact := wrong.Expected.Revision()
	assert.True(t, exact)
	assert.Equal(t, uint64(1), r)

	assert.Len(t, readStreamAll(t, s, stream), 4, "a refused append writes nothing")
}

func retriedAppend(t *testing.T, s eventstore.Store) {
	stream := streamName("retry")
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), events(1))
	require.NoError(t, err)
	in := events(2)
	first, err := s.Append(ctx(t), stream, eventstore.Exact(0), in)
	require.NoError(t, err)
	again, err := s.Append(ctx(t), stream, eventstore.Exact(0), in)
	require.NoError(t, err, "a retry with the same ids at the same place succeeds")
	assert.Equal(t, first, again, "and returns the original result")
	assert.Len(t, readStreamAll(t, s, stream), 3, "and writes nothing")

	// A retry of a stream's first append.
	fresh := streamName("retry-new")
	in = events(2)
	first, err = s.Append(ctx(t), fresh, eventstore.NoStream(), in)
	require.NoError(t, err)
	again, err = s.Append(ctx(t), fresh, eventstore.NoStream(), in)
	require.NoError(t, err)
	assert.Equal(t, first, again)
	assert.Len(t, readStreamAll(t, s, fresh), 2)
}

func retriedAppendAny(t *testing.T, s eventstore.Store) {
	stream := streamName("retry-any")
	in := events(2)
	first, err := s.Append(ctx(t), stream, eventstore.Any(), in)
	require.NoError(t, err)
	again, err := s.Append(ctx(t), stream, eventstore.Any(), in)
	require.NoError(t, err)
	assert.Equal(t, first, again)
	assert.Len(t, readStreamAll(t, s, stream), 2)
}

func retryAfterLaterAppends(t *testing.T, s eventstore.Store) {
	stream := streamName("retry-late")
	in := events(1)
	first, err := s.Append(ctx(t), stream, eventstore.NoStream(), in)
	require.NoError(t, err)
	_, err = s.Append(ctx(t), stream, eventstore.Exact(0), events(1))
	require.NoError(t, err)
	again, err := s.Append(ctx(t), stream, eventstore.NoStream(), in)
	require.NoError(t, err, "the events after the expected revision are this append's")
	assert.Equal(t, first, again)
	assert.Len(t, readStreamAll(t, s, stream), 2)
}

func partialOverlap(t *testing.T, s eventstore.Store) {
	stream := streamName("overlap")
	in := events(2)
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), in)
	require.NoError(t, err)
	other := []eventstore.EventData{in[0], event("Tested", "new")}
	_, err = s.Append(ctx(t), stream, eventstore.NoStream(), other)
	assert.ErrorIs(t, err, eventstore.ErrWrongExpectedRevision)
	assert.Len(t, readStreamAll(t, s, stream), 2)
}

func sameIDsOtherPayload(t *testing.T, s eventstore.Store) {
	stream := streamName("other-payload")
	in := events(1)
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), in)
	require.NoError(t, err)
	_, err = s.Append(ctx(t), stream, eventstore.Exact(0), events(1))
	require.NoError(t, err)
	changed := in[0]
	changed.Data = []byte(`{"v":"another amount"}`)
	_, err = s.Append(ctx(t), stream, eventstore.NoStream(), []eventstore.EventData{changed})
	assert.ErrorIs(t, err, eventstore.ErrWrongExpectedRevision, "the same id carrying another payload is another command")

	// Nor is the same payload with other metadata (another actor, date or
	// time, and so another hash in the chain).
	again := in[0]
	again.Metadata = []byte(`{"m":2}`)
	_, err = s.Append(ctx(t), stream, eventstore.NoStream(), []eventstore.EventData{again})
	assert.ErrorIs(t, err, eventstore.ErrWrongExpectedRevision)
	assert.Len(t, readStreamAll(t, s, stream), 2)
}

func duplicateEventID(t *testing.T, s eventstore.Store) {
	a, b := streamName("dup-a"), streamName("dup-b")
	in := events(1)
	_, err := s.Append(ctx(t), a, eventstore.NoStream(), in)
	require.NoError(t, err)
	_, err = s.Append(ctx(t), b, eventstore.NoStream(), append(events(1), in[0]))
	assert.ErrorIs(t, err, eventstore.ErrDuplicateEventID)
	assert.Equal(t, 0, len(readStreamAll(t, s, b)), "nothing of the refused append is written")
}

func invalidAppends(t *testing.T, s eventstore.Store) {
	stream := streamName("invalid")
	big := event("Tested", "")
	big.Data = make([]byte, eventstore.MaxEventSize+1)
	noType := event("", "x")
	noID := event("Tested", "x")
	noID.ID = uuid.Nil
	twice := event("Tested", "x")
	chunk := func() eventstore.EventData {
		e := event("Tested", "")
		e.Data = make([]byte, eventstore.MaxEventSize/2)
		return e
	}
	var tooMuch []eventstore.EventData
	for range 2*eventstore.MaxAppendSize/eventstore.MaxEventSize + 1 {
		tooMuch = append(tooMuch, chunk())
	}
	many := events(20)
	many[19].ID = many[3].ID
	for name, in := range map[string][]eventstore.EventData{
		"no events":        nil,
		"id twice of many": many,
		"no type":          {noType},
		"no id":            {noID},
		"id twice":         {twice, twice},
		"event too large":  {big},
		"append too large": tooMuch,
	} {
		_, err := s.Append(ctx(t), stream, eventstore.Any(), in)
		assert.ErrorIs(t, err, eventstore.ErrInvalidAppend, name)
	}
	_, err := s.Append(ctx(t), "", eventstore.Any(), events(1))
	assert.ErrorIs(t, err, eventstore.ErrInvalidAppend, "empty stream name")
	assert.Equal(t, 0, len(readStreamAll(t, s, stream)), "nothing of a refused append is written")
}

func bytesRoundTrip(t *testing.T, s eventstore.Store) {
	stream := streamName("bytes")
	in := eventstore.EventData{
		ID:       uuid.New(),
		Type:     "Tested",
		Data:     []byte(`{"name":"Siti Nurhaliza","note":"simpanan \u00e9\t\"quoted\"","amount":"1250000"}`),
		Metadata: []byte(`{"coop":"kdmp","effective":"2025-01-31"}`),
	}
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), []eventstore.EventData{in})
	require.NoError(t, err)
	got := readStreamAll(t, s, stream)
	require.Len(t, got, 1)
	assert.Equal(t, in, got[0].EventData)
}

func readStream(t *testing.T, s eventstore.Store) {
	stream := streamName("read")
	in := events(10)
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), in)
	require.NoError(t, err)
	c := ctx(t)

	got, err := s.ReadStream(c, stream, 3, eventstore.Forwards, 4)
	require.NoError(t, err)
	assert.Equal(t, dataIDs(in[3:7]), ids(got), "forwards from 3 includes 3")

	got, err = s.ReadStream(c, stream, eventstore.LastRevision, eventstore.Backwards, 3)
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{in[9].ID, in[8].ID, in[7].ID}, ids(got))

	got, err = s.ReadStream(c, stream, 5, eventstore.Backwards, 2)
	require.NoError(t, err)
	assert.Equal(t, []uuid.UUID{in[5].ID, in[4].ID}, ids(got), "backwards from 5 includes 5")

	got, err = s.ReadStream(c, stream, 10, eventstore.Forwards, 5)
	require.NoError(t, err, "reading past the end of an existing stream is not an error")
	assert.Empty(t, got)

	got, err = s.ReadStream(c, stream, 0, eventstore.Forwards, 0)
	require.NoError(t, err)
	assert.Len(t, got, 10, "a limit of zero reads up to the maximum")
}

func readStreamNotFound(t *testing.T, s eventstore.Store) {
	_, err := s.ReadStream(ctx(t), streamName("missing"), 0, eventstore.Forwards, 10)
	assert.ErrorIs(t, err, eventstore.ErrStreamNotFound)
	_, err = s.ReadStream(ctx(t), streamName("missing"), eventstore.LastRevision, eventstore.Backwards, 10)
	assert.ErrorIs(t, err, eventstore.ErrStreamNotFound)
}

// readAllOf reads the whole global log forwards in pages of size and keeps
// the given streams' events.
func readAllOf(t *testing.T, s eventstore.Store, from eventstore.Position, size int, streams ...string) []eventstore.RecordedEvent {
	t.Helper()
	var out []eventstore.RecordedEvent
	for {
		page, err := s.ReadAll(ctx(t), from, eventstore.Forwards, size)
		require.NoError(t, err)
		if len(page) == 0 {
			return out
		}
		for i := 1; i < len(page); i++ {
			require.True(t, page[i-1].Position.Less(page[i].Position), "the global log is in position order")
		}
		out = append(out, ofStreams(page, streams...)...)
		from = page[len(page)-1].Position
	}
}

func readAll(t *testing.T, s eventstore.Store) {
	a, b := streamName("all-a"), streamName("all-b")
	var want []uuid.UUID
	for i := 0; i < 3; i++ {
		ea, eb := events(2), events(1)
		_, err := s.Append(ctx(t), a, eventstore.Any(), ea)
		require.NoError(t, err)
		_, err = s.Append(ctx(t), b, eventstore.Any(), eb)
		require.NoError(t, err)
		want = append(want, dataIDs(ea)...)
		want = append(want, dataIDs(eb)...)
	}
	got := readAllOf(t, s, eventstore.Start, 2, a, b)
	assert.Equal(t, want, ids(got), "pages of two, each after the last position, read every event once")

	mid := got[4].Position
	after := readAllOf(t, s, mid, 100, a, b)
	assert.Equal(t, want[5:], ids(after), "forwards from a position excludes it")

	page, err := s.ReadAll(ctx(t), mid, eventstore.Backwards, eventstore.MaxReadCount)
	require.NoError(t, err)
	before := ofStreams(page, a, b)
	assert.Equal(t, []uuid.UUID{want[3], want[2], want[1], want[0]}, ids(before), "backwards from a position excludes it")

	page, err = s.ReadAll(ctx(t), eventstore.End, eventstore.Backwards, 1)
	require.NoError(t, err)
	require.Len(t, page, 1)
	assert.False(t, page[0].Position.Less(got[len(got)-1].Position), "backwards from End starts at the newest event")
}

func findEvent(t *testing.T, s eventstore.Store) {
	stream := streamName("find")
	in := events(3)
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), in)
	require.NoError(t, err)
	got, err := s.FindEvent(ctx(t), in[1].ID)
	require.NoError(t, err)
	assert.Equal(t, stream, got.Stream)
	assert.Equal(t, uint64(1), got.Revision)
	assert.Equal(t, in[1], got.EventData)

	_, err = s.FindEvent(ctx(t), uuid.New())
	assert.ErrorIs(t, err, eventstore.ErrEventNotFound)
}

func locate(t *testing.T, s eventstore.Store) {
	a, b := streamName("locate-a"), streamName("locate-b")
	ea, eb := events(3), events(2)
	_, err := s.Append(ctx(t), a, eventstore.NoStream(), ea)
	require.NoError(t, err)
	_, err = s.Append(ctx(t), b, eventstore.NoStream(), eb)
	require.NoError(t, err)
	missing := uuid.New()
	got, err := s.Locate(ctx(t), []uuid.UUID{ea[1].ID, missing, eb[0].ID, ea[2].ID})
	require.NoError(t, err)
	assert.Equal(t, map[uuid.UUID]string{ea[1].ID: a, eb[0].ID: b, ea[2].ID: a}, got)

	many := make([]uuid.UUID, 1200)
	for i := range many {
		many[i] = uuid.New()
	}
	many[1100] = eb[1].ID
	got, err = s.Locate(ctx(t), many)
	require.NoError(t, err)
	assert.Equal(t, map[uuid.UUID]string{eb[1].ID: b}, got, "more ids than one statement holds")

	got, err = s.Locate(ctx(t), nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func parts(ps ...eventstore.StreamAppend) iter.Seq2[eventstore.StreamAppend, error] {
	return func(yield func(eventstore.StreamAppend, error) bool) {
		for _, p := range ps {
			if !yield(p, nil) {
				return
			}
		}
	}
}

func appendBatch(t *testing.T, s eventstore.Store) {
	a, b := streamName("batch-a"), streamName("batch-b")
	ea1, eb, ea2 := events(2), events(3), events(1)
	res, err := s.AppendBatch(ctx(t), parts(
		eventstore.StreamAppend{Stream: a, Expected: eventstore.NoStream(), Events: ea1},
		eventstore.StreamAppend{Stream: b, Expected: eventstore.NoStream(), Events: eb},
		eventstore.StreamAppend{Stream: a, Expected: eventstore.Exact(1), Events: ea2},
	))
	require.NoError(t, err)
	assert.Equal(t, 6, res.Events)
	gotA := readStreamAll(t, s, a)
	assert.Equal(t, append(dataIDs(ea1), dataIDs(ea2)...), ids(gotA), "a later part sees the earlier parts of its stream")
	gotB := readStreamAll(t, s, b)
	assert.Equal(t, dataIDs(eb), ids(gotB))
	assert.Equal(t, gotA[2].Position, res.Last)
}

func appendBatchAllOrNothing(t *testing.T, s eventstore.Store) {
	a, b := streamName("atomic-a"), streamName("atomic-b")
	_, err := s.Append(ctx(t), b, eventstore.NoStream(), events(1))
	require.NoError(t, err)

	_, err = s.AppendBatch(ctx(t), parts(
		eventstore.StreamAppend{Stream: a, Expected: eventstore.NoStream(), Events: events(2)},
		eventstore.StreamAppend{Stream: b, Expected: eventstore.NoStream(), Events: events(1)},
	))
	assert.ErrorIs(t, err, eventstore.ErrWrongExpectedRevision)
	assert.Equal(t, 0, len(readStreamAll(t, s, a)), "a failing part leaves nothing of the batch")
	assert.Len(t, readStreamAll(t, s, b), 1)

	boom := errors.New("bad row")
	_, err = s.AppendBatch(ctx(t), func(yield func(eventstore.StreamAppend, error) bool) {
		if yield(eventstore.StreamAppend{Stream: a, Expected: eventstore.NoStream(), Events: events(2)}, nil) {
			yield(eventstore.StreamAppend{}, boom)
		}
	})
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 0, len(readStreamAll(t, s, a)), "an error from the producer leaves nothing of the batch")
}

func appendBatchRerun(t *testing.T, s eventstore.Store) {
	a, b := streamName("rerun-a"), streamName("rerun-b")
	batch := parts(
		eventstore.StreamAppend{Stream: a, Expected: eventstore.NoStream(), Events: events(2)},
		eventstore.StreamAppend{Stream: b, Expected: eventstore.NoStream(), Events: events(1)},
	)
	res, err := s.AppendBatch(ctx(t), batch)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Events)
	res, err = s.AppendBatch(ctx(t), batch)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Events, "a re-run batch writes nothing")
	assert.Len(t, readStreamAll(t, s, a), 2)
	assert.Len(t, readStreamAll(t, s, b), 1)
}

func subscribe(t *testing.T, s eventstore.Store) {
	stream := streamName("sub")
	before := events(3)
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), before)
	require.NoError(t, err)
	first := readStreamAll(t, s, stream)[0]

	c, cancel := context.WithCancel(ctx(t))
	defer cancel()
	var (
		mu       sync.Mutex
		got      []uuid.UUID
		caughtUp = make(chan struct{})
		live     = make(chan struct{})
	)
	after := events(2)
	done := make(chan error, 1)
	go func() {
		done <- s.Subscribe(c, first.Position, func(m eventstore.Message) error {
			if m.CaughtUp {
				close(caughtUp)
				return nil
			}
			if m.Event.Stream != stream {
				return nil
			}
			mu.Lock()
			defer mu.Unlock()
			got = append(got, m.Event.ID)
			if len(got) == 4 {
				close(live)
			}
			return nil
		})
	}()
	select {
	case <-caughtUp:
	case <-c.Done():
		t.Fatal("subscription never caught up")
	}
	mu.Lock()
	assert.Equal(t, dataIDs(before[1:]), got, "catch-up delivers the stored events after the position")
	mu.Unlock()

	_, err = s.Append(ctx(t), stream, eventstore.Exact(2), after)
	require.NoError(t, err)
	select {
	case <-live:
	case <-c.Done():
		t.Fatal("live events never arrived")
	}
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, append(dataIDs(before[1:]), dataIDs(after)...), got)
}

func subscribeHandlerError(t *testing.T, s eventstore.Store) {
	stream := streamName("sub-err")
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), events(1))
	require.NoError(t, err)
	stop := errors.New("stop")
	err = s.Subscribe(ctx(t), eventstore.Start, func(m eventstore.Message) error {
		if m.Event != nil && m.Event.Stream == stream {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
}

func concurrentAppends(t *testing.T, s eventstore.Store) {
	stream := streamName("race")
	_, err := s.Append(ctx(t), stream, eventstore.NoStream(), events(1))
	require.NoError(t, err)
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			_, errs[i] = s.Append(ctx(t), stream, eventstore.Exact(0), events(1))
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		assert.ErrorIs(t, err, eventstore.ErrWrongExpectedRevision)
	}
	assert.Equal(t, 1, won, "exactly one writer wins a race for the same revision")
	assert.Len(t, readStreamAll(t, s, stream), 2)
}
