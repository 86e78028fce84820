package domain_test

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The domain is pure (style.md, principle 3): no I/O, no clock, no
// randomness, no mutable globals, no concurrency. TestDomainIsPure enforces
// it on every non-test file of every package under domain/; tests may do
// anything.

const module = "github.com/lumbung-ledger/lumbung"

// pureImports are the packages the domain may import besides its own: the
// parts of the standard library that do no I/O, and exact decimals. A new
// entry is a design decision; add it in a reviewed change, with the reason.
// encoding/json is deliberately absent: the stored form of events belongs to
// internal/codec, not to the domain types.
var pureImports = map[string]bool{
	"cmp": true,
	// Hashing is computation without I/O: the fingerprint of an SHU
	// computation, which the RAT's resolution quotes, is the domain's.
	"crypto/sha256": true,
	"encoding/hex":  true,
	// Verifying a seal's Ed25519 signature is computation too; keys are
	// given to the domain, never generated or read there.
	"crypto/ed25519":                true,
	"bytes":                         true,
	"errors":                        true,
	"fmt":                           true,
	"iter":                          true,
	"maps":                          true,
	"math":                          true,
	"math/big":                      true,
	"slices":                        true,
	"sort":                          true,
	"strconv":                       true,
	"strings":                       true,
	"time":                          true, // for time.Month and time.Date; the clock is banned below
	"unicode":                       true,
	"unicode/utf8":                  true,
	"github.com/shopspring/decimal": true,
}

// clockFuncs are the members of package time that read the clock, wait, or
// depend on the machine's zone database or zone.
var clockFuncs = map[string]string{
	"Now":          "reads the clock",
	"Since":        "reads the clock",
	"Until":        "reads the clock",
	"Sleep":        "waits on the clock",
	"After":        "waits on the clock",
	"AfterFunc":    "waits on the clock",
	"Tick":         "waits on the clock",
	"NewTimer":     "waits on the clock",
	"NewTicker":    "waits on the clock",
	"LoadLocation": "reads the zone database",
	"Local":        "depends on the machine's zone",
}

// stdioFuncs are the members of package fmt that read or write the
// process's standard streams.
var stdioFuncs = map[string]bool{
	"Print": true, "Printf": true, "Println": true,
	"Scan": true, "Scanf": true, "Scanln": true,
}

// violation is one breach of the domain's purity, at a place in a file.
type violation struct {
	pos token.Position
	msg string
}

func (v violation) String() string {
	return fmt.Sprintf("%s:%d: %s", v.pos.Filename, v.pos.Line, v.msg)
}

func allowedImport(path string) bool {
	return pureImports[path] || path == module+"/domain" || strings.HasPrefix(path, module+"/domain/")
}

// checkPurity returns every violation in one parsed file, in source order.
func checkPurity(fset *token.FileSet, f *ast.File) []violation {
	var out []violation
	report := func(at token.Pos, format string, args ...any) {
		out = append(out, violation{pos: fset.Position(at), msg: fmt.Sprintf(format, args...)})
	}

	// The names the file gives to the packages whose members are checked.
	names := map[string]string{} // import path -> local name
	for _, spec := range f.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			report(spec.Pos(), "unreadable import %s", spec.Path.Value)
			continue
		}
		if !allowedImport(path) {
			report(spec.Pos(), "import %q: the domain may import only pure packages (see pureImports in domain/purity_test.go)", path)
			continue
		}
		name := path
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "." && (path == "time" || path == "fmt" || path == "errors") {
			report(spec.Pos(), "dot import of %q hides which of its members are used", path)
		}
		names[path] = name
	}
	isMember := func(e ast.Expr, path string) (string, bool) {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return "", false
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok || names[path] == "" || x.Name != names[path] {
			return "", false
		}
		return sel.Sel.Name, true
	}
	isSentinel := func(e ast.Expr) bool {
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return false
		}
		if fn, ok := isMember(call.Fun, "errors"); ok && fn == "New" {
			return true
		}
		fn, ok := isMember(call.Fun, "fmt")
		return ok && fn == "Errorf"
	}

	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				// A blank variable (var _ I = T{}) is a compile-time check,
				// not state: nothing can read or change it.
				if name.Name == "_" {
					continue
				}
				if len(vs.Values) == len(vs.Names) && isSentinel(vs.Values[i]) {
					continue
				}
				report(name.Pos(), "package-level var %s: the domain keeps no globals; only error sentinels (errors.New, fmt.Errorf) may be package variables", name.Name)
			}
		}
	}

	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if fn, ok := isMember(n, "time"); ok {
				if why, banned := clockFuncs[fn]; banned {
					report(n.Pos(), "%s.%s %s: commands carry the time they were decided at", names["time"], fn, why)
				}
			}
			if fn, ok := isMember(n, "fmt"); ok && stdioFuncs[fn] {
				report(n.Pos(), "%s.%s does I/O on the standard streams", names["fmt"], fn)
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "print" || id.Name == "println") {
				report(n.Pos(), "builtin %s does I/O on standard error", id.Name)
			}
		case *ast.GoStmt:
			report(n.Pos(), "go statement: concurrency does not belong in the pure domain")
		case *ast.ChanType:
			report(n.Pos(), "channel type: concurrency does not belong in the pure domain")
		case *ast.SelectStmt:
			report(n.Pos(), "select statement: concurrency does not belong in the pure domain")
		}
		return true
	})

	slices.SortStableFunc(out, func(a, b violation) int {
		return cmp.Or(cmp.Compare(a.pos.Line, b.pos.Line), cmp.Compare(a.pos.Column, b.pos.Column))
	})
	return out
}

