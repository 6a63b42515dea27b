//go:build unix

package output

import (
	"io"
	"os"
	"syscall"
)

// On Unix, files are made with bare system calls. os.OpenFile would try
// each new file in the runtime's poller, which costs four fcntl calls and
// an epoll_ctl that fails for regular files; on a virtual machine, where
// a system call is dear, that nearly doubled the cost of writing a page.

// openNew makes the file p, which must not exist yet, with mode 0644,
// calling fchmod when chmod says the umask would change that.
func openNew(p string, chmod bool) (int, error) {
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: p, Err: err}
	}
	if chmod {
		if err := retry(func() error { return syscall.Fchmod(fd, 0o644) }); err != nil {
			syscall.Close(fd)
			return -1, &os.PathError{Op: "chmod", Path: p, Err: err}
		}
	}
	return fd, nil
}

// writeData writes data to the new file p.
func writeData(p string, data []byte, chmod bool) error {
	fd, err := openNew(p, chmod)
	if err != nil {
		return err
	}
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
	if cerr := syscall.Close(fd); err == nil && cerr != nil && cerr != syscall.EINTR {
		err = cerr
	}
	if err != nil {
		return &os.PathError{Op: "write", Path: p, Err: err}
	}
	return nil
}

// writeFrom copies r to the new file p. An *os.File as r is copied by
// the kernel (copy_file_range), without passing through this process.
func writeFrom(p string, r io.Reader, chmod bool) error {
	fd, err := openNew(p, chmod)
	if err != nil {
		return err
	}
	f := os.NewFile(uintptr(fd), p)
	_, err = io.Copy(f, r)
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
