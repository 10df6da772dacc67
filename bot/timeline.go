package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/timeline"
	"github.com/bwmarrin/discordgo"
)

// maxTimelineItemRunes bounds /timeline's item option.
const maxTimelineItemRunes = 100

// chartSlots is how many timeline charts are drawn at once.
func chartSlots() int { return max(1, runtime.GOMAXPROCS(0)) }

// handleTimeline answers /timeline: it defers (ephemeral unless public),
// then draws the chart and edits the reply with the PNG attached and the
// caption in an embed. An item that is not one (the message lists the
// categories) or has no claims is said in the edit.
func (b *Bot) handleTimeline(_ context.Context, req *request) (Response, error) {
	opts := commandOptions(req.i)
	item := truncateQuery(clean(stringOption(opts, optItem)), maxTimelineItemRunes)
	claimant := truncateQuery(clean(stringOption(opts, optClaimant)), maxClaimantRunes)
	public := boolOption(opts, optPublic)
	req.query = item
	if claimant != "" {
		req.query += " · claimant: " + claimant
	}
	if item == "" {
		return Response{}, badInput("Name an item to chart: a category such as artillery-shell, or a word for one such as shells or KN-23.")
	}
	return Response{
		Initial: deferredResponse(!public),
		Then: func(ctx context.Context) (*discordgo.WebhookEdit, error) {
			return b.timelineEdit(ctx, timeline.Query{Item: item, Claimant: claimant})
		},
	}, nil
}

// timelineEdit draws the chart and renders the edit that shows it.
func (b *Bot) timelineEdit(ctx context.Context, q timeline.Query) (*discordgo.WebhookEdit, error) {
	corpus, err := b.engine.Corpus()
	if err != nil {
		return nil, serverFailure(fmt.Errorf("timeline: read the data: %w", err))
	}
	select {
	case b.charts <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("timeline: wait to draw: %w", ctx.Err())
	}
	chart, err := timeline.Render(corpus, q)
	<-b.charts
	switch {
	case errors.Is(err, armswatch.ErrBadQuery):
		return nil, badInput("I can't chart that: %s", escape(userMessage(err)))
	case errors.Is(err, timeline.ErrNoClaims):
		return nil, badInput("%s. Try another item (or no claimant), or search with /claims.", escape(capitalize(userMessage(err))))
	case err != nil:
		return nil, fmt.Errorf("timeline: draw: %w", err)
	}
	return renderTimeline(chart), nil
}

// userMessage is an error's message for a user: the armswatch.Error's
// message, else the error's text (the timeline's own errors are written for
// users).
func userMessage(err error) string {
	msg, _ := armswatch.ErrorMessage(err)
	return clean(msg)
}

// timelineFileName names a chart's PNG attachment.
func timelineFileName(c armswatch.Category) string {
	return "timeline-" + attachmentSafeName(string(c)) + ".png"
}

// renderTimeline is the edit showing a chart: the PNG attached and shown in
// an embed whose title is the caption's, whose description is as much of
// the caption as fits; when it does not all fit, the whole caption is
// attached as a text file too, and the footer says so.
func renderTimeline(chart timeline.Chart) *discordgo.WebhookEdit {
	png := timelineFileName(chart.Category)
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: truncate(escape(clean(chart.Caption.Title)), LimitEmbedTitle),
		Color: colourAnswer,
		Image: &discordgo.MessageEmbedImage{URL: "attachment://" + png},
	}
	files := []*discordgo.File{{Name: png, ContentType: "image/png", Reader: bytes.NewReader(chart.PNG)}}
	desc, whole := captionDescription(chart.Caption, LimitEmbedDesc)
	e.Description = desc
	if !whole {
		txt := strings.TrimSuffix(png, ".png") + "-caption.txt"
		files = append(files, &discordgo.File{Name: txt, ContentType: "text/plain; charset=utf-8", Reader: strings.NewReader(chart.Caption.String())})
		e.Footer = &discordgo.MessageEmbedFooter{Text: "The caption is shortened to fit here: all of it is in " + txt + "."}
	}
	content := ""
	return &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &[]*discordgo.MessageEmbed{e},
		Components:      &[]discordgo.MessageComponent{},
		Files:           files,
		AllowedMentions: noMentions(),
	}
}

