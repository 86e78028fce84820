package report

import (
	"fmt"
	"io"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/passbook"
)

// BalancesJSON is the stored contract of `report balances --json`.
type BalancesJSON struct {
	AsOf    string              `json:"as_of"`
	Members []MemberBalanceJSON `json:"members"`
	Totals  ProductsJSON        `json:"totals"`
}

// MemberBalanceJSON is one member's line.
type MemberBalanceJSON struct {
	Member   string `json:"member"`
	Pokok    string `json:"pokok"`
	Wajib    string `json:"wajib"`
	Sukarela string `json:"sukarela"`
}

// ProductsJSON is an amount per product.
type ProductsJSON struct {
	Pokok    string `json:"pokok"`
	Wajib    string `json:"wajib"`
	Sukarela string `json:"sukarela"`
}

// Balances renders the balances report as text.
func Balances(w io.Writer, p i18n.Printer, coop balances.Cooperative, r balances.Report) error {
	fmt.Fprintf(w, "%s\n%s %s\n\n", coop.Name, p.T("Saldo simpanan anggota per", "Members' savings balances as of"), p.Date(r.AsOf))
	t := &table{
		headers: []string{p.T("Anggota", "Member"), p.T("Nama", "Name"), "Pokok", "Wajib", "Sukarela", p.T("Jumlah", "Total")},
		right:   []bool{false, false, true, true, true, true},
	}
	for _, row := range r.Rows {
		name := row.Name
		if row.Status == "exited" {
			name += " (" + p.Status("exited") + ")"
		}
		t.add(row.Member, name, p.Number(row.Pokok), p.Number(row.Wajib), p.Number(row.Sukarela), p.Number(row.Total()))
	}
	t.rule()
	t.add(p.T("Jumlah", "Total"), fmt.Sprintf(p.T("%d anggota", "%d members"), r.Totals.Members),
		p.Number(r.Totals.Pokok), p.Number(r.Totals.Wajib), p.Number(r.Totals.Sukarela), p.Number(r.Totals.Total()))
	return t.render(w)
}

// BalancesAsJSON renders the balances report as JSON.
func BalancesAsJSON(w io.Writer, r balances.Report) error {
	out := BalancesJSON{AsOf: r.AsOf.String(), Members: make([]MemberBalanceJSON, 0, len(r.Rows))}
	for _, row := range r.Rows {
		out.Members = append(out.Members, MemberBalanceJSON{Member: row.Member, Pokok: row.Pokok.String(), Wajib: row.Wajib.String(), Sukarela: row.Sukarela.String()})
	}
	out.Totals = ProductsJSON{Pokok: r.Totals.Pokok.String(), Wajib: r.Totals.Wajib.String(), Sukarela: r.Totals.Sukarela.String()}
	return writeJSON(w, out)
}

// PassbookJSON is the contract of `report passbook --json`.
type PassbookJSON struct {
	Member  string             `json:"member"`
	Name    string             `json:"name"`
	From    string             `json:"from,omitempty"`
	To      string             `json:"to,omitempty"`
	Opening ProductsJSON       `json:"opening"`
	Lines   []PassbookLineJSON `json:"lines"`
	Closing ProductsJSON       `json:"closing"`
}

// PassbookLineJSON is one passbook line.
type PassbookLineJSON struct {
	Date       string `json:"date"`
	Ref        string `json:"ref"`
	Kind       string `json:"kind"`
	Product    string `json:"product,omitempty"`
	In         string `json:"in"`
	Out        string `json:"out"`
	Balance    string `json:"balance"`
	Total      string `json:"total"`
	Note       string `json:"note,omitempty"`
	RecordedAt string `json:"recorded_at"`
	Actor      string `json:"actor"`
	EventID    string `json:"event_id"`
}

func products(m map[savings.Product]money.Amount) ProductsJSON {
	return ProductsJSON{Pokok: m[savings.Pokok].String(), Wajib: m[savings.Wajib].String(), Sukarela: m[savings.Sukarela].String()}
}

