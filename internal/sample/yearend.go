package sample

import (
	"context"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// DemoSHUPolicy is the demo's SHU terms: the pools of domain.md §3.5, the
// jasa usaha split between loan interest paid (savings and loan unit) and
// purchases from the shop.
func DemoSHUPolicy() shu.Policy {
	p := shu.Default()
	pct := decimal.RequireFromString
	p.Pools = []shu.Pool{
		{Key: "cadangan", Kind: shu.Reserve, Percent: pct("40")},
		{Key: "jasa-modal", Kind: shu.Capital, Percent: pct("15")},
		{Key: "jasa-usaha-simpan-pinjam", Name: "Jasa usaha simpan pinjam", Kind: shu.Patronage, Percent: pct("15"), Unit: "simpan-pinjam", Basis: shu.InterestPaid},
		{Key: "jasa-usaha-toko", Name: "Jasa usaha toko", Kind: shu.Patronage, Percent: pct("10"), Unit: "toko", Basis: shu.Purchases},
		{Key: "pengurus-pengawas", Kind: shu.Fund, Percent: pct("5")},
		{Key: "karyawan", Kind: shu.Fund, Percent: pct("5")},
		{Key: "pendidikan", Kind: shu.Fund, Percent: pct("5")},
		{Key: "sosial", Kind: shu.Fund, Percent: pct("2.5")},
		{Key: "pembangunan-daerah-kerja", Kind: shu.Fund, Percent: pct("2.5")},
	}
	return p
}

// seedSales records members' purchases at the shop on the 15th of each
// ended month: four members admitted by then buy Rp 150.000 to 600.000.
func seedSales(ctx context.Context, svc *app.Service, actor app.Actor, coop cooperative.ID, from, today calendar.Date, members int) error {
	for on := calendar.MustNew(from.Year(), from.Month(), 15); on.Before(today); on = calendar.MustNew(on.Year(), on.Month(), 1).MonthEnd().AddDays(15) {
		if on.Before(from) {
			continue
		}
		bought := 0
		for i := 1; i <= members && bought < 4; i++ {
			id := member.ID(fmt.Sprintf("M%04d", i))
			m, err := svc.Member(ctx, coop, id)
			if err != nil {
				return err
			}
			if !m.Exists() || m.Admitted.After(on) || (!m.Exited.IsZero() && !m.Exited.After(on)) {
				continue
			}
			amount := int64(150_000 * (1 + (i+int(on.Ordinal()))%4))
			sale := app.Sale{Ref: fmt.Sprintf("KW-TK-%s-%s", on, id), Member: id, Amount: money.New(amount), Cost: money.New(amount * 4 / 5), Unit: "toko", On: on}
			if _, err := svc.RecordSale(ctx, actor, coop, sale); err != nil {
				return fmt.Errorf("sample: sale %s: %w", sale.Ref, err)
			}
			bought++
		}
	}
	return nil
}

// seedYearEnd adopts the SHU terms, computes the SHU of the year before
// today's and convenes its RAT today with half the members attending:
// approving and distributing are left to the person trying the demo. A
// year without a surplus is left uncomputed.
func seedYearEnd(ctx context.Context, svc *app.Service, actor app.Actor, d *Demo, members int) error {
	year := d.Today.Year() - 1
	if _, err := svc.AdoptSHUPolicy(ctx, actor, d.Coop, "AD-ART-2025", DemoSHUPolicy(), calendar.MustNew(year, 1, 1)); err != nil {
		return err
	}
	y, _, err := svc.ComputeSHU(ctx, actor, d.Coop, year)
	if errors.Is(err, shu.ErrNoSurplus) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := svc.ConveneRAT(ctx, actor, d.Coop, "UND-RAT-"+fmt.Sprint(year), year, d.Today); err != nil {
		return err
	}
	if y, err = svc.YearEnd(ctx, d.Coop, year); err != nil {
		return err
	}
	var attending []cooperative.Attendance
	for i := 1; i <= members && len(attending) < y.Meeting.Required; i++ {
		id := fmt.Sprintf("M%04d", i)
		m, err := svc.Member(ctx, d.Coop, member.ID(id))
		if err != nil {
			return err
		}
		if m.Status == member.StatusActive {
			attending = append(attending, cooperative.Attendance{Member: id, Mode: cooperative.Present})
		}
	}
	if _, err := svc.RecordAttendance(ctx, actor, d.Coop, year, attending); err != nil {
		return err
	}
	d.SHUYear, d.SHU, d.Attending = year, y.Fingerprint, len(attending)
	return nil
}
