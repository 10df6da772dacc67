package bot

// Shared test helpers of the handler core, for this package's tests and the
// transports' end-to-end tests: the interaction fixtures (real payloads as
// Discord sends them, under testdata/interactions/, with what the core
// answers to each in cases.json), a fake Engine answering them, and the
// configuration they assume.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

// Identifiers the fixtures use.
const (
	FixtureAppID         = "1180000000000000001"
	FixtureGuildID       = "1180000000000000300" // a moderator guild
	FixtureOtherGuildID  = "1180000000000000301" // not a moderator guild
	FixtureModRoleID     = "1180000000000000400"
	FixtureAskerID       = "1180000000000000501"
	FixtureOtherUserID   = "1180000000000000502"
	FixtureBotToken      = "MTE4MDAwMDAwMDAwMDAwMDAwMQ.GfXy1a.fixture-bot-token-not-real-0123456789abcdef"
	fixtureInteractionsD = "testdata/interactions"
)

// update rewrites golden files and the rendered messages in the component
// fixtures (go test ./bot -update): the package's one -update flag.
var update = flag.Bool("update", false, "rewrite golden files and fixture messages")

// updating reports whether -update was given.
func updating() bool { return *update }

// Fixture is one interaction payload and what the core answers to it with
// NewFixtureEngine and FixtureConfig.
type Fixture struct {
	Name string `json:"name"`
	File string `json:"file"`
	// Command and Outcome are what Observer receives.
	Command string `json:"command"`
	Outcome string `json:"outcome"`
	// ResponseType is the type of the initial response; Ephemeral whether
	// it carries the ephemeral flag; Deferred whether it has a Then.
	ResponseType discordgo.InteractionResponseType `json:"response_type"`
	Ephemeral    bool                              `json:"ephemeral"`
	Deferred     bool                              `json:"deferred"`
	// Contains must appear in ResponseText of the initial response,
	// EditContains in EditText of the edit Then returns; Absent in neither.
	Contains     []string `json:"contains"`
	EditContains []string `json:"edit_contains"`
	Absent       []string `json:"absent"`
	// EditFiles are the names of the files the edit attaches, in order.
	EditFiles []string `json:"edit_files"`
	// Attachments maps the ids of the interaction's resolved attachments
	// to files under testdata/interactions/attachments/: what Discord's
	// CDN serves for them.
	Attachments map[string]string `json:"attachments"`

	// Raw is the payload exactly as in the file; Interaction is it parsed
	// by discordgo, as both transports parse it.
	Raw         []byte                 `json:"-"`
	Interaction *discordgo.Interaction `json:"-"`
	// AttachmentData is the content of each attachment, by id.
	AttachmentData map[string][]byte `json:"-"`
}

// ContentTypeOf is the content type the interaction's resolved attachment
// id declares ("" when none).
func (f Fixture) ContentTypeOf(id string) string {
	data, _ := f.Interaction.Data.(discordgo.ApplicationCommandInteractionData)
	if data.Resolved == nil || data.Resolved.Attachments[id] == nil {
		return ""
	}
	return data.Resolved.Attachments[id].ContentType
}

// LoadFixtures reads the fixture table. Each call parses afresh, so tests
// may change what they get.
func LoadFixtures(t testing.TB) []Fixture {
	t.Helper()
	dir := fixtureDir(t)
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatalf("read fixture table: %v", err)
	}
	var fs []Fixture
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatalf("parse fixture table: %v", err)
	}
	for k := range fs {
		f := &fs[k]
		f.Raw, err = os.ReadFile(filepath.Join(dir, f.File))
		if err != nil {
			t.Fatalf("fixture %q: %v", f.Name, err)
		}
		f.Interaction = new(discordgo.Interaction)
		if err := json.Unmarshal(f.Raw, f.Interaction); err != nil {
			t.Fatalf("fixture %q: parse %s: %v", f.Name, f.File, err)
		}
		for id, file := range f.Attachments {
			b, err := os.ReadFile(filepath.Join(dir, "attachments", file))
			if err != nil {
				t.Fatalf("fixture %q: attachment %s: %v", f.Name, id, err)
			}
			if f.AttachmentData == nil {
				f.AttachmentData = map[string][]byte{}
			}
			f.AttachmentData[id] = b
		}
	}
	return fs
}

