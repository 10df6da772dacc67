package bot

import (
	"context"

	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"

	"github.com/armswatch/armswatch/propose"
)

// publishedMeanwhile is a staging area where another moderator publishes
// the proposal just before this one's Publish runs.
type publishedMeanwhile struct{ *propose.Staging }

func (s publishedMeanwhile) Publish(ctx context.Context, id, by string) (*propose.Published, error) {
	if _, err := s.Staging.Publish(ctx, id, "discord:other"); err != nil {
		return nil, err
	}
	return s.Staging.Publish(ctx, id, by)
}

// TestReviewPublishConflicts: a publish that finds documents/<id>.md there
// already with other content, or the proposal published by another
// moderator between the press and the publish, is told on the page (what
// happened, what to do), not as an unexplained failure; the first keeps
// the proposal staged and the file there untouched.
func TestReviewPublishConflicts(t *testing.T) {
	t.Parallel()
	t.Run("document exists", func(t *testing.T) {
		t.Parallel()
		r := newReviewRig(t, "http")
		page := r.proposeArticle(t)
		for r.staged(t).Pending() > 0 {
			page = updated(t, r.press(t, page, button(t, page, "Reject").CustomID, nil))
		}
		id := r.staged(t).ID
		docFile := filepath.Join(r.dataDir, "documents", id+".md")
		other := []byte("---\ntitle: \"Another article\"\n---\n\nSomething else.\n")
		if err := os.WriteFile(docFile, other, 0o644); err != nil {
			t.Fatal(err)
		}
		pub := r.press(t, page, button(t, page, "Publish").CustomID, nil)
		r.fake.WaitFor(t, "the publish edit", func() bool { return pub.Edits() > 0 })
		text := messageText(pub.Original())
		for _, want := range []string{"**Not published:**", "documents/" + id + ".md exists already", "rename or remove"} {
			if !strings.Contains(text, want) {
				t.Errorf("the refused publish lacks %q:\n%s", want, text)
			}
		}
		if got, _ := os.ReadFile(docFile); string(got) != string(other) {
			t.Errorf("the document there was overwritten:\n%s", got)
		}
		if ids, _ := r.staging.List(); len(ids) != 1 {
			t.Errorf("staged after the refusal: %v", ids)
		}
	})
	t.Run("published meanwhile", func(t *testing.T) {
		t.Parallel()
		r := newReviewRigWith(t, "gateway", func(s *propose.Staging) Staging { return publishedMeanwhile{s} })
		page := r.proposeArticle(t)
		for r.staged(t).Pending() > 0 {
			page = updated(t, r.press(t, page, button(t, page, "Reject").CustomID, nil))
		}
		pub := r.press(t, page, button(t, page, "Publish").CustomID, nil)
		r.fake.WaitFor(t, "the publish edit", func() bool { return pub.Edits() > 0 })
		text := messageText(pub.Original())
		if !strings.Contains(text, "is no longer staged") || strings.Contains(text, "went wrong") {
			t.Errorf("a publish beaten by another moderator:\n%s", text)
		}
	})
}

// TestProposePublishedArticleAgain: /propose of an article once it is
// published stages it under an id of its own, and the page says which
// published document has its title or url.
func TestProposePublishedArticleAgain(t *testing.T) {
	t.Parallel()
	r := newReviewRig(t, "http")
	page := r.proposeArticle(t)
	id := r.staged(t).ID
	for r.staged(t).Pending() > 0 {
		page = updated(t, r.press(t, page, button(t, page, "Reject").CustomID, nil))
	}
	pub := r.press(t, page, button(t, page, "Publish").CustomID, nil)
	r.fake.WaitFor(t, "the publish edit", func() bool { return pub.Edits() > 0 })
	if text := messageText(pub.Original()); !strings.Contains(text, "Published "+id) {
		t.Fatalf("publish:\n%s", text)
	}
	attID := "1180000000000000798"
	r.fake.PutAttachment(attID, "text/plain; charset=utf-8", r.fixture.AttachmentData["1180000000000000701"])
	in := r.tr.send(t, proposePayload(t, r.fixture.Raw, attID, nil))
	r.fake.WaitFor(t, "the second review page", func() bool { return in.Edits() > 0 })
	text := messageText(in.Original())
	if !strings.Contains(text, "The data has "+escape(id)+" with this title or url already") || !strings.Contains(text, "Candidate 1 of") {
		t.Errorf("the page of an article proposed again:\n%s", text)
	}
	if st := r.staged(t); st.ID == id {
		t.Errorf("staged under the published id %s", id)
	}
}

// refusingSave is a staging area whose Save refuses the document as
// propose does one the loader refuses.
type refusingSave struct{ *propose.Staging }

func (s refusingSave) Save(p *propose.Proposal, _, _ string) (*propose.Staged, error) {
	return nil, &propose.InvalidError{What: "the document " + p.Doc.ID + " (nothing was staged)",
		Problems: armswatch.ValidationErrors{{Path: "documents/" + p.Doc.ID + ".md", Message: "too large (9.0 MiB; the limit is 8 MiB)"}}}
}

// TestProposeStageRefused: a document the checks refuse to stage is said
// with the problem, and the preview files are still attached.
func TestProposeStageRefused(t *testing.T) {
	t.Parallel()
	r := newReviewRigWith(t, "http", func(s *propose.Staging) Staging { return refusingSave{s} })
	in := r.tr.send(t, r.fixture.Raw)
	r.fake.WaitFor(t, "the reply", func() bool { return in.Edits() > 0 })
	text := messageText(in.Original())
	if !strings.Contains(text, "Nothing was staged") || !strings.Contains(text, "too large") || strings.Contains(text, "went wrong") || len(in.Files()) != 2 {
		t.Errorf("a refused stage (%d files):\n%s", len(in.Files()), text)
	}
}

// TestRetractRetractedMeanwhile: /retract of a record retracted already in
// the data, but not yet out of the index (retracted from the command line
// with --no-reindex, say), says so instead of failing.
func TestRetractRetractedMeanwhile(t *testing.T) {
	t.Parallel()
	r := newReviewRig(t, "http")
	corpus, err := r.ix.Corpus()
	if err != nil || len(corpus.Claims) == 0 {
		t.Fatalf("the fixture's claims: %v", err)
	}
	id := corpus.Claims[0].ID
	if _, err := r.staging.Retract(context.Background(), id, "retracted in the terminal", "ana"); err != nil {
		t.Fatal(err)
	}
	in := r.command(t, "retract", map[string]string{"id": id, "reason": "A second time."})
	r.fake.WaitFor(t, "the reply", func() bool { return in.Edits() > 0 || len(in.Callbacks()) > 0 && in.Callbacks()[0].Type != 5 })
	text := callbackText(in.Callbacks()[0])
	if in.Edits() > 0 {
		text = messageText(in.Original())
	}
	if !strings.Contains(text, "retracted already") || strings.Contains(text, "went wrong") {
		t.Errorf("a second retraction:\n%s", text)
	}
}
