package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Mojibake is UTF-8 text that was decoded once (or twice) as Windows-1252 or
// Latin-1 and encoded again: "’" becomes "â€™", and "â€™" in turn
// "Ã¢â‚¬â„¢". Repair maps each such character back to its byte and decodes
// the bytes as UTF-8 again.

// mojibakeByte reports the byte a character stands for in mojibake, if
// any: a Latin-1 character or C1 control (U+0080–U+00FF, what Latin-1
// decoding leaves) stands for itself, a Windows-1252 character of bytes
// 0x80–0x9F ("€", "’", "™") for its byte.
func mojibakeByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	if r < 0x100 {
		return 0, false
	}
	return charmap.Windows1252.EncodeRune(r)
}

// mojibakeLead reports whether r is a character that starts a mojibake
// sequence: the Windows-1252/Latin-1 reading of a UTF-8 lead byte (Â–ô).
func mojibakeLead(r rune) bool { return r >= 0xC2 && r <= 0xF4 }

// repairMojibake undoes UTF-8-read-as-Windows-1252 (or Latin-1) mojibake,
// up to three layers deep. Only sequences that decode to valid UTF-8 are
// repaired: a run of characters whose bytes form a multi-byte UTF-8
// character is replaced by that character, everything else is left as is.
// Text without mojibake comes back unchanged. It reports whether it changed
// anything.
func repairMojibake(s string) (string, bool) {
	changed := false
	for range 3 {
		out, ok := repairOnce(s)
		if !ok {
			break
		}
		s, changed = out, true
	}
	return s, changed
}

// repairOnce repairs one layer of mojibake.
func repairOnce(s string) (string, bool) {
	if !hasMojibakeLead(s) {
		return s, false
	}
	runes := []rune(s)
	var b strings.Builder
	changed := false
	for i := 0; i < len(runes); {
		if n, r := decodeMojibakeAt(runes[i:]); n > 0 {
			b.WriteRune(r)
			i += n
			changed = true
			continue
		}
		b.WriteRune(runes[i])
		i++
	}
	return b.String(), changed
}

func hasMojibakeLead(s string) bool {
	for _, r := range s {
		if mojibakeLead(r) {
			return true
		}
	}
	return false
}

// decodeMojibakeAt tries to read one UTF-8 character from the bytes the
// leading characters of rs stand for. It returns how many characters it used
// and the character, or 0 when rs does not start with a mojibake sequence.
func decodeMojibakeAt(rs []rune) (int, rune) {
	if len(rs) < 2 || !mojibakeLead(rs[0]) {
		return 0, 0
	}
	lead := byte(rs[0])
	var size int
	switch {
	case lead >= 0xF0:
		size = 4
	case lead >= 0xE0:
		size = 3
	default:
		size = 2
	}
	if len(rs) < size {
		return 0, 0
	}
	buf := make([]byte, 0, size)
	for _, r := range rs[:size] {
		c, ok := mojibakeByte(r)
		if !ok {
			return 0, 0
		}
		buf = append(buf, c)
	}
	r, n := utf8.DecodeRune(buf)
	if r == utf8.RuneError || n != size || unicode.IsControl(r) {
		return 0, 0
	}
	return size, r
}

// isMojibakeDebris reports whether a line is nothing but leftovers of
// mojibake: characters from the Windows-1252 range, punctuation and spaces,
// with at least one character from that range and no word in any script.
func isMojibakeDebris(s string) bool {
	seen := false
	for _, r := range s {
		switch {
		case r < 0x80:
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return false
			}
		case r == utf8.RuneError:
			seen = true
		default:
			if _, ok := mojibakeByte(r); ok {
				seen = true
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return false
			}
		}
	}
	return seen
}
