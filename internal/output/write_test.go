package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func TestWriteFileRejectsBadNames(t *testing.T) {
	names := []string{
		"", ".", "/etc/passwd", "../x", "a/../../x", "a/../b", "./a", "a//b", "a/",
		`..\x`, `a\b`, "a\x00b", "a\nb", "a\x7fb", MarkerFile,
	}
	root, g := newSite(t)
	d, err := Begin(filepath.Join(root, "public"), g)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	mem := NewMemory()
	for _, name := range names {
		for wname, w := range map[string]Writer{"Disk": d, "Memory": mem} {
			err := w.WriteFile(name, []byte("x"))
			if err == nil || !strings.Contains(err.Error(), "output names must be") {
				t.Errorf("%s.WriteFile(%q) error = %v; want a bad-name error", wname, name, err)
			}
		}
		if err := d.CopyFile(name, fstest.MapFS{"s": {Data: []byte("x")}}, "s"); err == nil {
			t.Errorf("CopyFile(%q) succeeded; want error", name)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "x")); err == nil {
		t.Error("a file escaped the output folder")
	}
	if len(mem.Names()) != 0 {
		t.Errorf("Memory stored %v", mem.Names())
	}
}

func TestWriteFileClashes(t *testing.T) {
	tests := []struct {
		name         string
		first, again string
		want         string
	}{
		{"same name twice", "a/index.html", "a/index.html", "written twice"},
		{"file then folder", "a", "a/index.html", "clashing URLs"},
		{"folder then file", "a/index.html", "a", "clashing URLs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, g := newSite(t)
			d, err := Begin(filepath.Join(root, "public"), g)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Abort()
			if err := d.WriteFile(tt.first, []byte("1")); err != nil {
				t.Fatal(err)
			}
			// A clash with a folder is found only when the file is written.
			err = errors.Join(d.WriteFile(tt.again, []byte("2")), d.Flush())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("second WriteFile or Flush error = %v; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestCopyFile(t *testing.T) {
	big := strings.Repeat("0123456789", 100_000)
	src := fstest.MapFS{
		"img/photo.jpg": {Data: []byte(big)},
		"img":           {Mode: fs.ModeDir},
	}
	tests := []struct {
		srcName string
		wantErr bool
	}{
		{"img/photo.jpg", false},
		{"img", true},
		{"missing.png", true},
	}
	for _, tt := range tests {
		t.Run(tt.srcName, func(t *testing.T) {
			root, g := newSite(t)
			dest := filepath.Join(root, "public")
			d, err := Begin(dest, g)
			if err != nil {
				t.Fatal(err)
			}
			err = d.CopyFile("static/photo.jpg", src, tt.srcName)
			if err == nil {
				err = d.Flush()
			}
			if tt.wantErr {
				d.Abort()
				if err == nil {
					t.Fatal("CopyFile succeeded; want error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(filepath.Join(dest, "static", "photo.jpg")); err != nil || string(b) != big {
				t.Errorf("copied file differs (%d bytes, err %v)", len(b), err)
			}
		})
	}
}

func TestDiskConcurrentWrites(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	src := os.DirFS(filepath.Join(root, "static"))
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 50 {
		wg.Go(func() {
			errs <- d.WriteFile(fmt.Sprintf("posts/p%d/index.html", i), []byte(strconv.Itoa(i)))
			errs <- d.CopyFile(fmt.Sprintf("static/%d/keep.txt", i), src, "keep.txt")
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if b, err := os.ReadFile(filepath.Join(dest, "posts", fmt.Sprintf("p%d", i), "index.html")); string(b) != strconv.Itoa(i) {
			t.Errorf("p%d = %q, %v", i, b, err)
		}
	}
}

// TestCommitAfterFailedWrite checks that a write that fails (here, a
// file where a folder must go) is reported at once, makes Commit fail,
// and leaves the previous build as it was.
func TestCommitAfterFailedWrite(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("index.html", []byte("v1")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	before := hashTree(t, root)
	d, err = Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"index.html", "a"} {
		if err := d.WriteFile(n, []byte("v2")); err != nil {
			t.Fatal(err)
		}
	}
	err = d.WriteFile("a/index.html", []byte("v2"))
	if err == nil || !strings.Contains(err.Error(), "clashing URLs") {
		t.Fatalf("WriteFile error = %v; want the clash", err)
	}
	// A caller that went on regardless must still not replace dest.
	err = d.Commit()
	if err == nil || !strings.Contains(err.Error(), "clashing URLs") {
		t.Fatalf("Commit error = %v; want the clash", err)
	}
	if after := hashTree(t, root); after != before {
		t.Errorf("a failed Commit changed the tree:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
