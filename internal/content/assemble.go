package content

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/clic-cumbria/clic/internal/diag"
)

// assemble gives pages their URLs, leaves out drafts and scheduled pages,
// and builds sections and taxonomies.
func (s *Site) assemble(all []*Page, opts Options, dl *diag.List) {
	bundles := map[string]*Page{} // bundle folder -> its index page
	for _, p := range all {
		// Pages are kept between loads by a Loader: reset what this
		// function derives, so assembling twice gives the same site.
		p.Resources, p.Includes, p.Future = nil, nil, false
		p.Slug, p.URL = pageURL(p)
		if path.Base(p.File) == "index.md" && p.Kind != Section && p.Kind != Home {
			bundles[path.Dir(p.File)] = p
		}
		s.byFile[p.File] = p
	}
	for _, a := range s.Assets {
		for dir := path.Dir(a); dir != "content" && dir != "."; dir = path.Dir(dir) {
			if b, ok := bundles[dir]; ok {
				b.Resources = append(b.Resources, a)
				break
			}
		}
	}
	var kept []*Page
	for _, p := range all {
		switch {
		case p.Draft && !opts.Drafts:
			// Out of byFile too, so links and includes naming it are
			// reported rather than pointed at a page that is not published.
			s.Skipped[p.File] = p
			delete(s.byFile, p.File)
			continue
		case !p.Date.IsZero() && p.Date.After(opts.Now) && !p.IsList():
			if !opts.Future {
				s.Skipped[p.File] = p
				delete(s.byFile, p.File)
				s.Scheduled = append(s.Scheduled, p)
				continue
			}
			p.Future = true
		}
		if prev, dup := s.byURL[p.URL]; dup {
			// Point at the slug that caused the clash, if one did.
			here, other := p, prev
			if findKey(p.keys, "slug") == nil && findKey(prev.keys, "slug") != nil {
				here, other = prev, p
			}
			line, col := here.KeyLine("slug")
			dl.Errorf(diag.Pos{File: here.File, Line: line, Col: col},
				"this page and %s would both be published at %s; change the slug or the file name of one of them", other.File, p.URL)
			continue
		}
		s.byURL[p.URL] = p
		kept = append(kept, p)
	}
	slices.SortFunc(s.Scheduled, func(a, b *Page) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.File, b.File))
	})

	s.Home = s.byURL["/"]
	if s.Home == nil {
		s.Home = &Page{Kind: Home, URL: "/", Title: s.Settings.Title, Glossary: true}
		kept = append(kept, s.Home)
		s.byURL["/"] = s.Home
	}
	s.Settings.Title = cmp.Or(s.Home.Title, s.Settings.Title)
	s.Home.Title = s.Settings.Title

	// Sort once: sections and taxonomies then keep this order as they
	// pick pages out, rather than each sorting its own share.
	ordered := slices.Clone(kept)
	sortPages(ordered)
	s.sections(ordered, &kept, dl)
	s.Tags = taxonomy(kept, ordered, "tags", func(p *Page) []string { return p.Tags })
	s.Authors = taxonomy(kept, ordered, "authors", func(p *Page) []string { return p.Authors })
	for _, t := range append(slices.Clone(s.Tags), s.Authors...) {
		if prev, dup := s.byURL[t.URL]; dup {
			dl.Errorf(diag.Pos{File: prev.File, Line: 1, Col: 1}, "this page is published at %s, which is also the list of pages for %q; move or rename the page", t.URL, t.Name)
		}
	}
	if sec := s.Section("glossary"); sec != nil {
		s.Terms = slices.Clone(sec.Pages)
		slices.SortFunc(s.Terms, func(a, b *Page) int {
			return cmp.Or(strings.Compare(strings.ToLower(a.Term.Term), strings.ToLower(b.Term.Term)), strings.Compare(a.File, b.File))
		})
	}
	for _, p := range kept {
		s.resolveIncludes(p, dl)
		s.checkRelated(p, dl)
	}
	s.checkTimeline(dl)
	checkCourses(kept, opts.Now, dl)
	slices.SortFunc(kept, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) })
	s.Pages = kept
}

// pageURL derives the slug and pretty URL from the file's place.
func pageURL(p *Page) (slug, url string) {
	rel := strings.TrimSuffix(strings.TrimPrefix(p.File, "content/"), ".md")
	dir, name := path.Split(rel)
	switch {
	case p.Kind == Home:
		return "", "/"
	case name == "_index":
		return path.Base(dir), "/" + dir
	case name == "index" && dir != "":
		dir, name = path.Split(strings.TrimSuffix(dir, "/"))
	}
	slug = cmp.Or(p.Slug, Slugify(name))
	return slug, "/" + dir + slug + "/"
}

