// Package app handles commands: it loads the stream a command is about,
// asks the domain to decide, and appends the resulting events with the
// expected revision, so that concurrent writers never overwrite each
// other. An event recorded under a transaction reference gets an id
// derived from it, so a retried command writes nothing twice.
//
// A Service is safe for concurrent use. It caches the state of recently
// used streams and reads only what was appended since.
package app

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
	"github.com/lumbung-ledger/lumbung/projections/participation"
)

// Actor is who issues a command: recorded in every event it writes.
type Actor string

// Options configure a Service. Zero values give the defaults.
type Options struct {
	// Clock returns the current instant; time.Now if nil.
	Clock func() time.Time
	// NewID returns fresh event ids for events without a reference;
	// uuid.NewV7 if nil.
	NewID func() uuid.UUID
	// MaxRetries bounds how often a command is decided again after losing
	// a race for its stream (with a growing random pause between tries);
	// 50 if zero.
	MaxRetries int
	// CacheSize bounds the number of stream states kept; 4096 if zero.
	CacheSize int
}

// Service handles commands against one store.
type Service struct {
	store   eventstore.Store
	events  *codec.Registry
	clock   func() time.Time
	newID   func() uuid.UUID
	retries int

	// writers serialises this process's writers, stream by stream: a
	// command waits only for another command on its own stream.
	writersMu sync.Mutex
	writers   map[string]*writerLock

	gl    *generalLedger
	loans *live
	// parts is the members' participation, which SHU bases and the RAT's
	// membership are read from.
	parts *live
	// coops serialises, per cooperative, the commands that pay cash out,
	// so that two payments decided in this process never both count the
	// same cash.
	coops sync.Map // cooperative.ID -> *sync.Mutex

	mu        sync.Mutex
	cache     map[string]*cached
	reading   map[string]*reading
	cacheSize int
	zones     map[string]*time.Location
}

// New returns a Service on store.
func New(store eventstore.Store, opt Options) *Service {
	s := &Service{
		store:     store,
		events:    codec.Events(),
		clock:     opt.Clock,
		newID:     opt.NewID,
		retries:   opt.MaxRetries,
		cache:     map[string]*cached{},
		writers:   map[string]*writerLock{},
		reading:   map[string]*reading{},
		cacheSize: opt.CacheSize,
		zones:     map[string]*time.Location{},
		gl:        newGeneralLedger(store),
		loans:     newLive(store, func() projector.Projection { return loanbook.New() }),
		parts:     newLive(store, func() projector.Projection { return participation.New() }),
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.newID == nil {
		s.newID = func() uuid.UUID { return uuid.Must(uuid.NewV7()) }
	}
	if s.retries == 0 {
		s.retries = 50
	}
	if s.cacheSize == 0 {
		s.cacheSize = 4096
	}
	return s
}

// Store returns the store the service writes to.
func (s *Service) Store() eventstore.Store { return s.store }

// Result tells what a command wrote.
type Result struct {
	Stream string
	// Events are the events written, with their envelopes.
	Events []codec.Event
	// Repeated is set when the command had been carried out before under
	// the same reference: nothing was written.
	Repeated bool
	// Balances are, after a member command, the member's savings
	// balances as the command left them; nil after other commands.
	Balances map[savings.Product]money.Amount
}

// head is where a stream ends: the revision and hash of its last event.
type head struct {
	revision int64 // -1: no stream
	hash     codec.Hash
}

func (h head) expected() eventstore.ExpectedRevision {
	if h.revision < 0 {
		return eventstore.NoStream()
	}
	return eventstore.Exact(uint64(h.revision))
}

// cached is a stream's folded state at a head.
type cached struct {
	head  head
	state any
}

// fold is how an aggregate's state grows: start returns the zero state,
// evolve applies one payload. A persistent fold's evolve never changes
// the state it is given, only returns a new one, so its cached state is
// shared by every reader instead of lent to one at a time.
type fold struct {
	start      func() any
	evolve     func(state any, payload any) any
	persistent bool
}

// cashLock returns the lock of a cooperative's cash payments.
func (s *Service) cashLock(coop cooperative.ID) *sync.RWMutex {
	m, _ := s.coops.LoadOrStore(coop, &sync.RWMutex{})
	return m.(*sync.RWMutex)
}

// writerLock is the lock of one stream's writers, with the number of
// commands holding it or waiting for it.
type writerLock struct {
	sync.Mutex
	users int
}

// lock waits until no other command of this process writes to stream,
// and returns the function that lets the next one in.
func (s *Service) lock(stream string) (unlock func()) {
	s.writersMu.Lock()
	l := s.writers[stream]
	if l == nil {
		l = &writerLock{}
		s.writers[stream] = l
	}
	l.users++
	s.writersMu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		s.writersMu.Lock()
		if l.users--; l.users == 0 {
			delete(s.writers, stream)
		}
		s.writersMu.Unlock()
	}
}

