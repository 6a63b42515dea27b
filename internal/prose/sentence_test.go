package prose

import (
	"slices"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"one without stop", "A list item", []string{"A list item"}},
		{"two", "The cat sat. The dog ran.", []string{"The cat sat.", "The dog ran."}},
		{"question and exclamation", "Is it open? Yes! Book now.", []string{"Is it open?", "Yes!", "Book now."}},
		{"line break", "First line.\nSecond line.", []string{"First line.", "Second line."}},
		{"lower case after stop", "It ends at 5 p.m. and then we go.", []string{"It ends at 5 p.m. and then we go."}},
		{"e.g.", "Bring something, e.g. A pen or pencil.", []string{"Bring something, e.g. A pen or pencil."}},
		{"i.e.", "The lead, i.e. Anna, will call.", []string{"The lead, i.e. Anna, will call."}},
		{"titles", "Ask Dr. Patel or Mrs. Jones. They know.", []string{"Ask Dr. Patel or Mrs. Jones.", "They know."}},
		{"saint", "Meet at St. Bees station.", []string{"Meet at St. Bees station."}},
		{"etc.", "Bring pens, paper, etc. We supply tea.", []string{"Bring pens, paper, etc. We supply tea."}},
		{"vs.", "It was Carlisle vs. Penrith.", []string{"It was Carlisle vs. Penrith."}},
		{"decimal", "The score rose to 3.5 this year. That is good.", []string{"The score rose to 3.5 this year.", "That is good."}},
		{"initials", "J. R. Smith wrote it. She agreed.", []string{"J. R. Smith wrote it.", "She agreed."}},
		{"url", "See https://www.nhs.uk/Conditions. It helps.", []string{"See https://www.nhs.uk/Conditions.", "It helps."}},
		{"url with query", "Go to https://example.org/?q=A.B now.", []string{"Go to https://example.org/?q=A.B now."}},
		{"closing quote", `She said "Stop." Then she left.`, []string{`She said "Stop."`, "Then she left."}},
		{"bracket", "(This is an aside.) Back to it.", []string{"(This is an aside.)", "Back to it."}},
		{"opening quote", `It ended. "Next," she said.`, []string{"It ended.", `"Next," she said.`}},
		{"ellipsis", "Wait… Then go. And so... On we went.", []string{"Wait…", "Then go.", "And so...", "On we went."}},
		{"ellipsis mid sentence", "We waited… and waited.", []string{"We waited… and waited."}},
		{"no space after stop", "Visit GOV.UK for more.", []string{"Visit GOV.UK for more."}},
		{"trailing space", "  One.   Two.  ", []string{"One.", "Two."}},
		{"number then capital after word", "There were 12. Most came back.", []string{"There were 12.", "Most came back."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sentences(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Don't stop.", []string{"Don't", "stop"}},
		{"It’s the patient's co-production work", []string{"It’s", "the", "patient's", "co-production", "work"}},
		{"About 3.5 or 1,000 people", []string{"About", "3.5", "or", "1,000", "people"}},
		{"Email clic@nhs.net or visit https://nhs.uk/a-b today", []string{"Email", "or", "visit", "today"}},
		{"(CCG) — and “quoted” words", []string{"CCG", "and", "quoted", "words"}},
		{"end-", []string{"end"}},
		{"a 'quoted' word", []string{"a", "quoted", "word"}},
	}
	for _, tc := range tests {
		var got []string
		for _, tok := range tokens(tc.text) {
			got = append(got, tok.text)
			if tc.text[tok.start:tok.end] != tok.text {
				t.Errorf("token %q has range %d:%d = %q", tok.text, tok.start, tok.end, tc.text[tok.start:tok.end])
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("tokens(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
