package content

import (
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/clic-cumbria/clic/internal/diag"
)

// The common edit in the preview changes a post's or a log's words, or
// its tags, and leaves its place in the site alone: the same address,
// date and draft state. For such edits the Loader updates the page in
// place and returns the last Site, rather than working out URLs,
// sections and taxonomies for every page again. Page.Rev tells the
// change apart, since the *Page stays the same. A change of tags or
// authors gives the Site new Tags or Authors, in which only the lists
// the page joined or left are new *Taxon values.

// lastLoad is what the quick path needs from the last full load.
type lastLoad struct {
	site  *Site
	opts  Options // as given, Now included
	clean bool    // the last assemble reported nothing
	// The quick path must not walk every file: it is for sites of
	// thousands of pages, where each walk costs milliseconds.
	due    time.Time     // the earliest page date after opts.Now
	noisy  []string      // the files with diagnostics of their own, sorted
	course []*Page       // the course pages, which a quick load checks again
	dated  map[int64]int // how many dated pages have each date (as UnixNano)
	edited []*Page       // the pages the last Load updated in place
}

// newLastLoad sums up a full load for the quick path.
func (l *Loader) newLastLoad(site *Site, opts Options, names []string, clean bool) *lastLoad {
	last := &lastLoad{site: site, opts: opts, clean: clean, dated: map[int64]int{}}
	for _, name := range names {
		f := l.files[name]
		if len(f.diags) > 0 {
			last.noisy = append(last.noisy, name)
		}
		if p := f.page; p != nil && p.Date.After(opts.Now) && (last.due.IsZero() || p.Date.Before(last.due)) {
			last.due = p.Date
		}
	}
	for _, p := range site.Pages {
		if p.Course != nil {
			last.course = append(last.course, p)
		}
		if p.Kind.Dated() {
			last.dated[p.Date.UnixNano()]++
		}
	}
	return last
}

// Reworded returns the pages that the last Load updated in place, having
// returned the same Site as the Load before it; nil when the last Load
// made a new Site. Callers may then redo only what shows these pages.
func (l *Loader) Reworded() []*Page {
	if l.last == nil {
		return nil
	}
	return l.last.edited
}

// quickLoad applies changed in place when every change is a reworded
// post or log, and reports whether it did; when it did not, nothing has
// been changed.
func (l *Loader) quickLoad(opts Options, changed []string) (*Site, diag.List, bool) {
	last := l.last
	if last == nil || !last.clean || len(changed) == 0 || opts.Drafts != last.opts.Drafts ||
		opts.Future != last.opts.Future || opts.BaseURL != last.opts.BaseURL {
		return nil, nil, false
	}
	olds := make([]*Page, len(changed))
	for i, c := range changed {
		f := l.files[c]
		if f == nil || f.page == nil || f.settings != nil || !f.page.Kind.Dated() {
			return nil, nil, false
		}
		olds[i] = f.page
	}
	// A page that was scheduled may now be due. (Edits keep dates, so
	// the earliest scheduled date stays the same.)
	if crossed(last.due, last.opts.Now, opts.Now) || opts.Now.Before(last.opts.Now) {
		return nil, nil, false
	}
	fresh := l.decode(changed)
	for i, f := range fresh {
		if f.page == nil || !samePlace(olds[i], f.page, last) {
			return nil, nil, false
		}
	}
	// Tags and authors may change: their lists are redone in place,
	// each keeping every page the edit leaves alone.
	site := last.site
	tags, authors := site.Tags, site.Authors
	taken := func(url string) bool { return site.byURL[url] != nil }
	now := func(p *Page) *Page {
		if j := slices.Index(olds, p); j >= 0 {
			return fresh[j].page
		}
		return p
	}
	var ok bool
	for _, old := range olds {
		if site.Page(old.File) != old {
			continue // not published, so in no list
		}
		tags, ok = retax(tags, "tags", old, old.Tags, func(p *Page) []string { return now(p).Tags }, taken)
		if !ok {
			return nil, nil, false
		}
		authors, ok = retax(authors, "authors", old, old.Authors, func(p *Page) []string { return now(p).Authors }, taken)
		if !ok {
			return nil, nil, false
		}
	}
	for i, f := range fresh {
		old := olds[i]
		derived := *old
		*old = *f.page
		old.Slug, old.URL, old.Resources, old.Includes, old.Future = derived.Slug, derived.URL, derived.Resources, derived.Includes, derived.Future
		l.rev++
		old.Rev = l.rev
		f.page = old
		l.files[changed[i]] = f
	}
	noisy := slices.Clone(last.noisy)
	for _, name := range changed {
		if !slices.Contains(noisy, name) {
			noisy = append(noisy, name)
		}
	}
	noisy = slices.DeleteFunc(noisy, func(name string) bool { return len(l.files[name].diags) == 0 })
	slices.Sort(noisy)
	var dl diag.List
	for _, name := range noisy {
		dl.Add(l.files[name].diags...)
	}
	var cdl diag.List
	checkCourses(last.course, opts.Now, &cdl)
	if len(cdl) > 0 {
		// The slow path reports these; it will find the same pages,
		// now updated, so it need read nothing again.
		return nil, nil, false
	}
	site.Tags, site.Authors = tags, authors
	last.opts, last.noisy, last.edited = opts, noisy, olds
	return site, dl, true
}

