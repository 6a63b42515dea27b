package build

import (
	"slices"
	"time"

	"github.com/clic-cumbria/clic/internal/content"
)

// A reworded post or log leaves the site's shape alone: the Loader then
// returns the very Site it returned last time, with the page updated in
// place (see content.Loader). Its views and its list of pages to write
// would come out the same but for the reworded pages' content, so a
// Builder keeps them from its last good build and refreshes only those
// pages' views, rather than making 15,000 views and jobs again.

// lastViews is what a build made of the Site's shape, for the next build
// to reuse.
type lastViews struct {
	site     *content.Site
	now      time.Time
	siteView *SiteView
	sources  []feedSource
	feedDirs map[string]bool
	jobs     []job
	taxFrom  int
	taxJobs  map[*content.Taxon][]job
	tags     []*content.Taxon
	authors  []*content.Taxon
}

// reusable reports whether the last build's views fit this build: the
// same Site, the same site-wide key, and no course session or timeline
// milestone passed since, which would move a course from "upcoming" to
// "past" or a milestone to "done".
func (b *builder) reusable() bool {
	bb := b.bb
	last := bb.last
	// bb.global is the last good build's, as last is.
	if last == nil || last.site != b.site || bb.global != b.global {
		return false
	}
	now := b.opts.Now
	passed := func(t time.Time) bool { return !t.IsZero() && t.After(last.now) && !t.After(now) }
	for _, p := range b.courses() {
		for _, s := range p.Course.Sessions {
			if passed(s.Start) || passed(s.End) {
				return false
			}
		}
	}
	if p := b.site.Page(timelineFile); p != nil {
		for _, m := range p.Timeline {
			if passed(m.Date) {
				return false
			}
		}
	}
	return true
}

// reuseViews takes the last build's views, with fresh content for the
// pages rendered again.
func (b *builder) reuseViews() {
	last := b.bb.last
	// The views are in bb.viewMap, which views fills and nothing else clears.
	b.view, b.siteView, b.sources, b.feedDirs, b.jobList = b.bb.viewMap, last.siteView, last.sources, last.feedDirs, last.jobs
	for _, p := range b.fresh {
		if v := b.view[p]; v != nil {
			b.fillRendered(v)
		}
	}
	b.taxFrom, b.taxJobs = last.taxFrom, last.taxJobs
	if !slices.Equal(last.tags, b.site.Tags) || !slices.Equal(last.authors, b.site.Authors) {
		b.retag()
	}
	for _, j := range b.jobList {
		j.view.Built = b.opts.Now
	}
}

// retag brings the reused views up to date with the Site's new Tags or
// Authors, which the Loader gives when a reworded page also changed its
// tags or authors (see content.Loader). Only the lists the page joined or
// left are new *Taxon values; the others keep their pages, and so their
// jobs. What lists every tag is made again: the page listing them all,
// the feeds, and so the subscribe page's list of feeds.
func (b *builder) retag() {
	last, s := b.bb.last, b.site
	for _, p := range b.reworded {
		if v := b.view[p]; v != nil {
			v.TagLinks, v.AuthorLinks = taxonLinks(s.Tags, p.Tags), taxonLinks(s.Authors, p.Authors)
		}
	}
	b.sources = b.feedSources()
	b.feedDirs = map[string]bool{}
	for _, f := range b.sources {
		b.feedDirs[f.dir] = true
	}
	// Every job shares this SiteView, and the last build's pages are
	// written, so it can change in place.
	b.siteView.Feeds = b.feedGroups()
	b.remade = map[string]bool{}
	b.jobList = b.taxonJobs(slices.Clip(last.jobs[:last.taxFrom]), last.taxJobs)
	made := make(map[string]bool, len(b.jobList)-b.taxFrom)
	for _, j := range b.jobList[b.taxFrom:] {
		made[j.name] = true
	}
	for _, j := range last.jobs[last.taxFrom:] {
		if !made[j.name] {
			b.gone = append(b.gone, j.name)
		}
	}
	for _, t := range last.tags {
		if !b.feedDirs[t.URL] {
			for _, f := range []string{rssFile, atomFile, jsonFile} {
				b.gone = append(b.gone, t.URL[1:]+f)
			}
		}
	}
}

// noteRemade notes, in a retag, jobs made afresh rather than taken from
// the last build's list: untouched must not skip them.
func (b *builder) noteRemade(jobs []job) {
	if b.remade == nil {
		return
	}
	for _, j := range jobs {
		b.remade[j.name] = true
	}
}

// taxonLinks links the lists in taxa that names puts a page in, in the
// order of taxa, as views gives them.
func taxonLinks(taxa []*content.Taxon, names []string) []Link {
	slugs := make([]string, len(names))
	for i, n := range names {
		slugs[i] = content.Slugify(n)
	}
	var out []Link
	for _, t := range taxa {
		if slices.Contains(slugs, t.Slug) {
			out = append(out, Link{t.Name, t.URL})
		}
	}
	return out
}

// keepViews remembers this build's views for the next, once it has
// succeeded.
func (b *builder) keepViews() {
	if !b.keep || b.view == nil || b.jobList == nil {
		return
	}
	b.bb.last = &lastViews{site: b.site, now: b.opts.Now, siteView: b.siteView,
		sources: b.sources, feedDirs: b.feedDirs, jobs: b.jobList,
		taxFrom: b.taxFrom, taxJobs: b.taxJobs, tags: b.site.Tags, authors: b.site.Authors}
}

// forgetStale forgets what the layouts' "cached" function holds that
// this build may not reuse. A page keeps its PageView from one build to
// the next (see views), so a post's card, made once for the hundred
// lists that show it, stays right while the page keeps its version:
// after an edit, only the cards of the pages rendered afresh are made
// again. Anything else cached, and everything when the settings or
// layouts changed, is forgotten.
func (b *builder) forgetStale() {
	bb := b.bb
	if !b.keep || b.global != bb.cachedFor {
		// The last build, good or not, cached under other settings.
		b.layouts.Forget()
		bb.cachedFor = b.global
		return
	}
	b.layouts.ForgetIf(func(data any) bool {
		v, ok := data.(*PageView)
		switch {
		case !ok || b.view[v.Page] != v:
			return true
		case b.quick:
			return b.freshSet[v.Page]
		default:
			return b.version[v.Page] != b.prevVersion[v.Page]
		}
	})
}
