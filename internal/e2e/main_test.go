//go:build e2e

// Package e2e proves the built CLIC site in a real browser. It is the
// evidence behind the accessibility statement, so it runs only on request
// (go test -tags e2e ./internal/e2e/, or make e2e, which first installs
// what it needs with .ci/e2e-setup).
//
// TestMain builds the clic command, builds the repository's own site with
// it exactly as a writer would (clic build -source <repo> -dest <tmp>),
// serves the result on 127.0.0.1 with 404.html for missing pages, and
// starts one headless Debian Chromium that every test shares, one tab at
// a time, so the suite stays light on a two-core machine.
//
// The suite fails, and never skips, when a tool is missing: a green run
// must mean the pages were checked. The tools are found at fixed places:
//
//	chromium   on PATH (Debian's package)
//	axe-core   $E2E_AXE, or .e2e/node_modules/axe-core/axe.min.js
//	vnu.jar    $E2E_VNU, or .e2e/node_modules/vnu-jar/build/dist/vnu.jar
//	java       on PATH, to run vnu.jar
//	pdftotext  on PATH (poppler-utils), to read the printed case study
//
// Screenshots and the printed PDF go to $E2E_OUT, or to a new temporary
// folder whose path the tests log. With E2E_README_SHOTS=1 the README's
// two screenshots in .github/screenshots/ are written too; CI never sets it,
// so CI never changes the checkout.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// suite is what TestMain sets up once for every test. It is written once,
// before any test runs, and only read afterwards.
type suite struct {
	root    string          // the repository, holding go.mod and content/
	work    string          // a temporary folder removed at the end
	bin     string          // the clic command, built from this checkout
	site    string          // the built site
	base    string          // http://127.0.0.1:port, serving site
	out     string          // where screenshots and the PDF go
	browser context.Context // a chromedp context whose browser has started
}

var s *suite

func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return 0, fmt.Errorf("cannot find the repository root from %s: %w", root, err)
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		return 0, errors.New("chromium is not installed; run bash .ci/e2e-setup (or apt-get install chromium)")
	}
	work, err := os.MkdirTemp("", "clic-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(work)

	out := os.Getenv("E2E_OUT")
	if out == "" {
		if out, err = os.MkdirTemp("", "clic-e2e-out-"); err != nil {
			return 0, err
		}
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}

	bin := filepath.Join(work, "clic")
	if err := command(root, "go", "build", "-o", bin, "./cmd/clic"); err != nil {
		return 0, err
	}
	site := filepath.Join(work, "site")
	if err := command(root, bin, "build", "-source", root, "-dest", site); err != nil {
		return 0, err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	srv := &http.Server{Handler: siteHandler(site), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browserOptions(chromium, filepath.Join(work, "profile"))...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		return 0, fmt.Errorf("starting %s: %w", chromium, err)
	}

	s = &suite{
		root: root, work: work, bin: bin, site: site,
		base: "http://" + ln.Addr().String(), out: out, browser: browser,
	}
	fmt.Fprintf(os.Stderr, "e2e: site %s served at %s; screenshots and PDF in %s\n", site, s.base, out)
	return m.Run(), nil
}

// browserOptions starts Debian's Chromium headless, as root in a
// container (so without its sandbox), with a fresh profile and nothing
// that calls home: the machine reaches only package registries.
func browserOptions(execPath, profile string) []chromedp.ExecAllocatorOption {
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	return append(opts,
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.WindowSize(1280, 800),
	)
}

// command runs a program in dir and returns its output in the error when
// it fails, so a broken build shows the writer's diagnostics.
func command(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	b, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, b)
	}
	return nil
}

// siteHandler serves the built site as a static host would: pretty URLs
// from index.html, and 404.html with status 404 for anything missing.
func siteHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			_, err = os.Stat(filepath.Join(p, "index.html"))
			if err == nil {
				files.ServeHTTP(w, r)
				return
			}
		} else if err == nil {
			files.ServeHTTP(w, r)
			return
		}
		body, err := os.ReadFile(filepath.Join(dir, "404.html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(body)
	})
}
