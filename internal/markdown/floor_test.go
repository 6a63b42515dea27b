package markdown

import (
	"bytes"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// BenchmarkFloorCorpus is the floor for any goldmark-based builder: a
// plain goldmark with the same Markdown extensions converts every body of
// the corpus named by CLIC_CORPUS on every core, and writes nothing.
// Reading the files is left out of the timing. clic's full build is
// compared with this figure by .ci/bench.
func BenchmarkFloorCorpus(b *testing.B) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		b.Skip("set CLIC_CORPUS to a corpus folder made by gencorpus.go")
	}
	var bodies [][]byte
	err := fs.WalkDir(os.DirFS(dir), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(dir + "/" + p)
		if err != nil {
			return err
		}
		// Drop the front matter: the floor converts Markdown only.
		if rest, ok := bytes.CutPrefix(data, []byte("---\n")); ok {
			if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
				data = rest[i+5:]
			}
		}
		bodies = append(bodies, data)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer))
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan []byte)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				var buf bytes.Buffer
				for body := range next {
					buf.Reset()
					if err := md.Convert(body, &buf); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, body := range bodies {
			next <- body
		}
		close(next)
		wg.Wait()
	}
	b.ReportMetric(float64(len(bodies)), "bodies")
}
