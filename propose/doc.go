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
// What protects the moderators' work: Save stages nothing when the
// document itself does not pass the loader's checks; a front end that
// shows a candidate before a decision calls Staging.Since with the state
// it showed, so that a decision on what another moderator changed
// meanwhile is refused (ErrChanged) rather than written over theirs;
// Publish refuses to overwrite a file that is not this proposal's own
// (ErrExists), and finishes a publish that stopped half-way, whoever runs
// it and whenever; Retract adds its lines to the record and leaves the
// rest of a hand-written claims file as written. A proposal directory
// edited by hand into an invalid state is refused by every step with the
// problems "armswatch check" reports, at file:line. Proposal.SameAs names
// the documents of the data set with the article's title or url.
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
