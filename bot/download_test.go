package bot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// TestDownload checks the attachment download's rules against local
// servers: the size limit by Content-Length and while reading (a chunked
// body says nothing of its size), redirects only within the allowed
// origins, the status, the time budget, and errors without the URL.
func TestDownload(t *testing.T) {
	t.Parallel()
	const limit = 1000
	var offHits atomic.Int32
	off := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		offHits.Add(1)
		_, _ = w.Write([]byte("from elsewhere"))
	}))
	defer off.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/exact", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(strings.Repeat("a", limit))) })
	mux.HandleFunc("/declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1001")
		_, _ = w.Write([]byte(strings.Repeat("a", limit+1)))
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for range 20 {
			_, _ = w.Write([]byte(strings.Repeat("b", 100)))
			w.(http.Flusher).Flush() // no Content-Length: chunked
		}
	})
	mux.HandleFunc("/redirect-inside", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/exact", http.StatusFound) })
	mux.HandleFunc("/redirect-outside", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, off.URL+"/x", http.StatusFound) })
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b, _ := newFixtureBotWith(t, nil, func(c *Config) { c.AttachmentOrigins = []string{srv.URL} })
	b.downloadBudget = 300 * time.Millisecond
	cases := []struct {
		path    string
		n       int
		wantErr error // nil: success; errAny: any error
	}{
		{"/exact", limit, nil},
		{"/declared", 0, errTooLarge},
		{"/chunked", 0, errTooLarge},
		{"/redirect-inside", limit, nil},
		{"/redirect-outside", 0, errNotAllowed},
		{"/missing", 0, errAny},
		{"/slow", 0, context.DeadlineExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			u := srv.URL + tc.path + "?ex=65b0a1f0&hm=secret-signature"
			body, err := b.download(context.Background(), u, limit)
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("error %v", err)
			case tc.wantErr == nil && len(body) != tc.n:
				t.Fatalf("%d bytes, want %d", len(body), tc.n)
			case tc.wantErr == errAny && err == nil, tc.wantErr != nil && tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if err != nil && (strings.Contains(err.Error(), "secret-signature") || strings.Contains(err.Error(), srv.URL)) {
				t.Errorf("the error holds the URL: %v", err)
			}
		})
	}
	if offHits.Load() != 0 {
		t.Error("a redirect off the allowed origins was followed")
	}
}

var errAny = errors.New("any error")

func TestAttachmentOrigins(t *testing.T) {
	t.Parallel()
	b, _ := newFixtureBot(t, nil)
	cases := []struct {
		url, proxy string
		ok         bool
	}{
		{"https://cdn.discordapp.com/attachments/1/2/a.txt?ex=1", "", true},
		{"https://CDN.discordapp.com/attachments/1/2/a.txt", "", true},
		{"http://cdn.discordapp.com/attachments/1/2/a.txt", "", false},
		{"https://cdn.discordapp.com:8443/attachments/1/2/a.txt", "", false},
		{"https://cdn.discordapp.com.evil.example/a.txt", "", false},
		{"https://user@cdn.discordapp.com/a.txt", "", false},
		{"https://evil.example/a.txt", "https://media.discordapp.net/attachments/1/2/a.txt", true},
		{"", "", false},
	}
	for _, tc := range cases {
		got, err := b.attachmentURL(&discordgo.MessageAttachment{URL: tc.url, ProxyURL: tc.proxy})
		if (err == nil) != tc.ok {
			t.Errorf("%q, %q: %q, %v; want allowed %v", tc.url, tc.proxy, got, err, tc.ok)
		}
	}
	for _, bad := range [][]string{{"cdn.discordapp.com"}, {"ftp://cdn.discordapp.com"}, {"https://cdn.discordapp.com/attachments"}, {"https://"}, {"https://a?b=c"}} {
		cfg := FixtureConfig()
		cfg.AttachmentOrigins = bad
		if _, err := New(cfg, NewFixtureEngine()); err == nil {
			t.Errorf("New accepted the attachment origins %q", bad)
		}
	}
	if _, err := url.Parse(DefaultAttachmentOrigins[0]); err != nil {
		t.Fatal(err)
	}
}

func TestTextAttachment(t *testing.T) {
	t.Parallel()
	cases := []struct {
		ct, name string
		want     bool
	}{
		{"text/plain; charset=utf-8", "a.txt", true},
		{"text/html; charset=utf-8", "a.html", true},
		{"text/markdown", "a.md", true},
		{"application/xhtml+xml", "a.xhtml", true},
		{"image/png", "a.txt", false},
		{"application/pdf", "a.pdf", false},
		{"application/octet-stream", "a.txt", false},
		{"not a type", "a.txt", false},
		{"", "a.HTML", true},
		{"", "a.txt", true},
		{"", "a.docx", false},
		{"", "noextension", false},
	}
	for _, tc := range cases {
		if got := textAttachment(tc.ct, tc.name); got != tc.want {
			t.Errorf("textAttachment(%q, %q) = %v", tc.ct, tc.name, got)
		}
	}
	for in, want := range map[string]bool{
		"Plain text.":                         true,
		"<html><body><p>Hi</p></body></html>": true,
		"Caf\xe9 in Windows-1252":             true,
		"\x89PNG\r\n\x1a\n\x00\x00":           false,
		"text with a NUL \x00 byte":           false,
		"%PDF-1.7\n\x01\x02\x03":              false,
	} {
		if got := looksLikeText([]byte(in)); got != want {
			t.Errorf("looksLikeText(%q) = %v", in, got)
		}
	}
}
