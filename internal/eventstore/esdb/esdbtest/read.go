package esdbtest

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// batchSize bounds the records a read or a subscription copies out of the
// log under one hold of its lock.
const batchSize = 512

// defaultSearchWindow is the client's default filter window; with the
// checkpoint interval multiplier it spaces a filtered subscription's
// checkpoints.
const defaultSearchWindow = 32

// Read serves plain reads and subscriptions, of a stream or of $all.
func (s *streamsService) Read(req *streams.ReadReq, srv streams.Streams_ReadServer) error {
	opts := req.GetOptions()
	if opts == nil {
		return status.Error(codes.InvalidArgument, "read options are missing")
	}
	f, err := newFilter(opts)
	if err != nil {
		return err
	}
	backwards := opts.GetReadDirection() == streams.ReadReq_Options_Backwards
	_, subscribe := opts.GetCountOption().(*streams.ReadReq_Options_Subscription)
	switch so := opts.GetStreamOption().(type) {
	case *streams.ReadReq_Options_Stream:
		name := string(so.Stream.GetStreamIdentifier().GetStreamName())
		if name == "" {
			return status.Error(codes.InvalidArgument, "stream name is empty")
		}
		if subscribe {
			return s.subscribeStream(srv, name, so.Stream)
		}
		return s.readStream(srv, name, so.Stream, backwards, opts.GetCount())
	case *streams.ReadReq_Options_All:
		if subscribe {
			return s.subscribeAll(srv, so.All, f)
		}
		return s.readAll(srv, so.All, backwards, opts.GetCount(), f)
	}
	return status.Error(codes.InvalidArgument, "read must name a stream or $all")
}

// readStream sends up to count events of one stream. Forwards from r
// includes r; backwards from r past the end starts at the last event. A
// missing or soft-deleted stream gets one stream_not_found message.
func (s *streamsService) readStream(srv streams.Streams_ReadServer, name string, o *streams.ReadReq_Options_StreamOptions, backwards bool, count uint64) error {
	s.log.mu.Lock()
	st := s.log.streams[name]
	if st != nil && st.tombstoned {
		s.log.mu.Unlock()
		return streamDeleted(name)
	}
	if !st.visible() {
		s.log.mu.Unlock()
		return srv.Send(&streams.ReadResp{Content: &streams.ReadResp_StreamNotFound_{
			StreamNotFound: &streams.ReadResp_StreamNotFound{StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(name)}},
		}})
	}
	lo, hi := st.truncateBefore, uint64(len(st.recs)) // visible revisions [lo, hi)
	var picked []*record
	if backwards {
		from := hi - 1
		switch r := o.GetRevisionOption().(type) {
		case *streams.ReadReq_Options_StreamOptions_Start:
			from = 0
		case *streams.ReadReq_Options_StreamOptions_Revision:
			from = min(r.Revision, hi-1)
		}
		for rev := from; rev >= lo && rev < hi && uint64(len(picked)) < count; rev-- {
			picked = append(picked, st.recs[rev])
			if rev == 0 {
				break
			}
		}
	} else {
		from := lo
		switch r := o.GetRevisionOption().(type) {
		case *streams.ReadReq_Options_StreamOptions_End:
			from = hi
		case *streams.ReadReq_Options_StreamOptions_Revision:
			from = max(r.Revision, lo)
		}
		for rev := from; rev < hi && uint64(len(picked)) < count; rev++ {
			picked = append(picked, st.recs[rev])
		}
	}
	s.log.mu.Unlock()
	for _, r := range picked {
		if err := srv.Send(eventResp(r, false)); err != nil {
			return err
		}
	}
	return nil
}

