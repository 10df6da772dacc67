package extract

import (
	"fmt"
	"strings"

	"github.com/armswatch/armswatch/internal/prose"
)

// A paper's byline: "Hana Cho and Daniel Reyes (University of Edinburgh)"
// as the first line of the body, naming the document's authors. In such a
// document "we" and "our" are the authors, not the publisher (a conference
// or a journal publishes the paper; the authors make its claims).

// byline is the authors a document's first paragraph names, with their
// affiliation as the role.
type byline struct {
	names, role string
}

// readByline reads the byline from the first paragraph when it is a line
// of names without punctuation ("By A and B", "A, B and C (Affiliation)")
// whose every name has a surname in the document's author field.
func (x *extractor) readByline() *byline {
	if len(x.paras) == 0 || x.doc.Author == "" {
		return nil
	}
	text := strings.TrimSpace(x.paras[0].text)
	text = strings.TrimPrefix(text, "By ")
	role := ""
	if i := strings.Index(text, " ("); i > 0 && strings.HasSuffix(text, ")") {
		role = text[i+2 : len(text)-1]
		text = text[:i]
	}
	if strings.ContainsAny(text+role, ".!?:;\"“”") {
		return nil // a sentence, not a line of names
	}
	parts := strings.Split(strings.ReplaceAll(text, " and ", ", "), ", ")
	if len(parts) > 4 {
		return nil
	}
	author := strings.ToLower(x.doc.Author)
	for _, p := range parts {
		words := strings.Fields(p)
		if len(words) < 2 || len(words) > 3 {
			return nil
		}
		for _, w := range words {
			if !tokenize(w)[0].cap() {
				return nil
			}
		}
		if !strings.Contains(author, strings.ToLower(words[len(words)-1])) {
			return nil
		}
	}
	return &byline{names: prose.And(parts), role: role}
}

// authors is "we" in a document with a byline: its authors.
func (x *extractor) authors(s *sentence, we string) (who, bool) {
	if x.byline == nil {
		return who{}, false
	}
	w := who{name: x.byline.names, role: x.byline.role, sent: s.index, para: s.para}
	w.countries = x.countriesOf(w.role)
	w.person = !strings.Contains(w.name, " and ")
	w.why = []string{fmt.Sprintf("%q is the authors named in the byline, %s", we, w.name)}
	return w, true
}
