package feed

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestAbsolutise(t *testing.T) {
	base, _ := url.Parse("https://example.org/posts/welcome/")
	tests := []struct {
		name, in, want string
	}{
		{"text only", `Fish &amp; chips`, `Fish &amp; chips`},
		{"root relative", `<a href="/about/">x</a>`, `<a href="https://example.org/about/">x</a>`},
		{"document relative", `<img src="photo.jpg">`, `<img src="https://example.org/posts/welcome/photo.jpg">`},
		{"parent", `<a href="../courses/">`, `<a href="https://example.org/posts/courses/">`},
		{"fragment", `<a href="#top">`, `<a href="https://example.org/posts/welcome/#top">`},
		{"query keeps its entity", `<a href="?a=1&amp;b=2">`, `<a href="https://example.org/posts/welcome/?a=1&amp;b=2">`},
		{"single quotes kept", `<a href='x' title="t">`, `<a href='https://example.org/posts/welcome/x' title="t">`},
		{"unquoted kept", `<a class=c href=x>`, `<a class=c href=https://example.org/posts/welcome/x>`},
		{"spaces around value", `<a href = " /x " >`, `<a href = "https://example.org/x" >`},
		{"upper-case name", `<A HREF="x">`, `<A HREF="https://example.org/posts/welcome/x">`},
		{"self-closing", `<img src="x"/>`, `<img src="https://example.org/posts/welcome/x"/>`},
		{"valueless attribute", `<a download href=x>`, `<a download href=https://example.org/posts/welcome/x>`},
		{"protocol relative", `<img src="//cdn.example.net/a.png">`, `<img src="https://cdn.example.net/a.png">`},
		{"poster and cite", `<video poster="p.jpg"></video><q cite="/src/">`, `<video poster="https://example.org/posts/welcome/p.jpg"></video><q cite="https://example.org/src/">`},
		{"duplicate attribute: browsers use the first", `<a href="x" href="y">`, `<a href="https://example.org/posts/welcome/x" href="y">`},
		{"stray equals before name", `<a =z href="x">`, `<a =z href="https://example.org/posts/welcome/x">`},
		{"srcset", `<img srcset="a.jpg 1x, /b.jpg 2x">`, `<img srcset="https://example.org/posts/welcome/a.jpg 1x, https://example.org/b.jpg 2x">`},
		{"srcset widths and spacing", `<img srcset=" a.jpg 480w,b.jpg  800w ">`, `<img srcset=" https://example.org/posts/welcome/a.jpg 480w,https://example.org/posts/welcome/b.jpg  800w ">`},
		{"srcset url ending in comma", `<img srcset="a.jpg, b.jpg 2x">`, `<img srcset="https://example.org/posts/welcome/a.jpg, https://example.org/posts/welcome/b.jpg 2x">`},
		{"srcset comma inside url", `<img srcset="a.jpg,b.jpg 2x">`, `<img srcset="https://example.org/posts/welcome/a.jpg,b.jpg 2x">`},
		{"srcset data url", `<img srcset="data:image/png;base64,AAA 1x, c.png 2x">`, `<img srcset="data:image/png;base64,AAA 1x, https://example.org/posts/welcome/c.png 2x">`},
		{"absolute untouched", `<a href="https://nhs.uk/a?b=1&c=2">`, `<a href="https://nhs.uk/a?b=1&c=2">`},
		{"other schemes untouched", `<a href="mailto:a@b.org"><a href="tel:+441234"><img src="data:,x">`, `<a href="mailto:a@b.org"><a href="tel:+441234"><img src="data:,x">`},
		{"empty untouched", `<a href="">`, `<a href="">`},
		{"other attributes untouched", `<a title="/x" data-href="/y" class='a  b'>`, `<a title="/x" data-href="/y" class='a  b'>`},
		{"comment untouched", `<!-- <a href="x"> -->`, `<!-- <a href="x"> -->`},
		{"script untouched", `<script>var a = '<a href="x">';</script>`, `<script>var a = '<a href="x">';</script>`},
		{"escaped markup untouched", `<pre>&lt;a href="x"&gt;</pre>`, `<pre>&lt;a href="x"&gt;</pre>`},
		{"end tag untouched", `</a href="x">`, `</a href="x">`},
		{"unterminated tag kept", `<p>ok</p><a href="x`, `<p>ok</p><a href="x`},
		{"quote in resolved value escaped", `<a href='it"s'>`, `<a href='https://example.org/posts/welcome/it%22s'>`},
		{"non-ASCII kept", `<p>Café ŵ 🎉</p><a href="caf%C3%A9/">`, `<p>Café ŵ 🎉</p><a href="https://example.org/posts/welcome/caf%C3%A9/">`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := absolutise(tc.in, base)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestAbsolutiseKeepsBytesWhenNothingIsRelative(t *testing.T) {
	base, _ := url.Parse("https://example.org/")
	in := "<!DOCTYPE html>\n<h2 id=\"a\">Fish &amp; chips&nbsp;—&#8212;</h2>\r\n<p CLASS='x'>a<br/>b<BR></p>" +
		"<table><tr><td colspan=2>x</td></tr></table><!--c--><![CDATA[x]]><a href=\"https://x.org/?a=1&amp;b\">l</a>" +
		"<math><mi>x</mi></math><svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg><textarea><a href=\"x\"></textarea>"
	got, err := absolutise(in, base)
	if err != nil {
		t.Fatal(err)
	}
	if got != in {
		t.Errorf("bytes changed:\n got %q\nwant %q", got, in)
	}
}

// FuzzAbsolutise checks that absolutise changes nothing but URL attribute
// values, and that each changed value is the resolved original. The
// tokenizer and scanAttrs must agree on every input for this to hold.
func FuzzAbsolutise(f *testing.F) {
	for _, s := range []string{
		`<a href="x">`, `<a href=x/>`, `<a =href="x" href=y>`, `<img srcset="a 1x,b 2x" src='c'>`,
		`<a href="x`, `<a/href=x>`, `<a href  =  'x'  / >`, "<a\thref\n=\fx>", `<a href=">">`, `<p>t</p>`,
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://example.org/d/p/")
	f.Fuzz(func(t *testing.T, in string) {
		out, err := absolutise(in, base)
		if err != nil {
			return
		}
		a, b := tokens(in), tokens(out)
		if len(a) != len(b) {
			t.Fatalf("%d tokens became %d\nin  %q\nout %q", len(a), len(b), in, out)
		}
		for i := range a {
			if a[i].Type != b[i].Type || a[i].Data != b[i].Data || len(a[i].Attr) != len(b[i].Attr) {
				t.Fatalf("token %d changed: %v -> %v\nin  %q\nout %q", i, a[i], b[i], in, out)
			}
			if a[i].Type != html.StartTagToken && a[i].Type != html.SelfClosingTagToken {
				continue
			}
			for j, at := range a[i].Attr {
				want := at.Val
				switch {
				case isURLAttr(at.Key):
					want = resolve(at.Val, base)
				case at.Key == "srcset":
					want = resolveSrcset(at.Val, base)
				}
				if got := b[i].Attr[j]; got.Key != at.Key || got.Val != want {
					t.Fatalf("attribute %s=%q became %s=%q, want %q\nin  %q\nout %q", at.Key, at.Val, got.Key, got.Val, want, in, out)
				}
			}
		}
	})
}

func tokens(s string) []html.Token {
	z := html.NewTokenizer(strings.NewReader(s))
	var ts []html.Token
	for z.Next() != html.ErrorToken {
		ts = append(ts, z.Token())
	}
	return ts
}

func BenchmarkAbsolutise(b *testing.B) {
	base, _ := url.Parse("https://example.org/posts/welcome/")
	var buf bytes.Buffer
	for range 200 {
		buf.WriteString(`<p>Some <em>text</em> with <a href="../x/" class="c">a link</a> and <img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x" alt="x">.</p>` + "\n")
	}
	s := buf.String()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, err := absolutise(s, base); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormats(b *testing.B) {
	f := sample(b)
	for _, ft := range formats {
		b.Run(ft.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ft.write(f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
