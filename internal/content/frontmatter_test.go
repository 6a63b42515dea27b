package content

import (
	"strings"
	"testing"
)

func TestCutFrontMatter(t *testing.T) {
	long := strings.Repeat("a", 5000) // longer than the library's read-ahead
	tests := []struct {
		name, src, raw, body string
		found                bool
	}{
		{"yaml", "---\ntitle: A\n---\nBody\n", "title: A\n", "Body\n", true},
		{"toml", "+++\ntitle = 'A'\n+++\nBody", "title = 'A'\n", "Body", true},
		{"blank lines first", "\n\n---\ntitle: A\n---\n\nBody", "title: A\n", "\nBody", true},
		{"crlf", "---\r\ntitle: A\r\n---\r\nBody\r\n", "title: A\r\n", "Body\r\n", true},
		{"empty", "---\n---\nBody", "", "Body", true},
		{"no body", "---\ntitle: A\n---", "title: A\n", "", true},
		{"long body", "---\ntitle: A\n---\n" + long, "title: A\n", long, true},
		{"long front matter", "---\nsummary: " + long + "\n---\nBody", "summary: " + long + "\n", "Body", true},
		{"none", "Just text\n---\n", "", "", false},
		{"unclosed", "---\ntitle: A\nBody", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, body, found := cutFrontMatter([]byte(tt.src))
			if found != tt.found || string(raw) != tt.raw || string(body) != tt.body {
				t.Errorf("cutFrontMatter(%q) = %q, %q, %v; want %q, %q, %v",
					tt.src, raw, body, found, tt.raw, tt.body, tt.found)
			}
		})
	}
}
