package content

import (
	"slices"
	"testing"
	"time"
)

func TestGlossary(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"content/glossary/_index.md": "---\ntitle: Words we use\n---\n",
		"content/glossary/pdsa.md":   "---\ntitle: Plan, Do, Study, Act\nterm: PDSA\naliases: [PDSA cycle, PDSA cycles]\nshort: A way to test a change.\nrelated: [qi]\n---\n",
		"content/glossary/qi.md":     "---\ntitle: quality improvement\naliases: QI\n---\nMaking care better.\n",
		"content/glossary/od.md":     "---\ntitle: Organisational development\n---\nHelping teams work well.\n",
		"content/glossary/aim.md":    "---\ntitle: Aim\nweight: 9\n---\nWhat we want.\n",
	}, Options{})
	var terms []string
	for _, p := range s.Terms {
		terms = append(terms, p.Term.Term)
	}
	if want := []string{"Aim", "Organisational development", "PDSA", "quality improvement"}; !slices.Equal(terms, want) {
		t.Errorf("Terms %q, want %q (A to Z by term, ignoring case and weight)", terms, want)
	}
	pdsa := s.Page("content/glossary/pdsa.md").Term
	if pdsa.Short != "A way to test a change." || !slices.Equal(pdsa.Aliases, []string{"PDSA cycle", "PDSA cycles"}) || !slices.Equal(pdsa.Related, []string{"qi"}) {
		t.Errorf("pdsa: %+v", pdsa)
	}
	if qi := s.Page("content/glossary/qi.md").Term; !slices.Equal(qi.Aliases, []string{"QI"}) {
		t.Errorf("a single alias should be a list of one: %q", qi.Aliases)
	}
}

func TestCourse(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"content/courses/a.md": "---\ntitle: A\naudience: Patients and Public\nformat: blended\nplaces: 12\ncost: Free\n" +
			"booking: mailto:Jo Bloggs <jo@example.org>\naccessibility: [Step-free access, Hearing loop]\nfacilitators: [Jo]\n" +
			"sessions:\n  - start: 2024-07-01T09:30\n    end: 2024-07-01T12:30\n    venue: Hall\n    address: 1 Road, Carlisle\n" +
			"  - start: 2024-07-08T09:30\n    online: https://meet.example.org/a\n---\n",
		"content/courses/tbc.md": "---\ntitle: TBC\n---\n",
	}, Options{})
	c := s.Page("content/courses/a.md").Course
	if c.Audience != "patients and public" || c.Format != "blended" || c.Places != 12 || c.Cost != "Free" ||
		c.Booking != "mailto:jo@example.org" || c.Status != "open" || len(c.Accessibility) != 2 || len(c.Facilitators) != 1 {
		t.Errorf("course: %+v", c)
	}
	if len(c.Sessions) != 2 || c.Sessions[0].Line != 11 || c.Sessions[1].Line != 15 ||
		c.Sessions[0].End.Format(time.RFC3339) != "2024-07-01T12:30:00+01:00" || c.Sessions[1].Online != "https://meet.example.org/a" {
		t.Errorf("sessions: %+v", c.Sessions)
	}
	tests := []struct {
		now  time.Time
		want bool
	}{
		{now, true},
		{time.Date(2024, 7, 1, 12, 0, 0, 0, London()), true},  // first session still running
		{time.Date(2024, 7, 8, 9, 29, 0, 0, London()), true},  // second has no end; its start counts
		{time.Date(2024, 7, 8, 9, 30, 0, 0, London()), false}, // started, so finished
	}
	for _, tt := range tests {
		if got := c.Upcoming(tt.now); got != tt.want {
			t.Errorf("Upcoming(%v) = %v, want %v", tt.now, got, tt.want)
		}
	}
	if tbc := s.Page("content/courses/tbc.md").Course; !tbc.Upcoming(now.AddDate(10, 0, 0)) || len(tbc.Sessions) != 0 {
		t.Errorf("a course without sessions has dates to be confirmed, so is upcoming")
	}
}

func TestLog(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"content/logs/a.md": post("A", "2024-01-01"),
		"content/logs/b.md": post("B", "2024-01-01", "model: Gibbs", "milestone: 6 month review", "period:\n  from: 2023-07-01\n  to: 2023-12-31"),
	}, Options{})
	tests := []struct {
		file, model, milestone, from string
		headings                     []string
	}{
		{"content/logs/a.md", "rolfe", "", "0001-01-01", []string{"What?", "So what?", "Now what?"}},
		{"content/logs/b.md", "gibbs", "6 month review", "2023-07-01", []string{"Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"}},
	}
	for _, tt := range tests {
		l := s.Page(tt.file).Log
		if l.Model != tt.model || l.Milestone != tt.milestone || l.From.Format(time.DateOnly) != tt.from || !slices.Equal(RequiredHeadings(l.Model), tt.headings) {
			t.Errorf("%s: %+v, headings %q", tt.file, l, RequiredHeadings(l.Model))
		}
	}
}

func TestTimeline(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"content/timeline.md": "---\ntitle: Plan\nmilestones:\n  - date: 2024-01-01\n    title: Start\n    status: done\n    link: logs/a.md\n  - date: 2024-01-01\n    title: Same day\n---\n",
	}, Options{})
	got := s.Page("content/timeline.md").Timeline
	if len(got) != 2 || got[0].Status != "done" || got[0].Link != "logs/a.md" || got[0].Line != 4 || got[1].Status != "planned" || got[1].Line != 8 {
		t.Errorf("Timeline = %+v", got)
	}
}

func TestIncludes(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"content/case-study/01.md":          "---\ntitle: One\ninclude:\n  - logs/nine-month-review.md\n  - ../posts/a.md\n---\n",
		"content/logs/nine-month-review.md": post("Nine", "2024-01-01"),
		"content/posts/a.md":                post("A", "2024-01-01"),
	}, Options{})
	var got []string
	for _, p := range s.Page("content/case-study/01.md").Includes {
		got = append(got, p.File)
	}
	if want := []string{"content/logs/nine-month-review.md", "content/posts/a.md"}; !slices.Equal(got, want) {
		t.Errorf("Includes %q, want %q", got, want)
	}
}
