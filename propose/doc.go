// Package propose is the moderator loop: an article (a file, or a page
// fetched from a link) becomes a staged proposal in the data directory, its
// candidate claim records are accepted, edited or rejected one by one, and
// the result is published into documents/ and claims/ with an audit trail.
//
// The same functions serve every front end: the command line ("armswatch
// propose", "review", "retract") and Discord. A front end calls Propose (or
// Fetch, then Propose), Staging.Save, then Staging.Get, Accept, Edit,
// Reject and Publish; Staging.Retract takes a published record out of
// service. Every change is made under the data directory's lock file, and
// every file is written to a temporary file, synced and renamed, so a
// crash leaves the old file or the new one, never half of one.
//
// Layout, relative to the data directory:
//
//	proposals/<doc-id>/document.md       the cleaned document, as it will be published
//	proposals/<doc-id>/candidates.yaml   the candidate records as extract proposed them
//	proposals/<doc-id>/state.json        each candidate's state, who set it and when
//	proposals/<doc-id>/edited/<id>.yaml  a candidate as a moderator edited it
//	changelog.jsonl                      one line per publish or retraction
//	.armswatch.lock                      the lock file (flock)
//	.armswatch-review.key                the key signing Discord review buttons (ReviewKey)
//
// The loader never reads proposals/: staged work is not served until it
// is published. CheckProposals validates it for "armswatch check".
package propose
