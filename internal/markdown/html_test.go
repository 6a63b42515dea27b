package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
)

// TestIsDangerousURL checks the allocation-free check against goldmark's.
func TestIsDangerousURL(t *testing.T) {
	for _, u := range []string{
		"", "j", "javascript:", "JavaScript:alert(1)", "javascript", "vbscript:x", "VBSCRIPT:",
		"file:///etc/passwd", "FILE:", "data:", "DATA:text/html", "data:image/png;base64,xx",
		"data:image/PNG;x", "data:image/svg+xml;x", "data:image/", "data:image/gif;", "data:image/jpeg;",
		"data:image/webp;", "data:image/jpg;", "https://example.org/", "/posts/x/", "#top",
		"\u212Aavascript:", "javascr\u0130pt:", "java\u212Acript:", "dat\u0130:", "\xff\xfe", "mailto:a@b",
	} {
		if got, want := isDangerousURL([]byte(u)), html.IsDangerousURL([]byte(u)); got != want {
			t.Errorf("isDangerousURL(%q) = %v, goldmark says %v", u, got, want)
		}
	}
}

// TestLinksAsGoldmark checks that links and bare URLs are written as
// goldmark itself writes them.
func TestLinksAsGoldmark(t *testing.T) {
	gm := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAttribute()),
	)
	for _, src := range []string{
		`[a](https://example.org/ "A title & more")`,
		`[a](</x y> (paren title))`,
		`[b](javascript:alert(1))`,
		`[c](JAVASCRIPT:alert(1))`,
		`[d](data:image/png;base64,AAA)`,
		`[e](data:text/html,x)`,
		`[f](/ü/ä?q=1&r=2)`,
		`<https://example.org/a?b=1&c=2>`,
		`<mailto:someone@example.org>`,
		`<someone@example.org>`,
		`see www.example.org/page or https://example.org/x.`,
		`write to someone@example.org today`,
		`[**bold** link](#frag)`,
	} {
		want := convert(t, gm, src)
		res, err := New(Options{}).Render(Page{Source: []byte(src)})
		if err != nil {
			t.Fatal(err)
		}
		if res.HTML != want {
			t.Errorf("%s:\n got %s\nwant %s", src, res.HTML, want)
		}
	}
}

func convert(t *testing.T, gm goldmark.Markdown, src string) string {
	t.Helper()
	var b bytes.Buffer
	if err := gm.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
