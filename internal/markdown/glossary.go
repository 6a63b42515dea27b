package markdown

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// glossaryTitleID names the heading of the page's list of terms.
const glossaryTitleID = "page-glossary-title"

// Term is one glossary entry.
type Term struct {
	Term    string   // the name, as shown in the page's list of terms
	Aliases []string // other names and abbreviations
	Short   string   // one plain sentence
	URL     string   // the term's page
}

// Glossary links terms in page text ("plain language built in").
//
// The first use on a page of each glossary term, or of any of its aliases,
// becomes a link to the term's page. Matching is on whole words, ignores
// case, accepts plurals of the last word (chart/charts, box/boxes,
// study/studies) and prefers the longest term: "run charts" links "run
// chart", not "chart". Abbreviations (an alias or term whose letters are
// all capitals, such as PDSA, QI or OD) match only in capitals, so "od" or
// "it" in ordinary prose is never linked; "PDSAs" still is.
//
// Nothing is linked inside headings, links, images, code, raw HTML, or on
// the term's own page (Page.Self). A page opts out with Page.Glossary nil.
//
// Escape: a backslash written straight before a term, as in \PDSA, stops
// that one use being linked; the backslash is not shown. CommonMark has
// no other meaning for a backslash before a letter, so the escape cannot
// clash with Markdown, and the next plain use of the term is linked. (On
// a page without a glossary the backslash is shown, as CommonMark says.)
//
// Markup, chosen to work without JavaScript for keyboard and
// screen-reader users:
//
//	<a class="term" href="/glossary/run-chart/" aria-describedby="gloss:run-chart">run chart</a><span
//	 class="term-tip" hidden aria-hidden="true">A graph of ...</span>
//	<a class="term" href="/glossary/pdsa/" aria-describedby="gloss:pdsa-cycle"><abbr
//	 title="Plan Do Study Act">PDSA</abbr></a><span class="term-tip" hidden aria-hidden="true">...</span>
//
// and, after the body (and after any footnotes),
//
//	<section class="page-glossary" aria-labelledby="page-glossary-title">
//	<h2 id="page-glossary-title">Words explained on this page</h2>
//	<dl>
//	<dt><a href="/glossary/run-chart/">Run chart</a></dt>
//	<dd id="gloss:run-chart">A graph of ...</dd>
//	</dl>
//	</section>
//
// A keyboard user tabs to the link and a screen reader reads the short
// definition as its description (the <dd>, whose id is "gloss:" and the
// term's name as a heading id); sighted readers see the list. The
// span.term-tip is hidden unless the theme shows it, for example with
// a.term:hover + .term-tip, a.term:focus + .term-tip { display: block }; it
// is aria-hidden so screen readers do not hear the definition twice. A term
// with no Short gets no description and no tip. The list is a <section>
// with a heading, not an <aside>: an aside inside <main> is a
// complementary landmark that is not top level, which axe reports.
//
// <abbr title> holds the term's first name with no word in capitals, else
// its first name that is not an abbreviation; with neither, no <abbr>.
// The summary (Result.Summary) has the words but no glossary links.
//
// A Glossary is built once per site by NewGlossary, never changed, and
// safe for concurrent use. Finding terms is one pass over the page's words
// with a word-level trie, whatever the number of terms.
type Glossary struct {
	terms []Term
	ids   []string // id of each term's <dd>
	title []string // <abbr> title for each term: a name that is not an abbreviation
	root  *trieNode
	// first is a Bloom filter of the trie's first words. Most words of a
	// page start no term; the filter turns them away without lower-casing
	// them into a string for a map look-up.
	first [firstBits / 64]uint64
}

// firstBits is the size of Glossary.first: with two bits per word, a few
// hundred first words leave well under one word in a hundred let through
// for nothing.
const firstBits = 1 << 14

// FNV-1a over the bytes of a word. Only letters, digits and the bytes of
// other characters are hashed: c|0x20 lower-cases an ASCII letter and
// leaves a digit as it is.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvStep(h uint64, c byte) uint64 {
	return (h ^ uint64(c|0x20)) * fnvPrime
}

func (g *Glossary) addFirst(w string) {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		h = fnvStep(h, w[i])
	}
	g.first[h%firstBits/64] |= 1 << (h % 64)
	h2 := h >> 32
	g.first[h2%firstBits/64] |= 1 << (h2 % 64)
}

