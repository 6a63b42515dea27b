package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// decorativeTitle is the image title by which a writer says an image with
// empty alt text is only decoration.
const decorativeTitle = "decorative"

func isDecorative(title []byte) bool {
	return strings.EqualFold(string(bytes.TrimSpace(title)), decorativeTitle)
}

// addProse records a paragraph's plain text when the caller asked for
// prose. Only the inline content is read; nested blocks are met later in
// the same walk.
func (st *state) addProse(n ast.Node) {
	if !st.page.Prose || n.Lines().Len() == 0 {
		return
	}
	var b strings.Builder
	st.appendProse(&b, n)
	text := strings.TrimRight(b.String(), " \n")
	if strings.TrimSpace(text) == "" {
		return
	}
	st.prose = append(st.prose, Paragraph{Text: text, Line: st.position(blockStart(n)).Line})
}

// appendProse writes the readable text of an inline subtree. What is left
// out still writes its line breaks, so lines keep counting true.
func (st *state) appendProse(b *strings.Builder, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(st.textValue(c))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan, *ast.Image, *ast.AutoLink, *east.FootnoteLink, *east.TaskCheckBox:
			b.WriteString(strings.Repeat("\n", st.lineBreaks(c)))
		case *ast.RawHTML:
			for i := range c.Segments.Len() {
				seg := c.Segments.At(i)
				b.WriteString(strings.Repeat("\n", bytes.Count(seg.Value(st.src), []byte{'\n'})))
			}
		default:
			st.appendProse(b, c)
		}
	}
}

// lineBreaks counts the source line breaks inside an inline subtree.
func (st *state) lineBreaks(n ast.Node) int {
	k := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			k += bytes.Count(t.Segment.Value(st.src), []byte{'\n'})
			if t.SoftLineBreak() || t.HardLineBreak() {
				k++
			}
			continue
		}
		k += st.lineBreaks(c)
	}
	return k
}
