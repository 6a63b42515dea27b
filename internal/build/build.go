// Package build is the pipeline that turns a site folder into a website.
//
// Data flows one way:
//
//	content (load) -> markdown (render) -> checks -> layout (execute) -> feeds -> output (minify, write)
//
// Build collects every problem it finds, from all stages it can reach,
// before it stops. It writes through an output.Writer; the caller commits
// the written files only when Build reports no errors, so a failed build
// never damages a previous one.
//
// Given the same files and the same Options.Now, Build writes byte-identical
// output: pages render in parallel into per-page slots and every list is
// sorted before it is written.
package build

import (
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/layout"
	"github.com/clic-cumbria/clic/internal/markdown"
	"github.com/clic-cumbria/clic/internal/output"
)

// Options say what to build and how.
type Options struct {
	Source  fs.FS // the site folder: content/, and optionally layouts/ and static/
	Theme   fs.FS // the default theme: layouts/ and static/; may be nil
	BaseURL string
	Drafts  bool
	Future  bool
	Minify  bool
	Now     time.Time // the present, for drafts, scheduling and course lists; zero means time.Now()
	Preview bool      // clic serve: show banners on drafts and scheduled pages
	// Analyse keeps each page's prose and Markdown result in
	// Stats.Rendered, for clic check. Builds leave it off to stay fast.
	Analyse bool
}

// Stats count what a build wrote.
type Stats struct {
	Pages, Feeds, Files int
	Site                *content.Site
	// Rendered is each page's Markdown result, set only with Options.Analyse.
	Rendered map[*content.Page]*markdown.Result
}

// Writer is where a build's files go.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// copier is a Writer that can stream a file rather than hold it in memory.
type copier interface {
	CopyFile(name string, src fs.FS, srcName string) error
}

// Build runs the whole pipeline. The diagnostics include warnings even
// when the build succeeds; it failed if any is an error.
func Build(opts Options, w Writer) (Stats, diag.List) {
	return (&Builder{opts: opts}).build(w, nil, false)
}

