package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

const trickyTitle = `Fish & chips <b>not bold</b> "quoted" 'single' — Croeso i'r ŵyl, ŷ 🎉`

// sample is a small site feed whose dates straddle both 2024 clock
// changes in London: 31 March (GMT to BST) and 27 October (BST to GMT).
func sample(t testing.TB) Feed {
	lon := london(t)
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, lon) }
	return Feed{
		Title:       "CLIC news",
		Description: "News from the Cumbria Learning & Improvement Collaborative",
		Language:    "en-GB",
		SiteURL:     "https://example.org/posts/",
		BaseURL:     "https://example.org/",
		RSSURL:      "https://example.org/posts/index.xml",
		AtomURL:     "https://example.org/posts/atom.xml",
		JSONURL:     "https://example.org/posts/feed.json",
		Author:      "CLIC",
		Stylesheet:  "/feed.xsl",
		Entries: []Entry{
			{ // winter, before the spring change
				Title: "Before the clocks went forward", Link: "https://example.org/posts/spring/",
				Published: at(2024, 3, 30, 12), Summary: "Saturday, GMT.",
				Content: `<p>Plain.</p>`, Tags: []string{"news"}, Source: "content/posts/spring.md",
			},
			{ // BST from 01:00 on 31 March
				Title: "Welcome to CLIC", Link: "https://example.org/posts/welcome/",
				Published: at(2024, 3, 31, 10), Updated: at(2024, 10, 27, 9),
				Authors: []string{"Ann Jones", "Rhys Ŵ"}, Tags: []string{"welcome", "QI"},
				Summary: "Our first post & what's next.",
				Content: `<p>Read <a href="/about/" class=x>about us</a>, <a href='../courses/'>courses</a>` +
					` and <a href="#top">top</a>.</p><img src="photo.jpg" srcset="photo.jpg 1x, /img/photo@2x.jpg 2x" alt="A &amp; B">` +
					`<a href="https://nhs.uk/">NHS</a> <a href="mailto:a@example.org">mail</a>`,
				Source: "content/posts/welcome.md",
			},
			{ // BST, last day
				Title: trickyTitle, Link: "https://example.org/posts/fish/",
				Published: at(2024, 10, 26, 18), Summary: `Use <b> & "quotes" – ŵ`,
				Content: `<p>Café ŵ ŷ 🎉 &amp; &lt;tag&gt; ]]&gt; and ]]> end</p>`,
				Source:  "content/posts/fish.md",
			},
			{ // GMT from 02:00 BST on 27 October
				ID: "tag:example.org,2019-01-01:/old/", Title: "After the clocks went back",
				Link: "https://example.org/posts/autumn/", Published: at(2024, 10, 27, 9),
				Source: "content/posts/autumn.md",
			},
		},
	}
}

// formats lists the writers with the self URL each announces.
var formats = []struct {
	name   string
	write  func(Feed) ([]byte, error)
	golden string
}{
	{"rss", RSS, "golden.rss.xml"},
	{"atom", Atom, "golden.atom.xml"},
	{"json", JSON, "golden.json"},
}

func mustWrite(t *testing.T, write func(Feed) ([]byte, error), f Feed) []byte {
	t.Helper()
	b, err := write(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parse(t *testing.T, b []byte) *gofeed.Feed {
	t.Helper()
	pf, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gofeed cannot read the feed: %v\n%s", err, b)
	}
	return pf
}

func TestReaderSeesEntriesNewestFirst(t *testing.T) {
	f := sample(t)
	wantTitles := []string{"After the clocks went back", trickyTitle, "Welcome to CLIC", "Before the clocks went forward"}
	wantLinks := []string{"https://example.org/posts/autumn/", "https://example.org/posts/fish/", "https://example.org/posts/welcome/", "https://example.org/posts/spring/"}
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			pf := parse(t, mustWrite(t, tc.write, f))
			if pf.Title != "CLIC news" {
				t.Errorf("feed title = %q", pf.Title)
			}
			if len(pf.Items) != len(wantTitles) {
				t.Fatalf("got %d items, want %d", len(pf.Items), len(wantTitles))
			}
			for i, it := range pf.Items {
				if it.Title != wantTitles[i] {
					t.Errorf("item %d title = %q, want %q", i, it.Title, wantTitles[i])
				}
				if it.Link != wantLinks[i] {
					t.Errorf("item %d link = %q, want %q", i, it.Link, wantLinks[i])
				}
			}
			// Entries with no id of their own get a tag: URI; a pinned id is kept.
			if got := pf.Items[2].GUID; got != "tag:example.org,2024-03-31:/posts/welcome/" {
				t.Errorf("derived id = %q", got)
			}
			if got := pf.Items[0].GUID; got != "tag:example.org,2019-01-01:/old/" {
				t.Errorf("pinned id = %q", got)
			}
			w := pf.Items[2]
			authors := w.Authors
			if tc.name == "rss" && w.DublinCoreExt != nil {
				// gofeed keeps only the first dc:creator as Authors.
				authors = nil
				for _, c := range w.DublinCoreExt.Creator {
					authors = append(authors, &gofeed.Person{Name: c})
				}
			}
			if len(authors) != 2 || authors[0].Name != "Ann Jones" || authors[1].Name != "Rhys Ŵ" {
				t.Errorf("authors = %+v", authors)
			}
			if len(w.Categories) != 2 || w.Categories[0] != "welcome" || w.Categories[1] != "QI" {
				t.Errorf("categories = %q", w.Categories)
			}
		})
	}
}

