package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// reviewView is one page of a proposal's review: a summary of the
// proposal, the candidate at index, and the signed buttons.
type reviewView struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// update is the page as an UPDATE_MESSAGE of the message pressed.
func (v reviewView) update() *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: &discordgo.InteractionResponseData{
		Content: v.content, Embeds: v.embeds, Components: v.components, AllowedMentions: noMentions(),
	}}
}

// reply is the page as a new ephemeral message (/review id:).
func (v reviewView) reply() *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
		Content: v.content, Embeds: v.embeds, Components: v.components, AllowedMentions: noMentions(), Flags: discordgo.MessageFlagsEphemeral,
	}}
}

// edit is the page as an edit of the original response.
func (v reviewView) edit() *discordgo.WebhookEdit {
	return &discordgo.WebhookEdit{Content: &v.content, Embeds: &v.embeds, Components: &v.components, AllowedMentions: noMentions()}
}

// reviewPage draws page index of st (clamped to the candidates) for the
// guild whose moderators press its buttons; notice, when set, heads the
// page (what just happened, or why it did not).
func reviewPage(st *propose.Staged, index int, key []byte, guildID, notice string) reviewView {
	n := len(st.Records)
	index = min(max(index, 0), max(n-1, 0))
	rev := reviewRev(st)
	id := func(a reviewAction, i int) string {
		return reviewRef{Action: a, Doc: reviewDocHash(st.ID), Index: min(max(i, 0), maxReviewIndex), Rev: rev}.sign(key, guildID)
	}
	embeds := []*discordgo.MessageEmbed{proposalSummary(st)}
	var row1 []discordgo.MessageComponent
	if n > 0 {
		r := st.Records[index]
		embeds = append(embeds, candidateEmbed(st, index))
		row1 = []discordgo.MessageComponent{
			discordgo.Button{Label: "Accept", Style: discordgo.SuccessButton, CustomID: id(reviewAccept, index), Disabled: r.State == propose.Accepted},
			discordgo.Button{Label: "Edit", Style: discordgo.PrimaryButton, CustomID: id(reviewEdit, index)},
			discordgo.Button{Label: "Reject", Style: discordgo.DangerButton, CustomID: id(reviewReject, index), Disabled: r.State == propose.Rejected},
		}
	}
	row2 := []discordgo.MessageComponent{
		discordgo.Button{Label: "◀", Style: discordgo.SecondaryButton, CustomID: id(reviewPrev, index-1), Disabled: index == 0},
		discordgo.Button{Label: "▶", Style: discordgo.SecondaryButton, CustomID: id(reviewNext, index+1), Disabled: index >= n-1},
		discordgo.Button{Label: "Publish", Style: discordgo.SuccessButton, CustomID: id(reviewPublish, index), Disabled: st.Pending() > 0},
	}
	var comps []discordgo.MessageComponent
	if len(row1) > 0 {
		comps = append(comps, discordgo.ActionsRow{Components: row1})
	}
	comps = append(comps, discordgo.ActionsRow{Components: row2})
	return reviewView{content: truncateMarkdown(notice, LimitContent), embeds: fitEmbeds(embeds), components: comps}
}

// proposalSummary describes the staged document and the review's progress.
func proposalSummary(st *propose.Staged) *discordgo.MessageEmbed {
	stated := func(v string) string {
		if v = clean(v); v == "" {
			return "*not stated*"
		}
		return truncateMarkdown(escape(oneLine(v, 300)), 300)
	}
	count := map[propose.State]int{}
	for _, r := range st.Records {
		count[r.State]++
	}
	lines := []string{
		"**Document:** `" + strings.ReplaceAll(st.ID, "`", "'") + "`",
		"**Publisher:** " + stated(st.Doc.Publisher) + " · **Published:** " + stated(st.Doc.Published.String()),
		"**Source:** " + stated(st.Source),
		"**Review:** " + prose.Count(len(st.Records), "candidate", "candidates") + ": " +
			strconv.Itoa(count[propose.Accepted]) + " accepted, " + strconv.Itoa(count[propose.Edited]) + " edited, " +
			strconv.Itoa(count[propose.Rejected]) + " rejected, " + strconv.Itoa(count[propose.Pending]) + " pending",
	}
	switch p := st.Pending(); {
	case len(st.Records) == 0:
		lines = append(lines, "The rules proposed no candidate claim. Publish adds the document alone.")
	case p > 0:
		lines = append(lines, "Publish is enabled once no candidate is pending ("+prose.Count(p, "candidate is", "candidates are")+").")
	default:
		kept := len(st.Records) - count[propose.Rejected]
		lines = append(lines, "Nothing is pending: Publish moves the document and "+prose.Count(kept, "record", "records")+" into the data and reindexes.")
	}
	return &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       "Proposal: " + stated(st.Doc.Title),
		Description: strings.Join(lines, "\n"),
		Color:       colourAnswer,
	}
}

