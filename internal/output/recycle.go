package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// A build recycles the build before last. Commit leaves the previous
// build hidden beside dest; the next Begin, rather than delete it and
// make every file afresh, renames it to be its staging folder and writes
// over its files in place. Commit then removes whatever that old build
// held and this one did not write, so dest still holds exactly this
// build.
//
// Making files was most of what writing a build cost, and deleting an
// old build while making a new one made it dearer still: on ext4, a
// new inode is checked against recent deletions. On this project's
// 2-core machine a third build of the 10,000-post corpus into the same
// folder took 16-18 s when it deleted the first and made every file
// anew, 6-8 s when it recycled it, and 7-9 s for a build into a new
// folder.
//
// An old build is written over only through clic's own paths: files are
// opened without following links, a link or folder in the way of a file
// is removed first, and a file in the way of a folder likewise. Data is
// written over the old bytes and the file cut to length afterwards, not
// truncated first: ext4 flushes a file that was truncated to nothing
// when it is closed (its auto_da_alloc rule), which made a recycled
// build slower than a fresh one. A file that holds the new bytes
// already, as most do from one build to the next, is not written at all
// (see writeData), and neither is a copy that holds its source's bytes
// (copied).

// listing is what a recycled build held: slash paths relative to the
// staging folder, parents before children, and whether each is a folder.
type listing struct {
	names []string
	dirs  []bool
	err   error
}

// makeStaging makes the staging folder, recycling the first of the hidden
// builds beside dest (see recoverCrash) that this process owns, and
// returns the rest to remove.
func (d *Disk) makeStaging(olds []string) ([]string, error) {
	prefix := "." + filepath.Base(d.dest) + ".clic-staging-"
	for i, o := range olds {
		info, err := os.Lstat(o)
		if err != nil || !info.IsDir() || !ownedBySelf(info) {
			continue
		}
		staging := filepath.Join(filepath.Dir(d.dest), prefix+randomHex())
		if os.Rename(o, staging) == nil {
			d.staging, d.reuse = staging, true
			return append(olds[:i:i], olds[i+1:]...), nil
		}
	}
	staging, err := os.MkdirTemp(filepath.Dir(d.dest), prefix)
	if err != nil {
		return olds, fmt.Errorf("cannot create a staging folder beside %q: %w; check that its parent folder is writable", d.shown, err)
	}
	d.staging = staging
	return olds, nil
}

// list lists the recycled build in the background, for tidy.
func (d *Disk) list() {
	d.listed = make(chan listing, 1)
	go func() {
		var l listing
		l.err = filepath.WalkDir(d.staging, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if info, lerr := os.Lstat(p); lerr != nil || !info.IsDir() {
					return nil // removed or replaced by this build, as in its way
				}
				return err
			}
			if p == d.staging {
				return nil
			}
			rel, _ := filepath.Rel(d.staging, p)
			l.names = append(l.names, filepath.ToSlash(rel))
			l.dirs = append(l.dirs, e.IsDir())
			return nil
		})
		d.listed <- l
		close(d.listed)
	}()
}

// tidy removes what a recycled build held that this build did not
// write. It runs once every write has returned.
func (d *Disk) tidy() error {
	if d.listed == nil {
		return nil
	}
	l, ok := <-d.listed
	if !ok {
		return nil // tidied already
	}
	if l.err != nil {
		return fmt.Errorf("cannot list the previous build recycled for %q: %w", d.shown, l.err)
	}
	d.mu.Lock()
	names := d.names
	d.mu.Unlock()
	d.dirMu.Lock()
	dirs := d.dirs
	d.dirMu.Unlock()
	gone := "" // a folder removed whole, whose contents are gone too
	var errs []error
	for i, n := range l.names {
		switch {
		case gone != "" && strings.HasPrefix(n, gone), dirs[n], n == MarkerFile:
			continue
		case names[n]:
			// A file of this build, which may have replaced a folder.
		default:
			if err := os.RemoveAll(filepath.Join(d.staging, filepath.FromSlash(n))); err != nil {
				errs = append(errs, err)
			}
		}
		if l.dirs[i] {
			gone = n + "/"
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cannot remove old files from the build of %q: %w", d.shown, err)
	}
	return nil
}

// copied reports whether p, a file of the recycled build, holds what
// src, size bytes long, holds already, reading both. Only the contents
// are a safe test: a file's times and size say nothing of which source
// an old copy came from, and two folders of images can swap names. Not
// writing an unchanged image spares the disk the write and keeps the
// image's date. When they differ, src is put back at its start, to be
// copied from.
func copied(p string, src fs.File, size int64) (bool, error) {
	if info, err := os.Lstat(p); err != nil || !info.Mode().IsRegular() || info.Size() != size {
		return false, nil
	}
	old, err := openOld(p)
	if err != nil {
		return false, nil // copying will say why, if it matters
	}
	defer old.Close()
	a, b := readBuf(32<<10), readBuf(32<<10)
	defer readBufs.Put(a)
	defer readBufs.Put(b)
	for left := size; left > 0; {
		n := min(left, int64(len(*a)))
		_, errA := io.ReadFull(old, (*a)[:n])
		_, errB := io.ReadFull(src, (*b)[:n])
		if errA != nil || errB != nil || !bytes.Equal((*a)[:n], (*b)[:n]) {
			if s, ok := src.(io.Seeker); ok {
				_, err = s.Seek(0, io.SeekStart)
				return false, err
			}
			return false, errors.New("cannot read it twice")
		}
		left -= n
	}
	return true, nil
}

// readBufs holds buffers for reading files of a recycled build, to
// compare them with what this build would write.
var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// readBuf returns a buffer of n bytes from readBufs, for the caller to
// put back.
func readBuf(n int) *[]byte {
	bp := readBufs.Get().(*[]byte)
	if cap(*bp) < n {
		*bp = make([]byte, n)
	}
	*bp = (*bp)[:n]
	return bp
}

// existing accepts the folder rel, which mkdirs found already at p: a
// folder of the recycled build. A file or link there is removed unless
// this build wrote it, which is a clash.
func (d *Disk) existing(rel, p string) error {
	info, err := os.Lstat(p)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return nil
	}
	d.mu.Lock()
	claimed := d.names[rel]
	d.mu.Unlock()
	if claimed || !d.reuse {
		return fmt.Errorf("output file %q is needed as a folder for other files: two pages or files have clashing URLs; rename one of them", rel)
	}
	if err := os.Remove(p); err != nil {
		return err
	}
	err = os.Mkdir(p, 0o755)
	if err == nil && d.dirMode {
		err = os.Chmod(p, 0o755)
	}
	return err
}

// clear removes what stands at p, where the file name is to go, unless
// it is a folder this build made, which is a clash.
func (d *Disk) clear(name, p string) error {
	d.dirMu.Lock()
	defer d.dirMu.Unlock()
	if d.dirs[name] {
		return fmt.Errorf("output file %q is also a folder of other files: two pages or files have clashing URLs; rename one of them", name)
	}
	return os.RemoveAll(p)
}
