package markdown

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// glossState is one page's use of the glossary.
type glossState struct {
	g     *Glossary
	st    *state
	used  []bool      // term linked (or passed over on its own page) already
	order []int       // terms linked, in order of first use
	texts []*ast.Text // the Text nodes that may hold a term, in order
	toks  []token
	lower []byte
	stem  []byte
	edits []edit
}

// token is one word of page text: a run of letters and digits inside a
// Text node's segment.
type token struct {
	start, stop int  // offsets in the source
	node        int  // index of the Text node in the group
	may         bool // the word may start a term: see Glossary.mayStart
}

// edit is one change to make to a group of Text nodes: a link over tokens
// [from, to], or, for an escaped use, removal of the backslash before from.
type edit struct {
	from, to int
	term     int
	escape   bool
	abbr     bool // mark up as <abbr>
}

// reset readies a glossState, new or used, for one page.
func (gs *glossState) reset(g *Glossary, st *state) {
	gs.g, gs.st = g, st
	gs.used = slices.Grow(gs.used[:0], len(g.terms))[:len(g.terms)]
	clear(gs.used)
	gs.order = gs.order[:0]
	gs.texts = gs.texts[:0]
}

// release drops the page's tree.
func (gs *glossState) release() {
	clear(gs.texts[:cap(gs.texts)])
	gs.texts = gs.texts[:0]
	gs.g, gs.st = nil, nil
}

// glossOK reports whether a Text node may hold a glossary link.
func glossOK(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.(type) {
		case *ast.Heading, *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *termNode:
			return false
		case *ast.Document:
			return true
		}
	}
	return true
}

// link finds and links terms in the page's eligible Text nodes, given in
// document order. Nodes that follow one another, with only typographic
// punctuation between them, form a group so that a term may run across
// a line break.
func (gs *glossState) link(texts []*ast.Text) {
	for i := 0; i < len(texts); {
		j := i + 1
		for j < len(texts) && follows(texts[j-1], texts[j]) {
			j++
		}
		gs.group(texts[i:j])
		i = j
	}
}

// follows reports whether b comes after a with nothing but ast.String
// nodes between them.
func follows(a, b *ast.Text) bool {
	for n := a.NextSibling(); n != nil; n = n.NextSibling() {
		if n == ast.Node(b) {
			return true
		}
		if _, ok := n.(*ast.String); !ok {
			return false
		}
	}
	return false
}

func (gs *glossState) group(texts []*ast.Text) {
	src := gs.st.src
	gs.toks = gs.toks[:0]
	for k, t := range texts {
		seg := t.Segment.Value(src)
		base := t.Segment.Start
		start := -1
		ascii := true
		var h uint64 // hash of the word so far, for Glossary.first
		for i := 0; i < len(seg); {
			c := seg[i]
			if c < utf8.RuneSelf {
				// The ASCII path hashes as it goes, so most words are
				// turned away in match without reading them again.
				if c-'0' < 10 || (c|0x20)-'a' < 26 {
					if start < 0 {
						start, ascii, h = i, true, fnvOffset
					}
					h = fnvStep(h, c)
				} else if start >= 0 {
					gs.addToken(seg, base, start, i, k, ascii, h)
					start = -1
				}
				i++
				continue
			}
			r, size := utf8.DecodeRune(seg[i:])
			if isWordRune(r) {
				if start < 0 {
					start = i
				}
				ascii = false
			} else if start >= 0 {
				gs.addToken(seg, base, start, i, k, ascii, h)
				start = -1
			}
			i += size
		}
		if start >= 0 {
			gs.addToken(seg, base, start, len(seg), k, ascii, h)
		}
	}
	gs.edits = gs.edits[:0]
	for i := 0; i < len(gs.toks); {
		end, node := gs.match(i)
		if node == nil {
			i++
			continue
		}
		term := node.term
		escaped := gs.toks[i].start > texts[gs.toks[i].node].Segment.Start && src[gs.toks[i].start-1] == '\\'
		switch {
		case escaped:
			gs.edits = append(gs.edits, edit{from: i, to: end, term: term, escape: true})
		case gs.used[term]:
		case gs.g.terms[term].URL == gs.st.page.Self:
			gs.used[term] = true
		default:
			gs.used[term] = true
			gs.order = append(gs.order, term)
			gs.edits = append(gs.edits, edit{from: i, to: end, term: term, abbr: node.abbr != nil && gs.g.title[term] != ""})
		}
		i = end + 1
	}
	// Right to left, so that splitting a node leaves the offsets of
	// earlier edits in the nodes they were found in.
	for k := len(gs.edits) - 1; k >= 0; k-- {
		gs.apply(texts, gs.edits[k])
	}
}

