package propose

import (
	"context"
	"errors"
	"net"
	"net/netip"
)

// blockedRanges are the addresses a fetch never connects to, with the
// reason a moderator is told: the host's own network, whatever a name
// resolves to (DNS rebinding included).
var blockedRanges = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "a \"this network\" address"},
	{netip.MustParsePrefix("10.0.0.0/8"), "a private-network address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a carrier-grade NAT (shared) address"},
	{netip.MustParsePrefix("127.0.0.0/8"), "a loopback address"},
	{netip.MustParsePrefix("169.254.169.254/32"), "the cloud metadata address"},
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local address"},
	{netip.MustParsePrefix("172.16.0.0/12"), "a private-network address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "a reserved address"},
	{netip.MustParsePrefix("192.168.0.0/16"), "a private-network address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a reserved address"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast address"},
	{netip.MustParsePrefix("255.255.255.255/32"), "the broadcast address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
	{netip.MustParsePrefix("::/128"), "the unspecified address"},
	{netip.MustParsePrefix("::1/128"), "a loopback address"},
	{netip.MustParsePrefix("::/96"), "a reserved address"}, // IPv4-compatible, deprecated
	{netip.MustParsePrefix("fc00::/7"), "a private-network address"},
	{netip.MustParsePrefix("fe80::/10"), "a link-local address"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast address"},
}

// nat64 embeds an IPv4 address in its last four bytes.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// blockedAddr says why ip may not be fetched from ("a loopback
// address"), or "" when it may. IPv4-mapped (::ffff:a.b.c.d) and NAT64
// forms are judged by their IPv4 address.
func blockedAddr(ip net.IP) string {
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return "not an IP address"
	}
	a = a.Unmap()
	if a.Is6() && nat64.Contains(a) {
		b := a.As16()
		a = netip.AddrFrom4([4]byte(b[12:]))
	}
	for _, r := range blockedRanges {
		if r.prefix.Contains(a) {
			return r.what
		}
	}
	return ""
}

// addrRefused is a dial refused because of the address a host resolves
// to; fetchError turns it into the moderator's message.
type addrRefused struct {
	host string
	ip   net.IP
	what string
}

func (e *addrRefused) Error() string {
	return "refused to connect to " + e.host + " at " + e.ip.String() + ": " + e.what
}

// lookup resolves host with the resolver given, or DNS. An IP literal is
// itself. A failure is a *net.DNSError, or the context's error.
func lookup(ctx context.Context, resolve func(context.Context, string) ([]net.IP, error), host string) ([]net.IP, error) {
	if ip := net.ParseIP(host); ip != nil {
		return []net.IP{ip}, nil
	}
	if resolve == nil {
		resolve = func(ctx context.Context, host string) ([]net.IP, error) {
			return net.DefaultResolver.LookupIP(ctx, "ip", host)
		}
	}
	ips, err := resolve(ctx, host)
	if err == nil && len(ips) == 0 {
		err = errors.New("no addresses")
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var dns *net.DNSError
		if !errors.As(err, &dns) {
			err = &net.DNSError{Err: err.Error(), Name: host, IsNotFound: true}
		}
		return nil, err
	}
	return ips, nil
}

// checkAddrs refuses the host when any of its addresses is blocked: a
// name that lists an internal address beside a public one is not
// fetched either.
func checkAddrs(host string, ips []net.IP) error {
	for _, ip := range ips {
		if what := blockedAddr(ip); what != "" {
			return &addrRefused{host: host, ip: ip, what: what}
		}
	}
	return nil
}

// dialChecked is the transport's DialContext: it resolves the host, checks
// every address, then dials the checked address literals in turn, so that
// a name resolving elsewhere between a check and the connection cannot
// reach the host's network. The exempt host:port (tests) is dialled as
// it is.
func dialChecked(resolve func(context.Context, string) ([]net.IP, error), exempt string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if exempt != "" && addr == exempt {
			return d.DialContext(ctx, network, addr)
		}
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ips, err := lookup(ctx, resolve, host)
		if err != nil {
			return nil, err
		}
		if err := checkAddrs(host, ips); err != nil {
			return nil, err
		}
		var errs []error
		for _, ip := range ips {
			c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
			if err == nil {
				return c, nil
			}
			errs = append(errs, err)
		}
		return nil, errors.Join(errs...)
	}
}
