package build

import (
	"strings"

	"github.com/clic-cumbria/clic/internal/diag"
)

// checkMenu reports menu items that link to an address on the site where
// nothing is published: the menu is on every page, so one such mistake
// breaks a link on all of them. Items that are not site addresses were
// reported while loading the settings.
func (b *builder) checkMenu(dl *diag.List) {
	for _, m := range b.site.Settings.Menu {
		if !strings.HasPrefix(m.URL, "/") || strings.HasPrefix(m.URL, "//") {
			continue
		}
		target, _ := splitFragment(m.URL)
		if b.site.ByURL(target) != nil || b.site.ByURL(target+"/") != nil || b.exists(target) {
			continue
		}
		dl.Errorf(m.At, "the menu item %q links to %s, but no page or file is published there; check the address", m.Title, m.URL)
	}
}
