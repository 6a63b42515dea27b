package content

import (
	"crypto/sha256"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// BenchmarkLoadCorpus loads the site named by CLIC_CORPUS (a folder made
// by /work/shared/bench/gencorpus.go) as a build does.
func BenchmarkLoadCorpus(b *testing.B) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		b.Skip("set CLIC_CORPUS to a corpus folder made by gencorpus.go")
	}
	fsys := os.DirFS(dir)
	opts := Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	s, dl := Load(fsys, opts)
	if s == nil {
		b.Fatal(dl)
	}
	b.ReportAllocs()
	for b.Loop() {
		Load(fsys, opts)
	}
	b.StopTimer()
	s = nil
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s, _ = Load(fsys, opts)
	runtime.GC()
	runtime.ReadMemStats(&after)
	// live-MB is the heap the loaded site keeps, which a build holds to the end.
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "live-MB")
	b.ReportMetric(float64(len(s.Pages)), "pages")
	b.ReportMetric(float64(len(dl)), "diags")
}

// TestLoadDigest prints a digest of everything Load makes of the corpus
// named by CLIC_CORPUS, so a change meant to keep the site the same can
// be checked on thousands of real files: the digest must not change.
func TestLoadDigest(t *testing.T) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		t.Skip("set CLIC_CORPUS to a corpus folder made by gencorpus.go")
	}
	s, dl := Load(os.DirFS(dir), Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	h := sha256.New()
	fmt.Fprintf(h, "%#v\n%v\n", s.Settings, dl)
	keys := []string{"title", "date", "tags", "authors", "summary", "draft", "term", "short", "aliases",
		"sessions", "booking", "status", "model", "milestone", "include", "layout", "image", "nope"}
	for _, p := range append(append([]*Page{}, s.Pages...), s.Scheduled...) {
		c := *p
		c.Includes, c.Term, c.Course, c.Log, c.keys = nil, nil, nil, nil, nil
		v := fmt.Sprintf("%#v", c)
		v, _, _ = strings.Cut(v, ", keys:") // its type is no business of the digest
		fmt.Fprintf(h, "%s\n", v)
		if p.Term != nil {
			fmt.Fprintf(h, "%#v\n", *p.Term)
		}
		if p.Course != nil {
			fmt.Fprintf(h, "%#v\n", *p.Course)
		}
		if p.Log != nil {
			fmt.Fprintf(h, "%#v\n", *p.Log)
		}
		for _, k := range keys {
			l, col := p.KeyLine(k)
			fmt.Fprintf(h, "%s %d %d;", k, l, col)
		}
	}
	for _, sec := range s.Sections {
		fmt.Fprintf(h, "%s %d\n", sec.Name, len(sec.Pages))
	}
	for _, tx := range append(append([]*Taxon{}, s.Tags...), s.Authors...) {
		fmt.Fprintf(h, "%s %s %d\n", tx.Name, tx.URL, len(tx.Pages))
	}
	t.Logf("pages=%d diags=%d digest=%x", len(s.Pages), len(dl), h.Sum(nil))
}
