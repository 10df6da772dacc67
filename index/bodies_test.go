package index

import (
	"bytes"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/armswatch/armswatch"
)

func TestBodiesRoundTripAndCorruption(t *testing.T) {
	dir := t.TempDir()
	bw, err := createBodies(dir)
	if err != nil {
		t.Fatal(err)
	}
	bodies := []string{"North Korea sent shells.", "", "Північна Корея передала снаряди. 북한은 포탄을 보냈다."}
	docs := make([]storedDoc, len(bodies))
	for i, b := range bodies {
		docs[i].Document = armswatch.Document{ID: string(rune('a' + i))}
		if err := bw.add(&docs[i], b); err != nil {
			t.Fatal(err)
		}
	}
	size, err := bw.finish()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := openBodies(dir, size+1); err == nil {
		t.Error("a size other than meta.json's was accepted")
	}
	r, err := openBodies(dir, size)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range bodies {
		if got, err := r.body(&docs[i]); err != nil || got != want {
			t.Errorf("body %d = %q, %v; want %q", i, got, err, want)
		}
	}
	r.close()

	// A flipped byte in a body is reported, not shown.
	path := filepath.Join(dir, bodiesFile)
	data, _ := os.ReadFile(path)
	data[docs[2].BodyAt+3] ^= 0x20
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = openBodies(dir, size)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	if _, err := r.body(&docs[2]); !errors.Is(err, errBodyCorrupt) {
		t.Errorf("corrupt body: err = %v, want errBodyCorrupt", err)
	}
	if got, err := r.body(&docs[0]); err != nil || got != bodies[0] {
		t.Errorf("intact body = %q, %v", got, err)
	}
	bad := docs[0]
	bad.BodyAt = size
	if _, err := r.body(&bad); !errors.Is(err, errBodyCorrupt) {
		t.Errorf("body past the end: err = %v, want errBodyCorrupt", err)
	}

	// Another file format is refused.
	copy(data, "not-bodies")
	os.WriteFile(path, data, 0o644)
	if _, err := openBodies(dir, size); err == nil {
		t.Error("a file without the header was accepted")
	}
}

func TestCRCStringAndWriteStringInChunks(t *testing.T) {
	scratch := make([]byte, 1<<10)
	for _, n := range []int{0, 1, 1<<10 - 1, 1 << 10, 1<<10 + 1, 5<<10 + 7} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*7 + n)
		}
		if got, want := crcString(string(b), scratch), crc32.Checksum(b, crcTable); got != want {
			t.Errorf("crcString of %d bytes = %08x, want %08x", n, got, want)
		}
		var w bytes.Buffer
		writeString(&w, string(b), scratch)
		if !bytes.Equal(w.Bytes(), b) {
			t.Errorf("writeString of %d bytes wrote %d different bytes", n, w.Len())
		}
	}
}
