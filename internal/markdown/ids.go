package markdown

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// ids makes element ids for one page. A fresh one is made per Render, so
// ids depend only on the page and are the same on every build.
type ids struct {
	used map[string]bool
	buf  []byte
	auto []byte // autoID, made once
}

func newIDs() *ids {
	s := &ids{}
	s.reset()
	return s
}

// reset forgets every id but the package's own, keeping the memory.
func (s *ids) reset() {
	if s.used == nil {
		s.used = make(map[string]bool, 8)
		s.auto = []byte(autoID)
	}
	clear(s.used)
	s.used[footnoteLabelID] = true
	s.used[glossaryTitleID] = true
}

// autoID is what goldmark's parser gets for a heading without {#id}.
// Ids are made later, from the heading's plain text, by make.
const autoID = "\x00auto"

// Generate implements parser.IDs: goldmark asks for ids from raw source
// lines, with markup, before every {#id} is known; ids are made later.
func (s *ids) Generate([]byte, ast.NodeKind) []byte { return s.auto }

// make makes an id from heading text: letters and digits lower-cased,
// runs of spaces, '-' and '_' become one '-', anything else is dropped.
// A repeat gets "-1", "-2", ... appended.
func (s *ids) make(value string) string {
	b := s.buf[:0]
	dash := false
	for _, r := range value {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == ' ' || r == '\t' || r == '-' || r == '_':
			dash = len(b) > 0
			continue
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			r = unicode.ToLower(r)
		default:
			continue
		}
		if dash {
			b = append(b, '-')
			dash = false
		}
		b = utf8.AppendRune(b, r)
	}
	s.buf = b
	base := string(b)
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return id
}

// Put records an id the writer chose with {#id}.
func (s *ids) Put(value []byte) {
	s.used[string(value)] = true
}
