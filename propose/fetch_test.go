package propose

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/ingest"
)

// plainServer is an httptest server Fetch may reach over plain http.
func plainServer(t *testing.T, h http.Handler) (*httptest.Server, FetchOptions) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, FetchOptions{PlainHTTPHost: srv.Listener.Addr().String()}
}

// tlsServer is an httptest TLS server whose certificate Fetch trusts.
func tlsServer(t *testing.T, h http.Handler) (*httptest.Server, FetchOptions) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return srv, FetchOptions{PlainHTTPHost: srv.Listener.Addr().String(), rootCAs: pool}
}

// connCounter listens on addr ("127.0.0.1:0") and counts the connections
// made to it: a refused address must see none.
func connCounter(t *testing.T, addr string) (port string, conns func() int64) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var n atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			c.Close()
		}
	}()
	_, port, _ = net.SplitHostPort(ln.Addr().String())
	return port, n.Load
}

// resolveTo maps host names to addresses, counting the lookups.
func resolveTo(names map[string][]string, calls *atomic.Int64) func(context.Context, string) ([]net.IP, error) {
	return func(_ context.Context, host string) ([]net.IP, error) {
		if calls != nil {
			calls.Add(1)
		}
		addrs, ok := names[host]
		if !ok {
			return nil, fmt.Errorf("no such host %s", host)
		}
		var ips []net.IP
		for _, a := range addrs {
			ips = append(ips, net.ParseIP(a))
		}
		return ips, nil
	}
}

// refused checks that err is a FetchError a moderator can be shown: it
// matches ErrBadQuery, armswatch.ErrorMessage gives its text, it is one
// sentence starting "Cannot fetch", and it holds every want and none of
// the secrets.
func refused(t *testing.T, err error, wants []string, secrets ...string) *FetchError {
	t.Helper()
	var fe *FetchError
	if !errors.As(err, &fe) {
		t.Fatalf("want a *FetchError, got %T: %v", err, err)
	}
	if !errors.Is(err, armswatch.ErrBadQuery) {
		t.Errorf("%v does not match ErrBadQuery", err)
	}
	msg, ok := armswatch.ErrorMessage(err)
	t.Log(msg)
	if !ok || msg != err.Error() {
		t.Errorf("ErrorMessage = %q, %v", msg, ok)
	}
	if !strings.HasPrefix(msg, "Cannot fetch ") || !strings.HasSuffix(msg, ".") || strings.Contains(msg, "\n") {
		t.Errorf("not one sentence: %q", msg)
	}
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
	for _, s := range secrets {
		if strings.Contains(msg, s) || strings.Contains(fe.URL, s) {
			t.Errorf("message %q or URL %q shows %q", msg, fe.URL, s)
		}
	}
	return fe
}

func TestFetchRefusesLinks(t *testing.T) {
	t.Parallel()
	port, conns := connCounter(t, "127.0.0.1:0")
	port6, conns6 := port, func() int64 { return 0 }
	if ln, err := net.Listen("tcp", "[::1]:0"); err == nil {
		ln.Close()
		port6, conns6 = connCounter(t, "[::1]:0")
	}
	resolver := resolveTo(map[string][]string{
		"evil.test":     {"127.0.0.1"},
		"intranet.test": {"10.0.0.5"},
		"meta.test":     {"169.254.169.254"},
		"six.test":      {"::1"},
		"mapped.test":   {"::ffff:127.0.0.1"},
		"mixed.test":    {"203.0.113.7", "192.168.1.1"},
		"cgnat.test":    {"100.64.3.4"},
	}, nil)
	for _, tc := range []struct {
		name, url string
		want      []string
		secrets   []string
	}{
		{"http", "http://example.org/a", []string{"example.org", "plain http://", "https://"}, nil},
		{"ftp", "ftp://example.org/a", []string{"example.org", "not ftp:"}, nil},
		{"file", "file:///etc/passwd", []string{"that link", "not file:"}, nil},
		{"javascript", "javascript:alert(1)", []string{"not javascript:"}, nil},
		{"no scheme", "example.org/a", []string{"no scheme", "https://"}, nil},
		{"empty", "  ", []string{"no link"}, nil},
		{"userinfo", "https://ana:s3cret@example.org/a", []string{"example.org", "user name or password"}, []string{"s3cret", "ana:"}},
		{"too long", "https://example.org/" + strings.Repeat("a", MaxURLLength), []string{"more than the 2048"}, nil},
		{"no host", "https:///a", []string{"names no host"}, nil},
		{"loopback by name", "https://evil.test:" + port + "/", []string{"evil.test resolves to 127.0.0.1, a loopback address", "public"}, nil},
		{"loopback literal", "https://127.0.0.1:" + port + "/", []string{"127.0.0.1 is a loopback address"}, nil},
		{"private 10.x", "https://intranet.test/", []string{"10.0.0.5, a private-network address"}, nil},
		{"metadata", "https://meta.test/latest/meta-data/", []string{"169.254.169.254, the cloud metadata address"}, nil},
		{"metadata literal", "https://169.254.169.254/latest/meta-data/", []string{"the cloud metadata address"}, nil},
		{"ipv6 loopback", "https://[::1]:" + port6 + "/", []string{"::1 is a loopback address"}, nil},
		{"ipv6 loopback by name", "https://six.test:" + port6 + "/", []string{"resolves to ::1, a loopback address"}, nil},
		{"ipv4-mapped loopback", "https://[::ffff:127.0.0.1]:" + port + "/", []string{"a loopback address"}, nil},
		{"ipv4-mapped by name", "https://mapped.test:" + port + "/", []string{"a loopback address"}, nil},
		{"one private among public", "https://mixed.test/", []string{"192.168.1.1, a private-network address"}, nil},
		{"cgnat", "https://cgnat.test/", []string{"carrier-grade NAT"}, nil},
		{"unknown name", "https://nowhere.test/", []string{"nowhere.test does not resolve", "check the link"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Fetch(context.Background(), tc.url, FetchOptions{Resolver: resolver})
			refused(t, err, tc.want, tc.secrets...)
		})
	}
	t.Cleanup(func() {
		if n := conns() + conns6(); n != 0 {
			t.Errorf("%d connections reached a refused address", n)
		}
	})
}