func TestDatesAcrossClockChanges(t *testing.T) {
	f := sample(t)
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := []time.Time{ // newest first, as instants
		utc("2024-10-27T09:00:00Z"), utc("2024-10-26T17:00:00Z"), utc("2024-03-31T09:00:00Z"), utc("2024-03-30T12:00:00Z"),
	}
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			pf := parse(t, mustWrite(t, tc.write, f))
			for i, it := range pf.Items {
				if it.PublishedParsed == nil || !it.PublishedParsed.Equal(want[i]) {
					t.Errorf("item %d published = %v, want %v", i, it.PublishedParsed, want[i])
				}
			}
			// Welcome was edited on 27 October; RSS has no per-item updated date.
			if tc.name != "rss" {
				if u := pf.Items[2].UpdatedParsed; u == nil || !u.Equal(utc("2024-10-27T09:00:00Z")) {
					t.Errorf("updated = %v", u)
				}
			}
		})
	}

	// The written offsets are London's: +0100 in BST, +0000 in GMT.
	tests := []struct {
		format string
		want   []string
	}{
		{"rss", []string{
			"<pubDate>Sun, 27 Oct 2024 09:00:00 +0000</pubDate>",
			"<pubDate>Sat, 26 Oct 2024 18:00:00 +0100</pubDate>",
			"<pubDate>Sun, 31 Mar 2024 10:00:00 +0100</pubDate>",
			"<pubDate>Sat, 30 Mar 2024 12:00:00 +0000</pubDate>",
			"<lastBuildDate>Sun, 27 Oct 2024 09:00:00 +0000</lastBuildDate>",
		}},
		{"atom", []string{
			"<published>2024-10-27T09:00:00+00:00</published>",
			"<published>2024-10-26T18:00:00+01:00</published>",
			"<published>2024-03-31T10:00:00+01:00</published>",
			"<published>2024-03-30T12:00:00+00:00</published>",
			"<id>https://example.org/posts/</id>\n  <updated>2024-10-27T09:00:00+00:00</updated>",
		}},
		{"json", []string{
			`"date_published": "2024-10-26T18:00:00+01:00"`,
			`"date_published": "2024-03-30T12:00:00+00:00"`,
			`"date_modified": "2024-10-27T09:00:00+00:00"`,
		}},
	}
	for _, tc := range tests {
		out := string(mustWrite(t, writer(tc.format), f))
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: missing %s", tc.format, w)
			}
		}
	}
}

func writer(name string) func(Feed) ([]byte, error) {
	for _, f := range formats {
		if f.name == name {
			return f.write
		}
	}
	panic(name)
}

func TestFeedUpdatedIsNewestEntryNotBuildTime(t *testing.T) {
	f := sample(t)
	// An old post edited most recently makes the feed updated, whatever
	// the publication order.
	f.Entries[0].Updated = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	atom := string(mustWrite(t, Atom, f))
	if !strings.Contains(atom, "<id>https://example.org/posts/</id>\n  <updated>2025-01-02T03:04:05+00:00</updated>") {
		t.Errorf("feed updated is not the newest entry update:\n%s", atom[:600])
	}
	rss := string(mustWrite(t, RSS, f))
	if !strings.Contains(rss, "<lastBuildDate>Thu, 02 Jan 2025 03:04:05 +0000</lastBuildDate>") {
		t.Error("lastBuildDate is not the newest entry update")
	}
}

