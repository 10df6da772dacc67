package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func newFixtureBot(t testing.TB, obs Observer) (*Bot, *FakeEngine) {
	t.Helper()
	return newFixtureBotWith(t, obs, nil)
}

// newFixtureBotWith is newFixtureBot with a change to the configuration.
func newFixtureBotWith(t testing.TB, obs Observer, change func(*Config)) (*Bot, *FakeEngine) {
	t.Helper()
	cfg := FixtureConfig()
	cfg.Observer = obs
	if change != nil {
		change(&cfg)
	}
	eng := NewFixtureEngine()
	b, err := New(cfg, eng)
	if err != nil {
		t.Fatal(err)
	}
	return b, eng
}

// TestFixtures runs every interaction fixture through Handle and checks
// the table's expectations, the limits, and that nothing can ping.
func TestFixtures(t *testing.T) {
	t.Parallel()
	fixtures := LoadFixtures(t)
	cdn := FixtureCDN(t, fixtures)
	for _, f := range fixtures {
		t.Run(f.Name, func(t *testing.T) {
			obs := &recordingObserver{}
			b, _ := newFixtureBotWith(t, obs, func(c *Config) { c.AttachmentOrigins = []string{cdn.URL} })
			PointAttachmentsAt(f.Interaction, cdn.URL)
			resp := b.Handle(context.Background(), f.Interaction)
			if resp.Initial == nil {
				t.Fatal("nil Initial")
			}
			if resp.Initial.Type != f.ResponseType {
				t.Errorf("response type %d, want %d; text:\n%s", resp.Initial.Type, f.ResponseType, ResponseText(resp.Initial))
			}
			eph := resp.Initial.Data != nil && resp.Initial.Data.Flags&discordgo.MessageFlagsEphemeral != 0
			if eph != f.Ephemeral {
				t.Errorf("ephemeral %v, want %v", eph, f.Ephemeral)
			}
			if (resp.Then != nil) != f.Deferred {
				t.Errorf("deferred %v, want %v", resp.Then != nil, f.Deferred)
			}
			if err := CheckResponse(resp.Initial); err != nil {
				t.Errorf("response breaks Discord's rules: %v", err)
			}
			checkJSONMentions(t, resp.Initial)
			text := ResponseText(resp.Initial)
			for _, want := range f.Contains {
				if !strings.Contains(text, want) {
					t.Errorf("response lacks %q; text:\n%s", want, text)
				}
			}
			var editText string
			checkSpec(t, resp, nil)
			if resp.Then != nil {
				edit, err := resp.Then(context.Background())
				if err != nil || edit == nil {
					t.Fatalf("Then: %v, %v", edit, err)
				}
				checkSpec(t, Response{}, edit)
				if err := CheckEdit(edit); err != nil {
					t.Errorf("edit breaks Discord's rules: %v", err)
				}
				checkJSONMentions(t, edit)
				editText = EditText(edit)
				for _, want := range f.EditContains {
					if !strings.Contains(editText, want) {
						t.Errorf("edit lacks %q; text:\n%s", want, editText)
					}
				}
				var names []string
				for _, file := range edit.Files {
					names = append(names, file.Name)
				}
				if !slices.Equal(names, f.EditFiles) {
					t.Errorf("edit attaches %q, want %q", names, f.EditFiles)
				}
			}
			for _, no := range f.Absent {
				if strings.Contains(text, no) || strings.Contains(editText, no) {
					t.Errorf("reply holds %q", no)
				}
			}
			if got, want := obs.last(), (observed{f.Command, f.Outcome}); got != want {
				t.Errorf("observed %+v, want %+v (all: %+v)", got, want, obs.calls)
			}
			if len(obs.calls) != 1 {
				t.Errorf("observed %d times, want once", len(obs.calls))
			}
			js, _ := json.Marshal(resp.Initial)
			if strings.Contains(string(js), f.Interaction.Token) || strings.Contains(string(js), FixtureBotToken) {
				t.Error("a token is in the reply")
			}
		})
	}
}

// checkJSONMentions checks, on the JSON as sent, that allowed_mentions is
// there with an explicit empty parse list.
func checkJSONMentions(t *testing.T, v any) {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	if r, ok := m["type"]; ok && (r == float64(discordgo.InteractionResponsePong) || r == float64(discordgo.InteractionApplicationCommandAutocompleteResult)) {
		return
	}
	if d, ok := m["data"].(map[string]any); ok {
		m = d
	}
	am, ok := m["allowed_mentions"].(map[string]any)
	if !ok {
		t.Fatalf("no allowed_mentions in %s", js)
	}
	parse, ok := am["parse"].([]any)
	if !ok || len(parse) != 0 {
		t.Fatalf("allowed_mentions.parse is %v, want []", am["parse"])
	}
}

// componentFixtures says how each message-component fixture's message is
// rendered: the page shown, the button pressed, whether the message is
// ephemeral, and an optional change to its title (a message that no longer
// matches its buttons).
var componentFixtures = map[string]struct {
	page   int
	action buttonAction
	title  string
	custom string
}{
	"button_next_owner.json":     {page: 0, action: actionNext},
	"button_next_other.json":     {page: 0, action: actionNext},
	"button_sources_other.json":  {page: 0, action: actionSources},
	"button_prev_ephemeral.json": {page: 1, action: actionPrev},
	"button_next_dm.json":        {page: 0, action: actionNext},
	"button_stale.json":          {page: 0, action: actionNext, title: "Claims: shells and more"},
	"button_unknown.json":        {page: 0, custom: "someone-elses-button"},
}

// TestFixtureMessages checks that the messages in the component fixtures
// are what the bot renders today (Discord sends back the message the bot
// wrote); -update rewrites them.
func TestFixtureMessages(t *testing.T) {
	t.Parallel()
	dir := fixtureDir(t)
	eng := NewFixtureEngine()
	q := claimsQuery{Text: "shells", Owner: FixtureAskerID}
	a, _ := eng.Answer(context.Background(), q.engineQuery())
	for file, spec := range componentFixtures {
		path := filepath.Join(dir, file)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var payload map[string]any
		if err := json.Unmarshal(raw, &payload); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		embeds, comps := renderClaims(q, a, spec.page)
		if spec.title != "" {
			embeds[0].Title = spec.title
		}
		custom := spec.custom
		if custom == "" {
			custom = buttonID(t, comps, spec.action)
		}
		wantEmbeds, wantComps := jsonValue(t, embeds), jsonValue(t, comps)
		data := payload["data"].(map[string]any)
		msg := payload["message"].(map[string]any)
		if data["custom_id"] == custom && reflect.DeepEqual(msg["embeds"], wantEmbeds) && reflect.DeepEqual(msg["components"], wantComps) {
			continue
		}
		if !updating() {
			t.Errorf("%s: its message is not what the bot renders now; run go test ./bot -run TestFixtureMessages -update", file)
			continue
		}
		data["custom_id"], msg["embeds"], msg["components"] = custom, wantEmbeds, wantComps
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(payload); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", file)
	}
}

func buttonID(t *testing.T, comps []discordgo.MessageComponent, a buttonAction) string {
	t.Helper()
	for _, c := range comps {
		for _, rc := range c.(discordgo.ActionsRow).Components {
			btn := rc.(discordgo.Button)
			if ref, err := parseCustomID(btn.CustomID); err == nil && ref.Action == a {
				return btn.CustomID
			}
		}
	}
	t.Fatalf("no %v button", a)
	return ""
}

func jsonValue(t *testing.T, v any) any {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(js, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
