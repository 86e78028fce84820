package esdbtest_test

import (
	"context"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
)

// These tests speak raw gRPC, to see what the client hides: trailers,
// and requests the client never sends wrong.

func dial(t *testing.T) *grpc.ClientConn {
	t.Helper()
	srv := esdbtest.Start(t)
	conn, err := grpc.NewClient(srv.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func TestServerFeaturesVersionIsNumeric(t *testing.T) {
	conn := dial(t)
	got, err := serverfeatures.NewServerFeaturesClient(conn).GetSupportedMethods(context.Background(), &shared.Empty{})
	require.NoError(t, err)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, got.GetEventStoreServerVersion())
	for _, m := range got.GetMethods() {
		assert.NotEqual(t, "batchappend", m.GetMethodName(), "the server has no BatchAppend")
	}
}

func rawAppend(t *testing.T, conn *grpc.ClientConn, stream string, md map[string]string) (metadata.MD, error) {
	t.Helper()
	var trailer metadata.MD
	call, err := streams.NewStreamsClient(conn).Append(context.Background(), grpc.Trailer(&trailer))
	require.NoError(t, err)
	require.NoError(t, call.Send(&streams.AppendReq{Content: &streams.AppendReq_Options_{Options: &streams.AppendReq_Options{
		StreamIdentifier:       &shared.StreamIdentifier{StreamName: []byte(stream)},
		ExpectedStreamRevision: &streams.AppendReq_Options_Any{Any: &shared.Empty{}},
	}}}))
	require.NoError(t, call.Send(&streams.AppendReq{Content: &streams.AppendReq_ProposedMessage_{ProposedMessage: &streams.AppendReq_ProposedMessage{
		Id:       &shared.UUID{Value: &shared.UUID_String_{String_: uuid.NewString()}},
		Metadata: md,
		Data:     []byte(`{}`),
	}}}))
	_, err = call.CloseAndRecv()
	return trailer, err
}

func TestAppendRequiresTypeAndContentType(t *testing.T) {
	conn := dial(t)
	for _, md := range []map[string]string{
		{"type": "Joined"},
		{"content-type": "application/json"},
	} {
		trailer, err := rawAppend(t, conn, "member-1", md)
		assert.Equal(t, codes.InvalidArgument, status.Code(err))
		assert.Equal(t, []string{"missing-required-metadata-property"}, trailer.Get("exception"))
	}
	_, err := rawAppend(t, conn, "member-1", map[string]string{"type": "Joined", "content-type": "application/json"})
	require.NoError(t, err, "a string id is accepted too")
}

func TestStreamDeletedCarriesStreamName(t *testing.T) {
	conn := dial(t)
	_, err := streams.NewStreamsClient(conn).Tombstone(context.Background(), &streams.TombstoneReq{Options: &streams.TombstoneReq_Options{
		StreamIdentifier:       &shared.StreamIdentifier{StreamName: []byte("gone")},
		ExpectedStreamRevision: &streams.TombstoneReq_Options_NoStream{NoStream: &shared.Empty{}},
	}})
	require.NoError(t, err)

	trailer, err := rawAppend(t, conn, "gone", map[string]string{"type": "Joined", "content-type": "application/json"})
	assert.Equal(t, codes.FailedPrecondition, status.Code(err))
	assert.Equal(t, []string{"stream-deleted"}, trailer.Get("exception"))
	assert.Equal(t, []string{"gone"}, trailer.Get("stream-name"))
}
