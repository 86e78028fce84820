package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// journalLines is how many lines the journal form offers.
const journalLines = 6

// journalData is the data of the journal form.
type journalData struct {
	Lines    []int
	Accounts []ledger.Account
}

func (h *Handler) journalForm(rq *request) error {
	return h.showJournal(rq, http.StatusOK, "", url.Values{})
}

func (h *Handler) showJournal(rq *request, status int, errText string, form url.Values) error {
	d := journalData{}
	for i := range journalLines {
		d.Lines = append(d.Lines, i)
	}
	for _, a := range rq.coop.Chart.Accounts() {
		if !a.Heading {
			d.Accounts = append(d.Accounts, a)
		}
	}
	h.renderForm(rq, status, "journal.html", rq.pr.T("Jurnal umum", "General journal"), d, errText, form)
	return nil
}

// journal posts an entry of the lines filled in; its reference is the
// one given or one taken from the form's key.
func (h *Handler) journal(rq *request) (string, error) {
	f := rq.r.PostForm
	show := func(status int, text string) error { return h.showJournal(rq, status, text, f) }
	on, err := rq.date("date")
	if err != nil {
		return refuse(err, show, rq)
	}
	j := app.Journal{Ref: strings.TrimSpace(f.Get("ref")), Memo: strings.TrimSpace(f.Get("memo")), On: on}
	if j.Ref == "" {
		j.Ref = keyRef("JU", rq.key)
	}
	for i := range journalLines {
		n := strconv.Itoa(i)
		account := strings.TrimSpace(f.Get("account" + n))
		for _, side := range []struct {
			name string
			side ledger.Side
		}{{"debit", ledger.Debit}, {"credit", ledger.Credit}} {
			field := side.name + n
			if strings.TrimSpace(f.Get(field)) == "" {
				continue
			}
			a, err := rq.amount(field)
			if err != nil {
				return refuse(err, show, rq)
			}
			j.Lines = append(j.Lines, ledger.Line{Account: account, Side: side.side, Amount: a})
		}
	}
	if _, err := h.svc.PostJournal(rq.ctx, rq.actor(), rq.who.Coop, "", j); err != nil {
		return refuse(err, show, rq)
	}
	return "/reports/ledger-journal?ref=" + url.QueryEscape(j.Ref), nil
}

// reverseJournal reverses a journal entry (or a sale, which made one)
// of the cooperative's books, as lumbung reverse does: its lines on the
// other sides, on the original's date unless a date is given, with the
// reason given. A member's transaction is reversed from their page.
func (h *Handler) reverseJournal(rq *request) (string, error) {
	f := rq.r.PostForm
	show := func(status int, text string) error { return h.showJournal(rq, status, text, f) }
	ref := strings.TrimSpace(f.Get("reverse_ref"))
	rec, err := h.store.FindEvent(rq.ctx, app.RefEventID(rq.who.Coop, ref))
	if err != nil && !errors.Is(err, eventstore.ErrEventNotFound) {
		return "", err
	}
	if err != nil || rec.Stream != codec.CooperativeStream(string(rq.who.Coop)) {
		return refuse(&input.Error{Field: "ref", Value: ref, Want: input.WantKnownRef}, show, rq)
	}
	var on calendar.Date
	if strings.TrimSpace(f.Get("reverse_date")) != "" {
		if on, err = rq.date("reverse_date"); err != nil {
			return refuse(err, show, rq)
		}
	}
	if _, err := h.svc.Reverse(rq.ctx, rq.actor(), rq.who.Coop, ref, strings.TrimSpace(f.Get("reason")), on); err != nil {
		return refuse(err, show, rq)
	}
	return "/reports/ledger-journal?ref=" + url.QueryEscape(ref), nil
}

// kinds are the statements the reports page lists, in its order.
var kinds = []struct{ Kind, ID, EN string }{
	{"neraca", "Laporan Posisi Keuangan (Neraca)", "Statement of financial position"},
	{"hasil-usaha", "Laporan Hasil Usaha", "Statement of operating results"},
	{"ekuitas", "Laporan Perubahan Ekuitas", "Statement of changes in equity"},
	{"arus-kas", "Laporan Arus Kas", "Statement of cash flows"},
	{"trial-balance", "Neraca Saldo", "Trial balance"},
	{"loan-portfolio", "Portofolio Pinjaman", "Loan portfolio"},
	{"loan-aging", "Umur Pinjaman", "Loan aging"},
	{"loan-collectibility", "Kolektibilitas Pinjaman", "Loan collectibility"},
	{"lending-limits", "Batas Pemberian Pinjaman", "Lending limits"},
	{"chart", "Bagan Akun", "Chart of accounts"},
}

