package main

import (
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
