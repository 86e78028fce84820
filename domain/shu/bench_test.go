package shu_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
)

// BenchmarkCompute100k distributes a year's SHU over 100,000 members with
// a capital pool and two patronage pools. Target: at most 1 s.
func BenchmarkCompute100k(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	f := shu.Figures{Year: 2025, BeforeTax: money.New(9_205_000_000), Tax: money.New(5_000_000), NonMember: money.New(10_000_000), CapitalDivisor: 365}
	for i := range 100_000 {
		f.Members = append(f.Members, shu.Member{
			ID: fmt.Sprintf("M%06d", i), Name: "Anggota",
			Capital:   money.New(365 * rng.Int64N(20_000_000)),
			Patronage: []money.Amount{money.New(rng.Int64N(5_000_000)), money.New(rng.Int64N(3_000_000))},
		})
	}
	p := shu.Default()
	p.Pools = append([]shu.Pool(nil), p.Pools...)
	p.Pools[5].Kind, p.Pools[5].Basis, p.Pools[5].Unit = shu.Patronage, shu.Purchases, "toko"
	p.Measure = shu.DailyAvg
	for b.Loop() {
		r, err := shu.Compute(p, f)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Payouts) != 100_000 {
			b.Fatal(len(r.Payouts))
		}
	}
}
