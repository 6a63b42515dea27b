package build

import (
	"bytes"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
)

// fillRendered sets what a page's view takes from its Markdown.
func (b *builder) fillRendered(v *PageView) {
	if r := b.rendered[v.Page]; r != nil {
		// Strings already: converting to template.HTML copies nothing.
		v.Content, v.SummaryHTML = template.HTML(r.HTML), template.HTML(r.Summary)
		v.TOC, v.Words, v.ReadingMinutes = r.TOC, r.Words, r.ReadingMinutes
	}
	if v.Page.Summary != "" {
		v.SummaryHTML = template.HTML(template.HTMLEscapeString(v.Page.Summary))
	}
}

// views wraps every page with its rendered content and neighbours.
func (b *builder) views() {
	s := b.site
	// A Builder gives each page the PageView it had in the last build,
	// whose pages are all written by now: new memory is slow to touch for
	// the first time, and what layouts cached from a view stays right
	// while its page is unchanged (see forgetStale). The views of new
	// pages share one allocation.
	bb, n := b.bb, len(s.Pages)
	var old map[*content.Page]*PageView
	if b.keep {
		old = bb.viewMap
	}
	made := 0
	for _, p := range s.Pages {
		if old[p] == nil {
			made++
		}
	}
	spare := make([]PageView, made)
	b.view = make(map[*content.Page]*PageView, n)
	if b.keep {
		bb.viewMap = b.view
		bb.last = nil // the views it names are being made again
	}
	// Likewise one array holds every page's tag and author links, each
	// page a slice with room for its own.
	nl := 0
	for _, p := range s.Pages {
		nl += len(p.Tags) + len(p.Authors)
	}
	links := make([]Link, 0, nl)
	for _, p := range s.Pages {
		v := old[p]
		if v == nil {
			v, spare = &spare[0], spare[1:]
		} else {
			*v = PageView{}
		}
		v.Page, v.Permalink = p, b.abs(p.URL)
		m := len(links)
		v.TagLinks = links[m : m : m+len(p.Tags)]
		v.AuthorLinks = links[m+len(p.Tags) : m+len(p.Tags) : m+len(p.Tags)+len(p.Authors)]
		links = links[:m+len(p.Tags)+len(p.Authors)]
		b.fillRendered(v)
		if b.opts.Preview {
			switch {
			case p.Draft:
				v.Status = "draft"
			case p.Future:
				v.Status = "scheduled"
			}
		}
		if p.Course != nil && len(p.Course.Sessions) > 0 {
			v.Calendar = p.URL + "calendar.ics"
		}
		b.view[p] = v
	}
	for _, t := range s.Tags {
		for _, p := range t.Pages {
			b.view[p].TagLinks = append(b.view[p].TagLinks, Link{t.Name, t.URL})
		}
	}
	for _, t := range s.Authors {
		for _, p := range t.Pages {
			b.view[p].AuthorLinks = append(b.view[p].AuthorLinks, Link{t.Name, t.URL})
		}
	}
	for _, sec := range s.Sections {
		for i, p := range sec.Pages {
			v := b.view[p]
			if i > 0 {
				v.Next = b.view[sec.Pages[i-1]]
			}
			if i+1 < len(sec.Pages) {
				v.Prev = b.view[sec.Pages[i+1]]
			}
			if !p.Kind.Dated() {
				v.Prev, v.Next = v.Next, v.Prev
			}
		}
	}
	for _, p := range s.Pages {
		v := b.view[p]
		for _, inc := range p.Includes {
			v.Includes = append(v.Includes, b.view[inc])
		}
		if p.Term != nil {
			for _, slug := range p.Term.Related {
				if t := s.Page("content/glossary/" + slug + ".md"); t != nil && b.view[t] != nil {
					v.Related = append(v.Related, b.view[t])
				}
			}
		}
	}
	if cs := s.Section("case-study"); cs != nil {
		b.view[cs.Page].Chapters = b.list(cs.Pages)
	}
	b.feedDirs = map[string]bool{}
	b.sources = b.feedSources()
	for _, f := range b.sources {
		b.feedDirs[f.dir] = true
	}
	b.siteView = &SiteView{Settings: s.Settings, Sections: map[string]*PageView{}, Feeds: b.feedGroups()}
	for _, sec := range s.Sections {
		b.siteView.Sections[sec.Name] = b.view[sec.Page]
	}
}

