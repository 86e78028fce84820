package importer_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	ldg "github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// journalHead is the full header of the journal format.
const journalHead = importer.JournalHeader

// journalFile returns a journal CSV of the full header and rows.
func journalFile(rows ...string) string { return withHeader(journalHead, rows...) }

func runJournal(l *ledger, data string, dryRun bool) (importer.JournalSummary, error) {
	return importer.RunJournal(l.ctx, l.svc, actor, coop, strings.NewReader(data), dryRun)
}

// fund posts a grant of amount into kas on on, outside any file under
// test.
func fund(t testing.TB, l *ledger, ref string, on calendar.Date, amount int64) {
	t.Helper()
	_, err := l.svc.PostJournal(l.ctx, actor, coop, "", app.Journal{Ref: ref, Memo: "Hibah", On: on, Lines: []ldg.Line{
		{Account: "1-1100", Side: ldg.Debit, Amount: money.New(amount)},
		{Account: "3-3100", Side: ldg.Credit, Amount: money.New(amount)},
	}})
	require.NoError(t, err)
}

// glBalance returns an account's balance on its normal side, to date,
// in unit ("" for all) and for parties (nil for all).
func glBalance(t testing.TB, l *ledger, code, unit string, parties ...ldg.Party) money.Amount {
	t.Helper()
	out := money.Zero()
	err := l.svc.Ledger(l.ctx, coop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		out = b.Balance(code, generalledger.Filter{Unit: unit, To: calendar.MustNew(2026, 12, 31), Parties: parties})
	})
	require.NoError(t, err)
	return out
}

// recordedJournal returns the journal entry recorded under ref.
func recordedJournal(t testing.TB, l *ledger, ref string) cooperative.JournalPosted {
	t.Helper()
	rec, err := l.store.FindEvent(l.ctx, app.RefEventID(coop, ref))
	require.NoError(t, err, ref)
	e, err := codec.Events().Decode(rec)
	require.NoError(t, err)
	posted, ok := e.Payload.(cooperative.JournalPosted)
	require.True(t, ok, "%s is a %T", ref, e.Payload)
	return posted
}

