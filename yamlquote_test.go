package armswatch

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestQuoteYAMLRoundTrip(t *testing.T) {
	for _, s := range []string{
		"", "plain", `say "no"`, `back\slash`, "two\nlines", "tab\there", "cr\rlf",
		"line\u2028sep", "nel\u0085", "bom\ufeff", "bad \ufffd byte", "ctrl \x01\x7f",
		"북한 Північна Корея", "emoji 👩‍👩‍👧 ok", "- looks: like yaml", "# comment?", "*alias &anchor",
	} {
		var got string
		if err := yaml.Unmarshal([]byte("v: "+QuoteYAML(s)), &struct{ V *string }{&got}); err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if got != s {
			t.Errorf("round trip of %q gave %q", s, got)
		}
	}
}
