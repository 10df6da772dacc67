package index

import (
	"fmt"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A record's date (a day, a month or a year) is indexed as a few keyword
// terms, and a date filter is a disjunction of such terms. bleve's numeric
// fields would do it with range queries, but each numeric value is indexed
// as 16 prefix-coded terms, most of them shared by every record: two such
// fields per document were about a fifth of a build's CPU time
// (docs/performance.md).
//
// The terms of a record dated
//
//	2023-11-14 (a day):   d2023-11-14  m2023-11  y2023
//	2023-11 (a month):    M2023-11     m2023-11  y2023
//	2023 (a year):        Y2023                  y2023
//
// so "m2023-11" is every record within November 2023 (days and the month
// itself), "y2023" every record within 2023, and the capitals mark a record
// whose date is the whole month or year. A filter [from, to] is the set of
// records whose period overlaps it (a month overlaps every range that
// touches it), as the terms of dateRangeTerms: whole years of the range
// by y, whole months by m, the days of a month the range covers in part by
// d, and the months and years it covers in part by M and Y (their
// month- and year-dated records overlap the range). Undated records have no
// term and never match a date filter.

// dateTerms are the terms a record dated d is indexed by (none when d is
// zero).
func dateTerms(d armswatch.Date) []string {
	switch d.Precision() {
	case armswatch.PrecisionDay:
		return []string{fmt.Sprintf("d%04d-%02d-%02d", d.Year, d.Month, d.Day), monthTerm("m", d.Year, d.Month), yearTerm("y", d.Year)}
	case armswatch.PrecisionMonth:
		return []string{monthTerm("M", d.Year, d.Month), monthTerm("m", d.Year, d.Month), yearTerm("y", d.Year)}
	case armswatch.PrecisionYear:
		return []string{yearTerm("Y", d.Year), yearTerm("y", d.Year)}
	}
	return nil
}

func monthTerm(prefix string, y int, m time.Month) string {
	return fmt.Sprintf("%s%04d-%02d", prefix, y, m)
}

func yearTerm(prefix string, y int) string { return fmt.Sprintf("%s%04d", prefix, y) }

// dateRangeTerms are the terms of the records whose period overlaps the
// days [lo, hi) (UTC midnights, lo before hi).
func dateRangeTerms(lo, hi time.Time) []string {
	var out []string
	last := hi.AddDate(0, 0, -1)
	for y := lo.Year(); y <= last.Year(); y++ {
		ys, ye := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		if !lo.After(ys) && !hi.Before(ye) {
			out = append(out, yearTerm("y", y))
			continue
		}
		out = append(out, yearTerm("Y", y))
		for m := time.January; m <= time.December; m++ {
			ms, me := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
			if !me.After(lo) || !ms.Before(hi) {
				continue // the range does not touch this month
			}
			if !lo.After(ms) && !hi.Before(me) {
				out = append(out, monthTerm("m", y, m))
				continue
			}
			out = append(out, monthTerm("M", y, m))
			for d := maxTime(ms, lo); d.Before(me) && d.Before(hi); d = d.AddDate(0, 0, 1) {
				out = append(out, fmt.Sprintf("d%04d-%02d-%02d", y, m, d.Day()))
			}
		}
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// dateQuery restricts a kind to records whose date overlaps [from, to]
// (either may be zero: open); nil when neither is set. span bounds an open
// range: the date that starts first and the date that ends last in the
// index (meta's Earliest and LastEnding), so no record lies outside
// [span[0].Start(), span[1].End()).
func dateQuery(from, to armswatch.Date, span [2]armswatch.Date, field string) query.Query {
	if from.IsZero() && to.IsZero() {
		return nil
	}
	if span[0].IsZero() || span[1].IsZero() {
		return query.NewMatchNoneQuery() // no record has a date
	}
	lo, hi := span[0].Start(), span[1].End()
	if !from.IsZero() && from.Start().After(lo) {
		lo = from.Start()
	}
	if !to.IsZero() && to.End().Before(hi) {
		hi = to.End()
	}
	if !lo.Before(hi) {
		return query.NewMatchNoneQuery()
	}
	terms := dateRangeTerms(lo, hi)
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(field)
		qs[i] = tq
	}
	return query.NewDisjunctionQuery(qs)
}
