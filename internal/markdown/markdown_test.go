package markdown

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

func render(t *testing.T, opts Options, p Page) Result {
	t.Helper()
	res, err := New(opts).Render(p)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return res
}

func src(s string) Page { return Page{Source: []byte(s)} }

// posOf returns the 1-based line and column of the n-th (0-based) match of
// sub in s.
func posOf(s, sub string, n int) (int, int) {
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(s[off:], sub)
		if j < 0 {
			panic("no " + sub)
		}
		if i == n {
			off += j
			break
		}
		off += j + len(sub)
	}
	line := strings.Count(s[:off], "\n") + 1
	col := off - (strings.LastIndex(s[:off], "\n") + 1) + 1
	return line, col
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		in      string
		want    []string // substrings of the HTML
		notWant []string
	}{
		{"heading ids unique", Options{}, "## Why\n\n## Why\n\n## Why\n",
			[]string{`<h2 id="why">`, `<h2 id="why-1">`, `<h2 id="why-2">`}, nil},
		{"explicit id wins over earlier auto id", Options{}, "## Why\n\n## Reasons {#why}\n",
			[]string{`<h2 id="why-1">Why</h2>`, `<h2 id="why">Reasons</h2>`}, nil},
		{"heading attribute", Options{}, "## Start here {#begin .big}\n",
			[]string{`<h2 id="begin" class="big">Start here</h2>`}, nil},
		{"heading id punctuation and unicode", Options{}, "## What? So -- what?\n\n## Café au lait\n",
			[]string{`id="what-so-what"`, `id="café-au-lait"`}, nil},
		{"heading cannot take footnote label id", Options{}, "## Footnote label\n",
			[]string{`id="footnote-label-1"`}, nil},
		{"raw html escaped", Options{}, "<div class=\"x\">hi</div>\n\nA <b>bold</b> word.\n",
			[]string{`<pre class="raw-html"><code>&lt;div class=&quot;x&quot;&gt;hi&lt;/div&gt;`, `<code class="raw-html">&lt;b&gt;</code>bold`},
			[]string{"<div", "<b>", "raw HTML omitted"}},
		{"raw html allowed", Options{UnsafeHTML: true}, "<div class=\"x\">hi</div>\n\nA <b>bold</b> word.\n",
			[]string{`<div class="x">hi</div>`, `<b>bold</b>`}, []string{"raw-html"}},
		{"more marker emits nothing, safe", Options{}, "One.\n\n<!--more-->\n\nTwo.\n", []string{"<p>One.</p>\n<p>Two.</p>"}, []string{"more", "raw-html"}},
		{"more marker emits nothing, unsafe", Options{UnsafeHTML: true}, "One.\n\n<!-- more -->\n\nTwo.\n", []string{"<p>One.</p>\n<p>Two.</p>"}, []string{"more"}},
		{"typographer", Options{}, "\"Double\" and 'single', it's -- then --- and...\n",
			[]string{"“Double” and ‘single’, it’s – then — and…"}, []string{"&ldquo;", "&quot;"}},
		{"angle quotes untouched", Options{}, "a << b >> c\n", []string{"a &lt;&lt; b &gt;&gt; c"}, []string{"«"}},
		{"definition list", Options{}, "Apple\n: A fruit.\n", []string{"<dl>\n<dt>Apple</dt>\n<dd>A fruit.</dd>\n</dl>"}, nil},
		{"task list", Options{}, "- [x] done\n- [ ] todo\n",
			[]string{`<li><input type="checkbox" disabled checked aria-label="Done"> done</li>`, `<li><input type="checkbox" disabled aria-label="To do"> todo</li>`}, nil},
		{"table headers", Options{}, "| A | B |\n|---|--:|\n| 1 | 2 |\n", []string{"<th>A</th>", "<td>1</td>"}, nil},
		{"strikethrough", Options{}, "~~old~~\n", []string{"<del>old</del>"}, nil},
		{"image lazy with alt", Options{}, "![A *red* bus](bus.png \"Title\")\n",
			[]string{`<img src="bus.png" alt="A red bus" title="Title" loading="lazy" decoding="async">`}, nil},
		{"decorative image keeps alt", Options{}, "![](line.png)\n", []string{`<img src="line.png" alt="" loading="lazy"`}, nil},
		{"external link unchanged", Options{}, "[x](https://example.com/a?b=c&d=e#f)\n", []string{`<a href="https://example.com/a?b=c&amp;d=e#f">x</a>`}, nil},
		{"footnotes accessible", Options{}, "Text[^n] and again[^n].\n\n[^n]: The note.\n",
			[]string{
				`<sup id="fnref:1"><a href="#fn:1"`,
				`<section class="footnotes" role="doc-endnotes" aria-labelledby="footnote-label">`,
				`<h2 id="footnote-label" class="footnotes-title">Notes</h2>`,
				`<li id="fn:1">`,
				`href="#fnref:1" class="footnote-backref" role="doc-backlink" aria-label="Back to reference 1"`,
				`href="#fnref1:1" class="footnote-backref" role="doc-backlink" aria-label="Back to reference 1 (use 2)"`,
			}, []string{"<h1", "<hr"}},
		{"linkify", Options{}, "See https://example.com/x.\n", []string{`<a href="https://example.com/x">https://example.com/x</a>.`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, tt.opts, src(tt.in))
			for _, w := range tt.want {
				if !strings.Contains(string(res.HTML), w) {
					t.Errorf("HTML lacks %q:\n%s", w, res.HTML)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(res.HTML), w) {
					t.Errorf("HTML has %q:\n%s", w, res.HTML)
				}
			}
		})
	}
}