// The cache lends a stream's state to one user at a time: take removes
// the entry, and whoever took it puts back a consistent state with
// remember, or nothing if it failed halfway. States folded in place are
// never shared while they may change; a persistent fold's states are
// never changed, so take leaves them in the cache for the next reader.

// take returns the cached state of stream, if any, removing it unless the
// fold is persistent.
func (s *Service) take(stream string, f fold) (cached, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cache[stream]
	if !ok {
		return cached{}, false
	}
	if !f.persistent {
		delete(s.cache, stream)
	}
	return *c, true
}

// remember caches c as the state of stream, unless the cache already
// holds a later one.
func (s *Service) remember(stream string, c cached) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.cache[stream]; ok && old.head.revision > c.head.revision {
		return
	}
	if len(s.cache) >= s.cacheSize {
		for k := range s.cache {
			delete(s.cache, k)
			if len(s.cache) < s.cacheSize*3/4 {
				break
			}
		}
	}
	s.cache[stream] = &c
}

// load returns the state of stream, taken from the cache and brought up
// to date, or folded from the first event. The caller owns it, or for a
// persistent fold shares it.
func (s *Service) load(ctx context.Context, stream string, f fold) (cached, error) {
	if f.persistent {
		return s.shared(ctx, stream, f)
	}
	return s.fresh(ctx, stream, f)
}

// current returns the cached state of a stream as it is, unread set, if
// trust is set and the fold is not persistent; else its state brought up
// to date.
func (s *Service) current(ctx context.Context, stream string, f fold, trust bool) (cur cached, unread bool, err error) {
	if trust && !f.persistent {
		if cur, ok := s.take(stream, f); ok {
			return cur, true, nil
		}
	}
	cur, err = s.load(ctx, stream, f)
	return cur, false, err
}

// fresh reads what was appended to stream after its cached state.
func (s *Service) fresh(ctx context.Context, stream string, f fold) (cached, error) {
	cur, ok := s.take(stream, f)
	if !ok {
		cur = cached{head: head{revision: -1}, state: f.start()}
	}
	return s.advance(ctx, stream, f, cur)
}

// A persistent stream's readers share their reads of the store, as the
// writers of a group commit share a transaction: every command of a
// cooperative reads its stream, which seldom changes. A reader joins the
// next read to start, never one under way, so that what it gets was read
// after it asked; one read of a stream runs at a time.

// catchUp is one read of a stream, and what it found.
type catchUp struct {
	done chan struct{}
	cur  cached
	err  error
}

// reading is where a stream's reads stand: whether one runs, and the
// one that starts next.
type reading struct {
	running bool
	next    *catchUp
}

// shared returns the state of a persistent stream as read after the call.
func (s *Service) shared(ctx context.Context, stream string, f fold) (cached, error) {
	s.mu.Lock()
	r := s.reading[stream]
	if r == nil {
		r = &reading{}
		s.reading[stream] = r
	}
	c := r.next
	if c == nil {
		c = &catchUp{done: make(chan struct{})}
		r.next = c
	}
	if !r.running {
		r.running, r.next = true, nil
		go s.readShared(context.WithoutCancel(ctx), stream, f, r, c)
	}
	s.mu.Unlock()
	select {
	case <-c.done:
		return c.cur, c.err
	case <-ctx.Done():
		return cached{}, ctx.Err()
	}
}

