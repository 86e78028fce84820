// Command lumbung is the cooperative ledger: one binary for the treasurer's
// laptop (embedded SQLite store) and, later, the web app and the national
// platform. Every subcommand is wiring: the rules live in domain/, the
// storage behind internal/eventstore.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // time zones on machines without a zone database
)

// gcPercent is the collector's target for a run of lumbung: one command
// over the log, which allocates briskly while it reads and decodes
// events and keeps little. Collecting at a quarter of the default
// frequency makes a verification of a million events about a sixth
// faster (BenchmarkVerify); memoryLimit keeps the heap within bounds all
// the same. GOGC and GOMEMLIMIT, when set, win.
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv,
	})
	stop()
	os.Exit(code)
}
