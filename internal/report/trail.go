package report

import (
	"fmt"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// Trail is the audit trail: every event the filter selects, with who
// recorded it, when (in zone), its stream and revision, its effective
// date, the decision it carries out and its id; with an account filter,
// what it posted to the account.
func Trail(p i18n.Printer, name string, t *audit.Trail, zone *time.Location) Statement {
	f := t.Filter
	st := Statement{
		Kind: "audit-trail", Cooperative: name, Title: p.T("Jejak Audit", "Audit Trail"),
		TextColumns: []string{p.T("Dicatat", "Recorded"), p.T("Oleh", "By"), p.T("Aliran", "Stream"),
			p.T("Rev", "Rev"), p.T("Tgl efektif", "Effective"), p.T("Keputusan", "Decision"), p.T("ID peristiwa", "Event id")},
	}
	var what []string
	if f.Member != "" {
		what = append(what, p.T("anggota ", "member ")+f.Member)
	}
	if f.Account != "" {
		what = append(what, p.T("akun ", "account ")+f.Account)
		st.Columns = []Column{{Label: p.T("Debit", "Debit")}, {Label: p.T("Kredit", "Credit")}}
	}
	if f.Actor != "" {
		what = append(what, p.T("oleh ", "by ")+f.Actor)
	}
	if !f.From.IsZero() {
		what = append(what, p.T("dicatat sejak ", "recorded from ")+f.From.In(zone).Format("2006-01-02 15:04"))
	}
	if !f.To.IsZero() {
		what = append(what, p.T("sebelum ", "before ")+f.To.In(zone).Format("2006-01-02 15:04"))
	}
	st.Subtitle = p.T("semua peristiwa", "every event")
	if len(what) > 0 {
		st.Subtitle = joinComma(what)
	}
	debit, credit := money.Zero(), money.Zero()
	for _, l := range t.Lines {
		line := Line{Key: "event:" + l.EventID.String(), Label: l.Type, Style: Item,
			Text: []string{l.Recorded.In(zone).Format("2006-01-02 15:04:05"), l.Actor, l.Stream, fmt.Sprint(l.Revision), l.Effective, l.Decision, l.EventID.String()}}
		if f.Account != "" {
			line.Values = []money.Amount{l.Debit, l.Credit}
			debit, credit = debit.Add(l.Debit), credit.Add(l.Credit)
		}
		st.Lines = append(st.Lines, line)
	}
	if f.Account != "" {
		st.Lines = append(st.Lines, Line{Key: "total", Label: p.T("Jumlah", "Total"), Style: Total, Text: make([]string, 7), Values: []money.Amount{debit, credit}})
	}
	st.Notes = append(st.Notes, fmt.Sprintf(p.T("%d peristiwa. Waktu dicatat dalam zona %s.", "%d events. Recorded times in zone %s."), len(t.Lines), zone))
	return st
}
