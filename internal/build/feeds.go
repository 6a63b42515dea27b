package build

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/feed"
)

// Feed file names, the same in every folder that has a feed.
const (
	rssFile  = "feed.xml"
	atomFile = "atom.xml"
	jsonFile = "feed.json"
)

// feedSections are the sections with their own feed. Glossary terms and
// plain pages change too rarely to follow.
var feedSections = []string{"posts", "logs", "courses"}

// feedSource is one feed before rendering: where it lives and what is in it.
type feedSource struct {
	title, dir string // dir is the site path of the folder, e.g. "/posts/"
	pages      []*content.Page
}

// feedSources lists every feed: the whole site, each section and each tag.
func (b *builder) feedSources() []feedSource {
	s := b.site
	var all []*content.Page
	for _, name := range []string{"posts", "logs"} {
		if sec := s.Section(name); sec != nil {
			all = append(all, sec.Pages...)
		}
	}
	out := []feedSource{{title: s.Settings.Title + ": all updates", dir: "/", pages: all}}
	for _, name := range feedSections {
		sec := s.Section(name)
		if sec == nil {
			out = append(out, feedSource{title: s.Settings.Title + ": " + name, dir: "/" + name + "/"})
			continue
		}
		out = append(out, feedSource{title: s.Settings.Title + ": " + sec.Page.Title, dir: sec.Page.URL, pages: sec.Pages})
	}
	for _, t := range s.Tags {
		out = append(out, feedSource{title: s.Settings.Title + ": pages tagged " + t.Name, dir: t.URL, pages: t.Pages})
	}
	return out
}

// feedGroups lists every feed for the subscribe page.
func (b *builder) feedGroups() []FeedGroup {
	var out []FeedGroup
	for _, f := range b.sources {
		out = append(out, FeedGroup{
			Title: f.title, Page: f.dir,
			RSS: b.abs(f.dir + rssFile), Atom: b.abs(f.dir + atomFile), JSON: b.abs(f.dir + jsonFile),
		})
	}
	return out
}

// feedLinks are the feeds a page advertises: the site's, and its own
// section's or tag's.
func (b *builder) feedLinks(p *content.Page) []FeedLink {
	if b.siteFeeds == nil {
		b.siteFeeds = feedLinkSet(b, "/", "All updates")
	}
	if p.Kind == content.Section && p.URL != "/" && b.feedDirs[p.URL] {
		return append(slices.Clip(b.siteFeeds), feedLinkSet(b, p.URL, p.Title)...)
	}
	return b.siteFeeds // shared: layouts only read it
}

func feedLinkSet(b *builder, dir, title string) []FeedLink {
	return []FeedLink{
		{Title: title + " (RSS)", Type: "application/rss+xml", URL: b.abs(dir + rssFile)},
		{Title: title + " (Atom)", Type: "application/atom+xml", URL: b.abs(dir + atomFile)},
		{Title: title + " (JSON Feed)", Type: "application/feed+json", URL: b.abs(dir + jsonFile)},
	}
}

// writeFeeds writes every feed in all three formats, and the stylesheet
// that lets a browser show a feed as a page.
func (b *builder) writeFeeds(dl *diag.List) {
	sources := b.sources
	lists := make([]diag.List, len(sources))
	var prepared sync.Map // *content.Page -> string: each page's content made ready once
	Parallel(len(sources), func(i int) {
		src := sources[i]
		f := feed.Feed{
			Title:       src.title,
			Description: b.site.Settings.Description,
			Language:    b.site.Settings.Language,
			SiteURL:     b.abs(src.dir),
			BaseURL:     b.site.Settings.BaseURL,
			RSSURL:      b.abs(src.dir + rssFile),
			AtomURL:     b.abs(src.dir + atomFile),
			JSONURL:     b.abs(src.dir + jsonFile),
			Author:      b.site.Settings.Organisation,
			Stylesheet:  "/feed.xsl",
			Limit:       b.site.Settings.FeedLimit,
			Compact:     b.min.Enabled(),
		}
		pages := newest(src.pages, f.Limit)
		var key uint64
		if b.keep {
			k := b.keyer().str(src.dir).str(src.title)
			for _, p := range pages {
				k.page(p)
			}
			key = k.h.Sum64()
		}
		var once sync.Once
		entries := func() []feed.Entry {
			once.Do(func() {
				for _, p := range pages {
					v := b.view[p]
					e := feed.Entry{
						ID: p.ID, Title: p.Title, Link: v.Permalink,
						Published: p.Date, Updated: p.Updated,
						Authors: p.Authors, Tags: p.Tags,
						Summary: p.Summary, Content: string(v.Content),
						Source: p.File,
					}
					if c, ok := prepared.Load(p); ok {
						e.Content, e.Prepared = c.(string), true
					} else if c, err := feed.PrepareContent(e.Content, e.Link); err == nil {
						prepared.Store(p, c)
						e.Content, e.Prepared = c, true
					}
					f.Entries = append(f.Entries, e)
				}
			})
			return f.Entries
		}
		for n, w := range []struct {
			file  string
			write func(feed.Feed) ([]byte, error)
		}{{rssFile, feed.RSS}, {atomFile, feed.Atom}, {jsonFile, feed.JSON}} {
			var feedErr error
			kind := owned
			if f.Compact {
				kind = minified
			}
			err := b.writeKeyed(src.dir[1:]+w.file, key+uint64(n), kind, func() ([]byte, error) {
				entries()
				data, err := w.write(f)
				feedErr = err
				return data, err
			})
			switch {
			case feedErr != nil:
				if l, ok := feedErr.(diag.List); ok {
					lists[i].Add(l...)
				} else {
					lists[i].Errorf(diag.Pos{File: "content/_index.md"}, "writing the feed %s%s: %v", src.dir, w.file, feedErr)
				}
			case err != nil:
				lists[i].Errorf(diag.Pos{File: "content/_index.md"}, "%v", err)
			}
		}
	})
	for _, l := range lists {
		dl.Add(l...)
	}
	if err := b.write("feed.xsl", feed.Stylesheet()); err != nil {
		dl.Errorf(diag.Pos{File: "content/_index.md"}, "%v", err)
	}
	b.feeds = len(sources) * 3
}

// newest keeps the limit newest dated pages, in the order feeds use
// (newest first, then by address), so only those pages' content is
// prepared. An undated course has nothing to announce yet. It selects
// rather than sorts: the preview makes every feed's list again on each
// rebuild, and for the site's 10,000 posts sorting took 3 ms where
// selecting takes 0.1 ms (BenchmarkNewest), with each tag's to come.
func newest(pages []*content.Page, limit int) []*content.Page {
	if limit <= 0 {
		limit = feed.DefaultLimit
	}
	order := func(a, b *content.Page) int {
		return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.URL, b.URL))
	}
	if limit > 64 {
		// Inserting into a long list costs more than sorting it once.
		var out []*content.Page
		for _, p := range pages {
			if !p.Date.IsZero() {
				out = append(out, p)
			}
		}
		slices.SortStableFunc(out, order)
		return out[:min(limit, len(out))]
	}
	out := make([]*content.Page, 0, min(limit, len(pages)))
	for _, p := range pages {
		if p.Date.IsZero() || len(out) == limit && order(p, out[limit-1]) >= 0 {
			continue
		}
		// After any equal ones, as a stable sort would put it.
		i := sort.Search(len(out), func(j int) bool { return order(out[j], p) > 0 })
		if len(out) < limit {
			out = append(out, nil)
		}
		copy(out[i+1:], out[i:len(out)-1])
		out[i] = p
	}
	return out
}
