//go:build e2e

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusInfo describes the focused element, read just after a Tab.
type focusInfo struct {
	Index        int     `json:"index"` // data-e2e-tab, to find it again
	Tag          string  `json:"tag"`
	Text         string  `json:"text"`
	Href         string  `json:"href"`
	Class        string  `json:"class"`
	FocusVisible bool    `json:"focusVisible"`
	Control      bool    `json:"control"` // in the header, a nav, a pager or a form
	Width        float64 `json:"width"`
	Height       float64 `json:"height"`
	InViewport   bool    `json:"inViewport"`
	Spaced       bool    `json:"spaced"` // WCAG 2.5.8's spacing exception holds
	Style        style   `json:"style"`
}

// style is the part of the computed style that can show focus.
type style struct {
	OutlineStyle string  `json:"outlineStyle"`
	OutlineWidth float64 `json:"outlineWidth"`
	OutlineColor string  `json:"outlineColor"`
	BoxShadow    string  `json:"boxShadow"`
	Background   string  `json:"background"`
	Color        string  `json:"color"`
}

// The focusable elements of a page, for the spacing test.
const focusables = `a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])`

const styleJS = `const styleOf = e => {
  const cs = getComputedStyle(e);
  return {outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
    outlineColor: cs.outlineColor, boxShadow: cs.boxShadow, background: cs.backgroundColor, color: cs.color};
};`

// activeJS marks and describes document.activeElement; null when focus
// is on nothing (the body).
const activeJS = `(() => {` + styleJS + `
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  let index = Number(e.getAttribute('data-e2e-tab'));
  if (!e.hasAttribute('data-e2e-tab')) {
    index = document.querySelectorAll('[data-e2e-tab]').length;
    e.setAttribute('data-e2e-tab', index);
  }
  const r = e.getBoundingClientRect();
  const small = r.width < 24 || r.height < 24;
  // WCAG 2.5.8: an undersized target passes when a 24px circle on its
  // centre touches no other target and no other undersized target's circle.
  let spaced = true;
  if (small) {
    const cx = r.x + r.width / 2, cy = r.y + r.height / 2;
    for (const o of document.querySelectorAll(` + "`" + focusables + "`" + `)) {
      if (o === e || o.contains(e) || e.contains(o)) continue;
      for (const b of o.getClientRects()) {
        if (!b.width || !b.height) continue;
        const dx = Math.max(b.left - cx, 0, cx - b.right), dy = Math.max(b.top - cy, 0, cy - b.bottom);
        const oSmall = b.width < 24 || b.height < 24;
        const ox = b.x + b.width / 2, oy = b.y + b.height / 2;
        if (Math.hypot(dx, dy) < 12 || (oSmall && Math.hypot(cx - ox, cy - oy) < 24)) spaced = false;
      }
    }
  }
  return {
    index, tag: e.tagName.toLowerCase(),
    text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 60),
    href: e.getAttribute('href') || '', class: e.getAttribute('class') || '',
    focusVisible: e.matches(':focus-visible'),
    control: !!(e.closest('header, nav, .pager, .prevnext, form') || /^(BUTTON|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(e.tagName) || e.classList.contains('skip-link')),
    width: r.width, height: r.height,
    inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    spaced, style: styleOf(e),
  };
})()`

// tabTo presses Tab and describes where focus went.
func tabTo(t *testing.T, ctx context.Context) *focusInfo {
	t.Helper()
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	return eval[*focusInfo](t, ctx, activeJS)
}

// restingStyles blurs the page and reads the marked elements' styles as
// they are without focus, to compare with the focused ones.
func restingStyles(t *testing.T, ctx context.Context) []style {
	t.Helper()
	return eval[[]style](t, ctx, `(() => {`+styleJS+`
  document.activeElement && document.activeElement.blur();
  return [...document.querySelectorAll('[data-e2e-tab]')]
    .sort((a, b) => a.getAttribute('data-e2e-tab') - b.getAttribute('data-e2e-tab'))
    .map(styleOf);
})()`)
}

