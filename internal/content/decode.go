package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/clic-cumbria/clic/internal/diag"
)

// decoder reads typed values out of front matter nodes, recording a
// positioned, plain-English diagnostic for each value it cannot use.
type decoder struct {
	file string
	loc  *time.Location
	dl   *diag.List
}

// fields maps a front matter key to the function that stores its value.
type fields map[string]func(n *yaml.Node)

// mapping walks a mapping node, calling the field for each key. An unknown
// key is a warning naming the nearest known key, because a misspelt key
// would otherwise be silently ignored and the writer left wondering.
func (d *decoder) mapping(n *yaml.Node, fs fields, what string) {
	if n.Kind != yaml.MappingNode {
		d.dl.Errorf(pos(d.file, n), "%s must be a group of settings written as \"key: value\" lines, not %s", what, describe(n))
		return
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := strings.ToLower(k.Value)
		if prev, dup := seen[key]; dup {
			d.dl.Errorf(pos(d.file, k), "%q is set twice (first on line %d); keep one of them", k.Value, prev.Line)
			continue
		}
		seen[key] = k
		f, ok := fs[key]
		if !ok {
			d.unknown(k, fs, what)
			continue
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue // "key:" with nothing after it means "not set"
		}
		f(v)
	}
}

func (d *decoder) unknown(k *yaml.Node, fs fields, what string) {
	known := make([]string, 0, len(fs))
	for name := range fs {
		known = append(known, name)
	}
	slices.Sort(known)
	if s := nearest(strings.ToLower(k.Value), known); s != "" {
		d.dl.Warnf(pos(d.file, k), "unknown setting %q in %s; did you mean %q?", k.Value, what, s)
		return
	}
	d.dl.Warnf(pos(d.file, k), "unknown setting %q in %s is ignored; known settings are: %s", k.Value, what, strings.Join(known, ", "))
}

func (d *decoder) str(dst *string, key string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			d.dl.Errorf(pos(d.file, n), "%s must be text, not %s; write it on one line after \"%s:\"", key, describe(n), key)
			return
		}
		*dst = strings.TrimSpace(n.Value)
		d.cutShort(n, key)
	}
}

// cutShort warns when a line's text was cut short at " #", which YAML
// reads as the start of a note to oneself, so that "title: Our #1
// course" would otherwise publish the title "Our" without a word.
func (d *decoder) cutShort(n *yaml.Node, key string) {
	if n.Kind != yaml.ScalarNode || n.Style != 0 || n.LineComment == "" {
		return
	}
	whole := strings.TrimSpace(n.Value + " " + n.LineComment)
	d.dl.Warnf(pos(d.file, n), "%s stops before %q, because \" #\" starts a note that is not published; to keep it, put the whole text in quotes: %s: %q", key, n.LineComment, key, whole)
}

// strs accepts a list, or a single value as a list of one, since writers
// often type "tags: news" for one tag.
func (d *decoder) strs(dst *[]string, key string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		switch n.Kind {
		case yaml.ScalarNode:
			if v := strings.TrimSpace(n.Value); v != "" {
				*dst = []string{v}
				if strings.Contains(v, ",") && n.Style == 0 {
					d.dl.Warnf(pos(d.file, n), "%s is one item, %q; to give several, write them as a list in square brackets: %s: [%s]", key, v, key, v)
				}
			}
			d.cutShort(n, key)
		case yaml.SequenceNode:
			out := make([]string, 0, len(n.Content))
			for _, c := range n.Content {
				if c.Kind != yaml.ScalarNode {
					d.dl.Errorf(pos(d.file, c), "each item of %s must be text, not %s", key, describe(c))
					continue
				}
				if v := strings.TrimSpace(c.Value); v != "" {
					out = append(out, v)
				}
			}
			*dst = out
		default:
			d.dl.Errorf(pos(d.file, n), "%s must be a list such as [one, two], not %s", key, describe(n))
		}
	}
}

func (d *decoder) boolean(dst *bool, key string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		switch strings.ToLower(n.Value) {
		case "true":
			*dst = true
			return
		case "false":
			*dst = false
			return
		}
		d.dl.Errorf(pos(d.file, n), "%s must be true or false, not %s", key, describe(n))
	}
}

