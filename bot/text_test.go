package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
)

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", "short text", 10, "short text"},
		{"word boundary", "the quick brown fox jumps", 16, "the quick brown…"},
		{"no space near: rune cut", "abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"},
		{"counts runes not bytes", "ééééé", 5, "ééééé"},
		{"multibyte cut", "ééééééé", 4, "ééé…"},
		{"keeps combining accent whole", "abcde\u0301fgh", 6, "abcd…"},
		{"keeps ZWJ family whole", "ab👨\u200d👩\u200d👧xyz", 6, "ab…"},
		{"keeps flag pair whole", "ab🇺🇦🇰🇵", 5, "ab🇺🇦…"},
		{"keeps skin tone", "abc👋🏽def", 5, "abc…"},
		{"hangul", "북한이 러시아에 포탄을 보냈다", 9, "북한이 러시아에…"},
		{"zero", "abc", 0, ""},
		{"one", "abc", 1, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := truncate(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if runeLen(got) > tt.max {
				t.Errorf("%d runes > %d", runeLen(got), tt.max)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"**bold** _it_ ~~s~~ `c` ||sp||", `\*\*bold\*\* \_it\_ \~\~s\~\~ \` + "`c\\`" + ` \|\|sp\|\|`},
		{"@everyone and @here", `\@everyone and \@here`},
		{"<@123> <@&456> <#789> <t:0:R> <:e:1>", `\<\@123\> \<\@&456\> \<#789\> \<t:0:R\> \<:e:1\>`},
		{"[click](https://x.example)", `\[click\](https://x.example)`},
		{"# heading", `\# heading`},
		{"-# subtext", `\-# subtext`},
		{"- list", `\- list`},
		{"1. ordered", `1\. ordered`},
		{"KN-23 and 1.5 million", "KN-23 and 1.5 million"},
		{"> quote", `\> quote`},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := escape(tt.in); got != tt.want {
			t.Errorf("escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := unescape(escape(tt.in)); back != tt.in {
			t.Errorf("unescape(escape(%q)) = %q", tt.in, back)
		}
	}
}

func TestEscapeSnippet(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"more than 1 million **shells** sent", "more than 1 million **shells** sent"},
		{"**KN-23** and *stars* and **@everyone**", `**KN-23** and \*stars\* and **\@everyone**`},
		{"unpaired **marker", `unpaired \*\*marker`},
		{"spaces ** inside ** bold", "spaces **inside** bold"},
		{"line\nbreak **x**", "line break **x**"},
	}
	for _, tt := range tests {
		if got := escapeSnippet(tt.in); got != tt.want {
			t.Errorf("escapeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncateMarkdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"**bold words that go on** after", 15, "**bold words**…"},
		{`abc\*\*\*\*`, 7, `abc\*…`},
		{"fits **fine**", 20, "fits **fine**"},
	}
	for _, tt := range tests {
		got := truncateMarkdown(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("truncateMarkdown(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if runeLen(got) > tt.max {
			t.Errorf("%q: %d runes > %d", got, runeLen(got), tt.max)
		}
	}
}

func TestClean(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"  a \n\t b  ", "a b"},
		{"x\u202Eevil\u202Cy", "xevily"},
		{"nul\x00byte", "nul byte"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"\u200Fמלחמה\u200F", "\u200Fמלחמה\u200F"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJoinLimited(t *testing.T) {
	t.Parallel()
	items := []string{"alpha", "beta", "gamma", "delta", "epsilon"}
	if got := joinLimited(items, ", ", 100); got != "alpha, beta, gamma, delta, epsilon" {
		t.Errorf("fits: %q", got)
	}
	got := joinLimited(items, ", ", 30)
	if got != "alpha, beta, … and 3 more" {
		t.Errorf("cut: %q", got)
	}
	if runeLen(got) > 30 {
		t.Errorf("%d > 30", runeLen(got))
	}
}

func TestCustomID(t *testing.T) {
	t.Parallel()
	q := claimsQuery{Text: "shells", Item: armswatch.CategoryMilitaryEquipment, Claimant: "x",
		From: armswatch.MustDate("2023-11-14"), To: armswatch.MustDate("2024-12-31"), Owner: "12345678901234567890"}
	ref := claimsRef{Action: actionSources, Page: maxPage, Item: q.Item, From: q.From, To: q.To, Owner: q.Owner, Hash: q.hash()}
	id := ref.customID()
	if len(id) > LimitCustomID {
		t.Fatalf("longest custom_id is %d characters", len(id))
	}
	back, err := parseCustomID(id)
	if err != nil || back != ref {
		t.Fatalf("parse(%q) = %+v, %v; want %+v", id, back, err, ref)
	}
	for _, bad := range []string{
		"", "cl1", "cl2:n:1::::1:0123456789", "cl1:x:1::::1:0123456789", "cl1:n:-1::::1:0123456789",
		"cl1:n:1:tanks:::1:0123456789", "cl1:n:1::2023-13:::1:0123456789", "cl1:n:1::::abc:0123456789",
		"cl1:n:1::::1:xyz", "cl1:n:1::::1:0123456789:extra", "cl1:n:+1::::1:0123456789",
	} {
		if _, err := parseCustomID(bad); err == nil {
			t.Errorf("parseCustomID(%q) accepted", bad)
		}
	}
}

func TestParseCategory(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]armswatch.Category{
		"artillery-shell": armswatch.CategoryArtilleryShell, "Artillery shells": armswatch.CategoryArtilleryShell,
		"BALLISTIC_MISSILE": armswatch.CategoryBallisticMissile, "drones": armswatch.CategoryDrone,
		"military equipment": armswatch.CategoryMilitaryEquipment,
	} {
		if got, ok := parseCategory(in); !ok || got != want {
			t.Errorf("parseCategory(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := parseCategory("battleships"); ok {
		t.Error("battleships accepted")
	}
}

func TestLinkURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"https://example.org/a_b?c=d", "https://example.org/a_b?c=d", true},
		{"https://example.org/wiki/X_(y)", "https://example.org/wiki/X_%28y%29", true},
		{"javascript:alert(1)", "", false},
		{"ftp://example.org", "", false},
		{"https://example.org/a b", "", false},
		{"/relative", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := linkURL(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("linkURL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestItemPhraseMarkup checks the bot's markup of an item's phrase: the
// figure in bold, the data escaped, the qualifier before the figure when
// its text does not word it.
func TestItemPhraseMarkup(t *testing.T) {
	t.Parallel()
	q := &armswatch.Quantity{Text: "1 million", Qualifier: armswatch.QualifierMoreThan, Measure: armswatch.MeasureCapacity}
	it := armswatch.Item{Category: armswatch.CategoryArtilleryShell, Caliber: "152 mm", Designation: "*M-1*", Quantity: q}
	if got, want := itemLine(it), `• more than **1 million** 152 mm \*M-1\* artillery shells (capacity: at most this many)`; got != want {
		t.Errorf("itemLine = %q, want %q", got, want)
	}
	q.Text = "**loud**"
	if got, want := itemPhrase(armswatch.Item{Quantity: q}), `more than **\*\*loud\*\*** (capacity: at most this many)`; got != want {
		t.Errorf("itemPhrase = %q, want %q", got, want)
	}
}

func TestTruncateQueryValidUTF8(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("👨\u200d👩\u200d👧", 100)
	got := truncateQuery(s, maxQueryRunes)
	if !utf8.ValidString(got) || runeLen(got) > maxQueryRunes {
		t.Errorf("truncateQuery: %d runes, valid %v", runeLen(got), utf8.ValidString(got))
	}
}

func TestWithoutMentions(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"<@123> shells <@!456> <@&789> <#101> <:e:1> <a:e:2>": "  shells          ",
		"@everyone KN-23 @here":                               "  KN-23  ",
		"email@example.com shells":                            "email@example.com shells",
	} {
		if got := withoutMentions(in); got != want {
			t.Errorf("withoutMentions(%q) = %q, want %q", in, got, want)
		}
	}
}
