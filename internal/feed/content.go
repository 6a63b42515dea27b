package feed

import (
	"bytes"
	"errors"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// isURLAttr reports whether an attribute's value is a single URL
// reference. A feed reader shows content on its own page, so any of these
// left relative would point into the reader rather than the site.
func isURLAttr(key string) bool {
	switch key {
	case "href", "src", "poster", "cite":
		return true
	}
	return false
}

// absolutise rewrites relative URL references in the HTML fragment s so
// they resolve against base as they would on the page itself. Only the
// attribute values it changes are rewritten; every other byte, including
// quoting, entity spelling and whitespace, is copied from s, so a writer's
// HTML reaches the reader as it was written.
func absolutise(s string, base *url.URL) (string, error) {
	if base == nil || s == "" {
		return s, nil
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var out strings.Builder
	out.Grow(len(s))
	for {
		tt := z.Next()
		raw := z.Raw()
		switch tt {
		case html.ErrorToken:
			out.Write(raw)
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return "", err
			}
			return out.String(), nil
		case html.StartTagToken, html.SelfClosingTagToken:
			out.Write(rewriteTag(z, raw, base))
		default:
			out.Write(raw)
		}
	}
}

// rewriteTag returns raw, the bytes of one start tag, with its URL
// attribute values made absolute.
func rewriteTag(z *html.Tokenizer, raw []byte, base *url.URL) []byte {
	if _, hasAttr := z.TagName(); !hasAttr {
		return raw
	}
	type edit struct {
		index int    // among the attributes the tokenizer reports
		key   []byte // as the tokenizer reports it
		value string // new value, decoded
	}
	var edits []edit
	for i, more := 0, true; more; i++ {
		var key, val []byte
		key, val, more = z.TagAttr()
		var nv string
		switch k := string(key); {
		case isURLAttr(k):
			nv = resolve(string(val), base)
		case k == "srcset":
			nv = resolveSrcset(string(val), base)
		default:
			continue
		}
		if nv != string(val) {
			edits = append(edits, edit{i, bytes.Clone(key), nv})
		}
	}
	if len(edits) == 0 {
		return raw
	}
	// The tokenizer gives decoded values but no byte positions; scanAttrs
	// gives positions. They agree on which attributes exist and in what
	// order, because scanAttrs follows the tokenizer's rules; the key
	// check guards against any case where they might not.
	spans := scanAttrs(raw)
	for _, e := range edits {
		if e.index >= len(spans) || !bytes.Equal(e.key, tokenKey(spans[e.index].key(raw))) {
			return raw // cannot place the edit safely; leave the tag alone
		}
	}
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		sp := spans[e.index]
		b.Write(raw[last:sp.valStart])
		b.WriteString(attrEscape(e.value, sp.quote))
		last = sp.valEnd
	}
	b.Write(raw[last:])
	return b.Bytes()
}

// attrEscape escapes v for an attribute value delimited by quote (0 when
// unquoted). Only & and the quote need it; a resolved URL holds no
// whitespace or '>' that would end an unquoted value.
func attrEscape(v string, quote byte) string {
	v = strings.ReplaceAll(v, "&", "&amp;")
	switch quote {
	case '"':
		v = strings.ReplaceAll(v, `"`, "&#34;")
	case '\'':
		v = strings.ReplaceAll(v, "'", "&#39;")
	}
	return v
}

// resolve makes ref absolute against base. Absolute and empty references,
// and ones that do not parse, are returned unchanged.
func resolve(ref string, base *url.URL) string {
	t := strings.Trim(ref, " \t\n\f\r")
	if t == "" {
		return ref
	}
	u, err := url.Parse(t)
	if err != nil || u.Scheme != "" {
		return ref
	}
	return base.ResolveReference(u).String()
}

// resolveSrcset resolves each image candidate URL in a srcset value,
// keeping descriptors and separators as written. It follows the HTML
// standard's parsing: a URL runs to whitespace; a URL ending in commas
// ends its candidate; otherwise descriptors run to a comma outside
// parentheses.
func resolveSrcset(v string, base *url.URL) string {
	var b strings.Builder
	i := 0
	for i < len(v) {
		j := i
		for j < len(v) && (isSpace(v[j]) || v[j] == ',') {
			j++
		}
		b.WriteString(v[i:j])
		i = j
		for j < len(v) && !isSpace(v[j]) {
			j++
		}
		u := v[i:j]
		trail := len(u) - len(strings.TrimRight(u, ","))
		b.WriteString(resolve(u[:len(u)-trail], base))
		b.WriteString(u[len(u)-trail:])
		i = j
		if trail > 0 {
			continue
		}
		depth := 0
		for j < len(v) && (v[j] != ',' || depth > 0) {
			switch v[j] {
			case '(':
				depth++
			case ')':
				depth = max(depth-1, 0)
			}
			j++
		}
		b.WriteString(v[i:j])
		i = j
	}
	return b.String()
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// attrSpan locates one attribute in a raw tag. quote is the value's
// delimiter, or 0 when unquoted or absent.
type attrSpan struct {
	keyStart, keyEnd int
	valStart, valEnd int
	quote            byte
}

func (a attrSpan) key(raw []byte) []byte { return raw[a.keyStart:a.keyEnd] }

// scanAttrs finds the attributes of the raw start tag the way
// golang.org/x/net/html's tokenizer reads them (readTag, readTagAttrKey,
// readTagAttrVal), keeping only those it reports: non-empty keys, first
// of each name.
func scanAttrs(raw []byte) []attrSpan {
	n := len(raw)
	i := 1 // past '<'
	for i < n && !isSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	skip := func() {
		for i < n && isSpace(raw[i]) {
			i++
		}
	}
	var spans []attrSpan
	seen := map[string]bool{}
	skip()
	for i < n && raw[i] != '>' {
		var a attrSpan
		a.keyStart = i
		for i < n {
			c := raw[i]
			if c == '=' && i == a.keyStart {
				i++
				continue
			}
			if isSpace(c) || c == '/' || c == '>' || c == '=' {
				break
			}
			i++
		}
		a.keyEnd = i
		a.valStart, a.valEnd = i, i
		skip()
		switch {
		case i >= n:
		case raw[i] == '/':
			i++
		case raw[i] == '=':
			i++
			skip()
			if i < n && (raw[i] == '"' || raw[i] == '\'') {
				a.quote = raw[i]
				i++
				a.valStart = i
				for i < n && raw[i] != a.quote {
					i++
				}
				a.valEnd = i
				if i < n {
					i++
				}
			} else if i < n && raw[i] != '>' {
				a.valStart = i
				for i < n && !isSpace(raw[i]) && raw[i] != '>' {
					i++
				}
				a.valEnd = i
			}
		}
		key := string(asciiLower(raw[a.keyStart:a.keyEnd]))
		if a.keyEnd > a.keyStart && !seen[key] {
			spans = append(spans, a)
			seen[key] = true
		}
		skip()
	}
	return spans
}

// asciiLower lowers ASCII letters only, as the tokenizer does when it
// decides whether two attribute names are the same.
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// tokenKey is an attribute name from the raw tag as the tokenizer's
// TagAttr reports it: lower-cased, with NUL replaced by U+FFFD.
func tokenKey(b []byte) []byte {
	return bytes.ReplaceAll(asciiLower(b), []byte{0}, []byte("\uFFFD"))
}
