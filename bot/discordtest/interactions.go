package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Interaction is an interaction the fake created (by Dispatch over the
// gateway or Deliver over HTTP), with everything the bot did with it.
type Interaction struct {
	ID      string
	Token   string
	Type    discordgo.InteractionType
	Created time.Time
	// Raw is the interaction as sent to the bot.
	Raw json.RawMessage

	srv       *Server
	channelID string
	callbacks []Callback
	original  map[string]any // the original response message; nil if none
	message   map[string]any // the message a component interaction came from
	followups []map[string]any
	edits     int
	// answered is closed once the HTTP answer to a delivered interaction
	// has been processed; nil for dispatched ones.
	answered chan struct{}
}

// Callback is one response to an interaction.
type Callback struct {
	// Via is "rest" (POST …/callback, as a gateway bot answers) or "http"
	// (the HTTP response to a delivered interaction).
	Via    string
	Status int // what the fake answered (rest) or the bot answered (http)
	Body   []byte
	At     time.Time
	// Type is the callback type; Data the decoded data object (nil if none).
	Type discordgo.InteractionResponseType
	Data map[string]any
}

// Message decodes the callback's data as a message (content, embeds,
// components, flags); nil when the callback has no data.
func (c Callback) Message() *discordgo.Message {
	if c.Data == nil {
		return nil
	}
	return toMessage(c.Data)
}

// Choices decodes an autocomplete callback's choices.
func (c Callback) Choices() []*discordgo.ApplicationCommandOptionChoice {
	var out struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	}
	b, _ := json.Marshal(c.Data)
	_ = json.Unmarshal(b, &out)
	return out.Choices
}

// Callbacks returns the accepted callbacks (at most one, by Discord's rules).
func (in *Interaction) Callbacks() []Callback {
	in.srv.mu.Lock()
	defer in.srv.mu.Unlock()
	return append([]Callback(nil), in.callbacks...)
}

// Acknowledged reports whether the interaction has been answered.
func (in *Interaction) Acknowledged() bool { return len(in.Callbacks()) > 0 }

// Original returns the original response message as it stands (after any
// edits), or nil.
func (in *Interaction) Original() *discordgo.Message {
	in.srv.mu.Lock()
	defer in.srv.mu.Unlock()
	if in.original == nil {
		return nil
	}
	return toMessage(in.original)
}

// SourceMessage returns, for a component interaction, the message the
// component is on as it stands (after an update, callback type 7), or nil.
func (in *Interaction) SourceMessage() *discordgo.Message {
	in.srv.mu.Lock()
	defer in.srv.mu.Unlock()
	if in.message == nil {
		return nil
	}
	return toMessage(in.message)
}

// Edits counts the accepted PATCHes of the original response.
func (in *Interaction) Edits() int {
	in.srv.mu.Lock()
	defer in.srv.mu.Unlock()
	return in.edits
}

// Followups returns the follow-up messages.
func (in *Interaction) Followups() []*discordgo.Message {
	in.srv.mu.Lock()
	defer in.srv.mu.Unlock()
	var out []*discordgo.Message
	for _, m := range in.followups {
		out = append(out, toMessage(m))
	}
	return out
}

func toMessage(m map[string]any) *discordgo.Message {
	b, _ := json.Marshal(m)
	var msg discordgo.Message
	if err := json.Unmarshal(b, &msg); err != nil {
		return &discordgo.Message{Content: "discordtest: cannot decode message: " + err.Error()}
	}
	return &msg
}

// Interaction returns the interaction with the given id, or nil.
func (s *Server) Interaction(id string) *Interaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.interactions[id]
}

// newInteraction registers an interaction from a payload (e.g. a fixture):
// it gets a fresh id and token and this application's id, and is created
// now by the fake's clock.
func (s *Server) newInteraction(raw []byte) (*Interaction, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("discordtest: interaction payload: %w", err)
	}
	tokBytes := make([]byte, 24)
	_, _ = rand.Read(tokBytes)
	s.mu.Lock()
	defer s.mu.Unlock()
	in := &Interaction{
		ID:      s.snowflakeLocked(),
		Token:   "aW50ZXJhY3Rpb246" + hex.EncodeToString(tokBytes),
		Created: s.now(),
		srv:     s,
	}
	m["id"] = in.ID
	m["token"] = in.Token
	m["application_id"] = s.opts.AppID
	if _, ok := m["version"]; !ok {
		m["version"] = 1
	}
	if n, ok := m["type"].(json.Number); ok {
		t, _ := n.Int64()
		in.Type = discordgo.InteractionType(t)
	}
	in.channelID, _ = m["channel_id"].(string)
	if msg, ok := m["message"].(map[string]any); ok {
		in.message = msg
	}
	s.pointAttachmentsLocked(m)
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("discordtest: interaction payload: %w", err)
	}
	in.Raw = b
	s.interactions[in.ID] = in
	s.byToken[in.Token] = in
	s.notifyLocked()
	return in, nil
}