func TestBlockedAddr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ip   string
		want string // "" allowed
	}{
		{"127.0.0.1", "loopback"}, {"127.255.0.9", "loopback"}, {"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"}, {"::ffff:10.1.1.1", "private"},
		{"10.0.0.1", "private"}, {"172.16.5.4", "private"}, {"172.31.255.255", "private"}, {"192.168.0.1", "private"},
		{"fc00::1", "private"}, {"fd12:3456::1", "private"},
		{"169.254.169.254", "metadata"}, {"169.254.1.1", "link-local"}, {"fe80::1", "link-local"},
		{"224.0.0.1", "multicast"}, {"239.255.255.250", "multicast"}, {"ff02::1", "multicast"},
		{"0.0.0.0", "this network"}, {"0.1.2.3", "this network"}, {"::", "unspecified"},
		{"100.64.0.1", "carrier-grade"}, {"100.127.255.254", "carrier-grade"},
		{"255.255.255.255", "broadcast"}, {"240.0.0.1", "reserved"},
		{"64:ff9b::7f00:1", "loopback"}, {"::7f00:1", "reserved"},
		{"93.184.216.34", ""}, {"8.8.8.8", ""}, {"172.32.0.1", ""}, {"100.128.0.1", ""},
		{"2606:4700::1111", ""}, {"::ffff:8.8.8.8", ""}, {"64:ff9b::808:808", ""},
	} {
		got := blockedAddr(net.ParseIP(tc.ip))
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("blockedAddr(%s) = %q, want %q", tc.ip, got, tc.want)
		}
	}
}

// A name that resolves to a public address when first looked up and to
// loopback when the connection is made (DNS rebinding) is refused at
// dial time: no connection reaches the loopback listener.
func TestFetchRebindingRefusedAtDial(t *testing.T) {
	t.Parallel()
	port, conns := connCounter(t, "127.0.0.1:0")
	var calls atomic.Int64
	resolver := func(_ context.Context, host string) ([]net.IP, error) {
		if calls.Add(1) == 1 {
			return []net.IP{net.ParseIP("203.0.113.7")}, nil
		}
		return []net.IP{net.ParseIP("127.0.0.1")}, nil
	}
	_, err := Fetch(context.Background(), "https://rebind.test:"+port+"/", FetchOptions{Resolver: resolver})
	refused(t, err, []string{"rebind.test resolves to 127.0.0.1, a loopback address"})
	if calls.Load() != 2 {
		t.Errorf("%d lookups, want 2 (the early check and the dial's)", calls.Load())
	}
	if conns() != 0 {
		t.Errorf("%d connections reached loopback", conns())
	}
}

