package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/propose"
)

// loopArticle gives three candidates, in this order: Shin's shells
// (asserts), Budanov's containers, the Kremlin's denial.
const loopArticle = `North Korea sent shells to Russia

By Jane Doe

Pyongyang has shipped more than 1 million artillery shells to Russia, South Korea's defence minister Shin Won-sik said on Tuesday.

Ukraine's military intelligence chief Kyrylo Budanov said on Monday that North Korea had delivered 2,000 containers of munitions.

The Kremlin denied receiving any weapons from North Korea.
`

const (
	loopDoc     = "associatedpress-2023-10-13-north-korea-sent-shells-russia"
	loopShin    = "shin-1-million-artillery-shells-f0b7"
	loopBudanov = "budanov-2000-containers-f0b7"
	loopDenial  = "russia-denies-military-equipment-f0b7"
)

// modEnv runs armswatch as a moderator would: a data directory and an
// index of the test's own, USER set, no .env file.
type modEnv struct {
	t     *testing.T
	data  string
	index string
	vars  map[string]string
	fetch propose.FetchOptions
}

func newModEnv(t *testing.T) *modEnv {
	t.Helper()
	m := &modEnv{t: t, data: t.TempDir(), index: filepath.Join(t.TempDir(), "index")}
	m.vars = map[string]string{"USER": "ana", "ENV_FILE": filepath.Join(t.TempDir(), "no.env"), "INDEX_PATH": m.index, "EDITOR": "false"}
	return m
}

// run runs armswatch with stdin and returns stdout, stderr (with the error
// main would print) and the exit status.
func (m *modEnv) run(stdin string, args ...string) (stdout, stderr string, code int) {
	m.t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return m.vars[k] }, fetch: m.fetch}
	err := runEnv(context.Background(), e, args)
	if err != nil && !errors.Is(err, errSilent) {
		errb.WriteString("armswatch: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), exitCode(err)
}

// stage writes the article and proposes it.
func (m *modEnv) stage() {
	m.t.Helper()
	file := filepath.Join(m.t.TempDir(), "shells.txt")
	if err := os.WriteFile(file, []byte(loopArticle), 0o644); err != nil {
		m.t.Fatal(err)
	}
	out, errOut, code := m.run("", "propose", file, "--data", m.data, "--publisher", "Associated Press", "--published", "2023-10-13")
	if code != 0 || !strings.Contains(out, "proposed: "+loopDoc) {
		m.t.Fatalf("propose: exit %d\n%s%s", code, out, errOut)
	}
}

// editorScript writes an executable shell script and returns its path.
func editorScript(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "editor.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func (m *modEnv) staged() *propose.Staged {
	m.t.Helper()
	st, err := propose.New(m.data).Get(loopDoc)
	if err != nil {
		m.t.Fatal(err)
	}
	return st
}

func states(st *propose.Staged) map[string]propose.State {
	out := map[string]propose.State{}
	for _, r := range st.Records {
		out[r.ID] = r.State
	}
	return out
}

func changelog(t *testing.T, dir string) []propose.Change {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, propose.ChangelogFile))
	if err != nil {
		t.Fatal(err)
	}
	var out []propose.Change
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var c propose.Change
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("changelog line %q: %v", line, err)
		}
		out = append(out, c)
	}
	return out
}