// readShared runs c, then the reads asked for meanwhile, until none is.
func (s *Service) readShared(ctx context.Context, stream string, f fold, r *reading, c *catchUp) {
	for c != nil {
		c.cur, c.err = s.fresh(ctx, stream, f)
		if c.err == nil {
			s.remember(stream, c.cur)
		}
		close(c.done)
		s.mu.Lock()
		c, r.next = r.next, nil
		if c == nil {
			r.running = false
			delete(s.reading, stream)
		}
		s.mu.Unlock()
	}
}

// advance folds into cur what was appended to stream after cur's head.
func (s *Service) advance(ctx context.Context, stream string, f fold, cur cached) (cached, error) {
	h, err := s.each(ctx, stream, cur.head, func(e codec.Event) {
		cur.state = f.evolve(cur.state, e.Payload)
	})
	cur.head = h
	return cur, err
}

// each reads what was appended to stream after h, checks every event
// against the hash chain and hands it to fn, and returns the new head.
func (s *Service) each(ctx context.Context, stream string, h head, fn func(codec.Event)) (head, error) {
	from := uint64(h.revision + 1)
	for {
		page, err := s.store.ReadStream(ctx, stream, from, eventstore.Forwards, 1000)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return h, nil
		}
		if err != nil {
			return h, fmt.Errorf("app: load %s: %w", stream, err)
		}
		for _, rec := range page {
			e, err := s.events.Decode(rec)
			if err != nil {
				return h, err
			}
			if err := codec.CheckLink(h.revision, h.hash, e.Envelope, rec.Data); err != nil {
				return h, err
			}
			fn(e)
			h = head{revision: int64(rec.Revision), hash: e.Hash}
		}
		if len(page) < 1000 {
			return h, nil
		}
		from = page[len(page)-1].Revision + 1
	}
}

// MemberEvents returns every event of a member's stream, checked against
// the hash chain, for folds such as the passbook.
func (s *Service) MemberEvents(ctx context.Context, coop cooperative.ID, id member.ID) ([]codec.Event, error) {
	var out []codec.Event
	_, err := s.each(ctx, codec.MemberStream(string(coop), string(id)), head{revision: -1}, func(e codec.Event) {
		out = append(out, e)
	})
	return out, err
}

// pending is an event decided but not yet written: its payload and the
// key its id derives from ("" for a fresh id).
type pending struct {
	payload any
	key     string
}

// writeSpec describes one command's write.
type writeSpec struct {
	coop     string
	stream   string
	fold     fold
	actor    Actor
	decision string
	// decide returns the events to write given the stream's state; none
	// means the command was carried out before.
	decide func(state any) ([]pending, error)
	// after, when set, reads into the result what it tells of the state
	// the command left, before the state is cached for others.
	after func(state any, res *Result)
}

