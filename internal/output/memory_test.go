package output

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

func TestMemoryFS(t *testing.T) {
	mem := NewMemory()
	files := map[string]string{
		"index.html":               "<p>home</p>",
		"posts/welcome/index.html": "<p>welcome</p>",
		"posts/index.xml":          "<feed/>",
		"css/site.css":             "a{}",
		"empty.txt":                "",
	}
	for n, s := range files {
		if err := mem.WriteFile(n, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := fstest.TestFS(mem, "index.html", "posts/welcome/index.html", "posts/index.xml", "css/site.css", "empty.txt"); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.Open("posts/missing"); err == nil {
		t.Error("Open of a missing name succeeded")
	}
}

func TestMemoryServesOverHTTP(t *testing.T) {
	mem := NewMemory()
	mem.WriteFile("index.html", []byte("<p>home</p>"))
	mem.WriteFile("posts/welcome/index.html", []byte("<p>welcome</p>"))
	srv := httptest.NewServer(http.FileServer(http.FS(mem)))
	defer srv.Close()
	tests := []struct{ path, want string }{
		{"/", "<p>home</p>"},
		{"/posts/welcome/", "<p>welcome</p>"},
	}
	for _, tt := range tests {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(body) != tt.want {
			t.Errorf("GET %s = %d %q; want 200 %q", tt.path, resp.StatusCode, body, tt.want)
		}
	}
}

func TestMemoryCopies(t *testing.T) {
	mem := NewMemory()
	data := []byte("original")
	mem.WriteFile("a.html", data)
	copy(data, "CHANGED!")
	if got, _ := mem.Get("a.html"); string(got) != "original" {
		t.Errorf("WriteFile kept the caller's slice: Get = %q", got)
	}
	files := mem.Files()
	delete(files, "a.html")
	files["b.html"] = nil
	if _, ok := mem.Get("a.html"); !ok {
		t.Error("deleting from Files() removed the file from Memory")
	}
	if _, ok := mem.Get("b.html"); ok {
		t.Error("adding to Files() added to Memory")
	}
	if err := mem.WriteFile("a.html", []byte("again")); err != nil {
		t.Errorf("Memory refused a rewrite: %v", err)
	}
	if got, _ := mem.Get("a.html"); string(got) != "again" {
		t.Errorf("rewrite not stored: %q", got)
	}
}

func TestMemoryClashes(t *testing.T) {
	tests := []struct{ first, then string }{
		{"a", "a/index.html"},
		{"a/index.html", "a"},
		{"a/b/c.html", "a/b"},
	}
	for _, tt := range tests {
		mem := NewMemory()
		if err := mem.WriteFile(tt.first, nil); err != nil {
			t.Fatal(err)
		}
		if err := mem.WriteFile(tt.then, nil); err == nil || !strings.Contains(err.Error(), "clashing URLs") {
			t.Errorf("WriteFile(%q) after %q: %v; want a clash error", tt.then, tt.first, err)
		}
	}
}

func TestMemoryConcurrent(t *testing.T) {
	mem := NewMemory()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			name := fmt.Sprintf("p/%d/index.html", i)
			if err := mem.WriteFile(name, []byte(name)); err != nil {
				t.Error(err)
			}
			mem.Files()
			mem.Open("p")
			mem.Get(name)
		})
	}
	wg.Wait()
	if n := len(mem.Names()); n != 20 {
		t.Errorf("%d files stored; want 20", n)
	}
}

// TestClonePrune checks that a clone shares nothing that Prune or Remove
// changes, and that a folder goes with its last file.
func TestClonePrune(t *testing.T) {
	for _, remove := range []struct {
		name string
		do   func(m *Memory)
	}{
		{"Prune", func(m *Memory) {
			m.Prune(func(name string) bool { return name != "a/b/index.html" && name != "c/index.html" && name != "c/x.css" })
		}},
		// A folder and a missing file are not files to remove.
		{"Remove", func(m *Memory) { m.Remove("a/b", "a/b/index.html", "c/index.html", "c/x.css", "not/there.html") }},
	} {
		t.Run(remove.name, func(t *testing.T) { testClonePrune(t, remove.do) })
	}
}