// askClaims asks the index the question and returns the claim ids.
func (m *modEnv) askClaims(q string) []string {
	m.t.Helper()
	out, errOut, code := m.run("", "ask", "--data", m.data, "--index", m.index, "--json", q)
	if code != 0 {
		m.t.Fatalf("ask %q: exit %d\n%s", q, code, errOut)
	}
	var a struct {
		Claims []struct {
			ID string `json:"id"`
		} `json:"claims"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		m.t.Fatalf("ask --json: %v\n%s", err, out)
	}
	var ids []string
	for _, c := range a.Claims {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestModeratorLoop runs the whole loop through run(): propose a file,
// review it (accept, edit in a real editor process, reject, publish), ask
// the rebuilt index, retract, ask again.
func TestModeratorLoop(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	if out, errOut, code := m.run("", "check", "--data", m.data); code != 0 {
		t.Fatalf("check with the proposal staged: exit %d\n%s%s", code, out, errOut)
	}
	// The editor changes the figure's text to a longer part of the quote.
	m.vars["EDITOR"] = editorScript(t, `sed -i 's/text: "\{0,1\}2,000"\{0,1\}$/text: 2,000 containers/' "$1"`)
	out, errOut, code := m.run("a\ne\nr\np\n", "review", loopDoc, "--data", m.data)
	if code != 0 {
		t.Fatalf("review: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"[1/3] candidate " + loopShin, "# why: claimant from", "quote: Pyongyang has shipped",
		"accepted: " + loopShin, "edited and accepted: " + loopBudanov, "rejected: " + loopDenial,
		"Published " + loopDoc + " by ana:", "(2 claims: " + loopShin + ", " + loopBudanov + ")",
		"1 rejected record not published", "Indexed 1 document and 2 claims",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("review output lacks %q:\n%s", want, out)
		}
	}
	claims, err := os.ReadFile(filepath.Join(m.data, "claims", loopDoc+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC().Format("2006-01-02")
	for _, want := range []string{"reviewed_by: ana", "reviewed_on: \"" + today + "\"", "text: 2,000 containers"} {
		if !strings.Contains(string(claims), want) {
			t.Errorf("published claims lack %q:\n%s", want, claims)
		}
	}
	if strings.Contains(string(claims), loopDenial) {
		t.Errorf("the rejected record was published:\n%s", claims)
	}
	if _, err := os.Stat(filepath.Join(m.data, "documents", loopDoc+".md")); err != nil {
		t.Errorf("the document was not published: %v", err)
	}
	if _, err := os.Stat(filepath.Join(m.data, propose.ProposalsDir, loopDoc)); !os.IsNotExist(err) {
		t.Errorf("the proposal is still staged: %v", err)
	}
	if log := changelog(t, m.data); len(log) != 1 || log[0].Action != "publish" || log[0].By != "ana" || len(log[0].Claims) != 2 {
		t.Errorf("changelog after publish: %+v", log)
	}
	if out, errOut, code := m.run("", "check", "--data", m.data); code != 0 || !strings.HasPrefix(out, "ok: 1 document, 2 claims") {
		t.Errorf("check after publish: exit %d\n%s%s", code, out, errOut)
	}
	if ids := m.askClaims("containers of munitions"); !containsID(ids, loopBudanov) {
		t.Fatalf("the index does not answer with the published claim: %v", ids)
	}

	out, errOut, code = m.run("", "retract", loopBudanov, "--reason", "the figure is unconfirmed", "--data", m.data, "--index", m.index)
	if code != 0 || !strings.Contains(out, "Retracted "+loopBudanov+" by ana") || !strings.Contains(out, "Claims changed (1): "+loopBudanov) {
		t.Fatalf("retract: exit %d\n%s%s", code, out, errOut)
	}
	if ids := m.askClaims("containers of munitions"); containsID(ids, loopBudanov) {
		t.Errorf("the retracted claim is still answered: %v", ids)
	}
	log := changelog(t, m.data)
	if len(log) != 2 || log[1].Action != "retract" || log[1].Reason != "the figure is unconfirmed" || log[1].Claims[0] != loopBudanov {
		t.Errorf("changelog after retract: %+v", log)
	}
	c, err := armswatch.Load(os.DirFS(m.data))
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range c.Claims {
		if cl.ID == loopBudanov && cl.Status != armswatch.StatusRetracted {
			t.Errorf("%s has status %q", cl.ID, cl.Status)
		}
	}
	// A second retraction is refused, and says why.
	if _, errOut, code := m.run("", "retract", loopBudanov, "--reason", "again", "--data", m.data, "--no-reindex"); code != 1 || !strings.Contains(errOut, "retracted already") {
		t.Errorf("second retract: exit %d, %q", code, errOut)
	}
}

func containsID(ids []string, id string) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}
