package propose

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/extract"
	"github.com/armswatch/armswatch/ingest"
)

// Source is an article to propose.
type Source struct {
	Raw []byte
	// ContentType is the type the article came with ("text/html;
	// charset=windows-1251"), empty when unknown: ingest then sniffs it.
	ContentType string
	// URL is where the article was fetched from; it becomes the document's
	// url unless Hint.URL is set.
	URL string
	// SourceFile is the raw file's base name, for the document's
	// source_file; empty for a download or standard input.
	SourceFile string
	// Hint is metadata the moderator gave (flags); it wins over what the
	// text states.
	Hint ingest.Meta
	// Origin describes the source in the candidates' header comment ("the
	// attachment a.html to /propose"); empty: SourceFile or URL.
	Origin string
}

// Options is what Propose knows of the data set.
type Options struct {
	// Corpus is the data set the document joins: its aliases help the
	// extraction, its document ids are taken. Nil: none.
	Corpus *armswatch.Corpus
	// Taken reports other ids that are taken (staged proposals); nil: none.
	Taken func(id string) bool
}

// Proposal is an article cleaned into a document, with candidate records.
type Proposal struct {
	Doc        armswatch.Document
	Cleaning   ingest.Result // what ingest removed and kept, for the moderator
	Candidates []extract.Candidate
	// DocFile and CandidatesYAML are the two files as they would be
	// written: documents/<id>.md and the candidates in the claims format.
	DocFile        []byte
	CandidatesYAML []byte
	// SameAs are the documents of the data set with this article's title
	// or url: it may be published already.
	SameAs []string
	// Problems is what the loader's own checks say of the two files as a
	// data set of their own; empty when they load.
	Problems armswatch.ValidationErrors
}

// ErrNoTitle is returned when the article has no headline to take the
// title from and none was given.
var ErrNoTitle = errors.New("the article has no headline-like line to take the title from: give a title")

// Propose cleans an article into a document (ingest), gives it an id
// (ingest.DocumentID, with -2, -3… when taken), proposes candidate claim records
// (extract) and checks both files with the loader's checks. Nothing is
// written. The errors of ingest (ingest.ErrEmpty, ingest.ErrNothingLeft,
// ingest.ErrNotText) come through for errors.Is.
func Propose(ctx context.Context, src Source, opt Options) (*Proposal, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	hint := src.Hint
	if hint.URL == "" {
		hint.URL = src.URL
	}
	res, err := ingest.CleanContentType(src.Raw, src.ContentType, hint)
	if err != nil {
		return nil, fmt.Errorf("clean the article: %w", err)
	}
	if res.Meta.Title == "" {
		return nil, ErrNoTitle
	}
	corpus := opt.Corpus
	if corpus == nil {
		corpus = &armswatch.Corpus{}
	}
	base := ingest.DocumentID(res.Meta.Publisher, res.Meta.Published, res.Meta.Title)
	id := base
	for n := 2; ; n++ {
		_, inData := corpus.Document(id)
		if !inData && (opt.Taken == nil || !opt.Taken(id)) {
			break
		}
		id = base + "-" + strconv.Itoa(n)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	doc := res.Document(id, src.SourceFile)
	cands := extract.Extract(doc, corpus.Aliases)
	origin := src.Origin
	if origin == "" {
		origin = cmp.Or(src.URL, src.SourceFile, "an article")
		origin += ", cleaned as document " + id
	}
	yml, err := extract.CandidatesYAML(doc, origin, cands)
	if err != nil {
		return nil, fmt.Errorf("write the candidates: %w", err)
	}
	p := &Proposal{Doc: doc, Cleaning: res, Candidates: cands, DocFile: ingest.Render(doc), CandidatesYAML: yml, SameAs: sameAs(corpus, doc)}
	p.Problems = checkFiles(map[string][]byte{
		docPath(id): p.DocFile,
		path.Join(armswatch.ClaimsDir, id+".yaml"): yml,
	})
	return p, nil
}

func docPath(id string) string { return path.Join(armswatch.DocumentsDir, id+".md") }

// checkFiles loads in-memory files as a data set of their own and returns
// the problems the loader finds.
func checkFiles(files map[string][]byte) armswatch.ValidationErrors {
	_, err := armswatch.Load(memFS{files: files})
	return asProblems(err)
}

func asProblems(err error) armswatch.ValidationErrors {
	var verrs armswatch.ValidationErrors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &verrs):
		return verrs
	}
	return armswatch.ValidationErrors{{Message: err.Error()}}
}

// sameAs lists the documents of corpus with doc's title (letters and
// digits compared, case folded) or its url.
func sameAs(corpus *armswatch.Corpus, doc armswatch.Document) []string {
	title := foldTitle(doc.Title)
	var out []string
	for _, d := range corpus.Documents {
		if (title != "" && foldTitle(d.Title) == title) || (doc.URL != "" && d.URL == doc.URL) {
			out = append(out, d.ID)
		}
	}
	return out
}

func foldTitle(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