// PassbookAsJSON renders a passbook page as JSON.
func PassbookAsJSON(w io.Writer, pg passbook.Page) error {
	out := PassbookJSON{
		Member: pg.Member, Name: pg.Name, From: pg.From.String(), To: pg.To.String(),
		Opening: products(pg.Opening), Closing: products(pg.Closing), Lines: make([]PassbookLineJSON, 0, len(pg.Lines)),
	}
	for _, l := range pg.Lines {
		out.Lines = append(out.Lines, PassbookLineJSON{
			Date: l.On.String(), Ref: l.Ref, Kind: string(l.Kind), Product: string(l.Product),
			In: l.In.String(), Out: l.Out.String(), Balance: l.Balance.String(), Total: l.Total.String(),
			Note: l.Note, RecordedAt: l.Recorded.UTC().Format("2006-01-02T15:04:05Z07:00"), Actor: l.Actor, EventID: l.EventID.String(),
		})
	}
	return writeJSON(w, out)
}

func kindName(p i18n.Printer, kind passbook.Kind) string {
	names := map[passbook.Kind][2]string{
		passbook.Admission:  {"masuk anggota", "admission"},
		passbook.Deposit:    {"setoran", "deposit"},
		passbook.Withdrawal: {"penarikan", "withdrawal"},
		passbook.Reversal:   {"koreksi", "reversal"},
		passbook.Exit:       {"pengembalian (keluar)", "refund (exit)"},
		passbook.SHU:        {"SHU dikreditkan", "SHU credited"},
	}
	n := names[kind]
	return p.T(n[0], n[1])
}

// Passbook renders a passbook page as text: the buku tabungan.
func Passbook(w io.Writer, p i18n.Printer, coopName string, pg passbook.Page) error {
	fmt.Fprintf(w, "%s\n%s %s - %s\n", coopName, p.T("Buku tabungan", "Passbook of"), pg.Member, pg.Name)
	if !pg.From.IsZero() || !pg.To.IsZero() {
		fmt.Fprintf(w, "%s %s %s %s\n", p.T("Periode", "Period"), dateOr(pg.From, "..."), p.T("s.d.", "to"), dateOr(pg.To, "..."))
	}
	fmt.Fprintln(w)
	t := &table{
		headers: []string{p.T("Tanggal", "Date"), "Ref", p.T("Transaksi", "Transaction"), p.T("Produk", "Product"), p.T("Masuk", "In"), p.T("Keluar", "Out"), p.T("Saldo produk", "Product balance"), p.T("Saldo total", "Total balance")},
		right:   []bool{false, false, false, false, true, true, true, true},
	}
	if !pg.From.IsZero() {
		open := money.Sum(pg.Opening[savings.Pokok], pg.Opening[savings.Wajib], pg.Opening[savings.Sukarela])
		t.add("", "", p.T("saldo awal", "opening balance"), "", "", "", "", p.Number(open))
	}
	for _, l := range pg.Lines {
		what := kindName(p, l.Kind)
		if l.Note != "" && l.Kind == passbook.Reversal {
			what += ": " + l.Note
		}
		product, in, out, bal := "", "", "", ""
		if l.Product != "" {
			product = string(l.Product)
			bal = p.Number(l.Balance)
			if l.In.IsPositive() {
				in = p.Number(l.In)
			}
			if l.Out.IsPositive() {
				out = p.Number(l.Out)
			}
		}
		t.add(l.On.String(), l.Ref, what, product, in, out, bal, p.Number(l.Total))
	}
	t.rule()
	closing := money.Sum(pg.Closing[savings.Pokok], pg.Closing[savings.Wajib], pg.Closing[savings.Sukarela])
	t.add(p.T("Saldo akhir", "Closing"), "", fmt.Sprintf("pokok %s, wajib %s, sukarela %s", p.Number(pg.Closing[savings.Pokok]), p.Number(pg.Closing[savings.Wajib]), p.Number(pg.Closing[savings.Sukarela])), "", "", "", "", p.Number(closing))
	return t.render(w)
}

func dateOr(d calendar.Date, blank string) string {
	if d.IsZero() {
		return blank
	}
	return d.String()
}

// MemberJSON is one member in `member list --json`, `member show --json`
// and the API's members.
type MemberJSON struct {
	Member   string `json:"member"`
	Name     string `json:"name"`
	Status   string `json:"status"`
	Admitted string `json:"admitted"`
	Exited   string `json:"exited,omitempty"`
	Pokok    string `json:"pokok"`
	Wajib    string `json:"wajib"`
	Sukarela string `json:"sukarela"`
	Total    string `json:"total"`
}

