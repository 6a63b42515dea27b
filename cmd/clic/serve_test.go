package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a buffer the server goroutine writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeUsage(t *testing.T) {
	cliCases(t, []cliCase{
		{"no port", []string{"serve", "-addr", "127.0.0.1"}, 2, "must be a host and port"},
		{"no content folder", []string{"serve", "-source", t.TempDir()}, 2, "has no content folder"},
		{"stray argument", []string{"serve", "extra"}, 2, `unexpected argument "extra"`},
	})
}

// TestServe runs clic serve on a site with a draft, reads the draft with
// its banner (drafts show in the preview unless -drafts=false), stops the server as Ctrl+C does, and checks public/ was
// never made.
func TestServe(t *testing.T) {
	site := goodSite(t)
	draft := "---\ntitle: Work in progress\ndate: 2024-03-02\ndraft: true\n---\nNot yet.\n"
	if err := os.WriteFile(filepath.Join(site, "content/posts/wip.md"), []byte(draft), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"serve", "-source", site, "-addr", "127.0.0.1:0"}, &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`serving a preview at (http://127\.0\.0\.1:\d+/)`)
	var url string
	for deadline := time.Now().Add(20 * time.Second); url == ""; time.Sleep(10 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("no address printed\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
		}
	}
	resp, err := http.Get(url + "posts/wip/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "Draft: not published") {
		t.Errorf("draft page: status %d, no draft banner:\n%s", resp.StatusCode, page)
	}
	if !strings.Contains(string(page), url) {
		t.Errorf("links in the preview should point at the preview (%s)", url)
	}
	cancel()
	if code := <-exit; code != 0 {
		t.Errorf("exit %d after stopping, want 0\nstderr: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("clic serve made public/: %v", err)
	}
}
