package output

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// newSite makes a site folder with content/, layouts/ and static/ and
// returns it with the Guard a build would use.
func newSite(t *testing.T) (string, Guard) {
	t.Helper()
	root := t.TempDir()
	g := Guard{Source: root}
	for _, d := range []string{"content", "layouts", "static"} {
		p := filepath.Join(root, d)
		mustWrite(t, filepath.Join(p, "keep.txt"), "precious "+d)
		g.Protected = append(g.Protected, p)
	}
	return root, g
}

func mustWrite(t testing.TB, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hashTree describes every file and folder under dir: name, mode and a
// hash of the content, one line each, sorted.
func hashTree(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		line := fmt.Sprintf("%s %v", filepath.ToSlash(rel), info.Mode())
		if info.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			line += fmt.Sprintf(" %x", sha256.Sum256(b))
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// leftovers lists clic's hidden working files beside dest.
func leftovers(t *testing.T, parent string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".clic-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// onlyHidden requires that the one hidden folder beside dest be a build
// of kind ("old" or "spare"), and returns its name.
func onlyHidden(t *testing.T, root, kind string) string {
	t.Helper()
	l := leftovers(t, root)
	if len(l) != 1 || !strings.HasPrefix(l[0], ".public.clic-"+kind+"-") {
		t.Fatalf("beside dest: %v; want only one %s build", l, kind)
	}
	return l[0]
}

func TestBeginRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, root string) string // returns dest
		want  string
	}{
		{"dot in site folder", func(t *testing.T, root string) string { t.Chdir(root); return "." }, `refusing to build into ".": it is the site folder itself`},
		{"site folder", func(t *testing.T, root string) string { return root }, "it is the site folder itself"},
		{"content", func(t *testing.T, root string) string { t.Chdir(root); return "content" },
			`refusing to build into "content": it holds your pages; choose an empty folder such as "public"`},
		{"layouts", func(t *testing.T, root string) string { return filepath.Join(root, "layouts") }, "it holds your templates"},
		{"static via dot-dot", func(t *testing.T, root string) string { return filepath.Join(root, "public", "..", "static") }, "it holds your static files"},
		{"inside content", func(t *testing.T, root string) string { return filepath.Join(root, "content", "out") }, `it is inside "content", which holds your pages`},
		{"inside content, missing parents", func(t *testing.T, root string) string { return filepath.Join(root, "content", "a", "b") }, `inside "content"`},
		{"contains site", func(t *testing.T, root string) string { return filepath.Dir(root) }, "it contains the site folder"},
		{"symlink to content", func(t *testing.T, root string) string {
			link := filepath.Join(root, "public")
			if err := os.Symlink(filepath.Join(root, "content"), link); err != nil {
				t.Skip("no symlinks:", err)
			}
			return link
		}, "it holds your pages"},
		{"under symlink to content", func(t *testing.T, root string) string {
			link := filepath.Join(t.TempDir(), "c")
			if err := os.Symlink(filepath.Join(root, "content"), link); err != nil {
				t.Skip("no symlinks:", err)
			}
			return filepath.Join(link, "out")
		}, "inside"},
		{"file system root", func(t *testing.T, root string) string { return "/" }, "root of the file system"},
		{"home", func(t *testing.T, root string) string {
			home := t.TempDir()
			t.Setenv("HOME", home)
			t.Setenv("USERPROFILE", home)
			return home
		}, "it is your home folder"},
		{"contains home", func(t *testing.T, root string) string {
			home := filepath.Join(t.TempDir(), "me")
			t.Setenv("HOME", home)
			t.Setenv("USERPROFILE", home)
			return filepath.Dir(home)
		}, "it contains your home folder"},
		{"foreign non-empty folder", func(t *testing.T, root string) string {
			dest := filepath.Join(root, "public")
			mustWrite(t, filepath.Join(dest, "notes.txt"), "mine")
			return dest
		}, "it already holds files that clic did not write"},
		{"foreign folder with only a subfolder", func(t *testing.T, root string) string {
			dest := filepath.Join(root, "public")
			if err := os.MkdirAll(filepath.Join(dest, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			return dest
		}, "clic did not write"},
		{"marker is a folder", func(t *testing.T, root string) string {
			dest := filepath.Join(root, "public")
			if err := os.MkdirAll(filepath.Join(dest, MarkerFile), 0o755); err != nil {
				t.Fatal(err)
			}
			return dest
		}, "clic did not write"},
		{"a file", func(t *testing.T, root string) string {
			dest := filepath.Join(root, "public")
			mustWrite(t, dest, "x")
			return dest
		}, "it is a file, not a folder"},
		{"empty name", func(t *testing.T, root string) string { return "" }, "no output folder given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, g := newSite(t)
			dest := tt.setup(t, root)
			before := hashTree(t, root)
			d, err := Begin(dest, g)
			if err == nil {
				d.Abort()
				t.Fatalf("Begin(%q) succeeded; want error containing %q", dest, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Begin(%q) error = %q; want it to contain %q", dest, err, tt.want)
			}
			if after := hashTree(t, root); after != before {
				t.Errorf("refused Begin changed the site folder:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

func TestBeginAccepts(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, root string) string
	}{
		{"missing", func(t *testing.T, root string) string { return filepath.Join(root, "public") }},
		{"missing parents", func(t *testing.T, root string) string { return filepath.Join(root, "out", "site") }},
		{"relative", func(t *testing.T, root string) string { t.Chdir(root); return "public" }},
		{"empty", func(t *testing.T, root string) string {
			dest := filepath.Join(root, "public")
			if err := os.Mkdir(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			return dest
		}},
		{"earlier clic output", func(t *testing.T, root string) string {
			dest := filepath.Join(root, "public")
			mustWrite(t, filepath.Join(dest, MarkerFile), markerText)
			mustWrite(t, filepath.Join(dest, "index.html"), "old")
			return dest
		}},
		{"outside the site", func(t *testing.T, root string) string { return filepath.Join(t.TempDir(), "www") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, g := newSite(t)
			dest := tt.setup(t, root)
			d, err := Begin(dest, g)
			if err != nil {
				t.Fatalf("Begin(%q): %v", dest, err)
			}
			if err := d.WriteFile("index.html", []byte("new")); err != nil {
				t.Fatal(err)
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dest, "index.html"))
			if err != nil || string(got) != "new" {
				t.Fatalf("after Commit index.html = %q, %v; want \"new\"", got, err)
			}
		})
	}
}

func TestCommitReplacesWholeTree(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	commitBuild(t, dest, g, map[string]string{"index.html": "home v1", "posts/old/index.html": "old post", "css/site.css": "a{}"})
	commitBuild(t, dest, g, map[string]string{"index.html": "home v2", "posts/new/index.html": "new post"})

	want := map[string]string{MarkerFile: markerText, "index.html": "home v2", "posts/new/index.html": "new post"}
	got := map[string]string{}
	err := filepath.WalkDir(dest, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := e.Info()
		rel, _ := filepath.Rel(dest, p)
		if e.IsDir() {
			if perm := info.Mode().Perm(); perm != 0o755 {
				t.Errorf("folder %s has mode %v; want 0755", rel, perm)
			}
			return nil
		}
		if perm := info.Mode().Perm(); perm != 0o644 {
			t.Errorf("file %s has mode %v; want 0644", rel, perm)
		}
		b, _ := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after second build dest holds\n%v\nwant\n%v", got, want)
	}
	// The first build is kept, hidden, until the next build removes it.
	onlyHidden(t, root, "old")
	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	// The aborted build recycled the first; it is now the one spare.
	onlyHidden(t, root, "spare")
}

func TestAbortLeavesDestUntouched(t *testing.T) {
	for _, first := range []bool{true, false} {
		t.Run(fmt.Sprintf("earlier build %v", first), func(t *testing.T) {
			root, g := newSite(t)
			dest := filepath.Join(root, "public")
			if first {
				d, err := Begin(dest, g)
				if err != nil {
					t.Fatal(err)
				}
				for _, n := range []string{"index.html", "a/b/c.html", "img/x.png"} {
					if err := d.WriteFile(n, []byte("v1 "+n)); err != nil {
						t.Fatal(err)
					}
				}
				if err := d.Commit(); err != nil {
					t.Fatal(err)
				}
			}
			before := hashTree(t, root)
			d, err := Begin(dest, g)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []string{"index.html", "new/page.html"} {
				if err := d.WriteFile(n, []byte("v2")); err != nil {
					t.Fatal(err)
				}
			}
			if err := d.Abort(); err != nil {
				t.Fatal(err)
			}
			// Beside dest, the staging folder is kept as a spare for the
			// next build; without it, the tree is as it was.
			if err := os.RemoveAll(filepath.Join(root, onlyHidden(t, root, "spare"))); err != nil {
				t.Fatal(err)
			}
			if after := hashTree(t, root); after != before {
				t.Errorf("Abort changed the tree:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			if err := d.WriteFile("late.html", nil); err == nil {
				t.Error("WriteFile after Abort succeeded; want error")
			}
			if err := d.Abort(); err != nil {
				t.Errorf("second Abort: %v; want nil", err)
			}
			if err := d.Commit(); err == nil {
				t.Error("Commit after Abort succeeded; want error")
			}
		})
	}
}

func TestConcurrentBeginBlocked(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	d1, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Begin(dest, g)
	want := fmt.Sprintf("another clic build is writing to %q (pid %d); wait for it to finish", dest, os.Getpid())
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("second Begin error = %v; want it to contain %q", err, want)
	}
	if err := d1.Commit(); err != nil {
		t.Fatal(err)
	}
	d2, err := Begin(dest, g)
	if err != nil {
		t.Fatalf("Begin after the first build committed: %v", err)
	}
	d2.Abort()
}

func TestLockFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		wantErr string // empty: the lock is stale and taken over
	}{
		{"dead pid", "1073741823\nabc\n", ""},
		{"garbage", "not a pid", ""},
		{"empty", "", ""},
		{"zero pid", "0\n", ""},
		{"live pid", strconv.Itoa(os.Getppid()) + "\nabc\n", "another clic build is writing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, g := newSite(t)
			dest := filepath.Join(root, "public")
			lockPath := filepath.Join(root, ".public.clic-lock")
			mustWrite(t, lockPath, tt.content)
			d, err := Begin(dest, g)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Begin error = %v; want %q", err, tt.wantErr)
				}
				if b, _ := os.ReadFile(lockPath); string(b) != tt.content {
					t.Errorf("a live lock was changed to %q", b)
				}
				return
			}
			if err != nil {
				t.Fatalf("Begin with stale lock: %v", err)
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(lockPath); !os.IsNotExist(err) {
				t.Errorf("lock file still present after Commit (stat err %v)", err)
			}
		})
	}
}

func TestBeginRecoversFromCrash(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	// A build died between moving dest aside and moving staging in.
	old := filepath.Join(root, ".public.clic-old-0123")
	mustWrite(t, filepath.Join(old, MarkerFile), markerText)
	mustWrite(t, filepath.Join(old, "index.html"), "previous")
	mustWrite(t, filepath.Join(root, ".public.clic-staging-9", "half.html"), "half")
	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	if d.reuse {
		t.Error("the crashed build's staging folder was recycled; it is only to be removed")
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "previous" {
		t.Errorf("previous build not restored: %q, %v", b, err)
	}
	onlyHidden(t, root, "spare") // the aborted build's
}

// TestInterrupt stops a build while files are being written, as
// Control-C does: dest stays as it was, the lock is free at once, and the
// next build removes the staging folder rather than recycle it.
func TestInterrupt(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	commitBuild(t, dest, g, map[string]string{"index.html": "first"})
	before := hashTree(t, dest)
	d, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	started := make(chan struct{})
	for w := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				if i == 10 && w == 0 {
					close(started)
				}
				if d.WriteFile(fmt.Sprintf("w%d/%d.html", w, i), []byte("page")) != nil {
					return // interrupted
				}
			}
		})
	}
	<-started
	if err := d.Interrupt(); err != nil {
		t.Fatal(err)
	}
	d2, err := Begin(dest, g)
	if err != nil {
		t.Fatalf("Begin after Interrupt: %v", err)
	}
	wg.Wait()
	if d2.reuse {
		t.Error("the interrupted build's staging folder was recycled")
	}
	if err := d.Commit(); err == nil {
		t.Error("Commit after Interrupt succeeded; want error")
	}
	if after := hashTree(t, dest); after != before {
		t.Errorf("Interrupt changed dest:\n%s\nwant:\n%s", after, before)
	}
	if err := d2.Commit(); err != nil {
		t.Fatal(err)
	}
	onlyHidden(t, root, "old")
}

