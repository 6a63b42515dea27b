// Package calendar writes course sessions as iCalendar files (RFC 5545),
// so readers can add a course to the calendar app on their phone or
// computer with one tap.
//
// A file holds one VEVENT per session and one VTIMEZONE for
// Europe/London. Times are written as London wall-clock time with
// TZID=Europe/London, not as UTC, so an event keeps its local time if a
// calendar app shows it in another zone; the VTIMEZONE carries the
// British Summer Time rules (BST from 01:00 UTC on the last Sunday in
// March, GMT from 01:00 UTC on the last Sunday in October) so apps that
// do not know the zone by name still place every session correctly.
//
// Each event's UID is stable: it is derived from the course's permalink
// and the session's start instant only (see UID). Building the site again,
// reordering sessions, or editing a course's title, venue or summary keeps
// the UID, so a calendar that subscribed to the file updates the event
// rather than adding a second copy. Moving a session to a new start time,
// or moving the course page to a new URL, makes a new event.
//
// Output is deterministic: events are sorted by start, DTSTAMP comes from
// the input (Event.Stamp), never from the clock, and lines end in CRLF and
// are folded at 75 octets, as RFC 5545 requires.
package calendar

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must load on machines with no zone files

	ics "github.com/arran4/golang-ical"
)

// ProdID names the program that made the file, as RFC 5545 requires.
const ProdID = "-//CLIC//clic//EN"

// TZID is the only time zone clic writes: every date on the site is
// Europe/London.
const TZID = "Europe/London"

// Event is one session of a course.
type Event struct {
	// Course is the absolute URL of the course page. It is the event's URL
	// and, with Start, makes its UID.
	Course      string
	Title       string // the course title: the event's SUMMARY
	Description string // the course summary, plain text
	Start, End  time.Time
	// Location is where to go: a venue and address, or an online link.
	Location string
	// Stamp is the DTSTAMP: when this information last changed. It must
	// come from the content (such as the page's updated date) so that
	// two builds write the same bytes.
	Stamp time.Time
	// Cancelled marks the event STATUS:CANCELLED, so calendars that
	// imported it show it struck through rather than silently keep it.
	Cancelled bool
}

// Calendar is one .ics file.
type Calendar struct {
	Name   string // shown by calendar apps as the calendar's name (X-WR-CALNAME)
	Events []Event
}

// UID returns the stable identifier of the session of the course at
// permalink that starts at start: a SHA-1 of the permalink and the start
// instant in UTC, at the permalink's host, such as
// "3f2a...@clic.example.org". The instant, not the wall-clock text, is
// hashed, so writing the same time with another offset keeps the UID.
func UID(permalink string, start time.Time) string {
	h := sha1.Sum([]byte(permalink + "\n" + start.UTC().Format(time.RFC3339)))
	host := "clic"
	if u, err := url.Parse(permalink); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return hex.EncodeToString(h[:]) + "@" + host
}

// Marshal writes the calendar as an RFC 5545 file.
func Marshal(c Calendar) ([]byte, error) {
	london, err := time.LoadLocation(TZID)
	if err != nil {
		return nil, fmt.Errorf("loading the %s time zone: %w", TZID, err)
	}
	cal := ics.NewCalendarFor("CLIC")
	cal.SetProductId(ProdID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	if c.Name != "" {
		cal.SetName(c.Name)
		cal.SetXWRCalName(c.Name)
	}
	cal.SetXWRTimezone(TZID)
	cal.AddVTimezone(londonZone())

	events := slices.Clone(c.Events)
	slices.SortStableFunc(events, func(a, b Event) int {
		return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.Course, b.Course))
	})
	for i, e := range events {
		if e.Start.IsZero() {
			return nil, fmt.Errorf("session %d of %s has no start", i+1, e.Course)
		}
		ev := cal.AddEvent(UID(e.Course, e.Start))
		ev.SetDtStampTime(cmp.Or(e.Stamp, e.Start))
		ev.SetProperty(ics.ComponentPropertyDtStart, localTime(e.Start, london), ics.WithTZID(TZID))
		if !e.End.IsZero() {
			// Without DTEND an event lasts no time at all (RFC 5545 3.6.1),
			// which is what a session with no end time should show.
			ev.SetProperty(ics.ComponentPropertyDtEnd, localTime(e.End, london), ics.WithTZID(TZID))
		}
		ev.SetSummary(e.Title)
		if e.Location != "" {
			ev.SetLocation(e.Location)
		}
		if e.Description != "" {
			ev.SetDescription(e.Description)
		}
		if e.Course != "" {
			ev.SetURL(e.Course)
		}
		if e.Cancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows, ics.WithLineLength(75)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// localTime is the London wall-clock form that goes with TZID.
func localTime(t time.Time, london *time.Location) string {
	return t.In(london).Format("20060102T150405")
}

// londonZone describes Europe/London for apps that do not know it by
// name. The rules are the EU ones the UK has kept since 1996; no session
// on the site falls before then, so older rules are left out.
func londonZone() *ics.VTimezone {
	tz := ics.NewTimezone(TZID)
	summer := &ics.Daylight{}
	// Clocks go forward at 01:00 GMT, which is 01:00 on the wall clock.
	summer.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0000")
	summer.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0100")
	summer.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "BST")
	summer.SetProperty(ics.ComponentPropertyDtStart, "19960331T010000")
	summer.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	winter := &ics.Standard{}
	// Clocks go back at 01:00 GMT, which is 02:00 BST on the wall clock.
	winter.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0100")
	winter.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0000")
	winter.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "GMT")
	winter.SetProperty(ics.ComponentPropertyDtStart, "19961027T020000")
	winter.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	tz.Components = append(tz.Components, summer, winter)
	return tz
}
