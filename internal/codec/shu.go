package codec

import (
	"encoding/json"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// registerYearEnd adds the events of the year end: the SHU policy, shop
// sales, the SHU computation, the RAT and the distribution.
func registerYearEnd(r *Registry) {
	register(r, "SHUPolicyAdopted", 1,
		func(e cooperative.SHUPolicyAdopted) (storedSHUPolicy, calendar.Date) {
			return toStoredSHUPolicy(e.Policy), e.From
		},
		func(d storedSHUPolicy, on calendar.Date) (cooperative.SHUPolicyAdopted, error) {
			p, err := d.policy()
			return cooperative.SHUPolicyAdopted{Policy: p, From: on}, err
		})
	register(r, "SaleRecorded", 1,
		func(e cooperative.SaleRecorded) (storedSale, calendar.Date) {
			return storedSale{Ref: e.Ref, Member: e.Member, Amount: e.Amount.String(), Cost: optionalAmount(e.Cost), Unit: e.Unit, Cash: e.Cash}, e.On
		},
		func(d storedSale, on calendar.Date) (cooperative.SaleRecorded, error) {
			var f fields
			e := cooperative.SaleRecorded{Ref: d.Ref, Member: d.Member, Amount: f.amount("amount", d.Amount), Cost: f.optionalAmount("cost", d.Cost), Unit: d.Unit, Cash: d.Cash, On: on}
			return e, f.err
		})
	register(r, "SHUComputed", 1,
		func(e cooperative.SHUComputed) (storedSHUComputed, calendar.Date) {
			return toStoredSHUComputed(e), e.On
		},
		func(d storedSHUComputed, on calendar.Date) (cooperative.SHUComputed, error) { return d.event(on) })
	register(r, "SHUShares", 1,
		func(e cooperative.SHUShares) (storedSHUShares, calendar.Date) {
			return storedSHUShares{Year: e.Year, Computation: e.Computation, First: e.First, Members: toRows(e.Members, e.Payouts)}, calendar.MustNew(e.Year, 12, 31)
		},
		func(d storedSHUShares, on calendar.Date) (cooperative.SHUShares, error) {
			if d.Year < 1 || d.Year > 9999 || on != calendar.MustNew(d.Year, 12, 31) {
				return cooperative.SHUShares{}, fmt.Errorf("the rows of %d are dated %s, not the year's last day", d.Year, on)
			}
			members, payouts, err := fromRows(d.Members)
			return cooperative.SHUShares{Year: d.Year, Computation: d.Computation, First: d.First, Members: members, Payouts: payouts}, err
		})
	register(r, "RATConvened", 1,
		func(e cooperative.RATConvened) (storedRAT, calendar.Date) {
			return storedRAT{Year: e.Year, Members: e.Members, Quorum: e.Quorum.String(), Required: e.Required}, e.On
		},
		func(d storedRAT, on calendar.Date) (cooperative.RATConvened, error) {
			var f fields
			e := cooperative.RATConvened{Year: d.Year, Members: d.Members, Quorum: f.decimal("quorum", d.Quorum), Required: d.Required, On: on}
			return e, f.err
		})
	register(r, "RATAttendanceRecorded", 1,
		func(e cooperative.RATAttendanceRecorded) (storedAttendance, calendar.Date) {
			d := storedAttendance{Year: e.Year, Members: make([][]string, len(e.Members))}
			for i, a := range e.Members {
				d.Members[i] = []string{a.Member, a.Mode, a.By}
			}
			return d, e.On
		},
		func(d storedAttendance, on calendar.Date) (cooperative.RATAttendanceRecorded, error) {
			e := cooperative.RATAttendanceRecorded{Year: d.Year, Members: make([]cooperative.Attendance, len(d.Members)), On: on}
			for i, row := range d.Members {
				if len(row) != 3 {
					return e, fmt.Errorf("members[%d]: %d fields, expected 3", i, len(row))
				}
				e.Members[i] = cooperative.Attendance{Member: row[0], Mode: row[1], By: row[2]}
			}
			return e, nil
		})
	register(r, "RATResolution", 1,
		func(e cooperative.RATResolution) (storedResolution, calendar.Date) {
			return storedResolution{Year: e.Year, Kind: e.Kind, For: e.For, Against: e.Against, Abstain: e.Abstain,
				Attending: e.Attending, Carried: e.Carried, SHU: e.SHU, Payout: e.Payout, Text: e.Text}, e.On
		},
		func(d storedResolution, on calendar.Date) (cooperative.RATResolution, error) {
			return cooperative.RATResolution{Year: d.Year, Kind: d.Kind, For: d.For, Against: d.Against, Abstain: d.Abstain,
				Attending: d.Attending, Carried: d.Carried, SHU: d.SHU, Payout: d.Payout, Text: d.Text, On: on}, nil
		})
	register(r, "SHUDistributed", 1,
		func(e cooperative.SHUDistributed) (storedDistribution, calendar.Date) {
			return storedDistribution{Year: e.Year, SHU: e.SHU, Payout: e.Payout, Cash: e.Cash, Lines: toStoredLines(e.Lines)}, e.On
		},
		func(d storedDistribution, on calendar.Date) (cooperative.SHUDistributed, error) {
			lines, err := linesOf(d.Lines)
			return cooperative.SHUDistributed{Year: d.Year, SHU: d.SHU, Payout: d.Payout, Cash: d.Cash, Lines: lines, On: on}, err
		})
	register(r, "MemberSHUReceived", 1,
		func(e member.SHUReceived) (storedSHUReceived, calendar.Date) {
			return storedSHUReceived{Year: e.Year, Amount: e.Amount.String(), To: e.To, Cash: e.Cash}, e.On
		},
		func(d storedSHUReceived, on calendar.Date) (member.SHUReceived, error) {
			var f fields
			e := member.SHUReceived{Year: d.Year, Amount: f.amount("amount", d.Amount), To: d.To, Cash: d.Cash, On: on}
			return e, f.err
		})
}

type storedPool struct {
	Key     string `json:"key"`
	Name    string `json:"name,omitempty"`
	Kind    string `json:"kind"`
	Percent string `json:"percent"`
	Unit    string `json:"unit,omitempty"`
	Basis   string `json:"basis,omitempty"`
	Account string `json:"account,omitempty"`
}

type storedSHUPolicy struct {
	Pools              []storedPool `json:"pools"`
	Capital            []string     `json:"capital"`
	Measure            string       `json:"measure"`
	NonMemberToReserve string       `json:"non_member_to_reserve"`
	Rounding           string       `json:"rounding"`
	ResidueAccount     string       `json:"residue_account"`
	Exited             string       `json:"exited"`
	Quorum             string       `json:"quorum"`
}

func toStoredSHUPolicy(p shu.Policy) storedSHUPolicy {
	d := storedSHUPolicy{
		Pools: make([]storedPool, len(p.Pools)), Capital: make([]string, len(p.Capital)), Measure: string(p.Measure),
		NonMemberToReserve: p.NonMemberToReserve.String(), Rounding: p.Rounding.String(),
		ResidueAccount: p.ResidueAccount, Exited: string(p.Exited), Quorum: p.Quorum.String(),
	}
	for i, pool := range p.Pools {
		d.Pools[i] = storedPool{Key: pool.Key, Name: pool.Name, Kind: string(pool.Kind), Percent: pool.Percent.String(),
			Unit: pool.Unit, Basis: string(pool.Basis), Account: pool.Account}
	}
	for i, c := range p.Capital {
		d.Capital[i] = string(c)
	}
	return d
}

func (d storedSHUPolicy) policy() (shu.Policy, error) {
	var f fields
	p := shu.Policy{
		Pools: make([]shu.Pool, len(d.Pools)), Capital: make([]savings.Product, len(d.Capital)), Measure: shu.Measure(d.Measure),
		NonMemberToReserve: f.decimal("non_member_to_reserve", d.NonMemberToReserve), Rounding: f.amount("rounding", d.Rounding),
		ResidueAccount: d.ResidueAccount, Exited: shu.Exited(d.Exited), Quorum: f.decimal("quorum", d.Quorum),
	}
	for i, pool := range d.Pools {
		p.Pools[i] = shu.Pool{Key: pool.Key, Name: pool.Name, Kind: shu.Kind(pool.Kind), Percent: f.decimal(fmt.Sprintf("pools[%d].percent", i), pool.Percent),
			Unit: pool.Unit, Basis: shu.Basis(pool.Basis), Account: pool.Account}
	}
	for i, c := range d.Capital {
		p.Capital[i] = savings.Product(c)
	}
	return p, f.err
}

type storedSale struct {
	Ref    string `json:"ref"`
	Member string `json:"member,omitempty"`
	Amount string `json:"amount"`
	Cost   string `json:"cost,omitempty"`
	Unit   string `json:"unit"`
	Cash   string `json:"cash"`
}

// storedPoolResult is a pool's outcome.
type storedPoolResult struct {
	Key     string `json:"key"`
	Amount  string `json:"amount"`
	Basis   string `json:"basis,omitempty"`
	Paid    string `json:"paid,omitempty"`
	Residue string `json:"residue,omitempty"`
}

// storedSHUComputed is a computation's header; its members' rows are
// SHUShares events of their own stream.
type storedSHUComputed struct {
	Year             int                `json:"year"`
	PolicyVersion    int                `json:"policy_version"`
	Policy           storedSHUPolicy    `json:"policy"`
	Statements       string             `json:"statements"`
	Supersedes       string             `json:"supersedes,omitempty"`
	BeforeTax        string             `json:"before_tax"`
	Tax              string             `json:"tax"`
	NonMember        string             `json:"non_member"`
	CapitalDivisor   int64              `json:"capital_divisor"`
	Places           int32              `json:"places"`
	AfterTax         string             `json:"after_tax"`
	MemberPart       string             `json:"member_part"`
	NonMemberReserve string             `json:"non_member_reserve"`
	Retained         string             `json:"retained"`
	Pools            []storedPoolResult `json:"pools"`
	Members          int                `json:"members"`
	Shares           string             `json:"shares"`
	Digest           string             `json:"digest"`
}

func toStoredSHUComputed(e cooperative.SHUComputed) storedSHUComputed {
	f, r := e.Figures, e.Result
	d := storedSHUComputed{
		Year: e.Year, PolicyVersion: e.PolicyVersion, Policy: toStoredSHUPolicy(e.Policy), Statements: e.Statements, Supersedes: e.Supersedes,
		BeforeTax: f.BeforeTax.String(), Tax: f.Tax.String(), NonMember: f.NonMember.String(), CapitalDivisor: f.CapitalDivisor, Places: f.Places,
		AfterTax: r.AfterTax.String(), MemberPart: r.MemberPart.String(), NonMemberReserve: r.NonMemberReserve.String(), Retained: r.Retained.String(),
		Pools: make([]storedPoolResult, len(r.Pools)), Members: e.Members, Shares: e.Shares, Digest: e.Digest,
	}
	for i, p := range r.Pools {
		d.Pools[i] = storedPoolResult{Key: p.Key, Amount: p.Amount.String(), Basis: optionalAmount(p.Basis), Paid: optionalAmount(p.Paid), Residue: optionalAmount(p.Residue)}
	}
	return d
}

func (d storedSHUComputed) event(on calendar.Date) (cooperative.SHUComputed, error) {
	var f fields
	policy, err := d.Policy.policy()
	f.note("policy", err)
	e := cooperative.SHUComputed{Year: d.Year, PolicyVersion: d.PolicyVersion, Policy: policy, Statements: d.Statements, Supersedes: d.Supersedes,
		Members: d.Members, Shares: d.Shares, Digest: d.Digest, On: on}
	e.Figures = shu.Figures{
		Year: d.Year, BeforeTax: f.amount("before_tax", d.BeforeTax), Tax: f.amount("tax", d.Tax), NonMember: f.amount("non_member", d.NonMember),
		CapitalDivisor: d.CapitalDivisor, Places: d.Places,
	}
	e.Result = shu.Result{
		AfterTax: f.amount("after_tax", d.AfterTax), MemberPart: f.amount("member_part", d.MemberPart),
		NonMemberReserve: f.amount("non_member_reserve", d.NonMemberReserve), Retained: f.amount("retained", d.Retained),
		Pools: make([]shu.PoolResult, len(d.Pools)),
	}
	if len(d.Pools) != len(policy.Pools) {
		return e, fmt.Errorf("pools: %d outcomes for %d pools", len(d.Pools), len(policy.Pools))
	}
	for i, p := range d.Pools {
		pool := policy.Pools[i]
		if pool.Key != p.Key {
			return e, fmt.Errorf("pools[%d]: outcome of %q for pool %q", i, p.Key, pool.Key)
		}
		at := fmt.Sprintf("pools[%d].", i)
		e.Result.Pools[i] = shu.PoolResult{Pool: pool, Amount: f.amount(at+"amount", p.Amount),
			Basis: f.optionalAmount(at+"basis", p.Basis), Paid: f.optionalAmount(at+"paid", p.Paid), Residue: f.optionalAmount(at+"residue", p.Residue)}
	}
	return e, f.err
}

// storedSHUShares keeps each member as one row of strings, so that a
// couple of thousand members fit one event (runs are cut by the rows'
// encoded size, SHURowSize): id, name, exit date
// (empty if none), capital weight and the capital the share was computed
// on, then per patronage pool the basis, the basis used and the jasa
// usaha, then jasa modal and the total. A basis used differs from the
// member's only for a member the policy excludes.
type storedSHUShares struct {
	Year        int        `json:"year"`
	Computation string     `json:"computation"`
	First       int        `json:"first"`
	Members     [][]string `json:"members"`
}

// SHURowSize returns the size of a member's row as an SHUShares event
// stores it: what the rows of one event are counted by.
func SHURowSize(m shu.Member, p shu.Payout) int {
	data, err := json.Marshal(toRows([]shu.Member{m}, []shu.Payout{p})[0])
	if err != nil {
		panic(fmt.Sprintf("codec: an SHU row cannot be encoded: %v", err))
	}
	return len(data) + 1
}

// SHURowsPerEvent is how much of an event the rows of an SHUShares event
// may take: the rest of the event's limit is left to its other fields
// and its metadata.
const SHURowsPerEvent = eventstore.MaxEventSize - 16<<10

func toRows(members []shu.Member, payouts []shu.Payout) [][]string {
	rows := make([][]string, len(members))
	for i, m := range members {
		p := payouts[i]
		exited := ""
		if !m.Exited.IsZero() {
			exited = m.Exited.String()
		}
		row := make([]string, 0, 7+3*len(m.Patronage))
		row = append(row, m.ID, m.Name, exited, m.Capital.String(), p.Capital.String())
		for k, b := range m.Patronage {
			row = append(row, b.String(), p.Patronage[k].String(), p.JasaUsaha[k].String())
		}
		rows[i] = append(row, p.JasaModal.String(), p.Total.String())
	}
	return rows
}

func fromRows(rows [][]string) ([]shu.Member, []shu.Payout, error) {
	var f fields
	members, payouts := make([]shu.Member, len(rows)), make([]shu.Payout, len(rows))
	for i, row := range rows {
		if len(row) < 7 || (len(row)-7)%3 != 0 {
			return nil, nil, fmt.Errorf("members[%d]: %d fields", i, len(row))
		}
		at := fmt.Sprintf("members[%d].", i)
		k := (len(row) - 7) / 3
		m := shu.Member{ID: row[0], Name: row[1], Capital: f.amount(at+"capital", row[3]), Patronage: make([]money.Amount, k)}
		if row[2] != "" {
			d, err := calendar.Parse(row[2])
			f.note(at+"exited", err)
			m.Exited = d
		}
		p := shu.Payout{Member: m.ID, Name: m.Name, Exited: m.Exited, Capital: f.amount(at+"capital_used", row[4]),
			Patronage: make([]money.Amount, k), JasaUsaha: make([]money.Amount, k),
			JasaModal: f.amount(at+"jasa_modal", row[5+3*k]), Total: f.amount(at+"total", row[6+3*k])}
		for j := range k {
			m.Patronage[j] = f.amount(at+"patronage", row[5+3*j])
			p.Patronage[j] = f.amount(at+"patronage_used", row[6+3*j])
			p.JasaUsaha[j] = f.amount(at+"jasa_usaha", row[7+3*j])
		}
		members[i], payouts[i] = m, p
	}
	return members, payouts, f.err
}

type storedRAT struct {
	Year     int    `json:"year"`
	Members  int    `json:"members"`
	Quorum   string `json:"quorum"`
	Required int    `json:"required"`
}

type storedAttendance struct {
	Year    int        `json:"year"`
	Members [][]string `json:"members"`
}

type storedResolution struct {
	Year      int    `json:"year"`
	Kind      string `json:"kind"`
	For       int    `json:"for"`
	Against   int    `json:"against"`
	Abstain   int    `json:"abstain"`
	Attending int    `json:"attending"`
	Carried   bool   `json:"carried"`
	SHU       string `json:"shu,omitempty"`
	Payout    string `json:"payout,omitempty"`
	Text      string `json:"text,omitempty"`
}

type storedDistribution struct {
	Year   int          `json:"year"`
	SHU    string       `json:"shu"`
	Payout string       `json:"payout"`
	Cash   string       `json:"cash,omitempty"`
	Lines  []storedLine `json:"lines"`
}

type storedSHUReceived struct {
	Year   int    `json:"year"`
	Amount string `json:"amount"`
	To     string `json:"to"`
	Cash   string `json:"cash,omitempty"`
}
