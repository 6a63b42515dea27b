package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// writeArchive writes a txtar archive's files (all but want and exit) under dir.
func writeArchive(t *testing.T, dir string, ar *txtar.Archive) {
	t.Helper()
	for _, f := range ar.Files {
		if f.Name == "want" || f.Name == "exit" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goodSite writes testdata/good.txtar into a new folder and returns it.
func goodSite(t *testing.T) string {
	t.Helper()
	good, err := txtar.ParseFile("testdata/good.txtar")
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	writeArchive(t, site, good)
	return site
}

// builtGoodSite is goodSite built into its public/, which it also returns.
func builtGoodSite(t *testing.T) (site, dest string) {
	t.Helper()
	site = goodSite(t)
	dest = filepath.Join(site, "public")
	if code, _, stderr := runCLI("build", "-source", site, "-dest", dest); code != 0 {
		t.Fatalf("good site failed to build (exit %d):\n%s", code, stderr)
	}
	return site, dest
}

func section(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return strings.TrimSpace(string(f.Data))
		}
	}
	return ""
}

// treeHash fingerprints every file's path, mode and bytes under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %v\n", strings.TrimPrefix(p, dir), info.Mode())
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestWriterMistakes builds each fixture in testdata/mistakes over a
// public/ made from testdata/good.txtar. Each fixture says the exit status
// and the message the writer must see, and a failed build must leave
// public/ exactly as it was.
func TestWriterMistakes(t *testing.T) {
	files, _ := filepath.Glob("testdata/mistakes/*.txtar")
	if len(files) < 13 {
		t.Fatalf("found %d mistake fixtures, want at least 13", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			site, dest := builtGoodSite(t)
			before := treeHash(t, dest)
			writeArchive(t, site, ar)

			code, stdout, stderr := runCLI("build", "-source", site, "-dest", dest)
			wantCode, _ := strconv.Atoi(section(ar, "exit"))
			if code != wantCode {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", code, wantCode, stderr)
			}
			if want := section(ar, "want"); want != "" && !strings.Contains(stderr, want) {
				t.Errorf("stderr does not contain\n  %s\ngot:\n%s", want, stderr)
			}
			if unwanted := section(ar, "unwanted"); unwanted != "" && strings.Contains(stderr, unwanted) {
				t.Errorf("stderr contains\n  %s\nwhich follows from the mistake and would mislead:\n%s", unwanted, stderr)
			}
			if wantCode != 0 {
				if after := treeHash(t, dest); after != before {
					t.Errorf("a failed build changed public/")
				}
				if !strings.Contains(stderr, "was left as it was") {
					t.Errorf("stderr does not say public/ was kept:\n%s", stderr)
				}
				if stdout != "" {
					t.Errorf("a failed build printed a summary: %q", stdout)
				}
			} else if !strings.HasPrefix(stdout, "built ") {
				t.Errorf("stdout = %q, want the one-line summary", stdout)
			}
		})
	}
}

// TestBuildInterrupted stops a build as Control-C does: at once, with
// exit status 130, public/ as it was, and nothing in the way of the next
// build.
func TestBuildInterrupted(t *testing.T) {
	site, dest := builtGoodSite(t)
	before := treeHash(t, dest)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"build", "-source", site, "-dest", dest}, &stdout, &stderr); code != 130 {
		t.Errorf("exit status %d, want 130\nstderr:\n%s", code, stderr.String())
	}
	if want := "clic build: interrupted; " + dest + " was left as it was\n"; stderr.String() != want || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q; want stderr %q alone", stdout.String(), stderr.String(), want)
	}
	if after := treeHash(t, dest); after != before {
		t.Error("an interrupted build changed public/")
	}
	if _, err := os.Stat(filepath.Join(site, ".public.clic-lock")); !os.IsNotExist(err) {
		t.Errorf("lock left by an interrupted build (stat: %v)", err)
	}

	if code, _, stderr := runCLI("build", "-source", site, "-dest", dest); code != 0 {
		t.Fatalf("the build after an interrupted one failed (exit %d):\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".clic-staging-") {
			t.Errorf("the interrupted build's staging folder %s was not removed by the next build", e.Name())
		}
	}
}

func TestUsage(t *testing.T) {
	site := goodSite(t)
	cliCases(t, []cliCase{
		{"no command", nil, 2, "Usage:"},
		{"help", []string{"help"}, 0, "Commands:"},
		{"unknown command", []string{"bild"}, 2, `unknown command "bild"`},
		{"bad flag", []string{"build", "-nosuch"}, 2, "flag provided but not defined"},
		{"stray argument", []string{"build", "-source", site, "extra"}, 2, `unexpected argument "extra"`},
		{"bad base URL", []string{"build", "-source", site, "-base-url", "example.org"}, 2, "must be a web address"},
		{"no content folder", []string{"build", "-source", t.TempDir()}, 2, "has no content folder"},
		{"dest is content", []string{"build", "-source", site, "-dest", filepath.Join(site, "content")}, 1, "refusing"},
		{"dest is the site", []string{"build", "-source", site, "-dest", site}, 1, "refusing"},
		{"version", []string{"version"}, 0, "clic"},
	})
	// A refused destination must be left alone.
	if _, err := os.Stat(filepath.Join(site, "content", "posts", "hello.md")); err != nil {
		t.Errorf("refused build damaged content: %v", err)
	}
}

// cliCase is one command line, the exit status it must give, and text
// its output must hold.
type cliCase struct {
	name string
	args []string
	code int
	want string // in stdout or stderr
}

func cliCases(t *testing.T, cases []cliCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, tc.want) {
				t.Errorf("output does not contain %q:\nstdout: %s\nstderr: %s", tc.want, stdout, stderr)
			}
		})
	}
}

// TestRelativeDest builds into a folder named relative to the site, as
// Hugo does, and names it in messages as the writer would type it.
func TestRelativeDest(t *testing.T) {
	site := goodSite(t)
	t.Chdir(filepath.Dir(site))
	rel := filepath.Base(site)
	if code, _, stderr := runCLI("build", "-source", rel, "-dest", "out"); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(site, "out", "index.html")); err != nil {
		t.Fatalf("-dest out with -source %s did not build into %s/out: %v", rel, rel, err)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "bad.md"), []byte("---\ntitle: [\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("build", "-source", rel, "-dest", "out")
	if want := filepath.Join(rel, "out") + " was left as it was"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and %q", code, stderr, want)
	}
}
