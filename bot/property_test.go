package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

// Pieces of hostile text: emoji and ZWJ sequences, flags, skin tones,
// combining marks, Hangul, right-to-left scripts and controls, markdown,
// mentions, timestamps, line breaks, NUL and invalid UTF-8.
var hostilePieces = []string{
	"👍", "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈", "🇺🇦🇰🇵🇷🇺", "👋🏽", "e\u0301", "Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍",
	"북한 포탄 미사일을 러시아에", "화성-11", "صواريخ باليستية", "טילים", "\u202Eevil\u202C", "\u2067iso\u2069", "\u200F",
	"**", "__", "~~", "||", "`", "```", "> ", "# ", "-# ", "1. ", "- ", "[x](https://a.example)", "\\", "\\*",
	"@everyone", "@here", "<@123>", "<@!456>", "<@&789>", "<#101>", "<t:0:R>", "<:e:1>", "</claims:1>",
	"\n", "\r\n", "\t", "\x00", "\xff\xfe", " ", "KN-23", "152 mm", "more than 1 million", "shells",
	"Міністерство оборони", "Минобороны", "https://example.org/a_(b)",
}

func randText(r *rand.Rand, maxPieces int) string {
	var b strings.Builder
	n := r.IntN(maxPieces + 1)
	long := false
	for range n {
		switch r.IntN(16) {
		case 0:
			if long {
				continue
			}
			// A very long word: 10,000 runes, sometimes multi-byte; one
			// per text keeps the test fast.
			long = true
			ch := []string{"a", "é", "북", "👍", "*", "@"}[r.IntN(6)]
			b.WriteString(strings.Repeat(ch, 10000))
		case 1:
			b.WriteString(strings.Repeat(hostilePieces[r.IntN(len(hostilePieces))], 1+r.IntN(100)))
		default:
			b.WriteString(hostilePieces[r.IntN(len(hostilePieces))])
		}
		if r.IntN(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func randDate(r *rand.Rand) armswatch.Date {
	switch r.IntN(4) {
	case 0:
		return armswatch.Date{}
	case 1:
		return armswatch.Date{Year: 2020 + r.IntN(6)}
	case 2:
		return armswatch.Date{Year: 2020 + r.IntN(6), Month: time.Month(1 + r.IntN(12))}
	}
	return armswatch.Date{Year: 2020 + r.IntN(6), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}
}

func randQuantity(r *rand.Rand) *armswatch.Quantity {
	if r.IntN(4) == 0 {
		return nil
	}
	v := r.Float64() * 1e7
	return &armswatch.Quantity{
		Text:      randText(r, 3),
		Value:     &v,
		Qualifier: armswatch.Qualifiers[r.IntN(len(armswatch.Qualifiers))],
		Measure:   armswatch.Measures[r.IntN(len(armswatch.Measures))],
	}
}

func randCitation(r *rand.Rand) armswatch.Citation {
	return armswatch.Citation{
		Doc: fmt.Sprintf("doc-%d%s", r.IntN(30), randText(r, 1)), Title: randText(r, 6), Publisher: randText(r, 2),
		Published: randDate(r), URL: []string{"", "https://example.org/x", "javascript:x", randText(r, 2)}[r.IntN(4)],
		Quote: randText(r, 20), Snippet: randText(r, 20),
	}
}

func randAnswer(r *rand.Rand) armswatch.Answer {
	a := armswatch.Answer{
		Query: randText(r, 3), Summary: randText(r, 30), SourcesUpTo: randDate(r),
		ShowingFor: []string{"", randText(r, 4)}[r.IntN(2)], Error: []string{"", randText(r, 4)}[r.IntN(2)],
	}
	for range r.IntN(8) {
		c := armswatch.Comparison{Category: armswatch.Categories[r.IntN(len(armswatch.Categories))]}
		for range r.IntN(30) {
			c.Rows = append(c.Rows, armswatch.ComparisonRow{
				ClaimID: randText(r, 1), Claimant: randText(r, 4), ClaimantRole: randText(r, 3), SaidOn: randDate(r),
				Stance: armswatch.Stances[r.IntN(len(armswatch.Stances))], Hedged: r.IntN(2) == 0,
				Designation: randText(r, 2), Caliber: randText(r, 1), Quantity: randQuantity(r), UpperBound: r.IntN(2) == 0,
			})
		}
		a.Comparisons = append(a.Comparisons, c)
	}
	for range r.IntN(60) {
		c := armswatch.ClaimHit{Claim: armswatch.Claim{
			ID: randText(r, 1), Statement: randText(r, 20), Claimant: randText(r, 4), ClaimantRole: randText(r, 4),
			Stance: armswatch.Stances[r.IntN(len(armswatch.Stances))], Hedged: r.IntN(2) == 0, SaidOn: randDate(r),
			Status: []armswatch.Status{"", armswatch.StatusRetracted, armswatch.StatusSuperseded}[r.IntN(3)],
		}}
		for range r.IntN(7) {
			c.Items = append(c.Items, armswatch.Item{
				Category:    armswatch.Categories[r.IntN(len(armswatch.Categories))],
				Designation: randText(r, 2), Caliber: randText(r, 1), Quantity: randQuantity(r),
			})
		}
		for range r.IntN(10) {
			c.Citations = append(c.Citations, randCitation(r))
		}
		a.Claims = append(a.Claims, c)
	}
	for range r.IntN(10) {
		d := armswatch.DocHit{Doc: randText(r, 1), Title: randText(r, 6), Publisher: randText(r, 2), Published: randDate(r)}
		for range r.IntN(10) {
			d.Snippets = append(d.Snippets, randText(r, 15))
		}
		a.Documents = append(a.Documents, d)
	}
	for range r.IntN(10) {
		a.Suggestions = append(a.Suggestions, randText(r, 3))
	}
	return a
}

// randomEngine answers every question with a random answer.
type randomEngine struct {
	FakeEngine
	r *rand.Rand
}

func (e *randomEngine) Answer(context.Context, armswatch.Query) (armswatch.Answer, error) {
	return randAnswer(e.r), nil
}

func (e *randomEngine) Document(context.Context, string) (armswatch.DocumentView, error) {
	v := armswatch.DocumentView{Document: armswatch.Document{
		ID: randText(e.r, 1), Title: randText(e.r, 8), Publisher: randText(e.r, 3), Author: randText(e.r, 3),
		URL: randText(e.r, 1), Published: randDate(e.r), Language: randText(e.r, 1), Notes: randText(e.r, 20),
	}, Excerpt: randText(e.r, 40)}
	for range e.r.IntN(40) {
		v.Claims = append(v.Claims, randAnswerClaim(e.r))
	}
	return v, nil
}

func randAnswerClaim(r *rand.Rand) armswatch.Claim {
	c := armswatch.Claim{ID: randText(r, 1), Statement: randText(r, 20), Claimant: randText(r, 4), ClaimantRole: randText(r, 3),
		Stance: armswatch.Stances[r.IntN(len(armswatch.Stances))], SaidOn: randDate(r)}
	for range r.IntN(5) {
		c.Items = append(c.Items, armswatch.Item{Category: armswatch.Categories[r.IntN(len(armswatch.Categories))], Quantity: randQuantity(r)})
		c.Appearances = append(c.Appearances, armswatch.Appearance{Doc: randText(r, 1), Quote: randText(r, 20)})
	}
	return c
}

func (e *randomEngine) Complete(_ context.Context, _ armswatch.CompletionKind, _ string, _ int) []armswatch.Completion {
	var out []armswatch.Completion
	for range e.r.IntN(60) {
		out = append(out, armswatch.Completion{Label: randText(e.r, 5), Value: randText(e.r, 3)})
	}
	return out
}

func (e *randomEngine) Stats() armswatch.Stats {
	return armswatch.Stats{Documents: e.r.IntN(1e6), Claims: e.r.IntN(1e6), Earliest: randDate(e.r), Latest: randDate(e.r),
		BuiltAt: []string{"2024-02-01T10:00:00Z", randText(e.r, 3)}[e.r.IntN(2)], Fingerprint: randText(e.r, 3)}
}

func (e *randomEngine) Reindex(context.Context) (armswatch.ReindexReport, error) {
	ids := func() []string {
		var out []string
		for range e.r.IntN(300) {
			out = append(out, randText(e.r, 2))
		}
		return out
	}
	switch e.r.IntN(3) {
	case 0:
		var errs []error
		for range e.r.IntN(40) {
			errs = append(errs, errors.New(randText(e.r, 6)))
		}
		return armswatch.ReindexReport{}, fmt.Errorf("reindex: %w", errors.Join(append([]error{armswatch.ErrInvalidData}, errs...)...))
	case 1:
		return armswatch.ReindexReport{}, errors.New(randText(e.r, 20))
	}
	return armswatch.ReindexReport{DocumentsAdded: ids(), DocumentsChanged: ids(), DocumentsRemoved: ids(),
		ClaimsAdded: ids(), ClaimsChanged: ids(), ClaimsRemoved: ids(), Documents: e.r.IntN(1000), Claims: e.r.IntN(1000), Seconds: e.r.Float64() * 100}, nil
}

// TestPropertyRepliesFitAndNeverPing drives Handle with random queries and
// random answers and checks that every reply fits Discord's limits, that
// allowed_mentions is an explicit empty list in the JSON, that no mention
// or @everyone survives unescaped in rendered text, and that an answer's
// question reads back from its own message exactly.
func TestPropertyRepliesFitAndNeverPing(t *testing.T) {
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 7))
	eng := &randomEngine{r: r}
	cfg := FixtureConfig()
	cfg.RateLimit = RateLimit{PerMinute: 1e9, Burst: 1e9}
	b, err := New(cfg, eng)
	if err != nil {
		t.Fatal(err)
	}
	iterations := 80
	if testing.Short() || raceEnabled {
		iterations = 25
	}
	ctx := context.Background()
	for it := range iterations {
		q := claimsQuery{Text: truncateQuery(clean(randText(r, 8)), maxQueryRunes), Claimant: truncateQuery(clean(randText(r, 4)), maxClaimantRunes),
			Item: []armswatch.Category{"", armswatch.CategoryDrone}[r.IntN(2)], From: randDate(r), Owner: FixtureAskerID}
		if q.Text == "" {
			q.Text = "x"
		}

		// /claims through Handle, with raw random options.
		opts := []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: optQuery, Type: discordgo.ApplicationCommandOptionString, Value: randText(r, 8) + "x"},
			{Name: optClaimant, Type: discordgo.ApplicationCommandOptionString, Value: randText(r, 4)},
			{Name: optPublic, Type: discordgo.ApplicationCommandOptionBoolean, Value: r.IntN(2) == 0},
		}
		if r.IntN(3) == 0 {
			opts = append(opts, &discordgo.ApplicationCommandInteractionDataOption{Name: optFrom, Type: discordgo.ApplicationCommandOptionString, Value: randText(r, 2)})
		}
		checkReply(t, it, "claims", b.Handle(ctx, commandInteraction(cmdClaims, opts)))

		// Every page of a random answer, its sources, and reading back.
		a := randAnswer(r)
		pages := max(1, (len(a.Claims)+claimsPerPage-1)/claimsPerPage)
		for p := range pages {
			embeds, comps := renderClaims(q, a, p)
			checkMessage(t, it, fmt.Sprintf("page %d", p), embeds, comps)
			checkMessage(t, it, fmt.Sprintf("sources %d", p), renderSources(q, a, p), nil)
			checkReadBack(t, it, q, embeds, comps)
		}

		// Autocomplete, /source, /about, /reindex.
		checkReply(t, it, "autocomplete", b.Handle(ctx, autocompleteInteraction(cmdClaims, optClaimant, randText(r, 5))))
		checkReply(t, it, "source", b.Handle(ctx, commandInteraction(cmdSource, []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: optID, Type: discordgo.ApplicationCommandOptionString, Value: randText(r, 3) + "x"}})))
		checkReply(t, it, "about", b.Handle(ctx, commandInteraction(cmdAbout, nil)))
		checkReply(t, it, "reindex", b.Handle(ctx, moderatorInteraction(commandInteraction(cmdReindex, nil))))

		// /timeline with random words (refused with the user's words
		// echoed) and its autocomplete; /propose without a usable file.
		checkReply(t, it, "timeline", b.Handle(ctx, commandInteraction(cmdTimeline, []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: optItem, Type: discordgo.ApplicationCommandOptionString, Value: randText(r, 6) + "x"},
			{Name: optClaimant, Type: discordgo.ApplicationCommandOptionString, Value: randText(r, 3)}})))
		checkReply(t, it, "timeline autocomplete", b.Handle(ctx, autocompleteInteraction(cmdTimeline, optItem, randText(r, 3))))
		checkReply(t, it, "propose", b.Handle(ctx, moderatorInteraction(commandInteraction(cmdPropose, []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: optFile, Type: discordgo.ApplicationCommandOptionAttachment, Value: randText(r, 1)}}))))
	}
}

