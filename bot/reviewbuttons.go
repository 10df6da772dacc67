package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// msgStagingOff is what the review says when the bot has no staging area.
const msgStagingOff = "Reviewing in Discord is off on this bot: its data directory is not a writable directory. " +
	"Set DATA_DIR to a writable data directory (`armswatch data export DIR` makes one) and restart armswatch."

// reviewTarget checks a review press or submission, in this order: the
// member is a moderator in a moderator guild; staging is on; the custom_id
// is signed for this guild and names a staged proposal and one of its
// candidates; an action that changes the proposal was pressed on a page
// drawn since its last change. The refusals are user errors (nothing is
// done); a forged id gets msgReviewForged, a stale one msgReviewStale.
func (b *Bot) reviewTarget(req *request, customID string, want ...reviewAction) (reviewRef, *propose.Staged, []byte, error) {
	if err := b.requireModerator(req, cmdPropose, "review proposals"); err != nil {
		return reviewRef{}, nil, nil, err
	}
	if b.cfg.Staging == nil {
		return reviewRef{}, nil, nil, badInput(msgStagingOff)
	}
	key, err := b.reviewKey()
	if err != nil {
		return reviewRef{}, nil, nil, b.stagingFailure("read the review key", err)
	}
	ref, ok := parseReviewID(customID, key, req.i.GuildID)
	if ok && len(want) > 0 {
		ok = false
		for _, a := range want {
			ok = ok || ref.Action == a
		}
	}
	if !ok {
		b.log.Warn("review id refused: unsigned, forged or of another guild", b.logAttrs(req)...)
		return reviewRef{}, nil, nil, badInput(msgReviewForged)
	}
	st, err := b.findStaged(ref.Doc)
	var invalid *propose.InvalidError
	switch {
	case errors.As(err, &invalid):
		return reviewRef{}, nil, nil, brokenProposal(invalid)
	case err != nil:
		return reviewRef{}, nil, nil, b.stagingFailure("read the staged proposals", err)
	}
	if st == nil || (ref.Action.record() && ref.Index >= len(st.Records)) {
		return reviewRef{}, nil, nil, badInput(msgReviewForged)
	}
	if ref.Action.changes() && ref.Rev != reviewRev(st) {
		return reviewRef{}, nil, nil, badInput(msgReviewStale)
	}
	return ref, st, key, nil
}

// brokenProposal is the refusal of a proposal whose files do not read
// (state.json edited by hand?): its problems, as `armswatch check` says them.
func brokenProposal(invalid *propose.InvalidError) error {
	return badInput("This proposal cannot be reviewed as its files stand (edited by hand?): nothing was changed. Fix these, as `armswatch check` reports them:\n%s",
		problemLines(invalid.Problems, 1500))
}

// stagingFailure is an error of the staging area: a read-only data
// directory is told with propose's message (it names the directory and
// the fix, and says what was kept); anything else is a failure.
func (b *Bot) stagingFailure(op string, err error) error {
	if errors.Is(err, propose.ErrReadOnly) {
		return serverFailure(&toldFailure{msg: cleanMax(err.Error(), LimitContent), err: fmt.Errorf("%s: %w", op, err)})
	}
	return serverFailure(fmt.Errorf("%s: %w", op, err))
}

// by is who made a change, as the audit trail records it.
func by(req *request) string { return "discord:" + req.userID }

// handleReview answers a press of a review button. ◀ and ▶ redraw the
// page (whatever changed since); Accept and Reject set the candidate's
// state and show the next pending candidate (UPDATE_MESSAGE); Edit opens
// the modal (reviewModal); Publish defers the update and publishes in
// Then. A candidate the checks refuse, or a read-only data directory, is
// said in an ephemeral reply and the page stays as it is.
func (b *Bot) handleReview(ctx context.Context, req *request) (Response, error) {
	data, _ := req.i.Data.(discordgo.MessageComponentInteractionData)
	ref, st, key, err := b.reviewTarget(req, data.CustomID, reviewAccept, reviewReject, reviewEdit, reviewPrev, reviewNext, reviewPublish)
	if err != nil {
		return Response{}, err
	}
	guild := req.i.GuildID
	switch ref.Action {
	case reviewPrev, reviewNext:
		return Response{Initial: reviewPage(st, ref.Index, key, guild, "").update()}, nil
	case reviewEdit:
		return b.reviewModal(st, ref, key, guild)
	case reviewPublish:
		if n := st.Pending(); n > 0 {
			return Response{}, badInput("%d of the candidates are still pending: accept, edit or reject each before publishing.", n)
		}
		return Response{
			Initial: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate},
			Then: func(ctx context.Context) (*discordgo.WebhookEdit, error) {
				return b.publish(ctx, req, st, ref.Index, key)
			},
		}, nil
	}
	rec := st.Records[ref.Index]
	change, verb := b.cfg.Staging.Accept, "accepted"
	if ref.Action == reviewReject {
		change, verb = b.cfg.Staging.Reject, "rejected"
	}
	err = change(st.ID, rec.ID, by(req))
	var invalid *propose.InvalidError
	switch {
	case errors.As(err, &invalid):
		return Response{}, badInput("Candidate %d does not pass the checks against its document, so it was not accepted:\n%s\nEdit it, or reject it.",
			ref.Index+1, problemLines(invalid.Problems, 1500))
	case err != nil:
		return Response{}, b.stagingFailure("review: "+ref.Action.String(), err)
	}
	b.log.Info("review: candidate "+verb, append(b.logAttrs(req), "moderator_id", req.userID, "document", st.ID, "candidate", rec.ID)...)
	return b.redraw(req, st.ID, ref.Index, key, fmt.Sprintf("Candidate %d %s.", ref.Index+1, verb))
}

