package build_test

import (
	"os"
	"testing"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
)

// discard is a Writer that keeps nothing, so the benchmark measures the
// pipeline and not the disk.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkBuildCLIC builds the real CLIC site.
func BenchmarkBuildCLIC(b *testing.B) {
	benchBuild(b, "../..")
}

// BenchmarkBuildCorpus builds the corpus named by CLIC_CORPUS, made with
// go run ../shared/bench/gencorpus.go -n 1000 -out DIR.
func BenchmarkBuildCorpus(b *testing.B) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		b.Skip("set CLIC_CORPUS to a corpus folder made by gencorpus.go")
	}
	benchBuild(b, dir)
}

func benchBuild(b *testing.B, dir string) {
	site := os.DirFS(dir)
	for b.Loop() {
		if _, dl := build.Build(build.Options{Source: site, Theme: clic.Theme(), Minify: true, Now: now}, discard{}); dl.HasErrors() {
			b.Fatal(dl.Errors())
		}
	}
}

