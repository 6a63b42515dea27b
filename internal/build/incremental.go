package build

import (
	"fmt"
	"hash/maphash"
	"maps"
	"strings"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/layout"
	"github.com/clic-cumbria/clic/internal/markdown"
	"github.com/clic-cumbria/clic/internal/output"
)

// Builder builds one site again and again, as the preview server does,
// redoing only what a change affects. It keeps, between builds:
//
//   - the decoded content files, re-reading only the files named as changed;
//   - the parsed layouts and the list of static files, until a file under
//     layouts/ or static/ changes;
//   - each page's rendered Markdown, until the page changes, or until what
//     rendering it depended on changes (the glossary, for pages that link
//     terms; where pages are published, for pages that link .md files);
//   - every output file, with a key that sums up everything it was made
//     from. An output whose key is unchanged is handed over as it was.
//
// A key is made from the site-wide settings and layouts, and from a
// version number for every page the output shows: its own page, its
// neighbours, the pages it lists. A page gets a new version whenever its
// file or its rendered Markdown is new. So a title change re-renders the
// page, its neighbours, the list pages and tag pages that show it, and
// the feeds that carry it, and nothing else.
//
// A Builder is not safe for concurrent use; the preview server calls it
// from one goroutine.
type Builder struct {
	opts   Options
	loader *content.Loader
	site   *content.Site // the latest, for template functions

	layouts     *layout.Set
	layoutDiags diag.List
	layoutGen   int
	statics     map[string]staticFile
	staticDiags diag.List
	staticGen   int
	madeNames   []string // statics named as the build names its own files (see checkClashes)

	md       *markdown.Renderer
	mdUnsafe bool
	rendered map[*content.Page]rendered
	glossKey uint64
	urlKey   uint64

	ids    map[any]uint64 // version numbers of pages and Markdown results
	nextID uint64

	rows   map[string]map[*content.Page]keptRow // each page's row in the sitemap and search index
	rowGen uint64                               // the last keptRow.gen given

	// Each page's problems from the last check, the pages that had any,
	// and what the checks depended on: linkEnv sums up all that links
	// can point at but tag and author pages, which taxaKey sums up and
	// only the pages in taxLinkers link.
	findings   map[*content.Page]diag.List
	faulty     map[*content.Page]bool
	linkEnv    uint64
	taxaKey    uint64
	taxLinkers map[*content.Page]bool

	// The last build's Markdown results, for a build that renders only
	// reworded pages (see renderReworded), and the Site they are of.
	results    map[*content.Page]*markdown.Result
	resultsFor *content.Site
	// unsaved are the pages rendered afresh by builds that failed since
	// the last good one, whose outputs are still that build's.
	unsaved map[*content.Page]bool

	global    uint64 // key of everything every output depends on
	cachedFor uint64 // the global key of the last build to use the layouts' cache
	out       map[string]kept
	seed      maphash.Seed

	// For BuildMemory: the last good build, and whether the build under
	// way writes into a copy of it, holding every file of bb.out.
	mem    *output.Memory
	seeded bool

	// staticOut is out for files under static/, kept apart so that a
	// rebuild into a copy of the last build can keep them all at once.
	staticOut map[string]kept

	// What the last build made and no longer needs, for the next to reuse.
	viewMap    map[*content.Page]*PageView
	versionMap map[*content.Page]uint64
	spareVers  map[*content.Page]uint64 // versionMap of the build before, to reuse
	spareIDs   map[any]uint64
	spareOut   map[string]kept // out of two builds ago
	last       *lastViews      // the last good build's views and pages to write
}

// pageRev names a page as it is now: a Loader may update a page in place.
type pageRev struct {
	p   *content.Page
	rev uint64
}

// rendered is a page's Markdown result and what it depended on.
type rendered struct {
	rev      uint64 // the page's Rev when rendered
	res      *markdown.Result
	glossary bool   // linked glossary terms
	links    bool   // linked other .md files, so depends on where pages are published
	ids      uint64 // sums up the ids on the page, which links elsewhere may name
}

// kept is an output file from an earlier build.
type kept struct {
	key  uint64
	data []byte
	lazy func() []byte // makes data, if it was left to be made when read
}

func (k kept) bytes() []byte {
	if k.lazy != nil {
		return k.lazy()
	}
	return k.data
}

// keptRow is one page's row in a file that lists every page.
type keptRow struct {
	version uint64
	data    []byte
	gen     uint64 // changes when data does
}

