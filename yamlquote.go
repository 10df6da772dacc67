package armswatch

import (
	"fmt"
	"strings"
	"unicode"
)

// QuoteYAML writes s as a YAML double-quoted scalar, escaping backslashes,
// quotes, line breaks and every character that is not printable, so that
// whatever a source contains survives a round trip through a data file.
func QuoteYAML(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == unicode.ReplacementChar || !unicode.IsPrint(r) && r != ' ' {
				if r > 0xFFFF {
					fmt.Fprintf(&b, `\U%08X`, r)
				} else {
					fmt.Fprintf(&b, `\u%04X`, r)
				}
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
