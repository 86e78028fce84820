package report

import (
	"fmt"
	"io"

	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// VerifyJSON is the contract of `audit verify --json`.
type VerifyJSON struct {
	OK      bool       `json:"ok"`
	Events  int        `json:"events"`
	Streams int        `json:"streams"`
	Break   *BreakJSON `json:"break,omitempty"`
}

// BreakJSON is the first broken link.
type BreakJSON struct {
	Stream   string `json:"stream"`
	Revision uint64 `json:"revision"`
	EventID  string `json:"event_id"`
	Position string `json:"position"`
	Problem  string `json:"problem"`
}

// VerifyAsJSON renders a verification as JSON.
func VerifyAsJSON(w io.Writer, r audit.Report) error {
	out := VerifyJSON{OK: r.OK(), Events: r.Events, Streams: r.Streams}
	if b := r.Break; b != nil {
		out.Break = &BreakJSON{Stream: b.Stream, Revision: b.Revision, EventID: b.EventID.String(), Position: b.Position.String(), Problem: b.Problem}
	}
	return writeJSON(w, out)
}

// Verify renders a verification as text.
func Verify(w io.Writer, p i18n.Printer, r audit.Report) error {
	if r.OK() {
		_, err := fmt.Fprintf(w, p.T("Log utuh: %d peristiwa dalam %d aliran; setiap rantai hash tersambung dan setiap hash cocok.\n",
			"The log is intact: %d events in %d streams; every hash chain links and every hash matches.\n"), r.Events, r.Streams)
		return err
	}
	b := r.Break
	if b.Stream == "" {
		_, err := fmt.Fprintf(w, p.T("LOG RUSAK: %s\n", "LOG CORRUPT: %s\n"), b.Problem)
		return err
	}
	_, err := fmt.Fprintf(w, p.T("LOG RUSAK pada aliran %s, revisi %d, peristiwa %s (posisi %s): %s\n%d peristiwa sebelumnya utuh.\n",
		"LOG CORRUPT at stream %s, revision %d, event %s (position %s): %s\n%d events before it are intact.\n"),
		b.Stream, b.Revision, b.EventID, b.Position, b.Problem, r.Events)
	return err
}

// PolicyJSON is one policy version.
type PolicyJSON struct {
	Version     int    `json:"version"`
	From        string `json:"from"`
	Currency    string `json:"currency"`
	MinorUnit   int32  `json:"minor_unit"`
	TimeZone    string `json:"time_zone"`
	Pokok       string `json:"pokok"`
	Wajib       string `json:"wajib"`
	WajibPeriod string `json:"wajib_period"`
	MaxAmount   string `json:"max_amount"`
}

// PoliciesAsJSON renders policy versions as JSON.
func PoliciesAsJSON(w io.Writer, versions []policy.Version) error {
	out := struct {
		Versions []PolicyJSON `json:"versions"`
	}{}
	for _, v := range versions {
		p := v.Policy
		out.Versions = append(out.Versions, PolicyJSON{
			Version: v.Number, From: v.From.String(), Currency: p.Currency, MinorUnit: p.Places, TimeZone: p.TimeZone,
			Pokok: p.Pokok.String(), Wajib: p.Wajib.String(), WajibPeriod: string(p.WajibPeriod), MaxAmount: p.MaxAmount.String(),
		})
	}
	return writeJSON(w, out)
}

// Policies renders policy versions as text.
func Policies(w io.Writer, p i18n.Printer, coopName string, versions []policy.Version) error {
	fmt.Fprintf(w, "%s\n%s\n\n", coopName, p.T("Kebijakan (AD/ART) per versi", "Policy (bylaws) versions"))
	t := &table{
		headers: []string{"Versi", p.T("Berlaku", "From"), "Pokok", "Wajib", p.T("Periode", "Period"), p.T("Batas transaksi", "Transaction limit")},
		right:   []bool{true, false, true, true, false, true},
	}
	for _, v := range versions {
		t.add(fmt.Sprint(v.Number), v.From.String(), p.Number(v.Policy.Pokok), p.Number(v.Policy.Wajib), string(v.Policy.WajibPeriod), p.Number(v.Policy.MaxAmount))
	}
	return t.render(w)
}
