package content

import (
	"os"
	"runtime"
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
