// Package markdown turns a page body written in Markdown into HTML, and
// reports what the page contains so that other packages never re-parse
// HTML: its headings, links, element ids, word count and summary.
//
// It is the only package that imports goldmark. One goldmark instance is
// built by New and shared; Render is safe for concurrent use.
//
// # Markdown accepted
//
// CommonMark plus GitHub Flavoured Markdown (tables, ~~strikethrough~~,
// bare URLs turned into links, task lists), footnotes ([^1]), definition
// lists, attributes on headings ({#id .class}) and typographic
// punctuation: straight quotes become ‘ ’ “ ”, -- becomes an en dash –,
// --- an em dash — and ... an ellipsis …. Literal UTF-8 characters are
// written, never entities, so heading text in the TOC is plain text.
//
// # Headings
//
// Every heading gets an id. Writers may pin one with {#id}; others are made
// from the heading's plain text: letters and digits lower-cased (accented
// letters kept), runs of spaces, '-' and '_' become one '-', other
// characters dropped ("What? So -- what?" becomes "what-so-what"). A {#id}
// anywhere on the page wins over a made id, and the package's own ids
// (footnote-label, page-glossary-title) are never made. Ids are unique within the page: a second "Why" heading becomes
// "why-1". Ids depend only on the page, so they are the same on every build.
// Two {#id} alike are kept as written and both listed in Result.IDs, so
// the caller can report the clash.
// A "# Title" heading in a body is rendered as an h1 as written; the site's
// rule that the page title is the only h1 is checked by the caller, which
// sees every heading's Level in Result.TOC.
//
// # Raw HTML
//
// Unless Options.UnsafeHTML is set, HTML written in Markdown is not passed
// through and not dropped silently: it is shown escaped, as text, so the
// writer sees it on the page (an HTML block becomes
// <pre class="raw-html">, inline HTML a <code class="raw-html">). The
// positions are listed in Result.RawHTML so the caller can warn. A line
// holding only <!--more--> is always allowed: it marks the end of the
// summary and produces no output.
//
// # Summary
//
// Result.Summary is the HTML of every block before a <!--more--> line, or,
// when there is none, the inner HTML of the first paragraph (no <p>
// wrapper). Glossary links are rendered as plain text in the summary,
// because the glossary list they point at is not on list pages. Footnote
// references are kept, so a summary is best written without them.
//
// # Links and images
//
// Every link, image and bare URL is reported in Result.Links in source
// order, with its 1-based line and byte column in Page.Source (the '[' of
// a link, the '!' of an image, the first character of a bare or <angle>
// URL). Destinations that are not absolute (no scheme, not "#..." and not
// "//...") are passed to Page.Resolve, so "../logs/x.md#why" can become
// "/logs/x/#why"; other destinations are left exactly as written. Images
// get loading="lazy" decoding="async" and always keep their alt
// attribute. Markdown always writes an alt attribute, so Link.HasAlt is
// true for every Markdown image.
//
// A decorative image is marked explicitly: empty alt text and the title
// "decorative", as in ![](border.png "decorative"). It is written with
// alt="" and no title (a title would show "decorative" as a tooltip), and
// reported with Link.Decorative set. An image with empty alt text and no
// such title is reported with Text "", so the caller can ask the writer
// to describe it: an empty alt is more often forgotten than meant.
//
// # Prose
//
// With Page.Prose set, Result.Prose holds the plain text of every block a
// reader reads as sentences, for reading-age checks: paragraphs, including
// those in lists, block quotes, footnotes and definitions. Headings,
// definition terms, tables, code (blocks and spans), images, raw HTML and
// bare URLs are left out. Each line break in the source is a "\n" in Text,
// so Line plus the line breaks before a word is the word's line.
//
// # Footnotes
//
// Footnote references link to a list at the end of the body, in
// <section class="footnotes" role="doc-endnotes" aria-labelledby="footnote-label">
// headed by <h2 id="footnote-label" class="footnotes-title">Notes</h2>. Each note ends with a link back
// to its reference labelled "Back to reference N" for screen readers. Ids
// are fn:N, fnref:N (and fnrefK:N for the K+1th reference to the same note).
//
// # Task lists
//
// Check boxes are disabled inputs labelled "Done" or "To do" so that
// accessibility checkers do not report them as unlabelled form fields.
//
// # Glossary
//
// With Page.Glossary set, the first use of each term is linked to its
// page and explained in a list after the body; see Glossary for the
// rules, the escape (\PDSA) and the markup.
//
// # Words
//
// Result.Words counts words of prose: runs of characters without spaces
// holding at least one letter or digit, in every block except code blocks
// and raw HTML. ReadingMinutes is Words/200 rounded up, at least 1.
package markdown

