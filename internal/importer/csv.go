// Package importer reads the import format of design.md (CSV, UTF-8, a
// header row) and records it all or nothing: any bad row fails the whole
// file, every bad row is listed with its line and reason, and nothing is
// written. Importing the same file again writes nothing: each row's ref is
// its idempotency key.
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Columns of the format: the required ones first.
var (
	requiredColumns = []string{"date", "member", "kind", "amount", "ref"}
	optionalColumns = []string{"name", "product", "loan", "rate", "term_months", "method"}
	allColumns      = append(slices.Clone(requiredColumns), optionalColumns...)
)

// Kind is what a row records.
type Kind string

// Row kinds.
const (
	Join               Kind = "join"
	DepositPokok       Kind = "deposit_pokok"
	DepositWajib       Kind = "deposit_wajib"
	DepositSukarela    Kind = "deposit_sukarela"
	WithdrawSukarela   Kind = "withdraw_sukarela"
	LoanDisburse       Kind = "loan_disburse"
	LoanRepayPrincipal Kind = "loan_repay_principal"
	LoanRepayInterest  Kind = "loan_repay_interest"
)

// Kinds lists every kind of the format.
func Kinds() []Kind {
	return []Kind{Join, DepositPokok, DepositWajib, DepositSukarela, WithdrawSukarela, LoanDisburse, LoanRepayPrincipal, LoanRepayInterest}
}

// Row is one parsed data row.
type Row struct {
	Line    int
	Date    calendar.Date
	Member  string
	Kind    Kind
	Amount  money.Amount
	Ref     string
	Name    string
	Product string
	// Loan, Rate, TermMonths and Method describe a loan row; empty or
	// zero where the file leaves them to the product.
	Loan       string
	Rate       string
	TermMonths int
	Method     string
}

// FileProblem names what is wrong with a file as a whole.
type FileProblem string

// Problems with a whole file.
const (
	FileEmpty       FileProblem = "empty"
	FileTooLarge    FileProblem = "too_large"
	FileTooManyRows FileProblem = "too_many_rows"
	FileLineTooLong FileProblem = "line_too_long"
	FileHeader      FileProblem = "header"
	FileNotCSV      FileProblem = "not_csv"
	FileEncoding    FileProblem = "encoding"
)

// FileError refuses a file as a whole.
type FileError struct {
	Problem FileProblem
	Line    int
	// Column names a missing or unknown header column; Limit the limit
	// broken.
	Column string
	Limit  int64
	Detail string
	// Header is the header the file should start with, for an empty file.
	Header string
}

func (e *FileError) Error() string {
	switch e.Problem {
	case FileHeader:
		return fmt.Sprintf("importer: header: column %q: %s", e.Column, e.Detail)
	case FileTooLarge, FileTooManyRows, FileLineTooLong:
		return fmt.Sprintf("importer: line %d: %s (limit %d)", e.Line, e.Problem, e.Limit)
	}
	return fmt.Sprintf("importer: line %d: %s %s", e.Line, e.Problem, e.Detail)
}

// RowError explains why one row is refused: Err is an *input.Error, a
// *money.AmountError, or a domain refusal.
type RowError struct {
	Line int
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("importer: line %d: %v", e.Line, e.Err) }

func (e *RowError) Unwrap() error { return e.Err }

// ErrLoanProduct refuses a loan row that names no product when the
// cooperative has several (or none).
var ErrLoanProduct = errors.New("importer: the row names no loan product and the cooperative has not exactly one")

// RowsError refuses a file because of its bad rows; nothing was written.
type RowsError struct {
	Rows []*RowError // the first MaxListed, in line order
	// Count is the number of bad rows, listed or not.
	Count int
}

func (e *RowsError) Error() string {
	lines := make([]string, len(e.Rows))
	for i, r := range e.Rows {
		lines[i] = r.Error()
	}
	return fmt.Sprintf("importer: %d bad rows, nothing written:\n%s", e.Count, strings.Join(lines, "\n"))
}

// reader parses rows of the format from a stream.
type reader struct {
	csv     *csv.Reader
	limited *lineLimit
	columns map[string]int
	width   int
	line    int
	maxRows int
	rows    int
	// amounts shares one value per distinct amount text: an import holds
	// every amount of every member in memory, and files repeat a few
	// hundred amounts a million times. Amounts are immutable values.
	amounts map[string]money.Amount
}

// maxShared bounds the distinct amounts the reader shares.
const maxShared = 1 << 16

