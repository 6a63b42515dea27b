package build_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

const timelinePage = `---
title: Project timeline
milestones:
  - date: 2019-07-01
    title: "6 month review and report"
    status: done
  - date: 2020-03-01
    title: "Begin first training courses"
    link: posts/start.md
  - date: 2020-10-01
    title: "9 month review and reflective log"
---
The plan.
`

func logPage(milestone string) string {
	return `---
title: Six months on
date: 2019-07-02
period:
  from: 2019-01-01
  to: 2019-06-30
milestone: "` + milestone + `"
---
## What?

We ran courses.

## So what?

People came.

## Now what?

Run more.
`
}

var timelineFiles = map[string]string{
	"content/timeline.md":    timelinePage,
	"content/logs/six.md":    logPage("6 Month Review  and report"),
	"content/posts/start.md": "---\ntitle: We have started\ndate: 2018-12-01\n---\nSee [the plan](../timeline.md#milestone-begin-first-training-courses) and [today](../timeline.md#today).\n",
}

func TestTimelinePage(t *testing.T) {
	tests := []struct {
		name      string
		now       time.Time
		wantOrder []string // ids of the <li> items in order
	}{
		{"before the plan", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
			[]string{"today", "milestone-6-month-review-and-report", "milestone-begin-first-training-courses", "milestone-9-month-review-and-reflective-log"}},
		{"in the middle", time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC),
			[]string{"milestone-6-month-review-and-report", "milestone-begin-first-training-courses", "today", "milestone-9-month-review-and-reflective-log"}},
		{"on a milestone's day", time.Date(2020, 3, 1, 9, 0, 0, 0, time.UTC),
			[]string{"milestone-6-month-review-and-report", "milestone-begin-first-training-courses", "today", "milestone-9-month-review-and-reflective-log"}},
		{"after the plan", time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC),
			[]string{"milestone-6-month-review-and-report", "milestone-begin-first-training-courses", "milestone-9-month-review-and-reflective-log", "today"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem, dl := buildCourseSite(t, timelineFiles, tt.now, false)
			if len(dl) > 0 {
				t.Fatalf("want a clean build, got:\n%v", dl)
			}
			page := string(mustGet(t, mem, "timeline/index.html"))
			var ids []string
			for _, m := range regexp.MustCompile(`<li class="timeline__item[^"]*" id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
				ids = append(ids, m[1])
			}
			if !slices.Equal(ids, tt.wantOrder) {
				t.Errorf("items %v, want %v", ids, tt.wantOrder)
			}
			want := "<strong>Today:</strong> <time datetime=\"" + tt.now.In(london(t)).Format("2006-01-02T15:04:05") // then the offset, escaped
			if !strings.Contains(page, want) {
				t.Errorf("no today marker %q in\n%s", want, page)
			}
			// A milestone's link goes to the page named; one closed by a
			// log links to the log, once the log is published.
			if want := `<a href="/posts/start/">Begin first training courses</a>`; !strings.Contains(page, want) {
				t.Errorf("timeline lacks %s", want)
			}
			logLink := `<a href="/logs/six/">6 month review and report</a>`
			if published := tt.now.After(time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC)); strings.Contains(page, logLink) != published {
				t.Errorf("link to the log shown = %v, want %v", !published, published)
			}
		})
	}
}

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestLogMilestone(t *testing.T) {
	tests := []struct {
		name      string
		milestone string
		timeline  string
		wantLink  string // href of the milestone on the log page; "" for none
		wantDiags []string
	}{
		{"same words, other case and spacing", "6 Month Review  and report", timelinePage, "/timeline/#milestone-6-month-review-and-report", nil},
		{"exact", "9 month review and reflective log", timelinePage, "/timeline/#milestone-9-month-review-and-reflective-log", nil},
		{"shorter text", "6 month review", timelinePage, "",
			[]string{`content/logs/six.md:7:12: warning: milestone "6 month review" matches no milestone on the timeline (content/timeline.md), so this log cannot link to it; write the milestone's title as the timeline has it: "6 month review and report"`}},
		{"no likeness", "Launch party", timelinePage, "",
			[]string{`content/logs/six.md:7:12: warning: milestone "Launch party" matches no milestone on the timeline (content/timeline.md), so this log cannot link to it; write the title of one of its milestones exactly as the timeline has it`}},
		{"named by the milestone's link", "Launch party", strings.Replace(timelinePage, "status: done", "status: done\n    link: logs/six.md", 1),
			"/timeline/#milestone-6-month-review-and-report", nil},
		{"no timeline, no warning", "Launch party", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/logs/six.md": logPage(tt.milestone)}
			if tt.timeline != "" {
				files["content/timeline.md"] = tt.timeline
				files["content/posts/start.md"] = timelineFiles["content/posts/start.md"]
			}
			mem, dl := buildCourseSite(t, files, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), false)
			var got []string
			for _, d := range dl {
				got = append(got, d.Error())
			}
			if !slices.Equal(got, tt.wantDiags) {
				t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.wantDiags, "\n"))
			}
			page := string(mustGet(t, mem, "logs/six/index.html"))
			m := regexp.MustCompile(`This log closes the milestone: <a href="([^"]+)"`).FindStringSubmatch(page)
			var link string
			if m != nil {
				link = m[1]
			}
			if link != tt.wantLink {
				t.Errorf("milestone link %q, want %q", link, tt.wantLink)
			}
			// The summary box shows the period and the model either way.
			for _, want := range []string{"1 January 2019", "30 June 2019", "What? So what? Now what?"} {
				if !strings.Contains(page, want) {
					t.Errorf("summary box lacks %q", want)
				}
			}
		})
	}
}

