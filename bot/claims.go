package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

// claimsPerPage is how many claims one page of a /claims answer shows.
const claimsPerPage = 4

// maxClaims caps the claims asked of the engine: the bot pages over them.
const maxClaims = 40

// claimsQuery is a /claims question: the query and filters, whether the
// answer is public, and who asked.
type claimsQuery struct {
	Text     string
	Item     armswatch.Category
	Claimant string
	From, To armswatch.Date
	Public   bool
	Owner    string // the asker's user id
}

func (q claimsQuery) engineQuery() armswatch.Query {
	return armswatch.Query{Text: q.Text, Item: q.Item, Claimant: q.Claimant, From: q.From, To: q.To, Limit: maxClaims}
}

// hash is a short digest of everything the buttons of an answer depend on
// but the custom_id cannot hold: it tells whether what is read back from
// the message is what was asked.
func (q claimsQuery) hash() string {
	h := sha256.New()
	for _, s := range []string{customIDVersion, q.Text, string(q.Item), q.Claimant, q.From.String(), q.To.String(), q.Owner} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:10]
}

// handleClaims answers /claims with the first page.
func (b *Bot) handleClaims(ctx context.Context, req *request) (Response, error) {
	q, err := parseClaimsQuery(commandOptions(req.i), req.userID, b.itemAliases(ctx))
	req.query = q.Text
	if err != nil {
		return Response{}, err
	}
	a, err := b.answer(ctx, q)
	if err != nil {
		return Response{}, err
	}
	b.recordGap(req, a)
	embeds, components := renderClaims(q, a, 0)
	components = b.withFeedback(q, a, 0, components)
	var flags discordgo.MessageFlags
	if !q.Public {
		flags = discordgo.MessageFlagsEphemeral
	}
	return Response{Initial: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Embeds:          embeds,
			Components:      components,
			Flags:           flags,
			AllowedMentions: noMentions(),
		},
	}}, nil
}

// answer asks the engine within the time Discord allows.
func (b *Bot) answer(ctx context.Context, q claimsQuery) (armswatch.Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, b.engineBudget)
	defer cancel()
	a, err := b.engine.Answer(ctx, q.engineQuery())
	switch {
	case err == nil:
		return a, nil
	case errors.Is(err, armswatch.ErrBadQuery):
		msg, _ := armswatch.ErrorMessage(err)
		return a, badInput("I can't search for that: %s", oneLine(msg, 300))
	case errors.Is(err, armswatch.ErrIndexRepairing):
		return a, badInput("%s", msgRepairing)
	}
	return a, fmt.Errorf("answer: %w", err)
}

// msgRepairing answers a question that failed on a damaged index while it
// is rebuilt from the data.
const msgRepairing = "The index was found damaged and is being rebuilt from the data; please try again in a minute."

// parseClaimsQuery reads and checks the options of /claims. aliases, when
// not nil, gives the alias groups that map terms to item categories; it is
// called only for an item that is not a category's name.
func parseClaimsQuery(opts map[string]*discordgo.ApplicationCommandInteractionDataOption, owner string, aliases func() []armswatch.AliasGroup) (claimsQuery, error) {
	q := claimsQuery{
		Text:     truncateQuery(clean(withoutMentions(stringOption(opts, optQuery))), maxQueryRunes),
		Claimant: truncateQuery(clean(stringOption(opts, optClaimant)), maxClaimantRunes),
		Public:   boolOption(opts, optPublic),
		Owner:    ownerID(owner),
	}
	if q.Text == "" {
		return q, badInput("Type what to look for, for example “shells” or “KN-23”.")
	}
	if raw := clean(stringOption(opts, optItem)); raw != "" {
		cat, ok := parseItem(raw, aliases)
		if !ok {
			return q, badInput("“%s” is not an item I know. Pick one of: %s.", oneLine(raw, 100), categoryList())
		}
		q.Item = cat
	}
	var err error
	if q.From, err = parseDateOption(opts, optFrom); err != nil {
		return q, err
	}
	if q.To, err = parseDateOption(opts, optTo); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Start().Before(q.To.End()) {
		return q, badInput("“from” (%s) is after “to” (%s): swap them?", q.From, q.To)
	}
	return q, nil
}

