package codec

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Event is a decoded event: its envelope and its domain payload.
type Event struct {
	Envelope
	Payload any
}

// kind is one registered event type.
type kind struct {
	name    string
	version int
	goType  reflect.Type
	// encode returns the stored payload and the event's effective date.
	encode func(payload any) ([]byte, calendar.Date, error)
	// decode rebuilds the payload from the stored bytes of the current
	// schema version and the envelope's effective date.
	decode func(data []byte, on calendar.Date) (any, error)
	// upcasters[v] turns schema version v's bytes into version v+1's.
	upcasters map[int]func([]byte) ([]byte, error)
}

// Registry maps stored event names to Go types and back.
type Registry struct {
	byName map[string]*kind
	byType map[reflect.Type]*kind
}

func newRegistry() *Registry {
	return &Registry{byName: map[string]*kind{}, byType: map[reflect.Type]*kind{}}
}

// register adds the event type E, stored as name in schema version, with
// its stored form D: to maps E to D and E's effective date, from maps back.
func register[E any, D any](r *Registry, name string, version int, to func(E) (D, calendar.Date), from func(D, calendar.Date) (E, error)) {
	t := reflect.TypeFor[E]()
	if _, dup := r.byName[name]; dup {
		panic("codec: stored name registered twice: " + name)
	}
	if _, dup := r.byType[t]; dup {
		panic("codec: type registered twice: " + t.String())
	}
	k := &kind{
		name:    name,
		version: version,
		goType:  t,
		encode: func(payload any) ([]byte, calendar.Date, error) {
			d, on := to(payload.(E))
			if data, ok := appendFlat(make([]byte, 0, 128), &d); ok {
				return data, on, nil
			}
			data, err := json.Marshal(d)
			return data, on, err
		},
		decode: func(data []byte, on calendar.Date) (any, error) {
			var d D
			if !decodeFlat(data, &d) {
				d = *new(D)
				if err := json.Unmarshal(data, &d); err != nil {
					return nil, err
				}
			}
			return from(d, on)
		},
		upcasters: map[int]func([]byte) ([]byte, error){},
	}
	r.byName[name] = k
	r.byType[t] = k
}

// Names returns every stored name, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.byName))
	for n := range r.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// NameOf returns the stored name of a payload's type.
func (r *Registry) NameOf(payload any) (string, bool) {
	k, ok := r.byType[reflect.TypeOf(payload)]
	if !ok {
		return "", false
	}
	return k.name, true
}

// Meta is what the caller supplies to seal a payload into an envelope;
// the rest comes from the payload and the stream.
type Meta struct {
	ID       uuid.UUID
	Coop     string
	Recorded time.Time
	Actor    string
	Decision string
}

// Encode turns a payload into the event to append at revision of stream,
// after the event whose hash is prev. It returns the event and its hash.
func (r *Registry) Encode(stream string, revision uint64, prev Hash, m Meta, payload any) (eventstore.EventData, Hash, error) {
	data, env, err := r.Seal(stream, revision, prev, m, payload)
	return data, env.Hash, err
}

// Seal is Encode returning the whole envelope of the event.
func (r *Registry) Seal(stream string, revision uint64, prev Hash, m Meta, payload any) (eventstore.EventData, Envelope, error) {
	k, ok := r.byType[reflect.TypeOf(payload)]
	if !ok {
		panic(fmt.Sprintf("codec: event type %T is not registered", payload))
	}
	data, on, err := k.encode(payload)
	if err != nil {
		return eventstore.EventData{}, Envelope{}, fmt.Errorf("codec: encode %s: %w", k.name, err)
	}
	// Refuse what Decode would refuse, so that nothing unreadable is ever
	// written.
	if on.IsZero() {
		panic(fmt.Sprintf("codec: %s without an effective date", k.name))
	}
	if y := m.Recorded.UTC().Year(); y < 2000 || y > 9999 {
		panic(fmt.Sprintf("codec: %s recorded in year %d", k.name, y))
	}
	env := Envelope{
		ID: m.ID, Type: k.name, Schema: k.version, Coop: m.Coop,
		Stream: stream, Revision: revision,
		Effective: on, Recorded: m.Recorded.UTC(), Actor: m.Actor, Decision: m.Decision,
		Prev: prev,
	}
	env.Hash = ComputeHash(env, data)
	meta, err := encodeMetadata(env)
	if err != nil {
		return eventstore.EventData{}, Envelope{}, fmt.Errorf("codec: encode %s metadata: %w", k.name, err)
	}
	return eventstore.EventData{ID: m.ID, Type: k.name, Data: data, Metadata: meta}, env, nil
}

// Decode reads a recorded event back into its envelope and payload. An
// unknown stored name, a schema version newer than this build knows or
// bytes that do not decode are reported as *CorruptError.
func (r *Registry) Decode(rec eventstore.RecordedEvent) (Event, error) {
	env, err := DecodeEnvelope(rec)
	if err != nil {
		return Event{}, err
	}
	k, ok := r.byName[rec.Type]
	if !ok {
		return Event{}, corrupt(rec, "unknown event type %q", rec.Type)
	}
	if env.Schema > k.version || env.Schema < 1 {
		return Event{}, corrupt(rec, "%s schema version %d is not known (this build writes %d)", k.name, env.Schema, k.version)
	}
	data := rec.Data
	for v := env.Schema; v < k.version; v++ {
		up, ok := k.upcasters[v]
		if !ok {
			return Event{}, corrupt(rec, "%s schema version %d has no upcaster", k.name, v)
		}
		if data, err = up(data); err != nil {
			return Event{}, corrupt(rec, "upcasting %s from version %d: %v", k.name, v, err)
		}
	}
	payload, err := k.decode(data, env.Effective)
	if err != nil {
		return Event{}, corrupt(rec, "%s payload: %v", k.name, err)
	}
	return Event{Envelope: env, Payload: payload}, nil
}

// Payload is an event's payload in its stored form, without an envelope:
// for projections that keep a few events in their snapshots.
type Payload struct {
	Type string
	On   calendar.Date
	Data []byte
}

// EncodePayload returns the stored form of a payload.
func (r *Registry) EncodePayload(payload any) (Payload, error) {
	k, ok := r.byType[reflect.TypeOf(payload)]
	if !ok {
		return Payload{}, fmt.Errorf("codec: event type %T is not registered", payload)
	}
	data, on, err := k.encode(payload)
	return Payload{Type: k.name, On: on, Data: data}, err
}

// DecodePayload reads back what EncodePayload returned.
func (r *Registry) DecodePayload(p Payload) (any, error) {
	k, ok := r.byName[p.Type]
	if !ok {
		return nil, fmt.Errorf("codec: unknown event type %q", p.Type)
	}
	return k.decode(p.Data, p.On)
}
