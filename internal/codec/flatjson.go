package codec

import (
	"reflect"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Stored payloads and metadata are flat JSON objects of strings and
// integers. Folding a million events spends most of its time decoding
// them, so this file reads and writes such objects directly, with the
// field layout of each type worked out once. Anything else (nested
// objects, escapes it does not know, keys in another case) makes the fast
// path give up and encoding/json take over, so the result is always what
// encoding/json would produce; a fuzz test holds the two together.

type flatField struct {
	name  string // JSON key
	index int
	kind  reflect.Kind
	omit  bool // omitempty
}

type flatType struct {
	fields []flatField
	ok     bool // every field is a string or an integer
}

var flatTypes sync.Map // reflect.Type -> *flatType

func flatLayout(t reflect.Type) *flatType {
	if ft, ok := flatTypes.Load(t); ok {
		return ft.(*flatType)
	}
	ft := &flatType{ok: t.Kind() == reflect.Struct}
	for i := 0; ft.ok && i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts := tag, ""
		for j := 0; j < len(tag); j++ {
			if tag[j] == ',' {
				name, opts = tag[:j], tag[j+1:]
				break
			}
		}
		if name == "" || name == "-" || !f.IsExported() {
			ft.ok = false
			break
		}
		switch f.Type.Kind() {
		case reflect.String, reflect.Int, reflect.Int32, reflect.Int64:
		default:
			ft.ok = false
		}
		ft.fields = append(ft.fields, flatField{name: name, index: i, kind: f.Type.Kind(), omit: opts == "omitempty"})
	}
	flatTypes.Store(t, ft)
	return ft
}

// appendFlat appends the JSON encoding of the struct v points to, and
// false if v is not flat.
func appendFlat(b []byte, v any) ([]byte, bool) {
	rv := reflect.ValueOf(v).Elem()
	ft := flatLayout(rv.Type())
	if !ft.ok {
		return b, false
	}
	b = append(b, '{')
	first := true
	for _, f := range ft.fields {
		fv := rv.Field(f.index)
		if f.omit && fv.IsZero() {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, f.name)
		b = append(b, ':')
		if f.kind == reflect.String {
			b = appendString(b, fv.String())
		} else {
			b = strconv.AppendInt(b, fv.Int(), 10)
		}
	}
	return append(b, '}'), true
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string exactly as encoding/json does,
// HTML-safe escaping included.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// decodeFlat fills the struct v points to from data, and returns false
// (leaving v in an unspecified state) if data is not a flat object this
// path reads exactly as encoding/json would.
func decodeFlat(data []byte, v any) bool {
	rv := reflect.ValueOf(v).Elem()
	ft := flatLayout(rv.Type())
	if !ft.ok {
		return false
	}
	return eachMember(data, func(key []byte, d *flatDecoder) bool {
		var f *flatField
		for k := range ft.fields {
			if ft.fields[k].name == string(key) {
				f = &ft.fields[k]
				break
			}
		}
		if f == nil {
			return false
		}
		fv := rv.Field(f.index)
		if f.kind == reflect.String {
			s, ok := d.str()
			if !ok {
				return false
			}
			fv.SetString(s)
			return true
		}
		n, ok := d.integer()
		if !ok || fv.OverflowInt(n) {
			return false
		}
		fv.SetInt(n)
		return true
	})
}

// eachMember walks a JSON object, calling member with each key (a view
// into data, valid during the call) and the decoder positioned at the
// value, which member must read. It returns false if data is not an object
// with plain keys or member returns false.
func eachMember(data []byte, member func(key []byte, d *flatDecoder) bool) bool {
	d := flatDecoder{data: data}
	d.space()
	if !d.byte('{') {
		return false
	}
	d.space()
	if d.peek() == '}' {
		d.i++
		d.space()
		return d.i == len(d.data)
	}
	for {
		d.space()
		key, ok := d.raw()
		if !ok {
			return false
		}
		d.space()
		if !d.byte(':') {
			return false
		}
		d.space()
		if !member(key, &d) {
			return false
		}
		d.space()
		switch d.peek() {
		case ',':
			d.i++
			continue
		case '}':
			d.i++
			d.space()
			return d.i == len(d.data)
		}
		return false
	}
}

// raw reads a JSON string without escapes and returns a view of its
// bytes; a string with escapes or bytes that are not UTF-8 gives up.
func (d *flatDecoder) raw() ([]byte, bool) {
	if !d.byte('"') {
		return nil, false
	}
	start := d.i
	for d.i < len(d.data) {
		c := d.data[d.i]
		switch {
		case c == '"':
			b := d.data[start:d.i]
			d.i++
			return b, utf8.Valid(b)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

type flatDecoder struct {
	data []byte
	i    int
}

func (d *flatDecoder) peek() byte {
	if d.i < len(d.data) {
		return d.data[d.i]
	}
	return 0
}

func (d *flatDecoder) byte(c byte) bool {
	if d.peek() != c {
		return false
	}
	d.i++
	return true
}

func (d *flatDecoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// str reads a JSON string without escapes other than \" \\ \/ \n \r \t,
// and only valid UTF-8; anything else gives up.
func (d *flatDecoder) str() (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	start := d.i
	var buf []byte
	for d.i < len(d.data) {
		c := d.data[d.i]
		switch {
		case c == '"':
			var s string
			if buf == nil {
				s = string(d.data[start:d.i])
			} else {
				s = string(append(buf, d.data[start:d.i]...))
			}
			d.i++
			return s, utf8.ValidString(s)
		case c == '\\':
			if d.i+1 >= len(d.data) {
				return "", false
			}
			var r byte
			switch d.data[d.i+1] {
			case '"', '\\', '/':
				r = d.data[d.i+1]
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			default:
				return "", false
			}
			buf = append(append(buf, d.data[start:d.i]...), r)
			d.i += 2
			start = d.i
		case c < 0x20:
			return "", false
		default:
			d.i++
		}
	}
	return "", false
}

// integer reads a JSON integer (no fraction, no exponent).
func (d *flatDecoder) integer() (int64, bool) {
	start := d.i
	if d.peek() == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.data) && d.data[d.i] >= '0' && d.data[d.i] <= '9' {
		d.i++
	}
	if d.i == digits || (d.data[digits] == '0' && d.i-digits > 1) {
		return 0, false
	}
	switch d.peek() {
	case '.', 'e', 'E':
		return 0, false
	}
	n, err := strconv.ParseInt(string(d.data[start:d.i]), 10, 64)
	return n, err == nil
}