func TestJournalReadsTheFormat(t *testing.T) {
	tests := []struct {
		name string
		data string
		// rows and entries of a file that reads; zero with a check.
		rows, entries int
		// file checks a *FileError; bad checks a *RowsError, by line.
		file importer.FileProblem
		col  string
		bad  map[int]func(*testing.T, error)
	}{
		{name: "full header", data: journalFile(
			"2025-03-01,JU-1,5-3100,100000,,Honor Maret,,",
			"2025-03-01,JU-1,1-1100,,100000,,,"), rows: 2, entries: 1},
		{name: "byte order mark, header in another order and case, padded cells", data: "\ufeff" + withHeader(" Memo ,CREDIT,Debit,Account,Ref,Date",
			"Honor Maret, ,100000 , 5-3100 , JU-1 ,2025-03-01",
			",100000,,1-1100,JU-1,2025-03-01"), rows: 2, entries: 1},
		{name: "CRLF line ends", data: strings.ReplaceAll(journalFile(
			"2025-03-01,JU-1,5-3100,100000,,Honor Maret,,",
			"2025-03-01,JU-1,1-1100,,100000,,,"), "\n", "\r\n"), rows: 2, entries: 1},
		{name: "optional columns left out", data: withHeader("date,ref,account,debit,credit,memo",
			"2025-03-01,JU-1,5-3100,100000,,Honor Maret",
			"2025-03-01,JU-1,1-1100,,100000,"), rows: 2, entries: 1},
		{name: "a quoted memo with a comma and a line break", data: journalFile(
			`2025-03-01,JU-1,5-3100,100000,,"Honor Maret, termasuk`+"\n"+`lembur",,`,
			"2025-03-01,JU-1,1-1100,,100000,,,",
			"2025-03-01,JU-2,5-3100,0,,Honor,,"),
			bad: map[int]func(*testing.T, error){5: wantInput("debit", input.WantLine, "0/", "")}},
		{name: "a zero on the other side", data: journalFile(
			"2025-03-01,JU-1,5-3100,100000,0,Honor Maret,,",
			"2025-03-01,JU-1,1-1100,0,100000,,,"), rows: 2, entries: 1},
		{name: "rows of refs interleaved", data: journalFile(
			"2025-03-01,JU-1,5-3100,100000,,Honor Maret,,",
			"2025-03-02,JU-2,5-3500,20000,,Listrik,,",
			"2025-03-01,JU-1,1-1100,,100000,,,",
			"2025-03-02,JU-2,1-1100,,20000,,,"), rows: 4, entries: 2},
		{name: "every party", data: journalFile(
			"2025-03-01,JU-1,1-1100,60000,,Penjualan,toko,",
			"2025-03-01,JU-1,4-3100,,30000,,toko,member",
			"2025-03-01,JU-1,4-3100,,20000,,toko,non-member",
			"2025-03-01,JU-1,4-3100,,10000,,toko,other-coop"), rows: 4, entries: 1},
		{name: "header only", data: journalHead + "\n", rows: 0, entries: 0},

		{name: "empty file", data: "", file: importer.FileEmpty},
		{name: "unknown column", data: withHeader("date,ref,account,debit,credit,memo,keterangan"), file: importer.FileHeader, col: "keterangan"},
		{name: "member import header", data: withHeader(header), file: importer.FileHeader, col: "member"},
		{name: "duplicate column", data: withHeader("date,ref,account,debit,credit,memo,debit"), file: importer.FileHeader, col: "debit"},
		{name: "duplicate column in other case", data: withHeader("date,ref,account,debit,credit,memo,Memo"), file: importer.FileHeader, col: "memo"},
		{name: "missing column", data: withHeader("date,ref,account,debit,credit"), file: importer.FileHeader, col: "memo"},
		{name: "missing credit", data: withHeader("date,ref,account,debit,memo,unit"), file: importer.FileHeader, col: "credit"},
		{name: "bare quote", data: journalFile(`2025-03-01,JU-1,5-3100,100000,,Honor "Maret",,`), file: importer.FileNotCSV},

		{name: "both debit and credit", data: journalFile(
			"2025-03-01,JU-1,5-3100,100000,100000,Honor,,"),
			bad: map[int]func(*testing.T, error){2: wantInput("debit", input.WantLine, "100000/100000", "")}},
		{name: "neither debit nor credit", data: journalFile(
			"2025-03-01,JU-1,5-3100,,,Honor,,"),
			bad: map[int]func(*testing.T, error){2: wantInput("debit", input.WantLine, "/", "")}},
		{name: "bad amounts", data: journalFile(
			"2025-03-01,JU-1,5-3100,\"1.000.000\",,Honor,,",
			"2025-03-01,JU-1,1-1100,,Rp 100000,,,",
			"2025-03-01,JU-1,1-1100,,1e5,,,",
			"2025-03-01,JU-1,1-1100,,100000,,,"),
			bad: map[int]func(*testing.T, error){
				2: wantInput("debit", input.WantAmountPresent, "1.000.000", ""),
				3: wantInput("credit", input.WantAmountPresent, "Rp 100000", ""),
				4: wantInput("credit", input.WantAmountPresent, "1e5", ""),
			}},
		{name: "bad dates", data: journalFile(
			"01/03/2025,JU-1,5-3100,100000,,Honor,,",
			"2025-02-30,JU-2,5-3100,100000,,Honor,,",
			",JU-3,5-3100,100000,,Honor,,"),
			bad: map[int]func(*testing.T, error){
				2: wantInput("date", input.WantDate, "01/03/2025", ""),
				3: wantInput("date", input.WantRealDate, "2025-02-30", ""),
				4: wantInput("date", input.WantDate, "", ""),
			}},
		{name: "rows of one ref on different dates", data: journalFile(
			"2025-03-01,JU-1,5-3100,100000,,Honor,,",
			"2025-03-02,JU-1,1-1100,,100000,,,"),
			bad: map[int]func(*testing.T, error){3: wantInput("date", input.WantSameAsBefore, "2025-03-02", "2025-03-01")}},
		{name: "unknown party values", data: journalFile(
			"2025-03-01,JU-1,1-1100,30000,,Penjualan,toko,",
			"2025-03-01,JU-1,4-3100,,10000,,toko,anggota",
			"2025-03-01,JU-1,4-3100,,10000,,toko,Member",
			"2025-03-01,JU-1,4-3100,,10000,,toko,nonmember"),
			bad: map[int]func(*testing.T, error){
				3: wantInput("party", input.WantParty, "anggota", ""),
				4: wantInput("party", input.WantParty, "Member", ""),
				5: wantInput("party", input.WantParty, "nonmember", ""),
			}},
		{name: "too few and too many cells", data: journalFile(
			"2025-03-01,JU-1,5-3100,100000,,Honor",
			"2025-03-01,JU-1,1-1100,,100000,,,,"),
			bad: map[int]func(*testing.T, error){
				2: wantInput("columns", input.WantColumns, "6", "8"),
				3: wantInput("columns", input.WantColumns, "9", "8"),
			}},
		{name: "memo not UTF-8", data: journalFile(
			"2025-03-01,JU-1,5-3100,100000,,Honor \xff,,"),
			bad: map[int]func(*testing.T, error){2: wantInput("memo", input.WantUTF8, "Honor \ufffd", "")}},
		{name: "bad rows are all listed, good rows between them", data: journalFile(
			"2025-03-01,JU-1,5-3100,abc,,Honor,,",
			"2025-03-01,JU-2,5-3100,100000,,Honor,,",
			"2025-03-01,JU-2,1-1100,,100000,,,",
			"2025-03-01,JU-3,5-3100,,,Honor,,",
			"2025-03-01,JU-4,5-3100,100000,,Honor,,x"),
			bad: map[int]func(*testing.T, error){
				2: wantInput("debit", input.WantAmountPresent, "abc", ""),
				5: wantInput("debit", input.WantLine, "/", ""),
				6: wantInput("party", input.WantParty, "x", ""),
			}},
	}
	l := newLedger(t)
	fund(t, l, "JU-DANA", calendar.MustNew(2025, 1, 2), 1_000_000)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, l.store)
			sum, err := runJournal(l, tt.data, true)
			defer requireUnchanged(t, l, before)
			switch {
			case tt.file != "":
				fe := fileError(t, err, tt.file)
				if tt.col != "" {
					assert.Equal(t, tt.col, fe.Column)
				}
			case tt.bad != nil:
				lines := make([]int, 0, len(tt.bad))
				for line := range tt.bad {
					lines = append(lines, line)
				}
				slices.Sort(lines)
				bad := rowsError(t, err, lines...)
				for _, r := range bad.Rows {
					tt.bad[r.Line](t, r.Err)
				}
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.rows, sum.Rows, "rows")
				assert.Equal(t, tt.entries, sum.Entries, "entries")
			}
		})
	}
}

