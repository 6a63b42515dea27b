package output

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/clic-cumbria/clic/internal/diag"
)

const testHTML = `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Hi  there</title>
  <style> body { color : red ; } </style>
  <script type="application/ld+json"> { "name" : "CLIC" } </script>
</head>
<body>
  <p>Hello <a href="/x/" class="a b">world</a> <em>and</em>   more</p>
  <pre>
  code
     indented
</pre>
  <ul><li>one</li><li>two</li></ul>
  <img src="a.png" alt="A chart">
  <script>
    var total = 1 + 2; console.log( total );
  </script>
</body>
</html>
`

const testFeed = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="/feed.xsl" type="text/xsl"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>CLIC   news</title>
  <link href="https://example.org/?a=1&amp;b=2" rel="self"></link>
  <entry>
    <title type="html">Q &amp; A</title>
    <content type="html">&lt;pre&gt;a
    b&lt;/pre&gt;</content>
    <summary type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml"><b>one</b>
        <i>two</i></div>
    </summary>
    <rights xml:space="preserve">
      kept
    </rights>
  </entry>
</feed>
`

const testXSL = `<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <p><xsl:value-of select="a"/><xsl:text> </xsl:text><xsl:value-of select="b"/></p>
    <p><xsl:value-of select="a"/> - <xsl:value-of select="b"/></p>
    <xsl:text>
</xsl:text>
  </xsl:template>
</xsl:stylesheet>
`

func TestMinify(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string   // exact output, when set
		has     []string // substrings the output must contain
		hasNot  []string // substrings it must not contain
		smaller bool
	}{
		{name: "site.css", in: "body { color : red ; }\n", want: "body{color:red}"},
		{name: "app.js", in: "var total = 1 + 2 ;\nconsole.log( total );\n", has: []string{"console.log("}, hasNot: []string{"\n", " = "}, smaller: true},
		{name: "data.json", in: "{ \"a\" : [1, 2] }\n", want: `{"a":[1,2]}`},
		{name: "site.webmanifest", in: "{\n  \"name\" : \"CLIC\"\n}\n", want: `{"name":"CLIC"}`},
		{name: "logo.svg", in: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">  <path d="M 0 0 L 10 10"/>  </svg>`,
			has: []string{"<svg", "viewBox", "<path"}, smaller: true},
		{name: "a/index.html", in: testHTML,
			has: []string{
				`<html lang="en-GB">`, "<head>", "</head>", "<body>", "</body></html>", // document tags kept
				"</p>", "</li>", // end tags kept
				`class="a b"`, `alt="A chart"`, `href="/x/"`, // quotes kept
				"<pre>\n  code\n     indented\n</pre>", // pre untouched
				"body{color:red}", `{"name":"CLIC"}`,   // inline CSS and JSON-LD minified
				"Hello <a", "</a> <em>and</em> more", // spaces between words kept
			},
			hasNot:  []string{"<!--", "  <p>"},
			smaller: true},
		{name: "UPPER.HTML", in: "<p>a</p>\n\n<p>b</p>", has: []string{"<p>a</p><p>b</p>"}},
		{name: "index.xml", in: testFeed,
			has: []string{
				`<?xml version="1.0" encoding="UTF-8"?>`, `<?xml-stylesheet href="/feed.xsl" type="text/xsl"?>`,
				"<title>CLIC   news</title>", // text is never collapsed
				"&lt;pre&gt;a\n    b&lt;/pre&gt;",
				`?a=1&amp;b=2`,
				"<b>one</b>\n        <i>two</i>", // XHTML keeps its spacing
				"<rights xml:space=\"preserve\">\n      kept\n    </rights>",
				`<feed xmlns="http://www.w3.org/2005/Atom"><title>`,
			},
			smaller: true},
		{name: "feed.xsl", in: testXSL,
			has: []string{
				"<xsl:text> </xsl:text>", "<xsl:text>\n</xsl:text>",
				`<xsl:value-of select="a"/> - <xsl:value-of select="b"/>`,
				`<xsl:template match="/"><p>`,
			},
			smaller: true},
		{name: "notes.txt", in: "  keep   me \n\n", want: "  keep   me \n\n"},
		{name: "photo.png", in: "\x89PNG\r\n\x1a\n  ", want: "\x89PNG\r\n\x1a\n  "},
		{name: "noext", in: "<p>  x  </p>", want: "<p>  x  </p>"},
	}
	m := NewMinifier(true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			got, err := m.Minify(tt.name, in)
			if err != nil {
				t.Fatal(err)
			}
			if string(in) != tt.in {
				t.Error("Minify changed its input slice")
			}
			out := string(got)
			if tt.want != "" && out != tt.want {
				t.Errorf("got %q; want %q", out, tt.want)
			}
			for _, s := range tt.has {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(out, s) {
					t.Errorf("output contains %q:\n%s", s, out)
				}
			}
			if tt.smaller && len(got) >= len(in) {
				t.Errorf("output is not smaller (%d >= %d bytes)", len(got), len(in))
			}
		})
	}
}