// newReader reads the header and checks it.
func newReader(r io.Reader, maxLine int, maxRows int) (*reader, error) {
	// Spreadsheets save "CSV UTF-8" with a byte order mark; drop it before
	// the CSV reader sees it, even before a quoted first column.
	buffered := bufio.NewReaderSize(r, 64<<10)
	if bom, err := buffered.Peek(3); err == nil && string(bom) == "\ufeff" {
		buffered.Discard(3)
	}
	limited := &lineLimit{r: buffered, max: maxLine, line: 1}
	c := csv.NewReader(limited)
	c.ReuseRecord = true
	header, err := c.Read()
	if errors.Is(err, io.EOF) {
		return nil, &FileError{Problem: FileEmpty, Line: 1, Header: strings.Join(requiredColumns, ",")}
	}
	if err != nil {
		return nil, fileError(err, limited, 1)
	}
	rd := &reader{csv: c, limited: limited, columns: map[string]int{}, width: len(header), maxRows: maxRows, amounts: map[string]money.Amount{}}
	for i, name := range header {
		if !utf8.ValidString(name) {
			return nil, &FileError{Problem: FileEncoding, Line: 1}
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if !slices.Contains(requiredColumns, name) && !slices.Contains(optionalColumns, name) {
			return nil, &FileError{Problem: FileHeader, Line: 1, Column: name, Detail: "unknown column; expected " + strings.Join(append(slices.Clone(requiredColumns), optionalColumns...), ",")}
		}
		if _, dup := rd.columns[name]; dup {
			return nil, &FileError{Problem: FileHeader, Line: 1, Column: name, Detail: "column appears twice"}
		}
		rd.columns[name] = i
	}
	for _, name := range requiredColumns {
		if _, ok := rd.columns[name]; !ok {
			return nil, &FileError{Problem: FileHeader, Line: 1, Column: name, Detail: "required column missing; the header must contain " + strings.Join(requiredColumns, ",")}
		}
	}
	c.FieldsPerRecord = len(header)
	return rd, nil
}

func fileError(err error, limited *lineLimit, line int) error {
	if limited.err != nil {
		return limited.err
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FileError{Problem: FileNotCSV, Line: pe.Line, Detail: pe.Err.Error()}
	}
	return &FileError{Problem: FileNotCSV, Line: line, Detail: err.Error()}
}

// next returns the next row, a *RowError for a row that cannot be parsed
// (the reader can go on), io.EOF at the end, or a *FileError that stops
// the reading.
func (rd *reader) next() (Row, error) {
	record, err := rd.csv.Read()
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) || !errors.Is(pe.Err, csv.ErrFieldCount) || rd.limited.err != nil {
			return Row{}, fileError(err, rd.limited, rd.limited.line)
		}
		if err := rd.count(pe.StartLine); err != nil {
			return Row{}, err
		}
		return Row{}, &RowError{Line: pe.StartLine, Err: &input.Error{Field: "columns", Value: fmt.Sprint(len(record)), Want: input.WantColumns, Bound: fmt.Sprint(rd.width)}}
	}
	line, _ := rd.csv.FieldPos(0)
	if err := rd.count(line); err != nil {
		return Row{}, err
	}
	row := Row{Line: line}
	field := func(name string) string {
		if i, ok := rd.columns[name]; ok {
			return record[i]
		}
		return ""
	}
	for _, name := range allColumns {
		if v := field(name); !utf8.ValidString(v) {
			return row, &RowError{Line: line, Err: &input.Error{Field: name, Value: strings.ToValidUTF8(v, "\ufffd"), Want: input.WantUTF8}}
		}
	}
	if row.Date, err = calendar.Parse(strings.TrimSpace(field("date"))); err != nil {
		want := input.WantDate
		var se *calendar.SyntaxError
		if errors.As(err, &se) && se.Impossible {
			want = input.WantRealDate
		}
		return row, &RowError{Line: line, Err: &input.Error{Field: "date", Value: field("date"), Want: want}}
	}
	// Fields are cut from one string per line; clone what the ledger keeps
	// so that a row's whole line is not kept alive by its ref.
	row.Member = strings.Clone(strings.TrimSpace(field("member")))
	row.Kind = Kind(strings.TrimSpace(field("kind")))
	if !slices.Contains(Kinds(), row.Kind) {
		return row, &RowError{Line: line, Err: &input.Error{Field: "kind", Value: string(row.Kind), Want: input.WantImportKind}}
	}
	amount := strings.TrimSpace(field("amount"))
	if row.Amount, err = rd.amount(amount); err != nil {
		return row, &RowError{Line: line, Err: &input.Error{Field: "amount", Value: amount, Want: input.WantAmountPresent}}
	}
	row.Ref = strings.Clone(strings.TrimSpace(field("ref")))
	row.Name = strings.Clone(strings.TrimSpace(field("name")))
	row.Product = strings.TrimSpace(field("product"))
	row.Loan = strings.Clone(strings.TrimSpace(field("loan")))
	row.Rate = strings.TrimSpace(field("rate"))
	row.Method = strings.TrimSpace(field("method"))
	if months := strings.TrimSpace(field("term_months")); months != "" {
		n, err := strconv.Atoi(months)
		if err != nil || n < 1 {
			return row, &RowError{Line: line, Err: &input.Error{Field: "term_months", Value: months, Want: input.WantAtLeast, Bound: "1"}}
		}
		row.TermMonths = n
	}
	return row, nil
}

// lineLimit refuses lines longer than max bytes, so a file without line
// breaks cannot make the reader buffer all of it.
type lineLimit struct {
	r    io.Reader
	max  int
	run  int // bytes since the last newline
	line int
	read int64
	err  error
}

func (l *lineLimit) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	chunk := p[:n]
	for len(chunk) > 0 {
		i := bytes.IndexByte(chunk, '\n')
		if i < 0 {
			l.run += len(chunk)
			break
		}
		l.run += i
		if l.run > l.max {
			break
		}
		l.run = 0
		l.line++
		chunk = chunk[i+1:]
	}
	l.read += int64(n)
	if l.run > l.max {
		l.err = &FileError{Problem: FileLineTooLong, Line: l.line, Limit: int64(l.max)}
		return 0, l.err
	}
	return n, err
}

// count counts a data row, well formed or not, against MaxRows.
func (rd *reader) count(line int) error {
	rd.rows++
	if rd.maxRows > 0 && rd.rows > rd.maxRows {
		return &FileError{Problem: FileTooManyRows, Line: line, Limit: int64(rd.maxRows)}
	}
	return nil
}

func (rd *reader) amount(text string) (money.Amount, error) {
	if a, ok := rd.amounts[text]; ok {
		return a, nil
	}
	a, err := money.Parse(text)
	if err == nil && len(rd.amounts) < maxShared {
		rd.amounts[text] = a
	}
	return a, err
}