// TestJournalRefusesAHeaderThatIsNotUTF8: a file saved as UTF-16 ("Unicode
// text" in a spreadsheet) or in a legacy code page is refused for its
// encoding, with the advice to save it as CSV UTF-8, as the member import
// does; not as a header with an unknown column named "\ufffd...".
func TestJournalRefusesAHeaderThatIsNotUTF8(t *testing.T) {
	utf16 := func(s string) string {
		var b strings.Builder
		b.WriteString("\xff\xfe")
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return b.String()
	}
	l := newLedger(t)
	for name, data := range map[string]string{
		"UTF-16":        utf16(journalFile("2025-03-01,JU-1,5-3100,100,,Honor,,")),
		"a legacy byte": withHeader("date,ref,account,debit,credit,memo,\xe4"),
	} {
		t.Run(name, func(t *testing.T) {
			before := snapshot(t, l.store)
			_, err := runJournal(l, data, false)
			fileError(t, err, importer.FileEncoding)
			requireUnchanged(t, l, before)
		})
	}
}

func TestJournalPostsEntries(t *testing.T) {
	l := newLedger(t)
	data := "\ufeff" + journalFile(
		"2025-03-01,JU-HIBAH,1-1200,5000000,,Hibah Dana Desa,,",
		"2025-03-01,JU-HIBAH,3-3100,,5000000,,,",
		"2025-03-03,JU-STOK,1-1900,3000000,,Pembelian stok,toko,",
		"2025-03-03,JU-STOK,1-1200,,3000000,,toko,",
		"2025-03-20,JU-JUAL,1-1100,4000000,,Penjualan sembako,toko,member",
		"2025-03-20,JU-JUAL,4-3100,,2400000,ignored,toko,member",
		"2025-03-20,JU-JUAL,4-3100,,1600000,,toko,non-member",
		"2025-03-20,JU-HPP,5-5100,3000000,,Harga pokok,toko,",
		"2025-03-20,JU-HPP,1-1900,,3000000,,toko,",
	)
	sum, err := runJournal(l, data, false)
	require.NoError(t, err)
	assert.Equal(t, importer.JournalSummary{Rows: 9, Entries: 4, Written: 4}, sum)

	requireAmount(t, 2_000_000, glBalance(t, l, "1-1200", ""))
	requireAmount(t, 4_000_000, glBalance(t, l, "1-1100", "toko"))
	requireAmount(t, 0, glBalance(t, l, "1-1900", ""))
	requireAmount(t, 2_400_000, glBalance(t, l, "4-3100", "toko", ldg.Member))
	requireAmount(t, 1_600_000, glBalance(t, l, "4-3100", "toko", ldg.NonMember))
	requireAmount(t, 5_000_000, glBalance(t, l, "3-3100", ldg.DefaultUnitCode), "lines without a unit go to the first unit")

	sale := recordedJournal(t, l, "JU-JUAL")
	assert.Equal(t, "Penjualan sembako", sale.Memo, "the memo is the first row's")
	assert.Equal(t, calendar.MustNew(2025, 3, 20), sale.On)
	require.Len(t, sale.Lines, 3)
	assert.Equal(t, ldg.NoParty, sale.Lines[0].Party, "a party tags revenue and expense, not kas")
	assert.Equal(t, ldg.Member, sale.Lines[1].Party)
	assert.Equal(t, "toko", sale.Lines[0].Unit)
	for _, ref := range []string{"JU-HIBAH", "JU-STOK", "JU-JUAL", "JU-HPP"} {
		require.NoError(t, recordedJournal(t, l, ref).Entry().Check(), ref)
	}
}

