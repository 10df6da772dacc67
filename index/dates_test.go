package index

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/armswatch/armswatch"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestDateTermsOverlap: a record's date terms meet a range's terms exactly
// when the record's period overlaps the range, for every day, month and
// year around two year ends and a leap day, against ranges of every shape.
func TestDateTermsOverlap(t *testing.T) {
	var records []armswatch.Date
	for d := day(2022, 12, 1); d.Before(day(2024, 3, 2)); d = d.AddDate(0, 0, 1) {
		records = append(records, armswatch.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()})
		if d.Day() == 1 {
			records = append(records, armswatch.Date{Year: d.Year(), Month: d.Month()})
		}
	}
	records = append(records, armswatch.Date{Year: 2022}, armswatch.Date{Year: 2023}, armswatch.Date{Year: 2024})

	ranges := [][2]time.Time{
		{day(2023, 1, 1), day(2024, 1, 1)},   // a whole year
		{day(2023, 11, 1), day(2023, 12, 1)}, // a whole month
		{day(2024, 2, 29), day(2024, 3, 1)},  // a leap day
		{day(2023, 12, 31), day(2024, 1, 1)}, // the last day of a year
		{day(2022, 12, 15), day(2024, 2, 10)},
		{day(2023, 6, 30), day(2023, 7, 2)},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	base := day(2022, 11, 20)
	for range 400 {
		a, b := rng.IntN(480), rng.IntN(480)
		if a == b {
			continue
		}
		lo, hi := base.AddDate(0, 0, min(a, b)), base.AddDate(0, 0, max(a, b))
		ranges = append(ranges, [2]time.Time{lo, hi})
	}
	for _, r := range ranges {
		terms := dateRangeTerms(r[0], r[1])
		for _, rec := range records {
			want := rec.End().After(r[0]) && rec.Start().Before(r[1])
			got := slices.ContainsFunc(dateTerms(rec), func(t string) bool { return slices.Contains(terms, t) })
			if got != want {
				t.Fatalf("record %s, range [%s, %s): terms say %v, periods %v (terms %v)", rec,
					r[0].Format(time.DateOnly), r[1].Format(time.DateOnly), got, want, dateTerms(rec))
			}
		}
	}
}

// TestDateFilterOpenRange: an open range is bounded by the date that ends
// last, not the one that starts last: a document dated to a year matches a
// filter from a month after every dated day.
func TestDateFilterOpenRange(t *testing.T) {
	doc := func(date string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: Shells report\npublished: " + date + "\n---\nShells were reported.\n")}
	}
	data := fstest.MapFS{
		"aliases.yaml":                {Data: []byte("[]\n")},
		"documents/year-2024.md":      doc("2024"),
		"documents/day-2024-06-01.md": doc("2024-06-01"),
		"documents/month-2023-12.md":  doc("2023-12"),
		"documents/undated-shells.md": {Data: []byte("---\ntitle: Shells report\n---\nShells were reported.\n")},
	}
	ix := openData(t, data, t.TempDir())
	for _, tc := range []struct {
		from, to string
		want     []string
	}{
		{"2024-07", "", []string{"year-2024"}},
		{"", "2023-12-31", []string{"month-2023-12"}},
		{"2024-06-01", "2024-06-01", []string{"day-2024-06-01", "year-2024"}},
		{"2023", "2024", []string{"day-2024-06-01", "month-2023-12", "year-2024"}},
		{"2025", "", nil},
		{"", "2023-11", nil},
	} {
		q := armswatch.Query{Text: "shells"}
		if tc.from != "" {
			q.From = armswatch.MustDate(tc.from)
		}
		if tc.to != "" {
			q.To = armswatch.MustDate(tc.to)
		}
		a, err := ix.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range a.Documents {
			got = append(got, d.Doc)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("from %q to %q: documents %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}
