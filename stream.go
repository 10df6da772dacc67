package armswatch

import (
	"fmt"
	"io/fs"
	"iter"
	"path"
	"sort"
	"strings"
	"unicode"
)

// Stream loads a data set one document at a time, so that a data set of
// any size can be checked and indexed without holding every document's
// body in memory. It makes exactly Load's checks: OpenStream reads the
// alias file and the claim records (small) and lists the documents;
// Documents reads, checks and hands out each document in id order (the
// quotes that cite it are checked against it then, and nothing of it is
// kept); Finish returns the claims and alias groups, or every problem at
// once.
//
// A caller that builds something from the documents must throw it away
// when Finish returns an error: Documents stops handing out documents at
// the first problem it sees, but a claim may still turn out to be invalid
// after the last document.
type Stream struct {
	l          *loader
	files      []dataFile // document files to read, in id order
	next       int        // files[:next] have been read
	keepBodies bool       // Load: Finish returns the documents, bodies and all
	kept       []Document // the documents read, when keepBodies
	readErr    error
	finished   bool
	corpus     *Corpus
	err        error
}

// OpenStream reads and checks the alias file and the claim records of a
// data set and lists its documents. Problems in them are reported by
// Finish; the error here is a failure to read the FS.
func OpenStream(fsys fs.FS) (*Stream, error) {
	l := &loader{fsys: fsys, citing: map[string][]citation{}}
	if err := l.loadAliases(); err != nil {
		return nil, err
	}
	if err := l.loadClaims(); err != nil {
		return nil, err
	}
	files, err := l.listFiles(DocumentsDir, ".md", ".markdown")
	if err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return docIDOf(files[i].path) < docIDOf(files[j].path) })
	// A refused file (reported) is still a document that claims may cite:
	// it is known, but not read.
	l.docIDs = make(map[string]bool, len(files))
	toRead := files[:0]
	for _, f := range files {
		id := docIDOf(f.path)
		l.docIDs[id] = true
		l.docList = append(l.docList, id)
		if f.ok {
			toRead = append(toRead, f)
		}
	}
	// Everything about the claims but their quotes can be checked now,
	// so that Documents stops at once when a claim is invalid.
	l.checkClaims()
	return &Stream{l: l, files: toRead}, nil
}

func docIDOf(p string) string { return strings.TrimSuffix(path.Base(p), ".md") }

// Aliases returns the alias groups as read. They are only known to be
// valid once Finish succeeds.
func (s *Stream) Aliases() []AliasGroup { return s.l.aliases }

// DocumentCount is the number of document files to read (a file refused
// by its type or size is reported, not counted).
func (s *Stream) DocumentCount() int { return len(s.files) }

// ClaimCount is the number of claim records read, valid or not.
func (s *Stream) ClaimCount() int { return len(s.l.claims) }

// Documents reads, checks and yields the documents in id order, each once
// over all calls. It yields only while no problem has been found anywhere
// in the data; Finish reads the rest and reports every problem. A yielded
// document is the caller's, body included.
func (s *Stream) Documents() iter.Seq[*Document] {
	return func(yield func(*Document) bool) {
		for !s.finished && s.readErr == nil && s.next < len(s.files) {
			d, err := s.read()
			if err != nil {
				s.readErr = err
				return
			}
			if d == nil || len(s.l.errs) > 0 || !yield(d) {
				return
			}
		}
	}
}

// read reads and checks the next document file, checks the quotes that
// cite it, and returns the document: nil when the file turned out too
// large to read (reported).
func (s *Stream) read() (*Document, error) {
	f := s.files[s.next]
	s.next++
	data, ok, err := s.l.readData(f)
	if err != nil || !ok {
		return nil, err
	}
	ld := s.l.parseDocument(f.path, data)
	s.l.checkQuotes(ld)
	if s.keepBodies {
		s.kept = append(s.kept, ld.doc)
	}
	return &ld.doc, nil
}

// Finish reads the documents Documents did not hand out, finishes the
// checks, and returns the data set: claims and alias groups in file order.
// Its Documents are empty: the stream keeps none (Load's has them all,
// sorted by id). Problems
// are ValidationErrors, sorted; any other error is a failure to read the
// FS. Calling it again returns the same.
func (s *Stream) Finish() (*Corpus, error) {
	if s.finished {
		return s.corpus, s.err
	}
	for s.readErr == nil && s.next < len(s.files) {
		if _, err := s.read(); err != nil {
			s.readErr = err
		}
	}
	s.finished = true
	s.corpus, s.err = s.finish()
	return s.corpus, s.err
}

func (s *Stream) finish() (*Corpus, error) {
	l := s.l
	if s.readErr != nil {
		return nil, s.readErr
	}
	if len(l.errs) > 0 {
		l.errs.sort()
		return nil, l.errs
	}
	c := &Corpus{
		Documents: s.kept, // read in id order
		Claims:    make([]Claim, 0, len(l.claims)),
		Aliases:   l.aliases,
	}
	if c.Documents == nil {
		c.Documents = []Document{}
	}
	for _, r := range l.claims {
		c.Claims = append(c.Claims, r.c)
	}
	return c, nil
}

// LoadMetadata reads and checks a data set as Load does, one document at
// a time, and returns it without the documents' bodies (Body is empty):
// for callers that need the claims, the alias groups and which documents
// there are (a chart, a check), not the text, whatever the data set's size.
func LoadMetadata(fsys fs.FS) (*Corpus, error) {
	s, err := OpenStream(fsys)
	if err != nil {
		return nil, err
	}
	docs := make([]Document, 0, s.DocumentCount())
	for d := range s.Documents() {
		d.Body = ""
		docs = append(docs, *d)
	}
	c, err := s.Finish()
	if err != nil {
		return nil, err
	}
	c.Documents = docs
	return c, nil
}

// checkQuotes checks the quotes of the appearances that cite a document
// just read.
func (l *loader) checkQuotes(d *loadedDoc) {
	cites := l.citing[d.doc.ID]
	if len(cites) == 0 || !d.checkable {
		return
	}
	norm := NormalizeSpace(d.doc.Body)
	for _, ct := range cites {
		if strings.Contains(norm, ct.quote) {
			continue
		}
		f := fmt.Sprintf("appearances[%d].quote", ct.i)
		if !ct.r.failed[f] {
			l.add(ct.r.c.Path, ct.r.at(f), f, "not found verbatim in document %q%s", d.doc.ID, quoteMismatch(norm, ct.quote))
		}
	}
}

// isBlank reports whether s is only whitespace (NormalizeSpace(s) == "").
func isBlank(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) }) < 0
}
