package build

import (
	"cmp"
	"strings"

	"github.com/clic-cumbria/clic/internal/calendar"
	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
)

// coursesCalendar is the site path of the calendar of every upcoming
// session, which readers can subscribe to.
const coursesCalendar = "/courses/calendar.ics"

// courses lists the course pages being published, in URL order.
func (b *builder) courses() []*content.Page {
	var out []*content.Page
	for _, p := range b.site.Pages {
		if p.Course != nil {
			out = append(out, p)
		}
	}
	return out
}

// writeCalendars writes calendar.ics beside each course that has
// sessions, with all its sessions (a cancelled course's marked
// cancelled, so calendars that imported them strike them out), and
// /courses/calendar.ics with every session still to come of every course
// that is not cancelled.
func (b *builder) writeCalendars(dl *diag.List) {
	courses := b.courses()
	if len(courses) == 0 && b.site.Section("courses") == nil {
		return
	}
	all := calendar.Calendar{Name: b.site.Settings.Title + ": courses"}
	for _, p := range courses {
		events := b.sessionEvents(p)
		if len(events) == 0 {
			continue
		}
		data, err := calendar.Marshal(calendar.Calendar{Name: p.Title, Events: events})
		if err == nil {
			err = b.write(strings.TrimPrefix(b.view[p].Calendar, "/"), data)
		}
		if err != nil {
			dl.Errorf(diag.Pos{File: p.File, Line: 1, Col: 1}, "writing the course calendar: %v", err)
		}
		if p.Course.Status == "cancelled" {
			continue
		}
		for i, s := range p.Course.Sessions {
			if cmp.Or(s.End, s.Start).After(b.opts.Now) {
				all.Events = append(all.Events, events[i])
			}
		}
	}
	data, err := calendar.Marshal(all)
	if err == nil {
		err = b.write(strings.TrimPrefix(coursesCalendar, "/"), data)
	}
	if err != nil {
		dl.Errorf(diag.Pos{File: "content/courses"}, "writing %s: %v", coursesCalendar, err)
	}
}

// sessionEvents turns a course's sessions into calendar events, one per
// session in the order written.
func (b *builder) sessionEvents(p *content.Page) []calendar.Event {
	c := p.Course
	var out []calendar.Event
	for _, s := range c.Sessions {
		desc := p.Summary
		loc := joinNonEmpty(", ", s.Venue, s.Address)
		switch {
		case loc == "":
			loc = s.Online
		case s.Online != "":
			// Blended: the room is the location; the link goes where people look next.
			desc = joinNonEmpty("\n\n", desc, "Join online: "+s.Online)
		}
		if c.Booking != "" && c.Status == "open" {
			desc = joinNonEmpty("\n\n", desc, "Book a place: "+strings.TrimPrefix(c.Booking, "mailto:"))
		}
		out = append(out, calendar.Event{
			Course: b.abs(p.URL), Title: p.Title, Description: desc,
			Start: s.Start, End: s.End, Location: loc,
			Stamp:     lastChange(p),
			Cancelled: c.Status == "cancelled",
		})
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			kept = append(kept, s)
		}
	}
	return strings.Join(kept, sep)
}

// courseViews gives each course its JSON-LD, and the course list the
// calendar of every upcoming session.
func (b *builder) courseViews() {
	for _, p := range b.courses() {
		b.view[p].JSONLD = b.courseJSONLD(p)
	}
	if sec := b.site.Section("courses"); sec != nil && b.view[sec.Page] != nil {
		b.view[sec.Page].Calendar = coursesCalendar
	}
}
