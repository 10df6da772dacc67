// Package data is the bundled dataset: source documents, claim records, alias
// data and the raw seed articles the documents were cleaned from. It is
// embedded in the binary; a moderator's DATA_DIR (same layout) overrides it.
package data

import (
	"embed"
	"io/fs"
)

//go:embed aliases.yaml documents/*.md claims/*.yaml raw
var bundle embed.FS

// FS returns the bundled dataset, rooted at the data directory: it holds
// aliases.yaml, documents/ and claims/ (and raw/, the seeds as received).
func FS() fs.FS { return bundle }