func TestContentLinksAreAbsolute(t *testing.T) {
	f := sample(t)
	want := []string{
		`href="https://example.org/about/" class=x`,
		`href='https://example.org/posts/courses/'`,
		`href="https://example.org/posts/welcome/#top"`,
		`src="https://example.org/posts/welcome/photo.jpg"`,
		`srcset="https://example.org/posts/welcome/photo.jpg 1x, https://example.org/img/photo@2x.jpg 2x"`,
		`alt="A &amp; B"`,
		`href="https://nhs.uk/"`,
		`href="mailto:a@example.org"`,
	}
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			pf := parse(t, mustWrite(t, tc.write, f))
			content := pf.Items[2].Content
			for _, w := range want {
				if !strings.Contains(content, w) {
					t.Errorf("content lacks %s:\n%s", w, content)
				}
			}
		})
	}
}

func TestIDsSurviveEdits(t *testing.T) {
	f := sample(t)
	edited := sample(t)
	for i := range edited.Entries {
		e := &edited.Entries[i]
		e.Title += " (edited)"
		e.Content += "<p>More.</p>"
		e.Summary = "New summary"
		e.Updated = e.Published.Add(48 * time.Hour)
	}
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			a, b := parse(t, mustWrite(t, tc.write, f)), parse(t, mustWrite(t, tc.write, edited))
			for i := range a.Items {
				if a.Items[i].GUID == "" || a.Items[i].GUID != b.Items[i].GUID {
					t.Errorf("item %d id changed from %q to %q", i, a.Items[i].GUID, b.Items[i].GUID)
				}
			}
		})
	}
}

func TestXMLWellFormed(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"rss", mustWrite(t, RSS, sample(t))},
		{"atom", mustWrite(t, Atom, sample(t))},
		{"rss empty", mustWrite(t, RSS, empty(t))},
		{"atom empty", mustWrite(t, Atom, empty(t))},
		{"stylesheet", Stylesheet()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := wellFormed(t, tc.data); n < 10 {
				t.Errorf("only %d tokens", n)
			}
		})
	}
}

// wellFormed reads every token of data with a strict XML decoder and
// returns how many there were.
func wellFormed(t *testing.T, data []byte) int {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	n := 0
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("not well-formed after %d tokens: %v", n, err)
		}
		n++
	}
}