import (
	"bufio"
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure a Renderer for a whole site.
type Options struct {
	// UnsafeHTML passes HTML written in Markdown through to the page. When
	// false, such HTML is shown escaped, as text.
	UnsafeHTML bool
}

// Renderer converts Markdown to HTML. It is safe for concurrent use by
// many goroutines.
type Renderer struct {
	md     goldmark.Markdown
	key    parser.ContextKey // per-render *state in the parser context
	unsafe bool
	bufs   sync.Pool // *renderBuf
	// states is reused between renders for its scratch slices, which
	// would otherwise be grown afresh for every page.
	states sync.Pool // *state
}

// renderBuf is reused between renders: the output buffer and the buffered
// writer goldmark writes through.
type renderBuf struct {
	out bytes.Buffer
	w   *bufio.Writer
}

// Page is one body to render.
type Page struct {
	// Source is the Markdown body, front matter removed, line endings LF
	// and no byte order mark.
	Source []byte
	// Resolve, if set, rewrites link and image destinations that are not
	// absolute, such as "../logs/x.md#why" to "/logs/x/#why".
	Resolve func(dest string) string
	// Glossary, if set, links the first use of each term on the page.
	Glossary *Glossary
	// Self is the URL of this page; a glossary term is never linked on its
	// own page.
	Self string
	// Prose asks for Result.Prose. It is off for plain builds, which do not
	// need it.
	Prose bool
}

// Result is what Render found and made.
type Result struct {
	HTML string
	// Summary is the HTML before a <!--more--> line, or else the inner
	// HTML of the first paragraph. It may be empty.
	Summary string
	TOC     []Heading // every heading, in order
	Links   []Link    // every link, image and bare URL, in source order
	// IDs holds every id attribute written into HTML (headings, footnotes,
	// glossary list) so that #fragment links can be checked.
	IDs            []string
	Words          int
	ReadingMinutes int
	// RawHTML lists where raw HTML was written in Markdown and, because
	// Options.UnsafeHTML is false, shown as text. Nil when UnsafeHTML.
	RawHTML []Position
	// NotLinks lists text that reads as a link but is not one, and is
	// shown with its brackets.
	NotLinks []NotLink
	// Terms holds the URL of each glossary term linked, in order of first use.
	Terms []string
	// Prose holds the page's paragraphs as plain text, in source order,
	// when Page.Prose is set.
	Prose []Paragraph
}

// NotLink is the "[" of text that reads as a link but is not one.
type NotLink struct {
	Position
	Ref bool // "[a][b]", a reference with no definition; else "[a](b)"
}

// Paragraph is one block of prose as plain text. Line is the 1-based line
// in Page.Source of its first character; each "\n" in Text is one line on.
type Paragraph struct {
	Text string
	Line int
}

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string // plain text, no markup
	Line  int
}

// Link is one link or image destination.
type Link struct {
	Dest     string // as written
	Resolved string // after Page.Resolve; equal to Dest if not rewritten
	Line     int
	Col      int
	Image    bool
	Text     string // link text, or image alt text
	HasAlt   bool   // image has an alt attribute (always, for Markdown images)
	// Decorative marks an image with empty alt text and the title
	// "decorative": the writer says it needs no description.
	Decorative bool
}

// Position is a 1-based line and byte column in Page.Source.
type Position struct {
	Line, Col int
}

