package output

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/buffer"

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
	m    *minify.M // nil when disabled
	bufs sync.Pool // of *[]byte, the minifier's input
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
	return &Minifier{m: m, bufs: sync.Pool{New: func() any { return new([]byte) }}}
}

// Enabled reports whether m changes anything.
func (m *Minifier) Enabled() bool { return m.m != nil }

// MinifyOwned is Minify for data the caller will not use again: when
// nothing is to be minified it returns data itself, not a copy.
func (m *Minifier) MinifyOwned(name string, data []byte) ([]byte, error) {
	ext := strings.ToLower(path.Ext(name))
	if m.m == nil || !isXML(ext) && mediaType(ext) == "" {
		return data, nil
	}
	return m.Minify(name, data)
}

// Minify returns data minified according to name's extension, in a new
// slice that the caller may keep: data is neither modified nor retained,
// so it may be a reused buffer. On error it returns a copy of data
// together with a diag.Diagnostic positioned in the generated file, so
// the caller may choose to write the file unminified.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	ext := strings.ToLower(path.Ext(name))
	mt := mediaType(ext)
	switch {
	case m.m == nil:
		return bytes.Clone(data), nil
	case isXML(ext):
		return stripXMLSpace(data), nil
	case mt == "":
		return bytes.Clone(data), nil
	}
	// The lexers rewrite the bytes they are given, so they get a reused
	// copy; the output is allocated once, at most the input's size.
	in := m.bufs.Get().(*[]byte)
	*in = append((*in)[:0], data...)
	out := buffer.NewWriter(make([]byte, 0, len(data)))
	err := m.m.Minify(mt, out, buffer.NewReader(*in))
	m.bufs.Put(in)
	if err != nil {
		return bytes.Clone(data), minifyError(name, err)
	}
	return out.Bytes(), nil
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