func testClonePrune(t *testing.T, remove func(*Memory)) {
	m := NewMemory()
	for _, n := range []string{"index.html", "a/index.html", "a/b/index.html", "c/index.html", "c/x.css"} {
		if err := m.WriteFile(n, []byte(n)); err != nil {
			t.Fatal(err)
		}
	}
	c := m.Clone()
	remove(c)
	if c.Len() != 2 {
		t.Errorf("Len = %d after removing three of five files", c.Len())
	}
	tests := []struct {
		mem  *Memory
		name string
		want bool
	}{
		{c, "a", true}, {c, "a/index.html", true}, {c, "a/b", false}, {c, "a/b/index.html", false}, {c, "c", false},
		{m, "a/b", true}, {m, "c", true}, {m, "c/x.css", true},
	}
	for _, tt := range tests {
		_, err := fs.Stat(tt.mem, tt.name)
		if got := err == nil; got != tt.want {
			t.Errorf("Stat(%q) found %v, want %v (err %v)", tt.name, got, tt.want, err)
		}
	}
	if err := c.WriteFile("c", []byte("a file where a folder was")); err != nil {
		t.Errorf("writing a file where a pruned folder was: %v", err)
	}
	if err := m.WriteFile("c", []byte("x")); err == nil {
		t.Error("the original still has folder c; writing a file there should fail")
	}
}

func TestAdoptLazy(t *testing.T) {
	mem := NewMemory()
	var made atomic.Int32
	index := "[1,2,3]"
	make := func() []byte { made.Add(1); return []byte(index) }
	if err := mem.AdoptLazy("search/index.json", len(index), make); err != nil {
		t.Fatal(err)
	}
	mem.WriteFile("index.html", []byte("<p>home</p>"))
	if err := mem.AdoptLazy("index.html/x", 1, make); err == nil {
		t.Error("AdoptLazy under a file's name succeeded")
	}

	// Listing a folder gives the size without making the file.
	entries, err := fs.ReadDir(mem, "search")
	if err != nil || len(entries) != 1 {
		t.Fatalf("ReadDir = %v, %v", entries, err)
	}
	if info, _ := entries[0].Info(); info.Size() != int64(len(index)) {
		t.Errorf("listed size %d, want %d", info.Size(), len(index))
	}
	clone := mem.Clone()
	if made.Load() != 0 || mem.Len() != 2 {
		t.Fatalf("made %d times and Len %d before any read; want 0 and 2", made.Load(), mem.Len())
	}

	// Every way of reading makes it.
	if err := fstest.TestFS(mem, "search/index.json", "index.html"); err != nil {
		t.Fatal(err)
	}
	for name, read := range map[string]func() ([]byte, error){
		"Get":      func() ([]byte, error) { b, _ := mem.Get("search/index.json"); return b, nil },
		"ReadFile": func() ([]byte, error) { return mem.ReadFile("search/index.json") },
		"Files":    func() ([]byte, error) { return mem.Files()["search/index.json"], nil },
		"clone":    func() ([]byte, error) { return clone.ReadFile("search/index.json") },
		"Open":     func() ([]byte, error) { return fs.ReadFile(mem, "search/index.json") },
	} {
		if got, err := read(); err != nil || string(got) != index {
			t.Errorf("%s = %q, %v; want %q", name, got, err, index)
		}
	}

	// A file written over it, or pruned, is no longer made.
	mem.WriteFile("search/index.json", []byte("[]"))
	clone.Prune(func(name string) bool { return name != "search/index.json" })
	before := made.Load()
	if got, _ := mem.Get("search/index.json"); string(got) != "[]" {
		t.Errorf("after WriteFile, Get = %q, want []", got)
	}
	if _, ok := clone.Get("search/index.json"); ok || clone.Len() != 1 {
		t.Errorf("after Prune, the file is still there, or Len is %d, not 1", clone.Len())
	}
	if made.Load() != before {
		t.Error("the replaced file was made again")
	}
}
