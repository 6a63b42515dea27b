package build

import (
	"bytes"
	"html/template"
	"testing"

	"github.com/clic-cumbria/clic/internal/markdown"
)

// TestTOCItems checks the Go-made table of contents against the markup
// html/template makes from the same headings, escaping included.
func TestTOCItems(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`{{range .}}{{if eq .Level 2 3}}<li class="toc__item toc__item--{{.Level}}"><a href="#{{.ID}}">{{.Text}}</a></li>{{end}}{{end}}`))
	tests := []struct {
		name string
		toc  []markdown.Heading
	}{
		{"none", nil},
		{"levels", []markdown.Heading{{Level: 1, ID: "a", Text: "A"}, {Level: 2, ID: "b", Text: "B"}, {Level: 3, ID: "c", Text: "C"}, {Level: 4, ID: "d", Text: "D"}}},
		{"escaping", []markdown.Heading{{Level: 2, ID: `x"y&z<w>`, Text: `Fish & "chips" <now>`}}},
		{"unicode", []markdown.Heading{{Level: 2, ID: "café-ŵ", Text: "Café ŵ 🙂"}}},
		{"reserved", []markdown.Heading{{Level: 3, ID: "a/b?c#d e:f", Text: "a/b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want bytes.Buffer
			if err := tmpl.Execute(&want, tt.toc); err != nil {
				t.Fatal(err)
			}
			got := (&PageView{TOC: tt.toc}).TOCItems()
			if string(got) != want.String() {
				t.Errorf("TOCItems() =\n%s\nwant\n%s", got, want.String())
			}
		})
	}
}
