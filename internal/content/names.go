package content

import (
	"maps"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/clic-cumbria/clic/internal/diag"
)

// Ignored reports whether a file name is hidden or an editor's temporary
// file (vim swap and backup files, Emacs lock files, JetBrains safe
// writes, sed -i, partial downloads).
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		strings.HasSuffix(name, ".crdownload") || name == "4913" ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") ||
		isSedTemp(name)
}

// isSedTemp reports whether name is the file sed -i writes before it
// renames it over the one it edits: "sed" and six random letters or
// digits, with no extension.
func isSedTemp(name string) bool {
	if len(name) != 9 || !strings.HasPrefix(name, "sed") {
		return false
	}
	for _, r := range name[3:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
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

// misplaced warns of files that are published, but not as the writer
// meant: Markdown saved with another ending, which would be copied as it
// is rather than made into a page, and pages in a folder whose name is a
// slip from a section's, which would be plain pages, missing from that
// section's list and feed. names are the Markdown files, assets the
// other files, both slash paths from the site root.
func misplaced(names, assets []string, dl *diag.List) {
	for _, a := range assets {
		ext := path.Ext(a)
		switch strings.ToLower(ext) {
		case ".md", ".markdown", ".mdown", ".mkd":
			dl.Warnf(diag.Pos{File: a, Line: 1, Col: 1}, "this file is copied to the site as it is, not made into a page, because clic reads only files ending in .md (small letters); rename it to %s.md", strings.TrimSuffix(path.Base(a), ext))
		}
	}
	sections := slices.Sorted(maps.Keys(kindOfSection))
	warned := map[string]bool{}
	for _, n := range names {
		dir, _, nested := strings.Cut(strings.TrimPrefix(n, "content/"), "/")
		if !nested || warned[dir] || kindOfSection[dir] != "" {
			continue
		}
		warned[dir] = true
		if s := nearest(strings.ToLower(dir), sections); s != "" {
			dl.Warnf(diag.Pos{File: n, Line: 1, Col: 1}, "the folder content/%s/ is not one of clic's sections, so its pages are plain pages, left out of the %s list and feed; did you mean content/%s/?", dir, s, s)
		}
	}
}
