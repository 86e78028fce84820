package esdbtest

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// streamsService implements the Streams service over the memory log.
type streamsService struct {
	streams.UnimplementedStreamsServer
	log *memLog
}

// Append reads the options, then the events, checks them all and writes
// them at once, as the real server does for one append call.
func (s *streamsService) Append(srv streams.Streams_AppendServer) error {
	first, err := srv.Recv()
	if err != nil {
		return err
	}
	opts := first.GetOptions()
	if opts == nil {
		return status.Error(codes.InvalidArgument, "the first append message must carry the options")
	}
	name := string(opts.GetStreamIdentifier().GetStreamName())
	if name == "" {
		return status.Error(codes.InvalidArgument, "stream name is empty")
	}
	want, err := appendExpectation(opts)
	if err != nil {
		return err
	}
	// A rejected append is still read to its end: the client sends every
	// event before it reads the reply, and would otherwise see only EOF.
	var events []proposed
	var failure error
	ids := make([]uuid.UUID, 0, 8)
	size := 0
	for {
		msg, err := srv.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if failure != nil {
			continue
		}
		pm := msg.GetProposedMessage()
		if pm == nil {
			failure = status.Error(codes.InvalidArgument, "append messages after the first must carry an event")
			continue
		}
		e, err := proposedEvent(pm)
		if err != nil {
			failure = err
			continue
		}
		size += len(e.data) + len(e.meta) + len(e.eventType)
		if size > MaxAppendSize {
			failure, events, ids = maxAppendSizeExceeded(), nil, nil
			continue
		}
		events = append(events, e)
		ids = append(ids, e.id)
	}
	if failure != nil {
		return failure
	}

	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	res := s.log.check(name, want, ids)
	switch res.decision {
	case decideDeleted:
		return streamDeleted(name)
	case decideWrongExpected:
		return srv.SendAndClose(&streams.AppendResp{Result: &streams.AppendResp_WrongExpectedVersion_{
			WrongExpectedVersion: wrongExpectedVersion(res.current, want),
		}})
	case decideIdempotent:
		return srv.SendAndClose(appendSuccess(int64(res.revision), res.position))
	}
	recs := s.log.write(name, events)
	if len(recs) == 0 {
		// An empty append changes nothing; the reply names the current state.
		return srv.SendAndClose(appendSuccess(res.current, 0))
	}
	last := recs[len(recs)-1]
	return srv.SendAndClose(appendSuccess(int64(last.revision), last.position))
}

func appendExpectation(opts *streams.AppendReq_Options) (expectation, error) {
	switch o := opts.GetExpectedStreamRevision().(type) {
	case *streams.AppendReq_Options_Any:
		return expectation{kind: expectAny}, nil
	case *streams.AppendReq_Options_NoStream:
		return expectation{kind: expectNoStream}, nil
	case *streams.AppendReq_Options_StreamExists:
		return expectation{kind: expectStreamExists}, nil
	case *streams.AppendReq_Options_Revision:
		return expectation{kind: expectRevision, revision: o.Revision}, nil
	}
	return expectation{}, status.Error(codes.InvalidArgument, "expected stream revision is missing")
}

// proposedEvent checks one event of an append. The real server requires
// the type and content-type metadata and a structured or string id.
func proposedEvent(pm *streams.AppendReq_ProposedMessage) (proposed, error) {
	eventType, okType := pm.GetMetadata()["type"]
	contentType, okContent := pm.GetMetadata()["content-type"]
	if !okType || !okContent {
		return proposed{}, missingMetadata()
	}
	id, err := idFromProto(pm.GetId())
	if err != nil {
		return proposed{}, status.Errorf(codes.InvalidArgument, "event id: %v", err)
	}
	data, meta := pm.GetData(), pm.GetCustomMetadata()
	if data == nil {
		data = []byte{}
	}
	if meta == nil {
		meta = []byte{}
	}
	return proposed{id: id, eventType: eventType, contentType: contentType, data: data, meta: meta}, nil
}

func idFromProto(id *shared.UUID) (uuid.UUID, error) {
	if st := id.GetStructured(); st != nil {
		var u uuid.UUID
		binary.BigEndian.PutUint64(u[:8], uint64(st.GetMostSignificantBits()))
		binary.BigEndian.PutUint64(u[8:], uint64(st.GetLeastSignificantBits()))
		return u, nil
	}
	if str := id.GetString_(); str != "" {
		return uuid.Parse(str)
	}
	return uuid.UUID{}, errors.New("missing")
}

