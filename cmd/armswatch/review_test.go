package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch/propose"
)

func TestReviewListsProposals(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	out, errOut, code := m.run("", "review", "--data", m.data)
	if code != 0 || !strings.Contains(out, "No proposal is staged in "+m.data) {
		t.Errorf("nothing staged: exit %d\n%s%s", code, out, errOut)
	}
	m.stage()
	// The only one staged is listed, then reviewed.
	out, errOut, code = m.run("q\n", "review", "--data", m.data)
	if code != 0 || !strings.Contains(out, "1 proposal staged in") || !strings.Contains(out, loopDoc+"  from ") ||
		!strings.Contains(out, "3 pending, 0 accepted, 0 rejected") || !strings.Contains(out, "[1/3] candidate "+loopShin) {
		t.Errorf("one staged: exit %d\n%s%s", code, out, errOut)
	}
	// Two: listed, not reviewed; a batch flag must name one.
	second := strings.Replace(loopArticle, "North Korea sent shells to Russia\n", "Shells for Russia\n", 1)
	file := filepath.Join(t.TempDir(), "second.txt")
	os.WriteFile(file, []byte(second), 0o644)
	if out, errOut, code := m.run("", "propose", file, "--data", m.data, "--publisher", "Associated Press", "--published", "2023-10-14"); code != 0 {
		t.Fatalf("second propose: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = m.run("a\n", "review", "--data", m.data)
	if code != 0 || !strings.Contains(out, "2 proposals staged") || !strings.Contains(out, "Review one with") || strings.Contains(out, "[1/3]") {
		t.Errorf("two staged: exit %d\n%s", code, out)
	}
	if _, errOut, code := m.run("", "review", "--data", m.data, "--accept-all"); code != 2 || !strings.Contains(errOut, "name the one to review") {
		t.Errorf("batch with two staged: exit %d\n%s", code, errOut)
	}
	if st := m.staged(); st.Pending() != 3 {
		t.Errorf("listing changed the proposal: %v", states(st))
	}
}

// Answers that do not end the record, and the end of the input in the
// middle of a review: what was decided is kept, and the next review goes
// on from the first record still pending.
func TestReviewInteractiveAnswers(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	out, _, code := m.run("x\n\np\nq\n", "review", loopDoc, "--data", m.data)
	for _, want := range []string{"Answer a, e, r, s, p or q.", "Not yet: 3 records are still pending; accept, edit or reject them first.", "The review is kept (3 pending", "run \"armswatch review " + loopDoc + " --data " + m.data + "\" to go on"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("quit: exit %d", code)
	}
	out, _, code = m.run("a\n", "review", loopDoc, "--data", m.data)
	if code != 0 || !strings.Contains(out, "accepted: "+loopShin) || !strings.Contains(out, "(end of input)") ||
		!strings.Contains(out, "The review is kept (2 pending, 1 accepted, 0 rejected)") {
		t.Errorf("end of input: exit %d\n%s", code, out)
	}
	out, _, _ = m.run("s\nr\n", "review", loopDoc, "--data", m.data)
	if !strings.Contains(out, "[1/2] candidate "+loopBudanov) || !strings.Contains(out, "skipped: "+loopBudanov) ||
		!strings.Contains(out, "1 record is still pending. The review is kept") {
		t.Errorf("the second review does not go on where the first stopped:\n%s", out)
	}
	want := map[string]propose.State{loopShin: propose.Accepted, loopBudanov: propose.Pending, loopDenial: propose.Rejected}
	if got := states(m.staged()); !equalStates(got, want) {
		t.Errorf("states %v, want %v", got, want)
	}
}

func equalStates(a, b map[string]propose.State) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The editor: a real process for each case; a failure, an invalid record
// or no change leaves the record pending and the proposal valid.
func TestReviewEditor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		vars   func(t *testing.T) map[string]string
		stdin  string
		want   []string
		state  propose.State
		edited string // in the record after the review
	}{
		{name: "editor fails", stdin: "e\nq\n", state: propose.Pending,
			vars: func(t *testing.T) map[string]string { return map[string]string{"EDITOR": editorScript(t, "exit 3")} },
			want: []string{"failed (exit status 3); the record is unchanged.", "[a]ccept, [e]dit, [r]eject, [s]kip, [p]ublish, [q]uit? The review is kept"}},
		{name: "editor missing", stdin: "e\nq\n", state: propose.Pending,
			vars: func(t *testing.T) map[string]string { return map[string]string{"EDITOR": "/nonexistent/editor"} },
			want: []string{`the editor "/nonexistent/editor" failed`}},
		{name: "unchanged", stdin: "e\nq\n", state: propose.Pending,
			vars: func(t *testing.T) map[string]string { return map[string]string{"EDITOR": editorScript(t, "exit 0")} },
			want: []string{"The record is unchanged: nothing was saved."}},
		{name: "invalid, skipped", stdin: "e\nx\ns\nq\n", state: propose.Pending,
			vars: func(t *testing.T) map[string]string {
				return map[string]string{"EDITOR": editorScript(t, `sed -i 's/stance: asserts/stance: maybe/' "$1"`)}
			},
			want: []string{"not saved: the edited record: 1 problem:", "edited record:", "stance", "Answer e or s.", "skipped: " + loopShin + " (still pending; the edit was not kept)", "[2/3] candidate"}},
		{name: "invalid, edited again", stdin: "e\ne\nq\n", state: propose.Edited, edited: "notes: fixed on the second try",
			vars: func(t *testing.T) map[string]string {
				mark := filepath.Join(t.TempDir(), "once")
				return map[string]string{"EDITOR": editorScript(t, `if [ -f `+mark+` ]; then sed -i 's/stance: maybe/stance: asserts\n  notes: fixed on the second try/' "$1"; else touch `+mark+`; sed -i 's/stance: asserts/stance: maybe/' "$1"; fi`)}
			},
			want: []string{"not saved: the edited record", "edited and accepted: " + loopShin}},
		{name: "VISUAL wins, split on spaces", stdin: "e\nq\n", state: propose.Edited, edited: "notes: visual",
			vars: func(t *testing.T) map[string]string {
				script := editorScript(t, `sed -i "s/stance: asserts/stance: asserts\n  notes: $1/" "$2"`)
				return map[string]string{"VISUAL": " /bin/sh  " + script + "   visual ", "EDITOR": "false"}
			},
			want: []string{"edited and accepted: " + loopShin}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := newModEnv(t)
			m.stage()
			for k, v := range tc.vars(t) {
				m.vars[k] = v
			}
			out, errOut, code := m.run(tc.stdin, "review", loopDoc, "--data", m.data)
			if code != 0 {
				t.Errorf("exit %d\n%s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			st := m.staged()
			r, _ := st.Record(loopShin)
			if r.State != tc.state {
				t.Errorf("state %s, want %s", r.State, tc.state)
			}
			if tc.edited != "" && r.Claim.Notes != strings.TrimPrefix(tc.edited, "notes: ") {
				t.Errorf("edited record's notes %q, want %q", r.Claim.Notes, tc.edited)
			}
			if probs := propose.CheckProposals(os.DirFS(m.data)); len(probs) > 0 {
				t.Errorf("the proposal does not pass the checks after the review: %v", probs)
			}
		})
	}
}

func TestReviewBatch(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"--publish"}, 1, []string{"still pending"}},
		{[]string{"--accept", "no-such-record"}, 1, []string{`not accepted: no candidate "no-such-record" in proposal ` + loopDoc}},
		{[]string{"--accept", loopShin, "--reject", loopDenial + ",no-such-record", "--publish"}, 1,
			[]string{"accepted: " + loopShin, "rejected: " + loopDenial, "not rejected:", "1 pending, 1 accepted, 1 rejected", "not published: fix the records above first"}},
		{[]string{"--accept-all", "--publish", "--no-reindex"}, 0,
			[]string{"accepted: " + loopBudanov, "0 pending, 2 accepted, 1 rejected", "Published " + loopDoc, "The index was not rebuilt (--no-reindex)"}},
		{[]string{"--accept-all"}, 1, []string{`no proposal "` + loopDoc + `" is staged`}},
	}
	for _, tc := range tests {
		out, errOut, code := m.run("", append([]string{"review", loopDoc, "--data", m.data}, tc.args...)...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%v: output lacks %q:\n%s%s", tc.args, w, out, errOut)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(m.data, "claims", loopDoc+".yaml")); err != nil {
		t.Errorf("not published: %v", err)
	}
	if log := changelog(t, m.data); len(log) != 1 {
		t.Errorf("changelog: %+v", log)
	}
}

