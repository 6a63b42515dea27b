package build_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
)

// courseNow is the present for the course tests: between the spring and
// autumn clock changes of 2024.
var courseNow = time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)

const courseHome = `---
title: CLIC
base_url: https://clic.example.org/
organisation: Cumbria Learning and Improvement Collaborative
---
Hello.
`

// buildCourseSite builds files, with the default theme, into memory.
func buildCourseSite(t *testing.T, files map[string]string, now time.Time, minify bool) (*output.Memory, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	if _, ok := files["content/_index.md"]; !ok {
		fsys["content/_index.md"] = &fstest.MapFile{Data: []byte(courseHome)}
	}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	mem := output.NewMemory()
	_, dl := build.Build(build.Options{Source: fsys, Theme: clic.Theme(), Now: now, Minify: minify}, mem)
	return mem, dl
}

func mustGet(t *testing.T, mem *output.Memory, name string) []byte {
	t.Helper()
	data, ok := mem.Get(name)
	if !ok {
		t.Fatalf("%s was not written; files: %v", name, mem.Names())
	}
	return data
}

var courseFiles = map[string]string{
	// Four sessions either side of both 2024 clock changes.
	"content/courses/qi.md": `---
title: Quality improvement
summary: Learn the basics, with staff and patients.
updated: 2024-01-10
audience: everyone
format: blended
cost: £25 a person
facilitators: [Sam Jones]
booking: https://book.example.org/qi
sessions:
  - start: 2024-03-30T10:00
    end: 2024-03-30T12:00
    venue: Carlisle Library
    address: 11 Globe Lane, Carlisle
  - start: 2024-04-02T10:00
    end: 2024-04-02T12:00
    online: https://meet.example.org/qi
  - start: 2024-10-26T10:00
    end: 2024-10-26T12:00
    venue: Penrith Hall
    online: https://meet.example.org/qi
  - start: 2024-10-28T10:00
    end: 2024-10-28T12:00
    venue: Penrith Hall
---
About the course.
`,
	"content/courses/old.md": `---
title: Old course
sessions:
  - start: 2023-05-01T09:30
    end: 2023-05-01T11:30
    venue: Whitehaven
---
Done.
`,
	"content/courses/tbc.md": `---
title: Dates to be confirmed
cost: Free
---
Soon.
`,
}

