package markdown

import (
	"bytes"
	"sync"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// BenchmarkFloorCorpus is the floor for any goldmark-based builder: a
// plain goldmark with the same Markdown extensions converts every body of
// the corpus named by CLIC_CORPUS on every core, and writes nothing.
// Reading the files is left out of the timing. clic's full build is
// compared with this figure by .ci/bench-compare.
func BenchmarkFloorCorpus(b *testing.B) {
	pages, _ := loadCorpus(b)
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer))
	// Reuse buffers, as any builder would, so the floor does no more
	// allocating than it must.
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	b.ResetTimer()
	for b.Loop() {
		onEveryCore(pages, func(p corpusPage) {
			buf := bufs.Get().(*bytes.Buffer)
			buf.Reset()
			if err := md.Convert(p.body, buf); err != nil {
				b.Error(err)
			}
			bufs.Put(buf)
		})
	}
	b.ReportMetric(float64(len(pages)), "bodies")
}
