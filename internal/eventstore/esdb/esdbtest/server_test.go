package esdbtest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
)

// instant is the fixed time the test servers stamp on events.
var instant = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func start(t *testing.T, opts ...esdbtest.Option) (*esdbtest.Server, *esdb.Client) {
	t.Helper()
	opts = append([]esdbtest.Option{esdbtest.WithClock(func() time.Time { return instant })}, opts...)
	srv := esdbtest.Start(t, opts...)
	return srv, connect(t, srv.URL())
}

func connect(t *testing.T, url string) *esdb.Client {
	t.Helper()
	cfg, err := esdb.ParseConnectionString(url)
	require.NoError(t, err)
	cfg.Logger = esdb.NoopLogging()
	client, err := esdb.NewClient(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.Close() })
	return client
}

func event(eventType string, data string) esdb.EventData {
	return esdb.EventData{
		EventID:     uuid.New(),
		EventType:   eventType,
		ContentType: esdb.ContentTypeJson,
		Data:        []byte(data),
		Metadata:    []byte(`{"by":"test"}`),
	}
}

func events(n int, eventType string) []esdb.EventData {
	out := make([]esdb.EventData, n)
	for i := range out {
		out[i] = event(eventType, fmt.Sprintf(`{"n":%d}`, i))
	}
	return out
}

func appendTo(t *testing.T, c *esdb.Client, stream string, want esdb.ExpectedRevision, evs ...esdb.EventData) *esdb.WriteResult {
	t.Helper()
	res, err := c.AppendToStream(context.Background(), stream, esdb.AppendToStreamOptions{ExpectedRevision: want}, evs...)
	require.NoError(t, err)
	return res
}

func errorCode(t *testing.T, err error) esdb.ErrorCode {
	t.Helper()
	require.Error(t, err)
	var e *esdb.Error
	require.True(t, errors.As(err, &e), "not an esdb error: %v", err)
	return e.Code()
}

// drain reads a read to its end and returns its events.
func drain(t *testing.T, rs *esdb.ReadStream) []*esdb.RecordedEvent {
	t.Helper()
	defer rs.Close()
	var out []*esdb.RecordedEvent
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out
		}
		require.NoError(t, err)
		out = append(out, ev.OriginalEvent())
	}
}

func readStream(t *testing.T, c *esdb.Client, stream string, opts esdb.ReadStreamOptions, count uint64) []*esdb.RecordedEvent {
	t.Helper()
	rs, err := c.ReadStream(context.Background(), stream, opts, count)
	require.NoError(t, err)
	return drain(t, rs)
}

func readAll(t *testing.T, c *esdb.Client, opts esdb.ReadAllOptions, count uint64) []*esdb.RecordedEvent {
	t.Helper()
	rs, err := c.ReadAll(context.Background(), opts, count)
	require.NoError(t, err)
	return drain(t, rs)
}

func revisions(evs []*esdb.RecordedEvent) []uint64 {
	out := make([]uint64, len(evs))
	for i, e := range evs {
		out[i] = e.EventNumber
	}
	return out
}

