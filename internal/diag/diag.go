// Package diag reports problems in a writer's files.
//
// A Diagnostic names a position (file, line, column), says what is wrong
// and, where it can, how to fix it. Positions are 1-based; a Line or Col of
// zero means "unknown" and is left out when printed. File is always a
// slash-separated path relative to the site root, such as
// "content/posts/welcome.md", so messages read the same on every machine:
//
//	content/posts/welcome.md:3:7: date "2024-02-30" is not a real date; write it as YYYY-MM-DD, for example 2024-02-28
//
// A List collects every problem found, so that a writer sees all of them
// at once, then the caller stops. Warnings never stop a build.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a problem stops the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Pos is a place in a file. Line and Col count from 1.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string // what is wrong, then how to fix it
	// Source holds the lines around Pos.Line, when known, for display.
	Source []Line
}

// Line is one numbered line of source shown beside a diagnostic.
type Line struct {
	N    int
	Text string
}

// Error formats the diagnostic the way go vet does: "path:line:col: msg".
// Warnings carry a "warning: " prefix so they cannot be mistaken for errors.
func (d Diagnostic) Error() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// Key identifies a diagnostic by where it is and what it says, leaving out
// its source lines: diagnostics with one Key read the same. It is cheaper
// than Error to make, for the sets that drop repeats.
type Key struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

// Key returns d's Key.
func (d Diagnostic) Key() Key { return Key{d.Pos, d.Severity, d.Msg} }

// List is an ordered collection of diagnostics. The zero value is ready to use.
// It is not safe for concurrent use; merge per-goroutine lists instead.
type List []Diagnostic

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Add appends diagnostics from another list.
func (l *List) Add(other ...Diagnostic) { *l = append(*l, other...) }

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Severity == Error })
}

// Errors returns only the errors.
func (l List) Errors() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Severity != Error })
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Severity != Warning })
}

// Sort orders diagnostics by file, line and column so output is stable
// whatever order parallel work finished in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			strings.Compare(a.Msg, b.Msg),
		)
	})
}

// Error joins all diagnostics, one per line, so a List can be returned as an error.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Err returns the list as an error if it holds any errors, else nil.
func (l List) Err() error {
	if l.HasErrors() {
		return l.Errors()
	}
	return nil
}

// SourceLines is how many lines either side of a problem's line are
// shown with it.
const SourceLines = 2

// WithSource attaches up to context lines either side of each diagnostic's
// line, read through src (which maps a file to its text). Diagnostics whose
// file src cannot supply are left as they are, as are those that have
// their lines already. A file is read and split once for a run of
// diagnostics about it, as a sorted list has.
func (l List) WithSource(src func(file string) ([]byte, bool), context int) {
	var file string
	var lines []string
	var read, ok bool
	for i := range l {
		d := &l[i]
		if d.Pos.Line == 0 || d.Source != nil {
			continue
		}
		if !read || d.Pos.File != file {
			file, lines, read = d.Pos.File, nil, true
			var data []byte
			if data, ok = src(file); ok {
				lines = splitLines(data)
			}
		}
		if ok {
			d.Source = excerpt(lines, d.Pos.Line, context)
		}
	}
}

// Excerpt returns the lines from line-context to line+context of data.
// A line before the first (0, "unknown") gives no lines.
func Excerpt(data []byte, line, context int) []Line {
	return excerpt(splitLines(data), line, context)
}

func splitLines(data []byte) []string {
	return strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
}

func excerpt(lines []string, line, context int) []Line {
	if line < 1 {
		return nil
	}
	lo, hi := max(line-context, 1), min(line+context, len(lines))
	// The newline ending the last line does not start another one, so the
	// empty "line" after it is shown only when it is the line pointed at
	// (as parsers do for "unexpected end of file").
	if hi == len(lines) && hi > line && lines[hi-1] == "" {
		hi--
	}
	var out []Line
	for n := lo; n <= hi; n++ {
		// A clone, or the line would keep its whole file in memory for
		// as long as the diagnostic lives (in the preview, until the
		// file changes).
		out = append(out, Line{N: n, Text: strings.Clone(lines[n-1])})
	}
	return out
}

// Format writes the diagnostic with its source excerpt, for terminals:
//
//	content/posts/a.md:3:7: date "2024-02-30" is not a real date ...
//	   2 | title: Hello
//	>  3 | date: 2024-02-30
//	   4 | tags: [news]
func (d Diagnostic) Format() string {
	var b strings.Builder
	b.WriteString(d.Error())
	for _, ln := range d.Source {
		mark := "  "
		if ln.N == d.Pos.Line {
			mark = "> "
		}
		fmt.Fprintf(&b, "\n  %s%4d | %s", mark, ln.N, ln.Text)
		if ln.N == d.Pos.Line && d.Pos.Col > 0 {
			fmt.Fprintf(&b, "\n  %s%4s | %s^", "  ", "", strings.Repeat(" ", caretOffset(ln.Text, d.Pos.Col)))
		}
	}
	return b.String()
}

// caretOffset converts a 1-based byte column to a count of characters so the
// caret lines up under non-ASCII text.
func caretOffset(text string, col int) int {
	if col-1 > len(text) {
		col = len(text) + 1
	}
	return len([]rune(text[:col-1]))
}
