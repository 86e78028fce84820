package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/sample"
)

// benchClock is a fixed instant after every generated date.
func benchClock() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

func generate(b *testing.B, members, rows int) []byte {
	b.Helper()
	var buf bytes.Buffer
	require.NoError(b, sample.Write(&buf, sample.Config{
		Members: members, Rows: rows, Start: calendar.MustNew(2025, 1, 1), Days: 365,
		Pokok: 50_000, Wajib: 10_000, Seed: 1, RefPrefix: "R",
	}))
	return buf.Bytes()
}

func benchImport(b *testing.B, members, rows int) {
	// The file is read from disk, as `lumbung import` does.
	path := filepath.Join(b.TempDir(), "import.csv")
	require.NoError(b, os.WriteFile(path, generate(b, members, rows), 0o600))
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		f, err := os.Open(path)
		require.NoError(b, err)
		fi, err := f.Stat()
		require.NoError(b, err)
		dir := b.TempDir()
		store, err := sqlite.Open(ctx, filepath.Join(dir, "bench.db"), sqlite.Options{})
		require.NoError(b, err)
		svc := app.New(store, app.Options{Clock: benchClock})
		_, err = svc.Register(ctx, "bench", cooperative.Register{Coop: "bench", Name: "Bench", Policy: policy.Default(money.New(50_000), money.New(10_000))})
		require.NoError(b, err)
		b.StartTimer()
		sum, err := importer.Run(ctx, svc, "bench", "bench", f, fi.Size(), importer.Options{})
		require.NoError(b, err)
		require.Equal(b, rows, sum.Written)
		b.StopTimer()
		f.Close()
		store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	if hwm := peakRSS(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "peak-RSS-MiB")
	}
}

// BenchmarkImport100k imports 100,000 generated rows of 10,000 members
// into a fresh store. Target: at least 100,000 rows/s.
func BenchmarkImport100k(b *testing.B) { benchImport(b, 10_000, 100_000) }

// BenchmarkImport1M imports 1,000,000 rows. Targets: at least 100,000
// rows/s and a peak RSS of at most 500 MB (run it alone: the process's
// peak covers everything it ran).
func BenchmarkImport1M(b *testing.B) { benchImport(b, 10_000, 1_000_000) }

// peakRSS returns the process's peak resident set in bytes (VmHWM), or 0
// where /proc does not tell.
func peakRSS() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
