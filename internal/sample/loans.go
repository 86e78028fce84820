package sample

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// DemoProduct is the demo cooperative's loan product.
func DemoProduct() loan.Product {
	return loan.Product{
		Code: "umum", Name: "Pinjaman umum anggota", Method: loan.Annuity, AnnualRate: decimal.New(18, -2), Months: 12, MaxMonths: 24,
		Provisi: loan.Fee{Percent: decimal.New(1, -2)},
		Admin:   loan.Fee{Fixed: money.New(10_000)},
		Penalty: loan.Penalty{DailyRate: decimal.New(1, -3), GraceDays: 3, Cap: decimal.New(10, -2)},
		Approvals: []loan.Band{
			{UpTo: money.New(5_000_000), Roles: []string{loan.RoleKetua}},
			{Roles: []string{loan.RoleKetua, loan.RolePengawas}},
		},
		RateCap: loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}
}

// seedLoans records the demo's loans: six members borrow over the year,
// most repay on time, one stops paying, one settles early.
func seedLoans(ctx context.Context, svc *app.Service, actor app.Actor, coop cooperative.ID, from, today calendar.Date) error {
	if _, err := svc.DefineProduct(ctx, actor, coop, DemoProduct(), from); err != nil {
		return fmt.Errorf("sample: loan product: %w", err)
	}
	type plan struct {
		member  string
		amount  int64
		day     int // days after from
		repaid  int // instalments repaid on their due dates
		settled bool
	}
	plans := []plan{
		{"M0002", 3_000_000, 60, 12, false},
		{"M0003", 2_000_000, 90, 9, false},
		{"M0004", 1_500_000, 120, 1, false}, // stops paying
		{"M0005", 4_000_000, 150, 3, true},  // settles early
		{"M0006", 2_500_000, 200, 5, false},
		{"M0007", 6_000_000, 240, 3, false}, // needs the pengawas too
	}
	for i, p := range plans {
		id := loan.ID(fmt.Sprintf("PJ-%04d", i+1))
		on := from.AddDays(p.day)
		if _, err := svc.ApplyLoan(ctx, actor, coop, app.Application{Loan: id, Member: member.ID(p.member), Product: "umum", Amount: money.New(p.amount), Purpose: "modal usaha", On: on}); err != nil {
			return fmt.Errorf("sample: apply %s: %w", id, err)
		}
		roles := DemoProduct().RolesFor(money.New(p.amount), false)
		for _, r := range roles {
			if _, err := svc.ApproveLoan(ctx, app.Actor(r), coop, id, r, on); err != nil {
				return fmt.Errorf("sample: approve %s: %w", id, err)
			}
		}
		res, err := svc.DisburseLoan(ctx, actor, coop, id, on, calendar.Date{}, "", app.Via("1-1200"))
		if err != nil {
			return fmt.Errorf("sample: disburse %s: %w", id, err)
		}
		schedule := res.Events[0].Payload.(loan.Disbursed).Schedule
		for k, in := range schedule {
			if k >= p.repaid || !in.Due.Before(today) {
				break
			}
			if _, err := svc.RepayLoan(ctx, actor, coop, id, fmt.Sprintf("KW-ANGS-%s-%02d", id, in.N), in.Total(), in.Due); err != nil {
				return fmt.Errorf("sample: repay %s: %w", id, err)
			}
		}
		if p.settled {
			on := schedule[p.repaid].Due.AddDays(-5)
			if on.Before(today) {
				if _, err := svc.SettleLoan(ctx, actor, coop, id, "KW-LUNAS-"+string(id), on); err != nil {
					return fmt.Errorf("sample: settle %s: %w", id, err)
				}
			}
		}
	}
	return nil
}