func TestTimelineRules(t *testing.T) {
	tests := []struct {
		name     string
		timeline string
		want     []string
	}{
		{"out of order", `---
title: Timeline
milestones:
  - date: 2020-01-01
    title: First
  - date: 2019-12-01
    title: Second
---
`, []string{`content/timeline.md:6:5: milestone "Second" (1 Dec 2019) comes before "First" (1 Jan 2020, line 4) in time but after it in the list; put the milestones in date order`}},
		{"link to no page", `---
title: Timeline
milestones:
  - date: 2020-01-01
    title: First
    link: logs/missing.md
---
`, []string{`content/timeline.md:6:11: milestone "First" links to "logs/missing.md", which is not a page; give the path from the content folder, such as logs/nine-month-review.md`}},
		{"anchor that is not a milestone", `---
title: Timeline
milestones:
  - date: 2020-01-01
    title: First
---
See [the first](#milestone-frist).
`, []string{`content/timeline.md:7:5: link to #milestone-frist: there is no heading or anchor with that id on this page; check the spelling against the heading`}},
		{"same title twice gets two anchors", `---
title: Timeline
milestones:
  - date: 2020-01-01
    title: Review
  - date: 2020-02-01
    title: Review
---
See [the second](#milestone-review-2).
`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, dl := buildCourseSite(t, map[string]string{"content/timeline.md": tt.timeline}, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), false)
			var got []string
			for _, d := range dl {
				got = append(got, d.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestCaseStudy checks chapters come in weight order, on their own pages
// and together on the printable list page with a table of contents.
func TestCaseStudy(t *testing.T) {
	files := map[string]string{
		"content/case-study/_index.md": "---\ntitle: Case study\n---\nOur story.\n",
		"content/case-study/zebra.md":  "---\ntitle: Zebra comes first\nweight: 1\ninclude: [logs/six.md]\n---\nChapter one text.\n",
		"content/case-study/apple.md":  "---\ntitle: Apple comes second\nweight: 2\n---\nChapter two text.\n",
		"content/case-study/mango.md":  "---\ntitle: Mango comes last\n---\nChapter three text.\n",
		"content/logs/six.md":          logPage("none"),
	}
	mem, dl := buildCourseSite(t, files, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), false)
	if dl.HasErrors() {
		t.Fatal(dl)
	}
	list := string(mustGet(t, mem, "case-study/index.html"))
	order := func(s string, words ...string) bool {
		last := -1
		for _, w := range words {
			i := strings.Index(s, w)
			if i <= last {
				return false
			}
			last = i
		}
		return true
	}
	// Weight 0 sorts before 1: an unweighted chapter comes first.
	if !order(list, `href="#chapter-mango"`, `href="#chapter-zebra"`, `href="#included-six"`, `href="#chapter-apple"`,
		"Chapter three text.", "Chapter one text.", "We ran courses.", "Chapter two text.") {
		t.Errorf("case study page out of order or incomplete:\n%s", list)
	}
	chapter := string(mustGet(t, mem, "case-study/zebra/index.html"))
	if !strings.Contains(chapter, "Chapter one text.") || !strings.Contains(chapter, "We ran courses.") {
		t.Errorf("chapter page lacks its text or its included log:\n%s", chapter)
	}
}
