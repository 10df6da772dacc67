package index

import (
	"context"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
)

// FuzzAnswer: any question text gets an answer, never a panic or an error,
// over the evaluation fixture (aliases of countries, people, paraphrases,
// so that the direction and exchange readings run).
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		"what does north korea get in return", "is north korea paid by moscow in exchange for",
		"to", "from russia", "russia and", "and russia", "the the north korea to to", "in exchange for for",
		"did north korea and russia send", "shels frm pyongyang to moscow", "who denied", "북한 러시아 포탄",
		"снаряды КНДР", "givin russia north korea back", "\x00\xff in return",
	} {
		f.Add(s)
	}
	ix := openData(f, os.DirFS("testdata/eval/data"), f.TempDir())
	f.Fuzz(func(t *testing.T, q string) {
		a, err := ix.Answer(context.Background(), armswatch.Query{Text: q})
		if err != nil {
			t.Fatalf("Answer(%q): %v", q, err)
		}
		if a.Summary == "" || !utf8.ValidString(a.Summary) {
			t.Fatalf("Answer(%q): summary %q", q, a.Summary)
		}
	})
}