// FixtureCDN serves fixtures' attachments as Discord's CDN does, for tests
// that run the core without the fake Discord: an attachment is found by
// the id in its URL's path (…/{id}/{name}). Point tests' interactions at
// it with PointAttachmentsAt and allow its URL in Config.AttachmentOrigins.
func FixtureCDN(t testing.TB, fixtures []Fixture) *httptest.Server {
	t.Helper()
	files := map[string][]byte{}
	types := map[string]string{}
	for _, f := range fixtures {
		for id, b := range f.AttachmentData {
			files[id], types[id] = b, f.ContentTypeOf(id)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if len(segs) < 2 || files[segs[len(segs)-2]] == nil {
			http.NotFound(w, r)
			return
		}
		id := segs[len(segs)-2]
		w.Header().Set("Content-Type", types[id])
		_, _ = w.Write(files[id])
	}))
	t.Cleanup(srv.Close)
	return srv
}

// PointAttachmentsAt moves the URLs of an interaction's resolved
// attachments to base (scheme://host), keeping their paths and queries,
// as the fake Discord does with its own URL.
func PointAttachmentsAt(i *discordgo.Interaction, base string) {
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Resolved == nil {
		return
	}
	for _, a := range data.Resolved.Attachments {
		for _, p := range []*string{&a.URL, &a.ProxyURL} {
			if u, err := url.Parse(*p); err == nil && u.Host != "" {
				*p = base + u.RequestURI()
			}
		}
	}
}

// LoadInteraction reads and parses one fixture file by name.
func LoadInteraction(t testing.TB, file string) *discordgo.Interaction {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir(t), file))
	if err != nil {
		t.Fatal(err)
	}
	i := new(discordgo.Interaction)
	if err := json.Unmarshal(b, i); err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	return i
}

// fixtureDir finds testdata/interactions from the bot package directory or
// a package below it (discordtest).
func fixtureDir(t testing.TB) string {
	for _, d := range []string{fixtureInteractionsD, filepath.Join("..", fixtureInteractionsD)} {
		if _, err := os.Stat(filepath.Join(d, "cases.json")); err == nil {
			return d
		}
	}
	t.Fatalf("no %s/cases.json here or above", fixtureInteractionsD)
	return ""
}

// FixtureConfig is the configuration the fixtures assume: /reindex
// honoured only in FixtureGuildID, FixtureModRoleID a moderator role, a
// generous rate limit, and a fixed clock.
func FixtureConfig() Config {
	return Config{
		Token:             armswatch.NewSecret(FixtureBotToken),
		AppID:             FixtureAppID,
		ModeratorRoleIDs:  []string{FixtureModRoleID},
		ModeratorGuildIDs: []string{FixtureGuildID},
		RateLimit:         RateLimit{PerMinute: 600, Burst: 100},
		Version:           "v0.0.0-fixture",
		Now:               func() time.Time { return time.Date(2024, 2, 1, 10, 0, 0, 0, time.UTC) },
	}
}

// FixtureTokens returns every interaction token in the fixture files and
// the bot token: none may ever appear in a log, an error or a reply.
func FixtureTokens(t testing.TB) []string {
	t.Helper()
	tokens := []string{FixtureBotToken}
	for _, f := range LoadFixtures(t) {
		tokens = append(tokens, f.Interaction.Token)
	}
	return tokens
}

// FakeEngine is an Engine answering from hand-built values. Its zero value
// answers nothing; NewFixtureEngine fills it for the fixtures. Special
// query texts: "panic" panics, "slow" waits for the context, "fail" fails,
// "bad" is a bad query.
type FakeEngine struct {
	mu          sync.Mutex
	Answers     map[string]armswatch.Answer // by query text
	Docs        map[string]armswatch.DocumentView
	Completions map[armswatch.CompletionKind][]armswatch.Completion
	StatsValue  armswatch.Stats
	// ReindexFunc, when set, runs for Reindex; otherwise Report is
	// returned.
	ReindexFunc func(ctx context.Context) (armswatch.ReindexReport, error)
	Report      armswatch.ReindexReport
	// CompleteDelay delays Complete (without regard to its context).
	CompleteDelay time.Duration
	// CorpusValue and CorpusErr are what Corpus returns.
	CorpusValue *armswatch.Corpus
	CorpusErr   error

	Queries []armswatch.Query // every query asked, in order
}

var _ Engine = (*FakeEngine)(nil)

