package feed

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"strings"
	"time"

	"github.com/gorilla/feeds"
)

// gorilla/feeds' RSS types lack the atom:link rel="self" that validators
// and readers use to find a feed again, hold only one category per item,
// and have only the e-mail based author element. These wrappers embed its
// types and add or replace those fields; encoding/xml lets an outer field
// override an embedded one of the same name.

type rssXML struct {
	feeds.RssFeedXml
	AtomNS  string      `xml:"xmlns:atom,attr"`
	DCNS    string      `xml:"xmlns:dc,attr"`
	Channel *rssChannel `xml:"channel"`
}

type rssChannel struct {
	*feeds.RssFeed
	Self  rssAtomLink `xml:"atom:link"`
	Items []*rssItem  `xml:"item"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	*feeds.RssItem
	Categories []string `xml:"category"`
	Creators   []string `xml:"dc:creator"` // RSS <author> must be an e-mail address
}

// rssHTML escapes plain text for RSS <description>, which readers treat as
// HTML: without it a summary mentioning "<b>" would turn bold.
var rssHTML = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// RSS writes f as RSS 2.0 with the content, atom and dc modules. f.RSSURL
// is required. Dates are RFC 822 (RFC 1123 with numeric zone) in London
// time. Summaries become the HTML-escaped <description>; content is
// <content:encoded>. A guid that is not the permalink is marked
// isPermaLink="false".
func RSS(f Feed) ([]byte, error) {
	d, err := prepare(f, f.RSSURL, "RSSURL")
	if err != nil {
		return nil, err
	}
	ch := &rssChannel{
		RssFeed: &feeds.RssFeed{
			Title:       d.title,
			Link:        d.siteURL,
			Description: cmp.Or(d.description, d.title),
			Language:    d.language,
			Generator:   "clic",
		},
		Self: rssAtomLink{Href: d.self, Rel: "self", Type: "application/rss+xml"},
	}
	if len(d.items) > 0 {
		// RSS lets lastBuildDate be left out, which reads better in an
		// empty feed than a made-up 1970 date.
		ch.LastBuildDate = d.updated.Format(time.RFC1123Z)
	}
	for _, it := range d.items {
		perma := "false"
		if it.id == it.link {
			perma = "true"
		}
		ri := &rssItem{
			RssItem: &feeds.RssItem{
				Title:       it.title,
				Link:        it.link,
				Description: rssHTML.Replace(it.summary),
				Guid:        &feeds.RssGuid{Id: it.id, IsPermaLink: perma},
				PubDate:     it.published.Format(time.RFC1123Z),
			},
			Categories: it.tags,
			Creators:   it.authors,
		}
		if it.content != "" {
			ri.Content = &feeds.RssContent{Content: it.content}
		}
		ch.Items = append(ch.Items, ri)
	}
	x := rssXML{
		RssFeedXml: feeds.RssFeedXml{Version: "2.0", ContentNamespace: "http://purl.org/rss/1.0/modules/content/"},
		AtomNS:     "http://www.w3.org/2005/Atom",
		DCNS:       "http://purl.org/dc/elements/1.1/",
		Channel:    ch,
	}
	return marshalXML(x, d)
}

// marshalXML writes v as an XML document, indented unless d is compact,
// with an xml-stylesheet instruction when d names a stylesheet.
func marshalXML(v any, d doc) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(d.size())
	b.WriteString(xml.Header)
	if href := d.stylesheet; href != "" {
		// Pseudo-attributes in the instruction take entity references,
		// and escaping '>' also keeps "?>" from ending it early.
		attr := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(href)
		b.WriteString(`<?xml-stylesheet type="text/xsl" href="` + attr + `"?>` + "\n")
	}
	e := xml.NewEncoder(&b)
	if !d.compact {
		e.Indent("", "  ")
	}
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
