package markdown

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func testGlossary(t testing.TB) *Glossary {
	t.Helper()
	g, err := NewGlossary([]Term{
		{Term: "Run chart", Short: "A graph of data over time.", URL: "/glossary/run-chart/"},
		{Term: "Chart", Short: "A picture of data.", URL: "/glossary/chart/"},
		{Term: "PDSA cycle", Aliases: []string{"PDSA", "Plan Do Study Act"}, Short: "A way to test a change.", URL: "/glossary/pdsa/"},
		{Term: "QI", Aliases: []string{"quality improvement"}, Short: "Making care better.", URL: "/glossary/qi/"},
		{Term: "Organisational development", Aliases: []string{"OD"}, Short: "Helping teams work well.", URL: "/glossary/od/"},
		{Term: "Study", Short: "A careful look.", URL: "/glossary/study/"},
		{Term: "Box", Short: "A container.", URL: "/glossary/box/"},
		{Term: "Driver diagram", Short: "A map of what drives a goal.", URL: "/glossary/driver-diagram/"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGlossaryLinks(t *testing.T) {
	g := testGlossary(t)
	short := map[string]string{}
	for _, t := range g.terms {
		short[t.URL] = t.Short
	}
	link := func(url, id, text string) string {
		return `<a class="term" href="` + url + `" aria-describedby="gloss:` + id + `">` + text +
			`</a><span class="term-tip" hidden aria-hidden="true">` + short[url] + `</span>`
	}
	tests := []struct {
		name    string
		in      string
		self    string
		want    []string
		notWant []string
		terms   []string
	}{
		{"whole word, any case", "We drew a CHART today.\n", "",
			[]string{link("/glossary/chart/", "chart", "CHART")}, nil, []string{"/glossary/chart/"}},
		{"not inside a word", "Uncharted charting.\n", "", nil, []string{`class="term"`}, nil},
		{"plural s", "Two charts.\n", "", []string{link("/glossary/chart/", "chart", "charts")}, nil, nil},
		{"plural es", "Three boxes.\n", "", []string{link("/glossary/box/", "box", "boxes")}, nil, nil},
		{"plural ies", "Two studies.\n", "", []string{link("/glossary/study/", "study", "studies")}, nil, nil},
		{"longest match wins", "A run chart and a chart.\n", "",
			[]string{link("/glossary/run-chart/", "run-chart", "run chart"), "and a " + link("/glossary/chart/", "chart", "chart")},
			nil, []string{"/glossary/run-chart/", "/glossary/chart/"}},
		{"longest match plural", "Run charts help.\n", "", []string{link("/glossary/run-chart/", "run-chart", "Run charts")}, []string{"/glossary/chart/"}, nil},
		{"across a line break", "A run\nchart.\n", "", []string{link("/glossary/run-chart/", "run-chart", "run\nchart")}, nil, nil},
		{"not across a sentence", "Go for a run. Chart it.\n", "", []string{link("/glossary/chart/", "chart", "Chart")}, []string{"/glossary/run-chart/"}, nil},
		{"first use only", "A chart, another chart, more charts.\n", "", nil, nil, []string{"/glossary/chart/"}},
		{"alias counts as the same term", "Try PDSA. Then a PDSA cycle.\n", "",
			[]string{`<a class="term" href="/glossary/pdsa/" aria-describedby="gloss:pdsa-cycle"><abbr title="Plan Do Study Act">PDSA</abbr></a>` +
				`<span class="term-tip" hidden aria-hidden="true">A way to test a change.</span>. Then a PDSA cycle.`}, nil, []string{"/glossary/pdsa/"}},
		{"abbreviation plural", "Run two PDSAs.\n", "", []string{`<abbr title="Plan Do Study Act">PDSAs</abbr></a>`}, nil, nil},
		{"abbreviation needs capitals", "The od and qi and pdsa.\n", "", nil, []string{`class="term"`}, nil},
		{"abbreviation term with expansion alias", "QI matters.\n", "",
			[]string{`<a class="term" href="/glossary/qi/" aria-describedby="gloss:qi"><abbr title="quality improvement">QI</abbr></a><span class="term-tip"`}, nil, nil},
		{"abbreviation alias", "OD helps.\n", "", []string{`<abbr title="Organisational development">OD</abbr>`}, nil, nil},
		{"long name is not an abbr", "Quality improvement matters.\n", "", []string{link("/glossary/qi/", "qi", "Quality improvement")}, []string{"<abbr"}, nil},
		{"possessive", "The chart's axis.\n", "", []string{link("/glossary/chart/", "chart", "chart") + "’s"}, nil, nil},
		{"no link in headings", "## The chart\n\nA chart.\n", "", []string{"<h2 id=\"the-chart\">The chart</h2>", "A " + link("/glossary/chart/", "chart", "chart")}, nil, nil},
		{"no link in links", "[a chart](/x/) then chart.\n", "", []string{`<a href="/x/">a chart</a> then ` + link("/glossary/chart/", "chart", "chart")}, nil, nil},
		{"no link in code", "`chart` and\n\n```\nchart\n```\n", "", nil, []string{`class="term"`}, nil},
		{"no link in image alt", "![a chart](c.png)\n", "", nil, []string{`class="term"`}, nil},
		{"no link in raw html", "<p>chart</p>\n\nA <b>chart</b>\n", "", []string{"A <b>" + link("/glossary/chart/", "chart", "chart") + "</b>"}, nil, nil},
		{"own page", "A chart and a run chart.\n", "/glossary/chart/", []string{link("/glossary/run-chart/", "run-chart", "run chart")}, []string{"/glossary/chart/"}, []string{"/glossary/run-chart/"}},
		{"escape one use", "A \\chart, then a chart.\n", "", []string{"A chart, then a " + link("/glossary/chart/", "chart", "chart")}, []string{`\`}, nil},
		{"escape a long name", "\\Run chart then run chart.\n", "", []string{"<p>Run chart then " + link("/glossary/run-chart/", "run-chart", "run chart")}, nil, nil},
		{"inside emphasis and lists", "- *Charts* help\n", "", []string{"<em>" + link("/glossary/chart/", "chart", "Charts") + "</em>"}, nil, nil},
		{"term split by markup is not matched", "A run *chart*.\n", "", []string{"A run <em>" + link("/glossary/chart/", "chart", "chart")}, []string{"run-chart"}, nil},
		{"no link inside raw html link", "<a href=\"/x/\">a chart</a> then <code>chart</code> then chart.\n", "",
			[]string{`<a href="/x/">a chart</a> then <code>chart</code> then ` + link("/glossary/chart/", "chart", "chart")}, nil, nil},
		{"word split by markup", "Un**chart**ed.\n", "", nil, []string{`class="term"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, Options{UnsafeHTML: strings.Contains(tt.name, "raw html")}, Page{Source: []byte(tt.in), Glossary: g, Self: tt.self})
			html := string(res.HTML)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q:\n%s", w, html)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(html, w) {
					t.Errorf("HTML has %q:\n%s", w, html)
				}
			}
			if n := strings.Count(html, `class="term"`); n != len(res.Terms) {
				t.Errorf("%d term links, Terms = %v", n, res.Terms)
			}
			if tt.terms != nil && !slices.Equal(res.Terms, tt.terms) {
				t.Errorf("Terms = %v, want %v", res.Terms, tt.terms)
			}
		})
	}
}

func TestGlossaryList(t *testing.T) {
	g := testGlossary(t)
	in := "Use a run chart in a PDSA.\n\nSummary chart.\n"
	res := render(t, Options{}, Page{Source: []byte(in), Glossary: g})
	want := `<section class="page-glossary" aria-labelledby="page-glossary-title">
<h2 id="page-glossary-title">Words explained on this page</h2>
<dl>
<dt><a href="/glossary/run-chart/">Run chart</a></dt>
<dd id="gloss:run-chart">A graph of data over time.</dd>
<dt><a href="/glossary/pdsa/">PDSA cycle</a></dt>
<dd id="gloss:pdsa-cycle">A way to test a change.</dd>
<dt><a href="/glossary/chart/">Chart</a></dt>
<dd id="gloss:chart">A picture of data.</dd>
</dl>
</section>
`
	if !strings.HasSuffix(string(res.HTML), want) {
		t.Errorf("HTML does not end with the term list:\n%s", res.HTML)
	}
	for _, id := range []string{"page-glossary-title", "gloss:run-chart", "gloss:pdsa-cycle", "gloss:chart"} {
		if !slices.Contains(res.IDs, id) {
			t.Errorf("IDs %v lack %q", res.IDs, id)
		}
	}
	// Every aria-describedby points at an id on the page.
	for _, part := range strings.Split(string(res.HTML), `aria-describedby="`)[1:] {
		id := part[:strings.IndexByte(part, '"')]
		if !slices.Contains(res.IDs, id) {
			t.Errorf("aria-describedby %q has no element", id)
		}
	}
	// The summary has the words but no links to a list that is not there.
	if got, want := string(res.Summary), "Use a run chart in a PDSA."; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if w := render(t, Options{}, Page{Source: []byte(in)}); w.Words != res.Words || w.Terms != nil || strings.Contains(string(w.HTML), "page-glossary") {
		t.Errorf("without glossary: words %d (want %d), terms %v", w.Words, res.Words, w.Terms)
	}
}

func TestGlossaryTermWithoutShort(t *testing.T) {
	g, err := NewGlossary([]Term{{Term: "Huddle", URL: "/glossary/huddle/"}})
	if err != nil {
		t.Fatal(err)
	}
	res := render(t, Options{}, Page{Source: []byte("A huddle.\n"), Glossary: g})
	if want := `<a class="term" href="/glossary/huddle/">huddle</a>.`; !strings.Contains(string(res.HTML), want) {
		t.Errorf("HTML lacks %q:\n%s", want, res.HTML)
	}
}

func TestNewGlossaryErrors(t *testing.T) {
	tests := []struct {
		name  string
		terms []Term
		want  string // substring of the error; "" for none
	}{
		{"ok", []Term{{Term: "Chart", URL: "/c/"}, {Term: "Run chart", URL: "/r/"}}, ""},
		{"same name twice in one term", []Term{{Term: "Chart", Aliases: []string{"chart"}, URL: "/c/"}}, ""},
		{"term collides", []Term{{Term: "Run chart", URL: "/a/"}, {Term: "run  CHART", URL: "/b/"}},
			`"Run chart" (/a/) and "run  CHART" (/b/) both use the name "run  CHART"`},
		{"alias collides with term", []Term{{Term: "PDSA cycle", Aliases: []string{"PDSA"}, URL: "/a/"}, {Term: "pdsa", URL: "/b/"}},
			`"PDSA cycle" (/a/) and "pdsa" (/b/) both use the name "pdsa"`},
		{"no words", []Term{{Term: "--", URL: "/a/"}}, "no letters or digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewGlossary(tt.terms)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			var ce *CollisionError
			if strings.Contains(tt.name, "collides") && !errors.As(err, &ce) {
				t.Errorf("err %T is not a *CollisionError", err)
			}
		})
	}
}

