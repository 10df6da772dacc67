// Package index owns armswatch's search: the on-disk bleve index over the
// documents and claim records of a data set, its life cycle (build, check,
// atomic swap, crash recovery, polling the data for changes) and the answer
// engine that turns a question in a user's words into an armswatch.Answer:
// claims first, comparisons of their figures, then document passages, with
// freshness, typo tolerance and suggestions when nothing matches.
//
// It is the only package that imports bleve. User text is never handed to
// bleve's query-string parser: queries are built term by term.
package index
