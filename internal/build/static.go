package build

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
)

// staticFile is a file published as it is (or minified).
type staticFile struct {
	fsys fs.FS
	name string // path within fsys
}

// staticFiles lists theme static files, overridden by the site's own, by
// their published path.
func (b *builder) staticFiles() (map[string]staticFile, diag.List) {
	var dl diag.List
	out := map[string]staticFile{}
	for _, fsys := range []fs.FS{b.opts.Theme, b.opts.Source} {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == "static" {
					return fs.SkipDir
				}
				return err
			}
			if p != "static" && content.Ignored(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				out[strings.TrimPrefix(p, "static/")] = staticFile{fsys, p}
			}
			return nil
		})
		if err != nil {
			dl.Errorf(diag.Pos{File: "static"}, "cannot read static files: %v", err)
		}
	}
	return out, dl
}

// minifiable names the static types worth minifying; everything else,
// such as images, is copied byte for byte.
var minifiable = []string{".css", ".js", ".svg", ".json", ".xml", ".html"}

// copyStatic publishes static files and content assets. A Builder's
// later builds copy only files under a changed path.
func (b *builder) copyStatic(dl *diag.List, changed []string) {
	if b.bb.seeded && b.bb.staticOut != nil && !touches(changed, "static") {
		// The copy of the last build holds these files already, and
		// nothing they come from has changed.
		b.staticOut = b.bb.staticOut
		b.files.Add(int64(len(b.staticOut)))
	} else {
		b.staticOut = make(map[string]kept, len(b.bb.staticOut))
		b.copyFiles(dl, b.staticItems(), changed, b.bb.staticOut, b.staticOut)
	}
	b.copyFiles(dl, b.assetItems(), changed, b.bb.out, b.nextOut)
}

// staticItem is one file to publish as it is.
type staticItem struct {
	out string
	src staticFile
}

// staticItems are the files under static/.
func (b *builder) staticItems() []staticItem {
	items := make([]staticItem, 0, len(b.statics))
	for name, src := range b.statics {
		items = append(items, staticItem{name, src})
	}
	return items
}

// assetItems are the files in content/ that are not Markdown.
func (b *builder) assetItems() []staticItem {
	items := make([]staticItem, 0, len(b.site.Assets))
	for _, a := range b.site.Assets {
		items = append(items, staticItem{strings.TrimPrefix(a, "content/"), staticFile{b.opts.Source, a}})
	}
	return items
}

// copyFiles publishes items, reusing outputs from prev and keeping them
// for the next build in next.
func (b *builder) copyFiles(dl *diag.List, items []staticItem, changed []string, prev, next map[string]kept) {
	// Unsorted: the order of writes does not matter, and the build sorts
	// its diagnostics before it reports them.
	lists := make([]diag.List, len(items))
	Parallel(len(items), func(i int) {
		it := items[i]
		if b.clashed[it.out] {
			return // reported already, and the build will fail
		}
		var key uint64
		if b.keep {
			key = b.keyer0().str(it.src.name).h.Sum64()
		}
		if !touches(changed, it.src.name) && b.reuseIn(prev, next, it.out, key) {
			return
		}
		// A file gone since the folder was read, such as an editor's
		// temporary file, is published as gone: the change that
		// removed it prompts the next build in a preview.
		if err := b.copy(it.out, it.src, key, next); err != nil && !errors.Is(err, fs.ErrNotExist) {
			lists[i].Errorf(diag.Pos{File: it.src.name}, "copying: %v", err)
		}
	})
	for _, l := range lists {
		dl.Add(l...)
	}
}

func (b *builder) copy(out string, src staticFile, key uint64, next map[string]kept) error {
	if c, ok := b.w.(copier); ok && !slices.Contains(minifiable, path.Ext(out)) {
		b.files.Add(1)
		return c.CopyFile(out, src.fsys, src.name)
	}
	data, err := fs.ReadFile(src.fsys, src.name)
	if err != nil {
		return err
	}
	return b.writeMade(out, key, data, owned, next)
}
