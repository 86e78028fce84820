package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
	"github.com/lumbung-ledger/lumbung/projections/passbook"
)

func (h *Handler) routes() {
	h.handle("GET /{$}", access.ViewOwn, h.dashboard)
	h.action("POST /logout", access.ViewOwn, h.logout)

	h.handle("GET /members", access.ViewAll, h.members)
	h.action("POST /members", access.Record, h.admit)
	h.handle("GET /members/{id}", access.ViewOwn, h.member)
	h.handle("GET /members/{id}/deposit", access.Record, h.moveForm(false))
	h.handle("GET /members/{id}/withdraw", access.Record, h.moveForm(true))
	h.action("POST /members/{id}/deposit", access.Record, h.move(false))
	h.action("POST /members/{id}/withdraw", access.Record, h.move(true))
	h.action("POST /members/{id}/reverse", access.Record, h.reverse)
	h.handle("GET /receipts/{ref}", access.ViewOwn, h.receipt)

	h.handle("GET /loans", access.ViewAll, h.loans)
	h.handle("GET /loans/apply", access.Record, h.applyForm)
	h.action("POST /loans/apply", access.Record, h.apply)
	h.handle("GET /loans/{id}", access.ViewOwn, h.loan)
	h.action("POST /loans/{id}/approve", access.ApproveLoan, h.approve)
	h.action("POST /loans/{id}/reject", access.Approve, h.reject)
	h.action("POST /loans/{id}/disburse", access.Record, h.disburse)
	h.action("POST /loans/{id}/repay", access.Record, h.repay)

	h.handle("GET /journal", access.Book, h.journalForm)
	h.action("POST /journal", access.Book, h.journal)
	h.action("POST /journal/reverse", access.Book, h.reverseJournal)
	h.handle("GET /reports", access.ViewAll, h.reports)
	h.handle("GET /reports/{kind}", access.ViewAll, h.statement)
	h.handle("GET /shu", access.ViewAll, h.shu)
	h.action("POST /shu/compute", access.Book, h.shuCommand(h.computeSHU))
	h.action("POST /shu/convene", access.Approve, h.shuCommand(h.conveneRAT))
	h.action("POST /shu/attend", access.Approve, h.shuCommand(h.attendRAT))
	h.action("POST /shu/pay", access.Record, h.shuCommand(func(rq *request, year int) error {
		return h.paySHU(rq, member.ID(strings.TrimSpace(rq.r.PostForm.Get("member"))), year)
	}))
	h.action("POST /members/{id}/shu-pay", access.Record, h.memberPaySHU)
	h.action("POST /shu/resolve", access.Approve, h.shuCommand(h.resolveRAT))
	h.action("POST /shu/distribute", access.Approve, h.shuCommand(h.distributeSHU))
	h.handle("GET /audit", access.Verify, h.audit)
	h.settingsRoutes()
	h.userRoutes()
}

// dashboard is the treasurer's summary: cash, savings, loans, members and
// what was recorded last. An anggota goes to their own page.
type dashboard struct {
	Cash, Savings, Outstanding, NPL money.Amount
	NPLPercent                      string
	Members                         int
	Totals                          balances.Totals
	SavingsChart, LoansChart        chart
	Recent                          []activity
}

