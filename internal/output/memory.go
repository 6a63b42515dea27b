package output

import (
	"bytes"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// Memory is an in-memory Writer, used by the preview server and tests. It
// is safe for concurrent use, and is an fs.FS, so
// http.FileServer(http.FS(mem)) serves it. Folders exist implicitly: a
// folder is there while some file is below it.
//
// Files and directories report a zero modification time, so serving the
// same build twice gives the same responses.
type Memory struct {
	mu    sync.RWMutex
	files cow[[]byte]
	dirs  cow[int] // every folder that holds a file, at any depth, with how many
	// lazy holds the files made only when first read (see AdoptLazy);
	// files has a nil entry for each.
	lazy map[string]*lazyFile
}

// lazyFile is a file made when first read.
type lazyFile struct {
	size int
	make func() []byte // safe for concurrent use, and always returns the same bytes
}

var (
	_ Writer         = (*Memory)(nil)
	_ fs.ReadFileFS  = (*Memory)(nil)
	_ fs.ReadDirFile = (*memDir)(nil)
)

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{} }

// WriteFile stores a copy of data under name, replacing any earlier file of
// that name. Unlike Disk it allows rewrites, since the preview server
// rebuilds pages in place.
func (m *Memory) WriteFile(name string, data []byte) error {
	data = bytes.Clone(data)
	if data == nil {
		data = []byte{}
	}
	return m.Adopt(name, data)
}

// Adopt stores data under name without copying it: the preview server
// hands a new build the unchanged files of the last one this way. The
// caller must never change data afterwards.
func (m *Memory) Adopt(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.adopt(name, data, nil)
}

// AdoptLazy stores a file of size bytes that make makes when the file is
// first read. The preview makes large files that list every page, such
// as the search index, this way: after an edit, a browser fetches the
// page it shows, not them. make must be safe to call concurrently and
// must return the same bytes each time, which the caller never changes.
func (m *Memory) AdoptLazy(name string, size int, make func() []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.adopt(name, nil, &lazyFile{size: size, make: make})
}

func (m *Memory) adopt(name string, data []byte, lazy *lazyFile) error {
	if err := m.checkShape(name); err != nil {
		return err
	}
	if _, ok := m.files.get(name); !ok {
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			n, _ := m.dirs.get(dir)
			m.dirs.set(dir, n+1)
		}
	}
	m.files.set(name, data)
	if lazy == nil {
		delete(m.lazy, name)
		return nil
	}
	if m.lazy == nil {
		m.lazy = map[string]*lazyFile{}
	}
	m.lazy[name] = lazy
	return nil
}

// Clone returns a new Memory holding the same files, which share their
// bytes with m. The preview builds into a clone of its last good build,
// so that the files a change leaves alone are there already. Cloning
// costs little however many files there are: the two share their tables
// of names until either changes them (see cow).
func (m *Memory) Clone() *Memory {
	m.mu.Lock() // the tables become shared, which m must note
	defer m.mu.Unlock()
	return &Memory{files: m.files.clone(), dirs: m.dirs.clone(), lazy: maps.Clone(m.lazy)}
}

// Len returns the number of files.
func (m *Memory) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.files.len()
}

// Prune deletes every file keep says no to; a folder goes when its last
// file does.
func (m *Memory) Prune(keep func(name string) bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var gone []string
	for name := range m.files.all() {
		if !keep(name) {
			gone = append(gone, name)
		}
	}
	m.remove(gone)
}

// Remove deletes the named files, if there; a folder goes when its last
// file does.
func (m *Memory) Remove(names ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.remove(names)
}

func (m *Memory) remove(names []string) {
	for _, name := range names {
		if _, ok := m.files.get(name); !ok {
			continue
		}
		m.files.delete(name)
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if n, _ := m.dirs.get(dir); n > 1 {
				m.dirs.set(dir, n-1)
			} else {
				m.dirs.delete(dir)
			}
		}
		delete(m.lazy, name)
	}
}

// checkShape refuses a name that would make a path both a file and a
// folder, which no disk could hold.
func (m *Memory) checkShape(name string) error {
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		if _, ok := m.files.get(dir); ok {
			return &fs.PathError{Op: "write", Path: name, Err: errorString("a file named " + dir + " already exists where a folder is needed; two outputs have clashing URLs")}
		}
	}
	if n, _ := m.dirs.get(name); n > 0 {
		return &fs.PathError{Op: "write", Path: name, Err: errorString("it is already a folder holding other files; two outputs have clashing URLs")}
	}
	return nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

// Files returns a new map of every file. The map is the caller's to
// change, but the byte slices are shared with m and must be treated as
// read-only.
func (m *Memory) Files() map[string][]byte {
	m.mu.RLock()
	files, lazy := maps.Collect(m.files.all()), maps.Clone(m.lazy)
	m.mu.RUnlock()
	for name, lf := range lazy {
		files[name] = lf.make()
	}
	return files
}

// Get returns the named file. The slice is shared with m: do not modify it.
func (m *Memory) Get(name string) ([]byte, bool) {
	m.mu.RLock()
	data, ok := m.files.get(name)
	lf := m.lazy[name]
	m.mu.RUnlock()
	if lf != nil {
		data = lf.make() // outside the lock: it may take a while
	}
	return data, ok
}

// Names returns the names of all files, sorted.
func (m *Memory) Names() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Sorted(m.files.keys())
}

// ReadFile implements fs.ReadFileFS. The result is a copy.
func (m *Memory) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	data, ok := m.Get(name)
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(data), nil
}

// Open implements fs.FS. A folder's listing is taken when it is opened.
func (m *Memory) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := m.Get(name); ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, Reader: bytes.NewReader(data)}, nil
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if n, _ := m.dirs.get(name); name != "." && n == 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	prefix := name + "/"
	if name == "." {
		prefix = ""
	}
	seen := map[string]fs.DirEntry{}
	for n, data := range m.files.all() {
		rest, ok := strings.CutPrefix(n, prefix)
		if !ok {
			continue
		}
		if child, _, isDir := strings.Cut(rest, "/"); isDir {
			seen[child] = memInfo{name: child, dir: true}
		} else {
			size := len(data)
			if lf := m.lazy[n]; lf != nil {
				size = lf.size
			}
			seen[child] = memInfo{name: child, size: int64(size)}
		}
	}
	entries := slices.SortedFunc(maps.Values(seen), func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: entries}, nil
}

// memInfo is both the fs.FileInfo and the fs.DirEntry of a file or folder.
type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string               { return i.name }
func (i memInfo) Size() int64                { return i.size }
func (i memInfo) ModTime() time.Time         { return time.Time{} }
func (i memInfo) IsDir() bool                { return i.dir }
func (i memInfo) Sys() any                   { return nil }
func (i memInfo) Type() fs.FileMode          { return i.Mode().Type() }
func (i memInfo) Info() (fs.FileInfo, error) { return i, nil }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

// memFile is an open file. Embedding bytes.Reader gives it Seek and
// ReadAt, which http.FileServer needs for range requests.
type memFile struct {
	info memInfo
	*bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	info    memInfo
	entries []fs.DirEntry
	off     int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Close() error               { return nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}

func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.off += len(rest)
	return slices.Clone(rest), nil
}