func (bb *Builder) build(w Writer, changed []string, keep bool) (Stats, diag.List) {
	opts := bb.opts
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	opts.Now = opts.Now.In(content.London())
	if slices.Contains(changed, ".") {
		changed = nil // too many changes to list: look at everything
	}
	if bb.loader == nil || !keep {
		bb.loader = content.NewLoader(opts.Source)
		changed = nil
	}
	site, dl := bb.loader.Load(content.Options{
		Drafts: opts.Drafts, Future: opts.Future, Now: opts.Now, BaseURL: opts.BaseURL,
	}, changed)
	if site == nil {
		return Stats{}, dl
	}
	b := &builder{opts: opts, site: site, w: w, min: output.NewMinifier(opts.Minify), bb: bb, keep: keep}
	if keep && !opts.Analyse {
		b.reworded = bb.loader.Reworded()
	}
	if bb.seeded {
		b.written = map[string]bool{}
	}
	bb.site = site
	if bb.statics == nil || touches(changed, "static") {
		bb.statics, bb.staticDiags = b.staticFiles()
		bb.madeNames = madeNames(bb.statics)
		bb.staticGen++
	}
	b.statics = bb.statics
	dl.Add(bb.staticDiags...)
	b.known = knownPaths(site)
	b.clashed = b.checkClashes(&dl)
	// A full build copies static/ while it loads and renders: the files
	// depend on nothing else, and a core waiting on the disk can then
	// render. (A Builder's later builds copy almost nothing.)
	var staticDL diag.List
	staticDone := make(chan struct{})
	if keep {
		close(staticDone)
	} else {
		go func() {
			defer close(staticDone)
			b.copyFiles(&staticDL, b.staticItems(), changed, nil, nil)
		}()
	}
	if bb.layouts == nil && bb.layoutDiags == nil || touches(changed, "layouts") {
		bb.layouts, bb.layoutDiags = layout.Load(opts.Source, opts.Theme, bb.funcs())
		bb.layoutGen++
	}
	dl.Add(bb.layoutDiags...)
	b.renderMarkdown(&dl)
	b.checkPages(&dl)
	b.checkMenu(&dl)
	if bb.layouts != nil {
		b.layouts = bb.layouts
		b.versions()
		if b.quick {
			b.reuseViews()
		} else {
			b.views()
			b.courseViews()
			b.timelineViews(&dl)
		}
		b.forgetStale()
	}
	// The sitemap and search index need only the views, and in a rebuild
	// they are a long walk over every page while the pages are mostly
	// reused: so they are made beside the pages. A failed build's files
	// are thrown away, so making them before knowing costs nothing.
	var extrasDL diag.List
	extrasDone := make(chan struct{})
	if b.view != nil {
		go func() {
			defer close(extrasDone)
			b.writeExtras(&extrasDL)
		}()
	} else {
		close(extrasDone)
	}
	if b.layouts != nil {
		b.writePages(&dl)
	}
	if !dl.HasErrors() {
		b.writeFeeds(&dl)
		b.writeCalendars(&dl)
		if keep {
			b.copyStatic(&dl, changed)
		} else {
			b.copyFiles(&dl, b.assetItems(), changed, nil, nil)
		}
	}
	<-extrasDone
	<-staticDone
	dl.Add(extrasDL...)
	dl.Add(staticDL...)
	if keep && dl.HasErrors() {
		if bb.unsaved == nil {
			bb.unsaved = map[*content.Page]bool{}
		}
		for _, p := range b.fresh {
			bb.unsaved[p] = true
		}
	}
	if keep && !dl.HasErrors() {
		bb.unsaved = nil
		if b.cloned() {
			maps.Copy(bb.out, b.nextOut) // nextOut holds only what changed
			for _, name := range b.gone {
				delete(bb.out, name)
			}
			if m, ok := w.(*output.Memory); ok {
				m.Remove(b.gone...)
			}
		} else {
			bb.out, bb.spareOut = b.nextOut, bb.out
		}
		bb.staticOut, bb.global = b.staticOut, b.global
		b.keepViews()
		if m, ok := w.(*output.Memory); ok && bb.seeded {
			b.prune(m)
		}
	}
	dl = dedupe(dl)
	dl.Sort()
	dl.WithSource(b.sourceOf, diag.SourceLines)
	st := Stats{Pages: b.pages, Feeds: b.feeds, Files: int(b.files.Load()), Site: site}
	if opts.Analyse {
		st.Rendered = b.rendered
	}
	return st, dl
}

// builder carries one build's state between stages.
type builder struct {
	opts      Options
	site      *content.Site
	w         Writer
	min       *output.Minifier
	bb        *Builder // what earlier builds left; used only when keep is set
	keep      bool
	layouts   *layout.Set
	statics   map[string]staticFile // site path -> where it comes from
	clashed   map[string]bool       // output names claimed twice, reported and left unwritten (checkClashes)
	known     map[string]bool       // other site paths the build makes
	feedDirs  map[string]bool       // site paths of folders with feeds
	siteFeeds []FeedLink            // the site's own feeds, which every page names

	rendered map[*content.Page]*markdown.Result
	fresh    []*content.Page // pages whose Markdown was rendered in this build
	// reworded are the pages the Loader updated in place, if it returned
	// the last Site; idsMoved says their headings' ids changed.
	reworded []*content.Page
	idsMoved bool
	urls     uint64       // urlKey of this build
	sources  []feedSource // every feed, worked out once per build
	view     map[*content.Page]*PageView
	siteView *SiteView
	quick    bool                   // the last build's views are reused (see quick.go)
	freshSet map[*content.Page]bool // with quick, the pages rendered afresh
	jobList  []job                  // every HTML page to write
	taxFrom  int                    // where the tag and author pages start in jobList
	taxJobs  map[*content.Taxon][]job
	// With quick, when the tags or authors changed (see retag): the jobs
	// not taken from the last build, and the outputs the last build made
	// and this one does not. remade is nil otherwise.
	remade map[string]bool
	gone   []string
	// crumbsBySection holds the breadcrumbs shared by a section's pages.
	crumbsBySection map[*content.SectionList][]Link

	mu           sync.Mutex
	pages, feeds int
	files        atomic.Int64 // counted by every writer, so not under mu
	outMu        sync.Mutex   // guards nextOut and staticOut
	pageBufs     sync.Pool    // of *bytes.Buffer: pages as their layouts write them, before minifying

	// For a Builder's repeated builds: each page's version, the key of
	// what every output depends on, and the outputs to keep for next time.
	version map[*content.Page]uint64
	// prevVersion is the last build's version map, in a build that is
	// not quick.
	prevVersion map[*content.Page]uint64
	global      uint64
	nextOut     map[string]kept
	staticOut   map[string]kept // nextOut's files from static/
	written     map[string]bool // with BuildMemory, every file written afresh
}

