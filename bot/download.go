package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// DefaultAttachmentOrigins are Discord's CDN hosts, the only places the bot
// downloads attachments from unless Config.AttachmentOrigins says otherwise.
var DefaultAttachmentOrigins = []string{"https://cdn.discordapp.com", "https://media.discordapp.net"}

// normalizeOrigins checks the configured attachment origins: each is an
// http or https URL with a host and nothing after it (a trailing "/" is
// allowed). They come back as scheme://host[:port], lower case.
func normalizeOrigins(in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, raw := range in {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("attachment origin %q: want scheme://host[:port], such as https://cdn.discordapp.com", raw)
		}
		out = append(out, originOf(u))
	}
	return out, nil
}

func originOf(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

// originAllowed reports whether u is on one of the attachment origins.
func (b *Bot) originAllowed(u *url.URL) bool {
	return u != nil && u.User == nil && slices.Contains(b.attachmentOrigins, originOf(u))
}

// attachmentURL picks the attachment's URL (or its proxy URL) that is on an
// allowed origin.
func (b *Bot) attachmentURL(att *discordgo.MessageAttachment) (string, error) {
	for _, raw := range []string{att.URL, att.ProxyURL} {
		if raw == "" {
			continue
		}
		if u, err := url.Parse(raw); err == nil && b.originAllowed(u) {
			return u.String(), nil
		}
	}
	hosts := make([]string, 0, 2)
	for _, raw := range []string{att.URL, att.ProxyURL} {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			hosts = append(hosts, u.Scheme+"://"+u.Host)
		}
	}
	return "", fmt.Errorf("attachment URL not on an allowed origin (%s)", strings.Join(hosts, ", "))
}

// errTooLarge: a download is larger than allowed.
var errTooLarge = errors.New("download larger than allowed")

// errNotAllowed: a download redirected off the allowed origins.
var errNotAllowed = errors.New("redirected to a host that is not allowed")

// download fetches u (on an allowed origin) within downloadBudget and
// returns at most limit bytes: a larger body (by its Content-Length, or
// while it is read) is errTooLarge. Errors never carry the URL.
func (b *Bot) download(ctx context.Context, u string, limit int64) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, b.downloadBudget)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, errors.New("download: bad URL")
	}
	req.Header.Set("User-Agent", "DiscordBot (https://github.com/armswatch/armswatch, "+b.cfg.Version+")")
	client := &http.Client{
		CheckRedirect: func(r *http.Request, via []*http.Request) error {
			if len(via) >= 3 {
				return errors.New("too many redirects")
			}
			if !b.originAllowed(r.URL) {
				return errNotAllowed
			}
			return nil
		},
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL
		}
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download: HTTP status %d", resp.StatusCode)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("download: %w (Content-Length %d)", errTooLarge, resp.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("download: read: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("download: %w", errTooLarge)
	}
	return body, nil
}
