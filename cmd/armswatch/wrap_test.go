package main

import (
	"strings"
	"testing"
)

func TestVisibleLen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"shells", 6},
		{"\x1b[1mshells\x1b[0m", 6},
		{"북한이", 6},      // three wide syllables
		{"포탄을 보냈다", 13}, // 6 wide syllables and a space
		{"Північна", 8}, // Cyrillic is narrow
		{"e\u0301", 1},  // a combining accent takes no column
		{"a\u200db", 2}, // nor does a zero-width joiner
		{"ＫＮ－２３", 10},   // fullwidth forms are wide
		{"\x1b[1m북한\x1b[0m", 4},
	} {
		if got := visibleLen(tc.in); got != tc.want {
			t.Errorf("visibleLen(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestWrapKoreanByColumns(t *testing.T) {
	t.Parallel()
	text := "북한이 러시아에 포탄을 보냈다고 국가정보원이 밝혔다 shells 6,700 containers 북한은 미사일도 보냈다"
	got := wrap(text, 20, "")
	for _, line := range strings.Split(got, "\n") {
		if w := visibleLen(line); w > 20 {
			t.Errorf("line %q takes %d columns, more than 20", line, w)
		}
	}
	if strings.Join(strings.Fields(got), " ") != text {
		t.Errorf("wrap changed the words: %q", got)
	}
}
