package timeline

import (
	"github.com/armswatch/armswatch"
)

// Chart is a rendered timeline: the PNG and its caption.
type Chart struct {
	// PNG is the chart, 1200×700 pixels.
	PNG []byte
	// Category is the item category charted.
	Category armswatch.Category
	// Caption is the text that goes with the chart; Caption.String() is all
	// of it as plain text.
	Caption Caption
}

// Render draws the chart of reported quantities over time for q.Item (a
// category or a term the alias data maps to one), optionally only for
// q.Claimant:
//
//   - x is the date the claim was made, at the middle of its period when
//     known only to the month or year; a claim without one is placed at
//     the earliest publication date of its documents, drawn in another
//     colour; a claim with neither is listed in the caption;
//   - y is the quantity, on a log scale when the largest figure is at
//     least 100 times the smallest;
//   - each figure of each claim is one marker labelled with the claimant:
//     a circle for a count, a down-pointing triangle for a capacity (an
//     upper bound), a bar for a range; hollow when the claim is hedged;
//   - denials of the category (or of no particular item) are crosses on
//     the time axis;
//   - figures given only in words ("dozens of") are listed in the caption,
//     never plotted as numbers.
//
// Errors: an item that is neither a category nor a term for one, or a
// claimant with no letters, matches armswatch.ErrBadQuery (the message
// lists the categories); no claim about the item (by the claimant) matches
// ErrNoClaims. Both messages are fit to show a user.
func Render(c *armswatch.Corpus, q Query) (Chart, error) {
	t, err := build(c, q)
	if err != nil {
		return Chart{}, err
	}
	png, err := t.draw()
	if err != nil {
		return Chart{}, err
	}
	return Chart{PNG: png, Category: t.category, Caption: t.caption}, nil
}