// TestBuildJustAfterInterrupt starts a build while an interrupted one's
// removal of an old build may still be going on, as when Interrupt has
// freed the lock: the new build must never recycle what is being
// removed, or it would publish a build with files missing.
func TestBuildJustAfterInterrupt(t *testing.T) {
	root, g := newSite(t)
	dest := filepath.Join(root, "public")
	big := map[string]string{}
	for i := range 1500 {
		big[fmt.Sprintf("p%d/index.html", i)] = "old"
	}
	commitBuild(t, dest, g, big)
	commitBuild(t, dest, g, map[string]string{"index.html": "second"}) // big is now the old build
	spare := filepath.Join(root, ".public.clic-spare-0123")
	mustWrite(t, filepath.Join(spare, MarkerFile), markerText)

	d1, err := Begin(dest, g) // recycles the spare, removes the old build
	if err != nil {
		t.Fatal(err)
	}
	if err := d1.Interrupt(); err != nil {
		t.Fatal(err)
	}
	d2, err := Begin(dest, g)
	if err != nil {
		t.Fatal(err)
	}
	for name := range big {
		big[name] = "new"
	}
	for name, s := range big {
		if err := d2.WriteFile(name, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d2.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, want := hashTree(t, dest), wantTree(t, big); got != want {
		t.Error("the build after an interrupted one was published with files missing or wrong")
	}
}
