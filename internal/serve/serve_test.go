package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
)

// patience bounds every wait in these tests. It is a deadline for a
// hung test, never a speed check: speed is BenchmarkEditToServed's job.
const patience = 20 * time.Second

// syncBuffer is a bytes.Buffer the server and the test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// siteBuild builds the site in dir the way clic serve does.
func siteBuild(dir string) func([]string) (*output.Memory, diag.List) {
	bb := build.NewBuilder(build.Options{Source: os.DirFS(dir), Theme: clic.Theme(), Preview: true})
	return func(changed []string) (*output.Memory, diag.List) {
		mem, _, dl := bb.BuildMemory(changed)
		return mem, dl
	}
}

// writeAtomic saves a file the careful way: write a hidden temporary
// file beside it, then rename it over, so a build never sees half a file
// and one save is one file event.
func writeAtomic(t testing.TB, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

const (
	homePage = "---\ntitle: Test site\nbase_url: https://example.org/\n---\nHello from the home page.\n"
	postPage = "---\ntitle: Hello\ndate: 2024-01-02\n---\nFirst words.\n"
)

// startSite writes a tiny site and serves it on a free loopback port.
func startSite(t *testing.T) (s *Server, dir, url string, out, errs *syncBuffer) {
	t.Helper()
	dir = t.TempDir()
	writeAtomic(t, filepath.Join(dir, "content/_index.md"), homePage)
	writeAtomic(t, filepath.Join(dir, "content/posts/hello.md"), postPage)
	writeAtomic(t, filepath.Join(dir, "static/css/site.css"), "body { color: black }\n")
	out, errs = &syncBuffer{}, &syncBuffer{}
	s, stop, served := run(t, Config{Source: dir, Build: siteBuild(dir), Out: out, Err: errs})
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s, dir, s.URL(), out, errs
}

// run serves cfg's site on a free loopback port. stop ends it, and served
// then receives what Serve returned.
func run(t testing.TB, cfg Config) (s *Server, stop context.CancelFunc, served <-chan error) {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	return s, cancel, done
}

// fetch GETs a page and returns its status and body.
func fetch(t testing.TB, url string) (int, string) {
	t.Helper()
	c := http.Client{
		Timeout:       patience,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// stream is an open /_clic/events connection, as a browser tab holds.
type stream struct {
	events chan event
	cancel context.CancelFunc
	done   chan struct{}
}

func openStream(t *testing.T, base string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", base+"_clic/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{DisableKeepAlives: true}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events Content-Type %q", ct)
	}
	st := &stream{events: make(chan event, 100), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(st.done)
		defer resp.Body.Close()
		defer tr.CloseIdleConnections()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.kind != "" {
					st.events <- ev
				}
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.kind = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data += strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	t.Cleanup(st.close)
	return st
}

func (st *stream) close() {
	st.cancel()
	<-st.done
}

// next waits for the next event.
func (st *stream) next(t *testing.T) event {
	t.Helper()
	select {
	case ev := <-st.events:
		return ev
	case <-time.After(patience):
		t.Fatal("no event from the server")
		return event{}
	}
}

func TestLiveReload(t *testing.T) {
	_, dir, url, out, errs := startSite(t)
	post := filepath.Join(dir, "content/posts/hello.md")

	code, page := fetch(t, url+"posts/hello/")
	if code != 200 || !strings.Contains(page, "First words.") {
		t.Fatalf("first page: status %d:\n%s", code, page)
	}
	if !strings.Contains(page, `<script src="/_clic/live.js" data-build="`) {
		t.Fatal("the page has no live-reload script")
	}
	st := openStream(t, url)
	if ev := st.next(t); ev.kind != "hello" || !strings.Contains(page, `data-build="`+ev.data+`"`) {
		t.Fatalf("first event %+v; the page's build id should match it", ev)
	}

	// A content change reloads, and the new text is served.
	writeAtomic(t, post, strings.Replace(postPage, "First words.", "Second words.", 1))
	if ev := st.next(t); ev.kind != "reload" {
		t.Fatalf("after editing a post: event %q, want reload", ev.kind)
	}
	if _, page := fetch(t, url+"posts/hello/"); !strings.Contains(page, "Second words.") {
		t.Fatalf("after the reload the page is old:\n%s", page)
	}
	if !strings.Contains(out.String(), "rebuilt in ") || !strings.Contains(out.String(), "(1 file changed)") {
		t.Errorf("terminal did not report the rebuild:\n%s", out.String())
	}

	// A stylesheet change swaps styles without a reload.
	writeAtomic(t, filepath.Join(dir, "static/css/site.css"), "body { color: navy }\n")
	if ev := st.next(t); ev.kind != "css" {
		t.Fatalf("after editing a stylesheet: event %q, want css", ev.kind)
	}
	if _, css := fetch(t, url+"css/site.css"); !strings.Contains(css, "navy") {
		t.Fatalf("new stylesheet not served: %q", css)
	}

	// A mistake shows in the browser, over the last good page.
	writeAtomic(t, post, strings.Replace(postPage, "2024-01-02", "2024-02-30", 1))
	ev := st.next(t)
	if ev.kind != "errors" {
		t.Fatalf("after a bad date: event %q, want errors", ev.kind)
	}
	var rep errorReport
	if err := json.Unmarshal([]byte(ev.data), &rep); err != nil {
		t.Fatalf("errors event is not JSON: %v\n%s", err, ev.data)
	}
	if len(rep.Errors) == 0 || !strings.HasPrefix(rep.Errors[0].Pos, "content/posts/hello.md:3:") || len(rep.Errors[0].Lines) == 0 {
		t.Fatalf("errors event: %+v", rep)
	}
	pos := rep.Errors[0].Pos
	code, page = fetch(t, url+"posts/hello/")
	for _, want := range []string{`role="alertdialog"`, "<code>" + pos + "</code>", "2024-02-30", "Second words."} {
		if !strings.Contains(page, want) {
			t.Errorf("page during the failed build lacks %q", want)
		}
	}
	if code != 200 {
		t.Errorf("page during the failed build: status %d", code)
	}
	if !strings.Contains(errs.String(), pos) || !strings.Contains(errs.String(), "build failed with 1 error") {
		t.Errorf("terminal did not show the error:\n%s", errs.String())
	}

	// Fixing it reloads, and the overlay is gone.
	writeAtomic(t, post, strings.Replace(postPage, "First words.", "Third words.", 1))
	if ev := st.next(t); ev.kind != "reload" {
		t.Fatalf("after fixing the error: event %q, want reload", ev.kind)
	}
	if _, page := fetch(t, url+"posts/hello/"); strings.Contains(page, "clic-overlay") || !strings.Contains(page, "Third words.") {
		t.Fatalf("after the fix:\n%s", page)
	}

	// A new tag has its page at once, and it goes when the tag does.
	writeAtomic(t, post, strings.Replace(postPage, "date:", "tags: [Fresh news]\ndate:", 1))
	if ev := st.next(t); ev.kind != "reload" {
		t.Fatalf("after a new tag: event %q, want reload", ev.kind)
	}
	if code, page := fetch(t, url+"tags/fresh-news/"); code != 200 || !strings.Contains(page, `href="/posts/hello/"`) {
		t.Errorf("the new tag's page: status %d:\n%s", code, page)
	}
	writeAtomic(t, post, postPage)
	if ev := st.next(t); ev.kind != "reload" {
		t.Fatalf("after taking the tag away: event %q, want reload", ev.kind)
	}
	if code, _ := fetch(t, url+"tags/fresh-news/"); code != 404 {
		t.Errorf("the page of a tag no post has: status %d, want 404", code)
	}

	// Renaming the page on screen: its old address becomes a helpful 404.
	if err := os.Rename(post, filepath.Join(dir, "content/posts/renamed.md")); err != nil {
		t.Fatal(err)
	}
	if ev := st.next(t); ev.kind != "reload" {
		t.Fatalf("after a rename: event %q, want reload", ev.kind)
	}
	code, page = fetch(t, url+"posts/hello/")
	if code != 404 || !strings.Contains(page, `<a href="/posts/">`) || !strings.Contains(page, `<a href="/">the home page</a>`) || !strings.Contains(page, "live.js") {
		t.Errorf("old address after a rename: status %d:\n%s", code, page)
	}
	if code, _ := fetch(t, url+"posts/renamed/"); code != 200 {
		t.Errorf("new address after a rename: status %d", code)
	}

	// Nothing is ever written to public/.
	if _, err := os.Stat(filepath.Join(dir, "public")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("clic serve touched public/: %v", err)
	}
}

// TestTraversalOverTheWire sends raw request lines, which no HTTP client
// would clean up first.
func TestTraversalOverTheWire(t *testing.T) {
	_, dir, url, _, _ := startSite(t)
	writeAtomic(t, filepath.Join(filepath.Dir(dir), "secret.txt"), "TOP-SECRET-TEXT")
	host := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	for _, target := range []string{
		"/../secret.txt",
		"/%2e%2e/secret.txt",
		"/..%2fsecret.txt",
		"/..%5csecret.txt",
		"/..\\secret.txt",
		"/posts/../../secret.txt",
		"/css/..%2f..%2f..%2fsecret.txt",
	} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(patience))
		io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		b, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != 404 || strings.Contains(string(b), "TOP-SECRET-TEXT") {
			t.Errorf("GET %s: status %d", target, resp.StatusCode)
		}
	}
}

// TestNoLeaks opens many event streams, as open tabs do, closes them,
// and checks every handler goroutine ended.
func TestNoLeaks(t *testing.T) {
	s, _, url, _, _ := startSite(t)
	fetch(t, url) // the server is up and idle
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	before := runtime.NumGoroutine()

	var streams []*stream
	for range 20 {
		streams = append(streams, openStream(t, url))
	}
	for _, st := range streams {
		if ev := st.next(t); ev.kind != "hello" {
			t.Fatalf("first event %q", ev.kind)
		}
	}
	if n := s.hub.count(); n != 20 {
		t.Fatalf("%d tabs connected, want 20", n)
	}
	s.hub.broadcast(event{kind: "css"}) // streams in use, not just opened
	for _, st := range streams {
		if ev := st.next(t); ev.kind != "css" {
			t.Fatalf("event %q, want css", ev.kind)
		}
		st.close()
	}
	deadline := time.Now().Add(patience)
	for s.hub.count() > 0 || runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("after closing every tab: %d tabs, %d goroutines (was %d)\n%s",
				s.hub.count(), runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestShutdownEndsStreams checks stopping the server closes open tabs'
// streams rather than waiting on them.
func TestShutdownEndsStreams(t *testing.T) {
	dir := t.TempDir()
	writeAtomic(t, filepath.Join(dir, "content/_index.md"), homePage)
	s, stop, served := run(t, Config{Source: dir, Build: siteBuild(dir)})
	st := openStream(t, s.URL())
	st.next(t)
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(patience):
		t.Fatal("Serve did not return with a tab open")
	}
	select {
	case <-st.done:
	case <-time.After(patience):
		t.Fatal("the tab's stream stayed open after the server stopped")
	}
}

// TestShutdownWithUnusedConnection stops the server while a connection
// that has sent nothing is open, as browsers open one ahead of need:
// Serve must return at once, and without an error.
func TestShutdownWithUnusedConnection(t *testing.T) {
	dir := t.TempDir()
	writeAtomic(t, filepath.Join(dir, "content/_index.md"), homePage)
	s, stop, served := run(t, Config{Source: dir, Build: siteBuild(dir)})
	conn, err := net.Dial("tcp", strings.TrimPrefix(strings.TrimSuffix(s.URL(), "/"), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	time.Sleep(50 * time.Millisecond) // let the server accept it
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve waited on a connection that had sent nothing")
	}
}
