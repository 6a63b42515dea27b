package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Disk writes one build into a staging folder beside its destination and
// swaps it in on Commit. Create it with Begin; finish with Commit or
// Abort. WriteFile and CopyFile are safe for concurrent use; Commit and
// Abort must come after every write has returned.
//
// Each file is written by the goroutine that hands it over, before
// WriteFile or CopyFile returns, so data may be reused afterwards. Into
// the page cache, writing is work for the processor rather than waiting
// for the disk, and it is cheapest done where the page was made: handing
// files to writer goroutines cost more in thread switches than it saved
// (a 10,000-post build made 15,000-30,000 involuntary context switches
// that way and 5,000-14,000 this way, and took 4-14% longer in three
// alternated pairs). On a network file system, where each new file
// waits on a server, more writers than cores would pay again; measure
// there before changing this. Folders are made under one lock, so no
// two goroutines race to make the same one.
// A failure to write is returned at once, and again by Flush and
// Commit, which then keeps dest as it was.
//
// A name may be written only once per build: two pages claiming one URL
// would otherwise race, and which one won would depend on timing.
type Disk struct {
	dest    string // resolved absolute destination
	shown   string // destination as the caller named it
	staging string
	lock    *lock

	mu       sync.Mutex
	names    map[string]bool // files handed over so far
	finished bool            // flushed: nothing more may be written
	done     bool            // committed or aborted
	swept    chan struct{}   // closed once earlier builds' leftovers are removed
	errs     []error         // the files that could not be written

	dirMu sync.Mutex
	dirs  map[string]bool // folders made so far, slash-separated

	fileMode, dirMode bool // whether created files and folders need chmod to defeat the umask

	// reuse says the staging folder is a recycled old build (see
	// recycle.go), whose files are written over in place; listed
	// delivers what it held, so that Commit can remove what this
	// build did not write.
	reuse  bool
	listed chan listing
}

// how says how to make one output file.
type how struct {
	chmod bool // the umask would change mode 0644
	reuse bool // the file may be there already, from a recycled build
}

// diskJob is one file to write: its name and either its bytes or the
// file to copy.
type diskJob struct {
	name    string
	data    []byte
	src     fs.FS // nil when data is the file
	srcName string
}

var _ Writer = (*Disk)(nil)

// Begin checks that dest is safe to replace (see the package
// documentation), locks it, and prepares a staging folder holding the
// MarkerFile: a new one, or the build before last, hidden beside dest by
// an earlier Commit, to be written over (see recycle.go). A missing dest,
// and missing parent folders, are created on Commit and by Begin
// respectively.
//
// Symbolic links in dest are resolved first, so if dest is a link to a
// folder, the folder it points to is replaced and the link kept.
//
// If a crashed build left dest missing, Begin puts the old build back.
// Hidden builds beside dest that it does not recycle (old builds left by
// Commit, spares left by Abort, staging folders left by a build that
// died, and trash whose removal was cut short) are removed while this
// build runs.
func Begin(dest string, guard Guard) (*Disk, error) {
	abs, err := checkDest(dest, guard)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the folder that will hold %q: %w", dest, err)
	}
	lk, err := acquireLock(lockPathFor(abs), dest)
	if err != nil {
		return nil, err
	}
	d := &Disk{dest: abs, shown: dest, lock: lk, names: map[string]bool{}, dirs: map[string]bool{}}
	if err := d.start(); err != nil {
		return nil, errors.Join(err, lk.release())
	}
	return d, nil
}