// Answer implements Engine.
func (f *FakeEngine) Answer(ctx context.Context, q armswatch.Query) (armswatch.Answer, error) {
	f.mu.Lock()
	f.Queries = append(f.Queries, q)
	a, ok := f.Answers[q.Text]
	f.mu.Unlock()
	switch q.Text {
	case "panic":
		panic("fake engine: panic requested")
	case "slow":
		<-ctx.Done()
		return armswatch.Answer{}, ctx.Err()
	case "fail":
		return armswatch.Answer{}, errors.New("fake engine: failure requested")
	case "bad":
		return armswatch.Answer{}, fmt.Errorf("%w: fake bad query", armswatch.ErrBadQuery)
	case "damaged":
		return armswatch.Answer{}, fmt.Errorf("search: segment 3: %w", armswatch.ErrIndexRepairing)
	}
	if ok {
		return a, nil
	}
	return armswatch.Answer{Query: q.Text, SourcesUpTo: armswatch.MustDate("2024-01"), Suggestions: []string{"shells", "KN-23"}}, nil
}

// Document implements Engine.
func (f *FakeEngine) Document(_ context.Context, id string) (armswatch.DocumentView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.Docs[id]; ok {
		return v, nil
	}
	return armswatch.DocumentView{}, fmt.Errorf("document %q: %w", id, armswatch.ErrNotFound)
}

// Complete implements Engine: the completions of kind whose label or value
// contains prefix, case-insensitively.
func (f *FakeEngine) Complete(_ context.Context, kind armswatch.CompletionKind, prefix string, limit int) []armswatch.Completion {
	if f.CompleteDelay > 0 {
		time.Sleep(f.CompleteDelay)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []armswatch.Completion
	p := strings.ToLower(prefix)
	for _, c := range f.Completions[kind] {
		if strings.Contains(strings.ToLower(c.Label), p) || strings.Contains(strings.ToLower(c.Value), p) {
			out = append(out, c)
		}
		if len(out) == limit {
			break
		}
	}
	return out
}

// Stats implements Engine.
func (f *FakeEngine) Stats() armswatch.Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.StatsValue
}

// Reindex implements Engine.
func (f *FakeEngine) Reindex(ctx context.Context) (armswatch.ReindexReport, error) {
	f.mu.Lock()
	fn, rep := f.ReindexFunc, f.Report
	f.mu.Unlock()
	if fn != nil {
		return fn(ctx)
	}
	return rep, nil
}

// Corpus implements Engine.
func (f *FakeEngine) Corpus() (*armswatch.Corpus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.CorpusErr != nil {
		return nil, f.CorpusErr
	}
	if f.CorpusValue == nil {
		return &armswatch.Corpus{}, nil
	}
	return f.CorpusValue, nil
}

