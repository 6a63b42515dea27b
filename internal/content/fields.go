package content

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/clic-cumbria/clic/internal/diag"
)

// Settings are the site-wide settings, kept in the front matter of
// content/_index.md so writers find them beside the home page text.
type Settings struct {
	Title        string
	Description  string
	BaseURL      string // always ends with "/"
	Language     string
	Organisation string
	PageSize     int
	UnsafeHTML   bool
	FeedLimit    int
	ReadingAge   struct{ Min, Max int }
	// SentenceWords and ParagraphSentences are plain-language limits.
	SentenceWords      int
	ParagraphSentences int
	AvoidWords         []string
	Menu               []MenuItem
}

// MenuItem is one link in the site's main navigation.
type MenuItem struct {
	Title, URL string
	At         diag.Pos // where the item is written, for the build's check of URL
}

func defaultSettings() Settings {
	s := Settings{
		Title:              "Untitled site",
		BaseURL:            "http://localhost/",
		Language:           "en-GB",
		PageSize:           10,
		FeedLimit:          20,
		SentenceWords:      25,
		ParagraphSentences: 3,
	}
	s.ReadingAge.Min, s.ReadingAge.Max = 9, 11
	return s
}

// pageFields are the keys every kind accepts.
func (d *decoder) pageFields(p *Page) fields {
	return fields{
		"title":     d.str(&p.Title, "title"),
		"date":      d.date(&p.Date, "date"),
		"updated":   d.date(&p.Updated, "updated"),
		"summary":   d.str(&p.Summary, "summary"),
		"tags":      d.strs(&p.Tags, "tags"),
		"authors":   d.strs(&p.Authors, "authors"),
		"draft":     d.boolean(&p.Draft, "draft"),
		"slug":      d.str(&p.Slug, "slug"),
		"weight":    d.integer(&p.Weight, "weight"),
		"image":     d.str(&p.Image, "image"),
		"image_alt": d.str(&p.ImageAlt, "image_alt"),
		"id":        d.str(&p.ID, "id"),
		"glossary":  d.boolean(&p.Glossary, "glossary"),
		"layout":    d.str(&p.Layout, "layout"),
	}
}

// kindFields adds the keys particular to a page's kind.
func (d *decoder) kindFields(p *Page, f fields) {
	switch {
	case p.Kind == Home:
		// Settings are decoded separately; accept their keys here too.
	case p.Kind == Term:
		t := &TermInfo{}
		p.Term = t
		f["term"] = d.str(&t.Term, "term")
		f["aliases"] = d.strs(&t.Aliases, "aliases")
		f["short"] = d.str(&t.Short, "short")
		f["related"] = d.strs(&t.Related, "related")
	case p.Kind == Course:
		c := &CourseInfo{Status: "open"}
		p.Course = c
		f["audience"] = d.choice(&c.Audience, "audience", "staff", "patients and public", "everyone")
		f["format"] = d.choice(&c.Format, "format", "in person", "online", "blended")
		f["sessions"] = d.list("sessions", func(n *yaml.Node) {
			s := Session{Line: n.Line, Col: n.Column}
			start := d.date(&s.Start, "start")
			d.mapping(n, fields{
				"start": func(v *yaml.Node) {
					s.startWritten = true
					start(v)
				},
				"end":     d.date(&s.End, "end"),
				"venue":   d.str(&s.Venue, "venue"),
				"address": d.str(&s.Address, "address"),
				"online":  d.link(&s.Online, "online"),
			}, "a session")
			if n.Kind == yaml.MappingNode { // else reported; checking it too would only repeat the error
				c.Sessions = append(c.Sessions, s)
			}
		})
		f["places"] = d.integer(&c.Places, "places")
		f["cost"] = d.str(&c.Cost, "cost")
		f["booking"] = d.link(&c.Booking, "booking")
		f["accessibility"] = d.strs(&c.Accessibility, "accessibility")
		f["facilitators"] = d.strs(&c.Facilitators, "facilitators")
		f["status"] = d.choice(&c.Status, "status", "open", "full", "cancelled")
	case p.Kind == Log:
		l := &LogInfo{Model: "rolfe"}
		p.Log = l
		f["period"] = func(n *yaml.Node) {
			d.mapping(n, fields{"from": d.date(&l.From, "from"), "to": d.date(&l.To, "to")}, "period")
			if !l.From.IsZero() && l.To.Before(l.From) && !l.To.IsZero() {
				d.dl.Errorf(pos(d.file, n), "the period ends (%s) before it starts (%s); check the from and to dates", l.To.Format("2 January 2006"), l.From.Format("2 January 2006"))
			}
		}
		f["milestone"] = d.str(&l.Milestone, "milestone")
		model := d.choice(&l.Model, "model", "rolfe", "gibbs")
		f["model"] = func(n *yaml.Node) {
			l.Model = "" // unless n is a model clic knows
			model(n)
		}
	case p.Kind == Chapter:
		f["include"] = d.strs(&p.Include, "include")
	}
	if p.File == "content/timeline.md" {
		f["milestones"] = d.list("milestones", func(n *yaml.Node) {
			m := Milestone{Line: n.Line, Col: n.Column, Status: "planned"}
			link := d.str(&m.Link, "link")
			d.mapping(n, fields{
				"date":   d.date(&m.Date, "date"),
				"title":  d.str(&m.Title, "title"),
				"status": d.choice(&m.Status, "status", "planned", "done"),
				"link": func(v *yaml.Node) {
					m.LinkAt = pos(d.file, v)
					link(v)
				},
			}, "a milestone")
			if n.Kind != yaml.MappingNode {
				return
			}
			if m.Title == "" {
				d.dl.Errorf(pos(d.file, n), "this milestone has no title; add a line such as \"title: Six month review\"")
			}
			p.Timeline = append(p.Timeline, m)
		})
	}
}

