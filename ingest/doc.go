// Package ingest turns a raw article, as copied from a web page (plain text)
// or saved from one (HTML), into a clean source document: the article body
// with the page furniture removed, the metadata the text itself states, a
// report of everything it removed and why, and a stable document id.
//
// Cleaning is rule-based and deterministic: no network, no guessing. A rule
// removes only what it recognises as furniture (menus, newsletter and
// donation boxes, share and reaction counters, comment widgets, news-feed
// sidebars, repeated headlines, mojibake debris…); every sentence of the
// article itself stays word for word. Metadata the text does not state stays
// empty.
package ingest
