package prose

import "strings"

// Syllables estimates how many syllables a word has when spoken.
//
// It is a heuristic in the style of the classic vowel-group counters
// (Lingua::EN::Syllable and its descendants): count groups of vowels,
// treating y as a vowel unless it starts the word or a syllable; take one
// off for a silent final e, a silent -es or -ed, and the silent e inside
// -ely, -ement, -eful, -eless and -eness; add one back where two adjacent
// vowels are normally said separately (the ia of "Australian", the io of
// "radio", the ua of "actual", the iet of "quiet", the -ing of "going").
// A short table holds common words that break the rules.
//
// Hyphenated words count each part ("co-production" = co + production).
// Contractions count as the words they stand for ("isn't" = 2, "don't" = 1).
// Abbreviations written in capitals with no vowel, and two-letter ones,
// are read letter by letter ("NHS" = 3, "GP" = 2). Each digit of a number
// counts as one syllable, a rough stand-in for saying the number aloud.
// A word with no letters or digits has no syllables.
func Syllables(word string) int {
	n := 0
	for part := range strings.SplitSeq(word, "-") {
		n += partSyllables(part)
	}
	return n
}

func partSyllables(part string) int {
	part = strings.ReplaceAll(part, "’", "'")
	if i := strings.IndexByte(part, '\''); i >= 0 {
		lower := strings.ToLower(part)
		if strings.HasSuffix(lower, "n't") && len(part) > 3 {
			base := part[:len(part)-3]
			n := partSyllables(base)
			// "isn't" and "haven't" gain a syllable; "don't" and "can't" do not.
			if b := strings.ToLower(base); !isVowel(b[len(b)-1]) || strings.HasSuffix(b, "ve") {
				n++
			}
			return n
		}
		switch lower[i:] {
		case "'s", "'re", "'ll", "'ve", "'d", "'m":
			return partSyllables(part[:i])
		}
		part = strings.ReplaceAll(part, "'", "")
	}

	letters := make([]byte, 0, len(part))
	digits, upper := 0, 0
	for _, r := range part {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z':
			upper++
			letters = append(letters, byte(r-'A'+'a'))
		case r >= 'a' && r <= 'z':
			letters = append(letters, byte(r))
		default:
			if c := foldAccent(r); c != 0 {
				letters = append(letters, c)
			}
		}
	}
	if strings.HasSuffix(part, "é") {
		letters = append(letters, 'e') // "café", "résumé": the final é is said
	}
	if len(letters) == 0 {
		return digits
	}
	core := len(letters)
	if upper >= 2 && letters[core-1] == 's' && upper == core-1 {
		core-- // plural abbreviation such as "CCGs"
	}
	if upper >= 2 && upper == core && (core == 2 || !hasVowel(letters[:core])) {
		return core + digits
	}
	return countWord(string(letters)) + digits
}

