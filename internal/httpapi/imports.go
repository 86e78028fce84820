package httpapi

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/lumbung-ledger/lumbung/internal/importer"
)

// ImportJSON is what an import did: the rows read, the events (or, for
// a journal import, the entries) written, the rows or entries recorded
// before by an earlier import of the same refs, which wrote nothing.
type ImportJSON struct {
	Rows     int  `json:"rows"`
	Entries  int  `json:"entries,omitempty"`
	Written  int  `json:"written"`
	Repeated int  `json:"repeated"`
	DryRun   bool `json:"dry_run"`
}

// dryRun reads ?dry_run=.
func (c *call) dryRun() (bool, error) {
	v := c.r.URL.Query().Get("dry_run")
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest("bad_request", "dry_run", "dry_run harus true atau false.", "dry_run must be true or false.")
	}
	return b, nil
}

// importStatus is 201 when an import wrote something, else 200.
func importStatus(written int) int {
	if written > 0 {
		return http.StatusCreated
	}
	return http.StatusOK
}

// maxImport bounds the body of an import, in place of the 1 MiB of other
// requests: about two million rows of members' transactions, which the
// server holds in memory while it reads them.
const maxImport = 128 << 20

// importRows imports a CSV of members' transactions (the body, up to
// maxImport) all or nothing, as lumbung import does.
func (a *API) importRows(c *call) (int, any, error) {
	dry, err := c.dryRun()
	if err != nil {
		return 0, nil, err
	}
	sum, err := importer.Run(c.writeCtx(), a.svc, c.actor(), c.p.Coop, bytes.NewReader(c.body), int64(len(c.body)),
		importer.Options{DryRun: dry, MaxBytes: maxImport})
	if err != nil {
		return 0, nil, err
	}
	a.metrics.Appended(sum.Written)
	return importStatus(sum.Written), ImportJSON{Rows: sum.Rows, Written: sum.Written, Repeated: sum.Repeated, DryRun: dry}, nil
}

// importJournal posts a CSV of journal lines (the body) all or nothing,
// the rows of one ref forming one entry, as lumbung journal import does.
func (a *API) importJournal(c *call) (int, any, error) {
	dry, err := c.dryRun()
	if err != nil {
		return 0, nil, err
	}
	sum, err := importer.RunJournal(c.writeCtx(), a.svc, c.actor(), c.p.Coop, bytes.NewReader(c.body), dry)
	if err != nil {
		return 0, nil, err
	}
	a.metrics.Appended(sum.Written)
	return importStatus(sum.Written), ImportJSON{Rows: sum.Rows, Entries: sum.Entries, Written: sum.Written, Repeated: sum.Repeated, DryRun: dry}, nil
}