// candidateEmbed is candidate index as it stands: its statement, claimant,
// figures, date, the verbatim quote, the rules' reasons and its state.
func candidateEmbed(st *propose.Staged, index int) *discordgo.MessageEmbed {
	r := st.Records[index]
	c := r.Claim
	head := "*" + capitalize(stanceLabel(c.Stance))
	if c.Hedged {
		head += ", hedged"
	}
	head += "*: " + truncateMarkdown(escape(cleanMax(c.Statement, 1500)), 1500)
	field := func(name, value string) *discordgo.MessageEmbedField {
		if strings.TrimSpace(value) == "" {
			value = "*none*"
		}
		return &discordgo.MessageEmbedField{Name: name, Value: truncateMarkdown(value, LimitFieldValue)}
	}
	var figures []string
	for _, it := range c.Items {
		figures = append(figures, truncateMarkdown(figureLine(it), 300))
	}
	var quotes []string
	for _, a := range c.Appearances {
		quotes = append(quotes, "> “"+escapeSnippetMax(a.Quote, 900)+"”")
	}
	var why []string
	for _, w := range r.Why {
		why = append(why, "• "+truncateMarkdown(escape(cleanMax(w, 200)), 200))
	}
	state := "**" + capitalize(string(r.State)) + "**"
	if r.By != "" {
		state += " by " + escape(cleanMax(r.By, 100))
	}
	if !r.At.IsZero() {
		state += " on " + r.At.UTC().Format(time.DateOnly)
	}
	return &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       "Candidate " + strconv.Itoa(index+1) + " of " + strconv.Itoa(len(st.Records)) + " · " + capitalize(string(r.State)),
		Description: head,
		Color:       stateColour(r.State),
		Fields: []*discordgo.MessageEmbedField{
			field("Claimant", who(c.Claimant, c.ClaimantRole)),
			field("Said on", dateOrUnknown(c.SaidOn)),
			field("Figures", joinLimited(figures, "\n", LimitFieldValue)),
			field("Quote (verbatim)", joinLimited(quotes, "\n", LimitFieldValue)),
			field("Why the rules proposed it", joinLimited(why, "\n", LimitFieldValue)),
			field("State", state),
		},
		Footer: &discordgo.MessageEmbedFooter{Text: "Record " + truncate(cleanMax(c.ID, 200), 200)},
	}
}

// figureLine is one item's figure with its parts named, as a moderator
// checks them: the text as written, the measure and the qualifier.
func figureLine(it armswatch.Item) string {
	line := "• " + itemPhrase(it)
	if q := it.Quantity; q != nil {
		parts := []string{"text “" + escape(cleanMax(q.Text, 120)) + "”"}
		if q.Measure != "" {
			parts = append(parts, "measure "+escape(cleanMax(string(q.Measure), 40)))
		}
		if q.Qualifier != "" {
			parts = append(parts, "qualifier "+escape(cleanMax(string(q.Qualifier), 40)))
		}
		line += "\n  " + strings.Join(parts, " · ")
	}
	return line
}

func stateColour(s propose.State) int {
	switch s {
	case propose.Accepted, propose.Edited:
		return colourDone
	case propose.Rejected:
		return colourProblem
	}
	return colourAnswer
}

// nextPending is the first pending candidate after index, wrapping; index
// itself when none is pending.
func nextPending(st *propose.Staged, index int) int {
	n := len(st.Records)
	for k := 1; k <= n; k++ {
		if i := (index + k) % n; st.Records[i].State == propose.Pending {
			return i
		}
	}
	return index
}

// problemLines lists validation problems as bullets within budget runes.
func problemLines(probs armswatch.ValidationErrors, budget int) string {
	items := make([]string, len(probs))
	for k, p := range probs {
		items[k] = "• " + truncateMarkdown(escape(cleanMax(p.Error(), 400)), 400)
	}
	return joinLimited(items, "\n", budget)
}
