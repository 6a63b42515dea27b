package diag

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "content/a.md"}, "content/a.md"},
		{Pos{File: "content/a.md", Line: 3}, "content/a.md:3"},
		{Pos{File: "content/a.md", Line: 3, Col: 7}, "content/a.md:3:7"},
		{Pos{File: "content/a.md", Col: 7}, "content/a.md"}, // a column without a line means nothing
		{Pos{File: "layouts"}, "layouts"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestDiagnosticError(t *testing.T) {
	at := Pos{File: "content/a.md", Line: 2, Col: 1}
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{"error", Diagnostic{Pos: at, Severity: Error, Msg: "bad"}, "content/a.md:2:1: bad"},
		{"warning", Diagnostic{Pos: at, Severity: Warning, Msg: "odd"}, "content/a.md:2:1: warning: odd"},
		{"no line", Diagnostic{Pos: Pos{File: "content"}, Msg: "gone"}, "content: gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSeverityString(t *testing.T) {
	if Error.String() != "error" || Warning.String() != "warning" {
		t.Errorf("got %q and %q", Error, Warning)
	}
}

func TestListErrorfWarnfAdd(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "a", Line: 1}, "x is %d", 3)
	l.Warnf(Pos{File: "b", Line: 2}, "y is %q", "z")
	var other List
	other.Errorf(Pos{File: "c"}, "c")
	l.Add(other...)
	want := "a:1: x is 3\nb:2: warning: y is \"z\"\nc: c"
	if got := l.Error(); got != want {
		t.Errorf("List.Error() = %q, want %q", got, want)
	}
}

func TestErrAndHasErrors(t *testing.T) {
	warn := Diagnostic{Pos: Pos{File: "w"}, Severity: Warning, Msg: "w"}
	bad := Diagnostic{Pos: Pos{File: "e"}, Severity: Error, Msg: "e"}
	tests := []struct {
		name      string
		l         List
		hasErrors bool
		err       string // "" means Err returns nil
		warnings  int
	}{
		{"empty", nil, false, "", 0},
		{"only warnings", List{warn, warn}, false, "", 2},
		{"only errors", List{bad}, true, "e: e", 0},
		{"mixed keeps errors only", List{warn, bad, warn, bad}, true, "e: e\ne: e", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.l)
			if got := tt.l.HasErrors(); got != tt.hasErrors {
				t.Errorf("HasErrors() = %v, want %v", got, tt.hasErrors)
			}
			err := tt.l.Err()
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("Err() = %v, want nil", err)
			case tt.err != "" && (err == nil || err.Error() != tt.err):
				t.Errorf("Err() = %v, want %q", err, tt.err)
			}
			if tt.err != "" {
				var l List
				if !errors.As(err, &l) || l.HasErrors() != true || len(l.Warnings()) != 0 {
					t.Errorf("Err() = %#v, want a List of errors only", err)
				}
			}
			if got := len(tt.l.Warnings()); got != tt.warnings {
				t.Errorf("len(Warnings()) = %d, want %d", got, tt.warnings)
			}
			if !slices.EqualFunc(before, tt.l, func(a, b Diagnostic) bool { return a.Error() == b.Error() }) {
				t.Errorf("filtering changed the list: %v, was %v", tt.l, before)
			}
		})
	}
}

