package output

import (
	"bytes"
	"io"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/xml"
)

const xhtmlNS = "http://www.w3.org/1999/xhtml"

// stripXMLSpace removes the indentation between XML elements and nothing
// else: a text node is dropped only if it is all white space and spans a
// line break. Every other byte of text, CDATA, comments and processing
// instructions is kept, so feeds and XSLT stylesheets mean exactly what
// they meant before.
//
// Indentation is kept where white space can matter: inside XSLT's
// <xsl:text>, under xml:space="preserve", and in XHTML (an Atom entry's
// type="xhtml" content), where a line break between two inline elements
// renders as a space.
//
// Input the lexer cannot read is returned unchanged.
func stripXMLSpace(data []byte) []byte {
	// The lexer normalises white space inside attribute values in place;
	// the copy keeps the caller's slice untouched.
	l := xml.NewLexer(parse.NewInputBytes(bytes.Clone(data)))
	var out bytes.Buffer
	out.Grow(len(data))
	var keep []bool // one per open element: keep white space inside it
	inherited := func() bool { return len(keep) > 0 && keep[len(keep)-1] }
	pending := false // keep flag of the start tag being read
	for {
		tt, tok := l.Next()
		switch tt {
		case xml.ErrorToken:
			if l.Err() != io.EOF {
				return data
			}
			return out.Bytes()
		case xml.StartTagToken:
			name := string(l.Text())
			pending = inherited() || strings.HasSuffix(name, ":text") && strings.HasPrefix(name, "xsl")
		case xml.AttributeToken:
			switch name, val := string(l.Text()), strings.Trim(string(l.AttrVal()), `"'`); {
			case name == "xml:space" && val == "preserve":
				pending = true
			case name == "xml:space" && val == "default":
				pending = false
			case name == "xmlns" && val == xhtmlNS:
				pending = true
			}
		case xml.StartTagCloseToken:
			keep = append(keep, pending)
		case xml.EndTagToken:
			if len(keep) > 0 {
				keep = keep[:len(keep)-1]
			}
		case xml.TextToken:
			if !inherited() && len(bytes.TrimLeft(tok, " \t\r\n")) == 0 && bytes.ContainsAny(tok, "\r\n") {
				continue
			}
		}
		out.Write(tok)
	}
}
