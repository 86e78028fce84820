package httpapi

import (
	"net/http"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/passbook"
)

// ResultJSON tells what a command wrote.
type ResultJSON struct {
	Stream string `json:"stream"`
	// Repeated is set when the command had been carried out before:
	// nothing was written.
	Repeated bool        `json:"repeated"`
	Events   []EventJSON `json:"events"`
}

// EventJSON names one event written.
type EventJSON struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Effective string `json:"effective"`
	Actor     string `json:"actor"`
}

// result renders a command's result and counts its events.
func (c *call) result(res app.Result) (int, ResultJSON) {
	out := ResultJSON{Stream: res.Stream, Repeated: res.Repeated, Events: []EventJSON{}}
	for _, e := range res.Events {
		out.Events = append(out.Events, EventJSON{ID: e.ID.String(), Type: e.Type, Effective: e.Effective.String(), Actor: e.Actor})
	}
	c.api.metrics.Appended(len(res.Events))
	if res.Repeated {
		return http.StatusOK, out
	}
	return http.StatusCreated, out
}

// MemberJSON is a member's row: status and balances.
type MemberJSON = report.MemberJSON

// MembersJSON is a page of members.
type MembersJSON struct {
	Members []MemberJSON `json:"members"`
	Total   int          `json:"total"`
}

// maxPage bounds a page of a list.
const maxPage = 500

func (a *API) listMembers(c *call) (int, any, error) {
	q := strings.ToLower(c.r.URL.Query().Get("q"))
	limit, offset, err := page(c.r)
	if err != nil {
		return 0, nil, err
	}
	out := MembersJSON{Members: []MemberJSON{}}
	err = a.views.balances(c.ctx(), func(p *balances.Projection) {
		rows := p.Members(string(c.p.Coop))
		for _, r := range rows {
			if !c.p.Sees(member.ID(r.Member)) {
				continue
			}
			if q != "" && !strings.Contains(strings.ToLower(r.Member), q) && !strings.Contains(strings.ToLower(r.Name), q) {
				continue
			}
			if out.Total >= offset && len(out.Members) < limit {
				out.Members = append(out.Members, report.MemberOf(r))
			}
			out.Total++
		}
	})
	return http.StatusOK, out, err
}

// MemberDetailJSON is a member with their passbook, loans and SHU.
type MemberDetailJSON struct {
	MemberJSON
	Passbook []PassbookLineJSON `json:"passbook"`
	Loans    []LoanJSON         `json:"loans"`
	SHU      []SHUShareJSON     `json:"shu"`
}

// PassbookLineJSON is one line of a passbook.
type PassbookLineJSON struct {
	On      string `json:"on"`
	Ref     string `json:"ref"`
	Kind    string `json:"kind"`
	Product string `json:"product"`
	In      string `json:"in"`
	Out     string `json:"out"`
	Balance string `json:"balance"`
	Total   string `json:"total"`
	Note    string `json:"note,omitempty"`
}

// SHUShareJSON is a member's share of a year's SHU.
type SHUShareJSON struct {
	Year   int    `json:"year"`
	Amount string `json:"amount"`
}

func (a *API) getMember(c *call) (int, any, error) {
	id := c.r.PathValue("member")
	if _, err := member.ParseID(id); err != nil {
		return 0, nil, err
	}
	today, err := c.today()
	if err != nil {
		return 0, nil, err
	}
	var row balances.Row
	var found bool
	if err := a.views.balances(c.ctx(), func(p *balances.Projection) { row, found = p.Member(string(c.p.Coop), id, today) }); err != nil {
		return 0, nil, err
	}
	if !found {
		return 0, nil, unknownMember(id)
	}
	pb, shares, err := a.passbook(c, member.ID(id))
	if err != nil {
		return 0, nil, err
	}
	out := MemberDetailJSON{MemberJSON: report.MemberOf(row), Passbook: pb, SHU: shares}
	out.Loans, err = a.memberLoans(c, id, today)
	return http.StatusOK, out, err
}

func (a *API) getPassbook(c *call) (int, any, error) {
	id := c.r.PathValue("member")
	if _, err := member.ParseID(id); err != nil {
		return 0, nil, err
	}
	pb, _, err := a.passbook(c, member.ID(id))
	return http.StatusOK, PassbookJSON{Member: id, Lines: pb}, err
}

// PassbookJSON is a member's passbook.
type PassbookJSON struct {
	Member string             `json:"member"`
	Lines  []PassbookLineJSON `json:"lines"`
}

