package prose

import "testing"

func TestCutting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		s                string
		n                int
		cut, short, fits string
	}{
		{"abcdef", 3, "abc", "abc…", "ab…"},
		{"abc", 3, "abc", "abc", "abc"},
		{"포탄을 보냈다", 2, "포탄", "포탄…", "포…"},
		{"abc", 0, "", "…", ""},
		{"", 2, "", "", ""},
		{"ab", 1, "a", "a…", "…"},
	} {
		if got := Cut(tc.s, tc.n); got != tc.cut {
			t.Errorf("Cut(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.cut)
		}
		if got := Shorten(tc.s, tc.n); got != tc.short {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.short)
		}
		if got := Fit(tc.s, tc.n); got != tc.fits {
			t.Errorf("Fit(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.fits)
		}
	}
}

func TestPluralsAndLists(t *testing.T) {
	t.Parallel()
	if got := Count(1, "claim matches", "claims match"); got != "1 claim matches" {
		t.Error(got)
	}
	if got := Count(3, "claim matches", "claims match"); got != "3 claims match" {
		t.Error(got)
	}
	if got := Plural(0, "source", "sources"); got != "sources" {
		t.Error(got)
	}
	for _, tc := range []struct {
		items   []string
		and, or string
	}{
		{nil, "", ""},
		{[]string{"a"}, "a", "a"},
		{[]string{"a", "b"}, "a and b", "a or b"},
		{[]string{"a", "b", "c"}, "a, b and c", "a, b or c"},
	} {
		if got := And(tc.items); got != tc.and {
			t.Errorf("And(%q) = %q", tc.items, got)
		}
		if got := Or(tc.items); got != tc.or {
			t.Errorf("Or(%q) = %q", tc.items, got)
		}
	}
}