func TestJournalAllOrNothing(t *testing.T) {
	l := newLedger(t)
	fund(t, l, "JU-DANA", calendar.MustNew(2025, 1, 2), 1_000_000)
	_, err := l.svc.ClosePeriod(l.ctx, actor, coop, ldg.Month{Year: 2025, Month: time.January})
	require.NoError(t, err)
	_, err = l.svc.AddAccount(l.ctx, actor, coop, ldg.Account{Code: "5-3700", Name: "Beban transportasi", Class: ldg.Expense, Group: "5-3"})
	require.NoError(t, err)
	_, err = l.svc.CloseAccount(l.ctx, actor, coop, "5-3700", calendar.MustNew(2025, 6, 1))
	require.NoError(t, err)
	before := snapshot(t, l.store)

	// The entries are decided only once every row reads: a row the reader
	// refuses is listed alone.
	_, err = runJournal(l, journalFile(
		"2025-03-01,JU-1,5-3100,100000,,Honor Maret,,", // 2: good
		"2025-03-01,JU-1,1-1100,,100000,,,",
		"2025-03-02,JU-2,5-3100,100000,,Honor,,", // 4: unbalanced
		"2025-03-02,JU-2,1-1100,,90000,,,",
		"2025-03-03,JU-2,1-1100,,10000,,,", // 6: the ref on another date
	), false)
	rowsError(t, err, 6)
	requireUnchanged(t, l, before)

	// Every entry the books refuse is listed by its first line.
	data := journalFile(
		"2025-03-01,JU-1,5-3100,100000,,Honor Maret,,",
		"2025-03-01,JU-1,1-1100,,100000,,,",
		"2025-03-02,JU-2,5-3100,100000,,Honor,,",
		"2025-03-02,JU-2,1-1100,,90000,,,",
		"2025-01-31,JU-3,5-3100,100000,,Honor Januari,,",
		"2025-01-31,JU-3,1-1100,,100000,,,",
		"2025-06-02,JU-4,5-3700,10000,,Ongkos,,",
		"2025-06-02,JU-4,1-1100,,10000,,,",
		"2026-03-02,JU-5,5-3100,10000,,Besok,,",
		"2026-03-02,JU-5,1-1100,,10000,,,",
		"2025-03-04,JU-6,5-3100,10000,,Honor,klinik,",
		"2025-03-04,JU-6,1-1100,,10000,,klinik,",
		"2025-03-05,JU-7,5-3,10000,,Honor,,",
		"2025-03-05,JU-7,1-1100,,10000,,,",
		"2025-03-06,JU-8,5-3100,10000,,,,",
		"2025-03-06,JU-8,1-1100,,10000,,,",
		"2025-03-07,JU-9,5-3100,10000,,Honor,,",
		"2025-03-07,JU-9,5-3200,10000,,,,",
	)
	for _, dry := range []bool{true, false} {
		_, err = runJournal(l, data, dry)
		bad := rowsError(t, err, 4, 6, 8, 10, 12, 14, 16, 18)
		checks := map[int]func(*testing.T, error){
			4: func(t *testing.T, err error) {
				var unbal *ldg.UnbalancedError
				require.ErrorAs(t, err, &unbal)
				requireAmount(t, 100_000, unbal.Debit)
				requireAmount(t, 90_000, unbal.Credit)
			},
			6: func(t *testing.T, err error) {
				var closed *ldg.ClosedPeriodError
				require.ErrorAs(t, err, &closed)
				assert.Equal(t, ldg.Month{Year: 2025, Month: time.January}, closed.Period)
			},
			8: func(t *testing.T, err error) {
				var closed *ldg.ClosedAccountError
				require.ErrorAs(t, err, &closed)
				assert.Equal(t, "5-3700", closed.Account)
			},
			10: wantInput("date", input.WantNotFuture, "2026-03-02", "2026-03-01"),
			12: wantInput("unit", input.WantKnownUnit, "klinik", ""),
			14: wantInput("account", input.WantPostableAccount, "5-3", ""),
			16: wantInput("memo", input.WantMemo, "", "200"),
			18: wantInput("line", input.WantTwoLines, "2", ""),
		}
		for _, r := range bad.Rows {
			checks[r.Line](t, r.Err)
		}
		requireUnchanged(t, l, before)
	}

	// Without the refused entries the same file posts.
	_, err = runJournal(l, journalFile(
		"2025-03-01,JU-1,5-3100,100000,,Honor Maret,,",
		"2025-03-01,JU-1,1-1100,,100000,,,"), false)
	require.NoError(t, err)
	requireAmount(t, 900_000, glBalance(t, l, "1-1100", ""))
}