// reportLink is a statement on the reports page: its address, with the
// dates asked, and its downloads'.
type reportLink struct{ Title, Href, CSV, XLSX, PDF string }

func (h *Handler) reports(rq *request) error {
	q := rq.r.URL.Query()
	var links []reportLink
	v := url.Values{}
	for _, name := range []string{"as-of", "as-known-at"} {
		if s := strings.TrimSpace(q.Get(name)); s != "" {
			v.Set(name, s)
		}
	}
	if _, err := statementQuery(rq, v); err != nil {
		h.notFound(rq, rq.pr.Explain(err))
		return nil
	}
	for _, k := range kinds {
		href := func(format string) string {
			w := url.Values{}
			for name, vs := range v {
				w[name] = vs
			}
			if format != "" {
				w.Set("format", format)
			}
			if len(w) == 0 {
				return "/reports/" + k.Kind
			}
			return "/reports/" + k.Kind + "?" + w.Encode()
		}
		links = append(links, reportLink{Title: rq.pr.T(k.ID, k.EN), Href: href(""), CSV: href("csv"), XLSX: href("xlsx"), PDF: href("pdf")})
	}
	h.renderForm(rq, http.StatusOK, "reports.html", rq.pr.T("Laporan", "Reports"), links, "", v)
	return nil
}

// statementAt is the date a statement is as of and the instant its books
// are as known at (zero: now).
type statementAt struct {
	AsOf    calendar.Date
	KnownAt time.Time
}

// statementQuery reads as-of (a date, default today) and as-known-at (a
// date, meaning the end of that day in the cooperative's zone, or an RFC
// 3339 instant, as the CLI's --as-known-at).
func statementQuery(rq *request, q url.Values) (statementAt, error) {
	at := statementAt{AsOf: rq.today}
	if s := q.Get("as-of"); s != "" {
		d, err := calendar.Parse(s)
		if err != nil {
			return at, &input.Error{Field: "as-of", Value: s, Want: input.WantDate}
		}
		at.AsOf = d
	}
	var err error
	at.KnownAt, err = app.KnownAt(rq.coop, "as-known-at", q.Get("as-known-at"))
	return at, err
}

// booksAt calls fn with the cooperative's ledger, live or, for an
// instant, folded afresh from the events recorded by then; nil when it
// has no books.
func (h *Handler) booksAt(rq *request, at time.Time, fn func(*generalledger.Books)) error {
	if at.IsZero() {
		return h.svc.Ledger(rq.ctx, rq.who.Coop, fn)
	}
	return h.svc.LedgerKnownAt(rq.ctx, rq.who.Coop, at, fn)
}

// loansAt returns the loans for the loan reports: the live book now, or
// the book as known at an instant, its borrowers named as then.
func (h *Handler) loansAt(rq *request, at statementAt) (report.LoanBook, error) {
	if at.KnownAt.IsZero() {
		var lb report.LoanBook
		err := h.svc.Loans(rq.ctx, rq.who.Coop, func(book *loanbook.Book) { lb = report.CurrentLoans(book, at.AsOf) })
		return lb, err
	}
	live := func(fn func(*loanbook.Book)) error { return h.svc.Loans(rq.ctx, rq.who.Coop, fn) }
	lb, err := report.LoansKnownAt(rq.ctx, h.store, live, string(rq.who.Coop), at.AsOf, rq.today, at.KnownAt)
	if err != nil {
		return lb, err
	}
	members := balances.New()
	if _, err := projector.New(h.store, nil).Rebuild(rq.ctx, projector.KnownAt(members, at.KnownAt)); err != nil {
		return lb, err
	}
	lb.NameBorrowers(members, string(rq.who.Coop))
	return lb, nil
}

