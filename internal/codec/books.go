package codec

import (
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// registerBooks adds the events of the cooperative's books: the chart of
// accounts, the business units, the general journal and the periods.
func registerBooks(r *Registry) {
	register(r, "CooperativeChartAdopted", 1,
		func(e cooperative.ChartAdopted) (storedChart, calendar.Date) {
			d := storedChart{Accounts: make([]storedAccount, len(e.Accounts)), Units: make([]storedUnit, len(e.Units))}
			for i, a := range e.Accounts {
				d.Accounts[i] = toStoredAccount(a)
			}
			for i, u := range e.Units {
				d.Units[i] = storedUnit(u)
			}
			return d, e.On
		},
		func(d storedChart, on calendar.Date) (cooperative.ChartAdopted, error) {
			e := cooperative.ChartAdopted{On: on, Accounts: make([]ledger.Account, len(d.Accounts)), Units: make([]ledger.Unit, len(d.Units))}
			for i, a := range d.Accounts {
				var err error
				if e.Accounts[i], err = a.account(on); err != nil {
					return e, err
				}
			}
			for i, u := range d.Units {
				e.Units[i] = ledger.Unit(u)
			}
			return e, nil
		})
	register(r, "AccountAdded", 1,
		func(e cooperative.AccountAdded) (storedAccountAdded, calendar.Date) {
			return storedAccountAdded{Account: toStoredAccount(e.Account)}, e.On
		},
		func(d storedAccountAdded, on calendar.Date) (cooperative.AccountAdded, error) {
			a, err := d.Account.account(on)
			return cooperative.AccountAdded{Account: a, On: on}, err
		})
	register(r, "AccountRenamed", 1,
		func(e cooperative.AccountRenamed) (storedAccountRenamed, calendar.Date) {
			return storedAccountRenamed{Code: e.Code, Name: e.Name, NameEN: e.NameEN}, e.On
		},
		func(d storedAccountRenamed, on calendar.Date) (cooperative.AccountRenamed, error) {
			return cooperative.AccountRenamed{Code: d.Code, Name: d.Name, NameEN: d.NameEN, On: on}, nil
		})
	register(r, "AccountClosed", 1,
		func(e cooperative.AccountClosed) (storedAccountClosed, calendar.Date) {
			return storedAccountClosed{Code: e.Code, Balance: e.Balance.String()}, e.On
		},
		func(d storedAccountClosed, on calendar.Date) (cooperative.AccountClosed, error) {
			b, err := amount(d.Balance)
			return cooperative.AccountClosed{Code: d.Code, Balance: b, On: on}, err
		})
	register(r, "BusinessUnitAdded", 1,
		func(e cooperative.UnitAdded) (storedUnitAdded, calendar.Date) {
			return storedUnitAdded{Unit: storedUnit(e.Unit)}, e.On
		},
		func(d storedUnitAdded, on calendar.Date) (cooperative.UnitAdded, error) {
			return cooperative.UnitAdded{Unit: ledger.Unit(d.Unit), On: on}, nil
		})
	register(r, "JournalEntryPosted", 1,
		func(e cooperative.JournalPosted) (storedJournal, calendar.Date) {
			return storedJournal{Ref: e.Ref, Memo: e.Memo, Lines: toStoredLines(e.Lines)}, e.On
		},
		func(d storedJournal, on calendar.Date) (cooperative.JournalPosted, error) {
			lines, err := linesOf(d.Lines)
			return cooperative.JournalPosted{Ref: d.Ref, Memo: d.Memo, Lines: lines, On: on}, err
		})
	register(r, "JournalEntryReversed", 1,
		func(e cooperative.JournalReversed) (storedJournalReversed, calendar.Date) {
			return storedJournalReversed{Ref: e.Ref, Reason: e.Reason, Lines: toStoredLines(e.Lines)}, e.On
		},
		func(d storedJournalReversed, on calendar.Date) (cooperative.JournalReversed, error) {
			lines, err := linesOf(d.Lines)
			return cooperative.JournalReversed{Ref: d.Ref, Reason: d.Reason, Lines: lines, On: on}, err
		})
	register(r, "PeriodClosed", 1,
		func(e cooperative.PeriodClosed) (storedPeriod, calendar.Date) {
			return storedPeriod{Period: e.Period.String()}, e.Period.Last()
		},
		func(d storedPeriod, on calendar.Date) (cooperative.PeriodClosed, error) {
			m, err := periodOn(d.Period, on)
			return cooperative.PeriodClosed{Period: m}, err
		})
	register(r, "PeriodReopened", 1,
		func(e cooperative.PeriodReopened) (storedPeriod, calendar.Date) {
			return storedPeriod{Period: e.Period.String(), Reason: e.Reason}, e.Period.Last()
		},
		func(d storedPeriod, on calendar.Date) (cooperative.PeriodReopened, error) {
			m, err := periodOn(d.Period, on)
			return cooperative.PeriodReopened{Period: m, Reason: d.Reason}, err
		})
	register(r, "YearClosed", 1,
		func(e cooperative.YearClosed) (storedYearClosed, calendar.Date) {
			return storedYearClosed{Year: e.Year, Result: e.Result.String(), Lines: toStoredLines(e.Lines)}, e.On
		},
		func(d storedYearClosed, on calendar.Date) (cooperative.YearClosed, error) {
			lines, err := linesOf(d.Lines)
			e := cooperative.YearClosed{Year: d.Year, Lines: lines, On: on}
			if err == nil {
				e.Result, err = amount(d.Result)
			}
			return e, err
		})
}

type storedAccount struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	NameEN       string `json:"name_en,omitempty"`
	Class        string `json:"class"`
	Contra       bool   `json:"contra,omitempty"`
	Heading      bool   `json:"heading,omitempty"`
	Group        string `json:"group,omitempty"`
	ModalSendiri bool   `json:"modal_sendiri,omitempty"`
	Cash         bool   `json:"cash,omitempty"`
	Flow         string `json:"flow,omitempty"`
	Role         string `json:"role,omitempty"`
}