func (b *builder) list(ps []*content.Page) []*PageView {
	out := make([]*PageView, len(ps))
	for i, p := range ps {
		out[i] = b.view[p]
	}
	return out
}

// job is one HTML file to render.
type job struct {
	name    string   // output file
	layouts []string // candidates, most specific first
	view    *View
	page    *content.Page // for messages
}

// writePages renders every HTML page, in parallel.
func (b *builder) writePages(dl *diag.List) {
	jobs := b.jobList
	if jobs == nil {
		jobs = b.jobs()
		b.jobList = jobs
	}
	lists := make([]diag.List, len(jobs))
	Parallel(len(jobs), func(i int) {
		j := jobs[i]
		if b.cloned() && b.untouched(j) {
			if _, ok := b.bb.out[j.name]; ok {
				b.files.Add(1) // the same as last time, and in the copy already
				return
			}
		}
		name, err := b.layouts.Lookup(j.layouts...)
		if err != nil {
			pos := diag.Pos{File: j.page.File, Line: 1, Col: 1}
			if j.page.Layout != "" {
				pos.Line, pos.Col = j.page.KeyLine("layout")
			}
			if pos.File == "" {
				pos.File = "layouts"
			}
			lists[i].Errorf(pos, "%v", err)
			return
		}
		var key uint64
		if b.keep {
			key = b.jobKey(j, name)
		}
		var execErr error
		buf, _ := b.pageBufs.Get().(*bytes.Buffer)
		if buf == nil {
			buf = new(bytes.Buffer)
		}
		err = b.writeKeyed(j.name, key, borrowed, func() ([]byte, error) {
			// writeMade copies what it keeps, so the buffer can be reused.
			buf.Reset()
			execErr = b.layouts.Execute(buf, name, j.view)
			return buf.Bytes(), execErr
		})
		b.pageBufs.Put(buf)
		switch {
		case execErr != nil:
			lists[i].Add(b.layouts.Diagnostic(execErr))
		case err != nil:
			lists[i].Errorf(diag.Pos{File: j.page.File}, "%v", err)
		}
	})
	for _, l := range lists {
		dl.Add(l...)
	}
	b.pages = len(jobs)
}

// jobs lists every HTML file the site needs.
func (b *builder) jobs() []job {
	s := b.site
	jobs := make([]job, 0, len(s.Pages)*3/2) // every page, and about half as many list pages again
	bySection := map[[2]string][]string{}
	sectionLayouts := func(p *content.Page) []string {
		k := [2]string{p.Section, string(p.Kind)}
		c, ok := bySection[k]
		if !ok {
			c = pageLayouts(p)
			bySection[k] = c
		}
		return c
	}
	for _, p := range s.Pages {
		if p.IsList() {
			continue
		}
		cands := pageLayouts
		if p.Layout == "" && p.Section != "" {
			cands = sectionLayouts // the same for every page of a kind in a section
		}
		jobs = append(jobs, job{name: outputName(p.URL), layouts: cands(p), view: b.newView(p), page: p})
	}
	home := b.newView(s.Home)
	home.Latest = b.latest()
	jobs = append(jobs, job{name: "index.html", layouts: []string{"home.html", "list.html"}, view: home, page: s.Home})
	for _, sec := range s.Sections {
		cands := []string{sec.Name + "/list.html", "list.html"}
		switch sec.Name {
		case "courses":
			v := b.newView(sec.Page)
			for _, p := range sec.Pages {
				if p.Course != nil && p.Course.Upcoming(b.opts.Now) {
					v.Upcoming = append(v.Upcoming, b.view[p])
				} else {
					v.Past = append(v.Past, b.view[p])
				}
			}
			v.List = b.list(sec.Pages)
			jobs = append(jobs, job{name: outputName(sec.Page.URL), layouts: cands, view: v, page: sec.Page})
		case "glossary", "case-study":
			v := b.newView(sec.Page)
			v.List = b.list(sec.Pages)
			if sec.Name == "glossary" {
				v.List = b.list(s.Terms)
				v.Letters = b.letters()
			}
			jobs = append(jobs, job{name: outputName(sec.Page.URL), layouts: cands, view: v, page: sec.Page})
		default:
			jobs = append(jobs, b.paginate(sec.Page, sec.Pages, cands)...)
		}
	}
	nf := &content.Page{Kind: content.Plain, URL: "/404.html", Title: "Page not found", Slug: "404"}
	jobs = append(jobs, job{name: "404.html", layouts: []string{"404.html"}, view: b.newView(nf), page: nf})
	b.taxFrom = len(jobs)
	return b.taxonJobs(jobs, nil)
}

