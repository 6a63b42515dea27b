package content

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// now is the build time used by every test: noon, 1 June 2024, in London.
var now = time.Date(2024, 6, 1, 12, 0, 0, 0, London())

func siteFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, text := range files {
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

// load runs Load at now and returns the site and its diagnostics, sorted, as text.
func load(t *testing.T, files map[string]string, opts Options) (*Site, []string) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = now
	}
	s, dl := Load(siteFS(files), opts)
	dl.Sort()
	var out []string
	for _, d := range dl {
		out = append(out, d.Error())
	}
	return s, out
}

// mustLoad loads files that must give no diagnostics at all.
func mustLoad(t *testing.T, files map[string]string, opts Options) *Site {
	t.Helper()
	s, dl := load(t, files, opts)
	if len(dl) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(dl, "\n"))
	}
	return s
}

func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "good YAML",
			files: map[string]string{"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-02\ntags: [x]\n---\nBody\n"},
		},
		{
			name:  "good TOML",
			files: map[string]string{"content/posts/a.md": "+++\ntitle = \"A\"\ndate = 2024-01-02\ntags = [\"x\"]\n+++\nBody\n"},
		},
		{
			name:  "no front matter but a title is needed",
			files: map[string]string{"content/about.md": "# About\n\nText.\n"},
			want:  []string{`content/about.md:1:1: the page has no front matter; start the file with a line "---", then "title: Your title", then another "---"`},
		},
		{
			name:  "updated before the date",
			files: map[string]string{"content/posts/a.md": "---\ntitle: A\ndate: 2024-05-01\nupdated: 2024-04-01\n---\n"},
			want:  []string{`content/posts/a.md:4:10: warning: updated (1 April 2024) is before the page's date (1 May 2024); check the day, month and year`},
		},
		{
			name:  "BOM and CRLF keep line and column numbers",
			files: map[string]string{"content/posts/a.md": "\ufeff---\r\ntitle: A\r\ndate: 2024-02-30\r\n---\r\nBody\r\n"},
			want:  []string{`content/posts/a.md:3:7: date "2024-02-30" is not a real date: February 2024 has 29 days; check the day and the month, written as YYYY-MM-DD`},
		},
		{
			name:  "empty file",
			files: map[string]string{"content/posts/a.md": ""},
			want:  []string{"content/posts/a.md:1:1: the file is empty; add a title and some text, or delete the file"},
		},
		{
			name:  "blank file",
			files: map[string]string{"content/about.md": "\n \n"},
			want:  []string{"content/about.md:1:1: the file is empty; add a title and some text, or delete the file"},
		},
		{
			name:  "not UTF-8 in the body",
			files: map[string]string{"content/about.md": "---\ntitle: A\n---\nab\xffc\n"},
			want:  []string{`content/about.md:4:3: the file is not saved as UTF-8 text; in your editor choose "Save with encoding" and pick UTF-8`},
		},
		{
			name:  "Latin-1 in the front matter",
			files: map[string]string{"content/about.md": "---\ntitle: Caf\xe9\n---\n"},
			want:  []string{`content/about.md:2:11: the file is not saved as UTF-8 text; in your editor choose "Save with encoding" and pick UTF-8`},
		},
		{
			name:  "unterminated YAML after a blank line",
			files: map[string]string{"content/about.md": "\n---\ntitle: A\nBody\n"},
			want:  []string{`content/about.md:2:1: front matter starts with "---" here but is never closed; add a line containing only "---" after the last setting`},
		},
		{
			name:  "unterminated TOML",
			files: map[string]string{"content/about.md": "+++\ntitle = \"A\"\n"},
			want:  []string{`content/about.md:1:1: front matter starts with "+++" here but is never closed; add a line containing only "+++" after the last setting`},
		},
		{
			name:  "YAML indented by mistake",
			files: map[string]string{"content/about.md": "---\ntitle: A\n  date: 2024-01-01\n---\n"},
			want:  []string{"content/about.md:3:3: front matter is not valid YAML: this setting is indented, so it reads as part of the one above; start it at the left edge"},
		},
		{
			name:  "YAML colon in unquoted text",
			files: map[string]string{"content/about.md": "---\ntitle: Hi: there\n---\n"},
			want:  []string{"content/about.md:2:8: front matter is not valid YAML: this text has a colon followed by a space, which starts a setting; put the whole text in quotes"},
		},
		{
			name:  "YAML unclosed list",
			files: map[string]string{"content/about.md": "---\ntitle: A\ntags: [a, b\nsummary: x\n---\n"},
			want:  []string{"content/about.md:3:7: front matter is not valid YAML: the list that starts here is never closed; end it with ] (or } for {), or put the text in quotes if it is not a list"},
		},
		{
			name:  "YAML indented with a tab",
			files: map[string]string{"content/about.md": "---\ntitle: A\n\tdate: 2024-01-01\n---\n"},
			want:  []string{"content/about.md:3:1: front matter is not valid YAML: this line is indented with a tab; use spaces instead"},
		},
		{
			name:  "YAML quote never closed",
			files: map[string]string{"content/about.md": "---\ntitle: \"About us\nsummary: Who we are\n---\n"},
			want:  []string{"content/about.md:2:8: front matter is not valid YAML: the quotation mark that starts this text is never closed; end the text with the same mark"},
		},
		{
			name:  "YAML text starting with a bracket",
			files: map[string]string{"content/about.md": "---\ntitle: [Draft] Our course\nsummary: x\n---\n"},
			want:  []string{"content/about.md:2:8: front matter is not valid YAML: text that starts with [ or { is read as a list; put the whole text in quotes"},
		},
		{
			name:  "YAML with no space after a colon",
			files: map[string]string{"content/about.md": "---\ntitle:Our course\nsummary: x\n---\n"},
			want:  []string{`content/about.md:2:7: front matter is not valid YAML: put a space after the colon, as in "title: Our course"`},
		},
		{
			name:  "YAML first line indented",
			files: map[string]string{"content/about.md": "---\n  title: About\nsummary: x\n---\n"},
			want:  []string{"content/about.md:2:1: front matter is not valid YAML: the first setting is indented; start every setting at the left edge"},
		},
		{
			name:  "TOML unclosed string",
			files: map[string]string{"content/about.md": "+++\nweight = 1\ntitle = \"A\n+++\n"},
			want:  []string{"content/about.md:3:11: front matter is not valid TOML: strings cannot contain newlines; check the quotes and the = signs on this line"},
		},
		{
			name:  "front matter that is a list, not settings",
			files: map[string]string{"content/about.md": "---\n- a\n- b\n---\n"},
			want:  []string{`content/about.md:2:1: front matter must be a list of settings such as "title: My page", one per line`},
		},
		{
			name:  "wrong types",
			files: map[string]string{"content/about.md": "---\ntitle: [a, b]\nweight: abc\ndraft: yes\nglossary: 1\ntags: {a: b}\n---\n"},
			want: []string{
				`content/about.md:2:8: title must be text, not a list; write it on one line after "title:"`,
				`content/about.md:3:9: weight must be a whole number such as 3, not "abc"`,
				`content/about.md:4:8: draft must be true or false, not "yes"`,
				`content/about.md:5:11: glossary must be true or false, not "1"`,
				`content/about.md:6:7: tags must be a list such as [one, two], not a group of settings`,
			},
		},
		{
			name:  "impossible and malformed dates at the value",
			files: map[string]string{"content/posts/a.md": "---\ntitle: A\ndate:   2023-02-29\nupdated: 2024-13-01\n---\n"},
			want: []string{
				`content/posts/a.md:3:9: date "2023-02-29" is not a real date: February 2023 has 28 days; check the day and the month, written as YYYY-MM-DD`,
				`content/posts/a.md:4:10: updated "2024-13-01" is not a real date: there is no month 13; check the day and the month, written as YYYY-MM-DD`,
			},
		},
		{
			name:  "dates that are not dates",
			files: map[string]string{"content/posts/a.md": "---\ntitle: A\ndate: 1st March\nupdated: [2024]\n---\n"},
			want: []string{
				`content/posts/a.md:3:7: date "1st March" is not a date clic understands; write it as YYYY-MM-DD, such as 2020-03-01, or with a time as 2020-03-01T09:30`,
				`content/posts/a.md:4:10: updated must be a date written as YYYY-MM-DD, such as 2020-03-01, not a list`,
			},
		},
		{
			name:  "misspelt keys",
			files: map[string]string{"content/posts/a.md": "---\ntilte: A\ndte: 2024-01-01\nTags: [x]\n---\n"},
			want: []string{
				`content/posts/a.md:1:1: a post needs a date; add a line such as "date: 2020-03-01" to the front matter`,
				`content/posts/a.md:1:1: the page has no title; add a line "title: Your title" to the front matter`,
				`content/posts/a.md:2:1: warning: unknown setting "tilte" in the front matter; did you mean "title"?`,
				`content/posts/a.md:3:1: warning: unknown setting "dte" in the front matter; did you mean "date"?`,
			},
		},
		{
			name:  "unknown key unlike any known one",
			files: map[string]string{"content/about.md": "---\ntitle: A\nname: x\n---\n"},
			want:  []string{`content/about.md:3:1: warning: unknown setting "name" in the front matter is ignored; known settings are: authors, date, draft, glossary, id, image, image_alt, layout, slug, summary, tags, title, updated, weight`},
		},
		{
			name:  "key set twice, in any case",
			files: map[string]string{"content/about.md": "---\ntitle: A\nTitle: B\n---\n"},
			want:  []string{`content/about.md:3:1: "Title" is set twice (first on line 2); keep one of them`},
		},
		{
			name: "missing or empty title and date",
			files: map[string]string{
				"content/posts/a.md": "---\nsummary: s\n---\nText\n",
				"content/logs/b.md":  "---\ntitle: B\n---\n",
				"content/posts/c.md": "---\ntitle:\ndate:\n---\n",
				// Sections and the home page may leave the title out.
				"content/_index.md":       "---\ndescription: d\n---\n",
				"content/posts/_index.md": "Intro\n",
			},
			want: []string{
				`content/logs/b.md:1:1: a log needs a date; add a line such as "date: 2020-03-01" to the front matter`,
				`content/posts/a.md:1:1: a post needs a date; add a line such as "date: 2020-03-01" to the front matter`,
				`content/posts/a.md:1:1: the page has no title; add a line "title: Your title" to the front matter`,
				`content/posts/c.md:2:7: the page has no title; add a line "title: Your title" to the front matter`,
				`content/posts/c.md:3:6: a post needs a date; add a line such as "date: 2020-03-01" to the front matter`,
			},
		},
		{
			name: "unsafe slugs",
			files: map[string]string{
				"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nslug: ../../etc\n---\n",
				"content/posts/b.md": "---\ntitle: B\ndate: 2024-01-01\nslug: x/y\n---\n",
				"content/posts/c.md": "---\ntitle: C\ndate: 2024-01-01\nslug: \"a\\tb\"\n---\n",
				"content/posts/d.md": "---\ntitle: D\ndate: 2024-01-01\nslug: Our First Course\n---\n",
				"content/posts/e.md": "---\ntitle: E\ndate: 2024-01-01\nslug: café-notes\n---\n",
			},
			want: []string{
				`content/posts/a.md:4:7: slug "../../etc" contains "..", which would write outside the site; use lower-case letters, numbers and hyphens, such as "etc"`,
				`content/posts/b.md:4:7: slug "x/y" contains a slash; use lower-case letters, numbers and hyphens, such as "x-y"`,
				`content/posts/c.md:4:7: slug "a\tb" contains a control character; use lower-case letters, numbers and hyphens, such as "a-b"`,
				`content/posts/d.md:4:7: slug "Our First Course" has capital letters, spaces or other marks that do not belong in a web address; use lower-case letters, numbers and hyphens, such as "our-first-course"`,
			},
		},
		{
			name: "two pages at one URL",
			files: map[string]string{
				"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nslug: b\n---\n",
				"content/posts/b.md": "---\ntitle: B\ndate: 2024-01-01\n---\n",
			},
			want: []string{"content/posts/a.md:4:7: this page and content/posts/b.md would both be published at /posts/b/; change the slug or the file name of one of them"},
		},
		{
			name: "a page where a folder's list goes",
			files: map[string]string{
				"content/posts.md":   "---\ntitle: Posts\n---\n",
				"content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n",
			},
			want: []string{"content/posts.md:1:1: this page is published at /posts/, which is also the list of the posts folder; move it to content/posts/_index.md to make it the list page"},
		},
		{
			name: "a page where a tag's list goes",
			files: map[string]string{
				"content/tags/news.md": "---\ntitle: News\n---\n",
				"content/posts/a.md":   "---\ntitle: A\ndate: 2024-01-01\ntags: News\n---\n",
			},
			want: []string{`content/tags/news.md:1:1: this page is published at /tags/news/, which is also the list of pages for "News"; move or rename the page`},
		},
		{
			name:  "image without a description",
			files: map[string]string{"content/about.md": "---\ntitle: A\nimage: pic.jpg\n---\n", "content/b.md": "---\ntitle: B\nimage: pic.jpg\nimage_alt: \"\"\n---\n"},
			want:  []string{`content/about.md:3:8: the image has no image_alt; describe it for people who cannot see it, or write image_alt: "" if it is only decoration`},
		},
		{
			name: "course sessions",
			files: map[string]string{
				"content/courses/past.md": "---\ntitle: Past\nbooking: https://example.org/book\nsessions:\n" +
					"  - start: 2024-03-01T09:30\n    end: 2024-03-01T09:00\n    venue: Room 1\n" +
					"  - start: 2024-03-02T09:30\n" +
					"  - end: 2024-03-03\n    online: https://meet.example.org/x\n---\n",
				"content/courses/cancelled.md": "---\ntitle: Cancelled\nstatus: cancelled\nsessions:\n  - start: 2024-09-01T09:30\n    online: https://meet.example.org/x\n---\n",
				// Cancelled with no dates yet is not "still in the future".
				"content/courses/tbc.md": "---\ntitle: TBC\nstatus: cancelled\nbooking: someone@example.org\n---\n",
				"content/courses/odd.md": "---\ntitle: Odd\naudience: doctors\nformat: online\nbooking: call us\nsessions:\n  - 2024-01-01\n  - start: 2024-09-01T25:00\n    venue: Hall\n    room: 2\n---\n",
			},
			want: []string{
				`content/courses/cancelled.md:3:9: warning: this course is cancelled but its sessions are still in the future, so it is listed as upcoming; remove the sessions or the page`,
				`content/courses/odd.md:3:11: audience must be one of "staff", "patients and public" or "everyone", not "doctors"`,
				`content/courses/odd.md:5:10: booking must be a web address starting https:// or an email address, not "call us"`,
				`content/courses/odd.md:7:5: a session must be a group of settings written as "key: value" lines, not "2024-01-01"`,
				`content/courses/odd.md:8:12: start "2024-09-01T25:00" is not a real date: the hour is out of range; write the time on the 24-hour clock, such as 2020-03-01T14:30`,
				`content/courses/odd.md:10:5: warning: unknown setting "room" in a session is ignored; known settings are: address, end, online, start, venue`,
				`content/courses/past.md:3:10: warning: this course has finished but still has a booking link; remove the booking line`,
				`content/courses/past.md:5:5: this session ends (1 Mar 2024 09:00) before it starts (1 Mar 2024 09:30); check the end time`,
				`content/courses/past.md:8:5: this session has neither a venue nor an online link; add "venue:" or "online:" so people know where to go`,
				`content/courses/past.md:9:5: this session has no start; add a line such as "start: 2020-03-01T09:30"`,
			},
		},
		{
			name: "log model",
			files: map[string]string{
				"content/logs/a.md": "---\ntitle: A\ndate: 2024-01-01\nmodel: kolb\nperiod: {from: 2024-01-01, to: 2024-02-30}\n---\n",
			},
			want: []string{
				`content/logs/a.md:4:8: model must be one of "rolfe" or "gibbs", not "kolb"`,
				`content/logs/a.md:5:32: to "2024-02-30" is not a real date: February 2024 has 29 days; check the day and the month, written as YYYY-MM-DD`,
			},
		},
		{
			name: "glossary short definition too long",
			files: map[string]string{
				"content/glossary/pdsa.md": "---\ntitle: PDSA\nshort: " + strings.Repeat("word ", 26) + "\n---\n",
			},
			want: []string{"content/glossary/pdsa.md:3:8: warning: the short definition has 26 words; keep it to one plain sentence of 25 words or fewer"},
		},
		{
			name: "text cut short by a note, and tags with a comma",
			files: map[string]string{
				"content/posts/a.md": "---\ntitle: Our #1 course\ndate: 2024-01-01\ntags: courses, news\n---\n",
				"content/posts/b.md": "---\ntitle: \"Our #1 course\"\ndate: 2024-01-01 # the launch\ntags: [courses, news]\n---\n",
				"content/posts/c.md": "---\ntitle: C\ndate: 2024-01-01\ntags: news #old\n---\n",
			},
			want: []string{
				`content/posts/a.md:2:8: warning: title stops before "#1 course", because " #" starts a note that is not published; to keep it, put the whole text in quotes: title: "Our #1 course"`,
				`content/posts/a.md:4:7: warning: tags is one item, "courses, news"; to give several, write them as a list in square brackets: tags: [courses, news]`,
				`content/posts/c.md:4:7: warning: tags stops before "#old", because " #" starts a note that is not published; to keep it, put the whole text in quotes: tags: "news #old"`,
			},
		},
		{
			name: "glossary terms with no definition, or unknown related terms",
			files: map[string]string{
				"content/glossary/pdsa-cycle.md": "---\ntitle: PDSA cycle\naliases: [PDSA]\nshort: Plan, do, study, act.\nrelated:\n  - pdsa\n  - run-chart\n  - not-a-term\n---\n",
				"content/glossary/run-chart.md":  "---\ntitle: Run chart\nshort: A chart over time.\nrelated: [pdsa-cycle]\n---\n",
				"content/glossary/empty.md":      "---\ntitle: Empty\n---\n",
			},
			want: []string{
				`content/glossary/empty.md:2:8: warning: this term has no definition, so its page and its place in the A to Z are empty; add a line "short:" with one plain sentence, or write more below the front matter`,
				`content/glossary/pdsa-cycle.md:6:5: related term "pdsa" is not in the glossary; did you mean "pdsa-cycle", the file of "PDSA cycle"?`,
				`content/glossary/pdsa-cycle.md:8:5: related term "not-a-term" is not in the glossary; give the name of a file in content/glossary/, without .md`,
			},
		},
		{
			name: "a log's period backwards, a milestone with no title, a session with no times",
			files: map[string]string{
				"content/logs/a.md":    "---\ntitle: A\ndate: 2024-01-01\nperiod:\n  from: 2020-07-01\n  to: 2020-03-30\n---\n## What?\n\n## So what?\n\n## Now what?\n",
				"content/timeline.md":  "---\ntitle: Plan\nmilestones:\n  - date: 2024-01-01\n    status: done\n---\n",
				"content/courses/c.md": "---\ntitle: C\nsessions:\n  - start: 2027-03-22\n    end: 2027-03-22\n    venue: Hall\n---\n",
			},
			want: []string{
				`content/courses/c.md:4:5: this session starts and ends at the same moment (22 Mar 2027 00:00); give the times, as in "start: 2027-03-22T09:30" and "end: 2027-03-22T12:30"`,
				`content/logs/a.md:5:3: the period ends (30 March 2020) before it starts (1 July 2020); check the from and to dates`,
				`content/timeline.md:4:5: this milestone has no title; add a line such as "title: Six month review"`,
			},
		},
		{
			name: "timeline out of order",
			files: map[string]string{
				"content/timeline.md": "---\ntitle: Plan\nmilestones:\n" +
					"  - date: 2024-01-01\n    title: Start\n" +
					"  - date: 2024-05-01\n    title: Six months\n" +
					"  - date: 2024-03-01\n    title: Launch\n    status: done\n" +
					"  - date: 2024-06-01\n    title: End\n    status: maybe\n---\n",
			},
			want: []string{
				`content/timeline.md:8:5: milestone "Launch" (1 Mar 2024) comes before "Six months" (1 May 2024, line 6) in time but after it in the list; put the milestones in date order`,
				`content/timeline.md:13:13: status must be one of "planned" or "done", not "maybe"`,
			},
		},
		{
			name: "includes that cannot be found",
			files: map[string]string{
				"content/case-study/one.md": "---\ntitle: One\ninclude:\n  - logs/missing.md\n  - logs/draft.md\n  - logs/ok.md\n---\n",
				"content/logs/draft.md":     "---\ntitle: D\ndate: 2024-01-01\ndraft: true\n---\n",
				"content/logs/ok.md":        "---\ntitle: OK\ndate: 2024-01-01\n---\n",
			},
			want: []string{
				`content/case-study/one.md:4:5: include "logs/missing.md": there is no file content/logs/missing.md; give the path from the content folder, such as logs/nine-month-review.md`,
				`content/case-study/one.md:5:5: include "logs/draft.md": that page is a draft or scheduled, so it is not published; publish it, or take it out of the list`,
			},
		},
		{
			name: "settings of the wrong type",
			files: map[string]string{
				"content/_index.md": "---\ntitle: Site\npage_size: ten\nmenu:\n  - title: Home\n    url: /\n  - About\nreading_age: {min: 9, mx: 11}\n---\n",
			},
			want: []string{
				`content/_index.md:3:12: page_size must be a whole number such as 3, not "ten"`,
				`content/_index.md:7:5: a menu item must be a group of settings written as "key: value" lines, not "About"`,
				`content/_index.md:8:23: warning: unknown setting "mx" in reading_age; did you mean "max"?`,
			},
		},
		{
			name:  "base_url that is not a full address",
			files: map[string]string{"content/_index.md": "---\ntitle: Site\nbase_url: clic.example.org\n---\n"},
			want:  []string{`content/_index.md:3:11: base_url "clic.example.org/" must be the site's full address, such as https://example.org/`},
		},
		{
			name: "Markdown that would be copied, and a slip in a section's name",
			files: map[string]string{
				"content/posts/Update.MD":      "---\ntitle: U\n---\n",
				"content/posts/notes.markdown": "---\ntitle: N\n---\n",
				"content/posts/photo.jpg":      "",
				"content/post/first.md":        "---\ntitle: First\n---\n",
				"content/post/second.md":       "---\ntitle: Second\n---\n",
				"content/glosary/a.md":         "---\ntitle: A\n---\n",
				"content/team/a.md":            "---\ntitle: Team\n---\n",
			},
			want: []string{
				`content/glosary/a.md:1:1: warning: the folder content/glosary/ is not one of clic's sections, so its pages are plain pages, left out of the glossary list and feed; did you mean content/glossary/?`,
				`content/post/first.md:1:1: warning: the folder content/post/ is not one of clic's sections, so its pages are plain pages, left out of the posts list and feed; did you mean content/posts/?`,
				`content/posts/Update.MD:1:1: warning: this file is copied to the site as it is, not made into a page, because clic reads only files ending in .md (small letters); rename it to Update.md`,
				`content/posts/notes.markdown:1:1: warning: this file is copied to the site as it is, not made into a page, because clic reads only files ending in .md (small letters); rename it to notes.md`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, tt.files, Options{})
			if !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestNoContentFolder(t *testing.T) {
	s, dl := Load(fstest.MapFS{"layouts/a.html": {}}, Options{Now: now})
	if s != nil {
		t.Errorf("Load gave a site without a content folder")
	}
	want := "content: there is no content folder here; run clic from the site folder (the one holding content/), or give -source"
	if len(dl) != 1 || dl[0].Error() != want {
		t.Errorf("got %v, want %q", dl, want)
	}
}

// lockedFS refuses to list one folder, as a folder without read
// permission does.
type lockedFS struct {
	fstest.MapFS
	locked string
}

func (l lockedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.ReadDir(name)
}

func (l lockedFS) Open(name string) (fs.File, error) {
	if name == l.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return l.MapFS.Open(name)
}

func TestLoadLockedFolder(t *testing.T) {
	site := siteFS(map[string]string{"content/_index.md": "---\ntitle: Home\n---\n", "content/posts/locked/a.md": "---\ntitle: A\n---\n"})
	_, dl := Load(lockedFS{site, "content/posts/locked"}, Options{Now: now})
	want := "content/posts/locked: clic is not allowed to open this folder; give your user permission to read it, or move it out of content/"
	if len(dl) != 1 || dl[0].Error() != want {
		t.Errorf("got %v, want %q", dl, want)
	}
}

// TestContentFolderGone loads a site, then again after its content/ has
// gone, as when a writer moves it while the preview runs: an error, not
// an empty site, and the folder's return is noticed.
func TestContentFolderGone(t *testing.T) {
	site := siteFS(map[string]string{"content/_index.md": "---\ntitle: Home\n---\n", "content/about.md": "---\ntitle: About\n---\nHi.\n"})
	l := NewLoader(site)
	if s, dl := l.Load(Options{Now: now}, nil); s == nil || dl.HasErrors() {
		t.Fatalf("first load: %v", dl)
	}
	saved := maps.Clone(site)
	clear(site)
	s, dl := l.Load(Options{Now: now}, []string{"content"})
	want := "content: the content folder has gone; put it back, or run clic in the site folder that has it"
	if s != nil || len(dl) != 1 || dl[0].Error() != want {
		t.Errorf("after content/ went: site %v, diagnostics %v; want no site and %q", s != nil, dl, want)
	}
	maps.Copy(site, saved)
	if s, dl := l.Load(Options{Now: now}, []string{"content"}); s == nil || dl.HasErrors() || s.Page("content/about.md") == nil {
		t.Errorf("after content/ came back: %v", dl)
	}
}