// redraw reads the proposal again and shows its next pending candidate
// after index, headed by notice.
func (b *Bot) redraw(req *request, id string, index int, key []byte, notice string) (Response, error) {
	st, err := b.cfg.Staging.Get(id)
	if err != nil {
		return Response{}, b.stagingFailure("review: read the proposal", err)
	}
	return Response{Initial: reviewPage(st, nextPending(st, index), key, req.i.GuildID, notice).update()}, nil
}

// publish publishes the proposal, reindexes and edits the page into what
// was published and the reindex report (as /reindex words it). A refused
// publish (pending records, checks failed, a read-only data directory)
// leaves the proposal staged and redraws its page headed by the reason.
func (b *Bot) publish(ctx context.Context, req *request, st *propose.Staged, index int, key []byte) (*discordgo.WebhookEdit, error) {
	pub, err := b.cfg.Staging.Publish(ctx, st.ID, by(req))
	var invalid *propose.InvalidError
	notice := ""
	switch {
	case err == nil:
	case errors.As(err, &invalid):
		notice = "**Not published:** the data directory would not pass the checks with this proposal; it stays staged.\n" + problemLines(invalid.Problems, 1700)
	case errors.Is(err, propose.ErrPending):
		notice = "**Not published:** candidates are still pending; accept, edit or reject each first."
	case errors.Is(err, propose.ErrReadOnly), errors.Is(err, propose.ErrExists):
		notice = "**Not published:** " + escape(cleanMax(err.Error(), 1800))
	case errors.Is(err, propose.ErrNotFound):
		b.log.Info("publish: the proposal is no longer staged", append(b.logAttrs(req), "moderator_id", req.userID, "document", st.ID)...)
		return goneEdit(st.ID), nil
	default:
		return nil, serverFailure(fmt.Errorf("publish %s: %w", st.ID, err))
	}
	if notice != "" {
		logged := Redact(err.Error(), b.secret())
		if invalid != nil {
			// The problems quote the records, as moderators typed them.
			logged = fmt.Sprintf("%d %s: %s", len(invalid.Problems), prose.Plural(len(invalid.Problems), "problem", "problems"), b.logErr(err))
		}
		b.log.Warn("publish refused", append(b.logAttrs(req), "moderator_id", req.userID, "document", st.ID, "err", logged)...)
		now, gerr := b.cfg.Staging.Get(st.ID)
		if gerr != nil {
			return nil, b.stagingFailure("publish: read the proposal", gerr)
		}
		return reviewPage(now, index, key, req.i.GuildID, notice).edit(), nil
	}
	b.log.Info("published", append(b.logAttrs(req), "moderator_id", req.userID, "document", pub.Document, "claims", len(pub.Claims), "rejected", pub.Rejected)...)
	embeds := []*discordgo.MessageEmbed{publishedEmbed(pub, by(req))}
	report, err := b.reindexNow(ctx, req)
	if err != nil {
		embeds[0].Description += "\n\n**The reindex failed:** " + b.messageFor(err) + " The files are published; run /reindex once it is fixed."
		b.logFailure(req, err, b.outcomeOf(err))
	}
	embeds = append(embeds, report...)
	return embedEdit(fitEmbeds(embeds)), nil
}

// goneEdit is the page of a proposal published or removed (by another
// moderator) between the press of Publish and the publish.
func goneEdit(id string) *discordgo.WebhookEdit {
	msg := "Nothing was published: proposal " + id + " is no longer staged (another moderator published or removed it). /claims shows what is served."
	return &discordgo.WebhookEdit{Content: ptr(escape(msg)), Embeds: &[]*discordgo.MessageEmbed{}, Components: &[]discordgo.MessageComponent{}}
}
