package serve

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
)

// fakeSite is a built site, small but shaped like a real one.
func fakeSite(t *testing.T) *output.Memory {
	t.Helper()
	mem := output.NewMemory()
	page := func(title, body string) string {
		return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><main id=\"main\">" + body + "</main></body></html>"
	}
	for name, data := range map[string]string{
		"index.html":               page("Home", "<h1>Welcome</h1>"),
		"posts/index.html":         page("Blog &amp; news – Site", "<h1>Blog</h1>"),
		"posts/hello/index.html":   page("Hello – Site", "<h1>Hello</h1>"),
		"404.html":                 page("Page not found", "<h1>Page not found</h1>"),
		"feed.xml":                 "<?xml version=\"1.0\"?><rss/>",
		"atom.xml":                 "<?xml version=\"1.0\"?><feed/>",
		"feed.xsl":                 "<xsl:stylesheet/>",
		"feed.json":                "{}",
		"search/index.json":        "[]",
		"courses/calendar.ics":     "BEGIN:VCALENDAR",
		"css/site.css":             "body{}",
		"js/search.js":             "1",
		"favicon.svg":              "<svg/>",
		"robots.txt":               "User-agent: *",
		"posts/hello/photo.jpg":    "jpeg",
		"posts/hello/notes.weird1": "?",
	} {
		if err := mem.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return mem
}

// newTestServer makes a Server whose builds return whatever the test
// sets next, without watching anything.
func newTestServer(t *testing.T, site *output.Memory) (*Server, *fakeBuild) {
	t.Helper()
	fb := &fakeBuild{site: site}
	s, err := New(Config{Build: fb.build})
	if err != nil {
		t.Fatal(err)
	}
	s.rebuild(nil)
	return s, fb
}

type fakeBuild struct {
	site *output.Memory
	dl   diag.List
}

func (f *fakeBuild) build([]string) (*output.Memory, diag.List) { return f.site, f.dl }

func get(t *testing.T, h http.Handler, target string) *http.Response {
	t.Helper()
	r := httptest.NewRequest("GET", target, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServeFiles(t *testing.T) {
	s, _ := newTestServer(t, fakeSite(t))
	tests := []struct {
		target   string
		status   int
		ctype    string
		location string
		has      []string
		hasNot   []string
	}{
		{target: "/", status: 200, ctype: "text/html; charset=utf-8", has: []string{"Welcome", `<script src="/_clic/live.js" data-build="`}},
		{target: "/posts/hello/", status: 200, ctype: "text/html; charset=utf-8", has: []string{"<h1>Hello</h1>", `defer></script></body>`}, hasNot: []string{"clic-overlay"}},
		{target: "/posts/hello", status: 302, location: "/posts/hello/"},
		{target: "/posts/hello?x=1", status: 302, location: "/posts/hello/?x=1"},
		{target: "/posts/hello/index.html", status: 200, ctype: "text/html; charset=utf-8"},
		{target: "/feed.xml", status: 200, ctype: "application/xml; charset=utf-8", hasNot: []string{"live.js"}},
		{target: "/atom.xml", status: 200, ctype: "application/xml; charset=utf-8"},
		{target: "/feed.xsl", status: 200, ctype: "text/xsl; charset=utf-8"},
		{target: "/feed.json", status: 200, ctype: "application/json; charset=utf-8"},
		{target: "/search/index.json", status: 200, ctype: "application/json; charset=utf-8"},
		{target: "/courses/calendar.ics", status: 200, ctype: "text/calendar; charset=utf-8"},
		{target: "/css/site.css", status: 200, ctype: "text/css; charset=utf-8", has: []string{"body{}"}},
		{target: "/js/search.js", status: 200, ctype: "text/javascript; charset=utf-8"},
		{target: "/favicon.svg", status: 200, ctype: "image/svg+xml"},
		{target: "/robots.txt", status: 200, ctype: "text/plain; charset=utf-8"},
		{target: "/posts/hello/photo.jpg", status: 200, ctype: "image/jpeg"},
		{target: "/posts/hello/notes.weird1", status: 200, ctype: "application/octet-stream"},
		{target: "/_clic/live.js", status: 200, ctype: "text/javascript; charset=utf-8", has: []string{"EventSource"}},
		{target: "/_clic/live.css", status: 200, ctype: "text/css; charset=utf-8"},
		{target: "/posts", status: 302, location: "/posts/"},
		{target: "/css/", status: 404},     // a folder with no index page: no listings
		{target: "/_report/", status: 404}, // no Report hook
		{target: "/posts/gone/", status: 404, ctype: "text/html; charset=utf-8", has: []string{
			"<h1>Page not found</h1>", `<a href="/posts/">Blog &amp; news – Site</a>`, `<a href="/">the home page</a>`,
			"<code>/posts/gone/</code>", "live.js",
		}},
		{target: "/posts/a/b/c/", status: 404, has: []string{`<a href="/posts/">`}},
		{target: "/nowhere/", status: 404, has: []string{`<a href="/">the home page</a>`}, hasNot: []string{"nearest page above"}},
	}
	for _, tt := range tests {
		resp := get(t, s, tt.target)
		text := body(t, resp)
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.target, resp.StatusCode, tt.status)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", tt.target, got)
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.target, resp.Header.Get("Content-Type"), tt.ctype)
		}
		if got := resp.Header.Get("Location"); got != tt.location {
			t.Errorf("GET %s: Location %q, want %q", tt.target, got, tt.location)
		}
		for _, want := range tt.has {
			if !strings.Contains(text, want) {
				t.Errorf("GET %s: body lacks %q:\n%s", tt.target, want, text)
			}
		}
		for _, bad := range tt.hasNot {
			if strings.Contains(text, bad) {
				t.Errorf("GET %s: body has %q:\n%s", tt.target, bad, text)
			}
		}
	}
}

