package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestQuickLoad edits a site one step at a time. Each step says whether
// the Loader may update the page in place and return the same Site; either
// way the result must match a fresh load.
func TestQuickLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":      {Data: []byte("---\ntitle: Site\nbase_url: https://example.org/\n---\nHi.\n")},
		"content/posts/a.md":     {Data: []byte("---\ntitle: A\ndate: 2024-01-01\ntags: [x]\n---\nA.\n")},
		"content/posts/b.md":     {Data: []byte("---\ntitle: B\ndate: 2024-01-02\n---\nB.\n")},
		"content/posts/same.md":  {Data: []byte("---\ntitle: Same\ndate: 2024-01-02\n---\nS.\n")},
		"content/posts/later.md": {Data: []byte("---\ntitle: Later\ndate: 2025-01-01T12:00:00Z\n---\nL.\n")},
		"content/logs/one.md":    {Data: []byte("---\ntitle: One\ndate: 2024-02-01\n---\nOne.\n")},
		"content/about.md":       {Data: []byte("---\ntitle: About\ncolour: blue\n---\nAbout.\n")}, // a warning
	}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLoader(fsys)
	l.Load(Options{Now: now}, nil)
	set := func(name, text string) func() {
		return func() { fsys[name] = &fstest.MapFile{Data: []byte(text)} }
	}
	for _, step := range []struct {
		name    string
		edit    func()
		file    string
		now     time.Time
		inPlace bool
	}{
		{"reworded post", set("content/posts/a.md", "---\ntitle: A\ndate: 2024-01-01\ntags: [x]\n---\nNew words.\n"), "content/posts/a.md", now, true},
		{"new summary and title", set("content/posts/a.md", "---\ntitle: A new title\nsummary: Short.\ndate: 2024-01-01\ntags: [x]\n---\nNew words.\n"), "content/posts/a.md", now, true},
		{"reworded log", set("content/logs/one.md", "---\ntitle: One\ndate: 2024-02-01\n---\nMore.\n"), "content/logs/one.md", now, true},
		// A file's own warnings are reported again on every load.
		{"a warning", set("content/posts/a.md", "---\ntitle: A new title\nsummary: Short.\ncolour: red\ndate: 2024-01-01\ntags: [x]\n---\nNew words.\n"), "content/posts/a.md", now, true},
		{"another file reworded", set("content/logs/one.md", "---\ntitle: One\ndate: 2024-02-01\n---\nMore still.\n"), "content/logs/one.md", now, true},
		{"warning heeded", set("content/posts/a.md", "---\ntitle: A new title\nsummary: Short.\ndate: 2024-01-01\ntags: [x]\n---\nNew words.\n"), "content/posts/a.md", now, true},
		{"new tag", set("content/posts/a.md", "---\ntitle: A\ndate: 2024-01-01\ntags: [x, y]\n---\nNew words.\n"), "content/posts/a.md", now, true},
		{"joins a tag", set("content/posts/b.md", "---\ntitle: B\ndate: 2024-01-02\ntags: [Y, x]\n---\nB.\n"), "content/posts/b.md", now, true},
		{"new author", set("content/posts/a.md", "---\ntitle: A\ndate: 2024-01-01\ntags: [x, y]\nauthors: [Ann]\n---\nNew words.\n"), "content/posts/a.md", now, true},
		// a.md named "y" first; without it, the list is b.md's "Y".
		{"a list renamed", set("content/posts/a.md", "---\ntitle: A\ndate: 2024-01-01\ntags: [x]\nauthors: [Ann]\n---\nNew words.\n"), "content/posts/a.md", now, false},
		{"a list emptied", set("content/posts/b.md", "---\ntitle: B\ndate: 2024-01-02\ntags: [x]\n---\nB.\n"), "content/posts/b.md", now, true},
		{"new date", set("content/posts/a.md", "---\ntitle: A\ndate: 2023-01-01\ntags: [x, y]\n---\nNew words.\n"), "content/posts/a.md", now, false},
		{"new slug", set("content/posts/a.md", "---\ntitle: A\nslug: aa\ndate: 2023-01-01\ntags: [x, y]\n---\nNew words.\n"), "content/posts/a.md", now, false},
		{"title shared date", set("content/posts/b.md", "---\ntitle: Zed\ndate: 2024-01-02\n---\nB.\n"), "content/posts/b.md", now, false},
		{"draft", set("content/posts/b.md", "---\ntitle: Zed\ndate: 2024-01-02\ndraft: true\n---\nB.\n"), "content/posts/b.md", now, false},
		{"not a post", set("content/about.md", "---\ntitle: About\n---\nMore about.\n"), "content/about.md", now, false},
		{"broken", set("content/posts/b.md", "---\ntitle: [\n---\n"), "content/posts/b.md", now, false},
		{"mended", set("content/posts/b.md", "---\ntitle: Zed\ndate: 2024-01-02\n---\nB.\n"), "content/posts/b.md", now, false},
		{"reworded again", set("content/posts/b.md", "---\ntitle: Zed\ndate: 2024-01-02\n---\nB again.\n"), "content/posts/b.md", now, true},
		{"a scheduled post falls due", set("content/posts/b.md", "---\ntitle: Zed\ndate: 2024-01-02\n---\nB again and again.\n"), "content/posts/b.md", now.Add(24 * time.Hour), false},
		{"settings", set("content/_index.md", "---\ntitle: Renamed\nbase_url: https://example.org/\n---\n"), "content/_index.md", now, false},
		{"a draft's tags", set("content/posts/same.md", "---\ntitle: Same\ndate: 2024-01-02\ndraft: true\n---\nS.\n"), "content/posts/same.md", now, false},
		{"a draft retagged", set("content/posts/same.md", "---\ntitle: Same\ndate: 2024-01-02\ndraft: true\ntags: [q]\n---\nS.\n"), "content/posts/same.md", now, true},
	} {
		t.Run(step.name, func(t *testing.T) {
			before := l.last
			var page *Page
			if f := l.files[step.file]; f != nil {
				page = f.page
			}
			step.edit()
			opts := Options{Now: step.now}
			got, gdl := l.Load(opts, []string{step.file})
			inPlace := before != nil && got == before.site
			if inPlace != step.inPlace {
				t.Errorf("updated in place: %v, want %v", inPlace, step.inPlace)
			}
			if re := l.Reworded(); inPlace != (len(re) == 1 && re[0] == page) || !inPlace && re != nil {
				t.Errorf("Reworded() = %v, want only the edited page when in place, else nil", re)
			}
			if inPlace && (l.files[step.file].page != page || page.Rev == 0) {
				t.Errorf("in place, but the page is another or its Rev is %d", page.Rev)
			}
			want, wdl := Load(fsys, opts)
			g, w := summary(got, diags(errorsOf(gdl)))+taxa(got), summary(want, diags(errorsOf(wdl)))+taxa(want)
			if g != w {
				t.Errorf("load differs from a fresh one:\ngot:\n%s\nwant:\n%s", g, w)
			}
			gp, wp := got.Page(step.file), want.Page(step.file)
			if (gp == nil) != (wp == nil) || gp != nil && (string(gp.Body) != string(wp.Body) || gp.Summary != wp.Summary || gp.URL != wp.URL) {
				t.Errorf("page %s differs from a fresh load: %+v\nwant %+v", step.file, gp, wp)
			}
		})
	}
}

