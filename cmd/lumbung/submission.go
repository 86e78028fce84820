package main

import (
	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/prudential"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// submitCommand is `report submit`: a periodic report filed with the
// Ministry, for the regulatory calendar.
func (c *cli) submitCommand() *cobra.Command {
	var year, ref, date string
	cmd := &cobra.Command{
		Use:   "submit REPORT --year YYYY --ref RECEIPT [--date D]",
		Short: "Record a report submitted to the Ministry (annual-report, quarter-1, quarter-2, quarter-3, semester) with the receipt's reference, for report kalender",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			y, err := parseYear(year)
			if err != nil {
				return err
			}
			coop, on, err := c.coopOn(ctx, "date", date)
			if err != nil {
				return err
			}
			res, err := c.svc.RecordSubmission(ctx, app.Actor(c.actor), coop, prudential.Duty(args[0]), y, ref, on)
			if err != nil {
				return err
			}
			pr := c.printer
			if len(res.Events) == 0 {
				c.say(pr.T("Penyampaian ini sudah tercatat; tidak ada yang ditulis.", "This submission is already recorded; nothing was written."))
				return nil
			}
			c.say(pr.T("Penyampaian %s tahun buku %d tercatat pada %s (tanda terima %s).", "Submission of %s for financial year %d recorded on %s (receipt %s)."), args[0], y, pr.Date(on), ref)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&year, "year", "", "the financial year the report is of YYYY (required)")
	f.StringVar(&ref, "ref", "", "the receipt's reference (required)")
	f.StringVar(&date, "date", "", "the date it was submitted YYYY-MM-DD (default today)")
	cmd.MarkFlagRequired("year")
	cmd.MarkFlagRequired("ref")
	return cmd
}
