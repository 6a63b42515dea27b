package build

import (
	"errors"
	"slices"
	"strings"
	"unicode"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/markdown"
)

// The accessibility rules that stop a build. Advice that does not (reading
// age, vague link text, skipped heading levels) is clic check's.

// checkImages requires every image in Markdown to be described, or marked
// as decoration on purpose. An empty alt is far more often forgotten than
// meant, so it is not taken as "decorative" on its own.
func checkImages(p *content.Page, r *markdown.Result, dl *diag.List) {
	for _, l := range r.Links {
		if !l.Image || l.Decorative || strings.TrimSpace(l.Text) != "" {
			continue
		}
		dl.Errorf(diag.Pos{File: p.File, Line: p.BodyLine + l.Line - 1, Col: l.Col},
			"image %s has no alt text; describe it for people who cannot see it, as in ![what it shows](%s), or if it is only decoration write ![](%s \"decorative\")",
			l.Dest, l.Dest, l.Dest)
	}
}

// glossaryClashes reports every pair of glossary entries that share a
// name, at the name in each file, and returns a glossary of the entries
// that do not clash, so pages are still checked for their other problems.
func (b *builder) glossaryClashes(terms []markdown.Term, err error, dl *diag.List) *markdown.Glossary {
	byURL := make(map[string]*content.Page, len(b.site.Terms))
	for _, p := range b.site.Terms {
		byURL[p.URL] = p
	}
	terms = slices.Clone(terms)
	for err != nil {
		var ce *markdown.CollisionError
		if !errors.As(err, &ce) {
			dl.Errorf(diag.Pos{File: "content/glossary"}, "%v", err)
			return nil
		}
		first, other := byURL[ce.First.URL], byURL[ce.Other.URL]
		if first == nil || other == nil {
			dl.Errorf(diag.Pos{File: "content/glossary"}, "%v", err)
			return nil
		}
		for _, side := range [][2]*content.Page{{first, other}, {other, first}} {
			here, there := side[0], side[1]
			l, c := nameLine(here, ce.Name)
			dl.Errorf(diag.Pos{File: here.File, Line: l, Col: c},
				"the glossary name %q is also used by %s (%q); a name can lead to one entry only, so remove it from one of them",
				ce.Name, there.File, there.Term.Term)
		}
		terms = slices.DeleteFunc(terms, func(t markdown.Term) bool { return t.URL == ce.Other.URL })
		var g *markdown.Glossary
		if g, err = markdown.NewGlossary(terms); err == nil {
			return g
		}
	}
	return nil
}

// nameLine is where a term's file gives name: its term (or title) or its
// aliases.
func nameLine(p *content.Page, name string) (int, int) {
	keys := []string{"aliases", "term", "title"}
	if p.Term != nil && sameWords(p.Term.Term, name) {
		keys = keys[1:]
	}
	for _, k := range keys {
		if l, c := p.KeyLine(k); l > 1 {
			return l, c
		}
	}
	return p.KeyLine("title")
}

// sameWords compares names the way the glossary matches them: by their
// words, ignoring case and punctuation.
func sameWords(a, b string) bool {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	return slices.Equal(split(a), split(b))
}

// checkText warns of Markdown that the reader would see as written, with
// its brackets or tags, rather than as the writer meant it.
func checkText(p *content.Page, r *markdown.Result, dl *diag.List) {
	at := func(pos markdown.Position) diag.Pos {
		return diag.Pos{File: p.File, Line: p.BodyLine + pos.Line - 1, Col: pos.Col}
	}
	for _, nl := range r.NotLinks {
		if nl.Ref {
			dl.Warnf(at(nl.Position), "this reads as a link, but no line such as \"[name]: /address/\" gives the address for the name in the second brackets, so the brackets show on the page; add that line, or write the address in round brackets, as in [words](/about/)")
		} else {
			dl.Warnf(at(nl.Position), "this reads as a link, but the address in round brackets has a space in it or is not closed, so the brackets show on the page; rename the file without spaces, or write the address inside <angle brackets>")
		}
	}
	for _, pos := range r.RawHTML {
		dl.Warnf(at(pos), "this HTML shows on the page as text, because unsafe_html is not true in content/_index.md; write it in Markdown instead")
	}
}