// MemberOf is a member's row as JSON.
func MemberOf(r balances.Row) MemberJSON {
	return MemberJSON{
		Member: r.Member, Name: r.Name, Status: string(r.Status), Admitted: r.Admitted.String(), Exited: r.Exited.String(),
		Pokok: r.Pokok.String(), Wajib: r.Wajib.String(), Sukarela: r.Sukarela.String(), Total: r.Total().String(),
	}
}

// MembersAsJSON renders the member list as JSON.
func MembersAsJSON(w io.Writer, rows []balances.Row) error {
	out := struct {
		Members []MemberJSON `json:"members"`
	}{Members: make([]MemberJSON, 0, len(rows))}
	for _, r := range rows {
		out.Members = append(out.Members, MemberOf(r))
	}
	return writeJSON(w, out)
}

// Members renders the member list as text.
func Members(w io.Writer, p i18n.Printer, coop balances.Cooperative, rows []balances.Row) error {
	fmt.Fprintf(w, "%s\n%s\n\n", coop.Name, p.T("Daftar anggota", "Members"))
	t := &table{
		headers: []string{p.T("Anggota", "Member"), p.T("Nama", "Name"), p.T("Status", "Status"), p.T("Masuk", "Admitted"), p.T("Keluar", "Exited"), p.T("Simpanan", "Savings")},
		right:   []bool{false, false, false, false, false, true},
	}
	active := 0
	for _, r := range rows {
		if r.Status == "active" {
			active++
		}
		t.add(r.Member, r.Name, p.Status(string(r.Status)), r.Admitted.String(), dateOr(r.Exited, ""), p.Number(r.Total()))
	}
	t.rule()
	t.add(p.T("Jumlah", "Total"), fmt.Sprintf(p.T("%d anggota, %d aktif", "%d members, %d active"), len(rows), active), "", "", "", "")
	return t.render(w)
}

// MemberAsJSON renders one member as JSON.
func MemberAsJSON(w io.Writer, r balances.Row) error { return writeJSON(w, MemberOf(r)) }

// Member renders one member as text, with their latest passbook lines.
func Member(w io.Writer, p i18n.Printer, coopName string, r balances.Row, recent passbook.Page) error {
	fmt.Fprintf(w, "%s\n%s %s - %s\n", coopName, p.T("Anggota", "Member"), r.Member, r.Name)
	fmt.Fprintf(w, "%s: %s\n", p.T("Status", "Status"), p.Status(string(r.Status)))
	fmt.Fprintf(w, "%s: %s\n", p.T("Diterima", "Admitted"), p.Date(r.Admitted))
	if !r.Exited.IsZero() {
		fmt.Fprintf(w, "%s: %s\n", p.T("Keluar", "Exited"), p.Date(r.Exited))
	}
	fmt.Fprintln(w)
	t := &table{headers: []string{p.T("Produk", "Product"), p.T("Saldo", "Balance")}, right: []bool{false, true}}
	t.add(p.Product("pokok"), p.Money(r.Pokok))
	t.add(p.Product("wajib"), p.Money(r.Wajib))
	t.add(p.Product("sukarela"), p.Money(r.Sukarela))
	t.rule()
	t.add(p.T("Jumlah", "Total"), p.Money(r.Total()))
	if err := t.render(w); err != nil {
		return err
	}
	if len(recent.Lines) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%s\n", p.T("Transaksi terakhir", "Latest transactions"))
	lt := &table{
		headers: []string{p.T("Tanggal", "Date"), "Ref", p.T("Transaksi", "Transaction"), p.T("Produk", "Product"), p.T("Jumlah", "Amount")},
		right:   []bool{false, false, false, false, true},
	}
	for _, l := range recent.Lines {
		amount := l.In
		if l.Out.IsPositive() {
			amount = l.Out.Neg()
		}
		lt.add(l.On.String(), l.Ref, kindName(p, l.Kind), string(l.Product), p.Number(amount))
	}
	return lt.render(w)
}
