package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range [start, end) of a paragraph's text.
type span struct{ start, end int }

// Sentences splits text into sentences, each trimmed of surrounding space
// but otherwise as written (line breaks inside a sentence are kept).
//
// A sentence ends at ".", "!", "?", "…" or "...", together with any
// closing quotes or brackets after it, when what follows is a space or line
// break and then a capital letter (perhaps after an opening quote or
// bracket), or the end of the text. A full stop does not end a sentence
// after a common abbreviation (e.g., i.e., Dr., Mr., Mrs., Ms., St., etc.,
// vs.) or a single-letter initial ("J. Smith"). Full stops inside decimal
// numbers, web addresses and email addresses are never followed by a space,
// so they never end a sentence. Text after the last ending is a sentence of
// its own, so a list item with no full stop still counts.
func Sentences(text string) []string {
	var out []string
	for _, sp := range sentenceSpans(text) {
		out = append(out, text[sp.start:sp.end])
	}
	return out
}

// sentenceSpans returns the trimmed byte range of each sentence in text.
func sentenceSpans(text string) []span {
	var out []span
	add := func(start, end int) {
		for start < end {
			r, n := utf8.DecodeRuneInString(text[start:])
			if !unicode.IsSpace(r) {
				break
			}
			start += n
		}
		for end > start {
			r, n := utf8.DecodeLastRuneInString(text[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		if end > start {
			out = append(out, span{start, end})
		}
	}
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isTerminal(r) {
			i += size
			continue
		}
		j, stops := i+size, 1
		for j < len(text) {
			r2, n := utf8.DecodeRuneInString(text[j:])
			if isTerminal(r2) {
				stops++
			} else if !isCloser(r2) {
				break
			}
			j += n
		}
		if r == '.' && stops == 1 && abbreviated(text[start:i]) {
			i = j
			continue
		}
		if j == len(text) || startsSentence(text[j:]) {
			add(start, j)
			start = j
		}
		i = j
	}
	add(start, len(text))
	return out
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isCloser(r rune) bool { return strings.ContainsRune(")]\"'”’»", r) }

func isOpener(r rune) bool { return strings.ContainsRune("([\"'“‘«", r) }

// startsSentence reports whether rest (the text after a sentence ending)
// is white space followed by a capital letter, perhaps after an opening
// quote or bracket.
func startsSentence(rest string) bool {
	spaced := false
	for _, r := range rest {
		switch {
		case unicode.IsSpace(r):
			spaced = true
		case !spaced:
			return false
		case isOpener(r):
		default:
			return unicode.IsUpper(r)
		}
	}
	return false
}

// abbreviated reports whether before (the sentence so far) ends with an
// abbreviation or an initial, so a full stop after it does not end the
// sentence.
func abbreviated(before string) bool {
	i := len(before)
	for i > 0 {
		c := before[i-1]
		if c != '.' && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			break
		}
		i--
	}
	word := before[i:]
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(before[:i]); !unicode.IsSpace(r) && !isOpener(r) {
			return false // part of something longer, such as "3.5" or "www.nhs.uk"
		}
	}
	if len(word) == 1 {
		return true // an initial
	}
	switch strings.ToLower(word) {
	case "e.g", "i.e", "eg", "ie", "etc", "vs", "viz", "cf", "approx",
		"dr", "mr", "mrs", "ms", "mx", "prof", "rev", "st", "sr", "jr", "fig", "dept", "ltd", "inc":
		return true
	}
	return false
}
