package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
)

const monthPattern = `(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)`

var (
	// "January 18, 2024", "Jan. 18 2024", "Sept. 13, 2023", "November 14th, 2023"
	reMonthDayYear = regexp.MustCompile(`(?i)\b` + monthPattern + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	// "18 January 2024", "18th of January, 2024"
	reDayMonthYear = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthPattern + `\.?,?\s+(\d{4})\b`)
	// "2024-01-18", "2024-01-18T10:00:00Z"
	reISODate = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b`)
	// "10/26/2023", "26.10.2023"
	reNumericDate = regexp.MustCompile(`\b(\d{1,2})([/.])(\d{1,2})[/.](\d{4})\b`)
	// "November 2023"
	reMonthYear = regexp.MustCompile(`(?i)\b` + monthPattern + `\.?,?\s+(\d{4})\b`)
)

var monthNumbers = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
	"aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var monthNames = []string{"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"}

// monthNumber reads a month's full English name or its abbreviation ("Sept",
// "Nov"), in any case; 0 for anything else.
func monthNumber(name string) time.Month {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if m, ok := monthNumbers[name]; ok {
		return m
	}
	for i, full := range monthNames {
		if name == full {
			return time.Month(i + 1)
		}
	}
	return 0
}

// DateMatch is a date found in a text.
type DateMatch struct {
	Date       armswatch.Date // zero when Ambiguous
	Start, End int            // byte offsets of the date in the text
	// Ambiguous is set for an all-numeric date such as "03/04/2023" that
	// reads as a valid date in both month/day and day/month order. Such a
	// date is never used.
	Ambiguous bool
}

// findDate finds the first date written out in s: "Thursday, January 18,
// 2024", "18 January 2024", "2024-01-18", "10/26/2023" or "November 2023"
// (month precision). An all-numeric date is read month first (US order,
// 10/26/2023) or day first (26.10.2023) only when just one reading is a valid
// date; otherwise it is reported as ambiguous.
func findDate(s string) (DateMatch, bool) {
	if !hasFourDigits(s) {
		return DateMatch{}, false // every date it reads has a four-digit year
	}
	var best DateMatch
	found := false
	consider := func(m DateMatch) {
		if !found || m.Start < best.Start || (m.Start == best.Start && m.End > best.End) {
			best, found = m, true
		}
	}
	if loc := reMonthDayYear.FindStringSubmatchIndex(s); loc != nil {
		if d, err := makeDate(s[loc[6]:loc[7]], int(monthNumber(s[loc[2]:loc[3]])), s[loc[4]:loc[5]]); err == nil {
			consider(DateMatch{Date: d, Start: loc[0], End: loc[1]})
		}
	}
	if loc := reDayMonthYear.FindStringSubmatchIndex(s); loc != nil {
		if d, err := makeDate(s[loc[6]:loc[7]], int(monthNumber(s[loc[4]:loc[5]])), s[loc[2]:loc[3]]); err == nil {
			consider(DateMatch{Date: d, Start: loc[0], End: loc[1]})
		}
	}
	if loc := reISODate.FindStringSubmatchIndex(s); loc != nil {
		m, _ := strconv.Atoi(s[loc[4]:loc[5]])
		if d, err := makeDate(s[loc[2]:loc[3]], m, s[loc[6]:loc[7]]); err == nil {
			consider(DateMatch{Date: d, Start: loc[0], End: loc[1]})
		}
	}
	if loc := reNumericDate.FindStringSubmatchIndex(s); loc != nil {
		a, _ := strconv.Atoi(s[loc[2]:loc[3]])
		b, _ := strconv.Atoi(s[loc[6]:loc[7]])
		year := s[loc[8]:loc[9]]
		monthFirst, errMF := makeDate(year, a, strconv.Itoa(b))
		dayFirst, errDF := makeDate(year, b, strconv.Itoa(a))
		m := DateMatch{Start: loc[0], End: loc[1]}
		switch {
		case errMF == nil && errDF == nil && monthFirst != dayFirst:
			m.Ambiguous = true
			consider(m)
		case errMF == nil:
			m.Date = monthFirst
			consider(m)
		case errDF == nil:
			m.Date = dayFirst
			consider(m)
		}
	}
	if !found {
		if loc := reMonthYear.FindStringSubmatchIndex(s); loc != nil {
			y, err := strconv.Atoi(s[loc[4]:loc[5]])
			if err == nil {
				if d, err := armswatch.ParseDate(fmt.Sprintf("%04d-%02d", y, int(monthNumber(s[loc[2]:loc[3]])))); err == nil {
					consider(DateMatch{Date: d, Start: loc[0], End: loc[1]})
				}
			}
		}
	}
	return best, found
}

// hasFourDigits reports whether s holds four digits in a row.
func hasFourDigits(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func makeDate(year string, month int, day string) (armswatch.Date, error) {
	y, err := strconv.Atoi(year)
	if err != nil {
		return armswatch.Date{}, err
	}
	d, err := strconv.Atoi(day)
	if err != nil {
		return armswatch.Date{}, err
	}
	return armswatch.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, month, d))
}

var (
	reClock   = regexp.MustCompile(`^\d{1,2}:\d{2}(?::\d{2})?$`)
	reTZ      = regexp.MustCompile(`^(?:[A-Z]{2,5}|UTC[+-]\d{1,2}(?::?\d{2})?|GMT[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})$`)
	reDateSep = regexp.MustCompile(`[\s,|·•/()\[\]–—-]+`)
)

// dateFiller lists the words a line may hold besides a date and still be
// only a date line: "Published: Thursday, January 18, 2024 12:42 PM (KST)".
var dateFiller = map[string]bool{
	"published": true, "posted": true, "on": true, "updated": true, "last": true,
	"date": true, "at": true, "local": true, "time": true, "am": true, "pm": true,
	"a.m.": true, "p.m.": true, "a.m": true, "p.m": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true,
	"thurs": true, "fri": true, "sat": true, "sun": true,
}

// readingTime matches "2 min read", "5 minute read", "3 mins".
var reReadingTime = regexp.MustCompile(`(?i)\b\d{1,3}\s*(?:min|mins|minute|minutes)(?:\s+read)?\b`)

// onlyDateFiller reports whether s holds nothing but date-line filler:
// weekdays, times, time zones, "Published", "Updated", reading times.
func onlyDateFiller(s string) bool {
	s = reReadingTime.ReplaceAllString(s, " ")
	for _, tok := range reDateSep.Split(s, -1) {
		tok = strings.Trim(tok, ":.")
		if tok == "" {
			continue
		}
		low := strings.ToLower(tok)
		if dateFiller[low] || dateFiller[low+"."] || reClock.MatchString(tok) || reTZ.MatchString(tok) {
			continue
		}
		// "12:42PM"
		if l := strings.TrimSuffix(strings.TrimSuffix(low, "am"), "pm"); l != low && reClock.MatchString(l) {
			continue
		}
		return false
	}
	return true
}

// parseDateLine reads a line that is only a date, as pages print them above
// or below an article: "Thursday, January 18, 2024", "November 14, 2023
// 12:42 PM", "10/26/2023", "Published: 2024-01-18". ok is false when the
// line holds anything else (a sentence that mentions a date is not a date
// line).
func parseDateLine(line string) (m DateMatch, ok bool) {
	m, found := findDate(line)
	if !found {
		return DateMatch{}, false
	}
	if !onlyDateFiller(line[:m.Start]) || !onlyDateFiller(line[m.End:]) {
		return DateMatch{}, false
	}
	return m, true
}
