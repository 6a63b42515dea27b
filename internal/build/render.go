package build

import (
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/markdown"
)

// glossaryKinds are the kinds whose prose links glossary terms. Glossary
// pages themselves and plain pages such as the accessibility statement
// are left alone, so definitions do not link in circles.
var glossaryKinds = []content.Kind{content.Post, content.Log, content.Course, content.Chapter}

// renderMarkdown converts every page body, on every core. A Builder's
// later builds convert only pages that are new or whose rendering
// depended on something that changed.
func (b *builder) renderMarkdown(dl *diag.List) {
	bb := b.bb
	unsafe := b.site.Settings.UnsafeHTML
	if bb.md == nil || bb.mdUnsafe != unsafe {
		bb.md, bb.mdUnsafe, bb.rendered, bb.results = markdown.New(markdown.Options{UnsafeHTML: unsafe}), unsafe, nil, nil
	}
	gloss := b.glossary(dl)
	if b.renderReworded(gloss, dl) {
		return
	}
	glossKey := b.glossaryKey()
	b.urls = b.urlKey()
	urlKey := b.urls
	pages := b.site.Pages
	results := make([]rendered, len(pages))
	fresh := make([]bool, len(pages))
	errs := make([]error, len(pages))
	Parallel(len(pages), func(i int) {
		p := pages[i]
		useGloss := gloss != nil && p.Glossary && slices.Contains(glossaryKinds, p.Kind)
		if r, ok := bb.rendered[p]; ok && b.keep && !b.opts.Analyse && r.rev == p.Rev &&
			(!r.glossary || glossKey == bb.glossKey) && (!r.links || urlKey == bb.urlKey) && r.glossary == useGloss {
			results[i] = r
			return
		}
		results[i], errs[i] = b.render(p, gloss)
		fresh[i] = true
	})
	b.rendered = make(map[*content.Page]*markdown.Result, len(pages))
	var next map[*content.Page]rendered // what the next build may reuse
	if b.keep {
		next = make(map[*content.Page]rendered, len(pages))
	}
	for i, p := range pages {
		if errs[i] != nil {
			dl.Errorf(diag.Pos{File: p.File}, "rendering Markdown: %v", errs[i])
			continue
		}
		r := results[i]
		b.rendered[p] = r.res
		if next != nil {
			next[p] = r
		}
		if fresh[i] {
			b.fresh = append(b.fresh, p)
		}
	}
	if b.keep {
		bb.rendered, bb.glossKey, bb.urlKey = next, glossKey, urlKey
		bb.results, bb.resultsFor = b.rendered, b.site
	}
}

// renderReworded renders again only the pages the Loader updated in
// place, when it returned the same Site as last time: the glossary and
// where every page is published are then as they were. It reports
// whether it could.
func (b *builder) renderReworded(gloss *markdown.Glossary, dl *diag.List) bool {
	bb := b.bb
	if b.reworded == nil || bb.resultsFor != b.site || bb.results == nil {
		return false
	}
	b.urls, b.rendered = bb.urlKey, bb.results
	for _, p := range b.reworded {
		old := bb.rendered[p]
		r, err := b.render(p, gloss)
		if err != nil {
			dl.Errorf(diag.Pos{File: p.File}, "rendering Markdown: %v", err)
			delete(b.rendered, p)
			delete(bb.rendered, p)
			b.idsMoved = true // as when a page is gone
			continue
		}
		b.rendered[p], bb.rendered[p] = r.res, r
		b.fresh = append(b.fresh, p)
		b.idsMoved = b.idsMoved || r.ids != old.ids
	}
	return true
}

// render renders one page's Markdown.
func (b *builder) render(p *content.Page, gloss *markdown.Glossary) (rendered, error) {
	useGloss := gloss != nil && p.Glossary && slices.Contains(glossaryKinds, p.Kind)
	mp := markdown.Page{Source: p.Body, Self: p.URL, Prose: b.opts.Analyse, Resolve: func(dest string) string { return b.resolve(p, dest) }}
	if useGloss {
		mp.Glossary = gloss
	}
	res, err := b.bb.md.Render(mp)
	if !b.keep {
		p.Body = nil // rendered once and for all: let the source go
	}
	r := rendered{rev: p.Rev, res: &res, glossary: useGloss, links: linksFiles(&res)}
	if b.keep {
		k := b.keyer0()
		for _, id := range res.IDs {
			k.str(id)
		}
		r.ids = k.h.Sum64()
	}
	return r, err
}

