package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/propose"
)

// typedFigure is what a moderator typed into a record, as a refusal of the
// checks quotes it.
const typedFigure = "roughly 987 typed crates"

// refusingPublish is a staging area whose Publish refuses the proposal as
// the checks do, quoting a figure the moderator typed.
type refusingPublish struct{ *propose.Staging }

func (s refusingPublish) Publish(_ context.Context, id, _ string) (*propose.Published, error) {
	return nil, &propose.InvalidError{What: "proposal " + id, Problems: armswatch.ValidationErrors{{
		Path: "claims/" + id + ".yaml", Line: 9, Field: "items[0].quantity.text",
		Message: `"` + typedFigure + `" not found in any quote of this claim (it must be the figure exactly as written)`}}}
}

// TestReviewPublishRefusedLog: a publish the checks refuse shows the
// problems to the moderator on the page, and logs the refusal without the
// problems' text (it quotes what moderators typed) unless LOG_QUERIES.
func TestReviewPublishRefusedLog(t *testing.T) {
	t.Parallel()
	r := newReviewRigWith(t, "http", func(s *propose.Staging) Staging { return refusingPublish{s} })
	page := r.proposeArticle(t)
	for r.staged(t).Pending() > 0 {
		page = updated(t, r.press(t, page, button(t, page, "Reject").CustomID, nil))
	}
	pub := r.press(t, page, button(t, page, "Publish").CustomID, nil)
	r.fake.WaitFor(t, "the publish edit", func() bool { return pub.Edits() > 0 })
	if text := messageText(pub.Original()); !strings.Contains(text, "**Not published:**") || !strings.Contains(text, typedFigure) {
		t.Errorf("the refused publish's page:\n%s", text)
	}
	logs := r.logs.String()
	if !strings.Contains(logs, `"msg":"publish refused"`) {
		t.Errorf("the refusal is not logged:\n%s", logs)
	}
	if strings.Contains(logs, typedFigure) {
		t.Errorf("the logs hold what the moderator typed (%q):\n%s", typedFigure, logs)
	}
}
