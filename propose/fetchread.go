package propose

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

const fixSaveFile = "save the page from a browser and propose the file"

// read takes the answer: a 2xx status, text/html or text/plain (sniffed
// when the server names no type), at most f.max bytes, read to the end:
// a larger page is refused, never cut.
func (f *fetcher) read(ctx context.Context, resp *http.Response) (Source, error) {
	final := *resp.Request.URL
	final.Fragment, final.RawFragment, final.User = "", "", nil
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := f.refuseAt(&final, "the server answered "+statusText(resp.StatusCode), statusFix(resp.StatusCode))
		e.Status = resp.StatusCode
		return Source{}, e
	}
	ct := resp.Header.Get("Content-Type")
	if mt := mediaType(ct); ct != "" && mt != "text/html" && mt != "text/plain" {
		return Source{}, f.refuseAt(&final, "the page is "+mt+", not a web page (text/html) or text (text/plain)", "copy the article's text into a file and propose the file")
	}
	if resp.ContentLength > f.max {
		return Source{}, f.tooLarge(&final)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.max+1))
	if err != nil {
		return Source{}, f.failed(ctx, &final, err)
	}
	if int64(len(body)) > f.max {
		return Source{}, f.tooLarge(&final)
	}
	if mt := mediaType(http.DetectContentType(body)); ct == "" && mt != "text/html" && mt != "text/plain" {
		return Source{}, f.refuseAt(&final, "the server names no type and the page does not look like a web page or text ("+mt+")", "copy the article's text into a file and propose the file")
	}
	s := final.String()
	return Source{Raw: body, ContentType: ct, URL: s, Origin: "the page " + s}, nil
}

func (f *fetcher) tooLarge(u *url.URL) *FetchError {
	return f.refuseAt(u, "the page is larger than "+size(f.max), "save the article's text from a browser and propose the file")
}

// refuseAt is a FetchError about the page at u, named by the host of the
// link given; the reason says where the link redirected when it did.
func (f *fetcher) refuseAt(u *url.URL, reason, fix string) *FetchError {
	e := refuse(u, reason, fix)
	if f.first != nil && !strings.EqualFold(u.Host, f.first.Host) {
		e.Reason = "the link redirects to " + redirectTarget(u) + ", where " + reason
		e.Host = refuse(f.first, "", "").Host
	}
	return e
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

func statusFix(code int) string {
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		return "check the link"
	case code == http.StatusUnauthorized || code == http.StatusForbidden || code == http.StatusUnavailableForLegalReasons:
		return "the page needs a login or refuses automated fetches: " + fixSaveFile
	case code == http.StatusTooManyRequests || code >= 500:
		return "try again later, or " + fixSaveFile
	}
	return "check the link, or " + fixSaveFile
}

// mediaType is the type of a Content-Type, lower case, "" when none.
func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
}

// failed turns a failure of the fetch of u into a FetchError, or, when
// the caller cancelled, the context's error.
func (f *fetcher) failed(ctx context.Context, u *url.URL, err error) error {
	if f.parent.Err() != nil {
		return fmt.Errorf("fetch the page from %s: %w", u.Hostname(), f.parent.Err())
	}
	var fe *FetchError
	if errors.As(err, &fe) {
		return fe
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if t, perr := url.Parse(ue.URL); perr == nil {
			u = t
		}
	}
	e := f.refuseAt(u, "the connection failed", "check the link, or try again later")
	var ar *addrRefused
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	var hostErr x509.HostnameError
	var authErr x509.UnknownAuthorityError
	switch {
	case errors.As(err, &ar):
		e = f.refuseAt(u, addrReason(ar), fixPublic)
	case f.timedOut(ctx):
		e = f.refuseAt(u, "the page did not arrive in full within "+seconds(f.timeout), "try again later, or "+fixSaveFile)
	case errors.As(err, &dns):
		e = f.refuseAt(u, "the name "+u.Hostname()+" does not resolve", "check the link")
	case errors.As(err, &cert), errors.As(err, &hostErr), errors.As(err, &authErr):
		e = f.refuseAt(u, "the site's certificate is not valid", "check the link: armswatch does not fetch a site whose certificate fails")
	}
	e.err = err
	return e
}

// addrReason says which address of the host is refused and why.
func addrReason(ar *addrRefused) string {
	if net.ParseIP(ar.host) != nil {
		return ar.ip.String() + " is " + ar.what
	}
	return ar.host + " resolves to " + ar.ip.String() + ", " + ar.what
}
