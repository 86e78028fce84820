package app

import (
	"testing"

	"github.com/google/uuid"
)

func TestEventIDIsVersion5(t *testing.T) {
	for _, k := range []string{"", "ref:KW-1", "reversal:x", string(make([]byte, 300))} {
		if got, want := EventID("kdmp", k), uuid.NewSHA1(namespace, []byte("kdmp\x00"+k)); got != want {
			t.Fatalf("%q: %s != %s", k, got, want)
		}
	}
}
