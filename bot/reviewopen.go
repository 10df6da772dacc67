package bot

// /review: a moderator lists the staged proposals, or reopens one's
// review page (the page /propose answers with, drawn by reviewPage) at
// its first pending candidate. The list's select menu and its ◀ ▶ carry
// signed custom_ids (actions reviewOpen, reviewPageTo); the menu's
// options' values are the proposals' reviewDocHash, as the review
// buttons name them.

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// maxReviewList is how many proposals the list shows: a select menu's
// options.
const maxReviewList = 25

const msgNoProposals = "No proposal is staged. /propose stages an article (a file or a link) for review."

// reviewAccess is the check of /review and its components: a moderator,
// staging on; it returns the key that signs the review's ids.
func (b *Bot) reviewAccess(req *request) ([]byte, error) {
	if err := b.requireModerator(req, cmdReview, "review proposals"); err != nil {
		return nil, err
	}
	if b.cfg.Staging == nil {
		return nil, badInput(msgStagingOff)
	}
	key, err := b.reviewKey()
	if err != nil {
		return nil, b.stagingFailure("read the review key", err)
	}
	return key, nil
}

// handleReviewOpen answers /review (ephemeral): the list without id, the
// review page of proposal id with it.
func (b *Bot) handleReviewOpen(_ context.Context, req *request) (Response, error) {
	key, err := b.reviewAccess(req)
	if err != nil {
		return Response{}, err
	}
	id := strings.TrimSpace(stringOption(commandOptions(req.i), optID))
	if id == "" {
		v, err := b.reviewListView(req, key, 0)
		return Response{Initial: v.reply()}, err
	}
	req.query = id
	st, err := b.cfg.Staging.Get(id)
	var invalid *propose.InvalidError
	switch {
	case errors.Is(err, propose.ErrNotFound):
		return Response{}, badInput("No proposal `%s` is staged: published or removed already, or the id is mistyped. "+
			"Pick one of the suggestions as you type, or run /review without an id to list them.", codeText(id))
	case errors.As(err, &invalid):
		return Response{}, brokenProposal(invalid)
	case err != nil:
		return Response{}, b.stagingFailure("review: read the proposal", err)
	}
	b.log.Info("review reopened", append(b.logAttrs(req), "moderator_id", req.userID, "document", st.ID)...)
	return Response{Initial: reviewPage(st, firstPending(st), key, req.i.GuildID, "").reply()}, nil
}

// handleReviewList answers the list's components, after the checks of
// /review and the custom_id's signature: ◀ and ▶ redraw the list at
// their page; a choice in the select menu replaces the list by the chosen
// proposal's review page.
func (b *Bot) handleReviewList(_ context.Context, req *request) (Response, error) {
	key, err := b.reviewAccess(req)
	if err != nil {
		return Response{}, err
	}
	data, _ := req.i.Data.(discordgo.MessageComponentInteractionData)
	ref, ok := parseReviewID(data.CustomID, key, req.i.GuildID)
	switch {
	case ok && ref.Action == reviewPageTo:
		v, err := b.reviewListView(req, key, ref.Index)
		return Response{Initial: v.update()}, err
	case !ok || ref.Action != reviewOpen || len(data.Values) != 1 || len(data.Values[0]) != reviewDocHexLen || !isHex(data.Values[0]):
		b.log.Warn("review id refused: unsigned, forged or of another guild", b.logAttrs(req)...)
		return Response{}, badInput(msgReviewForged)
	}
	st, err := b.findStaged(data.Values[0])
	var invalid *propose.InvalidError
	switch {
	case errors.As(err, &invalid):
		return Response{}, brokenProposal(invalid)
	case err != nil:
		return Response{}, b.stagingFailure("review: read the staged proposals", err)
	case st == nil:
		return Response{}, badInput("That proposal is no longer staged (published or removed meanwhile). Run /review again for the list as it stands.")
	}
	b.log.Info("review reopened", append(b.logAttrs(req), "moderator_id", req.userID, "document", st.ID)...)
	return Response{Initial: reviewPage(st, firstPending(st), key, req.i.GuildID, "").update()}, nil
}

// isReviewListID reports whether a custom_id is one of the list's
// components (its select menu, ◀ or ▶).
func isReviewListID(s string) bool {
	return strings.HasPrefix(s, reviewIDVersion+":"+string(reviewOpen)+":") ||
		strings.HasPrefix(s, reviewIDVersion+":"+string(reviewPageTo)+":")
}

// firstPending is the first pending candidate; 0 when none is.
func firstPending(st *propose.Staged) int {
	for i, r := range st.Records {
		if r.State == propose.Pending {
			return i
		}
	}
	return 0
}

// codeText is s for inside `…` in a message: cleaned, cut, no backtick.
func codeText(s string) string {
	return strings.ReplaceAll(cleanMax(s, 100), "`", "'")
}

// handleReviewAutocomplete suggests staged proposals for /review id, by
// id or title, to moderators only; nothing when staging is off.
func (b *Bot) handleReviewAutocomplete(_ context.Context, req *request) (Response, error) {
	opt, ok := focusedOption(req.i)
	if !ok || opt.Name != optID || b.cfg.Staging == nil || b.requireModerator(req, cmdReview, "review proposals") != nil {
		return Response{Initial: autocompleteResponse(nil)}, nil
	}
	typed, _ := opt.Value.(string)
	req.query = truncateQuery(clean(typed), LimitChoiceValue)
	return Response{Initial: autocompleteResponse(fitChoices(b.stagedChoices(req.query)))}, nil
}

// stagedChoices are the staged proposals whose id or title holds typed
// (all when empty), at most LimitChoices, read within half the
// autocomplete budget: Discord drops late answers.
func (b *Bot) stagedChoices(typed string) []*discordgo.ApplicationCommandOptionChoice {
	ids, err := b.cfg.Staging.List()
	if err != nil {
		b.log.Warn("review autocomplete: list the staged proposals", "err", b.logErr(err))
		return nil
	}
	deadline := time.Now().Add(b.autocompleteBudget / 2)
	want := strings.ToLower(typed)
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, id := range ids {
		if len(out) == LimitChoices || time.Now().After(deadline) {
			break
		}
		title := ""
		st, err := b.cfg.Staging.Get(id)
		switch {
		case errors.Is(err, propose.ErrNotFound):
			continue
		case err != nil:
			title = "cannot be read: open it to see why"
		default:
			title = clean(st.Doc.Title)
		}
		if want != "" && !strings.Contains(id, want) && !strings.Contains(strings.ToLower(title), want) {
			continue
		}
		name := id
		if title != "" {
			name = prose.Fit(title, LimitChoiceName-runeLen(id)-3) + " · " + id
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: id})
	}
	return out
}
