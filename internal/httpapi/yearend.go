package httpapi

import (
	"net/http"
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// ReopenRequest reopens a closed month by a decision of the board.
type ReopenRequest struct {
	Decision string `json:"decision" required:"true"`
	Reason   string `json:"reason,omitempty"`
}

func (a *API) reopenPeriod(c *call) (int, any, error) {
	var req ReopenRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	m, err := ledger.ParseMonth(c.r.PathValue("month"))
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.ReopenPeriod(c.writeCtx(), c.actor(), c.p.Coop, m, req.Decision, req.Reason))
}

// YearClosedJSON is what the closing of a year did: the closing lines
// posted and the surplus after tax they moved to SHU for the year.
type YearClosedJSON struct {
	Result  ResultJSON `json:"result"`
	Year    int        `json:"year"`
	On      string     `json:"on,omitempty"`
	Lines   int        `json:"lines"`
	Surplus string     `json:"surplus,omitempty"`
}

func (a *API) closeYear(c *call) (int, any, error) {
	var req Empty
	y, err := yearCommand(c, &req)
	if err != nil {
		return 0, nil, err
	}
	res, err := a.svc.CloseYear(c.writeCtx(), c.actor(), c.p.Coop, y)
	if err != nil {
		return 0, nil, err
	}
	status, r := c.result(res)
	out := YearClosedJSON{Result: r, Year: y}
	if len(res.Events) > 0 {
		if closed, ok := res.Events[0].Payload.(cooperative.YearClosed); ok {
			out.On, out.Lines, out.Surplus = closed.On.String(), len(closed.Lines), closed.Result.String()
		}
	}
	return status, out, nil
}

// AttendanceRequest records members attending the year's RAT: present,
// by proxy (held by the member in by) or online.
type AttendanceRequest struct {
	Members []string `json:"members" required:"true"`
	Mode    string   `json:"mode,omitempty"`
	By      string   `json:"by,omitempty"`
}

// AttendanceJSON is the RAT's attendance after the record.
type AttendanceJSON struct {
	Result    ResultJSON `json:"result"`
	Attending int        `json:"attending"`
	Members   int        `json:"members"`
	Quorum    int        `json:"quorum"`
}

// maxAttending bounds the members of one attendance request.
const maxAttending = 10_000

func (a *API) recordAttendance(c *call) (int, any, error) {
	var req AttendanceRequest
	y, err := yearCommand(c, &req)
	if err != nil {
		return 0, nil, err
	}
	if len(req.Members) == 0 {
		return 0, nil, &input.Error{Field: "members", Value: "0", Want: input.WantAtLeast, Bound: "1"}
	}
	if len(req.Members) > maxAttending {
		return 0, nil, &input.Error{Field: "members", Value: strconv.Itoa(len(req.Members)), Want: input.WantAtMost, Bound: strconv.Itoa(maxAttending)}
	}
	mode := req.Mode
	if mode == "" {
		mode = cooperative.Present
	}
	list := make([]cooperative.Attendance, 0, len(req.Members))
	for _, m := range req.Members {
		if _, err := member.ParseID(m); err != nil {
			return 0, nil, err
		}
		list = append(list, cooperative.Attendance{Member: m, Mode: mode, By: req.By})
	}
	res, err := a.svc.RecordAttendance(c.writeCtx(), c.actor(), c.p.Coop, y, list)
	if err != nil {
		return 0, nil, err
	}
	ye, err := a.svc.YearEnd(c.ctx(), c.p.Coop, y)
	if err != nil {
		return 0, nil, err
	}
	status, r := c.result(res)
	if len(res.Events) == 0 {
		status = http.StatusOK
	}
	out := AttendanceJSON{Result: r}
	if ye != nil && ye.Meeting != nil {
		out.Attending, out.Members, out.Quorum = len(ye.Attending), ye.Meeting.Members, ye.Meeting.Required
	}
	return status, out, nil
}

// PaySHURequest pays in cash the SHU share held for a member who left.
type PaySHURequest struct {
	Date string `json:"date,omitempty"`
	Cash string `json:"cash,omitempty"`
}

// SHUPaidJSON is the payment of a member's held share.
type SHUPaidJSON struct {
	Result ResultJSON `json:"result"`
	Amount string     `json:"amount"`
}

func (a *API) paySHU(c *call) (int, any, error) {
	var req PaySHURequest
	y, err := yearCommand(c, &req)
	if err != nil {
		return 0, nil, err
	}
	id, err := member.ParseID(c.r.PathValue("member"))
	if err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	var through []app.Via
	if req.Cash != "" {
		through = append(through, app.Via(req.Cash))
	}
	res, amount, err := a.svc.PaySHU(c.writeCtx(), c.actor(), c.p.Coop, id, y, on, through...)
	if err != nil {
		return 0, nil, err
	}
	status, r := c.result(res)
	if len(res.Events) == 0 {
		status = http.StatusOK
	}
	return status, SHUPaidJSON{Result: r, Amount: amount.String()}, nil
}
