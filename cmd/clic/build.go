package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("build", stderr)
	sf := addSiteFlags(fs, false)
	dest := fs.String("dest", "public", "the `folder` to build into, inside the site folder unless the path is absolute; it is replaced whole")
	baseURL := fs.String("base-url", "", "the site's address, such as https://example.org/ (overrides base_url in content/_index.md)")
	minify := fs.Bool("minify", true, "minify HTML, CSS, JS, JSON, XML and SVG")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file`, for go tool pprof")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		stop, err := profileCPU(*cpuprofile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *baseURL != "" {
		if u, err := url.Parse(*baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fmt.Fprintf(stderr, "clic build: -base-url %q must be a web address such as https://example.org/\n", *baseURL)
			return errUsage
		}
	}
	start := time.Now()
	src, opts, err := sf.site("build", stderr)
	if err != nil {
		return err
	}
	// A relative -dest is inside the site folder, as with Hugo, so that
	// "-source site" builds into site/public; messages name it as the
	// writer would type it from here.
	destAbs, shown := *dest, *dest
	if !filepath.IsAbs(destAbs) {
		destAbs, shown = filepath.Join(src, destAbs), filepath.Join(*sf.source, *dest)
		if *sf.source == "." {
			destAbs, _ = filepath.Abs(*dest)
		}
	}
	guard := output.Guard{Source: src, Protected: []string{
		filepath.Join(src, "content"), filepath.Join(src, "layouts"), filepath.Join(src, "static"),
	}}
	// Summing the content's size stats every file (70 ms for 10,000
	// posts); the heap stays small until the content is loaded, so the
	// limit may arrive while the build runs.
	go limitMemory(filepath.Join(src, "content"))
	disk, err := output.Begin(destAbs, guard)
	if err != nil {
		fmt.Fprintln(stderr, "clic build:", err)
		return errContent
	}
	opts.BaseURL, opts.Minify = *baseURL, *minify
	var stats build.Stats
	var dl diag.List
	if err := unlessInterrupted(ctx, func() { stats, dl = build.Build(opts, disk) }); err != nil {
		if err := disk.Interrupt(); err != nil {
			fmt.Fprintln(stderr, "clic build: cleaning up:", err)
		}
		fmt.Fprintf(stderr, "clic build: interrupted; %s was left as it was\n", shown)
		return err
	}
	report(stderr, dl)
	if dl.HasErrors() {
		if err := disk.Abort(); err != nil {
			fmt.Fprintln(stderr, "clic build: cleaning up:", err)
		}
		fmt.Fprintf(stderr, "build failed with %s; %s was left as it was\n", count(len(dl.Errors()), "error"), shown)
		return errContent
	}
	if err := disk.Flush(); err != nil {
		disk.Abort()
		fmt.Fprintf(stderr, "clic build: %v\nbuild failed; %s was left as it was\n", err, shown)
		return errContent
	}
	if err := disk.Commit(); err != nil {
		return fmt.Errorf("replacing %s with the new build: %w", shown, err)
	}
	for _, p := range stats.Site.Scheduled {
		fmt.Fprintf(stdout, "scheduled: %s goes live on %s; build again then to publish it\n",
			p.File, p.Date.Format("Monday 2 January 2006 at 15:04 MST"))
	}
	fmt.Fprintf(stdout, "built %d pages, %d feeds, %d files in %s\n",
		stats.Pages, stats.Feeds, stats.Files, time.Since(start).Round(time.Millisecond))
	return nil
}

// report prints diagnostics with their source lines, errors last so they
// are what a writer sees at the bottom of the terminal.
func report(w io.Writer, dl diag.List) {
	for _, d := range dl.Warnings() {
		fmt.Fprintln(w, d.Format())
	}
	for _, d := range dl.Errors() {
		fmt.Fprintln(w, d.Format())
	}
}

// count writes "1 error" or "3 errors".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// profileCPU starts a CPU profile written to name, and returns what stops it.
func profileCPU(name string) (func(), error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("starting the CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting the CPU profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// limitMemory asks the garbage collector to keep the heap near what a
// build of this size needs rather than letting it double between
// collections, so large sites build on small machines. GOMEMLIMIT, if
// set, wins. The limit is in proportion to the content, 5.75 times its
// size (and at least 384 MiB), so that the collector's room to work, and
// with it how often it runs, grows with the site: a build of three
// times the posts then collects about as often, not twice as often.
func limitMemory(contentDir string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var size int64
	filepath.WalkDir(contentDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				size += info.Size()
			}
		}
		return nil
	})
	debug.SetMemoryLimit(max(384<<20, size*23/4))
}
