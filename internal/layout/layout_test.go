package layout

import (
	"errors"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/clic-cumbria/clic/internal/diag"
)

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, text := range files {
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

var testFuncs = template.FuncMap{"upper": strings.ToUpper}

// mustLoad loads layouts and fails the test on any diagnostic.
func mustLoad(t *testing.T, site, theme map[string]string) *Set {
	t.Helper()
	var sfs, tfs fs.FS
	if site != nil {
		sfs = mapFS(site)
	}
	if theme != nil {
		tfs = mapFS(theme)
	}
	s, dl := Load(sfs, tfs, testFuncs)
	if len(dl) > 0 || s == nil {
		t.Fatalf("Load: %v", dl)
	}
	return s
}

func run(t *testing.T, s *Set, name string, data any) string {
	t.Helper()
	var b strings.Builder
	if err := s.Execute(&b, name, data); err != nil {
		t.Fatalf("Execute(%q): %v", name, err)
	}
	return b.String()
}

const base = `<title>{{block "title" .}}Site{{end}}</title>{{block "head" .}}{{end}}<main>{{block "main" .}}{{end}}</main>`

func TestExecute(t *testing.T) {
	theme := map[string]string{
		"layouts/_base.html":              base,
		"layouts/post.html":               `{{define "title"}}theme post{{end}}{{define "main"}}{{.}}{{end}}`,
		"layouts/page.html":               `{{define "main"}}theme page {{template "partials/card.html" .}}{{end}}`,
		"layouts/partials/card.html":      `[card {{.}}]`,
		"layouts/partials/deep/note.html": `(note {{upper .}})`,
		"layouts/feed.html":               `plain {{.}}`,
		"layouts/note.html":               `{{define "main"}}{{template "partials/deep/note.html" .}}{{end}}`,
		"layouts/mixed.html":              "{{define \"main\"}}unused{{end}}\n  own body {{.}}",
		"layouts/courses/list.html":       `{{define "main"}}theme courses{{end}}`,
	}
	site := map[string]string{
		"layouts/post.html":          `{{define "title"}}site post{{end}}{{define "main"}}<b>{{.}}</b>{{end}}`,
		"layouts/partials/card.html": `[site card {{.}}]`,
	}
	s := mustLoad(t, site, theme)
	tests := []struct {
		name, data, want string
	}{
		// The site's post.html replaces the theme's, and is wrapped by the theme's _base.html.
		{"post.html", "a<b", "<title>site post</title><main><b>a&lt;b</b></main>"},
		// page.html comes from the theme, but calls the site's card partial.
		{"page.html", "x", "<title>Site</title><main>theme page [site card x]</main>"},
		{"note.html", "x", "<title>Site</title><main>(note X)</main>"},
		// A layout with a body of its own is not wrapped.
		{"feed.html", "x", "plain x"},
		{"mixed.html", "x", "\n  own body x"},
		{"courses/list.html", "x", "<title>Site</title><main>theme courses</main>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := run(t, s, tt.name, tt.data); got != tt.want {
				t.Errorf("Execute(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
	wantNames := []string{"courses/list.html", "feed.html", "mixed.html", "note.html", "page.html", "post.html"}
	if got := s.Names(); !slices.Equal(got, wantNames) {
		t.Errorf("Names() = %q, want %q (no _base.html, no partials)", got, wantNames)
	}
}

func TestSiteOverridesBase(t *testing.T) {
	theme := map[string]string{
		"layouts/_base.html": base,
		"layouts/page.html":  `{{define "main"}}p{{end}}`,
	}
	site := map[string]string{
		"layouts/_base.html": `[{{block "main" .}}{{end}}]`,
	}
	s := mustLoad(t, site, theme)
	if got := run(t, s, "page.html", nil); got != "[p]" {
		t.Errorf("got %q, want the site's own _base.html to wrap the page: %q", got, "[p]")
	}
}

func TestLoadSkipsFolders(t *testing.T) {
	site := map[string]string{
		"layouts/_default/single.html":  `{{ hugo only }}`, // would not parse
		"layouts/.git/x.html":           `{{`,
		"layouts/.hidden.html":          `{{`,
		"layouts/notes.txt":             `{{`,
		"layouts/single.html":           `ok`,
		"layouts/posts/_drafts/x.html":  `{{`,
		"content/posts/not-layout.html": `{{`,
	}
	s := mustLoad(t, site, nil)
	if got := s.Names(); !slices.Equal(got, []string{"single.html"}) {
		t.Errorf("Names() = %q, want only single.html", got)
	}
}

func TestLoadNoLayouts(t *testing.T) {
	tests := []struct {
		name        string
		site, theme fs.FS
	}{
		{"both nil", nil, nil},
		{"no layouts folder", fstest.MapFS{"content/a.md": {}}, nil},
		{"empty layouts folder", fstest.MapFS{"layouts": {Mode: fs.ModeDir}}, fstest.MapFS{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, dl := Load(tt.site, tt.theme, nil)
			if len(dl) > 0 || s == nil {
				t.Fatalf("Load: %v", dl)
			}
			if len(s.Names()) != 0 {
				t.Errorf("Names() = %q, want none", s.Names())
			}
		})
	}
}

func TestLookup(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"layouts/posts/single.html": `a`,
		"layouts/single.html":       `b`,
		"layouts/post.html":         `c`,
	}, nil)
	tests := []struct {
		candidates []string
		want       string
		err        string
	}{
		{[]string{"special.html", "pages/about.html", "posts/single.html", "post.html", "single.html"}, "posts/single.html", ""},
		{[]string{"logs/single.html", "log.html", "single.html"}, "single.html", ""},
		{[]string{"post.html", "posts/single.html"}, "post.html", ""}, // first that exists, not most specific
		{[]string{"home.html", "list.html"}, "", "no layout found; create one of layouts/home.html, layouts/list.html"},
		{[]string{"404.html"}, "", "no layout found; create one of layouts/404.html"},
	}
	for _, tt := range tests {
		got, err := s.Lookup(tt.candidates...)
		if got != tt.want {
			t.Errorf("Lookup(%q) = %q, want %q", tt.candidates, got, tt.want)
		}
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("Lookup(%q): unexpected error %v", tt.candidates, err)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("Lookup(%q) error = %v, want %q", tt.candidates, err, tt.err)
		}
	}
	if !s.Has("post.html") || s.Has("list.html") {
		t.Errorf("Has gives the wrong answer")
	}
}

func TestExecuteUnknown(t *testing.T) {
	s := mustLoad(t, map[string]string{"layouts/a.html": "a"}, nil)
	err := s.Execute(&strings.Builder{}, "b.html", nil)
	if err == nil || err.Error() != "no layout named layouts/b.html" {
		t.Errorf("Execute(b.html) = %v", err)
	}
}

// diagText is a diagnostic with its source excerpt, as a writer sees it.
func diagText(d diag.Diagnostic) string { return d.Format() }

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // each diagnostic's Format()
	}{
		{
			name: "unclosed if in a page layout",
			files: map[string]string{
				"layouts/post.html": "<h1>\n{{if .}}\nyes\n",
				"layouts/ok.html":   "ok",
			},
			want: []string{"layouts/post.html:4: layout error: unexpected EOF: the layout ends before every {{if}}, {{range}}, {{with}} or {{define}} is closed; add the missing {{end}}\n" +
				"       2 | {{if .}}\n" +
				"       3 | yes\n" +
				"  >    4 | "},
		},
		{
			name: "unknown function in a partial stops the load",
			files: map[string]string{
				"layouts/partials/card.html": "one\ntwo {{nofunc .}}\nthree\nfour\n",
				"layouts/post.html":          "ok",
			},
			want: []string{"layouts/partials/card.html:2: layout error: function \"nofunc\" not defined; the functions layouts can use are date, datetime, isodate, abs, dict and cached\n" +
				"       1 | one\n" +
				"  >    2 | two {{nofunc .}}\n" +
				"       3 | three\n" +
				"       4 | four"},
		},
		{
			name: "an action closed with one brace",
			files: map[string]string{
				"layouts/a.html": "x\n<h1>{{.Page.Title}</h1>\n",
			},
			want: []string{
				"layouts/a.html:2: layout error: a {{ on this line is closed with a single }; close it with }}\n       1 | x\n  >    2 | <h1>{{.Page.Title}</h1>",
			},
		},
		{
			name: "errors in two layouts are both reported",
			files: map[string]string{
				"layouts/a.html": "{{end}}",
				"layouts/b.html": "x\n{{range}}{{end}}",
			},
			want: []string{
				"layouts/a.html:1: layout error: this {{end}} has no {{if}}, {{range}}, {{with}} or {{define}} before it to close; remove it\n  >    1 | {{end}}",
				"layouts/b.html:2: layout error: {{range}} needs a list to go through, as in {{range .Page.Tags}}\n       1 | x\n  >    2 | {{range}}{{end}}",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, dl := Load(mapFS(tt.files), nil, nil)
			dl.Sort()
			var got []string
			for _, d := range dl {
				got = append(got, diagText(d))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n--\n"), strings.Join(tt.want, "\n--\n"))
			}
		})
	}
}