func TestAppendWithEachExpectedRevision(t *testing.T) {
	_, c := start(t)
	ctx := context.Background()

	res := appendTo(t, c, "member-1", esdb.NoStream{}, events(2, "Joined")...)
	assert.Equal(t, uint64(1), res.NextExpectedVersion)
	assert.NotZero(t, res.CommitPosition)
	assert.Equal(t, res.CommitPosition, res.PreparePosition)

	res2 := appendTo(t, c, "member-1", esdb.StreamExists{}, event("Deposited", `{}`))
	assert.Equal(t, uint64(2), res2.NextExpectedVersion)
	assert.Greater(t, res2.CommitPosition, res.CommitPosition)

	res3 := appendTo(t, c, "member-1", esdb.Revision(2), event("Deposited", `{}`))
	assert.Equal(t, uint64(3), res3.NextExpectedVersion)

	res4 := appendTo(t, c, "member-1", esdb.Any{}, event("Deposited", `{}`))
	assert.Equal(t, uint64(4), res4.NextExpectedVersion)

	appendTo(t, c, "member-2", esdb.Any{}, event("Joined", `{}`))

	cases := []struct {
		name   string
		stream string
		want   esdb.ExpectedRevision
		text   string
	}{
		{"revision behind", "member-1", esdb.Revision(1), "expecting '1' but got '4'"},
		{"revision ahead", "member-1", esdb.Revision(9), "expecting '9' but got '4'"},
		{"no stream on an existing stream", "member-1", esdb.NoStream{}, "expecting 'no_stream' but got '4'"},
		{"stream exists on a missing stream", "member-3", esdb.StreamExists{}, "expecting 'stream_exists' but got 'no_stream'"},
		{"revision on a missing stream", "member-3", esdb.Revision(0), "expecting '0' but got 'no_stream'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.AppendToStream(ctx, tc.stream, esdb.AppendToStreamOptions{ExpectedRevision: tc.want}, event("Deposited", `{}`))
			assert.Equal(t, esdb.ErrorCodeWrongExpectedVersion, errorCode(t, err))
			assert.Contains(t, err.Error(), tc.text)
		})
	}
	assert.Len(t, readStream(t, c, "member-1", esdb.ReadStreamOptions{}, 100), 5)
	assert.Len(t, readStream(t, c, "member-2", esdb.ReadStreamOptions{}, 100), 1)
}

func TestIdempotentRetryWritesNothingTwice(t *testing.T) {
	_, c := start(t)
	batch := events(3, "Deposited")

	first := appendTo(t, c, "savings-1", esdb.NoStream{}, batch...)
	for _, want := range []esdb.ExpectedRevision{esdb.NoStream{}, esdb.Any{}, esdb.StreamExists{}} {
		again := appendTo(t, c, "savings-1", want, batch...)
		assert.Equal(t, first, again, "a retry of the same ids gets the original result (%T)", want)
	}

	withdrawal := event("Withdrawn", `{}`)
	next := appendTo(t, c, "savings-1", esdb.Revision(2), withdrawal)
	again := appendTo(t, c, "savings-1", esdb.Revision(2), withdrawal)
	assert.Equal(t, next, again)

	// The same first id followed by a new one is no retry but a conflict.
	_, err := c.AppendToStream(context.Background(), "savings-1",
		esdb.AppendToStreamOptions{ExpectedRevision: esdb.Revision(2)}, withdrawal, event("Withdrawn", `{}`))
	assert.Equal(t, esdb.ErrorCodeWrongExpectedVersion, errorCode(t, err))

	got := readStream(t, c, "savings-1", esdb.ReadStreamOptions{}, 100)
	require.Len(t, got, 4)
	for i, e := range batch {
		assert.Equal(t, e.EventID, got[i].EventID)
	}
	assert.Equal(t, withdrawal.EventID, got[3].EventID)
}

func TestAppendSizeLimit(t *testing.T) {
	_, c := start(t)
	ctx := context.Background()
	big := func(n int) esdb.EventData {
		return esdb.EventData{EventType: "Blob", ContentType: esdb.ContentTypeBinary, Data: make([]byte, n)}
	}

	_, err := c.AppendToStream(ctx, "blobs", esdb.AppendToStreamOptions{}, big(esdbtest.MaxAppendSize))
	require.Error(t, err)
	st, ok := status.FromError(errors.Unwrap(err))
	require.True(t, ok, "%v", err)
	assert.Equal(t, codes.InvalidArgument, st.Code())
	assert.Contains(t, st.Message(), "Maximum Append Size")

	// Over the limit only together: the whole append is refused.
	_, err = c.AppendToStream(ctx, "blobs", esdb.AppendToStreamOptions{}, big(600<<10), big(600<<10))
	require.Error(t, err)
	assert.Equal(t, codes.InvalidArgument, status.Code(errors.Unwrap(err)))

	rs, err := c.ReadStream(ctx, "blobs", esdb.ReadStreamOptions{}, 10)
	require.NoError(t, err)
	_, err = rs.Recv()
	assert.Equal(t, esdb.ErrorCodeResourceNotFound, errorCode(t, err))

	appendTo(t, c, "blobs", esdb.NoStream{}, big(esdbtest.MaxAppendSize-1024))
}

