package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/output"
)

// newSite makes a site folder with just a home page and a timeline, so a
// log's milestone would be checked against it.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{
		"content/_index.md":   "---\ntitle: Test site\nbase_url: https://clic.example.org/\n---\nHello.\n",
		"content/timeline.md": "---\ntitle: Timeline\nmilestones:\n  - date: 2020-01-01\n    title: Start\n---\nThe plan.\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestNewBuilds makes one page of each kind and builds the site: the
// placeholder values must be valid, with no errors and no warnings.
func TestNewBuilds(t *testing.T) {
	tests := []struct {
		kind, title string
		wantFile    string
		wantPage    string // output file of the page
	}{
		{"post", "Our first course: what we learned", "content/posts/our-first-course-what-we-learned.md", "posts/our-first-course-what-we-learned/index.html"},
		{"log", "9 month review", "content/logs/9-month-review.md", "logs/9-month-review/index.html"},
		{"course", "Leading change \"together\"", "content/courses/leading-change-together.md", "courses/leading-change-together/index.html"},
		{"term", "Run chart", "content/glossary/run-chart.md", "glossary/run-chart/index.html"},
		{"page", "Contact us", "content/contact-us.md", "contact-us/index.html"},
		{"POST", "Capital kind", "content/posts/capital-kind.md", "posts/capital-kind/index.html"},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			dir := newSite(t)
			code, stdout, stderr := runCLI("new", "-source", dir, tt.kind, tt.title)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := strings.TrimSpace(stdout); got != tt.wantFile {
				t.Errorf("printed %q, want %q", got, tt.wantFile)
			}
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tt.wantFile)))
			if err != nil {
				t.Fatal(err)
			}
			today := time.Now().In(londonLoc(t)).Format(time.DateOnly)
			for _, want := range []string{"title: " + quoteForTest(tt.title), "date: " + today, "draft: true", "\n# "} {
				if !strings.Contains(string(data), want) {
					t.Errorf("new file lacks %q:\n%s", want, data)
				}
			}
			// Drafts on: the new page must render, not just be skipped.
			mem := output.NewMemory()
			_, dl := build.Build(build.Options{Source: os.DirFS(dir), Theme: clic.Theme(), Drafts: true}, mem)
			if len(dl) > 0 {
				t.Fatalf("the new %s does not build cleanly:\n%v\n%s", tt.kind, dl, data)
			}
			if _, ok := mem.Get(tt.wantPage); !ok {
				t.Errorf("%s was not built; got %v", tt.wantPage, mem.Names())
			}
			// Without drafts it is left out, and the build still passes.
			mem = output.NewMemory()
			if _, dl := build.Build(build.Options{Source: os.DirFS(dir), Theme: clic.Theme()}, mem); dl.HasErrors() {
				t.Fatal(dl)
			}
			if _, ok := mem.Get(tt.wantPage); ok {
				t.Errorf("the new %s is a draft but was published", tt.kind)
			}
		})
	}
}

func londonLoc(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func quoteForTest(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

func TestNewMistakes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string // after "new -source DIR"
		wantCode int
		wantErr  string
	}{
		{"no title", []string{"post"}, 2, `clic new: give a kind and a title, such as: clic new post "Our first course"`},
		{"unknown kind", []string{"event", "Party"}, 2, `clic new: there is no kind of page called "event"; use one of post, log, course, term, page`},
		{"title with no words", []string{"post", "?!"}, 2, `clic new: the title "?!" has no letters or numbers to make a file name from; give a title in words`},
		{"too many words", []string{"post", "One", "Two"}, 2, "give a kind and a title"},
		{"file exists", []string{"page", "Timeline"}, 1, "clic new: content/timeline.md already exists, so it was left as it is; choose another title, or edit that file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newSite(t)
			before, _ := os.ReadFile(filepath.Join(dir, "content", "timeline.md"))
			code, _, stderr := runCLI(append([]string{"new", "-source", dir}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.wantCode, tt.wantErr)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, "content", "timeline.md")); string(after) != string(before) {
				t.Error("an existing file was changed")
			}
		})
	}
	code, _, stderr := runCLI("new", "-source", t.TempDir(), "post", "X")
	if code != 2 || !strings.Contains(stderr, "has no content folder") {
		t.Errorf("no content folder: exit %d, %q", code, stderr)
	}
}

// TestNewOwnArchetype: a site's own archetype wins over the theme's, and
// flags may follow the kind and title.
func TestNewOwnArchetype(t *testing.T) {
	dir := newSite(t)
	arch := filepath.Join(dir, "layouts", "archetypes", "post.md")
	if err := os.MkdirAll(filepath.Dir(arch), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(arch, []byte("---\ntitle: {{quote .Title}}\ndate: {{.Date}}\n---\nOur own {{.Slug}}.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI("new", "post", "Hello there", "-source", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimSpace(stdout))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(data), "\nOur own hello-there.\n") {
		t.Errorf("the site's archetype was not used:\n%s", data)
	}

	if err := os.WriteFile(arch, []byte("---\ntitle: {{.Nope}}\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI("new", "-source", dir, "post", "Broken")
	if code != 1 || !strings.Contains(stderr, "fix the archetype, or delete it to use the theme's") {
		t.Errorf("broken archetype: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "posts", "broken.md")); err == nil {
		t.Error("a broken archetype still wrote a file")
	}
}
