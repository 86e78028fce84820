package esdbtest_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
)

// subscription wraps a client subscription with a deadline, so that a
// missing message fails the test instead of hanging it.
type subscription struct {
	t   *testing.T
	sub *esdb.Subscription
}

func subscribeCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func toStream(t *testing.T, c *esdb.Client, stream string, opts esdb.SubscribeToStreamOptions) *subscription {
	t.Helper()
	sub, err := c.SubscribeToStream(subscribeCtx(t), stream, opts)
	require.NoError(t, err)
	require.NotEmpty(t, sub.Id())
	t.Cleanup(func() { _ = sub.Close() })
	return &subscription{t: t, sub: sub}
}

func toAll(t *testing.T, c *esdb.Client, opts esdb.SubscribeToAllOptions) *subscription {
	t.Helper()
	sub, err := c.SubscribeToAll(subscribeCtx(t), opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub.Close() })
	return &subscription{t: t, sub: sub}
}

// next is the subscription's next message, described as "event STREAM/REV",
// "caught-up", "checkpoint" or "dropped".
func (s *subscription) next() (string, *esdb.SubscriptionEvent) {
	s.t.Helper()
	m := s.sub.Recv()
	switch {
	case m.EventAppeared != nil:
		e := m.EventAppeared.OriginalEvent()
		return "event " + e.StreamID + "/" + e.EventType, m
	case m.CaughtUp != nil:
		return "caught-up", m
	case m.CheckPointReached != nil:
		return "checkpoint", m
	case m.FellBehind != nil:
		return "fell-behind", m
	}
	return "dropped", m
}

// expect reads len(want) messages, skipping checkpoints, and compares them.
func (s *subscription) expect(want ...string) []*esdb.RecordedEvent {
	s.t.Helper()
	var got []string
	var evs []*esdb.RecordedEvent
	for len(got) < len(want) {
		kind, m := s.next()
		if kind == "checkpoint" {
			continue
		}
		got = append(got, kind)
		if m.EventAppeared != nil {
			evs = append(evs, m.EventAppeared.OriginalEvent())
		}
		if kind == "dropped" {
			break
		}
	}
	require.Equal(s.t, want, got)
	return evs
}

func TestSubscribeToStreamCatchUpCaughtUpLive(t *testing.T) {
	_, c := start(t)
	appendTo(t, c, "member-1", esdb.NoStream{}, events(3, "Deposited")...)

	fromStart := toStream(t, c, "member-1", esdb.SubscribeToStreamOptions{From: esdb.Start{}})
	evs := fromStart.expect("event member-1/Deposited", "event member-1/Deposited", "event member-1/Deposited", "caught-up")
	assert.Equal(t, []uint64{0, 1, 2}, revisions(evs))

	afterOne := toStream(t, c, "member-1", esdb.SubscribeToStreamOptions{From: esdb.Revision(1)})
	evs = afterOne.expect("event member-1/Deposited", "caught-up")
	assert.Equal(t, []uint64{2}, revisions(evs), "from revision r starts after r")

	liveOnly := toStream(t, c, "member-1", esdb.SubscribeToStreamOptions{})
	liveOnly.expect("caught-up")

	missing := toStream(t, c, "member-2", esdb.SubscribeToStreamOptions{From: esdb.Start{}})
	missing.expect("caught-up")

	appendTo(t, c, "member-2", esdb.NoStream{}, event("Joined", `{}`))
	appendTo(t, c, "member-1", esdb.Revision(2), events(2, "Withdrawn")...)
	for _, s := range []*subscription{fromStart, afterOne, liveOnly} {
		evs = s.expect("event member-1/Withdrawn", "event member-1/Withdrawn")
		assert.Equal(t, []uint64{3, 4}, revisions(evs))
	}
	missing.expect("event member-2/Joined")
}

