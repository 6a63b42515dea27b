package content

import (
	"bytes"
	"cmp"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // dates are Europe/London even where the system has no zone files
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/clic-cumbria/clic/internal/diag"
)

// Options control which pages a load includes.
type Options struct {
	Drafts  bool      // include pages with draft: true
	Future  bool      // include pages dated after Now
	Now     time.Time // the build's idea of the present; pages dated later are scheduled
	BaseURL string    // overrides base_url from the settings when set
}

// Site is the loaded content, ready to render.
type Site struct {
	Settings Settings
	Home     *Page
	Pages    []*Page // every page to render, including home and list pages, sorted by URL
	Sections []*SectionList
	Tags     []*Taxon
	Authors  []*Taxon
	Terms    []*Page // glossary terms, A to Z
	// Assets are non-Markdown files under content/ (bundle resources and
	// others), as slash paths from the site root. Each is published at the
	// same path without the "content" prefix.
	Assets []string
	// Scheduled are future-dated pages left out of this build, soonest first.
	Scheduled []*Page
	// Skipped are drafts (and future pages) left out, by file, so links to
	// them can be told apart from links to files that do not exist.
	Skipped map[string]*Page

	byFile map[string]*Page
	byURL  map[string]*Page
}

// SectionList is a top-level folder and the pages in it.
type SectionList struct {
	Name  string // folder name, e.g. "posts"
	Page  *Page  // the list page: from _index.md, or made up when there is none
	Pages []*Page
}

// Taxon is one tag or author and the pages that carry it.
type Taxon struct {
	Name  string // as first written
	Slug  string
	URL   string // e.g. /tags/news/
	Pages []*Page
}

// Page returns the page made from the file (a slash path from the site root).
func (s *Site) Page(file string) *Page { return s.byFile[file] }

// ByURL returns the page published at a site path such as "/about/".
func (s *Site) ByURL(url string) *Page { return s.byURL[url] }

// Section returns the named top-level section, or nil.
func (s *Site) Section(name string) *SectionList {
	for _, sec := range s.Sections {
		if sec.Name == name {
			return sec
		}
	}
	return nil
}

// Load reads every file under content/ in fsys (the site root) and builds
// the site model. It reports every problem it finds, not just the first;
// a non-nil Site is returned even with errors so callers can report more.
func Load(fsys fs.FS, opts Options) (*Site, diag.List) {
	var dl diag.List
	loc := London()
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	files, assets, err := walk(fsys)
	if err != nil {
		dl.Errorf(diag.Pos{File: "content"}, "cannot read the content folder: %v; run clic from the site folder, or give -source", err)
		return nil, dl
	}
	pages := make([]*Page, len(files))
	lists := make([]diag.List, len(files))
	settings := defaultSettings()
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				d := &decoder{file: files[i], loc: loc, dl: &lists[i]}
				pages[i] = d.readPage(fsys, &settings)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, l := range lists {
		dl.Add(l...)
	}
	if opts.BaseURL != "" {
		settings.BaseURL = opts.BaseURL
	}
	settings.BaseURL = normaliseBaseURL(settings.BaseURL)
	s := &Site{Settings: settings, Assets: assets, Skipped: map[string]*Page{}, byFile: map[string]*Page{}, byURL: map[string]*Page{}}
	s.assemble(slices.DeleteFunc(pages, func(p *Page) bool { return p == nil }), opts, &dl)
	return s, dl
}

// London is the time zone every date in the site is read and shown in.
func London() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("content: Europe/London missing although time/tzdata is embedded: " + err.Error())
	}
	return loc
}

// walk lists Markdown files and other files under content/, in lexical
// order, leaving out hidden files and editors' temporary files.
func walk(fsys fs.FS) (md, other []string, err error) {
	err = fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "content" && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if strings.HasSuffix(p, ".md") {
			md = append(md, p)
		} else {
			other = append(other, p)
		}
		return nil
	})
	return md, other, err
}

// Ignored reports whether a file name is hidden or an editor's temporary
// file (vim swap and backup files, Emacs lock files, partial downloads).
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		strings.HasSuffix(name, ".crdownload") || name == "4913"
}