func TestRawHTMLPositions(t *testing.T) {
	in := "Para.\n\n<div>x</div>\n\nA <b>b</b>.\n\n<!--more-->\n"
	res := render(t, Options{}, src(in))
	want := []Position{{3, 1}, {5, 3}, {5, 7}}
	if !slices.Equal(res.RawHTML, want) {
		t.Errorf("RawHTML = %v, want %v", res.RawHTML, want)
	}
	if res := render(t, Options{UnsafeHTML: true}, src(in)); res.RawHTML != nil {
		t.Errorf("RawHTML with UnsafeHTML = %v, want nil", res.RawHTML)
	}
}

func TestNotLinks(t *testing.T) {
	tests := []struct {
		in   string
		want []NotLink
	}{
		{"See [our page](../about us.md) today.", []NotLink{{Position{1, 5}, false}}},
		{"See [the plan][plan] today.", []NotLink{{Position{1, 5}, true}}},
		{"See [the plan][plan].\n\n[plan]: /plan/", nil},
		{"See [our page](<../about us.md>).", nil},
		{"See [our page](../about.md) and `a[1](2)`.", nil},
		{"Line one.\nThen [x](a b) here.", []NotLink{{Position{2, 6}, false}}},
		{"A [note] (aside) and [^1].\n\n[^1]: A footnote.", nil},
	}
	for _, tt := range tests {
		res := render(t, Options{}, src(tt.in))
		if !slices.Equal(res.NotLinks, tt.want) {
			t.Errorf("%q: NotLinks = %v, want %v", tt.in, res.NotLinks, tt.want)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name, in, want string
		opts           Options
	}{
		{"more marker", "First *para*.\n\nSecond.\n\n<!--more-->\n\nThird.\n", "<p>First <em>para</em>.</p>\n<p>Second.</p>", Options{}},
		{"more marker unsafe", "First.\n\n<!--more-->\n\nThird.\n", "<p>First.</p>", Options{UnsafeHTML: true}},
		{"first paragraph", "## Heading\n\nFirst **para**.\n\nSecond.\n", "First <strong>para</strong>.", Options{}},
		{"first paragraph is top level", "- item\n\nReal one.\n", "Real one.", Options{}},
		{"empty", "## Only a heading\n", "", Options{}},
		{"inline more is not a marker", "A <!--more--> B\n\nC.\n", `A <code class="raw-html">&lt;!--more--&gt;</code> B`, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, tt.opts, src(tt.in))
			if string(res.Summary) != tt.want {
				t.Errorf("Summary = %q, want %q", res.Summary, tt.want)
			}
		})
	}
}

func TestTOCAndIDs(t *testing.T) {
	in := "# Title\n\nText[^1].\n\n## Why `code`?\n\nSetext \\*not em\\* &amp; Q&#38;A\n------\n\n## Why {#why}\n\n[^1]: Note.\n"
	res := render(t, Options{}, src(in))
	want := []Heading{
		{Level: 1, ID: "title", Text: "Title", Line: 1},
		{Level: 2, ID: "why-code", Text: "Why code?", Line: 5},
		{Level: 2, ID: "setext-not-em-qa", Text: "Setext *not em* & Q&A", Line: 7},
		{Level: 2, ID: "why", Text: "Why", Line: 10},
	}
	if !slices.Equal(res.TOC, want) {
		t.Errorf("TOC =\n%+v\nwant\n%+v", res.TOC, want)
	}
	for _, id := range []string{"title", "why-code", "setext-not-em-qa", "why", "fnref:1", "fn:1", "footnote-label"} {
		if !slices.Contains(res.IDs, id) {
			t.Errorf("IDs %v lacks %q", res.IDs, id)
		}
		if !strings.Contains(string(res.HTML), `id="`+id+`"`) {
			t.Errorf("HTML lacks id %q", id)
		}
	}
	if got, want := len(res.IDs), strings.Count(string(res.HTML), ` id="`); got != want {
		t.Errorf("len(IDs) = %d, HTML has %d ids: %v", got, want, res.IDs)
	}
}

