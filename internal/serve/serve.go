// Package serve is clic's live preview: it builds a site into memory,
// serves it over HTTP, watches the site's files and rebuilds when they
// change, and tells open browser tabs to update.
//
// The preview never writes to disk. Each build goes into a fresh
// output.Memory; the server swaps to it only when the build has no
// errors, so a mistake never blanks the page a writer is looking at. When
// a build fails, every HTML page is served with an overlay listing the
// errors (file:line:col, message, and the offending lines), and open tabs
// are sent the same list; the next good build clears it.
//
// Browsers learn of rebuilds over Server-Sent Events at /_clic/events. A
// small external script, /_clic/live.js (external, so pages with a strict
// Content-Security-Policy still work), is added before </body> of every
// HTML page served; it is never part of a build's files. Events:
//
//	hello   the current build's id; a page that was served by an older build reloads
//	reload  content or layouts changed, or errors were fixed: reload the page
//	css     only stylesheets changed: swap them in place, without a reload
//	errors  the build failed: JSON describing each error, drawn as an overlay
//
// Config.Report, when set, supplies the page at /_report/ (the checks'
// report); without it that address is not found. The page is made again
// only after a build, since only a change of files can change it.
//
// A burst of file events (an editor writing a temporary file and renaming
// it over the original, say) becomes one rebuild: the watcher waits for a
// short quiet period, but never longer than a maximum, before building.
//
// Broadcasting never blocks a rebuild: each tab has a one-slot mailbox,
// and a new event merges with one that has not been read yet.
//
// The server binds to loopback by default, because a preview shows drafts
// and scheduled pages. While bound to loopback it answers only requests
// addressed to a loopback host name, which defeats DNS rebinding. Paths
// that try to leave the site ("..", encoded slashes or dots, backslashes)
// are not found.
package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
)

// Config is what a Server needs. Build is required; the rest have defaults.
type Config struct {
	// Source is the site folder whose content/, layouts/ and static/
	// folders are watched. Empty means do not watch: the caller rebuilds.
	Source string
	// Addr is the host:port to listen on; the default is 127.0.0.1:1313.
	Addr string
	// Build makes a build into a new Memory. changed lists the slash paths,
	// relative to Source, that changed since the last call (nil for the
	// first build), so Build can redo only what they affect. It is called
	// from one goroutine at a time. The site served is the last build
	// whose diagnostics hold no errors.
	Build func(changed []string) (*output.Memory, diag.List)
	// Report, when set, makes the HTML page served at /_report/.
	Report func() []byte
	// Out receives the address and each rebuild's time; Err receives
	// warnings and errors. Both default to io.Discard.
	Out, Err io.Writer
}

// DefaultAddr is where the preview listens unless told otherwise.
const DefaultAddr = "127.0.0.1:1313"

// Server is a live preview. Make one with New.
type Server struct {
	cfg   Config
	ln    net.Listener
	local bool // bound to loopback only: refuse other Host names
	state atomic.Pointer[state]
	hub   hub
	done  chan struct{} // closed when Serve stops, to end event streams
	tmpl  *template.Template

	// Timings, fields so tests can shorten them.
	quiet, maxWait time.Duration // see batch
	regone         time.Duration // see hold
	ping           time.Duration // keeps idle event streams open through proxies
	writeTimeout   time.Duration // gives up on a tab that stopped reading

	started  string            // this server's start, so a restarted server's ids differ
	builds   int               // builds made; only the build goroutine touches it
	warnings map[diag.Key]bool // the last build's warnings, to print only new ones

	// The report page, kept until the next build: making it checks the
	// whole site afresh, 7.5 s for 10,000 posts.
	reportMu  sync.Mutex
	report    []byte
	reportFor string // the state id it was made for
}

// state is one moment of the preview, swapped whole after each build.
type state struct {
	site    *output.Memory // last good build; nil until one succeeds
	errs    diag.List      // the latest build's errors; empty if it succeeded
	id      string         // differs after every build, so a page can tell it is stale
	overlay []byte         // HTML listing errs, added to every page
	report  []byte         // JSON of errs, for the errors event
}

// New checks cfg and makes a Server. It does not listen or build.
func New(cfg Config) (*Server, error) {
	if cfg.Build == nil {
		return nil, errors.New("serve: Config.Build is required")
	}
	cfg.Addr = cmp.Or(cfg.Addr, DefaultAddr)
	if _, port, err := net.SplitHostPort(cfg.Addr); err != nil || port == "" {
		return nil, fmt.Errorf("address %q must be a host and port, such as %s", cfg.Addr, DefaultAddr)
	}
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Err == nil {
		cfg.Err = io.Discard
	}
	s := &Server{
		cfg:          cfg,
		done:         make(chan struct{}),
		tmpl:         template.Must(template.New("").Parse(pageTemplates)),
		quiet:        5 * time.Millisecond, // saves land within a millisecond or two; see also hold
		maxWait:      300 * time.Millisecond,
		regone:       50 * time.Millisecond,
		ping:         25 * time.Second,
		writeTimeout: 10 * time.Second,
		started:      strconv.FormatInt(time.Now().UnixNano(), 36),
		hub:          hub{clients: map[*client]struct{}{}},
	}
	s.state.Store(&state{id: s.started + "-0"})
	return s, nil
}

