package content

import (
	"fmt"
	"reflect"
	"testing"
	"testing/fstest"
	"time"
)

// summary is what a test compares of two loads: every page's URL, title,
// kind and section, every tag, and the diagnostics.
func summary(s *Site, dl fmt.Stringer) string {
	out := ""
	for _, p := range s.Pages {
		out += fmt.Sprintf("%s %s %q %s %v\n", p.URL, p.Kind, p.Title, p.Section, p.Resources)
	}
	for _, t := range s.Tags {
		out += fmt.Sprintf("tag %s %d\n", t.URL, len(t.Pages))
	}
	for _, sec := range s.Sections {
		out += fmt.Sprintf("section %s %d\n", sec.Name, len(sec.Pages))
	}
	return out + dl.String()
}

type diags []string

func (d diags) String() string { return fmt.Sprint([]string(d)) }

// TestLoaderMatchesFreshLoad makes a series of edits and checks that a
// Loader told what changed gives the same site as loading from scratch.
func TestLoaderMatchesFreshLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: Site\nbase_url: https://example.org/\n---\nHi.\n")},
		"content/posts/a.md":         {Data: []byte("---\ntitle: A\ndate: 2024-01-01\ntags: [x]\n---\nA.\n")},
		"content/posts/b/index.md":   {Data: []byte("---\ntitle: B\ndate: 2024-01-02\n---\nB.\n")},
		"content/posts/b/pic.png":    {Data: []byte("png")},
		"content/glossary/term.md":   {Data: []byte("---\ntitle: Term\n---\nT.\n")},
		"content/about.md":           {Data: []byte("---\ntitle: About\n---\nAbout.\n")},
		"content/logs/_index.md":     {Data: []byte("---\ntitle: Logs\n---\n")},
		"content/logs/one.md":        {Data: []byte("---\ntitle: One\ndate: 2024-02-01\n---\nOne.\n")},
		"content/courses/course.md":  {Data: []byte("---\ntitle: Course\n---\nC.\n")},
		"content/case-study/ch1.md":  {Data: []byte("---\ntitle: Chapter\nweight: 1\n---\nC.\n")},
		"content/posts/.hidden.md":   {Data: []byte("not read")},
		"content/posts/a.md.swp":     {Data: []byte("not read")},
		"content/posts/b/notes.txt~": {Data: []byte("not read")},
	}
	opts := Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := NewLoader(fsys)
	l.Load(opts, nil)
	for _, step := range []struct {
		name    string
		edit    func()
		changed []string
	}{
		{"retitle", func() {
			fsys["content/posts/a.md"].Data = []byte("---\ntitle: A2\ndate: 2024-01-01\ntags: [x, y]\n---\nA.\n")
		}, []string{"content/posts/a.md"}},
		{"new page", func() {
			fsys["content/posts/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: C\ndate: 2024-03-01\n---\nC.\n")}
		}, []string{"content/posts/c.md"}},
		{"delete page", func() { delete(fsys, "content/about.md") }, []string{"content/about.md"}},
		{"break a page", func() { fsys["content/posts/c.md"].Data = []byte("---\ntitle: [\n---\n") }, []string{"content/posts/c.md"}},
		{"settings", func() {
			fsys["content/_index.md"].Data = []byte("---\ntitle: Renamed\nbase_url: https://example.org/\n---\n")
		}, []string{"content/_index.md"}},
		{"delete folder", func() { delete(fsys, "content/posts/b/index.md"); delete(fsys, "content/posts/b/pic.png") }, []string{"content/posts/b"}},
		{"new folder", func() {
			fsys["content/notes/n.md"] = &fstest.MapFile{Data: []byte("---\ntitle: N\n---\nN.\n")}
			fsys["content/notes/n.png"] = &fstest.MapFile{Data: []byte("png")}
		}, []string{"content/notes"}},
		{"asset", func() { fsys["content/posts/pic.jpg"] = &fstest.MapFile{Data: []byte("jpg")} }, []string{"content/posts/pic.jpg"}},
	} {
		t.Run(step.name, func(t *testing.T) {
			step.edit()
			got, gdl := l.Load(opts, step.changed)
			want, wdl := Load(fsys, opts)
			g, w := summary(got, diags(errorsOf(gdl))), summary(want, diags(errorsOf(wdl)))
			if g != w {
				t.Errorf("incremental load differs from a fresh one:\ngot:\n%s\nwant:\n%s", g, w)
			}
			if !reflect.DeepEqual(got.Assets, want.Assets) {
				t.Errorf("assets %v, want %v", got.Assets, want.Assets)
			}
			if got.Settings.Title != want.Settings.Title {
				t.Errorf("settings title %q, want %q", got.Settings.Title, want.Settings.Title)
			}
		})
	}
}

func errorsOf[T interface{ Error() string }](l []T) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.Error())
	}
	return out
}
