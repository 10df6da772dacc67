package bot

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/index"
	"github.com/armswatch/armswatch/internal/readonlytest"
)

// copyDir copies the files under src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// badClaim quotes a sentence its document does not contain.
const badClaim = `- id: fx-bad-quote
  statement: A claim whose quote is not in its source.
  claimant: Nobody In Particular
  stance: asserts
  said_on: 2024-03
  supplier: North Korea
  recipient: Russia
  items:
    - category: artillery-shell
      quantity: {text: "ten", value: 10, qualifier: exact, measure: delivered}
  appearances:
    - doc: fx-en-containers
      quote: This sentence appears in no fixture document at all.
`

// TestRealIndexReindexFailsWhileAnswering runs the gateway over the real
// on-disk index of the index package's fixture data set: /claims is
// answered; a claim with a quote that is not in its source is added to the
// data directory; /reindex by a moderator is deferred and edited with the
// validation error (file:line); /claims keeps being answered from the
// previous index.
func TestRealIndexReindexFailsWhileAnswering(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	copyDir(t, filepath.Join("..", "index", "testdata", "fixture"), dataDir)
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Options{Path: t.TempDir(), Data: os.DirFS(dataDir), DataLabel: "test data"})
	if err != nil {
		t.Fatalf("open the index: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	before := ix.Stats()

	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, ix, nil)
	startGateway(t, fake, b)
	tr := gatewayTransport(fake)
	ask := func() string {
		t.Helper()
		in := tr.send(t, LoadFixtureRaw(t, "claims_guild.json"))
		text := callbackText(in.Callbacks()[0])
		if strings.Contains(text, "Nothing in the data supports") {
			t.Fatalf("no answer about shells from the fixture data:\n%s", text)
		}
		return text
	}
	first := ask()

	if err := os.WriteFile(filepath.Join(dataDir, "claims", "zz-bad.yaml"), []byte(badClaim), 0o644); err != nil {
		t.Fatal(err)
	}
	re := tr.send(t, LoadFixtureRaw(t, "reindex_moderator.json"))
	fake.WaitFor(t, "the reindex reply's edit", func() bool { return re.Edits() > 0 })
	text := messageText(re.Original())
	if !strings.Contains(text, "claims/zz-bad.yaml:13") {
		t.Fatalf("the reindex reply does not name the bad file and line:\n%s", text)
	}
	if after := ask(); after != first {
		t.Errorf("the answer changed after a failed reindex:\nbefore:\n%s\nafter:\n%s", first, after)
	}
	if got := ix.Stats(); got.Claims != before.Claims || got.Fingerprint != before.Fingerprint {
		t.Errorf("the index in service changed: %+v -> %+v", before, got)
	}
}

// readOnlyReindex is a real index whose Reindex fails as the index's does
// on a read-only directory, for a system where the test cannot make one
// (root without CAP_SYS_ADMIN): a mkdir of the new generation refused.
type readOnlyReindex struct{ *index.Index }

func (r readOnlyReindex) Reindex(context.Context) (armswatch.ReindexReport, error) {
	return armswatch.ReindexReport{}, fmt.Errorf("reindex from test data: %w",
		&fs.PathError{Op: "mkdir", Path: filepath.Join(r.Path(), "gen-1-deadbeef"), Err: syscall.EACCES})
}

// TestRealIndexReindexReadOnly makes the directory of a real on-disk index
// read-only (chmod 0555, or as root a read-only bind mount: readonlytest.Make)
// and runs /reindex as a moderator: the reply says the index directory is
// not writable and names it, the outcome is an error, and /claims keeps
// being answered. Where no directory can be made read-only (root without
// CAP_SYS_ADMIN), the index's Reindex error is built as the index returns
// it (a *fs.PathError of EACCES), and the test says so.
func TestRealIndexReindexReadOnly(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	copyDir(t, filepath.Join("..", "index", "testdata", "fixture"), dataDir)
	idxDir := filepath.Join(t.TempDir(), "index")
	ix, err := index.Open(context.Background(), index.Options{Path: idxDir, Data: os.DirFS(dataDir), DataLabel: "test data"})
	if err != nil {
		t.Fatalf("open the index: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	var eng Engine = ix
	if readonlytest.Make(t, idxDir) == nil {
		t.Log("no directory can be made read-only here (root without CAP_SYS_ADMIN): the index's error is constructed")
		eng = readOnlyReindex{ix}
	}
	obs := &recordingObserver{}
	var logs logBuffer
	cfg := FixtureConfig()
	cfg.Observer = obs
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	b, err := New(cfg, eng)
	if err != nil {
		t.Fatal(err)
	}
	resp := b.Handle(context.Background(), LoadInteraction(t, "reindex_moderator.json"))
	if resp.Then == nil {
		t.Fatalf("not deferred: %s", ResponseText(resp.Initial))
	}
	edit, err := resp.Then(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	text := EditText(edit)
	for _, want := range []string{"is not writable", idxDir, "keeps answering"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reply does not say %q:\n%s", want, text)
		}
	}
	if got := obs.last(); got != (observed{cmdReindex, OutcomeError}) {
		t.Errorf("observed %+v, want a reindex error", got)
	}
	if !strings.Contains(logs.String(), `"level":"ERROR"`) || !strings.Contains(logs.String(), idxDir) {
		t.Errorf("the failure is not logged with the directory:\n%s", logs.String())
	}
	ans := b.Handle(context.Background(), LoadInteraction(t, "claims_guild.json"))
	if text := ResponseText(ans.Initial); strings.Contains(text, "Nothing in the data supports") || strings.Contains(text, "Sorry") {
		t.Errorf("/claims after the failed reindex:\n%s", text)
	}
}
