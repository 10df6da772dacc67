package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// mappingVersion is part of every index's fingerprint: change it whenever
// the fields, analyzers, stored values or side files change, and every
// existing index is rebuilt on its next open.
const mappingVersion = "armswatch-index-11"

// noItems is the category term of a claim that names no item ("Russia
// denies any weapons trade").
const noItems = "_none"

// The fields. Documents and claims have separate text fields, so that a
// search for one kind never walks the other's postings. Text is routed by
// script (route): *_en holds Latin and everything else, *_cyr Cyrillic
// words, *_ko Hangul words. *_alias holds the id of every alias group whose
// name occurs in the text as a phrase (found at index time, so "North
// Korea" and "DPRK" are one term). Nothing is indexed with term vectors or
// doc values: snippets are cut by this package, not by bleve's highlighter.
// Document bodies are not stored in bleve: they are in the generation's
// bodies.dat (see bodyFile), read with pread when an answer needs them, so
// that they are not part of the memory-mapped segments.
const (
	fDocEn       = "d_en"
	fDocCyr      = "d_cyr"
	fDocKo       = "d_ko"
	fDocAlias    = "d_alias"
	fDocDate     = "d_date" // publication date, as the terms of dates.go
	fDocMeta     = "d_meta" // stored: the document's metadata as JSON, with where its body is in bodies.dat
	fClaimEn     = "c_en"
	fClaimCyr    = "c_cyr"
	fClaimKo     = "c_ko"
	fClaimAlias  = "c_alias"
	fClaimCat    = "c_cat"      // item categories, or noItems
	fClaimStance = "c_stance"   // the stance of an active claim (denials are looked up by it)
	fClaimWho    = "c_claimant" // claimant, role and country, as name words
	fClaimDoc    = "c_doc"      // ids of the documents citing it
	fClaimFrom   = "c_from"     // the supplier: the alias groups of countries naming it, and sideStated (direction.go)
	fClaimTo     = "c_to"       // the recipient, the same way
	fClaimDate   = "c_date"     // said_on, as the terms of dates.go
	fClaimJSON   = "c_json"     // stored: the claim and its sources as JSON
)

// textFields are a kind's per-script text fields.
type textFields struct{ en, cyr, ko, alias string }

var (
	docFields   = textFields{fDocEn, fDocCyr, fDocKo, fDocAlias}
	claimFields = textFields{fClaimEn, fClaimCyr, fClaimKo, fClaimAlias}
)

func (f textFields) forScript(s script) string {
	switch s {
	case scriptCyrillic:
		return f.cyr
	case scriptHangul:
		return f.ko
	}
	return f.en
}

// buildMapping describes the fields above for bleve. Records are indexed
// with IndexAdvanced (fields built by this package), so the mapping serves
// queries and documentation; dynamic fields are off.
func buildMapping() *mapping.IndexMappingImpl {
	m := bleveMapping()
	m.DefaultAnalyzer = analyzerEn
	// BM25 (scorch only): a long document repeating a word no longer
	// outranks a short claim that says it once, and a term's weight
	// saturates.
	m.ScoringModel = index.BM25Scoring
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultMapping.Dynamic = false

	text := func(analyzer string) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fDocEn, text(analyzerEn))
	doc.AddFieldMappingsAt(fDocCyr, text(analyzerCyr))
	doc.AddFieldMappingsAt(fDocKo, text(analyzerKo))
	doc.AddFieldMappingsAt(fDocAlias, text(analyzerName))
	doc.AddFieldMappingsAt(fDocDate, text(keyword.Name))
	doc.AddFieldMappingsAt(fDocMeta, stored())
	m.AddDocumentMapping("document", doc)

	claim := mapping.NewDocumentStaticMapping()
	claim.AddFieldMappingsAt(fClaimEn, text(analyzerEn))
	claim.AddFieldMappingsAt(fClaimCyr, text(analyzerCyr))
	claim.AddFieldMappingsAt(fClaimKo, text(analyzerKo))
	claim.AddFieldMappingsAt(fClaimAlias, text(analyzerName))
	claim.AddFieldMappingsAt(fClaimCat, text(keyword.Name))
	claim.AddFieldMappingsAt(fClaimStance, text(keyword.Name))
	claim.AddFieldMappingsAt(fClaimWho, text(analyzerName))
	claim.AddFieldMappingsAt(fClaimDoc, text(keyword.Name))
	claim.AddFieldMappingsAt(fClaimFrom, text(keyword.Name))
	claim.AddFieldMappingsAt(fClaimTo, text(keyword.Name))
	claim.AddFieldMappingsAt(fClaimDate, text(keyword.Name))
	claim.AddFieldMappingsAt(fClaimJSON, stored())
	m.AddDocumentMapping("claim", claim)
	return m
}
