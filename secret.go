package armswatch

import (
	"fmt"
	"log/slog"
)

// Secret holds a credential (the bot token, a public key is not one). It
// prints as "[redacted]" through fmt (%v, %+v, %#v, %s), JSON, text
// marshalling and slog, so that it cannot leak into logs, errors or replies
// by accident; Reveal is the one way to read it.
type Secret struct{ value string }

// NewSecret wraps a credential.
func NewSecret(v string) Secret { return Secret{value: v} }

const redacted = "[redacted]"

// Reveal returns the credential itself. Call it only where it is sent to
// the service it authenticates with.
func (s Secret) Reveal() string { return s.value }

// IsZero reports whether no credential is set.
func (s Secret) IsZero() bool { return s.value == "" }

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s.value == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer (%#v).
func (s Secret) GoString() string { return `armswatch.Secret("` + s.String() + `")` }

// Format implements fmt.Formatter so that every verb redacts.
func (s Secret) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(s.String()))
}

// MarshalText implements encoding.TextMarshaler (JSON, YAML).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