func toStoredAccount(a ledger.Account) storedAccount {
	return storedAccount{
		Code: a.Code, Name: a.Name, NameEN: a.NameEN, Class: string(a.Class), Contra: a.Contra, Heading: a.Heading,
		Group: a.Group, ModalSendiri: a.ModalSendiri, Cash: a.Cash, Flow: string(a.Flow), Role: string(a.Role),
	}
}

func (d storedAccount) account(opened calendar.Date) (ledger.Account, error) {
	class, contra, err := ledger.ParseClass(d.Class)
	if err != nil || contra {
		return ledger.Account{}, fmt.Errorf("account %s: unknown class %q", d.Code, d.Class)
	}
	return ledger.Account{
		Code: d.Code, Name: d.Name, NameEN: d.NameEN, Class: class, Contra: d.Contra, Heading: d.Heading,
		Group: d.Group, ModalSendiri: d.ModalSendiri, Cash: d.Cash, Flow: ledger.Flow(d.Flow), Role: ledger.Role(d.Role),
		Opened: opened,
	}, nil
}

type storedUnit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en,omitempty"`
}

type storedChart struct {
	Accounts []storedAccount `json:"accounts"`
	Units    []storedUnit    `json:"units"`
}

type storedAccountAdded struct {
	Account storedAccount `json:"account"`
}

type storedAccountRenamed struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en,omitempty"`
}

type storedAccountClosed struct {
	Code    string `json:"code"`
	Balance string `json:"balance"`
}

type storedUnitAdded struct {
	Unit storedUnit `json:"unit"`
}

type storedLine struct {
	Account string `json:"account"`
	Side    string `json:"side"`
	Amount  string `json:"amount"`
	Unit    string `json:"unit"`
	Party   string `json:"party,omitempty"`
}

func toStoredLines(lines []ledger.Line) []storedLine {
	out := make([]storedLine, len(lines))
	for i, l := range lines {
		out[i] = storedLine{Account: l.Account, Side: l.Side.String(), Amount: l.Amount.String(), Unit: l.Unit, Party: string(l.Party)}
	}
	return out
}

func linesOf(stored []storedLine) ([]ledger.Line, error) {
	out := make([]ledger.Line, len(stored))
	for i, d := range stored {
		side, ok := ledger.ParseSide(d.Side)
		if !ok || (d.Side != "debit" && d.Side != "credit") {
			return nil, fmt.Errorf("line %d: unknown side %q", i+1, d.Side)
		}
		a, err := money.Parse(d.Amount)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		party, err := ledger.ParseParty(d.Party)
		if err != nil {
			return nil, fmt.Errorf("line %d: unknown party %q", i+1, d.Party)
		}
		out[i] = ledger.Line{Account: d.Account, Side: side, Amount: a, Unit: d.Unit, Party: party}
	}
	return out, nil
}

type storedJournal struct {
	Ref   string       `json:"ref"`
	Memo  string       `json:"memo"`
	Lines []storedLine `json:"lines"`
}

type storedJournalReversed struct {
	Ref    string       `json:"ref"`
	Reason string       `json:"reason"`
	Lines  []storedLine `json:"lines"`
}

type storedPeriod struct {
	Period string `json:"period"`
	Reason string `json:"reason,omitempty"`
}

type storedYearClosed struct {
	Year   int          `json:"year"`
	Result string       `json:"result"`
	Lines  []storedLine `json:"lines"`
}

// periodOn reads a period whose event is dated its last day: a period
// event dated otherwise is not one Lumbung wrote.
func periodOn(period string, on calendar.Date) (ledger.Month, error) {
	m, err := ledger.ParseMonth(period)
	if err == nil && on != m.Last() {
		err = fmt.Errorf("period %s is dated %s, not its last day %s", period, on, m.Last())
	}
	return m, err
}
