package content

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clic-cumbria/clic/internal/diag"
)

func post(title, date string, extra ...string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + strings.Join(extra, "\n") + "\n---\nBody of " + title + ".\n"
}

func TestBodyAndLines(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		body     string
		bodyLine int
		title    string
	}{
		{"YAML", "---\ntitle: A\n---\nHello\n", "Hello\n", 4, "A"},
		{"TOML", "+++\ntitle = \"A\"\n+++\nHello\n", "Hello\n", 4, "A"},
		{"BOM and CRLF", "\ufeff---\r\ntitle: A\r\n---\r\nHello\r\nthere\r\n", "Hello\nthere\n", 4, "A"},
		{"blank lines first", "\n\n---\ntitle: A\n---\nHello\n", "Hello\n", 6, "A"},
		{"empty front matter", "---\n---\n# Hi\n", "# Hi\n", 3, ""},
		{"title with a colon, quoted", "---\ntitle: \"Hi: there\"\n---\n", "", 4, "Hi: there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := load(t, map[string]string{"content/about.md": tt.src}, Options{})
			p := s.Page("content/about.md")
			if p == nil {
				t.Fatal("no page")
			}
			if string(p.Body) != tt.body || p.BodyLine != tt.bodyLine || p.Title != tt.title {
				t.Errorf("got body %q line %d title %q, want %q line %d title %q", p.Body, p.BodyLine, p.Title, tt.body, tt.bodyLine, tt.title)
			}
		})
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		yaml, toml string // the date as written; toml "" means skip
		want       string // RFC 3339
	}{
		{"2024-07-01T09:30", "2024-07-01T09:30:00", "2024-07-01T09:30:00+01:00"}, // summer time
		{"2024-01-01T09:30", "2024-01-01T09:30:00", "2024-01-01T09:30:00Z"},      // GMT
		{"2024-07-01", "2024-07-01", "2024-07-01T00:00:00+01:00"},
		{"2024-07-01 09:30", "", "2024-07-01T09:30:00+01:00"},
		{"2024-07-01 09:30:15", "", "2024-07-01T09:30:15+01:00"},
		{`"2024-07-01T09:30:15"`, "", "2024-07-01T09:30:15+01:00"},
		{"2024-07-01T09:30:00Z", "2024-07-01T09:30:00Z", "2024-07-01T09:30:00Z"},
		{"2024-07-01T09:30:00+02:00", "2024-07-01T09:30:00+02:00", "2024-07-01T09:30:00+02:00"},
		{"2024-03-31T01:30", "", "2024-03-31T02:30:00+01:00"}, // clocks go forward at 01:00 GMT
	}
	for _, tt := range tests {
		t.Run(tt.yaml, func(t *testing.T) {
			files := map[string]string{"content/posts/y.md": post("Y", tt.yaml)}
			if tt.toml != "" {
				files["content/posts/t.md"] = "+++\ntitle = \"T\"\ndate = " + tt.toml + "\n+++\n"
			}
			s := mustLoad(t, files, Options{Future: true})
			for file := range files {
				if got := s.Page(file).Date.Format(time.RFC3339); got != tt.want {
					t.Errorf("%s: date = %s, want %s", file, got, tt.want)
				}
			}
		})
	}
}

