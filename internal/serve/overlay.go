package serve

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"path"
	"strings"

	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
)

// pageTemplates are the pieces of HTML the server adds to a site. The
// overlay's markup must match what live.js draws from the errors event,
// so that live.css styles both and a page looks the same either way.
const pageTemplates = `
{{- define "overlay" -}}
<link rel="stylesheet" href="/_clic/live.css" data-clic>
<div id="clic-overlay" class="clic-overlay" role="alertdialog" aria-labelledby="clic-overlay-title" aria-describedby="clic-overlay-intro">
<div class="clic-overlay__box">
<h2 id="clic-overlay-title">{{.Title}}</h2>
<p id="clic-overlay-intro">{{.Intro}}</p>
<ol class="clic-overlay__list">
{{- range .Errors}}
<li><p>{{with .Pos}}<code>{{.}}</code> {{end}}{{.Msg}}</p>
{{- with .Lines}}<pre>{{range .}}{{if .Here}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{"\n"}}{{end}}</pre>{{end}}</li>
{{- end}}
</ol>
<button type="button" class="clic-overlay__close">Close</button>
</div>
</div>
{{- end}}

{{- define "notice" -}}
<link rel="stylesheet" href="/_clic/live.css" data-clic>
<aside class="clic-notice" aria-label="Preview: page not found">
<p><strong>There is no page at <code>{{.Path}}</code> in this preview.</strong> It may have been deleted or renamed, or its slug changed. Go to:</p>
<ul>
{{- with .Near}}
<li><a href="{{.URL}}">{{.Title}}</a> ({{.URL}}), the nearest page above it</li>
{{- end}}
<li><a href="/">the home page</a></li>
</ul>
</aside>
{{- end}}

{{- define "page" -}}
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="/_clic/live.css" data-clic>
</head>
<body class="clic-page">
<main>
<h1>{{.Title}}</h1>
{{.Body}}
</main>
</body>
</html>
{{- end}}`

// errorReport is the errors event's JSON, and the overlay template's data.
type errorReport struct {
	Title  string      `json:"title"`
	Intro  string      `json:"intro"`
	Errors []errorItem `json:"errors"`
}

type errorItem struct {
	Pos   string      `json:"pos"` // path:line:col
	Msg   string      `json:"msg"`
	Lines []errorLine `json:"lines,omitempty"`
}

// errorLine is one line of a source excerpt, numbered and marked as
// diag.Diagnostic.Format prints it, so browser and terminal agree.
type errorLine struct {
	Text string `json:"text"`
	Here bool   `json:"here,omitempty"` // the offending line, or the caret under it
}

// overlayErrors is how many errors the overlay shows at most.
const overlayErrors = 100

// renderErrors makes the overlay's HTML and the errors event's JSON.
func (s *Server) renderErrors(errs diag.List, built bool) (overlay, report []byte) {
	rep := errorReport{Title: "The site did not build: " + count(len(errs), "error")}
	rep.Intro = "Fix them and save: this page updates by itself."
	if len(errs) == 1 {
		rep.Intro = "Fix it and save: this page updates by itself."
	}
	if built {
		rep.Intro += " Underneath is the last version of the site that built."
	}
	// The overlay goes into every page served and to every open tab, so a
	// change that breaks thousands of links must not make each page
	// megabytes long; the terminal lists every error.
	if len(errs) > overlayErrors {
		rep.Intro += fmt.Sprintf(" The first %d are shown here; the terminal lists all %d.", overlayErrors, len(errs))
		errs = errs[:overlayErrors]
	}
	for _, d := range errs {
		rep.Errors = append(rep.Errors, errorItem{Pos: d.Pos.String(), Msg: d.Msg, Lines: excerpt(d)})
	}
	var b bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&b, "overlay", rep); err != nil {
		panic(err) // the template is fixed and its data plain: a bug here
	}
	report, err := json.Marshal(rep)
	if err != nil {
		panic(err)
	}
	return b.Bytes(), report
}

