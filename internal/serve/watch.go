package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/clic-cumbria/clic/internal/content"
)

// watched reports whether a top-level folder of a site is one a build reads.
func watched(dir string) bool {
	return dir == "content" || dir == "layouts" || dir == "static"
}

// batch gathers the files changed in a burst of events. Editors save in
// several steps (write a temporary file, rename it over the original,
// fix permissions), and one save should cost one rebuild. A batch is due
// once no event has come for quiet, or maxWait after its first event, so
// an editor that saves continuously still shows progress.
//
// batch does no timekeeping of its own: callers pass the time, which
// keeps it testable without a clock.
type batch struct {
	quiet, maxWait time.Duration
	first, last    time.Time
	paths          map[string]bool
}

// add records that p changed at now.
func (b *batch) add(now time.Time, p string) {
	if len(b.paths) == 0 {
		b.paths = map[string]bool{}
		b.first = now
	}
	b.paths[p] = true
	b.last = now
}

// due says when the batch should be built; false if it is empty.
func (b *batch) due() (time.Time, bool) {
	if len(b.paths) == 0 {
		return time.Time{}, false
	}
	return minTime(b.last.Add(b.quiet), b.first.Add(b.maxWait)), true
}

// take empties the batch and returns its paths, sorted, if it is due at
// now; otherwise it returns nil and keeps them.
func (b *batch) take(now time.Time) []string {
	if d, ok := b.due(); !ok || now.Before(d) {
		return nil
	}
	paths := slices.Sorted(maps.Keys(b.paths))
	b.paths = nil
	return paths
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// watch turns file events into rebuilds until ctx is done. With no
// watcher it just waits.
func (s *Server) watch(ctx context.Context, w *watcher) {
	if w == nil {
		<-ctx.Done()
		return
	}
	b := batch{quiet: s.quiet, maxWait: s.maxWait}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			now := time.Now()
			for _, p := range w.changed(ev) {
				b.add(now, p)
			}
			if d, ok := b.due(); ok {
				timer.Reset(d.Sub(now))
			}
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Too many changes to list: rebuild everything and reload.
				b.add(time.Now(), ".")
				timer.Reset(0)
				continue
			}
			fmt.Fprintf(s.cfg.Err, "warning: watching for changes: %v; save again, or restart clic serve if the preview stops updating\n", err)
		case <-timer.C:
			now := time.Now()
			if d, ok := b.due(); ok && !now.Before(d) && s.hold(b.paths, b.first, now) {
				b.last = now
				timer.Reset(s.quiet)
				continue
			}
			if paths := b.take(now); paths != nil {
				s.rebuild(paths)
			} else if d, ok := b.due(); ok {
				timer.Reset(d.Sub(now))
			}
		}
	}
}

// hold says whether a batch that is due should wait a little longer,
// because a page, layout or stylesheet in it looks mid-save: building
// then would flash an error. An editor that truncates and then writes
// leaves the file empty for a moment, which is waited out up to maxWait
// from the batch's first event; one that renames the file away and then
// writes a new one leaves it missing, which is waited out up to regone,
// less, since a page deleted on purpose should go from the preview soon.
func (s *Server) hold(paths map[string]bool, first, now time.Time) bool {
	for p := range paths {
		switch filepath.Ext(p) {
		case ".md", ".html", ".css":
			info, err := os.Stat(filepath.Join(s.cfg.Source, filepath.FromSlash(p)))
			switch {
			case err == nil && info.Size() == 0 && now.Before(first.Add(s.maxWait)):
				return true
			case errors.Is(err, fs.ErrNotExist) && now.Before(first.Add(s.regone)):
				return true
			}
		}
	}
	return false
}

// watcher watches a site's content/, layouts/ and static/ folders,
// including folders made after it starts.
type watcher struct {
	fs   *fsnotify.Watcher
	root string // the site folder
}

// newWatcher starts watching root. root itself is watched too, so a
// content/, layouts/ or static/ folder made later is noticed.
func newWatcher(root string) (*watcher, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fs: fw, root: root}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range []string{"content", "layouts", "static"} {
		if _, err := w.addTree(filepath.Join(root, d)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) close() error { return w.fs.Close() }

// addTree watches dir and every folder below it, skipping hidden ones,
// and returns the site paths of the files it finds: when a folder is
// made or moved in, the files in it arrived before the watch did.
func (w *watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished mid-walk: its own event says so
		}
		if p != dir && content.Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.fs.Add(p)
		}
		if rel, ok := w.rel(p); ok {
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

// changed returns the site paths an event touches: none for files the
// build ignores, and for a folder that appeared, the files inside it.
func (w *watcher) changed(ev fsnotify.Event) []string {
	rel, ok := w.rel(ev.Name)
	if !ok || ev.Op == fsnotify.Chmod {
		return nil
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// A folder moved away keeps its inotify watches under the old
		// names; drop them, and the new name arrives as a Create.
		for _, p := range w.fs.WatchList() {
			if p == ev.Name || strings.HasPrefix(p, ev.Name+string(filepath.Separator)) {
				w.fs.Remove(p)
			}
		}
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			files, _ := w.addTree(ev.Name) // an empty folder changes no page
			return files
		}
	}
	return []string{rel}
}

// rel turns a file name into a site path such as "content/posts/a.md",
// and reports whether the build reads it: it must be under a watched
// folder, and neither it nor any folder above it hidden or temporary.
func (w *watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil {
		return "", false
	}
	r = filepath.ToSlash(r)
	parts := strings.Split(r, "/")
	if !watched(parts[0]) {
		return "", false
	}
	for _, part := range parts[1:] {
		if content.Ignored(part) {
			return "", false
		}
	}
	return r, true
}
