package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// VerifyJSON is the contract of `audit verify --json`.
type VerifyJSON struct {
	OK      bool       `json:"ok"`
	Events  int        `json:"events"`
	Streams int        `json:"streams"`
	Break   *BreakJSON `json:"break,omitempty"`
	// Stale names saved projections that differ from a fold of the log.
	Stale []string `json:"stale_projections,omitempty"`
	// Seals counts the seals checked; LastSeal is the last of them.
	Seals    int       `json:"seals"`
	LastSeal *SealJSON `json:"last_seal,omitempty"`
}

// SealJSON is a seal: its root in hexadecimal, its date, what it covers
// and whether it is signed.
type SealJSON struct {
	Coop    string `json:"coop"`
	Root    string `json:"root"`
	On      string `json:"on"`
	Streams int    `json:"streams"`
	Events  int    `json:"events"`
	Signed  bool   `json:"signed"`
}

// BreakJSON is the first broken link.
type BreakJSON struct {
	Stream   string `json:"stream"`
	Revision uint64 `json:"revision"`
	EventID  string `json:"event_id"`
	Position string `json:"position"`
	Kind     string `json:"kind"`
	Problem  string `json:"problem"`
}

// VerifyAsJSON renders a verification as JSON.
func VerifyAsJSON(w io.Writer, r audit.Report) error {
	out := VerifyJSON{OK: r.OK(), Events: r.Events, Streams: r.Streams, Stale: r.Stale, Seals: r.Seals}
	if s := r.LastSeal; s != nil {
		out.LastSeal = &SealJSON{Coop: r.Sealed[len(r.Sealed)-1].Coop, Root: fmt.Sprintf("%x", s.Root), On: s.On.String(), Streams: s.Streams, Events: s.Events, Signed: len(s.Signature) > 0}
	}
	if b := r.Break; b != nil {
		out.Break = &BreakJSON{Stream: b.Stream, Revision: b.Revision, EventID: b.EventID.String(), Position: b.Position.String(), Kind: b.Kind, Problem: b.Problem}
	}
	return writeJSON(w, out)
}

// Verify renders a verification as text.
func Verify(w io.Writer, p i18n.Printer, r audit.Report) error {
	if r.Break == nil && len(r.Stale) > 0 {
		_, err := fmt.Fprintf(w, p.T("Log utuh (%d peristiwa dalam %d aliran), tetapi proyeksi tersimpan %s tidak sama dengan hasil hitung ulang dari log. Jalankan \"lumbung projections rebuild\".\n",
			"The log is intact (%d events in %d streams), but the saved projection %s differs from a fold of the log. Run \"lumbung projections rebuild\".\n"), r.Events, r.Streams, strings.Join(r.Stale, ", "))
		return err
	}
	if r.OK() {
		_, err := fmt.Fprintf(w, p.T("Log utuh: %d peristiwa dalam %d aliran; setiap rantai hash tersambung dan setiap hash cocok.\n",
			"The log is intact: %d events in %d streams; every hash chain links and every hash matches.\n"), r.Events, r.Streams)
		if err == nil && r.Seals > 0 {
			s := r.LastSeal
			signed := p.T("tanpa tanda tangan", "unsigned")
			if len(s.Signature) > 0 {
				signed = p.T("ditandatangani, tanda tangan sah", "signed, the signature verifies")
			}
			coop := r.Sealed[len(r.Sealed)-1].Coop
			_, err = fmt.Fprintf(w, p.T("%d segel cocok dengan log. Segel terakhir (%s, %s, %s): %x, %d aliran, %d peristiwa.\n",
				"%d seals match the log. The last seal (%s, %s, %s): %x, %d streams, %d events.\n"), r.Seals, coop, p.Date(s.On), signed, s.Root, s.Streams, s.Events)
		}
		return err
	}
	b := r.Break
	if b.Stream == "" {
		_, err := fmt.Fprintf(w, p.T("LOG RUSAK: %s\n", "LOG CORRUPT: %s\n"), b.Problem)
		return err
	}
	_, err := fmt.Fprintf(w, p.T("LOG RUSAK pada aliran %s, revisi %d, peristiwa %s (posisi %s): %s\n%d peristiwa sebelumnya utuh.\n",
		"LOG CORRUPT at stream %s, revision %d, event %s (position %s): %s\n%d events before it are intact.\n"),
		b.Stream, b.Revision, b.EventID, b.Position, breakText(p, b), r.Events)
	return err
}

// breakText says what is wrong, in the printer's language.
func breakText(p i18n.Printer, b *audit.Break) string {
	switch b.Kind {
	case string(codec.ChainGap):
		return p.T("nomor revisi melompat: ada peristiwa yang dihapus atau dipindahkan ("+b.Problem+")", b.Problem)
	case string(codec.ChainPrevious):
		return p.T("hash peristiwa sebelumnya tidak cocok: peristiwa ditukar atau diganti", b.Problem)
	case string(codec.ChainHash):
		return p.T("hash tidak cocok dengan isi peristiwa: isinya diubah setelah dicatat", b.Problem)
	case audit.ProblemUnreadable:
		return p.T("peristiwa tidak dapat dibaca ("+b.Problem+")", b.Problem)
	case audit.ProblemNonCanonical:
		return p.T("metadata peristiwa ditulis ulang (kunci ditambah, diurutkan ulang atau dieja lain)", b.Problem)
	case audit.ProblemWrongCooperative:
		return p.T("peristiwa menyebut koperasi lain daripada alirannya ("+b.Problem+")", b.Problem)
	case audit.ProblemSeal:
		return p.T("segel tidak cocok dengan log: ada peristiwa yang diubah, dihapus atau dipindahkan setelah disegel ("+b.Problem+")", b.Problem)
	}
	return b.Problem
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
	return writeJSON(w, NewPoliciesJSON(versions))
}

// PoliciesJSON is every policy version, as lumbung policy show --json
// prints it and the API answers it.
type PoliciesJSON struct {
	Versions []PolicyJSON `json:"versions"`
}

// NewPoliciesJSON is the JSON of policy versions.
func NewPoliciesJSON(versions []policy.Version) PoliciesJSON {
	out := PoliciesJSON{Versions: []PolicyJSON{}}
	for _, v := range versions {
		p := v.Policy
		out.Versions = append(out.Versions, PolicyJSON{
			Version: v.Number, From: v.From.String(), Currency: p.Currency, MinorUnit: p.Places, TimeZone: p.TimeZone,
			Pokok: p.Pokok.String(), Wajib: p.Wajib.String(), WajibPeriod: string(p.WajibPeriod), MaxAmount: p.MaxAmount.String(),
		})
	}
	return out
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
