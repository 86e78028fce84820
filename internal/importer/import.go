package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Options bound and steer an import. Zero values give the defaults.
type Options struct {
	// DryRun checks every row and writes nothing.
	DryRun bool
	// MaxBytes bounds the file size; 512 MiB by default.
	MaxBytes int64
	// MaxLineBytes bounds one line; 64 KiB by default.
	MaxLineBytes int
	// MaxRows bounds the data rows; 5,000,000 by default.
	MaxRows int
	// MaxListed bounds the bad rows listed in a RowsError; 100 by default.
	MaxListed int
	// Progress, if set, is called now and then from the reading goroutine.
	Progress func(Progress)
}

func (o *Options) defaults() {
	if o.MaxBytes == 0 {
		o.MaxBytes = 512 << 20
	}
	if o.MaxLineBytes == 0 {
		o.MaxLineBytes = 64 << 10
	}
	if o.MaxRows == 0 {
		o.MaxRows = 5_000_000
	}
	if o.MaxListed == 0 {
		o.MaxListed = 100
	}
}

// Progress reports how far an import has read.
type Progress struct {
	Rows  int
	Bytes int64
	Total int64 // the file's size, 0 if unknown
}

// Summary tells what an import did.
type Summary struct {
	Rows int
	// Written counts the events written; Repeated the rows recorded by an
	// earlier import of the same refs, which wrote nothing.
	Written  int
	Repeated int
	Kinds    map[Kind]int
	DryRun   bool
	Elapsed  time.Duration
}

// progressEvery is how many rows pass between progress reports.
const progressEvery = 10_000

// item is what the reading goroutine hands to the writing one.
type item struct {
	part eventstore.StreamAppend
	line int
	ref  string
	// final marks the last item, sent whatever happened; err is then the
	// reading's failure, nil if every row was good.
	final bool
	err   error
}

// Run imports the CSV in r, of size bytes (0 if unknown), for coop. It
// returns a *FileError or *RowsError for a bad file, having written
// nothing.
func Run(ctx context.Context, svc *app.Service, actor app.Actor, coop cooperative.ID, r io.Reader, size int64, opt Options) (Summary, error) {
	start := time.Now()
	opt.defaults()
	sum := Summary{Kinds: map[Kind]int{}, DryRun: opt.DryRun}
	if size > opt.MaxBytes {
		return sum, &FileError{Problem: FileTooLarge, Limit: opt.MaxBytes}
	}
	batch, err := svc.NewBatch(ctx, actor, coop)
	if err != nil {
		return sum, err
	}
	defer batch.Close()
	counted := &counter{r: r, max: opt.MaxBytes}
	rd, err := newReader(counted, opt.MaxLineBytes, opt.MaxRows)
	if err != nil {
		return sum, err
	}
	if opt.DryRun {
		err := read(ctx, rd, counted, size, batch, &sum, opt, func(item) bool { return true })
		sum.Elapsed = time.Since(start)
		return sum, err
	}

	items := make(chan item, 4*locateEvery)
	readErr := make(chan error, 1)
	go func() {
		defer close(items)
		err := read(ctx, rd, counted, size, batch, &sum, opt, func(it item) bool {
			select {
			case items <- it:
				return true
			case <-ctx.Done():
				return false
			}
		})
		readErr <- err
		// Whatever happened, the writer hears how the reading ended: the
		// batch commits only after a final item without an error.
		items <- item{final: true, err: err}
	}()
	last := item{}
	res, err := svc.Store().AppendBatch(ctx, func(yield func(eventstore.StreamAppend, error) bool) {
		for it := range items {
			if it.final {
				if it.err != nil {
					yield(eventstore.StreamAppend{}, it.err)
				}
				return
			}
			last = it
			if !yield(it.part, nil) {
				return
			}
		}
		yield(eventstore.StreamAppend{}, errors.New("importer: the reading stopped before the end of the file"))
	})
	// If the store stopped the batch, the reading goroutine still checks
	// the rest of the file, so that every bad row is listed.
	for range items {
	}
	rerr := <-readErr
	sum.Elapsed = time.Since(start)
	switch {
	case err == nil:
		sum.Written = res.Events
		return sum, nil
	case errors.Is(err, eventstore.ErrDuplicateEventID):
		// The ref is recorded for another member, in the store or earlier
		// in this file.
		dup := &RowError{Line: last.line, Err: &member.DuplicateRefError{Ref: last.ref}}
		var bad *RowsError
		if errors.As(rerr, &bad) {
			bad.insert(dup, opt.MaxListed)
			return sum, bad
		}
		return sum, &RowsError{Count: 1, Rows: []*RowError{dup}}
	case rerr != nil && !errors.Is(rerr, context.Canceled):
		return sum, rerr
	}
	return sum, app.Conflict(err)
}

