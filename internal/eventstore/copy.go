package eventstore

import (
	"context"
	"iter"
)

// Runs groups consecutive events of one stream into the parts of a batch
// that appends them where they were: each part expects the revision
// before its first event, and stays within the limits of one append.
func Runs(events iter.Seq2[RecordedEvent, error]) iter.Seq2[StreamAppend, error] {
	return func(yield func(StreamAppend, error) bool) {
		var part StreamAppend
		size := 0
		flush := func() bool {
			if len(part.Events) == 0 {
				return true
			}
			ok := yield(part, nil)
			part, size = StreamAppend{}, 0
			return ok
		}
		for rec, err := range events {
			if err != nil {
				yield(StreamAppend{}, err)
				return
			}
			n := rec.size()
			if rec.Stream != part.Stream || size+n > MaxAppendSize || len(part.Events) == 1000 {
				if !flush() {
					return
				}
				part.Stream = rec.Stream
				part.Expected = NoStream()
				if rec.Revision > 0 {
					part.Expected = Exact(rec.Revision - 1)
				}
			}
			part.Events = append(part.Events, rec.EventData)
			size += n
		}
		flush()
	}
}

// Copy appends every event of from's log, in its order, to to: the same
// streams, revisions, ids and bytes, so that every hash chain still
// links. It copies a page of the log per batch; events already in to, as
// a copy interrupted and run again finds them, are idempotent retries
// and are not written twice. progress, if set, is told after each page
// how many events were read and written so far.
func Copy(ctx context.Context, from, to Store, progress func(read, written int)) (read, written int, err error) {
	at := Start
	for {
		page, err := from.ReadAll(ctx, at, Forwards, 5000)
		if err != nil {
			return read, written, err
		}
		if len(page) == 0 {
			return read, written, nil
		}
		res, err := to.AppendBatch(ctx, Runs(func(yield func(RecordedEvent, error) bool) {
			for _, e := range page {
				if !yield(e, nil) {
					return
				}
			}
		}))
		if err != nil {
			return read, written, err
		}
		read += len(page)
		written += res.Events
		at = page[len(page)-1].Position
		if progress != nil {
			progress(read, written)
		}
	}
}
