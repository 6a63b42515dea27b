// Package check is clic check: it builds a site in memory, without writing
// anything, and reports how plain its language is and every problem a
// writer can fix.
//
// # What is checked
//
// Everything clic build checks, with the same errors: front matter,
// links and #anchors that lead nowhere, images with no alt text, glossary
// names used by two entries, templates. A site that passes clic check
// builds.
//
// On top, as warnings that never fail a build:
//
//   - a heading that skips a level (## then ####); the page title is the
//     level 1 heading, so a body starts at ##;
//   - link text that does not say where a link goes, such as "click here",
//     "here", "read more", "more" or "this link", and links with no text;
//   - a page with no summary: no summary in the front matter and no first
//     paragraph (glossary entries have short instead);
//   - every finding of package prose: sentences longer than the site's
//     sentence_words, paragraphs with more than paragraph_sentences
//     sentences, avoid_words (the prose defaults when the site lists none),
//     contractions, and abbreviations never spelled out on the page and not
//     in the glossary;
//   - a page whose reading age is above the site's reading_age max.
//
// # Reading age
//
// Each page's prose (paragraphs, lists, quotes; not headings, code, tables
// or raw HTML) is scored by prose.Analyse. Report.Pages lists every page
// made from a file, hardest to read first: highest reading age, then by
// file. Pages with no sentences come last.
//
// # JSON
//
// Report.JSON writes, for tools (field names are stable):
//
//	{
//	  "target_reading_age": {"min": 9, "max": 11},
//	  "pages": [{"file": "content/about.md", "url": "/about/", "title": "About",
//	             "words": 420, "sentences": 21, "flesch_reading_ease": 61.2,
//	             "flesch_kincaid_grade": 7.9, "reading_age": 12.9,
//	             "longest_sentence": 31, "findings": 4, "above_target": true}],
//	  "diagnostics": [{"file": "content/about.md", "line": 12, "col": 3,
//	                   "severity": "warning", "message": "..."}],
//	  "errors": 0,
//	  "warnings": 4
//	}
//
// Scores are rounded to one decimal place. "findings" counts the page's
// diagnostics, errors and warnings; "line" and "col" are 0 when unknown.
package check

import (
	"cmp"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/markdown"
	"github.com/clic-cumbria/clic/internal/prose"
)

// Report is what a check found.
type Report struct {
	// Target is the site's reading_age setting.
	Target struct{ Min, Max int }
	// Pages are the pages made from files, hardest to read first.
	Pages []Page
	// Diagnostics are every error and warning, sorted by file and line.
	Diagnostics diag.List
}

// Page is one page's reading scores.
type Page struct {
	File, URL, Title   string
	Words, Sentences   int
	FleschReadingEase  float64
	FleschKincaidGrade float64
	ReadingAge         float64
	LongestSentence    int // in words
	Findings           int // diagnostics about the page's file
	AboveTarget        bool
}

// Run checks the site opts describe. The list is Report.Diagnostics; the
// check failed if it holds an error.
func Run(opts build.Options) (Report, diag.List) {
	opts.Analyse = true
	opts.Minify = false
	st, dl := build.Build(opts, nowhere{})
	var rep Report
	if st.Site == nil {
		rep.Diagnostics = dl
		return rep, dl
	}
	s := st.Site.Settings
	rep.Target.Min, rep.Target.Max = s.ReadingAge.Min, s.ReadingAge.Max
	settings := proseSettings(st.Site)
	var pages []*content.Page
	for _, p := range st.Site.Pages {
		if p.File != "" && st.Rendered[p] != nil {
			pages = append(pages, p)
		}
	}
	// Scoring prose is most of a check's own work (a fifth of the CPU for
	// 10,000 posts), and each page's is its own, so it is spread over the
	// cores; the results are gathered in page order.
	scores := make([]prose.Report, len(pages))
	build.Parallel(len(pages), func(i int) {
		scores[i] = prose.Analyse(paragraphs(st.Rendered[pages[i]].Prose), settings)
	})
	var warn diag.List
	for i, p := range pages {
		r, pr := st.Rendered[p], scores[i]
		for _, f := range pr.Findings {
			warn.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: p.BodyLine + f.Line - 1}, Severity: diag.Warning, Msg: f.Msg})
		}
		pageRules(p, r, &warn)
		pg := Page{
			File: p.File, URL: p.URL, Title: p.Title,
			Words: pr.Words, Sentences: pr.Sentences,
			FleschReadingEase:  round(pr.FleschReadingEase),
			FleschKincaidGrade: round(pr.FleschKincaidGrade),
			ReadingAge:         round(pr.ReadingAge),
			LongestSentence:    pr.LongestSentence,
		}
		if pr.Sentences > 0 && pg.ReadingAge > float64(s.ReadingAge.Max) {
			pg.AboveTarget = true
			l, c := p.KeyLine("title")
			warn.Warnf(diag.Pos{File: p.File, Line: l, Col: c},
				"this page has a reading age of %.1f, above the site's target of %s; %s",
				pg.ReadingAge, targetText(rep.Target.Min, rep.Target.Max), advice(pr))
		}
		rep.Pages = append(rep.Pages, pg)
	}
	dl.Add(warn...)
	dl.Sort()
	findings := map[string]int{}
	for _, d := range dl {
		findings[d.Pos.File]++
	}
	for i := range rep.Pages {
		rep.Pages[i].Findings = findings[rep.Pages[i].File]
	}
	scored := func(p Page) int {
		if p.Sentences > 0 {
			return 1
		}
		return 0
	}
	slices.SortFunc(rep.Pages, func(a, b Page) int {
		return cmp.Or(
			cmp.Compare(scored(b), scored(a)),
			cmp.Compare(b.ReadingAge, a.ReadingAge),
			strings.Compare(a.File, b.File))
	})
	rep.Diagnostics = dl
	return rep, dl
}

