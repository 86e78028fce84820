package balances

import (
	"errors"
	"fmt"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// The snapshot is a compact binary form: the same state always encodes to
// the same bytes (cooperatives and members in id order). A member's
// history is the byte string the projection keeps, copied as it is, so
// loading a large store's snapshot costs little more than its members.

var magic = []byte("lumbung.balances.1\n")

// MarshalBinary encodes the projection.
func (p *Projection) MarshalBinary() ([]byte, error) {
	w := &projector.Writer{Buf: append([]byte(nil), magic...)}
	ids := make([]string, 0, len(p.coops))
	for id := range p.coops {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	w.Uvarint(uint64(len(ids)))
	for _, id := range ids {
		c := p.coops[id]
		w.Str(c.id)
		w.Str(c.name)
		w.Str(c.currency)
		w.Varint(int64(c.places))
		mids := make([]string, 0, len(c.members))
		for mid := range c.members {
			mids = append(mids, mid)
		}
		slices.Sort(mids)
		w.Uvarint(uint64(len(mids)))
		for _, mid := range mids {
			m := c.members[mid]
			w.Str(m.id)
			w.Str(m.name)
			w.Str(string(m.status))
			w.Date(m.admitted)
			w.Date(m.exited)
			for _, a := range m.current {
				w.Str(a.String())
			}
			w.Date(m.last)
			w.Bytes(m.history)
		}
	}
	return w.Buf, nil
}

// UnmarshalBinary replaces the projection's state with an encoded one.
func (p *Projection) UnmarshalBinary(data []byte) error {
	if len(data) < len(magic) || string(data[:len(magic)]) != string(magic) {
		return errors.New("balances: not a balances snapshot")
	}
	r := &projector.Reader{Buf: data[len(magic):]}
	coops := map[string]*coop{}
	for n := r.Uvarint(); n > 0 && r.Err == nil; n-- {
		c := &coop{id: r.Str(), name: r.Str(), currency: r.Str(), places: int32(r.Varint()), members: map[string]*memberState{}}
		for k := r.Uvarint(); k > 0 && r.Err == nil; k-- {
			m := &memberState{id: r.Str(), name: r.Str(), status: member.Status(r.Str()), admitted: r.Date(), exited: r.Date()}
			for i := range m.current {
				m.current[i] = r.Amount()
			}
			m.last = r.Date()
			m.history = r.Bytes()
			c.members[m.id] = m
		}
		coops[c.id] = c
	}
	if r.Err == nil && len(r.Buf) != 0 {
		r.Err = fmt.Errorf("%d bytes left over", len(r.Buf))
	}
	if r.Err != nil {
		return fmt.Errorf("balances: snapshot: %w", r.Err)
	}
	p.coops = coops
	return nil
}

// appendChange encodes one change of a member's history.
func appendChange(b []byte, product int, on calendar.Date, change money.Amount) []byte {
	w := projector.Writer{Buf: b}
	w.Uvarint(uint64(product))
	w.Date(on)
	w.Str(change.String())
	return w.Buf
}

// eachChange decodes a member's history.
func eachChange(history []byte, fn func(product int, on calendar.Date, change money.Amount)) error {
	r := &projector.Reader{Buf: history}
	for len(r.Buf) > 0 && r.Err == nil {
		product := r.Uvarint()
		on := r.Date()
		change := r.Amount()
		if r.Err == nil && product > 2 {
			r.Fail("product")
		}
		if r.Err == nil {
			fn(int(product), on, change)
		}
	}
	return r.Err
}
