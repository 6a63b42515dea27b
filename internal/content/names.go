package content

import (
	"strings"
	"unicode"
)

// Ignored reports whether a file name is hidden or an editor's temporary
// file (vim swap and backup files, Emacs lock files, partial downloads).
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		strings.HasSuffix(name, ".crdownload") || name == "4913"
}

// Slugify turns a name into a URL-safe slug: lower case, with runs of
// anything but letters and digits folded into one hyphen.
func Slugify(s string) string {
	if isSlug(s) {
		return s // most file names are slugs already: no need to copy
	}
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
			// "Let's" reads better as "lets" than "let-s".
		default:
			hyphen = true
		}
	}
	return b.String()
}

// isSlug reports whether Slugify would return s as it is: lower-case
// ASCII letters and digits, with single hyphens between them.
func isSlug(s string) bool {
	hyphen := true // so that a leading hyphen is refused
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			hyphen = false
		case c == '-' && !hyphen:
			hyphen = true
		default:
			return false
		}
	}
	return !hyphen || s == ""
}
