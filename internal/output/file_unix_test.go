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
