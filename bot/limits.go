package bot

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// Discord's limits on what a message, an embed and an autocomplete answer
// may hold, counted in runes.
const (
	LimitContent         = 2000
	LimitEmbeds          = 10
	LimitEmbedTitle      = 256
	LimitEmbedDesc       = 4096
	LimitEmbedFields     = 25
	LimitFieldName       = 256
	LimitFieldValue      = 1024
	LimitFooter          = 2048
	LimitAuthorName      = 256
	LimitEmbedsTotal     = 6000
	LimitChoices         = 25
	LimitChoiceName      = 100
	LimitChoiceValue     = 100
	LimitCustomID        = 100
	LimitComponentRows   = 5
	LimitButtonsInRow    = 5
	LimitButtonLabel     = 80
	maxEmbedURL          = 2048
	minShrinkableElement = 24
)

func itoa(n int) string { return strconv.Itoa(n) }

// noMentions is the allowed_mentions of every message the bot sends: an
// explicit empty list, so nothing in a reply can ping anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// embedTotal is what Discord counts against the 6000 limit over all the
// embeds of a message: titles, descriptions, field names and values,
// footer texts and author names.
func embedTotal(embeds []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range embeds {
		if e == nil {
			continue
		}
		n += runeLen(e.Title) + runeLen(e.Description)
		for _, f := range e.Fields {
			if f != nil {
				n += runeLen(f.Name) + runeLen(f.Value)
			}
		}
		if e.Footer != nil {
			n += runeLen(e.Footer.Text)
		}
		if e.Author != nil {
			n += runeLen(e.Author.Name)
		}
	}
	return n
}

// fitEmbeds makes embeds fit every per-element limit and the 6000 total:
// elements over their limit are cut; then, while the total is over, the
// longest element is shortened; as a last resort trailing fields and
// embeds are dropped. Text written by this package may hold markdown, so
// cuts use truncateMarkdown.
func fitEmbeds(embeds []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	out := make([]*discordgo.MessageEmbed, 0, len(embeds))
	for _, e := range embeds {
		if e != nil {
			out = append(out, e)
		}
	}
	if len(out) > LimitEmbeds {
		out = out[:LimitEmbeds]
	}
	for _, e := range out {
		e.Title = truncateMarkdown(e.Title, LimitEmbedTitle)
		e.Description = truncateMarkdown(e.Description, LimitEmbedDesc)
		if len(e.Fields) > LimitEmbedFields {
			e.Fields = e.Fields[:LimitEmbedFields]
		}
		fields := e.Fields[:0]
		for _, f := range e.Fields {
			if f == nil {
				continue
			}
			f.Name = truncateMarkdown(f.Name, LimitFieldName)
			f.Value = truncateMarkdown(f.Value, LimitFieldValue)
			if f.Name == "" {
				f.Name = "\u200b"
			}
			if f.Value == "" {
				f.Value = "\u200b"
			}
			fields = append(fields, f)
		}
		e.Fields = fields
		if e.Footer != nil {
			e.Footer.Text = truncate(e.Footer.Text, LimitFooter)
		}
		if e.Author != nil {
			e.Author.Name = truncate(e.Author.Name, LimitAuthorName)
		}
		if runeLen(e.URL) > maxEmbedURL {
			e.URL = ""
		}
	}
	for guard := 0; embedTotal(out) > LimitEmbedsTotal; guard++ {
		excess := embedTotal(out) - LimitEmbedsTotal
		p := longestElement(out)
		if p == nil || guard > 400 {
			dropLast(&out)
			continue
		}
		n := runeLen(*p.s)
		keep := max(n-excess, n/2, minShrinkableElement)
		if keep >= n {
			keep = n - 1
		}
		if p.isFooter {
			*p.s = truncate(*p.s, keep)
		} else {
			*p.s = truncateMarkdown(*p.s, keep)
		}
	}
	return out
}

