package main

import (
	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// migrateCommand is `migrate`: the whole log copied to another store.
func (c *cli) migrateCommand() *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "migrate --from STORE --to STORE",
		Short: "Copy every event to another store (sqlite:PATH or esdb://...) with its id, stream, revision and bytes, then verify the copy; an interrupted copy run again finishes without duplicates",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if from == "" {
				return &input.Error{Field: "from", Value: "", Want: input.WantStore}
			}
			if to == "" || to == from {
				return &input.Error{Field: "to", Value: to, Want: input.WantStore}
			}
			source, _, err := c.openURL(ctx, "from", from, readOnly)
			if err != nil {
				return err
			}
			target, _, err := c.openURL(ctx, "to", to, creating)
			if err != nil {
				return err
			}
			pr := c.printer
			read, written, err := eventstore.Copy(ctx, source, target, func(read, written int) {
				if read%50_000 < 5000 {
					c.say(pr.T("  %d peristiwa dibaca, %d ditulis", "  %d events read, %d written"), read, written)
				}
			})
			if err != nil {
				return err
			}
			c.say(pr.T("%d peristiwa disalin dari %s ke %s (%d sudah ada di sana).", "%d events copied from %s to %s (%d were there already)."), written, from, to, read-written)
			r, err := audit.Verify(ctx, target, nil)
			if err != nil {
				return err
			}
			if err := report.Verify(c.stdout, pr, r); err != nil {
				return err
			}
			if !r.OK() {
				return silent{errCorruptLog}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the store to copy: sqlite:PATH or esdb://HOST:PORT?tls=false (required)")
	cmd.Flags().StringVar(&to, "to", "", "the store to copy into (required)")
	return cmd
}