func TestReviewAndRetractErrors(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	noDir := filepath.Join(t.TempDir(), "missing")
	tests := []struct {
		name string
		vars map[string]string
		args []string
		code int
		msg  string
	}{
		{"unknown DOC", nil, []string{"review", "no-such-doc", "--data", m.data}, 1, `no proposal "no-such-doc" is staged in ` + filepath.Join(m.data, "proposals")},
		{"DOC not an id", nil, []string{"review", "../etc", "--data", m.data}, 1, `"../etc" is not a document id`},
		{"two DOCs", nil, []string{"review", "a", "b", "--data", m.data}, 2, "one proposal at a time"},
		{"review without data", nil, []string{"review"}, 2, "no data directory: pass --data DIR or set DATA_DIR"},
		{"review missing data", nil, []string{"review", "--data", noDir}, 1, "open data directory"},
		{"review without a name", map[string]string{"USER": ""}, []string{"review", loopDoc, "--data", m.data}, 2, "say who you are: pass --by NAME"},
		{"retract without reason", nil, []string{"retract", loopShin, "--data", m.data}, 2, "give the reason: --reason TEXT"},
		{"retract two-line reason", nil, []string{"retract", loopShin, "--reason", "a\nb", "--data", m.data}, 2, "--reason: want one line"},
		{"retract without id", nil, []string{"retract", "--reason", "x", "--data", m.data}, 2, "no CLAIM_ID"},
		{"retract unknown claim", nil, []string{"retract", "no-such-claim", "--reason", "x", "--data", m.data}, 1, `no claim record "no-such-claim"`},
		{"retract staged, unpublished", nil, []string{"retract", loopShin, "--reason", "x", "--data", m.data}, 1, `no claim record "` + loopShin + `"`},
		{"retract without data", nil, []string{"retract", loopShin, "--reason", "x"}, 2, "no data directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mm := *m
			mm.t = t
			mm.vars = map[string]string{}
			for k, v := range m.vars {
				mm.vars[k] = v
			}
			for k, v := range tc.vars {
				mm.vars[k] = v
			}
			out, errOut, code := mm.run("", tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.msg) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", code, tc.code, out, errOut, tc.msg)
			}
			if strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic") {
				t.Errorf("a crash:\n%s", errOut)
			}
		})
	}
	if st := m.staged(); st.Pending() != 3 {
		t.Errorf("the errors changed the proposal: %v", states(st))
	}
}

