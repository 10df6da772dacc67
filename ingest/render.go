package ingest

import (
	"fmt"
	"github.com/armswatch/armswatch/internal/prose"
	"strings"

	"github.com/armswatch/armswatch"
)

// Document makes the source document for a cleaned article. id is the
// document id (see DocumentID); sourceFile is the raw file's name ("" when
// the article came from standard input).
func (r Result) Document(id, sourceFile string) armswatch.Document {
	return armswatch.Document{
		ID:         id,
		Title:      r.Meta.Title,
		Publisher:  r.Meta.Publisher,
		Author:     r.Meta.Author,
		URL:        r.Meta.URL,
		Published:  r.Meta.Published,
		Language:   r.Meta.Language,
		SourceFile: sourceFile,
		Notes:      r.Notes(sourceFile),
		Body:       r.Body,
	}
}

// Notes says where each piece of metadata came from (the moderator's flags
// or the text, and which line), what the text states that was not used, and
// what was kept that is not the article's own text (a related-article
// teaser).
func (r Result) Notes(sourceFile string) string {
	var notes []string
	from := "standard input"
	if sourceFile != "" {
		from = sourceFile
	}
	format := "plain text"
	if r.Format == FormatHTML {
		format = "HTML"
	}
	notes = append(notes, fmt.Sprintf("Cleaned by armswatch ingest from %s (%s).", from, format))

	type field struct {
		name         string
		hint, stated string
	}
	fields := []field{
		{FieldTitle, r.Hint.Title, r.Stated.Title},
		{FieldPublisher, r.Hint.Publisher, r.Stated.Publisher},
		{FieldAuthor, r.Hint.Author, r.Stated.Author},
		{FieldURL, r.Hint.URL, r.Stated.URL},
		{FieldPublished, r.Hint.Published.String(), r.Stated.Published.String()},
		{FieldLanguage, r.Hint.Language, r.Stated.Language},
	}
	var fromFlags, missing []string
	var order []string                  // evidence, in first-seen order
	byEvidence := map[string][]string{} // evidence -> fields it gave
	for _, f := range fields {
		switch {
		case f.hint != "":
			fromFlags = append(fromFlags, f.name)
			if f.stated != "" && f.stated != f.hint {
				notes = append(notes, fmt.Sprintf("The text states %s %q; the flag's %q was used.", f.name, f.stated, f.hint))
			}
		case f.stated != "":
			ev := r.evidence(f.name, f.stated)
			if _, ok := byEvidence[ev]; !ok {
				order = append(order, ev)
			}
			byEvidence[ev] = append(byEvidence[ev], f.name)
		default:
			missing = append(missing, f.name)
		}
	}
	for _, ev := range order {
		notes = append(notes, fmt.Sprintf("%s from %s.", capitalize(prose.And(byEvidence[ev])), ev))
	}
	if len(fromFlags) > 0 {
		notes = append(notes, "From the moderator's flags: "+strings.Join(fromFlags, ", ")+".")
	}
	if len(missing) > 0 {
		notes = append(notes, "Not stated, left empty: "+strings.Join(missing, ", ")+".")
	}
	for _, f := range r.Findings {
		switch f.Field {
		case FieldAmbiguousDate:
			notes = append(notes, fmt.Sprintf("The date %q reads both month-first and day-first; not used.", f.Value))
		case FieldUpdated:
			notes = append(notes, fmt.Sprintf("The page says it was updated on %s (not used as the publication date).", f.Value))
		case FieldRepostSource:
			notes = append(notes, fmt.Sprintf("The text says %q; not taken as the publisher.", f.Text))
		}
	}
	for _, k := range r.Kept {
		if k.Rule == RuleTeaserKept {
			notes = append(notes, fmt.Sprintf("Kept in the body: an on-topic related-article teaser, %q, cut off in the source at %q; it is not part of the article itself.", k.Text, k.Ending))
		}
	}
	if n := len(r.Repairs); n > 0 {
		notes = append(notes, fmt.Sprintf("Repaired mojibake on %d %s.", n, prose.Plural(n, "line", "lines")))
	}
	if r.Encoding != "utf-8" {
		notes = append(notes, fmt.Sprintf("The input was not UTF-8; read as %s.", r.Encoding))
	}
	return strings.Join(notes, " ")
}

// evidence says where the text states a field: the line or tag.
func (r Result) evidence(field, value string) string {
	for _, f := range r.Findings {
		if f.Field != field || f.Value != value {
			continue
		}
		if strings.HasPrefix(f.Text, "<") {
			return "the page's " + f.Text
		}
		if f.Line > 0 {
			return fmt.Sprintf("the text, line %d: %q", f.Line, f.Text)
		}
		return fmt.Sprintf("the text: %q", f.Text)
	}
	return "the text"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Render writes a document file: the YAML front matter (title, publisher,
// author, url, published, language, source_file, notes, every value a
// double-quoted string), a blank line and the body.
func Render(d armswatch.Document) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	for _, kv := range [][2]string{
		{"title", d.Title},
		{"publisher", d.Publisher},
		{"author", d.Author},
		{"url", d.URL},
		{"published", d.Published.String()},
		{"language", d.Language},
		{"source_file", d.SourceFile},
		{"notes", d.Notes},
	} {
		b.WriteString(kv[0])
		b.WriteString(": ")
		b.WriteString(armswatch.QuoteYAML(kv[1]))
		b.WriteByte('\n')
	}
	b.WriteString("---\n\n")
	b.WriteString(strings.TrimSpace(d.Body))
	b.WriteByte('\n')
	return []byte(b.String())
}
