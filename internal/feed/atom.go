package feed

import "github.com/gorilla/feeds"

// gorilla/feeds' Atom types hold one link per feed, one author per entry
// and write categories as element text, where Atom needs a term
// attribute. Its builder also invents entry ids from the updated date
// (so edits change them) and marks summaries as HTML. These wrappers
// embed its types and replace those fields; ids, dates and text types are
// set here.

type atomXML struct {
	*feeds.AtomFeed
	Lang    string           `xml:"xml:lang,attr,omitempty"`
	Links   []feeds.AtomLink `xml:"link"`
	Entries []*atomEntry     `xml:"entry"`
}

type atomEntry struct {
	*feeds.AtomEntry
	Authors    []feeds.AtomAuthor `xml:"author"`
	Categories []atomCategory     `xml:"category"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// Atom writes f as Atom 1.0 (RFC 4287). f.AtomURL is required. The feed
// id is f.SiteURL; its updated time is the newest entry's, or the Unix
// epoch when there are none. Entry times are RFC 3339 with the London
// offset. Summaries are type="text", content type="html". The feed's
// author is f.Author (or its title), which covers entries with no
// authors of their own, as Atom requires.
func Atom(f Feed) ([]byte, error) {
	d, err := prepare(f, f.AtomURL, "AtomURL")
	if err != nil {
		return nil, err
	}
	x := atomXML{
		AtomFeed: &feeds.AtomFeed{
			Xmlns:    "http://www.w3.org/2005/Atom",
			Title:    d.title,
			Id:       d.siteURL,
			Updated:  d.updated.Format(rfc3339),
			Subtitle: d.description,
			Author:   &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: d.author}},
		},
		Lang: d.language,
		Links: []feeds.AtomLink{
			{Href: d.siteURL, Rel: "alternate", Type: "text/html"},
			{Href: d.self, Rel: "self", Type: "application/atom+xml"},
		},
	}
	for _, it := range d.items {
		e := &atomEntry{AtomEntry: &feeds.AtomEntry{
			Title:     it.title,
			Id:        it.id,
			Updated:   it.updated.Format(rfc3339),
			Published: it.published.Format(rfc3339),
			Links:     []feeds.AtomLink{{Href: it.link, Rel: "alternate", Type: "text/html"}},
		}}
		if it.summary != "" {
			e.Summary = &feeds.AtomSummary{Content: it.summary, Type: "text"}
		}
		if it.content != "" {
			e.Content = &feeds.AtomContent{Content: it.content, Type: "html"}
		}
		for _, a := range it.authors {
			e.Authors = append(e.Authors, feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: a}})
		}
		for _, t := range it.tags {
			e.Categories = append(e.Categories, atomCategory{Term: t})
		}
		x.Entries = append(x.Entries, e)
	}
	return marshalXML(x, d)
}