// HTMLFunc makes the hook for the preview server's report page
// (serve.Config.Report): each call checks the site afresh.
func HTMLFunc(opts build.Options) func() []byte {
	return func() []byte {
		r, _ := Run(opts)
		return r.HTML()
	}
}

// proseSettings are the site's plain language targets. A name in the
// glossary is explained by its link, so it need not be spelled out.
func proseSettings(site *content.Site) prose.Settings {
	s := site.Settings
	known := map[string]bool{}
	// The layout shows the organisation on every page, so an abbreviation
	// it spells out, as in "Cumbria Learning and Improvement
	// Collaborative (CLIC)", is explained everywhere.
	for _, w := range strings.FieldsFunc(s.Organisation, func(r rune) bool { return r == '(' || r == ')' || r == ' ' || r == ',' }) {
		if len(w) >= 2 && strings.ToUpper(w) == w && strings.ContainsFunc(w, unicode.IsLetter) && strings.Contains(s.Organisation, "("+w+")") {
			known[w] = true
		}
	}
	for _, t := range site.Terms {
		if t.Term == nil {
			continue
		}
		known[t.Term.Term] = true
		for _, a := range t.Term.Aliases {
			known[a] = true
		}
	}
	ps := prose.Settings{
		SentenceWords:      s.SentenceWords,
		ParagraphSentences: s.ParagraphSentences,
		Known:              func(abbr string) bool { return known[abbr] },
	}
	if len(s.AvoidWords) > 0 {
		ps.AvoidWords = s.AvoidWords
	}
	return ps
}

// advice says what most raises a page's reading age. Sentences that
// average 15 words or fewer are short enough, so then it is the words.
func advice(r prose.Report) string {
	words := fmt.Sprintf("shorter, everyday words: %d of its %d words have three or more syllables", r.PolysyllableWords, r.Words)
	switch {
	case r.MeanSentenceWords <= 15:
		return "use " + words
	case r.Words > 0 && r.PolysyllableWords*100 >= r.Words*12:
		return fmt.Sprintf("use shorter sentences (they average %.0f words) and %s", r.MeanSentenceWords, words)
	}
	return fmt.Sprintf("use shorter sentences: they average %.0f words, and the longest has %d", r.MeanSentenceWords, r.LongestSentence)
}

func paragraphs(in []markdown.Paragraph) []prose.Paragraph {
	out := make([]prose.Paragraph, len(in))
	for i, p := range in {
		out[i] = prose.Paragraph{Text: p.Text, Line: p.Line}
	}
	return out
}

func round(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return math.Round(f*10) / 10
}

// targetText writes a reading age range as people read it: "9–11".
func targetText(lo, hi int) string {
	if lo == hi || lo <= 0 {
		return strconv.Itoa(hi)
	}
	return strconv.Itoa(lo) + "–" + strconv.Itoa(hi)
}

// nowhere is a build.Writer that keeps nothing: a check writes no files.
type nowhere struct{}

func (nowhere) WriteFile(string, []byte) error { return nil }

// CopyFile stops the build reading static files it would only throw away.
func (nowhere) CopyFile(string, fs.FS, string) error { return nil }