func TestKindsAndURLs(t *testing.T) {
	files := map[string]string{
		"content/_index.md":                     "---\ntitle: CLIC\n---\n",
		"content/about.md":                      "---\ntitle: About\n---\n",
		"content/Getting Started.md":            "---\ntitle: Start\n---\n",
		"content/timeline.md":                   "---\ntitle: Timeline\n---\n",
		"content/posts/_index.md":               "---\ntitle: News\n---\n",
		"content/posts/welcome.md":              post("Welcome", "2024-01-01"),
		"content/posts/renamed.md":              post("Renamed", "2024-01-02", "slug: new-name"),
		"content/posts/x/index.md":              post("Bundle", "2024-01-03"),
		"content/posts/2024/deep.md":            post("Deep", "2024-01-04"),
		"content/posts/2024/_index.md":          "---\ntitle: 2024\n---\n",
		"content/logs/six-month-review.md":      post("Six", "2024-01-05"),
		"content/courses/pdsa-basics.md":        "---\ntitle: PDSA basics\n---\n",
		"content/glossary/pdsa.md":              "---\ntitle: PDSA\nshort: Plan, do, study, act.\n---\n",
		"content/case-study/01-start.md":        "---\ntitle: Start\n---\n",
		"content/resources/toolkit.md":          "---\ntitle: Toolkit\n---\n",
		"content/resources/.hidden.md":          "not even front matter ---",
		"content/resources/toolkit.md~":         "backup",
		"content/resources/.toolkit.md.swp":     "swap",
		"content/resources/#toolkit.md#":        "emacs",
		"content/resources/.git/config.md":      "git",
		"content/resources/toolkit.pdf":         "pdf",
		"content/posts/x/pic.png":               "png",
		"content/posts/x/img/diagram.svg":       "svg",
		"content/posts/welcome-photo.jpg":       "not a bundle resource",
		"content/courses/pdsa-basics.md.crdown": "x",
	}
	s := mustLoad(t, files, Options{})
	tests := []struct {
		file, kind, section, slug, url string
	}{
		{"content/_index.md", "home", "", "", "/"},
		{"content/about.md", "page", "", "about", "/about/"},
		{"content/Getting Started.md", "page", "", "getting-started", "/getting-started/"},
		{"content/timeline.md", "page", "", "timeline", "/timeline/"},
		{"content/posts/_index.md", "section", "posts", "posts", "/posts/"},
		{"content/posts/welcome.md", "post", "posts", "welcome", "/posts/welcome/"},
		{"content/posts/renamed.md", "post", "posts", "new-name", "/posts/new-name/"},
		{"content/posts/x/index.md", "post", "posts", "x", "/posts/x/"},
		{"content/posts/2024/deep.md", "post", "posts", "deep", "/posts/2024/deep/"},
		{"content/posts/2024/_index.md", "section", "posts", "2024", "/posts/2024/"},
		{"content/logs/six-month-review.md", "log", "logs", "six-month-review", "/logs/six-month-review/"},
		{"content/courses/pdsa-basics.md", "course", "courses", "pdsa-basics", "/courses/pdsa-basics/"},
		{"content/glossary/pdsa.md", "term", "glossary", "pdsa", "/glossary/pdsa/"},
		{"content/case-study/01-start.md", "chapter", "case-study", "01-start", "/case-study/01-start/"},
		{"content/resources/toolkit.md", "page", "resources", "toolkit", "/resources/toolkit/"},
	}
	for _, tt := range tests {
		p := s.Page(tt.file)
		if p == nil {
			t.Errorf("%s: no page", tt.file)
			continue
		}
		if string(p.Kind) != tt.kind || p.Section != tt.section || p.Slug != tt.slug || p.URL != tt.url {
			t.Errorf("%s: kind %q section %q slug %q url %q; want %q %q %q %q", tt.file, p.Kind, p.Section, p.Slug, p.URL, tt.kind, tt.section, tt.slug, tt.url)
		}
		if s.ByURL(tt.url) != p {
			t.Errorf("ByURL(%q) is not the page from %s", tt.url, tt.file)
		}
	}
	// Every page, and the made-up list pages, once each, in URL order.
	var urls []string
	for _, p := range s.Pages {
		urls = append(urls, p.URL)
	}
	wantURLs := []string{
		"/", "/about/", "/case-study/", "/case-study/01-start/", "/courses/", "/courses/pdsa-basics/",
		"/getting-started/", "/glossary/", "/glossary/pdsa/", "/logs/", "/logs/six-month-review/",
		"/posts/", "/posts/2024/", "/posts/2024/deep/", "/posts/new-name/", "/posts/welcome/", "/posts/x/",
		"/resources/", "/resources/toolkit/", "/timeline/",
	}
	if !slices.Equal(urls, wantURLs) {
		t.Errorf("Pages URLs:\n%q\nwant\n%q", urls, wantURLs)
	}
	wantAssets := []string{
		"content/courses/pdsa-basics.md.crdown",
		"content/posts/welcome-photo.jpg",
		"content/posts/x/img/diagram.svg",
		"content/posts/x/pic.png",
		"content/resources/toolkit.pdf",
	}
	if !slices.Equal(s.Assets, wantAssets) {
		t.Errorf("Assets = %q, want %q", s.Assets, wantAssets)
	}
	wantRes := []string{"content/posts/x/img/diagram.svg", "content/posts/x/pic.png"}
	if got := s.Page("content/posts/x/index.md").Resources; !slices.Equal(got, wantRes) {
		t.Errorf("bundle Resources = %q, want %q", got, wantRes)
	}
	if got := s.Page("content/posts/welcome.md").Resources; got != nil {
		t.Errorf("a page that is not a bundle has Resources %q", got)
	}
	if s.Page("content/posts/x/index.md").Glossary != true {
		t.Errorf("glossary linking should default to true")
	}
}

