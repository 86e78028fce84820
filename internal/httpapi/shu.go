package httpapi

import (
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// year reads the {year} of the path.
func (c *call) year() (int, error) {
	v := c.r.PathValue("year")
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 9999 {
		return 0, &input.Error{Field: "year", Value: v, Want: input.WantYear}
	}
	return y, nil
}

func (a *API) computeSHU(c *call) (int, any, error) {
	var req Empty
	y, err := yearCommand(c, &req)
	if err != nil {
		return 0, nil, err
	}
	_, res, err := a.svc.ComputeSHU(c.writeCtx(), c.actor(), c.p.Coop, y)
	return c.write(res, err)
}

// yearCommand reads a command on the year of the path: its body into
// req, and the year.
func yearCommand[T any](c *call, req *T) (int, error) {
	if err := c.decode(req); err != nil {
		return 0, err
	}
	return c.year()
}

// ConveneRequest convenes the year's RAT.
type ConveneRequest struct {
	Date     string `json:"date" required:"true"`
	Decision string `json:"decision,omitempty"`
}

func (a *API) conveneRAT(c *call) (int, any, error) {
	var req ConveneRequest
	y, err := yearCommand(c, &req)
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.ConveneRAT(c.writeCtx(), c.actor(), c.p.Coop, req.Decision, y, on))
}

// ResolutionRequest records a resolution of the RAT and its votes.
type ResolutionRequest struct {
	Kind     string `json:"kind" required:"true"`
	For      int    `json:"for"`
	Against  int    `json:"against"`
	Abstain  int    `json:"abstain,omitempty"`
	SHU      string `json:"shu,omitempty"`
	Payout   string `json:"payout,omitempty"`
	Text     string `json:"text,omitempty"`
	Date     string `json:"date,omitempty"`
	Decision string `json:"decision" required:"true"`
}

func (a *API) passResolution(c *call) (int, any, error) {
	var req ResolutionRequest
	y, err := yearCommand(c, &req)
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.PassResolution(c.writeCtx(), c.actor(), c.p.Coop, req.Decision, app.Resolution{
		Year: y, Kind: req.Kind, For: req.For, Against: req.Against, Abstain: req.Abstain, SHU: req.SHU, Payout: req.Payout, Text: req.Text, On: on,
	}))
}

// DistributeRequest distributes the year's approved SHU.
type DistributeRequest struct {
	Date     string `json:"date,omitempty"`
	Decision string `json:"decision" required:"true"`
	Cash     string `json:"cash,omitempty"`
}

// DistributionJSON is what a distribution did.
type DistributionJSON struct {
	Recorded bool   `json:"recorded"`
	Payout   string `json:"payout"`
	Members  int    `json:"members"`
	Held     int    `json:"held"`
	Paid     string `json:"paid"`
}

func (a *API) distributeSHU(c *call) (int, any, error) {
	var req DistributeRequest
	y, err := yearCommand(c, &req)
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	d, err := a.svc.DistributeSHU(c.writeCtx(), c.actor(), c.p.Coop, req.Decision, y, on, app.Via(req.Cash))
	if err != nil {
		return 0, nil, err
	}
	status := 201
	if !d.Recorded && d.Members == 0 {
		status = 200
	}
	return status, DistributionJSON{Recorded: d.Recorded, Payout: d.Payout, Members: d.Members, Held: d.Held, Paid: d.Paid.String()}, nil
}