func TestSubscribeToTombstonedStreamDrops(t *testing.T) {
	_, c := start(t)
	appendTo(t, c, "closed-1", esdb.NoStream{}, event("Opened", `{}`))
	sub := toStream(t, c, "closed-1", esdb.SubscribeToStreamOptions{From: esdb.Start{}})
	sub.expect("event closed-1/Opened", "caught-up")
	_, err := c.TombstoneStream(context.Background(), "closed-1", esdb.TombstoneStreamOptions{ExpectedRevision: esdb.Any{}})
	require.NoError(t, err)
	_, m := sub.next()
	require.NotNil(t, m.SubscriptionDropped)
	assert.Equal(t, codes.FailedPrecondition, status.Code(m.SubscriptionDropped.Error))
	assert.Contains(t, m.SubscriptionDropped.Error.Error(), "'closed-1' is deleted")
}

func TestSubscribeToAllFromPositionWithFilters(t *testing.T) {
	_, c := start(t)
	appendTo(t, c, "member-1", esdb.NoStream{}, event("Joined", `{}`))
	mark := appendTo(t, c, "loan-1", esdb.NoStream{}, event("Disbursed", `{}`))
	appendTo(t, c, "member-2", esdb.NoStream{}, event("Joined", `{}`))
	appendTo(t, c, "loan-2", esdb.NoStream{}, event("Disbursed", `{}`))
	from := esdb.Position{Commit: mark.CommitPosition, Prepare: mark.PreparePosition}

	everything := toAll(t, c, esdb.SubscribeToAllOptions{From: esdb.Start{}})
	everything.expect("event member-1/Joined", "event loan-1/Disbursed", "event member-2/Joined", "event loan-2/Disbursed", "caught-up")

	byStream := toAll(t, c, esdb.SubscribeToAllOptions{From: from, Filter: &esdb.SubscriptionFilter{
		Type: esdb.StreamFilterType, Prefixes: []string{"loan-"},
	}})
	evs := byStream.expect("event loan-2/Disbursed", "caught-up")
	assert.Greater(t, evs[0].Position.Commit, from.Commit, "from a position excludes it")

	byType := toAll(t, c, esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: &esdb.SubscriptionFilter{
		Type: esdb.EventFilterType, Prefixes: []string{"Jo"},
	}})
	byType.expect("event member-1/Joined", "event member-2/Joined", "caught-up")

	noSystem := toAll(t, c, esdb.SubscribeToAllOptions{From: from, Filter: esdb.ExcludeSystemEventsFilter()})
	noSystem.expect("event member-2/Joined", "event loan-2/Disbursed", "caught-up")

	live := toAll(t, c, esdb.SubscribeToAllOptions{})
	live.expect("caught-up")

	appendTo(t, c, "loan-1", esdb.Revision(0), event("Repaid", `{}`))
	appendTo(t, c, "member-3", esdb.NoStream{}, event("Joined", `{}`))
	byStream.expect("event loan-1/Repaid")
	byType.expect("event member-3/Joined")
	everything.expect("event loan-1/Repaid", "event member-3/Joined")
	live.expect("event loan-1/Repaid", "event member-3/Joined")
}

func TestFilteredSubscriptionSendsCheckpoints(t *testing.T) {
	_, c := start(t)
	for range 10 {
		appendTo(t, c, "noise", esdb.Any{}, event("Ignored", `{}`))
	}
	sub := toAll(t, c, esdb.SubscribeToAllOptions{From: esdb.Start{}, MaxSearchWindow: 4, Filter: &esdb.SubscriptionFilter{
		Type: esdb.StreamFilterType, Prefixes: []string{"loan-"},
	}})
	var kinds []string
	var last esdb.Position
	for {
		kind, m := sub.next()
		kinds = append(kinds, kind)
		if m.CheckPointReached != nil {
			assert.Greater(t, m.CheckPointReached.Commit, last.Commit)
			last = *m.CheckPointReached
		}
		if kind != "checkpoint" {
			break
		}
	}
	assert.Equal(t, []string{"checkpoint", "checkpoint", "checkpoint", "caught-up"}, kinds,
		"a checkpoint every 4 records looked at, and one on catching up")
	all := readAll(t, c, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.End{}}, 1)
	assert.Equal(t, all[0].Position, last, "the last checkpoint is the last record looked at")
}

