//go:build e2e

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Viewports: a small phone (iPhone 12 to 15 width) and a laptop.
const (
	phone  = 390
	laptop = 1280
)

// tab opens a new tab in the shared browser, width CSS pixels wide. The
// tab closes when the test ends; a stuck page fails the test after two
// minutes instead of hanging the suite.
func tab(t *testing.T, width int64, opts ...func(*testing.T, context.Context)) context.Context {
	t.Helper()
	tctx, cancelTimeout := context.WithTimeout(s.browser, 2*time.Minute)
	ctx, cancel := chromedp.NewContext(tctx)
	t.Cleanup(func() { cancel(); cancelTimeout() })
	height := int64(800)
	if width <= phone {
		height = 844
	}
	do(t, ctx, chromedp.EmulateViewport(width, height))
	for _, o := range opts {
		o(t, ctx)
	}
	return ctx
}

// dark makes the tab prefer a dark colour scheme, as a phone in dark mode.
func dark(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	})
	if err != nil {
		t.Fatalf("emulating dark mode: %v", err)
	}
}

// noScript turns JavaScript off in the tab, for the readers who browse
// without it. DevTools' own evaluations still run.
func noScript(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	if err != nil {
		t.Fatalf("turning JavaScript off: %v", err)
	}
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval runs JavaScript in the page and decodes its value, waiting for it
// when it is a promise.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// open loads a site path in the tab, waits for it to load, and fails the
// test unless the server answered with the status wanted.
func open(t *testing.T, ctx context.Context, p string, status int64) {
	t.Helper()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.base+p))
	if err != nil {
		t.Fatalf("opening %s: %v", p, err)
	}
	if res == nil || res.Status != status {
		got := int64(0)
		if res != nil {
			got = res.Status
		}
		t.Fatalf("opening %s: status %d, want %d", p, got, status)
	}
	// Layout and web fonts settle before anything is measured.
	eval[chromedp.Void](t, ctx, `document.fonts.ready.then(() => undefined)`)
}

// pageCase is one kind of page on the site, at one real address.
type pageCase struct {
	name   string // also the screenshot's file name
	path   string
	status int64
}

// pageTypes lists one page of every type. Sections' single pages are
// picked from the built site, so the list follows the content.
func pageTypes(t *testing.T) []pageCase {
	t.Helper()
	ps := []pageCase{
		{"home", "/", 200},
		{"post-list", "/posts/", 200},
		{"post", child(t, "posts", "welcome"), 200},
		{"tag-list", "/tags/", 200},
		{"tag", child(t, "tags"), 200},
		{"log-list", "/logs/", 200},
		{"log", child(t, "logs"), 200},
		{"course-list", "/courses/", 200},
		{"course", child(t, "courses", "staff-and-patients-workshop"), 200},
		{"glossary", "/glossary/", 200},
		{"term", child(t, "glossary", "pdsa-cycle"), 200},
		{"case-study", "/case-study/", 200},
		{"chapter", child(t, "case-study"), 200},
		{"about", "/about/", 200},
		{"timeline", "/timeline/", 200},
		{"accessibility", "/accessibility/", 200},
		{"search", "/search/", 200},
		{"subscribe", "/subscribe/", 200},
		{"not-found", "/no-such-page/", 404},
	}
	if _, err := os.Stat(filepath.Join(s.site, "authors", "index.html")); err == nil {
		ps = append(ps, pageCase{"author-list", "/authors/", 200}, pageCase{"author", child(t, "authors"), 200})
	}
	return ps
}

// child returns the address of a page in a section of the built site:
// the preferred one when it exists, else the first by name.
func child(t *testing.T, section string, prefer ...string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(s.site, section))
	if err != nil {
		t.Fatalf("the built site has no %s/ section: %v", section, err)
	}
	var names []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(s.site, section, e.Name(), "index.html")); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		t.Fatalf("the built site has no pages in %s/", section)
	}
	for _, p := range prefer {
		if slices.Contains(names, p) {
			return "/" + section + "/" + p + "/"
		}
	}
	slices.Sort(names)
	return "/" + section + "/" + names[0] + "/"
}
