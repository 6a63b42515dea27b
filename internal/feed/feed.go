// Package feed writes a list of pages as a web feed in three formats:
// RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1, so that people can
// follow a section of the site in a feed reader.
//
// # Contract
//
// The caller fills in a [Feed] and its [Entry] values and calls [RSS],
// [Atom] or [JSON]. Each returns the bytes of one file. The same Feed always
// gives the same bytes: nothing depends on the clock, the machine's time
// zone or map order.
//
//   - Entries are sorted newest first by Published, then by Link, then by
//     ID, and only the newest Limit (default 20) are kept.
//   - Every time is shown in Europe/London, the site's home time zone, so a
//     post dated 09:30 in summer reads +01:00 (BST) and in winter +00:00
//     (GMT). The zone data is compiled in, so this works on machines
//     without a zone database.
//   - A feed's own updated time is the latest Updated of the entries it
//     holds, never the build time. An empty feed uses the Unix epoch
//     (1970-01-01T00:00:00Z) where a format demands a date, so it is still
//     valid and still identical from build to build.
//   - Entry ids must never change, or readers show an edited post as new.
//     An id is [Entry.ID] when set (front matter `id` pins it); otherwise
//     it is the tag: URI (RFC 4151) of the permalink and first-publication
//     date, see [TagURI]. The title is never part of an id. If a permalink
//     changes later, the caller must pin the old id in front matter.
//   - Titles and summaries are plain text: characters such as & < > " '
//     and any non-ASCII text (accents, Welsh ŵ ŷ, emoji) reach the reader
//     exactly as written, never as markup.
//   - Content is HTML. Relative references in href, src, srcset, poster and
//     cite attributes are made absolute, resolved as a browser would on the
//     entry's own page (Link), because a feed reader shows content away
//     from that page. All other bytes of the content are left as they are.
//   - RSS and Atom name an XSLT stylesheet ([Stylesheet]) so that a person
//     who opens the feed in a browser sees a readable page explaining what
//     it is, rather than raw XML.
//
// Problems are reported as a [diag.List] that says what is wrong and how
// to fix it.
//
// The XML and JSON structures come from github.com/gorilla/feeds; this
// package extends them where that library cannot express the formats as
// above (see rss.go, atom.go and json.go).
package feed

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/London must load on minimal machines with no zoneinfo.

	"github.com/clic-cumbria/clic/internal/diag"
)

// DefaultLimit is the number of entries kept when Feed.Limit is zero.
const DefaultLimit = 20

// Feed describes one feed: a section of the site and its newest entries.
type Feed struct {
	Title       string
	Description string
	Language    string // BCP 47 tag such as "en-GB"; left out when empty

	// SiteURL is the absolute URL of the HTML page the feed belongs to,
	// such as https://example.org/posts/. It is also the Atom feed id, so
	// it must not change.
	SiteURL string
	// BaseURL is the absolute site base, such as https://example.org/.
	// The stylesheet path is taken as relative to it. Relative links in
	// content resolve against each entry's Link, which lies under BaseURL,
	// so that "x", "../x" and "/x" point where they do on the page itself.
	BaseURL string

	// The absolute URL of each output file itself, announced inside the
	// file (rel="self", feed_url) so readers can find it again. Only the
	// URL of the format being written is required.
	RSSURL  string
	AtomURL string
	JSONURL string

	Author string // the organisation that publishes the site

	// Stylesheet is the site path of the XSLT stylesheet, such as
	// "/feed.xsl", named in RSS and Atom. Empty means none. The caller
	// writes [Stylesheet]'s bytes to that path.
	Stylesheet string

	Entries []Entry
	Limit   int // how many of the newest entries to keep; 0 means DefaultLimit

	// Compact leaves out the line breaks and indentation that make a
	// feed readable as text, for a site that minifies its files: the
	// bytes are then what a minifier would leave, and need none.
	Compact bool

	// Source is the file that configures the feed, relative to the site
	// root, used in messages. Empty means content/_index.md.
	Source string
}

// Entry is one page in a feed.
type Entry struct {
	// ID is the entry's permanent id, a URI. Leave it empty to derive it
	// with TagURI from Link and Published. Set it (from front matter `id`)
	// when a page moves, to the id it had before, so readers do not show
	// the page again as new.
	ID string

	Title     string // plain text
	Link      string // absolute permalink
	Published time.Time
	Updated   time.Time // zero means Published
	Authors   []string
	Tags      []string
	Summary   string // plain text
	Content   string // HTML

	// Source is the content file, relative to the site root, used in
	// messages, such as content/posts/welcome.md.
	Source string

	// Prepared says Content has already been through PrepareContent. A
	// page appears in several feeds, each in three formats; preparing its
	// content once saves tokenizing the same HTML a dozen times.
	Prepared bool
}