func (d *decoder) integer(dst *int, key string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		v, err := strconv.Atoi(strings.TrimSpace(n.Value))
		if n.Kind != yaml.ScalarNode || err != nil {
			d.dl.Errorf(pos(d.file, n), "%s must be a whole number such as 3, not %s", key, describe(n))
			return
		}
		*dst = v
	}
}

// dateLayouts are the forms a writer may use. Times without a zone are
// Europe/London wall-clock times, which is what a writer in Cumbria means.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	time.DateOnly,
}

func (d *decoder) date(dst *time.Time, key string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if t, ok := d.parseDate(n, key); ok {
			*dst = t
		}
	}
}

func (d *decoder) parseDate(n *yaml.Node, key string) (time.Time, bool) {
	s := strings.TrimSpace(n.Value)
	if n.Kind != yaml.ScalarNode || s == "" {
		d.dl.Errorf(pos(d.file, n), "%s must be a date written as YYYY-MM-DD, such as 2020-03-01, not %s", key, describe(n))
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		t, err := time.ParseInLocation(layout, s, d.loc)
		if err == nil {
			return t, true
		}
		if pe, ok := err.(*time.ParseError); ok && strings.Contains(pe.Message, "out of range") {
			d.dl.Errorf(pos(d.file, n), "%s %q is not a real date: %s", key, s, impossible(s, strings.TrimPrefix(pe.Message, ": ")))
			return time.Time{}, false
		}
	}
	d.dl.Errorf(pos(d.file, n), "%s %q is not a date clic understands; write it as YYYY-MM-DD, such as 2020-03-01, or with a time as 2020-03-01T09:30", key, s)
	return time.Time{}, false
}

// impossible turns the time package's "day out of range" into why the
// date cannot exist and how to fix it, in words a writer uses.
func impossible(s, why string) string {
	var y, m, day int
	if _, err := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &day); err == nil {
		const fix = "; check the day and the month, written as YYYY-MM-DD"
		switch {
		case strings.HasPrefix(why, "month"):
			return fmt.Sprintf("there is no month %d%s", m, fix)
		case strings.HasPrefix(why, "day") && day < 1:
			return "days are numbered from 01" + fix
		case strings.HasPrefix(why, "day"):
			days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			return fmt.Sprintf("%s %d has %d days%s", time.Month(m), y, days, fix)
		}
	}
	return "the " + strings.Replace(why, " out of range", " is out of range", 1) +
		"; write the time on the 24-hour clock, such as 2020-03-01T14:30"
}

// choice accepts one of a fixed set of words, compared without case.
func (d *decoder) choice(dst *string, key string, options ...string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		v := strings.ToLower(strings.TrimSpace(n.Value))
		if n.Kind == yaml.ScalarNode && slices.Contains(options, v) {
			*dst = v
			return
		}
		d.dl.Errorf(pos(d.file, n), "%s must be one of %s, not %s", key, quoteAll(options), describe(n))
	}
}

// link accepts an http(s) URL or an email address, the two ways people book.
func (d *decoder) link(dst *string, key string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		v := strings.TrimSpace(n.Value)
		if u, err := url.Parse(v); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			*dst = v
			return
		}
		if a, err := mail.ParseAddress(strings.TrimPrefix(v, "mailto:")); err == nil {
			*dst = "mailto:" + a.Address
			return
		}
		d.dl.Errorf(pos(d.file, n), "%s must be a web address starting https:// or an email address, not %s", key, describe(n))
	}
}

// list decodes each item of a sequence with item.
func (d *decoder) list(key string, item func(n *yaml.Node)) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.SequenceNode {
			d.dl.Errorf(pos(d.file, n), "%s must be a list, with each item on its own line starting \"- \"", key)
			return
		}
		for _, c := range n.Content {
			item(c)
		}
	}
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// nearest returns the candidate closest to s if it is close enough to be
// a slip of the fingers: one edit for names of up to five letters, and up
// to a third of the name (at most three) for longer ones. Without the
// limit short names match nearly anything ("name" would suggest "date").
// Ties go to the earlier candidate.
func nearest(s string, candidates []string) string {
	best, bestD := "", 0
	for _, c := range candidates {
		d := distance(s, c)
		if d <= min(3, max(1, len(c)/3)) && (best == "" || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance, counting an adjacent swap
// as one edit because "tilte" is one slip of the fingers, not two.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
