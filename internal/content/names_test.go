package content

import "testing"

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"post.md", false},
		{"4913.md", false},
		{".DS_Store", true},
		{".post.md.swp", true},
		{"post.md.swx", true},
		{"post.md~", true},
		{"#post.md#", true},
		{"4913", true},
		{"file.tmp", true},
		{"big.pdf.crdownload", true},
		{"welcome.md___jb_tmp___", true},
		{"welcome.md___jb_old___", true},
		{"sedIvA98S", true},
		{"sedbergh1", true}, // sed's pattern; a real file would have an extension
		{"sedbergh.md", false},
		{"sed-notes", false},
	}
	for _, tt := range tests {
		if got := Ignored(tt.name); got != tt.want {
			t.Errorf("Ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Welcome", "welcome"},
		{"Six month review", "six-month-review"},
		{"  NHS -- Cumbria!  ", "nhs-cumbria"},
		{"Let's talk", "lets-talk"},
		{"Let’s talk", "lets-talk"},
		{"N.H.S.", "n-h-s"},
		{"Café au lait", "café-au-lait"},
		{"2024 plan", "2024-plan"},
		{"a_b", "a-b"},
		{"!!!", ""},
		{"", ""},
		// Already slugs, which are returned as they are.
		{"six-month-review", "six-month-review"},
		{"2024", "2024"},
		{"a", "a"},
		// Nearly slugs.
		{"-a", "a"},
		{"a-", "a"},
		{"a--b", "a-b"},
		{"-", ""},
		{"a-B", "a-b"},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"title", "title", 0},
		{"tilte", "title", 1}, // adjacent swap is one slip
		{"dte", "date", 1},
		{"date", "dates", 1},
		{"kitten", "sitting", 3},
		{"café", "cafe", 1}, // letters, not bytes
		{"ab", "ba", 1},
		{"abc", "ca", 3},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := distance(tt.b, tt.a); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	keys := []string{"authors", "base_url", "date", "description", "id", "image_alt", "summary", "tags", "title"}
	tests := []struct{ in, want string }{
		{"tilte", "title"},
		{"dte", "date"},
		{"tag", "tags"},
		{"summery", "summary"},
		{"sumery", "summary"}, // two slips in a long name
		{"imagealt", "image_alt"},
		{"baseurl", "base_url"},
		{"descripton", "description"},
		{"name", ""}, // two edits from "date" is too far for a short name
		{"x", ""},
		{"url", ""},
		{"colour", ""},
		{"datex", "date"},
	}
	for _, tt := range tests {
		if got := nearest(tt.in, keys); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
