package clic

import (
	"io/fs"
	"testing"
)

// The shell every page is drawn in starts with "_", which an embed
// pattern without "all:" would silently leave out.
func TestThemeHasBaseLayout(t *testing.T) {
	for _, name := range []string{"layouts/_base.html", "layouts/home.html", "static/css/site.css"} {
		if _, err := fs.Stat(Theme(), name); err != nil {
			t.Errorf("theme lacks %s: %v", name, err)
		}
	}
}
