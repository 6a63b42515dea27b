package build_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"testing"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
)

// discard is a Writer that keeps nothing, so the benchmark measures the
// pipeline and not the disk.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkBuildCLIC builds the real CLIC site.
func BenchmarkBuildCLIC(b *testing.B) {
	benchBuild(b, "../..")
}

// BenchmarkBuildCorpus builds the corpus named by CLIC_CORPUS, made with
// go run ../shared/bench/gencorpus.go -n 1000 -out DIR.
func BenchmarkBuildCorpus(b *testing.B) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		b.Skip("set CLIC_CORPUS to a corpus folder made by gencorpus.go")
	}
	benchBuild(b, dir)
}

func benchBuild(b *testing.B, dir string) {
	site := os.DirFS(dir)
	for b.Loop() {
		if _, dl := build.Build(build.Options{Source: site, Theme: clic.Theme(), Minify: true, Now: now}, discard{}); dl.HasErrors() {
			b.Fatal(dl.Errors())
		}
	}
}

// BenchmarkRebuildCorpus measures a Builder's rebuild after one post of
// the CLIC_CORPUS corpus changes: a body edit, a title edit and a new tag,
// the three edits the preview's speed target names, each into a new
// Memory as in the preview. The corpus file is restored afterwards.
func BenchmarkRebuildCorpus(b *testing.B) {
	dir := os.Getenv("CLIC_CORPUS")
	if dir == "" {
		b.Skip("set CLIC_CORPUS to a corpus folder made by gencorpus.go")
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "content/posts/*.md"))
	if len(matches) == 0 {
		b.Skip("no posts")
	}
	file := matches[len(matches)/2]
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(file, orig, 0o644)
	bb := build.NewBuilder(build.Options{Source: os.DirFS(dir), Theme: clic.Theme(), Now: now, Preview: true})
	if _, dl := bb.Build(discard{}, nil); dl.HasErrors() {
		b.Fatal(dl.Errors())
	}
	title := regexp.MustCompile(`(?m)^title: .*$`)
	tags := regexp.MustCompile(`(?m)^tags: \[`)
	popular := "go" // the commonest tag in the corpus, if the post lacks it
	if regexp.MustCompile(`(?m)^tags: \[.*\bgo\b`).Match(orig) {
		popular = "rust"
	}
	// A new post, then its removal, by turns: the edits that change the
	// site's shape take the longer way.
	newPost := filepath.Join(dir, "content/posts/zz-clic-bench-new.md")
	defer os.Remove(newPost)
	i := 0
	for _, e := range []struct {
		name string
		edit func() []byte
		file string // when not the post edited
	}{
		{"body", func() []byte { return append(bytes.Clone(orig), fmt.Sprintf("\nEdit %d.\n", i)...) }, ""},
		{"title", func() []byte { return title.ReplaceAll(orig, []byte(fmt.Sprintf("title: Edited %d", i))) }, ""},
		{"tag", func() []byte { return tags.ReplaceAll(orig, []byte(fmt.Sprintf("tags: [new%d, ", i))) }, ""},
		// Joining and leaving, by turns, a tag on thousands of posts,
		// whose hundreds of pages then each show other posts.
		{"popular-tag", func() []byte {
			if i%2 == 0 {
				return orig
			}
			return tags.ReplaceAll(orig, []byte("tags: ["+popular+", "))
		}, ""},
		{"new-post", func() []byte {
			if i%2 == 0 {
				return nil
			}
			return orig
		}, newPost},
	} {
		b.Run(e.name, func(b *testing.B) {
			for b.Loop() {
				i++
				name := cmp.Or(e.file, file)
				if data := e.edit(); data == nil {
					err = os.Remove(name)
				} else {
					err = os.WriteFile(name, data, 0o644)
				}
				if err != nil {
					b.Fatal(err)
				}
				rel, _ := filepath.Rel(dir, name)
				// Labelled, so a profile can leave out the first build:
				// go tool pprof -tagfocus phase=rebuild
				pprof.Do(context.Background(), pprof.Labels("phase", "rebuild", "edit", e.name), func(context.Context) {
					// Into memory, as the preview server does.
					if _, _, dl := bb.BuildMemory([]string{filepath.ToSlash(rel)}); dl.HasErrors() {
						b.Fatal(dl.Errors())
					}
				})
			}
		})
	}
}