// NewFixtureEngine is a FakeEngine with the synthetic data the fixtures
// expect. Every name in it is marked as a fixture: none of it is a fact.
func NewFixtureEngine() *FakeEngine {
	f := func(v float64) *float64 { return &v }
	cite := func(doc int, quote, snippet string) armswatch.Citation {
		return armswatch.Citation{
			Doc:       fmt.Sprintf("fixture-doc-%d", doc),
			Title:     []string{"", "Fixture article one", "Fixture article two"}[doc],
			Publisher: "Fixture News",
			Published: armswatch.MustDate([]string{"", "2023-11-14", "2024-01-18"}[doc]),
			URL:       fmt.Sprintf("https://example.org/fixture-%d", doc),
			Quote:     quote,
			Snippet:   snippet,
		}
	}
	claim := func(id, claimant, role string, said string, stance armswatch.Stance, hedged bool, items []armswatch.Item, cites ...armswatch.Citation) armswatch.ClaimHit {
		c := armswatch.ClaimHit{Claim: armswatch.Claim{
			ID: id, Statement: "Fixture statement of " + id + ".", Claimant: claimant, ClaimantRole: role,
			Stance: stance, Hedged: hedged, Items: items,
		}, Score: 1, Citations: cites}
		if said != "" {
			c.SaidOn = armswatch.MustDate(said)
		}
		for _, ci := range cites {
			c.Appearances = append(c.Appearances, armswatch.Appearance{Doc: ci.Doc, Quote: ci.Quote})
		}
		return c
	}
	shells := func(text string, q armswatch.Qualifier, m armswatch.Measure, v *float64) []armswatch.Item {
		return []armswatch.Item{{Category: armswatch.CategoryArtilleryShell, Caliber: "152 mm",
			Quantity: &armswatch.Quantity{Text: text, Value: v, Qualifier: q, Measure: m}}}
	}
	claims := []armswatch.ClaimHit{
		claim("fx-1", "Claimant One (fixture)", "fixture official", "2023-11", armswatch.StanceAsserts, false,
			shells("more than 1 million", armswatch.QualifierMoreThan, armswatch.MeasureDelivered, f(1e6)),
			cite(1, "Fixture quote one says more than 1 million shells were delivered.", "Fixture quote one says more than 1 million **shells** were delivered."),
			cite(2, "Fixture quote one, as reported again.", "")),
		claim("fx-2", "Claimant Two (fixture)", "", "2023-10-26", armswatch.StanceEstimates, true,
			shells("up to 2 million", armswatch.QualifierUpTo, armswatch.MeasureCapacity, f(2e6)),
			cite(1, "Fixture quote two: containers could hold up to 2 million shells.", "Fixture quote two: containers could hold up to 2 million **shells**.")),
		claim("fx-3", "Claimant Three (fixture)", "fixture spokesperson", "2023-09", armswatch.StanceDenies, false, nil,
			cite(2, "Fixture quote three denies any transfer of *shells*.", "Fixture quote three denies any transfer of ***shells***.")),
		claim("fx-4", "Claimant One (fixture)", "fixture official", "", armswatch.StanceReports, false,
			shells("dozens of", armswatch.QualifierUnspecified, armswatch.MeasureShipped, nil),
			cite(1, "Fixture quote four: dozens of shipments.", "")),
		claim("fx-5", "Claimant Four (fixture) @everyone", "", "2024-01-18", armswatch.StanceWarns, false, nil,
			cite(2, "Fixture quote five <@1180000000000000502> warns.", "Fixture quote five <@1180000000000000502> **warns**.")),
		claim("fx-6", "Claimant Five (fixture)", "", "2024-01", armswatch.StanceConfirms, false,
			shells("1 million", armswatch.QualifierMoreThan, armswatch.MeasureUnspecified, f(1e6)),
			cite(1, "Fixture quote six: 1 million.", "Fixture quote six: 1 million.")),
	}
	row := func(c armswatch.ClaimHit, upper bool) armswatch.ComparisonRow {
		r := armswatch.ComparisonRow{ClaimID: c.ID, Claimant: c.Claimant, ClaimantRole: c.ClaimantRole, SaidOn: c.SaidOn, Stance: c.Stance, Hedged: c.Hedged, UpperBound: upper}
		if len(c.Items) > 0 {
			r.Quantity, r.Caliber = c.Items[0].Quantity, c.Items[0].Caliber
		}
		return r
	}
	kn23 := claim("fx-7", "Claimant Two (fixture)", "", "2024-01-18", armswatch.StanceAsserts, false,
		[]armswatch.Item{{Category: armswatch.CategoryBallisticMissile, Designation: "KN-23",
			Quantity: &armswatch.Quantity{Text: "at least 40", Value: f(40), Qualifier: armswatch.QualifierAtLeast, Measure: armswatch.MeasureFired}}},
		cite(2, "Fixture quote seven: at least 40 KN-23 missiles were fired.", "Fixture quote seven: at least 40 **KN-23** missiles were fired."))
	doc1 := armswatch.Document{ID: "fixture-doc-1", Title: "Fixture article one", Publisher: "Fixture News",
		URL: "https://example.org/fixture-1", Published: armswatch.MustDate("2023-11-14"), Language: "en",
		Notes: "Fixture document: the publisher is inferred from the fixture's file name."}
	doc2 := armswatch.Document{ID: "fixture-doc-2", Title: "Fixture article two", Publisher: "Fixture News",
		URL: "https://example.org/fixture-2", Published: armswatch.MustDate("2024-01-18"), Language: "en"}
	// The corpus /timeline and /propose read: the same claims as records.
	corpus := &armswatch.Corpus{
		Documents: []armswatch.Document{doc1, doc2},
		Aliases: []armswatch.AliasGroup{
			{Name: "shells", Kind: armswatch.AliasTerm, Category: armswatch.CategoryArtilleryShell,
				Aliases: []string{"artillery ammunition", "снаряди", "포탄"}},
			{Name: "KN-23", Kind: armswatch.AliasDesignation, Category: armswatch.CategoryBallisticMissile,
				Aliases: []string{"Hwasong-11"}},
			{Name: "Claimant One (fixture)", Kind: armswatch.AliasPerson, Aliases: []string{"Fixture Claimant One"}},
		},
	}
	for _, c := range append(append([]armswatch.ClaimHit(nil), claims...), kn23) {
		corpus.Claims = append(corpus.Claims, c.Claim)
	}
	return &FakeEngine{
		CorpusValue: corpus,
		Answers: map[string]armswatch.Answer{
			"shells": {
				Query: "shells", Summary: "Six fixture claims about artillery shells.", SourcesUpTo: armswatch.MustDate("2024-01"),
				Comparisons: []armswatch.Comparison{{Category: armswatch.CategoryArtilleryShell, Rows: []armswatch.ComparisonRow{
					row(claims[2], false), row(claims[1], true), row(claims[0], false), row(claims[5], false)}}},
				Claims: claims,
				Documents: []armswatch.DocHit{{Doc: "fixture-doc-2", Title: "Fixture article two", Publisher: "Fixture News",
					Published: armswatch.MustDate("2024-01-18"), Snippets: []string{"A fixture passage about **shells** that no claim covers."}}},
			},
			"KN-23": {Query: "KN-23", SourcesUpTo: armswatch.MustDate("2024-01"), Claims: []armswatch.ClaimHit{kn23}},
		},
		Docs: map[string]armswatch.DocumentView{
			"fixture-doc-1": {Document: doc1, Excerpt: "Fixture excerpt: more than 1 million shells, it says.", Claims: []armswatch.Claim{claims[0].Claim, claims[1].Claim}},
		},
		Completions: map[armswatch.CompletionKind][]armswatch.Completion{
			armswatch.CompleteQuery: {{Label: "shells", Value: "shells"}, {Label: "shells (artillery ammunition)", Value: "artillery ammunition"}, {Label: "KN-23 (Hwasong-11)", Value: "KN-23"}},
			armswatch.CompleteItem:  {{Label: "Ballistic missiles in the data", Value: "ballistic-missile"}, {Label: "junk", Value: "not-a-category"}},
			armswatch.CompleteClaimant: {{Label: "Claimant One (fixture)", Value: "Claimant One (fixture)"},
				{Label: "Claimant Two (fixture)", Value: "Claimant Two (fixture)"}},
			armswatch.CompleteDocument: {{Label: "Fixture article one", Value: "fixture-doc-1"}, {Label: "Fixture article two", Value: "fixture-doc-2"}},
		},
		StatsValue: armswatch.Stats{Documents: 2, Claims: 7, Earliest: armswatch.MustDate("2023-09"), Latest: armswatch.MustDate("2024-01"),
			BuiltAt: "2024-02-01T10:00:00Z", Fingerprint: "sha256:0123456789abcdef0123"},
		Report: armswatch.ReindexReport{DocumentsAdded: []string{"fixture-doc-2"}, ClaimsAdded: []string{"fx-7"}, ClaimsChanged: []string{"fx-1"},
			Documents: 2, Claims: 7, Seconds: 0.25},
	}
}

