package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/clic-cumbria/clic/internal/diag"
)

// Text writes the report for a terminal: the reading-age table, hardest
// first, then warnings, then errors (last, so they are what a writer sees),
// then a count.
func (r Report) Text(w io.Writer) error {
	var b bytes.Buffer
	target := targetText(r.Target.Min, r.Target.Max)
	fmt.Fprintf(&b, "Reading age by page, hardest first (target reading age %s)\n\n", target)
	head := []string{"PAGE", "AGE", "GRADE", "EASE", "WORDS", "SENTENCES", "LONGEST", "FINDINGS", ""}
	rows := [][]string{head}
	for _, p := range r.Pages {
		age, grade, ease := "-", "-", "-"
		if p.Sentences > 0 {
			age, grade, ease = one(p.ReadingAge), one(p.FleschKincaidGrade), one(p.FleschReadingEase)
		}
		note := ""
		if p.AboveTarget {
			note = "above target"
		}
		rows = append(rows, []string{p.File, age, grade, ease, fmt.Sprint(p.Words), fmt.Sprint(p.Sentences),
			fmt.Sprint(p.LongestSentence), fmt.Sprint(p.Findings), note})
	}
	widths := make([]int, len(head))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			switch {
			case i == 0:
				line.WriteString(c + pad)
			case i == len(row)-1:
				line.WriteString("  " + c)
			default:
				line.WriteString("  " + pad + c) // numbers line up on the right
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	warnings, errs := r.Diagnostics.Warnings(), r.Diagnostics.Errors()
	if len(r.Diagnostics) > 0 {
		b.WriteByte('\n')
	}
	for _, d := range warnings {
		b.WriteString(d.Error() + "\n")
	}
	for _, d := range errs {
		b.WriteString(d.Error() + "\n")
	}
	above := 0
	for _, p := range r.Pages {
		if p.AboveTarget {
			above++
		}
	}
	fmt.Fprintf(&b, "\nchecked %s: %s, %s; %s above the target reading age\n",
		count(len(r.Pages), "page"), count(len(errs), "error"), count(len(warnings), "warning"), count(above, "page"))
	_, err := w.Write(b.Bytes())
	return err
}

func one(f float64) string { return fmt.Sprintf("%.1f", f) }

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// jsonReport is the JSON form; see the package documentation.
type jsonReport struct {
	Target struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"target_reading_age"`
	Pages       []jsonPage `json:"pages"`
	Diagnostics []jsonDiag `json:"diagnostics"`
	Errors      int        `json:"errors"`
	Warnings    int        `json:"warnings"`
}

type jsonPage struct {
	File               string  `json:"file"`
	URL                string  `json:"url"`
	Title              string  `json:"title"`
	Words              int     `json:"words"`
	Sentences          int     `json:"sentences"`
	FleschReadingEase  float64 `json:"flesch_reading_ease"`
	FleschKincaidGrade float64 `json:"flesch_kincaid_grade"`
	ReadingAge         float64 `json:"reading_age"`
	LongestSentence    int     `json:"longest_sentence"`
	Findings           int     `json:"findings"`
	AboveTarget        bool    `json:"above_target"`
}

type jsonDiag struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// JSON writes the report for tools, indented, ending in a newline.
func (r Report) JSON(w io.Writer) error {
	var j jsonReport
	j.Target.Min, j.Target.Max = r.Target.Min, r.Target.Max
	j.Pages = make([]jsonPage, 0, len(r.Pages))
	for _, p := range r.Pages {
		j.Pages = append(j.Pages, jsonPage(p))
	}
	j.Diagnostics = make([]jsonDiag, 0, len(r.Diagnostics))
	for _, d := range r.Diagnostics {
		j.Diagnostics = append(j.Diagnostics, jsonDiag{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Severity: d.Severity.String(), Message: d.Msg})
		if d.Severity == diag.Error {
			j.Errors++
		} else {
			j.Warnings++
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

// reportPage is the preview server's report: no scripts, the site's own
// stylesheet, a real table with headers, and every finding as text.
const reportPage = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plain language report</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<main id="main" class="report">
<h1>Plain language report</h1>
<p>The target reading age is {{.Target}}. {{.Summary}}</p>
<nav aria-label="On this page"><ul>
<li><a href="#pages">Reading age by page</a></li>
{{- if .Errors}}<li><a href="#errors">Errors</a></li>{{end}}
{{- if .Warnings}}<li><a href="#warnings">Warnings</a></li>{{end}}
</ul></nav>
<h2 id="pages">Reading age by page</h2>
<div class="table-wrap" role="region" aria-labelledby="pages" tabindex="0">
<table>
<caption>Pages made from files, hardest to read first</caption>
<thead><tr><th scope="col">Page</th><th scope="col">Reading age</th><th scope="col">Grade</th><th scope="col">Reading ease</th><th scope="col">Words</th><th scope="col">Sentences</th><th scope="col">Longest sentence</th><th scope="col">Findings</th></tr></thead>
<tbody>
{{- range .Pages}}
<tr><th scope="row"><a href="{{.URL}}">{{.Title}}</a><br><code>{{.File}}</code></th><td>{{if .Sentences}}{{one .ReadingAge}}{{if .AboveTarget}} <strong>above target</strong>{{end}}{{else}}none{{end}}</td><td>{{if .Sentences}}{{one .FleschKincaidGrade}}{{end}}</td><td>{{if .Sentences}}{{one .FleschReadingEase}}{{end}}</td><td>{{.Words}}</td><td>{{.Sentences}}</td><td>{{.LongestSentence}}</td><td>{{.Findings}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- if .Errors}}
<h2 id="errors">Errors</h2>
<p>The site will not build until these are fixed.</p>
<ul>{{range .Errors}}
<li><code>{{.Pos}}</code>: {{.Msg}}</li>{{end}}
</ul>
{{- end}}
{{- if .Warnings}}
<h2 id="warnings">Warnings</h2>
<ul>{{range .Warnings}}
<li><code>{{.Pos}}</code>: {{.Msg}}</li>{{end}}
</ul>
{{- end}}
</main>
</body>
</html>
`

// HTML returns the report as a page for the preview server, which serves
// it at /_report/. Page titles link to the pages.
func (r Report) HTML() []byte {
	t := template.Must(template.New("report").Funcs(template.FuncMap{"one": one}).Parse(reportPage))
	errs, warnings := r.Diagnostics.Errors(), r.Diagnostics.Warnings()
	data := struct {
		Target, Summary  string
		Pages            []Page
		Errors, Warnings diag.List
	}{
		Target:   targetText(r.Target.Min, r.Target.Max),
		Summary:  fmt.Sprintf("Checked %s: %s, %s.", count(len(r.Pages), "page"), count(len(errs), "error"), count(len(warnings), "warning")),
		Pages:    r.Pages,
		Errors:   errs,
		Warnings: warnings,
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		// The template is fixed and its data plain, so this is a bug in clic.
		return []byte("<!doctype html><title>Report failed</title><p>The report could not be made: " + template.HTMLEscapeString(err.Error()))
	}
	return b.Bytes()
}
