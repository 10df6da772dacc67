package armswatch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretNeverPrints(t *testing.T) {
	const token = "MTIzNDU2Nzg5.secret-token-value"
	s := NewSecret(token)
	type wrapper struct {
		Token Secret
		Name  string
	}
	w := wrapper{Token: s, Name: "x"}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outputs = append(outputs, fmt.Sprintf(verb, s), fmt.Sprintf(verb, w), fmt.Sprintf(verb, &w))
	}
	j, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, string(j))
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	log.Debug("config", "token", s, "w", w)
	text := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	text.Debug("config", "token", s, "w", w)
	outputs = append(outputs, buf.String())
	for _, out := range outputs {
		if strings.Contains(out, token) || strings.Contains(out, "secret-token") {
			t.Errorf("secret leaked: %s", out)
		}
	}
	if s.Reveal() != token {
		t.Errorf("Reveal() = %q", s.Reveal())
	}
	if NewSecret("").String() != "" || !NewSecret("").IsZero() {
		t.Error("empty secret should print empty and be zero")
	}
}