// foldAccent maps common accented letters to their plain form so that
// "naïve" and "café" are counted like their unaccented spellings.
func foldAccent(r rune) byte {
	switch r {
	case 'á', 'à', 'â', 'ä', 'Á', 'À', 'Â', 'Ä':
		return 'a'
	case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï', 'Í', 'Ì', 'Î', 'Ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'Ó', 'Ò', 'Ô', 'Ö':
		return 'o'
	case 'ú', 'ù', 'û', 'ü', 'Ú', 'Ù', 'Û', 'Ü':
		return 'u'
	case 'ç', 'Ç':
		return 'c'
	case 'ñ', 'Ñ':
		return 'n'
	}
	return 0
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

func hasVowel(w []byte) bool {
	for _, c := range w {
		if isVowel(c) || c == 'y' {
			return true
		}
	}
	return false
}

// vowelAt reports whether w[i] sounds as a vowel. y is a consonant at the
// start of a word or a syllable ("yes", "player", "beyond") and a vowel
// elsewhere ("city", "type", "goodbye").
func vowelAt(w string, i int) bool {
	c := w[i]
	if c != 'y' {
		return isVowel(c)
	}
	if i == 0 {
		return false
	}
	if i+1 < len(w) && isVowel(w[i+1]) {
		return w[i+1] == 'e' && i+2 == len(w)
	}
	return true
}

// consonantAt reports whether w[i] exists and is a consonant.
func consonantAt(w string, i int) bool {
	return i >= 0 && i < len(w) && !vowelAt(w, i)
}

// syllableExceptions holds common words the rules get wrong.
func syllableExceptions(w string) (int, bool) {
	switch w {
	case "business", "wednesday", "whereas", "hundred", "sacred", "naked",
		"wicked", "maybe", "naive", "chaos", "colonel", "lion":
		return 2, true
	case "businesses", "recipe", "wherever", "ideal", "linear", "nuclear",
		"simile":
		return 3, true
	case "european", "apostrophe", "catastrophe":
		return 4, true
	}
	return 0, false
}

// compoundHead returns the length of a leading word with a silent final e
// ("some" in "someone", "care" in "careful") when w is a compound of it, so
// the e is not counted as a syllable.
func compoundHead(w string) int {
	for _, head := range [...]string{"some", "any", "where", "there", "else",
		"life", "like", "time", "home", "house", "care", "safe", "side",
		"whole", "wide", "name", "note", "none", "more", "base", "guide",
		"fire", "love"} {
		if len(w) < len(head)+2 || !strings.HasPrefix(w, head) {
			continue
		}
		rest := w[len(head):]
		if rest == "one" || rest == "ones" || (!isVowel(rest[0]) && hasVowel([]byte(rest))) {
			return len(head)
		}
	}
	return 0
}

func countWord(w string) int {
	if n, ok := syllableExceptions(w); ok {
		return n
	}
	if h := compoundHead(w); h > 0 {
		return countWord(w[:h]) + countWord(w[h:])
	}
	n := 0
	for i := range len(w) {
		if vowelAt(w, i) && (i == 0 || !vowelAt(w, i-1)) {
			n++
		}
	}
	if n == 0 {
		return 1
	}
	groups := n
	n += splitVowels(w, groups)
	n -= silentE(w, groups)
	return max(n, 1)
}

// silentE counts the written e's at or near the end of w that are not said.
func silentE(w string, groups int) int {
	L := len(w)
	if groups < 2 {
		return 0
	}
	end := func(s string) bool { return strings.HasSuffix(w, s) }
	// syllabic reports whether the consonant before an e at position e is l
	// or r after another consonant, as in "table" and "centre".
	syllabic := func(e int) bool {
		return e >= 2 && (w[e-1] == 'l' || w[e-1] == 'r') && consonantAt(w, e-2)
	}
	n := 0
	switch {
	case end("que"), end("gue") && L >= 4 && isVowel(w[L-4]):
		n++ // "unique", "league", "catalogue"
	case w[L-1] == 'e' && consonantAt(w, L-2) && !syllabic(L-1):
		n++ // "make", "whole", but not "table" or "centre"
	case end("es") && consonantAt(w, L-3) && !syllabic(L-2) &&
		!strings.ContainsRune("sxzcg", rune(w[L-3])) && !end("ches") && !end("shes"):
		n++ // "makes", "types", but not "places", "wishes", "titles"
	case end("ed") && consonantAt(w, L-3) && !syllabic(L-2) && w[L-3] != 't' && w[L-3] != 'd':
		n++ // "walked", "played", but not "wanted", "handled"
	}
	for _, suf := range [...]string{"ements", "ement", "efully", "eful", "eless", "eness", "ely", "ety"} {
		if !end(suf) {
			continue
		}
		e := L - len(suf) // index of the e
		minStem := 2      // "useful", "likely"; not "rely"
		if strings.HasPrefix(suf, "ement") {
			minStem = 3 // "statement"; not "element", "cement"
		}
		if e >= minStem && consonantAt(w, e-1) && !syllabic(e) {
			n++
		}
		break
	}
	return n
}

// splitVowels counts vowel pairs in w that are said as two syllables but
// were counted as one group.
func splitVowels(w string, groups int) int {
	L := len(w)
	at := func(i int, s string) bool { return i >= 0 && strings.HasPrefix(w[i:], s) }
	before := func(i int, set string) bool { return i > 0 && strings.IndexByte(set, w[i-1]) >= 0 }
	n := 0
	for i := 0; i+1 < L; i++ {
		switch w[i : i+2] {
		case "ia":
			// "Australian", "trial", "appropriate"; not "social", "Asian", "brilliant".
			quiet := before(i, "cts") || (before(i, "g") && i > 1) || at(i-2, "llia") || at(i-1, "liar")
			if !quiet || at(i, "iat") {
				n++
			}
		case "io":
			// "radio", "biology"; not "-tion", "-ion", "precious".
			if !at(i, "ion") && !at(i, "iou") {
				n++
			}
			if at(i, "iou") && !before(i, "ctgxs") {
				n++ // "previous", "serious"
			}
		case "iu":
			n++ // "medium"
		case "ie":
			switch {
			case at(i, "iet"):
				n++ // "quiet", "society"
			case at(i, "ien") && (!before(i, "ct") || at(i-2, "scien")) && !at(i-2, "frien"):
				n++ // "client", "experience", "science"; not "patient", "friend"
			case groups > 1 && (i+3 == L && at(i, "ier") || i+4 == L && (at(i, "iers") || at(i, "iest"))):
				n++ // "easier", "happiest"
			}
		case "ea":
			switch {
			case at(i-2, "creat") && i+3 < L && strings.IndexByte("eio", w[i+3]) >= 0:
				n++ // "create", "creative"; not "creature"
			case groups > 1 && before(i, "dr") && (i+2 == L || i+3 == L && w[L-1] == 's'):
				n++ // "idea", "areas"
			case i == 2 && at(0, "thea"):
				n++ // "theatre"
			case i == 1 && (at(0, "react") || at(0, "reali") && !at(0, "reall") || at(0, "reass") || at(0, "reapp") || at(0, "readj")):
				n++ // "react", "reality"
			}
		case "eo":
			// "video", "theory", "geography"; not "people", "gorgeous", "pigeon".
			if !before(i, "p") && !(before(i, "gc") && i > 1) {
				n++
			}
		case "eu":
			if at(i, "eum") {
				n++ // "museum"
			}
		case "ua":
			// "actual", "evaluate"; not "quality", "language".
			if !before(i, "qg") && (i+2 == L || !vowelAt(w, i+2)) {
				n++
			}
		case "ue":
			if !before(i, "qg") && i+2 < L && (w[i+2] == 'n' || w[i+2] == 'l') {
				n++ // "influence", "fuel"
			}
		case "uo":
			if !before(i, "q") {
				n++ // "continuous"
			}
		case "ui":
			if !before(i, "qgb") && (at(i, "uit") && i+3 < L && (w[i+3] == 'y' || w[i+3] == 'i') || at(i, "uid") || at(i, "uine")) {
				n++ // "continuity", "fluid", "genuine"
			}
		case "oe":
			if at(i, "oem") || at(i, "oet") {
				n++ // "poem", "poetry"
			}
		case "oo":
			if i == 1 && (at(0, "coop") || at(0, "coor")) {
				n++ // "cooperate", "coordinate"
			}
		}
	}
	if stem := strings.TrimSuffix(w, "s"); len(stem) >= 4 && strings.HasSuffix(stem, "ing") {
		i := len(stem) - 3 // the i of -ing
		if isVowel(stem[i-1]) || stem[i-1] == 'y' && i >= 2 && !isVowel(stem[i-2]) && stem[i-2] != 'y' {
			n++ // "going", "being", "trying", "studying"; not "saying"
		}
	}
	if stem := strings.TrimSuffix(w, "s"); len(stem) >= 5 && strings.HasSuffix(stem, "yer") {
		if c := stem[len(stem)-4]; !isVowel(c) && c != 'w' && c != 'y' {
			n++ // "flyer"; not "player", "lawyer"
		}
	}
	if strings.HasSuffix(w, "sm") || strings.HasSuffix(w, "sms") {
		n++ // "criticism", "enthusiasm"
	}
	if L > 4 && (at(0, "reu") || at(0, "reinf") || at(0, "reinv") || at(0, "reimb") || at(0, "reit")) {
		n++ // "reuse", "reopen", "reinforce"
	}
	return n
}