func parseDateOption(opts map[string]*discordgo.ApplicationCommandInteractionDataOption, name string) (armswatch.Date, error) {
	raw := clean(stringOption(opts, name))
	d, err := armswatch.ParseDate(raw)
	if err != nil {
		return d, badInput("“%s” is not a date I understand for “%s”: use YYYY, YYYY-MM or YYYY-MM-DD, for example 2023-11.", oneLine(raw, 40), name)
	}
	return d, nil
}

// ownerID is the user id a custom_id carries; "0" for an unknown user.
func ownerID(id string) string {
	if id == "" || !allDigits(id) || len(id) > 20 {
		return "0"
	}
	return id
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// handleClaimsButton pages an answer or shows its sources.
func (b *Bot) handleClaimsButton(ctx context.Context, req *request) (Response, error) {
	data, _ := req.i.Data.(discordgo.MessageComponentInteractionData)
	ref, err := parseCustomID(data.CustomID)
	if err != nil {
		return Response{}, badInput("This button is no longer supported. Run /claims again.")
	}
	if ref.Action != actionSources && ref.Owner != ownerID(req.userID) {
		return Response{}, forbidden("Only the person who asked can page this answer. Run /claims to ask your own question.")
	}
	q, ok := readBack(req.i.Message, ref)
	req.query = q.Text
	if !ok {
		return Response{}, badInput("This answer can no longer be paged. Run /claims again.")
	}
	a, err := b.answer(ctx, q)
	if err != nil {
		return Response{}, err
	}
	if ref.Action == actionSources {
		return Response{Initial: &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{
				Embeds:          renderSources(q, a, ref.Page),
				Flags:           discordgo.MessageFlagsEphemeral,
				AllowedMentions: noMentions(),
			},
		}}, nil
	}
	embeds, components := renderClaims(q, a, ref.Page)
	components = b.withFeedback(q, a, ref.Page, components)
	return Response{Initial: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{
			Embeds:          embeds,
			Components:      components,
			AllowedMentions: noMentions(),
		},
	}}, nil
}

// The custom_id of a /claims button:
//
//	cl1:<action>:<page>:<item>:<from>:<to>:<owner>:<hash>
//
// action is p (previous), n (next) or s (sources); page is the page to show
// (or whose sources to show); item, from and to are the filters (empty when
// unset); owner is the asker's user id; hash is claimsQuery.hash. The query
// and the claimant filter, free text too long for a custom_id, are read
// back from the message (the embed title and author line) and checked
// against the hash. At most 3+1+1+1+3+1+18+1+10+1+10+1+20+1+10 = 82
// characters, all ASCII.
const customIDVersion = "cl1"

type buttonAction byte

const (
	actionPrev    buttonAction = 'p'
	actionNext    buttonAction = 'n'
	actionSources buttonAction = 's'
)

func (a buttonAction) String() string {
	switch a {
	case actionPrev:
		return "prev"
	case actionNext:
		return "next"
	case actionSources:
		return "sources"
	}
	return "unknown"
}

// claimsRef is what a /claims button's custom_id carries.
type claimsRef struct {
	Action   buttonAction
	Page     int
	Item     armswatch.Category
	From, To armswatch.Date
	Owner    string
	Hash     string
}

const maxPage = 999

func (r claimsRef) customID() string {
	return strings.Join([]string{
		customIDVersion, string(r.Action), strconv.Itoa(r.Page), string(r.Item),
		r.From.String(), r.To.String(), r.Owner, r.Hash,
	}, ":")
}

var errBadCustomID = errors.New("not a /claims button")

