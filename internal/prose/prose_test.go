package prose

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestWorkedExamples checks the scores against worked examples whose
// figures follow from the published formulas:
//
//   - "The cat sat on the mat.": 6 words, 6 syllables, 1 sentence, giving
//     reading ease 206.835 − 1.015×6 − 84.6×1 = 116.145 and grade
//     0.39×6 + 11.8×1 − 15.59 = −1.45.
//   - Wikipedia's Flesch–Kincaid article example, "The Australian platypus
//     is seemingly a hybrid of a mammal and reptilian creature.", which it
//     scores at grade 13.1. With dictionary syllables (The 1, Aus-tra-li-an
//     4, plat-y-pus 3, is 1, seem-ing-ly 3, a 1, hy-brid 2, of 1, a 1,
//     mam-mal 2, and 1, rep-til-i-an 4, crea-ture 2) that is 13 words and 26
//     syllables: grade 0.39×13 + 11.8×2 − 15.59 = 13.08 and reading ease
//     206.835 − 1.015×13 − 84.6×2 = 24.44. (24 syllables would give grade
//     11.3, not 13.1.)
func TestWorkedExamples(t *testing.T) {
	tests := []struct {
		name                      string
		paras                     []string
		words, sentences, syll    int
		ease, grade, age, meanLen float64
	}{
		{"cat", []string{"The cat sat on the mat."}, 6, 1, 6, 116.145, -1.45, 3.55, 6},
		{"platypus (Wikipedia)", []string{"The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."},
			13, 1, 26, 24.44, 13.08, 18.08, 13},
		{"two paragraphs", []string{"The cat sat on the mat.", "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."},
			19, 2, 32, 206.835 - 1.015*19/2 - 84.6*32/19, 0.39*19/2 + 11.8*32/19 - 15.59, 0.39*19/2 + 11.8*32/19 - 10.59, 9.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var paras []Paragraph
			for i, p := range tc.paras {
				paras = append(paras, Paragraph{Text: p, Line: 1 + 2*i})
			}
			r := Analyse(paras, Settings{})
			if r.Words != tc.words || r.Sentences != tc.sentences || r.Syllables != tc.syll || r.Paragraphs != len(tc.paras) {
				t.Fatalf("got %d words, %d sentences, %d syllables, %d paragraphs; want %d, %d, %d, %d",
					r.Words, r.Sentences, r.Syllables, r.Paragraphs, tc.words, tc.sentences, tc.syll, len(tc.paras))
			}
			near := func(what string, got, want float64) {
				if math.Abs(got-want) > 0.005 {
					t.Errorf("%s = %.3f, want %.3f", what, got, want)
				}
			}
			near("reading ease", r.FleschReadingEase, tc.ease)
			near("grade", r.FleschKincaidGrade, tc.grade)
			near("reading age", r.ReadingAge, tc.age)
			near("mean sentence words", r.MeanSentenceWords, tc.meanLen)
			t.Logf("ease %.2f grade %.2f age %.2f", r.FleschReadingEase, r.FleschKincaidGrade, r.ReadingAge)
		})
	}
}

func TestAnalyseCounts(t *testing.T) {
	r := Analyse([]Paragraph{
		{Text: "Improvement is psychological work. We did it.", Line: 1},
		{Text: "   ", Line: 3},
		{Text: "Short one", Line: 5},
	}, Settings{})
	want := Report{Words: 9, Sentences: 3, Paragraphs: 2, Syllables: 3 + 1 + 5 + 1 + 1 + 1 + 1 + 1 + 1, PolysyllableWords: 2, LongestSentence: 4}
	if r.Words != want.Words || r.Sentences != want.Sentences || r.Paragraphs != want.Paragraphs ||
		r.Syllables != want.Syllables || r.PolysyllableWords != want.PolysyllableWords || r.LongestSentence != want.LongestSentence {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
	if empty := Analyse(nil, Settings{}); empty.FleschReadingEase != 0 || empty.Words != 0 || empty.Findings != nil {
		t.Errorf("empty input gave %+v", empty)
	}
}

func words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = "word"
	}
	return "Some " + strings.Join(w[1:], " ") + "."
}

