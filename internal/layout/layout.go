// Package layout finds and runs the html/template layouts that turn a
// page's data into HTML.
//
// Layouts are files under layouts/. A site's own layouts/ folder
// overrides the theme's file by file, so a writer can change one template
// and keep the rest.
//
// Every page layout is combined with layouts/_base.html, which defines
// the page shell and the blocks a layout may fill ("title", "main",
// "head"), and with every file in layouts/partials/, each defining a
// template named by its path, such as "partials/card.html".
//
// Templates are named by their path from the site root, so an error reads
// "layouts/post.html:12:5: ..." and points at the file to open.
//
// Folders under layouts/ whose names start with "_" or "." are skipped,
// so a site can keep another tool's templates (Hugo's layouts/_default)
// beside clic's.
//
// A layout is looked up by a list of candidate names, most specific first;
// Lookup returns the first that exists. The build chooses the names: for a
// post in content/posts/ it tries "posts/post.html", "post.html" and
// "single.html". If none exists, the error says which files were tried.
package layout

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/clic-cumbria/clic/internal/diag"
)

// Set holds every parsed layout. It is safe for concurrent use.
type Set struct {
	byName   map[string]*template.Template // "post.html" -> base+partials+post
	partials *template.Template            // base+partials, for cached
	files    map[string][]byte             // layout path -> source, for error excerpts
	bufs     sync.Pool
	cache    sync.Map // cacheKey -> cached, until Forget
}

// Load parses the layouts in the site's layouts/ folder over the theme's.
// Either FS may be nil. funcs are added to every template.
func Load(site, theme fs.FS, funcs template.FuncMap) (*Set, diag.List) {
	var dl diag.List
	files := map[string][]byte{} // relative to layouts/
	for _, fsys := range []fs.FS{theme, site} {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, "layouts", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == "layouts" {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() && p != "layouts" && (strings.HasPrefix(d.Name(), "_") || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir // another tool's templates, such as Hugo's layouts/_default
			}
			if d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			files[strings.TrimPrefix(p, "layouts/")] = data
			return nil
		})
		if err != nil {
			dl.Errorf(diag.Pos{File: "layouts"}, "cannot read layouts: %v", err)
			return nil, dl
		}
	}
	s := &Set{byName: map[string]*template.Template{}, files: map[string][]byte{}}
	for name, data := range files {
		s.files["layouts/"+name] = data
	}
	base := template.New("").Funcs(funcs).Funcs(template.FuncMap{"cached": s.cached})
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	shared := []string{"_base.html"}
	for _, n := range names {
		if strings.HasPrefix(n, "partials/") {
			shared = append(shared, n)
		}
	}
	for _, n := range shared {
		data, ok := files[n]
		if !ok {
			continue
		}
		if _, err := base.New(n).Parse(string(data)); err != nil {
			dl.Add(s.templateError(err))
		}
	}
	if dl.HasErrors() {
		return nil, dl
	}
	s.partials = template.Must(base.Clone()) // cannot fail: base has not run
	for _, n := range names {
		if slices.Contains(shared, n) {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(n).Parse(string(files[n]))
		}
		if err != nil {
			dl.Add(s.templateError(err))
			continue
		}
		s.byName[n] = t
	}
	return s, dl
}

// cacheEntry is one partial's output, with the data it was made from.
type cacheEntry struct {
	out  template.HTML
	data any
}

// cacheKey names one cached partial output.
type cacheKey struct {
	name string
	key  any
}

