package build

import (
	"encoding/binary"
	"hash/maphash"

	"github.com/clic-cumbria/clic/internal/content"
)

// An output's key sums up everything it was made from (see Builder):
// the site-wide key, and each page it shows by its version. A job's key
// comes from the pages its layout can show, which jobPages lists; a
// quick rebuild, which knows the pages rendered afresh, skips the jobs
// that show none of them (see untouched).

// keyer sums up the inputs of one output.
type keyer struct {
	h maphash.Hash
	b *builder
}

func (b *builder) keyer() *keyer { return b.keyer0().num(b.global) }

// keyer0 is a keyer that leaves out the site-wide key.
func (b *builder) keyer0() *keyer { return new(keyer).reset(b) }

// reset readies k to sum up one output of b's build.
func (k *keyer) reset(b *builder) *keyer {
	k.b = b
	k.h.SetSeed(b.bb.seed)
	return k
}

func (k *keyer) num(n uint64) *keyer {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], n)
	k.h.Write(buf[:])
	return k
}

func (k *keyer) str(s string) *keyer {
	k.h.WriteString(s)
	k.h.WriteByte(0)
	return k
}

func (k *keyer) page(p *content.Page) *keyer {
	if p == nil {
		return k.num(0)
	}
	if v, ok := k.b.version[p]; ok {
		return k.num(v)
	}
	// A made-up page (a tag list, the 404 page) has no file: its URL and
	// title are all there is to it.
	return k.str(p.URL).str(p.Title)
}

// jobKey sums up everything a page's layout can show: the page, the pages
// its view points to, and the view's own numbers and names.
func (b *builder) jobKey(j job, layout string) uint64 {
	var k keyer // here, not from b.keyer(): that one escapes, and there is a key per page
	k.reset(b).num(b.global).str(j.name).str(layout)
	b.jobPages(j, func(p *content.Page) { k.page(p) })
	v := j.view
	pv := v.Page
	if pv.Milestone != nil {
		k.str(pv.Milestone.URL).str(pv.Milestone.Title)
	}
	for _, m := range pv.Milestones {
		k.str(m.ID).str(m.Link).str(m.Title)
	}
	for _, t := range v.Taxons {
		k.str(t.Name).str(t.URL).num(uint64(t.Count))
	}
	for _, c := range v.Crumbs {
		k.str(c.Title).str(c.URL)
	}
	for _, f := range v.Feeds {
		k.str(f.URL).str(f.Title)
	}
	if p := v.Pager; p != nil {
		k.num(uint64(p.Number)).num(uint64(p.Total))
	}
	for _, t := range pv.TagLinks {
		k.str(t.URL).str(t.Title)
	}
	if listsFeeds(pv) {
		for _, f := range b.siteView.Feeds {
			k.str(f.RSS)
		}
	}
	return k.h.Sum64()
}

// jobPages calls visit with every page whose content a page's layout can
// show: the page, its neighbours, its section, and the pages it lists.
func (b *builder) jobPages(j job, visit func(*content.Page)) {
	views := func(vs []*PageView) {
		for _, v := range vs {
			visit(v.Page)
		}
	}
	v := j.view
	pv := v.Page
	visit(pv.Page)
	if pv.Prev != nil {
		visit(pv.Prev.Page)
	}
	if pv.Next != nil {
		visit(pv.Next.Page)
	}
	views(pv.Includes)
	views(pv.Related)
	views(pv.Chapters)
	for _, c := range pv.Chapters {
		views(c.Includes)
	}
	if sec := b.site.Section(pv.Section); sec != nil {
		visit(sec.Page) // its title is in the breadcrumbs
	}
	views(v.List)
	views(v.Upcoming)
	views(v.Past)
	if l := v.Latest; l != nil {
		views(l.Posts)
		views(l.Courses)
		if l.Log != nil {
			visit(l.Log.Page)
		}
	}
	for _, l := range v.Letters {
		views(l.Terms)
	}
}

// listsFeeds reports whether a page's layout may list every feed: pages
// at the top, such as /subscribe/, may.
func listsFeeds(pv *PageView) bool {
	return pv.Section == "" && pv.Kind == content.Plain
}

// untouched reports whether none of the pages a job can show was
// rendered afresh in this build, and the job is as the last build made
// it.
func (b *builder) untouched(j job) bool {
	if b.remade != nil && (b.remade[j.name] || listsFeeds(j.view.Page)) {
		return false
	}
	touched := false
	b.jobPages(j, func(p *content.Page) {
		if !touched && b.freshSet[p] {
			touched = true
		}
	})
	return !touched
}
