package serve

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestBatch(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	type step struct {
		at   int    // ms after t0
		add  string // a path changed at this moment, or
		take bool   // ask for the batch at this moment
		want []string
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"empty batch is never due", []step{
			{at: 0, take: true},
			{at: 1000, take: true},
		}},
		{"one save builds after the quiet period", []step{
			{at: 0, add: "content/a.md"},
			{at: 29, take: true},
			{at: 30, take: true, want: []string{"content/a.md"}},
			{at: 31, take: true}, // taken: empty again
		}},
		{"a burst is one build, paths once each and sorted", []step{
			{at: 0, add: "content/b.md"},
			{at: 10, add: "content/a.md"},
			{at: 20, add: "content/b.md"},
			{at: 45, take: true}, // 25ms after the last event: still waiting
			{at: 50, take: true, want: []string{"content/a.md", "content/b.md"}},
		}},
		{"events that never stop still build by the maximum wait", []step{
			{at: 0, add: "content/a.md"},
			{at: 100, add: "content/a.md"},
			{at: 200, add: "content/a.md"},
			{at: 290, add: "static/x.css"},
			{at: 299, take: true},
			{at: 300, take: true, want: []string{"content/a.md", "static/x.css"}},
		}},
		{"a new burst after a build starts its own wait", []step{
			{at: 0, add: "content/a.md"},
			{at: 30, take: true, want: []string{"content/a.md"}},
			{at: 500, add: "content/c.md"},
			{at: 520, take: true},
			{at: 530, take: true, want: []string{"content/c.md"}},
		}},
		{"asking late still gets the batch", []step{
			{at: 0, add: "layouts/post.html"},
			{at: 5000, take: true, want: []string{"layouts/post.html"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := batch{quiet: 30 * time.Millisecond, maxWait: 300 * time.Millisecond}
			for _, s := range tt.steps {
				if !s.take {
					b.add(ms(s.at), s.add)
					continue
				}
				if got := b.take(ms(s.at)); !slices.Equal(got, s.want) {
					t.Fatalf("take at %dms = %q, want %q", s.at, got, s.want)
				}
			}
		})
	}
}

func TestBatchDue(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	b := batch{quiet: 30 * time.Millisecond, maxWait: 300 * time.Millisecond}
	if _, ok := b.due(); ok {
		t.Fatal("empty batch is due")
	}
	b.add(t0, "content/a.md")
	b.add(t0.Add(10*time.Millisecond), "content/a.md")
	if d, _ := b.due(); !d.Equal(t0.Add(40 * time.Millisecond)) {
		t.Errorf("due %v after start, want 40ms", d.Sub(t0))
	}
	b.add(t0.Add(290*time.Millisecond), "content/a.md")
	if d, _ := b.due(); !d.Equal(t0.Add(300 * time.Millisecond)) {
		t.Errorf("due %v after start, want the 300ms cap", d.Sub(t0))
	}
}

func TestCSSOnly(t *testing.T) {
	tests := []struct {
		changed []string
		want    bool
	}{
		{nil, false}, // the first build
		{[]string{"static/css/site.css"}, true},
		{[]string{"static/css/site.css", "static/css/print.css"}, true},
		{[]string{"static/css/site.css", "layouts/_base.html"}, false},
		{[]string{"content/posts/a.md"}, false},
		{[]string{"static/css"}, false}, // a folder appeared
		{[]string{"."}, false},          // the watcher lost count
	}
	for _, tt := range tests {
		if got := cssOnly(tt.changed); got != tt.want {
			t.Errorf("cssOnly(%q) = %v, want %v", tt.changed, got, tt.want)
		}
	}
}

func TestWatcherRel(t *testing.T) {
	root := t.TempDir()
	w := &watcher{root: root}
	tests := []struct {
		name string
		want string // "" = ignored
	}{
		{"content/posts/a.md", "content/posts/a.md"},
		{"layouts/_base.html", "layouts/_base.html"},
		{"static/css/site.css", "static/css/site.css"},
		{"content", "content"},
		{"public/index.html", ""},  // the build's output, not its input
		{"README.md", ""},          // beside the site, not in it
		{"content/.a.md.swp", ""},  // vim swap
		{"content/posts/4913", ""}, // vim's write test
		{"content/a.md~", ""},      // backup
		{"content/.git/HEAD", ""},  // hidden folder
		{"content/#a.md#", ""},     // Emacs autosave
		{"static/.DS_Store", ""},   // hidden
		{"content/a.md.tmp", ""},   // temp file, renamed into place
	}
	for _, tt := range tests {
		got, ok := w.rel(filepath.Join(root, filepath.FromSlash(tt.name)))
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("rel(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if _, ok := w.rel(filepath.Dir(root)); ok {
		t.Error("a folder above the site counts as part of it")
	}
}

// TestWatcherEditors replays how editors save, against a real watcher,
// and checks each save reports just the file saved. A sentinel file
// written after each sequence marks its end (inotify keeps order), so the
// test never sleeps.
func TestWatcherEditors(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content/posts", "layouts", "static/css"} {
		mustMkdir(t, filepath.Join(root, d))
	}
	post := filepath.Join(root, "content/posts/a.md")
	mustWrite(t, post, "first")
	w, err := newWatcher(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	p := func(s string) string { return filepath.Join(root, filepath.FromSlash(s)) }

	tests := []struct {
		name string
		save func()
		want []string
	}{
		{"write in place (VS Code, truncate then write)", func() {
			f, err := os.OpenFile(post, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("second")
			f.Close()
		}, []string{"content/posts/a.md"}},
		{"write a temporary file, rename it over", func() {
			mustWrite(t, p("content/posts/.a.md.tmp123"), "third")
			mustRename(t, p("content/posts/.a.md.tmp123"), post)
		}, []string{"content/posts/a.md"}},
		{"vim: test file, backup by rename, new file", func() {
			mustWrite(t, p("content/posts/4913"), "")
			mustRemove(t, p("content/posts/4913"))
			mustWrite(t, p("content/posts/.a.md.swp"), "swap")
			mustRename(t, post, p("content/posts/a.md~"))
			mustWrite(t, post, "fourth")
			mustRemove(t, p("content/posts/a.md~"))
			mustRemove(t, p("content/posts/.a.md.swp"))
		}, []string{"content/posts/a.md"}},
		{"a stylesheet", func() {
			mustWrite(t, p("static/css/site.css"), "body{}")
		}, []string{"static/css/site.css"}},
		{"a new folder with a file in it", func() {
			mustMkdir(t, p("content/logs/2024"))
			mustWrite(t, p("content/logs/2024/a.md"), "x")
		}, []string{"content/logs/2024/a.md"}},
		{"a file in the new folder is watched", func() {
			mustWrite(t, p("content/logs/2024/a.md"), "y")
		}, []string{"content/logs/2024/a.md"}},
		{"a folder renamed", func() {
			mustRename(t, p("content/logs"), p("content/journal"))
		}, []string{"content/journal/2024/a.md"}},
		{"a file in the renamed folder is watched under its new name", func() {
			mustWrite(t, p("content/journal/2024/a.md"), "z")
		}, []string{"content/journal/2024/a.md"}},
		{"a deleted file", func() {
			mustRemove(t, p("content/journal/2024/a.md"))
		}, []string{"content/journal/2024/a.md"}},
		{"a layouts folder that appears later", func() {
			mustMkdir(t, p("layouts/partials"))
			mustWrite(t, p("layouts/partials/card.html"), "x")
		}, []string{"layouts/partials/card.html"}},
		{"files the build ignores", func() {
			mustWrite(t, p("content/.hidden.md"), "x")
			mustWrite(t, p("README.md"), "x")
			mustMkdir(t, p("public"))
		}, nil},
	}
	for i, tt := range tests {
		tt.save()
		sentinel := "content/sentinel-" + string(rune('a'+i)) + ".md"
		mustWrite(t, p(sentinel), "")
		got := map[string]bool{}
		timeout := time.After(10 * time.Second) // a deadline for a hung test, not a speed check
	collect:
		for {
			select {
			case ev := <-w.fs.Events:
				for _, c := range w.changed(ev) {
					if c == sentinel {
						break collect
					}
					// A folder moved away is reported by its name; skip
					// those, since new folders are reported by their files.
					if !strings.HasPrefix(c, "content/sentinel-") && path.Ext(c) != "" {
						got[c] = true
					}
				}
			case err := <-w.fs.Errors:
				t.Fatal(err)
			case <-timeout:
				t.Fatalf("%s: no event for the sentinel file", tt.name)
			}
		}
		if keys := slices.Sorted(mapsKeys(got)); !slices.Equal(keys, tt.want) {
			t.Errorf("%s: changed %q, want %q", tt.name, keys, tt.want)
		}
	}
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func mustRemove(t *testing.T, name string) {
	t.Helper()
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
}

// TestHold checks which saves in progress a due batch waits out: an empty
// file, as an editor leaves it between truncating and writing, for up to
// maxWait; a missing one, as an editor leaves it between renaming it away
// and writing the new one, for up to regone; anything else not at all.
func TestHold(t *testing.T) {
	root := t.TempDir()
	mustMkdir(t, filepath.Join(root, "content"))
	mustWrite(t, filepath.Join(root, "content/empty.md"), "")
	mustWrite(t, filepath.Join(root, "content/full.md"), "text")
	mustWrite(t, filepath.Join(root, "content/empty.png"), "")
	s := &Server{cfg: Config{Source: root}, maxWait: 300 * time.Millisecond, regone: 50 * time.Millisecond}
	first := time.Unix(1000, 0)
	ms := func(n int) time.Time { return first.Add(time.Duration(n) * time.Millisecond) }
	tests := []struct {
		path string
		now  time.Time
		want bool
	}{
		{"content/empty.md", ms(10), true},
		{"content/empty.md", ms(299), true},
		{"content/empty.md", ms(300), false},
		{"content/gone.md", ms(10), true},
		{"content/gone.md", ms(50), false},
		{"content/full.md", ms(1), false},
		{"content/empty.png", ms(1), false}, // not a file a writer saves in steps
	}
	for _, tt := range tests {
		if got := s.hold(map[string]bool{tt.path: true}, first, tt.now); got != tt.want {
			t.Errorf("hold(%s) %v after the first event = %v, want %v", tt.path, tt.now.Sub(first), got, tt.want)
		}
	}
}
