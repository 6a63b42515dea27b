package output

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/parse/v2"

	"github.com/clic-cumbria/clic/internal/diag"
)

// mediaType returns the media type whose minifier handles ext, or "" for
// types that pass through unchanged.
func mediaType(ext string) string {
	switch ext {
	case ".html", ".htm":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js", ".mjs":
		return "application/javascript"
	case ".json":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	}
	return ""
}

// isXML picks the extensions minified by stripXMLSpace rather than
// minify's XML minifier, which collapses runs of spaces inside text. That
// changes meaning: it turns <xsl:text> </xsl:text> into <xsl:text/>
// (joining words in the transformed page) and flattens the indentation of
// code in a feed's escaped HTML content.
func isXML(ext string) bool {
	switch ext {
	case ".xml", ".xsl", ".xslt", ".rss", ".atom":
		return true
	}
	return false
}

// Minifier minifies by file extension (.html .css .js .json .xml .svg .xsl
// .webmanifest); other types pass through unchanged. It is deterministic
// and safe for concurrent use.
//
// HTML keeps <html>, <head> and <body>, optional end tags and attribute
// quotes, so the output stays valid for the Nu HTML checker and readable
// by assistive technology. CSS, JavaScript, JSON (including JSON-LD) and
// SVG inside HTML are minified too. Inline MathML and other inline XML are
// left as written.
type Minifier struct {
	m *minify.M // nil when disabled
}

// NewMinifier returns a Minifier. When enabled is false, Minify returns
// data unchanged, so a build can be inspected as the layouts produced it.
func NewMinifier(enabled bool) *Minifier {
	if !enabled {
		return &Minifier{}
	}
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.Add("text/css", &css.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^application/([a-z.-]+\+)?json$`), &json.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	return &Minifier{m: m}
}

// Enabled reports whether m changes anything.
func (m *Minifier) Enabled() bool { return m.m != nil }

// Minify returns data minified according to name's extension. data is
// never modified. On error it returns data unchanged together with a
// diag.Diagnostic positioned in the generated file, so the caller may
// choose to write the file unminified.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	if m.m == nil {
		return data, nil
	}
	ext := strings.ToLower(path.Ext(name))
	if isXML(ext) {
		return stripXMLSpace(data), nil
	}
	mt := mediaType(ext)
	if mt == "" {
		return data, nil
	}
	// minify.M.Bytes reads through a reader, but its lexers may rewrite the
	// bytes they are given; a copy keeps the caller's data intact.
	out, err := m.m.Bytes(mt, bytes.Clone(data))
	if err != nil {
		return data, minifyError(name, err)
	}
	return out, nil
}

func minifyError(name string, err error) error {
	d := diag.Diagnostic{Pos: diag.Pos{File: name}, Severity: diag.Error}
	msg := err.Error()
	var perr *parse.Error
	if errors.As(err, &perr) {
		d.Pos.Line, d.Pos.Col = perr.Line, perr.Column
		msg = perr.Message
	}
	d.Msg = fmt.Sprintf("cannot minify the generated file: %s; check the layout that produced it, or build without minifying to inspect the output", msg)
	return d
}
