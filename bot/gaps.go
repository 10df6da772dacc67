package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/gaps"
	"github.com/bwmarrin/discordgo"
)

// GapObserver is told of what the gap recording (Config.Gaps) counts. An
// Observer that implements it (*metrics.Metrics does) is told.
type GapObserver interface {
	// GapQuestion is called for each question recorded as a gap.
	GapQuestion()
	// Feedback is called for each vote counted: "up" or "down".
	Feedback(vote string)
}

// cmdGaps is the moderators' view of the gap counts.
const cmdGaps = "gaps"

// msgGapsOff is /gaps with recording off.
const msgGapsOff = "Gap recording is off, so nothing is counted. To count the questions the data cannot answer " +
	"and the 👍/👎 under answers, set `RECORD_GAPS=true` in the bot's environment (or `.env`) and restart it. " +
	"Only words and claim ids are counted per day: never who asked, where, or the question's text."

// gapsTopN is how many terms and claims each /gaps field lists at most.
const gapsTopN = 15

func gapsCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:                     cmdGaps,
		Type:                     discordgo.ChatApplicationCommand,
		Description:              "Moderators: what questions found nothing, and the claims readers marked 👎",
		DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
		DMPermission:             ptr(false),
		Contexts:                 guildOnly(),
		Options:                  []*discordgo.ApplicationCommandOption{},
	}
}

// recordGap counts a /claims answer in the gap store when recording is on
// and the answer is a gap. A failure is logged, never shown: the answer
// is what the user asked for.
func (b *Bot) recordGap(req *request, a armswatch.Answer) {
	s := b.cfg.Gaps
	if s == nil {
		return
	}
	ok, err := s.RecordAnswer(a)
	if err != nil {
		b.log.Warn("recording a gap failed", append(b.logAttrs(req), "err", Redact(err.Error(), b.secret()))...)
		return
	}
	if o, observes := b.cfg.Observer.(GapObserver); ok && observes {
		o.GapQuestion()
	}
}

// handleGaps shows a moderator the gap counts of the last 7 and 30 days
// and the claims with the most 👎, ephemerally.
func (b *Bot) handleGaps(ctx context.Context, req *request) (Response, error) {
	if err := b.requireModerator(req, cmdGaps, "see the gap counts"); err != nil {
		return Response{}, err
	}
	s := b.cfg.Gaps
	if s == nil {
		return Response{Initial: ephemeralMessage(msgGapsOff)}, nil
	}
	week, err := s.Report(7, gapsTopN)
	if err != nil {
		return Response{}, serverFailure(err)
	}
	month, err := s.Report(30, gapsTopN)
	if err != nil {
		return Response{}, serverFailure(err)
	}
	docs := map[string]string{}
	if len(month.Claims) > 0 {
		if c := b.corpusWithin(ctx, b.engineBudget); c != nil {
			for _, cl := range c.Claims {
				if len(cl.Appearances) > 0 {
					docs[cl.ID] = cl.Appearances[0].Doc
				}
			}
		}
	}
	return Response{Initial: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Embeds:          renderGaps(week, month, docs, int(s.Retention().Hours()/24)),
			Flags:           discordgo.MessageFlagsEphemeral,
			AllowedMentions: noMentions(),
		},
	}}, nil
}

// renderGaps is the /gaps embed: the top terms of the last 7 and 30 days
// and the claims with the most 👎 over 30 days, each by its id (no link),
// with the document citing it for /source when known.
func renderGaps(week, month gaps.Report, docs map[string]string, retentionDays int) []*discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: "What the data could not answer",
		Color: colourAnswer,
		Description: "Words of questions that found nothing, named items no claim is about, or matched only loosely, " +
			"counted per day; and the claims readers marked 👎. Counts are kept " + strconv.Itoa(retentionDays) +
			" days; no user, server or question text is stored. Look a claim up with `armswatch ask` or its document with /source.",
	}
	termLines := func(r gaps.Report) string {
		if len(r.Terms) == 0 {
			return "*Nothing recorded.*"
		}
		lines := make([]string, 0, len(r.Terms))
		for _, t := range r.Terms {
			lines = append(lines, codeSpan(t.Term, 60)+" — "+strconv.Itoa(t.Count))
		}
		return joinLimited(lines, "\n", LimitFieldValue)
	}
	e.Fields = append(e.Fields,
		&discordgo.MessageEmbedField{Name: "Last 7 days", Value: termLines(week), Inline: true},
		&discordgo.MessageEmbedField{Name: "Last 30 days", Value: termLines(month), Inline: true},
	)
	claims := "*No 👎 recorded.*"
	if len(month.Claims) > 0 {
		lines := make([]string, 0, len(month.Claims))
		for _, c := range month.Claims {
			l := codeSpan(c.ID, 100) + " — 👎 " + strconv.Itoa(c.Down)
			if c.Up > 0 {
				l += " · 👍 " + strconv.Itoa(c.Up)
			}
			if d := docs[c.ID]; d != "" {
				l += " · /source " + codeSpan(d, 100)
			}
			lines = append(lines, l)
		}
		claims = joinLimited(lines, "\n", LimitFieldValue)
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Most 👎, last 30 days", Value: claims})
	return fitEmbeds([]*discordgo.MessageEmbed{e})
}

// codeSpan shows s (a term or an id from the store) as inline code, on
// one line, without backticks, at most max runes.
func codeSpan(s string, max int) string {
	s = strings.ReplaceAll(cleanMax(s, max), "`", "'")
	if s == "" {
		s = "?"
	}
	return "`" + s + "`"
}
