package armswatch

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date the source gives.
type Precision int

// Precisions, from none to a full day.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// Date is a calendar date with the precision its source gives: a year
// ("2023"), a month ("2023-11") or a day ("2023-11-14"). The zero Date is
// "unknown" and formats as "".
type Date struct {
	Year  int
	Month time.Month // 0 when only the year is known
	Day   int        // 0 when only the year or month is known
}

// ParseDate parses "", "YYYY", "YYYY-MM" or "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("%w: %q is not YYYY, YYYY-MM or YYYY-MM-DD", ErrBadDate, s)
	}
	widths := []int{4, 2, 2}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if len(p) != widths[i] {
			return Date{}, fmt.Errorf("%w: %q is not YYYY, YYYY-MM or YYYY-MM-DD", ErrBadDate, s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, fmt.Errorf("%w: %q is not YYYY, YYYY-MM or YYYY-MM-DD", ErrBadDate, s)
		}
		nums[i] = n
	}
	d := Date{Year: nums[0]}
	if d.Year < 1900 || d.Year > 2999 {
		return Date{}, fmt.Errorf("%w: year %d out of range", ErrBadDate, d.Year)
	}
	if len(nums) > 1 {
		if nums[1] < 1 || nums[1] > 12 {
			return Date{}, fmt.Errorf("%w: month %d out of range in %q", ErrBadDate, nums[1], s)
		}
		d.Month = time.Month(nums[1])
	}
	if len(nums) > 2 {
		last := time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if nums[2] < 1 || nums[2] > last {
			return Date{}, fmt.Errorf("%w: day %d out of range in %q", ErrBadDate, nums[2], s)
		}
		d.Day = nums[2]
	}
	return d, nil
}

// MustDate is ParseDate for constants in tests and code; it panics on error.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision reports how much of the date is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecisionNone
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	default:
		return PrecisionDay
	}
}

// String formats the date at its own precision; "" when unknown.
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return ""
}

// Start is the first instant the date covers (UTC); zero time when unknown.
func (d Date) Start() time.Time {
	switch d.Precision() {
	case PrecisionYear:
		return time.Date(d.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC)
	case PrecisionDay:
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// End is the first instant after the period the date covers (UTC); zero
// time when unknown.
func (d Date) End() time.Time {
	switch d.Precision() {
	case PrecisionYear:
		return d.Start().AddDate(1, 0, 0)
	case PrecisionMonth:
		return d.Start().AddDate(0, 1, 0)
	case PrecisionDay:
		return d.Start().AddDate(0, 0, 1)
	}
	return time.Time{}
}

// Before orders dates by their start, unknown dates last; equal starts put
// the less precise date first.
func (d Date) Before(o Date) bool {
	if d.IsZero() != o.IsZero() {
		return !d.IsZero()
	}
	if !d.Start().Equal(o.Start()) {
		return d.Start().Before(o.Start())
	}
	return d.Precision() < o.Precision()
}

// Overlaps reports whether the period d covers overlaps the range [from, to],
// each bound inclusive at its own precision; a zero bound is open. An unknown
// date never overlaps a range with at least one bound.
func (d Date) Overlaps(from, to Date) bool {
	if from.IsZero() && to.IsZero() {
		return true
	}
	if d.IsZero() {
		return false
	}
	if !from.IsZero() && !d.End().After(from.Start()) {
		return false
	}
	if !to.IsZero() && !d.Start().Before(to.End()) {
		return false
	}
	return true
}

// MarshalText formats the date for YAML and JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses the date from YAML and JSON.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
