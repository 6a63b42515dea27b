package build_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/clic-cumbria/clic"
	"github.com/clic-cumbria/clic/internal/build"
	"github.com/clic-cumbria/clic/internal/output"
)

// TestCLICFeedsParse builds the real CLIC site and reads every feed it
// publishes with gofeed, a real feed reader library: each must parse,
// carry absolute links, and be well-formed XML or JSON Feed 1.1.
func TestCLICFeedsParse(t *testing.T) {
	mem := output.NewMemory()
	if _, dl := build.Build(build.Options{Source: os.DirFS("../.."), Theme: clic.Theme(), Minify: true, Now: now}, mem); dl.HasErrors() {
		t.Fatalf("the CLIC site does not build:\n%v", dl.Errors())
	}
	base := "https://clic.example.org/"
	feeds := 0
	for _, name := range mem.Names() {
		if !strings.HasSuffix(name, "/feed.xml") && !strings.HasSuffix(name, "/atom.xml") && !strings.HasSuffix(name, "/feed.json") &&
			name != "feed.xml" && name != "atom.xml" && name != "feed.json" {
			continue
		}
		feeds++
		data, _ := mem.Get(name)
		t.Run(name, func(t *testing.T) {
			f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("gofeed cannot read it: %v", err)
			}
			if f.Title == "" || !strings.HasPrefix(f.Link, base) {
				t.Errorf("feed title %q, link %q: want a title and an absolute link", f.Title, f.Link)
			}
			for _, it := range f.Items {
				if !strings.HasPrefix(it.Link, base) || it.GUID == "" || it.PublishedParsed == nil {
					t.Errorf("entry %q: link %q, id %q, published %v", it.Title, it.Link, it.GUID, it.PublishedParsed)
				}
				if strings.Contains(it.Content, `href="/`) || strings.Contains(it.Content, `src="/`) {
					t.Errorf("entry %q has relative links in its content", it.Title)
				}
			}
			if strings.HasSuffix(name, ".json") {
				if f.FeedVersion != "https://jsonfeed.org/version/1.1" || !bytes.Contains(data, []byte(`"version":"https://jsonfeed.org/version/1.1"`)) {
					t.Errorf("JSON Feed version %q, want 1.1", f.FeedVersion)
				}
				return
			}
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("not well-formed XML: %v", err)
				}
			}
		})
	}
	// The site feed, posts, logs and courses, and one per tag, in three formats.
	if feeds < 12 || feeds%3 != 0 {
		t.Errorf("found %d feeds; want the site's, each section's and each tag's, in three formats", feeds)
	}
	t.Logf("%d feeds parsed", feeds)
}
