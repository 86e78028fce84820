package codec

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
)

// FuzzFlatDecode holds the fast decoder to encoding/json: whenever it
// accepts bytes, encoding/json accepts them too and decodes the same
// values.
func FuzzFlatDecode(f *testing.F) {
	for _, seed := range []string{
		`{"product":"pokok","amount":"50000","ref":"KW-1"}`,
		`{"schema":1,"coop":"kdmp","effective":"2025-01-31","recorded":"2026-03-01T09:00:00Z","actor":"bendahara","prev":"","hash":"ab"}`,
		` { "ref" : "a\"b\\c\/d\ne" , "amount":"-1" } `,
		`{"schema":-0,"coop":"x"}`, `{"schema":01}`, `{"schema":1e2}`, `{"Amount":"1"}`, `{"amount":null}`,
		`{"ref":"\u0041"}`, `{}`, `{"ref":"x",}`, `{"ref":"x"}x`, "{\"ref\":\"\xff\"}", `{"schema":99999999999999999999}`,
		`{"ref":"a","ref":"b"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast, slow storedMovement
		if decodeFlat(data, &fast) {
			require.NoError(t, json.Unmarshal(data, &slow), "encoding/json refuses what the fast path accepted")
			assert.Equal(t, slow, fast)
		}
		var fastMeta, slowMeta metadata
		if decodeFlat(data, &fastMeta) {
			require.NoError(t, json.Unmarshal(data, &slowMeta))
			assert.Equal(t, slowMeta, fastMeta)
		}
	})
}

// FuzzFlatEncode holds the fast encoder to encoding/json byte for byte.
func FuzzFlatEncode(f *testing.F) {
	f.Add("Siti Rahayu", "KW/2025/001", "ref <&> \u2028 \"q\" \\ \t\x01", 1, "")
	f.Add("", "\xff\xfe", "é", -5, "decision")
	f.Fuzz(func(t *testing.T, a, b, c string, n int, d string) {
		m := metadata{Schema: n, Coop: a, Effective: b, Recorded: c, Actor: a + c, Decision: d, Prev: b, Hash: c}
		fast, ok := appendFlat(nil, &m)
		require.True(t, ok)
		slow, err := json.Marshal(m)
		require.NoError(t, err)
		assert.Equal(t, string(slow), string(fast))

	})
}

// FuzzMetadata holds the metadata writer to encoding/json of the metadata
// struct.
func FuzzMetadata(f *testing.F) {
	f.Add("kdmp", "bendahara", "", int64(1_700_000_000_123), 1, byte(7))
	f.Add("k<&>", "ani \"a\"\u2028", "RAT/2025/3", int64(0), 2, byte(0))
	f.Fuzz(func(t *testing.T, coop, actor, decision string, nanos int64, schema int, seed byte) {
		e := Envelope{Schema: schema, Coop: coop, Actor: actor, Decision: decision,
			Effective: calendar.MustNew(2025, 1, 1).AddDays(int(seed)),
			Recorded:  time.Unix(0, nanos%(1<<62)).UTC(),
		}
		if seed%2 == 1 {
			e.Prev[0], e.Hash[31] = seed, seed
		}
		want, err := json.Marshal(metadata{
			Schema: e.Schema, Coop: e.Coop, Effective: e.Effective.String(),
			Recorded: e.Recorded.Format(recordedLayout), Actor: e.Actor, Decision: e.Decision,
			Prev: e.Prev.String(), Hash: e.Hash.String(),
		})
		require.NoError(t, err)
		assert.Equal(t, string(want), string(appendMetadata(nil, e)))
	})
}