// Listen binds the address. It warns on Err when the address is reachable
// from other computers, since the preview shows unpublished pages.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w; if another clic serve is running, stop it or choose another -addr", s.cfg.Addr, err)
	}
	s.ln = ln
	tcp, _ := ln.Addr().(*net.TCPAddr)
	s.local = tcp != nil && tcp.IP.IsLoopback()
	if !s.local {
		fmt.Fprintf(s.cfg.Err, "warning: -addr %s lets anyone on your network see this preview, including drafts and scheduled pages that are not published; use 127.0.0.1 to keep it to this computer\n", s.cfg.Addr)
	}
	return nil
}

// URL is the address to open in a browser, valid after Listen.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	host, port := "127.0.0.1", ""
	if tcp, ok := s.ln.Addr().(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
		if !tcp.IP.IsUnspecified() {
			host = tcp.IP.String()
		}
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// Serve builds the site, then serves and rebuilds it until ctx is done.
// It listens first if Listen has not been called. It may be called once.
func (s *Server) Serve(ctx context.Context) error {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var w *watcher
	if s.cfg.Source != "" {
		var err error
		if w, err = newWatcher(s.cfg.Source); err != nil {
			s.ln.Close()
			return fmt.Errorf("watching %s for changes: %w", s.cfg.Source, err)
		}
		defer w.close()
	}
	s.rebuild(nil)
	fmt.Fprintf(s.cfg.Out, "serving a preview at %s (press Ctrl+C to stop)\n", s.URL())

	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // a tab closing mid-response is not news
	}
	served := make(chan error, 1)
	go func() {
		err := srv.Serve(s.ln)
		cancel()
		served <- err
	}()
	s.watch(ctx, w)
	close(s.done)
	// Responses under way get a moment to finish. A connection a browser
	// opened ahead of need, and never sent a request on, counts as busy
	// to Shutdown for its first 5 seconds: without the cut-off, Ctrl+C
	// waited for it and then failed.
	stop, cancelStop := context.WithTimeout(context.Background(), time.Second)
	defer cancelStop()
	if srv.Shutdown(stop) != nil {
		srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rebuild builds the site and tells the terminal and the browsers. changed
// are the site paths that prompted it; nil for the first build.
func (s *Server) rebuild(changed []string) {
	start := time.Now()
	site, dl := s.build(changed)
	took := time.Since(start).Round(time.Millisecond)
	s.builds++
	prev := s.state.Load()
	next := &state{site: prev.site, id: s.started + "-" + strconv.Itoa(s.builds)}
	s.printWarnings(dl.Warnings())
	if dl.HasErrors() || site == nil {
		next.errs = dl.Errors()
		if len(next.errs) == 0 { // a Build that returned no site must say why
			next.errs.Errorf(diag.Pos{}, "the build made no site and gave no reason; this is a bug in clic, please report it")
		}
		next.overlay, next.report = s.renderErrors(next.errs, next.site != nil)
		s.state.Store(next)
		for _, d := range next.errs {
			fmt.Fprintln(s.cfg.Err, d.Format())
		}
		shows := "the preview shows the last good build, with the errors on top"
		if next.site == nil {
			shows = "the preview shows the errors until the site builds"
		}
		fmt.Fprintf(s.cfg.Err, "build failed with %s in %s; %s\n", count(len(next.errs), "error"), took, shows)
		s.hub.broadcast(event{kind: "errors", data: string(next.report)})
		return
	}
	next.site = site
	s.state.Store(next)
	kind := "reload"
	if len(prev.errs) == 0 && prev.site != nil && cssOnly(changed) {
		kind = "css"
	}
	// The terminal hears first, as with errors above, so that what it
	// says is there by the time a browser has reloaded.
	if changed == nil {
		fmt.Fprintf(s.cfg.Out, "built %s in %s\n", count(site.Len(), "file"), took)
	} else {
		fmt.Fprintf(s.cfg.Out, "rebuilt in %s (%s changed)\n", took, count(len(changed), "file"))
	}
	s.hub.broadcast(event{kind: kind})
}

// build runs Config.Build, turning a panic into an error so that one bad
// save cannot stop the preview. (A panic in a goroutine Build starts
// still ends the program; only Build can catch those.)
func (s *Server) build(changed []string) (site *output.Memory, dl diag.List) {
	defer func() {
		if r := recover(); r != nil {
			site, dl = nil, nil
			dl.Errorf(diag.Pos{}, "clic crashed while building (%v); this is a bug in clic: please report it, with the file you last saved", r)
		}
	}()
	return s.cfg.Build(changed)
}

// printWarnings prints warnings the previous build did not have, so a
// writer's terminal is not flooded with the same ones on every save.
func (s *Server) printWarnings(ws diag.List) {
	seen := make(map[diag.Key]bool, len(ws))
	same := 0
	for _, d := range ws {
		k := d.Key()
		seen[k] = true
		if s.warnings[k] {
			same++
			continue
		}
		fmt.Fprintln(s.cfg.Err, d.Format())
	}
	if same > 0 {
		fmt.Fprintf(s.cfg.Err, "(%s from before still to fix)\n", count(same, "warning"))
	}
	s.warnings = seen
}

// cssOnly reports whether every changed file is a stylesheet, which the
// browser can swap without reloading the page.
func cssOnly(changed []string) bool {
	for _, p := range changed {
		if !strings.HasSuffix(p, ".css") {
			return false
		}
	}
	return len(changed) > 0
}

// count writes "1 file" or "3 files".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