func TestJournalImportIsIdempotent(t *testing.T) {
	l := newLedger(t)
	fund(t, l, "JU-DANA", calendar.MustNew(2025, 1, 2), 1_000_000)
	rows := []string{
		"2025-03-01,JU-1,5-3100,100000,,Honor Maret,,",
		"2025-03-01,JU-1,1-1100,,100000,,,",
		"2025-03-02,JU-2,1-1100,30000,,Penjualan,toko,member",
		"2025-03-02,JU-2,4-3100,,30000,,toko,member",
	}
	sum, err := runJournal(l, journalFile(rows...), false)
	require.NoError(t, err)
	assert.Equal(t, importer.JournalSummary{Rows: 4, Entries: 2, Written: 2}, sum)
	before := snapshot(t, l.store)

	sum, err = runJournal(l, journalFile(rows...), false)
	require.NoError(t, err)
	assert.Equal(t, importer.JournalSummary{Rows: 4, Entries: 2, Repeated: 2}, sum)
	requireUnchanged(t, l, before)

	// The unit left to the default and the party on kas, as recorded,
	// are the same entry.
	explicit := strings.Replace(journalFile(rows...), "Honor Maret,,", "Honor Maret,"+ldg.DefaultUnitCode+",", 1)
	explicit = strings.Replace(explicit, "1-1100,30000,,Penjualan,toko,member", "1-1100,30000,,Penjualan,toko,", 1)
	sum, err = runJournal(l, explicit, true)
	require.NoError(t, err)
	assert.Equal(t, 2, sum.Repeated)
	requireUnchanged(t, l, before)

	// A longer file writes only what is new.
	sum, err = runJournal(l, journalFile(append(rows,
		"2025-03-03,JU-3,5-3500,20000,,Listrik,toko,",
		"2025-03-03,JU-3,1-1100,,20000,,toko,")...), false)
	require.NoError(t, err)
	assert.Equal(t, importer.JournalSummary{Rows: 6, Entries: 3, Written: 1, Repeated: 2}, sum)
	before = snapshot(t, l.store)

	// A recorded ref with other content is refused, and so is a ref a
	// member's transaction holds.
	_, err = l.svc.Admit(l.ctx, actor, coop, "A001", "Siti Rahayu", calendar.MustNew(2025, 1, 6), "J-A001", true)
	require.NoError(t, err)
	_, err = l.svc.Deposit(l.ctx, actor, coop, "A001", savings.Sukarela, money.New(5000), calendar.MustNew(2025, 3, 4), "S-A001")
	require.NoError(t, err)
	before = snapshot(t, l.store)
	_, err = runJournal(l, journalFile(
		"2025-03-01,JU-1,5-3100,100001,,Honor Maret,,",
		"2025-03-01,JU-1,1-1100,,100001,,,",
		"2025-03-04,S-A001,5-3100,5000,,Honor,,",
		"2025-03-04,S-A001,1-1100,,5000,,,"), false)
	bad := rowsError(t, err, 2, 4)
	wantDuplicateRef("JU-1", "")(t, bad.Rows[0].Err)
	wantDuplicateRef("S-A001", member.ID("A001"))(t, bad.Rows[1].Err)
	requireUnchanged(t, l, before)
}

