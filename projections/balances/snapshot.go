package balances

import (
	"encoding/binary"
	"errors"
	"fmt"
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
	w := &writer{buf: append([]byte(nil), magic...)}
	ids := make([]string, 0, len(p.coops))
	for id := range p.coops {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	w.uvarint(uint64(len(ids)))
	for _, id := range ids {
		c := p.coops[id]
		w.str(c.id)
		w.str(c.name)
		w.str(c.currency)
		w.varint(int64(c.places))
		mids := make([]string, 0, len(c.members))
		for mid := range c.members {
			mids = append(mids, mid)
		}
		slices.Sort(mids)
		w.uvarint(uint64(len(mids)))
		for _, mid := range mids {
			m := c.members[mid]
			w.str(m.id)
			w.str(m.name)
			w.str(string(m.status))
			w.date(m.admitted)
			w.date(m.exited)
			for _, a := range m.current {
				w.str(a.String())
			}
			w.date(m.last)
			w.bytes(m.history)
		}
	}
	return w.buf, nil
}

// UnmarshalBinary replaces the projection's state with an encoded one.
func (p *Projection) UnmarshalBinary(data []byte) error {
	if len(data) < len(magic) || string(data[:len(magic)]) != string(magic) {
		return errors.New("balances: not a balances snapshot")
	}
	r := &reader{buf: data[len(magic):]}
	coops := map[string]*coop{}
	for n := r.uvarint(); n > 0 && r.err == nil; n-- {
		c := &coop{id: r.str(), name: r.str(), currency: r.str(), places: int32(r.varint()), members: map[string]*memberState{}}
		for k := r.uvarint(); k > 0 && r.err == nil; k-- {
			m := &memberState{id: r.str(), name: r.str(), status: member.Status(r.str()), admitted: r.date(), exited: r.date()}
			for i := range m.current {
				m.current[i] = r.amount()
			}
			m.last = r.date()
			m.history = r.bytes()
			c.members[m.id] = m
		}
		coops[c.id] = c
	}
	if r.err == nil && len(r.buf) != 0 {
		r.err = fmt.Errorf("%d bytes left over", len(r.buf))
	}
	if r.err != nil {
		return fmt.Errorf("balances: snapshot: %w", r.err)
	}
	p.coops = coops
	return nil
}

// appendChange encodes one change of a member's history.
func appendChange(b []byte, product int, on calendar.Date, change money.Amount) []byte {
	w := writer{buf: b}
	w.uvarint(uint64(product))
	w.date(on)
	w.str(change.String())
	return w.buf
}

// eachChange decodes a member's history.
func eachChange(history []byte, fn func(product int, on calendar.Date, change money.Amount)) error {
	r := &reader{buf: history}
	for len(r.buf) > 0 && r.err == nil {
		product := r.uvarint()
		on := r.date()
		change := r.amount()
		if r.err == nil && product > 2 {
			r.fail("product")
		}
		if r.err == nil {
			fn(int(product), on, change)
		}
	}
	return r.err
}

type writer struct{ buf []byte }

func (w *writer) uvarint(v uint64)     { w.buf = binary.AppendUvarint(w.buf, v) }
func (w *writer) varint(v int64)       { w.buf = binary.AppendVarint(w.buf, v) }
func (w *writer) str(s string)         { w.uvarint(uint64(len(s))); w.buf = append(w.buf, s...) }
func (w *writer) bytes(b []byte)       { w.uvarint(uint64(len(b))); w.buf = append(w.buf, b...) }
func (w *writer) date(d calendar.Date) { w.varint(int64(d.Ordinal())) }

// reader decodes what writer encoded; the first error sticks and every
// later read returns zero values.
type reader struct {
	buf []byte
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("truncated or malformed %s", what)
	}
	r.buf = nil
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.fail("number")
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.fail("number")
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if n > uint64(len(r.buf)) {
		r.fail("bytes")
		return nil
	}
	b := r.buf[:n:n]
	r.buf = r.buf[n:]
	return b
}

func (r *reader) str() string { return string(r.bytes()) }

func (r *reader) date() calendar.Date {
	v := r.varint()
	if v < -1<<31 || v >= 1<<31 {
		r.fail("date")
		return calendar.Date{}
	}
	return calendar.FromOrdinal(int32(v))
}

func (r *reader) amount() money.Amount {
	s := r.str()
	if r.err != nil {
		return money.Zero()
	}
	a, err := money.Parse(s)
	if err != nil {
		r.fail("amount")
		return money.Zero()
	}
	return a
}