// statement shows one statement as of a date (default today) and as
// known at an instant (default now), or sends it as CSV, XLSX or PDF,
// rendered by internal/report as the CLI does.
func (h *Handler) statement(rq *request) error {
	kind := rq.r.PathValue("kind")
	q := rq.r.URL.Query()
	if kind == "ledger-journal" {
		h.render(rq, http.StatusOK, "message.html", rq.pr.T("Jurnal tercatat", "Entry posted"), message{
			Text: rq.pr.T("Jurnal tercatat dengan ref ", "Entry posted under ref ") + q.Get("ref") + "."})
		return nil
	}
	at, err := statementQuery(rq, q)
	if err != nil {
		h.notFound(rq, rq.pr.Explain(err))
		return nil
	}
	asOf := at.AsOf
	period := report.Period{AsOf: asOf, Compare: report.PriorYearEnd(asOf)}
	var lb report.LoanBook
	if kind == "loan-portfolio" || kind == "loan-aging" || kind == "loan-collectibility" || kind == "lending-limits" {
		if lb, err = h.loansAt(rq, at); err != nil {
			return err
		}
	}
	var st report.Statement
	found := true
	err = h.booksAt(rq, at.KnownAt, func(b *generalledger.Books) {
		if b == nil {
			found = false
			return
		}
		name := rq.coop.Name
		switch kind {
		case "neraca":
			st = report.Neraca(rq.pr, b, name, period)
		case "hasil-usaha":
			st = report.HasilUsaha(rq.pr, b, name, period)
		case "ekuitas":
			st = report.Ekuitas(rq.pr, b, name, period)
		case "arus-kas":
			st = report.ArusKas(rq.pr, b, name, period)
		case "trial-balance":
			st = report.TrialBalance(rq.pr, b, name, period)
		case "chart":
			st = report.Chart(rq.pr, name, rq.coop.Chart)
		case "loan-portfolio", "loan-aging", "loan-collectibility", "lending-limits":
			build := map[string]func(i18n.Printer, *generalledger.Books, string, report.LoanBook) report.Statement{
				"loan-portfolio": report.LoanPortfolio, "loan-aging": report.LoanAging,
				"loan-collectibility": report.LoanCollectibility, "lending-limits": report.LendingLimits,
			}[kind]
			st = build(rq.pr, b, name, lb)
		default:
			found = false
		}
	})
	if err != nil {
		return err
	}
	if !found && !at.KnownAt.IsZero() && slices.ContainsFunc(kinds, func(k struct{ Kind, ID, EN string }) bool { return k.Kind == kind }) {
		h.notFound(rq, rq.pr.T("Pembukuan koperasi belum ada pada saat itu.", "The cooperative had no books yet at that instant."))
		return nil
	}
	if !found {
		h.notFound(rq, rq.pr.T("Laporan itu tidak ada.", "There is no such report."))
		return nil
	}
	v := url.Values{"as-of": {asOf.String()}}
	name := kind + "-" + asOf.String()
	if s := q.Get("as-known-at"); s != "" {
		v.Set("as-known-at", s)
		name += "-known-" + at.KnownAt.UTC().Format("20060102T150405Z")
		st.Notes = append(st.Notes, rq.pr.T("Sebagaimana diketahui pada ", "As known at ")+at.KnownAt.Format(time.RFC3339)+
			rq.pr.T(": tanpa apa pun yang dicatat sesudahnya.", ": without anything recorded later."))
	}
	switch format := q.Get("format"); format {
	case "":
		h.renderForm(rq, http.StatusOK, "statement.html", st.Title, statement{Statement: st, Download: "/reports/" + kind + "?" + v.Encode(), pr: rq.pr}, "", q)
		return nil
	case "csv", "xlsx", "pdf":
		return download(rq, st, name, format)
	default:
		h.notFound(rq, rq.pr.Explain(&input.Error{Field: "format", Value: format, Want: input.WantFormat}))
		return nil
	}
}

// download sends a statement as a file.
func download(rq *request, st report.Statement, name, format string) error {
	var buf bytes.Buffer
	var err error
	var ctype string
	switch format {
	case "csv":
		err, ctype = report.StatementCSV(&buf, st), "text/csv; charset=utf-8"
	case "xlsx":
		err, ctype = report.StatementXLSX(&buf, st), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "pdf":
		err, ctype = report.StatementPDF(&buf, rq.pr, st), "application/pdf"
	}
	if err != nil {
		return err
	}
	rq.w.Header().Set("Content-Type", ctype)
	rq.w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	rq.w.WriteHeader(http.StatusOK)
	_, err = rq.w.Write(buf.Bytes())
	return err
}

// shuPage is a year's SHU and RAT: the calculation, the members' shares
// and the RAT's record, once computed, and the forms that move the year
// on: compute, convene the RAT, pass a resolution, distribute.
type shuPage struct {
	Year       int
	Statements []statement
	Missing    string
	// Fingerprint is the current computation's, for the approve-shu
	// resolution; Convened and Distributed say how far the year is.
	Fingerprint           string
	Convened, Distributed bool
	Kinds, Payouts, Modes []string
}

