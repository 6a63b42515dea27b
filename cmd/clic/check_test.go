package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestCheckCommand(t *testing.T) {
	site := goodSite(t)
	bad := goodSite(t)
	if err := os.WriteFile(filepath.Join(bad, "content", "pic.md"), []byte("---\ntitle: Pic\n---\n\n![](/nowhere.png)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cliCases(t, []cliCase{
		{"good site", []string{"check", "-source", site}, 0, "Reading age by page, hardest first (target reading age 9–11)"},
		{"errors exit 1", []string{"check", "-source", bad}, 1, "content/pic.md:5:1: image /nowhere.png has no alt text"},
		{"unknown format", []string{"check", "-source", site, "-format", "xml"}, 2, `-format "xml" is not known`},
		{"no content folder", []string{"check", "-source", t.TempDir()}, 2, "has no content folder"},
		{"stray argument", []string{"check", "extra"}, 2, `unexpected argument "extra"`},
	})
	t.Run("json", func(t *testing.T) {
		code, stdout, stderr := runCLI("check", "-source", bad, "-format", "json")
		var rep struct {
			Pages  []struct{ File string } `json:"pages"`
			Errors int                     `json:"errors"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("not JSON: %v\n%s%s", err, stdout, stderr)
		}
		if code != 1 || rep.Errors == 0 || len(rep.Pages) == 0 {
			t.Errorf("exit %d, %d errors, %d pages", code, rep.Errors, len(rep.Pages))
		}
	})
}

// TestCheckInterrupted stops a check as Control-C does: exit status 130,
// a one-line word on stderr, and no half report on stdout, where a tool
// reading -format json would take it for the whole.
func TestCheckInterrupted(t *testing.T) {
	site := goodSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, format := range []string{"text", "json"} {
		var stdout, stderr bytes.Buffer
		code := run(ctx, []string{"check", "-source", site, "-format", format}, &stdout, &stderr)
		if code != 130 || stdout.Len() != 0 || stderr.String() != "clic check: interrupted\n" {
			t.Errorf("-format %s: exit %d, stdout %q, stderr %q; want 130, nothing, %q",
				format, code, stdout.String(), stderr.String(), "clic check: interrupted\n")
		}
	}
}
