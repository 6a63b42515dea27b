package content

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"github.com/clic-cumbria/clic/internal/diag"
)

// matter is a file split into its front matter and body.
type matter struct {
	root     *yaml.Node // a mapping node; nil when the file has no front matter
	body     []byte
	bodyLine int // 1-based line of the file where body starts
}

// splitFile separates front matter from body. It accepts YAML between
// "---" lines and TOML between "+++" lines. Line numbers in the returned
// node are lines of the whole file, so diagnostics point where the writer looks.
func splitFile(file string, src []byte, dl *diag.List) (matter, bool) {
	raw, body, captured := cutFrontMatter(src)
	openLine, delim := firstLine(src)
	if !captured {
		if delim == "---" || delim == "+++" {
			dl.Errorf(diag.Pos{File: file, Line: openLine, Col: 1},
				"front matter starts with %q here but is never closed; add a line containing only %q after the last setting", delim, delim)
			return matter{}, false
		}
		return matter{body: src, bodyLine: 1}, true
	}
	bodyLine := 1 + bytes.Count(src[:len(src)-len(body)], []byte("\n"))
	m := matter{body: body, bodyLine: bodyLine}
	offset := openLine // node line 1 is the line after the opening delimiter
	var root *yaml.Node
	if delim == "+++" {
		var err error
		root, err = tomlNode(raw)
		if err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				dl.Errorf(diag.Pos{File: file, Line: offset + pe.Position.Line, Col: max(pe.Position.Col, 1)},
					"front matter is not valid TOML: %s; check the quotes and the = signs on this line", pe.Message)
			} else {
				dl.Errorf(diag.Pos{File: file, Line: offset + 1, Col: 1}, "front matter is not valid TOML: %v", err)
			}
			return matter{}, false
		}
	} else {
		var doc yaml.Node
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			line, msg := yamlErrorLine(err)
			col := 1
			if line > 0 {
				col = indentCol(raw, line)
			}
			if l, c, ok := likelyCulprit(raw, msg); ok {
				line, col = l, c
			}
			dl.Errorf(diag.Pos{File: file, Line: offset + max(line, 1), Col: col},
				"front matter is not valid YAML: %s; check the indentation, and put text containing a colon in quotes", msg)
			return matter{}, false
		}
		if len(doc.Content) > 0 {
			root = doc.Content[0]
		}
	}
	if root == nil {
		return m, true // "---\n---" is an empty but valid front matter
	}
	if root.Kind != yaml.MappingNode {
		dl.Errorf(diag.Pos{File: file, Line: offset + root.Line, Col: root.Column},
			"front matter must be a list of settings such as \"title: My page\", one per line")
		return matter{}, false
	}
	shiftLines(root, offset)
	m.root = root
	return m, true
}

// cutFrontMatter splits src into front matter and body with
// github.com/adrg/frontmatter: the first non-blank line is "---" (YAML)
// or "+++" (TOML), and the front matter runs to the next line reading the
// same. The body returned is a slice of src, not of the library's own
// copy, so the site keeps no buffer larger than the file.
func cutFrontMatter(src []byte) (raw, body []byte, found bool) {
	// The library copies everything it reads into a growing buffer,
	// which for a whole site's bodies cost more than parsing the YAML.
	// So it is handed one line at a time, and nothing once the front
	// matter has been captured: it copies the front matter alone.
	r := &stopReader{src: src}
	capture := func(data []byte, _ any) error {
		raw, found, r.stop = data, true, true
		return nil
	}
	// The library reads through a bufio.Reader, and uses the one it is
	// given rather than making one: a site's worth of 4 KB buffers is
	// then a few, reused. (What it returns is in its own buffer.)
	br := lineReaders.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() { br.Reset(nil); lineReaders.Put(br) }()
	rest, err := frontmatter.Parse(br, nil,
		frontmatter.NewFormat("---", "---", capture),
		frontmatter.NewFormat("+++", "+++", capture))
	if err != nil || !found {
		// Reading from memory cannot fail; no front matter is not an error.
		return nil, nil, false
	}
	return raw, src[r.pos-len(rest):], true
}

