package build

import (
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
	for _, j := range b.jobList {
		j.view.Built = b.opts.Now
	}
}

// keepViews remembers this build's views for the next, once it has
// succeeded.
func (b *builder) keepViews() {
	if !b.keep || b.view == nil || b.jobList == nil {
		return
	}
	b.bb.last = &lastViews{site: b.site, now: b.opts.Now, siteView: b.siteView,
		sources: b.sources, feedDirs: b.feedDirs, jobs: b.jobList}
}
