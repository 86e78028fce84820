// Package sample generates realistic, deterministic cooperative data in the
// import format: members who join and pay their simpanan pokok, then a
// year of wajib and sukarela deposits and sukarela withdrawals, never a
// withdrawal beyond the balance. The same Config always gives the same
// bytes. It feeds the demo and the benchmarks.
package sample

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
)

// Config describes the data to generate.
type Config struct {
	// Members is the number of members; Rows the number of data rows,
	// two per member (join, deposit_pokok) and the rest transactions.
	Members int
	Rows    int
	// Start is the first date; Days the span the rows cover.
	Start calendar.Date
	Days  int
	// Pokok and Wajib are the cooperative's amounts, in whole rupiah.
	Pokok int64
	Wajib int64
	// Seed makes different but still deterministic data.
	Seed uint64
	// RefPrefix starts every ref, so several files can be imported into
	// one store.
	RefPrefix string
	// MemberPrefix starts every member id; "M" if empty.
	MemberPrefix string
}

// Header is the header row written.
const Header = "date,member,kind,amount,ref,name"

// Write writes the CSV to w.
func Write(w io.Writer, c Config) error {
	if c.MemberPrefix == "" {
		c.MemberPrefix = "M"
	}
	if c.Members <= 0 || c.Rows < 2*c.Members || c.Days < 2 || c.Pokok <= 0 || c.Wajib <= 0 {
		return fmt.Errorf("sample: need members > 0, rows >= 2 x members, days >= 2 and positive pokok and wajib")
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x4c554d42554e47))
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprintln(bw, Header)
	width := len(strconv.Itoa(c.Members))
	id := func(m int) string { return fmt.Sprintf("%s%0*d", c.MemberPrefix, max(width, 4), m+1) }
	ref := 0
	row := func(on calendar.Date, member int, kind string, amount int64, name string) {
		ref++
		fmt.Fprintf(bw, "%s,%s,%s,%d,%s%07d,%s\n", on, id(member), kind, amount, c.RefPrefix, ref, name)
	}

	// Members join over the first tenth of the span, each paying pokok the
	// day they join.
	joinDays := max(1, c.Days/10)
	for m := 0; m < c.Members; m++ {
		on := c.Start.AddDays(m * joinDays / c.Members)
		row(on, m, "join", 0, name(rng))
		row(on, m, "deposit_pokok", c.Pokok, "")
	}

	// The other rows spread evenly over the rest of the span, each for a
	// member drawn at random; sukarela balances are tracked so that a
	// withdrawal never exceeds them.
	sukarela := make([]int64, c.Members)
	rest := c.Rows - 2*c.Members
	span := c.Days - joinDays
	for i := 0; i < rest; i++ {
		on := c.Start.AddDays(joinDays + i*span/max(rest, 1))
		m := rng.IntN(c.Members)
		switch k := rng.IntN(100); {
		case k < 45:
			row(on, m, "deposit_wajib", c.Wajib*int64(1+rng.IntN(3)), "")
		case k < 80 || sukarela[m] < 10_000:
			amount := int64(5+rng.IntN(496)) * 1000
			sukarela[m] += amount
			row(on, m, "deposit_sukarela", amount, "")
		default:
			amount := max(1000, sukarela[m]*int64(10+rng.IntN(91))/100/1000*1000)
			sukarela[m] -= amount
			row(on, m, "withdraw_sukarela", amount, "")
		}
	}
	return bw.Flush()
}

var (
	givenNames  = []string{"Siti", "Budi", "Agus", "Dewi", "Sri", "Eko", "Wahyu", "Rina", "Joko", "Ani", "Slamet", "Yuni", "Bambang", "Lestari", "Heru", "Wulan", "Sugeng", "Ratna", "Dwi", "Nur", "Ahmad", "Fitri", "Hadi", "Endang", "Teguh", "Kartini", "Suparman", "Indah", "Rudi", "Maryam"}
	familyNames = []string{"Rahayu", "Santoso", "Wijaya", "Lestari", "Hidayat", "Kusuma", "Pratama", "Susanti", "Nugroho", "Purnomo", "Setiawan", "Handayani", "Saputra", "Maulana", "Wibowo", "Utami", "Hartono", "Sulistyo", "Anggraini", "Prasetyo"}
)

func name(rng *rand.Rand) string {
	return givenNames[rng.IntN(len(givenNames))] + " " + familyNames[rng.IntN(len(familyNames))]
}
