package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// ErrNotText is what a NotTextError is (errors.Is): the input is binary
// data, or bytes that are not text in the encoding they declare.
var ErrNotText = errors.New("the file is not text")

// NotTextError is Clean's error for input that is not text.
type NotTextError struct {
	Reason string // e.g. "412 of its 4096 characters are control characters"
}

func (e *NotTextError) Error() string { return "the file is not text: " + e.Reason }

// Is makes errors.Is(err, ErrNotText) hold.
func (e *NotTextError) Is(target error) bool { return target == ErrNotText }

// Limits of the text check: more than maxBadPerMille of the characters
// (and at least minBad of them) control characters, NUL bytes or bytes
// invalid in the encoding is not text.
const (
	maxBadPerMille = 20
	minBad         = 4
)

// decode reads raw bytes as text. The encoding is, in order: a byte-order
// mark (UTF-8, UTF-16 LE or BE); the charset of contentType (an HTTP
// Content-Type, when the caller has one); for HTML, a <meta> charset in the
// first 1024 bytes; else UTF-8 when the bytes are valid UTF-8, else
// Windows-1252. A declaration of Windows-1252 or Latin-1 over valid UTF-8
// is taken for the mislabelling it usually is, and a declaration of UTF-8
// over bytes that are not falls back to Windows-1252 as undeclared text
// does. It returns the text and the encoding's name, or a *NotTextError.
func decode(raw []byte, contentType string) (string, string, error) {
	var text, name string
	var invalid int // characters the declared encoding could not read
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		text, name = decodeUTF8(raw[3:])
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		text, invalid = decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), raw)
		name = "utf-16le"
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		text, invalid = decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), raw)
		name = "utf-16be"
	default:
		enc, label := declared(raw, contentType)
		switch {
		case enc == nil || label == "utf-8" || label == "windows-1252" && utf8.Valid(raw):
			text, name = decodeUTF8(raw)
		case label == "windows-1252":
			text, name = decodeWindows1252(raw), label
		default:
			text, invalid = decodeWith(enc, raw)
			name = label
		}
	}
	if err := checkText(text, name, invalid); err != nil {
		return "", name, err
	}
	return text, name, nil
}

// decodeUTF8 is the text of bytes that declare no other encoding: UTF-8
// when they are valid UTF-8, else Windows-1252.
func decodeUTF8(raw []byte) (string, string) {
	if utf8.Valid(raw) {
		return string(raw), "utf-8"
	}
	return decodeWindows1252(raw), "windows-1252"
}

// decodeWith decodes raw with e and counts the characters it replaced
// with U+FFFD (bytes invalid in the encoding).
func decodeWith(e encoding.Encoding, raw []byte) (string, int) {
	out, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		// The decoders of x/text replace what they cannot read; an error
		// is not expected, but the bytes are then not text in e either.
		return string(raw), utf8.RuneCount(raw)
	}
	return string(out), bytes.Count(out, []byte("\uFFFD"))
}

// decodeWindows1252 reads bytes as Windows-1252, the usual encoding of
// pages that are not UTF-8 (it includes Latin-1's letters). The five bytes
// Windows-1252 leaves undefined read as the C1 controls Latin-1 has there,
// so that mojibake through them can still be repaired.
func decodeWindows1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		if c < utf8.RuneSelf {
			sb.WriteByte(c)
			continue
		}
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError {
			r = rune(c)
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// decodeNamed decodes raw as decode read it, given the encoding name it
// reported (for tests that compare the body with the input).
func decodeNamed(raw []byte, name string) string {
	text, got, err := decode(raw, "text/plain; charset="+name)
	if err != nil || got != name {
		return decodeWindows1252(raw)
	}
	return text
}

// declared finds the encoding the input declares: the charset of
// contentType, else, for HTML, a <meta> in its first 1024 bytes. The name
// is the encoding's canonical (WHATWG) name; enc is nil when nothing known
// is declared.
func declared(raw []byte, contentType string) (encoding.Encoding, string) {
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
			if enc, name := charset.Lookup(params["charset"]); enc != nil {
				return enc, name
			}
		}
	}
	head := raw[:min(len(raw), 1024)]
	if !looksLikeHTML(string(head)) {
		return nil, ""
	}
	label := metaCharset(head)
	if label == "" {
		return nil, ""
	}
	enc, name := charset.Lookup(label)
	if strings.HasPrefix(name, "utf-16") {
		// A <meta> that could be read as ASCII is not in UTF-16: HTML
		// reads the page as UTF-8.
		return nil, ""
	}
	return enc, name
}

// metaCharset is the charset a <meta charset> or <meta http-equiv=
// "Content-Type"> of head declares, or "".
func metaCharset(head []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, more := z.TagName()
			if string(tag) != "meta" {
				continue
			}
			var cs, httpEquiv, content string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = string(v)
				case "content":
					content = string(v)
				}
			}
			if cs = strings.TrimSpace(cs); cs != "" {
				return cs
			}
			if strings.EqualFold(strings.TrimSpace(httpEquiv), "content-type") {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
			}
		}
	}
}

// checkText refuses text that is not: many NUL bytes or other control
// characters (binary data, or UTF-16 without a byte-order mark), or many
// characters invalid in the encoding.
func checkText(text, name string, invalid int) error {
	var runes, nul, control int
	for _, r := range text {
		runes++
		switch {
		case r == 0:
			nul++
		case unicode.IsControl(r) && !unicode.IsSpace(r) && r != 0x85:
			control++ // U+0085 is a byte of mojibake more often than a control
		}
	}
	tooMany := func(n int) bool { return n >= minBad && n*1000 > runes*maxBadPerMille }
	switch {
	case tooMany(nul):
		return &NotTextError{Reason: fmt.Sprintf("%d of its %d characters are NUL bytes (binary data, or UTF-16 without a byte-order mark)", nul, runes)}
	case tooMany(invalid):
		return &NotTextError{Reason: fmt.Sprintf("%d of its %d characters are not valid %s, the encoding it declares", invalid, runes, name)}
	case tooMany(nul + control):
		return &NotTextError{Reason: fmt.Sprintf("%d of its %d characters are control characters (binary data?)", nul+control, runes)}
	}
	return nil
}
