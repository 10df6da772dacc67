package armswatch

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"testing/fstest"
	"time"

	"github.com/armswatch/armswatch/data"
)

func fingerprintOf(t *testing.T, fsys fstest.MapFS) string {
	t.Helper()
	fp, err := Fingerprint(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestFingerprintContents(t *testing.T) {
	// MapFS files have no modification time, like embed.FS: contents count.
	base := fixtureFS(t, "good")
	fp := fingerprintOf(t, base)
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(fp) {
		t.Fatalf("fingerprint %q is not hex SHA-256", fp)
	}
	if again := fingerprintOf(t, fixtureFS(t, "good")); again != fp {
		t.Error("same data, different fingerprint")
	}

	same := func(name string, change func(m fstest.MapFS)) {
		m := fixtureFS(t, "good")
		change(m)
		if got := fingerprintOf(t, m); got != fp {
			t.Errorf("%s: fingerprint changed", name)
		}
	}
	differs := func(name string, change func(m fstest.MapFS)) {
		m := fixtureFS(t, "good")
		change(m)
		if got := fingerprintOf(t, m); got == fp {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	differs("one byte of a claim file, same size", func(m fstest.MapFS) {
		b := append([]byte(nil), m["claims/shells.yaml"].Data...)
		b[len(b)-2] = 'X'
		m["claims/shells.yaml"] = &fstest.MapFile{Data: b}
	})
	differs("alias file edited", func(m fstest.MapFS) {
		m["aliases.yaml"] = &fstest.MapFile{Data: append(m["aliases.yaml"].Data, "\n"...)}
	})
	differs("document added", func(m fstest.MapFS) {
		m["documents/new.md"] = &fstest.MapFile{Data: []byte("---\ntitle: T\n---\nx\n")}
	})
	differs("claim file removed", func(m fstest.MapFS) { delete(m, "claims/missiles.yaml") })
	differs("claim file renamed", func(m fstest.MapFS) {
		m["claims/rockets.yaml"] = m["claims/missiles.yaml"]
		delete(m, "claims/missiles.yaml")
	})
	differs("alias file removed", func(m fstest.MapFS) { delete(m, "aliases.yaml") })
	same("raw file and README changed", func(m fstest.MapFS) {
		m["raw/new.txt"] = &fstest.MapFile{Data: []byte("new seed")}
		m["README.md"] = &fstest.MapFile{Data: []byte("changed")}
		m["claims/notes.txt"] = &fstest.MapFile{Data: []byte("not a claim file")}
	})
}

func TestFingerprintModTimes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("aliases.yaml", "[]\n")
	write("documents/a.md", "---\ntitle: A\n---\nText.\n")
	write("claims/a.yaml", "[]\n")
	fsys := os.DirFS(dir)
	fp1, err := Fingerprint(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fp2, _ := Fingerprint(fsys)
	if fp1 != fp2 {
		t.Fatal("fingerprint of an unchanged directory changed")
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "documents", "a.md"), later, later); err != nil {
		t.Fatal(err)
	}
	fp3, _ := Fingerprint(fsys)
	if fp3 == fp1 {
		t.Error("touching a document did not change the fingerprint")
	}
	write("documents/a.md", "---\ntitle: A\n---\nMore text.\n")
	fp4, _ := Fingerprint(fsys)
	if fp4 == fp3 {
		t.Error("editing a document did not change the fingerprint")
	}
}

func TestFingerprintBundle(t *testing.T) {
	a, err := Fingerprint(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Fingerprint(data.FS())
	if a != b || a == "" {
		t.Errorf("bundle fingerprint not stable: %q %q", a, b)
	}
}
