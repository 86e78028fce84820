package cooperative_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
)

func TestAnswerChecklist(t *testing.T) {
	given := fold([]cooperative.Event{registeredEvent(), chartAdopted(registered)})
	answer := func(change func(*cooperative.AnswerChecklist)) cooperative.AnswerChecklist {
		c := cooperative.AnswerChecklist{Year: 2025, Indicator: "kpmr", Fulfilled: 3, Total: 4, Role: "pengawas", Today: today}
		if change != nil {
			change(&c)
		}
		return c
	}
	events, err := cooperative.Decide(given, answer(nil))
	require.NoError(t, err)
	require.Equal(t, []cooperative.Event{cooperative.HealthChecklistAnswered{Year: 2025, Indicator: "kpmr", Fulfilled: 3, Total: 4, Role: "pengawas", On: today}}, events)

	for _, c := range []struct {
		name    string
		command cooperative.AnswerChecklist
		refused refusal
	}{
		{"unknown indicator", answer(func(c *cooperative.AnswerChecklist) { c.Indicator = "npm" }), inputError("indicator", "npm", input.WantHealthIndicator, "")},
		{"more fulfilled than there are", answer(func(c *cooperative.AnswerChecklist) { c.Fulfilled = 5 }), inputError("fulfilled", "5", input.WantAtMost, "4")},
		{"a fixed total", answer(func(c *cooperative.AnswerChecklist) { c.Indicator, c.Total = "prinsip-koperasi", 8 }), inputError("total", "8", input.WantChecklistTotal, "7")},
		{"a year not ended", answer(func(c *cooperative.AnswerChecklist) { c.Year = 2026 }), inputError("year", "2026", input.WantAtMost, "2025")},
		{"a year before any assessment", answer(func(c *cooperative.AnswerChecklist) { c.Year = 1999 }), inputError("year", "1999", input.WantAtLeast, "2000")},
		{"a date ahead", answer(func(c *cooperative.AnswerChecklist) { c.On = today.AddDays(1) }), inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30")},
		{"a role", answer(func(c *cooperative.AnswerChecklist) { c.Role = "Pengawas Utama" }), inputError("role", "Pengawas Utama", input.WantRole, "")},
	} {
		t.Run(c.name, func(t *testing.T) {
			events, err := cooperative.Decide(given, c.command)
			c.refused(t, err)
			assert.Empty(t, events)
		})
	}

	// A later answer for the same year and indicator supersedes the
	// earlier; the history keeps both; the same answer again writes
	// nothing.
	s := cooperative.Evolve(given, events[0])
	again, err := cooperative.Decide(s, answer(nil))
	require.NoError(t, err)
	assert.Empty(t, again)
	later := calendar.MustNew(2025, time.June, 1)
	events, err = cooperative.Decide(s, answer(func(c *cooperative.AnswerChecklist) { c.Fulfilled, c.On = 4, later }))
	require.NoError(t, err)
	require.Len(t, events, 1)
	s = cooperative.Evolve(s, events[0])
	assert.Len(t, s.Checklists, 2)
	got := s.ChecklistAnswers(2025)
	require.Contains(t, got, "kpmr")
	assert.Equal(t, 4, got["kpmr"].Fulfilled)
	assert.Equal(t, later, got["kpmr"].On)
	assert.Empty(t, s.ChecklistAnswers(2024))
}