func (h *Handler) dashboard(rq *request) error {
	if !rq.who.Can(access.ViewAll) {
		if rq.who.Member == "" {
			h.forbidden(rq)
			return nil
		}
		http.Redirect(rq.w, rq.r, home(rq.who), http.StatusSeeOther)
		return nil
	}
	coop := string(rq.who.Coop)
	var d dashboard
	d.Cash = money.Zero()
	err := h.svc.Ledger(rq.ctx, rq.who.Coop, func(b *generalledger.Books) {
		if b == nil {
			return
		}
		for _, a := range rq.coop.Chart.Accounts() {
			if a.Cash && !a.Heading {
				d.Cash = d.Cash.Add(b.Balance(a.Code, generalledger.Filter{To: rq.today}))
			}
		}
	})
	if err != nil {
		return err
	}
	if err := h.balances.read(rq.ctx, func(p *balances.Projection) { d.Totals = p.Balances(coop, rq.today).Totals }); err != nil {
		return err
	}
	d.Savings, d.Members = d.Totals.Total(), d.Totals.Active
	byClass := map[loan.Class]money.Amount{}
	d.Outstanding, d.NPL = money.Zero(), money.Zero()
	err = h.svc.Loans(rq.ctx, rq.who.Coop, func(b *loanbook.Book) {
		if b == nil {
			return
		}
		b.Each(func(st *loan.State) {
			out := st.Outstanding()
			if out.IsZero() {
				return
			}
			d.Outstanding = d.Outstanding.Add(out)
			class := report.ClassOn(st, rq.today)
			byClass[class] = byClass[class].Add(out)
			if class != loan.Lancar {
				d.NPL = d.NPL.Add(out)
			}
		})
	})
	if err != nil {
		return err
	}
	d.NPLPercent = "0"
	if !d.Outstanding.IsZero() {
		d.NPLPercent = d.NPL.Decimal().Mul(decimal.NewFromInt(100)).DivRound(d.Outstanding.Decimal(), 2).StringFixed(2)
	}
	pr := rq.pr
	d.SavingsChart = barChart([]string{pr.Product("pokok"), pr.Product("wajib"), pr.Product("sukarela")},
		[]money.Amount{d.Totals.Pokok, d.Totals.Wajib, d.Totals.Sukarela}, pr.Number)
	var labels []string
	var values []money.Amount
	for _, c := range loan.Classes() {
		labels = append(labels, className(pr.T, c))
		values = append(values, byClass[c])
	}
	d.LoansChart = barChart(labels, values, pr.Number)
	if d.Recent, err = h.recent(rq.ctx, string(rq.who.Coop), 10); err != nil {
		return err
	}
	h.render(rq, http.StatusOK, "dashboard.html", pr.T("Ringkasan", "Dashboard"), d)
	return nil
}

func className(t func(string, string) string, c loan.Class) string {
	switch c {
	case loan.Lancar:
		return t("Lancar", "Current")
	case loan.KurangLancar:
		return t("Kurang lancar", "Substandard")
	case loan.Diragukan:
		return t("Diragukan", "Doubtful")
	case loan.Macet:
		return t("Macet", "Loss")
	}
	return string(c)
}

// chart is a small horizontal bar chart drawn as SVG on the server.
type chart struct {
	Bars   []bar
	Height int
}

type bar struct {
	Label, Value string
	Y, Width     int
}

// barChart scales values to bars at most 200 units long.
func barChart(labels []string, values []money.Amount, format func(money.Amount) string) chart {
	top := money.Zero()
	for _, v := range values {
		if v.Cmp(top) > 0 {
			top = v
		}
	}
	c := chart{Height: 24 * len(values)}
	for i, v := range values {
		w := 0
		if !top.IsZero() && v.Cmp(money.Zero()) > 0 {
			w = max(1, int(v.Decimal().Mul(decimal.NewFromInt(200)).DivRound(top.Decimal(), 0).IntPart()))
		}
		c.Bars = append(c.Bars, bar{Label: labels[i], Value: format(v), Y: 24 * i, Width: w})
	}
	return c
}

// activity is one event of the cooperative's log.
type activity struct {
	Recorded, Type, Actor, Stream string
	On                            calendar.Date
}

// recent returns the cooperative's latest events, newest first, from
// the last pages of the global log.
func (h *Handler) recent(ctx context.Context, coop string, n int) ([]activity, error) {
	var out []activity
	from := eventstore.End
	for pages := 0; pages < 5 && len(out) < n; pages++ {
		recs, err := h.store.ReadAll(ctx, from, eventstore.Backwards, 500)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			if len(out) == n {
				break
			}
			env, err := codec.DecodeEnvelope(rec)
			if err != nil {
				return nil, err
			}
			if env.Coop != coop {
				continue
			}
			out = append(out, activity{Recorded: env.Recorded.Format("2006-01-02 15:04"), Type: rec.Type, Actor: env.Actor, Stream: rec.Stream, On: env.Effective})
		}
		if len(recs) < 500 {
			break
		}
		from = recs[len(recs)-1].Position
	}
	return out, nil
}

