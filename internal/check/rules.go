package check

import (
	"strings"
	"unicode"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/markdown"
)

// pageRules adds the warnings about a page's structure: skipped heading
// levels, link text that says nothing, a missing summary.
func pageRules(p *content.Page, r *markdown.Result, dl *diag.List) {
	at := func(line, col int) diag.Pos { return diag.Pos{File: p.File, Line: p.BodyLine + line - 1, Col: col} }

	// The page title is the level 1 heading.
	prev := 1
	for _, h := range r.TOC {
		if h.Level > prev+1 {
			dl.Warnf(at(h.Line, 1),
				"the heading %q skips a level: it is level %d after level %d; write it with %s so screen reader users can follow the page's outline",
				h.Text, h.Level, prev, strings.Repeat("#", prev+1))
		}
		prev = h.Level
	}

	for _, l := range r.Links {
		if l.Image || l.Text == l.Dest {
			continue // images have alt text, not link text; bare URLs are their own text
		}
		text := linkWords(l.Text)
		switch {
		case text == "":
			dl.Warnf(at(l.Line, l.Col), "the link to %s has no text; write words that say where it goes", l.Dest)
		case vague(text):
			dl.Warnf(at(l.Line, l.Col),
				"the link text %q does not say where the link goes; use words that describe the page, such as its title, because many screen reader users hear links on their own",
				strings.TrimSpace(l.Text))
		}
	}

	if p.Kind != content.Term && strings.TrimSpace(p.Summary) == "" && len(r.Summary) == 0 {
		l, c := p.KeyLine("title")
		dl.Warnf(diag.Pos{File: p.File, Line: l, Col: c},
			"this page has no summary, so lists, feeds and search results show nothing under its title; add summary: to the front matter, or start the page with a paragraph")
	}
}

// vague reports whether link text, as linkWords gives it, makes no sense
// on its own.
func vague(text string) bool {
	switch text {
	case "click here", "click", "here", "go here",
		"read more", "more", "learn more", "find out more", "more info", "more information",
		"this link", "link", "this", "this page":
		return true
	}
	return false
}

// linkWords is link text lower-cased, with punctuation dropped and spaces
// made single.
func linkWords(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