func checkReply(t *testing.T, it int, what string, resp Response) {
	t.Helper()
	if resp.Initial == nil {
		t.Fatalf("#%d %s: nil Initial", it, what)
	}
	if err := CheckResponse(resp.Initial); err != nil {
		t.Fatalf("#%d %s: %v", it, what, err)
	}
	checkJSONMentions(t, resp.Initial)
	checkSpec(t, resp, nil)
	if resp.Initial.Data != nil {
		checkNoLiveMentions(t, it, what, resp.Initial.Data.Content, resp.Initial.Data.Embeds)
	}
	if resp.Then != nil {
		edit, err := resp.Then(context.Background())
		if err != nil || edit == nil {
			t.Fatalf("#%d %s: Then = %v, %v", it, what, edit, err)
		}
		if err := CheckEdit(edit); err != nil {
			t.Fatalf("#%d %s edit: %v", it, what, err)
		}
		checkJSONMentions(t, edit)
		checkSpec(t, Response{}, edit)
		if edit.Embeds != nil {
			checkNoLiveMentions(t, it, what+" edit", *edit.Content, *edit.Embeds)
		}
	}
}

func checkMessage(t *testing.T, it int, what string, embeds []*discordgo.MessageEmbed, comps []discordgo.MessageComponent) {
	t.Helper()
	if err := CheckMessage("", embeds, comps, noMentions()); err != nil {
		t.Fatalf("#%d %s: %v", it, what, err)
	}
	checkSpec(t, Response{Initial: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Embeds: embeds, Components: comps, AllowedMentions: noMentions()},
	}}, nil)
	checkNoLiveMentions(t, it, what, "", embeds)
}