func (d *Disk) start() error {
	olds, trash := recoverCrash(d.dest)
	err := checkOwned(d.dest, d.shown)
	if err == nil {
		olds, err = d.makeStaging(olds)
	}
	// Removing a large old build takes as long as writing one on a slow
	// disk, so it goes on while this build runs; Commit and Abort wait.
	// Each is first renamed as trash, so that if the removal is cut
	// short (by Control-C, or by Interrupt freeing the lock to a next
	// build), what is left is never recycled or put back as dest.
	for _, o := range olds {
		t := filepath.Join(filepath.Dir(d.dest), "."+filepath.Base(d.dest)+".clic-trash-"+randomHex())
		if os.Rename(o, t) == nil {
			trash = append(trash, t)
		}
		// One that cannot be renamed is left whole, under its own name,
		// for a later build to recycle or remove.
	}
	d.swept = make(chan struct{})
	go func() {
		defer close(d.swept)
		for _, t := range trash {
			os.RemoveAll(t)
		}
	}()
	if err != nil {
		return err
	}
	staging := d.staging
	err = os.Chmod(staging, 0o755) // MkdirTemp makes it private
	if err == nil {
		err = writeData(filepath.Join(staging, MarkerFile), []byte(markerText), how{chmod: true, reuse: d.reuse})
	}
	if err == nil {
		d.fileMode, d.dirMode, err = umaskMatters(staging)
	}
	if err != nil {
		os.RemoveAll(staging)
		return fmt.Errorf("cannot prepare the staging folder for %q: %w", d.shown, err)
	}
	if d.reuse {
		d.list()
	}
	return nil
}

// umaskMatters reports whether the process's umask would change files
// made 0644 and folders made 0755, by making one of each in dir; when it
// would not, the chmod after each create can be skipped.
func umaskMatters(dir string) (file, folder bool, err error) {
	probe := filepath.Join(dir, ".clic-probe")
	os.RemoveAll(probe) // left by a recycled build that crashed here
	if err := os.Mkdir(probe, 0o755); err != nil {
		return false, false, err
	}
	defer os.RemoveAll(probe)
	info, err := os.Stat(probe)
	if err != nil {
		return false, false, err
	}
	folder = info.Mode().Perm() != 0o755
	f, err := os.OpenFile(filepath.Join(probe, "f"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return false, false, err
	}
	info, err = f.Stat()
	f.Close()
	if err != nil {
		return false, false, err
	}
	return info.Mode().Perm() != 0o644, folder, nil
}

// checkOwned refuses a destination that exists and holds anything but has
// no MarkerFile: it is someone's folder, and Commit would delete it.
func checkOwned(dest, shown string) error {
	info, err := os.Stat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot use output folder %q: %w", shown, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("refusing to build into %q: it is a file, not a folder; choose an empty folder such as \"public\"", shown)
	}
	if m, err := os.Lstat(filepath.Join(dest, MarkerFile)); err == nil && m.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(dest)
	if err != nil {
		return fmt.Errorf("cannot use output folder %q: %w", shown, err)
	}
	defer f.Close()
	if names, _ := f.Readdirnames(1); len(names) == 0 {
		return nil
	}
	return fmt.Errorf("refusing to build into %q: it already holds files that clic did not write (it has no %s file), and each build replaces everything in its output folder; move those files elsewhere, or choose an empty folder", shown, MarkerFile)
}

// recoverCrash tidies up after a build that died while holding the lock
// (which the caller now holds, so nothing here belongs to a live build).
// It returns the hidden builds beside dest that may be recycled, spares
// (see Abort) before old builds, and those only to remove: trash whose
// removal was cut short, and the staging folders of builds that died or
// that Abort could not remove, which might fail a build that recycled
// them in the same way. Only an old build, which was once published, is
// ever put back as dest.
func recoverCrash(dest string) (recyclable, trash []string) {
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil, nil
	}
	var spares, olds []string
	for _, e := range entries {
		switch n := e.Name(); {
		case strings.HasPrefix(n, "."+base+".clic-staging-"), strings.HasPrefix(n, "."+base+".clic-trash-"):
			trash = append(trash, filepath.Join(parent, n))
		case strings.HasPrefix(n, "."+base+".clic-spare-"):
			spares = append(spares, filepath.Join(parent, n))
		case strings.HasPrefix(n, "."+base+".clic-old-"):
			olds = append(olds, filepath.Join(parent, n))
		}
	}
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) && len(olds) == 1 {
		if os.Rename(olds[0], dest) == nil {
			olds = nil
		}
	}
	return append(spares, olds...), trash
}

