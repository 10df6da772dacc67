package extract

import (
	"testing"
	"time"

	"github.com/armswatch/armswatch"
)

func TestResolveDates(t *testing.T) {
	day := armswatch.MustDate("2023-11-14") // a Tuesday
	month := armswatch.MustDate("2024-01")  // month precision
	jan := armswatch.MustDate("2024-01-18") // a Thursday
	none := armswatch.Date{}                // undated document
	tests := []struct {
		name string
		got  armswatch.Date
		want string
	}{
		{"Nov. 9 before the document's day", ResolveMonthDay(time.November, 9, day), "2023-11-09"},
		{"Oct. 13 earlier in the year", ResolveMonthDay(time.October, 13, day), "2023-10-13"},
		{"Dec. 5 is last year's", ResolveMonthDay(time.December, 5, jan), "2023-12-05"},
		{"Nov. 20 after the document's day is last year's", ResolveMonthDay(time.November, 20, day), "2022-11-20"},
		{"month-day against a month-precision date", ResolveMonthDay(time.January, 2, month), "2024-01-02"},
		{"month-day without a document date", ResolveMonthDay(time.November, 9, none), ""},
		{"a day that does not exist", ResolveMonthDay(time.February, 30, jan), ""},
		{"in early January", ResolveMonth(time.January, jan), "2024-01"},
		{"in December, from January", ResolveMonth(time.December, jan), "2023-12"},
		{"in November, same month", ResolveMonth(time.November, day), "2023-11"},
		{"a month without a document date", ResolveMonth(time.November, none), ""},
		{"on the 10th, this month", ResolveDay(10, "", jan), "2024-01-10"},
		{"on the 21st, after the 18th: last month", ResolveDay(21, "", jan), "2023-12-21"},
		{"the 30th of last month", ResolveDay(30, "last", jan), "2023-12-30"},
		{"the 2nd of this month", ResolveDay(2, "this", jan), "2024-01-02"},
		{"a day needs the document's day", ResolveDay(21, "", month), ""},
		{"a day without a document date", ResolveDay(21, "", none), ""},
		{"on Friday before a Thursday", ResolveWeekday(time.Friday, jan), "2024-01-12"},
		{"on Thursday, the same day", ResolveWeekday(time.Thursday, jan), "2024-01-18"},
		{"a weekday without a document date", ResolveWeekday(time.Friday, none), ""},
		{"yesterday", ResolveRelative("yesterday", "", jan), "2024-01-17"},
		{"last year", ResolveRelative("last", "year", jan), "2023"},
		{"last month", ResolveRelative("last", "month", jan), "2023-12"},
		{"this month without a document date", ResolveRelative("this", "month", none), ""},
		{"last week, inside one month", ResolveRelative("last", "week", jan), "2024-01"},
		{"last week across two months", ResolveRelative("last", "week", armswatch.MustDate("2024-02-06")), "2024"},
		{"last week across two years", ResolveRelative("last", "week", armswatch.MustDate("2025-01-08")), ""},
		{"this week, up to the document's day", ResolveRelative("this", "week", armswatch.MustDate("2024-02-01")), "2024"},
		{"this week, same month", ResolveRelative("this", "week", jan), "2024-01"},
		{"last week needs the document's day", ResolveRelative("last", "week", month), ""},
		{"last week without a document date", ResolveRelative("last", "week", none), ""},
		{"yesterday without a document date", ResolveRelative("yesterday", "", none), ""},
		{"three days ago", ResolveDaysAgo(3, jan), "2024-01-15"},
		{"a week ago across a month", ResolveDaysAgo(7, armswatch.MustDate("2024-03-04")), "2024-02-26"},
		{"days ago without a document date", ResolveDaysAgo(3, none), ""},
	}
	for _, tc := range tests {
		if got := tc.got.String(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFindDates(t *testing.T) {
	pub := armswatch.MustDate("2024-01-18")
	tests := []struct {
		sentence string
		want     []string // text=date
	}{
		{"Blinken said on Nov. 9 that Russia may have provided missiles.", []string{"Nov. 9=2023-11-09"}},
		{"In December 2023, the White House announced it.", []string{"December 2023=2023-12"}},
		{"In early January, it was reported that Kharkiv was hit.", []string{"early January=2024-01"}},
		{"It was published on the 21st (local time).", []string{"the 21st=2023-12-21"}},
		{"Since December 30, 2023, Russia has launched 24 missiles.", []string{"December 30, 2023=2023-12-30"}},
		{"The photo was taken on Sept. 13, 2023.", []string{"Sept. 13, 2023=2023-09-13"}},
		{"The agency said on Friday that troops were sent.", []string{"Friday=2024-01-12"}},
		{"They may have sent more.", nil},                               // "may" is not May
		{"It happened in May and was denied.", []string{"May=2023-05"}}, // May after the January document date is last year's
		{"10/26/2023", []string{"10/26/2023=2023-10-26"}},
		{"03/04/2023", []string{"03/04/2023="}}, // ambiguous: a date, unresolved
		{"The UNC, founded in 1950, has 17 members.", []string{"1950=1950"}},
		{"The minister said on Tuesday that 300 missiles were sent.", []string{"Tuesday=2024-01-16"}},
		{"The ministry said last week that drones were sent.", []string{"last week=2024-01"}},
		{"The agency said earlier this month that drones were sent.", []string{"earlier this month=2024-01"}},
		{"Officials said late last year that shells were sent.", []string{"late last year=2023"}},
		{"She said yesterday that shells were sent.", []string{"yesterday=2024-01-17"}},
		{"He said two days ago that shells were sent.", []string{"two days ago=2024-01-16"}},
	}
	for _, tc := range tests {
		got := findDates(tc.sentence, pub)
		var texts []string
		for _, d := range got {
			texts = append(texts, d.text+"="+d.date.String())
		}
		if len(texts) != len(tc.want) {
			t.Errorf("%q: got %q, want %q", tc.sentence, texts, tc.want)
			continue
		}
		for i := range texts {
			if texts[i] != tc.want[i] {
				t.Errorf("%q: got %q, want %q", tc.sentence, texts, tc.want)
				break
			}
		}
	}
}

// Relative dates are resolved only against a document date precise enough,
// and the reason names the publication date.
func TestRelativeDatesWhy(t *testing.T) {
	tests := []struct {
		published, body, saidOn, why string
	}{
		{"2023-10-19", "Defense Minister Kang Tae-jun said on Tuesday that 300 missiles were sent.",
			"2023-10-17", "said_on 2023-10-17 from “on Tuesday” and the publication date 2023-10-19"},
		{"2023-10-19", "Defense Minister Kang Tae-jun said last week that 300 missiles were sent.",
			"2023-10", "said_on 2023-10 from “last week” and the publication date 2023-10-19"},
		{"2023-10-19", "Defense Minister Kang Tae-jun said earlier this month that 300 missiles were sent.",
			"2023-10", "said_on 2023-10 from “earlier this month” and the publication date 2023-10-19"},
		{"2023-10-19", "Defense Minister Kang Tae-jun told reporters yesterday that 300 missiles were sent.",
			"2023-10-18", "said_on 2023-10-18 from “yesterday” and the publication date 2023-10-19"},
		{"2023-10", "Defense Minister Kang Tae-jun said on Tuesday that 300 missiles were sent.",
			"", "said_on left empty: “on Tuesday” cannot be resolved from the publication date 2023-10"},
		{"", "Defense Minister Kang Tae-jun said yesterday that 300 missiles were sent.",
			"", "said_on left empty: “yesterday” cannot be resolved without the document's date"},
		{"", "Defense Minister Kang Tae-jun said on Oct. 17, 2023 that 300 missiles were sent.",
			"2023-10-17", `said_on 2023-10-17 from "Oct. 17, 2023"`},
	}
	for _, tc := range tests {
		doc := armswatch.Document{ID: "example-doc", Publisher: "Example News", Body: tc.body}
		if tc.published != "" {
			doc.Published = armswatch.MustDate(tc.published)
		}
		cands := Extract(doc, nil)
		if len(cands) != 1 {
			t.Fatalf("%q: %d candidates, want 1", tc.body, len(cands))
		}
		c := cands[0]
		if got := c.Claim.SaidOn.String(); got != tc.saidOn {
			t.Errorf("%s %q: said_on = %q, want %q", tc.published, tc.body, got, tc.saidOn)
		}
		found := false
		for _, w := range c.Why {
			found = found || w == tc.why
		}
		if !found {
			t.Errorf("%s %q: why = %q, want a line %q", tc.published, tc.body, c.Why, tc.why)
		}
	}
}
