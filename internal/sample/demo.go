package sample

import (
	"bytes"
	"context"
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/importer"
)

// The demo cooperative: a village cooperative of the 2025 programme, with
// the simpanan of the village example in domain.md §7 (pokok Rp 50.000
// once, wajib Rp 10.000 a month).
const (
	DemoCoop = "kdmp-kedungwaringin"
	DemoName = "Koperasi Desa Merah Putih Kedungwaringin"
)

// DemoConfig sizes the demo.
type DemoConfig struct {
	Members int
	Rows    int
}

// Demo tells what SeedDemo recorded.
type Demo struct {
	Coop     cooperative.ID
	Name     string
	From     calendar.Date
	Today    calendar.Date
	Rows     int
	Reversed string // the reference of the reversed deposit
	Exited   member.ID
	// SHUYear is the year whose SHU was computed and whose RAT is
	// convened today, SHU the computation's digest and Attending the
	// members recorded present; zero when the year had no surplus.
	SHUYear   int
	SHU       string
	Attending int
}

// SeedDemo registers the demo cooperative and records a year of its life
// up to today: members joining, deposits and withdrawals (through the
// import, as a cooperative moving its books in would), one reversal of a
// mistaken deposit, one member's exit, and the general journal of a shop
// unit and the office, with every ended month and year closed.
func SeedDemo(ctx context.Context, svc *app.Service, actor app.Actor, c DemoConfig) (Demo, error) {
	d := Demo{Coop: DemoCoop, Name: DemoName}
	pokok, wajib := money.New(50_000), money.New(10_000)
	if _, err := svc.Register(ctx, actor, cooperative.Register{Coop: d.Coop, Name: d.Name, Policy: policy.Default(pokok, wajib)}); err != nil {
		return d, err
	}
	today, err := svc.Today(ctx, d.Coop)
	if err != nil {
		return d, err
	}
	d.Today, d.From = today, today.AddDays(-365)
	var csv bytes.Buffer
	if err := Write(&csv, Config{
		Members: c.Members, Rows: c.Rows, Start: d.From, Days: 360,
		Pokok: 50_000, Wajib: 10_000, Seed: 2025, RefPrefix: "KW-",
	}); err != nil {
		return d, err
	}
	sum, err := importer.Run(ctx, svc, actor, d.Coop, &csv, int64(csv.Len()), importer.Options{})
	if err != nil {
		return d, err
	}
	d.Rows = sum.Rows

	// A teller typed a deposit twice; the second is reversed.
	first := member.ID(fmt.Sprintf("M%04d", 1))
	on := today.AddDays(-3)
	if _, err := svc.Deposit(ctx, actor, d.Coop, first, savings.Sukarela, money.New(250_000), on, "KW-DEMO-1"); err != nil {
		return d, err
	}
	if _, err := svc.Deposit(ctx, actor, d.Coop, first, savings.Sukarela, money.New(250_000), on, "KW-DEMO-2"); err != nil {
		return d, err
	}
	if _, err := svc.Reverse(ctx, actor, d.Coop, "KW-DEMO-2", "setoran tercatat dua kali", calendar.Date{}); err != nil {
		return d, err
	}
	d.Reversed = "KW-DEMO-2"

	// The last member moves away and leaves the cooperative.
	d.Exited = member.ID(fmt.Sprintf("M%04d", c.Members))
	if _, err := svc.Exit(ctx, actor, d.Coop, d.Exited, today.AddDays(-1), "KELUAR-DEMO-1", "pindah domisili", ""); err != nil {
		return d, err
	}
	if err := seedJournal(ctx, svc, actor, d.Coop, d.From, today); err != nil {
		return d, err
	}
	if err := seedLoans(ctx, svc, actor, d.Coop, d.From, today); err != nil {
		return d, err
	}
	if err := seedSales(ctx, svc, actor, d.Coop, d.From, today, c.Members); err != nil {
		return d, err
	}
	if err := closePeriods(ctx, svc, actor, d.Coop, d.From, today); err != nil {
		return d, err
	}
	if err := seedYearEnd(ctx, svc, actor, &d, c.Members); err != nil {
		return d, err
	}
	// The month's review: classes by days past due, and the allowance.
	if _, err := svc.ReviewLoans(ctx, actor, d.Coop, today); err != nil {
		return d, err
	}
	// The pengawas's checklist answers for the year before, so that
	// `lumbung report kesehatan` shows a whole worksheet.
	for _, a := range demoChecklist() {
		a.Year = today.Year() - 1
		if _, err := svc.AnswerChecklist(ctx, "pengawas", d.Coop, a); err != nil {
			return d, err
		}
	}
	return d, nil
}

// demoChecklist are the demo's answers to the health assessment's
// checklists (the year is set when recorded).
func demoChecklist() []app.ChecklistAnswer {
	return []app.ChecklistAnswer{
		{Indicator: "prinsip-koperasi", Fulfilled: 7, Total: 7},
		{Indicator: "kelembagaan", Fulfilled: 26, Total: 30},
		{Indicator: "manajemen-umum", Fulfilled: 10, Total: 12},
		{Indicator: "manajemen-kelembagaan", Fulfilled: 5, Total: 6},
		{Indicator: "manajemen-permodalan", Fulfilled: 4, Total: 5},
		{Indicator: "manajemen-aset", Fulfilled: 7, Total: 10},
		{Indicator: "manajemen-likuiditas", Fulfilled: 4, Total: 5},
		{Indicator: "risiko-operasional", Fulfilled: 3, Total: 4},
		{Indicator: "risiko-kepatuhan", Fulfilled: 4, Total: 4},
		{Indicator: "risiko-stratejik", Fulfilled: 3, Total: 4},
		{Indicator: "kpmr", Fulfilled: 9, Total: 12},
	}
}
