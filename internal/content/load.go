package content

import (
	"bytes"
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // dates are Europe/London even where the system has no zone files
	"unicode"
	"unicode/utf8"

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
	// Unreadable are the Markdown files that exist but could not be made
	// into pages, each reported already: a link to one is not also
	// reported as a link to a missing file.
	Unreadable map[string]bool

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

// Page returns the published page made from the file (a slash path from
// the site root), or nil; drafts and scheduled pages are in Skipped instead.
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
	return NewLoader(fsys).Load(opts, nil)
}

// Loader loads a site again and again, as the preview server does,
// re-reading only the files that changed. Decoded files are kept between
// loads; everything derived from them (URLs, sections, tags) is worked
// out afresh each time, so a load after changes gives the same site as a
// first load would. The exception is an edit that leaves a post or log
// where it was (see inplace.go): the page is then updated in place, its
// Rev raised, and the last Site returned.
type Loader struct {
	fsys   fs.FS
	loc    *time.Location
	files  map[string]*loaded // by slash path from the site root
	assets map[string]bool
	walked bool
	last   *lastLoad // for the quick path of a reworded post (see inplace.go)
	rev    uint64    // the last Page.Rev given
}

// loaded is one decoded Markdown file and what decoding it reported.
type loaded struct {
	page     *Page
	diags    diag.List
	settings *Settings // content/_index.md only
}

// NewLoader returns a Loader that reads the site root fsys.
func NewLoader(fsys fs.FS) *Loader {
	return &Loader{fsys: fsys, loc: London(), files: map[string]*loaded{}, assets: map[string]bool{}}
}

// Load returns the site. changed lists the slash paths (files or folders)
// that changed since the last load; nil means "anything may have changed",
// and reads everything.
func (l *Loader) Load(opts Options, changed []string) (*Site, diag.List) {
	var dl diag.List
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if l.walked && changed != nil {
		if s, dl, ok := l.quickLoad(opts, changed); ok {
			return s, dl
		}
	}
	l.last = nil
	var read []string
	if changed == nil || !l.walked {
		files, assets, err := walk(l.fsys, "content")
		if err != nil {
			var pe *fs.PathError
			switch {
			case errors.Is(err, fs.ErrNotExist):
				dl.Errorf(diag.Pos{File: "content"}, "there is no content folder here; run clic from the site folder (the one holding content/), or give -source")
			case errors.Is(err, fs.ErrPermission) && errors.As(err, &pe):
				dl.Errorf(diag.Pos{File: pe.Path}, "clic is not allowed to open this folder; give your user permission to read it, or move it out of content/")
			default:
				dl.Errorf(diag.Pos{File: "content"}, "cannot read the content folder: %v; run clic from the site folder, or give -source", err)
			}
			return nil, dl
		}
		l.files, l.assets, l.walked = map[string]*loaded{}, map[string]bool{}, true
		read = files
		for _, a := range assets {
			l.assets[a] = true
		}
	} else {
		read = l.forget(changed)
	}
	l.read(read)
	if len(l.files) == 0 {
		// In a preview, content/ may have been moved or deleted whole;
		// publishing an empty site would hide the mistake.
		if _, err := fs.Stat(l.fsys, "content"); err != nil {
			l.walked = false
			dl.Errorf(diag.Pos{File: "content"}, "the content folder has gone; put it back, or run clic in the site folder that has it")
			return nil, dl
		}
	}

	settings := defaultSettings()
	names := slices.Sorted(maps.Keys(l.files))
	pages := make([]*Page, 0, len(names))
	unreadable := map[string]bool{}
	for _, name := range names {
		f := l.files[name]
		dl.Add(f.diags...)
		if f.settings != nil {
			settings = *f.settings
		}
		if f.page != nil {
			pages = append(pages, f.page)
		} else {
			unreadable[name] = true
		}
	}
	fileDiags := len(dl) // what the files themselves reported; a quick load reports them again
	if opts.BaseURL != "" {
		settings.BaseURL = opts.BaseURL
	}
	settings.BaseURL = normaliseBaseURL(settings.BaseURL)
	at := diag.Pos{File: "content/_index.md", Line: 1, Col: 1}
	if f := l.files[at.File]; f != nil && f.page != nil && opts.BaseURL == "" {
		at.Line, at.Col = f.page.KeyLine("base_url")
	}
	if u, err := url.Parse(settings.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		dl.Errorf(at, "base_url %q must be the site's full address, such as https://example.org/", settings.BaseURL)
	} else if u.Path != "/" {
		// Every link clic writes starts at the root of the domain.
		dl.Errorf(at, "base_url %q has a path (%s); clic publishes sites at the root of a domain, so use an address such as %s://%s/", settings.BaseURL, u.Path, u.Scheme, u.Host)
	}
	assets := slices.Sorted(maps.Keys(l.assets))
	misplaced(names, assets, &dl)
	s := &Site{Settings: settings, Assets: assets, Skipped: map[string]*Page{}, Unreadable: unreadable, byFile: map[string]*Page{}, byURL: map[string]*Page{}}
	s.assemble(pages, opts, &dl)
	l.last = l.newLastLoad(s, opts, names, len(dl) == fileDiags)
	return s, dl
}

