// Package extract proposes candidate claim records for a source document,
// for a moderator to review before copying them into data/claims/.
//
// It is rule-based and explainable: no network, no model, only the standard
// library and the domain package. Every candidate comes with the reasons the
// rules give for it (Candidate.Why). The rules find, per sentence of the
// body:
//
//   - quantities in the ways articles write them ("more than 1 million",
//     "6,700", "about a million", "dozens of", "1.5M", "15-hundred",
//     "ten-thousand", "a million and a half", "4.2–5.8 million"), with
//     their qualifier, the figure exactly as written, numbers only where the
//     text gives them (a share, "20 percent of", "a third of", keeps its
//     text and is never a count), and what they measure
//     where the sentence says so ("could contain" is a capacity, "fired" a
//     use);
//   - the items they count: category, designation and caliber, using the
//     alias data's terms and designations as well as the domain's item words
//     (armswatch.ItemTerms);
//   - the claimant and role from the attribution ("X said", "according to
//     X", "X, the head of Y, said", "the White House announced", quotes,
//     transcript speaker labels, interview answers), following a pronoun or
//     a title back to the named person and "the ministry", "the agency" back
//     to the body named;
//   - the date the claim was made, resolved against the document's date with
//     the precision the text gives, hedging, and stance.
//
// Every quote is a whole sentence copied verbatim from the body, so every
// candidate passes the loader's checks once copied next to its document.
// The tests measure candidates against expected claim records
// (evaluate_test.go, docs/extraction.md).
package extract