func TestTraversalIsNotFound(t *testing.T) {
	s, _ := newTestServer(t, fakeSite(t))
	for _, target := range []string{
		"/../index.html",
		"/posts/../index.html",
		"/posts/hello/../../index.html",
		"/%2e%2e/index.html",
		"/%2E%2E/index.html",
		"/posts/%2e%2e/index.html",
		"/posts%2fhello/",
		"/posts%2Fhello%2Findex.html",
		"/..%5cindex.html",
		"/posts\\..\\index.html",
		"/./index.html",
		"//posts/hello/",
		"/posts//hello/",
		"/index.html%00.css",
		"/%252e%252e/index.html", // double-encoded: a file named %2e%2e, which does not exist
	} {
		resp := get(t, s, target)
		text := body(t, resp)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
		if strings.Contains(text, "Welcome") {
			t.Errorf("GET %s served the home page", target)
		}
	}
	// A query may hold anything.
	if resp := get(t, s, "/?next=%2F..%2Fx"); resp.StatusCode != http.StatusOK {
		t.Errorf("a query with encoded slashes: status %d, want 200", resp.StatusCode)
	}
}

func TestHostCheck(t *testing.T) {
	s, _ := newTestServer(t, fakeSite(t))
	s.local = true
	tests := []struct {
		host string
		want int
	}{
		{"127.0.0.1:1313", 200},
		{"localhost:1313", 200},
		{"LOCALHOST", 200},
		{"[::1]:1313", 200},
		{"127.0.0.2:1313", 200},
		{"preview.localhost:1313", 200},
		{"evil.example:1313", http.StatusMisdirectedRequest},
		{"192.168.1.10:1313", http.StatusMisdirectedRequest},
		{"localhost.evil.example", http.StatusMisdirectedRequest},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = tt.host
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != tt.want {
			t.Errorf("Host %s: status %d, want %d", tt.host, w.Code, tt.want)
		}
	}
}

func TestMethods(t *testing.T) {
	s, _ := newTestServer(t, fakeSite(t))
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(m, "/", nil))
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", m, w.Code)
		}
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("HEAD", "/posts/gone/", nil))
	if w.Code != http.StatusNotFound || w.Body.Len() != 0 {
		t.Errorf("HEAD of a missing page: status %d with %d bytes, want 404 and none", w.Code, w.Body.Len())
	}
}

