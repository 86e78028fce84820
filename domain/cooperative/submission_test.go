package cooperative_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
)

// Given a cooperative, when a report submitted is recorded, then
// ReportSubmitted; the first submission of a year's report is the one
// the calendar counts; bad input is refused with the field named.
func TestRecordSubmission(t *testing.T) {
	given := fold([]cooperative.Event{registeredEvent(), chartAdopted(registered)})
	submit := func(change func(*cooperative.RecordSubmission)) cooperative.RecordSubmission {
		c := cooperative.RecordSubmission{Duty: prudential.Quarter1, Year: 2025, Ref: "TT-1", Today: today}
		if change != nil {
			change(&c)
		}
		return c
	}
	april := calendar.MustNew(2025, time.April, 15)
	events, err := cooperative.Decide(given, submit(func(c *cooperative.RecordSubmission) { c.On = april }))
	require.NoError(t, err)
	require.Equal(t, []cooperative.Event{cooperative.ReportSubmitted{Duty: prudential.Quarter1, Year: 2025, Ref: "TT-1", On: april}}, events)

	for _, c := range []struct {
		name    string
		command cooperative.RecordSubmission
		refused refusal
	}{
		{"the RAT is convened, not submitted", submit(func(c *cooperative.RecordSubmission) { c.Duty = prudential.RAT }), inputError("report", "rat", input.WantSubmittedReport, "")},
		{"an unknown report", submit(func(c *cooperative.RecordSubmission) { c.Duty = "bulanan" }), inputError("report", "bulanan", input.WantSubmittedReport, "")},
		{"no receipt", submit(func(c *cooperative.RecordSubmission) { c.Ref = "" }), inputError("ref", "", input.WantRef, "")},
		{"a year ahead", submit(func(c *cooperative.RecordSubmission) { c.Year = 2026 }), inputError("year", "2026", input.WantAtMost, "2025")},
		{"a date ahead", submit(func(c *cooperative.RecordSubmission) { c.On = today.AddDays(1) }), inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30")},
	} {
		t.Run(c.name, func(t *testing.T) {
			events, err := cooperative.Decide(given, c.command)
			c.refused(t, err)
			assert.Empty(t, events)
		})
	}

	s := cooperative.Evolve(given, events[0])
	again, err := cooperative.Decide(s, submit(func(c *cooperative.RecordSubmission) { c.On = april }))
	require.NoError(t, err)
	assert.Empty(t, again, "the same submission again writes nothing")
	events, err = cooperative.Decide(s, submit(func(c *cooperative.RecordSubmission) { c.Ref = "TT-2" }))
	require.NoError(t, err)
	s = cooperative.Evolve(s, events[0])
	on, ok := s.Submitted(prudential.Quarter1, 2025)
	assert.True(t, ok)
	assert.Equal(t, april, on, "the first submission counts, not the correction of today")
	assert.Len(t, s.Submissions, 2)
	_, ok = s.Submitted(prudential.Quarter2, 2025)
	assert.False(t, ok)
}