// PrepareContent makes relative links in a page's HTML absolute against
// its permalink and removes characters XML cannot carry, as every feed
// does to Entry.Content unless Entry.Prepared is set.
func PrepareContent(content, link string) (string, error) {
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() {
		return "", fmt.Errorf("feed: %q is not an absolute URL", link)
	}
	abs, err := absolutise(content, u)
	if err != nil {
		return "", err
	}
	return clean(abs), nil
}

// rfc3339 is time.RFC3339 with a numeric offset always: Go writes a zero
// offset as "Z", which says "UTC" where "+00:00" says "London, in GMT".
const rfc3339 = "2006-01-02T15:04:05-07:00"

// item is an Entry made ready to write: checked, times in London,
// content absolute and text safe for XML.
type item struct {
	id, title, link, summary, content string
	published, updated                time.Time
	authors, tags                     []string
}

// londonTime loads the zone once: a build writes hundreds of feeds.
var londonTime = sync.OnceValues(func() (*time.Location, error) { return time.LoadLocation("Europe/London") })

// size guesses the length of d written out, escaped, so the buffer it
// is written into grows once rather than doubling from nothing.
func (d doc) size() int {
	n := 2048
	for _, it := range d.items {
		n += 512 + len(it.content)*5/4 + len(it.summary)
	}
	return n
}

// doc is a Feed made ready to write.
type doc struct {
	title, description, language string
	siteURL, self, author        string
	stylesheet                   string // href for the xml-stylesheet instruction
	compact                      bool
	updated                      time.Time
	items                        []item
}

// prepare checks f, sorts and trims its entries and converts them for
// writing. self is the URL of the file being written; selfKey names its
// setting in messages.
func prepare(f Feed, self, selfKey string) (doc, error) {
	london, err := londonTime()
	if err != nil {
		return doc{}, fmt.Errorf("feed: loading the Europe/London time zone: %w", err)
	}
	var l diag.List
	at := diag.Pos{File: cmp.Or(f.Source, "content/_index.md")}

	if strings.TrimSpace(f.Title) == "" {
		l.Errorf(at, "the feed has no title; give the page a title, for example title: News")
	}
	absURL(&l, at, "the feed's page address", f.SiteURL, "https://example.org/posts/")
	base := absURL(&l, at, "base_url", f.BaseURL, "https://example.org/")
	absURL(&l, at, "the feed's own address ("+selfKey+")", self, "https://example.org/posts/index.xml")
	if f.Limit < 0 {
		l.Errorf(at, "feed_limit is %d; it must be a positive number, such as 20", f.Limit)
	}

	entries := slices.Clone(f.Entries)
	slices.SortStableFunc(entries, func(a, b Entry) int {
		return cmp.Or(b.Published.Compare(a.Published),
			strings.Compare(a.Link, b.Link), strings.Compare(a.ID, b.ID))
	})
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	entries = entries[:min(limit, len(entries))]

	d := doc{
		title:       clean(f.Title),
		description: clean(f.Description),
		language:    clean(f.Language),
		siteURL:     clean(f.SiteURL),
		self:        clean(self),
		author:      clean(cmp.Or(f.Author, f.Title)),
		updated:     time.Unix(0, 0).UTC(), // stands in when there are no entries
		compact:     f.Compact,
	}
	if f.Stylesheet != "" && base != nil {
		d.stylesheet = clean(stylesheetHref(base, f.Stylesheet))
	}
	seen := map[string]string{}
	for _, e := range entries {
		it, ok := prepareEntry(&l, e, london)
		if !ok {
			continue
		}
		if first, dup := seen[it.id]; dup {
			l.Errorf(entryPos(e), "this page has the same feed id %q as %s; give one of them a different id in its front matter, or remove id so it is made from the page address", it.id, first)
			continue
		}
		seen[it.id] = cmp.Or(e.Source, e.Link)
		if len(d.items) == 0 || it.updated.After(d.updated) {
			d.updated = it.updated
		}
		d.items = append(d.items, it)
	}
	if err := l.Err(); err != nil {
		return doc{}, err
	}
	return d, nil
}