// sections groups pages by their top-level folder, making a list page for
// any folder that has no _index.md.
func (s *Site) sections(ordered []*Page, kept *[]*Page, dl *diag.List) {
	bySection := map[string]*SectionList{}
	get := func(name string) *SectionList {
		if sec, ok := bySection[name]; ok {
			return sec
		}
		sec := &SectionList{Name: name}
		bySection[name] = sec
		return sec
	}
	for _, p := range ordered {
		switch {
		case p.Kind == Section && p.URL == "/"+p.Section+"/":
			get(p.Section).Page = p
		case p.Kind != Home && p.Kind != Section && p.Section != "":
			sec := get(p.Section)
			sec.Pages = append(sec.Pages, p)
		}
	}
	for name, sec := range bySection {
		if sec.Page == nil {
			sec.Page = &Page{Kind: Section, Section: name, Slug: name, URL: "/" + name + "/", Title: humanise(name), Glossary: true}
			if prev := s.byURL[sec.Page.URL]; prev != nil {
				// Such as content/posts.md beside content/posts/: two pages at /posts/.
				dl.Errorf(diag.Pos{File: prev.File, Line: 1, Col: 1},
					"this page is published at %s, which is also the list of the %s folder; move it to content/%s/_index.md to make it the list page", prev.URL, name, name)
				sec.Page = prev
			} else {
				*kept = append(*kept, sec.Page)
				s.byURL[sec.Page.URL] = sec.Page
			}
		}
		s.Sections = append(s.Sections, sec)
	}
	slices.SortFunc(s.Sections, func(a, b *SectionList) int { return strings.Compare(a.Name, b.Name) })
}

func humanise(name string) string {
	name = strings.ReplaceAll(name, "-", " ")
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// taxonomy groups pages by tag or author, keeping the order of ordered.
// Names that differ only in case or punctuation share one page, titled as
// first written in the first file (in file order) that uses it.
func taxonomy(files, ordered []*Page, plural string, names func(*Page) []string) []*Taxon {
	bySlug := map[string]*Taxon{}
	byName := map[string]*Taxon{} // a site has few names but many pages naming them
	for _, p := range files {
		for _, n := range names(p) {
			if _, ok := byName[n]; ok {
				continue
			}
			slug := Slugify(n)
			if slug == "" {
				byName[n] = nil
				continue
			}
			t := bySlug[slug]
			if t == nil {
				t = &Taxon{Name: n, Slug: slug, URL: "/" + plural + "/" + slug + "/"}
				bySlug[slug] = t
			}
			byName[n] = t
		}
	}
	for _, p := range ordered {
		for _, n := range names(p) {
			t := byName[n]
			// A page naming a tag twice ("NHS", "nhs") can only repeat
			// the last page added.
			if t != nil && (len(t.Pages) == 0 || t.Pages[len(t.Pages)-1] != p) {
				t.Pages = append(t.Pages, p)
			}
		}
	}
	out := make([]*Taxon, 0, len(bySlug))
	for _, t := range bySlug {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *Taxon) int { return strings.Compare(a.Slug, b.Slug) })
	return out
}

// resolveIncludes finds the pages a case study chapter pulls in.
func (s *Site) resolveIncludes(p *Page, dl *diag.List) {
	for _, inc := range p.Include {
		file := "content/" + strings.TrimPrefix(path.Clean("/"+inc), "/")
		target := s.byFile[file]
		if target == nil {
			l, c := p.KeyLine("include")
			if k := findKey(p.keys, "include"); k != nil {
				for _, item := range k.items { // point at the item itself
					if strings.TrimSpace(item.value) == inc {
						l, c = item.line, item.col
					}
				}
			}
			msg := "there is no file " + file + "; give the path from the content folder, such as logs/nine-month-review.md"
			if s.Skipped[file] != nil {
				msg = "that page is a draft or scheduled, so it is not published; publish it, or take it out of the list"
			}
			dl.Errorf(diag.Pos{File: p.File, Line: l, Col: c}, "include %q: %s", inc, msg)
			continue
		}
		p.Includes = append(p.Includes, target)
	}
}

