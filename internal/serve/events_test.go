package serve

import (
	"testing"

	"github.com/clic-cumbria/clic/internal/diag"
	"github.com/clic-cumbria/clic/internal/output"
)

func TestMerge(t *testing.T) {
	errs := event{kind: "errors", data: `{"n":1}`}
	errs2 := event{kind: "errors", data: `{"n":2}`}
	reload, css := event{kind: "reload"}, event{kind: "css"}
	tests := []struct {
		name      string
		old, next event
		want      event
	}{
		{"css then css", css, css, css},
		{"css then reload", css, reload, reload},
		{"reload then css keeps the reload", reload, css, reload},
		{"reload then errors shows the errors", reload, errs, errs},
		{"errors then a fix reloads", errs, reload, reload},
		{"errors then errors shows the latest", errs, errs2, errs2},
		{"errors then css keeps the errors", errs, css, errs},
	}
	for _, tt := range tests {
		if got := merge(tt.old, tt.next); got != tt.want {
			t.Errorf("%s: merge = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestBroadcastNeverBlocks fills 200 tabs that never read, then
// broadcasts again: each must hold one merged event and broadcast must
// return (a blocking send would hang the test).
func TestBroadcastNeverBlocks(t *testing.T) {
	tests := []struct {
		name string
		sent []string
		want string
	}{
		{"one event", []string{"reload"}, "reload"},
		{"a burst of reloads is one", []string{"reload", "reload", "reload"}, "reload"},
		{"css after a reload still reloads", []string{"reload", "css"}, "reload"},
		{"styles only", []string{"css", "css"}, "css"},
		{"fixed errors reload", []string{"errors", "reload"}, "reload"},
		{"latest errors win", []string{"reload", "errors"}, "errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hub{clients: map[*client]struct{}{}}
			var cs []*client
			for range 200 {
				cs = append(cs, h.join())
			}
			for _, k := range tt.sent {
				h.broadcast(event{kind: k})
			}
			for i, c := range cs {
				if got := len(c.ch); got != 1 {
					t.Fatalf("tab %d holds %d events, want 1", i, got)
				}
				if ev := <-c.ch; ev.kind != tt.want {
					t.Fatalf("tab %d got %q, want %q", i, ev.kind, tt.want)
				}
			}
			for _, c := range cs {
				h.leave(c)
			}
			if h.count() != 0 {
				t.Errorf("%d tabs left after all left", h.count())
			}
		})
	}
}

// TestEventForBuild checks which event each build sends open tabs.
func TestEventForBuild(t *testing.T) {
	bad := diag.List{{Pos: diag.Pos{File: "content/a.md", Line: 1}, Msg: "broken"}}
	type build struct {
		changed []string
		fails   bool
		want    string
	}
	tests := []struct {
		name   string
		builds []build
	}{
		{"content", []build{{changed: []string{"content/a.md"}, want: "reload"}}},
		{"styles", []build{{changed: []string{"static/css/site.css"}, want: "css"}}},
		{"styles and a layout", []build{{changed: []string{"static/css/site.css", "layouts/_base.html"}, want: "reload"}}},
		{"a failure", []build{{changed: []string{"content/a.md"}, fails: true, want: "errors"}}},
		{"styles after a failure clear the overlay", []build{
			{changed: []string{"content/a.md"}, fails: true, want: "errors"},
			{changed: []string{"static/css/site.css"}, want: "reload"},
			{changed: []string{"static/css/site.css"}, want: "css"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fakeBuild{site: output.NewMemory()}
			s, err := New(Config{Build: fb.build})
			if err != nil {
				t.Fatal(err)
			}
			s.rebuild(nil)
			c := s.hub.join()
			for _, b := range tt.builds {
				fb.dl = nil
				if b.fails {
					fb.dl = bad
				}
				s.rebuild(b.changed)
				if ev := <-c.ch; ev.kind != b.want {
					t.Fatalf("build of %q: event %q, want %q", b.changed, ev.kind, b.want)
				}
			}
		})
	}
}
