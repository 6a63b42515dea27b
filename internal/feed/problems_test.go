package feed

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/clic-cumbria/clic/internal/diag"
)

func TestProblemsAreReported(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Feed)
		want   string // a diagnostic line, path first
	}{
		{"no base url", func(f *Feed) { f.BaseURL = "" }, "content/_index.md: base_url is missing"},
		{"relative base url", func(f *Feed) { f.BaseURL = "example.org" }, `content/_index.md: base_url "example.org" is not a full web address`},
		{"no self url", func(f *Feed) { f.RSSURL, f.AtomURL, f.JSONURL = "", "", "" }, "own address"},
		{"no title", func(f *Feed) { f.Entries[1].Title = " " }, "content/posts/welcome.md: this page has no title"},
		{"no date", func(f *Feed) { f.Entries[1].Published = time.Time{} }, "content/posts/welcome.md: this page has no date"},
		{"relative link", func(f *Feed) { f.Entries[1].Link = "/posts/welcome/" }, `content/posts/welcome.md: the page address "/posts/welcome/" is not a full web address`},
		{"id not a uri", func(f *Feed) { f.Entries[1].ID = "welcome" }, `content/posts/welcome.md: id "welcome" is not a URI`},
		{"duplicate id", func(f *Feed) { f.Entries[1].ID = f.Entries[3].ID }, "same feed id"},
		{"negative limit", func(f *Feed) { f.Limit = -1 }, "feed_limit is -1"},
	}
	for _, tc := range tests {
		for _, ft := range formats {
			t.Run(tc.name+"/"+ft.name, func(t *testing.T) {
				f := sample(t)
				tc.change(&f)
				out, err := ft.write(f)
				if err == nil {
					t.Fatalf("no error; wrote\n%s", out)
				}
				var l diag.List
				if !errors.As(err, &l) {
					t.Fatalf("error is %T, want diag.List", err)
				}
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error = %q, want it to contain %q", err, tc.want)
				}
			})
		}
	}
}

func TestTagURI(t *testing.T) {
	lon := london(t)
	tests := []struct {
		link string
		pub  time.Time
		want string
	}{
		{"https://example.org/posts/welcome/", time.Date(2020, 3, 1, 9, 30, 0, 0, lon), "tag:example.org,2020-03-01:/posts/welcome/"},
		// 23:30 UTC on 31 May is already 1 June in London.
		{"https://Example.org:8080/a/", time.Date(2020, 5, 31, 23, 30, 0, 0, time.UTC), "tag:example.org,2020-06-01:/a/"},
		{"https://example.org", time.Date(2020, 1, 1, 0, 0, 0, 0, lon), "tag:example.org,2020-01-01:/"},
		{"https://example.org/caf%C3%A9/?p=1", time.Date(2020, 1, 1, 0, 0, 0, 0, lon), "tag:example.org,2020-01-01:/caf%C3%A9/?p=1"},
	}
	for _, tc := range tests {
		got, err := TagURI(tc.link, tc.pub)
		if err != nil || got != tc.want {
			t.Errorf("TagURI(%q) = %q, %v; want %q", tc.link, got, err, tc.want)
		}
	}
	for _, bad := range []string{"/posts/x/", "", "::"} {
		if _, err := TagURI(bad, time.Now()); err == nil {
			t.Errorf("TagURI(%q) gave no error", bad)
		}
	}
	if _, err := TagURI("https://example.org/", time.Time{}); err == nil {
		t.Error("TagURI with no date gave no error")
	}
}

func TestUnsafeCharactersStillMakeValidXML(t *testing.T) {
	f := sample(t)
	f.Title = "CLIC\x01 news\uFFFE"
	f.Entries[1].Title = "Bad \x00\x0b bytes \xff here"
	f.Entries[1].Content = "<p>\x1b[31m red \xc3</p>"
	for _, ft := range formats {
		t.Run(ft.name, func(t *testing.T) {
			pf := parse(t, mustWrite(t, ft.write, f))
			if pf.Title != "CLIC news" {
				t.Errorf("title = %q", pf.Title)
			}
			if got := pf.Items[2].Title; got != "Bad  bytes \uFFFD here" {
				t.Errorf("entry title = %q", got)
			}
		})
	}
	for _, name := range []string{"rss", "atom"} {
		wellFormed(t, mustWrite(t, writer(name), f))
	}
}