// Dispatch creates an interaction from payload and sends it as an
// INTERACTION_CREATE dispatch to every identified gateway connection. When
// none is ready (the bot is reconnecting) it waits up to 5 seconds for one,
// then fails.
func (s *Server) Dispatch(payload []byte) (*Interaction, error) {
	var ready []*gwConn
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.Wait(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		ready = ready[:0]
		for c := range s.conns {
			if c.isReady() {
				ready = append(ready, c)
			}
		}
		return len(ready) > 0
	})
	if len(ready) == 0 {
		return nil, errors.New("discordtest: no identified gateway connection to dispatch to")
	}
	in, err := s.newInteraction(payload)
	if err != nil {
		return nil, err
	}
	for _, c := range ready {
		if err := s.sendDispatch(c, "INTERACTION_CREATE", in.Raw); err != nil {
			return in, fmt.Errorf("discordtest: dispatch: %w", err)
		}
	}
	return in, nil
}

// deliverClient gives up as Discord would, if later: Discord waits 3
// seconds for an answer.
var deliverClient = &http.Client{Timeout: 30 * time.Second}

// Delivery is the bot's HTTP answer to a delivered interaction.
type Delivery struct {
	Status int
	Header http.Header
	Body   []byte
}

// Sign returns the hex Ed25519 signature Discord sends in
// X-Signature-Ed25519 for a timestamp and body, made with the fake's key.
func (s *Server) Sign(timestamp string, body []byte) string {
	return Sign(s.priv, timestamp, body)
}

// Sign signs timestamp+body with key, hex-encoded.
func Sign(key ed25519.PrivateKey, timestamp string, body []byte) string {
	msg := append([]byte(timestamp), body...)
	return hex.EncodeToString(ed25519.Sign(key, msg))
}

// SignedRequest builds the POST Discord sends to an interactions endpoint,
// signed with the fake's key and stamped with the fake's clock.
func (s *Server) SignedRequest(ctx context.Context, endpoint string, body []byte) (*http.Request, error) {
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	req.Header.Set("X-Signature-Ed25519", s.Sign(ts, body))
	req.Header.Set("X-Signature-Timestamp", ts)
	return req, nil
}

// Deliver creates an interaction from payload and POSTs it, signed, to an
// HTTP interactions endpoint, as Discord does. A 200 answer is the
// interaction's callback: it is validated against the spec and Discord's
// rules like a REST callback (violations are recorded) and counts as the
// one callback, so a later REST callback gets 40060.
func (s *Server) Deliver(ctx context.Context, endpoint string, payload []byte) (*Interaction, *Delivery, error) {
	in, err := s.newInteraction(payload)
	if err != nil {
		return nil, nil, err
	}
	// A bot may start editing its deferred answer as soon as it has written
	// it; Discord has the answer by then, so webhook calls wait for it here.
	s.mu.Lock()
	in.answered = make(chan struct{})
	s.mu.Unlock()
	defer close(in.answered)
	req, err := s.SignedRequest(ctx, endpoint, in.Raw)
	if err != nil {
		return in, nil, err
	}
	resp, err := deliverClient.Do(req)
	if err != nil {
		return in, nil, fmt.Errorf("discordtest: deliver: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return in, nil, fmt.Errorf("discordtest: deliver: read answer: %w", err)
	}
	d := &Delivery{Status: resp.StatusCode, Header: resp.Header, Body: body}
	if resp.StatusCode != http.StatusOK {
		return in, d, nil
	}
	path := "/interactions/" + in.ID + "/" + in.Token + "/callback"
	route, verr := s.spec.ValidateRequest(http.MethodPost, path, body)
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notifyLocked()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" && !bytes.HasPrefix([]byte(ct), []byte("application/json;")) {
		s.violateLocked("HTTP", endpoint, route, body, "interaction answer has Content-Type %q, want application/json", ct)
	}
	if verr != nil {
		s.violateLocked("HTTP", endpoint, route, body, "interaction answer: %v", verr)
		return in, d, nil
	}
	if err := s.acceptCallbackLocked(in, "http", body, s.now()); err != nil {
		s.violateLocked("HTTP", endpoint, route, body, "interaction answer: %v", err)
	}
	return in, d, nil
}