var transparent = regexp.MustCompile(`^(transparent|rgba\(.*,\s*0\))$`)

// indicator says how focus shows on an element, or "" when it does not:
// a real outline at least 2px wide, or a change of shadow or background.
func indicator(focused, resting style) string {
	switch {
	case focused.OutlineStyle != "none" && focused.OutlineWidth >= 2 && !transparent.MatchString(focused.OutlineColor):
		return "outline"
	case focused.BoxShadow != "none" && focused.BoxShadow != resting.BoxShadow:
		return "box-shadow"
	case focused.Background != resting.Background:
		return "background"
	}
	return ""
}

// TestSkipLink: the first Tab on the home page lands on a visible "Skip
// to main content" link, and Enter moves focus, the view and the next Tab
// into the main content.
func TestSkipLink(t *testing.T) {
	for _, width := range []int64{phone, laptop} {
		t.Run(map[int64]string{phone: "phone", laptop: "laptop"}[width], func(t *testing.T) {
			ctx := tab(t, width)
			open(t, ctx, "/", 200)
			f := tabTo(t, ctx)
			if f == nil {
				t.Fatal("Tab focused nothing")
			}
			if !strings.Contains(f.Text, "Skip to main content") || f.Href != "#main" {
				t.Fatalf("first Tab focused <%s href=%q> %q, want the skip link to #main", f.Tag, f.Href, f.Text)
			}
			if !f.FocusVisible || !f.InViewport {
				t.Errorf("the focused skip link is not visible: :focus-visible %v, in the viewport %v", f.FocusVisible, f.InViewport)
			}
			if f.Width < 24 || f.Height < 24 {
				t.Errorf("the skip link is %.0f×%.0f px, want at least 24×24", f.Width, f.Height)
			}
			if got := indicator(f.Style, restingStyles(t, ctx)[0]); got == "" {
				t.Errorf("the skip link shows no focus indicator: %+v", f.Style)
			}

			open(t, ctx, "/", 200)
			do(t, ctx, chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
			type after struct {
				Hash, Active      string
				Top               float64
				AtBottom, Visible bool
			}
			a := eval[after](t, ctx, `(() => {
  const m = document.getElementById('main'), r = m.getBoundingClientRect();
  return {Hash: location.hash, Active: document.activeElement.id, Top: r.top,
    AtBottom: scrollY + innerHeight >= document.documentElement.scrollHeight - 2,
    Visible: r.top < innerHeight && r.bottom > 0};
})()`)
			if a.Hash != "#main" || a.Active != "main" {
				t.Errorf("after Enter on the skip link: hash %q, focus on #%s; want #main focused", a.Hash, a.Active)
			}
			if !a.Visible || (a.Top > 2 && !a.AtBottom) {
				t.Errorf("after Enter on the skip link, #main is not scrolled to the top (top at %.0f px)", a.Top)
			}
			next := tabTo(t, ctx)
			inMain := eval[bool](t, ctx, `document.getElementById('main').contains(document.activeElement)`)
			if next == nil || !inMain {
				t.Errorf("the Tab after the skip link went to %+v, outside #main", next)
			}
		})
	}
}

// TestFocusVisible tabs through the first controls of a page and checks
// each shows where focus is, and that header, menu, pager and form
// controls are big enough to hit (WCAG 2.5.8, 24×24 px or spaced apart).
func TestFocusVisible(t *testing.T) {
	for _, p := range []string{"/", child(t, "posts", "welcome"), "/search/"} {
		for _, width := range []int64{phone, laptop} {
			t.Run(strings.Trim(p, "/")+map[int64]string{phone: "@phone", laptop: "@laptop"}[width], func(t *testing.T) {
				ctx := tab(t, width)
				open(t, ctx, p, 200)
				var seen []*focusInfo
				for range 15 {
					f := tabTo(t, ctx)
					if f == nil || f.Index < len(seen) {
						break // back to the start
					}
					seen = append(seen, f)
				}
				if len(seen) < 3 {
					t.Fatalf("only %d elements took focus from the keyboard", len(seen))
				}
				resting := restingStyles(t, ctx)
				for _, f := range seen {
					what := "<" + f.Tag + " class=" + f.Class + " href=" + f.Href + "> " + f.Text
					if !f.FocusVisible {
						t.Errorf("%s: focused from the keyboard but not :focus-visible", what)
					}
					if how := indicator(f.Style, resting[f.Index]); how == "" {
						t.Errorf("%s: no visible focus indicator\n    focused %+v\n    resting %+v", what, f.Style, resting[f.Index])
					}
					small := f.Width < 24 || f.Height < 24
					switch {
					case small && f.Control && !f.Spaced:
						t.Errorf("%s: target is %.1f×%.1f px, too small and too close to others (WCAG 2.5.8 wants 24×24)", what, f.Width, f.Height)
					case small:
						t.Logf("%s: %.1f×%.1f px, allowed (inline text or spaced apart)", what, f.Width, f.Height)
					}
				}
			})
		}
	}
}

// termPage finds a built page that links a glossary term.
func termPage(t *testing.T) string {
	t.Helper()
	candidates := []string{"/about/", child(t, "posts", "welcome"), child(t, "courses", "staff-and-patients-workshop"), child(t, "logs"), "/case-study/"}
	for _, p := range candidates {
		b, err := os.ReadFile(filepath.Join(s.site, filepath.FromSlash(p), "index.html"))
		if err == nil && regexp.MustCompile(`class="?term[" >]`).Match(b) {
			return p
		}
	}
	t.Fatalf("no page among %v links a glossary term (class=\"term\"), so the glossary cannot be tested", candidates)
	return ""
}

// TestGlossaryKeyboard: a keyboard user who tabs to a glossary link gets
// the term's short definition as the link's accessible description, with
// or without JavaScript.
func TestGlossaryKeyboard(t *testing.T) {
	p := termPage(t)
	for _, js := range []bool{true, false} {
		t.Run(map[bool]string{true: "js", false: "no-js"}[js], func(t *testing.T) {
			ctx := tab(t, laptop)
			if !js {
				noScript(t, ctx)
			}
			open(t, ctx, p, 200)
			var f *focusInfo
			for i := 0; i < 300; i++ {
				f = tabTo(t, ctx)
				if f == nil {
					t.Fatalf("%s: ran out of focusable elements before a glossary link", p)
				}
				if strings.Contains(" "+f.Class+" ", " term ") {
					break
				}
				f = nil
			}
			if f == nil {
				t.Fatalf("%s: 300 Tabs did not reach a glossary link", p)
			}
			described := eval[string](t, ctx, `(document.activeElement.getAttribute('aria-describedby') || '')
  .split(/\s+/).filter(Boolean).map(id => (document.getElementById(id) || {textContent: ''}).textContent.trim()).join(' ')`)
			if described == "" {
				t.Fatalf("%s: glossary link %q has no aria-describedby pointing at a non-empty definition: %s", p, f.Text,
					eval[string](t, ctx, `document.activeElement.outerHTML`))
			}
			// What a screen reader is told: the browser's own description.
			obj := eval[*runtime.RemoteObject](t, ctx, `document.activeElement`)
			tree, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{ObjectID: obj.ObjectID, FetchRelatives: new(false)})
			if err != nil || len(tree.Nodes) == 0 {
				t.Fatalf("reading the accessibility tree: %v", err)
			}
			var desc string
			if d := tree.Nodes[0].Description; d != nil {
				desc = strings.Trim(string(d.Value), `"`)
			}
			if strings.TrimSpace(desc) == "" {
				t.Fatalf("%s: glossary link %q has no accessible description in the browser", p, f.Text)
			}
			if indicator(f.Style, restingStyles(t, ctx)[f.Index]) == "" {
				t.Errorf("%s: glossary link %q shows no focus indicator", p, f.Text)
			}
			t.Logf("%s: %q is described as %q", p, f.Text, desc)
		})
	}
}
