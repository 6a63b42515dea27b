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
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
	"github.com/clic-cumbria/clic/internal/serve"
)

// runServe previews the site in a browser, rebuilding as files change.
// It builds into memory only, so public/ is never touched.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("serve", stderr)
	addr := fs.String("addr", serve.DefaultAddr, "the `host:port` to serve on; keep the host 127.0.0.1 so only this computer can see drafts")
	source := fs.String("source", ".", "the site `folder`, holding content/")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true (shown with a \"Draft: not published\" banner)")
	future := fs.Bool("future", false, "include pages dated in the future (shown with a \"Scheduled\" banner)")
	if err := parse(fs, args); err != nil {
		return err
	}
	src, err := filepath.Abs(*source)
	if err != nil {
		return err
	}
	opts := build.Options{
		Source: os.DirFS(src), Theme: clic.Theme(),
		Drafts: *drafts, Future: *future, Preview: true,
	}
	var builder *build.Builder // made once listening, when the preview's address is known
	s, err := serve.New(serve.Config{
		Source: src,
		Addr:   *addr,
		Out:    stdout,
		Err:    stderr,
		Build: func(changed []string) (*output.Memory, diag.List) {
			mem := output.NewMemory()
			_, dl := builder.Build(mem, changed)
			return mem, dl
		},
		Report: check.HTMLFunc(opts),
	})
	if err != nil {
		fmt.Fprintln(stderr, "clic serve:", err)
		return errUsage
	}
	if _, err := os.Stat(filepath.Join(src, "content")); err != nil {
		fmt.Fprintf(stderr, "clic serve: %s has no content folder; run clic in your site's folder, or give -source\n", *source)
		return errUsage
	}
	if err := s.Listen(); err != nil {
		return err
	}
	// Links in feeds and page metadata point at the preview itself.
	opts.BaseURL = s.URL()
	builder = build.NewBuilder(opts)
	return s.Serve(ctx)
}
