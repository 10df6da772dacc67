package bot

import (
	"context"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

// handleAutocomplete suggests values for the option being typed: /claims
// query (aliases, designations, frequent terms), item (the categories) and
// claimant, and /source id (document titles). It answers within
// autocompleteBudget whatever the engine does.
func (b *Bot) handleAutocomplete(ctx context.Context, req *request) (Response, error) {
	data, _ := req.i.Data.(discordgo.ApplicationCommandInteractionData)
	opt, ok := focusedOption(req.i)
	if !ok {
		return Response{Initial: autocompleteResponse(nil)}, nil
	}
	typed, _ := opt.Value.(string)
	prefix := truncateQuery(clean(typed), LimitChoiceValue)
	req.query = prefix

	var kind armswatch.CompletionKind
	switch {
	case data.Name == cmdClaims && opt.Name == optQuery:
		kind = armswatch.CompleteQuery
	case data.Name == cmdClaims && opt.Name == optItem:
		kind = armswatch.CompleteItem
	case data.Name == cmdClaims && opt.Name == optClaimant:
		kind = armswatch.CompleteClaimant
	case data.Name == cmdSource && opt.Name == optID:
		kind = armswatch.CompleteDocument
	default:
		return Response{Initial: autocompleteResponse(nil)}, nil
	}

	var choices []*discordgo.ApplicationCommandOptionChoice
	if kind == armswatch.CompleteItem {
		choices = categoryChoices(prefix)
	}
	for _, c := range b.complete(ctx, kind, prefix) {
		if kind == armswatch.CompleteItem {
			// Only real categories can be sent: the data's own labels
			// for them are welcome, anything else is not.
			if !validCategory(armswatch.Category(c.Value)) {
				continue
			}
			if hasValue(choices, c.Value) {
				continue
			}
		}
		name := c.Label
		if strings.TrimSpace(name) == "" {
			name = c.Value
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: c.Value})
	}
	return Response{Initial: autocompleteResponse(fitChoices(choices))}, nil
}

// complete asks the engine for completions, giving up after
// autocompleteBudget: Discord drops autocomplete answers after 3 seconds.
func (b *Bot) complete(ctx context.Context, kind armswatch.CompletionKind, prefix string) []armswatch.Completion {
	ctx, cancel := context.WithTimeout(ctx, b.autocompleteBudget)
	defer cancel()
	done := make(chan []armswatch.Completion, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("autocomplete panicked", "kind", string(kind), "panic", b.logPanic(r))
				done <- nil
			}
		}()
		done <- b.engine.Complete(ctx, kind, prefix, LimitChoices)
	}()
	select {
	case c := <-done:
		return c
	case <-ctx.Done():
		b.log.Warn("autocomplete too slow", "kind", string(kind))
		return nil
	}
}

// categoryChoices are the categories matching what was typed, by name or
// label.
func categoryChoices(prefix string) []*discordgo.ApplicationCommandOptionChoice {
	p := normalizeName(prefix)
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, c := range armswatch.Categories {
		label := categoryLabel(c)
		if p == "" || strings.Contains(string(c), p) || strings.Contains(normalizeName(label), p) {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: capitalize(label) + " (" + string(c) + ")", Value: string(c)})
		}
	}
	return out
}

func hasValue(choices []*discordgo.ApplicationCommandOptionChoice, v string) bool {
	for _, c := range choices {
		if s, _ := c.Value.(string); s == v {
			return true
		}
	}
	return false
}
