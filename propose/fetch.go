package propose

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
)

// FetchOptions bounds and, in tests, opens up Fetch.
type FetchOptions struct {
	// PlainHTTPHost, when set, is the one host:port (an httptest server
	// in tests) that may be fetched over plain http and whose addresses
	// are not checked. Production never sets it.
	PlainHTTPHost string
	Timeout       time.Duration // whole fetch incl. redirects; 0: 10 s (DefaultFetchTimeout)
	MaxBytes      int64         // body limit; 0: 5 MiB (MaxFetchBytes)
	// Resolver, when set (tests), replaces DNS: host -> IPs. nil:
	// net.DefaultResolver.
	Resolver func(ctx context.Context, host string) ([]net.IP, error)

	rootCAs *x509.CertPool // tests: trust an httptest TLS server; nil: the system's
}

// The limits of a fetch.
const (
	MaxFetchBytes       = 5 << 20
	DefaultFetchTimeout = 10 * time.Second
	MaxFetchRedirects   = 5
	MaxURLLength        = 2048
)

// FetchUserAgent is the User-Agent of every fetch.
const FetchUserAgent = "armswatch/1 (+moderator fetch)"

// FetchError is a refused or failed fetch; Error() is one plain sentence
// for the moderator naming the URL's host, the reason and what to do.
// errors.Is(err, armswatch.ErrBadQuery) is true (it is the user's input
// that cannot be used), and errors.As finds an *armswatch.Error with the
// same message, so armswatch.ErrorMessage shows it.
type FetchError struct {
	URL    string // the link refused or that failed (the redirect target for a redirect), without user name or password; "" when it is not a URL
	Host   string // its host; "" when it has none
	Reason string // why: "the server answered 404 Not Found"
	Fix    string // what to do: "check the link"
	Status int    // the HTTP status when the server answered one, else 0
	err    error
}

func (e *FetchError) Error() string {
	where := "that link"
	if e.Host != "" {
		where = "the page from " + e.Host
	}
	return fmt.Sprintf("Cannot fetch %s: %s; %s.", where, e.Reason, e.Fix)
}

// Is makes errors.Is(err, armswatch.ErrBadQuery) true.
func (e *FetchError) Is(target error) bool { return target == armswatch.ErrBadQuery }

// As gives an *armswatch.Error with the message, for front ends.
func (e *FetchError) As(target any) bool {
	if p, ok := target.(**armswatch.Error); ok {
		*p = &armswatch.Error{Code: armswatch.CodeBadQuery, Message: e.Error()}
		return true
	}
	return false
}

func (e *FetchError) Unwrap() error { return e.err }

// Fetch downloads an article for Propose over https: the page's bytes,
// its Content-Type as the server sent it (ingest decodes the charset it
// names, or the page's <meta> one), and as URL the final URL after
// redirects without its #fragment, the page that was read, which becomes
// the document's url. It refuses (a *FetchError) links that are not
// https, carry a user name or password or are longer than MaxURLLength;
// hosts whose addresses are on the host's own networks (loopback,
// private, link-local and the cloud metadata address, CGNAT, multicast,
// reserved), checked again when each connection is made; more than
// MaxFetchRedirects redirects; answers that are not 2xx, not text/html or
// text/plain, or larger than MaxBytes; and fetches that take longer than
// Timeout. No proxy is used and no cookie is kept. When ctx is cancelled
// the error matches ctx.Err() and is no FetchError.
func Fetch(ctx context.Context, rawURL string, opt FetchOptions) (Source, error) {
	f := &fetcher{opt: opt, timeout: cmpOrDur(opt.Timeout, DefaultFetchTimeout), max: opt.MaxBytes, parent: ctx}
	if f.max <= 0 {
		f.max = MaxFetchBytes
	}
	u, ferr := f.checkURL(rawURL)
	if ferr != nil {
		return Source{}, ferr
	}
	f.first = u
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	if err := f.checkHost(ctx, u); err != nil {
		return Source{}, err
	}
	client := f.client()
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Source{}, f.failed(ctx, u, err)
	}
	req.Header.Set("User-Agent", FetchUserAgent)
	req.Header.Set("Accept", "text/html, text/plain;q=0.9")
	resp, err := client.Do(req)
	if err != nil {
		return Source{}, f.failed(ctx, u, err)
	}
	defer resp.Body.Close()
	return f.read(ctx, resp)
}

// fetcher is one fetch.
type fetcher struct {
	opt     FetchOptions
	timeout time.Duration
	max     int64
	first   *url.URL        // the link given
	parent  context.Context // the caller's: its cancellation is no FetchError
}

func (f *fetcher) client() *http.Client {
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialChecked(f.opt.Resolver, f.opt.PlainHTTPHost),
		TLSClientConfig:        &tls.Config{RootCAs: f.opt.rootCAs, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:      true,
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{Transport: tr, CheckRedirect: f.checkRedirect}
}

// refuse is a FetchError about u.
func refuse(u *url.URL, reason, fix string) *FetchError {
	e := &FetchError{Reason: reason, Fix: fix}
	if u != nil {
		c := *u
		c.User = nil
		e.URL, e.Host = c.String(), prose.Fit(c.Hostname(), 100)
	}
	return e
}

// exempt reports whether u is the test host allowed plain http.
func (f *fetcher) exempt(u *url.URL) bool {
	if f.opt.PlainHTTPHost == "" {
		return false
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return net.JoinHostPort(u.Hostname(), port) == f.opt.PlainHTTPHost
}

func cmpOrDur(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// seconds is d for a message: "10 s", "0.3 s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'g', -1, 64) + " s"
}

// size is n bytes for a message: "5 MiB", "64 KiB", "100 bytes".
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return prose.Count(int(n), "byte", "bytes")
}

// timedOut reports whether err comes from the fetch's own time limit.
func (f *fetcher) timedOut(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.DeadlineExceeded) && f.parent.Err() == nil
}
