// Package clic holds the default theme, embedded so the clic binary can
// build any content folder on its own. A site's own layouts/ and static/
// folders override these files one by one.
package clic

import (
	"embed"
	"io/fs"
)

// "all:" because embed otherwise skips names starting with "_", such as
// layouts/_base.html, the shell every page is drawn in.
//
//go:embed all:layouts static
var theme embed.FS

// Theme returns the default theme: a file system holding layouts/ and static/.
func Theme() fs.FS { return theme }
