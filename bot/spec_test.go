package bot

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/bwmarrin/discordgo"
)

var (
	specOnce sync.Once
	spec     *discordtest.Spec
	specErr  error
)

// discordSpec is Discord's OpenAPI spec, or nil (the caller then checks
// only the limits) when it is absent here; CI always has it.
func discordSpec(t testing.TB) *discordtest.Spec {
	t.Helper()
	specOnce.Do(func() {
		path, err := discordtest.FindSpec()
		if err != nil {
			specErr = err
			return
		}
		spec, specErr = discordtest.LoadSpec(path)
	})
	if specErr != nil {
		if errors.Is(specErr, discordtest.ErrSpecNotFound) {
			t.Logf("not validating against Discord's OpenAPI spec: %v", specErr)
			return nil
		}
		t.Fatalf("load Discord's OpenAPI spec: %v", specErr)
	}
	return spec
}

// checkSpec validates what the core returns as the bodies the transports
// send: the interaction callback and the edit of the original response.
func checkSpec(t testing.TB, r Response, edit *discordgo.WebhookEdit) {
	t.Helper()
	s := discordSpec(t)
	if s == nil {
		return
	}
	if r.Initial != nil {
		body, err := json.Marshal(r.Initial)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ValidateRequest("POST", "/interactions/1180000000000009001/tok/callback", body); err != nil {
			t.Errorf("callback against the spec: %v\n%s", err, body)
		}
	}
	if edit != nil {
		body, err := json.Marshal(edit)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ValidateRequest("PATCH", "/webhooks/"+FixtureAppID+"/tok/messages/@original", body); err != nil {
			t.Errorf("edit against the spec: %v\n%s", err, body)
		}
	}
}