func TestLinks(t *testing.T) {
	in := "Intro [one](a.md) and ![pic](img/p.png).\n" +
		"\n" +
		"- item with [two](../logs/x.md#why)\n" +
		"  - nested ![](deco.png)\n" +
		"\n" +
		"| Col | Link |\n" +
		"|-----|------|\n" +
		"| x   | [three](#local) |\n" +
		"\n" +
		"> quote <https://go.dev/doc> and www.example.org and [ext](https://example.com/x.md)\n" +
		"\n" +
		"[ref link][r] and mail me@example.com\n" +
		"\n" +
		"[r]: //cdn.example.com/r\n"
	resolve := func(d string) string {
		path, frag, _ := strings.Cut(d, "#")
		path = strings.TrimPrefix(strings.TrimSuffix(path, ".md"), "../")
		if frag != "" {
			frag = "#" + frag
		}
		return "/" + path + "/" + frag
	}
	res := render(t, Options{}, Page{Source: []byte(in), Resolve: resolve})
	type want struct {
		dest, resolved, at string
		nth                int
		image              bool
		text               string
	}
	wants := []want{
		{"a.md", "/a/", "[one]", 0, false, "one"},
		{"img/p.png", "/img/p.png/", "![pic]", 0, true, "pic"},
		{"../logs/x.md#why", "/logs/x/#why", "[two]", 0, false, "two"},
		{"deco.png", "/deco.png/", "![]", 0, true, ""},
		{"#local", "#local", "[three]", 0, false, "three"},
		{"https://go.dev/doc", "https://go.dev/doc", "https://go.dev/doc", 0, false, "https://go.dev/doc"},
		{"http://www.example.org", "http://www.example.org", "www.example.org", 0, false, "www.example.org"},
		{"https://example.com/x.md", "https://example.com/x.md", "[ext]", 0, false, "ext"},
		{"//cdn.example.com/r", "//cdn.example.com/r", "[ref link]", 0, false, "ref link"},
		{"mailto:me@example.com", "mailto:me@example.com", "me@example.com", 0, false, "me@example.com"},
	}
	if len(res.Links) != len(wants) {
		t.Fatalf("got %d links, want %d: %+v", len(res.Links), len(wants), res.Links)
	}
	for i, w := range wants {
		l := res.Links[i]
		line, col := posOf(in, w.at, w.nth)
		if l.Dest != w.dest || l.Resolved != w.resolved || l.Line != line || l.Col != col || l.Image != w.image || l.Text != w.text || l.HasAlt != w.image {
			t.Errorf("link %d = %+v, want %+v at %d:%d", i, l, w, line, col)
		}
	}
	for _, h := range []string{`href="/a/"`, `src="/img/p.png/"`, `href="/logs/x/#why"`, `href="#local"`, `href="//cdn.example.com/r"`, `href="https://example.com/x.md"`} {
		if !strings.Contains(string(res.HTML), h) {
			t.Errorf("HTML lacks %s:\n%s", h, res.HTML)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in      string
		words   int
		minutes int
	}{
		{"", 0, 1},
		{"One two three.\n", 3, 1},
		{"*Em*phasis and `code span` count -- dashes do not.\n", 8, 1},
		{"Soft\nbreak joins two words.\n", 5, 1},
		{"Text.\n\n```\nignored code words here\n```\n\n    indented code too\n", 1, 1},
		{"# Heading words\n\n- list item\n", 4, 1},
		{strings.Repeat("word ", 201), 201, 2},
		{strings.Repeat("word ", 400), 400, 2},
	}
	for _, tt := range tests {
		res := render(t, Options{}, src(tt.in))
		if res.Words != tt.words || res.ReadingMinutes != tt.minutes {
			t.Errorf("%.40q: words %d minutes %d, want %d %d", tt.in, res.Words, res.ReadingMinutes, tt.words, tt.minutes)
		}
	}
}

// TestDeterministic renders the same page many times, concurrently, on one
// Renderer: every result must be identical.
func TestDeterministic(t *testing.T) {
	r := New(Options{})
	p := Page{Source: []byte(benchPost(3)), Resolve: func(d string) string { return d + "?r" }, Glossary: benchGlossary(t, 100)}
	first, err := r.Render(p)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 4 {
				res, err := r.Render(p)
				if err != nil || string(res.HTML) != string(first.HTML) || string(res.Summary) != string(first.Summary) ||
					!slices.Equal(res.IDs, first.IDs) || !slices.Equal(res.Links, first.Links) || res.Words != first.Words ||
					!slices.Equal(res.Terms, first.Terms) || !slices.Equal(res.TOC, first.TOC) {
					errs <- fmt.Sprintf("render differs (err %v)", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if len(first.Terms) == 0 {
		t.Error("no glossary terms linked: the test does not test the glossary")
	}
	for e := range errs {
		t.Error(e)
	}
}

func TestLinksInFootnotesInSourceOrder(t *testing.T) {
	in := "A[^1] [one](/1/).\n\n[^1]: See [two](/2/).\n\nLast [three](/3/).\n"
	res := render(t, Options{}, src(in))
	var got []string
	for _, l := range res.Links {
		got = append(got, fmt.Sprintf("%s@%d:%d", l.Dest, l.Line, l.Col))
	}
	want := []string{"/1/@1:7", "/2/@3:11", "/3/@5:6"}
	if !slices.Equal(got, want) {
		t.Errorf("links = %v, want %v", got, want)
	}
}