// passbook folds a member's stream into their passbook lines and SHU
// shares.
func (a *API) passbook(c *call, id member.ID) ([]PassbookLineJSON, []SHUShareJSON, error) {
	events, err := a.svc.MemberEvents(c.ctx(), c.p.Coop, id)
	if err != nil {
		return nil, nil, err
	}
	if len(events) == 0 {
		return nil, nil, unknownMember(string(id))
	}
	pb := passbook.New()
	shares := []SHUShareJSON{}
	for _, e := range events {
		pb.Apply(e)
		if s, ok := e.Payload.(member.SHUReceived); ok {
			shares = append(shares, SHUShareJSON{Year: s.Year, Amount: s.Amount.String()})
		}
	}
	lines := []PassbookLineJSON{}
	for _, l := range pb.Between(calendar.Date{}, calendar.MustNew(9999, 12, 31)).Lines {
		lines = append(lines, PassbookLineJSON{On: l.On.String(), Ref: l.Ref, Kind: string(l.Kind), Product: string(l.Product),
			In: l.In.String(), Out: l.Out.String(), Balance: l.Balance.String(), Total: l.Total.String(), Note: l.Note})
	}
	return lines, shares, nil
}

// AdmitRequest admits a member.
type AdmitRequest struct {
	Member string `json:"member" required:"true"`
	Name   string `json:"name" required:"true"`
	Date   string `json:"date,omitempty"`
	// Ref defaults to the Idempotency-Key.
	Ref string `json:"ref,omitempty"`
	// NoPokok: the simpanan pokok is paid later.
	NoPokok bool   `json:"no_pokok,omitempty"`
	Cash    string `json:"cash,omitempty"`
}

func (a *API) admit(c *call) (int, any, error) {
	var req AdmitRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	id, err := member.ParseID(req.Member)
	if err != nil {
		return 0, nil, err
	}
	res, err := a.svc.Admit(c.writeCtx(), c.actor(), c.p.Coop, id, req.Name, on, c.ref(req.Ref), !req.NoPokok, app.Via(req.Cash))
	if err != nil {
		return 0, nil, err
	}
	status, out := c.result(res)
	return status, out, nil
}

// MoveRequest is a deposit or a withdrawal.
type MoveRequest struct {
	Product string `json:"product" required:"true"`
	Amount  string `json:"amount" required:"true"`
	Date    string `json:"date,omitempty"`
	// Ref is the receipt's reference; the Idempotency-Key by default.
	Ref  string `json:"ref,omitempty"`
	Cash string `json:"cash,omitempty"`
}

// MoveJSON is a recorded deposit or withdrawal.
type MoveJSON struct {
	ResultJSON
	Ref     string `json:"ref"`
	Member  string `json:"member"`
	Product string `json:"product"`
	Amount  string `json:"amount"`
	On      string `json:"on"`
	Balance string `json:"balance"`
}

func (a *API) move(withdraw bool) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		var req MoveRequest
		if err := c.decode(&req); err != nil {
			return 0, nil, err
		}
		id, err := member.ParseID(c.r.PathValue("member"))
		if err != nil {
			return 0, nil, err
		}
		p, err := savings.ParseProduct(req.Product)
		if err != nil {
			return 0, nil, err
		}
		amount, err := parseAmount("amount", req.Amount)
		if err != nil {
			return 0, nil, err
		}
		on, err := c.date("date", req.Date)
		if err != nil {
			return 0, nil, err
		}
		ref := c.ref(req.Ref)
		var res app.Result
		if withdraw {
			res, err = a.svc.Withdraw(c.writeCtx(), c.actor(), c.p.Coop, id, p, amount, on, ref, app.Via(req.Cash))
		} else {
			res, err = a.svc.Deposit(c.writeCtx(), c.actor(), c.p.Coop, id, p, amount, on, ref, app.Via(req.Cash))
		}
		if err != nil {
			return 0, nil, err
		}
		status, r := c.result(res)
		return status, MoveJSON{ResultJSON: r, Ref: ref, Member: string(id), Product: string(p), Amount: amount.String(), On: on.String(),
			Balance: res.Balances[p].String()}, nil
	}
}

// ReverseRequest reverses a deposit, a withdrawal or a journal entry by
// its reference.
type ReverseRequest struct {
	Ref    string `json:"ref" required:"true"`
	Reason string `json:"reason" required:"true"`
	Date   string `json:"date,omitempty"`
}

func (a *API) reverse(c *call) (int, any, error) {
	var req ReverseRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	on, err := optionalDate("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	res, err := a.svc.Reverse(c.writeCtx(), c.actor(), c.p.Coop, req.Ref, req.Reason, on)
	if err != nil {
		return 0, nil, err
	}
	status, out := c.result(res)
	return status, out, nil
}
