// Package armswatch is the domain of armswatch: source documents, the claim
// records drawn from them, the alias data moderators edit, their loading and
// validation, and the Answer value that every front end renders.
//
// It imports no adapter (no bleve, no discordgo, no HTTP): index/, bot/ and
// cmd/armswatch depend on it, never the other way round.
package armswatch