func TestStylesheetIsSelfContained(t *testing.T) {
	s := string(Stylesheet())
	for _, want := range []string{
		"This is a web feed. Copy its address into a feed reader to follow updates.",
		`<xsl:stylesheet version="1.0"`, "<style>", `match="item"`, `match="atom:entry"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "@import", "url(", "<link", "document(", "src="} {
		if strings.Contains(s, bad) {
			t.Errorf("stylesheet contains %q", bad)
		}
	}
	// The only absolute URLs allowed are namespace names, which are never fetched.
	rest := s
	for _, ns := range []string{"http://www.w3.org/1999/XSL/Transform", "http://www.w3.org/2005/Atom", "http://purl.org/dc/elements/1.1/"} {
		rest = strings.ReplaceAll(rest, ns, "")
	}
	if strings.Contains(rest, "http") {
		t.Error("stylesheet refers to another site")
	}
	Stylesheet()[0] = 'x'
	if Stylesheet()[0] != '<' {
		t.Error("Stylesheet returns shared bytes that a caller can change")
	}
}

func TestStylesheetInstruction(t *testing.T) {
	f := sample(t)
	want := `<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>`
	for _, name := range []string{"rss", "atom"} {
		if out := mustWrite(t, writer(name), f); !bytes.Contains(out, []byte(want)) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
	f.BaseURL = "https://example.org/clic/"
	if out := mustWrite(t, RSS, f); !bytes.Contains(out, []byte(`href="/clic/feed.xsl"`)) {
		t.Error("stylesheet is not placed under the site's base path")
	}
	f.Stylesheet = ""
	if out := mustWrite(t, Atom, f); bytes.Contains(out, []byte("xml-stylesheet")) {
		t.Error("stylesheet named although none was asked for")
	}
}

// jsonFeed is what JSON Feed 1.1 requires, read independently of gorilla/feeds.
type jsonFeed struct {
	Version     *string `json:"version"`
	Title       *string `json:"title"`
	HomePageURL string  `json:"home_page_url"`
	FeedURL     string  `json:"feed_url"`
	Language    string  `json:"language"`
	Authors     []struct {
		Name string `json:"name"`
	} `json:"authors"`
	Items *[]struct {
		ID          *string  `json:"id"`
		URL         string   `json:"url"`
		ContentHTML *string  `json:"content_html"`
		ContentText *string  `json:"content_text"`
		Tags        []string `json:"tags"`
	} `json:"items"`
}

func TestJSONFeedRequiredFields(t *testing.T) {
	for _, tc := range []struct {
		name  string
		feed  Feed
		items int
	}{
		{"sample", sample(t), 4},
		{"empty", empty(t), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var jf jsonFeed
			if err := json.Unmarshal(mustWrite(t, JSON, tc.feed), &jf); err != nil {
				t.Fatal(err)
			}
			if jf.Version == nil || *jf.Version != "https://jsonfeed.org/version/1.1" {
				t.Errorf("version = %v", jf.Version)
			}
			if jf.Title == nil || *jf.Title == "" {
				t.Error("no title")
			}
			if jf.FeedURL != tc.feed.JSONURL || jf.HomePageURL != tc.feed.SiteURL || jf.Language != "en-GB" {
				t.Errorf("feed_url %q home_page_url %q language %q", jf.FeedURL, jf.HomePageURL, jf.Language)
			}
			if len(jf.Authors) != 1 || jf.Authors[0].Name == "" {
				t.Errorf("authors = %+v", jf.Authors)
			}
			if jf.Items == nil {
				t.Fatal("no items array")
			}
			if len(*jf.Items) != tc.items {
				t.Errorf("%d items, want %d", len(*jf.Items), tc.items)
			}
			for i, it := range *jf.Items {
				if it.ID == nil || *it.ID == "" {
					t.Errorf("item %d has no id", i)
				}
				if it.ContentHTML == nil && it.ContentText == nil {
					t.Errorf("item %d has neither content_html nor content_text", i)
				}
			}
		})
	}
}

func TestEscapingAndNonASCIIRoundTrip(t *testing.T) {
	f := sample(t)
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			out := mustWrite(t, tc.write, f)
			if bytes.Contains(out, []byte("<b>not bold</b>")) && tc.name != "json" {
				t.Error("HTML in a title was written as markup")
			}
			if !bytes.Contains(out, []byte("ŵyl, ŷ 🎉")) {
				t.Error("non-ASCII text was not written as UTF-8")
			}
			it := parse(t, out).Items[1]
			if it.Title != trickyTitle {
				t.Errorf("title = %q, want %q", it.Title, trickyTitle)
			}
			if want := `<p>Café ŵ ŷ 🎉 &amp; &lt;tag&gt; ]]&gt; and ]]> end</p>`; it.Content != want {
				t.Errorf("content = %q, want %q", it.Content, want)
			}
			// RSS descriptions are HTML, so the plain summary arrives escaped once.
			want := `Use <b> & "quotes" – ŵ`
			if tc.name == "rss" {
				want = `Use &lt;b&gt; &amp; "quotes" – ŵ`
			}
			if it.Description != want {
				t.Errorf("summary = %q, want %q", it.Description, want)
			}
		})
	}
}

func empty(t testing.TB) Feed {
	f := sample(t)
	f.Entries = nil
	return f
}

func TestEmptyFeed(t *testing.T) {
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			out := mustWrite(t, tc.write, empty(t))
			pf := parse(t, out)
			if len(pf.Items) != 0 || pf.Title != "CLIC news" {
				t.Errorf("items %d title %q", len(pf.Items), pf.Title)
			}
			if tc.name == "atom" && !bytes.Contains(out, []byte("<updated>1970-01-01T00:00:00+00:00</updated>")) {
				t.Errorf("empty Atom feed lacks the fixed epoch date:\n%s", out)
			}
			if again := mustWrite(t, tc.write, empty(t)); !bytes.Equal(out, again) {
				t.Error("empty feed output differs between runs")
			}
		})
	}
}

// TestCompact checks that a compact feed has no line breaks but those
// around the prolog, and that a reader sees in it what it sees in the
// indented one.
func TestCompact(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			indented := mustWrite(t, f.write, sample(t))
			c := sample(t)
			c.Compact = true
			compact := mustWrite(t, f.write, c)
			lines := 3 // the XML declaration, the stylesheet, the end
			if f.name == "json" {
				lines = 1
			}
			if n := bytes.Count(compact, []byte("\n")); n != lines {
				t.Errorf("%d line breaks, want %d:\n%s", n, lines, compact)
			}
			if len(compact) >= len(indented) {
				t.Errorf("compact is %d bytes, indented %d", len(compact), len(indented))
			}
			if a, b := parse(t, compact), parse(t, indented); !reflect.DeepEqual(a, b) {
				t.Errorf("a reader sees another feed:\ncompact: %+v\nindented: %+v", a, b)
			}
		})
	}
}
