//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// A page with three known errors, checked with the site so that a run
// that reports nothing is known to have looked.
const canary = `<!DOCTYPE html><html lang="en"><head><title>canary</title></head>` +
	`<body><p><li>bad</li></p><img src="a.png"></body></html>`

type vnuMessage struct {
	Type        string `json:"type"`
	SubType     string `json:"subType"`
	URL         string `json:"url"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// TestNuHTMLChecker validates every built HTML page with the Nu Html
// Checker (the W3C validator) in one run of Java, and wants no errors.
// Feeds and other files are not HTML and are left out.
func TestNuHTMLChecker(t *testing.T) {
	jar := os.Getenv("E2E_VNU")
	if jar == "" {
		jar = filepath.Join(s.root, ".e2e", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	}
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("the Nu Html Checker is missing (%v); run bash .ci/e2e-setup, or set E2E_VNU to vnu.jar", err)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("java is not installed; run bash .ci/e2e-setup (or apt-get install default-jre-headless)")
	}
	dir := t.TempDir()
	canaryFile := filepath.Join(dir, "canary.html")
	write(t, canaryFile, []byte(canary))

	var pages []string
	err = filepath.WalkDir(s.site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return err
	})
	if err != nil || len(pages) == 0 {
		t.Fatalf("no HTML pages in %s: %v", s.site, err)
	}

	var stdout, stderr bytes.Buffer
	cmd := exec.Command(java, "-Xss2m", "-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", s.site, canaryFile)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run() // exits 1 when it finds errors, which the canary makes sure of
	var report struct {
		Messages []vnuMessage `json:"messages"`
	}
	if jerr := json.Unmarshal(stderr.Bytes(), &report); jerr != nil {
		t.Fatalf("vnu.jar did not report in JSON (%v, %v):\n%s\n%s", err, jerr, stdout.String(), stderr.String())
	}

	perFile := map[string]int{}
	canaryErrors := 0
	for _, m := range report.Messages {
		file := strings.TrimPrefix(m.URL, "file:")
		if file == canaryFile {
			canaryErrors++
			continue
		}
		if m.Type != "error" && m.SubType != "fatal" {
			continue
		}
		rel, _ := filepath.Rel(s.site, file)
		perFile[rel]++
		t.Errorf("%s:%d:%d: %s\n    %s", rel, m.LastLine, m.FirstColumn, m.Message, m.Extract)
	}
	if canaryErrors != 3 {
		t.Fatalf("the checker found %d errors in the canary page, want 3: it is not checking as expected\n%s", canaryErrors, stderr.String())
	}
	var files []string
	for f, n := range perFile {
		files = append(files, fmt.Sprintf("%s: %d", f, n))
	}
	sort.Strings(files)
	t.Logf("checked %d pages; errors per page: %v", len(pages), files)
}
