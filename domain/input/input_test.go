package input_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lumbung-ledger/lumbung/domain/input"
)

func TestIdentifier(t *testing.T) {
	tests := []struct {
		s     string
		max   int
		lower bool
		want  bool
	}{
		{"kopdes-maju-jaya", 40, true, true},
		{"a", 40, true, true},
		{"0001", 40, true, true},
		{"A-001", 32, false, true},
		{"agt_2025_001", 32, false, true},
		{strings.Repeat("a", 40), 40, true, true},

		{"", 40, true, false},
		{strings.Repeat("a", 41), 40, true, false},
		{"Kopdes", 40, true, false},
		{"kopdes_maju", 40, true, false},
		{"-kopdes", 40, true, false},
		{"_a1", 32, false, false},
		{"kopdes maju", 40, true, false},
		{"A 001", 32, false, false},
		{"a.b", 32, false, false},
		{"a/b", 32, false, false},
		{"anggota-é", 32, false, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, input.Identifier(tt.s, tt.max, tt.lower), "Identifier(%q, %d, %v)", tt.s, tt.max, tt.lower)
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		s    string
		max  int
		want bool
	}{
		{"Siti Rahayu", 120, true},
		{"Koperasi Desa Merah Putih Sukamaju", 120, true},
		{"Ñoño Café", 120, true},
		{"ééé", 3, true}, // characters, not bytes
		{"Tan Ah-Kow (陈)", 120, true},

		{"", 120, false},
		{"éééé", 3, false},
		{" Siti", 120, false},
		{"Siti ", 120, false},
		{"Siti\nRahayu", 120, false},
		{"Siti\tRahayu", 120, false},
		{"Siti\x00", 120, false},
		{"Siti\u0085", 120, false},
		{"\xff\xfe", 120, false},
		{"Siti\uFFFD", 120, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, input.Text(tt.s, tt.max), "Text(%q, %d)", tt.s, tt.max)
	}
}

func TestErrorMessage(t *testing.T) {
	assert.EqualError(t,
		&input.Error{Field: "date", Value: "2025-07-01", Want: input.WantNotFuture, Bound: "2025-06-30"},
		`input: date "2025-07-01": expected not_future (2025-06-30)`)
	assert.EqualError(t,
		&input.Error{Field: "name", Value: "", Want: input.WantName},
		`input: name "": expected name`)
}

func TestDate(t *testing.T) {
	d, err := input.Date("date", " 2025-02-28 ")
	assert.NoError(t, err)
	assert.Equal(t, "2025-02-28", d.String())
	for s, want := range map[string]input.Want{"28-02-2025": input.WantDate, "2025-02-30": input.WantRealDate} {
		_, err := input.Date("date", s)
		assert.Equal(t, &input.Error{Field: "date", Value: s, Want: want}, err, s)
	}
}
