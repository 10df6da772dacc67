package bot

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/internal/testwait"
)

// damagedEngine is an engine whose index reports damage, as
// index.Index.Damaged does.
type damagedEngine struct {
	Engine
	why string
}

func (e damagedEngine) Damaged() (bool, string) { return e.why != "", e.why }

// /healthz of the HTTP endpoint says "degraded: …" (200) while the
// engine's index is damaged.
func TestHTTPHealthDegradedIndex(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	why := "the index is damaged (bodies.dat: document x: document body is corrupt); rebuilding it from the data"
	b, _ := newE2EBot(t, fake, damagedEngine{Engine: NewFixtureEngine(), why: why}, nil)
	endpoint, stop := startHTTP(t, b)
	defer stop()
	if !testwait.Until(b.Healthy) {
		t.Fatal("not healthy while serving")
	}
	resp, err := http.Get(strings.TrimSuffix(endpoint, "/interactions") + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "degraded: "+why+"\n" {
		t.Errorf("/healthz: %d %q", resp.StatusCode, body)
	}
}
