//go:build e2e

package e2e

// Browser tests of the live preview, clic serve (internal/serve). They
// edit a tiny site in a temporary folder while a tab shows it, as a
// writer would in their editor, and watch the tab follow.

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// tinySite is a site with one page and its own stylesheet, which
// overrides the theme's.
var tinySite = map[string]string{
	"content/_index.md":   "---\ntitle: Tiny\ndescription: A site for testing the preview.\n---\n\nThe home page.\n",
	"content/about.md":    "---\ntitle: About\n---\n\nThe first version of this page.\n",
	"static/css/site.css": "body { background-color: rgb(1, 2, 3); color: rgb(250, 250, 250); }\n",
}

// preview starts clic serve on a copy of the tiny site and returns the
// site's folder and the preview's address. The server stops with the test.
func preview(t *testing.T) (dir, base string) {
	t.Helper()
	dir = t.TempDir()
	for name, body := range tinySite {
		writeSite(t, dir, name, body)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	var out bytes.Buffer
	cmd := exec.Command(s.bin, "serve", "-source", dir, "-addr", addr)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("clic serve said:\n%s", out.String())
		}
	})
	base = "http://" + addr
	for i := 0; ; i++ {
		res, err := http.Get(base + "/about/")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return dir, base
			}
		}
		if i == 300 {
			t.Fatalf("clic serve did not answer on %s within 30 seconds: %v\n%s", addr, err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func writeSite(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, p, []byte(body))
}

// waitFor evaluates a JavaScript condition until it holds, for at most 30
// seconds; errors while the page reloads are expected and retried.
func waitFor(t *testing.T, ctx context.Context, js, what string) {
	t.Helper()
	var last error
	for range 300 {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waited 30 seconds for %s (last error: %v)", what, last)
}

// TestServeLiveReload: saving Markdown reloads the page with the new
// text; saving CSS swaps the stylesheet without a reload; a mistake in
// front matter shows an overlay naming path:line:col, and fixing it
// clears the overlay.
func TestServeLiveReload(t *testing.T) {
	if err := exec.Command(s.bin, "serve", "-h").Run(); err != nil {
		t.Fatalf("clic serve -h failed (%v): the preview command is missing", err)
	}
	dir, base := preview(t)
	ctx := tab(t, laptop)
	do(t, ctx, chromedp.Navigate(base+"/about/"))
	waitFor(t, ctx, `document.body.textContent.includes('The first version')`, "the first version of the page")
	waitFor(t, ctx, `getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'`, "the site's own stylesheet")

	t.Run("markdown reloads", func(t *testing.T) {
		eval[chromedp.Void](t, ctx, `window.__marker = 1`)
		writeSite(t, dir, "content/about.md", "---\ntitle: About\n---\n\nThe second version of this page.\n")
		waitFor(t, ctx, `document.body.textContent.includes('The second version')`, "the page to show the edited text")
		waitFor(t, ctx, `document.documentElement.hasAttribute('data-clic-live')`, "the reloaded page to listen for builds")
		if eval[bool](t, ctx, `window.__marker === 1`) {
			t.Error("the page shows the new text but was not reloaded; expected a reload for a content change")
		}
	})

	t.Run("css swaps in place", func(t *testing.T) {
		eval[chromedp.Void](t, ctx, `window.__marker = 2`)
		writeSite(t, dir, "static/css/site.css", "body { background-color: rgb(4, 5, 6); color: rgb(250, 250, 250); }\n")
		waitFor(t, ctx, `getComputedStyle(document.body).backgroundColor === 'rgb(4, 5, 6)'`, "the new stylesheet")
		if !eval[bool](t, ctx, `window.__marker === 2`) {
			t.Error("the page reloaded for a stylesheet change; it should swap the stylesheet in place")
		}
	})

	t.Run("error overlay", func(t *testing.T) {
		writeSite(t, dir, "content/about.md", "---\ntitle: About\ndate: [not closed\n---\n\nBroken.\n")
		waitFor(t, ctx, `!!document.getElementById('clic-overlay')`, "the error overlay")
		text := eval[string](t, ctx, `document.getElementById('clic-overlay').textContent`)
		if !regexp.MustCompile(`content/about\.md:\d+:\d+`).MatchString(text) {
			t.Errorf("the overlay does not name content/about.md:line:col:\n%s", text)
		}
		if eval[string](t, ctx, `document.getElementById('clic-overlay').getAttribute('role') || ''`) == "" {
			t.Error("the overlay has no role, so screen readers are not told of it")
		}
		writeSite(t, dir, "content/about.md", "---\ntitle: About\n---\n\nThe third version, fixed.\n")
		waitFor(t, ctx, `!document.getElementById('clic-overlay') && document.body.textContent.includes('The third version')`,
			"the overlay to clear and the fixed page to show")
	})

	t.Run("overlay on a fresh load", func(t *testing.T) {
		writeSite(t, dir, "content/about.md", "---\ntitle: [\n---\n")
		waitFor(t, ctx, `!!document.getElementById('clic-overlay')`, "the error overlay")
		// A tab opened while the build is broken is served the overlay too.
		fresh := tab(t, laptop)
		do(t, fresh, chromedp.Navigate(base+"/"))
		waitFor(t, fresh, `!!document.getElementById('clic-overlay')`, "the overlay on a newly opened page")
		writeSite(t, dir, "content/about.md", tinySite["content/about.md"])
		waitFor(t, fresh, `!document.getElementById('clic-overlay')`, fmt.Sprintf("the overlay to clear on %s/", base))
	})
}