// excerpt splits d.Format's source lines off its first line.
func excerpt(d diag.Diagnostic) []errorLine {
	rest, ok := strings.CutPrefix(d.Format(), d.Error()+"\n")
	if !ok {
		return nil
	}
	var lines []errorLine
	here := false
	for _, ln := range strings.Split(rest, "\n") {
		ln = strings.TrimPrefix(ln, "  ")
		marked := strings.HasPrefix(ln, "> ")
		caret := here && strings.HasSuffix(ln, "^") && strings.TrimLeft(ln, " |^") == ""
		lines = append(lines, errorLine{Text: ln, Here: marked || caret})
		here = marked
	}
	return lines
}

// link is a page the 404 notice points to.
type link struct{ URL, Title string }

// notFound answers a path the build did not make with the site's own
// 404 page, topped with a notice linking to the nearest page above the
// missing one: after a rename the old tab reloads onto this, and the
// writer is one click from where they were.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state, name string) {
	var notice bytes.Buffer
	data := struct {
		Path string
		Near *link
	}{r.URL.Path, nearest(st.site, name)}
	if err := s.tmpl.ExecuteTemplate(&notice, "notice", data); err != nil {
		panic(err)
	}
	var page []byte
	if st.site != nil {
		page, _ = st.site.Get("404.html")
	}
	if page == nil {
		page = s.page("Page not found", notice.Bytes())
	} else {
		page = insertAfterMain(page, notice.Bytes())
	}
	s.send(w, r, "404.html", page, http.StatusNotFound, st)
}

// unbuilt answers every page while no build has succeeded yet.
func (s *Server) unbuilt(w http.ResponseWriter, r *http.Request, st *state) {
	if len(st.errs) > 0 {
		s.send(w, r, "index.html", s.page("The site did not build", nil), http.StatusInternalServerError, st)
		return
	}
	s.send(w, r, "index.html", s.page("The site is building", []byte("<p>This page will load when it is ready.</p>")), http.StatusServiceUnavailable, st)
}

// page makes a plain HTML page of the server's own.
func (s *Server) page(title string, body []byte) []byte {
	var b bytes.Buffer
	data := struct {
		Title string
		Body  template.HTML
	}{title, template.HTML(body)}
	if err := s.tmpl.ExecuteTemplate(&b, "page", data); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// nearest finds the closest page above a missing path, such as /posts/
// for /posts/old-name/. The home page is always offered separately.
func nearest(site *output.Memory, name string) *link {
	if site == nil {
		return nil
	}
	for dir := path.Dir(strings.Trim(name, "/")); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		if page, ok := site.Get(dir + "/index.html"); ok {
			url := "/" + dir + "/"
			return &link{URL: url, Title: cmp.Or(pageTitle(page), url)}
		}
	}
	return nil
}

// pageTitle is the text of a page's <title>.
func pageTitle(page []byte) string {
	lower := bytes.ToLower(page)
	i := bytes.Index(lower, []byte("<title>"))
	if i < 0 {
		return ""
	}
	rest := page[i+len("<title>"):]
	j := bytes.Index(bytes.ToLower(rest), []byte("</title>"))
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(html.UnescapeString(string(rest[:j])))
}

// insertAfterMain puts a notice at the top of a page's <main>, or of its
// <body>, where a reader looks first.
func insertAfterMain(page, notice []byte) []byte {
	lower := bytes.ToLower(page)
	at := 0
	for _, tag := range []string{"<main", "<body"} {
		if i := bytes.Index(lower, []byte(tag)); i >= 0 {
			if j := bytes.IndexByte(lower[i:], '>'); j >= 0 {
				at = i + j + 1
				break
			}
		}
	}
	out := make([]byte, 0, len(page)+len(notice))
	out = append(out, page[:at]...)
	out = append(out, notice...)
	return append(out, page[at:]...)
}
