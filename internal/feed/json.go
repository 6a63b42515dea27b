package feed

import (
	"bytes"
	"cmp"
	"encoding/json"

	"github.com/gorilla/feeds"
)

// jsonFeedVersion is set here rather than trusting the library's default,
// which earlier gorilla/feeds releases gave as version 1.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// jsonDoc replaces gorilla/feeds' items field, which is omitted when
// empty; JSON Feed requires "items" even in an empty feed.
type jsonDoc struct {
	*feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

// jsonItem writes dates as strings: gorilla/feeds uses time.Time, which
// marshals a zero offset as "Z" rather than London's "+00:00".
type jsonItem struct {
	*feeds.JSONItem
	Published string `json:"date_published"`
	Modified  string `json:"date_modified"`
}

// JSON writes f as JSON Feed 1.1. f.JSONURL is required. Each item has
// content_html, or content_text (its summary, else its title) when the
// entry has no content, since the format requires one of them. Dates are
// RFC 3339 with the London offset. Text is written as UTF-8 without
// \u escapes so the file stays readable.
func JSON(f Feed) ([]byte, error) {
	d, err := prepare(f, f.JSONURL, "JSONURL")
	if err != nil {
		return nil, err
	}
	x := jsonDoc{
		JSONFeed: &feeds.JSONFeed{
			Version:     jsonFeedVersion,
			Title:       d.title,
			Language:    d.language,
			HomePageUrl: d.siteURL,
			FeedUrl:     d.self,
			Description: d.description,
			Authors:     []*feeds.JSONAuthor{{Name: d.author}},
		},
		Items: []*jsonItem{},
	}
	for _, it := range d.items {
		ji := &feeds.JSONItem{
			Id:          it.id,
			Url:         it.link,
			Title:       it.title,
			ContentHTML: it.content,
			Summary:     it.summary,
			Tags:        it.tags,
		}
		if it.content == "" {
			ji.ContentText = cmp.Or(it.summary, it.title)
		}
		for _, a := range it.authors {
			ji.Authors = append(ji.Authors, &feeds.JSONAuthor{Name: a})
		}
		x.Items = append(x.Items, &jsonItem{JSONItem: ji, Published: it.published.Format(rfc3339), Modified: it.updated.Format(rfc3339)})
	}
	var b bytes.Buffer
	b.Grow(d.size())
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if !d.compact {
		e.SetIndent("", "  ")
	}
	if err := e.Encode(x); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
