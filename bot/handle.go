package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Outcome for a refusal because of bad input (an unknown item, a bad date,
// a stale button); reported to Observer like the others.
const OutcomeBadInput = "bad_input"

// Time budgets. Discord waits 3 s for the first response: the engine gets
// less; a deferred response may be edited for 15 minutes.
const (
	engineBudget       = 2500 * time.Millisecond
	autocompleteBudget = 1500 * time.Millisecond
	deferredBudget     = 14 * time.Minute
	downloadBudget     = 30 * time.Second
)

// request is one interaction as the handlers see it.
type request struct {
	i       *discordgo.Interaction
	userID  string
	command string // metric and log label: "claims", "claims.next", "source.autocomplete", …
	query   string // user text, logged only with Config.LogQueries
}

// userError is a refusal the user can act on: its message is shown as is
// (it is already safe markdown) and logged at info level. The message
// often quotes what the user typed; format, the message with its
// arguments left out, is what is logged without Config.LogQueries.
type userError struct {
	msg     string
	format  string
	outcome string // OutcomeBadInput or OutcomeForbidden
}

func (e *userError) Error() string { return e.msg }

func badInput(format string, a ...any) error {
	return &userError{msg: fmt.Sprintf(format, a...), format: format, outcome: OutcomeBadInput}
}

func forbidden(format string, a ...any) error {
	return &userError{msg: fmt.Sprintf(format, a...), format: format, outcome: OutcomeForbidden}
}

// Messages of the dispatcher.
const (
	msgFailed      = "Sorry, something went wrong while answering. It has been logged; please try again later."
	msgPanic       = "Sorry, something broke while answering. It has been logged."
	msgUnsupported = "I don't know that command or button: the bot may have been updated. Run the command again (its list can take a minute to refresh)."
	msgTimeout     = "That took too long to answer. Try again, perhaps with fewer words or filters."
)

// Handle is the one core both transports call: it turns one interaction
// into the response to send. It never panics (it recovers and answers with
// a short error) and never returns a nil Initial. Every message it returns
// fits Discord's limits and mentions nobody. When Then is non-nil the
// transport sends Initial, then calls Then and sends its edit; Then also
// never panics, and when it fails it returns an edit saying so (with a nil
// error: the failure is already logged and observed), so the transport
// always has an edit to send.
func (b *Bot) Handle(ctx context.Context, i *discordgo.Interaction) (resp Response) {
	start := b.now()
	req := &request{i: i, command: "unknown"}
	outcome := OutcomeOK
	defer func() {
		if r := recover(); r != nil {
			outcome = OutcomePanic
			b.log.Error("interaction panicked",
				append(b.logAttrs(req), "panic", b.logPanic(r), "stack", string(debug.Stack()))...)
			resp = Response{Initial: b.failure(req, msgPanic)}
		}
		if resp.Initial == nil {
			resp = Response{Initial: b.failure(req, msgFailed)}
		}
		b.finish(&resp, req, outcome, start)
	}()
	if i == nil {
		outcome = OutcomeError
		b.log.Error("nil interaction")
		return Response{Initial: b.failure(req, msgFailed)}
	}
	req.userID = userID(i)

	if i.Type == discordgo.InteractionPing {
		req.command = "ping"
		return Response{Initial: &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}}
	}
	h := b.route(req)
	if h == nil {
		outcome = OutcomeBadInput
		b.log.Warn("unsupported interaction", b.logAttrs(req)...)
		return Response{Initial: b.failure(req, msgUnsupported)}
	}
	if ok, wait := b.allow(req); !ok {
		outcome = OutcomeRateLimited
		b.log.Info("rate limited", append(b.logAttrs(req), "retry_in", wait.Round(time.Second).String())...)
		return Response{Initial: b.rateLimited(req, wait)}
	}
	r, err := h(ctx, req)
	if err != nil {
		outcome = b.outcomeOf(err)
		b.logFailure(req, err, outcome)
		return Response{Initial: b.failure(req, b.messageFor(err))}
	}
	if r.Then != nil {
		r.Then = b.wrapThen(req, start, r.Then)
		outcome = "" // observed when Then finishes
	}
	return r
}

// handler handles one kind of interaction.
type handler func(ctx context.Context, req *request) (Response, error)