func prepareEntry(l *diag.List, e Entry, london *time.Location) (item, bool) {
	at := entryPos(e)
	n := len(*l)
	if strings.TrimSpace(e.Title) == "" {
		l.Errorf(at, "this page has no title, which feed readers need; add one to the front matter, for example title: Welcome")
	}
	if e.Published.IsZero() {
		l.Errorf(at, "this page has no date, which feeds need; add one to the front matter, for example date: 2024-03-31")
	}
	link := absURL(l, at, "the page address", e.Link, "https://example.org/posts/welcome/")
	id := e.ID
	if id == "" && link != nil && !e.Published.IsZero() {
		id, _ = TagURI(e.Link, e.Published)
	} else if id != "" {
		if u, err := url.Parse(id); err != nil || u.Scheme == "" {
			l.Errorf(at, "id %q is not a URI, so feed readers cannot use it; write it like tag:example.org,2020-03-01:/posts/welcome/ or remove id to have one made from the page address", id)
		}
	}
	if len(*l) > n {
		return item{}, false
	}
	// An update before first publication cannot be true; treating it as
	// Published keeps the feed's newest-updated time meaningful.
	updated := e.Updated
	if updated.IsZero() || updated.Before(e.Published) {
		updated = e.Published
	}
	content := e.Content
	if !e.Prepared {
		abs, err := absolutise(e.Content, link)
		if err != nil {
			l.Errorf(at, "the page's HTML could not be read for the feed (%v); check the page for broken HTML", err)
			return item{}, false
		}
		content = clean(abs)
	}
	return item{
		id:        clean(id),
		title:     clean(e.Title),
		link:      clean(e.Link),
		summary:   clean(e.Summary),
		content:   content,
		published: e.Published.In(london).Truncate(time.Second),
		updated:   updated.In(london).Truncate(time.Second),
		authors:   cleanAll(e.Authors),
		tags:      cleanAll(e.Tags),
	}, true
}

// entryPos names an entry in messages by its file, or failing that its
// address, so a message never starts with an empty position.
func entryPos(e Entry) diag.Pos {
	return diag.Pos{File: cmp.Or(e.Source, e.Link, "a feed entry")}
}

// TagURI returns the RFC 4151 tag: URI for a page first published at
// link on published, such as tag:example.org,2020-03-01:/posts/welcome/.
// The date is the London calendar date. Because it uses the first
// publication date and not the title, editing the page keeps its id; the
// caller must keep using the permalink the page was first published at
// (or pin the id in front matter) if the page later moves.
func TagURI(link string, published time.Time) (string, error) {
	u, err := url.Parse(link)
	if err != nil || u.Hostname() == "" {
		return "", fmt.Errorf("feed: %q is not an absolute URL, so no tag: id can be made from it", link)
	}
	if published.IsZero() {
		return "", fmt.Errorf("feed: %s has no publication date, so no tag: id can be made for it", link)
	}
	london, err := londonTime()
	if err != nil {
		return "", fmt.Errorf("feed: loading the Europe/London time zone: %w", err)
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return fmt.Sprintf("tag:%s,%s:%s", strings.ToLower(u.Hostname()), published.In(london).Format(time.DateOnly), p), nil
}

// absURL parses an absolute http(s) URL, reporting what it is and an
// example when it is not.
func absURL(l *diag.List, at diag.Pos, what, s, example string) *url.URL {
	u, err := url.Parse(s)
	if s == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if s == "" {
			l.Errorf(at, "%s is missing; feeds need full web addresses, for example %s", what, example)
		} else {
			l.Errorf(at, "%s %q is not a full web address; write it with https:// and the site name, for example %s", what, s, example)
		}
		return nil
	}
	return u
}

// stylesheetHref turns a site path into a path from the server root, so
// the stylesheet is fetched from the feed's own origin: browsers refuse
// XSLT from another origin, which an absolute URL would be when the site
// is previewed locally.
func stylesheetHref(base *url.URL, sitePath string) string {
	if u, err := url.Parse(sitePath); err == nil && u.IsAbs() {
		return sitePath
	}
	return strings.TrimSuffix(base.Path, "/") + "/" + strings.TrimPrefix(sitePath, "/")
}

// clean makes s safe to place in XML 1.0: invalid UTF-8 and characters
// XML forbids (most control characters) would make the whole file
// unreadable to a strict reader, so they become U+FFFD or are dropped.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

func cleanAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(clean(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}