func TestFindings(t *testing.T) {
	tests := []struct {
		name     string
		paras    []Paragraph
		settings Settings
		want     []Finding // Msg is checked only when not empty
	}{
		{
			name:  "long sentence",
			paras: []Paragraph{{Text: words(25) + " " + words(31), Line: 4}},
			want: []Finding{{Line: 4, Rule: RuleLongSentence,
				Msg: `This sentence has 31 words (it starts "Some word word word word…"). Try to keep sentences to 25 words or fewer: split it into two.`}},
		},
		{
			name:     "sentence limit from settings, line of a later sentence",
			paras:    []Paragraph{{Text: "One two three.\nFour five six seven eight nine.", Line: 10}},
			settings: Settings{SentenceWords: 5},
			want:     []Finding{{Line: 11, Rule: RuleLongSentence}},
		},
		{
			name:     "very long sentence",
			paras:    []Paragraph{{Text: words(61), Line: 1}},
			settings: Settings{SentenceWords: 20},
			want:     []Finding{{Line: 1, Rule: RuleLongSentence, Msg: `This sentence has 61 words (it starts "Some word word word word…"). Try to keep sentences to 20 words or fewer: split it into four.`}},
		},
		{
			name:  "long paragraph",
			paras: []Paragraph{{Text: "One. Two. Three.", Line: 1}, {Text: "One.\nTwo.\nThree.\nFour.", Line: 5}},
			want: []Finding{{Line: 5, Rule: RuleLongParagraph,
				Msg: "This paragraph has 4 sentences. Try to keep paragraphs to 3 sentences or fewer: start a new paragraph where the subject changes."}},
		},
		{
			name:  "default avoid words with alternatives and endings",
			paras: []Paragraph{{Text: "We will Leverage data.\nGoing\nforward we facilitated it.", Line: 1}},
			want: []Finding{
				{Line: 1, Rule: RuleAvoidWord, Msg: `Avoid "Leverage": write "use" instead.`},
				{Line: 2, Rule: RuleAvoidWord, Msg: `Avoid "Going forward": write "from now on" or "in future" instead.`},
				{Line: 3, Rule: RuleAvoidWord, Msg: `Avoid "facilitated": write "help" instead.`},
			},
		},
		{
			name:     "site avoid words replace the defaults",
			paras:    []Paragraph{{Text: "We leverage a paradigm shift. Paradigms matter.", Line: 1}},
			settings: Settings{AvoidWords: []string{"Paradigm", "paradigm shift"}},
			want: []Finding{
				{Line: 1, Rule: RuleAvoidWord, Msg: `Avoid "paradigm": say what you mean in everyday words.`},
				{Line: 1, Rule: RuleAvoidWord, Msg: `Avoid "paradigm shift": say what you mean in everyday words.`},
				{Line: 1, Rule: RuleAvoidWord, Msg: `Avoid "Paradigms": say what you mean in everyday words.`},
			},
		},
		{
			name:     "empty avoid list checks nothing; whole words only",
			paras:    []Paragraph{{Text: "We leverage it.", Line: 1}},
			settings: Settings{AvoidWords: []string{}},
		},
		{
			name:  "avoid word inside a longer word is not matched",
			paras: []Paragraph{{Text: "The leveraged buyout was unfostered.", Line: 1}},
			want:  []Finding{{Line: 1, Rule: RuleAvoidWord, Msg: `Avoid "leveraged": write "use" instead.`}},
		},
		{
			name:  "contractions but not possessives",
			paras: []Paragraph{{Text: "Don't worry.\nThe patient's notes aren't lost, it’s fine. James' car.", Line: 7}},
			want: []Finding{
				{Line: 7, Rule: RuleContraction, Msg: `Write "Do not" instead of "Don't": contractions are harder for some readers to understand.`},
				{Line: 8, Rule: RuleContraction, Msg: `Write "are not" instead of "aren't": contractions are harder for some readers to understand.`},
				{Line: 8, Rule: RuleContraction, Msg: `Write "it is" or "it has" instead of "it’s": contractions are harder for some readers to understand.`},
			},
		},
		{
			name: "abbreviation reported once, at first use",
			paras: []Paragraph{
				{Text: "Talk to your GP.", Line: 1},
				{Text: "Your GP knows. GPs help.", Line: 3},
			},
			want: []Finding{{Line: 1, Rule: RuleAbbreviation,
				Msg: `Explain "GP": write it out in full the first time you use it, followed by "(GP)", or add it to the glossary.`}},
		},
		{
			name: "abbreviations spelled out on the page are fine",
			paras: []Paragraph{
				{Text: "The CCG and the ICS meet. NHS staff attend.", Line: 1},
				{Text: "The clinical commissioning group (CCG) pays.", Line: 3},
				{Text: "Integrated Care Systems (ICSs) plan.", Line: 5},
				{Text: "Cumbria Learning and Improvement Collaborative CLIC runs QI (quality improvement) courses.", Line: 7},
				{Text: "Ask the OD team (or not).", Line: 9},
			},
			want: []Finding{
				{Line: 1, Rule: RuleAbbreviation, Msg: `Explain "NHS": write it out in full the first time you use it, followed by "(NHS)", or add it to the glossary.`},
				{Line: 9, Rule: RuleAbbreviation},
			},
		},
		{
			name:     "glossary knows an abbreviation",
			paras:    []Paragraph{{Text: "The NHS and the CCGs. Part II. It is OK.", Line: 1}},
			settings: Settings{Known: func(a string) bool { return a == "NHS" || a == "CCG" }},
		},
		{
			name:  "sorted by line then rule",
			paras: []Paragraph{{Text: "We can't utilise the PDF.", Line: 2}, {Text: "Don't.", Line: 1}},
			want: []Finding{
				{Line: 1, Rule: RuleContraction},
				{Line: 2, Rule: RuleAbbreviation},
				{Line: 2, Rule: RuleAvoidWord},
				{Line: 2, Rule: RuleContraction},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Analyse(tc.paras, tc.settings).Findings
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tc.want), dump(got))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Line != w.Line || g.Rule != w.Rule || (w.Msg != "" && g.Msg != w.Msg) {
					t.Errorf("finding %d:\n got %d %s %q\nwant %d %s %q", i, g.Line, g.Rule, g.Msg, w.Line, w.Rule, w.Msg)
				}
			}
		})
	}
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Rule + " " + f.Msg + "\n")
	}
	return b.String()
}