// NewBuilder returns a Builder for repeated builds of one site.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts, seed: maphash.MakeSeed()}
}

// Build builds the site into w. changed lists the slash paths, relative
// to the site folder, that changed since the last call; nil means
// anything may have changed. Files unchanged since the last successful
// build are written to w too, so w always receives the whole site. If w
// has an Adopt method, unchanged files are handed over without copying.
func (bb *Builder) Build(w Writer, changed []string) (Stats, diag.List) {
	bb.mem = nil // no longer the last build: BuildMemory must not start from it
	return bb.build(w, changed, true)
}

// BuildMemory builds the site into a new Memory, for the preview. The
// Memory starts as a copy of the last good build's, so the many files a
// change leaves alone are not handed over one by one; files the site no
// longer makes are removed. Memories returned earlier are not changed.
func (bb *Builder) BuildMemory(changed []string) (*output.Memory, Stats, diag.List) {
	var mem *output.Memory
	if bb.mem != nil {
		mem = bb.mem.Clone()
	} else {
		mem = output.NewMemory()
	}
	bb.seeded = bb.mem != nil
	st, dl := bb.build(mem, changed, true)
	bb.seeded = false
	if !dl.HasErrors() {
		bb.mem = mem
	}
	return mem, st, dl
}

// touches reports whether any changed path is dir or inside it. nil
// changes touch everything.
func touches(changed []string, dir string) bool {
	if changed == nil {
		return true
	}
	for _, c := range changed {
		if c == dir || strings.HasPrefix(c, dir+"/") {
			return true
		}
	}
	return false
}

// adopter is a Writer that can take bytes it must never change.
type adopter interface {
	Adopt(name string, data []byte) error
}

// id returns the version number of a page or result, giving a new one to
// anything not seen before. Earlier builds' entries are dropped by
// versions, so the map holds only what is current.
func (bb *Builder) id(x any) uint64 {
	if bb.ids == nil {
		bb.ids = map[any]uint64{}
	}
	if n, ok := bb.ids[x]; ok {
		return n
	}
	bb.nextID++
	bb.ids[x] = bb.nextID
	return bb.nextID
}

// versions works out every page's version and the site-wide key, before
// any output is made.
func (b *builder) versions() {
	if !b.keep {
		return
	}
	bb := b.bb
	b.global = b.globalKey()
	if b.global != bb.global {
		// Settings or layouts changed: nothing can be reused.
		bb.out, bb.staticOut, bb.rows = nil, nil, nil
	}
	b.quick = b.reusable()
	if b.quick && bb.seeded {
		// Every output the last build made is made again, and few
		// change: nextOut holds those, to go over bb.out if the build
		// succeeds (see cloned).
		b.nextOut = map[string]kept{}
	} else {
		if b.nextOut = bb.spareOut; b.nextOut == nil {
			b.nextOut = make(map[string]kept, len(bb.out))
		}
		clear(b.nextOut)
	}
	if b.quick {
		// Only the pages rendered afresh can have new versions. Those
		// of builds that failed since the last good one count too: the
		// outputs showing them are still that build's.
		b.freshSet = maps.Clone(bb.unsaved)
		if b.freshSet == nil {
			b.freshSet = make(map[*content.Page]bool, len(b.fresh))
		}
		for _, p := range b.fresh {
			b.freshSet[p] = true
		}
		b.version = bb.versionMap
		for _, p := range b.fresh {
			b.version[p] = b.pageVersion(p, bb.ids)
		}
		return
	}
	// Both maps are reused from two builds ago and the last build: new
	// memory is slow to touch for the first time.
	ids := bb.spareIDs
	if ids == nil {
		ids = make(map[any]uint64, 2*len(b.site.Pages))
	}
	clear(ids)
	b.prevVersion = bb.versionMap
	if b.version = bb.spareVers; b.version == nil {
		b.version = make(map[*content.Page]uint64, len(b.site.Pages))
	}
	clear(b.version)
	bb.versionMap, bb.spareVers = b.version, b.prevVersion
	for _, p := range b.site.Pages {
		b.version[p] = b.pageVersion(p, ids)
	}
	bb.ids, bb.spareIDs = ids, bb.ids
}