func TestSort(t *testing.T) {
	d := func(file string, line, col int, msg string) Diagnostic {
		return Diagnostic{Pos: Pos{File: file, Line: line, Col: col}, Msg: msg}
	}
	l := List{
		d("content/b.md", 1, 1, "x"),
		d("content/a.md", 10, 1, "x"),
		d("content/a.md", 2, 5, "x"),
		d("content/a.md", 2, 1, "z"),
		d("content/a.md", 2, 1, "a"),
		d("content", 0, 0, "x"),
		d("content/a.md", 9, 1, "x"),
	}
	l.Sort()
	want := []string{
		"content: x",
		"content/a.md:2:1: a",
		"content/a.md:2:1: z",
		"content/a.md:2:5: x",
		"content/a.md:9:1: x",
		"content/a.md:10:1: x", // numeric, not text, order
		"content/b.md:1:1: x",
	}
	var got []string
	for _, x := range l {
		got = append(got, x.Error())
	}
	if !slices.Equal(got, want) {
		t.Errorf("sorted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestExcerpt(t *testing.T) {
	five := []byte("one\ntwo\nthree\nfour\nfive\n")
	tests := []struct {
		name    string
		data    []byte
		line    int
		context int
		want    []Line
	}{
		{"middle", five, 3, 1, []Line{{2, "two"}, {3, "three"}, {4, "four"}}},
		{"first line", five, 1, 2, []Line{{1, "one"}, {2, "two"}, {3, "three"}}},
		{"last line, no phantom line after the final newline", five, 5, 2, []Line{{3, "three"}, {4, "four"}, {5, "five"}}},
		{"no final newline", []byte("one\ntwo"), 2, 1, []Line{{1, "one"}, {2, "two"}}},
		{"no context", five, 4, 0, []Line{{4, "four"}}},
		{"CRLF", []byte("a\r\nb\r\nc\r\n"), 2, 1, []Line{{1, "a"}, {2, "b"}, {3, "c"}}},
		{"past the end", five, 9, 1, nil},
		{"unknown line", five, 0, 2, nil},
		{"blank last line is kept", []byte("a\n\n"), 2, 0, []Line{{2, ""}}},
		{"end of file after the final newline", []byte("a\nb\n"), 3, 1, []Line{{2, "b"}, {3, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Excerpt(tt.data, tt.line, tt.context); !slices.Equal(got, tt.want) {
				t.Errorf("Excerpt(%q, %d, %d) = %v, want %v", tt.data, tt.line, tt.context, got, tt.want)
			}
		})
	}
}

func TestWithSource(t *testing.T) {
	files := map[string][]byte{"a.md": []byte("1\n2\n3\n4\n"), "b.md": []byte("x\ny\n")}
	reads := map[string]int{}
	src := func(f string) ([]byte, bool) { reads[f]++; b, ok := files[f]; return b, ok }
	kept := []Line{{1, "kept"}}
	l := List{
		{Pos: Pos{File: "a.md", Line: 2, Col: 1}},
		{Pos: Pos{File: "a.md"}}, // no line: nothing to show
		{Pos: Pos{File: "a.md", Line: 4}},
		{Pos: Pos{File: "missing.md", Line: 1}},         // src cannot supply it
		{Pos: Pos{File: "missing.md", Line: 2}},         // nor this
		{Pos: Pos{File: "b.md", Line: 1}, Source: kept}, // already has source
		{Pos: Pos{File: "b.md", Line: 2}},
	}
	l.WithSource(src, 1)
	want := [][]Line{{{1, "1"}, {2, "2"}, {3, "3"}}, nil, {{3, "3"}, {4, "4"}}, nil, nil, kept, {{1, "x"}, {2, "y"}}}
	for i := range l {
		if !slices.Equal(l[i].Source, want[i]) {
			t.Errorf("l[%d].Source = %v, want %v", i, l[i].Source, want[i])
		}
	}
	// A run of diagnostics about one file reads it once.
	if want := map[string]int{"a.md": 1, "missing.md": 1, "b.md": 1}; !maps.Equal(reads, want) {
		t.Errorf("files read %v, want %v", reads, want)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{
			name: "caret under ASCII",
			d: Diagnostic{
				Pos: Pos{File: "content/a.md", Line: 3, Col: 7}, Msg: "bad date",
				Source: []Line{{2, "title: Hello"}, {3, "date: 2024-02-30"}, {4, "tags: [news]"}},
			},
			want: "content/a.md:3:7: bad date\n" +
				"       2 | title: Hello\n" +
				"  >    3 | date: 2024-02-30\n" +
				"         |       ^\n" +
				"       4 | tags: [news]",
		},
		{
			// "Café ☕ " is 10 bytes but 7 characters, so byte column 11 (the
			// "x") must put the caret after 7 spaces, not 10.
			name: "caret under non-ASCII text",
			d: Diagnostic{
				Pos: Pos{File: "a.md", Line: 1, Col: 11}, Msg: "m",
				Source: []Line{{1, "Café ☕ x"}},
			},
			want: "a.md:1:11: m\n" +
				"  >    1 | Café ☕ x\n" +
				"         |        ^",
		},
		{
			name: "column past the end of the line puts the caret just after it",
			d: Diagnostic{
				Pos: Pos{File: "a.md", Line: 1, Col: 40}, Msg: "m",
				Source: []Line{{1, "ab"}},
			},
			want: "a.md:1:40: m\n" +
				"  >    1 | ab\n" +
				"         |   ^",
		},
		{
			name: "no column, no caret",
			d: Diagnostic{
				Pos: Pos{File: "a.md", Line: 1}, Severity: Warning, Msg: "m",
				Source: []Line{{1, "ab"}},
			},
			want: "a.md:1: warning: m\n" +
				"  >    1 | ab",
		},
		{
			name: "no source",
			d:    Diagnostic{Pos: Pos{File: "a.md", Line: 1, Col: 1}, Msg: "m"},
			want: "a.md:1:1: m",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Format(); got != tt.want {
				t.Errorf("Format() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
