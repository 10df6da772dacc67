package armswatch

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/armswatch/armswatch/data"
)

// streamAll reads a data set through Stream and returns the ids and bodies
// of the documents it handed out, and Finish's result.
func streamAll(t *testing.T, s *Stream) (ids, bodies []string, c *Corpus, err error) {
	t.Helper()
	for d := range s.Documents() {
		ids = append(ids, d.ID)
		bodies = append(bodies, d.Body)
	}
	c, err = s.Finish()
	return ids, bodies, c, err
}

func TestStreamMatchesLoad(t *testing.T) {
	for name, fsys := range map[string]func(t *testing.T) fs.FS{
		"fixture": func(t *testing.T) fs.FS { return fixtureFS(t, "good") },
		"bundled": func(t *testing.T) fs.FS { return data.FS() },
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fsys(t)
			want, err := Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			s, err := OpenStream(fsys)
			if err != nil {
				t.Fatal(err)
			}
			if s.DocumentCount() != len(want.Documents) || s.ClaimCount() != len(want.Claims) {
				t.Errorf("counts %d documents, %d claims; Load: %d, %d", s.DocumentCount(), s.ClaimCount(), len(want.Documents), len(want.Claims))
			}
			if !reflect.DeepEqual(s.Aliases(), want.Aliases) {
				t.Error("aliases differ from Load's")
			}
			ids, bodies, got, err := streamAll(t, s)
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range want.Documents {
				if i >= len(ids) || ids[i] != d.ID || bodies[i] != d.Body {
					t.Fatalf("document %d: streamed %q, Load %q (or its body differs)", i, ids[i:], d.ID)
				}
			}
			if len(ids) != len(want.Documents) {
				t.Errorf("streamed %d documents, Load %d", len(ids), len(want.Documents))
			}
			// Finish's data set is Load's without the documents: the
			// stream keeps none.
			if len(got.Documents) != 0 {
				t.Errorf("Finish kept %d documents", len(got.Documents))
			}
			want.Documents = got.Documents
			if !reflect.DeepEqual(got, want) {
				t.Error("Finish's claims or aliases differ from Load's")
			}
			// Again: the same answer, nothing read twice.
			if again, err := s.Finish(); again != got || err != nil {
				t.Error("a second Finish gave another result")
			}
		})
	}
}

func TestStreamStopsAtTheFirstProblem(t *testing.T) {
	// The second document (in id order) does not hold a quote that cites
	// it: the first is handed out, the second and any after are not, and
	// Finish reports the quote.
	fsys := fixtureFS(t, "good")
	f := fsys["claims/missiles.yaml"]
	f.Data = []byte(strings.Replace(string(f.Data), "quote: at least 24 ballistic missiles made in North Korea",
		"quote: at least 24 ballistic missiles built in North Korea", 1))
	s, err := OpenStream(fsys)
	if err != nil {
		t.Fatal(err)
	}
	ids, _, c, err := streamAll(t, s)
	if want := []string{"testwire-2023-11-14-shells"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("handed out %q, want %q", ids, want)
	}
	var verrs ValidationErrors
	if c != nil || !errors.As(err, &verrs) || len(verrs) != 1 ||
		verrs[0].Path != "claims/missiles.yaml" || verrs[0].Line != 17 || verrs[0].Field != "appearances[0].quote" ||
		!strings.Contains(verrs[0].Message, `not found verbatim in document "testwire-2024-01-missiles"`) {
		t.Errorf("Finish = %v, %v", c, err)
	}
}

func TestStreamInvalidClaimHandsOutNothing(t *testing.T) {
	// A problem in a claim record is known before any document is read.
	fsys := fixtureFS(t, "good")
	fsys["claims/bad.yaml"] = &fstest.MapFile{Data: []byte("- id: bad\n  statement: x\n  claimant: y\n  stance: insists\n  appearances: [{doc: testwire-2024-01-missiles, quote: KN-23}]\n")}
	s, err := OpenStream(fsys)
	if err != nil {
		t.Fatal(err)
	}
	ids, _, _, err := streamAll(t, s)
	if len(ids) != 0 {
		t.Errorf("handed out %q", ids)
	}
	if !errors.Is(err, ErrInvalidData) || !strings.Contains(err.Error(), `claims/bad.yaml:4: stance: unknown stance "insists"`) {
		t.Errorf("err = %v", err)
	}
}

func TestStreamFinishChecksWhatWasNotRead(t *testing.T) {
	// A caller that stops after the first document still gets every
	// problem: Finish reads the rest.
	fsys := fixtureFS(t, "good")
	fsys["documents/testwire-2024-01-missiles.md"] = &fstest.MapFile{Data: []byte("no front matter\n")}
	s, err := OpenStream(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for range s.Documents() {
		break
	}
	if _, err := s.Finish(); !errors.Is(err, ErrInvalidData) || !strings.Contains(err.Error(), "documents/testwire-2024-01-missiles.md:1: the file must start with a line") {
		t.Errorf("err = %v", err)
	}
	for d := range s.Documents() {
		t.Errorf("handed out %s after Finish", d.ID)
	}
}

func TestStreamReadError(t *testing.T) {
	fsys := fixtureFS(t, "good")
	s, err := OpenStream(failingFS{fsys, "documents/testwire-2024-01-missiles.md"})
	if err != nil {
		t.Fatal(err)
	}
	ids, _, _, err := streamAll(t, s)
	if len(ids) != 1 || err == nil || errors.Is(err, ErrInvalidData) || !strings.Contains(err.Error(), "testwire-2024-01-missiles.md") {
		t.Errorf("handed out %q; err = %v", ids, err)
	}
}

func TestLoadMetadata(t *testing.T) {
	fsys := fixtureFS(t, "good")
	want, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadMetadata(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Documents {
		want.Documents[i].Body = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadMetadata differs from Load without bodies")
	}
	fsys["claims/bad.yaml"] = &fstest.MapFile{Data: []byte("- id: Bad\n")}
	if c, err := LoadMetadata(fsys); c != nil || !errors.Is(err, ErrInvalidData) {
		t.Errorf("invalid data: %v, %v", c, err)
	}
}
