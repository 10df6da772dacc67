package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// goldenTimelines are /timeline requests over the bundled data whose
// replies are kept in testdata/golden/ (go test ./bot -run Golden -update
// rewrites them): the edit exactly as its payload_json is sent, then each
// attached file (text files in full; the chart by its size, since its
// bytes are timeline's golden test's business).
var goldenTimelines = []struct{ name, item, claimant string }{
	{"shells", "shells", ""},
	{"missiles-kostin", "missiles", "Kostin"},
	{"containers", "containers", ""},
	{"unknown-item", "bananas", ""},
}

func TestGoldenTimeline(t *testing.T) {
	t.Parallel()
	ix := openBundled(t)
	cfg := FixtureConfig()
	cfg.RateLimit = RateLimit{PerMinute: 1e6, Burst: 1e6}
	b, err := New(cfg, ix)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range goldenTimelines {
		t.Run(g.name, func(t *testing.T) {
			resp := b.Handle(context.Background(), timelineInteraction(g.item, g.claimant))
			checkReply(t, 0, "timeline", resp) // runs Then once to check it
			edit, _ := resp.Then(context.Background())
			var out bytes.Buffer
			fmt.Fprintf(&out, "// /timeline item:%s claimant:%s\n", g.item, g.claimant)
			js, err := json.MarshalIndent(edit, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			out.Write(js)
			out.WriteString("\n")
			for _, f := range edit.Files {
				data, _ := io.ReadAll(f.Reader)
				fmt.Fprintf(&out, "\n// file %s (%s)\n", f.Name, f.ContentType)
				if f.ContentType == "image/png" {
					img, err := png.Decode(bytes.NewReader(data))
					if err != nil {
						t.Fatalf("%s: %v", f.Name, err)
					}
					fmt.Fprintf(&out, "PNG %d×%d\n", img.Bounds().Dx(), img.Bounds().Dy())
					continue
				}
				out.Write(data)
				if !strings.HasSuffix(string(data), "\n") {
					out.WriteString("\n")
				}
			}
			compareGolden(t, filepath.Join("testdata", "golden", "timeline-"+g.name+".txt"), out.Bytes())
		})
	}
}
