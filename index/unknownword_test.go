package index

import (
	"context"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
)

// TestUnknownWordDoesNotCancelQuery: a word that no source uses and that
// has no correction is left out (and the summary says so) instead of making
// an otherwise good question unanswerable; on its own it still gets the
// no-answer.
func TestUnknownWordDoesNotCancelQuery(t *testing.T) {
	ix := openData(t, data.FS(), t.TempDir())
	ctx := context.Background()
	base, err := ix.Answer(ctx, armswatch.Query{Text: "shells"})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"shells xqzv", "shells 2j", "xqzv shells"} {
		a, err := ix.Answer(ctx, armswatch.Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Claims) != len(base.Claims) {
			t.Errorf("%q: %d claims, want the %d of “shells”", text, len(a.Claims), len(base.Claims))
		}
		if !strings.Contains(a.Summary, "No source uses") {
			t.Errorf("%q: summary does not say a word was left out: %q", text, a.Summary)
		}
	}
	for _, text := range []string{"xqzv", "tanks", "xqzv zzqq"} {
		a, err := ix.Answer(ctx, armswatch.Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if !a.NoAnswer() {
			t.Errorf("%q: want the no-answer, got %d claims", text, len(a.Claims))
		}
	}
}
