package extract

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/armswatch/armswatch"
)

// YAML writes claim records proposed for doc as the candidates file a
// moderator reviews: a YAML list with the keys of data/claims/*.yaml (empty
// fields left out), headed by a comment saying they are candidates to
// review. It is CandidatesYAML without the reasons and the origin line.
func YAML(doc armswatch.Document, claims []armswatch.Claim) ([]byte, error) {
	cands := make([]Candidate, len(claims))
	for i, c := range claims {
		cands[i] = Candidate{Claim: c}
	}
	return CandidatesYAML(doc, "", cands)
}

// CandidatesYAML writes candidates (from Extract) for doc as YAML in the
// claim-record format, headed by a comment saying they are candidates to
// review and, when origin is not empty, where the document came from
// ("article.html, cleaned as document …"). Above each record a comment
// gives the reasons the rules found for it. Keys come in the order of the
// claim-record format; every free-text value is a double-quoted YAML string
// (escaped), so the file loads as written whatever the article holds. The
// writer uses only the standard library; the error is always nil and is
// kept for callers that stream the result.
func CandidatesYAML(doc armswatch.Document, origin string, cands []Candidate) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# Candidate claim records for document %s, proposed by \"armswatch extract\"\n", oneLineComment(doc.ID))
	if origin != "" {
		fmt.Fprintf(&b, "# from %s.\n", oneLineComment(origin))
	}
	b.WriteString("# These are CANDIDATES TO REVIEW before copying into data/claims/: check each\n")
	b.WriteString("# claimant, figure, qualifier, measure, date and stance against its quote, merge\n")
	b.WriteString("# or delete records, and add what the rules missed. Nobody has checked them yet.\n")
	if doc.Published.IsZero() {
		b.WriteString("# The document has no date: dates written without a year are left empty.\n")
	}
	if len(cands) == 0 {
		b.WriteString("# The rules found no claims in this document.\n[]\n")
		return []byte(b.String()), nil
	}
	for _, c := range cands {
		b.WriteString("\n")
		for i, w := range c.Why {
			if i == 0 {
				b.WriteString("# why: ")
			} else {
				b.WriteString("#      ")
			}
			b.WriteString(oneLineComment(w))
			b.WriteString("\n")
		}
		writeClaim(&b, c.Claim)
	}
	return []byte(b.String()), nil
}

// writeClaim writes one record as a list entry, empty fields left out.
func writeClaim(b *strings.Builder, c armswatch.Claim) {
	first := true
	field := func(k, v string) {
		if first {
			b.WriteString("- ")
			first = false
		} else {
			b.WriteString("  ")
		}
		b.WriteString(k)
		b.WriteString(":")
		if v != "" {
			b.WriteString(" ")
			b.WriteString(v)
		}
		b.WriteString("\n")
	}
	str := func(k, v string) {
		if v != "" {
			field(k, armswatch.QuoteYAML(v))
		}
	}
	str("id", c.ID)
	str("statement", c.Statement)
	str("claimant", c.Claimant)
	str("claimant_role", c.ClaimantRole)
	switch len(c.ClaimantCountry) {
	case 0:
	case 1:
		str("claimant_country", c.ClaimantCountry[0])
	default:
		qs := make([]string, len(c.ClaimantCountry))
		for i, s := range c.ClaimantCountry {
			qs[i] = armswatch.QuoteYAML(s)
		}
		field("claimant_country", "["+strings.Join(qs, ", ")+"]")
	}
	str("stance", string(c.Stance))
	if c.Hedged {
		field("hedged", "true")
	}
	if !c.SaidOn.IsZero() {
		str("said_on", c.SaidOn.String())
	}
	str("supplier", c.Supplier)
	str("recipient", c.Recipient)
	if len(c.Items) > 0 {
		field("items", "")
		for _, it := range c.Items {
			writeItem(b, it)
		}
	}
	field("appearances", "")
	for _, a := range c.Appearances {
		b.WriteString("    - doc: ")
		b.WriteString(armswatch.QuoteYAML(a.Doc))
		b.WriteString("\n      quote: ")
		b.WriteString(armswatch.QuoteYAML(a.Quote))
		b.WriteString("\n")
	}
	str("status", string(c.Status))
	str("superseded_by", c.SupersededBy)
	str("notes", c.Notes)
}

func writeItem(b *strings.Builder, it armswatch.Item) {
	b.WriteString("    - category: ")
	b.WriteString(armswatch.QuoteYAML(string(it.Category)))
	b.WriteString("\n")
	if it.Designation != "" {
		b.WriteString("      designation: " + armswatch.QuoteYAML(it.Designation) + "\n")
	}
	if it.Caliber != "" {
		b.WriteString("      caliber: " + armswatch.QuoteYAML(it.Caliber) + "\n")
	}
	q := it.Quantity
	if q == nil {
		return
	}
	b.WriteString("      quantity:\n")
	b.WriteString("        text: " + armswatch.QuoteYAML(q.Text) + "\n")
	for _, n := range []struct {
		k string
		v *float64
	}{{"value", q.Value}, {"min", q.Min}, {"max", q.Max}} {
		if n.v != nil {
			b.WriteString("        " + n.k + ": " + strconv.FormatFloat(*n.v, 'f', -1, 64) + "\n")
		}
	}
	if q.Qualifier != "" {
		b.WriteString("        qualifier: " + armswatch.QuoteYAML(string(q.Qualifier)) + "\n")
	}
	if q.Measure != "" {
		b.WriteString("        measure: " + armswatch.QuoteYAML(string(q.Measure)) + "\n")
	}
}

// oneLineComment keeps a comment on its line: line breaks become spaces.
func oneLineComment(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
