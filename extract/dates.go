package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
)

// dateExpr is a date written in a sentence.
type dateExpr struct {
	start, end int    // byte offsets in the sentence
	text       string // as written
	prep       string // the word before it, lower case: "on", "in", "since"…
	date       armswatch.Date
	// relative is true when the date needs the document's date ("Nov. 9",
	// "on the 21st", "in early January", "on Friday").
	relative bool
}

const monthRE = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)`

var (
	reMonthDayYear = regexp.MustCompile(`\b(` + monthRE + `)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	reDayMonthYear = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthRE + `),?\s+(\d{4})\b`)
	reMonthYear    = regexp.MustCompile(`\b(?:(early|mid|late)[- ])?(` + monthRE + `),?\s+(\d{4})\b`)
	reMonthDay     = regexp.MustCompile(`\b(` + monthRE + `)\s+(\d{1,2})(?:st|nd|rd|th)?\b`)
	reDayMonth     = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthRE + `)\b`)
	reMonth        = regexp.MustCompile(`\b(?:(early|mid|late)[- ])?(` + monthRE + `)\b`)
	reOrdinalDay   = regexp.MustCompile(`\bthe\s+(\d{1,2})(st|nd|rd|th)(?:\s+of\s+(last|this|next)\s+month)?\b`)
	reWeekday      = regexp.MustCompile(`\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
	reRelative     = regexp.MustCompile(`\b(?i:(yesterday|today)|(?:(?:earlier|later|early|late)\s+)?(last|this|next)\s+(week|month|year))\b`)
	reDaysAgo      = regexp.MustCompile(`\b(?i:(\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(days?|weeks?)\s+ago)\b`)
	reYear         = regexp.MustCompile(`\b(?:(early|mid|late)[- ])?((?:19|20)\d\d)\b`)
	reISO          = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	reNumeric      = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
)

// phrase is the date as the sentence words it, with the preposition that
// introduces it: "on Tuesday", "in early January", "earlier this month".
func (d dateExpr) phrase() string {
	switch d.prep {
	case "on", "in", "at":
		return d.prep + " " + d.text
	}
	return d.text
}

var monthNumbers = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

func monthOf(s string) time.Month {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) >= 3 {
		return monthNumbers[s[:3]]
	}
	return 0
}

var weekdays = map[string]time.Weekday{
	"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday, "Wednesday": time.Wednesday,
	"Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday,
}

// findDates finds the date expressions of a sentence, most specific first
// where they overlap, and resolves each against the document's date.
func findDates(s string, published armswatch.Date) []dateExpr {
	f := newDateFinder(s, published)
	f.absolute()
	f.monthDays()
	f.relative()
	return f.out
}

// dateFinder collects the date expressions of one sentence; a span of text
// is taken by the first expression found on it.
type dateFinder struct {
	s                  string
	published          armswatch.Date
	taken              []bool
	out                []dateExpr
	lower              string
	hasDigit, hasMonth bool
}

func newDateFinder(s string, published armswatch.Date) *dateFinder {
	f := &dateFinder{s: s, published: published, taken: make([]bool, len(s)+1)}
	// Cheap guards: most sentences hold no date at all.
	f.lower = strings.ToLower(s)
	f.hasDigit = strings.ContainsAny(s, "0123456789")
	for _, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.Contains(f.lower, m) {
			f.hasMonth = true
			break
		}
	}
	return f
}

// add records the expression at [start, end) unless its text is taken.
func (f *dateFinder) add(start, end int, d armswatch.Date, relative bool) {
	for k := start; k < end; k++ {
		if f.taken[k] {
			return
		}
	}
	for k := start; k < end; k++ {
		f.taken[k] = true
	}
	f.out = append(f.out, dateExpr{start: start, end: end, text: f.s[start:end], prep: wordBefore(f.s, start), date: d, relative: relative})
}

// find is the matches of re, when need says there can be any.
func (f *dateFinder) find(re *regexp.Regexp, need bool) [][]int {
	if !need {
		return nil
	}
	return re.FindAllStringSubmatchIndex(f.s, -1)
}

// absolute finds dates written with their year: ISO, numeric, "Nov. 9,
// 2023", "9 November 2023", "November 2023".
func (f *dateFinder) absolute() {
	s := f.s
	add, find := f.add, f.find
	hasDigit, hasMonth := f.hasDigit, f.hasMonth
	for _, m := range find(reISO, hasDigit) {
		y, mo, d := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		add(m[0], m[1], makeDate(y, time.Month(mo), d), false)
	}
	for _, m := range find(reNumeric, hasDigit) {
		a, b, y := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		var d armswatch.Date
		switch {
		case a > 12 && b <= 12:
			d = makeDate(y, time.Month(b), a)
		case b > 12 && a <= 12:
			d = makeDate(y, time.Month(a), b)
		}
		// Ambiguous (03/04/2023) stays unresolved, but is still a date.
		add(m[0], m[1], d, false)
	}
	for _, m := range find(reMonthDayYear, hasDigit && hasMonth) {
		if !monthWord(s, m[2], m[3]) {
			continue
		}
		add(m[0], m[1], makeDate(atoi(s[m[6]:m[7]]), monthOf(s[m[2]:m[3]]), atoi(s[m[4]:m[5]])), false)
	}
	for _, m := range find(reDayMonthYear, hasDigit && hasMonth) {
		if !monthWord(s, m[4], m[5]) {
			continue
		}
		add(m[0], m[1], makeDate(atoi(s[m[6]:m[7]]), monthOf(s[m[4]:m[5]]), atoi(s[m[2]:m[3]])), false)
	}
	for _, m := range find(reMonthYear, hasDigit && hasMonth) {
		if !monthWord(s, m[4], m[5]) {
			continue
		}
		add(m[0], m[1], makeDate(atoi(s[m[6]:m[7]]), monthOf(s[m[4]:m[5]]), 0), false)
	}
}

// monthDays finds dates without a year, resolved against the publication
// date: "Nov. 9", "9 November", "on the 21st", "in November".
func (f *dateFinder) monthDays() {
	s, published := f.s, f.published
	add, find := f.add, f.find
	hasDigit, hasMonth := f.hasDigit, f.hasMonth
	for _, m := range find(reMonthDay, hasDigit && hasMonth) {
		if !monthWord(s, m[2], m[3]) {
			continue
		}
		add(m[0], m[1], ResolveMonthDay(monthOf(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), published), true)
	}
	for _, m := range find(reDayMonth, hasDigit && hasMonth) {
		if !monthWord(s, m[4], m[5]) {
			continue
		}
		add(m[0], m[1], ResolveMonthDay(monthOf(s[m[4]:m[5]]), atoi(s[m[2]:m[3]]), published), true)
	}
	for _, m := range find(reOrdinalDay, hasDigit) {
		rel := ""
		if m[6] >= 0 {
			rel = s[m[6]:m[7]]
		}
		add(m[0], m[1], ResolveDay(atoi(s[m[2]:m[3]]), rel, published), true)
	}
	for _, m := range find(reMonth, hasMonth) {
		if !monthWord(s, m[4], m[5]) {
			continue
		}
		// A bare month name needs a preposition or "early/mid/late" to be a
		// date ("in November"), and "May" needs one even more ("may have").
		prep := wordBefore(s, m[0])
		if m[2] < 0 && !datePreps[prep] {
			continue
		}
		add(m[0], m[1], ResolveMonth(monthOf(s[m[4]:m[5]]), published), true)
	}
}

// relative finds weekdays, "yesterday", "last month", "three days ago",
// and years after a preposition.
func (f *dateFinder) relative() {
	s, published := f.s, f.published
	add, find := f.add, f.find
	lower, hasDigit := f.lower, f.hasDigit
	for _, m := range find(reWeekday, strings.Contains(lower, "day")) {
		add(m[0], m[1], ResolveWeekday(weekdays[s[m[2]:m[3]]], published), true)
	}
	for _, m := range find(reRelative, strings.Contains(lower, "day") || strings.Contains(lower, "last") || strings.Contains(lower, "this") || strings.Contains(lower, "next")) {
		var d armswatch.Date
		if m[2] >= 0 {
			d = ResolveRelative(strings.ToLower(s[m[2]:m[3]]), "", published)
		} else {
			d = ResolveRelative(strings.ToLower(s[m[4]:m[5]]), strings.ToLower(s[m[6]:m[7]]), published)
		}
		add(m[0], m[1], d, true)
	}
	for _, m := range find(reDaysAgo, strings.Contains(lower, "ago")) {
		n := atoi(s[m[2]:m[3]])
		if n == 0 {
			n = int(smallNumbers[strings.ToLower(s[m[2]:m[3]])])
			if strings.EqualFold(s[m[2]:m[3]], "a") {
				n = 1
			}
		}
		days := n
		if strings.HasPrefix(strings.ToLower(s[m[4]:m[5]]), "week") {
			days = 7 * n
		}
		add(m[0], m[1], ResolveDaysAgo(days, published), true)
	}
	for _, m := range find(reYear, hasDigit) {
		prep := wordBefore(s, m[0])
		if m[2] < 0 && !datePreps[prep] {
			continue
		}
		// Not a figure: "2023 shells" is rare, "1,000" never matches.
		add(m[0], m[1], makeDate(atoi(s[m[4]:m[5]]), 0, 0), false)
	}
}

// datePreps may introduce a bare month or year.
var datePreps = map[string]bool{
	"in": true, "since": true, "by": true, "until": true, "till": true, "during": true,
	"early": true, "late": true, "mid": true, "last": true, "this": true, "next": true,
	"of": true, "from": true, "through": true, "throughout": true, "before": true, "after": true,
	"between": true, "and": true, "to": true, "on": true,
}

// monthWord rejects "May" and "Mar"-like words that are not month names in
// context: the month must be capitalised (checked by the pattern) and "May"
// must not be a modal verb at the start of a sentence followed by a verb.
func monthWord(s string, start, end int) bool {
	w := s[start:end]
	if w == "May" {
		rest := strings.TrimLeft(s[end:], " ")
		if rest == "" {
			return false
		}
		c := rest[0]
		if c >= '0' && c <= '9' {
			return true
		}
		return datePreps[wordBefore(s, start)]
	}
	return true
}

func wordBefore(s string, at int) string {
	before := strings.TrimRight(s[:at], " \t\n-")
	i := strings.LastIndexAny(before, " \t\n(,")
	return strings.ToLower(before[i+1:])
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// makeDate builds a date, or the zero date when it does not exist.
func makeDate(y int, m time.Month, d int) armswatch.Date {
	if y < 1900 || y > 2999 || m < 0 || m > 12 || (m == 0 && d != 0) {
		return armswatch.Date{}
	}
	if d != 0 {
		last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d < 1 || d > last {
			return armswatch.Date{}
		}
	}
	return armswatch.Date{Year: y, Month: m, Day: d}
}

// ResolveMonthDay resolves a month and day written without a year ("Nov.
// 9") against the document's date: the latest such day not after it. It
// needs the document's month; the result has day precision.
func ResolveMonthDay(m time.Month, day int, published armswatch.Date) armswatch.Date {
	if published.Precision() < armswatch.PrecisionMonth || m == 0 {
		return armswatch.Date{}
	}
	y := published.Year
	if m > published.Month || (published.Precision() == armswatch.PrecisionDay && m == published.Month && day > published.Day) {
		y--
	}
	return makeDate(y, m, day)
}

// ResolveMonth resolves a month written without a year ("in early January")
// to the latest such month not after the document's; month precision.
func ResolveMonth(m time.Month, published armswatch.Date) armswatch.Date {
	if published.Precision() < armswatch.PrecisionMonth || m == 0 {
		return armswatch.Date{}
	}
	y := published.Year
	if m > published.Month {
		y--
	}
	return makeDate(y, m, 0)
}

// ResolveDay resolves a day of the month ("on the 21st", "the 30th of last
// month") against the document's date: the latest such day not after it,
// or in the month rel names ("last", "this", "next"). It needs the
// document's day.
func ResolveDay(day int, rel string, published armswatch.Date) armswatch.Date {
	if published.Precision() < armswatch.PrecisionDay {
		return armswatch.Date{}
	}
	y, m := published.Year, published.Month
	switch rel {
	case "last":
		m--
	case "next":
		m++
	case "this":
	default:
		if day > published.Day {
			m--
		}
	}
	t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return makeDate(t.Year(), t.Month(), day)
}

// ResolveWeekday resolves a weekday ("on Friday") to the latest such day on
// or before the document's date; it needs the document's day.
func ResolveWeekday(wd time.Weekday, published armswatch.Date) armswatch.Date {
	if published.Precision() < armswatch.PrecisionDay {
		return armswatch.Date{}
	}
	t := published.Start()
	back := (int(t.Weekday()) - int(wd) + 7) % 7
	t = t.AddDate(0, 0, -back)
	return armswatch.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// ResolveRelative resolves "yesterday", "today", and "last/this/next"
// followed by "week", "month" or "year". A week resolves to the month that
// holds all of it, else the year; never to a day it does not name.
func ResolveRelative(word, unit string, published armswatch.Date) armswatch.Date {
	switch word {
	case "yesterday", "today":
		if published.Precision() < armswatch.PrecisionDay {
			return armswatch.Date{}
		}
		t := published.Start()
		if word == "yesterday" {
			t = t.AddDate(0, 0, -1)
		}
		return armswatch.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
	}
	delta := map[string]int{"last": -1, "this": 0, "next": 1}[word]
	switch unit {
	case "week":
		// A week is no date: the date is the month (or the year) that
		// holds the whole week — up to the document's day for "this week".
		if published.Precision() < armswatch.PrecisionDay {
			return armswatch.Date{}
		}
		t := published.Start()
		monday := t.AddDate(0, 0, -((int(t.Weekday())+6)%7)+7*delta)
		end := monday.AddDate(0, 0, 6)
		if delta == 0 {
			end = t
		}
		return spanDate(monday, end)
	case "year":
		if published.IsZero() {
			return armswatch.Date{}
		}
		return armswatch.Date{Year: published.Year + delta}
	case "month":
		if published.Precision() < armswatch.PrecisionMonth {
			return armswatch.Date{}
		}
		t := time.Date(published.Year, published.Month+time.Month(delta), 1, 0, 0, 0, 0, time.UTC)
		return armswatch.Date{Year: t.Year(), Month: t.Month()}
	}
	return armswatch.Date{}
}

// markDates flags the tokens that belong to date expressions, so that the
// numbers in them are not read as quantities.
func markDates(toks []token, dates []dateExpr) {
	for i := range toks {
		for _, d := range dates {
			if toks[i].start >= d.start && toks[i].end <= d.end {
				toks[i].date = true
			}
		}
	}
}

// ResolveDaysAgo resolves "3 days ago", "a week ago" against the
// document's day; it needs the document's day.
func ResolveDaysAgo(days int, published armswatch.Date) armswatch.Date {
	if published.Precision() < armswatch.PrecisionDay || days <= 0 {
		return armswatch.Date{}
	}
	t := published.Start().AddDate(0, 0, -days)
	return armswatch.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// spanDate is the most precise date that holds every day from a to b: the
// month when they share it, else the year.
func spanDate(a, b time.Time) armswatch.Date {
	switch {
	case a.Year() == b.Year() && a.Month() == b.Month():
		return armswatch.Date{Year: a.Year(), Month: a.Month()}
	case a.Year() == b.Year():
		return armswatch.Date{Year: a.Year()}
	}
	return armswatch.Date{}
}
