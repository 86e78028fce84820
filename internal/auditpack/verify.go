package auditpack

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Kinds of problem a package can have.
const (
	ProblemNotPackage    = "not_package"    // not a zip, no manifest, or another format
	ProblemMissingFile   = "missing_file"   // the manifest lists a file the package lacks
	ProblemExtraFile     = "extra_file"     // the package holds a file the manifest does not list
	ProblemAlteredFile   = "altered_file"   // a file's hash or size is not the manifest's
	ProblemEvents        = "events"         // an event line does not read, or is another cooperative's
	ProblemLog           = "log"            // a hash chain or a seal does not hold (see Result.Log.Break)
	ProblemSeal          = "seal"           // the package does not end at the seal it names, or not the one expected
	ProblemManifest      = "manifest"       // the manifest says otherwise than the events
	ProblemReportDiffers = "report_differs" // a packaged report is not what the events give
	ProblemReportMissing = "report_missing" // the events give a report the package lacks
	ProblemReportExtra   = "report_extra"   // the package holds a report the events do not give
)

// Problem is one thing wrong with a package. File names the file, Line
// the line (from 1) where it applies; Want is what the events or the
// manifest give and Got what the package holds.
type Problem struct {
	Kind      string
	File      string
	Line      int
	Want, Got string
	// Detail describes the problem in English.
	Detail string
}

// Result is the outcome of checking a package.
type Result struct {
	Manifest Manifest
	// Log is the check of the packaged events: chains and seals.
	Log audit.Report
	// Reports counts the report files derived and compared.
	Reports  int
	Problems []Problem
}

// OK reports whether the package is intact.
func (r Result) OK() bool { return len(r.Problems) == 0 }

// VerifyOptions say what else a package must hold.
type VerifyOptions struct {
	// Root, when set, is the seal root printed in the RAT book: the
	// package must end at that seal.
	Root *[32]byte
	// Key, when set, is the public key the seal must be signed with.
	Key ed25519.PublicKey
	// Scratch is the directory for the scratch store; empty is the
	// system's temporary directory.
	Scratch string
	// Then, when set, is called once the package has verified, with a
	// service on the scratch store of its events: to read them as the
	// ledger would (a member's passbook and its proof in the seal).
	Then func(ctx context.Context, svc *app.Service, coop cooperative.ID) error
}

// maxLine bounds one event line: an event is at most MaxEventSize bytes,
// and escaping in JSON at most sextuples a byte.
const maxLine = 6*eventstore.MaxEventSize + 4096

var errStopped = errors.New("auditpack: the events do not check")

