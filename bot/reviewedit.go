package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// Discord's limits on a modal.
const (
	LimitModalTitle     = 45
	LimitModalRows      = 5
	LimitTextInputLabel = 45
	LimitTextInputValue = 4000
	LimitPlaceholder    = 100
)

// The Edit modal's five text inputs, by custom_id: each sets one field of
// the record as RecordYAML gives it (the figure and measure those of its
// first item's quantity).
const (
	inStatement = "statement"
	inClaimant  = "claimant"
	inFigure    = "figure"
	inMeasure   = "measure"
	inSaidOn    = "said_on"
)

// reviewModal opens the Edit modal of a candidate, each input prefilled
// with the record's value (cut to Discord's 4000 characters).
func (b *Bot) reviewModal(st *propose.Staged, ref reviewRef, key []byte, guildID string) (Response, error) {
	c := st.Records[ref.Index].Claim
	figure, measure := "", ""
	if len(c.Items) > 0 && c.Items[0].Quantity != nil {
		figure, measure = c.Items[0].Quantity.Text, string(c.Items[0].Quantity.Measure)
	}
	said := ""
	if !c.SaidOn.IsZero() {
		said = c.SaidOn.String()
	}
	input := func(id, label, placeholder, value string, style discordgo.TextInputStyle, required bool) discordgo.MessageComponent {
		return discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
			CustomID: id, Label: label, Style: style, Placeholder: placeholder,
			Value: prose.Cut(value, LimitTextInputValue), Required: required, MaxLength: LimitTextInputValue,
		}}}
	}
	submit := reviewRef{Action: reviewSubmit, Doc: ref.Doc, Index: ref.Index, Rev: ref.Rev}
	return Response{Initial: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{
			CustomID: submit.sign(key, guildID),
			Title:    prose.Fit("Edit candidate "+strconv.Itoa(ref.Index+1)+" of "+strconv.Itoa(len(st.Records)), LimitModalTitle),
			Components: []discordgo.MessageComponent{
				input(inStatement, "Statement", "What the claimant says, in one sentence", c.Statement, discordgo.TextInputParagraph, true),
				input(inClaimant, "Claimant", "Who says it, as named in the source", c.Claimant, discordgo.TextInputShort, true),
				input(inFigure, "Figure text (first item, as written)", "Exactly as in the quote, e.g. more than 5,000", figure, discordgo.TextInputShort, false),
				input(inMeasure, "Measure (first item)", "delivered, shipped, fired, captured, capacity… or empty", measure, discordgo.TextInputShort, false),
				input(inSaidOn, "Said on (YYYY, YYYY-MM or YYYY-MM-DD)", "Empty when the source does not say", said, discordgo.TextInputShort, false),
			},
		},
	}}, nil
}

// handleReviewSubmit takes the Edit modal's submission: the edited record
// is the candidate's RecordYAML with the five fields set, and
// Staging.Edit keeps it only once it passes the checks against the staged
// document. Refused, the problems are said ephemerally and nothing
// changes; kept, the page shows the next pending candidate.
func (b *Bot) handleReviewSubmit(_ context.Context, req *request) (Response, error) {
	data, _ := req.i.Data.(discordgo.ModalSubmitInteractionData)
	ref, st, key, err := b.reviewTarget(req, data.CustomID, reviewSubmit)
	if err != nil {
		return Response{}, err
	}
	values := modalValues(data.Components)
	req.query = values[inStatement]
	rec := st.Records[ref.Index]
	orig, err := b.cfg.Staging.RecordYAML(st.ID, rec.ID)
	if err != nil {
		return Response{}, b.stagingFailure("edit: read the record", err)
	}
	edited, err := editRecord(orig, values)
	if err != nil {
		return Response{}, badInput("%s", err.Error())
	}
	err = b.cfg.Staging.Edit(st.ID, rec.ID, edited, by(req))
	var invalid *propose.InvalidError
	switch {
	case errors.As(err, &invalid):
		return Response{}, badInput("The edited candidate %d does not pass the checks against its document, so nothing was changed:\n%s\nPress Edit to try again.",
			ref.Index+1, problemLines(invalid.Problems, 1500))
	case err != nil:
		return Response{}, b.stagingFailure("edit", err)
	}
	b.log.Info("review: candidate edited", append(b.logAttrs(req), "moderator_id", req.userID, "document", st.ID, "candidate", rec.ID)...)
	return b.redraw(req, st.ID, ref.Index, key, fmt.Sprintf("Candidate %d edited and accepted.", ref.Index+1))
}

// modalValues reads a modal submission's text inputs by custom_id.
func modalValues(comps []discordgo.MessageComponent) map[string]string {
	out := map[string]string{}
	var walk func(c discordgo.MessageComponent)
	walk = func(c discordgo.MessageComponent) {
		switch v := c.(type) {
		case *discordgo.ActionsRow:
			for _, k := range v.Components {
				walk(k)
			}
		case discordgo.ActionsRow:
			for _, k := range v.Components {
				walk(k)
			}
		case *discordgo.TextInput:
			out[v.CustomID] = v.Value
		case discordgo.TextInput:
			out[v.CustomID] = v.Value
		}
	}
	for _, c := range comps {
		walk(c)
	}
	return out
}

// editRecord sets the modal's fields in a record (YAML, a list of one, as
// RecordYAML gives it) with propose.EditFields; a refusal says what to do
// instead.
func editRecord(orig []byte, values map[string]string) ([]byte, error) {
	out, err := propose.EditFields(orig, propose.Fields{
		Statement: values[inStatement], Claimant: values[inClaimant], SaidOn: values[inSaidOn],
		Figure: values[inFigure], Measure: values[inMeasure],
	})
	switch {
	case errors.Is(err, propose.ErrNotEditable):
		return nil, errors.New("This candidate's record cannot be edited here; edit it with `armswatch review`.")
	case errors.Is(err, propose.ErrNoFigure):
		return nil, errors.New("This candidate gives no figure to change: leave the figure and measure empty, or edit the record with `armswatch review`.")
	case errors.Is(err, propose.ErrNotOneFigure):
		return nil, errors.New("The figure text is not one figure as the extractor reads them (such as “more than 5,000”, “about a million” or “dozens of”), so nothing was changed: write it exactly as in the quote, or edit the record with `armswatch review`.")
	}
	return out, err
}

// publishedEmbed says what a publish wrote, and who is recorded as the
// reviewer.
func publishedEmbed(p *propose.Published, reviewer string) *discordgo.MessageEmbed {
	code := func(s string) string { return "`" + strings.ReplaceAll(cleanMax(s, 200), "`", "'") + "`" }
	lines := []string{"**Document:** " + code(p.DocumentFile)}
	if p.ClaimsFile != "" {
		ids := make([]string, len(p.Claims))
		for k, id := range p.Claims {
			ids[k] = code(id)
		}
		lines = append(lines, "**Claims:** "+code(p.ClaimsFile)+" — "+prose.Count(len(p.Claims), "record", "records")+": "+joinLimited(ids, ", ", 2500))
	} else {
		lines = append(lines, "**Claims:** none accepted")
	}
	lines = append(lines,
		"**Rejected:** "+strconv.Itoa(p.Rejected),
		"Reviewed by "+code(reviewer)+"; the change is in "+code(propose.ChangelogFile)+".")
	return &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       "Published " + truncate(cleanMax(p.Document, 200), 200),
		Description: strings.Join(lines, "\n"),
		Color:       colourDone,
	}
}