func TestSections(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"content/posts/_index.md":  "---\ntitle: News and views\n---\nIntro\n",
		"content/posts/old.md":     post("Old", "2023-01-01"),
		"content/posts/new.md":     post("New", "2024-05-01"),
		"content/posts/mid.md":     post("Mid", "2024-01-01"),
		"content/case-study/b.md":  "---\ntitle: Beta\nweight: 1\n---\n",
		"content/case-study/a.md":  "---\ntitle: alpha\nweight: 2\n---\n",
		"content/case-study/c.md":  "---\ntitle: Alpha\nweight: 2\n---\n",
		"content/case-study/z.md":  "---\ntitle: Zed\n---\n",
		"content/about.md":         "---\ntitle: About\n---\n",
		"content/glossary/x/y.md":  "---\ntitle: Nested term\n---\nA term.\n",
		"content/empty/_index.md":  "---\ntitle: Nothing here\n---\n",
		"content/empty/readme.txt": "not a page",
	}, Options{})
	tests := []struct {
		name, title, url, file string
		pages                  []string
	}{
		{"case-study", "Case study", "/case-study/", "", []string{"Zed", "Beta", "alpha", "Alpha"}},
		{"empty", "Nothing here", "/empty/", "content/empty/_index.md", nil},
		{"glossary", "Glossary", "/glossary/", "", []string{"Nested term"}},
		{"posts", "News and views", "/posts/", "content/posts/_index.md", []string{"New", "Mid", "Old"}},
	}
	var names []string
	for _, sec := range s.Sections {
		names = append(names, sec.Name)
	}
	if want := []string{"case-study", "empty", "glossary", "posts"}; !slices.Equal(names, want) {
		t.Fatalf("sections %q, want %q", names, want)
	}
	for _, tt := range tests {
		sec := s.Section(tt.name)
		var titles []string
		for _, p := range sec.Pages {
			titles = append(titles, p.Title)
		}
		if sec.Page.Title != tt.title || sec.Page.URL != tt.url || sec.Page.File != tt.file || sec.Page.Kind != Section || !slices.Equal(titles, tt.pages) {
			t.Errorf("section %s: page %q %q %q %q, pages %q; want %q %q %q, pages %q",
				tt.name, sec.Page.Title, sec.Page.URL, sec.Page.File, sec.Page.Kind, titles, tt.title, tt.url, tt.file, tt.pages)
		}
		if s.ByURL(tt.url) != sec.Page {
			t.Errorf("ByURL(%q) is not the section's list page", tt.url)
		}
	}
	if s.Section("nope") != nil {
		t.Error("Section(nope) is not nil")
	}
	if s.Home == nil || s.Home.URL != "/" || s.Home.Title != "Untitled site" || s.ByURL("/") != s.Home {
		t.Errorf("made-up home page: %+v", s.Home)
	}
}

