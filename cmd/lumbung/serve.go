package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/httpapi"
	"github.com/lumbung-ledger/lumbung/internal/web"
)

// shutdownGrace bounds how long a shutdown waits for requests in flight.
const shutdownGrace = 30 * time.Second

// signIn, when set, gives serve the sessions to sign people in with in
// place of the users' service of the store (internal/auth): tests pass
// their own.
type signIn func(ctx context.Context, svc *app.Service) (auth.Sessions, error)

func (c *cli) serveCommand() *cobra.Command {
	var addr, certFile, keyFile string
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--tls-cert FILE --tls-key FILE]",
		Short: "Serve the web app for treasurers, officers and members, the JSON API under /api/v1, /healthz, /readyz and /metrics",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if (certFile == "") != (keyFile == "") {
				return usageError{errors.New("--tls-cert and --tls-key go together")}
			}
			svc, err := c.open(ctx)
			if err != nil {
				return err
			}
			var sessions auth.Sessions
			if c.signIn != nil {
				sessions, err = c.signIn(ctx, svc)
			} else {
				sessions, err = c.auth(ctx)
			}
			if err != nil {
				return err
			}
			// The sign-in form names the cooperative when the store holds
			// one; with several, it asks.
			coop, err := c.coop(ctx)
			var many *manyCoopsError
			if err != nil && !errors.As(err, &many) {
				return err
			}
			log := slog.New(slog.NewJSONHandler(c.stderr, nil))
			// The users' service of the store manages users from the
			// settings page and through the API's /users routes.
			apiUsers, _ := sessions.(httpapi.Users)
			api := httpapi.New(svc, sessions, httpapi.Options{Logger: log, Users: apiUsers})
			users, _ := sessions.(web.Users)
			ui := web.New(svc, c.store, sessions, web.Options{Coop: coop, Log: log, Users: users})
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usageError{err}
			}
			scheme := "http"
			if certFile != "" {
				scheme = "https"
			}
			log.Info("serving", slog.String("addr", ln.Addr().String()), slog.Bool("tls", certFile != ""))
			c.say(c.printer.T("Lumbung melayani di %s://%s/ (API di /api/v1). Masuk dengan pengguna yang dibuat lumbung init atau lumbung demo. Hentikan dengan Ctrl+C.",
				"Lumbung is serving at %s://%s/ (the API under /api/v1). Sign in with a user made by lumbung init or lumbung demo. Stop with Ctrl+C."), scheme, ln.Addr())
			mux := opsMux(api, api)
			mux.Handle("/", ui)
			return serveUntil(ctx, mux, ln, certFile, keyFile, log)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&certFile, "tls-cert", "", "TLS certificate file (PEM); with --tls-key, serve HTTPS")
	cmd.Flags().StringVar(&keyFile, "tls-key", "", "TLS private key file (PEM)")
	return cmd
}

// opsMux mounts the API (served by h, normally api itself) beside the
// operations endpoints.
func opsMux(api *httpapi.API, h http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle(httpapi.Prefix+"/", h)
	mux.Handle("GET /healthz", api.Healthz())
	mux.Handle("GET /readyz", api.Readyz())
	mux.Handle("GET /metrics", api.MetricsHandler())
	return mux
}

// serveUntil serves h on ln until ctx ends, then shuts down gracefully:
// it stops accepting, and waits (up to shutdownGrace) for the requests in
// flight to finish. Commands run on contexts that are not cancelled, so
// an append begun is completed.
func serveUntil(ctx context.Context, h http.Handler, ln net.Listener, certFile, keyFile string, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() {
		if certFile != "" {
			done <- srv.ServeTLS(ln, certFile, keyFile)
			return
		}
		done <- srv.Serve(ln)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-done; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
