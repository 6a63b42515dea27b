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
		// YAML takes an indented first line as the indentation of the
		// whole block, and quietly drops the settings after it that are
		// not indented to match.
		for i, l := range strings.Split(string(raw), "\n") {
			if t := strings.TrimSpace(l); t == "" || t[0] == '#' {
				continue
			} else if l[0] == ' ' || l[0] == '\t' {
				dl.Errorf(diag.Pos{File: file, Line: offset + i + 1, Col: 1}, "front matter is not valid YAML: the first setting is indented; start every setting at the left edge")
				return matter{}, false
			}
			break
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			line, msg := yamlErrorLine(err)
			col := 1
			if line > 0 {
				col = indentCol(raw, line)
			}
			if l, c, plain, ok := explainYAML(raw, msg); ok {
				dl.Errorf(diag.Pos{File: file, Line: offset + l, Col: c}, "front matter is not valid YAML: %s", plain)
				return matter{}, false
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

// explainYAML finds the line a writer must fix for the common YAML
// mistakes, whose parser messages name the wrong line or none, and says
// in plain words what to do there. ok is false for any other mistake.
func explainYAML(src []byte, msg string) (line, col int, plain string, ok bool) {
	lines := strings.Split(string(src), "\n")
	find := func(match func(l string) int) bool {
		for i, l := range lines {
			if c := match(l); c > 0 {
				line, col = i+1, c
				return true
			}
		}
		return false
	}
	value := func(l string) (key, v string, at int) {
		k, v, found := strings.Cut(l, ":")
		if !found || strings.ContainsAny(k, "\"'#[{") {
			return "", "", 0
		}
		return strings.TrimSpace(k), strings.TrimSpace(v), len(l) - len(strings.TrimLeft(v, " ")) + 1
	}
	switch {
	case (strings.Contains(msg, "found character that cannot start any token") || strings.Contains(msg, "found a tab character")) && find(func(l string) int {
		return strings.IndexByte(l[:len(l)-len(strings.TrimLeft(l, " \t"))], '\t') + 1
	}):
		return line, col, "this line is indented with a tab; use spaces instead", true
	case strings.Contains(msg, "unexpected end of stream") || strings.Contains(msg, "quoted scalar"):
		if find(func(l string) int {
			_, v, at := value(l)
			if q := v[:min(len(v), 1)]; (q == "\"" || q == "'") && (len(v) == 1 || !strings.HasSuffix(v, q) || strings.HasSuffix(v, "\\\"")) {
				return at
			}
			return 0
		}) {
			return line, col, "the quotation mark that starts this text is never closed; end the text with the same mark", true
		}
	case strings.Contains(msg, "did not find expected ',' or ']'"), strings.Contains(msg, "did not find expected ',' or '}'"):
		if find(func(l string) int {
			if strings.Count(l, "[") > strings.Count(l, "]") {
				return strings.Index(l, "[") + 1
			}
			if strings.Count(l, "{") > strings.Count(l, "}") {
				return strings.Index(l, "{") + 1
			}
			return 0
		}) {
			return line, col, "the list that starts here is never closed; end it with ] (or } for {), or put the text in quotes if it is not a list", true
		}
	case strings.Contains(msg, "mapping values are not allowed"):
		if find(func(l string) int {
			if _, v, found := strings.Cut(l, ": "); found && strings.Contains(v, ": ") && !strings.HasPrefix(strings.TrimSpace(v), "\"") && !strings.HasPrefix(strings.TrimSpace(v), "'") {
				return len(l) - len(v) + 1
			}
			return 0
		}) {
			return line, col, "this text has a colon followed by a space, which starts a setting; put the whole text in quotes", true
		}
		// A setting indented under one that already has a value.
		prev := ""
		if find(func(l string) int {
			indent := len(l) - len(strings.TrimLeft(l, " "))
			_, pv, _ := value(prev)
			if strings.TrimSpace(l) != "" {
				defer func() { prev = l }()
			}
			if indent > 0 && pv != "" && !strings.HasPrefix(strings.TrimSpace(l), "-") && len(prev)-len(strings.TrimLeft(prev, " ")) < indent {
				return indent + 1
			}
			return 0
		}) {
			return line, col, "this setting is indented, so it reads as part of the one above; start it at the left edge", true
		}
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected <document start>"):
		// "title: [Draft] Our course": a list, then more text.
		if find(func(l string) int {
			_, v, at := value(l)
			if v != "" && (v[0] == '[' || v[0] == '{') && !strings.HasSuffix(v, "]") && !strings.HasSuffix(v, "}") {
				return at
			}
			return 0
		}) {
			return line, col, "text that starts with [ or { is read as a list; put the whole text in quotes", true
		}
	}
	// "title:Our course", with no space after the colon, is read as text
	// running on into the next line, which the parser then blames.
	if (strings.Contains(msg, "could not find expected ':'") || strings.Contains(msg, "mapping values")) && find(func(l string) int {
		k, v, found := strings.Cut(l, ":")
		if found && v != "" && v[0] != ' ' && !strings.ContainsAny(k, " \"'#") && !strings.Contains(v, "//") {
			return len(k) + 2
		}
		return 0
	}) {
		return line, col, "put a space after the colon, as in \"title: Our course\"", true
	}
	return 0, 0, "", false
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
