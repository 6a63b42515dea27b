//go:build e2e

package e2e

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPrintCaseStudy prints the whole case study to A4 as a reader's
// browser would, reads the PDF back as text, and expects the story in it
// and the website's navigation out of it.
func TestPrintCaseStudy(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is not installed; run bash .ci/e2e-setup (or apt-get install poppler-utils)")
	}
	ctx := tab(t, laptop)
	open(t, ctx, "/case-study/", 200)
	type pageText struct {
		Title    string
		Chapters []string
		Nav      []string
	}
	// Navigation labels that also occur in the story itself cannot be
	// told apart in the PDF, so they are left out of the check.
	want := eval[pageText](t, ctx, `(() => {
  const main = document.getElementById('main').textContent.replace(/\s+/g, ' ');
  const text = e => e.textContent.replace(/\s+/g, ' ').trim();
  return {
    Title: text(document.querySelector('#main h1')),
    Chapters: [...document.querySelectorAll('#main .chapter__title')].map(text),
    Nav: [...new Set([...document.querySelectorAll('.skip-link, .site-nav a, .site-header__search, .breadcrumbs a, .site-footer a')]
      .map(text))].filter(s => s && !main.includes(s)),
  };
})()`)
	if want.Title == "" || len(want.Chapters) == 0 {
		t.Fatalf("/case-study/ has no title or no chapters on the page: %+v", want)
	}

	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(s.out, "case-study.pdf")
	write(t, file, pdf)
	t.Logf("printed to %s", file)

	out, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	text := strings.Join(strings.Fields(strings.NewReplacer("ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff").Replace(string(out))), " ")
	if pages := bytes.Count(out, []byte("\f")); pages == 0 {
		t.Errorf("the PDF has no pages of text")
	}
	for _, s := range []string{want.Title, want.Chapters[0], "This page was printed from"} {
		if !strings.Contains(text, s) {
			t.Errorf("the printed case study does not contain %q", s)
		}
	}
	if len(want.Nav) == 0 {
		t.Fatal("found no navigation on the page to check the print for")
	}
	for _, s := range want.Nav {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(s) + `\b`).MatchString(text) {
			t.Errorf("the printed case study contains the navigation text %q; print styles should hide it", s)
		}
	}
	t.Logf("printed %q with %d chapters; none of %q printed", want.Title, len(want.Chapters), want.Nav)
}