// New builds the goldmark instance shared by every Render call.
func New(opts Options) *Renderer {
	r := &Renderer{key: parser.NewContextKey(), unsafe: opts.UnsafeHTML}
	htmlOpts := []renderer.Option{}
	if opts.UnsafeHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	subst := map[extension.TypographicPunctuation][]byte{
		extension.LeftSingleQuote:  []byte("‘"),
		extension.RightSingleQuote: []byte("’"),
		extension.LeftDoubleQuote:  []byte("“"),
		extension.RightDoubleQuote: []byte("”"),
		extension.EnDash:           []byte("–"),
		extension.EmDash:           []byte("—"),
		extension.Ellipsis:         []byte("…"),
		extension.Apostrophe:       []byte("’"),
		// nil leaves << and >> alone: British English does not use « ».
		extension.LeftAngleQuote:  nil,
		extension.RightAngleQuote: nil,
	}
	r.md = goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			extension.NewTypographer(extension.WithTypographicSubstitutions(subst)),
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(&transformer{key: r.key}, 10000)),
		),
		goldmark.WithRendererOptions(htmlOpts...),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(&nodeRenderer{unsafe: opts.UnsafeHTML}, 100),
		)),
	)
	r.states.New = func() any { return &state{} }
	r.bufs.New = func() any {
		b := &renderBuf{}
		b.w = bufio.NewWriterSize(&b.out, 8192)
		return b
	}
	return r
}

// Render converts one page. The error is only ever from goldmark's
// renderer; Markdown itself has no syntax errors.
func (r *Renderer) Render(p Page) (Result, error) {
	st := r.states.Get().(*state)
	defer r.states.Put(st)
	st.reset(p, r.unsafe)
	defer st.release()
	ctx := parser.NewContext(parser.WithIDs(&st.idgen))
	ctx.Set(r.key, st)
	doc := r.md.Parser().Parse(text.NewReader(p.Source), parser.WithContext(ctx))

	b := r.bufs.Get().(*renderBuf)
	defer r.bufs.Put(b)
	b.out.Reset()
	b.w.Reset(&b.out)
	rend := r.md.Renderer()
	if err := rend.Render(b.w, p.Source, doc); err != nil {
		return Result{}, err
	}
	if st.gloss != nil {
		st.gloss.writeList(b.w)
		if err := b.w.Flush(); err != nil {
			return Result{}, err
		}
	}
	res := Result{
		HTML:     b.out.String(),
		TOC:      exact(st.toc),
		Links:    exact(st.links),
		Words:    st.words,
		RawHTML:  st.raw,
		NotLinks: st.notLinks,
		Prose:    st.prose,
	}
	var glossIDs []string
	if st.gloss != nil {
		res.Terms = st.gloss.usedURLs()
		glossIDs = st.gloss.listIDs()
	}
	if n := len(st.ids) + len(glossIDs); n > 0 {
		res.IDs = append(append(make([]string, 0, n), st.ids...), glossIDs...)
	}
	res.ReadingMinutes = max(1, (res.Words+199)/200)

	sum, err := r.summary(b, doc, st)
	if err != nil {
		return Result{}, err
	}
	res.Summary = sum
	return res, nil
}

// exact copies a scratch slice into one of its own, the right size, or
// nil when it is empty.
func exact[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// summary renders the blocks before the <!--more--> marker, or the first
// paragraph's inline content, with glossary links as plain text.
func (r *Renderer) summary(b *renderBuf, doc ast.Node, st *state) (string, error) {
	b.out.Reset()
	b.w.Reset(&b.out)
	st.plain = true
	defer func() { st.plain = false }()
	rend := r.md.Renderer()
	if st.more != nil {
		for n := doc.FirstChild(); n != nil && n != st.more; n = n.NextSibling() {
			if err := rend.Render(b.w, st.src, n); err != nil {
				return "", err
			}
		}
	} else if st.firstPara != nil {
		for n := st.firstPara.FirstChild(); n != nil; n = n.NextSibling() {
			if err := rend.Render(b.w, st.src, n); err != nil {
				return "", err
			}
		}
	}
	if err := b.w.Flush(); err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b.out.Bytes())), nil
}
