package feed

import (
	"fmt"
	"testing"
	"time"
)

func TestLimitKeepsNewest(t *testing.T) {
	lon := london(t)
	var f Feed = sample(t)
	f.Entries = nil
	// 25 entries given oldest first; the default limit keeps the newest 20.
	for i := range 25 {
		f.Entries = append(f.Entries, Entry{
			Title: fmt.Sprintf("Post %02d", i), Link: fmt.Sprintf("https://example.org/posts/p%02d/", i),
			Published: time.Date(2024, 1, 1+i, 9, 0, 0, 0, lon),
		})
	}
	tests := []struct {
		limit        int
		want         int
		first, final string
	}{
		{0, 20, "Post 24", "Post 05"},
		{3, 3, "Post 24", "Post 22"},
		{100, 25, "Post 24", "Post 00"},
	}
	for _, tc := range tests {
		for _, ft := range formats {
			t.Run(fmt.Sprintf("%s/%d", ft.name, tc.limit), func(t *testing.T) {
				f.Limit = tc.limit
				items := parse(t, mustWrite(t, ft.write, f)).Items
				if len(items) != tc.want {
					t.Fatalf("%d items, want %d", len(items), tc.want)
				}
				if items[0].Title != tc.first || items[len(items)-1].Title != tc.final {
					t.Errorf("first %q last %q, want %q %q", items[0].Title, items[len(items)-1].Title, tc.first, tc.final)
				}
			})
		}
	}
}

func TestSameDateOrderedByLink(t *testing.T) {
	f := sample(t)
	day := f.Entries[0].Published
	f.Entries = []Entry{
		{Title: "B", Link: "https://example.org/posts/b/", Published: day},
		{Title: "A", Link: "https://example.org/posts/a/", Published: day},
	}
	for _, ft := range formats {
		items := parse(t, mustWrite(t, ft.write, f)).Items
		if items[0].Title != "A" || items[1].Title != "B" {
			t.Errorf("%s: same-date entries not ordered by link", ft.name)
		}
	}
}
