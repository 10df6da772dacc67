package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch/data"
	"github.com/armswatch/armswatch/index"
	"github.com/bwmarrin/discordgo"
)

// goldenQueries are /claims questions over the bundled data whose rendered
// replies are kept in testdata/golden/ (go test ./bot -run Golden -update
// rewrites them). Each golden file is the interaction response exactly as
// sent, then (for answers with several pages) the next page and the
// sources, so that a reviewer sees what users see.
var goldenQueries = []struct {
	name string
	opts []*discordgo.ApplicationCommandInteractionDataOption
}{
	{"shells", stringOpts(optQuery, "shells")},
	{"artillery-shells-north-korea", stringOpts(optQuery, "how many artillery shells has North Korea sent to Russia")},
	{"kn-23", stringOpts(optQuery, "KN-23")},
	{"ballistic-missiles-item-2024", stringOpts(optQuery, "missiles", optItem, "ballistic-missile", optFrom, "2024")},
	{"containers", stringOpts(optQuery, "containers")},
	{"claimant-austin", stringOpts(optQuery, "North Korea", optClaimant, "Lloyd Austin")},
	{"typo-balistic", stringOpts(optQuery, "balistic misiles")},
	{"no-answer-submarines", stringOpts(optQuery, "submarines")},
	{"markdown-and-mentions", stringOpts(optQuery, "@everyone **shells** <@1180000000000000502> ||KN-23||")},
	{"hangul", stringOpts(optQuery, "북한 포탄")},
	{"in-return", stringOpts(optQuery, "what does North Korea get in return")},
	{"denial-partial", stringOpts(optQuery, "who denied sending shells to Russia")},
}

func stringOpts(kv ...string) []*discordgo.ApplicationCommandInteractionDataOption {
	var out []*discordgo.ApplicationCommandInteractionDataOption
	for k := 0; k+1 < len(kv); k += 2 {
		out = append(out, &discordgo.ApplicationCommandInteractionDataOption{Name: kv[k], Type: discordgo.ApplicationCommandOptionString, Value: kv[k+1]})
	}
	return out
}

// openBundled opens an index over the bundled data; the test fails when it
// cannot, or when the data holds no claims.
func openBundled(t *testing.T) *index.Index {
	t.Helper()
	ix, err := index.Open(context.Background(), index.Options{Path: t.TempDir(), Data: data.FS()})
	if err != nil {
		t.Fatalf("the bundled data does not open as an index: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if st := ix.Stats(); st.Claims == 0 {
		t.Fatal("the bundled data has no claims")
	}
	return ix
}

// TestGoldenClaims renders /claims replies over the bundled data and
// compares them with the golden files.
func TestGoldenClaims(t *testing.T) {
	t.Parallel()
	ix := openBundled(t)
	cfg := FixtureConfig()
	cfg.RateLimit = RateLimit{PerMinute: 1e6, Burst: 1e6}
	b, err := New(cfg, ix)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, g := range goldenQueries {
		t.Run(g.name, func(t *testing.T) {
			var out bytes.Buffer
			first := b.Handle(ctx, commandInteraction(cmdClaims, g.opts))
			writeGolden(t, &out, "/claims", first.Initial)
			if first.Initial.Data != nil {
				// Press Next and Sources the way Discord sends them.
				for _, label := range []string{"Next", "Sources"} {
					if i := buttonInteraction(t, first.Initial, label); i != nil {
						writeGolden(t, &out, label, b.Handle(ctx, i).Initial)
					}
				}
			}
			compareGolden(t, filepath.Join("testdata", "golden", "claims-"+g.name+".json"), out.Bytes())
		})
	}
}

// buttonInteraction is a press of the button labelled label on the message
// resp wrote, by the asker; nil when there is no such enabled button.
func buttonInteraction(t *testing.T, resp *discordgo.InteractionResponse, label string) *discordgo.Interaction {
	t.Helper()
	m := messageAsSent(t, resp.Data.Embeds, resp.Data.Components)
	for _, c := range m.Components {
		for _, bc := range c.(*discordgo.ActionsRow).Components {
			if btn := bc.(*discordgo.Button); btn.Label == label && !btn.Disabled {
				i := commandInteraction("", nil)
				i.Type, i.Message = discordgo.InteractionMessageComponent, m
				i.Data = discordgo.MessageComponentInteractionData{CustomID: btn.CustomID, ComponentType: discordgo.ButtonComponent}
				return i
			}
		}
	}
	return nil
}

// writeGolden appends one reply to a golden file, after checking it fits.
func writeGolden(t *testing.T, out *bytes.Buffer, what string, r *discordgo.InteractionResponse) {
	t.Helper()
	if err := CheckResponse(r); err != nil {
		t.Errorf("%s: %v", what, err)
	}
	checkSpec(t, Response{Initial: r}, nil)
	checkJSONMentions(t, r)
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if out.Len() > 0 {
		out.WriteString("\n")
	}
	out.WriteString("// " + what + "\n")
	out.Write(js)
	out.WriteString("\n")
}

// compareGolden compares got with the golden file at path, or rewrites it
// under -update.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the rendering (run go test ./bot -run Golden -update and review the diff):\n%s", path, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for k := 0; k < max(len(w), len(g)); k++ {
		var a, b string
		if k < len(w) {
			a = w[k]
		}
		if k < len(g) {
			b = g[k]
		}
		if a != b {
			return "line " + itoa(k+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return ""
}
