package httpapi

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/lumbung-ledger/lumbung/internal/auditpack"
)

// maxPackage bounds an audit package sent for verification.
const maxPackage = 256 << 20

// PackageCheckJSON is the check of an audit package, as lumbung audit
// verify --package --json prints it; ok is false when it has problems.
type PackageCheckJSON = auditpack.ResultJSON

func (a *API) exportPackage(c *call) (int, any, error) {
	year, _, err := c.queryYear()
	if err != nil {
		return 0, nil, err
	}
	opt := auditpack.ExportOptions{Coop: c.p.Coop, Year: year}
	if v := c.r.URL.Query().Get("seal"); v != "" {
		if opt.Root, err = auditpack.ParseRoot("seal", v); err != nil {
			return 0, nil, err
		}
	}
	var buf bytes.Buffer
	if _, err := auditpack.Export(c.ctx(), a.store, opt, &buf); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, &download{contentType: "application/zip", filename: fmt.Sprintf("audit-%s-%d.zip", c.p.Coop, year), data: buf.Bytes()}, nil
}

func (a *API) verifyPackage(c *call) (int, any, error) {
	var opt auditpack.VerifyOptions
	q := c.r.URL.Query()
	if v := q.Get("root"); v != "" {
		root, err := auditpack.ParseRoot("root", v)
		if err != nil {
			return 0, nil, err
		}
		opt.Root = &root
	}
	if v := q.Get("key"); v != "" {
		key, err := auditpack.ParseKey("key", v)
		if err != nil {
			return 0, nil, err
		}
		opt.Key = key
	}
	r, err := auditpack.Verify(c.ctx(), bytes.NewReader(c.body), int64(len(c.body)), opt)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, r.JSON(), nil
}