// callbackError is a rule broken by a callback, with Discord's answer.
type callbackError struct {
	status, code int
	msg          string
}

func (e *callbackError) Error() string {
	return fmt.Sprintf("%d %s (code %d)", e.status, e.msg, e.code)
}

// acceptCallbackLocked applies Discord's callback rules and, if they hold,
// records the callback and its effect on messages. Callers hold s.mu.
func (s *Server) acceptCallbackLocked(in *Interaction, via string, body []byte, now time.Time) error {
	if len(in.callbacks) > 0 {
		return &callbackError{http.StatusBadRequest, discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged, "Interaction has already been acknowledged."}
	}
	if now.Sub(in.Created) > CallbackDeadline {
		return &callbackError{http.StatusNotFound, discordgo.ErrCodeUnknownInteraction, "Unknown interaction"}
	}
	var cb struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data map[string]any                    `json:"data"`
	}
	if err := json.Unmarshal(body, &cb); err != nil {
		return &callbackError{http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body: " + err.Error()}
	}
	if !callbackAllowed(in.Type, cb.Type) {
		return &callbackError{http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody,
			fmt.Sprintf("Invalid Form Body: callback type %d is not valid for interaction type %d", cb.Type, in.Type)}
	}
	if err := s.checkMentions(cb.Data); err != nil {
		return &callbackError{http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body: " + err.Error()}
	}
	in.callbacks = append(in.callbacks, Callback{Via: via, Status: http.StatusNoContent, Body: body, At: now, Type: cb.Type, Data: cb.Data})
	switch cb.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		in.original = s.newMessageLocked(in, cb.Data, 0)
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		in.original = s.newMessageLocked(in, map[string]any{"flags": flagsOf(cb.Data)}, discordgo.MessageFlagsLoading)
	case discordgo.InteractionResponseUpdateMessage:
		if in.message != nil {
			mergeMessage(in.message, cb.Data)
		}
		in.original = in.message
	case discordgo.InteractionResponseDeferredMessageUpdate:
		in.original = in.message
	}
	return nil
}

// callbackAllowed says which callback types Discord accepts for which
// interaction types.
func callbackAllowed(it discordgo.InteractionType, ct discordgo.InteractionResponseType) bool {
	switch it {
	case discordgo.InteractionPing:
		return ct == discordgo.InteractionResponsePong
	case discordgo.InteractionApplicationCommand:
		return ct == discordgo.InteractionResponseChannelMessageWithSource ||
			ct == discordgo.InteractionResponseDeferredChannelMessageWithSource ||
			ct == discordgo.InteractionResponseModal
	case discordgo.InteractionMessageComponent:
		return ct == discordgo.InteractionResponseChannelMessageWithSource ||
			ct == discordgo.InteractionResponseDeferredChannelMessageWithSource ||
			ct == discordgo.InteractionResponseUpdateMessage ||
			ct == discordgo.InteractionResponseDeferredMessageUpdate ||
			ct == discordgo.InteractionResponseModal
	case discordgo.InteractionApplicationCommandAutocomplete:
		return ct == discordgo.InteractionApplicationCommandAutocompleteResult
	case discordgo.InteractionModalSubmit:
		return ct == discordgo.InteractionResponseChannelMessageWithSource ||
			ct == discordgo.InteractionResponseDeferredChannelMessageWithSource ||
			ct == discordgo.InteractionResponseUpdateMessage ||
			ct == discordgo.InteractionResponseDeferredMessageUpdate
	}
	return false
}

