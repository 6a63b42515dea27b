package check

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func fixture(t *testing.T, name string) build.Options {
	t.Helper()
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return build.Options{Source: fsys, Theme: clic.Theme(), Now: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
}

// TestGolden checks every kind of problem, with its exact message and
// position, and the reading-age table.
func TestGolden(t *testing.T) {
	rep, dl := Run(fixture(t, "testdata/site.txtar"))
	if !dl.HasErrors() {
		t.Error("the fixture's errors were not reported as errors")
	}
	var got bytes.Buffer
	if err := rep.Text(&got); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/site.golden"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("report differs from %s (go test -update rewrites it)\n got:\n%s\nwant:\n%s", golden, got.String(), want)
	}
}

// TestReadingAge checks one page's scores against the worked example in
// package prose, so headings and code are shown to be left out: "The
// Australian platypus..." and "The cat sat on the mat." are 19 words, 2
// sentences and 32 syllables, grade 0.39×9.5 + 11.8×32/19 − 15.59 = 7.99.
func TestReadingAge(t *testing.T) {
	rep, _ := Run(fixture(t, "testdata/site.txtar"))
	for _, p := range rep.Pages {
		if p.File != "content/platypus.md" {
			continue
		}
		want := Page{File: p.File, URL: "/platypus/", Title: "Platypus", Words: 19, Sentences: 2,
			FleschReadingEase: 54.7, FleschKincaidGrade: 8.0, ReadingAge: 13.0, LongestSentence: 13, Findings: 2, AboveTarget: true}
		if p != want {
			t.Errorf("got  %+v\nwant %+v", p, want)
		}
		return
	}
	t.Fatal("no row for content/platypus.md")
}

func TestOrderAndFormats(t *testing.T) {
	rep, dl := Run(fixture(t, "testdata/site.txtar"))
	for i := 1; i < len(rep.Pages); i++ {
		a, b := rep.Pages[i-1], rep.Pages[i]
		if b.Sentences > 0 && (a.Sentences == 0 || a.ReadingAge < b.ReadingAge) {
			t.Errorf("%s (%.1f) listed before %s (%.1f)", a.File, a.ReadingAge, b.File, b.ReadingAge)
		}
	}

	var js bytes.Buffer
	if err := rep.JSON(&js); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Target      struct{ Min, Max int } `json:"target_reading_age"`
		Pages       []map[string]any       `json:"pages"`
		Diagnostics []map[string]any       `json:"diagnostics"`
		Errors      int                    `json:"errors"`
		Warnings    int                    `json:"warnings"`
	}
	if err := json.Unmarshal(js.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if j.Target.Min != 9 || j.Target.Max != 11 || len(j.Pages) != len(rep.Pages) ||
		j.Errors != len(dl.Errors()) || j.Warnings != len(dl.Warnings()) || len(j.Diagnostics) != len(dl) {
		t.Errorf("JSON summary wrong: %s", js.String())
	}
	for _, key := range []string{"file", "url", "title", "words", "sentences", "flesch_reading_ease", "flesch_kincaid_grade", "reading_age", "longest_sentence", "findings", "above_target"} {
		if _, ok := j.Pages[0][key]; !ok {
			t.Errorf("JSON page lacks %q", key)
		}
	}
	for _, key := range []string{"file", "line", "col", "severity", "message"} {
		if _, ok := j.Diagnostics[0][key]; !ok {
			t.Errorf("JSON diagnostic lacks %q", key)
		}
	}

	html := string(rep.HTML())
	for _, want := range []string{
		`<html lang="en-GB">`, `<link rel="stylesheet" href="/css/site.css">`,
		`<a href="/platypus/">Platypus</a>`, `<th scope="col">Reading age</th>`,
		`<code>content/about.md:18:1</code>: image pic.png has no alt text`,
		`The target reading age is 9–11.`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if strings.Contains(html, "<script") {
		t.Error("HTML has a script")
	}
}

func TestHTMLFunc(t *testing.T) {
	page := HTMLFunc(fixture(t, "testdata/site.txtar"))()
	if !bytes.Contains(page, []byte("<h1>Plain language report</h1>")) {
		t.Errorf("HTMLFunc page: %.200s", page)
	}
}

// BenchmarkRun checks the site named by CLIC_CORPUS, or else the CLIC
// site, as clic check does (make bench-go).
func BenchmarkRun(b *testing.B) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		dir = "../.."
	}
	opts := build.Options{Source: os.DirFS(dir), Theme: clic.Theme(), Now: time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for b.Loop() {
		if rep, dl := Run(opts); dl.HasErrors() || len(rep.Pages) == 0 {
			b.Fatalf("%d pages checked, errors: %v", len(rep.Pages), dl.Errors())
		}
	}
}