// memberList is the data of the members page.
type memberList struct {
	Query string
	Rows  []balances.Row
	Today calendar.Date
}

func (h *Handler) members(rq *request) error {
	return h.showMembers(rq, http.StatusOK, "", nil)
}

func (h *Handler) showMembers(rq *request, status int, errText string, form url.Values) error {
	q := strings.TrimSpace(rq.r.URL.Query().Get("q"))
	d := memberList{Query: q, Today: rq.today}
	err := h.balances.read(rq.ctx, func(p *balances.Projection) {
		for _, row := range p.Members(string(rq.who.Coop)) {
			if q == "" || strings.Contains(strings.ToLower(row.Member+" "+row.Name), strings.ToLower(q)) {
				d.Rows = append(d.Rows, row)
			}
		}
	})
	if err != nil {
		return err
	}
	h.renderForm(rq, status, "members.html", rq.pr.T("Anggota", "Members"), d, errText, form)
	return nil
}

// refuse shows a command's refusal in its form; an operational error is
// returned instead.
func refuse(err error, show func(status int, text string) error, rq *request) (string, error) {
	if operational(err) {
		return "", err
	}
	return "", show(http.StatusUnprocessableEntity, rq.pr.Explain(err))
}

// date reads an optional date field; empty is today.
func (rq *request) date(field string) (calendar.Date, error) {
	s := strings.TrimSpace(rq.r.PostForm.Get(field))
	if s == "" {
		return rq.today, nil
	}
	return input.Date(field, s)
}

// plainAmount is an amount as typed without its grouping dots, spaces
// and "Rp".
func plainAmount(s string) string {
	return strings.NewReplacer(".", "", " ", "", "Rp", "").Replace(strings.TrimSpace(s))
}

// count reads an optional whole number of at least 0; empty is 0.
func (rq *request) count(field string) (int, error) {
	s := strings.TrimSpace(rq.r.PostForm.Get(field))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, &input.Error{Field: field, Value: s, Want: input.WantAtLeast, Bound: "0"}
	}
	return n, nil
}

// amount reads an amount field, in digits, with the grouping dots a
// person may type.
func (rq *request) amount(field string) (money.Amount, error) {
	s := strings.TrimSpace(rq.r.PostForm.Get(field))
	a, err := money.Parse(plainAmount(s))
	if err != nil {
		return a, &input.Error{Field: field, Value: s, Want: input.WantAmountPresent}
	}
	return a, nil
}

// admit admits a member, the simpanan pokok paid unless unticked; the
// admission's reference comes from the form's key.
func (h *Handler) admit(rq *request) (string, error) {
	f := rq.r.PostForm
	show := func(status int, text string) error { return h.showMembers(rq, status, text, f) }
	id, err := member.ParseID(strings.TrimSpace(f.Get("member")))
	if err != nil {
		return refuse(err, show, rq)
	}
	on, err := rq.date("date")
	if err != nil {
		return refuse(err, show, rq)
	}
	_, err = h.svc.Admit(rq.ctx, rq.actor(), rq.who.Coop, id, strings.TrimSpace(f.Get("name")), on, keyRef("MASUK", rq.key), f.Get("pokok") != "")
	if err != nil {
		return refuse(err, show, rq)
	}
	return "/members/" + url.PathEscape(string(id)), nil
}

// memberPage is a member's accounts: balances, passbook, loans and SHU.
type memberPage struct {
	Row      balances.Row
	Passbook passbook.Page
	Loans    []*loan.State
	SHU      []statement
	// Held are the distributed years whose share the cooperative holds
	// for the member, who left: paid in cash when they come for it.
	Held []heldShare
	// reversed are the references already reversed.
	reversed map[string]bool
}

// heldShare is a member's share of a year held since they left.
type heldShare struct {
	Year   int
	Amount money.Amount
}

