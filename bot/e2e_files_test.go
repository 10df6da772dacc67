package bot

// End-to-end tests of the commands whose replies carry files (/timeline,
// /propose) over both transports against the fake Discord, which takes
// the edits as multipart/form-data, validates their payload_json against
// Discord's spec and serves the attachments it was given and those the bot
// uploaded.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/bwmarrin/discordgo"
)

// startTransport starts the named transport for b and returns how to send
// interactions through it.
func startTransport(t *testing.T, fake *discordtest.Server, b *Bot, name string) transport {
	t.Helper()
	if name == "gateway" {
		startGateway(t, fake, b)
		return gatewayTransport(fake)
	}
	endpoint, _ := startHTTP(t, b)
	return httpTransport(fake, endpoint)
}

// lastEdit is the last PATCH of the original response the fake received.
func lastEdit(t *testing.T, fake *discordtest.Server) discordtest.Request {
	t.Helper()
	edits := fake.RequestsTo(http.MethodPatch, "/webhooks/")
	if len(edits) == 0 {
		t.Fatal("no edit of the original response")
	}
	return edits[len(edits)-1]
}

// TestTimelineE2E asks /timeline over each transport: the deferred reply
// is edited, as multipart/form-data, with the chart attached (a 1200×700
// PNG that the fake's CDN then serves) and shown in the embed through
// attachment://; an unknown item is edited in as a message listing the
// categories, with no files.
func TestTimelineE2E(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"gateway", "http"} {
		t.Run(name, func(t *testing.T) {
			fake := newFake(t, discordtest.Options{})
			b, _ := newE2EBot(t, fake, nil, nil)
			tr := startTransport(t, fake, b, name)

			in := tr.send(t, LoadFixtureRaw(t, "timeline_shells.json"))
			fake.WaitFor(t, "the chart", func() bool { return in.Edits() > 0 })
			msg := in.Original()
			if msg.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Error("the chart lost the ephemeral flag of the deferred response")
			}
			req := lastEdit(t, fake)
			if ct := req.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/form-data") {
				t.Errorf("the edit was sent as %q, want multipart/form-data", ct)
			}
			files := in.Files()
			if len(files) != 1 || files[0].Name != "timeline-artillery-shell.png" || files[0].ContentType != "image/png" {
				t.Fatalf("files %+v, want one timeline-artillery-shell.png", files)
			}
			img, err := png.Decode(bytes.NewReader(files[0].Data))
			if err != nil {
				t.Fatalf("the chart is not a PNG: %v", err)
			}
			if sz := img.Bounds().Size(); sz.X != 1200 || sz.Y != 700 {
				t.Errorf("chart of %v, want 1200×700", sz)
			}
			if len(msg.Embeds) != 1 || msg.Embeds[0].Image == nil || msg.Embeds[0].Image.URL != "attachment://timeline-artillery-shell.png" {
				t.Fatalf("the embed does not show the chart: %+v", msg.Embeds)
			}
			if e := msg.Embeds[0]; !strings.Contains(e.Title, "artillery shells") || !strings.Contains(e.Description, "Claimant One (fixture)") {
				t.Errorf("embed %q:\n%s", e.Title, e.Description)
			}
			// The fake's CDN serves what the bot uploaded.
			resp, err := http.Get(files[0].URL)
			if err != nil {
				t.Fatal(err)
			}
			served, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !bytes.Equal(served, files[0].Data) {
				t.Error("the CDN serves other bytes than were uploaded")
			}

			bad := tr.send(t, LoadFixtureRaw(t, "timeline_unknown_item.json"))
			fake.WaitFor(t, "the refusal", func() bool { return bad.Edits() > 0 })
			text := messageText(bad.Original())
			for _, want := range []string{`"battleships" is not an item category`, "artillery-shell", "troops"} {
				if !strings.Contains(text, want) {
					t.Errorf("the refusal lacks %q:\n%s", want, text)
				}
			}
			if f := bad.Files(); len(f) != 0 {
				t.Errorf("a refusal with files %+v", f)
			}
			if ct := lastEdit(t, fake).Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("a refusal sent as %q, want JSON", ct)
			}
		})
	}
}

