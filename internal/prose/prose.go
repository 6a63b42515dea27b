// Package prose measures how easy a page's prose is to read, for clic's
// plain language checks.
//
// The targets come from the GOV.UK and NHS style guides: a reading age of
// 9 to 11, sentences of 25 words or fewer (the NHS asks for 20),
// paragraphs of no more than 3 sentences, common words rather than jargon,
// "do not" rather than "don't", and abbreviations spelled out the first
// time they are used.
//
// The caller hands over plain text, one Paragraph at a time, with the
// source line where it starts; code, tables and front matter are left out
// before it gets here. Analyse counts words, sentences and syllables,
// scores the text with the Flesch reading ease and Flesch–Kincaid grade
// formulas:
//
//	reading ease = 206.835 − 1.015 × (words ÷ sentences) − 84.6 × (syllables ÷ words)
//	grade        = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
//	reading age  = grade + 5
//
// and lists Findings: things a writer can change, each with the line it
// is on and advice in plain English. Findings are advice, not errors; they
// never stop a build. Output depends only on the input: findings are
// sorted by line, then rule, then the order they appear in.
//
// Syllables are counted by a rule of thumb (see Syllables), so scores are
// estimates, good for comparing drafts rather than exact to a decimal.
package prose

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/clic-cumbria/clic/internal/diag"
)

// Paragraph is one paragraph of plain text. Line is the 1-based source
// line of its first character; each line break in Text moves one line on.
type Paragraph struct {
	Text string
	Line int
}

// Settings are the site's plain language targets. Zero values take the
// GOV.UK defaults.
type Settings struct {
	SentenceWords      int // longest sentence, in words, before a finding; default 25
	ParagraphSentences int // most sentences in a paragraph; default 3
	// AvoidWords are words and phrases to avoid, matched whole and
	// regardless of case, with regular endings ("facilitates",
	// "facilitated"). Nil means DefaultAvoidWords; an empty, non-nil list
	// checks none.
	AvoidWords []string
	// Known reports whether an abbreviation has a glossary entry, so it
	// need not be spelled out on the page. Nil means none are known.
	Known func(abbr string) bool
}

// Rules named in Finding.Rule.
const (
	RuleLongSentence  = "long-sentence"
	RuleLongParagraph = "long-paragraph"
	RuleAvoidWord     = "avoid-word"
	RuleContraction   = "contraction"
	RuleAbbreviation  = "abbreviation"
)

// Report is what Analyse found.
type Report struct {
	Words, Sentences, Paragraphs, Syllables int
	PolysyllableWords                       int // words of 3 or more syllables
	FleschReadingEase                       float64
	FleschKincaidGrade                      float64
	ReadingAge                              float64 // FleschKincaidGrade + 5: the UK school age the grade matches
	LongestSentence                         int     // in words
	MeanSentenceWords                       float64
	Findings                                []Finding
}

// Finding is one thing a writer could change to make the text plainer.
type Finding struct {
	Line int
	Rule string // one of the Rule constants
	Msg  string // what is wrong and how to fix it
}

// Diagnostic turns the finding into a warning about file.
func (f Finding) Diagnostic(file string) diag.Diagnostic {
	return diag.Diagnostic{Pos: diag.Pos{File: file, Line: f.Line}, Severity: diag.Warning, Msg: f.Msg}
}

// Diagnostics returns every finding as a warning about file.
func (r Report) Diagnostics(file string) diag.List {
	var l diag.List
	for _, f := range r.Findings {
		l.Add(f.Diagnostic(file))
	}
	return l
}

// Analyse scores paras and lists what a writer could change.
func Analyse(paras []Paragraph, s Settings) Report {
	if s.SentenceWords <= 0 {
		s.SentenceWords = 25
	}
	if s.ParagraphSentences <= 0 {
		s.ParagraphSentences = 3
	}
	avoid := s.AvoidWords
	if avoid == nil {
		avoid = DefaultAvoidWords()
	}
	a := analysis{settings: s, avoid: avoidPhrases(avoid), reported: map[string]bool{}, definedAbbr: map[string]bool{}}

	parsed := make([]parsedParagraph, len(paras))
	for i, p := range paras {
		parsed[i] = parsedParagraph{Paragraph: p, toks: tokens(p.Text), spans: sentenceSpans(p.Text)}
		a.noteDefinitions(parsed[i])
	}
	for _, p := range parsed {
		a.paragraph(p)
	}

	r := a.report
	if r.Words > 0 && r.Sentences > 0 {
		wps := float64(r.Words) / float64(r.Sentences)
		spw := float64(r.Syllables) / float64(r.Words)
		r.FleschReadingEase = 206.835 - 1.015*wps - 84.6*spw
		r.FleschKincaidGrade = 0.39*wps + 11.8*spw - 15.59
		r.ReadingAge = r.FleschKincaidGrade + 5
		r.MeanSentenceWords = wps
	}
	slices.SortStableFunc(r.Findings, func(x, y Finding) int {
		return cmp.Or(cmp.Compare(x.Line, y.Line), strings.Compare(x.Rule, y.Rule))
	})
	return r
}