// route picks the handler and names the interaction, switching on the
// type first: discordgo's data accessors panic on the wrong type.
func (b *Bot) route(req *request) handler {
	i := req.i
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			return nil
		}
		commands := map[string]handler{
			cmdClaims: b.handleClaims, cmdSource: b.handleSource, cmdAbout: b.handleAbout,
			cmdReindex: b.handleReindex, cmdTimeline: b.handleTimeline, cmdPropose: b.handlePropose,
			cmdGaps: b.handleGaps, cmdRetract: b.handleRetract, cmdReview: b.handleReviewOpen,
		}
		if h, ok := commands[data.Name]; ok {
			req.command = data.Name
			return h
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			return nil
		}
		switch data.Name {
		case cmdClaims, cmdSource:
			req.command = data.Name + ".autocomplete"
			return b.handleAutocomplete
		case cmdTimeline:
			req.command = data.Name + ".autocomplete"
			return b.handleTimelineAutocomplete
		case cmdReview:
			req.command = data.Name + ".autocomplete"
			return b.handleReviewAutocomplete
		}
	case discordgo.InteractionMessageComponent:
		data, ok := i.Data.(discordgo.MessageComponentInteractionData)
		if !ok {
			return nil
		}
		if isReviewID(data.CustomID) {
			req.command = reviewCommand(data.CustomID)
			if isReviewListID(data.CustomID) {
				return b.handleReviewList
			}
			return b.handleReview
		}
		if isFeedbackID(data.CustomID) {
			req.command = cmdClaims + ".feedback"
			return b.handleFeedback
		}
		if ref, err := parseCustomID(data.CustomID); err == nil {
			req.command = cmdClaims + "." + ref.Action.String()
			return b.handleClaimsButton
		}
		req.command = "component"
	case discordgo.InteractionModalSubmit:
		data, ok := i.Data.(discordgo.ModalSubmitInteractionData)
		if !ok {
			return nil
		}
		if isReviewID(data.CustomID) {
			req.command = reviewCommand(data.CustomID)
			return b.handleReviewSubmit
		}
		req.command = "modal"
	}
	return nil
}

// allow applies the per-user rate limit. Autocomplete has its own, more
// generous bucket: it fires as the user types.
func (b *Bot) allow(req *request) (bool, time.Duration) {
	key := req.userID
	if req.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return b.autoLimiter.allow(key)
	}
	return b.limiter.allow(key)
}

// rateLimited is the friendly refusal; an autocomplete gets no choices.
func (b *Bot) rateLimited(req *request, wait time.Duration) *discordgo.InteractionResponse {
	if req.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return autocompleteResponse(nil)
	}
	secs := max(1, int((wait+time.Second-1)/time.Second))
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	return ephemeralMessage(fmt.Sprintf("You're asking quickly! Please wait %d %s and try again.", secs, unit))
}

// failure is the short ephemeral reply to an error: an empty autocomplete
// for an autocomplete, a message otherwise.
func (b *Bot) failure(req *request, msg string) *discordgo.InteractionResponse {
	if req.i != nil && req.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return autocompleteResponse(nil)
	}
	if req.i != nil && req.i.Type == discordgo.InteractionPing {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
	}
	return ephemeralMessage(msg)
}

// toldFailure is a failure (OutcomeError) whose cause the user is told:
// msg is what they read.
type toldFailure struct {
	msg string
	err error
}

func (e *toldFailure) Error() string { return e.err.Error() }
func (e *toldFailure) Unwrap() error { return e.err }

// messageFor is what the user reads for err.
func (b *Bot) messageFor(err error) string {
	var ue *userError
	var tf *toldFailure
	switch {
	case errors.As(err, &ue):
		return ue.msg
	case errors.As(err, &tf):
		return tf.msg
	case errors.Is(err, context.DeadlineExceeded):
		return msgTimeout
	}
	return msgFailed
}

func (b *Bot) outcomeOf(err error) string {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.outcome
	}
	return OutcomeError
}

// logFailure logs a handler's error: refusals at info, failures at error;
// without Config.LogQueries, with nothing of the user's text (logErr).
func (b *Bot) logFailure(req *request, err error, outcome string) {
	attrs := append(b.logAttrs(req), "outcome", outcome, "err", b.logErr(err))
	if outcome == OutcomeError {
		b.log.Error("interaction failed", attrs...)
		return
	}
	b.log.Info("interaction refused", attrs...)
}

// finish fits the response to Discord's limits, observes and logs it.
func (b *Bot) finish(resp *Response, req *request, outcome string, start time.Time) {
	func() {
		defer func() {
			if r := recover(); r != nil {
				outcome = OutcomePanic
				b.log.Error("fitting the response panicked", append(b.logAttrs(req), "panic", b.logPanic(r))...)
				*resp = Response{Initial: b.failure(req, msgPanic)}
			}
		}()
		fitData(resp.Initial.Data)
	}()
	if outcome == "" {
		return
	}
	b.observe(req, outcome, start)
}

