package app

import (
	"context"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
)

// ChecklistAnswer is the pengawas's answer to a checklist indicator of a
// year's health assessment.
type ChecklistAnswer struct {
	Year             int
	Indicator        string
	Fulfilled, Total int
	// Role is the office of who answered; pengawas when empty.
	Role string
	// On is the date of the answer; zero for today.
	On calendar.Date
}

// AnswerChecklist records an answer to a checklist indicator of the
// health assessment; it supersedes an earlier answer for the same year
// and indicator. The same answer again writes nothing.
func (s *Service) AnswerChecklist(ctx context.Context, actor Actor, coop cooperative.ID, a ChecklistAnswer) (Result, error) {
	role := a.Role
	if role == "" {
		role = "pengawas"
	}
	return s.booksCommand(ctx, actor, coop, "", false, "", func(today calendar.Date) cooperative.Command {
		return cooperative.AnswerChecklist{Year: a.Year, Indicator: a.Indicator, Fulfilled: a.Fulfilled, Total: a.Total, Role: role, On: a.On, Today: today}
	})
}

// RecordSubmission records a periodic report submitted to the Ministry
// for a financial year, with the receipt's reference; on zero is today.
// The same submission again writes nothing.
func (s *Service) RecordSubmission(ctx context.Context, actor Actor, coop cooperative.ID, duty prudential.Duty, year int, ref string, on calendar.Date) (Result, error) {
	return s.booksCommand(ctx, actor, coop, "", false, "", func(today calendar.Date) cooperative.Command {
		return cooperative.RecordSubmission{Duty: duty, Year: year, Ref: ref, On: on, Today: today}
	})
}
