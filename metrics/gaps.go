package metrics

import "github.com/prometheus/client_golang/prometheus"

// gapMetrics count the opt-in gap recording (RECORD_GAPS): questions the
// data could not answer, and the feedback pressed under answers.
type gapMetrics struct {
	questions prometheus.Counter
	feedback  *prometheus.CounterVec
}

func newGapMetrics(reg *prometheus.Registry) gapMetrics {
	g := gapMetrics{
		questions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "armswatch_gap_questions_total",
			Help: "Questions recorded as gaps (no answer, items no claim is about, or only loose matches), with RECORD_GAPS=true.",
		}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "armswatch_feedback_total",
			Help: "Feedback buttons counted under /claims answers, by vote (up or down), with RECORD_GAPS=true.",
		}, []string{"vote"}),
	}
	g.feedback.WithLabelValues("up")
	g.feedback.WithLabelValues("down")
	reg.MustRegister(g.questions, g.feedback)
	return g
}

// GapQuestion counts one question recorded as a gap (bot.GapObserver).
func (m *Metrics) GapQuestion() { m.gaps.questions.Inc() }

// Feedback counts one feedback vote, "up" or "down" (bot.GapObserver).
func (m *Metrics) Feedback(vote string) {
	if vote != "up" && vote != "down" {
		return
	}
	m.gaps.feedback.WithLabelValues(vote).Inc()
}