// prune removes from a copy of the last build what this one no longer
// makes, such as the page of a deleted post. It comes once bb.out and
// bb.staticOut are this build's. The copy holds every file this build
// made, so when it holds no more than that, there is nothing to look for.
func (b *builder) prune(m *output.Memory) {
	out, static := b.bb.out, b.bb.staticOut
	kept := func(name string) bool {
		_, page := out[name]
		_, static := static[name]
		return page || static
	}
	made := len(out) + len(static)
	for name := range b.written {
		if !kept(name) {
			made++
		}
	}
	if m.Len() == made {
		return
	}
	m.Prune(func(name string) bool { return kept(name) || b.written[name] })
}

// write minifies and writes one output file that is made afresh on every build.
func (b *builder) write(name string, data []byte) error {
	data, err := b.min.MinifyOwned(name, data)
	if err != nil {
		return fmt.Errorf("minifying %s: %w", name, err)
	}
	if err := b.put(name, data); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	b.files.Add(1)
	return nil
}

// Parallel runs f(i) for i in [0,n) on every core, and returns when all
// have returned. Package check spreads its prose scoring with it too.
func Parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next int
	var mu sync.Mutex
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// funcs are the few template functions layouts may use. Keep them few:
// each is a promise to every theme.
func (bb *Builder) funcs() template.FuncMap {
	loc := content.London()
	return template.FuncMap{
		// date formats a time as "2 March 2020", the GOV.UK style; zero is "".
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2 January 2006")
		},
		// datetime adds the time of day: "2 March 2020, 9:30am".
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2 January 2006, 3:04pm")
		},
		// isodate is for <time datetime="...">.
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2006-01-02T15:04:05-07:00") // "+00:00", not "Z": London time in winter
		},
		// abs makes a site path absolute against the base URL.
		"abs": func(p string) string { return absURL(bb.site.Settings.BaseURL, p) },
		// dict builds a map from key, value pairs, to pass several values to a partial.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key, value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict keys must be text")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
}

// abs joins a site path to the base URL.
func (b *builder) abs(p string) string { return absURL(b.site.Settings.BaseURL, p) }

func absURL(base, p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "mailto:") {
		return p
	}
	return base + strings.TrimPrefix(p, "/")
}

// outputName is the file a page URL is written to.
func outputName(url string) string {
	if strings.HasPrefix(url, "/") && strings.HasSuffix(url, "/") && !strings.Contains(url, "//") && !strings.Contains(url, "/.") {
		return url[1:] + "index.html" // already clean, as every page URL is: no need for path.Join
	}
	return path.Join(strings.TrimPrefix(url, "/"), "index.html")
}

// dedupe drops repeats, which happen when one layout fails the same way
// for every page that uses it.
func dedupe(dl diag.List) diag.List {
	seen := make(map[diag.Key]bool, len(dl))
	out := dl[:0]
	for _, d := range dl {
		k := d.Key()
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	return out
}
