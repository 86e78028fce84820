package web

import (
	"bytes"
	"container/list"
	"context"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

// page is what every template is given: the printer (T, Money, Number,
// Date, Product, Status), the person, the form's tokens and the page's
// own data.
type page struct {
	i18n.Printer
	Title    string
	CoopName string
	Who      auth.Principal
	CSRF     string
	// Path is the page's address, for the language switch.
	Path string
	Nav  []navItem
	// Error is a refusal to show above the form; Form the values given.
	Error string
	Form  url.Values
	Data  any
}

type navItem struct {
	Href, Label string
	Current     bool
}

// message is the data of a page that only says something.
type message struct{ Text string }

// Key returns a fresh idempotency key for a form.
func (p *page) Key() string { return newKey() }

// Val returns a value the person gave in the form.
func (p *page) Val(name string) string { return p.Form.Get(name) }

// Signed reports whether a person is signed in.
func (p *page) Signed() bool { return p.Who.Username != "" }

// Can reports whether the person may do the action named.
func (p *page) Can(a string) bool { return p.Who.Can(access.Action(a)) }

// Next is the address to come back to after switching language: the
// page, or for a loan's command the loan's page.
func (p *page) Next() string {
	for _, suffix := range []string{"/approve", "/reject", "/disburse", "/repay"} {
		if s, ok := strings.CutSuffix(p.Path, suffix); ok && strings.HasPrefix(s, "/loans/") {
			return s
		}
	}
	return p.Path
}

func parsePages() map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" {
			continue
		}
		pages[base] = template.Must(template.New("layout.html").ParseFS(templateFS, "templates/layout.html", n))
	}
	return pages
}

// nav lists the pages the person may open.
func nav(who auth.Principal, pr i18n.Printer, path string) []navItem {
	var out []navItem
	add := func(href, label string, a access.Action) {
		if who.Can(a) {
			cur := path == href || (href != "/" && strings.HasPrefix(path, href))
			out = append(out, navItem{Href: href, Label: label, Current: cur})
		}
	}
	add("/", pr.T("Ringkasan", "Dashboard"), access.ViewAll)
	add("/members", pr.T("Anggota", "Members"), access.ViewAll)
	add("/loans", pr.T("Pinjaman", "Loans"), access.ViewAll)
	add("/journal", pr.T("Jurnal", "Journal"), access.Book)
	add("/reports", pr.T("Laporan", "Reports"), access.ViewAll)
	add("/shu", pr.T("SHU & RAT", "SHU & RAT"), access.ViewAll)
	add("/audit", pr.T("Audit", "Audit"), access.Verify)
	add("/settings", pr.T("Pengaturan", "Settings"), access.ViewAll)
	if !who.Can(access.ViewAll) && who.Member != "" {
		out = append(out, navItem{Href: "/members/" + string(who.Member), Label: pr.T("Rekening saya", "My accounts"), Current: strings.HasPrefix(path, "/members/")})
	}
	add("/account", pr.T("Akun saya", "My account"), access.ViewOwn)
	return out
}

// render writes a page with status.
func (h *Handler) render(rq *request, status int, name, title string, data any) {
	h.renderForm(rq, status, name, title, data, "", nil)
}

// renderForm writes a page with a refusal to show and the values given.
func (h *Handler) renderForm(rq *request, status int, name, title string, data any, errText string, form url.Values) {
	p := &page{Printer: rq.pr, Title: title, CoopName: rq.coop.Name, Who: rq.who, CSRF: rq.sess.CSRF,
		Path: rq.r.URL.RequestURI(), Nav: nav(rq.who, rq.pr, rq.r.URL.Path), Error: errText, Form: form, Data: data}
	if p.Form == nil {
		p.Form = url.Values{}
	}
	writePage(rq.w, h.pages[name], status, p)
}

func writePage(w http.ResponseWriter, t *template.Template, status int, p *page) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		panic("web: template " + t.Name() + ": " + err.Error())
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// statement is a report laid out for a page, with its download links.
type statement struct {
	report.Statement
	// Download is the address the CSV, XLSX and PDF are served from
	// (with ?format=), empty for none.
	Download string
	pr       i18n.Printer
}

// Cell formats a statement's figure.
func (s statement) Cell(a money.Amount) string { return s.pr.Number(a) }

// T picks the text for the statement's language.
func (s statement) T(id, en string) string { return s.pr.T(id, en) }

// stmt lays a statement out for the request's page.
func (rq *request) stmt(s report.Statement) statement { return statement{Statement: s, pr: rq.pr} }

// results remembers, per idempotency key, the page a command went to;
// the oldest are forgotten first.
type results struct {
	mu    sync.Mutex
	max   int
	order *list.List
	by    map[string]*list.Element
}

type result struct{ id, to string }

func newResults(max int) *results {
	return &results{max: max, order: list.New(), by: map[string]*list.Element{}}
}

func (r *results) get(id string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.by[id]
	if !ok {
		return "", false
	}
	return e.Value.(result).to, true
}

func (r *results) put(id, to string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.by[id] = r.order.PushBack(result{id, to})
	for r.order.Len() > r.max {
		old := r.order.Remove(r.order.Front()).(result)
		delete(r.by, old.id)
	}
}

// liveBalances is the members' balances projection, caught up before
// each read.
type liveBalances struct {
	mu    sync.Mutex
	store eventstore.Store
	p     *balances.Projection
	at    eventstore.Position
	ok    bool
}

func newLiveBalances(store eventstore.Store) *liveBalances {
	return &liveBalances{store: store, p: balances.New()}
}

// read catches the projection up and calls fn with it; fn must not keep
// it.
func (l *liveBalances) read(ctx context.Context, fn func(*balances.Projection)) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	pr := projector.New(l.store, nil)
	if !l.ok {
		st, err := pr.CatchUp(ctx, l.p)
		if err != nil {
			l.p = balances.New()
			return err
		}
		l.at, l.ok = st.To, true
	} else {
		n, at, err := pr.Advance(ctx, l.p, l.at)
		if err != nil {
			l.p, l.ok = balances.New(), false
			return err
		}
		if n > 0 {
			l.at = at
		}
	}
	fn(l.p)
	return nil
}
