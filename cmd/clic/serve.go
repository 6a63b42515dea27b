package main

import (
	"context"
	"fmt"
	"io"

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
	sf := addSiteFlags(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	var (
		opts    build.Options
		builder *build.Builder // made once listening, when the preview's address is known
	)
	s, err := serve.New(serve.Config{
		Source: *sf.source,
		Addr:   *addr,
		Out:    stdout,
		Err:    stderr,
		Build: func(changed []string) (*output.Memory, diag.List) {
			mem, _, dl := builder.BuildMemory(changed)
			return mem, dl
		},
		Report: func() []byte { return check.HTMLFunc(opts)() },
	})
	if err != nil {
		fmt.Fprintln(stderr, "clic serve:", err)
		return errUsage
	}
	if _, opts, err = sf.site("serve", stderr); err != nil {
		return err
	}
	opts.Preview = true
	if err := s.Listen(); err != nil {
		return err
	}
	// Links in feeds and page metadata point at the preview itself.
	opts.BaseURL = s.URL()
	builder = build.NewBuilder(opts)
	return s.Serve(ctx)
}