func TestDiagnostics(t *testing.T) {
	r := Analyse([]Paragraph{{Text: "Don't.", Line: 3}}, Settings{})
	l := r.Diagnostics("content/about.md")
	if len(l) != 1 || l.HasErrors() {
		t.Fatalf("got %v, want one warning", l)
	}
	want := `content/about.md:3: warning: Write "Do not" instead of "Don't": contractions are harder for some readers to understand.`
	if got := l[0].Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestAnalyseDeterministic(t *testing.T) {
	paras := benchParagraphs()
	first := Analyse(paras, Settings{})
	for range 3 {
		if again := Analyse(paras, Settings{}); !slices.Equal(again.Findings, first.Findings) || again.Words != first.Words {
			t.Fatal("Analyse gave different results for the same input")
		}
	}
}

// benchParagraphs returns about 1,000 words of NHS-style prose.
func benchParagraphs() []Paragraph {
	base := []string{
		"North Cumbria is going through a period of change. The two main hospital trusts are joining, and the clinical commissioning group (CCG) is working out its role in the new system.",
		"We want patients and staff to learn together. Going forward, we will leverage our existing training programmes to facilitate co-production, so that patients' voices shape every service redesign.",
		"Our courses cover quality improvement (QI) and organisational development (OD). They're open to everyone, e.g. carers, volunteers and community leaders, and they don't cost anything.",
		"Dr. Smith said the sessions were useful. People who took part felt more confident about speaking up, and they said the psychological safety of the group made a real difference to them.",
		"Each course has six sessions of about 2.5 hours. You'll find the dates on the courses page at https://clic.example.org/courses, and you can book a place by email.",
	}
	var paras []Paragraph
	line := 1
	for len(paras) < 35 {
		for _, p := range base {
			paras = append(paras, Paragraph{Text: p, Line: line})
			line += 2
		}
	}
	return paras
}

func BenchmarkAnalyse(b *testing.B) {
	paras := benchParagraphs()
	var r Report
	for b.Loop() {
		r = Analyse(paras, Settings{})
	}
	b.ReportMetric(float64(r.Words), "words/op")
}