func idToProto(u uuid.UUID) *shared.UUID {
	return &shared.UUID{Value: &shared.UUID_Structured_{Structured: &shared.UUID_Structured{
		MostSignificantBits:  int64(binary.BigEndian.Uint64(u[:8])),
		LeastSignificantBits: int64(binary.BigEndian.Uint64(u[8:])),
	}}}
}

func newID() string { return uuid.NewString() }

func appendSuccess(revision int64, position uint64) *streams.AppendResp {
	ok := &streams.AppendResp_Success{}
	if revision < 0 {
		ok.CurrentRevisionOption = &streams.AppendResp_Success_NoStream{NoStream: &shared.Empty{}}
	} else {
		ok.CurrentRevisionOption = &streams.AppendResp_Success_CurrentRevision{CurrentRevision: uint64(revision)}
	}
	if position == 0 {
		ok.PositionOption = &streams.AppendResp_Success_NoPosition{NoPosition: &shared.Empty{}}
	} else {
		ok.PositionOption = &streams.AppendResp_Success_Position{Position: &streams.AppendResp_Position{
			CommitPosition: position, PreparePosition: position,
		}}
	}
	return &streams.AppendResp{Result: &streams.AppendResp_Success_{Success: ok}}
}

// wrongExpectedVersion fills both the current oneofs, which the v4 client
// reads, and the 20.6.0 ones older clients read.
func wrongExpectedVersion(current int64, want expectation) *streams.AppendResp_WrongExpectedVersion {
	w := &streams.AppendResp_WrongExpectedVersion{}
	if current < 0 {
		w.CurrentRevisionOption = &streams.AppendResp_WrongExpectedVersion_CurrentNoStream{CurrentNoStream: &shared.Empty{}}
		w.CurrentRevisionOption_20_6_0 = &streams.AppendResp_WrongExpectedVersion_NoStream_20_6_0{NoStream_20_6_0: &shared.Empty{}}
	} else {
		w.CurrentRevisionOption = &streams.AppendResp_WrongExpectedVersion_CurrentRevision{CurrentRevision: uint64(current)}
		w.CurrentRevisionOption_20_6_0 = &streams.AppendResp_WrongExpectedVersion_CurrentRevision_20_6_0{CurrentRevision_20_6_0: uint64(current)}
	}
	switch want.kind {
	case expectAny:
		w.ExpectedRevisionOption = &streams.AppendResp_WrongExpectedVersion_ExpectedAny{ExpectedAny: &shared.Empty{}}
		w.ExpectedRevisionOption_20_6_0 = &streams.AppendResp_WrongExpectedVersion_Any_20_6_0{Any_20_6_0: &shared.Empty{}}
	case expectNoStream:
		w.ExpectedRevisionOption = &streams.AppendResp_WrongExpectedVersion_ExpectedNoStream{ExpectedNoStream: &shared.Empty{}}
	case expectStreamExists:
		w.ExpectedRevisionOption = &streams.AppendResp_WrongExpectedVersion_ExpectedStreamExists{ExpectedStreamExists: &shared.Empty{}}
		w.ExpectedRevisionOption_20_6_0 = &streams.AppendResp_WrongExpectedVersion_StreamExists_20_6_0{StreamExists_20_6_0: &shared.Empty{}}
	case expectRevision:
		w.ExpectedRevisionOption = &streams.AppendResp_WrongExpectedVersion_ExpectedRevision{ExpectedRevision: want.revision}
		w.ExpectedRevisionOption_20_6_0 = &streams.AppendResp_WrongExpectedVersion_ExpectedRevision_20_6_0{ExpectedRevision_20_6_0: want.revision}
	}
	return w
}

// Errors with the trailers the client reads: "exception" names the kind.

func rpcError(c codes.Code, msg string, trailer ...string) error {
	return &trailerError{st: status.New(c, msg), md: metadata.Pairs(trailer...)}
}

// trailerError carries a status and the trailers to send with it.
type trailerError struct {
	st *status.Status
	md metadata.MD
}

func (e *trailerError) Error() string              { return e.st.Err().Error() }
func (e *trailerError) GRPCStatus() *status.Status { return e.st }

func streamDeleted(name string) error {
	return rpcError(codes.FailedPrecondition, fmt.Sprintf("Event stream '%s' is deleted.", name),
		"exception", "stream-deleted", "stream-name", name)
}

func maxAppendSizeExceeded() error {
	return rpcError(codes.InvalidArgument, fmt.Sprintf("Maximum Append Size of %d Exceeded.", MaxAppendSize),
		"exception", "maximum-append-size-exceeded", "maximum-append-size", strconv.Itoa(MaxAppendSize))
}