// ResponseText is every text of an initial response, one per line:
// content, embed titles, authors, descriptions, field names and values,
// footers, button labels and autocomplete choice names.
func ResponseText(r *discordgo.InteractionResponse) string {
	if r == nil || r.Data == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(r.Data.Content + "\n")
	writeEmbeds(&b, r.Data.Embeds)
	writeComponents(&b, r.Data.Components)
	for _, c := range r.Data.Choices {
		fmt.Fprintf(&b, "%s\t%v\n", c.Name, c.Value)
	}
	return b.String()
}

// EditText is ResponseText for an edit.
func EditText(e *discordgo.WebhookEdit) string {
	if e == nil {
		return ""
	}
	var b strings.Builder
	if e.Content != nil {
		b.WriteString(*e.Content + "\n")
	}
	if e.Embeds != nil {
		writeEmbeds(&b, *e.Embeds)
	}
	if e.Components != nil {
		writeComponents(&b, *e.Components)
	}
	return b.String()
}

func writeEmbeds(b *strings.Builder, embeds []*discordgo.MessageEmbed) {
	for _, e := range embeds {
		if e.Author != nil {
			b.WriteString(e.Author.Name + "\n")
		}
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
		if e.Footer != nil {
			b.WriteString(e.Footer.Text + "\n")
		}
	}
}

func writeComponents(b *strings.Builder, comps []discordgo.MessageComponent) {
	for _, c := range comps {
		if row, ok := c.(discordgo.ActionsRow); ok {
			for _, rc := range row.Components {
				if btn, ok := rc.(discordgo.Button); ok {
					b.WriteString(btn.Label + "\n")
				}
			}
		}
	}
}

// recordingObserver records what Observer receives.
type recordingObserver struct {
	mu    sync.Mutex
	calls []observed
}

type observed struct{ command, outcome string }

func (o *recordingObserver) Interaction(command, outcome string, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls = append(o.calls, observed{command, outcome})
}

func (o *recordingObserver) last() observed {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.calls) == 0 {
		return observed{}
	}
	return o.calls[len(o.calls)-1]
}
