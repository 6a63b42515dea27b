package prose

import (
	"strings"
	"testing"
)

// dictionaryWords gives syllable counts as printed in common dictionaries
// (Collins / Merriam-Webster hyphenation of the spoken word, British
// pronunciation). Where dictionaries disagree, alt holds the other count.
var dictionaryWords = []struct {
	word   string
	n, alt int
}{
	{"the", 1, 0},
	{"people", 2, 0},
	{"created", 3, 0},
	{"table", 2, 0},
	{"every", 3, 2},
	{"service", 2, 0},
	{"area", 3, 0},
	{"idea", 3, 0},
	{"improvement", 3, 0},
	{"organisational", 6, 0},
	{"co-production", 4, 0},
	{"psychological", 5, 0},
	{"patient", 2, 0},
	{"collaborative", 5, 4},
	{"learning", 2, 0},
	{"quality", 3, 0},
	{"commissioning", 4, 0},
	{"clinical", 3, 0},
	{"education", 4, 0},
	{"community", 4, 0},
	{"experience", 4, 0},
	{"health", 1, 0},
	{"care", 1, 0},
	{"little", 2, 0},
	{"beautiful", 3, 0},
	{"different", 3, 2},
	{"family", 3, 2},
	{"through", 1, 0},
	{"because", 2, 0},
	{"science", 2, 0},
	{"society", 4, 0},
	{"going", 2, 0},
	{"trying", 2, 0},
	{"studying", 3, 0},
	{"hospital", 3, 0},
	{"medicine", 3, 2},
	{"appointment", 3, 0},
	{"questionnaire", 3, 0},
	{"evaluation", 5, 0},
	{"facilitator", 5, 0},
	{"wellbeing", 3, 0},
	{"sometimes", 2, 0},
	{"guidelines", 2, 0},
	{"unique", 2, 0},
	{"actually", 4, 3},
	{"previous", 3, 0},
	{"champion", 3, 0},
	{"leopard", 2, 0},
	{"poem", 2, 0},
	{"fire", 1, 2},
}

// heldOutWords are 60 distinct words drawn at random (math/rand seed 1)
// from the CLIC proposal text after the rules above were written, with
// dictionary counts, as a fairer measure than words used to tune the rules.
var heldOutWords = []struct {
	word   string
	n, alt int
}{
	{"engaging", 3, 0}, {"networks", 2, 0}, {"work", 1, 0}, {"case", 1, 0}, {"your", 1, 0},
	{"expertise", 3, 0}, {"would", 1, 0}, {"previous", 3, 0}, {"members", 2, 0}, {"year", 1, 0},
	{"systems", 2, 0}, {"period", 3, 0}, {"fully", 2, 0}, {"community", 4, 0}, {"production", 3, 0},
	{"head", 1, 0}, {"things", 1, 0}, {"common", 2, 0}, {"training", 2, 0}, {"connect", 2, 0},
	{"clic", 1, 0}, {"goal", 1, 0}, {"undergoing", 4, 0}, {"want", 1, 0}, {"start", 1, 0},
	{"shortly", 2, 0}, {"with", 1, 0}, {"embed", 2, 0}, {"services", 3, 0}, {"within", 2, 0},
	{"championed", 3, 0}, {"exchange", 2, 0}, {"refine", 2, 0}, {"shared", 1, 0}, {"quality", 3, 0},
	{"both", 1, 0}, {"julie", 2, 0}, {"main", 1, 0}, {"landscape", 2, 0}, {"announced", 2, 0},
	{"move", 1, 0}, {"implementation", 5, 0}, {"trusts", 1, 0}, {"experience", 4, 0}, {"simple", 2, 0},
	{"thoughts", 1, 0}, {"bringing", 2, 0}, {"lived", 1, 0}, {"officer", 3, 0}, {"content", 2, 0},
	{"what", 1, 0}, {"clinical", 3, 0}, {"intention", 3, 0}, {"care", 1, 0}, {"engaged", 2, 0},
	{"language", 2, 0}, {"collaborative", 5, 0}, {"adjust", 2, 0}, {"date", 1, 0}, {"improve", 2, 0},
}

func TestSyllablesDictionary(t *testing.T) {
	for _, set := range []struct {
		name  string
		words []struct {
			word   string
			n, alt int
		}
	}{{"tuning words", dictionaryWords}, {"held-out words", heldOutWords}} {
		t.Run(set.name, func(t *testing.T) {
			agree := 0
			var differ []string
			for _, tc := range set.words {
				got := Syllables(tc.word)
				if got == tc.n || got == tc.alt {
					agree++
					continue
				}
				differ = append(differ, tc.word)
				t.Logf("%s: got %d, dictionary %d", tc.word, got, tc.n)
			}
			pct := 100 * float64(agree) / float64(len(set.words))
			t.Logf("%d of %d words agree (%.0f%%); differ: %s", agree, len(set.words), pct, strings.Join(differ, ", "))
			if pct < 90 {
				t.Errorf("only %.0f%% agreement with the dictionary, want at least 90%%; differ: %s", pct, strings.Join(differ, ", "))
			}
		})
	}
}

func TestSyllablesRules(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"", 0},
		{"...", 0},
		{"a", 1},
		{"rhythm", 1}, // no vowel group but y: still a word
		{"make", 1},
		{"makes", 1},
		{"places", 2},
		{"wishes", 2},
		{"titles", 2},
		{"walked", 1},
		{"wanted", 2},
		{"handled", 2},
		{"played", 1},
		{"centre", 2},
		{"whole", 1},
		{"goodbye", 2},
		{"player", 2},
		{"yes", 1},
		{"likely", 2},
		{"statement", 2},
		{"element", 3},
		{"settlement", 3},
		{"safety", 2},
		{"useful", 2},
		{"social", 2},
		{"Australian", 4},
		{"appropriate", 4},
		{"association", 5},
		{"radio", 3},
		{"nation", 2},
		{"precious", 2},
		{"quiet", 2},
		{"friend", 1},
		{"easier", 3},
		{"idea", 3},
		{"creature", 2},
		{"video", 3},
		{"actual", 3},
		{"influence", 3},
		{"continuous", 4},
		{"criticism", 4},
		{"someone", 2},
		{"anyone", 3},
		{"careful", 2},
		{"reuse", 2},
		{"cooperate", 4},
		{"café", 2},
		{"business", 2}, // exceptions table
		{"co-production", 4},
		{"don't", 1},
		{"isn't", 2},
		{"haven't", 2},
		{"it’s", 1},
		{"we're", 1},
		{"patient's", 2},
		{"NHS", 3},
		{"GP", 2},
		{"CCGs", 3},
		{"CLIC", 1},
		{"2019", 4},
		{"COVID-19", 4},
	}
	for _, tc := range tests {
		if got := Syllables(tc.word); got != tc.want {
			t.Errorf("Syllables(%q) = %d, want %d", tc.word, got, tc.want)
		}
	}
}
