package build_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/output"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// now is the fixed present for tests, so output never depends on the clock.
var now = time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)

func archiveFS(t *testing.T, file string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// TestGolden builds each site under testdata/sites and compares every
// output file with testdata/golden/<site>.txtar. Run with -update to
// accept new output after checking the diff.
func TestGolden(t *testing.T) {
	sites, _ := filepath.Glob("testdata/sites/*.txtar")
	for _, file := range sites {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			mem := output.NewMemory()
			_, dl := build.Build(build.Options{Source: archiveFS(t, file), Now: now}, mem)
			if dl.HasErrors() {
				t.Fatalf("build failed:\n%v", dl)
			}
			got := &txtar.Archive{Comment: []byte("Golden output of testdata/sites/" + name + ".txtar; regenerate with go test -update.\n")}
			for _, n := range mem.Names() {
				data, _ := mem.Get(n)
				got.Files = append(got.Files, txtar.File{Name: n, Data: withNewline(data)})
			}
			for _, d := range dl {
				got.Comment = append(got.Comment, []byte("diagnostic: "+d.Error()+"\n")...)
			}
			golden := filepath.Join("testdata", "golden", name+".txtar")
			if *update {
				if err := os.WriteFile(golden, txtar.Format(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := txtar.ParseFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			compareArchives(t, want, got)
		})
	}
}

func withNewline(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return append(slices.Clone(b), '\n')
	}
	return b
}

func compareArchives(t *testing.T, want, got *txtar.Archive) {
	t.Helper()
	if !bytes.Equal(want.Comment, got.Comment) {
		t.Errorf("diagnostics differ:\nwant:\n%s\ngot:\n%s", want.Comment, got.Comment)
	}
	wf := map[string][]byte{}
	for _, f := range want.Files {
		wf[f.Name] = f.Data
	}
	for _, f := range got.Files {
		w, ok := wf[f.Name]
		switch {
		case !ok:
			t.Errorf("unexpected output file %s", f.Name)
		case !bytes.Equal(w, f.Data):
			t.Errorf("%s differs:\nwant:\n%s\ngot:\n%s", f.Name, w, f.Data)
		}
		delete(wf, f.Name)
	}
	for n := range wf {
		t.Errorf("missing output file %s", n)
	}
}

// TestDeterministic builds the real CLIC site twice, on all cores, and
// requires byte-identical output.
func TestDeterministic(t *testing.T) {
	site := os.DirFS("../..")
	var outs [2]*output.Memory
	for i := range outs {
		outs[i] = output.NewMemory()
		if _, dl := build.Build(build.Options{Source: site, Theme: clic.Theme(), Minify: true, Now: now}, outs[i]); dl.HasErrors() {
			t.Fatalf("the CLIC site does not build:\n%v", dl.Errors())
		}
	}
	a, b := outs[0].Files(), outs[1].Files()
	if len(a) != len(b) {
		t.Fatalf("builds wrote %d and %d files", len(a), len(b))
	}
	for n, data := range a {
		if !bytes.Equal(data, b[n]) {
			t.Errorf("%s differs between two builds of the same input", n)
		}
	}
	for _, want := range []string{"index.html", "about/index.html", "feed.xml", "atom.xml", "feed.json", "sitemap.xml", "robots.txt", "404.html", "search/index.json", "glossary/index.html", "tags/index.html"} {
		if _, ok := a[want]; !ok {
			t.Errorf("the CLIC site has no %s", want)
		}
	}
}

func TestPagerWindow(t *testing.T) {
	for _, tc := range []struct {
		current, total int
		want           string
	}{
		{1, 1, "[1]"},
		{1, 3, "[1] 2 3"},
		{1, 10, "[1] 2 3 … 10"},
		{5, 10, "1 … 3 4 [5] 6 7 … 10"},
		{10, 10, "1 … 8 9 [10]"},
		{4, 7, "1 2 3 [4] 5 6 7"},
	} {
		var parts []string
		for _, l := range build.PagerWindow(tc.current, tc.total, func(n int) string { return "" }) {
			switch {
			case l.Gap:
				parts = append(parts, "…")
			case l.Current:
				parts = append(parts, "["+strconv.Itoa(l.Number)+"]")
			default:
				parts = append(parts, strconv.Itoa(l.Number))
			}
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("page %d of %d: %s, want %s", tc.current, tc.total, got, tc.want)
		}
	}
}
