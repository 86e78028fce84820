package auditpack

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// A line of events.jsonl either is refused or reads as an event that
// writes back to a line reading as the same event; text after the object
// is refused.
func FuzzParseLine(f *testing.F) {
	rec := eventstore.RecordedEvent{
		EventData: eventstore.EventData{ID: uuid.MustParse("0193b0f0-0000-7000-8000-000000000001"), Type: "SavingsDeposited",
			Data: []byte(`{"product":"wajib","amount":"10000","ref":"KW-1"}`), Metadata: []byte(`{"schema":1,"coop":"kdmp"}`)},
		Stream: "member-kdmp.M0001", Revision: 3, Position: eventstore.Position{Commit: 41, Prepare: 41},
	}
	good, err := json.Marshal(lineOf(rec))
	require.NoError(f, err)
	f.Add(good)
	f.Add(append(append([]byte{}, good...), []byte(` {"x":1}`)...))
	f.Add([]byte(`{"stream":"a","revision":-1}`))
	f.Add([]byte(`{"id":"not a uuid"}`))
	f.Add([]byte(`{"unknown":true}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, err := parseLine(b)
		if err != nil {
			return
		}
		again, err := json.Marshal(lineOf(rec))
		require.NoError(t, err)
		back, err := parseLine(again)
		require.NoError(t, err)
		assert.Equal(t, rec.ID, back.ID)
		assert.Equal(t, rec.Stream, back.Stream)
		assert.Equal(t, rec.Revision, back.Revision)
		assert.Equal(t, rec.Position, back.Position)
		assert.Equal(t, rec.Type, back.Type)
		assert.Equal(t, string(rec.Data), string(back.Data))
		assert.Equal(t, string(rec.Metadata), string(back.Metadata))
	})
}

func TestParseLineRefusesTextAfterTheEvent(t *testing.T) {
	_, err := parseLine([]byte(`{"id":"0193b0f0-0000-7000-8000-000000000001"} trailing`))
	assert.Error(t, err)
	_, err = parseLine([]byte(`{"id":"0193b0f0-0000-7000-8000-000000000001","extra":1}`))
	assert.Error(t, err)
	rec, err := parseLine([]byte(`{"id":"0193b0f0-0000-7000-8000-000000000001","stream":"s"}  `))
	require.NoError(t, err)
	assert.Equal(t, "s", rec.Stream)
}