// linksFiles reports whether a page links other Markdown files, whose
// addresses its HTML then depends on.
func linksFiles(r *markdown.Result) bool {
	for _, l := range r.Links {
		if target, _ := splitFragment(l.Dest); strings.HasSuffix(target, ".md") {
			return true
		}
	}
	return false
}

// glossaryKey sums up the glossary, which every page that links terms depends on.
func (b *builder) glossaryKey() uint64 {
	if !b.keep {
		return 0
	}
	k := b.keyer0()
	for _, p := range b.site.Terms {
		k.str(p.URL).str(p.Term.Term).str(strings.Join(p.Term.Aliases, "\x00")).str(p.Term.Short)
	}
	return k.h.Sum64()
}

// urlKey sums up which file is published where (and which are left out),
// which pages linking .md files depend on.
func (b *builder) urlKey() uint64 {
	if !b.keep {
		return 0
	}
	k := b.keyer0()
	for _, p := range b.site.Pages {
		k.str(p.File).str(p.URL)
	}
	for _, f := range slices.Sorted(maps.Keys(b.site.Skipped)) {
		k.str(f)
	}
	return k.h.Sum64()
}

// glossary builds the term list that pages link to.
func (b *builder) glossary(dl *diag.List) *markdown.Glossary {
	if len(b.site.Terms) == 0 {
		return nil
	}
	terms := make([]markdown.Term, len(b.site.Terms))
	for i, p := range b.site.Terms {
		terms[i] = markdown.Term{Term: p.Term.Term, Aliases: p.Term.Aliases, Short: p.Term.Short, URL: p.URL}
	}
	g, err := markdown.NewGlossary(terms)
	if err != nil {
		return b.glossaryClashes(terms, err, dl)
	}
	return g
}

// checkHeadings requires the headings of the log's reflective model.
func checkHeadings(p *content.Page, toc []markdown.Heading, dl *diag.List) {
	var missing []string
	for _, want := range content.RequiredHeadings(p.Log.Model) {
		if !slices.ContainsFunc(toc, func(h markdown.Heading) bool { return strings.EqualFold(strings.TrimSpace(h.Text), want) }) {
			missing = append(missing, "## "+want)
		}
	}
	if len(missing) > 0 {
		l, c := p.KeyLine("model")
		dl.Errorf(diag.Pos{File: p.File, Line: l, Col: c}, "this reflective log (%s model) is missing the heading %s; add it, or change model",
			modelName(p.Log.Model), strings.Join(missing, ", "))
	}
}

func modelName(m string) string {
	if m == "gibbs" {
		return "Gibbs"
	}
	return "Rolfe \"What? So what? Now what?\""
}

