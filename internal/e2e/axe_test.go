//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The WCAG 2.2 AA rule set the accessibility statement promises.
const axeRun = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
  resultTypes: ['violations', 'incomplete'],
}).then(r => {
  const nodes = ns => ns.map(n => ({
    html: n.html,
    target: n.target.map(String).join(' '),
    summary: n.failureSummary || [...n.any, ...n.all, ...n.none].map(c => c.message).join('; '),
  }));
  const rules = rs => rs.map(v => ({
    id: v.id, impact: v.impact || '', help: v.help, url: v.helpUrl, nodes: nodes(v.nodes),
  }));
  return {violations: rules(r.violations), incomplete: rules(r.incomplete), passes: r.passes.length};
})`

type axeNode struct {
	HTML    string `json:"html"`
	Target  string `json:"target"`
	Summary string `json:"summary"`
}

type axeRule struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	URL    string    `json:"url"`
	Nodes  []axeNode `json:"nodes"`
}

type axeResult struct {
	Violations []axeRule `json:"violations"`
	Incomplete []axeRule `json:"incomplete"`
	Passes     int       `json:"passes"`
}

// axeSource reads axe.min.js, which .ci/e2e-setup installs.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("E2E_AXE")
	if p == "" {
		p = filepath.Join(s.root, ".e2e", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("axe-core is missing (%v); run bash .ci/e2e-setup, or set E2E_AXE to axe.min.js", err)
	}
	return string(b)
}

// checkAxe runs axe on the page open in ctx and fails the test for each
// violation, with what a theme author needs to find and fix it.
func checkAxe(t *testing.T, ctx context.Context, src, label string) {
	t.Helper()
	eval[chromedp.Void](t, ctx, src)
	r := eval[axeResult](t, ctx, axeRun)
	if r.Passes == 0 {
		t.Fatalf("%s: axe passed no rule at all; it did not run on the page", label)
	}
	t.Logf("%s: %d violations, %d rules passed, %d need a person to review", label, len(r.Violations), r.Passes, len(r.Incomplete))
	for _, v := range r.Incomplete {
		t.Logf("  review %s (%s) on %d elements, first: %s", v.ID, v.Help, len(v.Nodes), first(v.Nodes))
	}
	for _, v := range r.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s (%s): %s\n    %s", label, v.ID, v.Impact, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    at %s\n      %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
		t.Error(b.String())
	}
}

// first describes the first element a rule flagged, for a log line.
func first(ns []axeNode) string {
	if len(ns) == 0 {
		return "-"
	}
	return ns[0].Target + " " + ns[0].HTML + ": " + ns[0].Summary
}

// TestAxe checks one page of every type against WCAG 2.2 A and AA as
// axe-core can test it, at laptop width in the light colour scheme.
func TestAxe(t *testing.T) {
	src := axeSource(t)
	ctx := tab(t, laptop)
	for _, p := range pageTypes(t) {
		t.Run(p.name, func(t *testing.T) {
			open(t, ctx, p.path, p.status)
			checkAxe(t, ctx, src, p.path)
		})
	}
}

// TestAxePhoneAndDark repeats the check where layouts and colours change:
// a phone-width screen, and dark mode, whose colours must meet the same
// contrast ratios as the light ones.
func TestAxePhoneAndDark(t *testing.T) {
	src := axeSource(t)
	paths := []string{"/", child(t, "posts", "welcome")}
	for _, c := range []struct {
		name  string
		width int64
		dark  bool
	}{
		{"phone", phone, false},
		{"dark", laptop, true},
		{"phone-dark", phone, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := tab(t, c.width)
			if c.dark {
				dark(t, ctx)
			}
			for _, p := range paths {
				open(t, ctx, p, 200)
				if c.dark {
					// Without this the test could pass on light colours
					// if the emulation silently stopped working.
					if !eval[bool](t, ctx, `matchMedia('(prefers-color-scheme: dark)').matches`) {
						t.Fatal("dark mode emulation did not take effect")
					}
				}
				checkAxe(t, ctx, src, c.name+" "+p)
			}
		})
	}
}
