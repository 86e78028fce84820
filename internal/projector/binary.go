package projector

import (
	"encoding/binary"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Writer appends a projection's snapshot: varints, length-prefixed
// strings, dates and amounts. The same values always encode to the same
// bytes.
type Writer struct{ Buf []byte }

func (w *Writer) Uvarint(v uint64)      { w.Buf = binary.AppendUvarint(w.Buf, v) }
func (w *Writer) Varint(v int64)        { w.Buf = binary.AppendVarint(w.Buf, v) }
func (w *Writer) Str(s string)          { w.Uvarint(uint64(len(s))); w.Buf = append(w.Buf, s...) }
func (w *Writer) Bytes(b []byte)        { w.Uvarint(uint64(len(b))); w.Buf = append(w.Buf, b...) }
func (w *Writer) Date(d calendar.Date)  { w.Varint(int64(d.Ordinal())) }
func (w *Writer) Amount(a money.Amount) { w.Str(a.String()) }
func (w *Writer) Bool(b bool) {
	if b {
		w.Uvarint(1)
	} else {
		w.Uvarint(0)
	}
}

// Reader decodes what Writer encoded; the first error sticks in Err and
// every later read returns zero values.
type Reader struct {
	Buf []byte
	Err error
}

func (r *Reader) Fail(what string) {
	if r.Err == nil {
		r.Err = fmt.Errorf("truncated or malformed %s", what)
	}
	r.Buf = nil
}

func (r *Reader) Uvarint() uint64 {
	v, n := binary.Uvarint(r.Buf)
	if n <= 0 {
		r.Fail("number")
		return 0
	}
	r.Buf = r.Buf[n:]
	return v
}

func (r *Reader) Varint() int64 {
	v, n := binary.Varint(r.Buf)
	if n <= 0 {
		r.Fail("number")
		return 0
	}
	r.Buf = r.Buf[n:]
	return v
}

func (r *Reader) Bytes() []byte {
	n := r.Uvarint()
	if n > uint64(len(r.Buf)) {
		r.Fail("bytes")
		return nil
	}
	b := r.Buf[:n:n]
	r.Buf = r.Buf[n:]
	return b
}

func (r *Reader) Str() string { return string(r.Bytes()) }

func (r *Reader) Date() calendar.Date {
	v := r.Varint()
	if v < -1<<31 || v >= 1<<31 {
		r.Fail("date")
		return calendar.Date{}
	}
	return calendar.FromOrdinal(int32(v))
}

func (r *Reader) Amount() money.Amount {
	s := r.Str()
	if r.Err != nil {
		return money.Zero()
	}
	a, err := money.Parse(s)
	if err != nil {
		r.Fail("amount")
		return money.Zero()
	}
	return a
}

// Bool reads what Writer.Bool wrote.
func (r *Reader) Bool() bool { return r.Uvarint() == 1 }
