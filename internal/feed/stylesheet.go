package feed

import _ "embed"

//go:embed feed.xsl
var stylesheet []byte

// Stylesheet returns an XSLT 1.0 stylesheet that browsers apply to the RSS
// and Atom files, turning them into a plain page that says what a web feed
// is and how to follow it, then lists the entries with their dates and
// summaries. It makes no network requests and runs no script, so it works
// under a strict Content-Security-Policy. Write it at the site path given
// in Feed.Stylesheet. The result is a fresh copy the caller may change.
func Stylesheet() []byte { return append([]byte(nil), stylesheet...) }
