package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/source"
)

// siteFlags are the flags of every command that reads a site.
type siteFlags struct {
	source         *string
	drafts, future *bool
}

// addSiteFlags defines -source, -drafts and -future. preview is for clic
// serve, where drafts and scheduled pages show by default, each with a
// banner: a writer previews a page most while it is still a draft, and
// clic new makes every page one.
func addSiteFlags(fs *flag.FlagSet, preview bool) siteFlags {
	draftNote, futureNote := "", ""
	if preview {
		draftNote, futureNote = ` (shown with a "Draft: not published" banner; -drafts=false hides them)`, ` (shown with a "Scheduled" banner; -future=false hides them)`
	}
	return siteFlags{
		source: fs.String("source", ".", "the site `folder`, holding content/"),
		drafts: fs.Bool("drafts", preview, "include pages marked draft: true"+draftNote),
		future: fs.Bool("future", preview, "include pages dated in the future"+futureNote),
	}
}

// site resolves the site folder, which must hold content/, and returns it
// with the build options the flags ask for and the default theme.
func (f siteFlags) site(cmd string, stderr io.Writer) (string, build.Options, error) {
	src, err := filepath.Abs(*f.source)
	if err != nil {
		return "", build.Options{}, err
	}
	if _, err := os.Stat(filepath.Join(src, "content")); err != nil {
		fmt.Fprintf(stderr, "clic %s: %s has no content folder; run clic in your site's folder, or give -source\n", cmd, *f.source)
		return "", build.Options{}, errUsage
	}
	return src, build.Options{Source: source.Dir(src), Theme: clic.Theme(), Drafts: *f.drafts, Future: *f.future}, nil
}
