package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// footnoteLabelID names the heading of the footnote list. The id
// generator reserves it so no heading can take it.
const footnoteLabelID = "footnote-label"

// moreNode replaces the <!--more--> marker; it renders as nothing.
type moreNode struct{ ast.BaseBlock }

var kindMore = ast.NewNodeKind("ClicMore")

func (n *moreNode) Kind() ast.NodeKind { return kindMore }
func (n *moreNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// nodeRenderer overrides goldmark's HTML for the nodes where the site
// needs different markup: raw HTML, images, footnotes, task check boxes,
// the summary marker and glossary terms.
type nodeRenderer struct {
	unsafe bool
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	if !r.unsafe {
		reg.Register(ast.KindHTMLBlock, r.htmlBlock)
		reg.Register(ast.KindRawHTML, r.rawHTML)
	}
	reg.Register(kindMore, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindImage, r.image)
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindAutoLink, r.autoLink)
	reg.Register(east.KindFootnoteList, r.footnoteList)
	reg.Register(east.KindFootnoteBacklink, r.footnoteBacklink)
	reg.Register(east.KindTaskCheckBox, r.taskCheckBox)
	reg.Register(kindTerm, r.term)
}

// htmlBlock shows an HTML block as escaped text.
func (r *nodeRenderer) htmlBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.HTMLBlock)
	_, _ = w.WriteString(`<pre class="raw-html"><code>`)
	for i := range n.Lines().Len() {
		s := n.Lines().At(i)
		_, _ = w.Write(util.EscapeHTML(s.Value(src)))
	}
	if n.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(src)))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// rawHTML shows inline HTML as escaped text.
func (r *nodeRenderer) rawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	_, _ = w.WriteString(`<code class="raw-html">`)
	for i := range n.Segments.Len() {
		s := n.Segments.At(i)
		_, _ = w.Write(util.EscapeHTML(s.Value(src)))
	}
	_, _ = w.WriteString(`</code>`)
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) image(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	_, _ = w.WriteString(`<img src="`)
	r.writeDest(w, n.Destination)
	_, _ = w.WriteString(`" alt="`)
	writeAlt(w, src, n)
	_ = w.WriteByte('"')
	if !isDecorative(n.Title) {
		writeTitle(w, n.Title)
	}
	_, _ = w.WriteString(` loading="lazy" decoding="async">`)
	return ast.WalkSkipChildren, nil
}

// writeDest writes a link's or image's destination, escaped, or nothing
// for a dangerous one (javascript: and the like) unless raw HTML is on.
func (r *nodeRenderer) writeDest(w util.BufWriter, dest []byte) {
	dest = util.URLEscape(dest, true)
	if r.unsafe || !isDangerousURL(dest) {
		_, _ = w.Write(util.EscapeHTML(dest))
	}
}

// writeTitle writes a title attribute, if there is a title.
func writeTitle(w util.BufWriter, title []byte) {
	if title == nil {
		return
	}
	_, _ = w.WriteString(` title="`)
	html.DefaultWriter.Write(w, title)
	_ = w.WriteByte('"')
}

// link writes what goldmark's own renderer writes for a link, without
// the garbage its check of the URL makes: ten or so small allocations
// per link, which on a whole site keep the collector busy.
func (r *nodeRenderer) link(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Link)
	_, _ = w.WriteString(`<a href="`)
	r.writeDest(w, n.Destination)
	_ = w.WriteByte('"')
	writeTitle(w, n.Title)
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// autoLink is goldmark's rendering of a bare or <angle> URL, as link is.
func (r *nodeRenderer) autoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	_, _ = w.WriteString(`<a href="`)
	url := util.URLEscape(n.URL(src), false)
	// As goldmark checks it (emails are few: the garbage does not matter).
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		_, _ = w.WriteString("mailto:")
	}
	if r.unsafe || !isDangerousURL(url) {
		_, _ = w.Write(util.EscapeHTML(url))
	}
	if n.Attributes() != nil {
		_ = w.WriteByte('"')
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString(`">`)
	}
	_, _ = w.Write(util.EscapeHTML(n.Label(src)))
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

// isDangerousURL is html.IsDangerousURL without allocating.
func isDangerousURL(url []byte) bool {
	if hasPrefixFold(url, "data:image/") {
		v := url[len("data:image/"):]
		return !hasPrefixFold(v, "png;") && !hasPrefixFold(v, "gif;") &&
			!hasPrefixFold(v, "jpeg;") && !hasPrefixFold(v, "webp;")
	}
	return hasPrefixFold(url, "javascript:") || hasPrefixFold(url, "vbscript:") ||
		hasPrefixFold(url, "file:") || hasPrefixFold(url, "data:")
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix,
// ignoring the case of ASCII letters in s. It agrees with goldmark's
// comparison of bytes.ToLower(s[:len(prefix)]): the few non-ASCII letters
// whose lower case is ASCII (the Kelvin sign, dotted capital I) shrink as
// they lower, so a slice holding one never lowers to a prefix's length.
func hasPrefixFold(s []byte, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// writeAlt writes the plain text of an image's description.
func writeAlt(w util.BufWriter, src []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			html.DefaultWriter.Write(w, c.Segment.Value(src))
			if c.SoftLineBreak() {
				_ = w.WriteByte(' ')
			}
		case *ast.String:
			html.DefaultWriter.Write(w, c.Value)
		default:
			writeAlt(w, src, c)
		}
	}
}

// footnoteList is a labelled region with an h2, so the page keeps a
// single h1 and screen-reader users can jump to the notes.
func (r *nodeRenderer) footnoteList(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<section class="footnotes" role="doc-endnotes" aria-labelledby="` + footnoteLabelID + `">` + "\n" +
			`<h2 id="` + footnoteLabelID + `" class="footnotes-title">Notes</h2>` + "\n<ol>\n")
	} else {
		_, _ = w.WriteString("</ol>\n</section>\n")
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) footnoteBacklink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.FootnoteBacklink)
	is := strconv.Itoa(n.Index)
	_, _ = w.WriteString(`&#160;<a href="#` + footnoteRefID(n.Index, n.RefIndex) +
		`" class="footnote-backref" role="doc-backlink" aria-label="Back to reference ` + is)
	if n.RefIndex > 0 {
		_, _ = w.WriteString(` (use ` + strconv.Itoa(n.RefIndex+1) + `)`)
	}
	_, _ = w.WriteString(`">&#x21a9;&#xfe0e;</a>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) taskCheckBox(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if node.(*east.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(`<input type="checkbox" disabled checked aria-label="Done"> `)
	} else {
		_, _ = w.WriteString(`<input type="checkbox" disabled aria-label="To do"> `)
	}
	return ast.WalkContinue, nil
}
