package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Guard names the folders a build must never delete or replace. Paths may
// be relative (to the working directory) or absolute; symbolic links are
// resolved before comparing.
type Guard struct {
	// Source is the site folder, the one holding content/. Building into it,
	// or into a folder that contains it, is refused; building into a new
	// folder inside it, such as public/, is fine.
	Source string
	// Protected lists folders such as content/, layouts/ and static/.
	// Building into one of them, inside one, or into a folder containing
	// one is refused.
	Protected []string
}

// holds describes, for a refusal message, what a protected folder keeps.
func holds(dir string) string {
	switch strings.ToLower(filepath.Base(dir)) {
	case "content":
		return "your pages"
	case "layouts":
		return "your templates"
	case "static":
		return "your static files"
	}
	return "files clic reads"
}

// checkDest returns the resolved absolute destination, or an error saying
// why building into dest would be dangerous. shown is how dest is named in
// messages: as the writer typed it.
func checkDest(dest string, guard Guard) (string, error) {
	shown := dest
	refuse := func(why string) error {
		return fmt.Errorf("refusing to build into %q: %s", shown, why)
	}
	const choose = `choose an empty folder such as "public"`
	if strings.TrimSpace(dest) == "" {
		return "", errors.New(`no output folder given; ` + choose)
	}
	abs, err := resolve(dest)
	if err != nil {
		return "", fmt.Errorf("cannot use output folder %q: %w", shown, err)
	}
	if filepath.Dir(abs) == abs {
		return "", refuse("it is the root of the file system; " + choose)
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if home, err := resolve(home); err == nil {
			switch {
			case samePath(abs, home):
				return "", refuse("it is your home folder; " + choose)
			case within(home, abs):
				return "", refuse("it contains your home folder; " + choose)
			}
		}
	}
	if guard.Source != "" {
		src, err := resolve(guard.Source)
		if err != nil {
			return "", fmt.Errorf("cannot check output folder %q against the site folder %q: %w", shown, guard.Source, err)
		}
		switch {
		case samePath(abs, src):
			return "", refuse(`it is the site folder itself, which holds your content; ` + choose + ` inside it`)
		case within(src, abs):
			return "", refuse(fmt.Sprintf("it contains the site folder %q, and each build replaces everything in its output folder; %s", guard.Source, choose))
		}
	}
	for _, p := range guard.Protected {
		prot, err := resolve(p)
		if err != nil {
			return "", fmt.Errorf("cannot check output folder %q against %q: %w", shown, p, err)
		}
		name := displayName(p, guard.Source)
		switch {
		case samePath(abs, prot):
			return "", refuse(fmt.Sprintf("it holds %s; %s", holds(p), choose))
		case within(abs, prot):
			return "", refuse(fmt.Sprintf("it is inside %q, which holds %s; %s outside it", name, holds(p), choose))
		case within(prot, abs):
			return "", refuse(fmt.Sprintf("it contains %q, which holds %s, and each build replaces everything in its output folder; %s", name, holds(p), choose))
		}
	}
	return abs, nil
}

// displayName names a protected folder relative to the site folder when it
// is inside it, as writers think of "content" rather than a full path.
func displayName(p, source string) string {
	if source == "" {
		return p
	}
	ap, err1 := filepath.Abs(p)
	as, err2 := filepath.Abs(source)
	if err1 != nil || err2 != nil {
		return p
	}
	if rel, err := filepath.Rel(as, ap); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return p
}

// resolve makes p absolute and resolves symbolic links in as much of it
// as exists, so that two spellings of one folder compare equal even when
// the last parts are yet to be created.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	existing, rest := abs, ""
	for {
		r, err := filepath.EvalSymlinks(existing)
		if err == nil {
			return filepath.Join(r, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
}

// samePath compares resolved paths, falling back to the file system's own
// identity test so that case-insensitive volumes are handled.
func samePath(a, b string) bool {
	if a == b {
		return true
	}
	ai, err1 := os.Stat(a)
	bi, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ai, bi)
}

// within reports whether inner is strictly inside outer.
func within(inner, outer string) bool {
	if rel, err := filepath.Rel(outer, inner); err == nil && rel != "." && filepath.IsLocal(rel) {
		return true
	}
	oi, err := os.Stat(outer)
	if err != nil {
		return false
	}
	for dir := filepath.Dir(inner); ; dir = filepath.Dir(dir) {
		if di, err := os.Stat(dir); err == nil && os.SameFile(di, oi) {
			return true
		}
		if filepath.Dir(dir) == dir {
			return false
		}
	}
}
