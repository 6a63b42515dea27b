//go:build e2e

package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSearch types glossary words into the search page as a person would
// and expects glossary pages among the results, with the count in the
// live region so screen readers hear it.
func TestSearch(t *testing.T) {
	count := regexp.MustCompile(`^\d+ results? for `)
	for _, q := range []string{"PDSA", "co-production"} {
		t.Run(q, func(t *testing.T) {
			ctx := tab(t, laptop)
			open(t, ctx, "/search/", 200)
			if eval[bool](t, ctx, `!document.getElementById('search-nojs').hidden`) {
				t.Error(`with JavaScript on, the "Search needs JavaScript" text is still shown`)
			}
			do(t, ctx,
				chromedp.Click(chromedp.CSS("#search-q")),
				chromedp.SendKeys(chromedp.CSS("#search-q"), q),
			)
			waitVisible(t, ctx, `#results a[href^="/glossary/"]`, "a glossary result for "+q)
			type result struct {
				Live, Role, Announced string
				Glossary              []string
			}
			r := eval[result](t, ctx, `(() => {
  const res = document.getElementById('results');
  const c = res.querySelector('.search__count');
  return {Live: res.getAttribute('aria-live') || '', Role: res.getAttribute('role') || '',
    Announced: c ? c.textContent : '',
    Glossary: [...res.querySelectorAll('a[href^="/glossary/"]')].map(a => a.getAttribute('href'))};
})()`)
			if r.Live != "polite" && r.Role != "status" {
				t.Errorf("#results is not a live region (aria-live %q, role %q)", r.Live, r.Role)
			}
			if !count.MatchString(r.Announced) || !strings.Contains(r.Announced, q) {
				t.Errorf("the live region says %q, want the number of results for %q", r.Announced, q)
			}
			if len(r.Glossary) == 0 {
				t.Fatalf("no glossary page among the results for %q", q)
			}
			// The query is kept in the address, so the results can be shared
			// and come back with the Back button.
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(loc, "?q=") {
				t.Errorf("the address %s does not hold the query", loc)
			}
			t.Logf("%q: %s; glossary results %v", q, r.Announced, r.Glossary)
		})
	}

	t.Run("no match", func(t *testing.T) {
		ctx := tab(t, laptop)
		open(t, ctx, "/search/", 200)
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#search-q"), "xyzzyplugh"))
		waitVisible(t, ctx, "#results .search__count", "the count of results")
		said := eval[string](t, ctx, `document.getElementById('results').textContent`)
		if !strings.Contains(said, "No results") {
			t.Errorf("a search with no match says %q, want it to say there are no results", said)
		}
	})

	t.Run("no-js", func(t *testing.T) {
		ctx := tab(t, laptop, noScript)
		open(t, ctx, "/search/", 200)
		type nojs struct {
			Shown bool
			Text  string
			Links []string
		}
		n := eval[nojs](t, ctx, `(() => {
  const e = document.getElementById('search-nojs');
  if (!e) return {Shown: false, Text: '', Links: []};
  const r = e.getBoundingClientRect();
  return {Shown: !e.hidden && r.width > 0 && r.height > 0, Text: e.textContent,
    Links: [...e.querySelectorAll('a')].map(a => a.getAttribute('href'))};
})()`)
		if !n.Shown || !strings.Contains(n.Text, "needs JavaScript") {
			t.Fatalf("without JavaScript the search page does not say it needs JavaScript: %+v", n)
		}
		for _, want := range []string{"/posts/", "/glossary/", "/courses/"} {
			found := false
			for _, l := range n.Links {
				found = found || l == want
			}
			if !found {
				t.Errorf("the no-JavaScript text does not link %s: %v", want, n.Links)
			}
		}
	})
}

// waitVisible waits up to 20 seconds for an element, and on failure says
// what the results area shows instead.
func waitVisible(t *testing.T, ctx context.Context, sel, what string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		t.Fatalf("waited 20 seconds for %s (%s); the results area says %q", what, sel,
			eval[string](t, ctx, `(document.getElementById('results') || {textContent: ''}).textContent`))
	}
}