func (h *Handler) shu(rq *request) error {
	year := rq.today.Year() - 1
	if s := rq.r.URL.Query().Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1900 || y > 9999 {
			h.notFound(rq, rq.pr.Explain(&input.Error{Field: "year", Value: s, Want: input.WantYear}))
			return nil
		}
		year = y
	}
	return h.showSHU(rq, year, http.StatusOK, "", url.Values{})
}

func (h *Handler) showSHU(rq *request, year, status int, errText string, form url.Values) error {
	d := shuPage{Year: year, Kinds: []string{cooperative.ApproveStatements, cooperative.ApproveSHU, cooperative.AcceptAccountability},
		Payouts: []string{cooperative.PayoutSukarela, cooperative.PayoutCash},
		Modes:   []string{cooperative.Present, cooperative.Proxy, cooperative.Online}}
	y, err := h.svc.YearEnd(rq.ctx, rq.who.Coop, year)
	switch {
	case err != nil && operational(err):
		return err
	case err != nil:
		d.Missing = rq.pr.Explain(err)
	case y == nil:
		d.Missing = rq.pr.T("SHU tahun ini belum dihitung.", "The SHU of this year is not computed yet.")
	default:
		name := rq.coop.Name
		d.Statements = []statement{rq.stmt(report.SHUCalculation(rq.pr, name, y)), rq.stmt(report.SHUList(rq.pr, name, y))}
		// The RAT's record is there once the RAT is convened.
		if y.Meeting != nil {
			d.Statements = append(d.Statements, rq.stmt(report.RATRecord(rq.pr, name, y)))
		}
		d.Fingerprint, d.Convened, d.Distributed = y.Fingerprint, y.Meeting != nil, y.Distributed != nil
	}
	h.renderForm(rq, status, "shu.html", rq.pr.T("SHU dan RAT", "SHU and RAT"), d, errText, form)
	return nil
}

// shuCommand reads the form's year, runs a command of the year's SHU or
// RAT and goes back to the year's page, or shows the refusal there.
func (h *Handler) shuCommand(run func(rq *request, year int) error) func(*request) (string, error) {
	return func(rq *request) (string, error) {
		f := rq.r.PostForm
		s := strings.TrimSpace(f.Get("year"))
		year, err := strconv.Atoi(s)
		if err != nil || year < 1900 || year > 9999 {
			show := func(status int, text string) error { return h.showSHU(rq, rq.today.Year()-1, status, text, f) }
			return refuse(&input.Error{Field: "year", Value: s, Want: input.WantYear}, show, rq)
		}
		show := func(status int, text string) error { return h.showSHU(rq, year, status, text, f) }
		if err := run(rq, year); err != nil {
			return refuse(err, show, rq)
		}
		return "/shu?year=" + strconv.Itoa(year), nil
	}
}

// computeSHU computes a closed year's SHU, as lumbung shu compute does.
func (h *Handler) computeSHU(rq *request, year int) error {
	_, _, err := h.svc.ComputeSHU(rq.ctx, rq.actor(), rq.who.Coop, year)
	return err
}

// conveneRAT records the year's RAT on a date under the invitation's
// reference, as lumbung rat convene does.
func (h *Handler) conveneRAT(rq *request, year int) error {
	on, err := rq.date("date")
	if err != nil {
		return err
	}
	_, err = h.svc.ConveneRAT(rq.ctx, rq.actor(), rq.who.Coop, strings.TrimSpace(rq.r.PostForm.Get("decision")), year, on)
	return err
}

// attendRAT records members attending the year's RAT, present, by proxy
// (held by the member the form names) or online, as lumbung rat attend
// does; attendance already recorded writes nothing.
func (h *Handler) attendRAT(rq *request, year int) error {
	f := rq.r.PostForm
	mode, by := f.Get("mode"), strings.TrimSpace(f.Get("by"))
	var list []cooperative.Attendance
	for _, s := range strings.FieldsFunc(f.Get("members"), func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		if _, err := member.ParseID(s); err != nil {
			return err
		}
		list = append(list, cooperative.Attendance{Member: s, Mode: mode, By: by})
	}
	if len(list) == 0 {
		return &input.Error{Field: "members", Value: "", Want: input.WantMemberID}
	}
	_, err := h.svc.RecordAttendance(rq.ctx, rq.actor(), rq.who.Coop, year, list)
	return err
}