// taxonJobs appends the tag and author pages to jobs: for each kind a
// page listing them all, and for each tag or author its list, paginated.
// A list in prev, made by the last build for the same *Taxon, is reused
// as it is; in a retag, every other job is noted in remade.
func (b *builder) taxonJobs(jobs []job, prev map[*content.Taxon][]job) []job {
	s := b.site
	b.taxJobs = make(map[*content.Taxon][]job, len(s.Tags)+len(s.Authors))
	for _, tax := range []struct {
		url    string
		title  string
		taxons []*content.Taxon
	}{{"/tags/", "Tags", s.Tags}, {"/authors/", "Authors", s.Authors}} {
		if len(tax.taxons) == 0 {
			continue
		}
		idx := &content.Page{Kind: content.Section, URL: tax.url, Title: tax.title, Slug: strings.Trim(tax.url, "/")}
		v := b.newView(idx)
		for _, t := range tax.taxons {
			v.Taxons = append(v.Taxons, &TaxonView{Name: t.Name, URL: t.URL, Count: len(t.Pages)})
		}
		jobs = append(jobs, job{name: outputName(tax.url), layouts: []string{"taxonomy.html", "list.html"}, view: v, page: idx})
		b.noteRemade(jobs[len(jobs)-1:])
		for _, t := range tax.taxons {
			tj, ok := prev[t]
			if !ok {
				tp := &content.Page{Kind: content.Section, URL: t.URL, Title: t.Name, Slug: t.Slug}
				tj = b.paginateWith(tp, idx, t.Pages, []string{"taxon.html", "list.html"})
				b.noteRemade(tj)
			}
			b.taxJobs[t] = tj
			jobs = append(jobs, tj...)
		}
	}
	return jobs
}

// pageLayouts lists the layouts a regular page may use, most specific first.
func pageLayouts(p *content.Page) []string {
	if p.Layout != "" {
		// A named layout is a promise: falling back to another would hide a typo.
		return []string{strings.TrimSuffix(p.Layout, ".html") + ".html"}
	}
	var c []string
	if p.Section == "" {
		c = append(c, "pages/"+p.Slug+".html")
	} else {
		c = append(c, p.Section+"/single.html")
	}
	return append(c, string(p.Kind)+".html", "single.html")
}

// paginate splits a list into pages of PageSize: the first at the list's
// URL, the rest at URL/page/N/.
func (b *builder) paginate(list *content.Page, pages []*content.Page, layouts []string) []job {
	return b.paginateWith(list, nil, pages, layouts)
}

func (b *builder) paginateWith(list, parent *content.Page, pages []*content.Page, layouts []string) []job {
	size := max(b.site.Settings.PageSize, 1)
	total := max(1, (len(pages)+size-1)/size)
	// Each page's address is made once, not once for every pager that
	// links it: a tag's hundred pages each link up to seven.
	urls := make([]string, total+1)
	urls[1] = list.URL
	for n := 2; n <= total; n++ {
		urls[n] = list.URL + "page/" + strconv.Itoa(n) + "/"
	}
	pageURL := func(n int) string { return urls[n] }
	jobs := make([]job, 0, total)
	// What every page of the list shares is worked out once: a tag with
	// a thousand posts has a hundred pages.
	base := b.newView(list)
	if parent != nil {
		base.Crumbs = append(slices.Clip(base.Crumbs), Link{parent.Title, parent.URL})
	}
	for n := 1; n <= total; n++ {
		v := new(View)
		*v = *base
		lo, hi := (n-1)*size, min(n*size, len(pages))
		v.List = b.list(pages[lo:hi])
		v.Pager = &Pager{Number: n, Total: total, Pages: pagerWindow(n, total, pageURL)}
		if n > 1 {
			v.Pager.Prev = pageURL(n - 1)
		}
		if n < total {
			v.Pager.Next = pageURL(n + 1)
		}
		jobs = append(jobs, job{name: outputName(pageURL(n)), layouts: layouts, view: v, page: list})
	}
	return jobs
}

