package output

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// lock is a lock file beside the destination, created only whole: its
// content (pid and a random token) is written to a temporary file that is
// then hard-linked into place, which fails if the lock exists. A reader
// therefore never sees a half-written lock.
//
// A second build does not wait: it fails at once, naming the pid that
// holds the lock. A lock whose pid is no longer running was left by a
// crashed build and is taken over.
type lock struct {
	path    string
	content []byte
}

func randomHex() string {
	var b [8]byte
	rand.Read(b[:]) // never returns an error
	return hex.EncodeToString(b[:])
}

func acquireLock(lockPath, shown string) (*lock, error) {
	l := &lock{path: lockPath, content: fmt.Appendf(nil, "%d\n%s\n", os.Getpid(), randomHex())}
	tmp := lockPath + ".tmp-" + randomHex()
	if err := os.WriteFile(tmp, l.content, 0o644); err != nil {
		return nil, fmt.Errorf("cannot create the lock file for %q: %w; check that its parent folder is writable", shown, err)
	}
	defer os.Remove(tmp)
	// A few rounds cover losing a race with another build taking over the
	// same stale lock; each round either succeeds or finds a live holder.
	for range 5 {
		err := os.Link(tmp, lockPath)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			err = createExcl(lockPath, l.content) // file systems without hard links
		}
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("cannot create the lock file for %q: %w; check that its parent folder is writable", shown, err)
		}
		held, err := os.ReadFile(lockPath)
		if errors.Is(err, fs.ErrNotExist) {
			continue // released meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read the lock file %q: %w", lockPath, err)
		}
		if pid, ok := lockPID(held); ok && processAlive(pid) {
			return nil, fmt.Errorf("another clic build is writing to %q (pid %d); wait for it to finish, or if no clic build is running, delete %q", shown, pid, lockPath)
		}
		takeOver(lockPath, held)
	}
	return nil, fmt.Errorf("cannot lock %q: the lock file %q keeps changing; another clic build is probably starting, so wait for it to finish", shown, lockPath)
}

func createExcl(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// takeOver removes a stale lock, but only the one that was judged stale:
// it moves the lock aside first (only one build can win that move) and
// puts it back if it turns out to be a newer, live lock.
func takeOver(lockPath string, stale []byte) {
	aside := lockPath + ".stale-" + randomHex()
	if err := os.Rename(lockPath, aside); err != nil {
		return
	}
	defer os.Remove(aside)
	if now, err := os.ReadFile(aside); err == nil && !bytes.Equal(now, stale) {
		os.Link(aside, lockPath) // someone else's fresh lock: restore it
	}
}

// lockPID reads the pid on the lock's first line.
func lockPID(content []byte) (int, bool) {
	first, _, _ := strings.Cut(string(content), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	return pid, err == nil && pid > 0
}

// processAlive reports whether pid names a running process. Any doubt
// counts as alive, so a live build's lock is never stolen.
func processAlive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if runtime.GOOS == "windows" {
		return true // FindProcess succeeds only for existing processes there
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || !errors.Is(err, os.ErrProcessDone) && !errors.Is(err, syscall.ESRCH)
}

// release removes the lock if it is still ours.
func (l *lock) release() error {
	held, err := os.ReadFile(l.path)
	if err != nil || !bytes.Equal(held, l.content) {
		return nil
	}
	return os.Remove(l.path)
}

// lockPathFor names the lock file of an absolute destination.
func lockPathFor(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".clic-lock")
}
