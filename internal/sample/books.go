package sample

import (
	"context"
	"fmt"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// seedJournal records the demo cooperative's general journal from its
// first month to the last month that has ended: a grant from the village
// fund into the bank, the shop unit's stock bought from the bank and sold
// for cash to members and non-members, salaries, electricity,
// depreciation of the shop's equipment, bank interest and charges, and
// the income tax of each year end.
func seedJournal(ctx context.Context, svc *app.Service, actor app.Actor, coop cooperative.ID, from, today calendar.Date) error {
	const kas, bank, toko, sp = "1-1100", "1-1200", "toko", ledger.DefaultUnitCode
	post := func(on calendar.Date, ref, memo string, lines ...ledger.Line) error {
		_, err := svc.PostJournal(ctx, actor, coop, "", app.Journal{Ref: ref, Memo: memo, On: on, Lines: lines})
		if err != nil {
			return fmt.Errorf("sample: journal %s: %w", ref, err)
		}
		return nil
	}
	line := func(account string, side ledger.Side, amount int64, unit string, party ledger.Party) ledger.Line {
		return ledger.Line{Account: account, Side: side, Amount: money.New(amount), Unit: unit, Party: party}
	}
	dr := func(account string, amount int64, unit string) ledger.Line {
		return line(account, ledger.Debit, amount, unit, "")
	}
	cr := func(account string, amount int64, unit string) ledger.Line {
		return line(account, ledger.Credit, amount, unit, "")
	}
	if err := post(from, "KW-JU-HIBAH", "Hibah modal awal dari Dana Desa", dr(bank, 100_000_000, sp), cr("3-3100", 100_000_000, sp)); err != nil {
		return err
	}
	first := calendar.MustNew(from.Year(), from.Month(), 1)
	y, m, _ := first.Civil()
	for n := 0; ; n++ {
		month := ledger.Month{Year: y, Month: m}
		day := func(d int) calendar.Date {
			on := calendar.MustNew(y, m, min(d, month.Last().DaysSince(month.First())+1))
			if on.Before(from) {
				on = from
			}
			return on
		}
		if !month.Last().Before(today) {
			break
		}
		ref := func(what string) string { return fmt.Sprintf("KW-JU-%s-%s", month, what) }
		steps := []error{
			post(day(2), ref("STOK"), "Pembelian stok sembako", dr("1-1900", 3_200_000, toko), cr(bank, 3_200_000, toko)),
			post(day(15), ref("JUAL"), "Penjualan sembako bulan "+month.String(),
				dr(kas, 4_000_000, toko), line("4-3100", ledger.Credit, 2_400_000, toko, ledger.Member), line("4-3100", ledger.Credit, 1_600_000, toko, ledger.NonMember)),
			post(day(15), ref("HPP"), "Harga pokok sembako terjual", dr("5-5100", 3_200_000, toko), cr("1-1900", 3_200_000, toko)),
			post(day(25), ref("GAJI"), "Honor pengelola", dr("5-3100", 400_000, sp), cr(kas, 400_000, sp)),
			post(day(26), ref("LISTRIK"), "Listrik dan air gerai", dr("5-3500", 100_000, toko), cr(kas, 100_000, toko)),
			post(day(28), ref("BUNGA"), "Jasa giro bank", dr(bank, 25_000, sp), cr("4-2100", 25_000, sp)),
			post(day(28), ref("ADMBANK"), "Biaya administrasi bank", dr("5-3600", 10_000, sp), cr(bank, 10_000, sp)),
		}
		if n == 1 {
			steps = append(steps, post(day(5), ref("ALAT"), "Pembelian timbangan dan rak gerai", dr("1-3400", 3_000_000, toko), cr(bank, 3_000_000, toko)))
		}
		if n >= 1 {
			steps = append(steps, post(day(31), ref("SUSUT"), "Penyusutan peralatan gerai", dr("5-3300", 50_000, toko), cr("1-3900", 50_000, toko)))
		}
		if m == time.December {
			steps = append(steps, post(day(31), ref("PAJAK"), "Taksiran PPh badan tahun "+fmt.Sprint(y), dr("6-1100", 100_000, sp), cr("2-1500", 100_000, sp)))
		}
		for _, err := range steps {
			if err != nil {
				return err
			}
		}
		if m++; m > time.December {
			y, m = y+1, time.January
		}
	}
	return nil
}

// closePeriods closes every month that has ended, then every year whose
// months are all closed, from the first month of the first year.
func closePeriods(ctx context.Context, svc *app.Service, actor app.Actor, coop cooperative.ID, from, today calendar.Date) error {
	for year := from.Year(); year <= today.Year(); year++ {
		for mo := time.January; mo <= time.December; mo++ {
			month := ledger.Month{Year: year, Month: mo}
			if !month.Last().Before(today) {
				return nil
			}
			if _, err := svc.ClosePeriod(ctx, actor, coop, month); err != nil {
				return fmt.Errorf("sample: close %s: %w", month, err)
			}
		}
		if _, err := svc.CloseYear(ctx, actor, coop, year); err != nil {
			return fmt.Errorf("sample: close %d: %w", year, err)
		}
	}
	return nil
}