// read parses and decides every row, handing each row's events to emit
// while no row has failed, and returns the import's failure.
func read(ctx context.Context, rd *reader, counted *counter, size int64, batch *app.Batch, sum *Summary, opt Options, emit func(item) bool) error {
	bad := &RowsError{}
	// Refs are unique across the cooperative: a ref the file uses for two
	// members, or that the store holds for another member, is found here,
	// before anything is written, so that every such row is listed and a
	// dry run refuses what the import would. Decided rows wait in window
	// until the store has been asked about their event ids.
	seen := map[uuid.UUID]int32{} // event id of a row's ref -> its line
	var window []item
	flush := func() error {
		if len(window) == 0 {
			return nil
		}
		ids := make([]uuid.UUID, 0, len(window))
		for _, it := range window {
			for _, e := range it.part.Events {
				ids = append(ids, e.ID)
			}
		}
		held, err := batch.Store().Locate(ctx, ids)
		if err != nil {
			return err
		}
		for _, it := range window {
			for _, e := range it.part.Events {
				if stream, ok := held[e.ID]; ok {
					dup := &member.DuplicateRefError{Ref: it.ref}
					if _, m, ok := codec.ParseMemberStream(stream); ok {
						dup.Member = member.ID(m)
					}
					bad.add(&RowError{Line: it.line, Err: dup}, opt.MaxListed)
				}
			}
		}
		for _, it := range window {
			if bad.Count == 0 && !emit(it) {
				return ctx.Err()
			}
		}
		window = window[:0]
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, err := rd.next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rowErr *RowError
		if errors.As(err, &rowErr) {
			bad.add(rowErr, opt.MaxListed)
			continue
		}
		if err != nil {
			return err
		}
		sum.Rows++
		if opt.Progress != nil && sum.Rows%progressEvery == 0 {
			opt.Progress(Progress{Rows: sum.Rows, Bytes: counted.n, Total: size})
		}
		// A ref the file used before is refused before it is decided, so
		// that the rows after it are decided on what will be written.
		id := app.RefEventID(batch.Cooperative(), row.Ref)
		if first, ok := seen[id]; ok {
			bad.add(&RowError{Line: row.Line, Err: &DuplicateInFileError{Ref: row.Ref, Line: int(first)}}, opt.MaxListed)
			continue
		}
		part, err := decide(ctx, batch, row)
		if err != nil {
			if errors.Is(err, eventstore.ErrUnavailable) || errors.Is(err, eventstore.ErrCorrupt) {
				return err
			}
			bad.add(&RowError{Line: row.Line, Err: err}, opt.MaxListed)
			continue
		}
		seen[id] = int32(row.Line)
		if len(part.Events) == 0 {
			// Recorded by an earlier import: the store holds it.
			sum.Repeated++
			continue
		}
		sum.Kinds[row.Kind]++
		window = append(window, item{part: part, line: row.Line, ref: row.Ref})
		if len(window) >= locateEvery {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if opt.Progress != nil {
		opt.Progress(Progress{Rows: sum.Rows, Bytes: counted.n, Total: size})
	}
	if bad.Count > 0 {
		slices.SortStableFunc(bad.Rows, func(a, b *RowError) int { return cmp.Compare(a.Line, b.Line) })
		return bad
	}
	return nil
}

// locateEvery is how many decided rows wait for one question to the store
// about their event ids.
const locateEvery = 1000

// DuplicateInFileError refuses a ref the file uses twice for different
// transactions.
type DuplicateInFileError struct {
	Ref  string
	Line int // where the file used it first
}

func (e *DuplicateInFileError) Error() string {
	return fmt.Sprintf("importer: ref %q is already used on line %d", e.Ref, e.Line)
}

func (e *RowsError) add(r *RowError, max int) {
	e.Count++
	if len(e.Rows) < max {
		e.Rows = append(e.Rows, r)
	}
}

// insert adds r in line order.
func (e *RowsError) insert(r *RowError, max int) {
	e.Count++
	i, _ := slices.BinarySearchFunc(e.Rows, r.Line, func(x *RowError, line int) int { return cmp.Compare(x.Line, line) })
	e.Rows = slices.Insert(e.Rows, i, r)
	if len(e.Rows) > max {
		e.Rows = e.Rows[:max]
	}
}

// decide turns a row into its member command and decides it.
func decide(ctx context.Context, batch *app.Batch, row Row) (eventstore.StreamAppend, error) {
	id := member.ID(row.Member)
	product := func(p savings.Product) error {
		if row.Product != "" && row.Product != string(p) {
			return &input.Error{Field: "product", Value: row.Product, Want: input.WantProductOfKind, Bound: string(p)}
		}
		return nil
	}
	switch row.Kind {
	case Join:
		return batch.Decide(ctx, id, func(g member.Given) member.Command {
			return member.Admit{Given: g, Member: id, Name: row.Name, On: row.Date, Ref: row.Ref, EntryFee: row.Amount}
		})
	case DepositPokok, DepositWajib, DepositSukarela, WithdrawSukarela:
		p := map[Kind]savings.Product{DepositPokok: savings.Pokok, DepositWajib: savings.Wajib, DepositSukarela: savings.Sukarela, WithdrawSukarela: savings.Sukarela}[row.Kind]
		if err := product(p); err != nil {
			return eventstore.StreamAppend{}, err
		}
		if row.Kind == WithdrawSukarela {
			return batch.Decide(ctx, id, func(g member.Given) member.Command {
				return member.Withdraw{Given: g, Product: p, Amount: row.Amount, On: row.Date, Ref: row.Ref}
			})
		}
		return batch.Decide(ctx, id, func(g member.Given) member.Command {
			return member.Deposit{Given: g, Product: p, Amount: row.Amount, On: row.Date, Ref: row.Ref}
		})
	}
	return decideLoan(ctx, batch, row)
}

// decideLoan records a loan row: a loan the cooperative granted before
// its books moved in (approved outside the ledger), or a repayment of
// one split as the records give it.
func decideLoan(ctx context.Context, batch *app.Batch, row Row) (eventstore.StreamAppend, error) {
	switch row.Kind {
	case LoanDisburse:
		id := row.Loan
		if id == "" {
			id = row.Ref
		}
		lid, err := loan.ParseID(id)
		if err != nil {
			return eventstore.StreamAppend{}, err
		}
		borrower, err := batch.Member(ctx, member.ID(row.Member))
		if err != nil {
			return eventstore.StreamAppend{}, err
		}
		product := row.Product
		if product == "" {
			codes := batch.LoanProducts()
			if len(codes) != 1 {
				return eventstore.StreamAppend{}, ErrLoanProduct
			}
			product = codes[0]
		}
		held := money.Zero()
		for _, p := range savings.Products() {
			held = held.Add(borrower.Account(p).BalanceAt(row.Date))
		}
		m := loan.Migrate{Apply: loan.Apply{
			Loan: lid, Member: row.Member, MemberActive: borrower.Status == member.StatusActive, Savings: held,
			Product: product, Amount: row.Amount, Months: row.TermMonths, By: batch.Actor(), On: row.Date,
		}}
		if row.Rate != "" {
			r, err := decimal.NewFromString(strings.TrimSuffix(row.Rate, "%"))
			if err != nil || r.IsNegative() {
				return eventstore.StreamAppend{}, &input.Error{Field: "rate", Value: row.Rate, Want: input.WantRate}
			}
			if strings.HasSuffix(row.Rate, "%") {
				r = r.Shift(-2)
			}
			m.Rate = &r
		}
		if row.Method != "" {
			if m.Method, err = loan.ParseMethod(row.Method); err != nil {
				return eventstore.StreamAppend{}, &input.Error{Field: "method", Value: row.Method, Want: input.WantMethod}
			}
		}
		return batch.DecideLoan(ctx, lid, func(g loan.Given) loan.Command {
			m.Given = g
			m.Apply.Given = g
			return m
		})
	case LoanRepayPrincipal, LoanRepayInterest:
		lid, err := loan.ParseID(row.Loan)
		if err != nil {
			return eventstore.StreamAppend{}, err
		}
		return batch.DecideLoan(ctx, lid, func(g loan.Given) loan.Command {
			c := loan.RepayParts{Given: g, Ref: row.Ref, Principal: money.Zero(), Interest: money.Zero(), On: row.Date}
			if row.Kind == LoanRepayPrincipal {
				c.Principal = row.Amount
			} else {
				c.Interest = row.Amount
			}
			return c
		})
	}
	return eventstore.StreamAppend{}, &input.Error{Field: "kind", Value: string(row.Kind), Want: input.WantImportKind}
}

// counter counts the bytes read through it.
type counter struct {
	r   io.Reader
	n   int64
	max int64 // refuse reading past this many bytes, whatever the size said
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.max {
		return n, &FileError{Problem: FileTooLarge, Limit: c.max}
	}
	return n, err
}