// checkMentions enforces the project's rule that no reply can ping: a body
// with content or embeds must send allowed_mentions with an empty parse list
// and no users or roles.
func (s *Server) checkMentions(data map[string]any) error {
	if s.opts.AllowMentions || data == nil {
		return nil
	}
	content, _ := data["content"].(string)
	embeds, _ := data["embeds"].([]any)
	if content == "" && len(embeds) == 0 {
		return nil
	}
	am, ok := data["allowed_mentions"].(map[string]any)
	if !ok {
		return errors.New("allowed_mentions missing: Discord's default parses @everyone, roles and users")
	}
	parse, ok := am["parse"].([]any)
	if !ok || len(parse) != 0 {
		return fmt.Errorf("allowed_mentions.parse is %v, want []", am["parse"])
	}
	for _, k := range []string{"users", "roles"} {
		if l, _ := am[k].([]any); len(l) > 0 {
			return fmt.Errorf("allowed_mentions.%s is not empty", k)
		}
	}
	if r, _ := am["replied_user"].(bool); r {
		return errors.New("allowed_mentions.replied_user is true")
	}
	return nil
}

func flagsOf(data map[string]any) int64 {
	switch f := data["flags"].(type) {
	case int64:
		return f
	case int:
		return int64(f)
	case float64:
		return int64(f)
	case json.Number:
		n, _ := f.Int64()
		return n
	}
	return 0
}

func (s *Server) newMessageLocked(in *Interaction, data map[string]any, extra discordgo.MessageFlags) map[string]any {
	m := map[string]any{
		"id":               s.snowflakeLocked(),
		"channel_id":       in.channelID,
		"type":             20, // chat input command
		"content":          "",
		"embeds":           []any{},
		"components":       []any{},
		"attachments":      []any{},
		"mentions":         []any{},
		"mention_roles":    []any{},
		"mention_everyone": false,
		"pinned":           false,
		"tts":              false,
		"timestamp":        s.now().UTC().Format(time.RFC3339Nano),
		"edited_timestamp": nil,
		"flags":            0,
		"author":           map[string]any{"id": s.opts.BotUserID, "username": "armswatch-test", "discriminator": "0000", "bot": true},
		"webhook_id":       s.opts.AppID,
		"application_id":   s.opts.AppID,
	}
	if in.channelID == "" {
		m["channel_id"] = "0"
	}
	mergeMessage(m, data)
	m["flags"] = flagsOf(m) | int64(extra)
	return m
}

// mergeMessage applies the message fields of a callback's data or a
// webhook edit to a stored message.
func mergeMessage(m, data map[string]any) {
	for _, k := range []string{"content", "embeds", "components", "attachments", "flags", "poll", "tts"} {
		if v, ok := data[k]; ok && v != nil {
			m[k] = v
		}
	}
}

func (s *Server) postCallback(c *call) {
	id, token := c.args[0], c.args[1]
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notifyLocked()
	in := s.interactions[id]
	if in == nil {
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "callback for an interaction the fake never sent")
		writeError(c.w, http.StatusNotFound, discordgo.ErrCodeUnknownInteraction, "Unknown interaction")
		return
	}
	if token != in.Token {
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "callback with the wrong interaction token")
		writeError(c.w, http.StatusUnauthorized, discordgo.ErrCodeInvalidWebhookTokenProvided, "Invalid Webhook Token")
		return
	}
	if err := s.acceptCallbackLocked(in, "rest", c.body, c.now); err != nil {
		var ce *callbackError
		errors.As(err, &ce)
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "%v", err)
		writeError(c.w, ce.status, ce.code, ce.msg)
		return
	}
	c.w.WriteHeader(http.StatusNoContent)
}

// webhookInteraction resolves the interaction of a webhook route, writing
// Discord's error when there is none. Callers hold s.mu.
func (s *Server) webhookInteractionLocked(c *call) *Interaction {
	app, token := c.args[0], c.args[1]
	in := s.byToken[token]
	switch {
	case app != s.opts.AppID:
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "webhook id is not the application id")
		writeError(c.w, http.StatusNotFound, discordgo.ErrCodeUnknownWebhook, "Unknown Webhook")
		return nil
	case in == nil:
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "unknown interaction token")
		writeError(c.w, http.StatusUnauthorized, discordgo.ErrCodeInvalidWebhookTokenProvided, "Invalid Webhook Token")
		return nil
	case c.now.Sub(in.Created) > TokenLifetime:
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "interaction token used after %v", TokenLifetime)
		writeError(c.w, http.StatusUnauthorized, discordgo.ErrCodeInvalidWebhookTokenProvided, "Invalid Webhook Token")
		return nil
	case len(in.callbacks) == 0:
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "webhook used before the interaction was acknowledged")
		writeError(c.w, http.StatusNotFound, discordgo.ErrCodeUnknownWebhook, "Unknown Webhook")
		return nil
	}
	return in
}

