package build

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/markdown"
)

// View is the data every layout receives as its dot.
type View struct {
	Site   *SiteView
	Page   *PageView // the page being rendered (for lists, the list page itself)
	Crumbs []Link    // breadcrumbs from the home page to the parent of Page

	// List pages: the pages on this page of the list, and the pager.
	List  []*PageView
	Pager *Pager

	// Taxons is set on /tags/ and /authors/: every tag or author.
	Taxons []*TaxonView

	// Home page: the newest posts, courses still to come, and the newest log.
	Latest *Latest

	// Course list: courses split around the build date.
	Upcoming, Past []*PageView

	// Glossary list: terms grouped by first letter, A to Z.
	Letters []Letter

	// Feeds this page advertises with <link rel="alternate">: the site's
	// feeds, then the section's or tag's own.
	Feeds []FeedLink

	// Built is when the site was built, in Europe/London.
	Built time.Time
	// Preview is true in clic serve, where drafts and scheduled pages show with a banner.
	Preview bool
}

// SiteView is what layouts know about the whole site.
type SiteView struct {
	content.Settings
	// Feeds lists every feed the site publishes, for the subscribe page.
	Feeds []FeedGroup
	// Sections by folder name, e.g. .Site.Sections.posts
	Sections map[string]*PageView
}

// PageView is one page with its rendered content.
type PageView struct {
	*content.Page
	Permalink      string        // absolute URL
	Content        template.HTML // rendered body
	SummaryHTML    template.HTML // summary front matter (escaped) or the body's summary
	TOC            []markdown.Heading
	Words          int
	ReadingMinutes int
	Prev, Next     *PageView // neighbours in the section, newer and older for dated pages
	TagLinks       []Link
	AuthorLinks    []Link
	Includes       []*PageView // case study: the pages a chapter pulls in
	Related        []*PageView // glossary: related terms
	Calendar       string      // course: site path of its .ics file, when it has sessions; course list: /courses/calendar.ics
	// Chapters is set on the case study list: each chapter with its content, for the printable page.
	Chapters []*PageView
	// Status is "draft" or "scheduled" in preview, else "".
	Status string

	// JSONLD is set on courses: a schema.org Course, for
	// <script type="application/ld+json"> (a data block, allowed by the CSP).
	JSONLD template.JS
	// Milestone is set on a log that closes a timeline milestone: its title
	// and its anchor on the timeline page.
	Milestone *Link
	// Milestones is set on the timeline page (content/timeline.md): its
	// milestones in date order. TodayIndex is the index of the first one
	// still to come (len(Milestones) when all are past), where a "today"
	// marker goes.
	Milestones []MilestoneView
	TodayIndex int
}

// TOCItems is the table of contents as list items, one per heading of
// level 2 or 3, each a link to the heading:
//
//	<li class="toc__item toc__item--2"><a href="#id">Text</a></li>
//
// It is the markup the theme's toc.html used to build from TOC with a
// range, made in Go because a range costs the layout a reflective call
// for every escaped value, and posts have many headings. A theme that
// wants other markup can still range over TOC.
func (v *PageView) TOCItems() template.HTML {
	var b strings.Builder
	for _, h := range v.TOC {
		if h.Level != 2 && h.Level != 3 {
			continue
		}
		b.WriteString(`<li class="toc__item toc__item--`)
		b.WriteString(strconv.Itoa(h.Level))
		b.WriteString(`"><a href="#`)
		fragment(&b, h.ID)
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(h.Text))
		b.WriteString("</a></li>")
	}
	return template.HTML(b.String())
}

// fragment writes id percent-encoded as html/template does in a URL's
// fragment: every byte but letters, digits and -._~.
func fragment(b *strings.Builder, id string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}

// Link is a labelled site path.
type Link struct {
	Title, URL string
}

// TaxonView is one tag or author.
type TaxonView struct {
	Name, URL string
	Count     int
}

// Pager describes one page of a paginated list.
type Pager struct {
	Number, Total int    // 1-based page number, number of pages
	Prev, Next    string // site paths, "" at the ends
	// Pages holds links to the first and last pages and to those near
	// this one, with gaps between: a list of 1,000 pages links to a
	// handful, not to all of them.
	Pages []PagerLink
}

// PagerLink is one numbered page link, or a gap ("…") when Gap is set.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// Latest is what the home page shows.
type Latest struct {
	Posts   []*PageView
	Courses []*PageView
	Log     *PageView
}

// Letter is one letter of the glossary's A to Z.
type Letter struct {
	Letter string
	ID     string // anchor, e.g. "letter-a"
	Terms  []*PageView
}

// FeedLink is one feed file.
type FeedLink struct {
	Title string // e.g. "All updates (RSS)"
	Type  string // MIME type
	URL   string // absolute URL
}

// FeedGroup is one feed in its three formats, for the subscribe page.
type FeedGroup struct {
	Title           string // e.g. "Blog posts"
	Page            string // site path of the HTML page it follows
	RSS, Atom, JSON string // absolute URLs
}