// longestElement returns the longest text that can still be shortened, or
// nil when every text is at its minimum.
func longestElement(embeds []*discordgo.MessageEmbed) *stringRef {
	var best *stringRef
	consider := func(s *string, footer bool) {
		if n := runeLen(*s); n > minShrinkableElement && (best == nil || n > runeLen(*best.s)) {
			best = &stringRef{s: s, isFooter: footer}
		}
	}
	// Titles and author names are left whole: they are short by
	// construction, and an answer's question is read back from them.
	for _, e := range embeds {
		consider(&e.Description, false)
		for _, f := range e.Fields {
			consider(&f.Value, false)
			consider(&f.Name, false)
		}
		if e.Footer != nil {
			consider(&e.Footer.Text, true)
		}
	}
	return best
}

// stringRef points at one shrinkable text of an embed.
type stringRef struct {
	s        *string
	isFooter bool // plain text: footers render no markdown
}

// dropLast removes the last field of the last embed, or the last embed
// when it has no fields.
func dropLast(embeds *[]*discordgo.MessageEmbed) {
	es := *embeds
	if len(es) == 0 {
		return
	}
	last := es[len(es)-1]
	if len(last.Fields) > 0 {
		last.Fields = last.Fields[:len(last.Fields)-1]
		return
	}
	*embeds = es[:len(es)-1]
}

// fitChoices makes autocomplete choices fit: at most 25, names of 1 to 100
// runes, values of at most 100 (a choice whose value does not fit is
// dropped rather than cut: a cut value would ask for something else), no
// duplicate values.
func fitChoices(in []*discordgo.ApplicationCommandOptionChoice) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, min(len(in), LimitChoices))
	seen := map[string]bool{}
	for _, c := range in {
		if c == nil || len(out) == LimitChoices {
			continue
		}
		v, ok := c.Value.(string)
		if !ok {
			continue
		}
		if v == "" || runeLen(v) > LimitChoiceValue || seen[v] {
			continue
		}
		name := truncate(clean(c.Name), LimitChoiceName)
		if name == "" {
			name = truncate(clean(v), LimitChoiceName)
		}
		if name == "" {
			continue
		}
		seen[v] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: v})
	}
	return out
}

// fitData makes an interaction response's message fit Discord's limits and
// sets allowed_mentions to nothing.
func fitData(d *discordgo.InteractionResponseData) {
	if d == nil {
		return
	}
	d.Content = truncateMarkdown(d.Content, LimitContent)
	d.Embeds = fitEmbeds(d.Embeds)
	d.Components = fitComponents(d.Components)
	d.AllowedMentions = noMentions()
	if d.Choices != nil {
		d.Choices = fitChoices(d.Choices)
	}
}

// fitEdit is fitData for an edit of the original response.
func fitEdit(e *discordgo.WebhookEdit) {
	if e == nil {
		return
	}
	if e.Content != nil {
		c := truncateMarkdown(*e.Content, LimitContent)
		e.Content = &c
	}
	if e.Embeds != nil {
		es := fitEmbeds(*e.Embeds)
		e.Embeds = &es
	}
	if e.Components != nil {
		cs := fitComponents(*e.Components)
		e.Components = &cs
	}
	e.AllowedMentions = noMentions()
}

// fitSelect is a string select menu within Discord's limits: options
// beyond 25 and values over 100 runes dropped, labels and descriptions
// cut; false when nothing can be sent.
func fitSelect(m discordgo.SelectMenu) (discordgo.SelectMenu, bool) {
	var opts []discordgo.SelectMenuOption
	for _, o := range m.Options {
		if len(opts) < LimitChoices && o.Value != "" && runeLen(o.Value) <= LimitChoiceValue {
			o.Label, o.Description = truncate(o.Label, LimitChoiceName), truncate(o.Description, LimitChoiceName)
			opts = append(opts, o)
		}
	}
	m.Options, m.Placeholder = opts, truncate(m.Placeholder, LimitPlaceholder)
	return m, m.MenuType == discordgo.StringSelectMenu && runeLen(m.CustomID) <= LimitCustomID && len(opts) > 0
}