func TestDraftsAndFuture(t *testing.T) {
	files := map[string]string{
		"content/posts/now.md":       post("Now", "2024-06-01T12:00"),
		"content/posts/draft.md":     post("Draft", "2024-01-01", "draft: true"),
		"content/posts/later.md":     post("Later", "2024-09-01"),
		"content/posts/soon.md":      post("Soon", "2024-06-01T12:01"),
		"content/posts/soon-too.md":  post("Soon too", "2024-06-01T12:01"),
		"content/posts/both.md":      post("Both", "2025-01-01", "draft: true"),
		"content/posts/_index.md":    "---\ntitle: Posts\ndate: 2030-01-01\n---\n", // lists are never scheduled
		"content/case-study/a.md":    "---\ntitle: A\ninclude: [posts/now.md]\n---\n",
		"content/courses/_index.md":  "---\ntitle: Courses\ndraft: true\n---\n",
		"content/courses/running.md": "---\ntitle: Running\n---\n",
	}
	tests := []struct {
		name      string
		opts      Options
		published []string
		scheduled []string
		skipped   []string
		future    []string
	}{
		{
			name:      "default",
			published: []string{"Now", "Posts"},
			scheduled: []string{"Soon too", "Soon", "Later"}, // soonest first, then by file
			skipped:   []string{"Both", "Courses", "Draft", "Later", "Soon", "Soon too"},
		},
		{
			name:      "drafts",
			opts:      Options{Drafts: true},
			published: []string{"Draft", "Now", "Posts"},
			scheduled: []string{"Soon too", "Soon", "Later", "Both"},
			skipped:   []string{"Both", "Later", "Soon", "Soon too"},
		},
		{
			name:      "future",
			opts:      Options{Future: true},
			published: []string{"Later", "Now", "Posts", "Soon", "Soon too"},
			skipped:   []string{"Both", "Courses", "Draft"},
			future:    []string{"Later", "Soon", "Soon too"},
		},
		{
			name:      "drafts and future",
			opts:      Options{Drafts: true, Future: true},
			published: []string{"Both", "Draft", "Later", "Now", "Posts", "Soon", "Soon too"},
			future:    []string{"Both", "Later", "Soon", "Soon too"},
		},
	}
	titles := func(ps []*Page) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Title)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustLoad(t, files, tt.opts)
			var published, skipped, future []string
			for _, p := range s.Pages {
				if p.Section == "posts" {
					published = append(published, p.Title)
				}
				if p.Future {
					future = append(future, p.Title)
				}
				if p.File != "" && s.Page(p.File) != p {
					t.Errorf("Page(%s) is not the published page", p.File)
				}
			}
			for file, p := range s.Skipped {
				skipped = append(skipped, p.Title)
				if s.Page(file) != nil || s.ByURL(p.URL) != nil && s.ByURL(p.URL).File == file {
					t.Errorf("skipped %s is still published", file)
				}
			}
			slices.Sort(published)
			slices.Sort(skipped)
			slices.Sort(future)
			if !slices.Equal(published, tt.published) {
				t.Errorf("published %q, want %q", published, tt.published)
			}
			if got := titles(s.Scheduled); !slices.Equal(got, tt.scheduled) {
				t.Errorf("Scheduled %q, want %q", got, tt.scheduled)
			}
			if !slices.Equal(skipped, tt.skipped) {
				t.Errorf("Skipped %q, want %q", skipped, tt.skipped)
			}
			if !slices.Equal(future, tt.future) {
				t.Errorf("Future pages %q, want %q", future, tt.future)
			}
			// A draft _index.md leaves the section with a made-up list page.
			if sec := s.Section("courses"); sec.Page.Title != "Courses" || (sec.Page.File == "") == tt.opts.Drafts {
				t.Errorf("courses list page %q from %q", sec.Page.Title, sec.Page.File)
			}
			if got := s.Page("content/case-study/a.md").Includes; len(got) != 1 || got[0] != s.Page("content/posts/now.md") {
				t.Errorf("Includes = %v", got)
			}
		})
	}
}