// Reversible reports whether a passbook line is a deposit or a
// withdrawal not yet reversed.
func (d memberPage) Reversible(l passbook.Line) bool {
	return (l.Kind == passbook.Deposit || l.Kind == passbook.Withdrawal) && !d.reversed[l.Ref]
}

func (h *Handler) member(rq *request) error {
	return h.showMember(rq, http.StatusOK, "", url.Values{})
}

func (h *Handler) showMember(rq *request, status int, errText string, form url.Values) error {
	id := member.ID(rq.r.PathValue("id"))
	if !rq.who.Sees(id) {
		h.forbidden(rq)
		return nil
	}
	if _, err := member.ParseID(string(id)); err != nil {
		h.notFound(rq, rq.pr.Explain(err))
		return nil
	}
	var d memberPage
	var ok bool
	if err := h.balances.read(rq.ctx, func(p *balances.Projection) { d.Row, ok = p.Member(string(rq.who.Coop), string(id), rq.today) }); err != nil {
		return err
	}
	if !ok {
		h.notFound(rq, rq.pr.Explain(&input.Error{Field: "member", Value: string(id), Want: input.WantKnownMember}))
		return nil
	}
	events, err := h.svc.MemberEvents(rq.ctx, rq.who.Coop, id)
	if err != nil {
		return err
	}
	pb := passbook.New()
	for _, e := range events {
		pb.Apply(e)
	}
	d.Passbook = pb.Between(calendar.Date{}, rq.today)
	d.reversed = map[string]bool{}
	for _, l := range d.Passbook.Lines {
		if l.Kind == passbook.Reversal {
			d.reversed[l.Ref] = true
		}
	}
	err = h.svc.Loans(rq.ctx, rq.who.Coop, func(b *loanbook.Book) {
		if b == nil {
			return
		}
		for _, lid := range b.OfMember(string(id)) {
			st, _ := b.Loan(lid)
			d.Loans = append(d.Loans, st.Clone())
		}
	})
	if err != nil {
		return err
	}
	m, err := h.svc.Member(rq.ctx, rq.who.Coop, id)
	if err != nil {
		return err
	}
	for year := rq.today.Year() - 1; year >= rq.today.Year()-3; year-- {
		y, err := h.svc.YearEnd(rq.ctx, rq.who.Coop, year)
		if err != nil || y == nil {
			continue
		}
		if s, ok := report.SHUSlip(rq.pr, rq.coop.Name, y, string(id)); ok {
			d.SHU = append(d.SHU, rq.stmt(s))
		}
		if y.Distributed == nil || m.Status == member.StatusActive || m.ReceivedSHU(year) {
			continue
		}
		for _, p := range y.Computed.Result.Payouts {
			if p.Member == string(id) && p.Total.IsPositive() {
				d.Held = append(d.Held, heldShare{Year: year, Amount: p.Total})
			}
		}
	}
	h.renderForm(rq, status, "member.html", d.Row.Name, d, errText, form)
	return nil
}

// reverse reverses a deposit or withdrawal of the member's passbook, as
// lumbung reverse does: on the original's date unless a date is given,
// with the reason given. A refusal (already reversed, a closed period)
// shows the member's page again with the message; nothing is written.
func (h *Handler) reverse(rq *request) (string, error) {
	f := rq.r.PostForm
	show := func(status int, text string) error { return h.showMember(rq, status, text, f) }
	id := member.ID(rq.r.PathValue("id"))
	if _, err := member.ParseID(string(id)); err != nil {
		return refuse(err, show, rq)
	}
	ref := strings.TrimSpace(f.Get("ref"))
	// The reference must be one of this member's in this cooperative.
	rec, err := h.store.FindEvent(rq.ctx, app.RefEventID(rq.who.Coop, ref))
	if err != nil && !errors.Is(err, eventstore.ErrEventNotFound) {
		return "", err
	}
	if c, mid, ok := codec.ParseMemberStream(rec.Stream); err != nil || !ok || c != string(rq.who.Coop) || mid != string(id) {
		return refuse(&input.Error{Field: "ref", Value: ref, Want: input.WantKnownRef}, show, rq)
	}
	var on calendar.Date
	if strings.TrimSpace(f.Get("date")) != "" {
		if on, err = rq.date("date"); err != nil {
			return refuse(err, show, rq)
		}
	}
	if _, err := h.svc.Reverse(rq.ctx, rq.actor(), rq.who.Coop, ref, strings.TrimSpace(f.Get("reason")), on); err != nil {
		return refuse(err, show, rq)
	}
	return "/members/" + url.PathEscape(string(id)), nil
}

