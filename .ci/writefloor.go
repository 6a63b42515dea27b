//go:build ignore

// writefloor measures the writing floor: the least time in which any
// builder could write a finished site of the same shape, rendering
// nothing. It reads a build into memory, then writes it into a new folder
// on one goroutine per core, with the fewest system calls a builder
// could make: one mkdir per folder, and open, write and close per file.
//
//	go run .ci/writefloor.go FROM TO
//
// .ci/bench-compare sets this beside the goldmark floor: a full build can
// be no quicker than either, and on a machine where making a file is
// dear, writing is the larger.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

type file struct {
	name string
	data []byte
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run .ci/writefloor.go FROM TO")
		os.Exit(2)
	}
	from, to := os.Args[1], os.Args[2]
	var files []file
	var levels [][]string // folders by depth, so parents come first
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			depth := 0
			if rel != "." {
				depth = strings.Count(rel, string(filepath.Separator)) + 1
			}
			for len(levels) <= depth {
				levels = append(levels, nil)
			}
			levels[depth] = append(levels[depth], filepath.Join(to, rel))
			return nil
		}
		data, err := os.ReadFile(p)
		files = append(files, file{filepath.Join(to, rel), data})
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "writefloor:", err)
		os.Exit(1)
	}
	start := time.Now()
	for _, level := range levels {
		each(len(level), func(i int) error { return syscall.Mkdir(level[i], 0o755) })
	}
	each(len(files), func(i int) error {
		fd, err := syscall.Open(files[i].name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if err != nil {
			return err
		}
		_, err = syscall.Write(fd, files[i].data)
		if cerr := syscall.Close(fd); err == nil {
			err = cerr
		}
		return err
	})
	fmt.Printf("%.2f\n", time.Since(start).Seconds())
}

// each calls f for 0 to n-1 on one goroutine per core, and exits at the
// first error.
func each(n int, f func(int) error) {
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if err := f(i); err != nil {
					fmt.Fprintln(os.Stderr, "writefloor:", err)
					os.Exit(1)
				}
			}
		})
	}
	wg.Wait()
}