// checkNoLiveMentions: in text Discord renders as markdown, every "@" and
// "<" is escaped, so no mention, channel, role or timestamp renders.
func checkNoLiveMentions(t *testing.T, it int, what, content string, embeds []*discordgo.MessageEmbed) {
	t.Helper()
	texts := []string{content}
	for _, e := range embeds {
		texts = append(texts, e.Title, e.Description)
		for _, f := range e.Fields {
			texts = append(texts, f.Name, f.Value)
		}
	}
	for _, s := range texts {
		for k := 0; k < len(s); k++ {
			switch s[k] {
			case '\\':
				k++
			case '@':
				t.Fatalf("#%d %s: unescaped @ in %q", it, what, around(s, k))
			case '<':
				if !strings.HasPrefix(s[k:], "<t:") { // our own /about timestamp
					t.Fatalf("#%d %s: unescaped < in %q", it, what, around(s, k))
				}
			}
		}
	}
}

func around(s string, k int) string {
	return s[max(0, k-20):min(len(s), k+20)]
}

// checkReadBack presses each button of a rendered answer the way Discord
// would send it (the message as JSON) and checks that the question reads
// back exactly.
func checkReadBack(t *testing.T, it int, q claimsQuery, embeds []*discordgo.MessageEmbed, comps []discordgo.MessageComponent) {
	t.Helper()
	m := messageAsSent(t, embeds, comps)
	pressed := 0
	defer func() {
		if pressed != countButtons(comps) {
			t.Fatalf("#%d: pressed %d buttons of %d", it, pressed, countButtons(comps))
		}
	}()
	for _, c := range m.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			t.Fatalf("component %T", c)
		}
		for _, bc := range row.Components {
			btn := bc.(*discordgo.Button)
			ref, err := parseCustomID(btn.CustomID)
			if err != nil {
				t.Fatalf("#%d: custom_id %q: %v", it, btn.CustomID, err)
			}
			pressed++
			got, ok := readBack(m, ref)
			if !ok || got.Text != q.Text || got.Claimant != q.Claimant || got.Item != q.Item || got.From != q.From {
				t.Fatalf("#%d: read back %+v (ok %v), want %+v", it, got, ok, q)
			}
		}
	}
}