// webhookMessageLocked resolves the message of a webhook message route.
func (s *Server) webhookMessageLocked(c *call, in *Interaction) map[string]any {
	id := c.args[2]
	if id == "@original" {
		if in.original == nil {
			s.violateLocked(c.r.Method, c.path, c.route, c.body, "no original response to %s", c.r.Method)
			writeError(c.w, http.StatusNotFound, discordgo.ErrCodeUnknownMessage, "Unknown Message")
			return nil
		}
		return in.original
	}
	for _, m := range in.followups {
		if m["id"] == id {
			return m
		}
	}
	s.violateLocked(c.r.Method, c.path, c.route, c.body, "unknown message %s", id)
	writeError(c.w, http.StatusNotFound, discordgo.ErrCodeUnknownMessage, "Unknown Message")
	return nil
}

// awaitHTTPAnswer waits, for a delivered interaction, until its HTTP
// answer has been recorded (webhook calls made right after answering).
func (s *Server) awaitHTTPAnswer(c *call) {
	if len(c.args) < 2 {
		return
	}
	s.mu.Lock()
	in := s.byToken[c.args[1]]
	var ch chan struct{}
	if in != nil {
		ch = in.answered
	}
	s.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
	}
}

func (s *Server) getMessage(c *call) {
	s.awaitHTTPAnswer(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.webhookInteractionLocked(c)
	if in == nil {
		return
	}
	if m := s.webhookMessageLocked(c, in); m != nil {
		writeJSON(c.w, http.StatusOK, m)
	}
}

func (s *Server) patchMessage(c *call) {
	s.awaitHTTPAnswer(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notifyLocked()
	in := s.webhookInteractionLocked(c)
	if in == nil {
		return
	}
	m := s.webhookMessageLocked(c, in)
	if m == nil {
		return
	}
	var data map[string]any
	if err := json.Unmarshal(c.body, &data); err != nil {
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "%v", err)
		writeError(c.w, http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body")
		return
	}
	if err := s.checkMentions(data); err != nil {
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "%v", err)
		writeError(c.w, http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body: "+err.Error())
		return
	}
	if err := s.applyFilesLocked(in, m, data, c.files); err != nil {
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "%v", err)
		writeError(c.w, http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body: "+err.Error())
		return
	}
	mergeMessage(m, data)
	m["flags"] = flagsOf(m) &^ int64(discordgo.MessageFlagsLoading)
	m["edited_timestamp"] = c.now.UTC().Format(time.RFC3339Nano)
	in.edits++
	writeJSON(c.w, http.StatusOK, m)
}

func (s *Server) deleteMessage(c *call) {
	s.awaitHTTPAnswer(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notifyLocked()
	in := s.webhookInteractionLocked(c)
	if in == nil {
		return
	}
	m := s.webhookMessageLocked(c, in)
	if m == nil {
		return
	}
	if c.args[2] == "@original" {
		in.original = nil
	} else {
		var keep []map[string]any
		for _, f := range in.followups {
			if f["id"] != m["id"] {
				keep = append(keep, f)
			}
		}
		in.followups = keep
	}
	c.w.WriteHeader(http.StatusNoContent)
}

func (s *Server) postFollowup(c *call) {
	s.awaitHTTPAnswer(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notifyLocked()
	in := s.webhookInteractionLocked(c)
	if in == nil {
		return
	}
	var data map[string]any
	if err := json.Unmarshal(c.body, &data); err != nil {
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "%v", err)
		writeError(c.w, http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body")
		return
	}
	if err := s.checkMentions(data); err != nil {
		s.violateLocked(c.r.Method, c.path, c.route, c.body, "%v", err)
		writeError(c.w, http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body: "+err.Error())
		return
	}
	m := s.newMessageLocked(in, data, 0)
	in.followups = append(in.followups, m)
	if c.r.URL.Query().Get("wait") == "true" {
		writeJSON(c.w, http.StatusOK, m)
		return
	}
	c.w.WriteHeader(http.StatusNoContent)
}