// fitComponents drops what Discord would refuse: rows beyond five,
// buttons beyond five a row, a select menu not alone in its row, a
// modal's text inputs beyond one a row, custom ids over 100; labels,
// placeholders, values and select options are cut.
func fitComponents(in []discordgo.MessageComponent) []discordgo.MessageComponent {
	if in == nil {
		return nil
	}
	out := make([]discordgo.MessageComponent, 0, len(in))
	for _, c := range in {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			if r, ok2 := c.(*discordgo.ActionsRow); ok2 && r != nil {
				row, ok = *r, true
			}
		}
		if !ok || len(out) == LimitComponentRows {
			continue
		}
		var kept []discordgo.MessageComponent
		for _, rc := range row.Components {
			if len(kept) == LimitButtonsInRow {
				continue
			}
			switch c := rc.(type) {
			case discordgo.Button:
				if runeLen(c.CustomID) <= LimitCustomID {
					c.Label = truncate(c.Label, LimitButtonLabel)
					kept = append(kept, c)
				}
			case discordgo.SelectMenu: // alone in its row
				if c, ok := fitSelect(c); ok && len(row.Components) == 1 {
					kept = append(kept, c)
				}
			case discordgo.TextInput: // a modal's
				if runeLen(c.CustomID) <= LimitCustomID && len(kept) == 0 {
					c.Label = truncate(c.Label, LimitTextInputLabel)
					c.Placeholder = truncate(c.Placeholder, LimitPlaceholder)
					c.Value = truncate(c.Value, LimitTextInputValue)
					kept = append(kept, c)
				}
			}
		}
		if len(kept) > 0 {
			out = append(out, discordgo.ActionsRow{Components: kept})
		}
	}
	return out
}

// CheckMessage reports every way a message (content, embeds, components)
// breaks Discord's limits or could ping someone; nil when it fits. Tests
// and the fake Discord use it.
func CheckMessage(content string, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent, mentions *discordgo.MessageAllowedMentions) error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if n := runeLen(content); n > LimitContent {
		bad("content is %d runes, limit %d", n, LimitContent)
	}
	if len(embeds) > LimitEmbeds {
		bad("%d embeds, limit %d", len(embeds), LimitEmbeds)
	}
	for k, e := range embeds {
		if e == nil {
			bad("embed %d is null", k)
			continue
		}
		check := func(what, s string, limit int) {
			if n := runeLen(s); n > limit {
				bad("embed %d %s is %d runes, limit %d", k, what, n, limit)
			}
		}
		check("title", e.Title, LimitEmbedTitle)
		check("description", e.Description, LimitEmbedDesc)
		if len(e.Fields) > LimitEmbedFields {
			bad("embed %d has %d fields, limit %d", k, len(e.Fields), LimitEmbedFields)
		}
		for j, f := range e.Fields {
			if f == nil {
				bad("embed %d field %d is null", k, j)
				continue
			}
			check("field "+itoa(j)+" name", f.Name, LimitFieldName)
			check("field "+itoa(j)+" value", f.Value, LimitFieldValue)
			if f.Name == "" || f.Value == "" {
				bad("embed %d field %d has an empty name or value", k, j)
			}
		}
		if e.Footer != nil {
			check("footer", e.Footer.Text, LimitFooter)
		}
		if e.Author != nil {
			check("author name", e.Author.Name, LimitAuthorName)
		}
	}
	if n := embedTotal(embeds); n > LimitEmbedsTotal {
		bad("embeds total %d runes, limit %d", n, LimitEmbedsTotal)
	}
	if len(components) > LimitComponentRows {
		bad("%d component rows, limit %d", len(components), LimitComponentRows)
	}
	for _, c := range components {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			if r, ok2 := c.(*discordgo.ActionsRow); ok2 && r != nil {
				row, ok = *r, true
			}
		}
		if !ok {
			continue
		}
		if len(row.Components) > LimitButtonsInRow {
			bad("%d components in a row, limit %d", len(row.Components), LimitButtonsInRow)
		}
		for _, rc := range row.Components {
			if b, ok := rc.(discordgo.Button); ok {
				if n := runeLen(b.CustomID); n > LimitCustomID {
					bad("custom_id %q is %d runes, limit %d", b.CustomID, n, LimitCustomID)
				}
				if n := runeLen(b.Label); n > LimitButtonLabel {
					bad("button label is %d runes, limit %d", n, LimitButtonLabel)
				}
			}
			if m, ok := rc.(discordgo.SelectMenu); ok {
				if fit, ok := fitSelect(m); !ok || len(row.Components) != 1 || len(fit.Options) != len(m.Options) {
					bad("select menu %q: alone in its row, at most %d options of values within %d runes", m.CustomID, LimitChoices, LimitChoiceValue)
				}
				for _, o := range m.Options {
					if runeLen(o.Label) > LimitChoiceName || runeLen(o.Description) > LimitChoiceName {
						bad("select option label or description over %d runes", LimitChoiceName)
					}
				}
			}
			if ti, ok := rc.(discordgo.TextInput); ok {
				if n := runeLen(ti.CustomID); n > LimitCustomID {
					bad("text input custom_id %q is %d runes, limit %d", ti.CustomID, n, LimitCustomID)
				}
				if n := runeLen(ti.Label); n > LimitTextInputLabel {
					bad("text input label is %d runes, limit %d", n, LimitTextInputLabel)
				}
				if n := runeLen(ti.Value); n > LimitTextInputValue {
					bad("text input value is %d runes, limit %d", n, LimitTextInputValue)
				}
			}
		}
	}
	if mentions == nil || mentions.Parse == nil || len(mentions.Parse) > 0 || len(mentions.Roles) > 0 || len(mentions.Users) > 0 || mentions.RepliedUser {
		bad("allowed_mentions must be an explicit empty parse list, got %+v", mentions)
	}
	return errors.Join(errs...)
}

