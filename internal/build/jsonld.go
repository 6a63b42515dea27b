package build

import (
	"encoding/json"
	"html/template"
	"regexp"
	"strings"
	"time"

	"github.com/clic-cumbria/clic/internal/content"
)

// Course pages describe themselves to search engines as a schema.org
// Course, with one CourseInstance per session, so a search for a course
// can show its dates and place.
//
// The layout puts it in <script type="application/ld+json">. That is a
// data block, not a script: browsers never run it (HTML "prepare the
// script element" stops at an unknown type before Content Security
// Policy is consulted), so the site's CSP, which allows no inline
// script, neither blocks it nor needs an exception for it.

type ldCourse struct {
	Context     string       `json:"@context"`
	Type        string       `json:"@type"`
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	URL         string       `json:"url"`
	InLanguage  string       `json:"inLanguage,omitempty"`
	Provider    *ldOrg       `json:"provider,omitempty"`
	Audience    *ldAudience  `json:"audience,omitempty"`
	Offers      *ldOffer     `json:"offers,omitempty"`
	Instances   []ldInstance `json:"hasCourseInstance,omitempty"`
}

type ldOrg struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type ldAudience struct {
	Type         string `json:"@type"`
	AudienceType string `json:"audienceType"`
}

type ldOffer struct {
	Type          string `json:"@type"`
	Category      string `json:"category,omitempty"` // "Free" or "Paid"
	Price         string `json:"price,omitempty"`
	PriceCurrency string `json:"priceCurrency,omitempty"`
	Description   string `json:"description"` // the cost as the writer put it
	URL           string `json:"url,omitempty"`
}

type ldInstance struct {
	Type        string    `json:"@type"`
	CourseMode  string    `json:"courseMode"` // onsite, online or blended
	StartDate   string    `json:"startDate"`
	EndDate     string    `json:"endDate,omitempty"`
	Location    []ldWhere `json:"location,omitempty"`
	EventStatus string    `json:"eventStatus,omitempty"`
	Instructors []ldName  `json:"instructor,omitempty"`
}

type ldWhere struct {
	Type    string `json:"@type"` // Place or VirtualLocation
	Name    string `json:"name,omitempty"`
	Address string `json:"address,omitempty"`
	URL     string `json:"url,omitempty"`
}

type ldName struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// priceRE finds an amount in pounds in a cost such as "£25 for all three sessions".
var priceRE = regexp.MustCompile(`£\s?(\d+(?:\.\d\d)?)`)

// courseJSONLD describes a course page. It is JSON marshalled with HTML
// escaping, so "<", ">" and "&" are \u escapes and the text can never
// close its <script> element.
func (b *builder) courseJSONLD(p *content.Page) template.JS {
	c := p.Course
	s := b.site.Settings
	permalink := b.abs(p.URL)
	d := ldCourse{
		Context: "https://schema.org", Type: "Course",
		Name: p.Title, Description: p.Summary, URL: permalink, InLanguage: s.Language,
	}
	if s.Organisation != "" {
		d.Provider = &ldOrg{Type: "Organization", Name: s.Organisation, URL: s.BaseURL}
	}
	if c.Audience != "" {
		d.Audience = &ldAudience{Type: "Audience", AudienceType: c.Audience}
	}
	if c.Cost != "" {
		o := &ldOffer{Type: "Offer", Description: c.Cost, URL: permalink}
		if m := priceRE.FindStringSubmatch(c.Cost); m != nil {
			o.Category, o.Price, o.PriceCurrency = "Paid", m[1], "GBP"
		} else if strings.Contains(strings.ToLower(c.Cost), "free") {
			o.Category, o.Price, o.PriceCurrency = "Free", "0", "GBP"
		}
		d.Offers = o
	}
	var instructors []ldName
	for _, f := range c.Facilitators {
		instructors = append(instructors, ldName{Type: "Person", Name: f})
	}
	for _, sess := range c.Sessions {
		in := ldInstance{Type: "CourseInstance", StartDate: isoTime(sess.Start), EndDate: isoTime(sess.End), Instructors: instructors}
		if sess.Venue != "" || sess.Address != "" {
			in.Location = append(in.Location, ldWhere{Type: "Place", Name: sess.Venue, Address: sess.Address})
		}
		if sess.Online != "" {
			w := ldWhere{Type: "VirtualLocation", URL: sess.Online}
			if !strings.Contains(sess.Online, "://") {
				w = ldWhere{Type: "VirtualLocation", Name: sess.Online}
			}
			in.Location = append(in.Location, w)
		}
		switch {
		case len(in.Location) == 2:
			in.CourseMode = "blended"
		case sess.Online != "":
			in.CourseMode = "online"
		default:
			in.CourseMode = "onsite"
		}
		if c.Status == "cancelled" {
			in.EventStatus = "https://schema.org/EventCancelled"
		}
		d.Instances = append(d.Instances, in)
	}
	data, err := json.Marshal(d)
	if err != nil {
		return "" // cannot happen: only strings and slices of them
	}
	return template.JS(data)
}

// isoTime is ISO 8601 with the London offset, as schema.org dates want.
func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(content.London()).Format("2006-01-02T15:04:05-07:00")
}