func TestTaxonomies(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"content/posts/a.md": post("A", "2024-01-01", "tags: [NHS, Patient voice]", "authors: [Jo Bloggs]"),
		"content/posts/b.md": post("B", "2024-02-01", "tags: [nhs, N.H.S., Let's talk]", "authors: Jo Bloggs"),
		"content/logs/c.md":  post("C", "2024-03-01", "tags: [\"patient-voice\", \"  \", \"!!\"]"),
		"content/about.md":   "---\ntitle: About\ntags: [NHS]\n---\n",
		"content/d.md":       "---\ntitle: D\ntags: [nhs]\ndraft: true\n---\n",
	}, Options{})
	type taxon struct {
		Name, Slug, URL string
		Pages           []string
	}
	view := func(ts []*Taxon) []taxon {
		var out []taxon
		for _, x := range ts {
			v := taxon{Name: x.Name, Slug: x.Slug, URL: x.URL}
			for _, p := range x.Pages {
				v.Pages = append(v.Pages, p.Title)
			}
			out = append(out, v)
		}
		return out
	}
	wantTags := []taxon{
		{"Let's talk", "lets-talk", "/tags/lets-talk/", []string{"B"}},
		{"N.H.S.", "n-h-s", "/tags/n-h-s/", []string{"B"}},
		// "NHS" and "nhs" are one tag, named as first written; dated pages newest first.
		{"NHS", "nhs", "/tags/nhs/", []string{"B", "A", "About"}},
		// Named as first written in file order: content/logs/ comes before content/posts/.
		{"patient-voice", "patient-voice", "/tags/patient-voice/", []string{"C", "A"}},
	}
	if got := view(s.Tags); !slices.EqualFunc(got, wantTags, func(a, b taxon) bool {
		return a.Name == b.Name && a.Slug == b.Slug && a.URL == b.URL && slices.Equal(a.Pages, b.Pages)
	}) {
		t.Errorf("Tags:\n%+v\nwant\n%+v", got, wantTags)
	}
	if got := view(s.Authors); len(got) != 1 || got[0].URL != "/authors/jo-bloggs/" || !slices.Equal(got[0].Pages, []string{"B", "A"}) {
		t.Errorf("Authors: %+v", got)
	}
}