// forget drops what is known about changed paths and returns the
// Markdown files to read again. A changed folder (made, renamed in or
// out, or deleted) is looked at whole.
func (l *Loader) forget(changed []string) []string {
	var read []string
	for _, c := range changed {
		if c != "content" && !strings.HasPrefix(c, "content/") {
			continue
		}
		for name := range l.files {
			if name == c || strings.HasPrefix(name, c+"/") {
				delete(l.files, name)
			}
		}
		for name := range l.assets {
			if name == c || strings.HasPrefix(name, c+"/") {
				delete(l.assets, name)
			}
		}
		info, err := fs.Stat(l.fsys, c)
		switch {
		case err != nil:
			// Deleted: forgetting it was all there was to do.
		case info.IsDir():
			files, assets, err := walk(l.fsys, c)
			if err == nil {
				read = append(read, files...)
				for _, a := range assets {
					l.assets[a] = true
				}
			}
		case strings.HasSuffix(c, ".md") && !Ignored(path.Base(c)):
			read = append(read, c)
		case !Ignored(path.Base(c)):
			l.assets[c] = true
		}
	}
	return read
}

// read decodes files on every core and keeps the results.
func (l *Loader) read(files []string) {
	for i, f := range l.decode(files) {
		l.files[files[i]] = f
	}
}

