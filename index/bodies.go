package index

import (
	"bufio"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

// bodies.dat holds a generation's document bodies, out of bleve: stored
// fields are read through bleve's memory-mapped segments, so bodies kept
// there would make most of the index resident in a serving process. The file
// is the header bodiesMagic followed by the bodies, one after the other in
// build order, with nothing between them; where each body is (offset,
// length, CRC-32C) is in the document's stored metadata (storedDoc). The
// file's size is recorded in meta.json (BodyBytes), which is written after
// the file is synced, and checked when the generation is opened; every read
// checks its body's checksum.
const (
	bodiesFile  = "bodies.dat"
	bodiesMagic = "armswatch-bodies-1\n"
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// bodyWriter appends bodies to a new bodies.dat.
type bodyWriter struct {
	f       *os.File
	w       *bufio.Writer
	off     int64
	scratch []byte
}

func createBodies(dir string) (*bodyWriter, error) {
	f, err := os.OpenFile(filepath.Join(dir, bodiesFile), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", bodiesFile, err)
	}
	bw := &bodyWriter{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	n, _ := bw.w.WriteString(bodiesMagic)
	bw.off = int64(n)
	return bw, nil
}

// add appends a body and records where it is in d.
func (bw *bodyWriter) add(d *storedDoc, body string) error {
	if bw.scratch == nil {
		bw.scratch = make([]byte, 32<<10)
	}
	d.BodyAt, d.BodyLen, d.BodyCRC = bw.off, len(body), crcString(body, bw.scratch)
	n, err := bw.w.WriteString(body)
	bw.off += int64(n)
	if err != nil {
		return fmt.Errorf("write %s: %w", bodiesFile, err)
	}
	return nil
}

// crcString is the CRC-32C of s, computed through scratch rather than a
// copy of the whole of s.
func crcString(s string, scratch []byte) uint32 {
	var c uint32
	for len(s) > 0 {
		n := copy(scratch, s)
		c = crc32.Update(c, crcTable, scratch[:n])
		s = s[n:]
	}
	return c
}

// writeString writes s to w through scratch rather than a copy of the
// whole of s (for writers that are not io.StringWriters, such as hashes).
func writeString(w io.Writer, s string, scratch []byte) {
	for len(s) > 0 {
		n := copy(scratch, s)
		w.Write(scratch[:n])
		s = s[n:]
	}
}

// finish flushes, syncs and closes the file and returns its size.
func (bw *bodyWriter) finish() (int64, error) {
	err := bw.w.Flush()
	if err == nil {
		err = bw.f.Sync()
	}
	if cerr := bw.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", bodiesFile, err)
	}
	return bw.off, nil
}

// abort closes the file after a failed build (the directory is removed).
func (bw *bodyWriter) abort() { bw.f.Close() }

// bodyReader reads bodies from an open generation's bodies.dat.
type bodyReader struct {
	f *os.File
	// failed, when set, is told of every read that fails (the Index's
	// damage accounting, see damage.go) and returns the error to give.
	failed func(error) error
}

// openBodies opens bodies.dat and checks it against meta.json's size.
func openBodies(dir string, size int64) (*bodyReader, error) {
	f, err := os.Open(filepath.Join(dir, bodiesFile))
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && fi.Size() != size {
		err = fmt.Errorf("%s holds %d bytes, meta.json says %d", bodiesFile, fi.Size(), size)
	}
	if err == nil {
		head := make([]byte, len(bodiesMagic))
		if _, rerr := f.ReadAt(head, 0); rerr != nil || string(head) != bodiesMagic {
			err = fmt.Errorf("%s: not a bodies file of this version", bodiesFile)
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &bodyReader{f: f}, nil
}

var errBodyCorrupt = errors.New("document body is corrupt")

// body reads the body of d and checks its CRC-32C; a read that fails is
// reported to r.failed.
func (r *bodyReader) body(d *storedDoc) (string, error) {
	s, err := r.read(d)
	if err != nil && r.failed != nil {
		err = r.failed(err)
	}
	return s, err
}

func (r *bodyReader) read(d *storedDoc) (string, error) {
	if d.BodyLen == 0 {
		return "", nil
	}
	if d.BodyAt < int64(len(bodiesMagic)) || d.BodyLen < 0 {
		return "", fmt.Errorf("%s: document %s: %w (bad offset)", bodiesFile, d.ID, errBodyCorrupt)
	}
	buf := make([]byte, d.BodyLen)
	if _, err := r.f.ReadAt(buf, d.BodyAt); err != nil {
		if errors.Is(err, io.EOF) {
			err = errBodyCorrupt
		}
		return "", fmt.Errorf("%s: document %s: read body: %w", bodiesFile, d.ID, err)
	}
	if crc32.Checksum(buf, crcTable) != d.BodyCRC {
		return "", fmt.Errorf("%s: document %s: %w (checksum mismatch)", bodiesFile, d.ID, errBodyCorrupt)
	}
	return string(buf), nil
}

func (r *bodyReader) close() error { return r.f.Close() }
