package auditpack

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// ResultJSON is the contract of `audit verify --package --json`.
type ResultJSON struct {
	OK          bool          `json:"ok"`
	Cooperative string        `json:"cooperative"`
	Year        int           `json:"year"`
	Events      int           `json:"events"`
	Streams     int           `json:"streams"`
	Seal        SealInfo      `json:"seal"`
	Reports     int           `json:"reports_compared"`
	Problems    []ProblemJSON `json:"problems"`
}

// ProblemJSON is one problem of a package.
type ProblemJSON struct {
	Kind   string `json:"kind"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Want   string `json:"expected,omitempty"`
	Got    string `json:"found,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// JSON returns a package's check as `audit verify --package --json`
// prints it.
func (r Result) JSON() ResultJSON {
	out := ResultJSON{OK: r.OK(), Cooperative: r.Manifest.Coop, Year: r.Manifest.Year, Events: r.Log.Events, Streams: r.Log.Streams,
		Seal: r.Manifest.Seal, Reports: r.Reports, Problems: []ProblemJSON{}}
	for _, p := range r.Problems {
		out.Problems = append(out.Problems, ProblemJSON(p))
	}
	return out
}

// WriteJSON renders a package's check as JSON.
func (r Result) WriteJSON(w io.Writer) error {
	out := r.JSON()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// WriteText renders a package's check for people.
func (r Result) WriteText(w io.Writer, p i18n.Printer) error {
	m := r.Manifest
	if r.OK() {
		signed := p.T("tanpa tanda tangan", "unsigned")
		if m.Seal.Signature != "" {
			signed = fmt.Sprintf(p.T("ditandatangani %s, tanda tangan sah", "signed by the %s, the signature verifies"), m.Seal.Role)
		}
		_, err := fmt.Fprintf(w, p.T(
			"Paket audit utuh: %s, tahun buku %d.\n%d peristiwa dalam %d aliran; setiap rantai hash tersambung dan segel %s (%s, %s) cocok.\n%d laporan dihitung ulang dari peristiwa dan sama persis dengan yang di dalam paket.\n",
			"The audit package is intact: %s, financial year %d.\n%d events in %d streams; every hash chain links and the seal %s (%s, %s) matches.\n%d reports derived again from the events are exactly those in the package.\n"),
			m.Name, m.Year, r.Log.Events, r.Log.Streams, m.Seal.Root, m.Seal.On, signed, r.Reports)
		return err
	}
	if _, err := fmt.Fprintf(w, p.T("Paket audit TIDAK utuh: %d masalah.\n", "The audit package is NOT intact: %d problems.\n"), len(r.Problems)); err != nil {
		return err
	}
	for _, pr := range r.Problems {
		if _, err := fmt.Fprintf(w, "- %s\n", pr.describe(p)); err != nil {
			return err
		}
	}
	return nil
}

// describe says what is wrong, in the person's language.
func (pr Problem) describe(p i18n.Printer) string {
	where := pr.File
	if pr.Line > 0 {
		where = fmt.Sprintf(p.T("%s baris %d", "%s line %d"), pr.File, pr.Line)
	}
	var s string
	switch pr.Kind {
	case ProblemNotPackage:
		s = p.T("bukan paket audit Lumbung", "not a Lumbung audit package")
	case ProblemMissingFile:
		s = fmt.Sprintf(p.T("%s: tercantum di manifest tetapi tidak ada dalam paket", "%s: listed in the manifest but absent from the package"), where)
	case ProblemExtraFile:
		s = fmt.Sprintf(p.T("%s: ada dalam paket tetapi tidak tercantum di manifest", "%s: in the package but not listed in the manifest"), where)
	case ProblemAlteredFile:
		s = fmt.Sprintf(p.T("%s: isinya diubah (SHA-256 manifest %s, berkas %s)", "%s: altered (manifest SHA-256 %s, file %s)"), where, pr.Want, pr.Got)
	case ProblemEvents:
		s = fmt.Sprintf(p.T("%s: peristiwa tidak dapat diterima", "%s: the event cannot be accepted"), where)
	case ProblemLog:
		s = fmt.Sprintf(p.T("%s: rantai hash atau segel putus", "%s: a hash chain or the seal is broken"), where)
	case ProblemSeal:
		s = p.T("segel paket bukan yang diharapkan", "the package's seal is not the one expected")
		if pr.Want != "" {
			s += fmt.Sprintf(p.T(" (diharapkan %s, ditemukan %s)", " (expected %s, found %s)"), pr.Want, pr.Got)
		}
	case ProblemManifest:
		s = fmt.Sprintf(p.T("%s berbeda dari peristiwa: diharapkan %q, tertulis %q", "%s differs from the events: expected %q, it says %q"), where, pr.Want, pr.Got)
	case ProblemReportDiffers:
		s = fmt.Sprintf(p.T("%s: laporan berbeda dari hasil hitung ulang peristiwa\n    peristiwa: %s\n    paket:     %s", "%s: the report differs from what the events give\n    events:  %s\n    package: %s"), where, pr.Want, pr.Got)
	case ProblemReportMissing:
		s = fmt.Sprintf(p.T("%s: peristiwa menghasilkan laporan ini tetapi paket tidak memuatnya", "%s: the events give this report but the package lacks it"), where)
	case ProblemReportExtra:
		s = fmt.Sprintf(p.T("%s: laporan ini tidak dihasilkan oleh peristiwa", "%s: the events do not give this report"), where)
	default:
		s = pr.Kind
	}
	if pr.Detail != "" && pr.Kind != ProblemReportDiffers {
		s += " — " + pr.Detail
	}
	return s
}
