package prose

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultAvoidWords returns the words and phrases checked when
// Settings.AvoidWords is nil: jargon from the GOV.UK "words to avoid" list
// and similar, each with a plain alternative.
func DefaultAvoidWords() []string {
	return []string{
		"leverage", "facilitate", "going forward", "utilise", "utilize",
		"stakeholder", "in order to", "commence", "prior to", "robust",
		"streamline", "overarching", "deploy", "liaise", "foster",
		"incentivise", "empower", "synergy", "dialogue", "initiate",
	}
}

// plainAlternatives suggests plain words for a word or phrase to avoid.
func plainAlternatives(phrase string) []string {
	switch phrase {
	case "leverage", "utilise", "utilize", "deploy":
		return []string{"use"}
	case "facilitate", "assist":
		return []string{"help"}
	case "going forward":
		return []string{"from now on", "in future"}
	case "stakeholder":
		return []string{"people involved"}
	case "in order to":
		return []string{"to"}
	case "commence", "initiate":
		return []string{"start"}
	case "prior to":
		return []string{"before"}
	case "robust":
		return []string{"strong"}
	case "streamline":
		return []string{"simplify"}
	case "overarching":
		return []string{"overall", "main"}
	case "liaise", "collaborate":
		return []string{"work with", "talk to"}
	case "foster", "incentivise", "incentivize":
		return []string{"encourage"}
	case "empower":
		return []string{"let", "help"}
	case "dialogue":
		return []string{"talk", "discussion"}
	case "purchase":
		return []string{"buy"}
	case "approximately":
		return []string{"about"}
	case "additional":
		return []string{"more", "extra"}
	case "regarding", "with regard to":
		return []string{"about"}
	case "in excess of":
		return []string{"more than"}
	}
	return nil
}

// expandContraction returns the full form of a known contraction, given
// in lower case with a straight apostrophe. Possessives such as
// "patient's" are not contractions and are not listed.
func expandContraction(c string) []string {
	switch c {
	case "can't":
		return []string{"cannot"}
	case "won't":
		return []string{"will not"}
	case "shan't":
		return []string{"shall not"}
	case "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't",
		"haven't", "hasn't", "hadn't", "couldn't", "shouldn't", "wouldn't",
		"mustn't", "needn't", "mightn't":
		return []string{c[:len(c)-3] + " not"}
	case "it's", "that's", "there's", "here's", "what's", "who's", "where's", "he's", "she's":
		return []string{c[:len(c)-2] + " is", c[:len(c)-2] + " has"}
	case "let's":
		return []string{"let us"}
	case "i'm":
		return []string{"I am"}
	case "we're", "you're", "they're":
		return []string{c[:len(c)-3] + " are"}
	case "i've", "we've", "you've", "they've":
		return []string{fixI(c[:len(c)-3]) + " have"}
	case "i'll", "we'll", "you'll", "they'll", "he'll", "she'll", "it'll", "that'll":
		return []string{fixI(c[:len(c)-3]) + " will"}
	case "i'd", "we'd", "you'd", "they'd", "he'd", "she'd":
		return []string{fixI(c[:len(c)-2]) + " would", fixI(c[:len(c)-2]) + " had"}
	}
	return nil
}

func fixI(s string) string {
	if s == "i" {
		return "I"
	}
	return s
}