func TestCourseCalendars(t *testing.T) {
	mem, dl := buildCourseSite(t, courseFiles, courseNow, false)
	if len(dl) > 0 {
		t.Fatalf("want a clean build, got:\n%v", dl)
	}
	if _, ok := mem.Get("courses/tbc/calendar.ics"); ok {
		t.Error("a course with no sessions has a calendar")
	}
	tests := []struct {
		file       string
		wantStarts []string // UTC
		wantEnds   []string
	}{
		{"courses/qi/calendar.ics",
			[]string{"2024-03-30T10:00:00Z", "2024-04-02T09:00:00Z", "2024-10-26T09:00:00Z", "2024-10-28T10:00:00Z"},
			[]string{"2024-03-30T12:00:00Z", "2024-04-02T11:00:00Z", "2024-10-26T11:00:00Z", "2024-10-28T12:00:00Z"}},
		{"courses/old/calendar.ics", []string{"2023-05-01T08:30:00Z"}, []string{"2023-05-01T10:30:00Z"}},
		// Only sessions still to come; the old course is over.
		{"courses/calendar.ics",
			[]string{"2024-03-30T10:00:00Z", "2024-04-02T09:00:00Z", "2024-10-26T09:00:00Z", "2024-10-28T10:00:00Z"},
			[]string{"2024-03-30T12:00:00Z", "2024-04-02T11:00:00Z", "2024-10-26T11:00:00Z", "2024-10-28T12:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := mustGet(t, mem, tt.file)
			cal, err := ics.ParseCalendar(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			var starts, ends []string
			for _, ev := range cal.Events() {
				s, err := ev.GetStartAt()
				if err != nil {
					t.Fatal(err)
				}
				e, err := ev.GetEndAt()
				if err != nil {
					t.Fatal(err)
				}
				starts = append(starts, s.UTC().Format(time.RFC3339))
				ends = append(ends, e.UTC().Format(time.RFC3339))
			}
			if !slices.Equal(starts, tt.wantStarts) || !slices.Equal(ends, tt.wantEnds) {
				t.Errorf("starts %v ends %v, want %v %v", starts, ends, tt.wantStarts, tt.wantEnds)
			}
		})
	}

	qi := strings.ReplaceAll(string(mustGet(t, mem, "courses/qi/calendar.ics")), "\r\n ", "") // unfolded
	for _, want := range []string{
		"SUMMARY:Quality improvement\r\n",
		"LOCATION:Carlisle Library\\, 11 Globe Lane\\, Carlisle\r\n",
		"LOCATION:https://meet.example.org/qi\r\n",
		"LOCATION:Penrith Hall\r\n",
		"URL:https://clic.example.org/courses/qi/\r\n",
		"DTSTAMP:20240110T000000Z\r\n", // the page's updated date, never the clock
		"Join online: https://meet.example.org/qi",
		"@clic.example.org\r\n",
	} {
		if !strings.Contains(qi, want) {
			t.Errorf("qi calendar lacks %q:\n%s", want, qi)
		}
	}
	// The course page offers the file, and the list offers the whole calendar.
	if page := mustGet(t, mem, "courses/qi/index.html"); !bytes.Contains(page, []byte(`href="/courses/qi/calendar.ics"`)) {
		t.Error("the course page does not link to its calendar")
	}
}

func TestCourseCalendarsCancelledAndStable(t *testing.T) {
	files := maps.Clone(courseFiles)
	files["content/courses/gone.md"] = `---
title: Cancelled course
status: cancelled
sessions:
  - start: 2023-06-01T09:30
    venue: Workington
---
Sorry.
`
	a, dl := buildCourseSite(t, files, courseNow, true)
	if dl.HasErrors() {
		t.Fatal(dl)
	}
	b, _ := buildCourseSite(t, files, courseNow, true)
	for _, name := range []string{"courses/calendar.ics", "courses/qi/calendar.ics", "courses/gone/calendar.ics"} {
		if !bytes.Equal(mustGet(t, a, name), mustGet(t, b, name)) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	gone := string(mustGet(t, a, "courses/gone/calendar.ics"))
	if !strings.Contains(gone, "STATUS:CANCELLED\r\n") {
		t.Errorf("cancelled course's events are not cancelled:\n%s", gone)
	}
	if strings.Contains(string(mustGet(t, a, "courses/calendar.ics")), "Cancelled course") {
		t.Error("the calendar of upcoming sessions lists a cancelled course")
	}
	// UIDs survive an edit to anything but the start and the URL.
	edited := maps.Clone(files)
	edited["content/courses/qi.md"] = strings.Replace(files["content/courses/qi.md"], "title: Quality improvement", "title: Quality improvement for all", 1)
	c, _ := buildCourseSite(t, edited, courseNow, true)
	uids := func(data []byte) []string { return regexp.MustCompile(`UID:[^\r]+`).FindAllString(string(data), -1) }
	before, after := uids(mustGet(t, a, "courses/qi/calendar.ics")), uids(mustGet(t, c, "courses/qi/calendar.ics"))
	if len(before) != 4 || !slices.Equal(before, after) {
		t.Errorf("UIDs changed with the title: %v then %v", before, after)
	}
}

// jsonLD pulls the JSON-LD data block out of a page and decodes it.
func jsonLD(t *testing.T, page []byte) map[string]any {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="?application/ld\+json"?>(.*?)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no JSON-LD in page:\n%s", page)
	}
	var v map[string]any
	if err := json.Unmarshal(m[1], &v); err != nil {
		t.Fatalf("JSON-LD is not valid JSON: %v\n%s", err, m[1])
	}
	return v
}

func TestCourseJSONLD(t *testing.T) {
	for _, minify := range []bool{false, true} {
		mem, dl := buildCourseSite(t, courseFiles, courseNow, minify)
		if dl.HasErrors() {
			t.Fatal(dl)
		}
		qi := jsonLD(t, mustGet(t, mem, "courses/qi/index.html"))
		get := func(v any, path ...any) any {
			for _, p := range path {
				switch k := p.(type) {
				case string:
					v = v.(map[string]any)[k]
				case int:
					v = v.([]any)[k]
				}
			}
			return v
		}
		tests := []struct {
			path []any
			want any
		}{
			{[]any{"@context"}, "https://schema.org"},
			{[]any{"@type"}, "Course"},
			{[]any{"name"}, "Quality improvement"},
			{[]any{"description"}, "Learn the basics, with staff and patients."},
			{[]any{"url"}, "https://clic.example.org/courses/qi/"},
			{[]any{"provider", "@type"}, "Organization"},
			{[]any{"provider", "name"}, "Cumbria Learning and Improvement Collaborative"},
			{[]any{"offers", "price"}, "25"},
			{[]any{"offers", "priceCurrency"}, "GBP"},
			{[]any{"hasCourseInstance", 0, "@type"}, "CourseInstance"},
			{[]any{"hasCourseInstance", 0, "courseMode"}, "onsite"},
			{[]any{"hasCourseInstance", 0, "startDate"}, "2024-03-30T10:00:00+00:00"},
			{[]any{"hasCourseInstance", 0, "endDate"}, "2024-03-30T12:00:00+00:00"},
			{[]any{"hasCourseInstance", 0, "location", 0, "@type"}, "Place"},
			{[]any{"hasCourseInstance", 0, "location", 0, "name"}, "Carlisle Library"},
			{[]any{"hasCourseInstance", 0, "location", 0, "address"}, "11 Globe Lane, Carlisle"},
			{[]any{"hasCourseInstance", 0, "instructor", 0, "name"}, "Sam Jones"},
			{[]any{"hasCourseInstance", 1, "courseMode"}, "online"},
			{[]any{"hasCourseInstance", 1, "startDate"}, "2024-04-02T10:00:00+01:00"},
			{[]any{"hasCourseInstance", 1, "location", 0, "@type"}, "VirtualLocation"},
			{[]any{"hasCourseInstance", 1, "location", 0, "url"}, "https://meet.example.org/qi"},
			{[]any{"hasCourseInstance", 2, "courseMode"}, "blended"},
		}
		for _, tt := range tests {
			if got := get(qi, tt.path...); got != tt.want {
				t.Errorf("minify=%v: %v = %#v, want %#v", minify, tt.path, got, tt.want)
			}
		}
		tbc := jsonLD(t, mustGet(t, mem, "courses/tbc/index.html"))
		if _, ok := tbc["hasCourseInstance"]; ok {
			t.Error("a course with dates to be confirmed has course instances")
		}
		if got := get(tbc, "offers", "price"); got != "0" {
			t.Errorf("free course price = %v, want 0", got)
		}
	}
}

// TestCourseJSONLDCannotCloseScript: a title holding "</script>" stays
// inside the data block.
func TestCourseJSONLDCannotCloseScript(t *testing.T) {
	mem, dl := buildCourseSite(t, map[string]string{"content/courses/x.md": "---\ntitle: \"A </script><script>alert(1)</script> & more\"\n---\nText.\n"}, courseNow, false)
	if dl.HasErrors() {
		t.Fatal(dl)
	}
	page := mustGet(t, mem, "courses/x/index.html")
	if got := jsonLD(t, page)["name"]; got != "A </script><script>alert(1)</script> & more" {
		t.Errorf("name = %q", got)
	}
	if bytes.Contains(page, []byte("<script>alert")) {
		t.Error("the title escaped the data block")
	}
}

// TestCourseRules checks the messages writers see for mistakes in courses.
func TestCourseRules(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string
	}{
		{"end before start", `---
title: T
sessions:
  - start: 2024-05-01T10:00
    end: 2024-05-01T09:00
    venue: Hall
---
`, []string{"content/courses/t.md:4:5: this session ends (1 May 2024 09:00) before it starts (1 May 2024 10:00); check the end time"}},
		{"no venue nor online link", `---
title: T
sessions:
  - start: 2024-05-01T10:00
---
`, []string{"content/courses/t.md:4:5: this session has neither a venue nor an online link; add \"venue:\" or \"online:\" so people know where to go"}},
		{"booking on a past course", `---
title: T
booking: https://book.example.org/t
sessions:
  - start: 2023-05-01T10:00
    venue: Hall
---
`, []string{"content/courses/t.md:3:10: warning: this course has finished but still has a booking link; remove the booking line"}},
		{"cancelled but upcoming", `---
title: T
status: cancelled
sessions:
  - start: 2024-05-01T10:00
    venue: Hall
---
`, []string{"content/courses/t.md:3:9: warning: this course is cancelled but its sessions are still in the future, so it is listed as upcoming; remove the sessions or the page"}},
		{"dates to be confirmed", "---\ntitle: T\n---\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, dl := buildCourseSite(t, map[string]string{"content/courses/t.md": tt.page}, courseNow, false)
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
