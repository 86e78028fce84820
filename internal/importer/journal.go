package importer

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
)

// The journal import format: CSV, UTF-8, a header row. Each row is one
// line of an entry; the rows of one ref form one entry (they share its
// date; the memo is the first row's). A row has an amount in debit or in
// credit, not both.
var (
	journalRequired = []string{"date", "ref", "account", "debit", "credit", "memo"}
	journalOptional = []string{"unit", "party"}
)

// JournalHeader is the header of the journal format.
const JournalHeader = "date,ref,account,debit,credit,memo,unit,party"

// Limits of a journal file: the general journal of a cooperative is
// thousands of lines a year, not millions.
const (
	MaxJournalRows  = 200_000
	MaxJournalBytes = 64 << 20
	// maxJournalListed bounds the bad rows listed.
	maxJournalListed = 100
)

// JournalSummary tells what a journal import did.
type JournalSummary struct {
	Rows, Entries     int
	Written, Repeated int
}

// RunJournal reads a journal file and posts its entries all or nothing.
// Every bad row and every refused entry is listed (an entry by its first
// line) in a *RowsError, and nothing is written.
func RunJournal(ctx context.Context, svc *app.Service, actor app.Actor, coop cooperative.ID, r io.Reader, dryRun bool) (JournalSummary, error) {
	var sum JournalSummary
	entries, lines, err := readJournal(io.LimitReader(r, MaxJournalBytes+1), &sum)
	if err != nil {
		return sum, err
	}
	sum.Entries = len(entries)
	res, err := svc.PostJournals(ctx, actor, coop, entries, dryRun)
	var refused app.JournalErrors
	if errors.As(err, &refused) {
		bad := &RowsError{}
		for _, je := range refused {
			bad.insert(&RowError{Line: lines[je.Index], Err: je.Err}, maxJournalListed)
		}
		return sum, bad
	}
	if err != nil {
		return sum, err
	}
	sum.Written, sum.Repeated = res.Written, res.Repeated
	return sum, nil
}

// readJournal parses the file into entries, with each entry's first line.
func readJournal(r io.Reader, sum *JournalSummary) ([]app.Journal, []int, error) {
	buffered := bufio.NewReaderSize(r, 64<<10)
	if bom, err := buffered.Peek(3); err == nil && string(bom) == "\ufeff" {
		buffered.Discard(3)
	}
	limited := &lineLimit{r: buffered, max: 64 << 10, line: 1}
	c := csv.NewReader(limited)
	header, err := c.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, &FileError{Problem: FileEmpty, Line: 1, Header: JournalHeader}
	}
	if err != nil {
		return nil, nil, fileError(err, limited, 1)
	}
	columns := map[string]int{}
	for i, name := range header {
		if !utf8.ValidString(name) {
			return nil, nil, &FileError{Problem: FileEncoding, Line: 1}
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if !slices.Contains(journalRequired, name) && !slices.Contains(journalOptional, name) {
			return nil, nil, &FileError{Problem: FileHeader, Line: 1, Column: name, Detail: "unknown column; expected " + JournalHeader}
		}
		if _, dup := columns[name]; dup {
			return nil, nil, &FileError{Problem: FileHeader, Line: 1, Column: name, Detail: "column appears twice"}
		}
		columns[name] = i
	}
	for _, name := range journalRequired {
		if _, ok := columns[name]; !ok {
			return nil, nil, &FileError{Problem: FileHeader, Line: 1, Column: name, Detail: "required column missing; the header must contain " + strings.Join(journalRequired, ",")}
		}
	}
	c.FieldsPerRecord = len(header)
	bad := &RowsError{}
	var entries []app.Journal
	var first []int
	byRef := map[string]int{}
	for {
		record, err := c.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if limited.read > MaxJournalBytes {
			return nil, nil, &FileError{Problem: FileTooLarge, Line: limited.line, Limit: MaxJournalBytes}
		}
		var pe *csv.ParseError
		if err != nil && (!errors.As(err, &pe) || !errors.Is(pe.Err, csv.ErrFieldCount) || limited.err != nil) {
			return nil, nil, fileError(err, limited, limited.line)
		}
		sum.Rows++
		if sum.Rows > MaxJournalRows {
			return nil, nil, &FileError{Problem: FileTooManyRows, Line: limited.line, Limit: MaxJournalRows}
		}
		if err != nil {
			bad.add(&RowError{Line: pe.StartLine, Err: &input.Error{Field: "columns", Value: fmt.Sprint(len(record)), Want: input.WantColumns, Bound: fmt.Sprint(len(header))}}, maxJournalListed)
			continue
		}
		line, _ := c.FieldPos(0)
		field := func(name string) string {
			if i, ok := columns[name]; ok {
				return strings.TrimSpace(record[i])
			}
			return ""
		}
		row, err := journalRow(field)
		if err != nil {
			bad.add(&RowError{Line: line, Err: err}, maxJournalListed)
			continue
		}
		i, seen := byRef[row.ref]
		if !seen {
			i = len(entries)
			byRef[row.ref] = i
			entries = append(entries, app.Journal{Ref: row.ref, Memo: row.memo, On: row.on})
			first = append(first, line)
		} else if entries[i].On != row.on {
			bad.add(&RowError{Line: line, Err: &input.Error{Field: "date", Value: row.on.String(), Want: input.WantSameAsBefore, Bound: entries[i].On.String()}}, maxJournalListed)
			continue
		}
		entries[i].Lines = append(entries[i].Lines, row.line)
	}
	if bad.Count > 0 {
		return nil, nil, bad
	}
	return entries, first, nil
}

type journalLine struct {
	ref, memo string
	on        calendar.Date
	line      ledger.Line
}

func journalRow(field func(string) string) (journalLine, error) {
	var row journalLine
	for _, name := range append(slices.Clone(journalRequired), journalOptional...) {
		if v := field(name); !utf8.ValidString(v) {
			return row, &input.Error{Field: name, Value: strings.ToValidUTF8(v, "\ufffd"), Want: input.WantUTF8}
		}
	}
	on, err := calendar.Parse(field("date"))
	if err != nil {
		want := input.WantDate
		var se *calendar.SyntaxError
		if errors.As(err, &se) && se.Impossible {
			want = input.WantRealDate
		}
		return row, &input.Error{Field: "date", Value: field("date"), Want: want}
	}
	row.on, row.ref, row.memo = on, strings.Clone(field("ref")), strings.Clone(field("memo"))
	debit, credit := field("debit"), field("credit")
	var side ledger.Side
	var text string
	switch {
	case debit != "" && debit != "0" && (credit == "" || credit == "0"):
		side, text = ledger.Debit, debit
	case credit != "" && credit != "0" && (debit == "" || debit == "0"):
		side, text = ledger.Credit, credit
	default:
		return row, &input.Error{Field: "debit", Value: debit + "/" + credit, Want: input.WantLine}
	}
	amount, err := money.Parse(text)
	if err != nil {
		return row, &input.Error{Field: side.String(), Value: text, Want: input.WantAmountPresent}
	}
	party, err := ledger.ParseParty(field("party"))
	if err != nil {
		return row, err
	}
	row.line = ledger.Line{Account: strings.Clone(field("account")), Side: side, Amount: amount, Unit: strings.Clone(field("unit")), Party: party}
	return row, nil
}
