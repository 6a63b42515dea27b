package markdown

import (
	"bytes"
	"slices"
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// state is everything one Render call learns about its page. It travels
// to the transformer in the parser context and to node renderers through
// the nodes that need it, so the shared goldmark instance holds none.
type state struct {
	page   Page
	src    []byte
	unsafe bool
	lines  []int // byte offset of the start of each line

	// toc, links and ids are scratch, copied into the Result.
	toc      []Heading
	headings []*ast.Heading // the nodes of toc
	idgen    ids
	links    []Link
	ids      []string
	words    int
	raw      []Position
	notLinks []NotLink
	prose    []Paragraph

	// lastText is where the previous text node ended, and its last byte,
	// to see a "]" and a "(" that a failed link left as separate text.
	lastTextStop int
	lastTextByte byte

	more      ast.Node // the <!--more--> marker, if any
	firstPara ast.Node // first top-level paragraph
	plain     bool     // rendering the summary: glossary links as text

	gloss *glossState // nil when the page links no glossary terms
	spare *glossState // kept between renders so its scratch memory is reused

	// rawOpen counts inline HTML elements open in the current block (such
	// as <a> or <code>) inside which no glossary link may go.
	rawOpen int

	// word counting carries across the inline nodes of one block.
	inWord, wordAlnum bool
	text              []byte // scratch for plain text
}

// reset readies a state, new or used, for rendering p. Scratch slices
// keep their memory; everything else starts empty.
func (st *state) reset(p Page, unsafe bool) {
	*st = state{
		page: p, src: p.Source, unsafe: unsafe,
		lines:    st.lines[:0],
		toc:      st.toc[:0],
		headings: st.headings[:0],
		idgen:    st.idgen,
		links:    st.links[:0],
		ids:      st.ids[:0],
		text:     st.text[:0],
		spare:    st.spare,
	}
	st.lineStarts()
	st.idgen.reset()
	if p.Glossary == nil {
		return // st.gloss stays nil: a page without a glossary links no terms
	}
	if st.spare == nil {
		st.spare = &glossState{}
	}
	st.gloss = st.spare
	st.gloss.reset(p.Glossary, st)
}

// release drops what a state points at once a render is done, so that a
// state waiting in the pool holds no page or tree alive.
func (st *state) release() {
	clear(st.headings)
	st.page, st.src, st.more, st.firstPara = Page{}, nil, nil, nil
	clear(st.links[:cap(st.links)])
	clear(st.toc[:cap(st.toc)])
	clear(st.ids[:cap(st.ids)])
	if st.gloss != nil {
		st.gloss.release()
	}
}

func (st *state) lineStarts() {
	st.lines = append(st.lines[:0], 0)
	for i := 0; ; {
		j := bytes.IndexByte(st.src[i:], '\n')
		if j < 0 {
			return
		}
		i += j + 1
		st.lines = append(st.lines, i)
	}
}

// position converts a byte offset in the source to a 1-based line and
// byte column.
func (st *state) position(off int) Position {
	if off < 0 {
		return Position{}
	}
	i, found := slices.BinarySearch(st.lines, off)
	if !found {
		i--
	}
	return Position{Line: i + 1, Col: off - st.lines[i] + 1}
}

// transformer gathers the page's facts in one walk of the tree, once
// goldmark's own transformers (footnotes) have run.
type transformer struct {
	key parser.ContextKey
}

func (t *transformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st, _ := pc.Get(t.key).(*state)
	if st == nil {
		return
	}
	var moreBlock ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			st.endWord()
			st.rawOpen = 0
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			st.heading(n)
		case *ast.Paragraph:
			if st.firstPara == nil && n.Parent() == doc {
				st.firstPara = n
			}
			st.addProse(n)
		case *ast.TextBlock: // a tight list item's text
			st.addProse(n)
		case *ast.Link:
			st.link(n, n.Destination, false)
		case *ast.Image:
			st.link(n, n.Destination, true)
			return ast.WalkSkipChildren, nil // alt text is not prose
		case *ast.AutoLink:
			st.autoLink(n)
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			st.notLink(n)
			st.countText(n.Segment.Value(st.src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				st.endWord()
			}
			if st.gloss != nil && st.rawOpen == 0 && glossOK(n) {
				st.gloss.texts = append(st.gloss.texts, n)
			}
		case *ast.String:
			// Typographic punctuation neither starts nor ends a word.
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if moreBlock == nil && n.Parent() == doc && isMore(n, st.src) {
				moreBlock = n
			} else if !st.unsafe {
				st.raw = append(st.raw, st.position(blockStart(n)))
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				return ast.WalkSkipChildren, nil
			}
			if seg := n.Segments.At(0); st.unsafe {
				st.rawOpen = max(0, st.rawOpen+rawNesting(seg.Value(st.src)))
			} else {
				st.raw = append(st.raw, st.position(n.Segments.At(0).Start))
			}
			return ast.WalkSkipChildren, nil
		case *east.FootnoteLink:
			st.ids = append(st.ids, footnoteRefID(n.Index, n.RefIndex))
		case *east.FootnoteList:
			st.ids = append(st.ids, footnoteLabelID)
		case *east.Footnote:
			st.ids = append(st.ids, "fn:"+strconv.Itoa(n.Index))
		}
		return ast.WalkContinue, nil
	})
	st.endWord()
	st.headingIDs(&st.idgen)
	// Footnote definitions are moved to the end of the tree; put their
	// links back in source order.
	slices.SortStableFunc(st.links, func(a, b Link) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	// Footnotes moved to the end too.
	slices.SortStableFunc(st.prose, func(a, b Paragraph) int { return a.Line - b.Line })
	if moreBlock != nil {
		m := &moreNode{}
		doc.ReplaceChild(doc, moreBlock, m)
		st.more = m
	}
	if st.gloss != nil {
		st.gloss.link(st.gloss.texts)
	}
}

