package build

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/feed"
)

// TestNewest compares newest's selection with sorting every dated page.
func TestNewest(t *testing.T) {
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct {
		pages, days, limit int
		urls               int // URLs to choose from; 0 for one each
	}{
		{0, 1, 20, 0},
		{1, 1, 20, 0},
		{5, 3, 0, 0},   // the default limit
		{30, 1, 20, 0}, // every page the same day: by address
		{30, 400, 1, 0},
		{100, 10, 20, 0},
		{1000, 5000, 20, 0},
		{50, 50, 50, 0},
		{50, 50, 80, 0}, // a long feed: sorted, not selected
		{300, 20, 100, 0},
		{40, 2, 20, 3}, // pages sharing a date and an address: in the order given
		{40, 2, 100, 3},
	} {
		t.Run(fmt.Sprintf("%d pages over %d days, limit %d", tt.pages, tt.days, tt.limit), func(t *testing.T) {
			var pages []*content.Page
			for i := range tt.pages {
				p := &content.Page{URL: fmt.Sprintf("/posts/p%04d/", r.IntN(10*tt.pages+1)*10000+i)}
				if tt.urls > 0 {
					p.URL = fmt.Sprintf("/posts/p%d/", r.IntN(tt.urls))
				}
				if r.IntN(10) > 0 { // a tenth undated
					p.Date = day.AddDate(0, 0, r.IntN(tt.days))
				}
				pages = append(pages, p)
			}
			var want []*content.Page
			for _, p := range pages {
				if !p.Date.IsZero() {
					want = append(want, p)
				}
			}
			slices.SortStableFunc(want, func(a, b *content.Page) int {
				return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.URL, b.URL))
			})
			limit := tt.limit
			if limit <= 0 {
				limit = feed.DefaultLimit
			}
			want = want[:min(limit, len(want))]
			if got := newest(pages, tt.limit); !slices.Equal(got, want) {
				t.Errorf("newest chose %v, want %v", urls(got), urls(want))
			}
		})
	}
}

func urls(pages []*content.Page) []string {
	var u []string
	for _, p := range pages {
		u = append(u, p.URL)
	}
	return u
}

// BenchmarkNewest picks a feed's entries from 10,000 dated posts, as the
// site's feed does on every preview rebuild.
func BenchmarkNewest(b *testing.B) {
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(1, 2))
	pages := make([]*content.Page, 10000)
	for i := range pages {
		pages[i] = &content.Page{URL: fmt.Sprintf("/posts/p%05d/", i), Date: day.AddDate(0, 0, r.IntN(3000))}
	}
	for b.Loop() {
		newest(pages, 20)
	}
}