// matchCase gives s a capital first letter when like has one, so "Don't"
// becomes "Do not".
func matchCase(s, like string) string {
	if r, _ := utf8.DecodeRuneInString(like); unicode.IsUpper(r) && s != "" {
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// quoteAll quotes each alternative and joins them with "or".
func quoteAll(alts []string) string {
	q := make([]string, len(alts))
	for i, a := range alts {
		q[i] = fmt.Sprintf("%q", a)
	}
	return strings.Join(q, " or ")
}

// phrase is an avoid word split into lower-case words.
type phrase struct {
	text  string // as given in the settings, in lower case
	words []string
}

func avoidPhrases(list []string) []phrase {
	var out []phrase
	seen := map[string]bool{}
	for _, a := range list {
		var words []string
		for _, t := range tokens(a) {
			words = append(words, normalWord(t.text))
		}
		key := strings.Join(words, " ")
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, phrase{text: key, words: words})
	}
	return out
}

// normalWord lower-cases a word and straightens curly apostrophes.
func normalWord(w string) string {
	return strings.ReplaceAll(strings.ToLower(w), "’", "'")
}

// inflects reports whether got is want or a regular inflection of it
// ("facilitates", "facilitated", "facilitating", "stakeholders").
func inflects(got, want string) bool {
	if rest, ok := strings.CutPrefix(got, want); ok {
		switch rest {
		case "", "s", "es", "d", "ed", "ing":
			return true
		}
		return false
	}
	// "facilitating" from "facilitate"; "tackling" from "tackle".
	if stem, ok := strings.CutSuffix(want, "e"); ok {
		if rest, ok := strings.CutPrefix(got, stem); ok && rest == "ing" {
			return true
		}
	}
	// "incentivises" is covered above; "empties", "emptied" from "empty".
	if stem, ok := strings.CutSuffix(want, "y"); ok {
		if rest, ok := strings.CutPrefix(got, stem); ok && (rest == "ies" || rest == "ied") {
			return true
		}
	}
	return false
}

// matchPhrase reports whether p starts at words[i]. Only the last word may
// be inflected: "facilitated", but not "goes forward".
func matchPhrase(words []string, i int, p phrase) bool {
	if i+len(p.words) > len(words) || words[i][0] != p.words[0][0] {
		return false
	}
	last := len(p.words) - 1
	for k, w := range p.words {
		if k == last {
			return inflects(words[i+k], w)
		}
		if words[i+k] != w {
			return false
		}
	}
	return false
}

// abbreviation returns the singular form of tok if it is an abbreviation:
// two or more capital letters, perhaps with digits, perhaps with a plural
// s ("NHS", "CCGs", "ICS"). Roman numerals and "OK" are not abbreviations.
func abbreviation(tok string) (string, bool) {
	core := strings.TrimSuffix(tok, "s")
	caps, roman := 0, true
	for _, c := range []byte(core) {
		switch {
		case c >= 'A' && c <= 'Z':
			caps++
			roman = roman && (c == 'I' || c == 'V' || c == 'X')
		case c >= '0' && c <= '9':
		default:
			return "", false
		}
	}
	if caps < 2 || roman || core == "OK" || core[0] < 'A' || core[0] > 'Z' {
		return "", false
	}
	return core, true
}

// initialsMatch reports whether the words, read in order, start with the
// letters of abbr, allowing small joining words ("and", "of") to be
// skipped: "Cumbria Learning and Improvement Collaborative" matches "CLIC".
func initialsMatch(abbr string, words []string) bool {
	var letters []byte
	for _, c := range []byte(abbr) {
		if c >= 'A' && c <= 'Z' {
			letters = append(letters, c+'a'-'A')
		}
	}
	var parts []string
	for _, w := range words {
		parts = append(parts, strings.FieldsFunc(strings.ToLower(w), func(r rune) bool { return r == '-' })...)
	}
	var match func(li, wi int) bool
	match = func(li, wi int) bool {
		if wi == len(parts) {
			return li == len(letters)
		}
		w := parts[wi]
		if li < len(letters) && w[0] == letters[li] && match(li+1, wi+1) {
			return true
		}
		switch w {
		case "and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "with", "by":
			return match(li, wi+1)
		}
		return false
	}
	return len(letters) > 0 && match(0, 0)
}

// defined reports whether the abbreviation at toks[i] is spelled out where
// it stands: in brackets after a phrase ("clinical commissioning group
// (CCG)"), straight after words whose initials it shares, or followed by
// its meaning in brackets ("CCG (clinical commissioning group)").
func defined(text string, toks []token, i int, abbr string) bool {
	t := toks[i]
	bracketed := t.start > 0 && text[t.start-1] == '(' && t.end < len(text) && text[t.end] == ')'
	if bracketed && i > 0 {
		return true
	}
	n := len(abbr)
	for k := max(i-n-4, 0); k < i; k++ {
		words := make([]string, 0, i-k)
		for _, w := range toks[k:i] {
			words = append(words, w.text)
		}
		if initialsMatch(abbr, words) {
			return true
		}
	}
	rest := strings.TrimLeft(text[t.end:], " ")
	if !strings.HasPrefix(rest, "(") {
		return false
	}
	open := len(text) - len(rest)
	closing := strings.IndexByte(text[open:], ')')
	if closing < 0 {
		return false
	}
	var words []string
	for _, w := range toks[i+1:] {
		if w.start > open+closing {
			break
		}
		words = append(words, w.text)
	}
	return initialsMatch(abbr, words)
}