// CheckResponse is CheckMessage for an interaction response, plus the
// autocomplete limits.
func CheckResponse(r *discordgo.InteractionResponse) error {
	if r == nil {
		return errors.New("nil response")
	}
	switch r.Type {
	case discordgo.InteractionResponsePong:
		return nil
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if r.Data == nil {
			return errors.New("autocomplete result without data")
		}
		var errs []error
		if len(r.Data.Choices) > LimitChoices {
			errs = append(errs, fmt.Errorf("%d choices, limit %d", len(r.Data.Choices), LimitChoices))
		}
		for _, c := range r.Data.Choices {
			if n := runeLen(c.Name); n < 1 || n > LimitChoiceName {
				errs = append(errs, fmt.Errorf("choice name %q is %d runes, want 1 to %d", c.Name, n, LimitChoiceName))
			}
			if v, ok := c.Value.(string); ok && runeLen(v) > LimitChoiceValue {
				errs = append(errs, fmt.Errorf("choice value is %d runes, limit %d", runeLen(v), LimitChoiceValue))
			}
		}
		return errors.Join(errs...)
	}
	if r.Data == nil {
		if r.Type == discordgo.InteractionResponseDeferredChannelMessageWithSource || r.Type == discordgo.InteractionResponseDeferredMessageUpdate {
			return nil
		}
		return fmt.Errorf("response type %d without data", r.Type)
	}
	if r.Type == discordgo.InteractionResponseModal {
		var errs []error
		if n := runeLen(r.Data.Title); n < 1 || n > LimitModalTitle {
			errs = append(errs, fmt.Errorf("modal title is %d runes, want 1 to %d", n, LimitModalTitle))
		}
		if n := runeLen(r.Data.CustomID); n < 1 || n > LimitCustomID {
			errs = append(errs, fmt.Errorf("modal custom_id is %d runes, want 1 to %d", n, LimitCustomID))
		}
		if n := len(r.Data.Components); n < 1 || n > LimitModalRows {
			errs = append(errs, fmt.Errorf("modal has %d rows, want 1 to %d", n, LimitModalRows))
		}
		return errors.Join(append(errs, CheckMessage("", nil, r.Data.Components, noMentions()))...)
	}
	return CheckMessage(r.Data.Content, r.Data.Embeds, r.Data.Components, r.Data.AllowedMentions)
}

// CheckEdit is CheckMessage for an edit of the original response.
func CheckEdit(e *discordgo.WebhookEdit) error {
	if e == nil {
		return errors.New("nil edit")
	}
	var content string
	if e.Content != nil {
		content = *e.Content
	}
	var embeds []*discordgo.MessageEmbed
	if e.Embeds != nil {
		embeds = *e.Embeds
	}
	var comps []discordgo.MessageComponent
	if e.Components != nil {
		comps = *e.Components
	}
	return CheckMessage(content, embeds, comps, e.AllowedMentions)
}
