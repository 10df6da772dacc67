package armswatch

// Corpus is a loaded and validated data set: documents, claims and aliases.
type Corpus struct {
	Documents []Document
	Claims    []Claim
	Aliases   []AliasGroup
}

// Document returns the document with the given id.
func (c *Corpus) Document(id string) (Document, bool) {
	for _, d := range c.Documents {
		if d.ID == id {
			return d, true
		}
	}
	return Document{}, false
}

// Claim returns the claim with the given id.
func (c *Corpus) Claim(id string) (Claim, bool) {
	for _, cl := range c.Claims {
		if cl.ID == id {
			return cl, true
		}
	}
	return Claim{}, false
}

// ClaimsCiting returns the claims with an appearance in the given document.
func (c *Corpus) ClaimsCiting(docID string) []Claim {
	var out []Claim
	for _, cl := range c.Claims {
		for _, a := range cl.Appearances {
			if a.Doc == docID {
				out = append(out, cl)
				break
			}
		}
	}
	return out
}

// SourcesUpTo is the latest publication date among the documents; zero when
// none is dated.
func (c *Corpus) SourcesUpTo() Date {
	var latest Date
	for _, d := range c.Documents {
		if latest.Before(d.Published) || latest.IsZero() {
			if !d.Published.IsZero() {
				latest = d.Published
			}
		}
	}
	return latest
}
