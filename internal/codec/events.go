package codec

import (
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

// Events is the registry of every event type Lumbung stores. It is built
// once and never changed, so it is safe for concurrent use.
func Events() *Registry { return events }

var events = build()

func build() *Registry {
	r := newRegistry()
	register(r, "CooperativeRegistered", 1,
		func(e cooperative.Registered) (storedRegistered, calendar.Date) {
			return storedRegistered{Coop: string(e.Coop), Name: e.Name, Policy: toStoredPolicy(e.Policy)}, e.On
		},
		func(d storedRegistered, on calendar.Date) (cooperative.Registered, error) {
			p, err := d.Policy.policy()
			return cooperative.Registered{Coop: cooperative.ID(d.Coop), Name: d.Name, Policy: p, On: on}, err
		})
	register(r, "CooperativePolicyChanged", 1,
		func(e cooperative.PolicyChanged) (storedPolicyChanged, calendar.Date) {
			return storedPolicyChanged{Policy: toStoredPolicy(e.Policy)}, e.From
		},
		func(d storedPolicyChanged, on calendar.Date) (cooperative.PolicyChanged, error) {
			p, err := d.Policy.policy()
			return cooperative.PolicyChanged{Policy: p, From: on}, err
		})
	register(r, "MemberAdmitted", 1,
		func(e member.Admitted) (storedAdmitted, calendar.Date) {
			return storedAdmitted{Member: string(e.Member), Name: e.Name, Ref: e.Ref, EntryFee: e.EntryFee.String(), PolicyVersion: e.PolicyVersion, Cash: e.Cash}, e.On
		},
		func(d storedAdmitted, on calendar.Date) (member.Admitted, error) {
			fee, err := amount(d.EntryFee)
			return member.Admitted{Member: member.ID(d.Member), Name: d.Name, Ref: d.Ref, EntryFee: fee, PolicyVersion: d.PolicyVersion, On: on, Cash: d.Cash}, err
		})
	register(r, "SavingsDeposited", 1,
		func(e savings.Deposited) (storedMovement, calendar.Date) {
			return storedMovement{Product: string(e.Product), Amount: e.Amount.String(), Ref: e.Ref, Cash: e.Cash}, e.On
		},
		func(d storedMovement, on calendar.Date) (savings.Deposited, error) {
			p, a, err := d.parse()
			return savings.Deposited{Product: p, Amount: a, Ref: d.Ref, On: on, Cash: d.Cash}, err
		})
	register(r, "SavingsWithdrawn", 1,
		func(e savings.Withdrawn) (storedMovement, calendar.Date) {
			return storedMovement{Product: string(e.Product), Amount: e.Amount.String(), Ref: e.Ref, Cash: e.Cash}, e.On
		},
		func(d storedMovement, on calendar.Date) (savings.Withdrawn, error) {
			p, a, err := d.parse()
			return savings.Withdrawn{Product: p, Amount: a, Ref: d.Ref, On: on, Cash: d.Cash}, err
		})
	register(r, "SavingsReversed", 1,
		func(e savings.Reversed) (storedReversed, calendar.Date) {
			return storedReversed{Ref: e.Ref, Original: string(e.Original), Product: string(e.Product), Amount: e.Amount.String(), Reason: e.Reason, Cash: e.Cash}, e.On
		},
		func(d storedReversed, on calendar.Date) (savings.Reversed, error) {
			p, a, err := storedMovement{Product: d.Product, Amount: d.Amount}.parse()
			if err == nil && d.Original != string(savings.KindDeposit) && d.Original != string(savings.KindWithdrawal) {
				err = fmt.Errorf("unknown original kind %q", d.Original)
			}
			return savings.Reversed{Ref: d.Ref, Original: savings.Kind(d.Original), Product: p, Amount: a, Reason: d.Reason, On: on, Cash: d.Cash}, err
		})
	register(r, "MemberExitSettled", 1,
		func(e member.ExitSettled) (storedExit, calendar.Date) {
			return storedExit{
				Ref: e.Ref, Pokok: e.Pokok.String(), Wajib: e.Wajib.String(), Sukarela: e.Sukarela.String(),
				LoanOffset: e.LoanOffset.String(), NetPayout: e.NetPayout.String(), Reason: e.Reason, Cash: e.Cash,
			}, e.On
		},
		func(d storedExit, on calendar.Date) (member.ExitSettled, error) {
			var errs [5]error
			e := member.ExitSettled{Ref: d.Ref, Reason: d.Reason, On: on, Cash: d.Cash}
			e.Pokok, errs[0] = amount(d.Pokok)
			e.Wajib, errs[1] = amount(d.Wajib)
			e.Sukarela, errs[2] = amount(d.Sukarela)
			e.LoanOffset, errs[3] = amount(d.LoanOffset)
			e.NetPayout, errs[4] = amount(d.NetPayout)
			for _, err := range errs {
				if err != nil {
					return e, err
				}
			}
			return e, nil
		})
	registerBooks(r)
	registerLoans(r)
	registerYearEnd(r)
	registerSeals(r)
	registerHealth(r)
	registerSubmissions(r)
	registerUsers(r)
	return r
}

// The stored forms. Field names and JSON keys are frozen by the golden
// file; amounts are strings.

type storedPolicy struct {
	Currency    string `json:"currency"`
	MinorUnit   int32  `json:"minor_unit"`
	TimeZone    string `json:"time_zone"`
	Pokok       string `json:"pokok"`
	Wajib       string `json:"wajib"`
	WajibPeriod string `json:"wajib_period"`
	MaxAmount   string `json:"max_amount"`
}

func toStoredPolicy(p policy.Policy) storedPolicy {
	return storedPolicy{
		Currency: p.Currency, MinorUnit: p.Places, TimeZone: p.TimeZone,
		Pokok: p.Pokok.String(), Wajib: p.Wajib.String(), WajibPeriod: string(p.WajibPeriod),
		MaxAmount: p.MaxAmount.String(),
	}
}

func (d storedPolicy) policy() (policy.Policy, error) {
	p := policy.Policy{Currency: d.Currency, Places: d.MinorUnit, TimeZone: d.TimeZone, WajibPeriod: policy.Period(d.WajibPeriod)}
	var errs [3]error
	p.Pokok, errs[0] = amount(d.Pokok)
	p.Wajib, errs[1] = amount(d.Wajib)
	p.MaxAmount, errs[2] = amount(d.MaxAmount)
	for _, err := range errs {
		if err != nil {
			return p, err
		}
	}
	return p, p.Validate()
}

type storedRegistered struct {
	Coop   string       `json:"coop"`
	Name   string       `json:"name"`
	Policy storedPolicy `json:"policy"`
}

type storedPolicyChanged struct {
	Policy storedPolicy `json:"policy"`
}

type storedAdmitted struct {
	Member        string `json:"member"`
	Name          string `json:"name"`
	Ref           string `json:"ref"`
	EntryFee      string `json:"entry_fee"`
	PolicyVersion int    `json:"policy_version"`
	// Cash is absent from events recorded before cash accounts were
	// chosen per transaction: kas.
	Cash string `json:"cash,omitempty"`
}

type storedMovement struct {
	Product string `json:"product"`
	Amount  string `json:"amount"`
	Ref     string `json:"ref"`
	Cash    string `json:"cash,omitempty"`
}

func (d storedMovement) parse() (savings.Product, money.Amount, error) {
	p, err := savings.ParseProduct(d.Product)
	if err != nil {
		return p, money.Amount{}, err
	}
	a, err := amount(d.Amount)
	return p, a, err
}

type storedReversed struct {
	Ref      string `json:"ref"`
	Original string `json:"original"`
	Product  string `json:"product"`
	Amount   string `json:"amount"`
	Reason   string `json:"reason"`
	Cash     string `json:"cash,omitempty"`
}

type storedExit struct {
	Ref        string `json:"ref"`
	Pokok      string `json:"pokok"`
	Wajib      string `json:"wajib"`
	Sukarela   string `json:"sukarela"`
	LoanOffset string `json:"loan_offset"`
	NetPayout  string `json:"net_payout"`
	Reason     string `json:"reason,omitempty"`
	Cash       string `json:"cash,omitempty"`
}

func amount(s string) (money.Amount, error) { return money.Parse(s) }
