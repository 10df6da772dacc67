package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// verifySegments checks every bleve segment of the generation in dir
// (bleve/store/*.zap) against the CRC-32 (IEEE) its footer ends with,
// which covers every byte before it. It returns the problems found, one
// per segment; nothing when ctx ends first.
func verifySegments(ctx context.Context, dir string) []string {
	segs, err := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
	if err != nil {
		return []string{fmt.Sprintf("list the segments: %v", err)}
	}
	sort.Strings(segs)
	var problems []string
	buf := make([]byte, 256<<10)
	for _, seg := range segs {
		if ctx.Err() != nil {
			return nil
		}
		if p := checkSegment(ctx, seg, buf); p != "" {
			problems = append(problems, p)
		}
	}
	return problems
}

// checkSegment checks one segment's checksum; "" when it matches.
func checkSegment(ctx context.Context, path string, buf []byte) string {
	name := filepath.ToSlash(filepath.Join("bleve", "store", filepath.Base(path)))
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("%s: %v", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Sprintf("%s: %v", name, err)
	}
	size := fi.Size()
	if size < 4 {
		return fmt.Sprintf("%s: %d bytes, too short for a segment", name, size)
	}
	var sum uint32
	r := io.LimitReader(f, size-4)
	for {
		if ctx.Err() != nil {
			return ""
		}
		n, err := r.Read(buf)
		sum = crc32.Update(sum, crc32.IEEETable, buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Sprintf("%s: %v", name, err)
		}
	}
	var tail [4]byte
	if _, err := f.ReadAt(tail[:], size-4); err != nil {
		return fmt.Sprintf("%s: %v", name, err)
	}
	if want := binary.BigEndian.Uint32(tail[:]); sum != want {
		return fmt.Sprintf("%s: checksum mismatch (%08x, the footer says %08x): its bytes changed since it was written", name, sum, want)
	}
	return ""
}

// VerifyReport is what Verify found.
type VerifyReport struct {
	Path       string
	Generation string
	Documents  int // as meta.json records them
	Claims     int
	Segments   int // bleve segments checked
	Bodies     int // document bodies checked
	// Problems are what is wrong, one a line, each naming its file.
	Problems []string
}

// Verify checks the index in service at path (the generation `current`
// names) without writing to it, so it can run beside a server using it:
// meta.json, aux.json, the vocabulary, docs.json and manifest.json parse
// and agree with meta.json's counts; bodies.dat has meta.json's size and
// every document's body its CRC-32C; every bleve segment its checksum; and
// bleve opens read-only and holds meta.json's number of records. It fails
// only when ctx ends; everything wrong is in the report's Problems.
func Verify(ctx context.Context, path string) (rep VerifyReport, err error) {
	rep.Path = path
	problem := func(format string, args ...any) {
		rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
	}
	gen, err := (&Index{path: path}).currentGen()
	if err != nil {
		problem("current: %v", err)
		return rep, nil
	}
	rep.Generation = gen
	dir := filepath.Join(path, gen)

	var md meta
	mdOK := true
	if err := readJSON(filepath.Join(dir, "meta.json"), &md); err != nil {
		problem("%v", err)
		mdOK = false
	}
	rep.Documents, rep.Claims = md.Documents, md.Claims
	var ax aux
	if err := readJSON(filepath.Join(dir, "aux.json"), &ax); err != nil {
		problem("%v", err)
	}
	if _, err := loadVocab(dir); err != nil {
		problem("vocabulary: %v", err)
	}
	var docs []docEntry
	if err := readJSON(filepath.Join(dir, "docs.json"), &docs); err != nil {
		problem("%v", err)
	} else if mdOK && len(docs) != md.Documents {
		problem("docs.json: lists %d documents, meta.json says %d", len(docs), md.Documents)
	}
	var man manifest
	if err := readJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
		problem("%v", err)
	} else if mdOK && len(man.Docs) != md.Documents {
		problem("manifest.json: lists %d documents, meta.json says %d", len(man.Docs), md.Documents)
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
	rep.Segments = len(segs)
	for _, p := range verifySegments(ctx, dir) {
		problem("%s", p)
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("verify %s: %w", path, err)
	}
	if !mdOK {
		return rep, nil // bodies.dat's size and the record count are in meta.json
	}
	bodies, err := openBodies(dir, md.BodyBytes)
	if err != nil {
		problem("%v", err)
	} else {
		defer bodies.close()
	}
	bi, err := bleve.OpenUsing(filepath.Join(dir, "bleve"), map[string]interface{}{
		"read_only":    true,
		"bolt_timeout": "2s",
	})
	if err != nil {
		problem("bleve: open: %v", err)
		return rep, nil
	}
	defer bi.Close()
	if n, err := bi.DocCount(); err != nil {
		problem("bleve: count the records: %v", err)
	} else if n != uint64(md.Documents+md.Claims) {
		problem("bleve: holds %d records, meta.json says %d", n, md.Documents+md.Claims)
	}
	if bodies == nil {
		return rep, nil
	}
	before := len(rep.Problems)
	covered, checked, err := verifyBodies(ctx, bi, bodies, func(p string) { problem("%s", p) })
	rep.Bodies = checked
	if err != nil {
		return rep, fmt.Errorf("verify %s: %w", path, err)
	}
	if len(rep.Problems) > before {
		return rep, nil // the counts below would repeat what failed
	}
	if checked == md.Documents && covered+int64(len(bodiesMagic)) != md.BodyBytes {
		problem("%s: the documents' bodies cover %d of its %d bytes", bodiesFile, covered+int64(len(bodiesMagic)), md.BodyBytes)
	}
	if checked != md.Documents {
		problem("bleve: holds %d documents, meta.json says %d", checked, md.Documents)
	}
	return rep, nil
}

// verifyBodies reads every document record's metadata from bi, a page at
// a time, and checks its body; it returns the bytes the bodies cover and
// the number checked. Problems go to problem; it fails only when ctx ends.
func verifyBodies(ctx context.Context, bi bleve.Index, bodies *bodyReader, problem func(string)) (covered int64, checked int, err error) {
	defer func() {
		if r := recover(); r != nil { // bleve decoding damaged bytes
			problem(fmt.Sprintf("bleve: reading the documents: panic: %v", r))
		}
	}()
	const page = 500
	q := query.NewMatchAllQuery() // documents and claims: claims are skipped
	var after []string
	for {
		if err := ctx.Err(); err != nil {
			return covered, checked, err
		}
		req := bleve.NewSearchRequestOptions(q, page, 0, false)
		req.Fields = []string{fDocMeta}
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := bi.SearchInContext(ctx, req)
		if err != nil {
			if ctx.Err() != nil {
				return covered, checked, ctx.Err()
			}
			problem(fmt.Sprintf("bleve: read the documents: %v", err))
			return covered, checked, nil
		}
		for _, h := range res.Hits {
			if !strings.HasPrefix(h.ID, docPrefix) {
				continue
			}
			var d storedDoc
			if err := json.Unmarshal([]byte(fieldString(h, fDocMeta)), &d); err != nil {
				problem(fmt.Sprintf("bleve: record %s: its metadata does not parse: %v", h.ID, err))
				continue
			}
			checked++
			covered += int64(d.BodyLen)
			if _, err := bodies.body(&d); err != nil {
				problem(err.Error())
			}
		}
		if len(res.Hits) < page {
			return covered, checked, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
