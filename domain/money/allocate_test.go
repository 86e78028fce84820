package money_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/money"
)

func weights(ws ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ws))
	for i, w := range ws {
		out[i] = decimal.RequireFromString(w)
	}
	return out
}

func texts(amounts []money.Amount) []string {
	out := make([]string, len(amounts))
	for i, a := range amounts {
		out[i] = a.String()
	}
	return out
}

func TestAllocateExamples(t *testing.T) {
	tests := []struct {
		name     string
		pool     string
		weights  []decimal.Decimal
		quantum  string
		want     []string
		wantDown []string
		residue  string
	}{
		{
			name: "100 split 1:1:1", pool: "100", weights: weights("1", "1", "1"), quantum: "1",
			want: []string{"34", "33", "33"}, wantDown: []string{"33", "33", "33"}, residue: "1",
		},
		{
			name: "ties go to the earlier shares", pool: "200", weights: weights("1", "1", "1"), quantum: "1",
			want: []string{"67", "67", "66"}, wantDown: []string{"66", "66", "66"}, residue: "2",
		},
		{
			name: "the largest remainder wins, not the first share", pool: "10", weights: weights("1", "2", "3"), quantum: "1",
			// exact 1.667, 3.333, 5
			want: []string{"2", "3", "5"}, wantDown: []string{"1", "3", "5"}, residue: "1",
		},
		{
			name: "larger remainder later in the list", pool: "10", weights: weights("3", "2", "1"), quantum: "1",
			// exact 5, 3.333, 1.667
			want: []string{"5", "3", "2"}, wantDown: []string{"5", "3", "1"}, residue: "1",
		},
		{
			name: "cents", pool: "10.00", weights: weights("1", "1", "1"), quantum: "0.01",
			want: []string{"3.34", "3.33", "3.33"}, wantDown: []string{"3.33", "3.33", "3.33"}, residue: "0.01",
		},
		{
			name: "fractional weights", pool: "100", weights: weights("1.5", "0.5"), quantum: "1",
			want: []string{"75", "25"}, wantDown: []string{"75", "25"}, residue: "0",
		},
		{
			name: "weights of different scales", pool: "1000", weights: weights("0.125", "3", "1e3"), quantum: "1",
			// exact 0.1246, 2.9907, 996.8847
			want: []string{"0", "3", "997"}, wantDown: []string{"0", "2", "996"}, residue: "2",
		},
		{
			name: "zero weight gets nothing", pool: "1000", weights: weights("0", "1", "2"), quantum: "100",
			// exact 0, 333.3, 666.7
			want: []string{"0", "300", "700"}, wantDown: []string{"0", "300", "600"}, residue: "100",
		},
		{
			name: "pool smaller than the shares", pool: "2", weights: weights("1", "1", "1", "1"), quantum: "1",
			want: []string{"1", "1", "0", "0"}, wantDown: []string{"0", "0", "0", "0"}, residue: "2",
		},
		{
			name: "empty pool", pool: "0", weights: weights("1", "2"), quantum: "1000",
			want: []string{"0", "0"}, wantDown: []string{"0", "0"}, residue: "0",
		},
		{
			name: "one share takes everything", pool: "1234500", weights: weights("7"), quantum: "100",
			want: []string{"1234500"}, wantDown: []string{"1234500"}, residue: "0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pool, quantum := amt(t, tt.pool), amt(t, tt.quantum)
			assert.Equal(t, tt.want, texts(money.Allocate(pool, tt.weights, quantum)))
			down, residue := money.AllocateDown(pool, tt.weights, quantum)
			assert.Equal(t, tt.wantDown, texts(down))
			assert.Equal(t, tt.residue, residue.String())
		})
	}
}

// TestAllocateTiesGoToEarlierShares uses more shares than a sort handles by
// insertion (which is stable by accident), so that only a stable order by
// remainder passes.
func TestAllocateTiesGoToEarlierShares(t *testing.T) {
	const n, pool = 100, 37
	ws := make([]decimal.Decimal, n)
	for i := range ws {
		ws[i] = decimal.NewFromInt(3)
	}
	shares := money.Allocate(money.New(pool), ws, money.New(1))
	for i, s := range shares {
		want := "0"
		if i < pool {
			want = "1"
		}
		require.Equal(t, want, s.String(), "share %d", i)
	}
}

