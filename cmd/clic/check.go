package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/check"
)

// runCheck is clic check: everything clic build checks, plus plain
// language and accessibility advice, with nothing written.
func runCheck(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("check", stderr)
	source := fs.String("source", ".", "the site `folder`, holding content/")
	format := fs.String("format", "text", "the report's `format`: text, or json for tools")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true")
	future := fs.Bool("future", false, "include pages dated in the future")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "clic check: -format %q is not known; use text or json\n", *format)
		return errUsage
	}
	src, err := filepath.Abs(*source)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(src, "content")); err != nil {
		fmt.Fprintf(stderr, "clic check: %s has no content folder; run clic in your site's folder, or give -source\n", *source)
		return errUsage
	}
	rep, dl := check.Run(build.Options{Source: os.DirFS(src), Theme: clic.Theme(), Drafts: *drafts, Future: *future})
	if *format == "json" {
		err = rep.JSON(stdout)
	} else {
		err = rep.Text(stdout)
	}
	if err != nil {
		return err
	}
	if dl.HasErrors() {
		return errContent
	}
	return nil
}