// execute runs a command: load, decide, append with the expected
// revision, and on losing a race decide again on the new state.
func (s *Service) execute(ctx context.Context, w writeSpec) (Result, error) {
	defer s.lock(w.stream)()
	// The first attempt decides on the cached state as it is: this
	// process's writers keep it up to date under the stream's lock, and
	// if another process appended meanwhile, the append expecting the
	// cached head is refused (unless it finds these very events stored
	// there, byte for byte) and the next attempt reads what was appended
	// since.
	trust := true
	for raced := 0; ; {
		cur, unread, err := s.current(ctx, w.stream, w.fold, trust)
		trust = false
		if err != nil {
			return Result{}, err
		}
		decided, err := w.decide(cur.state)
		if unread && (err != nil || len(decided) == 0) {
			// No append checks a refusal or a repeat: decide again on
			// what the stream holds now.
			s.remember(w.stream, cur)
			continue
		}
		if err != nil {
			s.remember(w.stream, cur)
			return Result{}, err
		}
		if len(decided) == 0 {
			res := Result{Stream: w.stream, Repeated: true}
			if w.after != nil {
				w.after(cur.state, &res)
			}
			s.remember(w.stream, cur)
			return res, nil
		}
		// seal folds the decided events into cur's state in place: from
		// here on cur is ahead of the store until the append succeeds.
		data, written, next, err := s.seal(w, cur, decided, true)
		if err != nil {
			return Result{}, err
		}
		res, err := s.store.Append(ctx, w.stream, cur.head.expected(), data)
		if errors.Is(err, eventstore.ErrWrongExpectedRevision) && unread {
			// The cache was behind the store: read what it missed.
			continue
		}
		if errors.Is(err, eventstore.ErrWrongExpectedRevision) && raced < s.retries {
			// Another writer won the stream: wait a little, more each time
			// and at random, so that writers racing for one member take
			// turns instead of colliding again.
			if err := backoff(ctx, raced); err != nil {
				return Result{}, err
			}
			raced++
			continue
		}
		if err != nil {
			return Result{}, fmt.Errorf("app: append to %s: %w", w.stream, err)
		}
		for i := range written {
			written[i].Position = eventstore.Position{}
		}
		written[len(written)-1].Position = res.Position
		out := Result{Stream: w.stream, Events: written}
		if w.after != nil {
			w.after(next.state, &out)
		}
		// Once remembered, the state is a reader's to take and fold on.
		s.remember(w.stream, next)
		return out, nil
	}
}

// backoff sleeps a random time up to min(2^attempt, 50) ms, or until ctx
// ends.
func backoff(ctx context.Context, attempt int) error {
	ceiling := time.Duration(min(1<<min(attempt, 6), 50)) * time.Millisecond
	t := time.NewTimer(time.Duration(rand.Int64N(int64(ceiling))) + 1)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// seal encodes decided events onto the stream's chain and returns them,
// their decoded form (if keep) and the state after them.
func (s *Service) seal(w writeSpec, cur cached, decided []pending, keep bool) ([]eventstore.EventData, []codec.Event, cached, error) {
	now := s.clock().UTC()
	next := cur
	data := make([]eventstore.EventData, 0, len(decided))
	var written []codec.Event
	if keep {
		written = make([]codec.Event, 0, len(decided))
	}
	for _, p := range decided {
		var id uuid.UUID
		if p.key != "" {
			id = EventID(w.coop, p.key)
		} else {
			id = s.newID()
		}
		rev := uint64(next.head.revision + 1)
		ed, env, err := s.events.Seal(w.stream, rev, next.head.hash, codec.Meta{
			ID: id, Coop: w.coop, Recorded: now, Actor: string(w.actor), Decision: w.decision,
		}, p.payload)
		if err != nil {
			return nil, nil, cached{}, err
		}
		data = append(data, ed)
		if keep {
			written = append(written, codec.Event{Envelope: env, Payload: p.payload})
		}
		next.state = w.fold.evolve(next.state, p.payload)
		next.head = head{revision: int64(rev), hash: env.Hash}
	}
	return data, written, next, nil
}

// namespace is the UUID namespace of Lumbung's derived event ids.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/lumbung-ledger/lumbung/event-id"))

// EventID derives the id of the event a cooperative records under key: the
// same cooperative and key always give the same id, so the store refuses
// or recognises a second write.
func EventID(coop, key string) uuid.UUID {
	// uuid.NewSHA1 (RFC 9562 version 5) without its allocations: imports
	// derive a million of these.
	var buf [128]byte
	b := append(append(append(append(buf[:0], namespace[:]...), coop...), 0), key...)
	sum := sha1.Sum(b)
	var id uuid.UUID
	copy(id[:], sum[:16])
	id[6] = id[6]&0x0f | 0x50
	id[8] = id[8]&0x3f | 0x80
	return id
}

// today returns the civil date now in the zone named tz.
func (s *Service) today(tz string) (calendar.Date, error) {
	loc, err := s.zone(tz)
	if err != nil {
		return calendar.Date{}, err
	}
	return calendar.FromTime(s.clock().In(loc)), nil
}

func (s *Service) zone(tz string) (*time.Location, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if loc, ok := s.zones[tz]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, err
	}
	s.zones[tz] = loc
	return loc, nil
}