// rawNesting returns 1 for an inline HTML tag opening an element whose
// text must not hold a glossary link, -1 for its closing tag, else 0.
func rawNesting(tag []byte) int {
	if len(tag) < 3 || tag[0] != '<' {
		return 0
	}
	d := 1
	name := tag[1:]
	if name[0] == '/' {
		d, name = -1, name[1:]
	}
	end := 0
	for end < len(name) && ('a' <= name[end]|0x20 && name[end]|0x20 <= 'z') {
		end++
	}
	if end == len(name) || bytes.HasSuffix(tag, []byte("/>")) {
		return 0
	}
	switch string(bytes.ToLower(name[:end])) {
	case "a", "abbr", "button", "code", "kbd", "label", "samp", "var":
		return d
	}
	return 0
}

func footnoteRefID(index, refIndex int) string {
	if refIndex > 0 {
		return "fnref" + strconv.Itoa(refIndex) + ":" + strconv.Itoa(index)
	}
	return "fnref:" + strconv.Itoa(index)
}

func blockStart(n ast.Node) int {
	if l := n.Lines(); l.Len() > 0 {
		return l.At(0).Start
	}
	return n.Pos()
}

// isMore reports whether an HTML block is exactly the summary marker
// <!--more--> (spaces inside the comment allowed).
func isMore(n *ast.HTMLBlock, src []byte) bool {
	var v []byte
	for i := range n.Lines().Len() {
		s := n.Lines().At(i)
		v = append(v, s.Value(src)...)
	}
	if n.HasClosure() {
		v = append(v, n.ClosureLine.Value(src)...)
	}
	v = bytes.TrimSpace(v)
	inner, ok := bytes.CutPrefix(v, []byte("<!--"))
	if !ok {
		return false
	}
	inner, ok = bytes.CutSuffix(inner, []byte("-->"))
	return ok && string(bytes.TrimSpace(inner)) == "more"
}

func (st *state) heading(n *ast.Heading) {
	h := Heading{Level: n.Level, Line: st.position(blockStart(n)).Line, Text: st.plainText(n)}
	if id, ok := n.AttributeString("id"); ok {
		switch id := id.(type) {
		case []byte:
			h.ID = string(id)
		case string:
			h.ID = id
		}
	}
	st.toc = append(st.toc, h)
	st.headings = append(st.headings, n)
}

// headingIDs gives each heading without a {#id} an id made from its text,
// once every {#id} on the page is known, so a writer's id always wins.
func (st *state) headingIDs(gen *ids) {
	for _, h := range st.toc {
		if h.ID != autoID && h.ID != "" {
			gen.Put([]byte(h.ID))
		}
	}
	for i := range st.toc {
		h := &st.toc[i]
		if h.ID == autoID || h.ID == "" {
			h.ID = gen.make(h.Text)
			st.headings[i].SetAttributeString("id", []byte(h.ID))
		}
		st.ids = append(st.ids, h.ID)
	}
}