type parsedParagraph struct {
	Paragraph
	toks  []token
	spans []span
}

// lineAt returns the source line of byte off in the paragraph's text.
func (p parsedParagraph) lineAt(off int) int {
	return p.Line + strings.Count(p.Text[:off], "\n")
}

type analysis struct {
	settings    Settings
	avoid       []phrase
	report      Report
	definedAbbr map[string]bool // abbreviations spelled out somewhere on the page
	reported    map[string]bool // abbreviations already reported
}

func (a *analysis) add(line int, rule, format string, args ...any) {
	a.report.Findings = append(a.report.Findings, Finding{Line: line, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

func (a *analysis) noteDefinitions(p parsedParagraph) {
	for i, t := range p.toks {
		if abbr, ok := abbreviation(t.text); ok && defined(p.Text, p.toks, i, abbr) {
			a.definedAbbr[abbr] = true
		}
	}
}

func (a *analysis) paragraph(p parsedParagraph) {
	r := &a.report
	if len(p.toks) == 0 {
		return
	}
	r.Paragraphs++
	r.Words += len(p.toks)
	for _, t := range p.toks {
		n := Syllables(t.text)
		r.Syllables += n
		if n >= 3 {
			r.PolysyllableWords++
		}
	}

	sentences, k := 0, 0
	for _, sp := range p.spans {
		first := k
		for k < len(p.toks) && p.toks[k].start < sp.end {
			k++
		}
		n := k - first
		if n == 0 {
			continue
		}
		sentences++
		r.LongestSentence = max(r.LongestSentence, n)
		if n > a.settings.SentenceWords {
			a.add(p.lineAt(sp.start), RuleLongSentence,
				"This sentence has %d words (it starts %q). Try to keep sentences to %d words or fewer: split it into %s.",
				n, opening(p.toks[first:k]), a.settings.SentenceWords, parts(n, a.settings.SentenceWords))
		}
	}
	r.Sentences += sentences
	if sentences > a.settings.ParagraphSentences {
		a.add(p.Line, RuleLongParagraph,
			"This paragraph has %d sentences. Try to keep paragraphs to %d sentences or fewer: start a new paragraph where the subject changes.",
			sentences, a.settings.ParagraphSentences)
	}
	a.words(p)
}

// words checks each word for jargon, contractions and unexplained
// abbreviations.
func (a *analysis) words(p parsedParagraph) {
	lower := make([]string, len(p.toks))
	for i, t := range p.toks {
		lower[i] = normalWord(t.text)
	}
	for i, t := range p.toks {
		line := p.lineAt(t.start)
		for _, ph := range a.avoid {
			if !matchPhrase(lower, i, ph) {
				continue
			}
			written := strings.Join(strings.Fields(p.Text[t.start:p.toks[i+len(ph.words)-1].end]), " ")
			if alts := plainAlternatives(ph.text); alts != nil {
				a.add(line, RuleAvoidWord, "Avoid %q: write %s instead.", written, quoteAll(alts))
			} else {
				a.add(line, RuleAvoidWord, "Avoid %q: say what you mean in everyday words.", written)
			}
		}
		if full := expandContraction(lower[i]); full != nil {
			for k := range full {
				full[k] = matchCase(full[k], t.text)
			}
			a.add(line, RuleContraction, "Write %s instead of %q: contractions are harder for some readers to understand.", quoteAll(full), t.text)
		}
		for part := range strings.SplitSeq(t.text, "-") {
			abbr, ok := abbreviation(part)
			if !ok || a.reported[abbr] || a.definedAbbr[abbr] {
				continue
			}
			if k := a.settings.Known; k != nil && (k(abbr) || k(part)) {
				continue
			}
			a.reported[abbr] = true
			a.add(line, RuleAbbreviation,
				"Explain %q: write it out in full the first time you use it, followed by \"(%s)\", or add it to the glossary.", abbr, abbr)
		}
	}
}

// opening returns the first few words of a sentence, so a writer can find it.
func opening(toks []token) string {
	const n = 5
	var w []string
	for _, t := range toks[:min(n, len(toks))] {
		w = append(w, t.text)
	}
	s := strings.Join(w, " ")
	if len(toks) > n {
		s += "…"
	}
	return s
}

// parts says how many sentences a sentence of n words should become.
func parts(n, limit int) string {
	k := (n + limit - 1) / limit
	if names := []string{"two", "three", "four", "five"}; k-2 < len(names) {
		return names[max(k-2, 0)]
	}
	return fmt.Sprintf("%d", k)
}
