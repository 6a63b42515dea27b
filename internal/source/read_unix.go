//go:build unix

package source

import (
	"io/fs"
	"os"
	"syscall"
)

// Open opens the file name for reading. The result is an *os.File, so
// copying it to another file is done by the kernel.
func (d Dir) Open(name string) (fs.File, error) {
	fd, err := d.open("open", name)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), string(d)+"/"+name), nil
}

// ReadFile returns the contents of the file name.
func (d Dir) ReadFile(name string) ([]byte, error) {
	fd, err := d.open("read", name)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	// One byte more than the size, so that the read which finds the end
	// needs no second buffer. A file that grows while being read, or that
	// reports no size (as some special files do), still reads whole.
	data := make([]byte, 0, int(max(st.Size, 0))+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		var n int
		err := retry(func() (err error) {
			n, err = syscall.Read(fd, data[len(data):cap(data)])
			return err
		})
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
	}
}

// open opens name read-only, returning errors for the operation op.
func (d Dir) open(op, name string) (int, error) {
	if !fs.ValidPath(name) || d == "" {
		return -1, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(string(d)+"/"+name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return -1, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return fd, nil
}

// retry calls f again while the system call it makes is interrupted.
func retry(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
