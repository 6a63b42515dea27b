package build

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/layout"
)

// BenchmarkLayouts runs the layouts for every HTML page of a site, the
// template stage alone: the CLIC site, or the corpus named by CLIC_CORPUS.
func BenchmarkLayouts(b *testing.B) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		dir = "../.."
	}
	opts := Options{Source: os.DirFS(dir), Theme: clic.Theme(), Now: time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)}
	bb := &Builder{opts: opts}
	site, dl := content.NewLoader(opts.Source).Load(content.Options{Now: opts.Now}, nil)
	if dl.HasErrors() {
		b.Fatal(dl.Errors())
	}
	bb.site = site
	bld := &builder{opts: opts, site: site, bb: bb}
	bld.statics, _ = bld.staticFiles()
	bld.known = knownPaths(site)
	layouts, ldl := layout.Load(opts.Source, opts.Theme, bb.funcs())
	if ldl.HasErrors() {
		b.Fatal(ldl.Errors())
	}
	bld.layouts = layouts
	bld.renderMarkdown(&dl)
	bld.versions()
	bld.views()
	bld.courseViews()
	bld.timelineViews(&dl)
	jobs := bld.jobs()
	names := make([]string, len(jobs))
	for i, j := range jobs {
		name, err := layouts.Lookup(j.layouts...)
		if err != nil {
			b.Fatal(err)
		}
		names[i] = name
	}
	var buf bytes.Buffer
	var size int
	b.ResetTimer()
	for b.Loop() {
		size = 0
		layouts.Forget()
		for i, j := range jobs {
			buf.Reset()
			if err := layouts.Execute(&buf, names[i], j.view); err != nil {
				b.Fatal(err)
			}
			size += buf.Len()
		}
	}
	b.ReportMetric(float64(len(jobs)), "pages")
	b.ReportMetric(float64(size)/float64(len(jobs)), "bytes/page")
}
