//go:build unix

package output

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestModesUnderUmask writes and copies files under umasks that would
// change their modes, and from a folder on disk, as a real build does.
// Files must come out 0644 and folders 0755 whatever the umask.
func TestModesUnderUmask(t *testing.T) {
	for _, mask := range []int{0o022, 0o077, 0o000} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			root, g := newSite(t)
			srcDir := filepath.Join(root, "static")
			big := strings.Repeat("image bytes ", 50_000)
			mustWrite(t, filepath.Join(srcDir, "img", "photo.jpg"), big)
			old := syscall.Umask(mask)
			defer syscall.Umask(old)

			dest := filepath.Join(root, "public")
			d, err := Begin(dest, g)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.WriteFile("posts/a/index.html", []byte("<p>a</p>")); err != nil {
				t.Fatal(err)
			}
			if err := d.CopyFile("img/photo.jpg", os.DirFS(srcDir), "img/photo.jpg"); err != nil {
				t.Fatal(err)
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]fs.FileMode{
				"posts":              fs.ModeDir | 0o755,
				"posts/a":            fs.ModeDir | 0o755,
				"posts/a/index.html": 0o644,
				"img":                fs.ModeDir | 0o755,
				"img/photo.jpg":      0o644,
				MarkerFile:           0o644,
			} {
				info, err := os.Stat(filepath.Join(dest, filepath.FromSlash(name)))
				if err != nil {
					t.Fatal(err)
				}
				if got := info.Mode() & (fs.ModeDir | fs.ModePerm); got != want {
					t.Errorf("%s has mode %v, want %v", name, got, want)
				}
			}
			if b, err := os.ReadFile(filepath.Join(dest, "img", "photo.jpg")); err != nil || string(b) != big {
				t.Errorf("copied file differs (%d bytes, err %v)", len(b), err)
			}
			if b, err := os.ReadFile(filepath.Join(dest, "posts", "a", "index.html")); err != nil || string(b) != "<p>a</p>" {
				t.Errorf("written file = %q, %v", b, err)
			}
		})
	}
}

// TestRewriteLeavesSameBytesAlone writes over files of a recycled build:
// a file that holds the bytes already must not be written, so it keeps
// its date; any other must end up holding exactly the new bytes.
func TestRewriteLeavesSameBytesAlone(t *testing.T) {
	big := strings.Repeat("a page of some length ", 4000)
	tests := []struct {
		name, old, new string
		written        bool
	}{
		{"same bytes", "<p>same</p>", "<p>same</p>", false},
		{"same big page", big, big, false},
		{"both empty", "", "", false},
		{"same length, other bytes", "<p>abc</p>", "<p>xyz</p>", true},
		{"shorter", "<p>longer before</p>", "<p>short</p>", true},
		{"longer", "<p>short</p>", "<p>longer now</p>", true},
		{"one more byte", big, big + "!", true},
		{"one less byte", big + "!", big, true},
		{"was empty", "", "<p>new</p>", true},
	}
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "index.html")
			mustWrite(t, p, tt.old)
			if err := os.Chtimes(p, past, past); err != nil {
				t.Fatal(err)
			}
			if err := writeData(p, []byte(tt.new), how{reuse: true}); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(p)
			if err != nil || string(b) != tt.new {
				t.Errorf("file holds %d bytes (%v); want the %d new ones", len(b), err, len(tt.new))
			}
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if written := !info.ModTime().Equal(past); written != tt.written {
				t.Errorf("written = %v (modified %v); want %v", written, info.ModTime(), tt.written)
			}
		})
	}
}
