package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/bwmarrin/discordgo"
)

// maxSourceClaimFields caps the claim fields of a /source reply.
const maxSourceClaimFields = 12

// handleSource answers /source with one document.
func (b *Bot) handleSource(ctx context.Context, req *request) (Response, error) {
	id := truncateQuery(clean(stringOption(commandOptions(req.i), optID)), LimitChoiceValue)
	req.query = id
	if id == "" {
		return Response{}, badInput("Name a document: start typing its title and pick one of the suggestions.")
	}
	ctx, cancel := context.WithTimeout(ctx, b.engineBudget)
	defer cancel()
	v, err := b.engine.Document(ctx, id)
	if errors.Is(err, armswatch.ErrNotFound) {
		// The user may have typed a title rather than picked a suggestion.
		comps := b.complete(ctx, armswatch.CompleteDocument, id)
		if len(comps) == 1 {
			v, err = b.engine.Document(ctx, comps[0].Value)
		}
		if errors.Is(err, armswatch.ErrNotFound) {
			msg := "I have no source “" + oneLine(id, 100) + "”. Start typing its title and pick one of the suggestions."
			var titles []string
			for _, c := range comps {
				titles = append(titles, "“"+oneLine(c.Label, 100)+"”")
			}
			if len(titles) > 0 {
				msg += " Did you mean " + joinLimited(titles, ", ", 600) + "?"
			}
			return Response{}, badInput("%s", msg)
		}
	}
	if err != nil {
		return Response{}, fmt.Errorf("document: %w", err)
	}
	return Response{Initial: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Embeds:          renderSource(v),
			Flags:           discordgo.MessageFlagsEphemeral,
			AllowedMentions: noMentions(),
		},
	}}, nil
}

// renderSource shows a document: its metadata as stated (a field the
// article does not state says so), a short excerpt, and its claims.
func renderSource(v armswatch.DocumentView) []*discordgo.MessageEmbed {
	d := v.Document
	title := cleanMax(d.Title, LimitEmbedTitle)
	if title == "" {
		title = cleanMax(d.ID, LimitEmbedTitle)
	}
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: truncateMarkdown(escape(title), LimitEmbedTitle),
		Color: colourAnswer,
	}
	if u, ok := linkURL(d.URL); ok {
		e.URL = u
	}
	if ex := cleanMax(v.Excerpt, 900); ex != "" {
		e.Description = "> " + truncateMarkdown(escape(ex), 900)
	}
	notStated := "*not stated*"
	orNotStated := func(s string) string {
		if s = cleanMax(s, 300); s == "" {
			return notStated
		}
		return truncateMarkdown(escape(s), 300)
	}
	published := notStated
	if !d.Published.IsZero() {
		published = d.Published.String()
	}
	link := notStated
	if u, ok := linkURL(d.URL); ok {
		link = "[link](" + u + ")"
	}
	e.Fields = []*discordgo.MessageEmbedField{
		{Name: "Publisher", Value: orNotStated(d.Publisher), Inline: true},
		{Name: "Published", Value: published, Inline: true},
		{Name: "Author", Value: orNotStated(d.Author), Inline: true},
		{Name: "URL", Value: link, Inline: true},
		{Name: "Language", Value: orNotStated(d.Language), Inline: true},
		{Name: "Id", Value: orNotStated(d.ID), Inline: true},
	}
	if n := cleanMax(d.Notes, 600); n != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Notes", Value: truncateMarkdown(escape(n), 600)})
	}
	claims := v.Claims
	shown := claims[:min(len(claims), maxSourceClaimFields)]
	for _, c := range shown {
		f := claimField(armswatch.ClaimHit{Claim: c}, newSourceNumbers())
		if q := quoteFrom(c, d.ID); q != "" {
			f.Value = truncateMarkdown(f.Value+"\n> “"+truncateMarkdown(escape(q), 500)+"”", LimitFieldValue)
		}
		e.Fields = append(e.Fields, f)
	}
	switch rest := len(claims) - len(shown); {
	case len(claims) == 0:
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Claims", Value: "No claim record cites this document yet."})
	case rest > 0:
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "More claims", Value: "… and " + strconv.Itoa(rest) + " more claims cite this document. Use /claims to search them."})
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: truncate("Document "+cleanMax(d.ID, 200)+" · "+strconv.Itoa(len(claims))+" claims · cite the original source, not this bot", LimitFooter)}
	return fitEmbeds([]*discordgo.MessageEmbed{e})
}

// quoteFrom is the claim's quote from document doc.
func quoteFrom(c armswatch.Claim, doc string) string {
	for _, a := range c.Appearances {
		if a.Doc == doc {
			return cleanMax(a.Quote, 500)
		}
	}
	return ""
}

// handleAbout answers /about.
func (b *Bot) handleAbout(_ context.Context, _ *request) (Response, error) {
	return Response{Initial: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Embeds:          renderAbout(b.engine.Stats(), b.cfg.Version),
			Flags:           discordgo.MessageFlagsEphemeral,
			AllowedMentions: noMentions(),
		},
	}}, nil
}

const aboutText = "armswatch answers questions about reported arms transfers (today: North Korea supplying " +
	"shells and ballistic missiles to Russia) with answers you can check: every claim shows who made it, " +
	"when, the figure exactly as reported, and a verbatim quote from a named source. Figures from different " +
	"claimants are shown side by side and never added up. When nothing in the data supports an answer, it says so."

const citeText = "Cite the original source shown with each claim (publisher, date, title, URL and the quote), " +
	"not this bot: press **Sources** under an answer, or use /source, for the full citation."

// renderAbout describes the bot and its data.
func renderAbout(s armswatch.Stats, version string) []*discordgo.MessageEmbed {
	covered := "*not stated*"
	switch {
	case !s.Earliest.IsZero() && !s.Latest.IsZero():
		covered = s.Earliest.String() + " to " + s.Latest.String()
	case !s.Latest.IsZero():
		covered = "up to " + s.Latest.String()
	case !s.Earliest.IsZero():
		covered = "from " + s.Earliest.String()
	}
	built := "*unknown*"
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(s.BuiltAt)); err == nil {
		built = "<t:" + strconv.FormatInt(t.Unix(), 10) + ":f> (" + t.UTC().Format("2006-01-02 15:04 UTC") + ")"
	} else if b := clean(s.BuiltAt); b != "" {
		built = truncateMarkdown(escape(b), 100)
	}
	e := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       "About armswatch",
		Description: aboutText,
		Color:       colourAnswer,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Data", Value: prose.Count(s.Documents, "source document", "source documents") + ", " + prose.Count(s.Claims, "claim", "claims"), Inline: true},
			{Name: "Dates covered", Value: covered, Inline: true},
			{Name: "Index built", Value: built, Inline: true},
			{Name: "Version", Value: truncateMarkdown(escape(clean(version)), 100), Inline: true},
			{Name: "Commands", Value: "/claims · /source · /about", Inline: true},
			{Name: "How to cite", Value: citeText},
		},
	}
	if fp := clean(s.Fingerprint); fp != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: "Data fingerprint " + truncate(fp, 16)}
	}
	return fitEmbeds([]*discordgo.MessageEmbed{e})
}