// addToken adds the word seg[start:stop] of Text node k, whose segment
// starts at base. h is the word's hash when it is all ASCII.
func (gs *glossState) addToken(seg []byte, base, start, stop, k int, ascii bool, h uint64) {
	w := seg[start:stop]
	may := !ascii || gs.g.hasFirst(h) || w[len(w)-1]|0x20 == 's' && gs.g.mayStart(w)
	gs.toks = append(gs.toks, token{start: base + start, stop: base + stop, node: k, may: may})
}

// match returns the last token and the trie node of the longest match
// starting at token i, or -1, nil.
func (gs *glossState) match(i int) (int, *trieNode) {
	src := gs.st.src
	if !gs.toks[i].may {
		return -1, nil
	}
	if wordNear(src, gs.toks[i].start, -1) {
		return -1, nil // the end of a word split by markup, as in Un**chart**ed
	}
	n := gs.g.root
	end := -1
	var term *trieNode
	for j := i; j < len(gs.toks); j++ {
		t := gs.toks[j]
		if j > i && !gapOK(src[gs.toks[j-1].stop:t.start]) {
			break
		}
		lw := gs.lowerWord(src[t.start:t.stop])
		whole := !wordNear(src, t.stop, 1)
		if whole {
			if c := gs.plural(n, lw); c != nil && c.abbrOK(src, gs.toks[i:j+1], true) {
				end, term = j, c
			}
		}
		c := n.next[string(lw)]
		if c == nil {
			break
		}
		n = c
		if whole && n.term >= 0 && n.abbrOK(src, gs.toks[i:j+1], false) {
			end, term = j, n
		}
	}
	return end, term
}

// wordNear reports whether a letter or digit is next to src[off] looking
// backwards (dir -1, from off-1) or forwards (dir 1, from off), past
// emphasis marks, so that a word split by markup is still one word.
func wordNear(src []byte, off, dir int) bool {
	for {
		var r rune
		var size int
		if dir < 0 {
			if off <= 0 {
				return false
			}
			r, size = utf8.DecodeLastRune(src[:off])
			off -= size
		} else {
			if off >= len(src) {
				return false
			}
			r, size = utf8.DecodeRune(src[off:])
			off += size
		}
		switch r {
		case '*', '_', '~':
			continue
		}
		return isWordRune(r)
	}
}

func (gs *glossState) lowerWord(w []byte) []byte {
	gs.lower = gs.lower[:0]
	for _, c := range w {
		if c >= utf8.RuneSelf {
			gs.lower = append(gs.lower[:0], bytes.ToLower(w)...)
			return gs.lower
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		gs.lower = append(gs.lower, c)
	}
	return gs.lower
}

// plural returns the trie node of a term that the lower-case word w is the
// plural of, after node n: studies -> study, boxes -> box, charts -> chart.
func (gs *glossState) plural(n *trieNode, w []byte) *trieNode {
	l := len(w)
	if l < 2 || w[l-1] != 's' || n.next == nil {
		return nil
	}
	if l > 3 && w[l-3] == 'i' && w[l-2] == 'e' {
		gs.stem = append(append(gs.stem[:0], w[:l-3]...), 'y')
		if c := n.next[string(gs.stem)]; c != nil && c.term >= 0 {
			return c
		}
	}
	if l > 2 && w[l-2] == 'e' {
		if c := n.next[string(w[:l-2])]; c != nil && c.term >= 0 {
			return c
		}
	}
	if c := n.next[string(w[:l-1])]; c != nil && c.term >= 0 {
		return c
	}
	return nil
}

// abbrOK checks the capitals of an abbreviation; other names ignore case.
// A plural abbreviation may only add a lower-case "s" (PDSAs).
func (n *trieNode) abbrOK(src []byte, toks []token, plural bool) bool {
	if n.abbr == nil {
		return true
	}
	for k, t := range toks {
		w := string(src[t.start:t.stop])
		if plural && k == len(toks)-1 {
			var ok bool
			if w, ok = strings.CutSuffix(w, "s"); !ok {
				return false
			}
		}
		if w != n.abbr[k] {
			return false
		}
	}
	return true
}

// gapOK reports whether the text between two words lets them be one name:
// only spaces, line breaks, hyphens and apostrophes.
func gapOK(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '-', '\'':
		default:
			return false
		}
	}
	return true
}

