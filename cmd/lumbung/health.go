package main

import (
	"strconv"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/health"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// healthCommand records the pengawas's answers to the checklists of the
// health assessment (domain.md §4.1, §4.2) and lists them.
func (c *cli) healthCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "health", Short: "Health assessment (penilaian kesehatan): the pengawas's checklist answers"}
	var year, indicator, role, date string
	var fulfilled, total int
	answer := &cobra.Command{
		Use:   "answer --year Y --indicator KEY --fulfilled N --total M [--role R] [--date D]",
		Short: "Record the sub-indicators of a checklist the cooperative fulfils; a later answer for the year and indicator supersedes the earlier",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			y, err := parseYear(year)
			if err != nil {
				return err
			}
			coop, on, err := c.coopOn(ctx, "date", date)
			if err != nil {
				return err
			}
			res, err := c.svc.AnswerChecklist(ctx, app.Actor(c.actor), coop, app.ChecklistAnswer{
				Year: y, Indicator: indicator, Fulfilled: fulfilled, Total: total, Role: role, On: on,
			})
			if err != nil {
				return err
			}
			pr := c.printer
			if res.Repeated || len(res.Events) == 0 {
				c.say(pr.T("Jawaban ini sudah tercatat untuk %s tahun %d; tidak ada yang ditulis.", "This answer is already recorded for %s, year %d; nothing was written."), indicator, y)
				return nil
			}
			c.say(pr.T("Jawaban %s tahun %d tercatat: %d dari %d sub-indikator terpenuhi.", "Answer to %s for %d recorded: %d of %d sub-indicators fulfilled."), indicator, y, fulfilled, total)
			return nil
		},
	}
	f := answer.Flags()
	f.StringVar(&year, "year", "", "the financial year assessed YYYY (required)")
	f.StringVar(&indicator, "indicator", "", "the checklist indicator (see lumbung health checklists)")
	f.IntVar(&fulfilled, "fulfilled", -1, "the sub-indicators (or questions) fulfilled")
	f.IntVar(&total, "total", 0, "the sub-indicators (or questions) in all")
	f.StringVar(&role, "role", "pengawas", "the office of who answers")
	f.StringVar(&date, "date", "", "the date of the answer YYYY-MM-DD (default today)")
	for _, name := range []string{"year", "indicator", "fulfilled", "total"} {
		answer.MarkFlagRequired(name)
	}

	var showYear string
	checklists := &cobra.Command{
		Use:   "checklists [--year Y]",
		Short: "List the checklist indicators, their sub-indicators and, for a year, the answers in force",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			var answers map[string]health.Answer
			if showYear != "" {
				y, err := parseYear(showYear)
				if err != nil {
					return err
				}
				coop, err := c.coop(ctx)
				if err != nil {
					return err
				}
				st, err := c.svc.Cooperative(ctx, coop)
				if err != nil {
					return err
				}
				answers = st.ChecklistAnswers(y)
			}
			pr := c.printer
			english := pr.Lang == i18n.EN
			for _, item := range health.Checklists() {
				name := item.Name
				if english {
					name = item.NameEN
				}
				total := pr.T("bebas", "any")
				if item.Total > 0 {
					total = strconv.Itoa(item.Total)
				}
				line := item.Key + "\t" + string(item.Framework) + "\t" + name + "\t" + pr.T("sub-indikator: ", "sub-indicators: ") + total
				if a, ok := answers[item.Key]; ok {
					line += "\t" + pr.T("jawaban: ", "answer: ") + strconv.Itoa(a.Fulfilled) + "/" + strconv.Itoa(a.Total) + " (" + a.Role + ", " + pr.Date(a.On) + ")"
				} else if showYear != "" {
					line += "\t" + pr.T("belum dijawab", "not answered")
				}
				c.say("%s", line)
			}
			return nil
		},
	}
	checklists.Flags().StringVar(&showYear, "year", "", "show the answers in force for this year")
	cmd.AddCommand(answer, checklists)
	return cmd
}
