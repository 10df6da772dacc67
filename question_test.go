package armswatch

import (
	"strings"
	"testing"
)

func TestReadIntent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		q      string
		intent Intent
		focus  string
	}{
		{"how many shells has north korea sent", IntentCount, "shells"},
		{"number of containers", IntentCount, ""},
		{"who denied it", IntentDenial, ""},
		{"when did moscow deny the deal", IntentDenial, ""},
		{"when did the troops arrive", IntentDate, ""},
		{"which ships carried the munitions", IntentEntity, "ships"},
		{"what weapons did they send", IntentNone, "weapons"},
		{"what does north korea get in return", IntentNone, ""},
		{"kn-23", IntentNone, ""},
		{"many shells", IntentNone, ""},
	} {
		words := strings.Fields(tc.q)
		in, f := ReadIntent(words)
		focus := ""
		if f >= 0 {
			focus = words[f]
		}
		if in != tc.intent || focus != tc.focus {
			t.Errorf("%q: intent %q focus %q, want %q %q", tc.q, in, focus, tc.intent, tc.focus)
		}
	}
}

func TestItemWord(t *testing.T) {
	t.Parallel()
	for w, want := range map[string]Category{
		"tanks": CategoryMilitaryEquipment, "Soldiers": CategoryTroops, "ships": CategoryVessel,
		"shells": CategoryArtilleryShell, "jets": CategoryMilitaryEquipment, "oil": CategoryOther,
	} {
		if got, ok := ItemWord(w); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", w, got, ok, want)
		}
	}
	for _, w := range []string{"parts", "north", "denied", "systems"} {
		if c, ok := ItemWord(w); ok {
			t.Errorf("%q names %q", w, c)
		}
	}
}

func TestWithoutNotItems(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"said at a Washington Think Tank.": "said at a Washington           .",
		"tanks and think-tanks":            "tanks and            ",
		"no phrase here":                   "no phrase here",
	} {
		if got := WithoutNotItems(in); got != want || len(got) != len(in) {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestWhen(t *testing.T) {
	t.Parallel()
	d := func(s string) Date {
		var x Date
		if err := x.UnmarshalText([]byte(s)); err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, tc := range []struct {
		said, reported Date
		want           string
	}{
		{d("2023-10-13"), d("2023-11-01"), "2023-10-13"},
		{Date{}, d("2023-11"), "reported 2023-11"},
		{Date{}, Date{}, "date not stated"},
	} {
		if got := When(tc.said, tc.reported); got != tc.want {
			t.Errorf("When(%v, %v) = %q, want %q", tc.said, tc.reported, got, tc.want)
		}
	}
}

func TestTransferRoles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		w                    string
		passive              bool
		verb, object, prepos Role
	}{
		{"sends", false, RoleSupplier, RoleRecipient, RoleNone},
		{"giving", false, RoleSupplier, RoleRecipient, RoleNone},
		{"paid", false, RoleSupplier, RoleRecipient, RoleNone},
		{"paid", true, RoleRecipient, RoleNone, RoleNone},       // "is North Korea paid"
		{"given", false, RoleSupplier, RoleRecipient, RoleNone}, // "has given North Korea"
		{"given", true, RoleRecipient, RoleNone, RoleNone},
		{"gets", false, RoleRecipient, RoleNone, RoleNone},
		{"received", true, RoleSupplier, RoleNone, RoleNone},
		{"to", false, RoleNone, RoleNone, RoleRecipient},
		{"from", false, RoleNone, RoleNone, RoleSupplier},
		{"by", false, RoleNone, RoleNone, RoleNone},
		{"by", true, RoleNone, RoleNone, RoleSupplier},
		{"deny", false, RoleNone, RoleNone, RoleNone},
		{"ships", false, RoleNone, RoleNone, RoleNone}, // an item, not a verb
	} {
		if got := VerbRole(tc.w, tc.passive); got != tc.verb {
			t.Errorf("VerbRole(%q, %v) = %v, want %v", tc.w, tc.passive, got, tc.verb)
		}
		if got := ObjectRole(tc.w, tc.passive); got != tc.object {
			t.Errorf("ObjectRole(%q) = %v, want %v", tc.w, got, tc.object)
		}
		if got := PrepositionRole(tc.w, tc.passive); got != tc.prepos {
			t.Errorf("PrepositionRole(%q, %v) = %v, want %v", tc.w, tc.passive, got, tc.prepos)
		}
	}
	for phrase, want := range map[string]bool{"in return": true, "In  Exchange for": true, "in turn": true, "return": false, "exchange rate": false} {
		if got := ExchangePhrase(phrase); got != want {
			t.Errorf("ExchangePhrase(%q) = %v, want %v", phrase, got, want)
		}
	}
}
