package propose

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/armswatch/armswatch/internal/prose"
)

const (
	fixHTTPS  = "give the page's full https:// address"
	fixPublic = "armswatch fetches only pages on the public internet: give the page's public https:// address, or save the page and propose the file"
)

// checkURL parses the link and refuses what is never fetched: another
// scheme than https (http only for the exempt test host), a user name or
// password, no host, more than MaxURLLength characters.
func (f *fetcher) checkURL(raw string) (*url.URL, *FetchError) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, refuse(nil, "no link was given", fixHTTPS)
	}
	if n := utf8.RuneCountInString(raw); n > MaxURLLength {
		return nil, refuse(nil, fmt.Sprintf("the link is %d characters long, more than the %d accepted", n, MaxURLLength), "give the page's address without tracking parameters, or save the page and propose the file")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, refuse(nil, "it is not a web address", fixHTTPS)
	}
	return u, f.checkParsed(u)
}

// checkParsed refuses a parsed link (the one given, or a redirect's
// target) that is never fetched.
func (f *fetcher) checkParsed(u *url.URL) *FetchError {
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme == "":
		return refuse(u, "the link has no scheme", "give the full address, starting with https://")
	case scheme == "http" && !f.exempt(u):
		return refuse(u, "it is a plain http:// link, which anyone on the way can read or change", "give the page's https:// address")
	case scheme != "https" && scheme != "http":
		return refuse(u, fmt.Sprintf("armswatch fetches only https:// links, not %s: ones", prose.Fit(scheme, 20)), fixHTTPS+", or save the page and propose the file")
	case u.User != nil:
		return refuse(u, "the link carries a user name or password", "remove it: armswatch fetches only public pages and never sends credentials")
	case u.Hostname() == "":
		return refuse(u, "the link names no host", fixHTTPS)
	}
	return nil
}

// checkHost resolves the link's host and refuses it early, with the
// address in the message, when an address is on the host's own networks.
// It is a courtesy: the guarantee is the check made again when the
// connection is dialled (dialChecked), which a name resolving elsewhere
// the second time cannot pass.
func (f *fetcher) checkHost(ctx context.Context, u *url.URL) error {
	if f.exempt(u) {
		return nil
	}
	ips, err := lookup(ctx, f.opt.Resolver, u.Hostname())
	if err == nil {
		err = checkAddrs(u.Hostname(), ips)
	}
	if err != nil {
		return f.failed(ctx, u, err)
	}
	return nil
}

// checkRedirect allows at most MaxFetchRedirects redirects, each to a
// link checkParsed accepts; the addresses are checked when dialled.
func (f *fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxFetchRedirects {
		return refuse(via[0].URL, fmt.Sprintf("it redirects more than %d times", MaxFetchRedirects), "give the address of the page itself (the one the browser ends on)")
	}
	if e := f.checkParsed(req.URL); e != nil {
		e.Reason = "the link redirects to " + redirectTarget(req.URL) + ", and " + e.Reason
		e.Host = prose.Fit(via[0].URL.Hostname(), 100)
		return e
	}
	return nil
}

// redirectTarget names a redirect's target in a message: scheme and
// host, never a user name or password.
func redirectTarget(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + prose.Fit(u.Host, 100)
}