func missingMetadata() error {
	return rpcError(codes.InvalidArgument, "Required Metadata Properties Missing: type, content-type",
		"exception", "missing-required-metadata-property", "required-metadata-properties", "type,content-type")
}

func deleteWrongExpectedVersion(name string, current int64, want expectation) error {
	exp := map[expectKind]string{expectAny: "-2", expectNoStream: "-1", expectStreamExists: "-4"}[want.kind]
	if want.kind == expectRevision {
		exp = strconv.FormatUint(want.revision, 10)
	}
	cur := strconv.FormatInt(current, 10)
	return rpcError(codes.FailedPrecondition,
		fmt.Sprintf("Append failed due to WrongExpectedVersion. Stream: %s, Expected version: %s, Actual version: %s", name, exp, cur),
		"exception", "wrong-expected-version", "stream-name", name,
		"expected-version", exp, "actual-version", cur)
}

// trailerInterceptors set the trailers of a trailerError before gRPC
// writes the status.
func unaryTrailers(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	resp, err := handler(ctx, req)
	var te *trailerError
	if errors.As(err, &te) {
		_ = grpc.SetTrailer(ctx, te.md)
	}
	return resp, err
}

func streamTrailers(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	err := handler(srv, ss)
	var te *trailerError
	if errors.As(err, &te) {
		ss.SetTrailer(te.md)
	}
	return err
}

// Delete soft-deletes a stream: reads find it no more, and the next append
// (NoStream allowed) continues its revisions.
func (s *streamsService) Delete(_ context.Context, req *streams.DeleteReq) (*streams.DeleteResp, error) {
	opts := req.GetOptions()
	name := string(opts.GetStreamIdentifier().GetStreamName())
	if name == "" {
		return nil, status.Error(codes.InvalidArgument, "stream name is empty")
	}
	want, err := deleteExpectation(opts.GetExpectedStreamRevision())
	if err != nil {
		return nil, err
	}
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	if err := s.checkDelete(name, want); err != nil {
		return nil, err
	}
	r := s.log.softDelete(name)
	return &streams.DeleteResp{PositionOption: &streams.DeleteResp_Position_{Position: &streams.DeleteResp_Position{
		CommitPosition: r.position, PreparePosition: r.position,
	}}}, nil
}

// Tombstone deletes a stream for good: reads, appends and subscriptions
// fail with stream-deleted from then on.
func (s *streamsService) Tombstone(_ context.Context, req *streams.TombstoneReq) (*streams.TombstoneResp, error) {
	opts := req.GetOptions()
	name := string(opts.GetStreamIdentifier().GetStreamName())
	if name == "" {
		return nil, status.Error(codes.InvalidArgument, "stream name is empty")
	}
	want, err := deleteExpectation(opts.GetExpectedStreamRevision())
	if err != nil {
		return nil, err
	}
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	if err := s.checkDelete(name, want); err != nil {
		return nil, err
	}
	r := s.log.tombstone(name)
	return &streams.TombstoneResp{PositionOption: &streams.TombstoneResp_Position_{Position: &streams.TombstoneResp_Position{
		CommitPosition: r.position, PreparePosition: r.position,
	}}}, nil
}

// checkDelete applies the append check with a fresh event id, as the real
// server does for deletes. The caller holds the log's lock.
func (s *streamsService) checkDelete(name string, want expectation) error {
	res := s.log.check(name, want, []uuid.UUID{uuid.New()})
	switch res.decision {
	case decideDeleted:
		return streamDeleted(name)
	case decideWrongExpected:
		return deleteWrongExpectedVersion(name, res.current, want)
	}
	return nil
}

// deleteExpectation reads the expected revision of Delete and Tombstone,
// whose generated oneofs differ in type but not in shape.
func deleteExpectation(o any) (expectation, error) {
	switch o := o.(type) {
	case *streams.DeleteReq_Options_Any, *streams.TombstoneReq_Options_Any:
		return expectation{kind: expectAny}, nil
	case *streams.DeleteReq_Options_NoStream, *streams.TombstoneReq_Options_NoStream:
		return expectation{kind: expectNoStream}, nil
	case *streams.DeleteReq_Options_StreamExists, *streams.TombstoneReq_Options_StreamExists:
		return expectation{kind: expectStreamExists}, nil
	case *streams.DeleteReq_Options_Revision:
		return expectation{kind: expectRevision, revision: o.Revision}, nil
	case *streams.TombstoneReq_Options_Revision:
		return expectation{kind: expectRevision, revision: o.Revision}, nil
	}
	return expectation{}, status.Error(codes.InvalidArgument, "expected stream revision is missing")
}