// checkRelated reports related terms that are not in the glossary, which
// would otherwise be left out of the term's page without a word.
func (s *Site) checkRelated(p *Page, dl *diag.List) {
	if p.Term == nil || len(p.Term.Related) == 0 {
		return
	}
	k := findKey(p.keys, "related")
	for _, slug := range p.Term.Related {
		if s.byFile["content/glossary/"+slug+".md"] != nil {
			continue
		}
		at := diag.Pos{File: p.File, Line: 1, Col: 1}
		if k != nil {
			at.Line, at.Col = k.line, k.col
			for _, item := range k.items {
				if strings.TrimSpace(item.value) == slug {
					at.Line, at.Col = item.line, item.col
				}
			}
		}
		hint := "give the name of a file in content/glossary/, without .md"
		if t := s.termNamed(slug); t != nil {
			hint = fmt.Sprintf("did you mean %q, the file of %q?", strings.TrimSuffix(path.Base(t.File), ".md"), t.Term.Term)
		}
		dl.Errorf(at, "related term %q is not in the glossary; %s", slug, hint)
	}
}

// termNamed finds the glossary term whose name, an alias or file name is
// nearly name, or nil.
func (s *Site) termNamed(name string) *Page {
	var names []string
	byName := map[string]*Page{}
	for _, t := range s.Terms {
		for _, n := range append([]string{Slugify(t.Term.Term), strings.TrimSuffix(path.Base(t.File), ".md")}, t.Term.Aliases...) {
			n = Slugify(n)
			if byName[n] == nil {
				byName[n] = t
				names = append(names, n)
			}
		}
	}
	if t := byName[Slugify(name)]; t != nil {
		return t
	}
	return byName[nearest(Slugify(name), names)]
}

// checkTimeline requires milestones in date order, since the timeline is
// read top to bottom as the plan unfolds.
func (s *Site) checkTimeline(dl *diag.List) {
	p := s.byFile["content/timeline.md"]
	if p == nil {
		return
	}
	for i := 1; i < len(p.Timeline); i++ {
		a, b := p.Timeline[i-1], p.Timeline[i]
		if b.Date.Before(a.Date) {
			dl.Errorf(diag.Pos{File: p.File, Line: b.Line, Col: b.Col},
				"milestone %q (%s) comes before %q (%s, line %d) in time but after it in the list; put the milestones in date order",
				b.Title, b.Date.Format("2 Jan 2006"), a.Title, a.Date.Format("2 Jan 2006"), a.Line)
		}
	}
}

// checkCourses applies the rules a course's sessions must meet.
func checkCourses(pages []*Page, now time.Time, dl *diag.List) {
	for _, p := range pages {
		c := p.Course
		if c == nil {
			continue
		}
		for _, s := range c.Sessions {
			at := diag.Pos{File: p.File, Line: s.Line, Col: s.Col}
			switch {
			case s.Start.IsZero() && !s.startWritten:
				dl.Errorf(at, "this session has no start; add a line such as \"start: 2020-03-01T09:30\"")
			case s.Start.IsZero(): // written, but not as a date, which is reported
			case s.End.IsZero(): // an end can be left out
			case s.End.Before(s.Start):
				dl.Errorf(at, "this session ends (%s) before it starts (%s); check the end time", s.End.Format("2 Jan 2006 15:04"), s.Start.Format("2 Jan 2006 15:04"))
			case s.End.Equal(s.Start):
				dl.Errorf(at, "this session starts and ends at the same moment (%s); give the times, as in \"start: %sT09:30\" and \"end: %sT12:30\"", s.Start.Format("2 Jan 2006 15:04"), s.Start.Format("2006-01-02"), s.Start.Format("2006-01-02"))
			}
			if s.Venue == "" && s.Online == "" {
				dl.Errorf(at, "this session has neither a venue nor an online link; add \"venue:\" or \"online:\" so people know where to go")
			}
		}
		upcoming := c.Upcoming(now)
		if l, col := p.KeyLine("booking"); c.Booking != "" && !upcoming && len(c.Sessions) > 0 {
			dl.Warnf(diag.Pos{File: p.File, Line: l, Col: col}, "this course has finished but still has a booking link; remove the booking line")
		}
		if l, col := p.KeyLine("status"); c.Status == "cancelled" && upcoming && len(c.Sessions) > 0 {
			dl.Warnf(diag.Pos{File: p.File, Line: l, Col: col}, "this course is cancelled but its sessions are still in the future, so it is listed as upcoming; remove the sessions or the page")
		}
	}
}

// Upcoming reports whether any session ends after now. A course with no
// sessions has dates to be confirmed, and counts as upcoming.
func (c *CourseInfo) Upcoming(now time.Time) bool {
	if len(c.Sessions) == 0 {
		return true
	}
	for _, s := range c.Sessions {
		if cmp.Or(s.End, s.Start).After(now) {
			return true
		}
	}
	return false
}
