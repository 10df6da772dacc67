package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReindexCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS(fixtureData)); err != nil {
		t.Fatal(err)
	}
	env := newAskEnv(t)
	env.vars["DATA_DIR"] = data

	out, stderr, code := env.run("reindex")
	if code != 0 || !strings.Contains(out, "Indexed 6 documents and 8 claims in") {
		t.Fatalf("first reindex: exit %d, %q, %q", code, out, stderr)
	}
	out, _, code = env.run("reindex")
	if code != 0 || !strings.Contains(out, "Nothing changed in the data.") {
		t.Errorf("second reindex: exit %d, %q", code, out)
	}

	doc := "---\ntitle: Another fixture report\n---\nA new report on loitering drones.\n"
	path := filepath.Join(data, "documents", "fx-en-drones.md")
	os.WriteFile(path, []byte(doc), 0o644)
	out, _, code = env.run("reindex")
	if code != 0 || !strings.Contains(out, "Documents added (1): fx-en-drones") || !strings.Contains(out, "Indexed 7 documents") {
		t.Errorf("after adding a document: exit %d, %q", code, out)
	}

	// Invalid data: the problems with file:line on stderr, exit 1, and
	// the index still answers.
	os.WriteFile(filepath.Join(data, "claims", "broken.yaml"), []byte("- id: Not An Id\n  statement: x\n"), 0o644)
	out, stderr, code = env.run("reindex")
	if code != 1 || !strings.Contains(stderr, "claims/broken.yaml:1: ") || !strings.Contains(stderr, "the index was not changed") {
		t.Errorf("invalid data: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	os.Remove(filepath.Join(data, "claims", "broken.yaml"))
	if out, _, code := env.run("ask", "--json", "loitering drones"); code != 0 || !strings.Contains(out, "fx-en-drones") {
		t.Errorf("ask after the failed reindex: exit %d, %.200q", code, out)
	}
	if _, _, code := env.run("reindex", "extra"); code != 2 {
		t.Errorf("reindex with an argument: exit %d", code)
	}
}
