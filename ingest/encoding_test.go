package ingest

import (
	"errors"
	"math/rand"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// Two sentences of a Japanese article and one of an English one, for the
// encodings.
const (
	japaneseProse = "韓国国防省は、北朝鮮が昨年8月以降、ロシアに砲弾などを積んだコンテナ約6700個を送ったと発表した。\n\n" +
		"申源湜国防相は記者団に対し、砲弾にすると300万発以上に相当すると述べた。"
	englishProse = "The three harbour ferries are running again after four days in dock, the port office said on Monday.\n\n" +
		"Crews checked every mooring line before the first crossing, and the timetable is back to twelve crossings a day."
)

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func htmlPageWith(head, body string) string {
	paras := strings.Split(body, "\n\n")
	return "<!DOCTYPE html><html><head>" + head + "<title>t</title></head><body><article><p>" +
		strings.Join(paras, "</p>\n<p>") + "</p></article></body></html>"
}

// Clean honours a byte-order mark, then the charset the caller was given
// (an HTTP Content-Type), then a <meta> charset in the first 1024 bytes,
// and reads undeclared bytes that are not UTF-8 as Windows-1252.
func TestCleanDecodes(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	tests := []struct {
		name        string
		raw         []byte
		contentType string
		want        string // the body
		encoding    string
		format      string
	}{
		{"Shift_JIS, meta charset", encode(t, japanese.ShiftJIS, htmlPageWith(`<meta charset="Shift_JIS">`, japaneseProse)), "", japaneseProse, "shift_jis", FormatHTML},
		{"Shift_JIS, meta http-equiv", encode(t, japanese.ShiftJIS, htmlPageWith(`<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">`, japaneseProse)), "", japaneseProse, "shift_jis", FormatHTML},
		{"Shift_JIS text, Content-Type", encode(t, japanese.ShiftJIS, japaneseProse), "text/plain; charset=Shift_JIS", japaneseProse, "shift_jis", FormatText},
		{"EUC-JP, Content-Type over meta", encode(t, japanese.EUCJP, htmlPageWith(`<meta charset="shift_jis">`, japaneseProse)), "text/html; charset=euc-jp", japaneseProse, "euc-jp", FormatHTML},
		{"UTF-16LE with BOM, HTML", encode(t, utf16le, htmlPageWith(`<meta charset="utf-16">`, japaneseProse)), "", japaneseProse, "utf-16le", FormatHTML},
		{"UTF-16BE with BOM, HTML", encode(t, utf16be, htmlPageWith("", englishProse)), "", englishProse, "utf-16be", FormatHTML},
		{"UTF-16LE with BOM, text", encode(t, utf16le, englishProse), "", englishProse, "utf-16le", FormatText},
		{"BOM over Content-Type", encode(t, utf16be, englishProse), "text/plain; charset=iso-8859-1", englishProse, "utf-16be", FormatText},
		{"UTF-8 with BOM", []byte("\uFEFF" + japaneseProse), "", japaneseProse, "utf-8", FormatText},
		{"UTF-8, meta says UTF-8", []byte(htmlPageWith(`<meta charset="utf-8">`, japaneseProse)), "", japaneseProse, "utf-8", FormatHTML},
		{"undeclared, not UTF-8", encode(t, charmap.Windows1252, strings.Replace(englishProse, "four days", "four days – a café’s", 1)), "",
			strings.Replace(englishProse, "four days", "four days – a café’s", 1), "windows-1252", FormatText},
		{"Latin-1 declared, UTF-8 bytes", []byte(htmlPageWith(`<meta charset="iso-8859-1">`, strings.Replace(englishProse, "four days", "four days – a café’s", 1))), "",
			strings.Replace(englishProse, "four days", "four days – a café’s", 1), "utf-8", FormatHTML},
		{"unknown label", []byte(htmlPageWith(`<meta charset="x-no-such">`, englishProse)), "", englishProse, "utf-8", FormatHTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := CleanContentType(tt.raw, tt.contentType, Meta{})
			if err != nil {
				t.Fatalf("Clean: %v", err)
			}
			if res.Body != tt.want {
				t.Errorf("Body = %q, want %q", res.Body, tt.want)
			}
			if res.Encoding != tt.encoding || res.Format != tt.format {
				t.Errorf("read as %s (%s), want %s (%s)", res.Encoding, res.Format, tt.encoding, tt.format)
			}
		})
	}
}

// Input that is not text is refused with a NotTextError, not cleaned into
// a body of debris.
func TestCleanRefusesNotText(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	random := make([]byte, 8192)
	rng.Read(random)
	shiftJISRandom := append([]byte(`<!DOCTYPE html><html><head><meta charset="shift_jis"></head><body><p>`), random...)
	binaryish := []byte(strings.Repeat("\x01\x02header\x7f\x1b\x03", 200))
	utf16NoBOM := encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), englishProse)
	tests := []struct {
		name        string
		raw         []byte
		contentType string
		reason      string // a word of the reason
	}{
		{"random bytes", random, "", "control"},
		{"random bytes declared Shift_JIS", shiftJISRandom, "", "shift_jis"},
		{"random bytes, Content-Type EUC-KR", random, "text/plain; charset=euc-kr", "euc-kr"},
		{"control bytes", binaryish, "", "control"},
		{"UTF-16 without a BOM", utf16NoBOM, "", "NUL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CleanContentType(tt.raw, tt.contentType, Meta{})
			var nt *NotTextError
			if !errors.As(err, &nt) || !errors.Is(err, ErrNotText) {
				t.Fatalf("err = %v, want a NotTextError", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "the file is not text: ") || !strings.Contains(msg, tt.reason) {
				t.Errorf("err = %q, want \"the file is not text: …\" saying %q", msg, tt.reason)
			}
		})
	}
}

// A stray control character or a few bytes invalid in the declared
// encoding do not make an article binary.
func TestCleanToleratesStrayBytes(t *testing.T) {
	sjis := encode(t, japanese.ShiftJIS, japaneseProse)
	sjis = append(sjis[:20:20], append([]byte{0x81, 0x00}, sjis[20:]...)...) // an invalid pair
	for _, tt := range []struct {
		name        string
		raw         []byte
		contentType string
	}{
		{"a NUL and a bell", []byte(strings.Replace(englishProse, "dock,", "dock,\x00\x07", 1)), ""},
		{"one invalid Shift_JIS pair", sjis, "text/plain; charset=shift_jis"},
	} {
		if _, err := CleanContentType(tt.raw, tt.contentType, Meta{}); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}
