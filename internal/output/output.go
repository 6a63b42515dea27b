// Package output writes a built site to its destination. It is the last
// stage of the pipeline and the only package that imports the minifier.
//
// Every stage before it hands over finished files through the Writer
// interface, by slash-separated name relative to the site root, such as
// "posts/welcome/index.html". Two Writers are provided:
//
//   - Memory keeps the site in memory for the preview server and tests, and
//     serves it as an fs.FS.
//   - Disk builds into a hidden staging folder beside the destination and
//     swaps it in whole on Commit, so readers of the destination see either
//     the previous build or the new one, never a half-written mix, and
//     files deleted from the source disappear from the output. The
//     staging folder is the build before last when there is one, written
//     over in place, which is much cheaper than making every file anew;
//     a failed build's staging folder is kept for the next build likewise.
//
// Because a Disk build replaces everything in its destination, Begin
// refuses any destination where that could destroy a writer's work: the
// site folder, its content/, layouts/ or static/ folders (or any folder
// containing or inside them), the file system root, the home folder, and
// any non-empty folder that clic did not create. clic marks the folders it
// creates with a MarkerFile. A lock file beside the destination stops two
// builds from writing to it at once.
//
// Names are checked before anything is written: a name that could escape
// the destination (absolute, "..", backslashes, control characters) is an
// error, never silently cleaned.
//
// Minifier shrinks files by extension. It never changes what a reader
// sees: HTML keeps its document tags, end tags and attribute quotes, and
// XML keeps all its text (see Minifier for why).
package output

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// Writer receives the built site. name is a slash path relative to the
// site root, e.g. "posts/welcome/index.html".
type Writer interface {
	WriteFile(name string, data []byte) error
}

// MarkerFile is the name of the file that clic writes into every output
// folder it creates. Its presence is what lets a later build replace the
// folder; without it a non-empty folder is assumed to hold someone's work.
const MarkerFile = ".clic-output"

// markerText is the content of MarkerFile, addressed to a person who finds it.
const markerText = "This folder is written by clic build; its contents are replaced on every build.\n"

// CheckName reports whether name is a safe output name: a non-empty,
// slash-separated path that stays inside the site root on every operating
// system. Names are rejected rather than cleaned, because a name like
// "../x" is a bug in whatever produced it.
func CheckName(name string) error {
	why := ""
	switch {
	case name == "" || name == ".":
		why = "it is empty"
	case strings.HasPrefix(name, "/"):
		why = "it starts with a slash"
	case strings.ContainsRune(name, '\\'):
		why = "it contains a backslash; use forward slashes"
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		why = "it contains a control character"
	case !fs.ValidPath(name):
		why = `it contains ".", ".." or an empty part`
	case !filepath.IsLocal(filepath.FromSlash(name)):
		why = "it is not a plain path inside the site on this operating system"
	case name == MarkerFile:
		why = "that name is reserved for clic's own marker file"
	default:
		return nil
	}
	return fmt.Errorf("cannot write output file %q: %s; output names must be slash-separated paths inside the site, such as \"posts/welcome/index.html\"", name, why)
}
