package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

// env is the process's surroundings, replaceable in tests.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// now is the clock; time.Now if nil.
	now func() time.Time
	// signIn gives serve its sign-in service; serve refuses to start
	// without one.
	signIn signIn
}

// cli holds the global flags and what they open, once.
type cli struct {
	env
	storeURL string
	coopFlag string
	langFlag string
	actor    string

	printer i18n.Printer
	// store is the log; snaps keeps the projections' snapshots: the
	// SQLite file itself, or a cache file beside the data for a server.
	store   eventstore.Store
	snaps   eventstore.SnapshotStore
	closers []io.Closer
	svc     *app.Service
	// ran is set once a command's own code starts: an error before that
	// is a malformed command line.
	ran bool
	// cmd is the command being run, to name its flags in errors.
	cmd *cobra.Command
	// access says how the command opens the store: only init and demo
	// create a missing file; audit verify never writes.
	access access
}

type access uint8

const (
	existing access = iota // open a store that must exist
	creating               // create the store if missing
	readOnly               // open an existing store without writing
)

// missingStoreError refuses to run against a store file that does not
// exist: a mistyped --store must not become a new, empty ledger.
type missingStoreError struct{ path string }

func (e *missingStoreError) Error() string {
	return fmt.Sprintf("lumbung: store %s does not exist", e.path)
}

// Unwrap makes errors.Is(err, eventstore.ErrUnavailable) hold.
func (e *missingStoreError) Unwrap() error { return eventstore.ErrUnavailable }

// usageError is a malformed command line: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func run(ctx context.Context, args []string, e env) int {
	c := &cli{env: e}
	root := c.rootCommand()
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	for _, cl := range c.closers {
		cl.Close()
	}
	if err == nil {
		return 0
	}
	if !c.ran {
		var usage usageError
		if !errors.As(err, &usage) {
			err = usageError{err}
		}
	}
	if c.printer.Lang == "" {
		lang, _ := i18n.ParseLang(c.langFlag)
		c.printer = i18n.New(lang)
	}
	code := exitCode(err)
	var quiet silent
	if !errors.As(err, &quiet) {
		fmt.Fprintln(e.stderr, c.printer.T("galat: ", "error: ")+c.explain(err))
	}
	return code
}