func TestExecuteErrorDiagnostic(t *testing.T) {
	type view struct{ Title string }
	tests := []struct {
		name  string
		files map[string]string
		run   string
		want  string // Format() of the diagnostic
	}{
		{
			name:  "missing field in a wrapped layout",
			files: map[string]string{"layouts/_base.html": base, "layouts/post.html": "{{define \"main\"}}\n  <p>{{.Titel}}</p>\n{{end}}"},
			run:   "post.html",
			want: "layouts/post.html:2:8: layout error: in {{.Titel}}: a view has no field Titel; check the spelling, capitals too, against the list of layout data in README.md\n" +
				"       1 | {{define \"main\"}}\n" +
				"  >    2 |   <p>{{.Titel}}</p>\n" +
				"         |        ^\n" +
				"       3 | {{end}}",
		},
		{
			name:  "error on the first line",
			files: map[string]string{"layouts/feed.html": "ab{{index .Title 99}}"},
			run:   "feed.html",
			want: "layouts/feed.html:1:5: layout error: in {{index .Title 99}}: error calling index: index out of range: 99\n" +
				"  >    1 | ab{{index .Title 99}}\n" +
				"         |     ^",
		},
		{
			name:  "error inside a partial points at the partial",
			files: map[string]string{"layouts/page.html": "x {{template \"partials/p.html\" .}}", "layouts/partials/p.html": "\n\n{{.Nope}}"},
			run:   "page.html",
			want: "layouts/partials/p.html:3:3: layout error: in {{.Nope}}: a view has no field Nope; check the spelling, capitals too, against the list of layout data in README.md\n" +
				"       1 | \n" +
				"       2 | \n" +
				"  >    3 | {{.Nope}}\n" +
				"         |   ^",
		},
		{
			// html/template reports escaping problems as "html/template:name:line:col: ...".
			name:  "missing partial",
			files: map[string]string{"layouts/page.html": "x\n<p>{{template \"partials/none.html\"}}</p>"},
			run:   "page.html",
			want: "layouts/page.html:2:15: layout error: there is no layout layouts/partials/none.html to use here; check the name\n" +
				"       1 | x\n" +
				"  >    2 | <p>{{template \"partials/none.html\"}}</p>\n" +
				"         |               ^",
		},
		{
			name:  "layout ends inside a tag",
			files: map[string]string{"layouts/page.html": "x\n<a href=\"{{.}}"},
			run:   "page.html",
			want:  "layouts/page.html: layout error: the layout ends inside an HTML tag, attribute or comment; close the last tag, its quotes or its <!-- comment -->",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustLoad(t, tt.files, nil)
			out, err := s.Render(tt.run, view{Title: "t"})
			if err == nil {
				t.Fatalf("Render(%q) succeeded, want an error", tt.run)
			}
			if out != nil {
				t.Errorf("a failing layout gave %q, want nothing", out)
			}
			if got := s.Diagnostic(err).Format(); got != tt.want {
				t.Errorf("Diagnostic:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestDiagnosticUnpositioned(t *testing.T) {
	s := mustLoad(t, nil, nil)
	d := s.Diagnostic(errors.New("disk full"))
	if got, want := d.Error(), "layouts: layout error: disk full"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestExecuteConcurrently lets the race detector check that one Set can
// render many pages at once, as the build does.
func TestExecuteConcurrently(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"layouts/_base.html":         base,
		"layouts/post.html":          `{{define "main"}}{{template "partials/c.html" .}}{{end}}`,
		"layouts/partials/c.html":    `<a href="/{{.}}">{{.}}</a>`,
		"layouts/feed.html":          `{{.}}`,
		"layouts/partials/note.html": `n`,
	}, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			name := []string{"post.html", "feed.html"}[i%2]
			var b strings.Builder
			if err := s.Execute(&b, name, "x"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

func TestPath(t *testing.T) {
	if got := Path("posts/list.html"); got != "layouts/posts/list.html" {
		t.Errorf("Path = %q", got)
	}
}
