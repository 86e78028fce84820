// Package esdbtest is an in-process EventStoreDB (KurrentDB) test server:
// a gRPC server on the loopback interface that speaks the parts of the
// protocol the official Go client v4 uses, backed by memory.
//
// It answers ServerFeatures and the Streams service: Append with every
// kind of expected revision, idempotent retries by event id and the 1 MiB
// append limit; Read of a stream and of $all in both directions; catch-up
// and live subscriptions to a stream and to $all (confirmation, caught-up,
// filters and checkpoints); Delete and Tombstone. Its replies follow the
// real server's, as docs/eventstoredb.md records them, down to the gRPC
// status codes and trailers the client reads.
//
// The memory outlives the gRPC server: Stop and Restart take the server
// away and bring it back on the same address with its data, so tests can
// see a client or a subscription survive an outage.
//
// A Server is safe for concurrent use.
package esdbtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// Version is the server version reported by ServerFeatures. The client
// parses it as N.N.N: a suffix such as -rc breaks its discovery.
const Version = "24.10.0"

// MaxAppendSize is the largest append the server accepts, in bytes of
// event data, metadata and type, as the real server's default.
const MaxAppendSize = 1 << 20

// maxMessageSize lets oversized appends through gRPC so that the server,
// not the transport, rejects them, with the real server's error.
const maxMessageSize = 17 << 20

// KeepalivePolicy is the server's keepalive enforcement. The client pings
// every 10 s even without active calls; grpc-go's default policy answers
// such pings with GOAWAY "too_many_pings", dropping idle subscriptions.
var KeepalivePolicy = keepalive.EnforcementPolicy{
	MinTime:             time.Second,
	PermitWithoutStream: true,
}

// Option changes how Start sets up a Server.
type Option func(*config)

type config struct {
	addr         string
	systemEvents bool
	clock        func() time.Time
}

// WithAddr listens on addr (host:port) instead of a free loopback port.
func WithAddr(addr string) Option {
	return func(c *config) { c.addr = addr }
}

// WithSystemEvents makes the server write system events into $all as a
// real node does: an $epoch-information event at every start and a
// $settings event at the first, so adapters are tested against them.
// Deletes and tombstones write their system records whatever this says.
func WithSystemEvents() Option {
	return func(c *config) { c.systemEvents = true }
}

// WithClock stamps events' "created" metadata with clock's time instead
// of the wall clock's.
func WithClock(clock func() time.Time) Option {
	return func(c *config) { c.clock = clock }
}

// Server is a running (or stopped) test server.
type Server struct {
	cfg  config
	log  *memLog
	addr string

	mu     sync.Mutex
	grpc   *grpc.Server
	closed bool
	serve  chan struct{} // closed when the current Serve returns
}

// Start starts a server on a free loopback port. With a non-nil tb, a
// failure fails the test and the server is closed when the test ends;
// with nil, a failure panics.
func Start(tb testing.TB, opts ...Option) *Server {
	if tb != nil {
		tb.Helper()
	}
	s, err := Listen(opts...)
	if err != nil {
		if tb == nil {
			panic(err)
		}
		tb.Fatalf("esdbtest: %v", err)
	}
	if tb != nil {
		tb.Cleanup(s.Close)
	}
	return s
}

// Listen starts a server and returns it, or the error that stopped it.
// Close it when done.
func Listen(opts ...Option) (*Server, error) {
	cfg := config{addr: "127.0.0.1:0", clock: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{cfg: cfg, log: newMemLog(cfg.clock)}
	if cfg.systemEvents {
		s.log.mu.Lock()
		s.log.writeSystem(streamSettings, typeSettings, `{"$userStreamAcl":{},"$systemStreamAcl":{}}`)
		s.log.mu.Unlock()
	}
	lis, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	s.addr = lis.Addr().String()
	s.serveOn(lis)
	return s, nil
}

// Addr is the server's host:port; it stays the same across Restart.
func (s *Server) Addr() string { return s.addr }

// URL is the connection string for esdb.ParseConnectionString.
func (s *Server) URL() string { return "esdb://" + s.addr + "?tls=false" }

// Stop takes the server away: listeners and connections close, calls in
// flight fail, subscriptions drop. The data stays for Restart. Stopping a
// stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	g, done := s.grpc, s.serve
	s.grpc = nil
	s.mu.Unlock()
	if g == nil {
		return
	}
	g.Stop()
	<-done
}

// Restart stops the server if it runs and serves again on the same
// address with the same data.
func (s *Server) Restart() error {
	s.Stop()
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return errors.New("esdbtest: restart of a closed server")
	}
	lis, err := listenRetrying(s.addr)
	if err != nil {
		return err
	}
	s.serveOn(lis)
	return nil
}

// Close stops the server for good.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.Stop()
}

// listenRetrying listens on addr, retrying briefly: the port was just
// released by this process and the kernel may not have let go of it.
func listenRetrying(addr string) (net.Listener, error) {
	var err error
	for range 50 {
		var lis net.Listener
		if lis, err = net.Listen("tcp", addr); err == nil {
			return lis, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, fmt.Errorf("esdbtest: listen again on %s: %w", addr, err)
}

func (s *Server) serveOn(lis net.Listener) {
	g := grpc.NewServer(
		grpc.KeepaliveEnforcementPolicy(KeepalivePolicy),
		grpc.MaxRecvMsgSize(maxMessageSize),
		grpc.WaitForHandlers(true),
		grpc.UnaryInterceptor(unaryTrailers),
		grpc.StreamInterceptor(streamTrailers),
	)
	streams.RegisterStreamsServer(g, &streamsService{log: s.log})
	serverfeatures.RegisterServerFeaturesServer(g, featuresService{})
	if s.cfg.systemEvents {
		s.log.mu.Lock()
		s.log.writeSystem(streamEpochs, typeEpochInformation,
			fmt.Sprintf(`{"epochPosition":%d,"epochId":"%s"}`, s.log.next, newID()))
		s.log.mu.Unlock()
	}
	done := make(chan struct{})
	s.mu.Lock()
	s.grpc, s.serve = g, done
	s.mu.Unlock()
	go func() {
		defer close(done)
		_ = g.Serve(lis) // returns when Stop closes the listener
	}()
}

// featuresService answers ServerFeatures, which the client calls once
// when it connects.
type featuresService struct {
	serverfeatures.UnimplementedServerFeaturesServer
}

func (featuresService) GetSupportedMethods(context.Context, *shared.Empty) (*serverfeatures.SupportedMethods, error) {
	const svc = "event_store.client.streams.streams"
	methods := make([]*serverfeatures.SupportedMethod, 0, 4)
	for _, m := range []string{"read", "append", "delete", "tombstone"} {
		methods = append(methods, &serverfeatures.SupportedMethod{MethodName: m, ServiceName: svc})
	}
	return &serverfeatures.SupportedMethods{Methods: methods, EventStoreServerVersion: Version}, nil
}
