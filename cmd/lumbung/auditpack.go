package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auditpack"
)

// exportCommand is `audit export`: the auditor's package of a year.
func (c *cli) exportCommand() *cobra.Command {
	var year, out, rootHex string
	cmd := &cobra.Command{
		Use:   "export --year YYYY --out FILE.zip [--seal ROOT]",
		Short: "Write the auditor's package of a year: the events up to a seal, the seal and key, the statements, SHU list and loan reports as produced, and a manifest of hashes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			coop, err := c.coop(ctx)
			if err != nil {
				return err
			}
			y, err := parseYear(year)
			if err != nil {
				return err
			}
			var root [32]byte
			if rootHex != "" {
				if root, err = parseRoot("seal", rootHex); err != nil {
					return err
				}
			}
			if out == "" {
				return usageError{&input.Error{Field: "out", Value: "", Want: input.WantOutFile}}
			}
			if _, err := os.Stat(out); err == nil {
				return usageError{fmt.Errorf("--out %s: %s", out, c.printer.T("berkas sudah ada; pilih nama baru", "the file exists; choose a new name"))}
			}
			// Written beside its place and renamed when whole: a failed
			// export leaves nothing behind.
			tmp, err := os.CreateTemp(filepath.Dir(out), ".lumbung-export-*")
			if err != nil {
				return usageError{err}
			}
			defer os.Remove(tmp.Name())
			m, err := auditpack.Export(ctx, c.store, auditpack.ExportOptions{Coop: coop, Year: y, Root: root}, tmp)
			if err == nil {
				err = tmp.Sync()
			}
			if cerr := tmp.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			if err := os.Rename(tmp.Name(), out); err != nil {
				return usageError{err}
			}
			pr := c.printer
			c.say(pr.T("Paket audit %d ditulis ke %s: %d peristiwa sampai segel %s (%s), %d berkas.",
				"The %d audit package is written to %s: %d events up to the seal of %s (%s), %d files."), y, out, m.Events, m.Seal.On, m.Seal.Root, len(m.Files)+1)
			c.say(pr.T("Auditor memeriksanya tanpa basis data: lumbung audit verify --package %s --root %s",
				"An auditor checks it without the ledger: lumbung audit verify --package %s --root %s"), out, m.Seal.Root)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&year, "year", "", "the financial year YYYY (required)")
	f.StringVar(&out, "out", "", "the package file to write (required)")
	f.StringVar(&rootHex, "seal", "", "the root of the seal to end at (default: the last seal dated on or after the year's end)")
	cmd.MarkFlagRequired("year")
	return cmd
}

// parseRoot reads a seal root in hexadecimal.
var parseRoot = auditpack.ParseRoot

// parseKey reads an Ed25519 public key in hexadecimal.
var parseKey = auditpack.ParseKey

// verifyPackage is `audit verify --package`: no store is opened.
// With then, a package that verifies is not reported: then reads it.
func (c *cli) verifyPackage(ctx context.Context, path, rootHex, keyHex string, asJSON bool, then func(context.Context, *app.Service, cooperative.ID) error) error {
	opt := auditpack.VerifyOptions{Then: then}
	if rootHex != "" {
		root, err := parseRoot("root", rootHex)
		if err != nil {
			return err
		}
		opt.Root = &root
	}
	if keyHex != "" {
		key, err := parseKey("key", keyHex)
		if err != nil {
			return err
		}
		opt.Key = key
	}
	f, err := os.Open(path)
	if err != nil {
		return usageError{&input.Error{Field: "package", Value: path, Want: input.WantPackageFile}}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return usageError{err}
	}
	r, err := auditpack.Verify(ctx, f, info.Size(), opt)
	if err != nil {
		return err
	}
	if r.OK() && then != nil {
		return nil
	}
	if asJSON {
		err = r.WriteJSON(c.stdout)
	} else {
		err = r.WriteText(c.stdout, c.printer)
	}
	if err != nil {
		return err
	}
	if !r.OK() {
		return silent{errCorruptLog}
	}
	return nil
}
