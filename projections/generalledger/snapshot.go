package generalledger

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/projector"
)

// The snapshot is a compact binary form: the same state always encodes to
// the same bytes (cooperatives, accounts and series in order). The chart
// and periods are kept as the events that made them, in their stored
// form, and folded again on load; the cash accounts' running balances are
// rebuilt from their series.

var magic = []byte("lumbung.general-ledger.1\n")

// MarshalBinary encodes the projection.
func (p *Projection) MarshalBinary() ([]byte, error) {
	w := &projector.Writer{Buf: append([]byte(nil), magic...)}
	ids := slices.Sorted(maps.Keys(p.coops))
	w.Uvarint(uint64(len(ids)))
	for _, id := range ids {
		b := p.coops[id]
		w.Str(b.ID)
		w.Uvarint(uint64(b.Postings))
		w.Uvarint(uint64(b.Entries))
		w.Uvarint(uint64(len(b.kept)))
		for _, k := range b.kept {
			w.Str(k.Type)
			w.Date(k.On)
			w.Bytes(k.Data)
		}
		writeIndex(w, b.accounts)
		writeIndex(w, b.flows)
	}
	return w.Buf, nil
}

func writeIndex(w *projector.Writer, index map[string][]*series) {
	codes := slices.Sorted(maps.Keys(index))
	w.Uvarint(uint64(len(codes)))
	for _, code := range codes {
		w.Str(code)
		w.Uvarint(uint64(len(index[code])))
		for _, s := range index[code] {
			w.Str(s.unit)
			w.Str(string(s.party))
			w.Bool(s.closing)
			w.Uvarint(uint64(len(s.days)))
			for i, d := range s.days {
				w.Varint(int64(d))
				w.Amount(s.debit[i])
				w.Amount(s.credit[i])
			}
		}
	}
}

// UnmarshalBinary replaces the projection's state with an encoded one.
func (p *Projection) UnmarshalBinary(data []byte) error {
	if len(data) < len(magic) || string(data[:len(magic)]) != string(magic) {
		return errors.New("generalledger: not a general ledger snapshot")
	}
	r := &projector.Reader{Buf: data[len(magic):]}
	coops := map[string]*Books{}
	for n := r.Uvarint(); n > 0 && r.Err == nil; n-- {
		b := &Books{ID: r.Str()}
		b.Postings, b.Entries = int(r.Uvarint()), int(r.Uvarint())
		for k := r.Uvarint(); k > 0 && r.Err == nil; k-- {
			kept := codec.Payload{Type: r.Str(), On: r.Date(), Data: r.Bytes()}
			if r.Err != nil {
				break
			}
			e, err := p.events.DecodePayload(kept)
			ce, ok := e.(cooperative.Event)
			if err != nil || !ok {
				return fmt.Errorf("generalledger: snapshot: %s: %v", kept.Type, err)
			}
			b.State = cooperative.Evolve(b.State, ce)
			b.kept = append(b.kept, kept)
		}
		b.accounts = readIndex(r)
		b.flows = readIndex(r)
		coops[b.ID] = b
	}
	if r.Err == nil && len(r.Buf) != 0 {
		r.Err = fmt.Errorf("%d bytes left over", len(r.Buf))
	}
	if r.Err != nil {
		return fmt.Errorf("generalledger: snapshot: %w", r.Err)
	}
	p.coops = coops
	return nil
}

func readIndex(r *projector.Reader) map[string][]*series {
	index := map[string][]*series{}
	for n := r.Uvarint(); n > 0 && r.Err == nil; n-- {
		code := r.Str()
		var list []*series
		for k := r.Uvarint(); k > 0 && r.Err == nil; k-- {
			s := &series{unit: r.Str(), party: ledger.Party(r.Str()), closing: r.Bool(), stale: true}
			days := r.Uvarint()
			if days > uint64(len(r.Buf)) {
				r.Fail("series")
				break
			}
			s.days = make([]int32, 0, days)
			s.debit = make([]money.Amount, 0, days)
			s.credit = make([]money.Amount, 0, days)
			for ; days > 0 && r.Err == nil; days-- {
				s.days = append(s.days, int32(r.Varint()))
				s.debit = append(s.debit, r.Amount())
				s.credit = append(s.credit, r.Amount())
			}
			list = append(list, s)
		}
		index[code] = list
	}
	return index
}