// parseCustomID parses and checks a custom_id written by customID.
func parseCustomID(s string) (claimsRef, error) {
	var r claimsRef
	parts := strings.Split(s, ":")
	if len(s) > LimitCustomID || len(parts) != 8 || parts[0] != customIDVersion {
		return r, errBadCustomID
	}
	switch a := buttonAction(firstByte(parts[1])); {
	case len(parts[1]) == 1 && (a == actionPrev || a == actionNext || a == actionSources):
		r.Action = a
	default:
		return r, errBadCustomID
	}
	page, err := strconv.Atoi(parts[2])
	if err != nil || page < 0 || page > maxPage || !allDigits(parts[2]) {
		return r, errBadCustomID
	}
	r.Page = page
	if parts[3] != "" {
		if !validCategory(armswatch.Category(parts[3])) {
			return r, errBadCustomID
		}
		r.Item = armswatch.Category(parts[3])
	}
	if r.From, err = armswatch.ParseDate(parts[4]); err != nil || strings.TrimSpace(parts[4]) != parts[4] {
		return r, errBadCustomID
	}
	if r.To, err = armswatch.ParseDate(parts[5]); err != nil || strings.TrimSpace(parts[5]) != parts[5] {
		return r, errBadCustomID
	}
	if !allDigits(parts[6]) || len(parts[6]) > 20 {
		return r, errBadCustomID
	}
	r.Owner = parts[6]
	if len(parts[7]) != 10 || !isHex(parts[7]) {
		return r, errBadCustomID
	}
	r.Hash = parts[7]
	return r, nil
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

// What an answer message holds for reading the question back.
const (
	claimsTitlePrefix = "Claims: "
	filtersPrefix     = "Filters — "
	claimantLabel     = "claimant: "
)

// claimsTitle is the answer's embed title: the query, escaped. The query
// is at most maxQueryRunes, so the title always fits whole.
func claimsTitle(q claimsQuery) string { return claimsTitlePrefix + escape(q.Text) }

// filtersLine is the answer's author line (plain text: Discord renders no
// markdown there), listing the filters with the claimant, free text, last.
func filtersLine(q claimsQuery) string {
	var parts []string
	if q.Item != "" {
		parts = append(parts, "item: "+string(q.Item))
	}
	if !q.From.IsZero() {
		parts = append(parts, "from: "+q.From.String())
	}
	if !q.To.IsZero() {
		parts = append(parts, "to: "+q.To.String())
	}
	if q.Claimant != "" {
		parts = append(parts, claimantLabel+q.Claimant)
	}
	if len(parts) == 0 {
		return ""
	}
	return filtersPrefix + strings.Join(parts, " · ")
}

// readBack rebuilds the question of an answer message from the message and
// a button's custom_id, and checks it against the custom_id's hash.
func readBack(m *discordgo.Message, ref claimsRef) (claimsQuery, bool) {
	q := claimsQuery{Item: ref.Item, From: ref.From, To: ref.To, Owner: ref.Owner}
	if m == nil || len(m.Embeds) == 0 || m.Embeds[0] == nil {
		return q, false
	}
	e := m.Embeds[0]
	title, ok := strings.CutPrefix(e.Title, claimsTitlePrefix)
	if !ok {
		return q, false
	}
	q.Text = unescape(title)
	if e.Author != nil {
		if _, c, ok := strings.Cut(e.Author.Name, claimantLabel); ok && strings.HasPrefix(e.Author.Name, filtersPrefix) {
			q.Claimant = c
		}
	}
	return q, q.hash() == ref.Hash
}

// parseCategory accepts a category as sent ("artillery-shell") or as a
// person types it ("Artillery shells"), without the alias data.
func parseCategory(s string) (armswatch.Category, bool) { return armswatch.ResolveCategory(s, nil) }

// parseItem resolves /claims' item as armswatch.ResolveCategory does: a
// category, or a term the alias data maps to one ("shells", "KN-23"). The
// alias data is asked for only when the item is not a category.
func parseItem(raw string, aliases func() []armswatch.AliasGroup) (armswatch.Category, bool) {
	if c, ok := parseCategory(raw); ok || aliases == nil {
		return c, ok
	}
	return armswatch.ResolveCategory(raw, aliases())
}

// itemAliases reads the alias groups of the data in service for parseItem,
// within the engine's budget; nil when the data cannot be read in time.
func (b *Bot) itemAliases(ctx context.Context) func() []armswatch.AliasGroup {
	return func() []armswatch.AliasGroup {
		if c := b.corpusWithin(ctx, b.engineBudget); c != nil {
			return c.Aliases
		}
		return nil
	}
}

func validCategory(c armswatch.Category) bool {
	for _, k := range armswatch.Categories {
		if k == c {
			return true
		}
	}
	return false
}

// normalizeName lowercases s and turns every run of other characters than
// letters and digits into one "-".
func normalizeName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || r > 127 {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

func categoryList() string {
	names := make([]string, len(armswatch.Categories))
	for k, c := range armswatch.Categories {
		names[k] = string(c)
	}
	return strings.Join(names, ", ")
}

// categoryLabel names a category in running text (plural).
func categoryLabel(c armswatch.Category) string { return escape(c.Label()) }