// TestProposeE2E: a moderator's /propose over each transport is edited
// with a summary and two files: the cleaned document and its candidates,
// a YAML list headed by the "candidates to review" comment that, with the
// document, loads as a data set: every quote is verbatim in the document.
func TestProposeE2E(t *testing.T) {
	t.Parallel()
	fixture := fixtureNamed(t, "propose by a moderator")
	for _, name := range []string{"gateway", "http"} {
		t.Run(name, func(t *testing.T) {
			fake := newFake(t, discordtest.Options{})
			b, _ := newE2EBot(t, fake, nil, nil)
			tr := startTransport(t, fake, b, name)
			for id, data := range fixture.AttachmentData {
				fake.PutAttachment(id, fixture.ContentTypeOf(id), data)
			}
			in := tr.send(t, fixture.Raw)
			fake.WaitFor(t, "the proposal", func() bool { return in.Edits() > 0 })
			msg := in.Original()
			if msg.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Error("the proposal is not ephemeral")
			}
			files := in.Files()
			if len(files) != 2 {
				t.Fatalf("%d files, want the document and its candidates", len(files))
			}
			docFile, claimsFile := files[0], files[1]
			id := strings.TrimSuffix(docFile.Name, ".md")
			if claimsFile.Name != id+".claims.yaml" || !armswatch.IsKebabID(id) {
				t.Fatalf("files %q and %q", docFile.Name, claimsFile.Name)
			}
			if !strings.Contains(string(claimsFile.Data), "CANDIDATES TO REVIEW") {
				t.Errorf("the YAML is not headed as candidates to review:\n%s", claimsFile.Data)
			}
			var claims []armswatch.Claim
			if err := yaml.Unmarshal(claimsFile.Data, &claims); err != nil {
				t.Fatalf("the candidates do not parse as YAML: %v\n%s", err, claimsFile.Data)
			}
			if len(claims) != 4 {
				t.Errorf("%d candidates, want 4", len(claims))
			}
			corpus, err := armswatch.Load(fstest.MapFS{
				"aliases.yaml":                  {Data: []byte("[]\n")},
				"documents/" + docFile.Name:     {Data: docFile.Data},
				"claims/" + id + ".claims.yaml": {Data: claimsFile.Data},
			})
			if err != nil {
				t.Fatalf("the files do not pass the loader's checks: %v", err)
			}
			doc, _ := corpus.Document(id)
			for _, c := range corpus.Claims {
				for _, a := range c.Appearances {
					if a.Doc != id || !strings.Contains(armswatch.NormalizeSpace(doc.Body), armswatch.NormalizeSpace(a.Quote)) {
						t.Errorf("claim %s: quote not verbatim in %s: %q", c.ID, id, a.Quote)
					}
				}
			}
			text := messageText(msg)
			for _, want := range []string{"`" + id + "`", "**Candidates:** 4 claim records to review", "removed 8 lines (headline, byline, date line moved to the front matter; page furniture: share widget 3, newsletter box 2)"} {
				if !strings.Contains(text, want) {
					t.Errorf("the summary lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// fixtureNamed returns the fixture of the table with that name.
func fixtureNamed(t *testing.T, name string) Fixture {
	t.Helper()
	for _, f := range LoadFixtures(t) {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no fixture %q", name)
	return Fixture{}
}

// proposePayload is a /propose payload with its one attachment given the id
// attID (in its URLs too) and then changed by change.
func proposePayload(t *testing.T, raw []byte, attID string, change func(a map[string]any)) []byte {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	data := p["data"].(map[string]any)
	opt := data["options"].([]any)[0].(map[string]any)
	old := opt["value"].(string)
	atts := data["resolved"].(map[string]any)["attachments"].(map[string]any)
	a := atts[old].(map[string]any)
	a["id"] = attID
	for _, key := range []string{"url", "proxy_url"} {
		a[key] = strings.ReplaceAll(a[key].(string), old, attID)
	}
	if change != nil {
		change(a)
	}
	opt["value"] = attID
	data["resolved"].(map[string]any)["attachments"] = map[string]any{attID: a}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestProposeRefusesBadFiles: what the attachment turns out to hold once
// downloaded (more than it said, binary data, nothing, only page
// furniture), or where it is, gets a clear message and no files.
func TestProposeRefusesBadFiles(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, nil)
	tr := startTransport(t, fake, b, "gateway")
	fixture := fixtureNamed(t, "propose by a moderator")
	pngHeader := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x04\xb0")
	cases := []struct {
		name     string
		data     []byte // nil: not on the CDN
		change   func(a map[string]any)
		deferred bool
		want     string
	}{
		{"larger than it says", bytes.Repeat([]byte("Shells were shipped. "), MaxProposeBytes/20), nil, true,
			"“article.txt” is larger than 1 MiB"},
		{"binary data said to be text", append(pngHeader, bytes.Repeat([]byte{0, 1, 2, 3}, 64)...), nil, true,
			"“article.txt” does not look like text"},
		{"empty", []byte("  \n\n "), nil, true, "“article.txt” is empty"},
		{"nothing but furniture", []byte("Share on Facebook\nCopy link\nSubscribe to our newsletter\nEnter your email\n"), nil, true,
			"Nothing is left of “article.txt” after cleaning"},
		{"gone from the CDN", nil, nil, true, "I couldn't download “article.txt” from Discord"},
		{"not on Discord's CDN", []byte("text"), func(a map[string]any) {
			a["url"] = "https://files.example.org/article.txt"
			a["proxy_url"] = "http://127.0.0.1:1/article.txt"
		}, false, "I can only download attachments from Discord's own servers"},
		{"no type, not a text name", []byte("text"), func(a map[string]any) {
			delete(a, "content_type")
			a["filename"] = "article.pdf"
		}, false, "“article.pdf” is not a text or HTML file (Discord says it is of no stated type)"},
	}
	for k, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			attID := fmt.Sprintf("11800000000000008%02d", k)
			if tc.data != nil {
				fake.PutAttachment(attID, "text/plain; charset=utf-8", tc.data)
			}
			raw := proposePayload(t, fixture.Raw, attID, tc.change)
			in := tr.send(t, raw)
			cb := in.Callbacks()[0]
			var text string
			if tc.deferred {
				if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
					t.Fatalf("callback type %d, want a deferred response", cb.Type)
				}
				fake.WaitFor(t, "the refusal", func() bool { return in.Edits() > 0 })
				text = messageText(in.Original())
				if f := in.Files(); len(f) != 0 {
					t.Errorf("a refusal with files %+v", f)
				}
			} else {
				if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Message().Flags&discordgo.MessageFlagsEphemeral == 0 {
					t.Fatalf("callback type %d, want an ephemeral message at once", cb.Type)
				}
				text = callbackText(cb)
			}
			if !strings.Contains(text, tc.want) {
				t.Errorf("the reply lacks %q:\n%s", tc.want, text)
			}
		})
	}
}

// TestRefusedFilesAreSaid: when Discord refuses an edit for its files (here
// a chart larger than the fake takes), the reply says so instead of
// staying a loading message.
func TestRefusedFilesAreSaid(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{MaxUploadBytes: 4 << 10})
	b, _ := newE2EBot(t, fake, nil, nil)
	tr := startTransport(t, fake, b, "http")
	in := tr.send(t, LoadFixtureRaw(t, "timeline_shells.json"))
	fake.WaitFor(t, "the fallback edit", func() bool { return in.Edits() > 0 })
	if text := messageText(in.Original()); !strings.Contains(text, msgAttachFailed) {
		t.Errorf("the reply is:\n%s", text)
	}
	if v := fake.TakeViolations(); len(v) != 1 || !strings.Contains(v[0].Err, "body larger than") {
		t.Errorf("violations %v, want the one refused upload", v)
	}
}
