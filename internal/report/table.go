// Package report renders what the ledger knows for people (aligned text
// tables, in their language) and for programs (JSON with amounts as
// strings). The same data always renders to the same bytes.
package report

import (
	"encoding/json"
	"io"
	"strings"
	"unicode/utf8"
)

// table is a text table whose numeric columns align right.
type table struct {
	headers []string
	right   []bool
	rows    [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// rule adds a separator line under the rows so far.
func (t *table) rule() { t.rows = append(t.rows, nil) }

func (t *table) render(w io.Writer) error {
	widths := make([]int, len(t.headers))
	for i, h := range t.headers {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b, l strings.Builder
	line := func(cells []string) {
		l.Reset()
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if t.right[i] {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		// No trailing spaces, whatever the last cells hold.
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteString("\n")
	}
	sep := func() {
		total := 0
		for _, w := range widths {
			total += w
		}
		b.WriteString(strings.Repeat("-", total+2*(len(widths)-1)) + "\n")
	}
	line(t.headers)
	sep()
	for _, r := range t.rows {
		if r == nil {
			sep()
			continue
		}
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
