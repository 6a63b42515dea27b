package content

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/clic-cumbria/clic/internal/diag"
)

// Kind is what sort of page a file is. It comes from the file's top folder.
type Kind string

const (
	Home    Kind = "home"    // content/_index.md
	Section Kind = "section" // a folder's _index.md, or a folder without one
	Post    Kind = "post"    // content/posts/
	Log     Kind = "log"     // content/logs/
	Course  Kind = "course"  // content/courses/
	Term    Kind = "term"    // content/glossary/
	Chapter Kind = "chapter" // content/case-study/
	Plain   Kind = "page"    // anything else
)

// kindOfSection maps a top-level folder to the kind of the pages in it.
var kindOfSection = map[string]Kind{
	"posts":      Post,
	"logs":       Log,
	"courses":    Course,
	"glossary":   Term,
	"case-study": Chapter,
}

// KindOf returns the kind of a regular page in the named top-level section.
func KindOf(section string) Kind {
	if k, ok := kindOfSection[section]; ok {
		return k
	}
	return Plain
}

// Page is one Markdown file, or a list page made for a folder.
type Page struct {
	File     string // slash path from the site root, e.g. "content/posts/welcome.md"; "" for made-up list pages
	Kind     Kind
	Section  string // top-level folder under content/, "" for the home page and root pages
	Slug     string
	URL      string // site path, always starting and ending with "/"
	Body     []byte // Markdown after the front matter, BOM removed and CRLF made LF
	BodyLine int    // line of File on which Body starts

	Title    string
	Date     time.Time
	Updated  time.Time // zero when never updated
	Summary  string
	Tags     []string
	Authors  []string
	Draft    bool
	Weight   int
	Image    string
	ImageAlt string
	ID       string // pins the feed entry id
	Glossary bool   // link glossary terms on this page
	Layout   string // template to use instead of the kind's

	// Future is set for pages dated after the build's "now", included only with -future.
	Future bool
	// Resources are files beside a bundle's index.md, as slash paths from the site root.
	Resources []string

	// At most one of these is set, by kind.
	Term     *TermInfo
	Course   *CourseInfo
	Log      *LogInfo
	Timeline []Milestone // content/timeline.md only
	Include  []string    // chapter: content paths pulled in, e.g. "content/logs/nine-month-review.md"

	// Includes are the pages named by Include, resolved at load time.
	Includes []*Page

	// Rev changes when a Loader updates the page in place, after an
	// edit that leaves its place in the site alone; a cache keyed by the
	// *Page must key by Rev too.
	Rev uint64

	keys []keyPos // where each front matter value is, for positioned checks after decoding
}

// keyPos is where the value of one front matter key is written. Only
// positions are kept, not the YAML nodes: a site holds every page to the
// end of the build, and the nodes cost several times the page's settings.
type keyPos struct {
	key       string // lower case
	line, col int
	null      bool      // written with no value, as in "date:"
	items     []itemPos // a list's items, so a message can point at one
}

// itemPos is where one item of a list is written, and its text as written.
type itemPos struct {
	value     string
	line, col int
}

// keyPositions records where each key's value is. A key written twice
// keeps its last value, as decoding does.
func keyPositions(root *yaml.Node) []keyPos {
	keys := make([]keyPos, 0, len(root.Content)/2)
	for i := 0; i+1 < len(root.Content); i += 2 {
		v := root.Content[i+1]
		k := keyPos{key: strings.ToLower(root.Content[i].Value), line: v.Line, col: v.Column, null: v.Tag == "!!null"}
		if v.Kind == yaml.SequenceNode {
			k.items = make([]itemPos, len(v.Content))
			for j, c := range v.Content {
				k.items[j] = itemPos{value: c.Value, line: c.Line, col: c.Column}
			}
		}
		if prev := findKey(keys, k.key); prev != nil {
			*prev = k
		} else {
			keys = append(keys, k)
		}
	}
	return keys
}

func findKey(keys []keyPos, key string) *keyPos {
	for i := range keys {
		if keys[i].key == key {
			return &keys[i]
		}
	}
	return nil
}

// KeyLine returns the line of a front matter key, or the first line of the file.
func (p *Page) KeyLine(key string) (line, col int) {
	if k := findKey(p.keys, key); k != nil {
		return k.line, k.col
	}
	return 1, 1
}

// TermInfo is a glossary entry.
type TermInfo struct {
	Term    string
	Aliases []string
	Short   string
	Related []string // slugs of other terms
}

// CourseInfo describes a course and its sessions.
type CourseInfo struct {
	Audience      string // staff, patients and public, everyone
	Format        string // in person, online, blended
	Sessions      []Session
	Places        int
	Cost          string
	Booking       string // https URL or mailto:
	Accessibility []string
	Facilitators  []string
	Status        string // open, full, cancelled
}

// Session is one meeting of a course.
type Session struct {
	Start, End time.Time
	Venue      string
	Address    string
	Online     string
	Line, Col  int // where the session starts in the file, for messages

	startWritten bool // start: is there, if perhaps not as a date
}

// LogInfo describes a reflective log.
type LogInfo struct {
	From, To  time.Time
	Milestone string
	Model     string // "rolfe" or "gibbs"
}

// Milestone is one step of the project plan.
type Milestone struct {
	Date   time.Time
	Title  string
	Status string // planned or done
	Link   string // content path or URL
	Line   int
	Col    int
	// LinkAt is where Link is written, for messages about it.
	LinkAt diag.Pos
}

// RequiredHeadings lists the headings a reflective model needs.
// A model clic does not know (reported when the log was read) needs
// none, so a misspelt model is one error, not one per heading as well.
func RequiredHeadings(model string) []string {
	switch model {
	case "gibbs":
		return []string{"Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"}
	case "rolfe":
		return []string{"What?", "So what?", "Now what?"}
	}
	return nil
}

// IsList reports whether the page lists other pages.
func (p *Page) IsList() bool { return p.Kind == Home || p.Kind == Section }

// Dated reports whether the kind appears in date order in lists and feeds.
func (k Kind) Dated() bool { return k == Post || k == Log }
