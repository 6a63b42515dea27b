package output

import (
	"io/fs"
	"syscall"
	"time"
)

// changeTime returns when a file's inode last changed (ctime), if known.
func changeTime(info fs.FileInfo) (time.Time, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(st.Ctim.Sec, st.Ctim.Nsec), true
}
