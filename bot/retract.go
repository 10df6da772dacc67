package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// handleRetract answers /retract id: reason: for a moderator in a
// moderator guild: deferred (ephemeral), then Staging.Retract marks the
// record retracted with the reason and "discord:<user id>" (its claims
// file rewritten atomically, a changelog line appended) and the engine
// reindexes, so the record leaves every answer. Without staging it says
// how to enable it.
func (b *Bot) handleRetract(_ context.Context, req *request) (Response, error) {
	if err := b.requireModerator(req, cmdRetract, "retract claims"); err != nil {
		return Response{}, err
	}
	if b.cfg.Staging == nil {
		return Response{}, badInput("/retract needs a writable data directory. " +
			"Set DATA_DIR to a writable data directory (`armswatch data export DIR` makes one) and restart armswatch; or run `armswatch retract` where the data is.")
	}
	opts := commandOptions(req.i)
	id := strings.TrimSpace(stringOption(opts, optID))
	reason := strings.TrimSpace(cleanLines(stringOption(opts, optReason)))
	req.query = reason
	if !armswatch.IsKebabID(id) {
		return Response{}, badInput("“%s” is not a claim id: ids are lower-case words joined by hyphens, as /claims shows them under Sources.", truncateMarkdown(escape(cleanMax(id, 100)), 100))
	}
	if runeLen(reason) < 3 || runeLen(reason) > maxRetractReasonRunes {
		return Response{}, badInput("Give the reason for the retraction in 3 to %d characters.", maxRetractReasonRunes)
	}
	if corpus, err := b.engine.Corpus(); err == nil {
		for _, c := range corpus.Claims {
			if c.ID == id && c.Status == armswatch.StatusRetracted {
				return Response{}, badInput("Claim `%s` is retracted already.", id)
			}
		}
	}
	return Response{
		Initial: deferredResponse(true),
		Then: func(ctx context.Context) (*discordgo.WebhookEdit, error) {
			return b.retract(ctx, req, id, reason)
		},
	}, nil
}

// retract does the retraction and the reindex.
func (b *Bot) retract(ctx context.Context, req *request, id, reason string) (*discordgo.WebhookEdit, error) {
	r, err := b.cfg.Staging.Retract(ctx, id, reason, by(req))
	var invalid *propose.InvalidError
	switch {
	case errors.Is(err, propose.ErrNotFound):
		return nil, badInput("No published claim record has the id `%s`: nothing was retracted. /claims shows the ids under Sources.", id)
	case errors.Is(err, propose.ErrRetracted):
		return nil, badInput("Claim `%s` is retracted already (the answers drop it at the next reindex): nothing was changed.", id)
	case errors.As(err, &invalid):
		return nil, badInput("Retracting `%s` would leave data that fails the checks, so nothing was retracted:\n%s", id, problemLines(invalid.Problems, 1500))
	case err != nil:
		return nil, b.stagingFailure("retract", err)
	}
	b.log.Info("retracted", append(b.logAttrs(req), "moderator_id", req.userID, "claim", r.Claim, "file", r.File)...)
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: "Retracted " + r.Claim,
		Description: "**Record:** `" + r.Claim + "` in `" + r.File + "`\n**Reason:** " + truncateMarkdown(escape(reason), 400) +
			"\n**By:** `" + by(req) + "`; the change is in `" + propose.ChangelogFile + "`.",
		Color: colourDone,
	}
	embeds := []*discordgo.MessageEmbed{e}
	report, err := b.reindexNow(ctx, req)
	if err != nil {
		e.Description += "\n\n**The reindex failed:** " + b.messageFor(err) + " The record is retracted in the data; run /reindex once it is fixed."
		b.logFailure(req, err, b.outcomeOf(err))
	}
	return embedEdit(fitEmbeds(append(embeds, report...))), nil
}
