package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchPost writes a realistic ~1,000-word post shaped like the benchmark
// corpus (see /work/shared/bench/gencorpus.go): sections with headings,
// lists, a quote, internal, glossary and external links, a table, a
// footnote, a code block and one image.
func benchPost(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	words := strings.Fields(`cache queue index schema replica snapshot pipeline build render
template parser compiler scheduler worker process request response handler router server
client session token review release deploy rollback migration table query lock journal
metric trace alert dashboard incident budget deadline roadmap backlog ticket feature patch
fast slow small large careful quiet stale fresh lazy eager shared private simple complex
improves breaks replaces reduces increases hides validates caches flushes measures
with without before after during under across between quickly slowly carefully rarely`)
	pick := func() string { return words[r.IntN(len(words))] }
	n := 0
	sentence := func() string {
		k := 8 + r.IntN(14)
		s := make([]string, k)
		for i := range s {
			s[i] = pick()
			switch r.IntN(20) {
			case 0:
				s[i] = "*" + s[i] + "*"
			case 1:
				s[i] = "**" + s[i] + "**"
			case 2:
				s[i] = "`" + s[i] + "`"
			}
		}
		n += k
		s[0] = strings.ToUpper(s[0][:1]) + s[0][1:]
		return strings.Join(s, " ") + "."
	}
	para := func(lo, hi int) string {
		k := lo + r.IntN(hi-lo+1)
		s := make([]string, k)
		for i := range s {
			s[i] = sentence()
		}
		return strings.Join(s, " ")
	}
	var b strings.Builder
	b.WriteString(para(3, 5) + " For background, see [the " + pick() + " notes](../posts/" + pick() + ".md).\n\n")
	b.WriteString(para(2, 4) + "\n\n")
	for sec := 1; n < 720 || sec < 3; sec++ {
		fmt.Fprintf(&b, "## %s %ss\n\n", strings.ToUpper(pick()[:1])+pick()[1:], pick())
		p := para(2, 5)
		if sec == 1 {
			p += "[^1]"
		}
		b.WriteString(p + " The term [" + pick() + " " + pick() + "](/glossary/" + pick() + "/) matters here.\n\n")
		switch sec % 4 {
		case 1:
			for k := 3 + r.IntN(4); k > 0; k-- {
				b.WriteString("- " + strings.ToUpper(pick()[:1]) + " the " + pick() + " " + pick() + "\n")
			}
			b.WriteString("\n")
		case 2:
			for k := 1; k <= 4; k++ {
				fmt.Fprintf(&b, "%d. Check the %s %s\n", k, pick(), pick())
			}
			b.WriteString("\n![A " + pick() + " diagram](/images/figure-2.png)\n\n")
			b.WriteString("| Name | Count | Share |\n|---|--:|--:|\n")
			for k := 0; k < 5; k++ {
				fmt.Fprintf(&b, "| %s %s | %d | %d.%d |\n", pick(), pick(), r.IntN(1000), r.IntN(100), r.IntN(10))
			}
			b.WriteString("\n")
		case 3:
			b.WriteString("> " + sentence() + " \"" + sentence() + "\"\n\n")
			b.WriteString("```go\nfunc Check(ctx context.Context, s string) error {\n\tif s == \"\" {\n\t\treturn errors.New(\"empty\")\n\t}\n\treturn nil\n}\n```\n\n")
		}
		b.WriteString(para(1, 4) + " Read more in [the guide](https://go.dev/doc/effective_go), or [this](../logs/" + pick() + ".md#why).\n\n")
	}
	b.WriteString("## Summary\n\n" + para(2, 3) + "\n\n[^1]: " + sentence() + " See https://example.com/notes.\n")
	return b.String()
}

func BenchmarkRender(b *testing.B) {
	r := New(Options{})
	p := Page{Source: []byte(benchPost(1)), Resolve: func(d string) string { return "/resolved/" + d }}
	res, err := r.Render(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(p.Source)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Words), "words")
}

func BenchmarkRenderParallel(b *testing.B) {
	r := New(Options{})
	p := Page{Source: []byte(benchPost(1)), Resolve: func(d string) string { return "/resolved/" + d }}
	b.SetBytes(int64(len(p.Source)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.Render(p); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
