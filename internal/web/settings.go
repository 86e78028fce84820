package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// settingsRoutes are the forms of the settings page that change the
// cooperative's policy and chart of accounts, for whoever may configure.
func (h *Handler) settingsRoutes() {
	h.handle("GET /settings", access.ViewAll, h.settings)
	h.action("POST /settings/policy", access.Configure, h.settingsCommand("policy", h.changePolicy))
	h.action("POST /settings/products", access.Configure, h.settingsCommand("products", h.defineProduct))
	h.action("POST /settings/accounts", access.Configure, h.settingsCommand("chart", h.addAccount))
	h.action("POST /settings/accounts/rename", access.Configure, h.settingsCommand("chart", func(rq *request) (app.Result, error) {
		f := rq.r.PostForm
		return h.svc.RenameAccount(rq.ctx, rq.actor(), rq.who.Coop, f.Get("code"), strings.TrimSpace(f.Get("name")), strings.TrimSpace(f.Get("name_en")))
	}))
	h.action("POST /settings/accounts/close", access.Configure, h.settingsCommand("chart", func(rq *request) (app.Result, error) {
		on, err := rq.date("date")
		if err != nil {
			return app.Result{}, err
		}
		return h.svc.CloseAccount(rq.ctx, rq.actor(), rq.who.Coop, rq.r.PostForm.Get("code"), on)
	}))
	h.action("POST /settings/units", access.Configure, h.settingsCommand("chart", func(rq *request) (app.Result, error) {
		f := rq.r.PostForm
		return h.svc.AddUnit(rq.ctx, rq.actor(), rq.who.Coop, ledger.Unit{Code: strings.TrimSpace(f.Get("unit_code")),
			Name: strings.TrimSpace(f.Get("unit_name")), NameEN: strings.TrimSpace(f.Get("unit_name_en"))})
	}))
}

// settingsPage is the cooperative's policy, loan products and chart of
// accounts, with the forms that change them for whoever may configure,
// and the users for whoever may manage them.
type settingsPage struct {
	Policies []policy.Version
	Latest   policy.Policy
	Products []productRow
	Chart    statement
	// Configure is set for whoever may change the policy and the chart;
	// Accounts are then the accounts that may be renamed or closed.
	Configure bool
	Accounts  []ledger.Account
	Classes   []ledger.Class
	Methods   []loan.Method
	// Users manages the users, for whoever may.
	Users *userAdmin
}

type productRow struct {
	Code, Name, Method, Rate string
	Months, MaxMonths        int
	MaxPlafond               money.Amount
}

func (h *Handler) settings(rq *request) error {
	return h.showSettings(rq, http.StatusOK, "", url.Values{})
}

func (h *Handler) showSettings(rq *request, status int, errText string, form url.Values) error {
	users, err := h.userAdmin(rq)
	if err != nil {
		return err
	}
	latest, _ := rq.coop.Policies.Latest()
	d := settingsPage{Users: users, Policies: rq.coop.Policies.Versions(), Latest: latest.Policy,
		Chart: rq.stmt(report.Chart(rq.pr, rq.coop.Name, rq.coop.Chart)), Configure: rq.who.Can(access.Configure)}
	if d.Configure {
		d.Classes, d.Methods = ledger.Classes(), loan.Methods()
		for _, a := range rq.coop.Chart.Accounts() {
			if !a.Heading && a.Closed.IsZero() {
				d.Accounts = append(d.Accounts, a)
			}
		}
	}
	for _, code := range rq.coop.Products.Codes() {
		v, _ := rq.coop.Products.Latest(code)
		p := v.Product
		d.Products = append(d.Products, productRow{Code: p.Code, Name: p.Name, Method: string(p.Method), Rate: p.AnnualRate.Shift(2).String() + "%",
			Months: p.Months, MaxMonths: p.MaxMonths, MaxPlafond: p.MaxPlafond})
	}
	h.renderForm(rq, status, "settings.html", rq.pr.T("Pengaturan", "Settings"), d, errText, form)
	return nil
}

