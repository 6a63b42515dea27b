package serve

import (
	"bytes"
	"embed"
	"html"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

//go:embed live.js live.css
var assets embed.FS

// ServeHTTP serves the last good build, the live-reload endpoints under
// /_clic/, and /_report/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store") // a preview must never show yesterday's page
	h.Set("X-Content-Type-Options", "nosniff")
	if s.local && !loopbackHost(r.Host) {
		http.Error(w, "clic serve answers only to localhost and 127.0.0.1; open the address it printed", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "a preview can only be read", http.StatusMethodNotAllowed)
		return
	}
	st := s.state.Load()
	name, ok := sitePath(r)
	if !ok {
		s.notFound(w, r, st, "")
		return
	}
	switch name {
	case "_clic/events":
		s.events(w, r)
		return
	case "_clic/live.js", "_clic/live.css":
		data, _ := assets.ReadFile(strings.TrimPrefix(name, "_clic/"))
		s.send(w, r, name, data, http.StatusOK, st)
		return
	case "_report":
		redirect(w, r, "/_report/")
		return
	case "_report/", "_report/index.html":
		if s.cfg.Report == nil {
			s.notFound(w, r, st, name)
			return
		}
		s.send(w, r, "_report/index.html", s.reportPage(st), http.StatusOK, st)
		return
	}
	if st.site == nil {
		s.unbuilt(w, r, st)
		return
	}
	file := name
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if data, ok := st.site.Get(file); ok {
		s.send(w, r, file, data, http.StatusOK, st)
		return
	}
	if file == name {
		if _, ok := st.site.Get(name + "/index.html"); ok {
			redirect(w, r, "/"+name+"/")
			return
		}
	}
	s.notFound(w, r, st, name)
}

// sitePath turns a request path into a file path in the build, such as
// "posts/x/" or "css/site.css". It refuses any path that could name
// something outside the site, however it is spelled, rather than clean
// it: a preview has no use for such paths, and cleaning is where
// traversal bugs live.
func sitePath(r *http.Request) (string, bool) {
	target, _, _ := strings.Cut(r.RequestURI, "?")
	raw := strings.ToLower(r.URL.EscapedPath() + " " + target)
	for _, bad := range []string{"%2e", "%2f", "%5c", "%00", `\`} {
		if strings.Contains(raw, bad) {
			return "", false
		}
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	name := p[1:]
	if name == "" {
		return "", true
	}
	for _, part := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		if part == "" || part == "." || part == ".." {
			return "", false
		}
	}
	return name, true
}

// loopbackHost reports whether a Host header names this computer. Other
// names reaching a loopback listener mean DNS rebinding: a web page
// trying to read the preview through the writer's browser.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redirect sends a browser to url, keeping the query. The redirect is
// temporary: the next build may make the old address a page again.
func redirect(w http.ResponseWriter, r *http.Request, url string) {
	if r.URL.RawQuery != "" {
		url += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", url)
	w.WriteHeader(http.StatusFound)
}

// send writes one file. HTML gets the live-reload script, and the error
// overlay while the latest build has failed.
func (s *Server) send(w http.ResponseWriter, r *http.Request, name string, data []byte, status int, st *state) {
	ctype := contentType(name)
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, s.tail(st))
	}
	w.Header().Set("Content-Type", ctype)
	if status == http.StatusOK {
		// ServeContent answers range requests, which audio and video need.
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// tail is what goes before </body> of every HTML page: the overlay if
// the latest build failed, then the script, which carries the build's id
// so that it can tell whether a newer build came while it loaded.
func (s *Server) tail(st *state) []byte {
	var b bytes.Buffer
	b.Write(st.overlay)
	b.WriteString(`<script src="/_clic/live.js" data-build="`)
	b.WriteString(html.EscapeString(st.id))
	b.WriteString(`" defer></script>`)
	return b.Bytes()
}

// inject puts tail before the last </body>, or at the end of a page that
// leaves it out (HTML allows that, and minifiers do it).
func inject(page, tail []byte) []byte {
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tail))
	out = append(out, page[:i]...)
	out = append(out, tail...)
	return append(out, page[i:]...)
}

// contentType names a file's type from its extension. Feeds are served as
// XML so browsers apply their XSLT and show a page rather than a download.
func contentType(name string) string {
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".xsl", ".xslt":
		return "text/xsl; charset=utf-8"
	case ".json":
		return "application/json; charset=utf-8"
	case ".ics":
		return "text/calendar; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".txt", ".md":
		return "text/plain; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

// reportPage returns the report page for the preview's state st, making
// it only when a build has come since it was last made. Requests that
// arrive while it is made wait for it rather than make it again.
func (s *Server) reportPage(st *state) []byte {
	s.reportMu.Lock()
	defer s.reportMu.Unlock()
	if s.report == nil || s.reportFor != st.id {
		s.report, s.reportFor = s.cfg.Report(), st.id
	}
	return s.report
}
