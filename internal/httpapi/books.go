package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// CooperativeJSON is the cooperative's name and policy in force.
type CooperativeJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Currency string `json:"currency"`
	Places   int32  `json:"places"`
	TimeZone string `json:"time_zone"`
	Today    string `json:"today"`
	Pokok    string `json:"pokok"`
	Wajib    string `json:"wajib"`
}

func (a *API) getCooperative(c *call) (int, any, error) {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	today, err := c.today()
	if err != nil {
		return 0, nil, err
	}
	v, _ := st.Policies.Latest()
	return http.StatusOK, CooperativeJSON{ID: string(st.ID), Name: st.Name, Currency: v.Policy.Currency, Places: v.Policy.Places,
		TimeZone: v.Policy.TimeZone, Today: today.String(), Pokok: v.Policy.Pokok.String(), Wajib: v.Policy.Wajib.String()}, nil
}

// DashboardJSON are the figures a treasurer starts the day with.
type DashboardJSON struct {
	AsOf             string     `json:"as_of"`
	Cash             string     `json:"cash"`
	Savings          TotalsJSON `json:"savings"`
	LoansOutstanding string     `json:"loans_outstanding"`
	ActiveLoans      int        `json:"active_loans"`
	// NPL is the share of outstanding principal in classes other than
	// lancar, as a decimal fraction.
	NPL    string         `json:"npl"`
	Recent []ActivityJSON `json:"recent"`
}

// ActivityJSON is one recent event of the cooperative.
type ActivityJSON struct {
	Type      string `json:"type"`
	Stream    string `json:"stream"`
	Effective string `json:"effective"`
	Recorded  string `json:"recorded"`
	Actor     string `json:"actor"`
}

// recentLimit bounds the recent activity shown, and recentScan the
// events read to find it.
const (
	recentLimit = 20
	recentScan  = 2000
)

func (a *API) dashboard(c *call) (int, any, error) {
	today, err := c.today()
	if err != nil {
		return 0, nil, err
	}
	out := DashboardJSON{AsOf: today.String(), Recent: []ActivityJSON{}}
	err = a.views.balances(c.ctx(), func(p *balances.Projection) {
		out.Savings = totalsJSON(p.Balances(string(c.p.Coop), today).Totals)
	})
	if err != nil {
		return 0, nil, err
	}
	cash := "0"
	err = a.svc.Ledger(c.ctx(), c.p.Coop, func(b *generalledger.Books) {
		if b == nil {
			return
		}
		total := money.Zero()
		for _, r := range b.CashRunning() {
			total = total.Add(r.Balance())
		}
		cash = total.String()
	})
	if err != nil {
		return 0, nil, err
	}
	out.Cash = cash
	outstanding, bad := money.Zero(), money.Zero()
	err = a.svc.Loans(c.ctx(), c.p.Coop, func(b *loanbook.Book) {
		if b == nil {
			return
		}
		b.Each(func(st *loan.State) {
			if st.Status != loan.StatusActive {
				return
			}
			out.ActiveLoans++
			o := st.Outstanding()
			outstanding = outstanding.Add(o)
			if st.Class != loan.Lancar {
				bad = bad.Add(o)
			}
		})
	})
	if err != nil {
		return 0, nil, err
	}
	out.LoansOutstanding = outstanding.String()
	out.NPL = "0"
	if !outstanding.Decimal().IsZero() {
		out.NPL = bad.Decimal().DivRound(outstanding.Decimal(), 4).String()
	}
	out.Recent, err = a.recent(c.ctx(), string(c.p.Coop))
	return http.StatusOK, out, err
}

// recent returns the cooperative's latest events, newest first.
func (a *API) recent(ctx context.Context, coop string) ([]ActivityJSON, error) {
	page, err := a.store.ReadAll(ctx, eventstore.End, eventstore.Backwards, recentScan)
	if err != nil {
		return nil, err
	}
	out := []ActivityJSON{}
	for _, rec := range page {
		e, err := a.events.Decode(rec)
		if err != nil {
			return nil, err
		}
		if e.Coop != coop {
			continue
		}
		out = append(out, ActivityJSON{Type: e.Type, Stream: rec.Stream, Effective: e.Effective.String(), Recorded: e.Recorded.UTC().Format("2006-01-02T15:04:05Z"), Actor: e.Actor})
		if len(out) == recentLimit {
			break
		}
	}
	return out, nil
}

// JournalRequest posts an entry to the general journal.
type JournalRequest struct {
	Ref      string            `json:"ref,omitempty"`
	Memo     string            `json:"memo" required:"true"`
	Date     string            `json:"date,omitempty"`
	Decision string            `json:"decision,omitempty"`
	Lines    []JournalLineJSON `json:"lines" required:"true"`
}

// JournalLineJSON is one line of an entry.
type JournalLineJSON struct {
	Account string `json:"account" required:"true"`
	Side    string `json:"side" required:"true"`
	Amount  string `json:"amount" required:"true"`
	Unit    string `json:"unit,omitempty"`
	Party   string `json:"party,omitempty"`
}

// maxLines bounds an entry's lines.
const maxLines = 1000

func (a *API) postJournal(c *call) (int, any, error) {
	var req JournalRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	if len(req.Lines) > maxLines {
		return 0, nil, &input.Error{Field: "lines", Value: strconv.Itoa(len(req.Lines)), Want: input.WantAtMost, Bound: strconv.Itoa(maxLines)}
	}
	j := app.Journal{Ref: c.ref(req.Ref), Memo: req.Memo, On: on}
	for i, l := range req.Lines {
		field := "lines[" + strconv.Itoa(i) + "]"
		side, ok := ledger.ParseSide(l.Side)
		if !ok {
			return 0, nil, &input.Error{Field: field + ".side", Value: l.Side, Want: input.WantLine}
		}
		amount, err := parseAmount(field+".amount", l.Amount)
		if err != nil {
			return 0, nil, err
		}
		party, err := ledger.ParseParty(l.Party)
		if err != nil {
			return 0, nil, err
		}
		j.Lines = append(j.Lines, ledger.Line{Account: l.Account, Side: side, Amount: amount, Unit: l.Unit, Party: party})
	}
	return c.write(a.svc.PostJournal(c.writeCtx(), c.actor(), c.p.Coop, req.Decision, j))
}

func (a *API) closePeriod(c *call) (int, any, error) {
	var req Empty
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	m, err := ledger.ParseMonth(c.r.PathValue("month"))
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.ClosePeriod(c.writeCtx(), c.actor(), c.p.Coop, m))
}

// unknownMember names a member the cooperative does not have.
func unknownMember(id string) error {
	return &input.Error{Field: "member", Value: id, Want: input.WantKnownMember}
}

// page reads ?limit= and ?offset=.
func page(r *http.Request) (limit, offset int, err error) {
	limit, offset = 100, 0
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxPage {
			return 0, 0, &input.Error{Field: "limit", Value: v, Want: input.WantAtMost, Bound: strconv.Itoa(maxPage)}
		}
	}
	if v := r.URL.Query().Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, &input.Error{Field: "offset", Value: v, Want: input.WantAtLeast, Bound: "0"}
		}
	}
	return limit, offset, nil
}

// Empty is the body of a command that takes no fields: {}.
type Empty struct{}
