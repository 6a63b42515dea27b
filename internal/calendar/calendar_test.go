package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(TZID)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func at(loc *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// TestClockChanges parses the file back and checks each session lands on
// the right instant either side of the spring and autumn clock changes.
func TestClockChanges(t *testing.T) {
	loc := london(t)
	tests := []struct {
		local          string // start, London wall clock
		wantStartUTC   string
		wantEndUTC     string
		wantLocalStart string // as written in the file
	}{
		{"2024-03-30T10:00", "2024-03-30T10:00:00Z", "2024-03-30T12:00:00Z", "20240330T100000"}, // GMT, the day before clocks go forward
		{"2024-03-31T10:00", "2024-03-31T09:00:00Z", "2024-03-31T11:00:00Z", "20240331T100000"}, // BST, the day clocks go forward
		{"2024-04-02T10:00", "2024-04-02T09:00:00Z", "2024-04-02T11:00:00Z", "20240402T100000"}, // BST
		{"2024-10-26T10:00", "2024-10-26T09:00:00Z", "2024-10-26T11:00:00Z", "20241026T100000"}, // BST, the day before clocks go back
		{"2024-10-27T10:00", "2024-10-27T10:00:00Z", "2024-10-27T12:00:00Z", "20241027T100000"}, // GMT, the day clocks go back
		{"2024-10-26T22:00", "2024-10-26T21:00:00Z", "2024-10-27T03:00:00Z", "20241026T220000"}, // overnight, across the change: 22:00 BST to 03:00 GMT
	}
	for _, tt := range tests {
		t.Run(tt.local, func(t *testing.T) {
			start := at(loc, tt.local)
			end := start.Add(2 * time.Hour)
			if tt.local == "2024-10-26T22:00" {
				end = at(loc, "2024-10-27T03:00") // six hours, though five apart on the clock
			}
			data, err := Marshal(Calendar{Events: []Event{{
				Course: "https://clic.example.org/courses/qi/", Title: "QI", Start: start, End: end,
			}}})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte("DTSTART;TZID=Europe/London:"+tt.wantLocalStart+"\r\n")) {
				t.Errorf("DTSTART not written as London wall-clock time %s:\n%s", tt.wantLocalStart, data)
			}
			cal, err := ics.ParseCalendar(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			evs := cal.Events()
			if len(evs) != 1 {
				t.Fatalf("got %d events, want 1", len(evs))
			}
			gotStart, err := evs[0].GetStartAt()
			if err != nil {
				t.Fatal(err)
			}
			gotEnd, err := evs[0].GetEndAt()
			if err != nil {
				t.Fatal(err)
			}
			if s := gotStart.UTC().Format(time.RFC3339); s != tt.wantStartUTC {
				t.Errorf("start = %s, want %s", s, tt.wantStartUTC)
			}
			if s := gotEnd.UTC().Format(time.RFC3339); s != tt.wantEndUTC {
				t.Errorf("end = %s, want %s", s, tt.wantEndUTC)
			}
		})
	}
}

func TestStructure(t *testing.T) {
	loc := london(t)
	stamp := at(loc, "2024-01-05T09:00")
	c := Calendar{Name: "Quality improvement", Events: []Event{
		{Course: "https://clic.example.org/courses/qi/", Title: "Quality improvement, part 2; online", Start: at(loc, "2024-04-09T10:00"),
			End: at(loc, "2024-04-09T12:00"), Location: "https://meet.example.org/qi", Stamp: stamp},
		{Course: "https://clic.example.org/courses/qi/", Title: "Quality improvement, part 1", Start: at(loc, "2024-04-02T10:00"),
			End: at(loc, "2024-04-02T12:00"), Location: "Carlisle Library, 11 Globe Lane, Carlisle CA3 8NX",
			Description: strings.Repeat("A long summary that must be folded at seventy-five octets. ", 4) + "Café ☕ ünïcödé.",
			Stamp:       stamp},
	}}
	data, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "PRODID:-//CLIC//clic//EN\r\n", "VERSION:2.0\r\n", "METHOD:PUBLISH\r\n",
		"X-WR-CALNAME:Quality improvement\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n",
		"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:19960331T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n",
		"BEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:19961027T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n",
		"DTSTAMP:20240105T090000Z\r\n",
		"SUMMARY:Quality improvement\\, part 2\\; online\r\n",
		"URL:https://clic.example.org/courses/qi/\r\n",
		"STATUS:CONFIRMED\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("missing %q in\n%s", want, data)
		}
	}
	if bytes.Count(data, []byte("BEGIN:VEVENT")) != 2 {
		t.Errorf("want 2 events:\n%s", data)
	}
	// Sorted by start: part 1 first although listed second.
	if i, j := bytes.Index(data, []byte("part 1")), bytes.Index(data, []byte("part 2")); i < 0 || j < 0 || i > j {
		t.Errorf("events not in date order:\n%s", data)
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets, over 75: %q", i+1, len(line), line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("line %d has a bare LF: %q", i+1, line)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ev := cal.Events()[0]
	if got := ev.GetProperty(ics.ComponentPropertyDescription).Value; ics.FromText(got) != c.Events[1].Description {
		t.Errorf("description after folding and unfolding = %q, want %q", ics.FromText(got), c.Events[1].Description)
	}
	if got := ev.GetProperty(ics.ComponentPropertyLocation).Value; ics.FromText(got) != c.Events[1].Location {
		t.Errorf("location = %q", got)
	}
}