// resolveRAT records a resolution of the year's RAT and its votes under
// its number in the minutes, as lumbung rat resolve does; dated the
// meeting's day unless a date is given.
func (h *Handler) resolveRAT(rq *request, year int) error {
	f := rq.r.PostForm
	votes := map[string]int{}
	for _, field := range []string{"for", "against", "abstain"} {
		if strings.TrimSpace(f.Get(field)) == "" {
			continue
		}
		n, err := rq.count(field)
		if err != nil {
			return err
		}
		votes[field] = n
	}
	var on calendar.Date
	if strings.TrimSpace(f.Get("date")) != "" {
		var err error
		if on, err = rq.date("date"); err != nil {
			return err
		}
	} else if y, err := h.svc.YearEnd(rq.ctx, rq.who.Coop, year); err == nil && y != nil && y.Meeting != nil {
		on = y.Meeting.On
	} else {
		on = rq.today
	}
	_, err := h.svc.PassResolution(rq.ctx, rq.actor(), rq.who.Coop, strings.TrimSpace(f.Get("decision")), app.Resolution{
		Year: year, Kind: f.Get("kind"), For: votes["for"], Against: votes["against"], Abstain: votes["abstain"],
		SHU: strings.TrimSpace(f.Get("shu")), Payout: f.Get("payout"), Text: strings.TrimSpace(f.Get("text")), On: on,
	})
	return err
}

// distributeSHU distributes the year's SHU as the RAT approved it under
// the resolution's reference, as lumbung shu distribute does.
func (h *Handler) distributeSHU(rq *request, year int) error {
	on, err := rq.date("date")
	if err != nil {
		return err
	}
	var through []app.Via
	if cash := strings.TrimSpace(rq.r.PostForm.Get("cash")); cash != "" {
		through = append(through, app.Via(cash))
	}
	_, err = h.svc.DistributeSHU(rq.ctx, rq.actor(), rq.who.Coop, strings.TrimSpace(rq.r.PostForm.Get("decision")), year, on, through...)
	return err
}

// paySHU pays in cash, from the account the form names (kas if none), the
// year's share held for the member who left, as lumbung shu pay does; a
// share already paid writes nothing.
func (h *Handler) paySHU(rq *request, id member.ID, year int) error {
	if _, err := member.ParseID(string(id)); err != nil {
		return err
	}
	on, err := rq.date("date")
	if err != nil {
		return err
	}
	var through []app.Via
	if cash := strings.TrimSpace(rq.r.PostForm.Get("cash")); cash != "" {
		through = append(through, app.Via(cash))
	}
	_, _, err = h.svc.PaySHU(rq.ctx, rq.actor(), rq.who.Coop, id, year, on, through...)
	return err
}

// memberPaySHU pays a held share from the member's page and goes back
// there, or shows the refusal there.
func (h *Handler) memberPaySHU(rq *request) (string, error) {
	f := rq.r.PostForm
	show := func(status int, text string) error { return h.showMember(rq, status, text, f) }
	id := member.ID(rq.r.PathValue("id"))
	s := strings.TrimSpace(f.Get("year"))
	year, err := strconv.Atoi(s)
	if err != nil || year < 1900 || year > 9999 {
		return refuse(&input.Error{Field: "year", Value: s, Want: input.WantYear}, show, rq)
	}
	if err := h.paySHU(rq, id, year); err != nil {
		return refuse(err, show, rq)
	}
	return "/members/" + url.PathEscape(string(id)), nil
}

// auditPage is the verification of the log and the cooperative's trail.
type auditPage struct {
	Intact bool
	Break  string
	Seals  []audit.SealSummary
	Trail  []activity
}

func (h *Handler) audit(rq *request) error {
	r, err := audit.Verify(rq.ctx, h.store, nil)
	if err != nil {
		return err
	}
	d := auditPage{Intact: r.Break == nil}
	if r.Break != nil {
		// The break is named by its kind only: its details may be another
		// cooperative's.
		d.Break = string(r.Break.Kind)
	}
	for _, s := range r.Sealed {
		if s.Coop == string(rq.who.Coop) {
			d.Seals = append(d.Seals, s)
		}
	}
	if d.Trail, err = h.recent(rq.ctx, string(rq.who.Coop), 50); err != nil {
		return err
	}
	h.render(rq, http.StatusOK, "audit.html", rq.pr.T("Audit", "Audit"), d)
	return nil
}

// settingsPage shows the policies, the loan products and the chart, read
// only: changing them is the CLI's and the API's.