func TestFetchRedirects(t *testing.T) {
	t.Parallel()
	port, conns := connCounter(t, "127.0.0.1:0")
	mux := http.NewServeMux()
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			fmt.Fprintln(w, "the end")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/to", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("u"), http.StatusMovedPermanently)
	})
	srv, opt := plainServer(t, mux)
	opt.Resolver = resolveTo(map[string][]string{"intranet.test": {"10.0.0.7"}, "evil.test": {"127.0.0.1"}}, nil)
	src, err := Fetch(context.Background(), srv.URL+"/hop/5#top", opt)
	if err != nil {
		t.Fatalf("5 redirects: %v", err)
	}
	if src.URL != srv.URL+"/hop/0" || src.Origin != "the page "+srv.URL+"/hop/0" || strings.TrimSpace(string(src.Raw)) != "the end" {
		t.Errorf("5 redirects: %+v", src)
	}
	for _, tc := range []struct {
		name, path string
		want       []string
	}{
		{"six", "/hop/6", []string{"redirects more than 5 times"}},
		{"to http", "/to?u=http://example.org/a", []string{"redirects to http://example.org", "plain http://"}},
		{"to ftp", "/to?u=ftp://example.org/a", []string{"redirects to ftp://example.org", "not ftp:"}},
		{"to userinfo", "/to?u=https://ana:s3cret@example.org/a", []string{"user name or password"}},
		{"to private", "/to?u=https://intranet.test/", []string{"redirects to https://intranet.test", "10.0.0.7, a private-network address"}},
		{"to metadata", "/to?u=https://169.254.169.254/", []string{"the cloud metadata address"}},
		{"to loopback", "/to?u=https://evil.test:" + port + "/", []string{"127.0.0.1, a loopback address"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Fetch(context.Background(), srv.URL+tc.path, opt)
			fe := refused(t, err, append(tc.want, "127.0.0.1"), "s3cret")
			if tc.name != "six" && strings.HasPrefix(fe.URL, srv.URL) {
				t.Errorf("URL %q: want the redirect's target", fe.URL)
			}
		})
	}
	t.Cleanup(func() {
		if conns() != 0 {
			t.Errorf("%d connections reached loopback", conns())
		}
	})
}

// stall answers nothing (or part of a body) until the request is gone.
func stall(partial bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if partial {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "the first half")
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done()
	}
}

func TestFetchTimeout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		partial bool
	}{{"before the headers", false}, {"mid-body", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, opt := plainServer(t, stall(tc.partial))
			opt.Timeout = 300 * time.Millisecond
			start := time.Now()
			_, err := Fetch(context.Background(), srv.URL, opt)
			took := time.Since(start)
			refused(t, err, []string{"did not arrive in full within 0.3 s", "try again later"})
			if took < opt.Timeout || took > opt.Timeout+2*time.Second {
				t.Errorf("took %v for a %v limit", took, opt.Timeout)
			}
		})
	}
}

// The caller's cancellation ends the fetch with the context's error,
// which is not the user's fault (no ErrBadQuery).
func TestFetchCancelled(t *testing.T) {
	t.Parallel()
	srv, opt := plainServer(t, stall(false))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := Fetch(ctx, srv.URL, opt)
	if !errors.Is(err, context.Canceled) || errors.Is(err, armswatch.ErrBadQuery) {
		t.Fatalf("cancelled: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("cancellation took %v", took)
	}
}

func TestFetchSizeLimit(t *testing.T) {
	t.Parallel()
	body := func(n int, chunked bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			if !chunked {
				w.Header().Set("Content-Length", fmt.Sprint(n))
			}
			line := []byte(strings.Repeat("x", 1023) + "\n")
			for n > 0 {
				k := min(n, len(line))
				if _, err := w.Write(line[:k]); err != nil {
					return
				}
				n -= k
				if chunked {
					w.(http.Flusher).Flush()
				}
			}
		}
	}
	for _, tc := range []struct {
		name    string
		n       int
		chunked bool
		max     int64
		ok      bool
	}{
		{"5 MiB + 1 with Content-Length", MaxFetchBytes + 1, false, 0, false},
		{"5 MiB + 1 without Content-Length", MaxFetchBytes + 1, true, 0, false},
		{"exactly 5 MiB", MaxFetchBytes, true, 0, true},
		{"a small limit", 3000, true, 2 << 10, false},
		{"a small limit met", 2048, true, 2 << 10, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, opt := plainServer(t, body(tc.n, tc.chunked))
			opt.MaxBytes = tc.max
			src, err := Fetch(context.Background(), srv.URL, opt)
			if tc.ok {
				if err != nil || len(src.Raw) != tc.n {
					t.Fatalf("got %d bytes, %v; want %d", len(src.Raw), err, tc.n)
				}
				return
			}
			want := "larger than 5 MiB"
			if tc.max != 0 {
				want = "larger than 2 KiB"
			}
			refused(t, err, []string{want})
		})
	}
}

