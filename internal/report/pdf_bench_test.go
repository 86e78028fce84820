package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// BenchmarkStatementPDF10k renders a member listing of 10,000 lines (the
// member's id and name, then five figures) as one PDF: the table of a
// 10,000-member pack, whose target is under 5 s on two cores.
func BenchmarkStatementPDF10k(b *testing.B) {
	s := Statement{
		Kind: "members", Cooperative: "Koperasi Desa Sukamaju", Title: "Simpanan Anggota", Subtitle: "per 31 Desember 2025",
		TextColumns: []string{"No. anggota", "Nama"},
		Columns:     []Column{{Label: "Pokok"}, {Label: "Wajib"}, {Label: "Sukarela"}, {Label: "Pinjaman"}, {Label: "SHU"}},
	}
	for i := range 10_000 {
		s.Lines = append(s.Lines, Line{
			Key: fmt.Sprintf("member:A-%05d", i), Label: "Dusun Krajan", Style: Item,
			Text:   []string{fmt.Sprintf("A-%05d", i), fmt.Sprintf("Siti Nurhaliza binti Ahmad %d", i)},
			Values: []money.Amount{money.New(100_000), money.New(int64(i) * 25_000), money.New(int64(i%97) * 1_234_567), money.New(-int64(i%13) * 500_000), money.NewMinor(int64(i)*137, 2)},
		})
	}
	p := i18n.New(i18n.ID)
	b.ReportAllocs()
	for b.Loop() {
		if err := StatementPDF(io.Discard, p, s); err != nil {
			b.Fatal(err)
		}
	}
}
