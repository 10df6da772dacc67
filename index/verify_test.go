package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// builtIndex builds the fixture's index in a new directory and closes it.
func builtIndex(t *testing.T) (dir, gen string) {
	t.Helper()
	dir = t.TempDir()
	ix := openData(t, fixtureFS(), dir)
	waitChecked(t, ix)
	gen = ix.servingGen()
	ix.Close()
	return dir, gen
}

func TestVerify(t *testing.T) {
	dir, _ := builtIndex(t)
	rep, err := Verify(context.Background(), dir)
	if err != nil || len(rep.Problems) != 0 {
		t.Fatalf("Verify of a sound index = %+v, %v", rep, err)
	}
	if rep.Documents != 6 || rep.Bodies != 6 || rep.Segments == 0 || rep.Claims == 0 {
		t.Errorf("report = %+v", rep)
	}

	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, gen string)
		want   string // in one of the problems
	}{
		{"segment", func(t *testing.T, gen string) {
			segs, _ := filepath.Glob(filepath.Join(gen, "bleve", "store", "*.zap"))
			fi, _ := os.Stat(segs[0])
			overwrite(t, segs[0], fi.Size()*7/10, 16) // where no search looks: only the checksum sees it
		}, "checksum mismatch"},
		{"body", func(t *testing.T, gen string) {
			p := filepath.Join(gen, bodiesFile)
			b, _ := os.ReadFile(p)
			flipByte(t, p, int64(len(b)-3), b[len(b)-3])
		}, "bodies.dat: document"},
		{"docs.json", func(t *testing.T, gen string) {
			os.WriteFile(filepath.Join(gen, "docs.json"), []byte("[{"), 0o644)
		}, "docs.json"},
		{"manifest.json", func(t *testing.T, gen string) { truncateHalf(t, filepath.Join(gen, "manifest.json")) }, "manifest.json"},
		{"meta.json", func(t *testing.T, gen string) {
			os.WriteFile(filepath.Join(gen, "meta.json"), []byte("{\"documents\": 7"), 0o644)
		}, "meta.json"},
		{"bodies size", func(t *testing.T, gen string) {
			f, _ := os.OpenFile(filepath.Join(gen, bodiesFile), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("x")
			f.Close()
		}, "bodies.dat holds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, gen := builtIndex(t)
			tc.damage(t, filepath.Join(dir, gen))
			rep, err := Verify(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range rep.Problems {
				found = found || strings.Contains(p, tc.want)
			}
			if !found {
				t.Errorf("problems = %q, want one containing %q", rep.Problems, tc.want)
			}
		})
	}

	t.Run("no index", func(t *testing.T) {
		rep, err := Verify(context.Background(), t.TempDir())
		if err != nil || len(rep.Problems) != 1 || !strings.HasPrefix(rep.Problems[0], "current: ") {
			t.Errorf("Verify of an empty directory = %+v, %v", rep, err)
		}
	})
}