func TestUIDStable(t *testing.T) {
	loc := london(t)
	const course = "https://clic.example.org/courses/qi/"
	start := at(loc, "2024-04-02T10:00")
	uid := UID(course, start)
	tests := []struct {
		name      string
		permalink string
		start     time.Time
		same      bool
	}{
		{"same input", course, start, true},
		{"same instant written in UTC", course, start.UTC(), true},
		{"another start", course, start.Add(time.Hour), false},
		{"another course", "https://clic.example.org/courses/od/", start, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UID(tt.permalink, tt.start); (got == uid) != tt.same {
				t.Errorf("UID = %s, first was %s; want same = %v", got, uid, tt.same)
			}
		})
	}
	if !strings.HasSuffix(uid, "@clic.example.org") || len(uid) != 40+len("@clic.example.org") {
		t.Errorf("UID %q is not <sha1 hex>@host", uid)
	}
	// A known value pins the scheme: changing it would duplicate every
	// event in every subscriber's calendar.
	if want := UID("https://clic.example.org/courses/qi/", time.Date(2024, 4, 2, 9, 0, 0, 0, time.UTC)); uid != want {
		t.Errorf("UID depends on the zone of the start: %s != %s", uid, want)
	}
}

func TestDeterministic(t *testing.T) {
	loc := london(t)
	var evs []Event
	for i := range 5 {
		evs = append(evs, Event{Course: "https://x.example/c/", Title: "C", Start: at(loc, "2024-05-01T09:00").AddDate(0, 0, 7*(4-i)),
			Stamp: at(loc, "2024-01-01T00:00")})
	}
	first, err := Marshal(Calendar{Name: "C", Events: evs})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, err := Marshal(Calendar{Name: "C", Events: evs})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("two runs differ:\n%s\n---\n%s", first, again)
		}
	}
	if bytes.Contains(first, []byte("DTEND")) {
		t.Errorf("a session with no end has a DTEND:\n%s", first)
	}
}

func TestCancelledAndErrors(t *testing.T) {
	loc := london(t)
	data, err := Marshal(Calendar{Events: []Event{{Course: "https://x.example/c/", Title: "C", Start: at(loc, "2024-05-01T09:00"), Cancelled: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("STATUS:CANCELLED\r\n")) {
		t.Errorf("cancelled event not marked:\n%s", data)
	}
	if _, err := Marshal(Calendar{Events: []Event{{Course: "https://x.example/c/", Title: "C"}}}); err == nil {
		t.Error("an event with no start was accepted")
	}
}
