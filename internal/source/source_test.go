package source_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clic-cumbria/clic/internal/source"
)

func tree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"content/posts/a.md":  "---\ntitle: A\n---\nBody\n",
		"content/empty.md":    "",
		"static/big.txt":      strings.Repeat("0123456789", 10000),
		"layouts/base.html":   "<html></html>",
		"content/dir/nest.md": "x",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFS runs the standard library's checks of an fs.FS, which compare
// Open, ReadFile, ReadDir and Stat with one another.
func TestFS(t *testing.T) {
	dir := tree(t)
	if err := fstest.TestFS(source.Dir(dir), "content/posts/a.md", "content/empty.md", "static/big.txt", "layouts/base.html", "content/dir/nest.md"); err != nil {
		t.Fatal(err)
	}
}

// TestSameAsDirFS compares Dir with os.DirFS, file by file and error by error.
func TestSameAsDirFS(t *testing.T) {
	dir := tree(t)
	want, got := os.DirFS(dir), source.Dir(dir)
	for _, tc := range []struct {
		name   string
		errIs  error // nil: the read succeeds
		opened bool  // Open succeeds even though ReadFile does not
	}{
		{name: "content/posts/a.md"},
		{name: "content/empty.md"},
		{name: "static/big.txt"},
		{name: "missing.md", errIs: fs.ErrNotExist},
		{name: "content/missing/a.md", errIs: fs.ErrNotExist},
		{name: "../outside.md", errIs: fs.ErrInvalid},
		{name: "/etc/passwd", errIs: fs.ErrInvalid},
		{name: "content/./posts/a.md", errIs: fs.ErrInvalid},
		{name: "content", opened: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantData, wantErr := fs.ReadFile(want, tc.name)
			gotData, err := got.ReadFile(tc.name)
			if (err == nil) != (wantErr == nil) || !bytes.Equal(gotData, wantData) {
				t.Fatalf("ReadFile = %d bytes, %v; os.DirFS gives %d bytes, %v", len(gotData), err, len(wantData), wantErr)
			}
			if tc.errIs != nil && !errors.Is(err, tc.errIs) {
				t.Errorf("ReadFile error %v is not %v", err, tc.errIs)
			}
			var pe *fs.PathError
			if err != nil && (!errors.As(err, &pe) || pe.Path != tc.name) {
				t.Errorf("ReadFile error %#v does not name %q", err, tc.name)
			}
			f, err := got.Open(tc.name)
			if (err == nil) != (tc.errIs == nil || tc.opened) {
				t.Fatalf("Open error = %v", err)
			}
			if err != nil {
				if !errors.Is(err, tc.errIs) {
					t.Errorf("Open error %v is not %v", err, tc.errIs)
				}
				return
			}
			defer f.Close()
			if tc.opened {
				return
			}
			streamed, err := io.ReadAll(f)
			if err != nil || !bytes.Equal(streamed, wantData) {
				t.Errorf("reading the opened file = %d bytes, %v; want %d bytes", len(streamed), err, len(wantData))
			}
		})
	}
}

// TestEmptyDir refuses to read from the root of the disk when given no folder.
func TestEmptyDir(t *testing.T) {
	if _, err := source.Dir("").ReadFile("etc/passwd"); err == nil {
		t.Error(`Dir("") read /etc/passwd`)
	}
	if _, err := source.Dir("").Open("etc/passwd"); err == nil {
		t.Error(`Dir("") opened /etc/passwd`)
	}
}