func TestSettings(t *testing.T) {
	tests := []struct {
		name  string
		index string // content/_index.md; "" for none
		opts  Options
		check func(t *testing.T, s Settings)
	}{
		{
			name: "defaults without a home page",
			check: func(t *testing.T, s Settings) {
				if s.Title != "Untitled site" || s.BaseURL != "http://localhost/" || s.Language != "en-GB" || s.PageSize != 10 ||
					s.FeedLimit != 20 || s.SentenceWords != 25 || s.ParagraphSentences != 3 || s.ReadingAge.Min != 9 || s.ReadingAge.Max != 11 || s.UnsafeHTML {
					t.Errorf("%+v", s)
				}
			},
		},
		{
			name: "from content/_index.md",
			index: "---\ntitle: CLIC\ndescription: Learning together\nbase_url: https://clic.example.org\nlanguage: en\norganisation: NHS Cumbria\n" +
				"page_size: 5\nunsafe_html: true\nfeed_limit: 7\nreading_age: {min: 8, max: 12}\nsentence_words: 20\nparagraph_sentences: 4\n" +
				"avoid_words: [utilise, leverage]\nmenu:\n  - title: Courses\n    url: /courses/\n  - title: About\n    url: /about/\n---\nWelcome.\n",
			check: func(t *testing.T, s Settings) {
				at := func(line int) diag.Pos { return diag.Pos{File: "content/_index.md", Line: line, Col: 10} }
				want := []MenuItem{{"Courses", "/courses/", at(16)}, {"About", "/about/", at(18)}}
				if s.Title != "CLIC" || s.Description != "Learning together" || s.BaseURL != "https://clic.example.org/" || s.Language != "en" ||
					s.Organisation != "NHS Cumbria" || s.PageSize != 5 || !s.UnsafeHTML || s.FeedLimit != 7 || s.ReadingAge.Min != 8 ||
					s.ReadingAge.Max != 12 || s.SentenceWords != 20 || s.ParagraphSentences != 4 ||
					!slices.Equal(s.AvoidWords, []string{"utilise", "leverage"}) || !slices.Equal(s.Menu, want) {
					t.Errorf("%+v", s)
				}
			},
		},
		{
			name:  "trailing slashes made one",
			index: "---\ntitle: CLIC\nbase_url: https://clic.example.org//\n---\n",
			check: func(t *testing.T, s Settings) {
				if s.BaseURL != "https://clic.example.org/" {
					t.Errorf("BaseURL = %q", s.BaseURL)
				}
			},
		},
		{
			name:  "Options.BaseURL wins",
			index: "---\ntitle: CLIC\nbase_url: https://clic.example.org/\n---\n",
			opts:  Options{BaseURL: "http://localhost:1313"},
			check: func(t *testing.T, s Settings) {
				if s.BaseURL != "http://localhost:1313/" || s.Title != "CLIC" {
					t.Errorf("BaseURL = %q", s.BaseURL)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/about.md": "---\ntitle: About\n---\n"}
			if tt.index != "" {
				files["content/_index.md"] = tt.index
			}
			s := mustLoad(t, files, tt.opts)
			tt.check(t, s.Settings)
			if s.Home.Title != s.Settings.Title {
				t.Errorf("home title %q, site title %q", s.Home.Title, s.Settings.Title)
			}
		})
	}
}

func TestPageFields(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"content/posts/a.md": "---\ntitle: \" A title \"\ndate: 2024-01-01\nupdated: 2024-02-01\nsummary: Short\ntags: news\nauthors: [Jo, \"\"]\n" +
			"draft: false\nweight: -2\nimage: pic.jpg\nimage_alt: A cat\nid: tag:clic,2024:a\nglossary: FALSE\nlayout: wide\nslug: my-a\n---\n",
	}, Options{})
	p := s.Page("content/posts/a.md")
	if p.Title != "A title" || p.Updated.Format(time.DateOnly) != "2024-02-01" || p.Summary != "Short" || !slices.Equal(p.Tags, []string{"news"}) ||
		!slices.Equal(p.Authors, []string{"Jo"}) || p.Draft || p.Weight != -2 || p.Image != "pic.jpg" || p.ImageAlt != "A cat" ||
		p.ID != "tag:clic,2024:a" || p.Glossary || p.Layout != "wide" || p.URL != "/posts/my-a/" {
		t.Errorf("%+v", p)
	}
	if l, c := p.KeyLine("weight"); l != 9 || c != 9 {
		t.Errorf("KeyLine(weight) = %d:%d, want 9:9", l, c)
	}
	if l, c := p.KeyLine("missing"); l != 1 || c != 1 {
		t.Errorf("KeyLine(missing) = %d:%d, want 1:1", l, c)
	}
}

func TestConcurrentLoads(t *testing.T) {
	// Many files so every worker decodes some, with the settings page among them.
	files := map[string]string{"content/_index.md": "---\ntitle: CLIC\npage_size: 3\n---\n"}
	for i := range 40 {
		files["content/posts/p"+strings.Repeat("x", i)+".md"] = post("P", "2024-01-01")
	}
	s := mustLoad(t, files, Options{})
	if s.Settings.PageSize != 3 || len(s.Section("posts").Pages) != 40 {
		t.Errorf("page_size %d, %d posts", s.Settings.PageSize, len(s.Section("posts").Pages))
	}
}