// readAll sends up to count records of the global log. Forwards from p
// includes p; backwards from p excludes it.
func (s *streamsService) readAll(srv streams.Streams_ReadServer, o *streams.ReadReq_Options_AllOptions, backwards bool, count uint64, f *filter) error {
	var sent uint64
	if backwards {
		s.log.mu.Lock()
		next := len(s.log.records) // records before next remain to be read
		switch p := o.GetAllOption().(type) {
		case *streams.ReadReq_Options_AllOptions_Start:
			next = 0
		case *streams.ReadReq_Options_AllOptions_Position:
			next = s.log.indexAtOrAfter(p.Position.GetCommitPosition())
		}
		s.log.mu.Unlock()
		for next > 0 && sent < count {
			s.log.mu.Lock()
			lo := max(0, next-batchSize)
			batch := append([]*record(nil), s.log.records[lo:next]...)
			s.log.mu.Unlock()
			next = lo
			for i := len(batch) - 1; i >= 0 && sent < count; i-- {
				if !f.match(batch[i]) {
					continue
				}
				if err := srv.Send(eventResp(batch[i], true)); err != nil {
					return err
				}
				sent++
			}
		}
		return nil
	}
	s.log.mu.Lock()
	next := 0
	switch p := o.GetAllOption().(type) {
	case *streams.ReadReq_Options_AllOptions_End:
		next = len(s.log.records)
	case *streams.ReadReq_Options_AllOptions_Position:
		next = s.log.indexAtOrAfter(p.Position.GetCommitPosition())
	}
	s.log.mu.Unlock()
	for sent < count {
		s.log.mu.Lock()
		hi := min(len(s.log.records), next+batchSize)
		batch := append([]*record(nil), s.log.records[next:hi]...)
		s.log.mu.Unlock()
		if len(batch) == 0 {
			return nil
		}
		next = hi
		for _, r := range batch {
			if sent == count {
				break
			}
			if !f.match(r) {
				continue
			}
			if err := srv.Send(eventResp(r, true)); err != nil {
				return err
			}
			sent++
		}
	}
	return nil
}

// subscribeStream confirms, sends the stream's events from the start
// point (Start, after revision r, or End), then caught_up, then each new
// event as it is appended. A missing stream is waited for.
func (s *streamsService) subscribeStream(srv streams.Streams_ReadServer, name string, o *streams.ReadReq_Options_StreamOptions) error {
	if err := srv.Send(confirmation()); err != nil {
		return err
	}
	ctx := srv.Context()
	s.log.mu.Lock()
	var next uint64
	switch r := o.GetRevisionOption().(type) {
	case *streams.ReadReq_Options_StreamOptions_End:
		if st := s.log.streams[name]; st != nil {
			next = uint64(len(st.recs))
		}
	case *streams.ReadReq_Options_StreamOptions_Revision:
		next = r.Revision + 1
	}
	s.log.mu.Unlock()
	caughtUp := false
	for {
		s.log.mu.Lock()
		st := s.log.streams[name]
		if st != nil && st.tombstoned {
			s.log.mu.Unlock()
			return streamDeleted(name)
		}
		var batch []*record
		if st != nil {
			next = max(next, st.truncateBefore)
			if next < uint64(len(st.recs)) {
				hi := min(uint64(len(st.recs)), next+batchSize)
				batch = append(batch, st.recs[next:hi]...)
				next = hi
			}
		}
		changed := s.log.changed
		s.log.mu.Unlock()
		for _, r := range batch {
			if err := srv.Send(eventResp(r, false)); err != nil {
				return err
			}
		}
		if len(batch) > 0 {
			continue
		}
		if !caughtUp {
			if err := srv.Send(caughtUpResp()); err != nil {
				return err
			}
			caughtUp = true
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return status.FromContextError(ctx.Err()).Err()
		}
	}
}

// subscribeAll confirms, sends $all's records after the start point
// (Start, after position p, or End) that pass the filter, then caught_up,
// then live records. A filtered subscription also sends a checkpoint
// every window×multiplier records it looked at, and when it catches up.
func (s *streamsService) subscribeAll(srv streams.Streams_ReadServer, o *streams.ReadReq_Options_AllOptions, f *filter) error {
	if err := srv.Send(confirmation()); err != nil {
		return err
	}
	ctx := srv.Context()
	s.log.mu.Lock()
	next := 0
	switch p := o.GetAllOption().(type) {
	case *streams.ReadReq_Options_AllOptions_End:
		next = len(s.log.records)
	case *streams.ReadReq_Options_AllOptions_Position:
		next = s.log.indexAtOrAfter(p.Position.GetCommitPosition() + 1)
	}
	s.log.mu.Unlock()
	caughtUp := false
	scanned := 0         // records looked at since the last checkpoint
	var lastSeen *record // the last record looked at
	for {
		s.log.mu.Lock()
		hi := min(len(s.log.records), next+batchSize)
		batch := append([]*record(nil), s.log.records[next:hi]...)
		changed := s.log.changed
		s.log.mu.Unlock()
		next = hi
		for _, r := range batch {
			lastSeen = r
			scanned++
			if f.match(r) {
				if err := srv.Send(eventResp(r, true)); err != nil {
					return err
				}
			}
			if f != nil && scanned >= f.checkpointEvery {
				if err := srv.Send(checkpointResp(r.position)); err != nil {
					return err
				}
				scanned = 0
			}
		}
		if len(batch) > 0 {
			continue
		}
		if !caughtUp {
			if f != nil && scanned > 0 {
				if err := srv.Send(checkpointResp(lastSeen.position)); err != nil {
					return err
				}
				scanned = 0
			}
			if err := srv.Send(caughtUpResp()); err != nil {
				return err
			}
			caughtUp = true
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return status.FromContextError(ctx.Err()).Err()
		}
	}
}