// WriteFile writes data to name in the staging folder, creating folders
// as needed. Files are 0644, folders 0755, whatever the umask.
func (d *Disk) WriteFile(name string, data []byte) error {
	return d.write(diskJob{name: name, data: data})
}

// CopyFile copies srcName from src to name, streaming so that large images
// are never held in memory. A copy that a recycled build holds already is
// left as it is (see copied).
func (d *Disk) CopyFile(name string, src fs.FS, srcName string) error {
	return d.write(diskJob{name: name, src: src, srcName: srcName})
}

// write checks a file's name and writes it, recording any failure.
func (d *Disk) write(j diskJob) error {
	name := j.name
	if err := CheckName(name); err != nil {
		return err
	}
	d.mu.Lock()
	finished, dup := d.finished, d.names[name]
	d.names[name] = true
	d.mu.Unlock()
	switch {
	case finished:
		return fmt.Errorf("the build into %q is already finished; write every file before Commit", d.shown)
	case dup:
		return fmt.Errorf("output file %q was written twice in one build: two pages or files have the same URL; give one of them a different slug or file name", name)
	}
	err := d.create(j)
	if err != nil {
		d.mu.Lock()
		d.errs = append(d.errs, err)
		d.mu.Unlock()
	}
	return err
}

// Flush returns what could not be written. Like Commit, it must come
// after every write has returned, and nothing may be written after it.
func (d *Disk) Flush() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.finished = true
	return errors.Join(d.errs...)
}

func (d *Disk) create(j diskJob) error {
	dir, err := d.mkdirs(path.Dir(j.name))
	if err != nil {
		return err
	}
	p := filepath.Join(dir, path.Base(j.name))
	err = d.put(p, j)
	if err != nil && d.reuse {
		if info, lerr := os.Lstat(p); lerr == nil && !info.Mode().IsRegular() {
			// In the way is a folder or link of the recycled build, or
			// a folder of this one.
			if err = d.clear(j.name, p); err == nil {
				err = d.put(p, j)
			}
		}
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("output file %q is also a folder of other files: two pages or files have clashing URLs; rename one of them", j.name)
	}
	if err != nil {
		return fmt.Errorf("cannot write output file %q: %w", j.name, err)
	}
	return nil
}

// howFiles says how this build makes its files.
func (d *Disk) howFiles() how { return how{chmod: d.fileMode, reuse: d.reuse} }

// put writes one job's file to p.
func (d *Disk) put(p string, j diskJob) error {
	if j.src == nil {
		return writeData(p, j.data, d.howFiles())
	}
	return d.copyFrom(p, j)
}

