package build

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/clic-cumbria/clic"
)

type dropFiles struct{}

func (dropFiles) WriteFile(string, []byte) error { return nil }

// buildErrors builds a small site made of files over a minimal home page
// and returns its errors as printed.
func buildErrors(t *testing.T, files map[string]string) []string {
	t.Helper()
	fsys := fstest.MapFS{"content/_index.md": {Data: []byte("---\ntitle: Home\n---\n\nWelcome.\n")}}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	_, dl := Build(Options{Source: fsys, Theme: clic.Theme(), Now: time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)}, dropFiles{})
	var out []string
	for _, d := range dl.Errors() {
		out = append(out, d.Error())
	}
	return out
}

func TestBuildRules(t *testing.T) {
	term := func(title, aliases string) string {
		return "---\ntitle: " + title + "\naliases: " + aliases + "\nshort: A thing.\n---\n\nA thing.\n"
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string // every error, in order
	}{
		{"described and decorative images pass", map[string]string{
			"content/about.md": "---\ntitle: About\n---\n\n![A chart](chart.png)\n\n![](line.png \"decorative\")\n",
			"static/chart.png": "x", "static/line.png": "x",
		}, nil},
		{"image with empty alt fails", map[string]string{
			"content/about.md": "---\ntitle: About\n---\n\nText.\n\nSee ![](chart.png) here.\n",
			"static/chart.png": "x",
		}, []string{`content/about.md:7:5: image chart.png has no alt text; describe it for people who cannot see it, as in ![what it shows](chart.png), or if it is only decoration write ![](chart.png "decorative")`}},
		{"glossary name used twice", map[string]string{
			"content/glossary/pdsa-cycle.md": term("PDSA cycle", "[PDSA]"),
			"content/glossary/pdsa.md":       term("Pdsa", "[Plan Do Study Act]"),
		}, []string{
			`content/glossary/pdsa-cycle.md:3:10: the glossary name "PDSA" is also used by content/glossary/pdsa.md ("Pdsa"); a name can lead to one entry only, so remove it from one of them`,
			`content/glossary/pdsa.md:2:8: the glossary name "PDSA" is also used by content/glossary/pdsa-cycle.md ("PDSA cycle"); a name can lead to one entry only, so remove it from one of them`,
		}},
		{"every clash reported", map[string]string{
			"content/glossary/a.md": term("Alpha", "[Beta, Gamma]"),
			"content/glossary/b.md": term("Beta", "[]"),
			"content/glossary/c.md": term("Gamma", "[]"),
		}, []string{
			`content/glossary/a.md:3:10: the glossary name "Beta" is also used by content/glossary/b.md ("Beta"); a name can lead to one entry only, so remove it from one of them`,
			`content/glossary/a.md:3:10: the glossary name "Gamma" is also used by content/glossary/c.md ("Gamma"); a name can lead to one entry only, so remove it from one of them`,
			`content/glossary/b.md:2:8: the glossary name "Beta" is also used by content/glossary/a.md ("Alpha"); a name can lead to one entry only, so remove it from one of them`,
			`content/glossary/c.md:2:8: the glossary name "Gamma" is also used by content/glossary/a.md ("Alpha"); a name can lead to one entry only, so remove it from one of them`,
		}},
		{"relative links with anchors resolve", map[string]string{
			"content/about.md":        "---\ntitle: About\n---\n\nSee [why](posts/hello.md#why-we-started), [top](#the-plan) and [x](../content/posts/hello.md#why-we-started).\n\n## The plan\n",
			"content/posts/hello.md":  "---\ntitle: Hello\ndate: 2020-01-01\n---\n\nHi [back](../about.md#the-plan).\n\n## Why we started\n",
			"content/posts/_index.md": "---\ntitle: Posts\n---\n",
		}, nil},
		{"relative link to a missing anchor fails", map[string]string{
			"content/about.md":       "---\ntitle: About\n---\n\nSee [why](posts/hello.md#why) and [top](#plan).\n\n## The plan\n",
			"content/posts/hello.md": "---\ntitle: Hello\ndate: 2020-01-01\n---\n\nHi.\n\n## Why we started\n",
		}, []string{
			`content/about.md:5:5: link to posts/hello.md#why: the page content/posts/hello.md has no heading or anchor #why; check the heading's spelling`,
			`content/about.md:5:35: link to #plan: there is no heading or anchor with that id on this page; check the spelling against the heading`,
		}},
		{"a log missing a heading of its model", map[string]string{
			"content/logs/a.md": "---\ntitle: A\ndate: 2020-01-01\nmodel: rolfe\n---\n\n## What?\n\n## Now what?\n",
		}, []string{`content/logs/a.md:4:8: this reflective log (Rolfe "What? So what? Now what?" model) is missing the heading ## So what?; add it, or change model`}},
		{"a misspelt model is one error, not one per heading too", map[string]string{
			"content/logs/a.md": "---\ntitle: A\ndate: 2020-01-01\nmodel: gibs\n---\n\n## Description\n",
		}, []string{`content/logs/a.md:4:8: model must be one of "rolfe" or "gibbs", not "gibs"`}},
		{"links written with %20, as some editors write them, resolve", map[string]string{
			"content/about.md":            "---\ntitle: About\n---\n\nSee [the plan](our%20plan.pdf) and [the notes](notes/team%20notes.md).\n",
			"content/our plan.pdf":        "x",
			"content/notes/team notes.md": "---\ntitle: Notes\n---\n\nNotes.\n",
		}, nil},
		{"links with the wrong capitals, and an address with no https://", map[string]string{
			"content/about.md":        "---\ntitle: About\n---\n\n![A photo](photo.jpg) ![A chart](/images/chart.PNG) [the NHS](www.nhs.uk)\n",
			"content/Photo.JPG":       "x",
			"static/images/chart.png": "x",
		}, []string{
			`content/about.md:5:1: image to photo.jpg: there is no such file, but there is content/Photo.JPG; capital letters matter on the web, so write the name as it is`,
			`content/about.md:5:23: image to /images/chart.PNG: there is no such file, but there is static/images/chart.png; capital letters matter on the web, so write the name as it is`,
			`content/about.md:5:53: link to www.nhs.uk: a web address must start with https://; write https://www.nhs.uk`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := buildErrors(t, tt.files)
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}

func TestAnalyseKeepsProse(t *testing.T) {
	fsys := fstest.MapFS{"content/_index.md": {Data: []byte("---\ntitle: Home\n---\n\nWelcome home.\n")}}
	for _, analyse := range []bool{false, true} {
		st, dl := Build(Options{Source: fsys, Theme: clic.Theme(), Analyse: analyse}, dropFiles{})
		if dl.HasErrors() {
			t.Fatal(dl)
		}
		if !analyse {
			if st.Rendered != nil {
				t.Error("Rendered kept without Analyse")
			}
			continue
		}
		home := st.Site.ByURL("/")
		if r := st.Rendered[home]; r == nil || len(r.Prose) != 1 || r.Prose[0].Text != "Welcome home." {
			t.Errorf("home prose = %+v", r)
		}
	}
}
