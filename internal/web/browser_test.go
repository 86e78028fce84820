package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/auth"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/sample"
	"github.com/lumbung-ledger/lumbung/internal/web"
)

// browser returns the path of a Chromium to drive, or skips the test
// saying so (.ci/run installs Debian's chromium).
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("no chromium on this machine: the browser test needs one (apt-get install chromium)")
	return ""
}

// The treasurer's day in a real browser, against the real users'
// service on a SQLite file: sign in, admit a member, take a deposit and
// print its receipt, be refused an over-withdrawal with the figures, and
// apply for a loan; the chair approves it; a member cannot open another
// member's page. Screenshots go to LUMBUNG_SCREENSHOTS (or the test's
// temporary folder).
func TestInTheBrowser(t *testing.T) {
	chrome := browser(t)
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "l.db"), sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()
	svc := app.New(store, app.Options{})
	d, err := sample.SeedDemo(ctx, svc, "bendahara", sample.DemoConfig{Members: 12, Rows: 200})
	require.NoError(t, err)
	users := auth.New(svc, store, auth.Options{})
	for _, u := range []auth.NewUser{
		{Username: "bendahara", Name: "Sri Wahyuni", Roles: []access.Role{access.Bendahara}, Password: "sandi-bendahara-1"},
		{Username: "ketua", Name: "Bambang Hartono", Roles: []access.Role{access.Ketua}, Password: "sandi-ketua-12"},
		{Username: "anggota1", Name: "Anggota Satu", Roles: []access.Role{access.Anggota}, Member: "M0001", Password: "sandi-anggota-1"},
	} {
		_, err := users.AddUser(ctx, "admin", d.Coop, u)
		require.NoError(t, err)
	}
	server := httptest.NewServer(web.New(svc, store, users, web.Options{Coop: d.Coop}))
	defer server.Close()
	shots := os.Getenv("LUMBUNG_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))

	alloc, cancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.WindowSize(1100, 900))...)
	defer cancel()
	tab, cancel := chromedp.NewContext(alloc)
	defer cancel()
	tab, cancel = context.WithTimeout(tab, 90*time.Second)
	defer cancel()

	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(tab, steps...))
	}
	// settled retries a read of the page while it is still being
	// replaced by the one a navigation brings (its nodes go stale).
	settled := func(read func() error) {
		t.Helper()
		var err error
		require.Eventually(t, func() bool { err = read(); return err == nil }, 10*time.Second, 50*time.Millisecond, "the page never settled: %v", err)
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		var s string
		settled(func() (err error) { s, err = chromedp.Run(tab, chromedp.Text(sel)); return err })
		return s
	}
	shot := func(name string) {
		t.Helper()
		var png []byte
		settled(func() (err error) { png, err = chromedp.Run(tab, chromedp.FullScreenshot(100)); return err })
		require.NoError(t, os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644))
	}
	// at waits until the page shown is at path (a prefix), after a
	// submission or a click that navigates.
	at := func(path string) string {
		t.Helper()
		var where string
		require.Eventually(t, func() bool {
			loc, err := chromedp.Run(tab, chromedp.Location())
			where = loc
			return err == nil && strings.HasPrefix(loc, server.URL+path)
		}, 20*time.Second, 50*time.Millisecond, "never reached %s", path)
		do(chromedp.WaitReady(chromedp.CSS(`body`)))
		return where
	}
	signIn := func(user, password string) {
		t.Helper()
		do(chromedp.Navigate(server.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name=username]`), user),
			chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
			chromedp.Submit(chromedp.CSS(`input[name=password]`)))
		do(chromedp.WaitVisible(chromedp.CSS(`form.logout`)))
	}
	signOut := func() {
		t.Helper()
		do(chromedp.Click(chromedp.CSS(`form.logout button`)))
		at("/login")
	}

	// The treasurer signs in, admits a member and takes a deposit.
	signIn("bendahara", "sandi-bendahara-1")
	shot("1-dashboard")
	do(chromedp.Navigate(server.URL+"/members"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/members"] input[name=member]`)),
		chromedp.SendKeys(chromedp.CSS(`form[action="/members"] input[name=member]`), "M9001"),
		chromedp.SendKeys(chromedp.CSS(`form[action="/members"] input[name=name]`), "Dewi Lestari"),
		chromedp.Submit(chromedp.CSS(`form[action="/members"] input[name=name]`)))
	at("/members/M9001")
	assert.Contains(t, text(`main`), "Dewi Lestari")

	do(chromedp.Navigate(server.URL+"/members/M9001/deposit"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=amount]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=product]`), "sukarela"),
		chromedp.SendKeys(chromedp.CSS(`input[name=amount]`), "250000"),
		chromedp.Submit(chromedp.CSS(`input[name=amount]`)))
	at("/receipts/")
	do(chromedp.WaitVisible(chromedp.CSS(`article.receipt`)))
	receipt := text(`article.receipt`)
	shot("2-receipt")
	pdf, err := chromedp.Run(tab, chromedp.PrintToPDF())
	require.NoError(t, err)
	assert.Contains(t, receipt, "KWITANSI")
	assert.Contains(t, receipt, "Rp 250.000")
	assert.True(t, strings.HasPrefix(string(pdf), "%PDF"), "the receipt prints")
	require.NoError(t, os.WriteFile(filepath.Join(shots, "2-receipt.pdf"), pdf, 0o644))

	// An over-withdrawal is refused with the figures; nothing is written.
	do(chromedp.Navigate(server.URL+"/members/M9001/withdraw"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=amount]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=product]`), "sukarela"),
		chromedp.SendKeys(chromedp.CSS(`input[name=amount]`), "999999999"),
		chromedp.Submit(chromedp.CSS(`input[name=amount]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.error`)))
	assert.Contains(t, text(`p.error`), "250.000", "the message shows the balance")
	shot("3-over-withdrawal")

	// A loan applied for by the treasurer, approved by the chair.
	do(chromedp.Navigate(server.URL+"/loans/apply"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=member]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=member]`), "M0002"),
		chromedp.SendKeys(chromedp.CSS(`input[name=amount]`), "1000000"),
		chromedp.SendKeys(chromedp.CSS(`input[name=purpose]`), "modal warung"),
		chromedp.Submit(chromedp.CSS(`input[name=amount]`)))
	loanURL := at("/loans/PJ-")
	signOut()
	signIn("ketua", "sandi-ketua-12")
	do(chromedp.Navigate(loanURL), chromedp.WaitVisible(chromedp.CSS(`form[action$="/approve"] button`)))
	shot("4-approval")
	do(chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`)))
	require.Eventually(t, func() bool {
		s, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`main`)))
		return err == nil && strings.Contains(s, "Disetujui oleh ketua")
	}, 20*time.Second, 50*time.Millisecond, "the approval never shows")
	shot("5-approved")
	do(chromedp.Navigate(server.URL+"/settings"), chromedp.WaitVisible(chromedp.CSS(`form[action="/settings/policy"]`)))
	shot("5b-settings")

	// A member cannot open another member's page.
	signOut()
	signIn("anggota1", "sandi-anggota-1")
	do(chromedp.Navigate(server.URL+"/members/M0002"), chromedp.WaitVisible(chromedp.CSS(`main`)))
	forbidden := text(`main`)
	shot("6-forbidden")
	assert.Contains(t, forbidden, "tidak berwenang")
}