func TestReport(t *testing.T) {
	site := fakeSite(t)
	made := 0
	s, err := New(Config{
		Build: func([]string) (*output.Memory, diag.List) { return site, nil },
		Report: func() []byte {
			made++
			return fmt.Appendf(nil, "<html><body><h1>Check %d</h1></body></html>", made)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.rebuild(nil)
	resp := get(t, s, "/_report/")
	if text := body(t, resp); resp.StatusCode != 200 || !strings.Contains(text, "<h1>Check 1</h1>") || !strings.Contains(text, "live.js") {
		t.Errorf("/_report/: status %d, body %s", resp.StatusCode, text)
	}
	// Made once per build: checking a large site takes seconds.
	if text := body(t, get(t, s, "/_report/")); !strings.Contains(text, "<h1>Check 1</h1>") || made != 1 {
		t.Errorf("second request, no build between: made %d times, body %s", made, text)
	}
	s.rebuild([]string{"content/posts/hello.md"})
	if text := body(t, get(t, s, "/_report/")); !strings.Contains(text, "<h1>Check 2</h1>") || made != 2 {
		t.Errorf("after a build: made %d times, body %s", made, text)
	}
	if resp := get(t, s, "/_report"); resp.StatusCode != 302 || resp.Header.Get("Location") != "/_report/" {
		t.Errorf("/_report: status %d to %q, want a redirect to /_report/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestFailedBuild checks a failed build keeps the last good site, with
// the errors laid over every page, and that the next good build clears
// them.
func TestFailedBuild(t *testing.T) {
	good := fakeSite(t)
	s, fb := newTestServer(t, good)
	fb.site = output.NewMemory() // what a broken build half-wrote: must never be served
	fb.dl.Errorf(diag.Pos{File: "content/posts/hello.md", Line: 3, Col: 7}, `date "2024-02-30" is not a real date; write it as YYYY-MM-DD`)
	fb.dl[0].Source = []diag.Line{{N: 2, Text: "title: Hello <b>"}, {N: 3, Text: "date: 2024-02-30"}, {N: 4, Text: "---"}}
	fb.dl.Warnf(diag.Pos{File: "content/about.md", Line: 1}, "a warning is not an error")
	s.rebuild([]string{"content/posts/hello.md"})

	resp := get(t, s, "/posts/hello/")
	text := body(t, resp)
	for _, want := range []string{
		"<h1>Hello</h1>", // the last good build, underneath
		`role="alertdialog"`,
		"The site did not build: 1 error",
		"<code>content/posts/hello.md:3:7</code> date &#34;2024-02-30&#34; is not a real date",
		"title: Hello &lt;b&gt;", // source lines are text, not markup
		"<mark>&gt;    3 | date: 2024-02-30</mark>",
		`<button type="button" class="clic-overlay__close">Close</button>`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("page during a failed build lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "a warning is not an error") {
		t.Error("the overlay lists a warning")
	}
	if i, j := strings.Index(text, "clic-overlay"), strings.Index(text, "live.js"); i > j {
		t.Error("the overlay should come before the script that wires it up")
	}
	if resp.StatusCode != 200 {
		t.Errorf("status %d during a failed build, want 200 with the last good page", resp.StatusCode)
	}

	fb.site, fb.dl = fakeSite(t), nil
	s.rebuild([]string{"content/posts/hello.md"})
	if text := body(t, get(t, s, "/posts/hello/")); strings.Contains(text, "clic-overlay") {
		t.Errorf("the overlay stayed after a good build:\n%s", text)
	}
}

// TestOverlayShowsAtMostAHundred breaks 250 links at once: every page
// carries the overlay, so it shows the first hundred and says where the
// rest are, and the terminal lists all of them.
func TestOverlayShowsAtMostAHundred(t *testing.T) {
	s, fb := newTestServer(t, fakeSite(t))
	var errOut strings.Builder
	s.cfg.Err = &errOut
	for i := range 250 {
		fb.dl.Errorf(diag.Pos{File: "content/posts/hello.md", Line: i + 1, Col: 1}, "broken link number %d", i+1)
	}
	fb.site = nil
	s.rebuild([]string{"content/posts/hello.md"})
	text := body(t, get(t, s, "/posts/hello/"))
	for _, want := range []string{"The site did not build: 250 errors", "The first 100 are shown here; the terminal lists all 250.", "broken link number 100<"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q", want)
		}
	}
	if n := strings.Count(text, "<li><p>"); n != 100 || strings.Contains(text, "broken link number 101<") {
		t.Errorf("overlay lists %d errors, want the first 100", n)
	}
	if n := strings.Count(errOut.String(), "broken link number"); n != 250 {
		t.Errorf("terminal lists %d errors, want all 250", n)
	}
}

func TestFirstBuildFails(t *testing.T) {
	fb := &fakeBuild{}
	fb.dl.Errorf(diag.Pos{File: "content/_index.md", Line: 1, Col: 1}, "the file has no front matter")
	s, err := New(Config{Build: fb.build})
	if err != nil {
		t.Fatal(err)
	}
	if resp := get(t, s, "/"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("before any build: status %d, want 503", resp.StatusCode)
	}
	s.rebuild(nil)
	resp := get(t, s, "/anything/")
	text := body(t, resp)
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(text, "content/_index.md:1:1") || !strings.Contains(text, "live.js") {
		t.Errorf("status %d, body:\n%s", resp.StatusCode, text)
	}
	if strings.Contains(text, "last version of the site that built") {
		t.Error("the overlay promises a last good build that does not exist")
	}
}

func TestInject(t *testing.T) {
	tail := "<TAIL>"
	tests := []struct{ page, want string }{
		{"<html><body><p>x</p></body></html>", "<html><body><p>x</p><TAIL></body></html>"},
		{"<body>x</BODY>", "<body>x<TAIL></BODY>"},
		{"<p>a</body> in text</p></body>", "<p>a</body> in text</p><TAIL></body>"},
		{"<p>minified, no end tags", "<p>minified, no end tags<TAIL>"},
		{"", "<TAIL>"},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.page), []byte(tail))); got != tt.want {
			t.Errorf("inject(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
}

func TestInsertAfterMain(t *testing.T) {
	tests := []struct{ page, want string }{
		{`<body><header/><main id="m"><h1>x</h1></main></body>`, `<body><header/><main id="m"><N><h1>x</h1></main></body>`},
		{`<body class="a"><h1>x</h1></body>`, `<body class="a"><N><h1>x</h1></body>`},
		{`<h1>x</h1>`, `<N><h1>x</h1>`},
	}
	for _, tt := range tests {
		if got := string(insertAfterMain([]byte(tt.page), []byte("<N>"))); got != tt.want {
			t.Errorf("insertAfterMain(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	d := diag.Diagnostic{
		Pos: diag.Pos{File: "content/a.md", Line: 3, Col: 7}, Msg: "bad date",
		Source: []diag.Line{{N: 2, Text: "title: A"}, {N: 3, Text: "date: 2024-02-30"}, {N: 4, Text: "---"}},
	}
	got := excerpt(d)
	want := []errorLine{
		{Text: "     2 | title: A"},
		{Text: ">    3 | date: 2024-02-30", Here: true},
		{Text: "       |       ^", Here: true},
		{Text: "     4 | ---"},
	}
	if len(got) != len(want) {
		t.Fatalf("excerpt = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := excerpt(diag.Diagnostic{Pos: diag.Pos{File: "a.md"}, Msg: "no lines"}); got != nil {
		t.Errorf("excerpt without source = %+v", got)
	}
}

func TestNearest(t *testing.T) {
	site := fakeSite(t)
	tests := []struct{ name, want string }{
		{"posts/gone/", "/posts/"},
		{"posts/a/b/c/", "/posts/"},
		{"posts/hello/gone.jpg", "/posts/hello/"},
		{"nowhere/", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := nearest(site, tt.name)
		url := ""
		if got != nil {
			url = got.URL
		}
		if url != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.name, url, tt.want)
		}
	}
	if got := nearest(nil, "posts/x/"); got != nil {
		t.Errorf("nearest with no site = %v", got)
	}
}

func TestNew(t *testing.T) {
	build := func([]string) (*output.Memory, diag.List) { return nil, nil }
	for _, tt := range []struct {
		cfg Config
		ok  bool
	}{
		{Config{Build: build}, true},
		{Config{Build: build, Addr: "127.0.0.1:0"}, true},
		{Config{Build: build, Addr: ":8080"}, true},
		{Config{Build: build, Addr: "127.0.0.1"}, false},
		{Config{Build: build, Addr: "127.0.0.1:"}, false},
		{Config{}, false},
	} {
		if _, err := New(tt.cfg); (err == nil) != tt.ok {
			t.Errorf("New(Addr %q) error %v, want ok=%v", tt.cfg.Addr, err, tt.ok)
		}
	}
}

func TestListenWarnsOffLoopback(t *testing.T) {
	build := func([]string) (*output.Memory, diag.List) { return nil, nil }
	for _, tt := range []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:0", false},
		{"localhost:0", false},
		{"0.0.0.0:0", true},
		{":0", true},
	} {
		var errs bytes.Buffer
		s, err := New(Config{Build: build, Addr: tt.addr, Err: &errs})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Listen(); err != nil {
			t.Fatal(err)
		}
		s.ln.Close()
		if got := strings.Contains(errs.String(), "anyone on your network"); got != tt.warn {
			t.Errorf("-addr %s: warned %v, want %v (%q)", tt.addr, got, tt.warn, errs.String())
		}
		if s.local == tt.warn {
			t.Errorf("-addr %s: local = %v", tt.addr, s.local)
		}
		if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
			t.Errorf("-addr %s: URL %q", tt.addr, s.URL())
		}
	}
}

func TestBuildPanics(t *testing.T) {
	calls := 0
	s, err := New(Config{Build: func([]string) (*output.Memory, diag.List) {
		calls++
		if calls == 2 {
			panic("template exploded")
		}
		return fakeSite(t), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	s.rebuild(nil)
	s.rebuild([]string{"layouts/post.html"}) // must not take the server down
	text := body(t, get(t, s, "/posts/hello/"))
	if !strings.Contains(text, "<h1>Hello</h1>") || !strings.Contains(text, "<li><p>clic crashed while building (template exploded)") {
		t.Errorf("after a crash:\n%s", text)
	}
	if strings.Contains(text, "<code></code>") {
		t.Error("an error with no position shows an empty position")
	}
}

func TestHeadOfEventsReturns(t *testing.T) {
	s, _ := newTestServer(t, fakeSite(t))
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("HEAD", "/_clic/events", nil)) // hangs if it streams
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("Content-Type %q", ct)
	}
	if s.hub.count() != 0 {
		t.Error("a HEAD request joined the tabs")
	}
}
