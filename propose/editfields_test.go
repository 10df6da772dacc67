package propose

import (
	"errors"
	"strings"
	"testing"
)

const editable = `- id: shin-up-to-2-million
  statement: Shells were sent.
  claimant: Shin Won-sik
  stance: asserts
  said_on: "2023-10"
  items:
    - category: artillery-shell
      quantity:
        text: up to 2 million
        max: 2000000
        qualifier: up-to
        measure: capacity
  appearances:
    - doc: d
      quote: up to 2 million shells
`

func TestEditFields(t *testing.T) {
	t.Parallel()
	keep := Fields{Statement: "Shells were sent.", Claimant: "Shin Won-sik", SaidOn: "2023-10", Figure: "up to 2 million", Measure: "capacity"}
	for _, tc := range []struct {
		name    string
		orig    string
		f       func(Fields) Fields
		want    []string // lines the result holds
		wantNot []string
		wantErr error
	}{
		{"unchanged figure keeps its numbers", editable, func(f Fields) Fields { return f }, []string{"max: 2000000", "qualifier: up-to"}, nil, nil},
		{"changed figure is read again", editable, func(f Fields) Fields { f.Figure = "2 million"; return f },
			[]string{"text: 2 million", "value: 2000000"}, []string{"max:", "qualifier: up-to"}, nil},
		{"empty said_on and measure are removed", editable, func(f Fields) Fields { f.SaidOn, f.Measure = "", ""; return f },
			[]string{"statement: Shells were sent."}, []string{"said_on", "measure"}, nil},
		{"statement and claimant set", editable, func(f Fields) Fields { f.Statement, f.Claimant = " New. ", "Kim"; return f },
			[]string{"statement: New.", "claimant: Kim"}, nil, nil},
		{"not one figure", editable, func(f Fields) Fields { f.Figure = "shells galore"; return f }, nil, nil, ErrNotOneFigure},
		{"no figure to change", strings.Replace(editable, "      quantity:\n        text: up to 2 million\n        max: 2000000\n        qualifier: up-to\n        measure: capacity\n", "", 1),
			func(f Fields) Fields { return f }, nil, nil, ErrNoFigure},
		{"not a list of one", "- id: a\n- id: b\n", func(f Fields) Fields { return f }, nil, nil, ErrNotEditable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := EditFields([]byte(tc.orig), tc.f(keep))
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("result lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(string(out), w) {
					t.Errorf("result holds %q:\n%s", w, out)
				}
			}
		})
	}
}