func (g *Glossary) hasFirst(h uint64) bool {
	h2 := h >> 32
	return g.first[h%firstBits/64]&(1<<(h%64)) != 0 && g.first[h2%firstBits/64]&(1<<(h2%64)) != 0
}

// mayStart reports whether the word w, or the singular that plural would
// try for it, can be the first word of a term. False is certain; true
// means look in the trie.
func (g *Glossary) mayStart(w []byte) bool {
	h := uint64(fnvOffset)
	var h1, h2, h3 uint64 // hashes of w[:l-1], w[:l-2], w[:l-3]
	for _, c := range w {
		if c >= utf8.RuneSelf {
			return true // lower-casing may change its length: let the trie decide
		}
		h3, h2, h1 = h2, h1, h
		h = fnvStep(h, c)
	}
	if g.hasFirst(h) {
		return true
	}
	// The same stems as glossState.plural.
	l := len(w)
	if l < 2 || w[l-1]|0x20 != 's' {
		return false
	}
	if l > 3 && w[l-3]|0x20 == 'i' && w[l-2]|0x20 == 'e' && g.hasFirst(fnvStep(h3, 'y')) {
		return true
	}
	if l > 2 && w[l-2]|0x20 == 'e' && g.hasFirst(h2) {
		return true
	}
	return g.hasFirst(h1)
}

// trieNode is one step of a word-level trie: a path from the root spells a
// term as lower-case words.
type trieNode struct {
	next map[string]*trieNode
	term int // index in Glossary.terms, or -1
	// abbr holds the words in capitals when the name is an abbreviation,
	// which must then match case-sensitively.
	abbr []string
}

// CollisionError reports two glossary entries (terms or aliases) that
// read the same when case is ignored, so a use could not be linked to one.
type CollisionError struct {
	Name  string // the name both use, as the second one spells it
	First Term
	Other Term
}

func (e *CollisionError) Error() string {
	return fmt.Sprintf("glossary: %q (%s) and %q (%s) both use the name %q; remove it from one of them, or make one longer",
		e.First.Term, e.First.URL, e.Other.Term, e.Other.URL, e.Name)
}

// NewGlossary indexes terms. It reports a *CollisionError if two terms or
// aliases have the same words, ignoring case, and an error for a name
// with no letters or digits.
func NewGlossary(terms []Term) (*Glossary, error) {
	g := &Glossary{terms: terms, root: &trieNode{term: -1}}
	usedIDs := map[string]bool{}
	for i, t := range terms {
		for _, name := range append([]string{t.Term}, t.Aliases...) {
			words := splitWords(name)
			if len(words) == 0 {
				return nil, fmt.Errorf("glossary: %q (%s) has a name %q with no letters or digits; give it a real word", t.Term, t.URL, name)
			}
			abbr := isAbbr(name)
			n := g.root
			for _, w := range words {
				lw := strings.ToLower(w)
				c := n.next[lw]
				if c == nil {
					c = &trieNode{term: -1}
					if n.next == nil {
						n.next = map[string]*trieNode{}
					}
					n.next[lw] = c
				}
				n = c
			}
			switch {
			case n.term == i:
				// The same name twice for one term is harmless.
			case n.term >= 0:
				return nil, &CollisionError{Name: name, First: terms[n.term], Other: t}
			default:
				n.term = i
				if abbr {
					n.abbr = words
				}
			}
		}
		g.title = append(g.title, abbrTitle(t))
		id := "gloss:" + newIDs().make(t.Term)
		for base, k := id, 1; usedIDs[id]; k++ {
			id = fmt.Sprintf("%s-%d", base, k)
		}
		usedIDs[id] = true
		g.ids = append(g.ids, id)
	}
	for w := range g.root.next {
		g.addFirst(w)
	}
	return g, nil
}

// splitWords returns the runs of letters and digits in s.
func splitWords(s string) []string {
	var words []string
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			words = append(words, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isAbbr reports whether a name is an abbreviation: at least two letters,
// all capitals.
func isAbbr(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// abbrTitle chooses the expansion shown for an abbreviation: the first
// name with no word in capitals ("Plan Do Study Act" rather than "PDSA
// cycle"), else the first name that is not itself an abbreviation.
func abbrTitle(t Term) string {
	names := append([]string{t.Term}, t.Aliases...)
	for _, name := range names {
		if !slices.ContainsFunc(splitWords(name), isAbbr) {
			return name
		}
	}
	for _, name := range names {
		if !isAbbr(name) {
			return name
		}
	}
	return ""
}