// An interrupt (the context main cancels on SIGINT) while review waits for
// an answer ends the review at once, work kept, exit 130.
func TestReviewInterrupted(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	if _, _, code := m.run("a\n", "review", loopDoc, "--data", m.data); code != 0 {
		t.Fatalf("first review: exit %d", code)
	}
	stdin, w := io.Pipe() // nobody types
	t.Cleanup(func() { w.Close() })
	out := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := &env{stdin: stdin, stdout: out, stderr: io.Discard, getenv: func(k string) string { return m.vars[k] }}
	done := make(chan error, 1)
	go func() { done <- runEnv(ctx, e, []string{"review", loopDoc, "--data", m.data}) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "[1/2] candidate "+loopBudanov) || !strings.HasSuffix(out.String(), "[q]uit? ") {
		if time.Now().After(deadline) {
			t.Fatalf("no prompt:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if exitCode(err) != 130 || !strings.Contains(out.String(), "(interrupted)\nThe review is kept (2 pending, 1 accepted, 0 rejected)") {
			t.Errorf("exit %d (%v)\n%s", exitCode(err), err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("review did not end on the interrupt")
	}
	if r, _ := m.staged().Record(loopShin); r.State != propose.Accepted {
		t.Errorf("the accepted record is now %s", r.State)
	}
}

// A document in which the rules found no candidate says so, instead of
// "every record is reviewed", and may be published alone.
func TestReviewNoCandidates(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	file := filepath.Join(t.TempDir(), "quiet.txt")
	os.WriteFile(file, []byte("A quiet day at the border\n\nNothing happened at the border today, the villagers said.\n"), 0o644)
	if out, errOut, code := m.run("", "propose", file, "--data", m.data, "--published", "2024-01-05"); code != 0 || !strings.Contains(out, "candidates: 0 records") {
		t.Fatalf("propose: exit %d\n%s%s", code, out, errOut)
	}
	ids, _ := propose.New(m.data).List()
	if len(ids) != 1 {
		t.Fatalf("staged %v", ids)
	}
	out, errOut, code := m.run("p\n", "review", ids[0], "--data", m.data, "--no-reindex")
	if code != 0 || !strings.Contains(out, "The rules found no candidate records in this document") || strings.Contains(out, "Every record is reviewed") ||
		!strings.Contains(out, "Published "+ids[0]) {
		t.Errorf("review of a proposal without candidates: exit %d\n%s%s", code, out, errOut)
	}
}

// meanwhile is standard input whose first read (the review waiting at its
// first prompt) runs act first, as another moderator would meanwhile.
type meanwhile struct {
	act  func()
	once bool
	r    io.Reader
}

func (m *meanwhile) Read(p []byte) (int, error) {
	if !m.once {
		m.once = true
		m.act()
	}
	return m.r.Read(p)
}

// A decision on a record that another moderator changed while it was on
// the screen is refused and the record shown again as it now stands: the
// other decision is not overwritten unseen.
func TestReviewRecordChangedMeanwhile(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	in := &meanwhile{r: strings.NewReader("a\na\nq\n"), act: func() {
		if err := propose.New(m.data).Reject(loopDoc, loopShin, "bo"); err != nil {
			t.Error(err)
		}
	}}
	var out, errb bytes.Buffer
	e := &env{stdin: in, stdout: &out, stderr: &errb, getenv: func(k string) string { return m.vars[k] }}
	if err := runEnv(context.Background(), e, []string{"review", loopDoc, "--data", m.data}); err != nil {
		t.Fatalf("review: %v\n%s", err, errb.String())
	}
	text := out.String()
	for _, want := range []string{"changed since it was shown: rejected by bo", "[1/3] candidate " + loopShin + " (rejected)"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The second "a" is the moderator's answer to the record as it now
	// stands: accepted, knowingly.
	if got := states(m.staged())[loopShin]; got != propose.Accepted {
		t.Errorf("%s is %s", loopShin, got)
	}
}
