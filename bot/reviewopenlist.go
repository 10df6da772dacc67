package bot

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// stagedEntry is one proposal of /review's list: st, or the problems
// that keep it from being read.
type stagedEntry struct {
	id      string
	st      *propose.Staged
	invalid *propose.InvalidError
}

// reviewList is /review without id: the first maxReviewList staged
// proposals (by id), each with its title, source, who proposed it and
// its counts, and a select menu to open one.
func (b *Bot) reviewList(req *request, key []byte) (Response, error) {
	ids, err := b.cfg.Staging.List()
	if err != nil {
		return Response{}, b.stagingFailure("review: list the staged proposals", err)
	}
	var entries []stagedEntry
	for _, id := range ids {
		if len(entries) == maxReviewList {
			break
		}
		st, err := b.cfg.Staging.Get(id)
		var invalid *propose.InvalidError
		switch {
		case errors.Is(err, propose.ErrNotFound): // published meanwhile
			continue
		case errors.As(err, &invalid):
		case err != nil:
			return Response{}, b.stagingFailure("review: read the proposal", err)
		}
		entries = append(entries, stagedEntry{id: id, st: st, invalid: invalid})
	}
	if len(entries) == 0 {
		return Response{Initial: ephemeralMessage(msgNoProposals)}, nil
	}
	b.log.Info("review list", append(b.logAttrs(req), "moderator_id", req.userID, "proposals", len(ids))...)
	return Response{Initial: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Embeds:          fitEmbeds([]*discordgo.MessageEmbed{stagedListEmbed(entries, len(ids))}),
		Components:      []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{stagedSelect(entries, key, req.i.GuildID)}}},
		Flags:           discordgo.MessageFlagsEphemeral,
		AllowedMentions: noMentions(),
	}}}, nil
}

// stagedListEmbed lists entries, of total staged proposals.
func stagedListEmbed(entries []stagedEntry, total int) *discordgo.MessageEmbed {
	lines := make([]string, len(entries))
	for k, e := range entries {
		lines[k] = stagedLine(k+1, e)
	}
	foot := "Pick one below to open its review page at its first pending candidate, or run /review id:."
	if total > len(entries) {
		foot = "Showing the first " + strconv.Itoa(len(entries)) + " of " + strconv.Itoa(total) + " (by id): /review id: finds any of them as you type its title or id. " + foot
	}
	return &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       "Staged proposals: " + strconv.Itoa(total),
		Description: joinLimited(lines, "\n\n", LimitEmbedDesc),
		Color:       colourAnswer,
		Footer:      &discordgo.MessageEmbedFooter{Text: foot},
	}
}

// stagedLine is entry n of the list.
func stagedLine(n int, e stagedEntry) string {
	head := "**" + strconv.Itoa(n) + ".** "
	if e.st == nil {
		return head + "`" + codeText(e.id) + "`: cannot be read as its files stand (edited by hand?): " +
			prose.Count(len(e.invalid.Problems), "problem", "problems") + ". Open it to see them."
	}
	st := e.st
	title := "*no title*"
	if t := clean(st.Doc.Title); t != "" {
		title = oneLine(t, 150)
	}
	source := "*not stated*"
	if s := clean(st.Source); s != "" {
		source = oneLine(s, 150)
	}
	return head + title + " · `" + codeText(st.ID) + "`\n" +
		"From " + source + " · proposed by " + proposer(st.ProposedBy) + " on " + st.ProposedAt.UTC().Format(time.DateOnly) + "\n" +
		reviewCounts(st)
}

// proposer is who staged a proposal: a Discord user as a mention (which
// pings no one: no mentions are allowed), anyone else by name.
func proposer(by string) string {
	if id, ok := strings.CutPrefix(by, "discord:"); ok && id != "" && isDigits(id) {
		return "<@" + id + ">"
	}
	if by = cleanMax(by, 80); by != "" {
		return escape(by)
	}
	return "*unknown*"
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// reviewCounts is "2 pending · 1 accepted (1 edited) · 1 rejected".
func reviewCounts(st *propose.Staged) string {
	count := map[propose.State]int{}
	for _, r := range st.Records {
		count[r.State]++
	}
	if len(st.Records) == 0 {
		return "No candidate: Publish adds the document alone."
	}
	accepted := strconv.Itoa(count[propose.Accepted]+count[propose.Edited]) + " accepted"
	if e := count[propose.Edited]; e > 0 {
		accepted += " (" + strconv.Itoa(e) + " edited)"
	}
	return strconv.Itoa(count[propose.Pending]) + " pending · " + accepted + " · " + strconv.Itoa(count[propose.Rejected]) + " rejected"
}

// stagedSelect is the select menu opening one of entries; its custom_id
// is signed for guildID as the review buttons are.
func stagedSelect(entries []stagedEntry, key []byte, guildID string) discordgo.SelectMenu {
	opts := make([]discordgo.SelectMenuOption, len(entries))
	for k, e := range entries {
		label, desc := e.id, "Cannot be read: open it to see why"
		if e.st != nil {
			desc = e.id
			if t := clean(e.st.Doc.Title); t != "" {
				label = cleanMax(t, 100)
			}
		}
		opts[k] = discordgo.SelectMenuOption{Label: prose.Fit(label, 100), Value: reviewDocHash(e.id), Description: prose.Fit(desc, 100)}
	}
	id := reviewRef{Action: reviewOpen, Doc: reviewDocHash(""), Rev: strings.Repeat("0", reviewRevHexLen)}.sign(key, guildID)
	return discordgo.SelectMenu{MenuType: discordgo.StringSelectMenu, CustomID: id, Placeholder: "Open a proposal's review page", Options: opts}
}