// cached is the layouts' "cached" function:
//
//	{{cached "partials/card.html" .}}
//	{{cached "partials/feeds.html" .Feeds .Page.Page.Section}}
//
// runs the partial once per build for each key and reuses its output,
// for partials that appear on many pages, such as a post's card in every
// list and tag page that shows it. The key is the partial's data: a page
// or another comparable value, or a list, which matches only the very
// same list (pages that share their feed links, say). Given further
// arguments, the key is those instead, and the data is not compared.
// The partial runs as if at the top of a page's body, so it should be
// whole elements. A caller may keep outputs between builds (see
// ForgetIf): the preview keeps a page's until the page changes.
func (s *Set) cached(name string, data any, keys ...any) (template.HTML, error) {
	var key any = data
	switch len(keys) {
	case 0:
		if data == nil || reflect.TypeOf(data).Comparable() {
			break
		}
		v := reflect.ValueOf(data)
		if v.Kind() != reflect.Slice {
			return "", fmt.Errorf("cached %q: the data is a %T, which cannot be a key; add a key, such as the page's section, after it", name, data)
		}
		// A list is the same list if it is the same slice of the same
		// array. The cache keeps the slice alive, so its memory cannot
		// be reused for another list while its output is cached.
		key = sliceKey{v.Type(), v.Pointer(), v.Len()}
	case 1:
		key = keys[0]
	default:
		key = fmt.Sprint(keys...)
	}
	k := cacheKey{name, key}
	if v, ok := s.cache.Load(k); ok {
		return v.(cacheEntry).out, nil
	}
	var b strings.Builder
	if err := s.partials.ExecuteTemplate(&b, name, data); err != nil {
		return "", partialError{err}
	}
	out := template.HTML(b.String())
	s.cache.Store(k, cacheEntry{out, data})
	return out, nil
}

// sliceKey is a list's identity.
type sliceKey struct {
	typ reflect.Type
	ptr uintptr
	len int
}

// partialError carries a cached partial's own error out through the
// calling template's, so the diagnostic points into the partial.
type partialError struct{ err error }

func (e partialError) Error() string { return e.err.Error() }
func (e partialError) Unwrap() error { return e.err }

// Forget empties the cache of the "cached" function. A build calls it
// before it runs any layout, since pages and their outputs change.
func (s *Set) Forget() { s.cache.Clear() }

// ForgetIf forgets the cached outputs whose data stale reports true for.
// A build that knows which data changed since the last calls it instead
// of Forget, keeping the rest.
func (s *Set) ForgetIf(stale func(data any) bool) {
	s.cache.Range(func(k, v any) bool {
		if stale(v.(cacheEntry).data) {
			s.cache.Delete(k)
		}
		return true
	})
}

// Has reports whether a layout of that name exists.
func (s *Set) Has(name string) bool { _, ok := s.byName[name]; return ok }

// Lookup returns the first candidate layout that exists.
func (s *Set) Lookup(candidates ...string) (string, error) {
	for _, c := range candidates {
		if s.Has(c) {
			return c, nil
		}
	}
	tried := make([]string, len(candidates))
	for i, c := range candidates {
		tried[i] = "layouts/" + c
	}
	return "", fmt.Errorf("no layout found; create one of %s", strings.Join(tried, ", "))
}

// Execute runs the named layout. A layout that has a "_base.html" shell
// runs the shell, which calls back into the layout's blocks; a layout
// without one (such as a feed or a fragment) runs on its own. On error, w
// may hold part of the page.
func (s *Set) Execute(w io.Writer, name string, data any) error {
	entry, err := s.entry(name)
	if err != nil {
		return err
	}
	return entry.Execute(w, data)
}

