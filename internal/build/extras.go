package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"regexp"
	"strings"
	"time"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
)

// writeExtras writes the files every site needs besides its pages.
func (b *builder) writeExtras(dl *diag.List) {
	key := b.siteKey()
	for _, x := range []struct {
		name string
		make func() ([]byte, error)
	}{
		{"sitemap.xml", b.sitemap},
		{"robots.txt", b.robots},
		{"search/index.json", b.searchIndex},
	} {
		if err := b.writeKeyed(x.name, key, x.make); err != nil {
			dl.Errorf(diag.Pos{File: "content"}, "writing %s: %v", x.name, err)
		}
	}
}

// sitemap lists every page with its absolute URL and last change.
func (b *builder) sitemap() ([]byte, error) {
	type url struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	var set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []url    `xml:"url"`
	}
	for _, p := range b.site.Pages {
		if p.Draft || p.Future {
			continue // a preview shows them; search engines must not
		}
		u := url{Loc: b.abs(p.URL)}
		if t := lastChange(p); !t.IsZero() {
			u.LastMod = t.In(content.London()).Format(time.RFC3339)
		}
		set.URLs = append(set.URLs, u)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(set); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func lastChange(p *content.Page) time.Time {
	if !p.Updated.IsZero() {
		return p.Updated
	}
	return p.Date
}

func (b *builder) robots() ([]byte, error) {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + b.abs("/sitemap.xml") + "\n"), nil
}

// searchEntry is one row of the search index. Short keys keep the file
// small for readers on phones.
type searchEntry struct {
	Title    string `json:"t"`
	URL      string `json:"u"`
	Summary  string `json:"s,omitempty"`
	Headings string `json:"h,omitempty"`
	Kind     string `json:"k"`
	Aliases  string `json:"a,omitempty"`
}

// searchIndex holds titles, summaries, headings and glossary terms.
func (b *builder) searchIndex() ([]byte, error) {
	var rows []searchEntry
	for _, p := range b.site.Pages {
		if p.Kind == content.Home || p.Draft || p.Future {
			continue
		}
		v := b.view[p]
		e := searchEntry{Title: p.Title, URL: p.URL, Kind: string(p.Kind), Summary: plainText(string(v.SummaryHTML))}
		var hs []string
		for _, h := range v.TOC {
			hs = append(hs, h.Text)
		}
		e.Headings = strings.Join(hs, " · ")
		if p.Term != nil {
			e.Aliases = strings.Join(p.Term.Aliases, ", ")
			e.Summary = p.Term.Short
		}
		rows = append(rows, e)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(rows)
	return buf.Bytes(), err
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainText strips tags from a summary the renderer made, which holds
// only inline markup, so a pattern is enough here.
func plainText(s string) string {
	return strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(s, "")))
}
