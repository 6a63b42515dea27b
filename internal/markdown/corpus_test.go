package markdown

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// corpusPage is one body of the benchmark corpus and the URL it is
// published at.
type corpusPage struct {
	body []byte
	url  string
}

// loadCorpus reads every Markdown file of the corpus named by CLIC_CORPUS
// (made by /work/shared/bench/gencorpus.go), and builds the glossary from
// its content/glossary terms. Front matter is read just enough for that:
// one "key: value" per line, quoted or not, lists as [a, b].
func loadCorpus(b testing.TB) ([]corpusPage, *Glossary) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		b.Skip("set CLIC_CORPUS to a corpus folder made by gencorpus.go")
	}
	var pages []corpusPage
	var terms []Term
	err := fs.WalkDir(os.DirFS(dir), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(dir + "/" + p)
		if err != nil {
			return err
		}
		var fm []byte
		if rest, ok := bytes.CutPrefix(data, []byte("---\n")); ok {
			if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
				fm, data = rest[:i], rest[i+5:]
			}
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, "content/"), ".md")
		url := "/" + strings.TrimSuffix(rel, "_index") + "/"
		url = strings.ReplaceAll(url, "//", "/")
		pages = append(pages, corpusPage{body: data, url: url})
		if strings.HasPrefix(p, "content/glossary/") && path.Base(p) != "_index.md" {
			t := Term{URL: "/glossary/" + path.Base(rel) + "/"}
			var title string
			for _, line := range strings.Split(string(fm), "\n") {
				k, v, ok := strings.Cut(line, ":")
				if !ok {
					continue
				}
				v = strings.TrimSpace(v)
				switch k {
				case "title":
					title = unquote(v)
				case "term":
					t.Term = unquote(v)
				case "short":
					t.Short = unquote(v)
				case "aliases":
					for _, a := range strings.Split(strings.Trim(v, "[]"), ",") {
						if a = unquote(strings.TrimSpace(a)); a != "" {
							t.Aliases = append(t.Aliases, a)
						}
					}
				}
			}
			if t.Term == "" {
				t.Term = title
			}
			terms = append(terms, t)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	g, err := NewGlossary(terms)
	if err != nil {
		b.Fatal(err)
	}
	return pages, g
}

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return strings.Trim(s, `'"`)
}

// BenchmarkRenderCorpus renders every body of the corpus named by
// CLIC_CORPUS with clic's Renderer, glossary and a Resolve func, on every
// core, as a build does; compare it with BenchmarkFloorCorpus.
func BenchmarkRenderCorpus(b *testing.B) {
	pages, g := loadCorpus(b)
	r := New(Options{})
	resolve := func(dest string) string {
		if before, frag, ok := strings.Cut(dest, "#"); ok {
			return strings.TrimSuffix(before, ".md") + "/#" + frag
		}
		return strings.TrimSuffix(dest, ".md") + "/"
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		onEveryCore(pages, func(p corpusPage) {
			if _, err := r.Render(Page{Source: p.body, Resolve: resolve, Glossary: g, Self: p.url}); err != nil {
				b.Error(err)
			}
		})
	}
	b.ReportMetric(float64(len(pages)), "bodies")
	b.ReportMetric(float64(len(g.terms)), "terms")
}

// BenchmarkCorpusCPU runs the floor and clic's renderer on the corpus
// and reports the CPU time each used per pass (cpu-ms/op, all threads,
// the garbage collector's included), which, unlike wall time, means
// something on a machine shared with other work. Each figure includes
// reading the corpus once.
func BenchmarkCorpusCPU(b *testing.B) {
	for _, bm := range []struct {
		name string
		f    func(*testing.B)
	}{{"floor", BenchmarkFloorCorpus}, {"render", BenchmarkRenderCorpus}} {
		b.Run(bm.name, func(b *testing.B) {
			start := cpuTime(b)
			bm.f(b)
			b.ReportMetric(float64(cpuTime(b)-start)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// onEveryCore calls f for every page, spread over every core, as a build does.
func onEveryCore(pages []corpusPage, f func(corpusPage)) {
	var wg sync.WaitGroup
	next := make(chan corpusPage)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range next {
				f(p)
			}
		})
	}
	for _, p := range pages {
		next <- p
	}
	close(next)
	wg.Wait()
}