func TestAllocateDoesNotModifyWeights(t *testing.T) {
	ws := weights("0.5", "1.25", "3")
	money.Allocate(money.New(1000), ws, money.New(1))
	assert.Equal(t, []string{"0.5", "1.25", "3"}, []string{ws[0].String(), ws[1].String(), ws[2].String()})
}

func TestAllocatePanicsOnProgrammingErrors(t *testing.T) {
	tests := []struct {
		name    string
		pool    string
		weights []decimal.Decimal
		quantum string
	}{
		{"negative pool", "-100", weights("1"), "1"},
		{"pool not a multiple of the quantum", "150", weights("1"), "100"},
		{"zero quantum", "100", weights("1"), "0"},
		{"negative quantum", "100", weights("1"), "-1"},
		{"negative weight", "100", weights("2", "-1"), "1"},
		{"weights sum to zero", "100", weights("0", "0"), "1"},
		{"no weights", "100", nil, "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pool, quantum := amt(t, tt.pool), amt(t, tt.quantum)
			assert.Panics(t, func() { money.Allocate(pool, tt.weights, quantum) })
			assert.Panics(t, func() { money.AllocateDown(pool, tt.weights, quantum) })
		})
	}
}

// allocation is one random input of the property tests.
type allocation struct {
	pool    money.Amount
	weights []decimal.Decimal
	quantum money.Amount
}

func randomAllocation(r *rand.Rand) allocation {
	quanta := []money.Amount{money.New(1), money.New(100), money.New(1000), money.New(25), money.NewMinor(1, 2), money.NewMinor(5, 2)}
	quantum := quanta[r.IntN(len(quanta))]

	n := 1 + r.IntN(12)
	if r.IntN(4) == 0 {
		n = 13 + r.IntN(40) // beyond the sizes a sort handles by insertion
	}
	ws := make([]decimal.Decimal, n)
	positive := false
	for i := range ws {
		switch r.IntN(6) {
		case 0:
			ws[i] = decimal.Zero
		case 1:
			ws[i] = decimal.New(1+r.Int64N(9), int32(r.IntN(4))) // 1e0 to 9e3
		default:
			ws[i] = decimal.New(r.Int64N(10_000_000), -int32(r.IntN(5)))
		}
		positive = positive || ws[i].Sign() > 0
	}
	if !positive {
		ws[r.IntN(n)] = decimal.NewFromInt(1)
	}

	var units int64
	switch r.IntN(4) {
	case 0:
		units = r.Int64N(int64(2 * n)) // fewer quanta than shares, or about as many
	case 1:
		units = r.Int64N(1 << 62) // far beyond any int64 product once weighted
	default:
		units = r.Int64N(100_000_000)
	}
	pool := money.FromDecimal(decimal.NewFromInt(units).Mul(quantum.Decimal()))
	return allocation{pool: pool, weights: ws, quantum: quantum}
}

// exact returns every pool * weights[i] / sum(weights) as an exact fraction.
func (a allocation) exact() []*big.Rat {
	total := new(big.Rat)
	for _, w := range a.weights {
		total.Add(total, w.Rat())
	}
	pool := a.pool.Decimal().Rat()
	out := make([]*big.Rat, len(a.weights))
	for i, w := range a.weights {
		out[i] = new(big.Rat).Mul(pool, w.Rat())
		out[i].Quo(out[i], total)
	}
	return out
}

func (a allocation) String() string {
	return fmt.Sprintf("pool %s, quantum %s, weights %v", a.pool, a.quantum, a.weights)
}

const propertyCases = 3000

func TestAllocateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(20250630, 1))
	for range propertyCases {
		a := randomAllocation(r)
		shares := money.Allocate(a.pool, a.weights, a.quantum)
		require.Len(t, shares, len(a.weights), a.String())
		require.True(t, money.Sum(shares...).Equal(a.pool), "shares %v do not sum to the pool: %s", texts(shares), a)

		down, _ := money.AllocateDown(a.pool, a.weights, a.quantum)
		exact := a.exact()
		quantum := a.quantum.Decimal().Rat()
		remainders := make([]*big.Rat, len(shares))
		for i := range shares {
			remainders[i] = new(big.Rat).Sub(exact[i], down[i].Decimal().Rat())
		}
		for i, s := range shares {
			require.False(t, s.IsNegative(), "share %d is %s: %s", i, s, a)
			require.True(t, s.IsMultipleOf(a.quantum), "share %d is %s: %s", i, s, a)
			diff := new(big.Rat).Sub(s.Decimal().Rat(), exact[i])
			require.Negative(t, new(big.Rat).Abs(diff).Cmp(quantum), "share %d is %s, exactly %s: %s", i, s, exact[i].FloatString(6), a)
			if a.weights[i].IsZero() {
				require.True(t, s.IsZero(), "share %d has weight zero but gets %s: %s", i, s, a)
			}
			// Allocate is AllocateDown plus at most one quantum per share.
			extra := s.Sub(down[i])
			require.True(t, extra.IsZero() || extra.Equal(a.quantum), "share %d is %s, rounded down %s: %s", i, s, down[i], a)
		}
		// The extra quanta go to the largest remainders, ties to the
		// earlier share: a share that got one has a larger remainder than
		// every share that did not, or an equal one and comes first.
		for i := range shares {
			if shares[i].Equal(down[i]) {
				continue
			}
			for j := range shares {
				if !shares[j].Equal(down[j]) {
					continue
				}
				c := remainders[i].Cmp(remainders[j])
				require.True(t, c > 0 || c == 0 && i < j,
					"share %d got an extra quantum with remainder %s, share %d did not with %s: %s",
					i, remainders[i].FloatString(6), j, remainders[j].FloatString(6), a)
			}
		}
	}
}

func TestAllocateDownProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(20250630, 2))
	for range propertyCases {
		a := randomAllocation(r)
		shares, residue := money.AllocateDown(a.pool, a.weights, a.quantum)
		require.Len(t, shares, len(a.weights), a.String())
		require.True(t, money.Sum(shares...).Add(residue).Equal(a.pool), "shares %v and residue %s do not sum to the pool: %s", texts(shares), residue, a)

		limit := a.quantum.Decimal().Mul(decimal.NewFromInt(int64(len(a.weights))))
		require.False(t, residue.IsNegative(), "residue %s: %s", residue, a)
		require.True(t, residue.Decimal().LessThan(limit), "residue %s is not below %s: %s", residue, limit, a)
		require.True(t, residue.IsMultipleOf(a.quantum), "residue %s: %s", residue, a)

		exact := a.exact()
		quantum := a.quantum.Decimal().Rat()
		for i, s := range shares {
			require.False(t, s.IsNegative(), "share %d is %s: %s", i, s, a)
			require.True(t, s.IsMultipleOf(a.quantum), "share %d is %s: %s", i, s, a)
			short := new(big.Rat).Sub(exact[i], s.Decimal().Rat())
			require.GreaterOrEqual(t, short.Sign(), 0, "share %d is %s, above the exact %s: %s", i, s, exact[i].FloatString(6), a)
			require.Negative(t, short.Cmp(quantum), "share %d is %s, a quantum or more below the exact %s: %s", i, s, exact[i].FloatString(6), a)
		}
	}
}

// The SHU for members' transactions (jasa anggota) is shared in proportion
// to each member's transactions and paid out in whole Rp 1.000.
func ExampleAllocate() {
	pool := money.New(1_000_000)
	transactions := []decimal.Decimal{
		decimal.NewFromInt(2_500_000),
		decimal.NewFromInt(2_500_000),
		decimal.NewFromInt(2_500_000),
	}
	for _, share := range money.Allocate(pool, transactions, money.New(1000)) {
		fmt.Println(share.Grouped(".", ",", 0))
	}
	shares, residue := money.AllocateDown(pool, transactions, money.New(1000))
	fmt.Println(shares, "residue", residue)
	// Output:
	// 334.000
	// 333.000
	// 333.000
	// [333000 333000 333000] residue 1000
}
