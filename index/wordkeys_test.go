package index

import (
	"strings"
	"testing"
	"unsafe"
)

// TestKeysOf: a word's remembered keys are its aliasKey and normWord, the
// first time and from the cache, in every script and case, and what is
// remembered holds no piece of the text the word was cut from.
func TestKeysOf(t *testing.T) {
	t.Parallel()
	text := "Shells shells SHELLS shelling missiles Missile's the of 6,700 ракет ракеты Ракеты 미사일을 KN-23 Korea’s"
	forEachWord(text, func(s, e int) {
		w := text[s:e]
		for range 2 {
			k := keysOf(w)
			if want := (wordKeys{alias: aliasKey(w), norm: normWord(w)}); k != want {
				t.Errorf("keysOf(%q) = %+v, want %+v", w, k, want)
			}
			for _, key := range []string{k.alias, k.norm} {
				if key == "" {
					continue
				}
				p := uintptr(unsafe.Pointer(unsafe.StringData(key)))
				base := uintptr(unsafe.Pointer(unsafe.StringData(text)))
				if p >= base && p < base+uintptr(len(text)) {
					t.Errorf("keysOf(%q): key %q points into the text", w, key)
				}
			}
		}
	}, nil)
	if k := keysOf(strings.Repeat("x", 3)); k.alias != "xxx" || k.norm != "xxx" {
		t.Errorf("keysOf(xxx) = %+v", k)
	}
}
