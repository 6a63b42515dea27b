package build_test

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
)

// TestIncrementalMatchesFullBuild edits a site step by step and requires
// a Builder, told what changed, to write exactly what a fresh build of
// the same files writes: into a new Memory with Build, and into a copy
// of its last good build with BuildMemory.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	for _, tt := range []struct {
		name  string
		build func(bb *build.Builder, changed []string) (*output.Memory, diag.List)
	}{
		{"Build", func(bb *build.Builder, changed []string) (*output.Memory, diag.List) {
			mem := output.NewMemory()
			_, dl := bb.Build(mem, changed)
			return mem, dl
		}},
		{"BuildMemory", func(bb *build.Builder, changed []string) (*output.Memory, diag.List) {
			mem, _, dl := bb.BuildMemory(changed)
			return mem, dl
		}},
	} {
		t.Run(tt.name, func(t *testing.T) { testIncremental(t, tt.build) })
	}
}

func testIncremental(t *testing.T, buildInc func(bb *build.Builder, changed []string) (*output.Memory, diag.List)) {
	site := archiveFS(t, "testdata/sites/basic.txtar")
	// Extra pages so lists paginate and neighbours matter.
	for _, n := range []string{"d", "e", "f"} {
		site["content/posts/"+n+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: Post " + n + "\ndate: 2024-05-0" + string(rune('1'+n[0]-'d')) + "\ntags: [news]\n---\nBody of " + n + ". See [about](../about.md).\n")}
	}
	// A card that shows a setting, which the cached cards must follow.
	site["layouts/partials/card.html"] = &fstest.MapFile{Data: []byte(`<li><a href="{{abs .Page.URL}}">{{.Page.Title}}</a></li>`)}
	opts := build.Options{Source: site, Theme: clic.Theme(), Now: now, Preview: true}
	bb := build.NewBuilder(opts)
	if _, dl := buildInc(bb, nil); dl.HasErrors() {
		t.Fatal(dl)
	}
	set := func(name, text string) func() {
		return func() { site[name] = &fstest.MapFile{Data: []byte(text)} }
	}
	failing := map[string]bool{"anchor removed": true, "tag page gone": true, "broken link": true, "image without alt": true, "two edits, one broken": true, "stylesheet in a failed build": true, "static file where a page goes": true}
	for _, step := range []struct {
		name    string
		edit    func()
		changed []string
	}{
		{"nothing", func() {}, []string{}},
		{"body edit", set("content/posts/d.md", "---\ntitle: Post d\ndate: 2024-05-01\ntags: [news]\n---\nA new body.\n"), []string{"content/posts/d.md"}},
		{"title edit", set("content/posts/e.md", "---\ntitle: Retitled\ndate: 2024-05-02\ntags: [news]\n---\nBody of e. See [about](../about.md).\n"), []string{"content/posts/e.md"}},
		{"summary edit", set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\nBody of e. See [about](../about.md).\n"), []string{"content/posts/e.md"}},
		{"new tag", set("content/posts/f.md", "---\ntitle: Post f\ndate: 2024-05-03\ntags: [news, brand-new]\n---\nBody of f.\n"), []string{"content/posts/f.md"}},
		{"link to a tag page", set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\nSee [what is new](/tags/brand-new/).\n"), []string{"content/posts/e.md"}},
		{"tag page gone", set("content/posts/f.md", "---\ntitle: Post f\ndate: 2024-05-03\ntags: [news]\n---\nBody of f.\n"), []string{"content/posts/f.md"}},
		{"tag page back", set("content/posts/f.md", "---\ntitle: Post f\ndate: 2024-05-03\ntags: [news, brand-new]\n---\nBody of f.\n"), []string{"content/posts/f.md"}},
		{"subscribe page", set("content/subscribe.md", "---\ntitle: Subscribe\n---\nEvery feed.\n"), []string{"content/subscribe.md"}},
		{"another new tag", set("content/posts/f.md", "---\ntitle: Post f\ndate: 2024-05-03\ntags: [news, brand-new, Later]\n---\nBody of f.\n"), []string{"content/posts/f.md"}},
		{"new author", set("content/posts/d.md", "---\ntitle: Post d\ndate: 2024-05-01\ntags: [news]\nauthors: [Ann Other]\n---\nA new body.\n"), []string{"content/posts/d.md"}},
		{"tags swapped", set("content/posts/f.md", "---\ntitle: Post f\ndate: 2024-05-03\ntags: [news, brand-new, soon]\n---\nBody of f.\n"), []string{"content/posts/f.md"}},
		{"author gone", set("content/posts/d.md", "---\ntitle: Post d\ndate: 2024-05-01\ntags: [news]\n---\nA new body.\n"), []string{"content/posts/d.md"}},
		{"redate", set("content/posts/d.md", "---\ntitle: Post d\ndate: 2023-01-01\ntags: [news]\n---\nA new body.\n"), []string{"content/posts/d.md"}},
		{"new page", set("content/posts/g.md", "---\ntitle: Post g\ndate: 2024-06-01\n---\nNew.\n"), []string{"content/posts/g.md"}},
		{"link target moves", set("content/about.md", "---\ntitle: About\nslug: about-us\nsummary: About this site.\n---\nRead the [first post](posts/first.md) or the [log](logs/review.md#what).\n"), []string{"content/about.md"}},
		{"delete page", func() { delete(site, "content/posts/g.md") }, []string{"content/posts/g.md"}},
		{"anchor removed", set("content/logs/review.md", "---\ntitle: Six month review\ndate: 2024-07-01\nmilestone: 6 month review\n---\n## Whatever?\n\nThings.\n\n## So what?\n\nThey mattered.\n\n## Now what?\n\nDo more.\n"), []string{"content/logs/review.md"}},
		{"anchor back", set("content/logs/review.md", "---\ntitle: Six month review\ndate: 2024-07-01\nmilestone: 6 month review\n---\n## What?\n\nThings.\n\n## So what?\n\nThey mattered.\n\n## Now what?\n\nDo more.\n"), []string{"content/logs/review.md"}},
		// Rewordings of a post, which the Loader updates in place: the
		// Builder then checks only that page's links and images again.
		{"broken link", set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\nSee [gone](nowhere.md).\n"), []string{"content/posts/e.md"}},
		{"link mended", set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\nSee [about](../about.md).\n"), []string{"content/posts/e.md"}},
		{"image without alt", set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\n![](https://example.org/chart.png)\n"), []string{"content/posts/e.md"}},
		{"alt added", set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\n![A chart](https://example.org/chart.png)\n"), []string{"content/posts/e.md"}},
		{"back to an earlier text", set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\nSee [about](../about.md).\n"), []string{"content/posts/e.md"}},
		{"two edits, one broken", func() {
			set("content/posts/f.md", "---\ntitle: Post f, retitled\ndate: 2024-05-03\ntags: [news, brand-new, soon]\n---\nBody of f.\n")()
			set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\nSee [gone](nowhere.md).\n")()
		}, []string{"content/posts/e.md", "content/posts/f.md"}},
		{"the broken one mended", set("content/posts/e.md", "---\ntitle: Retitled\nsummary: A summary of e.\ndate: 2024-05-02\ntags: [news]\n---\nSee [about](../about.md).\n"), []string{"content/posts/e.md"}},
		{"glossary term", set("content/glossary/pdsa.md", "---\ntitle: PDSA cycle\naliases: [PDSA]\nshort: A new short definition.\n---\nPlan, do, study, act.\n"), []string{"content/glossary/pdsa.md"}},
		{"draft", set("content/posts/third.md", "---\ntitle: Third\ndate: 2024-10-27T12:00\ndraft: true\n---\nThird post.\n"), []string{"content/posts/third.md"}},
		{"settings", set("content/_index.md", "---\ntitle: Renamed site\nbase_url: https://example.org\npage_size: 3\n---\nWelcome.\n"), []string{"content/_index.md"}},
		{"new address", set("content/_index.md", "---\ntitle: Renamed site\nbase_url: https://example.net\npage_size: 3\n---\nWelcome.\n"), []string{"content/_index.md"}},
		{"a list grows a page", set("content/posts/third.md", "---\ntitle: Third\ndate: 2024-10-27T12:00\ntags: [news]\n---\nThird post.\n"), []string{"content/posts/third.md"}},
		{"and loses it", set("content/posts/third.md", "---\ntitle: Third\ndate: 2024-10-27T12:00\n---\nThird post.\n"), []string{"content/posts/third.md"}},
		{"layout", set("layouts/single.html", "{{define \"main\"}}<h1>{{.Page.Title}}!</h1>{{.Page.Content}}{{end}}\n"), []string{"layouts/single.html"}},
		{"stylesheet", set("static/css/extra.css", "body { color: black }\n"), []string{"static/css/extra.css"}},
		{"asset", set("content/posts/chart.png", "a new chart"), []string{"content/posts/chart.png"}},
		{"stylesheet in a failed build", func() {
			set("static/css/more.css", "p { color: navy }\n")()
			set("content/posts/d.md", "---\ntitle: [broken\n---\nBody.\n")()
		}, []string{"static/css/more.css", "content/posts/d.md"}},
		{"fixed", set("content/posts/d.md", "---\ntitle: Post d\ndate: 2023-01-01\ntags: [news]\n---\nA new body.\n"), []string{"content/posts/d.md"}},
		{"static file where a page goes", set("static/posts/d/index.html", "<p>An old copy.</p>\n"), []string{"static/posts/d/index.html"}},
		{"and gone", func() { delete(site, "static/posts/d/index.html") }, []string{"static/posts/d/index.html"}},
	} {
		t.Run(step.name, func(t *testing.T) {
			step.edit()
			inc, idl := buildInc(bb, step.changed)
			full := output.NewMemory()
			_, fdl := build.Build(opts, full)
			if idl.Error() != fdl.Error() {
				t.Errorf("diagnostics differ:\nincremental: %v\nfull: %v", idl, fdl)
			}
			if fdl.HasErrors() != failing[step.name] {
				t.Fatalf("full build errors: %v", fdl.Errors())
			}
			if fdl.HasErrors() {
				return // a failed build's files are thrown away
			}
			a, b := inc.Files(), full.Files()
			for name, want := range b {
				if got, ok := a[name]; !ok {
					t.Errorf("incremental build lacks %s", name)
				} else if !bytes.Equal(got, want) {
					t.Errorf("%s differs from a full build:\ngot:\n%s\nwant:\n%s", name, got, want)
				}
			}
			for name := range a {
				if _, ok := b[name]; !ok {
					t.Errorf("incremental build has %s, which a full build does not", name)
				}
			}
		})
	}
}

// countingFS counts the files read through it.
type countingFS struct {
	fstest.MapFS
	mu    sync.Mutex
	reads map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.count(name)
	return c.MapFS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.count(name)
	return c.MapFS.ReadFile(name)
}

func (c *countingFS) count(name string) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
}

// TestRebuildReadsOnlyWhatChanged edits one post of a site whose other
// posts have warnings: the rebuild must show those warnings with their
// lines, without reading their files again (reading every file with a
// warning on each save made the preview of a 10,000-post site with a
// warning in each post take 0.3 s a keystroke).
func TestRebuildReadsOnlyWhatChanged(t *testing.T) {
	site := archiveFS(t, "testdata/sites/basic.txtar")
	for _, n := range []string{"d", "e", "f"} {
		site["content/posts/"+n+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: Post " + n + "\ncategories: [moved]\ndate: 2024-05-01\n---\nBody of " + n + ".\n")}
	}
	// And a problem found while rendering, which is kept likewise.
	site["content/posts/g.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Post g\ndate: 2024-05-01\n---\nSee [the plan](plan.md).\n")}
	fsys := &countingFS{MapFS: site, reads: map[string]int{}}
	bb := build.NewBuilder(build.Options{Source: fsys, Theme: clic.Theme(), Now: now, Preview: true})
	if _, dl := bb.Build(output.NewMemory(), nil); len(dl.Errors()) != 1 {
		t.Fatalf("want the one broken link, got:\n%v", dl)
	}
	site["content/posts/d.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Post d\ncategories: [moved]\ndate: 2024-05-01\n---\nA new body.\n")}
	clear(fsys.reads)
	_, dl := bb.Build(output.NewMemory(), []string{"content/posts/d.md"})
	if errs := dl.Errors(); len(errs) != 1 || errs[0].Pos.File != "content/posts/g.md" {
		t.Fatalf("want the one broken link, got:\n%v", dl)
	} else if len(errs[0].Source) == 0 || errs[0].Source[len(errs[0].Source)-1].Text != "See [the plan](plan.md)." {
		t.Errorf("broken link shown with lines %v; want its line", errs[0].Source)
	}
	for _, f := range []string{"content/posts/e.md", "content/posts/f.md", "content/posts/g.md"} {
		if n := fsys.reads[f]; n > 0 {
			t.Errorf("%s, unchanged, was read %d times by the rebuild", f, n)
		}
	}
	shown := 0
	for _, d := range dl.Warnings() {
		if !strings.HasPrefix(d.Pos.File, "content/posts/") || !strings.Contains(d.Msg, `"categories"`) {
			continue
		}
		shown++
		if i := slices.IndexFunc(d.Source, func(l diag.Line) bool { return l.N == d.Pos.Line }); i < 0 || d.Source[i].Text != "categories: [moved]" {
			t.Errorf("%s: warning shown with lines %v; want its line, categories: [moved]", d.Pos, d.Source)
		}
	}
	if shown != 3 {
		t.Errorf("%d posts' warnings shown after the rebuild, want 3:\n%v", shown, dl)
	}
}

// vanishingFS lists a file that is gone by the time it is opened, as an
// editor's temporary file is.
type vanishingFS struct {
	fstest.MapFS
	gone string
}

func (v vanishingFS) Open(name string) (fs.File, error) {
	if name == v.gone {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.MapFS.Open(name)
}

// TestFileGoneWhileBuilding builds a site one of whose files goes between
// listing and copying: the build publishes the rest without an error, as
// a preview must while an editor saves.
func TestFileGoneWhileBuilding(t *testing.T) {
	site := archiveFS(t, "testdata/sites/basic.txtar")
	site["static/notes.txt~tmp"] = &fstest.MapFile{Data: []byte("half saved")}
	for _, w := range []build.Writer{output.NewMemory(), nil} {
		if w == nil {
			d, err := output.Begin(filepath.Join(t.TempDir(), "public"), output.Guard{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Abort()
			w = d
		}
		_, dl := build.Build(build.Options{Source: vanishingFS{site, "static/notes.txt~tmp"}, Theme: clic.Theme(), Now: now}, w)
		if dl.HasErrors() {
			t.Errorf("%T: %v", w, dl)
		}
	}
}