// Verify checks the package in r. Errors are reserved for what stops the
// check itself (the scratch store cannot be written, the context ends);
// anything wrong with the package is a Problem.
func Verify(ctx context.Context, r io.ReaderAt, size int64, opt VerifyOptions) (Result, error) {
	var res Result
	fail := func(p Problem) { res.Problems = append(res.Problems, p) }
	z, err := zip.NewReader(r, size)
	if err != nil {
		fail(Problem{Kind: ProblemNotPackage, Detail: err.Error()})
		return res, nil
	}
	files := map[string]*zip.File{}
	for _, f := range z.File {
		if strings.HasSuffix(f.Name, "/") && f.UncompressedSize64 == 0 {
			continue // a folder, as zip tools add them
		}
		if _, twice := files[f.Name]; twice {
			fail(Problem{Kind: ProblemExtraFile, File: f.Name, Detail: "the archive holds two files of this name"})
		}
		files[f.Name] = f
	}
	manifest, ok := files[ManifestFile]
	if !ok {
		fail(Problem{Kind: ProblemNotPackage, File: ManifestFile, Detail: "the archive has no manifest"})
		return res, nil
	}
	body, err := readFile(manifest)
	if err == nil {
		err = json.Unmarshal(body, &res.Manifest)
	}
	if err != nil || res.Manifest.Format != Format {
		fail(Problem{Kind: ProblemNotPackage, File: ManifestFile, Want: Format, Got: res.Manifest.Format, Detail: fmt.Sprint(err)})
		return res, nil
	}
	m := res.Manifest

	// Every file is the manifest's, with its hash.
	listed := map[string]bool{ManifestFile: true}
	for _, f := range m.Files {
		listed[f.Name] = true
		zf, ok := files[f.Name]
		if !ok {
			fail(Problem{Kind: ProblemMissingFile, File: f.Name})
			continue
		}
		sum, n, err := digest(zf)
		if err != nil {
			fail(Problem{Kind: ProblemAlteredFile, File: f.Name, Detail: err.Error()})
		} else if sum != f.SHA256 || n != f.Bytes {
			fail(Problem{Kind: ProblemAlteredFile, File: f.Name, Want: f.SHA256, Got: sum})
		}
	}
	for _, f := range files {
		if !listed[f.Name] {
			fail(Problem{Kind: ProblemExtraFile, File: f.Name})
		}
	}
	events, ok := files[EventsFile]
	if !ok {
		if listed[EventsFile] {
			return res, nil
		}
		fail(Problem{Kind: ProblemMissingFile, File: EventsFile})
		return res, nil
	}

	// The events, checked link by link and against every seal, into a
	// scratch store.
	checker := audit.NewChecker()
	var (
		count int
		last  codec.Event
	)
	scratch, err := load(ctx, opt.Scratch, func(yield func(eventstore.RecordedEvent, error) bool) {
		rc, err := events.Open()
		if err != nil {
			fail(Problem{Kind: ProblemEvents, File: EventsFile, Detail: err.Error()})
			yield(eventstore.RecordedEvent{}, errStopped)
			return
		}
		defer rc.Close()
		var prev eventstore.Position
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 0, 64<<10), maxLine)
		for n := 1; sc.Scan(); n++ {
			rec, err := parseLine(sc.Bytes())
			if err != nil {
				fail(Problem{Kind: ProblemEvents, File: EventsFile, Line: n, Detail: err.Error()})
				yield(rec, errStopped)
				return
			}
			if c, ok := audit.StreamCoop(rec.Stream); !ok || c != m.Coop {
				fail(Problem{Kind: ProblemEvents, File: EventsFile, Line: n, Want: m.Coop, Got: rec.Stream,
					Detail: fmt.Sprintf("stream %s is not cooperative %s's", rec.Stream, m.Coop)})
				yield(rec, errStopped)
				return
			}
			if n > 1 && !prev.Less(rec.Position) {
				fail(Problem{Kind: ProblemEvents, File: EventsFile, Line: n, Want: "after " + prev.String(), Got: rec.Position.String(),
					Detail: "the events are not in the order of the log"})
				yield(rec, errStopped)
				return
			}
			prev = rec.Position
			e, b := checker.Check(rec)
			if b != nil {
				fail(Problem{Kind: ProblemLog, File: EventsFile, Line: n, Detail: b.Problem})
				yield(rec, errStopped)
				return
			}
			count, last = n, e
			if !yield(rec, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			fail(Problem{Kind: ProblemEvents, File: EventsFile, Line: count + 1, Detail: err.Error()})
			yield(eventstore.RecordedEvent{}, errStopped)
		}
	})
	res.Log = checker.Report()
	if errors.Is(err, errStopped) {
		return res, nil
	}
	if err != nil {
		return res, err
	}
	defer scratch.close()

	// The package ends at the seal it names, and the manifest says what
	// the events say.
	sealed, isSeal := last.Payload.(cooperative.Sealed)
	if !isSeal {
		fail(Problem{Kind: ProblemSeal, File: EventsFile, Line: count, Want: "Sealed", Got: last.Type,
			Detail: "the last event is not a seal: the package must end at one"})
		return res, nil
	}
	st, err := app.New(scratch, app.Options{}).Cooperative(ctx, cooperative.ID(m.Coop))
	if err != nil {
		return res, err
	}
	role := ""
	for _, k := range st.Keys {
		if bytes.Equal(k.PublicKey, sealed.Key) {
			role = k.Role
		}
	}
	seal := sealInfo(sealed, last.ID, role)
	root := hex.EncodeToString(sealed.Root[:])
	switch {
	case opt.Root != nil && sealed.Root != *opt.Root:
		fail(Problem{Kind: ProblemSeal, Want: hex.EncodeToString(opt.Root[:]), Got: root,
			Detail: "the package ends at another seal than the one printed"})
	case opt.Key != nil && !bytes.Equal(sealed.Key, opt.Key):
		fail(Problem{Kind: ProblemSeal, Want: hex.EncodeToString(opt.Key), Got: seal.PublicKey,
			Detail: "the seal is not signed with the key given"})
	}
	for _, c := range []struct{ field, want, got string }{
		{"cooperative", m.Coop, string(st.ID)},
		{"name", st.Name, m.Name},
		{"events", fmt.Sprint(count), fmt.Sprint(m.Events)},
		{"seal", fmt.Sprintf("%+v", seal), fmt.Sprintf("%+v", m.Seal)},
	} {
		if c.want != c.got {
			fail(Problem{Kind: ProblemManifest, File: ManifestFile, Want: c.want, Got: c.got, Detail: "field " + c.field})
		}
	}

	// Every report, the seal file and the README, derived again.
	reports, computed, err := derive(ctx, scratch, cooperative.ID(m.Coop), m.Year, sealed.On)
	if err != nil {
		return res, err
	}
	if computed != m.SHU {
		fail(Problem{Kind: ProblemManifest, File: ManifestFile, Want: fmt.Sprint(computed), Got: fmt.Sprint(m.SHU), Detail: "field shu_computed"})
	}
	sealJSON, err := json.MarshalIndent(seal, "", "  ")
	if err != nil {
		return res, err
	}
	m.Seal = seal
	expected := append(reports, derived{SealFile, append(sealJSON, '\n')}, derived{ReadmeFile, readme(m)})
	derivedNames := map[string]bool{}
	for _, d := range expected {
		derivedNames[d.name] = true
		zf, ok := files[d.name]
		if !ok {
			if !listed[d.name] {
				fail(Problem{Kind: ProblemReportMissing, File: d.name})
			}
			continue
		}
		body, err := readFile(zf)
		if err != nil {
			continue // already named among the files
		}
		res.Reports++
		if n, want, got, differs := firstDifference(d.body, body); differs {
			fail(Problem{Kind: ProblemReportDiffers, File: d.name, Line: n, Want: want, Got: got})
		}
	}
	for _, f := range files {
		if strings.HasPrefix(f.Name, ReportsDir) && !derivedNames[f.Name] && listed[f.Name] {
			fail(Problem{Kind: ProblemReportExtra, File: f.Name})
		}
	}
	slices.SortStableFunc(res.Problems, func(a, b Problem) int { return strings.Compare(a.File, b.File) })
	if res.OK() && opt.Then != nil {
		return res, opt.Then(ctx, app.New(scratch, app.Options{}), cooperative.ID(m.Coop))
	}
	return res, nil
}

// firstDifference returns the first line (from 1) where got is not want,
// with both lines.
func firstDifference(want, got []byte) (int, string, string, bool) {
	if bytes.Equal(want, got) {
		return 0, "", "", false
	}
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; ; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return i + 1, wl, gl, true
		}
	}
}

func readFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func digest(f *zip.File) (string, int64, error) {
	rc, err := f.Open()
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