// crossed reports whether date lies after then and no later than now:
// a page dated so was in the future at the last load and is not now.
func crossed(date, then, now time.Time) bool {
	return !date.IsZero() && date.After(then) && !date.After(now)
}

// samePlace reports whether the new decoding of a page leaves everything
// that places it in the site as the old one had it. Its words, title,
// summary, image and update date may differ: they are shown, not used to
// place it. So may its tags and authors, which retax deals with. A
// title orders dated pages only among those of the same moment, so pages
// sharing old's date keep their title.
func samePlace(old, new *Page, last *lastLoad) bool {
	if _, url := pageURL(new); url != old.URL {
		return false
	}
	if old.Title != new.Title {
		others := last.dated[old.Date.UnixNano()]
		if last.site.Page(old.File) == old {
			others-- // old itself, which is dated
		}
		if others > 0 {
			return false
		}
	}
	a, b := *old, *new
	for _, p := range []*Page{&a, &b} {
		p.Body, p.BodyLine, p.Title, p.Summary, p.Image, p.ImageAlt, p.Updated, p.keys = nil, 0, "", "", "", "", time.Time{}, nil
		p.Slug, p.URL, p.Resources, p.Includes, p.Future, p.Rev = "", "", nil, nil, false, 0
		p.Tags, p.Authors = nil, nil // see retax
	}
	return reflect.DeepEqual(a, b)
}

// retax returns taxa with page p's names, once was, changed to what
// names now gives for it, as taxonomy would make them; names gives the
// new names of every page the load updates. Lists the change leaves
// alone keep their *Taxon, and taxa itself is returned if none changes.
// It reports false when the change is not for the quick path: when a
// list that stays would be retitled, which every page showing it would
// show, or when a new list's address is a page's.
func retax(taxa []*Taxon, plural string, p *Page, was []string, names func(*Page) []string, taken func(url string) bool) ([]*Taxon, bool) {
	now := names(p)
	if slices.Equal(was, now) {
		return taxa, true
	}
	after := slugs(now)
	out := slices.Clone(taxa) // the last Site's slice stays as it was
	changed := false
	for _, slug := range slices.Compact(slices.Sorted(slices.Values(append(slugs(was), after...)))) {
		i, found := slices.BinarySearchFunc(out, slug, func(t *Taxon, s string) int { return strings.Compare(t.Slug, s) })
		var pages []*Page
		if found {
			pages = out[i].Pages
		}
		j, there := slices.BinarySearchFunc(pages, p, comparePages)
		in := slices.Contains(after, slug)
		switch {
		case in && !there:
			pages = slices.Insert(slices.Clip(pages), j, p)
		case !in && there:
			pages = slices.Delete(slices.Clone(pages), j, j+1)
		}
		if len(pages) == 0 {
			if found {
				out, changed = slices.Delete(out, i, i+1), true
			}
			continue
		}
		name := taxonName(pages, slug, names)
		switch {
		case !found:
			t := &Taxon{Name: name, Slug: slug, URL: "/" + plural + "/" + slug + "/", Pages: pages}
			if taken(t.URL) {
				return nil, false
			}
			out, changed = slices.Insert(out, i, t), true
		case name != out[i].Name:
			return nil, false
		case in != there:
			out[i], changed = &Taxon{Name: name, Slug: slug, URL: out[i].URL, Pages: pages}, true
		}
	}
	if !changed {
		return taxa, true
	}
	return out, true
}

// slugs lists the slugs of names, leaving out names that have none.
func slugs(names []string) []string {
	var out []string
	for _, n := range names {
		if s := Slugify(n); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// taxonName is the name taxonomy gives a list: as first written in the
// first file, in file order, of the pages in it.
func taxonName(pages []*Page, slug string, names func(*Page) []string) string {
	first := pages[0]
	for _, q := range pages[1:] {
		if q.File < first.File {
			first = q
		}
	}
	for _, n := range names(first) {
		if Slugify(n) == slug {
			return n
		}
	}
	return ""
}