// messageAsSent is the message Discord sends back with a component
// interaction: what the bot wrote, as JSON, parsed by discordgo.
// (discordgo.Message does not marshal its components, hence the map.)
func messageAsSent(t testing.TB, embeds []*discordgo.MessageEmbed, comps []discordgo.MessageComponent) *discordgo.Message {
	t.Helper()
	js, err := json.Marshal(map[string]any{"id": "1180000000000000700", "type": 20, "embeds": embeds, "components": comps})
	if err != nil {
		t.Fatal(err)
	}
	m := new(discordgo.Message)
	if err := json.Unmarshal(js, m); err != nil {
		t.Fatal(err)
	}
	return m
}

func countButtons(comps []discordgo.MessageComponent) int {
	n := 0
	for _, c := range comps {
		n += len(c.(discordgo.ActionsRow).Components)
	}
	return n
}

func commandInteraction(name string, opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "1180000000000009001", AppID: FixtureAppID, Type: discordgo.InteractionApplicationCommand,
		Data:    discordgo.ApplicationCommandInteractionData{ID: "1", Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts},
		GuildID: FixtureGuildID, ChannelID: "1180000000000000200", Token: "aW50ZXJhY3Rpb246property-token",
		Member: &discordgo.Member{User: &discordgo.User{ID: FixtureAskerID}, Permissions: 0},
	}
}

func autocompleteInteraction(name, option, typed string) *discordgo.Interaction {
	i := commandInteraction(name, []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: option, Type: discordgo.ApplicationCommandOptionString, Value: typed, Focused: true}})
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

func moderatorInteraction(i *discordgo.Interaction) *discordgo.Interaction {
	i.Member.Permissions = discordgo.PermissionManageGuild
	return i
}