// settingsCommand runs a change of the settings and goes back to the
// page's section, or shows the page again with the refusal and the form
// as it was filled in; nothing is then written.
func (h *Handler) settingsCommand(section string, run func(rq *request) (app.Result, error)) func(*request) (string, error) {
	return func(rq *request) (string, error) {
		show := func(status int, text string) error { return h.showSettings(rq, status, text, rq.r.PostForm) }
		if _, err := run(rq); err != nil {
			return refuse(err, show, rq)
		}
		return "/settings#" + section, nil
	}
}

// changePolicy adopts a version of the policy from a date by a decision;
// amounts left empty stay as they are.
func (h *Handler) changePolicy(rq *request) (app.Result, error) {
	f := rq.r.PostForm
	latest, _ := rq.coop.Policies.Latest()
	p := latest.Policy
	for _, t := range []struct {
		field string
		into  *money.Amount
	}{{"pokok", &p.Pokok}, {"wajib", &p.Wajib}, {"max_amount", &p.MaxAmount}} {
		if strings.TrimSpace(f.Get(t.field)) == "" {
			continue
		}
		a, err := rq.amount(t.field)
		if err != nil {
			return app.Result{}, err
		}
		*t.into = a
	}
	from, err := rq.date("from")
	if err != nil {
		return app.Result{}, err
	}
	return h.svc.ChangePolicy(rq.ctx, rq.actor(), rq.who.Coop, strings.TrimSpace(f.Get("decision")), cooperative.ChangePolicy{Policy: p, From: from})
}

// defineProduct defines a version of a loan product from a date, read as
// the CLI and the API read its terms (the form's fields are named as the
// CLI's flags, which refusals name); approval bands one per line.
func (h *Handler) defineProduct(rq *request) (app.Result, error) {
	f := rq.r.PostForm
	t := app.ProductTerms{Code: strings.TrimSpace(f.Get("code")), Name: strings.TrimSpace(f.Get("name")), Method: f.Get("method"),
		Rate: strings.TrimSpace(f.Get("rate")), MaxPlafond: plainAmount(f.Get("max-plafond")),
		SavingsMultiple: strings.TrimSpace(f.Get("savings-multiple")), Provisi: strings.TrimSpace(f.Get("provisi")),
		Admin: strings.TrimSpace(f.Get("admin")), Penalty: strings.TrimSpace(f.Get("penalty"))}
	for _, n := range []struct {
		field string
		into  *int
	}{{"months", &t.Months}, {"max_months", &t.MaxMonths}, {"grace", &t.Grace}} {
		v, err := rq.count(n.field)
		if err != nil {
			return app.Result{}, err
		}
		*n.into = v
	}
	for _, line := range strings.Split(f.Get("approvals"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			t.Approvals = append(t.Approvals, line)
		}
	}
	prod, err := t.Product()
	if err != nil {
		return app.Result{}, err
	}
	from, err := rq.date("product_from")
	if err != nil {
		return app.Result{}, err
	}
	return h.svc.DefineProduct(rq.ctx, rq.actor(), rq.who.Coop, prod, from)
}

// addAccount adds an account to the chart, in the group its code implies.
func (h *Handler) addAccount(rq *request) (app.Result, error) {
	f := rq.r.PostForm
	cl, contra, err := ledger.ParseClass(f.Get("class"))
	if err != nil {
		return app.Result{}, err
	}
	code := strings.TrimSpace(f.Get("account_code"))
	return h.svc.AddAccount(rq.ctx, rq.actor(), rq.who.Coop, ledger.Account{Code: code, Name: strings.TrimSpace(f.Get("account_name")),
		NameEN: strings.TrimSpace(f.Get("account_name_en")), Class: cl, Contra: contra, Group: ledger.DefaultGroup(code),
		Cash: f.Get("cash") != "", ModalSendiri: f.Get("modal_sendiri") != ""})
}