func TestJournalPaysOnlyCashItHas(t *testing.T) {
	grant := []string{
		"2025-03-01,JU-DANA,1-1100,500000,,Hibah,,",
		"2025-03-01,JU-DANA,3-3100,,500000,,,",
	}
	payout := func(ref, on string, amount int) []string {
		return []string{
			fmt.Sprintf("%s,%s,5-3100,%d,,Honor,,", on, ref, amount),
			fmt.Sprintf("%s,%s,1-1100,,%d,,,", on, ref, amount),
		}
	}
	cash := func(t *testing.T, err error, on string, available, amount int64) {
		t.Helper()
		var short *ldg.InsufficientCashError
		require.ErrorAs(t, err, &short)
		assert.Equal(t, "1-1100", short.Account)
		assert.Equal(t, on, short.On.String())
		requireAmount(t, available, short.Available, "available")
		requireAmount(t, amount, short.Amount, "amount")
	}
	concat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}

	t.Run("kas is empty", func(t *testing.T) {
		l := newLedger(t)
		before := snapshot(t, l.store)
		_, err := runJournal(l, journalFile(payout("JU-1", "2025-03-05", 100_000)...), false)
		bad := rowsError(t, err, 2)
		cash(t, bad.Rows[0].Err, "2025-03-05", 0, 100_000)
		requireUnchanged(t, l, before)
	})
	t.Run("an earlier entry of the file brings the cash in", func(t *testing.T) {
		l := newLedger(t)
		sum, err := runJournal(l, journalFile(concat(grant, payout("JU-1", "2025-03-05", 300_000), payout("JU-2", "2025-03-06", 200_000))...), false)
		require.NoError(t, err)
		assert.Equal(t, 3, sum.Written)
		requireAmount(t, 0, glBalance(t, l, "1-1100", ""))
	})
	t.Run("the cash runs out within the file", func(t *testing.T) {
		l := newLedger(t)
		before := snapshot(t, l.store)
		_, err := runJournal(l, journalFile(concat(grant, payout("JU-1", "2025-03-05", 300_000), payout("JU-2", "2025-03-06", 300_000))...), false)
		bad := rowsError(t, err, 6)
		cash(t, bad.Rows[0].Err, "2025-03-06", 200_000, 300_000)
		requireUnchanged(t, l, before)
	})
	t.Run("the cash comes later in the file", func(t *testing.T) {
		// Entries are decided in the order of the file, each against the
		// books as the entries before it left them.
		l := newLedger(t)
		before := snapshot(t, l.store)
		_, err := runJournal(l, journalFile(concat(payout("JU-1", "2025-03-05", 300_000), grant)...), false)
		bad := rowsError(t, err, 2)
		cash(t, bad.Rows[0].Err, "2025-03-05", 0, 300_000)
		requireUnchanged(t, l, before)
	})
	t.Run("the cash comes earlier in the file but later in the month", func(t *testing.T) {
		l := newLedger(t)
		before := snapshot(t, l.store)
		_, err := runJournal(l, journalFile(concat(grant, payout("JU-1", "2025-02-27", 100_000))...), false)
		bad := rowsError(t, err, 4)
		cash(t, bad.Rows[0].Err, "2025-02-27", 0, 100_000)
		requireUnchanged(t, l, before)
	})
	t.Run("a backdated payment may not empty a later day", func(t *testing.T) {
		l := newLedger(t)
		fund(t, l, "JU-DANA-0", calendar.MustNew(2025, 3, 1), 500_000)
		_, err := l.svc.PostJournal(l.ctx, actor, coop, "", app.Journal{Ref: "JU-0", Memo: "Honor", On: calendar.MustNew(2025, 3, 20), Lines: []ldg.Line{
			{Account: "5-3100", Side: ldg.Debit, Amount: money.New(400_000)},
			{Account: "1-1100", Side: ldg.Credit, Amount: money.New(400_000)},
		}})
		require.NoError(t, err)
		before := snapshot(t, l.store)
		_, err = runJournal(l, journalFile(payout("JU-1", "2025-03-10", 150_000)...), false)
		bad := rowsError(t, err, 2)
		cash(t, bad.Rows[0].Err, "2025-03-10", 100_000, 150_000)
		requireUnchanged(t, l, before)
	})
	t.Run("a member's withdrawal counts", func(t *testing.T) {
		l := newLedger(t)
		l.seed(t) // kas 200.000: two pokok and A001's sukarela
		_, err := l.svc.Withdraw(l.ctx, actor, coop, "A001", savings.Sukarela, money.New(60_000), calendar.MustNew(2025, 1, 10), "T-A001")
		require.NoError(t, err)
		before := snapshot(t, l.store)
		_, err = runJournal(l, journalFile(payout("JU-1", "2025-02-01", 150_000)...), false)
		bad := rowsError(t, err, 2)
		cash(t, bad.Rows[0].Err, "2025-02-01", 140_000, 150_000)
		requireUnchanged(t, l, before)
	})
}