// settingsFields are the keys of content/_index.md that configure the site.
func (d *decoder) settingsFields(s *Settings) fields {
	return fields{
		"description":  d.str(&s.Description, "description"),
		"base_url":     d.str(&s.BaseURL, "base_url"),
		"language":     d.str(&s.Language, "language"),
		"organisation": d.str(&s.Organisation, "organisation"),
		"page_size":    d.integer(&s.PageSize, "page_size"),
		"unsafe_html":  d.boolean(&s.UnsafeHTML, "unsafe_html"),
		"feed_limit":   d.integer(&s.FeedLimit, "feed_limit"),
		"reading_age": func(n *yaml.Node) {
			d.mapping(n, fields{
				"min": d.integer(&s.ReadingAge.Min, "min"),
				"max": d.integer(&s.ReadingAge.Max, "max"),
			}, "reading_age")
		},
		"sentence_words":      d.integer(&s.SentenceWords, "sentence_words"),
		"paragraph_sentences": d.integer(&s.ParagraphSentences, "paragraph_sentences"),
		"avoid_words":         d.strs(&s.AvoidWords, "avoid_words"),
		"menu": d.list("menu", func(n *yaml.Node) {
			m := MenuItem{At: pos(d.file, n)}
			url := d.str(&m.URL, "url")
			d.mapping(n, fields{"title": d.str(&m.Title, "title"), "url": func(v *yaml.Node) {
				m.At = pos(d.file, v)
				url(v)
			}}, "a menu item")
			if n.Kind != yaml.MappingNode {
				return
			}
			d.menuItem(m)
			s.Menu = append(s.Menu, m)
		}),
	}
}

// normaliseBaseURL makes sure the base URL ends in exactly one slash, so
// joining it with a site path never doubles or drops one.
func normaliseBaseURL(u string) string {
	return strings.TrimRight(u, "/") + "/"
}

// menuItem reports a menu item that would make a link going nowhere. The
// build checks that an address on the site is published.
func (d *decoder) menuItem(m MenuItem) {
	switch {
	case m.URL == "":
		d.dl.Errorf(m.At, "the menu item %q has no url; add a line such as \"url: /courses/\", the address it links to", m.Title)
	case m.Title == "":
		d.dl.Errorf(m.At, "the menu item for %s has no title; add a line such as \"title: Courses\", the words shown in the menu", m.URL)
	case !strings.HasPrefix(m.URL, "/") && !hasWebScheme(m.URL):
		d.dl.Errorf(m.At, "the menu item %q links to %q; write an address on this site from its start, such as /subscribe/, or a web address starting https://", m.Title, m.URL)
	}
}

// hasWebScheme reports whether u is a web address such as https://example.org/.
func hasWebScheme(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}
