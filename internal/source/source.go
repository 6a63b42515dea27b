// Package source is a site's folder on disk, read as an fs.FS.
//
// Dir behaves as os.DirFS does: names are slash-separated, relative and
// checked with fs.ValidPath; symbolic links are followed; errors are
// *fs.PathError naming the file as it was asked for, so errors.Is(err,
// fs.ErrNotExist) works. It differs only in cost. On Unix it opens and
// reads files with bare system calls, because os.Open tries every file
// in the runtime's poller, which for a regular file is four fcntl calls
// and an epoll_ctl that always fails. Where a system call is dear, as on
// a virtual machine, that tripled the cost of reading a small file, and
// a site is thousands of small files.
package source

import (
	"io/fs"
	"os"
)

// Dir is the folder at a path on disk.
type Dir string

var (
	_ fs.ReadFileFS = Dir("")
	_ fs.ReadDirFS  = Dir("")
	_ fs.StatFS     = Dir("")
)

// ReadDir lists the folder name, sorted by file name.
func (d Dir) ReadDir(name string) ([]fs.DirEntry, error) {
	return os.DirFS(string(d)).(fs.ReadDirFS).ReadDir(name)
}

// Stat describes the file name.
func (d Dir) Stat(name string) (fs.FileInfo, error) {
	return os.DirFS(string(d)).(fs.StatFS).Stat(name)
}