// checkTree checks every non-test Go file under root, naming files by
// their path under display, and returns the violations and the files it
// checked.
func checkTree(root, display string) ([]violation, []string, error) {
	fset := token.NewFileSet()
	var found []violation
	var checked []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			// The go tool ignores these directories too.
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		file := filepath.ToSlash(filepath.Join(display, rel))
		f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		found = append(found, checkPurity(fset, f)...)
		checked = append(checked, file)
		return nil
	})
	return found, checked, err
}

// TestDomainIsPure checks every non-test Go file under domain/.
func TestDomainIsPure(t *testing.T) {
	found, checked, err := checkTree(".", "domain")
	require.NoError(t, err)
	for _, v := range found {
		t.Errorf("%s", v)
	}
	// Guard against a walk that silently finds nothing.
	for _, want := range []string{"domain/doc.go", "domain/money/money.go", "domain/calendar/calendar.go", "domain/member/member.go"} {
		assert.Contains(t, checked, want, "the purity check did not see %s", want)
	}
}

// TestPurityWalk checks that the walk reaches nested packages and skips
// tests and the directories the go tool ignores.
func TestPurityWalk(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"doc.go":                  "package domain\n",
		"loan/loan.go":            "package loan\n\nimport \"os\"\n\nvar _ = os.Args\n",
		"loan/loan_test.go":       "package loan\n\nimport \"os\"\n\nvar _ = os.Args\n",
		"loan/schedule/due.go":    "package schedule\n\nvar rate = 3\n",
		"loan/testdata/bad.go":    "package bad\n\nimport \"net\"\n",
		"_scratch/bad.go":         "package bad\n\nimport \"net\"\n",
		"loan/schedule/notes.txt": "import \"os\"\n",
	}
	for name, src := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	}
	found, checked, err := checkTree(root, "domain")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"domain/doc.go", "domain/loan/loan.go", "domain/loan/schedule/due.go"}, checked)
	var got []string
	for _, v := range found {
		got = append(got, v.String())
	}
	require.Len(t, got, 2, "violations: %q", got)
	assert.True(t, strings.HasPrefix(got[0], `domain/loan/loan.go:3: import "os"`), got[0])
	assert.True(t, strings.HasPrefix(got[1], "domain/loan/schedule/due.go:3: package-level var rate"), got[1])
}

// TestPurityCheckerFindsViolations proves that the checker can fail: it
// must report exactly the violations planted in each source.
func TestPurityCheckerFindsViolations(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "io, clock and a global",
			src: `package bad

import (
	"errors"
	"os"
	"time"
)

var ErrBroken = errors.New("bad: broken")

var counter int

func Stamp() time.Time {
	counter++
	_ = os.Args
	return time.Now()
}
`,
			want: []string{
				`bad.go:5: import "os"`,
				`bad.go:11: package-level var counter`,
				`bad.go:16: time.Now reads the clock`,
			},
		},
		{
			name: "concurrency, renamed imports and forbidden packages",
			src: `package bad

import (
	"errors"
	f "fmt"
	"sync"
	clock "time"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/domainx"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

var (
	ErrA    = f.Errorf("bad: %w", ErrB)
	ErrB, n = errors.New("bad: b"), 1
	joined  = errors.Join(ErrB)
	_       = money.Zero
)

func Run(done chan struct{}) {
	go clock.Sleep(clock.Second)
	select {
	case <-clock.After(clock.Minute):
	}
	f.Println("hello")
	println("hi")
	_ = f.Sprint(clock.Date(2025, clock.January, 1, 0, 0, 0, 0, clock.UTC))
}
`,
			want: []string{
				`bad.go:6: import "sync"`,
				`bad.go:9: import "github.com/lumbung-ledger/lumbung/internal/eventstore"`,
				`bad.go:10: import "github.com/lumbung-ledger/lumbung/domainx"`,
				`bad.go:16: package-level var n`,
				`bad.go:17: package-level var joined`,
				`bad.go:21: channel type`,
				`bad.go:22: go statement`,
				`bad.go:22: clock.Sleep waits on the clock`,
				`bad.go:23: select statement`,
				`bad.go:24: clock.After waits on the clock`,
				`bad.go:26: f.Println does I/O`,
				`bad.go:27: builtin println`,
			},
		},
		{
			name: "pure",
			src: `package good

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
)

// ErrLate refuses a late payment.
var ErrLate = errors.New("good: late")

var errWrapped = fmt.Errorf("good: wrapped: %w", ErrLate)

var _ fmt.Stringer = calendar.Date{}

func Now(today calendar.Date, rate decimal.Decimal) (time.Month, string, error) {
	return today.Month(), fmt.Sprint(rate), errWrapped
}
`,
			want: nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "bad.go", tc.src, parser.SkipObjectResolution)
			require.NoError(t, err)
			got := checkPurity(fset, f)
			require.Len(t, got, len(tc.want), "violations: %v", got)
			for i, v := range got {
				assert.True(t, strings.HasPrefix(v.String(), tc.want[i]), "violation %d is %q, want it to start with %q", i, v, tc.want[i])
			}
		})
	}
}