var lineReaders = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// stopReader reads src a line at a time until stop is set.
type stopReader struct {
	src  []byte
	pos  int
	stop bool
}

func (r *stopReader) Read(p []byte) (int, error) {
	if r.stop || r.pos == len(r.src) {
		return 0, io.EOF
	}
	line := r.src[r.pos:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	n := copy(p, line)
	r.pos += n
	return n, nil
}

// firstLine reports the 1-based number and text of the first non-blank line.
func firstLine(src []byte) (int, string) {
	n := 1
	for len(src) > 0 {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		if t := string(bytes.TrimSpace(line)); t != "" {
			return n, t
		}
		src = rest
		n++
	}
	return n, ""
}

func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// likelyCulprit finds the line a writer must fix for the YAML mistakes
// whose reported line is unhelpful: an unclosed [ or {, which the parser
// only notices lines later, and a second colon in unquoted text, which it
// reports with no line at all.
func likelyCulprit(src []byte, msg string) (line, col int, ok bool) {
	lines := strings.Split(string(src), "\n")
	switch {
	case strings.Contains(msg, "did not find expected ',' or ']'"), strings.Contains(msg, "did not find expected ',' or '}'"):
		for i, l := range lines {
			if strings.Count(l, "[") > strings.Count(l, "]") {
				return i + 1, strings.Index(l, "[") + 1, true
			}
			if strings.Count(l, "{") > strings.Count(l, "}") {
				return i + 1, strings.Index(l, "{") + 1, true
			}
		}
	case strings.Contains(msg, "mapping values are not allowed"):
		for i, l := range lines {
			if _, v, found := strings.Cut(l, ": "); found && strings.Contains(v, ": ") && !strings.HasPrefix(strings.TrimSpace(v), "\"") && !strings.HasPrefix(strings.TrimSpace(v), "'") {
				return i + 1, len(l) - len(v) + 1, true
			}
		}
	}
	return 0, 0, false
}

// indentCol is the column of the first non-space character on line (1-based).
func indentCol(src []byte, line int) int {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	l := lines[line-1]
	return len(l) - len(strings.TrimLeft(l, " \t")) + 1
}

// tomlNode decodes TOML into the same node tree YAML gives, so one set of
// field decoders serves both. TOML reports no positions for values, so
// each top-level key's line is found by looking for "key =" in the text.
func tomlNode(raw []byte) (*yaml.Node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(raw), &m); err != nil {
		return nil, err
	}
	localTimes(m)
	var n yaml.Node
	if err := n.Encode(m); err != nil {
		return nil, err
	}
	lines := strings.Split(string(raw), "\n")
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		line := 1
		for j, l := range lines {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, key) && strings.HasPrefix(strings.TrimSpace(t[len(key):]), "=") ||
				t == "["+key+"]" || t == "[["+key+"]]" {
				line = j + 1
				break
			}
		}
		setLine(n.Content[i], line, 1)
		col := 1
		if idx := strings.Index(lines[line-1], "="); idx >= 0 {
			col = idx + 3
		}
		setLine(n.Content[i+1], line, col)
	}
	return &n, nil
}

func setLine(n *yaml.Node, line, col int) {
	n.Line, n.Column = line, col
	for _, c := range n.Content {
		setLine(c, line, col)
	}
}

// localTimes turns TOML's zone-less dates into text, so they are read as
// Europe/London times like YAML dates rather than as UTC.
func localTimes(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if t, ok := x.(time.Time); ok {
				v[k] = tomlTime(t)
			} else {
				localTimes(x)
			}
		}
	case []map[string]any:
		for _, x := range v {
			localTimes(x)
		}
	case []any:
		for i, x := range v {
			if t, ok := x.(time.Time); ok {
				v[i] = tomlTime(t)
			} else {
				localTimes(x)
			}
		}
	}
}

func tomlTime(t time.Time) string {
	switch t.Location().String() {
	case "date-local":
		return t.Format(time.DateOnly)
	case "datetime-local":
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format(time.RFC3339)
}

// position of a node in file.
func pos(file string, n *yaml.Node) diag.Pos {
	return diag.Pos{File: file, Line: n.Line, Col: n.Column}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a group of settings"
	}
	return fmt.Sprintf("%q", n.Value)
}
