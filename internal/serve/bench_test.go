package serve

import (
	"bufio"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkEditToServed measures what a writer waits for: from saving a
// post to the preview serving the new text. It includes the watcher's
// quiet period, the whole rebuild, the reload event and the one HTTP
// request a browser tab then makes; it excludes the browser's own work. The README's figure comes from this:
//
//	CLIC_SITE=/work/main go test -run XXX -bench EditToServed -benchtime 20x ./internal/serve/
//
// It measures the three edits the performance target names: a change to
// a post's text, to its title (which lists, tag pages and feeds show) and
// a new tag (which makes a new tag page and feed).
//
// CLIC_SITE names a site to measure; it is copied, never edited. Without
// it the benchmark uses a tiny site. It reports the median as ms/median.
func BenchmarkEditToServed(b *testing.B) {
	dir := b.TempDir()
	if src := os.Getenv("CLIC_SITE"); src != "" {
		for _, d := range []string{"content", "layouts", "static"} {
			if err := copyTree(filepath.Join(src, d), filepath.Join(dir, d)); err != nil && !os.IsNotExist(err) {
				b.Fatal(err)
			}
		}
	} else {
		writeAtomic(b, filepath.Join(dir, "content/_index.md"), homePage)
		writeAtomic(b, filepath.Join(dir, "content/posts/hello.md"), postPage)
	}
	post, url := firstPost(b, dir)
	orig, err := os.ReadFile(post)
	if err != nil {
		b.Fatal(err)
	}
	s, stop, done := run(b, Config{Source: dir, Build: siteBuild(dir)})
	defer func() { stop(); <-done }()
	// A large site's first build takes a while; that is not what is measured.
	for st := s.state.Load(); st == nil || st.site == nil; st = s.state.Load() {
		time.Sleep(50 * time.Millisecond)
	}
	if code, _ := fetch(b, s.URL()+url); code != 200 {
		b.Fatalf("%s: status %d", url, code)
	}

	// The three edits the performance target names. Each returns the new
	// file and the text that shows the edit was served.
	edits := []struct {
		name string
		edit func(i int) (file []byte, want string)
	}{
		{"body", func(i int) ([]byte, string) {
			marker := fmt.Sprintf("Edit number %d was saved.", i)
			return append(slices.Clip(orig), "\n\n"+marker+"\n"...), marker
		}},
		{"title", func(i int) ([]byte, string) {
			title := fmt.Sprintf("Edited title %d", i)
			return titleRE.ReplaceAll(orig, []byte("title: \""+title+"\"")), title
		}},
		{"tag", func(i int) ([]byte, string) {
			tag := fmt.Sprintf("newtag%d", i)
			if tagsRE.Match(orig) {
				return tagsRE.ReplaceAll(orig, []byte("tags: ["+tag+", ")), "/tags/" + tag + "/"
			}
			// Clipped: t shares orig's array, which append would overwrite.
			return titleRE.ReplaceAllFunc(orig, func(t []byte) []byte { return append(slices.Clip(t), "\ntags: ["+tag+"]"...) }), "/tags/" + tag + "/"
		}},
	}
	// Like a browser tab, listen for rebuilds, and fetch the page when
	// one is announced; polling instead would take CPU from the build.
	reloads := listen(b, s.URL()+"_clic/events")
	served := func(data []byte, want string) {
		// Saved in place, as most editors do.
		if err := os.WriteFile(post, data, 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			select {
			case <-reloads:
				if _, page := fetch(b, s.URL()+url); strings.Contains(page, want) {
					return
				}
			case <-time.After(patience):
				b.Fatalf("an edit was never served")
			}
		}
	}
	// The first few rebuilds after starting also collect the garbage of
	// the first build, which a writer meets once a session: they are
	// left out.
	for w := range 3 {
		served(edits[0].edit(-1 - w))
	}
	i := 0
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				i++
				data, want := e.edit(i)
				start := time.Now()
				served(data, want)
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms/median")
		})
	}
}

// listen follows the preview's event stream and signals each reload.
func listen(b *testing.B, url string) <-chan struct{} {
	resp, err := http.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { resp.Body.Close() })
	ch := make(chan struct{}, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == "event: reload" {
				ch <- struct{}{}
			}
		}
	}()
	return ch
}

var (
	titleRE = regexp.MustCompile(`(?m)^title: .*$`)
	tagsRE  = regexp.MustCompile(`(?m)^tags: \[`)
)

// firstPost picks a post to edit and its address.
func firstPost(b *testing.B, dir string) (file, url string) {
	matches, _ := filepath.Glob(filepath.Join(dir, "content/posts/*.md"))
	for _, m := range matches {
		if name := filepath.Base(m); name != "_index.md" {
			return m, "posts/" + strings.TrimSuffix(name, ".md") + "/"
		}
	}
	b.Fatal("the site has no post to edit in content/posts/")
	return "", ""
}

// copyTree copies a folder of the site being measured.
func copyTree(src, dst string) error {
	return fs.WalkDir(os.DirFS(src), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dst, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(path.Clean(p))))
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
