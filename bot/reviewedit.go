package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/armswatch/armswatch/extract"
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
// RecordYAML gives it): statement and claimant; said_on (removed when
// empty); the first item's quantity text and measure (the measure removed
// when empty). An error says what cannot be set this way.
func editRecord(orig []byte, values map[string]string) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(orig, &root); err != nil || len(root.Content) == 0 ||
		root.Content[0].Kind != yaml.SequenceNode || len(root.Content[0].Content) != 1 || root.Content[0].Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("This candidate's record cannot be edited here; edit it with `armswatch review`.")
	}
	rec := root.Content[0].Content[0]
	str := func(s string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.TrimSpace(s)}
	}
	setOrDrop := func(m *yaml.Node, key, v string) {
		if strings.TrimSpace(v) == "" {
			dropKey(m, key)
			return
		}
		setKey(m, key, str(v))
	}
	setKey(rec, inStatement, str(values[inStatement]))
	setKey(rec, inClaimant, str(values[inClaimant]))
	setOrDrop(rec, inSaidOn, values[inSaidOn])
	figure, measure := strings.TrimSpace(values[inFigure]), strings.TrimSpace(values[inMeasure])
	var qty *yaml.Node
	if items := keyValue(rec, "items"); items != nil && items.Kind == yaml.SequenceNode && len(items.Content) > 0 && items.Content[0].Kind == yaml.MappingNode {
		qty = keyValue(items.Content[0], "quantity")
	}
	if qty == nil || qty.Kind != yaml.MappingNode {
		if figure != "" || measure != "" {
			return nil, errors.New("This candidate gives no figure to change: leave the figure and measure empty, or edit the record with `armswatch review`.")
		}
	} else {
		if err := setFigure(qty, figure); err != nil {
			return nil, err
		}
		setOrDrop(qty, inMeasure, measure)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, fmt.Errorf("write the edited record: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write the edited record: %w", err)
	}
	return buf.Bytes(), nil
}

// setFigure sets a quantity's text. A changed text gets the numbers and
// qualifier it says, as the extractor reads a figure (extract.ParseFigure),
// and none of the old figure's, so that no record says "2 million" with the
// "up to" of the figure it replaced; a text that is not one figure is
// refused. An unchanged text keeps the record's numbers; an empty one is
// left to the checks.
func setFigure(qty *yaml.Node, figure string) error {
	if old := keyValue(qty, "text"); figure == "" || (old != nil && strings.TrimSpace(old.Value) == figure) {
		setKey(qty, "text", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: figure})
		return nil
	}
	f, ok := extract.ParseFigure(figure)
	if !ok {
		return errors.New("The figure text is not one figure as the extractor reads them (such as “more than 5,000”, “about a million” or “dozens of”), so nothing was changed: write it exactly as in the quote, or edit the record with `armswatch review`.")
	}
	setKey(qty, "text", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: figure})
	for _, n := range []struct {
		key string
		v   *float64
	}{{"value", f.Value}, {"min", f.Min}, {"max", f.Max}} {
		if n.v == nil {
			dropKey(qty, n.key)
			continue
		}
		setKey(qty, n.key, &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(*n.v, 'f', -1, 64)})
	}
	if f.Qualifier == "" {
		dropKey(qty, "qualifier")
	} else {
		setKey(qty, "qualifier", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(f.Qualifier)})
	}
	return nil
}

func keyValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func dropKey(m *yaml.Node, key string) {
	out := m.Content[:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			out = append(out, m.Content[i], m.Content[i+1])
		}
	}
	m.Content = out
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
