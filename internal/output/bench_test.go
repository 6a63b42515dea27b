package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDiskBuild writes one build of 2,000 pages of 12 KB, in 1,000
// folders, and copies 1,000 small images: into a new folder each time,
// or into the same folder again and again, which writes over the build
// before last (recycle.go), with every page as it was or every page
// changed.
func BenchmarkDiskBuild(b *testing.B) {
	page := bytes.Repeat([]byte("<p>A page of some length.</p>\n"), 400)
	for _, mode := range []string{"new folder", "same folder, same pages", "same folder, new pages"} {
		b.Run(mode, func(b *testing.B) {
			root := b.TempDir()
			g := Guard{Source: root}
			images := filepath.Join(root, "images")
			for i := range 1000 {
				mustWrite(b, filepath.Join(images, fmt.Sprintf("i%04d.png", i)), fmt.Sprintf("PNG %0256d", i))
			}
			src := os.DirFS(images)
			n := 0
			build := func() {
				dest := filepath.Join(root, "public")
				if mode == "new folder" {
					dest = filepath.Join(root, fmt.Sprintf("public%d", n))
				}
				n++
				d, err := Begin(dest, g)
				if err != nil {
					b.Fatal(err)
				}
				if mode == "same folder, new pages" {
					page[0] = byte('a' + n%26)
				}
				for i := range 1000 {
					for _, name := range []string{"posts/p%04d/index.html", "tags/t%04d/index.html"} {
						if err := d.WriteFile(fmt.Sprintf(name, i), page); err != nil {
							b.Fatal(err)
						}
					}
					img := fmt.Sprintf("i%04d.png", i)
					if err := d.CopyFile("images/"+img, src, img); err != nil {
						b.Fatal(err)
					}
				}
				if err := d.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			build() // two builds to write over, not timed
			build()
			for b.Loop() {
				build()
			}
		})
	}
}
