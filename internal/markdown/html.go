package markdown

import (
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
	dest := util.URLEscape(n.Destination, true)
	if r.unsafe || !html.IsDangerousURL(dest) {
		_, _ = w.Write(util.EscapeHTML(dest))
	}
	_, _ = w.WriteString(`" alt="`)
	writeAlt(w, src, n)
	_ = w.WriteByte('"')
	if n.Title != nil && !isDecorative(n.Title) {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	_, _ = w.WriteString(` loading="lazy" decoding="async">`)
	return ast.WalkSkipChildren, nil
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