// TestJournalAmountsFollowThePolicy: the cooperative keeps rupiah without
// cents and bounds every amount (policy.Default: Places 0, MaxAmount
// 10.000.000.000). The member import refuses 12.5 and an amount past the
// bound; a journal line is money too and must be refused the same way.
func TestJournalAmountsFollowThePolicy(t *testing.T) {
	for _, amount := range []string{"12.5", "0.001", "10000000001", "99999999999999999999"} {
		t.Run(amount, func(t *testing.T) {
			l := newLedger(t)
			before := snapshot(t, l.store)
			_, err := runJournal(l, journalFile(
				"2025-03-01,JU-1,1-1200,"+amount+",,Hibah,,",
				"2025-03-01,JU-1,3-3100,,"+amount+",,,"), false)
			var bad *importer.RowsError
			require.ErrorAs(t, err, &bad, "an amount the policy refuses is refused")
			var ae *money.AmountError
			assert.ErrorAs(t, bad.Rows[0].Err, &ae)
			requireUnchanged(t, l, before)
		})
	}
}

// journalSeeds are inputs FuzzJournal starts from: files that read, files
// the books refuse, and files that do not read.
var journalSeeds = []string{
	journalFile(
		"2025-03-01,JU-F1,5-3100,100000,,Honor Maret,,",
		"2025-03-01,JU-F1,1-1100,,100000,,,"),
	"\ufeff" + withHeader("ref,date,memo,account,credit,debit",
		"JU-F2,2025-03-02,Penjualan,1-1100,,60000",
		"JU-F2,2025-03-02,,4-3100,60000,"),
	journalFile(
		"2025-03-03,JU-F3,1-1100,60000,,Penjualan,toko,",
		"2025-03-03,JU-F3,4-3100,,40000,,toko,member",
		"2025-03-03,JU-F3,4-3100,,20000,,toko,non-member"),
	journalFile(
		"2025-03-04,JU-F4,5-3100,9000000,,Honor besar,,",
		"2025-03-04,JU-F4,1-1100,,9000000,,,"),
	journalFile(
		"2025-03-05,JU-F5,5-3100,100,,Honor,,",
		"2025-03-05,JU-F5,1-1100,,90,,,"),
	journalFile(
		"2025-01-31,JU-F6,5-3100,100,,Honor,,",
		"2025-01-31,JU-F6,1-1100,,100,,,"),
	journalFile("2025-03-05,JU-F7,5-3100,100,100,Honor,,"),
	journalFile("2025-02-30,JU-F8,5-3100,,,Honor,klinik,anggota"),
	journalFile(`2025-03-05,"JU-F9`, `x",5-3100,1,,"a""b",,`),
	journalHead + "\n",
	"",
	"date,ref,account,debit,credit,memo,memo\n",
	"\x00\xff\xfe,\n\"",
	strings.ReplaceAll(journalFile(
		"2025-03-06,JU-F10,1-1200,-5,,Koreksi,,",
		"2025-03-06,JU-F10,3-3100,,-5,,,"), "\n", "\r\n"),
}

