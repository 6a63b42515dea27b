//go:build !unix

package output

import (
	"bytes"
	"io"
	"os"
)

// writeData writes data to the new file p, with mode 0644; chmod says the
// umask must be overridden.
func writeData(p string, data []byte, chmod bool) error {
	return writeFrom(p, bytes.NewReader(data), chmod)
}

// writeFrom copies r to the new file p.
func writeFrom(p string, r io.Reader, chmod bool) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if err == nil && chmod {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