// copyFrom copies a job's source file to p.
func (d *Disk) copyFrom(p string, j diskJob) error {
	f, err := j.src.Open(j.srcName)
	if err != nil {
		return fmt.Errorf("cannot copy %s: %w", j.srcName, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", j.srcName)
	}
	if err == nil && d.reuse {
		var same bool
		if same, err = copied(p, f, info.Size()); same {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("cannot copy %s: %w", j.srcName, err)
	}
	return writeFrom(p, f, d.howFiles())
}

// mkdirs creates the slash-separated folder dir under staging, each level
// 0755, and returns its path.
func (d *Disk) mkdirs(dir string) (string, error) {
	full := filepath.Join(d.staging, filepath.FromSlash(dir))
	if dir == "." {
		return full, nil
	}
	d.dirMu.Lock()
	defer d.dirMu.Unlock()
	dirs := d.dirs
	if dirs[dir] {
		return full, nil
	}
	parts := strings.Split(dir, "/")
	for i := range parts {
		rel := strings.Join(parts[:i+1], "/")
		if dirs[rel] {
			continue
		}
		p := filepath.Join(d.staging, filepath.FromSlash(rel))
		err := os.Mkdir(p, 0o755)
		if err == nil && d.dirMode {
			err = os.Chmod(p, 0o755)
		} else if errors.Is(err, fs.ErrExist) {
			err = d.existing(rel, p)
		}
		if err != nil {
			return "", err
		}
		dirs[rel] = true
	}
	return full, nil
}

// Commit replaces dest with the staging folder. dest is renamed aside and
// the staging folder renamed into its place; if the second rename fails
// the old build is put back. So dest is missing only between two renames,
// and a crash there is repaired by the next Begin. The old build is left
// beside dest, hidden, and removed by the next Begin while that build
// runs.
func (d *Disk) Commit() error {
	if err := d.Flush(); err != nil {
		return errors.Join(err, d.Abort())
	}
	if err := d.tidy(); err != nil {
		d.mu.Lock()
		d.errs = append(d.errs, err) // not a spare: it may fail the next build likewise
		d.mu.Unlock()
		return errors.Join(err, d.Abort())
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done {
		return fmt.Errorf("the build into %q is already finished; Commit and Abort may be called once", d.shown)
	}
	d.done = true
	<-d.swept
	err := d.swap()
	if err != nil {
		os.RemoveAll(d.staging)
	}
	return errors.Join(err, d.lock.release())
}

func (d *Disk) swap() error {
	// Someone may have put files into dest since Begin.
	if err := checkOwned(d.dest, d.shown); err != nil {
		return err
	}
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		old = filepath.Join(filepath.Dir(d.dest), "."+filepath.Base(d.dest)+".clic-old-"+randomHex())
		if err := os.Rename(d.dest, old); err != nil {
			return fmt.Errorf("cannot replace %q: %w; close any program using files in it and build again", d.shown, err)
		}
	}
	if err := os.Rename(d.staging, d.dest); err != nil {
		if old != "" {
			if rerr := os.Rename(old, d.dest); rerr != nil {
				return fmt.Errorf("cannot replace %q: %w; the previous build is kept in %q: rename it back to %q", d.shown, err, old, d.shown)
			}
		}
		return fmt.Errorf("cannot replace %q: %w; the previous build is unchanged", d.shown, err)
	}
	// The old build stays, hidden, until the next build removes it while
	// it works: deleting it now would make this build wait for the disk.
	return nil
}

// Abort discards the build and leaves dest exactly as it was. Abort after
// Commit or Abort does nothing, so it can be deferred.
//
// The staging folder is kept, hidden beside dest as a spare, for the next
// build to recycle, unless a file could not be written into it: the fault
// might be in the folder itself, and would fail the next build too. A
// build stopped by a writer's mistake is most often followed by another,
// and deleting the staging folder would make both slow: on this
// project's machine, deleting a recycled 10,000-post build took 10 s
// before the failed build could exit, and the next build then made every
// file anew, just after those deletions (see recycle.go).
func (d *Disk) Abort() error {
	if !d.end() {
		return nil
	}
	<-d.swept
	d.mu.Lock()
	failed := len(d.errs) > 0
	d.mu.Unlock()
	if !failed {
		spare := filepath.Join(filepath.Dir(d.dest), "."+filepath.Base(d.dest)+".clic-spare-"+randomHex())
		if os.Rename(d.staging, spare) == nil {
			return d.lock.release()
		}
	}
	return errors.Join(os.RemoveAll(d.staging), d.lock.release())
}

// Interrupt stops the build at once, as when the writer presses
// Control-C, and leaves dest as it was. Unlike Abort, it may be called
// while files are still being written, and it waits neither for them
// nor for the removal of old builds, so it leaves the staging folder and
// any trash where they are, for the next build to remove. Writes after
// Interrupt fail.
func (d *Disk) Interrupt() error {
	if !d.end() {
		return nil
	}
	return d.lock.release()
}

// end refuses every later write and marks the build done, reporting
// whether this call did so rather than an earlier Commit, Abort or
// Interrupt.
func (d *Disk) end() bool {
	d.Flush()
	d.mu.Lock()
	defer d.mu.Unlock()
	first := !d.done
	d.done = true
	return first
}

// Dest returns the resolved absolute path of the destination.
func (d *Disk) Dest() string { return d.dest }
