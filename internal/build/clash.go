package build

import (
	"path"
	"strings"

	"github.com/clic-cumbria/clic/internal/diag"
)

// checkClashes reports files the writer added that would be published
// where the build publishes something of its own: a page or list, a
// feed, the 404 page, the sitemap. Found before anything is written, each
// is reported at the writer's file; the writer's copy of each address
// found is then left unwritten, so the only report is this one.
func (b *builder) checkClashes(dl *diag.List) map[string]bool {
	clashed := map[string]bool{}
	for _, p := range b.site.Pages {
		// A page at one tag's or author's address is content's to report.
		if p.File != "" && !p.IsList() && (p.URL == "/tags/" || p.URL == "/authors/") {
			line, col := p.KeyLine("slug")
			dl.Errorf(diag.Pos{File: p.File, Line: line, Col: col},
				"this page would be published at %s, where clic publishes %s; rename the file, or give it another slug", p.URL, b.madeAt(strings.TrimPrefix(p.URL, "/")+"index.html"))
			clashed[strings.TrimPrefix(p.URL, "/")+"index.html"] = true
		}
	}
	check := func(file, name string) {
		if what := b.madeAt(name); what != "" {
			hint := "rename or move the file"
			if name == "404.html" {
				hint = "to change that page, copy layouts/404.html from clic's theme into the site's layouts/ folder and edit it there"
			}
			dl.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "this file would be published at /%s, where clic publishes %s; %s", name, what, hint)
			clashed[name] = true
		}
	}
	for _, name := range b.bb.madeNames {
		check(b.statics[name].name, name)
	}
	for _, a := range b.site.Assets {
		check(a, strings.TrimPrefix(a, "content/"))
	}
	return clashed
}

// madeNames lists the statics whose file names are ones the build gives
// its own files. Only they can clash (see madeAt), and a preview checks
// them on every rebuild while it lists a site's statics far less often.
func madeNames(statics map[string]staticFile) []string {
	var out []string
	for name := range statics {
		switch path.Base(name) {
		case "index.html", "feed.xml", "atom.xml", "feed.json", "calendar.ics",
			"sitemap.xml", "robots.txt", "404.html", "feed.xsl", "index.json":
			out = append(out, name)
		}
	}
	return out
}

// madeAt says what the build publishes of its own as the output file
// name, or "" if nothing: every page's and list's index.html, the feeds
// of the home page, sections, tags and authors, and the site's own files.
func (b *builder) madeAt(name string) string {
	dir, file := path.Split(name)
	switch file {
	case "index.html", "feed.xml", "atom.xml", "feed.json", "calendar.ics":
	default: // most files, such as images: no lookups nor copies, as this runs on every rebuild
		return madeFile(dir, file)
	}
	dir = "/" + dir
	list := b.known[dir] && dir != "/search/"
	p := b.site.ByURL(dir)
	switch file {
	case "index.html":
		switch {
		case list && (dir == "/tags/" || dir == "/authors/"):
			return "the list of every " + strings.TrimSuffix(strings.Trim(dir, "/"), "s")
		case list:
			return "the list of pages for one tag or author"
		case p != nil && p.File != "":
			return "the page made from " + p.File
		case p != nil:
			return "the list of the " + p.Section + " section"
		}
	default:
		if dir == "/" || list || p != nil && p.IsList() {
			return "a feed of " + dir
		}
	}
	return ""
}

// madeFile says what the build publishes of its own as file in the
// folder dir ("" for the top), other than pages and feeds, or "" if
// nothing.
func madeFile(dir, file string) string {
	switch {
	case dir == "" && (file == "sitemap.xml" || file == "robots.txt" || file == "404.html" || file == "feed.xsl"):
		return "its own " + file
	case dir == "search/" && file == "index.json":
		return "the search index"
	}
	return ""
}