// apply makes one edit: it splits the Text nodes at the edges of the
// match and moves the nodes between into a termNode, or, for an escape,
// drops the backslash.
func (gs *glossState) apply(texts []*ast.Text, e edit) {
	first, last := gs.toks[e.from], gs.toks[e.to]
	a := texts[first.node]
	if e.escape {
		splitText(a, first.start)
		a.Segment = a.Segment.WithStop(first.start - 1)
		return
	}
	parent := a.Parent()
	// Split off what follows the match in the last node.
	b := texts[last.node]
	splitText(b, last.stop)
	// Split off what precedes the match in the first node.
	head := splitText(a, first.start)
	if first.node == last.node {
		b = head
	}
	tn := &termNode{term: e.term, gs: gs, abbr: e.abbr}
	parent.InsertBefore(parent, head, tn)
	for n := ast.Node(head); n != nil; {
		next := n.NextSibling()
		tn.AppendChild(tn, n)
		if n == ast.Node(b) {
			break
		}
		n = next
	}
	if a.Segment.Len() == 0 && !a.SoftLineBreak() && !a.HardLineBreak() {
		parent.RemoveChild(parent, a)
	}
}

// splitText cuts t at offset off: t keeps the text before it and a new
// node, inserted after t, takes the rest and t's line break.
func splitText(t *ast.Text, off int) *ast.Text {
	rest := ast.NewTextSegment(text.NewSegment(off, t.Segment.Stop))
	rest.SetSoftLineBreak(t.SoftLineBreak())
	rest.SetHardLineBreak(t.HardLineBreak())
	rest.SetRaw(t.IsRaw())
	t.SetSoftLineBreak(false)
	t.SetHardLineBreak(false)
	t.Segment = t.Segment.WithStop(off)
	t.Parent().InsertAfter(t.Parent(), t, rest)
	return rest
}

// termNode is a glossary link around the words that name the term.
type termNode struct {
	ast.BaseInline
	term int
	abbr bool
	gs   *glossState
}

var kindTerm = ast.NewNodeKind("ClicTerm")

func (n *termNode) Kind() ast.NodeKind { return kindTerm }
func (n *termNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

func (r *nodeRenderer) term(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*termNode)
	if n.gs.st.plain {
		return ast.WalkContinue, nil
	}
	g := n.gs.g
	t := g.terms[n.term]
	if entering {
		_, _ = w.WriteString(`<a class="term" href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(t.URL), true)))
		if t.Short != "" {
			_, _ = w.WriteString(`" aria-describedby="`)
			_, _ = w.WriteString(g.ids[n.term])
		}
		_, _ = w.WriteString(`">`)
		if n.abbr {
			_, _ = w.WriteString(`<abbr title="`)
			_, _ = w.Write(util.EscapeHTML([]byte(g.title[n.term])))
			_, _ = w.WriteString(`">`)
		}
	} else {
		if n.abbr {
			_, _ = w.WriteString(`</abbr>`)
		}
		_, _ = w.WriteString(`</a>`)
		if t.Short != "" {
			// For the theme to show on a.term:hover and :focus; hidden from
			// screen readers, which have it as the link's description.
			_, _ = w.WriteString(`<span class="term-tip" hidden aria-hidden="true">`)
			_, _ = w.Write(util.EscapeHTML([]byte(t.Short)))
			_, _ = w.WriteString(`</span>`)
		}
	}
	return ast.WalkContinue, nil
}

// writeList writes the list of terms linked on the page.
func (gs *glossState) writeList(w util.BufWriter) {
	if len(gs.order) == 0 {
		return
	}
	_, _ = w.WriteString(`<section class="page-glossary" aria-labelledby="` + glossaryTitleID + `">` + "\n" +
		`<h2 id="` + glossaryTitleID + `">Words explained on this page</h2>` + "\n<dl>\n")
	for _, i := range gs.order {
		t := gs.g.terms[i]
		_, _ = w.WriteString(`<dt><a href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(t.URL), true)))
		_, _ = w.WriteString(`">`)
		_, _ = w.Write(util.EscapeHTML([]byte(t.Term)))
		_, _ = w.WriteString(`</a></dt>` + "\n" + `<dd id="` + gs.g.ids[i] + `">`)
		_, _ = w.Write(util.EscapeHTML([]byte(t.Short)))
		_, _ = w.WriteString("</dd>\n")
	}
	_, _ = w.WriteString("</dl>\n</section>\n")
}

// listIDs returns the ids writeList writes.
func (gs *glossState) listIDs() []string {
	if len(gs.order) == 0 {
		return nil
	}
	out := []string{glossaryTitleID}
	for _, i := range gs.order {
		out = append(out, gs.g.ids[i])
	}
	return out
}

// used returns the URLs of the terms linked, in order of first use.
func (gs *glossState) usedURLs() []string {
	out := make([]string, 0, len(gs.order))
	for _, i := range gs.order {
		out = append(out, gs.g.terms[i].URL)
	}
	return out
}
