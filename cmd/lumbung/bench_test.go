package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/internal/sample"
)

// BenchmarkReportBalances runs `lumbung report balances` as a person
// would, in process, on a warm store of 10,000 members and 200,000
// events: open the file, restore the balances from their snapshot, catch
// up (nothing new), render the table of every member. Target: at most
// 100 ms.
func BenchmarkReportBalances(b *testing.B) {
	dir := b.TempDir()
	db := filepath.Join(dir, "bench.db")
	csv := filepath.Join(dir, "import.csv")
	var buf bytes.Buffer
	require.NoError(b, sample.Write(&buf, sample.Config{
		Members: 10_000, Rows: 200_000, Start: calendar.MustNew(2025, 1, 1), Days: 360,
		Pokok: 50_000, Wajib: 10_000, Seed: 7, RefPrefix: "R",
	}))
	require.NoError(b, os.WriteFile(csv, buf.Bytes(), 0o600))
	quiet := env{stdin: bytes.NewReader(nil), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, now: now}
	cli := func(args ...string) int {
		return run(context.Background(), append([]string{"--store", "sqlite:" + db, "--actor", "bench"}, args...), quiet)
	}
	require.Equal(b, 0, cli("init", "--coop", "bench", "--name", "Koperasi Bench"))
	require.Equal(b, 0, cli("import", csv)) // also warms the balances snapshot
	for b.Loop() {
		if code := cli("report", "balances"); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
}
