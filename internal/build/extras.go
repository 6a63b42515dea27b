package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"maps"
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
		if err := b.writeKeyed(x.name, key, false, x.make); err != nil {
			dl.Errorf(diag.Pos{File: "content"}, "writing %s: %v", x.name, err)
		}
	}
}

// sitemap lists every page with its absolute URL and last change.
func (b *builder) sitemap() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	err := b.eachRow(&buf, "sitemap", "\n", func(p *content.Page) ([]byte, error) {
		if p.Draft || p.Future {
			return nil, nil // a preview shows them; search engines must not
		}
		var row bytes.Buffer
		row.WriteString(" <url>\n  <loc>")
		if err := xml.EscapeText(&row, []byte(b.abs(p.URL))); err != nil {
			return nil, err
		}
		row.WriteString("</loc>\n")
		if t := lastChange(p); !t.IsZero() {
			row.WriteString("  <lastmod>" + t.In(content.London()).Format("2006-01-02T15:04:05-07:00") + "</lastmod>\n")
		}
		row.WriteString(" </url>")
		return row.Bytes(), nil
	})
	buf.WriteString("\n</urlset>\n")
	return buf.Bytes(), err
}

// eachRow writes one row per page, separated by sep, for files that list
// every page. A Builder keeps each page's row and makes it again only
// when the page has a new version.
func (b *builder) eachRow(buf *bytes.Buffer, file, sep string, row func(*content.Page) ([]byte, error)) error {
	kept := b.bb.rows[file]
	if b.keep && kept == nil {
		kept = make(map[*content.Page]keptRow, len(b.site.Pages))
		if b.bb.rows == nil {
			b.bb.rows = map[string]map[*content.Page]keptRow{}
		}
		b.bb.rows[file] = kept
	}
	rows := make([][]byte, 0, len(b.site.Pages))
	size := 0
	for _, p := range b.site.Pages {
		var data []byte
		v := b.version[p]
		if prev, ok := kept[p]; ok && b.keep && prev.version == v {
			data = prev.data
		} else {
			var err error
			if data, err = row(p); err != nil {
				return err
			}
			if b.keep {
				kept[p] = keptRow{v, data} // updated in place: most rows stay
			}
		}
		if data != nil {
			rows = append(rows, data)
			size += len(data) + len(sep)
		}
	}
	if len(kept) > len(b.site.Pages) {
		// Pages have gone: forget their rows.
		live := make(map[*content.Page]bool, len(b.site.Pages))
		for _, p := range b.site.Pages {
			live[p] = true
		}
		maps.DeleteFunc(kept, func(p *content.Page, _ keptRow) bool { return !live[p] })
	}
	// The file is large (a row for each page), so it is sized once
	// rather than grown by doubling.
	buf.Grow(size)
	for i, data := range rows {
		if i > 0 {
			buf.WriteString(sep)
		}
		buf.Write(data)
	}
	return nil
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
	var buf bytes.Buffer
	buf.WriteString("[")
	err := b.eachRow(&buf, "search", ",", func(p *content.Page) ([]byte, error) {
		if p.Kind == content.Home || p.Draft || p.Future {
			return nil, nil
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
		var row bytes.Buffer
		enc := json.NewEncoder(&row)
		enc.SetEscapeHTML(false)
		err := enc.Encode(e)
		return bytes.TrimSuffix(row.Bytes(), []byte("\n")), err
	})
	buf.WriteString("]\n")
	return buf.Bytes(), err
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainText strips tags from a summary the renderer made, which holds
// only inline markup, so a pattern is enough here.
func plainText(s string) string {
	return strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(s, "")))
}