// checkPages reports each page's problems: links and images that lead
// nowhere, images with no alt text, and a log's missing headings. It uses
// the links the Markdown renderer gathered, so no HTML is parsed again. A
// Builder's later builds check only pages rendered afresh, unless
// something a link can point at (a page, a heading, a file) came or went.
func (b *builder) checkPages(dl *diag.List) {
	bb := b.bb
	if b.reworded != nil && bb.findings != nil && !b.idsMoved {
		// Only the reworded pages' own problems can have changed, and
		// if tag or author pages came or went, those of the pages
		// linking to them. (A page that failed to render moved its
		// ids, as if it had gone.)
		recheck := b.reworded
		if taxa := b.taxaKey(); taxa != bb.taxaKey {
			bb.taxaKey = taxa
			recheck = slices.Clone(recheck)
			for p := range bb.taxLinkers {
				if !slices.Contains(b.reworded, p) {
					recheck = append(recheck, p)
				}
			}
		}
		for _, p := range recheck {
			pl, linksTaxa := b.findings(p, b.rendered[p])
			bb.findings[p] = pl
			setMember(bb.faulty, p, len(pl) > 0)
			setMember(bb.taxLinkers, p, linksTaxa)
		}
		for p := range bb.faulty {
			dl.Add(bb.findings[p]...)
		}
		return
	}
	env, taxa := b.linkEnv(), b.taxaKey()
	var fresh map[*content.Page]bool
	if b.keep && env == bb.linkEnv {
		fresh = make(map[*content.Page]bool, len(b.fresh))
		for _, p := range b.fresh {
			fresh[p] = true
		}
	}
	// A new or lost tag moves only the links to tag and author pages.
	taxaMoved := taxa != bb.taxaKey
	var next map[*content.Page]diag.List // each page's findings, for the next build
	var faulty, taxLinkers map[*content.Page]bool
	if b.keep {
		next = make(map[*content.Page]diag.List, len(b.site.Pages))
		faulty, taxLinkers = map[*content.Page]bool{}, map[*content.Page]bool{}
	}
	for _, p := range b.site.Pages {
		r := b.rendered[p]
		if r == nil {
			continue
		}
		pl, ok := bb.findings[p]
		linksTaxa := bb.taxLinkers[p]
		if fresh == nil || fresh[p] || !ok || taxaMoved && linksTaxa {
			pl, linksTaxa = b.findings(p, r)
		}
		dl.Add(pl...)
		if next != nil {
			next[p] = pl
			if len(pl) > 0 {
				faulty[p] = true
			}
			if linksTaxa {
				taxLinkers[p] = true
			}
		}
	}
	if b.keep {
		bb.findings, bb.faulty, bb.linkEnv = next, faulty, env
		bb.taxLinkers, bb.taxaKey = taxLinkers, taxa
	}
}

// setMember puts p in set or takes it out.
func setMember(set map[*content.Page]bool, p *content.Page, in bool) {
	if in {
		set[p] = true
	} else {
		delete(set, p)
	}
}

// findings are one page's problems, and whether it links a tag or
// author page (see checkPages).
func (b *builder) findings(p *content.Page, r *markdown.Result) (pl diag.List, linksTaxa bool) {
	if p.Log != nil {
		checkHeadings(p, r.TOC, &pl)
	}
	for _, l := range r.Links {
		if msg := b.checkLink(p, l); msg != "" {
			pl.Errorf(diag.Pos{File: p.File, Line: p.BodyLine + l.Line - 1, Col: l.Col}, "%s", msg)
		}
		if strings.HasPrefix(l.Resolved, "/tags/") || strings.HasPrefix(l.Resolved, "/authors/") {
			linksTaxa = true
		}
	}
	checkImages(p, r, &pl)
	checkText(p, r, &pl)
	if msg := b.checkPageImage(p); msg != "" {
		line, col := p.KeyLine("image")
		pl.Errorf(diag.Pos{File: p.File, Line: line, Col: col}, "%s", msg)
	}
	if b.keep {
		// Kept until the page changes, so read its lines once, not on
		// every rebuild (see content's readPage).
		pl.WithSource(b.sourceOf, diag.SourceLines)
	}
	return pl, linksTaxa
}

// sourceOf reads a site file, for the lines shown around a problem in it.
func (b *builder) sourceOf(file string) ([]byte, bool) {
	data, err := fs.ReadFile(b.opts.Source, file)
	return data, err == nil
}

// linkEnv sums up what a link can point at but tag and author pages
// (see taxaKey): where every page is published and the ids on it,
// static files and other content files.
func (b *builder) linkEnv() uint64 {
	if !b.keep {
		return 0
	}
	k := b.keyer0().num(b.urls).num(uint64(b.bb.staticGen))
	for _, p := range b.site.Pages {
		k.str(p.URL)
		if r, ok := b.bb.rendered[p]; ok {
			k.num(r.ids)
		}
	}
	for _, a := range b.site.Assets {
		k.str(a)
	}
	return k.h.Sum64()
}

// taxaKey sums up the tag and author pages, which links may name too.
func (b *builder) taxaKey() uint64 {
	if !b.keep {
		return 0
	}
	k := b.keyer0()
	for _, ts := range [][]*content.Taxon{b.site.Tags, b.site.Authors} {
		for _, t := range ts {
			k.str(t.URL)
		}
	}
	return k.h.Sum64()
}
