package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// commitBuild writes files (name -> content) into dest as one build, and
// commits it.
func commitBuild(t *testing.T, dest string, g Guard, files map[string]string) {
	t.Helper()
	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range files {
		if err := d.WriteFile(name, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// wantTree is the hashTree of a fresh folder holding exactly files.
func wantTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files[MarkerFile] = markerText
	for name, s := range files {
		mustWrite(t, filepath.Join(dir, filepath.FromSlash(name)), s)
	}
	return hashTree(t, dir)
}

func TestRebuildRecyclesTheBuildBeforeLast(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	outside := filepath.Join(root, "outside")
	mustWrite(t, filepath.Join(outside, "secret.txt"), "not clic's")

	first := map[string]string{
		"index.html":              "home, first and longest version",
		"gone.html":               "deleted from the site",
		"gone/a/index.html":       "a whole deleted section",
		"was-file":                "a file that becomes a folder",
		"was-folder/index.html":   "a folder that becomes a file",
		"img/same.png":            "unchanged",
		"posts/kept/index.html":   "post",
		"posts/linked/index.html": "replaced below by a link",
	}
	commitBuild(t, dest, g, first)
	firstIndex, err := os.Stat(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	commitBuild(t, dest, g, map[string]string{"index.html": "second"})

	// Someone plants links in the hidden first build, which the next
	// build recycles: neither may lead it to write outside its folder.
	old := leftovers(t, root)
	if len(old) != 1 {
		t.Fatalf("beside dest: %v; want one old build", old)
	}
	oldDir := filepath.Join(root, old[0])
	links := true
	for link, target := range map[string]string{
		"evil.html":    filepath.Join(outside, "secret.txt"),
		"posts/linked": outside,
	} {
		p := filepath.Join(oldDir, filepath.FromSlash(link))
		os.RemoveAll(p)
		if err := os.Symlink(target, p); err != nil {
			links = false // a system without links
		}
	}

	third := map[string]string{
		"index.html":              "v3",
		"was-file/index.html":     "now a folder",
		"was-folder":              "now a file",
		"img/same.png":            "unchanged",
		"posts/kept/index.html":   "post",
		"posts/linked/index.html": "written into the output, not through the link",
		"evil.html":               "written into the output, not through the link",
		"new/deep/index.html":     "new",
	}
	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	if !d.reuse {
		t.Fatal("the third build did not recycle the first")
	}
	for name, s := range third {
		if err := d.WriteFile(name, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}

	if got, want := hashTree(t, dest), wantTree(t, third); got != want {
		t.Errorf("dest after the recycled build:\n%s\nwant:\n%s", got, want)
	}
	thirdIndex, err := os.Stat(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(firstIndex, thirdIndex) {
		t.Error("index.html was made afresh, not written over in place")
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "secret.txt")); string(b) != "not clic's" {
		t.Errorf("a file outside the output was changed through a link: %q", b)
	}
	if entries, _ := os.ReadDir(outside); links && len(entries) != 1 {
		t.Errorf("files were written outside the output through a link: %v", entries)
	}
	onlyHidden(t, root, "old")
}

func TestAbortedRecycledBuildLeavesDestUntouched(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	commitBuild(t, dest, g, map[string]string{"index.html": "first", "a/index.html": "first"})
	second := map[string]string{"index.html": "second", "b/index.html": "second"}
	commitBuild(t, dest, g, second)
	before := hashTree(t, dest)

	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	if !d.reuse {
		t.Fatal("the third build did not recycle the first")
	}
	d.WriteFile("index.html", []byte("third, never published"))
	d.WriteFile("b", []byte("a clash to come"))
	err = errors.Join(d.WriteFile("b/index.html", []byte("clash")), d.Commit())
	if err == nil || !strings.Contains(err.Error(), "clashing URLs") {
		t.Errorf("Commit after a clash: %v; want the clash", err)
	}
	if after := hashTree(t, dest); after != before {
		t.Errorf("dest changed by a failed build:\n%s\nwant:\n%s", after, before)
	}
	if l := leftovers(t, root); len(l) != 0 {
		t.Errorf("working files left beside dest: %v", l)
	}
}

func TestRecycledClashes(t *testing.T) {
	tests := []struct {
		name         string
		old          map[string]string // the build recycled
		first, again string
		want         string
	}{
		{"file then folder, over a file", map[string]string{"a": "old"}, "a", "a/index.html", "clashing URLs"},
		{"file then folder, over a folder", map[string]string{"a/index.html": "old"}, "a", "a/index.html", "clashing URLs"},
		{"folder then file, over a file", map[string]string{"a": "old"}, "a/index.html", "a", "clashing URLs"},
		{"folder then file, over a folder", map[string]string{"a/x.html": "old"}, "a/index.html", "a", "clashing URLs"},
		{"same name twice", map[string]string{"a/index.html": "old"}, "a/index.html", "a/index.html", "written twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, g := newSite(t)
			dest := filepath.Join(root, "public")
			commitBuild(t, dest, g, tt.old)
			commitBuild(t, dest, g, map[string]string{"index.html": "second"})
			d, err := Begin(dest, g)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Abort()
			if !d.reuse {
				t.Fatal("the third build did not recycle the first")
			}
			if err := d.WriteFile(tt.first, []byte("1")); err != nil {
				t.Fatal(err)
			}
			err = errors.Join(d.CopyFile(tt.again, fstest.MapFS{"s": {Data: []byte("2")}}, "s"), d.Flush())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("second write or Flush error = %v; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestRecycledCopiesStayUnlessTheBytesChanged(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	src := filepath.Join(root, "static")
	big := strings.Repeat("image bytes ", 10_000) // several reads of copied's buffer
	files := map[string]string{
		"same.png": "unchanged", "big.png": big, "big-end.png": big,
		"changed.png": "old bytes", "grown.png": "small", "shrunk.png": "large for now",
	}
	for name, s := range files {
		mustWrite(t, filepath.Join(src, name), s)
	}
	build := func() *Disk {
		t.Helper()
		d, err := Begin(dest, g)
		if err != nil {
			t.Fatal(err)
		}
		for name := range files {
			if err := d.CopyFile(name, os.DirFS(src), name); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		return d
	}
	build()
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(dest, "same.png"), past, past); err != nil {
		t.Fatal(err)
	}
	build()
	// Sizes and dates say nothing of which source an old copy came from:
	// new bytes of the same size, dated back as a moved file keeps its
	// date, must still be copied.
	files["changed.png"] = "new bytes"
	files["big-end.png"] = big[:len(big)-1] + "!"
	files["grown.png"] = "larger than before"
	files["shrunk.png"] = "small"
	for _, name := range []string{"changed.png", "big-end.png", "grown.png", "shrunk.png"} {
		p := filepath.Join(src, name)
		mustWrite(t, p, files[name])
		if err := os.Chtimes(p, past, past); err != nil {
			t.Fatal(err)
		}
	}
	if d := build(); !d.reuse {
		t.Fatal("the third build did not recycle the first")
	}
	for name, want := range files {
		if b, err := os.ReadFile(filepath.Join(dest, name)); string(b) != want {
			t.Errorf("%s holds %d bytes, %v; want the %d of its source", name, len(b), err, len(want))
		}
	}
	info, err := os.Stat(filepath.Join(dest, "same.png"))
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().Equal(past) {
		t.Errorf("same.png was copied again (modified %v)", info.ModTime())
	}
}

func TestFailedBuildLeavesASpare(t *testing.T) {
	tests := []struct {
		name      string
		writeFail bool // the failure is a file that could not be written
	}{
		{"stopped by a mistake in the content", false},
		{"a file could not be written", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, g := newSite(t)
			dest := filepath.Join(root, "public")
			commitBuild(t, dest, g, map[string]string{"index.html": "first", "a/index.html": "first"})
			commitBuild(t, dest, g, map[string]string{"index.html": "second"})
			before := hashTree(t, dest)

			d, err := Begin(dest, g)
			if err != nil {
				t.Fatal(err)
			}
			d.WriteFile("index.html", []byte("third, never published"))
			d.WriteFile("c/index.html", []byte("third"))
			if tt.writeFail {
				d.WriteFile("c", []byte("a file where a folder is"))
			}
			if err := d.Abort(); err != nil {
				t.Fatal(err)
			}
			if after := hashTree(t, dest); after != before {
				t.Errorf("dest changed by a failed build:\n%s\nwant:\n%s", after, before)
			}
			if tt.writeFail {
				if l := leftovers(t, root); len(l) != 0 {
					t.Errorf("beside dest after a failed write: %v; want nothing kept", l)
				}
				return
			}
			spareIndex, err := os.Stat(filepath.Join(root, onlyHidden(t, root, "spare"), "index.html"))
			if err != nil {
				t.Fatal(err)
			}

			// The next build, the mistake fixed, recycles the spare.
			d, err = Begin(dest, g)
			if err != nil {
				t.Fatal(err)
			}
			if !d.reuse {
				t.Fatal("the build after a failed one did not recycle its spare")
			}
			fourth := map[string]string{"index.html": "fourth", "d/index.html": "fourth"}
			for name, s := range fourth {
				if err := d.WriteFile(name, []byte(s)); err != nil {
					t.Fatal(err)
				}
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			if got, want := hashTree(t, dest), wantTree(t, fourth); got != want {
				t.Errorf("dest after recycling the spare:\n%s\nwant:\n%s", got, want)
			}
			if index, err := os.Stat(filepath.Join(dest, "index.html")); err != nil || !os.SameFile(index, spareIndex) {
				t.Errorf("index.html was made afresh, not written over in the spare (%v)", err)
			}
			onlyHidden(t, root, "old")
		})
	}
}

// A spare was never published, so crash recovery must not put it back
// as dest, as it does an old build.
func TestSpareIsNeverPublished(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	spare := filepath.Join(root, ".public.clic-spare-0123")
	mustWrite(t, filepath.Join(spare, MarkerFile), markerText)
	mustWrite(t, filepath.Join(spare, "index.html"), "half written by a failed build")
	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	if !d.reuse {
		t.Error("the spare was not recycled")
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("dest after an aborted first build: %v; want none", err)
	}
	commitBuild(t, dest, g, map[string]string{"index.html": "new"})
	if got, want := hashTree(t, dest), wantTree(t, map[string]string{"index.html": "new"}); got != want {
		t.Errorf("dest:\n%s\nwant:\n%s", got, want)
	}
}
