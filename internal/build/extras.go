package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"maps"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
)

// writeExtras writes the files every site needs besides its pages.
func (b *builder) writeExtras(dl *diag.List) {
	for _, x := range []struct {
		name, file     string
		head, sep, end string
		row            func(*content.Page) ([]byte, error)
	}{
		{"sitemap.xml", "sitemap", xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n", "\n", "\n</urlset>\n", b.sitemapRow},
		{"search/index.json", "search", "[", ",", "]\n", b.searchRow},
	} {
		rows, key, err := b.rows(x.file, x.row)
		switch {
		case err != nil:
		case b.lazy():
			err = b.writeLazy(x.name, key, x.head, rows, x.sep, x.end)
		default:
			// The key sums up the rows, so the file is joined again only
			// when one of them is new: a post's new words leave the
			// sitemap and search index as they were.
			err = b.writeKeyed(x.name, key, owned, func() ([]byte, error) { return join(x.head, rows, x.sep, x.end), nil })
		}
		if err != nil {
			dl.Errorf(diag.Pos{File: "content"}, "writing %s: %v", x.name, err)
		}
	}
	var key uint64
	if b.keep {
		key = b.keyer().h.Sum64()
	}
	if err := b.writeKeyed("robots.txt", key, owned, b.robots); err != nil {
		dl.Errorf(diag.Pos{File: "content"}, "writing robots.txt: %v", err)
	}
}

// sitemapRow lists a page with its absolute URL and last change.
func (b *builder) sitemapRow(p *content.Page) ([]byte, error) {
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
}

// rows makes one row per page, for files that list every page, and a
// key that changes when any row does. A Builder keeps each page's row and
// makes it again only when the page has a new version; a row made again
// with the same bytes counts as unchanged.
func (b *builder) rows(file string, row func(*content.Page) ([]byte, error)) ([][]byte, uint64, error) {
	bb := b.bb
	kept := bb.rows[file]
	if b.keep && kept == nil {
		kept = make(map[*content.Page]keptRow, len(b.site.Pages))
		if bb.rows == nil {
			bb.rows = map[string]map[*content.Page]keptRow{}
		}
		bb.rows[file] = kept
	}
	rows := make([][]byte, 0, len(b.site.Pages))
	var key uint64
	var k *keyer
	if b.keep {
		k = b.keyer()
	}
	for _, p := range b.site.Pages {
		v := b.version[p]
		prev, ok := kept[p]
		if !ok || !b.keep || prev.version != v {
			data, err := row(p)
			if err != nil {
				return nil, 0, err
			}
			if !ok || !bytes.Equal(data, prev.data) {
				bb.rowGen++
				prev.data, prev.gen = data, bb.rowGen
			}
			prev.version = v
			if b.keep {
				kept[p] = prev // updated in place: most rows stay
			}
		}
		if prev.data != nil {
			rows = append(rows, prev.data)
			if k != nil {
				k.num(prev.gen)
			}
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
	if k != nil {
		key = k.num(uint64(len(rows))).h.Sum64()
	}
	return rows, key, nil
}

// lazy reports whether the build may leave files to be made when read:
// a preview's rebuild, which writes into memory without minifying.
func (b *builder) lazy() bool {
	_, ok := b.w.(lazyWriter)
	return ok && b.bb.seeded && !b.min.Enabled()
}

// lazyWriter is a Writer that can take a file to be made when read.
type lazyWriter interface {
	AdoptLazy(name string, size int, make func() []byte) error
}

// writeLazy is writeKeyed for a joined file that is left to be made when
// first read. A preview's browser tab fetches the page being edited, not
// the search index, and joining megabytes into new memory is the slowest
// part of such a rebuild.
func (b *builder) writeLazy(name string, key uint64, head string, rows [][]byte, sep, end string) error {
	if b.reuse(name, key) {
		return nil
	}
	// rows is this build's own slice, and the rows in it are never changed.
	make := sync.OnceValue(func() []byte { return join(head, rows, sep, end) })
	b.noteWritten(name)
	if err := b.w.(lazyWriter).AdoptLazy(name, joinedSize(head, rows, sep, end), make); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	b.keepIn(b.nextOut, name, kept{key: key, lazy: make})
	b.files.Add(1)
	return nil
}

// join writes rows between head and end, separated by sep, into a slice
// of exactly the right size: the file is large.
func join(head string, rows [][]byte, sep, end string) []byte {
	out := make([]byte, 0, joinedSize(head, rows, sep, end))
	out = append(out, head...)
	for i, r := range rows {
		if i > 0 {
			out = append(out, sep...)
		}
		out = append(out, r...)
	}
	return append(out, end...)
}

// joinedSize is the length of join's result.
func joinedSize(head string, rows [][]byte, sep, end string) int {
	n := len(head) + len(end) + max(len(rows)-1, 0)*len(sep)
	for _, r := range rows {
		n += len(r)
	}
	return n
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

// searchRow holds a page's title, summary, headings and glossary terms.
func (b *builder) searchRow(p *content.Page) ([]byte, error) {
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
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainText strips tags from a summary the renderer made, which holds
// only inline markup, so a pattern is enough here.
func plainText(s string) string {
	return strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(s, "")))
}