func TestReadStreamBothDirections(t *testing.T) {
	_, c := start(t)
	evs := events(10, "Deposited")
	appendTo(t, c, "loan-7", esdb.NoStream{}, evs...)

	cases := []struct {
		name  string
		opts  esdb.ReadStreamOptions
		count uint64
		want  []uint64
	}{
		{"forwards from start", esdb.ReadStreamOptions{}, 3, []uint64{0, 1, 2}},
		{"forwards from a revision includes it", esdb.ReadStreamOptions{From: esdb.Revision(7)}, 100, []uint64{7, 8, 9}},
		{"forwards past the end", esdb.ReadStreamOptions{From: esdb.Revision(10)}, 100, nil},
		{"forwards from end", esdb.ReadStreamOptions{From: esdb.End{}}, 100, nil},
		{"backwards from end", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.End{}}, 3, []uint64{9, 8, 7}},
		{"backwards from a revision includes it", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.Revision(2)}, 100, []uint64{2, 1, 0}},
		{"backwards from past the end", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.Revision(50)}, 2, []uint64{9, 8}},
		{"backwards from start", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.Start{}}, 5, []uint64{0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := readStream(t, c, "loan-7", tc.opts, tc.count)
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, revisions(got))
		})
	}

	got := readStream(t, c, "loan-7", esdb.ReadStreamOptions{}, 1)[0]
	assert.Equal(t, evs[0].EventID, got.EventID)
	assert.Equal(t, "loan-7", got.StreamID)
	assert.Equal(t, "Deposited", got.EventType)
	assert.Equal(t, "application/json", got.ContentType)
	assert.Equal(t, evs[0].Data, got.Data)
	assert.Equal(t, evs[0].Metadata, got.UserMetadata)
	assert.True(t, instant.Equal(got.CreatedDate), "created %v", got.CreatedDate)
}

func TestReadMissingStreamIsNotFoundOnFirstRecv(t *testing.T) {
	_, c := start(t)
	for _, dir := range []esdb.Direction{esdb.Forwards, esdb.Backwards} {
		rs, err := c.ReadStream(context.Background(), "nobody", esdb.ReadStreamOptions{Direction: dir}, 10)
		require.NoError(t, err, "the error comes with the first Recv")
		_, err = rs.Recv()
		assert.Equal(t, esdb.ErrorCodeResourceNotFound, errorCode(t, err))
		rs.Close()
	}
}

func TestReadAllBothDirectionsWithPositions(t *testing.T) {
	_, c := start(t)
	for i := range 4 {
		appendTo(t, c, fmt.Sprintf("member-%d", i), esdb.NoStream{}, events(2, "Joined")...)
	}

	all := readAll(t, c, esdb.ReadAllOptions{}, 1000)
	require.Len(t, all, 8)
	for i, e := range all {
		assert.Equal(t, e.Position.Commit, e.Position.Prepare)
		if i > 0 {
			assert.Greater(t, e.Position.Commit, all[i-1].Position.Commit)
		}
	}
	mid := all[3].Position

	from := readAll(t, c, esdb.ReadAllOptions{From: mid}, 2)
	require.Len(t, from, 2)
	assert.Equal(t, all[3].EventID, from[0].EventID, "forwards from a position includes it")

	back := readAll(t, c, esdb.ReadAllOptions{Direction: esdb.Backwards, From: mid}, 100)
	require.Len(t, back, 3, "backwards from a position excludes it")
	assert.Equal(t, all[2].EventID, back[0].EventID)
	assert.Equal(t, all[0].EventID, back[2].EventID)

	last := readAll(t, c, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.End{}}, 1)
	require.Len(t, last, 1)
	assert.Equal(t, all[7].EventID, last[0].EventID)

	assert.Empty(t, readAll(t, c, esdb.ReadAllOptions{From: esdb.End{}}, 10))
	assert.Empty(t, readAll(t, c, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.Start{}}, 10))
}

