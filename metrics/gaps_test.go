package metrics

import "testing"

func TestGapCounters(t *testing.T) {
	m := New(Options{})
	ops := OpsHandler(m, func() error { return nil })
	m.GapQuestion()
	m.GapQuestion()
	m.Feedback("down")
	m.Feedback("sideways")
	out := scrape(t, ops)
	if got := value(t, out, `armswatch_gap_questions_total`); got != "2" {
		t.Errorf("gap questions = %s, want 2", got)
	}
	if got := value(t, out, `armswatch_feedback_total{vote="down"}`); got != "1" {
		t.Errorf("down votes = %s, want 1", got)
	}
	if got := value(t, out, `armswatch_feedback_total{vote="up"}`); got != "0" {
		t.Errorf("up votes = %s, want 0", got)
	}
}