// moveData is the data of the deposit and withdrawal forms.
type moveData struct {
	Row      balances.Row
	Withdraw bool
	Products []savings.Product
}

func (h *Handler) moveForm(withdraw bool) func(*request) error {
	return func(rq *request) error { return h.showMove(rq, withdraw, http.StatusOK, "", url.Values{}) }
}

func (h *Handler) showMove(rq *request, withdraw bool, status int, errText string, form url.Values) error {
	id := rq.r.PathValue("id")
	d := moveData{Withdraw: withdraw, Products: savings.Products()}
	if withdraw {
		d.Products = []savings.Product{savings.Sukarela}
	}
	var ok bool
	if err := h.balances.read(rq.ctx, func(p *balances.Projection) { d.Row, ok = p.Member(string(rq.who.Coop), id, rq.today) }); err != nil {
		return err
	}
	if !ok {
		h.notFound(rq, rq.pr.Explain(&input.Error{Field: "member", Value: id, Want: input.WantKnownMember}))
		return nil
	}
	title := rq.pr.T("Setoran", "Deposit")
	if withdraw {
		title = rq.pr.T("Penarikan", "Withdrawal")
	}
	h.renderForm(rq, status, "move.html", title, d, errText, form)
	return nil
}

// move records a deposit or a withdrawal under a reference taken from
// the form's key and goes to its receipt. A refusal (a withdrawal beyond
// the balance) shows the form again with the figures; nothing is written.
func (h *Handler) move(withdraw bool) func(*request) (string, error) {
	return func(rq *request) (string, error) {
		f := rq.r.PostForm
		show := func(status int, text string) error { return h.showMove(rq, withdraw, status, text, f) }
		id := member.ID(rq.r.PathValue("id"))
		p, err := savings.ParseProduct(f.Get("product"))
		if err != nil {
			return refuse(err, show, rq)
		}
		a, err := rq.amount("amount")
		if err != nil {
			return refuse(err, show, rq)
		}
		on, err := rq.date("date")
		if err != nil {
			return refuse(err, show, rq)
		}
		if withdraw {
			ref := keyRef("TARIK", rq.key)
			_, err = h.svc.Withdraw(rq.ctx, rq.actor(), rq.who.Coop, id, p, a, on, ref)
		} else {
			ref := keyRef("SETOR", rq.key)
			_, err = h.svc.Deposit(rq.ctx, rq.actor(), rq.who.Coop, id, p, a, on, ref)
		}
		if err != nil {
			return refuse(err, show, rq)
		}
		prefix := "SETOR"
		if withdraw {
			prefix = "TARIK"
		}
		return "/receipts/" + url.PathEscape(keyRef(prefix, rq.key)), nil
	}
}

// receiptPage is a kwitansi: one deposit or withdrawal.
type receiptPage struct {
	Ref, Member, Name, Actor, Recorded string
	Withdrawal                         bool
	Product                            savings.Product
	Amount, Balance                    money.Amount
	On                                 calendar.Date
}

