//go:build unix

package output

import (
	"bytes"
	"io"
	"os"
	"syscall"
)

// On Unix, files are made with bare system calls. os.OpenFile would try
// each new file in the runtime's poller, which costs four fcntl calls and
// an epoll_ctl that fails for regular files; on a virtual machine, where
// a system call is dear, that nearly doubled the cost of writing a page.

// openOut opens p for writing with mode 0644, calling fchmod when the
// umask would change that. A fresh p must not exist yet; otherwise it may
// be a file of a recycled build, which is written over in place.
func openOut(p string, how how) (int, error) {
	flags := syscall.O_WRONLY | syscall.O_CREAT | syscall.O_CLOEXEC | syscall.O_NOFOLLOW
	if how.reuse {
		flags = flags&^syscall.O_WRONLY | syscall.O_RDWR // to compare, in writeData
	} else {
		flags |= syscall.O_EXCL
	}
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(p, flags, 0o644)
		return err
	})
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: p, Err: err}
	}
	if how.chmod {
		if err := retry(func() error { return syscall.Fchmod(fd, 0o644) }); err != nil {
			syscall.Close(fd)
			return -1, &os.PathError{Op: "chmod", Path: p, Err: err}
		}
	}
	return fd, nil
}

// writeData writes data to the file p. A file of a recycled build that
// holds data already is left alone: reading it from the page cache is
// cheaper than writing it and writing it back to the disk, and it keeps
// its modification time, so a copy by date (rsync, a browser's cache)
// sees that it has not changed.
func writeData(p string, data []byte, how how) error {
	fd, err := openOut(p, how)
	if err != nil {
		return err
	}
	if how.reuse && hasData(fd, data) {
		return syscall.Close(fd)
	}
	size := int64(len(data))
	for len(data) > 0 {
		var n int
		if err = retry(func() (err error) { n, err = syscall.Write(fd, data); return err }); err != nil {
			break
		}
		if n == 0 {
			err = io.ErrShortWrite
			break
		}
		data = data[n:]
	}
	if err == nil && how.reuse {
		err = retry(func() error { return syscall.Ftruncate(fd, size) })
	}
	if cerr := syscall.Close(fd); err == nil && cerr != nil && cerr != syscall.EINTR {
		err = cerr
	}
	if err != nil {
		return &os.PathError{Op: "write", Path: p, Err: err}
	}
	return nil
}

// hasData reports whether the file fd holds exactly data.
func hasData(fd int, data []byte) bool {
	bp := readBuf(len(data) + 1) // one byte more, to see a longer file
	defer readBufs.Put(bp)
	buf := *bp
	n := 0
	for n < len(buf) {
		var m int
		err := retry(func() (err error) { m, err = syscall.Pread(fd, buf[n:], int64(n)); return err })
		if err != nil || m == 0 {
			break
		}
		n += m
	}
	return n == len(data) && bytes.Equal(buf[:n], data)
}

// writeFrom copies r to the file p. An *os.File as r is copied by the
// kernel (copy_file_range), without passing through this process.
func writeFrom(p string, r io.Reader, how how) error {
	fd, err := openOut(p, how)
	if err != nil {
		return err
	}
	f := os.NewFile(uintptr(fd), p)
	n, err := io.Copy(f, r)
	if err == nil && how.reuse {
		err = f.Truncate(n)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// retry calls f again while the system call it makes is interrupted.
func retry(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}

// ownedBySelf reports whether this process's user owns the file, so that
// an old build made by another user (say, with sudo) is never recycled.
func ownedBySelf(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}

// openOld opens p, a file of a recycled build, to read it; bare, for the
// reason above.
func openOld(p string) (io.ReadCloser, error) {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, 0)
		return err
	})
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: p, Err: err}
	}
	return fdReader(fd), nil
}

// fdReader reads a file descriptor.
type fdReader int

func (f fdReader) Read(b []byte) (int, error) {
	var n int
	err := retry(func() (err error) { n, err = syscall.Read(int(f), b); return err })
	switch {
	case err != nil:
		return 0, err
	case n == 0 && len(b) > 0:
		return 0, io.EOF
	}
	return n, nil
}

func (f fdReader) Close() error { return syscall.Close(int(f)) }
