package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

const attachmentPayload = `{"type":2,"channel_id":"1","guild_id":"2",
"data":{"id":"3","name":"propose","type":1,"options":[{"name":"file","type":11,"value":"77"}],
 "resolved":{"attachments":{"77":{"id":"77","filename":"a.txt","size":5,"content_type":"text/plain",
  "url":"https://cdn.discordapp.com/ephemeral-attachments/1/77/a.txt?ex=1&hm=2",
  "proxy_url":"https://media.discordapp.net/ephemeral-attachments/1/77/a.txt?ex=1&hm=2"}}}},
"member":{"user":{"id":"4","username":"ana"},"permissions":"32","roles":[]}}`

// part is one part of a multipart body: payload_json when file is "".
type part struct{ name, file, ctype, body string }

func multipartBody(t *testing.T, parts ...part) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.file == "" {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, p.name))
			h.Set("Content-Type", "application/json")
		} else {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.name, p.file))
			h.Set("Content-Type", p.ctype)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = pw.Write([]byte(p.body))
	}
	_ = w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

func send(t *testing.T, method, url, ctype string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func get(t *testing.T, url string) (int, string, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// TestAttachmentsAndFiles: the CDN URLs of an interaction's attachments
// point at the fake, which serves what PutAttachment put there; an edit
// sent as multipart/form-data has its payload_json checked like a JSON
// body, its files become the message's attachments (served too), embeds
// may show them through attachment://, and Discord's rules on files are
// enforced.
func TestAttachmentsAndFiles(t *testing.T) {
	t.Parallel()
	fake := New(t, Options{MaxUploadBytes: 64 << 10})
	in, err := fake.newInteraction([]byte(attachmentPayload))
	if err != nil {
		t.Fatal(err)
	}
	var sent discordgo.Interaction
	if err := json.Unmarshal(in.Raw, &sent); err != nil {
		t.Fatal(err)
	}
	att := sent.ApplicationCommandData().Resolved.Attachments["77"]
	if !strings.HasPrefix(att.URL, fake.URL()+"/ephemeral-attachments/1/77/a.txt?ex=1") || !strings.HasPrefix(att.ProxyURL, fake.URL()+"/") {
		t.Fatalf("attachment URLs not at the fake: %q, %q", att.URL, att.ProxyURL)
	}
	if code, _, _ := get(t, att.URL); code != http.StatusNotFound {
		t.Errorf("an attachment never put: %d, want 404", code)
	}
	fake.PutAttachment("77", "text/plain", []byte("hello"))
	if code, ct, body := get(t, att.URL); code != http.StatusOK || ct != "text/plain" || string(body) != "hello" {
		t.Errorf("GET attachment: %d %q %q", code, ct, body)
	}

	cb := fake.APIURL() + "interactions/" + in.ID + "/" + in.Token + "/callback"
	if code, body := send(t, "POST", cb, "application/json", []byte(`{"type":5,"data":{"flags":64}}`)); code != http.StatusNoContent {
		t.Fatalf("callback: %d %s", code, body)
	}
	edit := fake.APIURL() + "webhooks/" + fake.AppID() + "/" + in.Token + "/messages/@original"
	const okPayload = `{"content":"","embeds":[{"title":"Chart","image":{"url":"attachment://chart.png"}}],"allowed_mentions":{"parse":[]}}`
	png := strings.Repeat("\x89PNG", 10)

	ct, body := multipartBody(t, part{name: "payload_json", body: okPayload}, part{name: "files[0]", file: "chart.png", ctype: "image/png", body: png},
		part{name: "files[1]", file: "caption.txt", ctype: "text/plain; charset=utf-8", body: "the caption"})
	if code, resp := send(t, "PATCH", edit, ct, body); code != http.StatusOK {
		t.Fatalf("multipart edit: %d %s (violations %v)", code, resp, fake.TakeViolations())
	}
	files := in.Files()
	if len(files) != 2 || files[0].Name != "chart.png" || string(files[0].Data) != png || files[1].Name != "caption.txt" {
		t.Fatalf("files %+v", files)
	}
	if code, ct, got := get(t, files[0].URL); code != http.StatusOK || ct != "image/png" || string(got) != png {
		t.Errorf("GET uploaded file: %d %q", code, ct)
	}
	if m := in.Original(); len(m.Attachments) != 2 || m.Flags&discordgo.MessageFlagsLoading != 0 || m.Embeds[0].Image.URL != "attachment://chart.png" {
		t.Errorf("message after the edit: %+v", m)
	}
	if reqs := fake.RequestsTo("PATCH", "/webhooks/"); len(reqs) != 1 || len(reqs[0].Files) != 2 || string(reqs[0].Body) != okPayload {
		t.Errorf("recorded request: %+v", reqs)
	}

	// Keep the chart by id, drop the caption, add a file.
	keep := fmt.Sprintf(`{"attachments":[{"id":%q},{"id":"0"}],"allowed_mentions":{"parse":[]}}`, files[0].ID)
	ct, body = multipartBody(t, part{name: "payload_json", body: keep}, part{name: "files[0]", file: "more.txt", ctype: "text/plain", body: "more"})
	if code, resp := send(t, "PATCH", edit, ct, body); code != http.StatusOK {
		t.Fatalf("edit keeping an attachment: %d %s", code, resp)
	}
	if files := in.Files(); len(files) != 2 || files[0].Name != "chart.png" || files[1].Name != "more.txt" {
		t.Errorf("files after keeping one: %+v", files)
	}
	// A JSON edit leaves attachments alone unless it lists them.
	if code, _ := send(t, "PATCH", edit, "application/json", []byte(`{"content":"x","allowed_mentions":{"parse":[]}}`)); code != http.StatusOK || len(in.Files()) != 2 {
		t.Errorf("JSON edit: %d, %d files", code, len(in.Files()))
	}
	if code, _ := send(t, "PATCH", edit, "application/json", []byte(`{"attachments":[],"embeds":[],"allowed_mentions":{"parse":[]}}`)); code != http.StatusOK || len(in.Files()) != 0 {
		t.Errorf("JSON edit clearing attachments: %d, %d files", code, len(in.Files()))
	}
	if v := fake.TakeViolations(); len(v) != 0 {
		t.Fatalf("violations: %v", v)
	}

	followup := fake.APIURL() + "webhooks/" + fake.AppID() + "/" + in.Token
	bad := []struct {
		name    string
		method  string
		url     string
		parts   []part
		status  int
		wantErr string
	}{
		{"image of no attachment", "PATCH", edit, []part{{name: "payload_json", body: `{"embeds":[{"image":{"url":"attachment://nope.png"}}],"allowed_mentions":{"parse":[]}}`},
			{name: "files[0]", file: "chart.png", ctype: "image/png", body: png}}, 400, "no attachment of that name"},
		{"payload against the spec", "PATCH", edit, []part{{name: "payload_json", body: `{"content":"` + strings.Repeat("x", 2001) + `","allowed_mentions":{"parse":[]}}`},
			{name: "files[0]", file: "a.txt", ctype: "text/plain", body: "a"}}, 400, "maxLength"},
		{"payload that pings", "PATCH", edit, []part{{name: "payload_json", body: `{"content":"@everyone"}`},
			{name: "files[0]", file: "a.txt", ctype: "text/plain", body: "a"}}, 400, "allowed_mentions missing"},
		{"payload not JSON", "PATCH", edit, []part{{name: "payload_json", body: `{`}}, 400, "payload_json is not JSON"},
		{"a field Discord does not take", "PATCH", edit, []part{{name: "payload_json", body: okPayload}, {name: "file", file: "a.txt", ctype: "text/plain", body: "a"}}, 400, "unexpected form field"},
		{"a file without a name", "PATCH", edit, []part{{name: "payload_json", body: `{"allowed_mentions":{"parse":[]}}`}, {name: "files[0]", body: "a"}}, 400, "has no filename"},
		{"an unknown attachment id", "PATCH", edit, []part{{name: "payload_json", body: `{"attachments":[{"id":"123"}],"allowed_mentions":{"parse":[]}}`}}, 400, "neither an attachment"},
		{"too large", "PATCH", edit, []part{{name: "payload_json", body: okPayload}, {name: "files[0]", file: "chart.png", ctype: "image/png", body: strings.Repeat("x", 65<<10)}}, 413, "body larger than"},
		{"files on a follow-up", "POST", followup, []part{{name: "payload_json", body: `{"content":"x","allowed_mentions":{"parse":[]}}`}, {name: "files[0]", file: "a.txt", ctype: "text/plain", body: "a"}}, 400, "files only when editing"},
	}
	for _, tc := range bad {
		ct, body := multipartBody(t, tc.parts...)
		code, resp := send(t, tc.method, tc.url, ct, body)
		v := fake.TakeViolations()
		if code != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, code, tc.status, resp)
		}
		if len(v) != 1 || !strings.Contains(v[0].Err, tc.wantErr) {
			t.Errorf("%s: violations %v, want one mentioning %q", tc.name, v, tc.wantErr)
		}
	}
	if n := len(in.Files()); n != 0 {
		t.Errorf("refused edits changed the attachments: %d files", n)
	}
}
