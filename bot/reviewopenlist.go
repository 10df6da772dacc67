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
	n       int // its place in the list, from 1
	id      string
	st      *propose.Staged
	invalid *propose.InvalidError
}

// reviewListPage is how many proposals a page of the list shows: their
// lines fit an embed's description.
const reviewListPage = 10

// reviewListView is /review without id at page (clamped): reviewListPage
// staged proposals (by id), each with its title, source, who proposed it
// and its counts, a select menu to open one, and ◀ ▶ when there are
// more pages.
func (b *Bot) reviewListView(req *request, key []byte, page int) (reviewView, error) {
	ids, err := b.cfg.Staging.List()
	if err != nil {
		return reviewView{}, b.stagingFailure("review: list the staged proposals", err)
	}
	pages := (len(ids) + reviewListPage - 1) / reviewListPage
	page = min(max(page, 0), max(pages-1, 0))
	var entries []stagedEntry
	for k, id := range ids[min(page*reviewListPage, len(ids)):min((page+1)*reviewListPage, len(ids))] {
		st, err := b.cfg.Staging.Get(id)
		var invalid *propose.InvalidError
		switch {
		case errors.Is(err, propose.ErrNotFound): // published meanwhile
			continue
		case errors.As(err, &invalid):
		case err != nil:
			return reviewView{}, b.stagingFailure("review: read the proposal", err)
		}
		entries = append(entries, stagedEntry{n: page*reviewListPage + k + 1, id: id, st: st, invalid: invalid})
	}
	if len(entries) == 0 {
		return reviewView{content: msgNoProposals, embeds: []*discordgo.MessageEmbed{}, components: []discordgo.MessageComponent{}}, nil
	}
	b.log.Info("review list", append(b.logAttrs(req), "moderator_id", req.userID, "proposals", len(ids), "page", page+1)...)
	guild := req.i.GuildID
	comps := []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{stagedSelect(entries, page, key, guild)}}}
	if pages > 1 {
		comps = append(comps, listButtons(page, pages, key, guild))
	}
	return reviewView{embeds: fitEmbeds([]*discordgo.MessageEmbed{stagedListEmbed(entries, len(ids), page, pages)}), components: comps}, nil
}

// listButtons are the list's ◀ and ▶; those of page 0 and of the last
// page, disabled, name it.
func listButtons(page, pages int, key []byte, guildID string) discordgo.ActionsRow {
	id := func(p int) string {
		return reviewRef{Action: reviewPageTo, Doc: reviewDocHash(""), Index: min(p, maxReviewIndex), Rev: noRev}.sign(key, guildID)
	}
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "◀", Style: discordgo.SecondaryButton, CustomID: id(max(page-1, 0)), Disabled: page == 0},
		discordgo.Button{Label: "▶", Style: discordgo.SecondaryButton, CustomID: id(min(page+1, pages-1)), Disabled: page == pages-1},
	}}
}

// noRev is the rev of the list's custom_ids: the list is no proposal.
var noRev = strings.Repeat("0", reviewRevHexLen)

// stagedListEmbed lists entries, page of pages of total staged proposals.
func stagedListEmbed(entries []stagedEntry, total, page, pages int) *discordgo.MessageEmbed {
	lines := make([]string, len(entries))
	for k, e := range entries {
		lines[k] = stagedLine(e)
	}
	foot := "Pick one below to open its review page at its first pending candidate, or run /review id: (it finds one as you type its title or id)."
	if pages > 1 {
		foot = "Page " + strconv.Itoa(page+1) + " of " + strconv.Itoa(pages) + " (by id): ◀ ▶ turn the pages. " + foot
	}
	return &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       "Staged proposals: " + strconv.Itoa(total),
		Description: joinLimited(lines, "\n\n", LimitEmbedDesc),
		Color:       colourAnswer,
		Footer:      &discordgo.MessageEmbedFooter{Text: foot},
	}
}

// stagedLine is an entry of the list.
func stagedLine(e stagedEntry) string {
	head := "**" + strconv.Itoa(e.n) + ".** "
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
func stagedSelect(entries []stagedEntry, page int, key []byte, guildID string) discordgo.SelectMenu {
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
	id := reviewRef{Action: reviewOpen, Doc: reviewDocHash(""), Index: min(page, maxReviewIndex), Rev: noRev}.sign(key, guildID)
	return discordgo.SelectMenu{MenuType: discordgo.StringSelectMenu, CustomID: id, Placeholder: "Open a proposal's review page", Options: opts}
}
