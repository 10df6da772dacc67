package extract

import "github.com/armswatch/armswatch"

// Candidate is a proposed claim record and the reasons the rules give for
// it, for a moderator to review.
type Candidate struct {
	Claim armswatch.Claim
	Why   []string

	person bool // the claimant is a named person (for the id)
	bare   bool // no figure, no item and no words of the claimant's own
}

// Candidates proposes claim records for a document; see Extract.
func Candidates(doc armswatch.Document, aliases []armswatch.AliasGroup) []armswatch.Claim {
	cands := Extract(doc, aliases)
	out := make([]armswatch.Claim, len(cands))
	for i, c := range cands {
		out[i] = c.Claim
	}
	return out
}

// Extract proposes claim records for a document, with the reasons for
// each. Every quote is a whole sentence of doc.Body, verbatim; every
// quantity's text appears in its quote; ids are unique kebab-case. The
// result is deterministic.
func Extract(doc armswatch.Document, aliases []armswatch.AliasGroup) []Candidate {
	x := &extractor{doc: doc, lx: newLexicon(aliases), flagCache: map[int]tokenFlags{}}
	x.paras, x.sents = segment(doc.Body)
	x.dates = make([][]dateExpr, len(x.sents))
	for i := range x.sents {
		s := &x.sents[i]
		x.dates[i] = findDates(s.text, doc.Published)
		markDates(s.toks, x.dates[i])
	}
	x.registerPeople()
	x.registerBodies()
	x.byline = x.readByline()
	var out []Candidate
	for i := range x.sents {
		out = append(out, x.sentenceCandidates(&x.sents[i])...)
	}
	out = merge(out)
	assignIDs(out, doc.ID)
	return out
}

type extractor struct {
	doc     armswatch.Document
	lx      *lexicon
	paras   []paragraph
	sents   []sentence
	dates   [][]dateExpr
	people  []person
	bodies  []body // in document order
	byline  *byline
	history []who // claimants so far, in order
	// lastClaimant is 1 + the index in history of the latest claimant
	// that is not the outlet (0: none); withWord is latestWith's memo.
	lastClaimant int
	withWord     map[string]*wordSearch
	flagCache    map[int]tokenFlags
	// The item categories named so far: the last one only named and the
	// last one counted by a figure (all contextCats needs).
	lastNamed, lastCounted recentItem
}

type recentItem struct {
	cat  armswatch.Category
	para int
	set  bool
}