// captionDescription renders a caption (without its title, which is the
// embed's) as markdown in at most max runes. whole says whether all of it
// is there; otherwise timeline's Fit chose which lines to keep.
func captionDescription(c timeline.Caption, max int) (string, bool) {
	if d := captionMarkdown(c.String()); runeLen(d) <= max {
		return d, true
	}
	// Escaping lengthens the text Fit measured: fit to less until it fits.
	limit := max
	for range 12 {
		d := captionMarkdown(c.Fit(limit))
		over := runeLen(d) - max
		if over <= 0 {
			return d, false
		}
		limit -= over + 32
		if limit < 256 {
			break
		}
	}
	return truncateMarkdown(captionMarkdown(c.Fit(max)), max), false
}

// captionMarkdown turns a caption's plain text into markdown that displays
// as written: the first line (the title) is dropped, every line is escaped,
// "- " items become bullets and the heads of sections (a line ending in ":"
// after a blank line) are bold.
func captionMarkdown(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > 0 {
		lines = lines[1:]
	}
	out := make([]string, 0, len(lines))
	for k, l := range lines {
		l = cleanMax(l, LimitEmbedDesc)
		switch {
		case strings.HasPrefix(l, "- "):
			l = "• " + escape(strings.TrimPrefix(l, "- "))
		case l != "" && strings.HasSuffix(l, ":") && k > 0 && lines[k-1] == "":
			l = "**" + escape(l) + "**"
		default:
			l = escape(l)
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// handleTimelineAutocomplete suggests /timeline's item (the categories,
// then the words the alias data maps to one) and claimant (from the data).
func (b *Bot) handleTimelineAutocomplete(ctx context.Context, req *request) (Response, error) {
	opt, ok := focusedOption(req.i)
	if !ok {
		return Response{Initial: autocompleteResponse(nil)}, nil
	}
	typed, _ := opt.Value.(string)
	prefix := truncateQuery(clean(typed), LimitChoiceValue)
	req.query = prefix
	var choices []*discordgo.ApplicationCommandOptionChoice
	switch opt.Name {
	case optItem:
		choices = categoryChoices(prefix)
		if corpus := b.corpusWithin(ctx, b.autocompleteBudget); corpus != nil {
			choices = append(choices, aliasItemChoices(corpus.Aliases, prefix)...)
		}
	case optClaimant:
		for _, c := range b.complete(ctx, armswatch.CompleteClaimant, prefix) {
			name := c.Label
			if strings.TrimSpace(name) == "" {
				name = c.Value
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: c.Value})
		}
	}
	return Response{Initial: autocompleteResponse(fitChoices(choices))}, nil
}

// aliasItemChoices are the names of alias groups that map to a category
// ("shells", "포탄", "KN-23") matching what was typed, each shown with its
// category and sent as typed in the data.
func aliasItemChoices(aliases []armswatch.AliasGroup, prefix string) []*discordgo.ApplicationCommandOptionChoice {
	p := normalizeName(prefix)
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, g := range aliases {
		if !validCategory(g.Category) {
			continue
		}
		for _, n := range g.Names() {
			n = clean(n)
			if n == "" || (p != "" && !strings.Contains(normalizeName(n), p)) {
				continue
			}
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: n + " (" + string(g.Category) + ")", Value: n})
			if len(out) >= 4*LimitChoices {
				return out
			}
		}
	}
	return out
}

// corpusWithin asks the engine for the corpus, giving up (nil) after d:
// the first call may load the data.
func (b *Bot) corpusWithin(ctx context.Context, d time.Duration) *armswatch.Corpus {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	done := make(chan *armswatch.Corpus, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("reading the corpus panicked", "panic", Redact(fmt.Sprint(r), b.secret()))
				done <- nil
			}
		}()
		c, err := b.engine.Corpus()
		if err != nil {
			b.log.Warn("cannot read the corpus", "err", Redact(err.Error(), b.secret()))
		}
		done <- c
	}()
	select {
	case c := <-done:
		return c
	case <-ctx.Done():
		b.log.Warn("reading the corpus took too long")
		return nil
	}
}