func confirmation() *streams.ReadResp {
	return &streams.ReadResp{Content: &streams.ReadResp_Confirmation{
		Confirmation: &streams.ReadResp_SubscriptionConfirmation{SubscriptionId: newID()},
	}}
}

func caughtUpResp() *streams.ReadResp {
	return &streams.ReadResp{Content: &streams.ReadResp_CaughtUp_{CaughtUp: &streams.ReadResp_CaughtUp{}}}
}

func checkpointResp(pos uint64) *streams.ReadResp {
	return &streams.ReadResp{Content: &streams.ReadResp_Checkpoint_{
		Checkpoint: &streams.ReadResp_Checkpoint{CommitPosition: pos, PreparePosition: pos},
	}}
}

// eventResp renders a record as the client expects it: "created" in .NET
// ticks, "type" and "content-type" in the metadata, a structured id. Only
// $all reads and subscriptions carry the commit position beside the event.
func eventResp(r *record, withPosition bool) *streams.ReadResp {
	ev := &streams.ReadResp_ReadEvent{Event: &streams.ReadResp_ReadEvent_RecordedEvent{
		Id:               idToProto(r.id),
		StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(r.stream)},
		StreamRevision:   r.revision,
		PreparePosition:  r.position,
		CommitPosition:   r.position,
		Metadata: map[string]string{
			"type":         r.eventType,
			"content-type": r.contentType,
			"created":      strconv.FormatInt(r.created, 10),
		},
		CustomMetadata: r.meta,
		Data:           r.data,
	}}
	if withPosition {
		ev.Position = &streams.ReadResp_ReadEvent_CommitPosition{CommitPosition: r.position}
	} else {
		ev.Position = &streams.ReadResp_ReadEvent_NoPosition{NoPosition: &shared.Empty{}}
	}
	return &streams.ReadResp{Content: &streams.ReadResp_Event{Event: ev}}
}

// filter selects $all records by stream name or event type, by prefixes
// or a regular expression. A nil filter selects everything.
type filter struct {
	byType          bool
	prefixes        []string
	re              *regexp.Regexp
	checkpointEvery int
}

func newFilter(opts *streams.ReadReq_Options) (*filter, error) {
	fo := opts.GetFilter()
	if fo == nil {
		return nil, nil
	}
	f := &filter{}
	var expr *streams.ReadReq_Options_FilterOptions_Expression
	switch e := fo.GetFilter().(type) {
	case *streams.ReadReq_Options_FilterOptions_StreamIdentifier:
		expr = e.StreamIdentifier
	case *streams.ReadReq_Options_FilterOptions_EventType:
		expr, f.byType = e.EventType, true
	default:
		return nil, status.Error(codes.InvalidArgument, "filter names neither stream nor event type")
	}
	f.prefixes = expr.GetPrefix()
	if re := expr.GetRegex(); re != "" {
		compiled, err := regexp.Compile(re)
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "filter regex: %v", err)
		}
		f.re = compiled
	}
	window := defaultSearchWindow
	if m, ok := fo.GetWindow().(*streams.ReadReq_Options_FilterOptions_Max); ok && m.Max > 0 {
		window = int(m.Max)
	}
	f.checkpointEvery = window * max(1, int(fo.GetCheckpointIntervalMultiplier()))
	return f, nil
}

func (f *filter) match(r *record) bool {
	if f == nil {
		return true
	}
	subject := r.stream
	if f.byType {
		subject = r.eventType
	}
	if f.re != nil {
		return f.re.MatchString(subject)
	}
	for _, p := range f.prefixes {
		if strings.HasPrefix(subject, p) {
			return true
		}
	}
	return false
}