// benchGlossary makes n terms shaped like the corpus's glossary, plus
// aliases and abbreviations, using words that appear in benchPost.
func benchGlossary(t testing.TB, n int) *Glossary {
	quals := strings.Fields("Fast Slow Small Large Careful Quiet Stale Fresh Lazy Eager Shared Private Simple Complex Adaptive Durable Partial Atomic Weighted Versioned Structured")
	nouns := strings.Fields("Cache Queue Index Schema Replica Snapshot Pipeline Build Render Template Parser Compiler Scheduler Worker Process Request Response Handler Router Server Client Session Token Review")
	var terms []Term
	for i := 0; len(terms) < n; i++ {
		name := quals[i%len(quals)] + " " + nouns[(i/len(quals))%len(nouns)]
		if i >= len(quals)*len(nouns) {
			name += fmt.Sprintf(" %d", i/(len(quals)*len(nouns)))
		}
		t := Term{Term: name, Short: "A short plain definition of " + name + ".", URL: "/glossary/" + strings.ToLower(strings.ReplaceAll(name, " ", "-")) + "/"}
		if i%5 == 0 {
			t.Aliases = []string{fmt.Sprintf("ABB%c%c", 'A'+i%26, 'A'+(i/26)%26)}
		}
		terms = append(terms, t)
	}
	for _, w := range nouns[:10] {
		terms = append(terms, Term{Term: w, Short: "One word.", URL: "/glossary/" + strings.ToLower(w) + "/"})
	}
	g, err := NewGlossary(terms)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func BenchmarkGlossary(b *testing.B) {
	r := New(Options{})
	g := benchGlossary(b, 500)
	p := Page{Source: []byte(benchPost(1)), Glossary: g, Resolve: func(d string) string { return "/resolved/" + d }}
	res, err := r.Render(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Terms)), "terms")
}

// TestGlossaryThenNone renders a page with a glossary and then, with the
// same Renderer, pages without one: scratch state reused between renders
// must not carry the first page's glossary over.
func TestGlossaryThenNone(t *testing.T) {
	g, err := NewGlossary([]Term{{Term: "run chart", Short: "A chart.", URL: "/glossary/run-chart/"}})
	if err != nil {
		t.Fatal(err)
	}
	r := New(Options{})
	for i := range 20 {
		p := Page{Source: []byte("A run chart, then another run chart.\n")}
		if i%3 == 0 {
			p.Glossary = g
		}
		res, err := r.Render(p)
		if err != nil {
			t.Fatal(err)
		}
		if linked := strings.Contains(res.HTML, `class="term"`); linked != (p.Glossary != nil) {
			t.Errorf("render %d: linked %v, want %v", i, linked, p.Glossary != nil)
		}
	}
}