// FuzzJournal feeds any bytes to a journal import against a real store:
// it never panics, and either refuses with a *FileError or a *RowsError
// and writes nothing, or writes one balanced journal entry per new entry
// of the file, after which no cash account is below zero on any day and
// the same file again writes nothing. In CI give it a count budget
// (-fuzztime=20000x).
func FuzzJournal(f *testing.F) {
	for _, s := range journalSeeds {
		f.Add([]byte(s))
	}
	l := newLedger(f)
	fund(f, l, "JU-DANA", calendar.MustNew(2025, 1, 2), 1_000_000)
	_, err := l.svc.ClosePeriod(l.ctx, actor, coop, ldg.Month{Year: 2025, Month: time.January})
	require.NoError(f, err)

	f.Fuzz(func(t *testing.T, data []byte) {
		before := snapshot(t, l.store)
		sum, err, stack := fuzzJournal(l, data)
		if stack != "" {
			t.Fatalf("journal import panicked:\n%s", stack)
		}
		after := snapshot(t, l.store)
		if err != nil {
			var (
				fileErr *importer.FileError
				rowsErr *importer.RowsError
			)
			switch {
			case errors.As(err, &fileErr):
			case errors.As(err, &rowsErr):
				require.NotEmpty(t, rowsErr.Rows)
				require.GreaterOrEqual(t, rowsErr.Count, len(rowsErr.Rows))
				for _, r := range rowsErr.Rows {
					require.GreaterOrEqual(t, r.Line, 2, "a data row starts after the header")
					require.Error(t, r.Err)
				}
			default:
				t.Fatalf("unexpected error %T: %v", err, err)
			}
			require.Equal(t, before, after, "a refused file wrote")
			return
		}
		require.Equal(t, sum.Entries, sum.Written+sum.Repeated, "%+v", sum)
		require.LessOrEqual(t, sum.Entries, sum.Rows)
		require.Len(t, after, len(before)+sum.Written, "one event per entry written")
		if sum.Written > 0 {
			written, err := l.store.ReadAll(l.ctx, before[len(before)-1].Position, eventstore.Forwards, 0)
			require.NoError(t, err)
			require.Len(t, written, sum.Written)
			for _, rec := range written {
				e, err := codec.Events().Decode(rec)
				require.NoError(t, err)
				posted, ok := e.Payload.(cooperative.JournalPosted)
				require.True(t, ok, "a journal import wrote a %T", e.Payload)
				require.NoError(t, posted.Entry().Check(), "entry %s does not balance", posted.Ref)
			}
		}
		// The same file again writes nothing.
		again, err, stack := fuzzJournal(l, data)
		require.Empty(t, stack)
		require.NoError(t, err, "the file posted once; again it is a repeat")
		require.Zero(t, again.Written)
		require.Equal(t, sum.Entries, again.Repeated)
		require.Equal(t, after, snapshot(t, l.store), "a repeated file wrote")

		err = l.svc.Ledger(l.ctx, coop, func(b *generalledger.Books) {
			for _, a := range b.State.Chart.Accounts() {
				if a.Cash {
					low := b.Lowest(a.Code, calendar.MustNew(1900, 1, 1))
					require.False(t, low.IsNegative(), "%s goes to %s", a.Code, low)
				}
			}
		})
		require.NoError(t, err)
	})
}

// fuzzJournal imports data, returning the panic and its stack, if any.
func fuzzJournal(l *ledger, data []byte) (sum importer.JournalSummary, err error, stack string) {
	defer func() {
		if p := recover(); p != nil {
			stack = fmt.Sprintf("%v\n%s", p, debug.Stack())
		}
	}()
	sum, err = importer.RunJournal(l.ctx, l.svc, actor, coop, bytes.NewReader(data), false)
	return sum, err, ""
}
