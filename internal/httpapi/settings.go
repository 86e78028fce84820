package httpapi

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

// PoliciesJSON is every version of the cooperative's policy.
type PoliciesJSON = report.PoliciesJSON

func (a *API) getPolicy(c *call) (int, any, error) {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, report.NewPoliciesJSON(st.Policies.Versions()), nil
}

// PolicyRequest adopts a new version of the policy from a date; terms
// not given stay as they are in the latest version.
type PolicyRequest struct {
	From        string `json:"from" required:"true"`
	Pokok       string `json:"pokok,omitempty"`
	Wajib       string `json:"wajib,omitempty"`
	WajibPeriod string `json:"wajib_period,omitempty"`
	MaxAmount   string `json:"max_amount,omitempty"`
	Decision    string `json:"decision,omitempty"`
}

func (a *API) setPolicy(c *call) (int, any, error) {
	var req PolicyRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	cur, _ := st.Policies.Latest()
	p := cur.Policy
	for _, t := range []struct {
		field, text string
		into        *money.Amount
	}{{"pokok", req.Pokok, &p.Pokok}, {"wajib", req.Wajib, &p.Wajib}, {"max_amount", req.MaxAmount, &p.MaxAmount}} {
		if t.text == "" {
			continue
		}
		if *t.into, err = parseAmount(t.field, t.text); err != nil {
			return 0, nil, err
		}
	}
	if req.WajibPeriod != "" {
		p.WajibPeriod = policy.Period(req.WajibPeriod)
	}
	if req.From == "" {
		return 0, nil, &input.Error{Field: "from", Value: "", Want: input.WantDate}
	}
	on, err := parseDate("from", req.From)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.ChangePolicy(c.writeCtx(), c.actor(), c.p.Coop, req.Decision, cooperative.ChangePolicy{Policy: p, From: on}))
}

// ProductRequest defines a version of a loan product, in force from a
// date. Rates are shares (0.18) or percentages ("18%"); approvals are
// bands UPTO:role,role (UPTO 0 for any amount).
type ProductRequest struct {
	Code            string   `json:"code" required:"true"`
	Name            string   `json:"name" required:"true"`
	Method          string   `json:"method" required:"true"`
	Rate            string   `json:"rate" required:"true"`
	Months          int      `json:"months" required:"true"`
	MaxMonths       int      `json:"max_months,omitempty"`
	MaxPlafond      string   `json:"max_plafond,omitempty"`
	SavingsMultiple string   `json:"savings_multiple,omitempty"`
	Provisi         string   `json:"provisi,omitempty"`
	ProvisiFixed    string   `json:"provisi_fixed,omitempty"`
	Admin           string   `json:"admin,omitempty"`
	AdminFixed      string   `json:"admin_fixed,omitempty"`
	Penalty         string   `json:"penalty,omitempty"`
	Grace           int      `json:"grace,omitempty"`
	PenaltyCap      string   `json:"penalty_cap,omitempty"`
	RateCap         string   `json:"rate_cap,omitempty"`
	Order           string   `json:"order,omitempty"`
	Approvals       []string `json:"approvals,omitempty"`
	From            string   `json:"from,omitempty"`
}

func (a *API) defineProduct(c *call) (int, any, error) {
	var req ProductRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	from, err := c.date("from", req.From)
	if err != nil {
		return 0, nil, err
	}
	prod, err := app.ProductTerms{Code: req.Code, Name: req.Name, Method: req.Method, Rate: req.Rate, Months: req.Months, MaxMonths: req.MaxMonths,
		Grace: req.Grace, MaxPlafond: req.MaxPlafond, SavingsMultiple: req.SavingsMultiple, Provisi: req.Provisi, ProvisiFixed: req.ProvisiFixed,
		Admin: req.Admin, AdminFixed: req.AdminFixed, Penalty: req.Penalty, PenaltyCap: req.PenaltyCap, RateCap: req.RateCap, Order: req.Order,
		Approvals: req.Approvals}.Product()
	if err != nil {
		return 0, nil, jsonField(err)
	}
	return c.write(a.svc.DefineProduct(c.writeCtx(), c.actor(), c.p.Coop, prod, from))
}

// jsonField names an input error's field as the request's JSON does:
// max_plafond for the command line's max-plafond, approvals for approval.
func jsonField(err error) error {
	var in *input.Error
	if errors.As(err, &in) {
		e := *in
		e.Field = strings.ReplaceAll(e.Field, "-", "_")
		switch e.Field {
		case "approval":
			e.Field = "approvals"
		case "pool":
			e.Field = "pools"
		}
		return &e
	}
	return err
}

func (a *API) listAccounts(c *call) (int, any, error) {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	return c.render(report.Chart(c.pr, st.Name, st.Chart), "accounts")
}

// AccountRequest adds an account to the chart. Class is asset,
// liability, equity, revenue, expense, or contra-asset and the like;
// group is the heading it sits under (default: the heading its code
// extends, 1-1 for 1-1201).
type AccountRequest struct {
	Code         string `json:"code" required:"true"`
	Name         string `json:"name" required:"true"`
	NameEN       string `json:"name_en,omitempty"`
	Class        string `json:"class" required:"true"`
	Group        string `json:"group,omitempty"`
	Flow         string `json:"flow,omitempty"`
	Cash         bool   `json:"cash,omitempty"`
	ModalSendiri bool   `json:"modal_sendiri,omitempty"`
}