// readPage decodes one file. It returns nil if the file cannot be used at all.
func (d *decoder) readPage(fsys fs.FS, settings *Settings) *Page {
	src, err := fs.ReadFile(fsys, d.file)
	if err != nil {
		d.dl.Errorf(diag.Pos{File: d.file}, "cannot read file: %v", err)
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		line, col := firstInvalid(src)
		d.dl.Errorf(diag.Pos{File: d.file, Line: line, Col: col},
			"the file is not saved as UTF-8 text; in your editor choose \"Save with encoding\" and pick UTF-8")
		return nil
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	m, ok := splitFile(d.file, src, d.dl)
	if !ok {
		return nil
	}
	p := &Page{File: d.file, Body: m.body, BodyLine: m.bodyLine, Glossary: true, keys: map[string]*yaml.Node{}}
	rel := strings.TrimPrefix(d.file, "content/")
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	p.Section, _, _ = strings.Cut(dir, "/")
	switch {
	case rel == "_index.md":
		p.Kind, p.Section = Home, ""
	case name == "_index.md":
		p.Kind = Section
	default:
		p.Kind = KindOf(p.Section)
	}
	f := d.pageFields(p)
	d.kindFields(p, f)
	if p.Kind == Home {
		for k, v := range d.settingsFields(settings) {
			f[k] = v
		}
	}
	if m.root != nil {
		for i := 0; i+1 < len(m.root.Content); i += 2 {
			p.keys[strings.ToLower(m.root.Content[i].Value)] = m.root.Content[i+1]
		}
		d.mapping(m.root, f, "the front matter")
	}
	if p.Kind == Home {
		settings.Title = cmp.Or(p.Title, settings.Title)
	}
	d.check(p)
	return p
}

// firstInvalid finds the line and column of the first byte that is not UTF-8.
func firstInvalid(src []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		i += size
	}
	return line, col
}

// check applies the rules that need the whole page's front matter.
func (d *decoder) check(p *Page) {
	at := func(key string) diag.Pos {
		l, c := p.KeyLine(key)
		return diag.Pos{File: p.File, Line: l, Col: c}
	}
	if p.Title == "" && p.Kind != Section && p.Kind != Home {
		if len(bytes.TrimSpace(p.Body)) == 0 && len(p.keys) == 0 {
			d.dl.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "the file is empty; add a title and some text, or delete the file")
			return
		}
		d.dl.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "the page has no title; add a line \"title: Your title\" to the front matter")
	}
	if p.Kind.Dated() && p.Date.IsZero() && p.keys["date"] == nil {
		d.dl.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "a %s needs a date; add a line such as \"date: 2020-03-01\" to the front matter", p.Kind)
	}
	if p.Slug != "" {
		if msg := badSlug(p.Slug); msg != "" {
			d.dl.Errorf(at("slug"), "slug %q %s; use lower-case letters, numbers and hyphens, such as \"six-month-review\"", p.Slug, msg)
			p.Slug = ""
		}
	}
	if p.Term != nil {
		p.Term.Term = cmp.Or(p.Term.Term, p.Title)
		if n := len(strings.Fields(p.Term.Short)); n > 25 {
			d.dl.Warnf(at("short"), "the short definition has %d words; keep it to one plain sentence of 25 words or fewer", n)
		}
	}
	if p.Image != "" && p.ImageAlt == "" && p.keys["image_alt"] == nil {
		d.dl.Errorf(at("image"), "the image has no image_alt; describe it for people who cannot see it, or write image_alt: \"\" if it is only decoration")
	}
}

// badSlug says why a slug cannot be used as a folder name, or "".
func badSlug(s string) string {
	switch {
	case strings.Contains(s, ".."):
		return "contains \"..\", which would write outside the site"
	case strings.HasPrefix(s, "/") || strings.Contains(s, "\\") || strings.Contains(s, "/"):
		return "contains a slash"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains a control character"
	case strings.TrimSpace(s) != s || s == "." || s == "":
		return "is empty or has spaces at its ends"
	}
	return ""
}

// Slugify turns a name into a URL-safe slug: lower case, with runs of
// anything but letters and digits folded into one hyphen.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
			// "Let's" reads better as "lets" than "let-s".
		default:
			hyphen = true
		}
	}
	return b.String()
}

func sortPages(ps []*Page) {
	slices.SortStableFunc(ps, comparePages)
}

// comparePages orders dated pages newest first and others by weight then
// title, with the file path as a final tie-break so order is stable.
func comparePages(a, b *Page) int {
	if a.Kind.Dated() && b.Kind.Dated() {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
	}
	return cmp.Or(
		cmp.Compare(a.Weight, b.Weight),
		strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)),
		strings.Compare(a.File, b.File),
	)
}