// pageVersion works out p's version, noting the ids it used in ids.
func (b *builder) pageVersion(p *content.Page, ids map[any]uint64) uint64 {
	if p.File == "" {
		// A list page made up for a folder with no _index.md is new on
		// every load; all there is to it is its address and title.
		return b.hashOf(p.URL + "\x00" + p.Title)
	}
	bb := b.bb
	v := bb.id(pageRev{p, p.Rev})
	ids[pageRev{p, p.Rev}] = v
	if r := b.rendered[p]; r != nil {
		rv := bb.id(r)
		ids[r] = rv
		v = v*0x9E3779B97F4A7C15 ^ rv
	}
	if p.Future {
		// A scheduled page's date passing changes how it is shown (no
		// longer "Scheduled") though its file is the same.
		v = ^v
	}
	return v
}

// globalKey sums up what every output depends on.
func (b *builder) globalKey() uint64 {
	bb, s := b.bb, b.site.Settings
	return b.hashOf(fmt.Sprintf("%+v|%d|%d|%v|%v|%v|%s",
		s, bb.layoutGen, bb.staticGen, b.opts.Preview, b.opts.Drafts, b.opts.Future, b.opts.Now.Format("2006-01-02")))
}

func (b *builder) hashOf(s string) uint64 { return maphash.String(b.bb.seed, s) }

// cloned reports whether the writer began as a copy of the last build,
// and this build makes every output the last one made, so that nextOut
// holds only the outputs that changed.
func (b *builder) cloned() bool { return b.quick && b.bb.seeded }

// reuse writes the earlier build's output for name if its key is
// unchanged, and reports whether it did.
func (b *builder) reuse(name string, key uint64) bool {
	if b.cloned() {
		// The writer began as a copy of the last build, and out stays
		// this build's but for what changes: an unchanged output is in
		// both already.
		if old, ok := b.bb.out[name]; !ok || old.key != key {
			return false
		}
		b.files.Add(1)
		return true
	}
	return b.reuseIn(b.bb.out, b.nextOut, name, key)
}

// reuseIn is reuse for the outputs in prev, kept for next time in next.
func (b *builder) reuseIn(prev, next map[string]kept, name string, key uint64) bool {
	if !b.keep {
		return false
	}
	old, ok := prev[name]
	if !ok || old.key != key {
		return false
	}
	b.keepIn(next, name, old)
	if !b.bb.seeded && b.put(name, old.bytes()) != nil {
		return false
	}
	b.files.Add(1)
	return true
}

// put hands data, which nothing will change again, to the writer: a
// writer that can keep it without copying does.
func (b *builder) put(name string, data []byte) error {
	if b.clashed[name] {
		return nil // reported already, and the build will fail
	}
	b.noteWritten(name)
	if a, ok := b.w.(adopter); ok {
		return a.Adopt(name, data)
	}
	return b.w.WriteFile(name, data)
}

// noteWritten records, in a build into a copy of the last, that name
// was written afresh; prune must keep it.
func (b *builder) noteWritten(name string) {
	if b.bb.seeded {
		b.mu.Lock()
		b.written[name] = true
		b.mu.Unlock()
	}
}

// keepIn remembers an output for the next build in next.
func (b *builder) keepIn(next map[string]kept, name string, k kept) {
	if !b.keep {
		return
	}
	b.outMu.Lock()
	next[name] = k
	b.outMu.Unlock()
}

// bytesKind says what writeMade may do with the bytes it is given.
type bytesKind int

const (
	owned    bytesKind = iota // the build's to keep, and to minify
	borrowed                  // a reused buffer: minifying copies it
	minified                  // the build's to keep, and as small as the minifier would make them
)

// writeKeyed minifies and writes an output unless the last build made it
// from the same inputs, in which case that build's bytes are reused.
func (b *builder) writeKeyed(name string, key uint64, kind bytesKind, make func() ([]byte, error)) error {
	if b.reuse(name, key) {
		return nil
	}
	data, err := make()
	if err != nil {
		return err
	}
	return b.writeMade(name, key, data, kind, b.nextOut)
}

// writeMade minifies and writes a freshly made output, keeping it for the
// next build under key.
func (b *builder) writeMade(name string, key uint64, data []byte, kind bytesKind, next map[string]kept) error {
	var err error
	switch kind {
	case owned:
		data, err = b.min.MinifyOwned(name, data)
	case borrowed:
		data, err = b.min.Minify(name, data)
	}
	if err != nil {
		return fmt.Errorf("minifying %s: %w", name, err)
	}
	if err := b.put(name, data); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	b.keepIn(next, name, kept{key: key, data: data})
	b.files.Add(1)
	return nil
}