// decode decodes files on every core.
func (l *Loader) decode(files []string) []*loaded {
	out := make([]*loaded, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Go(func() {
			for i := range next {
				f := &loaded{}
				d := &decoder{file: files[i], loc: l.loc, dl: &f.diags}
				settings := defaultSettings()
				f.page = d.readPage(l.fsys, &settings)
				if files[i] == "content/_index.md" {
					f.settings = &settings
				}
				out[i] = f
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// London is the time zone every date in the site is read and shown in.
func London() *time.Location { return london() }

// london loads the zone once: loading parses the zone data, which is far
// too slow to do for every date of every page.
var london = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("content: Europe/London missing although time/tzdata is embedded: " + err.Error())
	}
	return loc
})

// walk lists Markdown files and other files under content/, in lexical
// order, leaving out hidden files and editors' temporary files.
func walk(fsys fs.FS, root string) (md, other []string, err error) {
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && Ignored(d.Name()) {
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

// readPage decodes one file. It returns nil if the file cannot be used at all.
func (d *decoder) readPage(fsys fs.FS, settings *Settings) *Page {
	src, err := fs.ReadFile(fsys, d.file)
	if err != nil {
		d.dl.Errorf(diag.Pos{File: d.file}, "cannot read file: %v", err)
		return nil
	}
	// The lines around each problem are taken now, from the bytes it was
	// found in. The preview keeps a file's problems until the file
	// changes; reading each file again to show them, on every rebuild,
	// made a keystroke cost 0.3 s with a warning in each of 10,000 posts.
	defer func() { d.dl.WithSource(func(string) ([]byte, bool) { return src, true }, diag.SourceLines) }()
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		line, col := firstInvalid(src)
		d.dl.Errorf(diag.Pos{File: d.file, Line: line, Col: col},
			"the file is not saved as UTF-8 text; in your editor choose \"Save with encoding\" and pick UTF-8")
		return nil
	}
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	} else if len(src) == 0 {
		src = nil // as ReplaceAll gives, so an empty Body is nil as it always was
	}
	m, ok := splitFile(d.file, src, d.dl)
	if !ok {
		return nil
	}
	p := &Page{File: d.file, Body: m.body, BodyLine: m.bodyLine, Glossary: true}
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
		p.keys = keyPositions(m.root)
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
	// unset reports a key that is missing or written with no value ("date:");
	// a key with a value that could not be used already has its own error.
	unset := func(key string) bool {
		k := findKey(p.keys, key)
		return k == nil || k.null
	}
	if p.Title == "" && p.Kind != Section && p.Kind != Home && unset("title") {
		if len(bytes.TrimSpace(p.Body)) == 0 && len(p.keys) == 0 {
			d.dl.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "the file is empty; add a title and some text, or delete the file")
			return
		}
		if p.BodyLine == 1 && len(p.keys) == 0 {
			d.dl.Errorf(at("title"), "the page has no front matter; start the file with a line \"---\", then \"title: Your title\", then another \"---\"")
		} else {
			d.dl.Errorf(at("title"), "the page has no title; add a line \"title: Your title\" to the front matter")
		}
	}
	if !p.Updated.IsZero() && p.Updated.Before(p.Date) {
		d.dl.Warnf(at("updated"), "updated (%s) is before the page's date (%s); check the day, month and year", p.Updated.Format("2 January 2006"), p.Date.Format("2 January 2006"))
	}
	if p.Kind.Dated() && p.Date.IsZero() && unset("date") {
		d.dl.Errorf(at("date"), "a %s needs a date; add a line such as \"date: 2020-03-01\" to the front matter", p.Kind)
	}
	if p.Slug != "" {
		if msg := badSlug(p.Slug); msg != "" {
			d.dl.Errorf(at("slug"), "slug %q %s; use lower-case letters, numbers and hyphens, such as %q", p.Slug, msg, cmp.Or(Slugify(p.Slug), "six-month-review"))
			p.Slug = ""
		}
	}
	if p.Term != nil {
		p.Term.Term = cmp.Or(p.Term.Term, p.Title)
		if p.Term.Short == "" && len(bytes.TrimSpace(p.Body)) == 0 && p.Kind == Term {
			d.dl.Warnf(at("title"), "this term has no definition, so its page and its place in the A to Z are empty; add a line \"short:\" with one plain sentence, or write more below the front matter")
		}
		if n := len(strings.Fields(p.Term.Short)); n > 25 {
			d.dl.Warnf(at("short"), "the short definition has %d words; keep it to one plain sentence of 25 words or fewer", n)
		}
	}
	if p.Image != "" && p.ImageAlt == "" && findKey(p.keys, "image_alt") == nil {
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
	case Slugify(s) != s:
		// A space or capital would survive into the address, where
		// feed readers and people typing it trip over it.
		return "has capital letters, spaces or other marks that do not belong in a web address"
	}
	return ""
}

// sortPages puts pages in list order. comparePages is a total order (no
// two pages share a file), so an unstable sort gives the same result.
func sortPages(ps []*Page) {
	slices.SortFunc(ps, comparePages)
}

// comparePages orders dated pages first, newest first, then the others by
// weight then title, with the file path as a final tie-break so order is
// stable. Dated pages must all come before the others: comparing by date
// only when both are dated is not a consistent order (post B newer than
// post A, A before page "About" by title, "About" before B by title).
func comparePages(a, b *Page) int {
	if a.Kind.Dated() != b.Kind.Dated() {
		if a.Kind.Dated() {
			return -1
		}
		return 1
	}
	if a.Kind.Dated() {
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