// Render runs the named layout and returns what it wrote, in a slice of
// exactly that size. The layout writes into a reused buffer first, so a
// failing template gives nothing half-done.
func (s *Set) Render(name string, data any) ([]byte, error) {
	buf, _ := s.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	defer s.bufs.Put(buf)
	if err := s.Execute(buf, name, data); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// entry is the template that runs first for the named layout: the base
// when the layout only fills blocks, else the layout itself.
func (s *Set) entry(name string) (*template.Template, error) {
	t, ok := s.byName[name]
	if !ok {
		return nil, fmt.Errorf("no layout named layouts/%s", name)
	}
	if base := t.Lookup("_base.html"); base != nil && defines(t, name) {
		return base, nil
	}
	return t.Lookup(name), nil
}

// defines reports whether the layout file only fills blocks (its own body
// is blank), which is how a layout says "wrap me in _base.html".
func defines(t *template.Template, name string) bool {
	own := t.Lookup(name)
	return own != nil && strings.TrimSpace(own.Tree.Root.String()) == ""
}

// tmplErrRE matches text/template errors ("template: post.html:3:5: ...")
// and html/template ones ("html/template:post.html:3:5: ..."; the escaper
// omits the space and sometimes the line).
var tmplErrRE = regexp.MustCompile(`template: ?([^:\s]+):(?:(\d+):)?(?:(\d+):)? ?(.*)`)

// executingRE matches the way execution errors name the block being run,
// which is a template-package detail (often "main", not a file).
var executingRE = regexp.MustCompile(`^executing "[^"]*" at <(.*?)>: `)

// Diagnostic turns a template parse or execution error into a positioned
// diagnostic with the offending layout line.
func (s *Set) Diagnostic(err error) diag.Diagnostic { return s.templateError(err) }

func (s *Set) templateError(err error) diag.Diagnostic {
	for pe := (partialError{}); errors.As(err, &pe); {
		err = pe.err
	}
	msg := err.Error()
	m := tmplErrRE.FindStringSubmatch(msg)
	if m == nil {
		return diag.Diagnostic{Pos: diag.Pos{File: "layouts"}, Msg: "layout error: " + msg}
	}
	file := m[1]
	if !strings.HasPrefix(file, "layouts/") {
		file = "layouts/" + file
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	if m[3] != "" {
		col++ // the template package counts columns from 0; diag from 1
	}
	text := executingRE.ReplaceAllString(strings.TrimSpace(m[4]), "in {{$1}}: ")
	d := diag.Diagnostic{
		Pos: diag.Pos{File: file, Line: line, Col: col},
		Msg: "layout error: " + s.explain(text),
	}
	if src, ok := s.files[file]; ok {
		d.Source = diag.Excerpt(src, line, diag.SourceLines)
	}
	return d
}

var (
	fieldRE    = regexp.MustCompile(`can't evaluate field (\w+) in type \*?(?:\w+\.)?(\w+)`)
	funcRE     = regexp.MustCompile(`function "(\w+)" not defined`)
	templateRE = regexp.MustCompile(`no such template "([^"]+)"`)
)

// explain puts the template package's terse messages in plain words.
func (s *Set) explain(msg string) string {
	switch {
	case strings.Contains(msg, "bad character U+007D '}'"):
		return "a {{ on this line is closed with a single }; close it with }}"
	case msg == "missing value for range":
		return "{{range}} needs a list to go through, as in {{range .Page.Tags}}"
	case strings.HasPrefix(msg, "missing value for "):
		what := strings.TrimPrefix(msg, "missing value for ")
		return fmt.Sprintf("{{%s}} needs something to test, as in {{%s .Page.Summary}}", what, what)
	case msg == "unexpected {{end}}":
		return "this {{end}} has no {{if}}, {{range}}, {{with}} or {{define}} before it to close; remove it"
	case templateRE.MatchString(msg):
		name := templateRE.FindStringSubmatch(msg)[1]
		var partials []string
		for f := range s.files {
			if p, ok := strings.CutPrefix(f, "layouts/partials/"); ok {
				partials = append(partials, "partials/"+p)
			}
		}
		slices.Sort(partials)
		if len(partials) == 0 {
			return fmt.Sprintf("there is no layout %s to use here; check the name", Path(name))
		}
		return fmt.Sprintf("there is no layout %s to use here; check the name against the partials there are: %s", Path(name), strings.Join(partials, ", "))
	}
	switch {
	case strings.HasPrefix(msg, "ends in a non-text context"):
		return "the layout ends inside an HTML tag, attribute or comment; close the last tag, its quotes or its <!-- comment -->"
	case strings.HasSuffix(msg, "unexpected EOF"):
		return msg + ": the layout ends before every {{if}}, {{range}}, {{with}} or {{define}} is closed; add the missing {{end}}"
	case fieldRE.MatchString(msg):
		m := fieldRE.FindStringSubmatch(msg)
		if i := strings.Index(msg, "can't evaluate"); i > 0 {
			msg = msg[:i] // "in {{...}}: ", which names the place
		} else {
			msg = ""
		}
		return fmt.Sprintf("%sa %s has no field %s; check the spelling, capitals too, against the list of layout data in README.md", msg, m[2], m[1])
	case funcRE.MatchString(msg):
		return msg + "; the functions layouts can use are date, datetime, isodate, abs, dict and cached"
	}
	return msg
}

// Names lists every page layout, for tests and documentation.
func (s *Set) Names() []string {
	out := make([]string, 0, len(s.byName))
	for n := range s.byName {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Path returns the conventional path of a layout, for messages.
func Path(name string) string { return path.Join("layouts", name) }
