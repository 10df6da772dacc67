package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

// queryMarker stands for what a user asks: with LOG_QUERIES=false it must
// not reach stderr.
const queryMarker = "zebramarker7"

// quotingAnswerer fails the way an engine may: with the query in its error.
type quotingAnswerer struct{}

func (quotingAnswerer) Answer(_ context.Context, q armswatch.Query) (armswatch.Answer, error) {
	return armswatch.Answer{Query: q.Text}, fmt.Errorf("answer %q: %w", q.Text, errors.New("segment unreadable"))
}

// TestAskFailureWithholdsTheQuery: a failed answer's error, which main
// prints on stderr ("armswatch: …"), does not carry the query unless
// LOG_QUERIES=true; and a real ask writes nothing of the query on stderr
// (the answer on stdout echoes it, as it should).
func TestAskFailureWithholdsTheQuery(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		logQueries string
		shown      bool
	}{{"", false}, {"false", false}, {"not-a-bool", false}, {"true", true}} {
		var stdout, stderr bytes.Buffer
		e := &env{stdout: &stdout, stderr: &stderr, getenv: getenvFrom(map[string]string{"LOG_QUERIES": tt.logQueries})}
		err := answerOne(context.Background(), e, quotingAnswerer{}, armswatch.Query{Text: queryMarker + " shells"}, false, false)
		if err == nil || exitCode(err) != 1 {
			t.Fatalf("LOG_QUERIES=%q: answerOne = %v, want a failure (exit 1)", tt.logQueries, err)
		}
		if has := strings.Contains(err.Error()+stderr.String(), queryMarker); has != tt.shown {
			t.Errorf("LOG_QUERIES=%q: the query shown %v, want %v: %v", tt.logQueries, has, tt.shown, err)
		}
		if !tt.shown && !strings.Contains(err.Error(), "LOG_QUERIES=true") {
			t.Errorf("the withheld error does not say how to see it: %v", err)
		}
	}

	for _, stdin := range []string{"", queryMarker + "\n"} {
		args := []string{"ask", "--data", fixtureData, "--index", filepath.Join(t.TempDir(), "index"), queryMarker}
		if stdin != "" {
			args[len(args)-1] = "-"
		}
		stdout, stderr, err := runCmd(t, map[string]string{"LOG_QUERIES": "false", "LOG_LEVEL": "debug"}, stdin, args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr)
		}
		if !strings.Contains(stdout, queryMarker) {
			t.Errorf("the answer does not echo the query:\n%s", stdout)
		}
		if strings.Contains(stderr, queryMarker) {
			t.Errorf("stderr carries the query:\n%s", stderr)
		}
	}
}