func (b *Bot) observe(req *request, outcome string, start time.Time) {
	d := b.now().Sub(start)
	if o := b.cfg.Observer; o != nil {
		func() {
			defer func() {
				if r := recover(); r != nil {
					b.log.Error("observer panicked", "panic", b.logPanic(r))
				}
			}()
			o.Interaction(req.command, outcome, d)
		}()
	}
	if req.command == "ping" {
		return
	}
	b.log.Debug("interaction handled", append(b.logAttrs(req), "outcome", outcome, "duration", d.String())...)
}

// wrapThen makes a deferred continuation safe: panics and errors become an
// edit saying so, and the interaction is observed when it ends.
func (b *Bot) wrapThen(req *request, start time.Time, then func(context.Context) (*discordgo.WebhookEdit, error)) func(context.Context) (*discordgo.WebhookEdit, error) {
	return func(ctx context.Context) (edit *discordgo.WebhookEdit, _ error) {
		outcome := OutcomeOK
		defer func() {
			if r := recover(); r != nil {
				outcome = OutcomePanic
				b.log.Error("deferred interaction panicked",
					append(b.logAttrs(req), "panic", b.logPanic(r), "stack", string(debug.Stack()))...)
				edit = messageEdit(msgPanic)
			}
			if edit == nil {
				outcome = OutcomeError
				edit = messageEdit(msgFailed)
			}
			fitEdit(edit)
			b.observe(req, outcome, start)
		}()
		ctx, cancel := context.WithTimeout(ctx, b.deferredBudget)
		defer cancel()
		e, err := then(ctx)
		if err != nil {
			outcome = b.outcomeOf(err)
			b.logFailure(req, err, outcome)
			return messageEdit(b.messageFor(err)), nil
		}
		return e, nil
	}
}

// logAttrs are the attributes of every log line about an interaction:
// never a token, the user's text only when LogQueries is set.
func (b *Bot) logAttrs(req *request) []any {
	attrs := []any{"command", req.command}
	if req.i != nil {
		attrs = append(attrs, "interaction_id", req.i.ID, "user_id", req.userID)
		if req.i.GuildID != "" {
			attrs = append(attrs, "guild_id", req.i.GuildID)
		}
	}
	if b.cfg.LogQueries && req.query != "" {
		attrs = append(attrs, "query", Redact(req.query, b.secret()))
	}
	return attrs
}

// secret is the bot token, for redaction.
func (b *Bot) secret() string { return b.cfg.Token.Reveal() }

// userID is the id of whoever triggered the interaction: the member's user
// in a guild, the user in a DM.
func userID(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

// ephemeralMessage is an immediate reply only the user sees.
func ephemeralMessage(content string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         content,
			Flags:           discordgo.MessageFlagsEphemeral,
			AllowedMentions: noMentions(),
		},
	}
}

// messageEdit replaces the original response with content alone.
func messageEdit(content string) *discordgo.WebhookEdit {
	return &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &[]*discordgo.MessageEmbed{},
		Components:      &[]discordgo.MessageComponent{},
		AllowedMentions: noMentions(),
	}
}

// autocompleteResponse answers an autocomplete with choices (none for nil).
func autocompleteResponse(choices []*discordgo.ApplicationCommandOptionChoice) *discordgo.InteractionResponse {
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}
}

// commandOptions returns the options of a command interaction by name.
func commandOptions(i *discordgo.Interaction) map[string]*discordgo.ApplicationCommandInteractionDataOption {
	out := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return out
	}
	for _, o := range data.Options {
		if o != nil {
			out[o.Name] = o
		}
	}
	return out
}

// stringOption reads a string option without discordgo's panicking
// accessors; "" when absent or of another type.
func stringOption(opts map[string]*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	o := opts[name]
	if o == nil {
		return ""
	}
	s, _ := o.Value.(string)
	return s
}

// boolOption reads a boolean option; false when absent or of another type.
func boolOption(opts map[string]*discordgo.ApplicationCommandInteractionDataOption, name string) bool {
	o := opts[name]
	if o == nil {
		return false
	}
	v, _ := o.Value.(bool)
	return v
}

// focusedOption returns the option being typed in an autocomplete.
func focusedOption(i *discordgo.Interaction) (*discordgo.ApplicationCommandInteractionDataOption, bool) {
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return nil, false
	}
	for _, o := range data.Options {
		if o != nil && o.Focused {
			return o, true
		}
	}
	return nil, false
}

// truncateQuery shortens user text used as a search or a filter (no
// ellipsis: it is sent, not shown).
func truncateQuery(s string, max int) string {
	rs := []rune(s)
	if len(rs) <= max {
		return s
	}
	return strings.TrimSpace(string(rs[:cutPoint(rs, max)]))
}
