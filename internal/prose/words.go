package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a paragraph, with its byte range in the text.
type token struct {
	text       string
	start, end int
}

// tokens splits text into words. A word is a run of letters and digits,
// joined by an apostrophe between letters ("don't"), a hyphen between
// letters or digits ("co-production") or a full stop or comma between
// digits ("3.5", "1,000"). Web addresses and email addresses are not words:
// they are skipped so a long link does not count as a long sentence.
func tokens(text string) []token {
	var out []token
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		if chunk := text[i:j]; !isAddress(chunk) {
			out = appendWords(out, chunk, i)
		}
		i = j
	}
	return out
}

func isAddress(chunk string) bool {
	chunk = strings.TrimLeftFunc(chunk, isOpener)
	lower := strings.ToLower(chunk)
	if strings.Contains(lower, "://") || strings.HasPrefix(lower, "www.") {
		return true
	}
	at := strings.IndexByte(chunk, '@')
	return at > 0 && strings.Contains(chunk[at:], ".")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// appendWords adds the words in chunk, which starts at byte off of the text.
func appendWords(out []token, chunk string, off int) []token {
	start := -1
	var prev rune
	for i, r := range chunk {
		if start < 0 {
			if isWordRune(r) {
				start = i
			}
			prev = r
			continue
		}
		if isWordRune(r) {
			prev = r
			continue
		}
		next, _ := utf8.DecodeRuneInString(chunk[i+utf8.RuneLen(r):])
		joins := false
		switch r {
		case '\'', '’':
			joins = unicode.IsLetter(prev) && unicode.IsLetter(next)
		case '-':
			joins = isWordRune(prev) && isWordRune(next)
		case '.', ',':
			joins = unicode.IsDigit(prev) && unicode.IsDigit(next)
		}
		if !joins {
			out = append(out, token{chunk[start:i], off + start, off + i})
			start = -1
		}
		prev = r
	}
	if start >= 0 {
		out = append(out, token{chunk[start:], off + start, off + len(chunk)})
	}
	return out
}