// xmlText returns the character data of a document, the part a reader of
// a feed or an XSLT processor can see, and fails on invalid XML.
func xmlText(t *testing.T, doc []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatalf("invalid XML: %v\n%s", err, doc)
		}
		switch tok := tok.(type) {
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				b.WriteString(string(tok) + "|")
			}
		case xml.StartElement:
			b.WriteString("<" + tok.Name.Local + ">")
		}
	}
}

func TestMinifyXMLKeepsText(t *testing.T) {
	m := NewMinifier(true)
	for name, doc := range map[string]string{"index.xml": testFeed, "feed.xsl": testXSL} {
		got, err := m.Minify(name, []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if before, after := xmlText(t, []byte(doc)), xmlText(t, got); before != after {
			t.Errorf("%s: text changed\nbefore: %s\nafter:  %s", name, before, after)
		}
	}
}

func TestMinifyDisabled(t *testing.T) {
	m := NewMinifier(false)
	if m.Enabled() {
		t.Error("disabled Minifier reports Enabled")
	}
	for name, in := range map[string]string{"a.html": testHTML, "index.xml": testFeed, "feed.xsl": testXSL, "a.css": "a { }", "a.js": "var  x = 1;"} {
		got, err := m.Minify(name, []byte(in))
		if err != nil || string(got) != in {
			t.Errorf("%s: disabled Minify changed data (err %v)", name, err)
		}
	}
}

func TestMinifyDeterministic(t *testing.T) {
	m := NewMinifier(true)
	for name, in := range map[string]string{"a.html": testHTML, "index.xml": testFeed, "a.js": "function f(longName){return longName*2} f(3);"} {
		first, err := m.Minify(name, []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				got, err := m.Minify(name, []byte(in))
				if err != nil || !bytes.Equal(got, first) {
					t.Errorf("%s: concurrent Minify gave a different result (err %v)", name, err)
				}
			})
		}
		wg.Wait()
		if again, _ := NewMinifier(true).Minify(name, []byte(in)); !bytes.Equal(again, first) {
			t.Errorf("%s: a second Minifier gave a different result", name)
		}
	}
}

func TestMinifyError(t *testing.T) {
	in := []byte("var x = ;\n")
	got, err := NewMinifier(true).Minify("js/site.js", in)
	var d diag.Diagnostic
	if !errors.As(err, &d) {
		t.Fatalf("error = %v (%T); want a diag.Diagnostic", err, err)
	}
	if d.Pos.File != "js/site.js" || d.Pos.Line != 1 || !strings.Contains(d.Msg, "build without minifying") {
		t.Errorf("diagnostic = %+v; want js/site.js:1 with advice", d)
	}
	if !bytes.Equal(got, in) {
		t.Errorf("on error Minify returned %q; want the input", got)
	}
}

func TestCheckName(t *testing.T) {
	for _, name := range []string{"index.html", "posts/welcome/index.html", "a b/c.html", "café/x.html", ".well-known/security.txt"} {
		if err := CheckName(name); err != nil {
			t.Errorf("CheckName(%q) = %v; want nil", name, err)
		}
	}
}

// TestMinifyOwned checks that MinifyOwned copies nothing when there is
// nothing to minify, and minifies as Minify does otherwise.
func TestMinifyOwned(t *testing.T) {
	on, off := NewMinifier(true), NewMinifier(false)
	tests := []struct {
		name     string
		m        *Minifier
		file     string
		in       string
		wantSame bool
	}{
		{"disabled", off, "a.html", "<p>  x  </p>", true},
		{"not minified", on, "a.png", "  binary  ", true},
		{"html", on, "a.html", "<p>  x  </p>", false},
		{"xml", on, "a.xml", "<a>\n  <b/>\n</a>\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			got, err := tt.m.MinifyOwned(tt.file, in)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tt.m.Minify(tt.file, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("MinifyOwned = %q, Minify = %q", got, want)
			}
			if same := len(got) > 0 && &got[0] == &in[0]; same != tt.wantSame {
				t.Errorf("returned its input: %v, want %v", same, tt.wantSame)
			}
		})
	}
}