func TestFetchRefusesAnswers(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/type/{t...}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", r.PathValue("t"))
		fmt.Fprint(w, "%PDF-1.4 binary")
	})
	mux.HandleFunc("/untyped-binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		w.Write([]byte("%PDF-1.4\x00\x01\x02"))
	})
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscan(r.PathValue("code"), &code)
		http.Error(w, "no", code)
	})
	srv, opt := plainServer(t, mux)
	for _, tc := range []struct {
		path   string
		want   []string
		status int
	}{
		{"/type/application/pdf", []string{"the page is application/pdf, not a web page (text/html) or text (text/plain)", "copy the article's text"}, 0},
		{"/type/image/png", []string{"the page is image/png"}, 0},
		{"/type/application/json; charset=utf-8", []string{"the page is application/json"}, 0},
		{"/untyped-binary", []string{"names no type", "application/pdf"}, 0},
		{"/status/404", []string{"the server answered 404 Not Found", "check the link"}, 404},
		{"/status/500", []string{"the server answered 500 Internal Server Error", "try again later"}, 500},
		{"/status/403", []string{"403 Forbidden", "login"}, 403},
	} {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			_, err := Fetch(context.Background(), srv.URL+tc.path, opt)
			fe := refused(t, err, append(tc.want, "127.0.0.1"))
			if fe.Status != tc.status {
				t.Errorf("status %d, want %d", fe.Status, tc.status)
			}
		})
	}
}

// A TLS page in windows-1251, reached through a redirect that sets a
// cookie, goes through Propose: the document's url is the final URL, its
// text decoded once from the header's charset; the fetch sent the
// User-Agent, no cookie, and used no proxy.
func TestFetchThenPropose(t *testing.T) {
	t.Parallel()
	const title = "Пхеньян отправил снаряды в Россию"
	const para = "Пхеньян отправил в Россию более миллиона артиллерийских снарядов, заявил министр обороны Южной Кореи Син Вон Сик во вторник."
	page := "<!doctype html><html><head><title>" + title + "</title></head><body><article><h1>" + title +
		"</h1><p>Автор: Анна Петрова</p><p>" + para + "</p></article></body></html>"
	win, err := charmap.Windows1251.NewEncoder().String(page)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var agents, cookies []string
	mux := http.NewServeMux()
	mux.HandleFunc("/start", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "tracked"})
		http.Redirect(w, r, "/news/article#comments", http.StatusFound)
	})
	mux.HandleFunc("/news/article", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents, cookies = append(agents, r.UserAgent()), append(cookies, r.Header.Get("Cookie"))
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
		w.Write([]byte(win))
	})
	srv, opt := tlsServer(t, mux)
	src, err := Fetch(context.Background(), srv.URL+"/start", opt)
	if err != nil {
		t.Fatal(err)
	}
	if src.ContentType != "text/html; charset=windows-1251" || src.URL != srv.URL+"/news/article" {
		t.Errorf("source %q %q", src.ContentType, src.URL)
	}
	src.Hint = ingest.Meta{Publisher: "Example News", Published: armswatch.MustDate("2023-10-13")}
	p, err := Propose(context.Background(), src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Doc.URL != srv.URL+"/news/article" || p.Doc.Title != title || !strings.Contains(p.Doc.Body, para) {
		t.Errorf("document: url %q title %q body %q", p.Doc.URL, p.Doc.Title, p.Doc.Body)
	}
	if p.Cleaning.Encoding != "windows-1251" {
		t.Errorf("encoding %q", p.Cleaning.Encoding)
	}
	mu.Lock()
	if len(agents) != 1 || agents[0] != FetchUserAgent || cookies[0] != "" {
		t.Errorf("user agents %q, cookies %q", agents, cookies)
	}
	mu.Unlock()
	if tr := (&fetcher{}).client().Transport.(*http.Transport); tr.Proxy != nil {
		t.Error("the transport takes a proxy")
	}
}

// A page that names its charset only in <meta> (ISO-8859-1) is decoded by
// ingest from there.
func TestFetchMetaCharset(t *testing.T) {
	t.Parallel()
	const para = "Le ministre sud-coréen de la Défense a déclaré mardi que Pyongyang a expédié plus d'un million d'obus à la Russie."
	page := `<html><head><meta charset="iso-8859-1"><title>Obus envoyés</title></head><body><h1>Obus envoyés à la Russie</h1><p>` + para + `</p></body></html>`
	latin, err := charmap.ISO8859_1.NewEncoder().String(page)
	if err != nil {
		t.Fatal(err)
	}
	srv, opt := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(latin))
	}))
	src, err := Fetch(context.Background(), srv.URL+"/obus", opt)
	if err != nil {
		t.Fatal(err)
	}
	src.Hint = ingest.Meta{Publisher: "Le Journal"}
	p, err := Propose(context.Background(), src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Doc.Body, para) || p.Doc.URL != srv.URL+"/obus" {
		t.Errorf("document: url %q body %q (encoding %s)", p.Doc.URL, p.Doc.Body, p.Cleaning.Encoding)
	}
}

// A TLS server whose certificate is not trusted is refused with a clear
// message.
func TestFetchUntrustedCertificate(t *testing.T) {
	t.Parallel()
	srv, opt := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	opt.rootCAs = nil
	_, err := Fetch(context.Background(), srv.URL, opt)
	refused(t, err, []string{"certificate is not valid"})
}