// TestQuickLoadKeepsSiteErrors checks that an error about the site as a
// whole (here a base_url with a path) is not lost by the quick path.
func TestQuickLoadKeepsSiteErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":  {Data: []byte("---\ntitle: Site\nbase_url: https://example.org/sub/\n---\n")},
		"content/posts/a.md": {Data: []byte("---\ntitle: A\ndate: 2024-01-01\n---\nA.\n")},
	}
	opts := Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := NewLoader(fsys)
	if _, dl := l.Load(opts, nil); !dl.HasErrors() {
		t.Fatal("the first load reported no error")
	}
	fsys["content/posts/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\ndate: 2024-01-01\n---\nNew words.\n")}
	if _, dl := l.Load(opts, []string{"content/posts/a.md"}); !dl.HasErrors() {
		t.Error("the second load lost the error about base_url")
	}
}

// taxa sums up a site's tags and authors: each list's name, address
// and pages in order.
func taxa(s *Site) string {
	var b strings.Builder
	for _, t := range append(slices.Clone(s.Tags), s.Authors...) {
		fmt.Fprintf(&b, "%s %q %s:", t.URL, t.Name, t.Slug)
		for _, p := range t.Pages {
			b.WriteString(" " + p.File)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestRetax(t *testing.T) {
	page := func(file string, day int, tags ...string) *Page {
		return &Page{File: "content/posts/" + file + ".md", Kind: Post, Date: time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC), Tags: tags}
	}
	a, b, c := page("a", 3, "NHS", "care"), page("b", 2, "nhs"), page("c", 1, "Care")
	site := func() []*Taxon {
		return taxonomy([]*Page{a, b, c}, []*Page{a, b, c}, "tags", func(p *Page) []string { return p.Tags })
	}
	for _, tc := range []struct {
		name    string
		p       *Page
		now     []string
		taken   string
		ok      bool
		changed []string // the slugs whose *Taxon is new
	}{
		{"the same names", b, []string{"nhs"}, "", true, nil},
		{"names reordered", a, []string{"care", "NHS"}, "", true, nil},
		{"written twice", b, []string{"nhs", "NHS"}, "", true, nil},
		{"a new list", c, []string{"Care", "Quality"}, "", true, []string{"quality"}},
		{"joins a list", b, []string{"nhs", "Care"}, "", true, []string{"care"}},
		{"leaves a list it did not name", b, nil, "", true, []string{"nhs"}},
		{"the last page leaves", c, nil, "", true, []string{"care"}},
		{"a page's address", c, []string{"Care", "Quality"}, "/tags/quality/", false, nil},
		{"the list's namer leaves", a, []string{"care"}, "", false, nil},
		{"the namer writes it anew", a, []string{"nhs", "care"}, "", false, nil},
		{"a name with no slug", c, []string{"Care", "!!"}, "", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := site()
			before := taxa(&Site{Tags: old})
			defer func() {
				if after := taxa(&Site{Tags: old}); after != before {
					t.Errorf("the old lists changed:\n%swere\n%s", after, before)
				}
			}()
			names := func(p *Page) []string {
				if p == tc.p {
					return tc.now
				}
				return p.Tags
			}
			got, ok := retax(old, "tags", tc.p, tc.p.Tags, names, func(url string) bool { return url == tc.taken })
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			was := tc.p.Tags
			tc.p.Tags = tc.now
			want := taxonomy([]*Page{a, b, c}, []*Page{a, b, c}, "tags", func(p *Page) []string { return p.Tags })
			tc.p.Tags = was
			if g, w := taxa(&Site{Tags: got}), taxa(&Site{Tags: want}); g != w {
				t.Errorf("got\n%swant\n%s", g, w)
			}
			var changed []string
			for _, t := range got {
				if !slices.Contains(old, t) {
					changed = append(changed, t.Slug)
				}
			}
			if !slices.Equal(changed, tc.changed) {
				t.Errorf("new lists %v, want %v", changed, tc.changed)
			}
			if len(tc.changed) == 0 && len(got) == len(old) && len(old) > 0 && &got[0] != &old[0] {
				t.Error("nothing changed, yet the slice is new")
			}
		})
	}
}
