//go:build !unix

package source

import (
	"io/fs"
	"os"
)

// Open opens the file name for reading.
func (d Dir) Open(name string) (fs.File, error) {
	return os.DirFS(string(d)).Open(name)
}

// ReadFile returns the contents of the file name.
func (d Dir) ReadFile(name string) ([]byte, error) {
	return os.DirFS(string(d)).(fs.ReadFileFS).ReadFile(name)
}
