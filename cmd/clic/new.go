package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/source"
)

// newKinds are the kinds of page clic new makes, with the folder under
// content/ each goes in ("" for a page at the top level).
var newKinds = []struct{ kind, folder string }{
	{"post", "posts"},
	{"log", "logs"},
	{"course", "courses"},
	{"term", "glossary"},
	{"page", ""},
}

// archetypeData is what an archetype template (layouts/archetypes/<kind>.md)
// can use.
type archetypeData struct {
	Title string // as typed on the command line
	Date  string // today in Europe/London, YYYY-MM-DD
	Slug  string // the file name without .md
}

// runNew writes a new page from its kind's archetype:
//
//	clic new [-source DIR] post|log|course|term|page "Title"
//
// The archetype is the site's own layouts/archetypes/<kind>.md if it has
// one, else the theme's. It never overwrites a file.
func runNew(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("new", stderr)
	source := fs.String("source", ".", "the site `folder`, holding content/")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: clic new [-source DIR] %s \"Title\"\n\nMakes content/<folder>/<title-as-file-name>.md with every setting explained.\n\nFlags:\n", kindList("|"))
		fs.PrintDefaults()
	}
	// Flags may come before or after the kind and title.
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "clic new: give a kind and a title, such as: clic new post \"Our first course\"\nKinds: %s\n", kindList(", "))
		return errUsage
	}
	kind, title := strings.ToLower(pos[0]), strings.TrimSpace(pos[1])
	src, err := filepath.Abs(*source)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(src, "content")); err != nil {
		fmt.Fprintf(stderr, "clic new: %s has no content folder; run clic in your site's folder, or give -source\n", *source)
		return errUsage
	}
	name, err := newPage(src, kind, title, time.Now())
	var ue usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "clic new:", err)
		return errUsage
	case err != nil:
		fmt.Fprintln(stderr, "clic new:", err)
		return errContent
	}
	fmt.Fprintln(stdout, name)
	return nil
}

// usageError is a mistake in what was typed, rather than in the site.
type usageError string

func (e usageError) Error() string { return string(e) }

func kindList(sep string) string {
	var ks []string
	for _, k := range newKinds {
		ks = append(ks, k.kind)
	}
	return strings.Join(ks, sep)
}

// newPage writes the page and returns its slash path from the site
// folder, such as "content/posts/our-first-course.md".
func newPage(src, kind, title string, now time.Time) (string, error) {
	i := slices.IndexFunc(newKinds, func(k struct{ kind, folder string }) bool { return k.kind == kind })
	if i < 0 {
		return "", usageError(fmt.Sprintf("there is no kind of page called %q; use one of %s", kind, kindList(", ")))
	}
	slug := content.Slugify(title)
	if slug == "" {
		return "", usageError(fmt.Sprintf("the title %q has no letters or numbers to make a file name from; give a title in words", title))
	}
	name := path.Join("content", newKinds[i].folder, slug+".md")
	data, err := archetype(source.Dir(src), kind, archetypeData{
		Title: title, Date: now.In(content.London()).Format(time.DateOnly), Slug: slug,
	})
	if err != nil {
		return "", err
	}
	file := filepath.Join(src, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", err
	}
	// O_EXCL: never overwrite, even if the file appears between a check and the write.
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("%s already exists, so it was left as it is; choose another title, or edit that file", name)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", err
	}
	return name, f.Close()
}

// archetype fills in the kind's archetype: the site's own if it has one,
// else the theme's.
func archetype(site fs.FS, kind string, d archetypeData) ([]byte, error) {
	file := "layouts/archetypes/" + kind + ".md"
	text, err := fs.ReadFile(site, file)
	if errors.Is(err, fs.ErrNotExist) {
		text, err = fs.ReadFile(clic.Theme(), file)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the archetype %s: %w", file, err)
	}
	t, err := template.New(file).Option("missingkey=error").Funcs(template.FuncMap{
		// quote makes text safe inside YAML front matter: a Go quoted
		// string is a valid YAML double-quoted one.
		"quote": strconv.Quote,
	}).Parse(string(text))
	if err != nil {
		return nil, fmt.Errorf("%v; fix the archetype, or delete it to use the theme's", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("%v; fix the archetype, or delete it to use the theme's", err)
	}
	return buf.Bytes(), nil
}
