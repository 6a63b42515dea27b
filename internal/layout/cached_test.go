package layout

import (
	"strings"
	"testing"
)

// item is a page-like value for the cached tests; its Calls counts how
// often the partial really ran.
type item struct {
	Name  string
	Calls *int
}

func (i *item) Count() string { *i.Calls++; return "" }

func TestCached(t *testing.T) {
	files := map[string]string{
		"layouts/partials/card.html": `{{.Count}}[{{.Name}}]`,
		"layouts/partials/list.html": `{{range .}}{{.Count}}({{.Name}}){{end}}`,
		"layouts/partials/key.html":  `{{.Count}}{{.Name}}`,
	}
	calls := 0
	a, b := &item{"a", &calls}, &item{"b & c", &calls}
	list := []*item{a, b}
	tests := []struct {
		name      string
		layout    string
		data      any
		want      string
		wantCalls int
	}{
		{"a page is rendered once", `{{range .}}{{cached "partials/card.html" .}}{{end}}`,
			[]*item{a, b, a, a}, "[a][b &amp; c][a][a]", 2},
		{"the same list is rendered once", `{{range .}}{{cached "partials/list.html" .}}{{end}}`,
			[][]*item{list, list}, "(a)(b &amp; c)(a)(b &amp; c)", 2},
		{"a copy of a list is another list", `{{range .}}{{cached "partials/list.html" .}}{{end}}`,
			[][]*item{list, append([]*item(nil), list...)}, "(a)(b &amp; c)(a)(b &amp; c)", 4},
		{"a key replaces the data", `{{range .}}{{cached "partials/key.html" . "one"}}{{end}}`,
			[]*item{a, b}, "aa", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := map[string]string{"layouts/page.html": tt.layout}
			for k, v := range files {
				f[k] = v
			}
			s := mustLoad(t, f, nil)
			calls = 0
			if got := run(t, s, "page.html", tt.data); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if calls != tt.wantCalls {
				t.Errorf("the partial ran %d times, want %d", calls, tt.wantCalls)
			}
			s.Forget()
			calls = 0
			run(t, s, "page.html", tt.data)
			if calls != tt.wantCalls {
				t.Errorf("after Forget, the partial ran %d times, want %d", calls, tt.wantCalls)
			}
		})
	}
}

// TestForgetIf checks that ForgetIf forgets only the outputs whose data
// it is told are stale.
func TestForgetIf(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"layouts/partials/card.html": `{{.Count}}[{{.Name}}]`,
		"layouts/page.html":          `{{range .}}{{cached "partials/card.html" .}}{{end}}`,
	}, nil)
	calls := 0
	a, b := &item{"a", &calls}, &item{"b", &calls}
	run(t, s, "page.html", []*item{a, b})
	a.Name = "a, renamed"
	s.ForgetIf(func(data any) bool { return data == a })
	calls = 0
	if got, want := run(t, s, "page.html", []*item{a, b}), "[a, renamed][b]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if calls != 1 {
		t.Errorf("the partial ran %d times, want once, for a alone", calls)
	}
}

func TestCachedErrors(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		data   any
		prefix string
	}{
		{"a map cannot be a key", map[string]string{
			"layouts/page.html":          "x\n{{cached \"partials/card.html\" .}}",
			"layouts/partials/card.html": "{{.}}",
		}, map[string]int{"a": 1}, "layouts/page.html:2:"},
		{"an error inside points into the partial", map[string]string{
			"layouts/page.html":          `{{cached "partials/card.html" .}}`,
			"layouts/partials/card.html": "one\n{{.Missing}}",
		}, &item{Name: "a"}, "layouts/partials/card.html:2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustLoad(t, tt.files, nil)
			out, err := s.Render("page.html", tt.data)
			if err == nil {
				t.Fatalf("Render gave %q, want an error", out)
			}
			if got := s.Diagnostic(err).Format(); !strings.HasPrefix(got, tt.prefix) {
				t.Errorf("diagnostic:\n%s\nwant it to start %q", got, tt.prefix)
			}
		})
	}
}