func (c *cli) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "lumbung",
		Short: "Lumbung: the event-sourced ledger for cooperatives (koperasi)",
		Long: `Lumbung records a cooperative's members, savings and corrections as
immutable events, and derives balances, passbooks and reports from them.

Every command runs against one store: --store sqlite:PATH (default
sqlite:./lumbung.db, or LUMBUNG_STORE). Messages are in Indonesian unless
--lang en (or LUMBUNG_LANG=en).

Exit codes: 0 ok, 1 refused by a rule, 2 bad input, 3 store unavailable or
corrupt.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			c.cmd = cmd
			lang, ok := i18n.ParseLang(c.langFlag)
			c.printer = i18n.New(lang)
			if !ok {
				return usageError{&input.Error{Field: "lang", Value: c.langFlag, Want: input.WantLang}}
			}
			return nil
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	flags := root.PersistentFlags()
	flags.StringVar(&c.storeURL, "store", c.envOr("LUMBUNG_STORE", "sqlite:./lumbung.db"), "the store: sqlite:PATH (env LUMBUNG_STORE)")
	flags.StringVar(&c.coopFlag, "coop", c.getenv("LUMBUNG_COOP"), "the cooperative's id; optional when the store holds one (env LUMBUNG_COOP)")
	flags.StringVar(&c.langFlag, "lang", c.envOr("LUMBUNG_LANG", "id"), "language of messages and reports: id or en (env LUMBUNG_LANG)")
	flags.StringVar(&c.actor, "actor", c.envOr("LUMBUNG_ACTOR", defaultActor()), "who records, written into every event (env LUMBUNG_ACTOR)")

	root.AddCommand(
		c.initCommand(), c.policyCommand(), c.memberCommand(), c.savingsCommand(), c.reverseCommand(),
		c.importCommand(), c.reportCommand(), c.auditCommand(), c.backupCommand(), c.migrateCommand(), c.demoCommand(),
		c.projectionsCommand(), c.accountsCommand(), c.unitsCommand(), c.journalCommand(), c.periodCommand(),
		c.yearCommand(), c.loanCommand(), c.loansCommand(), c.shuCommand(), c.saleCommand(), c.ratCommand(), c.keysCommand(),
		c.healthCommand(), c.serveCommand(), c.userCommand(),
	)
	for _, sub := range root.Commands() {
		c.markRun(sub)
	}
	return root
}

// markRun notes, for every command, when its own code starts: cobra's
// errors before that (flags, arguments) are usage errors.
func (c *cli) markRun(cmd *cobra.Command) {
	if run := cmd.RunE; run != nil {
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			c.ran = true
			return run(cmd, args)
		}
	}
	for _, sub := range cmd.Commands() {
		c.markRun(sub)
	}
}

func (c *cli) envOr(key, fallback string) string {
	if v := c.getenv(key); v != "" {
		return v
	}
	return fallback
}

func defaultActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "bendahara"
}

func (c *cli) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// open opens the store named by --store.
func (c *cli) open(ctx context.Context) (*app.Service, error) {
	if c.svc != nil {
		return c.svc, nil
	}
	store, snaps, err := c.openURL(ctx, "store", c.storeURL, c.access)
	if err != nil {
		return nil, err
	}
	c.store, c.snaps = store, snaps
	c.svc = app.New(store, app.Options{Clock: c.clock})
	return c.svc, nil
}

// openURL opens the store at url, named by the flag field: a SQLite
// file, or an EventStoreDB/KurrentDB server whose projections' snapshots
// are kept in a SQLite cache file beside the data (LUMBUNG_CACHE, or
// lumbung-cache-HOST-PORT.db in the working directory; a cache lost is
// rebuilt from the log). What it opens is closed when the command ends.
func (c *cli) openURL(ctx context.Context, field, url string, access access) (eventstore.Store, eventstore.SnapshotStore, error) {
	if esdb.IsURL(url) {
		server, err := esdb.Open(ctx, url)
		if err != nil {
			return nil, nil, err
		}
		c.closers = append(c.closers, server)
		cachePath := c.getenv("LUMBUNG_CACHE")
		if cachePath == "" {
			cachePath = cacheFile(url)
		}
		cache, err := sqlite.Open(ctx, cachePath, sqlite.Options{})
		if err != nil {
			return nil, nil, err
		}
		c.closers = append(c.closers, cache)
		return withSnapshots{server, cache}, cache, nil
	}
	path, ok := strings.CutPrefix(url, "sqlite:")
	if !ok || path == "" {
		return nil, nil, usageError{&input.Error{Field: field, Value: url, Want: input.WantStore}}
	}
	if access != creating {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil, &missingStoreError{path: path}
		}
	}
	store, err := sqlite.Open(ctx, path, sqlite.Options{ReadOnly: access == readOnly})
	if err != nil {
		return nil, nil, err
	}
	c.closers = append(c.closers, store)
	return store, store, nil
}

// withSnapshots is a server's log with a local file's snapshots.
type withSnapshots struct {
	eventstore.Store
	eventstore.SnapshotStore
}

// cacheFile names the cache of a server: lumbung-cache-HOST-PORT.db.
func cacheFile(url string) string {
	host := url[strings.Index(url, "://")+3:]
	if i := strings.IndexAny(host, "/?,"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndex(host, "@"); i >= 0 {
		host = host[i+1:]
	}
	return "lumbung-cache-" + strings.NewReplacer(":", "-", "[", "", "]", "").Replace(host) + ".db"
}

// balances returns the balances projection, caught up with the log.
func (c *cli) balances(ctx context.Context) (*balances.Projection, error) {
	if _, err := c.open(ctx); err != nil {
		return nil, err
	}
	p := balances.New()
	if _, err := projector.New(c.store, c.snaps).CatchUp(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// balancesKnownAt is the balances projection as the log stood at the
// instant at: a fold of the events recorded by then. A zero at is the
// projection now.
func (c *cli) balancesKnownAt(ctx context.Context, at time.Time) (*balances.Projection, error) {
	if at.IsZero() {
		return c.balances(ctx)
	}
	p := balances.New()
	_, err := projector.New(c.store, nil).Rebuild(ctx, projector.KnownAt(p, at))
	return p, err
}

// coop resolves the cooperative: --coop, or the only one in the store.
func (c *cli) coop(ctx context.Context) (cooperative.ID, error) {
	if _, err := c.open(ctx); err != nil {
		return "", err
	}
	if c.coopFlag != "" {
		id := cooperative.ID(c.coopFlag)
		if err := c.usePolicy(ctx, id); err != nil {
			return "", err
		}
		return id, nil
	}
	p, err := c.balances(ctx)
	if err != nil {
		return "", err
	}
	coops := p.Cooperatives()
	switch len(coops) {
	case 0:
		return "", errNoCooperative
	case 1:
		id := cooperative.ID(coops[0].ID)
		if err := c.usePolicy(ctx, id); err != nil {
			return "", err
		}
		return id, nil
	}
	ids := make([]string, len(coops))
	for i, co := range coops {
		ids[i] = co.ID
	}
	return "", &manyCoopsError{ids: ids}
}

// coopOn resolves the cooperative and reads the date flag named field,
// today in the cooperative's time zone if it is empty.
func (c *cli) coopOn(ctx context.Context, field, value string) (cooperative.ID, calendar.Date, error) {
	coop, err := c.coop(ctx)
	if err != nil {
		return "", calendar.Date{}, err
	}
	today, err := c.svc.Today(ctx, coop)
	if err != nil {
		return "", calendar.Date{}, err
	}
	on, err := parseDate(field, value, today)
	return coop, on, err
}

// usePolicy checks the cooperative is registered and makes the printer
// print its currency.
func (c *cli) usePolicy(ctx context.Context, id cooperative.ID) error {
	st, err := c.svc.Cooperative(ctx, id)
	if err != nil {
		return err
	}
	v, _ := st.Policies.Latest()
	c.printer.Currency, c.printer.Places = v.Policy.Currency, v.Policy.Places
	return nil
}

var errNoCooperative = errors.New("lumbung: the store holds no cooperative")

type manyCoopsError struct{ ids []string }

func (e *manyCoopsError) Error() string {
	return "lumbung: the store holds several cooperatives; choose one with --coop: " + strings.Join(e.ids, ", ")
}

// parseAmount reads the amount flag or argument named field.
func parseAmount(field, s string) (money.Amount, error) {
	a, err := money.Parse(strings.TrimSpace(s))
	if err != nil {
		return a, &input.Error{Field: field, Value: s, Want: input.WantAmountPresent}
	}
	return a, nil
}

// parseDate reads a date flag; empty means today.
func parseDate(field, s string, today calendar.Date) (calendar.Date, error) {
	if s == "" {
		return today, nil
	}
	return input.Date(field, s)
}

// optionalDate reads a date flag whose absence means no date.
func optionalDate(field, s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	return parseDate(field, s, calendar.Date{})
}

// say prints a line to standard output.
func (c *cli) say(format string, args ...any) {
	fmt.Fprintf(c.stdout, format+"\n", args...)
}

// isTerminal reports whether w is a terminal, for progress indicators.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// explain says what went wrong: the command line's own errors here, the
// ledger's through i18n.
func (c *cli) explain(err error) string {
	p := c.printer
	var many *manyCoopsError
	var usage usageError
	switch {
	case errors.Is(err, errNoCooperative):
		return p.T("Penyimpanan ini belum berisi koperasi. Daftarkan dengan: lumbung init --coop ID --name NAMA",
			"This store holds no cooperative yet. Register one with: lumbung init --coop ID --name NAME")
	case errors.As(err, &many):
		return p.T("Penyimpanan ini berisi beberapa koperasi; pilih dengan --coop: ", "This store holds several cooperatives; choose one with --coop: ") + strings.Join(many.ids, ", ")
	case errors.As(err, new(*missingStoreError)):
		var m *missingStoreError
		errors.As(err, &m)
		return fmt.Sprintf(p.T("Berkas penyimpanan %s belum ada. Periksa --store, atau buat koperasi baru dengan: lumbung init --coop ID --name NAMA",
			"The store file %s does not exist. Check --store, or create a cooperative with: lumbung init --coop ID --name NAME"), m.path)
	case errors.Is(err, errStoreNotEmpty):
		return p.T("Demo hanya diisi ke penyimpanan baru yang kosong; gunakan --store sqlite:BERKAS-BARU.db",
			"The demo only seeds a new, empty store; use --store sqlite:NEW-FILE.db")
	case errors.As(err, &usage):
		var inErr *input.Error
		if errors.As(err, &inErr) {
			return p.Explain(inErr)
		}
		return usageText(p, usage.Error()) + p.T(" (lihat lumbung --help)", " (see lumbung --help)")
	}
	return p.Explain(c.asFlags(err))
}

// asFlags names fields after the command's flags: "--amount", not
// "amount", when the value came from that flag.
func (c *cli) asFlags(err error) error {
	if c.cmd == nil {
		return err
	}
	flag := func(field string) string {
		if c.cmd.Flags().Lookup(field) != nil {
			return "--" + field
		}
		return field
	}
	var inErr *input.Error
	var amount *money.AmountError
	switch {
	case errors.As(err, &inErr):
		e := *inErr
		e.Field = flag(e.Field)
		return &e
	case errors.As(err, &amount):
		e := *amount
		e.Field = flag(e.Field)
		return &e
	}
	return err
}

// usageText translates the command-line parser's messages.
func usageText(p i18n.Printer, msg string) string {
	if p.Lang == i18n.EN {
		return msg
	}
	var a, b string
	var n, m int
	if rest, ok := strings.CutPrefix(msg, "required flag(s) "); ok {
		return "tanda wajib belum diisi: --" + strings.ReplaceAll(strings.Trim(strings.TrimSuffix(rest, " not set"), `"`), `", "`, ", --")
	}
	switch {
	case scan(msg, `unknown flag: %s`, &a), scan(msg, `unknown shorthand flag: %s`, &a):
		return "tanda tidak dikenal: " + a
	case scan(msg, `accepts %d arg(s), received %d`, &n, &m):
		return fmt.Sprintf("perintah ini memerlukan %d argumen, diberikan %d", n, m)
	case scan(msg, `unknown command %s for %s`, &a, &b):
		return "perintah tidak dikenal: " + a
	case scan(msg, `flag needs an argument: %s`, &a):
		return "tanda memerlukan nilai: " + a
	}
	return msg
}

func scan(s, format string, args ...any) bool {
	n, err := fmt.Sscanf(s, format, args...)
	return err == nil && n == len(args)
}
