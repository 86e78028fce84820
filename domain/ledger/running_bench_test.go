package ledger_test

import (
	"testing"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// BenchmarkRunningAdd adds a change on a day of a year, as an import of a
// year's rows does, and asks what can be paid every seventh time.
func BenchmarkRunningAdd(b *testing.B) {
	start := calendar.MustNew(2025, 1, 1)
	amounts := []money.Amount{money.New(10_000), money.New(150_000), money.New(-25_000), money.New(1_250_000)}
	var r ledger.Running
	i := 0
	for b.Loop() {
		on := start.AddDays(i * 7919 % 365)
		r.Add(on, amounts[i%len(amounts)])
		if i%7 == 0 {
			r.Lowest(on)
		}
		i++
	}
}