// TestIdleSubscriptionOutlivesKeepalive keeps a subscription idle across
// the client's keepalive pings (every 10 s, the least grpc-go allows) and
// then sees it deliver. grpc-go's default policy would end it with
// too_many_pings after three pings; set ESDBTEST_SOAK=1 to idle that long.
func TestIdleSubscriptionOutlivesKeepalive(t *testing.T) {
	t.Parallel()
	idle := 12 * time.Second
	if os.Getenv("ESDBTEST_SOAK") != "" {
		idle = 45 * time.Second
	}
	assert.Equal(t, time.Second, esdbtest.KeepalivePolicy.MinTime)
	assert.True(t, esdbtest.KeepalivePolicy.PermitWithoutStream)

	_, c := start(t)
	sub := toStream(t, c, "quiet", esdb.SubscribeToStreamOptions{From: esdb.Start{}})
	sub.expect("caught-up")
	time.Sleep(idle) // the test is about idleness: nothing to wait for but time
	appendTo(t, c, "quiet", esdb.NoStream{}, event("Woke", `{}`))
	sub.expect("event quiet/Woke")
}

func TestRestartKeepsDataAndSubscriptionsResume(t *testing.T) {
	srv, c := start(t)
	addr := srv.Addr()
	appendTo(t, c, "member-1", esdb.NoStream{}, events(2, "Joined")...)

	sub := toAll(t, c, esdb.SubscribeToAllOptions{From: esdb.Start{}})
	evs := sub.expect("event member-1/Joined", "event member-1/Joined", "caught-up")
	checkpoint := evs[1].Position

	srv.Stop()
	kind, _ := sub.next()
	assert.Equal(t, "dropped", kind)
	require.NoError(t, srv.Restart())
	assert.Equal(t, addr, srv.Addr())

	// The same client reconnects; a call may fail while it notices.
	var err error
	for range 50 {
		if _, err = c.AppendToStream(context.Background(), "member-1",
			esdb.AppendToStreamOptions{ExpectedRevision: esdb.Revision(1)}, event("Deposited", `{}`)); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	require.NoError(t, err)

	resumed := toAll(t, c, esdb.SubscribeToAllOptions{From: checkpoint})
	resumed.expect("event member-1/Deposited", "caught-up")
	appendTo(t, c, "member-1", esdb.Revision(2), event("Withdrawn", `{}`))
	resumed.expect("event member-1/Withdrawn")

	assert.Equal(t, []uint64{0, 1, 2, 3}, revisions(readStream(t, c, "member-1", esdb.ReadStreamOptions{}, 10)))

	// A client that connects only after the restart sees the same data.
	fresh := connect(t, srv.URL())
	assert.Len(t, readAll(t, fresh, esdb.ReadAllOptions{}, 100), 4)
}

func TestSystemEventsOption(t *testing.T) {
	srv, c := start(t, esdbtest.WithSystemEvents())
	appendTo(t, c, "member-1", esdb.NoStream{}, event("Joined", `{}`))

	streamsOf := func(client *esdb.Client) []string {
		var out []string
		for _, e := range readAll(t, client, esdb.ReadAllOptions{}, 100) {
			out = append(out, e.StreamID)
		}
		return out
	}
	assert.Equal(t, []string{"$settings", "$epoch-information", "member-1"}, streamsOf(c))

	require.NoError(t, srv.Restart())
	fresh := connect(t, srv.URL())
	assert.Equal(t, []string{"$settings", "$epoch-information", "member-1", "$epoch-information"}, streamsOf(fresh))

	sub := toAll(t, fresh, esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: esdb.ExcludeSystemEventsFilter()})
	sub.expect("event member-1/Joined", "caught-up")
}