func TestDeleteAllowsNoStreamAndHidesEvents(t *testing.T) {
	_, c := start(t)
	ctx := context.Background()
	appendTo(t, c, "draft-1", esdb.NoStream{}, events(2, "Drafted")...)

	_, err := c.DeleteStream(ctx, "draft-1", esdb.DeleteStreamOptions{ExpectedRevision: esdb.Revision(0)})
	assert.Equal(t, esdb.ErrorCodeUnknown, errorCode(t, err), "v4 reads a wrong expected version on delete as unknown")
	assert.Equal(t, codes.FailedPrecondition, status.Code(errors.Unwrap(errors.Unwrap(err))))

	del, err := c.DeleteStream(ctx, "draft-1", esdb.DeleteStreamOptions{ExpectedRevision: esdb.Revision(1)})
	require.NoError(t, err)
	assert.NotZero(t, del.Position.Commit)

	rs, err := c.ReadStream(ctx, "draft-1", esdb.ReadStreamOptions{}, 10)
	require.NoError(t, err)
	_, err = rs.Recv()
	assert.Equal(t, esdb.ErrorCodeResourceNotFound, errorCode(t, err))

	_, err = c.AppendToStream(ctx, "draft-1", esdb.AppendToStreamOptions{ExpectedRevision: esdb.StreamExists{}}, event("Drafted", `{}`))
	assert.Equal(t, esdb.ErrorCodeStreamDeleted, errorCode(t, err), "the real server calls a soft-deleted stream deleted for StreamExists")

	res := appendTo(t, c, "draft-1", esdb.NoStream{}, event("Drafted", `{"again":true}`))
	assert.Equal(t, uint64(2), res.NextExpectedVersion, "revisions go on after a soft delete")
	got := readStream(t, c, "draft-1", esdb.ReadStreamOptions{}, 10)
	assert.Equal(t, []uint64{2}, revisions(got))
	assert.Equal(t, []uint64{2}, revisions(readStream(t, c, "draft-1", esdb.ReadStreamOptions{Direction: esdb.Backwards, From: esdb.End{}}, 10)))

	// $all keeps the deleted events and shows the metadata the delete wrote.
	var streams []string
	for _, e := range readAll(t, c, esdb.ReadAllOptions{}, 100) {
		streams = append(streams, e.StreamID+"/"+e.EventType)
	}
	assert.Equal(t, []string{"draft-1/Drafted", "draft-1/Drafted", "$$draft-1/$metadata", "draft-1/Drafted", "$$draft-1/$metadata"}, streams)
}

func TestTombstoneDeletesForGood(t *testing.T) {
	_, c := start(t)
	ctx := context.Background()
	appendTo(t, c, "closed-1", esdb.NoStream{}, events(2, "Opened")...)

	res, err := c.TombstoneStream(ctx, "closed-1", esdb.TombstoneStreamOptions{ExpectedRevision: esdb.Any{}})
	require.NoError(t, err)
	assert.NotZero(t, res.Position.Commit)

	rs, err := c.ReadStream(ctx, "closed-1", esdb.ReadStreamOptions{}, 10)
	require.NoError(t, err)
	_, err = rs.Recv()
	assert.Equal(t, esdb.ErrorCodeStreamDeleted, errorCode(t, err))
	assert.Contains(t, err.Error(), "closed-1")

	for _, want := range []esdb.ExpectedRevision{esdb.Any{}, esdb.NoStream{}} {
		_, err = c.AppendToStream(ctx, "closed-1", esdb.AppendToStreamOptions{ExpectedRevision: want}, event("Opened", `{}`))
		assert.Equal(t, esdb.ErrorCodeStreamDeleted, errorCode(t, err))
	}
	_, err = c.TombstoneStream(ctx, "closed-1", esdb.TombstoneStreamOptions{ExpectedRevision: esdb.Any{}})
	assert.Equal(t, esdb.ErrorCodeStreamDeleted, errorCode(t, err))
	_, err = c.DeleteStream(ctx, "closed-1", esdb.DeleteStreamOptions{ExpectedRevision: esdb.Any{}})
	assert.Equal(t, esdb.ErrorCodeStreamDeleted, errorCode(t, err))

	all := readAll(t, c, esdb.ReadAllOptions{}, 100)
	require.Len(t, all, 3)
	assert.Equal(t, "$streamDeleted", all[2].EventType)
	assert.Equal(t, "closed-1", all[2].StreamID)
	assert.Equal(t, res.Position, all[2].Position)
}