// receipt shows the printable kwitansi of a deposit or withdrawal, found
// by its reference in the person's cooperative.
func (h *Handler) receipt(rq *request) error {
	ref := rq.r.PathValue("ref")
	notFound := func() error {
		h.notFound(rq, rq.pr.Explain(&input.Error{Field: "ref", Value: ref, Want: input.WantKnownRef}))
		return nil
	}
	if !input.Text(ref, member.MaxRefLen) {
		return notFound()
	}
	rec, err := h.store.FindEvent(rq.ctx, app.RefEventID(rq.who.Coop, ref))
	if errors.Is(err, eventstore.ErrEventNotFound) {
		return notFound()
	}
	if err != nil {
		return err
	}
	coop, mid, ok := codec.ParseMemberStream(rec.Stream)
	if lc, lid, isLoan := codec.ParseLoanStream(rec.Stream); !ok && isLoan && lc == string(rq.who.Coop) {
		return h.repaymentReceipt(rq, ref, loan.ID(lid), rec, notFound)
	}
	if !ok || coop != string(rq.who.Coop) {
		return notFound()
	}
	if !rq.who.Sees(member.ID(mid)) {
		h.forbidden(rq)
		return nil
	}
	e, err := codec.Events().Decode(rec)
	if err != nil {
		return err
	}
	d := receiptPage{Ref: ref, Member: mid, Actor: e.Actor, Recorded: e.Recorded.Format("2006-01-02 15:04:05")}
	switch p := e.Payload.(type) {
	case savings.Deposited:
		d.Product, d.Amount, d.On = p.Product, p.Amount, p.On
	case savings.Withdrawn:
		d.Product, d.Amount, d.On, d.Withdrawal = p.Product, p.Amount, p.On, true
	default:
		return notFound()
	}
	st, err := h.svc.Member(rq.ctx, rq.who.Coop, member.ID(mid))
	if err != nil {
		return err
	}
	d.Name, d.Balance = st.Name, st.Account(d.Product).BalanceAt(d.On)
	h.render(rq, http.StatusOK, "receipt.html", rq.pr.T("Kwitansi", "Receipt")+" "+ref, d)
	return nil
}

// repaymentPage is the kwitansi of a loan repayment: what it paid of
// principal, interest and penalty, and the principal outstanding after it.
type repaymentPage struct {
	Ref, Loan, Member, Name, Actor, Recorded string
	Amount, Principal, Interest, Penalty     money.Amount
	Outstanding                              money.Amount
	Instalments                              []int
	Early                                    bool
	On                                       calendar.Date
}

// repaymentReceipt shows the printable kwitansi of a loan repayment: the
// loan's history is folded up to the repayment, for the principal
// outstanding right after it.
func (h *Handler) repaymentReceipt(rq *request, ref string, id loan.ID, rec eventstore.RecordedEvent, notFound func() error) error {
	var st *loan.State
	var d repaymentPage
	found := false
	for from := uint64(0); !found; {
		page, err := h.store.ReadStream(rq.ctx, rec.Stream, from, eventstore.Forwards, 500)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, r := range page {
			e, err := codec.Events().Decode(r)
			if err != nil {
				return err
			}
			le, ok := e.Payload.(loan.Event)
			if !ok {
				continue
			}
			st = loan.Evolve(st, le)
			if r.Revision == rec.Revision {
				p, ok := e.Payload.(loan.Repaid)
				if !ok {
					return notFound()
				}
				d = repaymentPage{Ref: ref, Loan: string(id), Actor: e.Actor, Recorded: e.Recorded.Format("2006-01-02 15:04:05"),
					Amount: p.Amount, Early: p.Early, On: p.On, Principal: money.Zero(), Interest: money.Zero(), Penalty: money.Zero()}
				for _, part := range p.Parts {
					d.Principal, d.Interest, d.Penalty = d.Principal.Add(part.Principal), d.Interest.Add(part.Interest), d.Penalty.Add(part.Penalty)
					d.Instalments = append(d.Instalments, part.N)
				}
				found = true
				break
			}
		}
		from = page[len(page)-1].Revision + 1
	}
	if !found || st == nil {
		return notFound()
	}
	if !rq.who.Sees(member.ID(st.Member)) {
		h.forbidden(rq)
		return nil
	}
	d.Member, d.Outstanding = st.Member, st.Outstanding()
	m, err := h.svc.Member(rq.ctx, rq.who.Coop, member.ID(st.Member))
	if err != nil {
		return err
	}
	d.Name = m.Name
	h.render(rq, http.StatusOK, "repayment.html", rq.pr.T("Kwitansi", "Receipt")+" "+ref, d)
	return nil
}
