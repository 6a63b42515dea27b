package build

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/markdown"
)

// resolve rewrites a link as written in Markdown to the URL to publish.
// Writers link the way their editor previews files: "../logs/x.md" is the
// page made from that file, and "pic.png" is a file beside the page.
func (b *builder) resolve(p *content.Page, dest string) string {
	target, frag := splitFragment(dest)
	if target == "" || strings.HasPrefix(target, "/") || p.File == "" {
		return dest
	}
	file := path.Join(path.Dir(p.File), unescape(target))
	if strings.HasSuffix(file, ".md") {
		if t := b.site.Page(file); t != nil {
			return t.URL + frag
		}
		return dest
	}
	switch {
	case strings.HasPrefix(file, "content/"):
		return "/" + strings.TrimPrefix(file, "content/") + frag
	case strings.HasPrefix(file, "static/"):
		return "/" + strings.TrimPrefix(file, "static/") + frag
	}
	return dest
}

func splitFragment(dest string) (string, string) {
	if i := strings.IndexAny(dest, "#?"); i >= 0 {
		return dest[:i], dest[i:]
	}
	return dest, ""
}

// checkLink says what is wrong with a link or image of p, or "".
func (b *builder) checkLink(p *content.Page, l markdown.Link) string {
	what := "link"
	if l.Image {
		what = "image"
	}
	switch d := strings.TrimSpace(l.Dest); strings.ToLower(d) {
	case "":
		return fmt.Sprintf("%s %q has no address; put one in the round brackets, as in [%s](/about/)", what, l.Text, l.Text)
	case "http://", "https://":
		return fmt.Sprintf("%s %q: the web address stops after %s; give the whole address, such as https://www.nhs.uk/", what, l.Text, d)
	case "mailto:":
		return fmt.Sprintf("%s %q has no email address after mailto:; write it as mailto:name@example.org", what, l.Text)
	}
	dest := l.Resolved
	if dest == "" || strings.HasPrefix(dest, "//") || hasScheme(dest) {
		return ""
	}
	target, frag := splitFragment(dest)
	target, frag = unescape(target), strings.TrimPrefix(frag, "#")
	if target == "" {
		if frag != "" && !b.hasID(p, frag) {
			return fmt.Sprintf("%s to #%s: there is no heading or anchor with that id on this page; check the spelling against the heading", what, frag)
		}
		return ""
	}
	if strings.HasPrefix(strings.ToLower(l.Dest), "www.") {
		return fmt.Sprintf("%s to %s: a web address must start with https://; write https://%s", what, l.Dest, l.Dest)
	}
	if !strings.HasPrefix(target, "/") {
		file := path.Join(path.Dir(p.File), target)
		if b.site.Unreadable[file] {
			return "" // the file's own problem is reported, and is the one to fix
		}
		if s := b.site.Skipped[file]; s != nil {
			return fmt.Sprintf("%s to %s: that page is a draft or scheduled, so it is not published yet; remove the link or publish the page", what, l.Dest)
		}
		if other := b.otherCase(file); other != "" {
			return fmt.Sprintf("%s to %s: there is no file %s, but there is %s; capital letters matter on the web, so write the name as it is", what, l.Dest, file, other)
		}
		if strings.HasSuffix(target, ".md") {
			return fmt.Sprintf("%s to %s: there is no file %s; check the name, or link with a path from this file's folder", what, l.Dest, file)
		}
		return fmt.Sprintf("%s to %s: there is no file %s; check the name and the folder", what, l.Dest, file)
	}
	if t := b.site.ByURL(target); t != nil || b.site.ByURL(target+"/") != nil {
		if t == nil {
			t = b.site.ByURL(target + "/")
		}
		if frag != "" && !t.IsList() && !b.hasID(t, frag) {
			return fmt.Sprintf("%s to %s: the page %s has no heading or anchor #%s; check the heading's spelling", what, l.Dest, t.File, frag)
		}
		return ""
	}
	if b.exists(target) {
		return ""
	}
	if other := cmp.Or(b.otherCase(path.Join("static", target)), b.otherCase(path.Join("content", target))); other != "" {
		return fmt.Sprintf("%s to %s: there is no such file, but there is %s; capital letters matter on the web, so write the name as it is", what, l.Dest, other)
	}
	if l.Image {
		return fmt.Sprintf("image %s: there is no such file in static/ or content/; check the name, or add the file", l.Dest)
	}
	return fmt.Sprintf("link to %s: no page or file is published at that address; check the address", l.Dest)
}

func (b *builder) hasID(p *content.Page, id string) bool {
	r := b.rendered[p]
	return r != nil && slices.Contains(r.IDs, id) || slices.Contains(milestoneIDs(p), id)
}

// exists reports whether a site path is a static file, a content file or
// something the build generates.
func (b *builder) exists(sitePath string) bool {
	name := strings.TrimPrefix(sitePath, "/")
	if _, ok := b.statics[name]; ok {
		return true
	}
	if b.known[sitePath] {
		return true
	}
	dir, file := path.Split(sitePath)
	switch file {
	case "feed.xml", "atom.xml", "feed.json", "calendar.ics":
		return dir == "/" || b.site.ByURL(dir) != nil || b.known[dir]
	case "sitemap.xml", "robots.txt", "404.html", "feed.xsl":
		return dir == "/"
	}
	return false
}

// knownPaths lists site paths the build makes that are not pages: content
// files published as they are, and the tag and author lists.
func knownPaths(site *content.Site) map[string]bool {
	known := map[string]bool{"/tags/": true, "/authors/": true, "/search/index.json": true}
	for _, a := range site.Assets {
		known["/"+strings.TrimPrefix(a, "content/")] = true
	}
	for _, t := range site.Tags {
		known[t.URL] = true
	}
	for _, t := range site.Authors {
		known[t.URL] = true
	}
	return known
}

func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return false
	}
	for _, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// unescape turns %20 and the like in a link's path back into the
// characters of the file's name, as some editors write them.
func unescape(target string) string {
	if u, err := url.PathUnescape(target); err == nil {
		return u
	}
	return target
}

// otherCase finds a file in static/ or content/ whose path differs from
// file, a path from the site root, only in capitals, or "". Run only for
// a link that is broken, so it may walk every file.
func (b *builder) otherCase(file string) string {
	for name, src := range b.statics {
		if strings.EqualFold("static/"+name, file) {
			return src.name
		}
	}
	for _, a := range b.site.Assets {
		if strings.EqualFold(a, file) {
			return a
		}
	}
	for _, p := range b.site.Pages {
		if p.File != "" && strings.EqualFold(p.File, file) {
			return p.File
		}
	}
	return ""
}

// checkPageImage says what is wrong with the image: setting of a page,
// shown when the page is shared, or "". Its address is worked out as the
// layouts do (partials/image-url.html): from the site's start if it
// starts with /, else from the page's own address.
func (b *builder) checkPageImage(p *content.Page) string {
	src := p.Image
	if src == "" || hasScheme(src) || strings.HasPrefix(src, "//") {
		return ""
	}
	sp := src
	if !strings.HasPrefix(src, "/") {
		sp = p.URL + src
	}
	if b.exists(sp) {
		return ""
	}
	return fmt.Sprintf("image %s: there is no file at %s; put the image in static/ and give its address from the site's start, such as /images/%s", src, sp, path.Base(src))
}
