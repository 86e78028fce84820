// Command lumbung is the cooperative ledger: one binary for the treasurer's
// laptop (embedded SQLite store) and, later, the web app and the national
// platform. Every subcommand is wiring: the rules live in domain/, the
// storage behind internal/eventstore.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones on machines without a zone database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv,
	})
	stop()
	os.Exit(code)
}
