package propose

import (
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/ingest"
)

// MaxPublisherSlug is the longest publisher part of an id DocumentID makes.
const MaxPublisherSlug = 20

// maxIDLength bounds a whole id once it has three title words.
const maxIDLength = 60

// DocumentID makes a short, readable id: the publisher squashed to at most
// MaxPublisherSlug letters and digits (only the first publisher of "X via
// Y" or "X | Y"), the date at its precision, then three to five
// significant words of the title, as many as fit in 60 characters (three
// always, when the title has them). ingest.DocumentID does the folding;
// this only shortens. "Associated Press via The Atlantic", 2023-10-13, "US:
// North Korea delivered 1,000 containers…" gives
// "associatedpress-2023-10-13-us-north-korea-delivered-1000".
func DocumentID(publisher string, published armswatch.Date, title string) string {
	var parts []string
	if p := publisherSlug(publisher); p != "" {
		parts = append(parts, p)
	}
	if !published.IsZero() {
		parts = append(parts, published.String())
	}
	id := strings.Join(parts, "-")
	for n, w := range titleWords(title) {
		if n == 5 {
			break
		}
		next := w
		if id != "" {
			next = id + "-" + w
		}
		if n >= 3 && len(next) > maxIDLength {
			break
		}
		id = next
	}
	if id == "" {
		return "doc"
	}
	return id
}

// publisherSlug is the first publisher named, squashed and cut.
func publisherSlug(p string) string {
	lower := strings.ToLower(p)
	for _, sep := range []string{" via ", " | ", " / ", " — ", " – ", " - ", ";", ","} {
		if i := strings.Index(lower, sep); i > 0 {
			p, lower = p[:i], lower[:i]
		}
	}
	s := ingest.DocumentID(p, armswatch.Date{}, "")
	if s == "doc" && !strings.Contains(lower, "doc") {
		return "" // nothing to squash: DocumentID's placeholder
	}
	if len(s) > MaxPublisherSlug {
		s = strings.Trim(s[:MaxPublisherSlug], "-")
	}
	return s
}

// titleWords are the title's significant words, as ingest.DocumentID
// finds them.
func titleWords(title string) []string {
	s := ingest.DocumentID("", armswatch.Date{}, title)
	if s == "doc" && !strings.Contains(strings.ToLower(title), "doc") {
		return nil
	}
	var out []string
	for _, w := range strings.Split(s, "-") {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}
