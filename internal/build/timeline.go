package build

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/clic-cumbria/clic/internal/content"
	"github.com/clic-cumbria/clic/internal/diag"
)

// The project timeline (content/timeline.md) and the reflective logs are
// tied together: a log says which milestone it closes with its
// `milestone` key, and the two pages link to each other.
//
// The rule for matching is: a log closes the milestone whose title has
// the same words as the log's `milestone`, ignoring capitals, spacing and
// punctuation (the two make the same slug). "6 Month Review and report"
// matches "6 month review and report"; "6 month review" does not, since
// a shorter text could match more than one milestone. A milestone whose
// `link` names a log is closed by that log whatever its `milestone` says.

// timelineFile is where the project plan lives.
const timelineFile = "content/timeline.md"

// MilestoneView is one step of the project timeline, ready to show.
type MilestoneView struct {
	Date   time.Time
	Title  string
	Status string // planned or done
	// Link is where the milestone's title links: its `link` made into a
	// site path or URL, else the log that closes it; "" for none.
	Link string
	ID   string // anchor on the timeline page: "milestone-" + slug of the title
	Past bool   // the date is on or before the day of the build
}

// milestoneID is the anchor of a milestone with this title.
func milestoneID(title string) string {
	return "milestone-" + content.Slugify(title)
}

// milestoneIDs lists the anchors of the timeline page's milestones, in
// order, followed by "today", the marker of the build date. Links into
// the timeline are checked against them.
func milestoneIDs(p *content.Page) []string {
	if len(p.Timeline) == 0 {
		return nil
	}
	ids := make([]string, 0, len(p.Timeline)+1)
	seen := map[string]int{}
	for _, m := range p.Timeline {
		id := milestoneID(m.Title)
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s-%d", id, n) // two milestones of one name still need two anchors
		}
		ids = append(ids, id)
	}
	return append(ids, "today")
}

// timelineViews fills in the timeline page's milestones and each log's
// link to the milestone it closes.
func (b *builder) timelineViews(dl *diag.List) {
	tp := b.site.Page(timelineFile)
	if tp == nil || b.view[tp] == nil {
		return
	}
	tv := b.view[tp]
	byKey := map[string]int{} // slug of title -> index
	ids := milestoneIDs(tp)
	for i, m := range tp.Timeline {
		id := ids[i]
		if _, dup := byKey[content.Slugify(m.Title)]; !dup {
			byKey[content.Slugify(m.Title)] = i
		}
		mv := MilestoneView{Date: m.Date, Title: m.Title, Status: m.Status, ID: id, Past: !m.Date.After(b.opts.Now)}
		if m.Link != "" {
			mv.Link = b.resolve(tp, m.Link)
			if target, _ := splitFragment(mv.Link); strings.HasSuffix(target, ".md") {
				why := "which is not a page; give the path from the content folder, such as logs/nine-month-review.md"
				if b.site.Skipped[path.Join(path.Dir(tp.File), target)] != nil {
					why = "which is a draft or scheduled, so it is not published yet; remove the link or publish the page"
				}
				dl.Errorf(m.LinkAt, "milestone %q links to %q, %s", m.Title, m.Link, why)
			}
		}
		tv.Milestones = append(tv.Milestones, mv)
	}
	tv.TodayIndex = len(tv.Milestones)
	for i, m := range tv.Milestones {
		if !m.Past {
			tv.TodayIndex = i
			break
		}
	}

	for _, p := range b.site.Pages {
		if p.Log == nil {
			continue
		}
		i, ok := -1, false
		for j, m := range tp.Timeline {
			if m.Link != "" && b.resolve(tp, m.Link) == p.URL {
				i, ok = j, true
				break
			}
		}
		if !ok && p.Log.Milestone != "" {
			i, ok = byKey[content.Slugify(p.Log.Milestone)]
		}
		if !ok {
			if p.Log.Milestone != "" {
				l, c := p.KeyLine("milestone")
				dl.Warnf(diag.Pos{File: p.File, Line: l, Col: c}, "milestone %q matches no milestone on the timeline (%s), so this log cannot link to it; %s",
					p.Log.Milestone, timelineFile, suggestMilestone(p.Log.Milestone, tp.Timeline))
			}
			continue
		}
		mv := &tv.Milestones[i]
		b.view[p].Milestone = &Link{Title: mv.Title, URL: tp.URL + "#" + mv.ID}
		if mv.Link == "" {
			mv.Link = p.URL
		}
	}
}

// suggestMilestone tells the writer what to write instead.
func suggestMilestone(text string, ms []content.Milestone) string {
	key := content.Slugify(text)
	var close []string
	for _, m := range ms {
		if k := content.Slugify(m.Title); key != "" && (strings.HasPrefix(k, key) || strings.HasPrefix(key, k)) {
			close = append(close, fmt.Sprintf("%q", m.Title))
		}
	}
	if len(close) > 0 {
		return "write the milestone's title as the timeline has it: " + strings.Join(close, " or ")
	}
	return "write the title of one of its milestones exactly as the timeline has it"
}