func (st *state) link(n ast.Node, dest []byte, image bool) {
	l := Link{Dest: string(dest), Image: image, HasAlt: image}
	l.Resolved = l.Dest
	if st.page.Resolve != nil && !isAbsolute(l.Dest) {
		l.Resolved = st.page.Resolve(l.Dest)
		if l.Resolved != l.Dest {
			switch n := n.(type) {
			case *ast.Link:
				n.Destination = []byte(l.Resolved)
			case *ast.Image:
				n.Destination = []byte(l.Resolved)
			}
		}
	}
	p := st.position(n.Pos())
	l.Line, l.Col = p.Line, p.Col
	l.Text = st.plainText(n)
	if image {
		l.Decorative = l.Text == "" && isDecorative(n.(*ast.Image).Title)
	}
	st.links = append(st.links, l)
}

func (st *state) autoLink(n *ast.AutoLink) {
	url := string(n.URL(st.src))
	if n.AutoLinkType == ast.AutoLinkEmail && !hasScheme(url) {
		url = "mailto:" + url
	}
	label := n.Label(st.src)
	// The label is a slice of the source, so its capacity tells where it
	// starts.
	off := -1
	if len(label) > 0 && cap(label) <= cap(st.src) {
		off = cap(st.src) - cap(label)
	}
	p := st.position(off)
	st.links = append(st.links, Link{Dest: url, Resolved: url, Line: p.Line, Col: p.Col, Text: string(label)})
	st.countText(label)
}

// isAbsolute reports whether a destination must not be resolved: it has a
// scheme, is a fragment on this page, or is protocol-relative.
func isAbsolute(dest string) bool {
	return dest == "" || dest[0] == '#' || len(dest) >= 2 && dest[:2] == "//" || hasScheme(dest)
}

func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// plainText is the text of an inline subtree without markup.
func (st *state) plainText(n ast.Node) string {
	st.text = st.appendText(st.text[:0], n)
	return string(st.text)
}

// textValue is a Text node's words as a reader sees them: backslash
// escapes and entities are resolved, as goldmark does when it renders.
func (st *state) textValue(c *ast.Text) []byte {
	v := c.Segment.Value(st.src)
	if !c.IsRaw() && bytes.ContainsAny(v, "\\&") {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
	}
	return v
}

func (st *state) appendText(b []byte, n ast.Node) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b = append(b, st.textValue(c)...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, c.Value...)
		case *ast.AutoLink:
			b = append(b, c.Label(st.src)...)
		case *ast.RawHTML:
		default:
			b = st.appendText(b, c)
		}
	}
	return b
}

// countText counts words: runs of non-space bytes holding a letter or
// digit. Bytes of multi-byte characters count as letters.
func (st *state) countText(b []byte) {
	// Locals, not fields, in the loop: this sees every byte of prose.
	inWord, alnum, words := st.inWord, st.wordAlnum, st.words
	for _, c := range b {
		if c == ' ' || c-'\t' <= '\r'-'\t' { // \t \n \v \f \r
			if inWord && alnum {
				words++
			}
			inWord, alnum = false, false
			continue
		}
		inWord = true
		if c >= 0x80 || c-'0' < 10 || (c|0x20)-'a' < 26 {
			alnum = true
		}
	}
	st.inWord, st.wordAlnum, st.words = inWord, alnum, words
}

func (st *state) endWord() {
	if st.inWord && st.wordAlnum {
		st.words++
	}
	st.inWord, st.wordAlnum = false, false
}

// notLink notes text that reads as a Markdown link but was not parsed as
// one, which the reader sees with its brackets: "[a](my file.md)", whose
// address has a space, or "[a][b]" with no "[b]: address" line.
func (st *state) notLink(n *ast.Text) {
	seg := n.Segment
	v := seg.Value(st.src)
	if len(v) == 0 {
		return
	}
	if _, code := n.Parent().(*ast.CodeSpan); !code {
		at := -1
		if st.lastTextStop == seg.Start && st.lastTextByte == ']' && (v[0] == '(' || v[0] == '[') {
			at = seg.Start - 1
		} else if i := bytes.Index(v, []byte("](")); i >= 0 {
			at = seg.Start + i
		} else if i := bytes.Index(v, []byte("][")); i >= 0 {
			at = seg.Start + i
		}
		if at >= 0 {
			ref := st.src[at+1] == '['
			// Point at the "[" that opens the would-be link, on its line.
			for i := at - 1; i >= 0 && st.src[i] != '\n'; i-- {
				if st.src[i] == '[' {
					at = i
					break
				}
			}
			st.notLinks = append(st.notLinks, NotLink{Position: st.position(at), Ref: ref})
		}
	}
	st.lastTextStop, st.lastTextByte = seg.Stop, v[len(v)-1]
}