// newView makes the common part of every page's data.
func (b *builder) newView(p *content.Page) *View {
	pv := b.view[p]
	if pv == nil {
		pv = &PageView{Page: p, Permalink: b.abs(p.URL)}
	}
	v := &View{Site: b.siteView, Page: pv, Built: b.opts.Now, Preview: b.opts.Preview}
	if p.Kind != content.Home {
		sec := b.site.Section(p.Section)
		if sec != nil && sec.Page == p {
			sec = nil
		}
		v.Crumbs = b.crumbs(sec)
	}
	v.Feeds = b.feedLinks(p)
	return v
}

// crumbs are the breadcrumbs above a page in sec (nil for none), made
// once per section and shared, since layouts only read them.
func (b *builder) crumbs(sec *content.SectionList) []Link {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c, ok := b.crumbsBySection[sec]; ok {
		return c
	}
	c := []Link{{b.site.Home.Title, "/"}}
	if sec != nil {
		c = append(c, Link{sec.Page.Title, sec.Page.URL})
	}
	if b.crumbsBySection == nil {
		b.crumbsBySection = map[*content.SectionList][]Link{}
	}
	c = slices.Clip(c) // a caller that appends must not write into the shared array
	b.crumbsBySection[sec] = c
	return c
}

// latest picks what the home page shows.
func (b *builder) latest() *Latest {
	l := &Latest{}
	if sec := b.site.Section("posts"); sec != nil {
		l.Posts = b.list(sec.Pages[:min(3, len(sec.Pages))])
	}
	if sec := b.site.Section("courses"); sec != nil {
		for _, p := range sec.Pages {
			if p.Course != nil && p.Course.Upcoming(b.opts.Now) && p.Course.Status != "cancelled" && len(l.Courses) < 3 {
				l.Courses = append(l.Courses, b.view[p])
			}
		}
	}
	if sec := b.site.Section("logs"); sec != nil && len(sec.Pages) > 0 {
		l.Log = b.view[sec.Pages[0]]
	}
	return l
}

// letters groups glossary terms A to Z. Every letter is present so the
// jump list is the same shape on every build; empty letters have no terms.
func (b *builder) letters() []Letter {
	out := make([]Letter, 0, 27)
	for r := 'A'; r <= 'Z'; r++ {
		out = append(out, Letter{Letter: string(r), ID: "letter-" + string(unicode.ToLower(r))})
	}
	other := Letter{Letter: "#", ID: "letter-other"}
	for _, p := range b.site.Terms {
		r, _ := utf8.DecodeRuneInString(strings.ToUpper(p.Term.Term))
		if r >= 'A' && r <= 'Z' {
			out[r-'A'].Terms = append(out[r-'A'].Terms, b.view[p])
		} else {
			other.Terms = append(other.Terms, b.view[p])
		}
	}
	if len(other.Terms) > 0 {
		out = append(out, other)
	}
	return out
}

// pagerWindow links the first and last pages and two either side of the
// current one, marking the gaps between.
func pagerWindow(current, total int, url func(int) string) []PagerLink {
	out := make([]PagerLink, 0, 9)
	add := func(n int) {
		if len(out) > 0 && out[len(out)-1].Number < n-1 {
			out = append(out, PagerLink{Gap: true})
		}
		out = append(out, PagerLink{Number: n, URL: url(n), Current: n == current})
	}
	add(1)
	for n := max(current-2, 2); n <= min(current+2, total-1); n++ {
		add(n)
	}
	if total > 1 {
		add(total)
	}
	return out
}
