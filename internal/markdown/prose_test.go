package markdown

import (
	"slices"
	"strings"
	"testing"
)

func TestProse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Paragraph
	}{
		{"paragraphs with lines", "# Title\n\nOne line.\nTwo *lines*.\n\nNext.\n",
			[]Paragraph{{"One line.\nTwo lines.", 3}, {"Next.", 6}}},
		{"headings code tables and html left out",
			"## A heading\n\n```\ncode here\n```\n\n    indented code\n\n| a | b |\n|---|---|\n| cell | text |\n\n<div>raw</div>\n\nKept.\n",
			[]Paragraph{{"Kept.", 15}}},
		{"tight and loose lists and quotes", "- one\n- two\n\n1. first\n\n2. second\n\n> quoted\n> text\n",
			[]Paragraph{{"one", 1}, {"two", 2}, {"first", 4}, {"second", 6}, {"quoted\ntext", 8}}},
		{"footnotes in source order", "Claim.[^1]\n\n[^1]: A note.\n\nAfter.\n",
			[]Paragraph{{"Claim.", 1}, {"A note.", 3}, {"After.", 5}}},
		{"code spans and images keep line count", "Run `clic\nbuild` now ![a\npic](p.png)\nthen stop.\n\nNext.\n",
			[]Paragraph{{"Run \n now \n\nthen stop.", 1}, {"Next.", 6}}},
		{"links kept, urls dropped", "See [the page](x.md) or https://example.org/ now.\n",
			[]Paragraph{{"See the page or  now.", 1}}},
		{"typography and escapes", "We don't \\*mind\\* -- really.\n",
			[]Paragraph{{"We don’t *mind* – really.", 1}}},
		{"definition list", "Term\n: Its meaning.\n",
			[]Paragraph{{"Its meaning.", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, Options{}, Page{Source: []byte(tt.in), Prose: true}).Prose
			if !slices.Equal(got, tt.want) {
				t.Errorf("Prose\n got %+v\nwant %+v", got, tt.want)
			}
			// Each line break in Text is one source line.
			lines := strings.Split(tt.in, "\n")
			for _, p := range got {
				first := strings.SplitN(p.Text, "\n", 2)[0]
				if first != "" && !strings.Contains(lines[p.Line-1], strings.Fields(first)[0]) {
					t.Errorf("paragraph %q: line %d is %q", p.Text, p.Line, lines[p.Line-1])
				}
			}
		})
	}
	if got := render(t, Options{}, src("Some text.\n")).Prose; got != nil {
		t.Errorf("Prose without Page.Prose = %+v, want nil", got)
	}
}

func TestDecorativeImage(t *testing.T) {
	tests := []struct {
		in         string
		text       string
		decorative bool
		html       string
	}{
		{`![](border.png "decorative")`, "", true, `<img src="border.png" alt="" loading="lazy"`},
		{`![](border.png "Decorative ")`, "", true, `<img src="border.png" alt="" loading="lazy"`},
		{`![](border.png)`, "", false, `<img src="border.png" alt="" loading="lazy"`},
		{`![](border.png "a border")`, "", false, `alt="" title="a border"`},
		{`![A red line](border.png "decorative")`, "A red line", false, `alt="A red line" loading="lazy"`},
	}
	for _, tt := range tests {
		res := render(t, Options{}, src(tt.in+"\n"))
		if len(res.Links) != 1 {
			t.Fatalf("%s: %d links", tt.in, len(res.Links))
		}
		l := res.Links[0]
		if !l.Image || l.Text != tt.text || l.Decorative != tt.decorative {
			t.Errorf("%s: got image %v text %q decorative %v, want text %q decorative %v", tt.in, l.Image, l.Text, l.Decorative, tt.text, tt.decorative)
		}
		if !strings.Contains(string(res.HTML), tt.html) {
			t.Errorf("%s: HTML %s lacks %s", tt.in, res.HTML, tt.html)
		}
	}
}