func (a *API) addAccount(c *call) (int, any, error) {
	var req AccountRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	cl, contra, err := ledger.ParseClass(req.Class)
	if err != nil {
		return 0, nil, err
	}
	acc := ledger.Account{Code: req.Code, Name: req.Name, NameEN: req.NameEN, Class: cl, Contra: contra, Group: req.Group,
		Flow: ledger.Flow(req.Flow), Cash: req.Cash, ModalSendiri: req.ModalSendiri}
	if acc.Group == "" {
		acc.Group = ledger.DefaultGroup(req.Code)
	}
	return c.write(a.svc.AddAccount(c.writeCtx(), c.actor(), c.p.Coop, acc))
}

// RenameRequest gives an account a new caption; its code never changes.
type RenameRequest struct {
	Name   string `json:"name" required:"true"`
	NameEN string `json:"name_en,omitempty"`
}

func (a *API) renameAccount(c *call) (int, any, error) {
	var req RenameRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.RenameAccount(c.writeCtx(), c.actor(), c.p.Coop, c.r.PathValue("code"), req.Name, req.NameEN))
}

// CloseAccountRequest closes an account with a zero balance from a date
// (default today).
type CloseAccountRequest struct {
	Date string `json:"date,omitempty"`
}

func (a *API) closeAccount(c *call) (int, any, error) {
	var req CloseAccountRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	on, err := c.date("date", req.Date)
	if err != nil {
		return 0, nil, err
	}
	return c.write(a.svc.CloseAccount(c.writeCtx(), c.actor(), c.p.Coop, c.r.PathValue("code"), on))
}

// KeyRequest registers an officer's public signing key, in hexadecimal:
// every seal from then on must be signed with it.
type KeyRequest struct {
	PublicKey string `json:"public_key" required:"true"`
	Role      string `json:"role,omitempty"`
	Decision  string `json:"decision" required:"true"`
}

func (a *API) registerKey(c *call) (int, any, error) {
	var req KeyRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	public, err := hex.DecodeString(strings.TrimSpace(req.PublicKey))
	if err != nil || len(public) != ed25519.PublicKeySize {
		return 0, nil, &input.Error{Field: "public_key", Value: req.PublicKey, Want: input.WantPublicKey}
	}
	role := req.Role
	if role == "" {
		role = "ketua"
	}
	res, err := a.svc.RegisterKey(c.writeCtx(), c.actor(), c.p.Coop, req.Decision, role, public)
	if err != nil {
		return 0, nil, err
	}
	status, out := c.result(res)
	if len(res.Events) == 0 {
		status = http.StatusOK
	}
	return status, out, nil
}

// SHUPoliciesJSON is every version of the SHU terms.
type SHUPoliciesJSON = report.SHUPoliciesJSON

func (a *API) getSHUPolicy(c *call) (int, any, error) {
	st, err := a.svc.Cooperative(c.ctx(), c.p.Coop)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, report.NewSHUPoliciesJSON(st.SHUPolicies, st.Chart), nil
}

// SHUPolicyRequest adopts a version of the SHU terms from a date (default
// today) by a decision: the default pools, or pools written
// KEY:PERCENT[:KIND[:UNIT:BASIS]] summing to exactly 100; each other
// term empty for its default.
type SHUPolicyRequest struct {
	From             string   `json:"from,omitempty"`
	Decision         string   `json:"decision" required:"true"`
	Default          bool     `json:"default,omitempty"`
	Pools            []string `json:"pools,omitempty"`
	Capital          []string `json:"capital,omitempty"`
	Measure          string   `json:"measure,omitempty"`
	NonMemberReserve string   `json:"non_member_reserve,omitempty"`
	Rounding         string   `json:"rounding,omitempty"`
	ResidueAccount   string   `json:"residue_account,omitempty"`
	Exited           string   `json:"exited,omitempty"`
	Quorum           string   `json:"quorum,omitempty"`
}

func (a *API) setSHUPolicy(c *call) (int, any, error) {
	var req SHUPolicyRequest
	if err := c.decode(&req); err != nil {
		return 0, nil, err
	}
	on, err := c.date("from", req.From)
	if err != nil {
		return 0, nil, err
	}
	p, err := app.SHUTerms{Default: req.Default, Pools: req.Pools, Capital: req.Capital, Measure: req.Measure, NonMemberReserve: req.NonMemberReserve,
		Rounding: req.Rounding, ResidueAccount: req.ResidueAccount, Exited: req.Exited, Quorum: req.Quorum}.Policy()
	if err != nil {
		return 0, nil, jsonField(err)
	}
	res, err := a.svc.AdoptSHUPolicy(c.writeCtx(), c.actor(), c.p.Coop, req.Decision, p, on)
	if err != nil {
		return 0, nil, err
	}
	status, out := c.result(res)
	if len(res.Events) == 0 {
		status = http.StatusOK
	}
	return status, out, nil
}
