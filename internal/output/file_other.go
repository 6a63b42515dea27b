//go:build !unix

package output

import (
	"bytes"
	"io"
	"os"
)

// writeData writes data to the file p, with mode 0644.
func writeData(p string, data []byte, how how) error {
	return writeFrom(p, bytes.NewReader(data), how)
}

// writeFrom copies r to the file p. A fresh p must not exist yet;
// otherwise it may be a file of a recycled build, written over in place.
func writeFrom(p string, r io.Reader, how how) error {
	flags := os.O_WRONLY | os.O_CREATE
	if !how.reuse {
		flags |= os.O_EXCL
	} else if info, err := os.Lstat(p); err == nil && !info.Mode().IsRegular() {
		// Without O_NOFOLLOW, a link would be followed out of the
		// output; the caller removes what is in the way and retries.
		return &os.PathError{Op: "open", Path: p, Err: os.ErrExist}
	}
	f, err := os.OpenFile(p, flags, 0o644)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, r)
	if err == nil && how.reuse {
		err = f.Truncate(n)
	}
	if err == nil && how.chmod {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// ownedBySelf reports whether this process's user owns the file; without
// Unix owners, any old build may be recycled.
func ownedBySelf(os.FileInfo) bool { return true }

// openOld opens p, a file of a recycled build, to read it.
func openOld(p string) (io.ReadCloser, error) { return os.Open(p) }
