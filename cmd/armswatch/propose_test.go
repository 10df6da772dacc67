package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
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
	if out, errOut, code := m.run("", "check", "--data", m.data); code != 0 || !strings.Contains(out, "ok: 1 proposal checked (staged, not served)") {
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

func TestProposeErrors(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	article := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(article, []byte(loopArticle), 0o644)
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	tests := []struct {
		name  string
		vars  map[string]string
		stdin string
		args  []string
		code  int
		msg   string
	}{
		{"no argument", nil, "", []string{"--data", m.data}, 2, "no FILE, URL or - given"},
		{"two arguments", nil, "", []string{"a", "b", "--data", m.data}, 2, "one article at a time"},
		{"no data directory", nil, "", []string{article}, 2, "no data directory: pass --data DIR or set DATA_DIR (staging and publishing write into a data directory; the bundle built into armswatch is read-only)"},
		{"data is a file", nil, "", []string{article, "--data", notDir}, 1, "not a directory"},
		{"no name", map[string]string{"USER": ""}, "", []string{article, "--data", m.data}, 2, "say who you are"},
		{"--by wins over USER", map[string]string{"USER": ""}, "", []string{"./missing.txt", "--data", m.data, "--by", "bo"}, 1, `propose: no file "./missing.txt"`},
		{"a link of another scheme", nil, "", []string{"ftp://example.org/a.txt", "--data", m.data}, 1, `propose: "ftp://example.org/a.txt" is a link armswatch does not fetch: give the page's https:// address, or save the page and propose the file`},
		{"bad date", nil, "", []string{article, "--data", m.data, "--published", "2024-13"}, 2, "--published"},
		{"a directory", nil, "", []string{t.TempDir(), "--data", m.data}, 1, "not a regular file (a directory)"},
		{"empty standard input", nil, "", []string{"-", "--data", m.data}, 1, "propose standard input: clean the article: no text in the input"},
		{"plain http URL", nil, "", []string{"http://example.org/a", "--data", m.data}, 1, "Cannot fetch the page from example.org: it is a plain http:// link"},
		{"private address", nil, "", []string{"https://10.0.0.1/a", "--data", m.data}, 1, "Cannot fetch the page from 10.0.0.1"},
		{"metadata address", nil, "", []string{"https://169.254.169.254/latest/meta-data", "--data", m.data}, 1, "cloud metadata address"},
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
			out, errOut, code := mm.run(tc.stdin, append([]string{"propose"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errOut, tc.msg) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", code, tc.code, out, errOut, tc.msg)
			}
			if out != "" || strings.Contains(errOut, "goroutine ") {
				t.Errorf("stdout %q, stderr %q", out, errOut)
			}
		})
	}
	if ids, err := propose.New(m.data).List(); err != nil || len(ids) != 0 {
		t.Errorf("a refused propose staged %v (%v)", ids, err)
	}
}

// A URL is fetched (here from an httptest server, let through by the
// test-only env.fetch) and staged with its address as source and url.
func TestProposeURL(t *testing.T) {
	t.Parallel()
	page := "<html><head><title>North Korea sent shells to Russia</title></head><body><h1>North Korea sent shells to Russia</h1>" +
		"<p>Pyongyang has shipped more than 1 million artillery shells to Russia, South Korea's defence minister Shin Won-sik said on Tuesday.</p></body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/news/1" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	t.Cleanup(srv.Close)
	m := newModEnv(t)
	m.fetch = propose.FetchOptions{PlainHTTPHost: srv.Listener.Addr().String()}
	out, errOut, code := m.run("", "propose", srv.URL+"/news/1", "--data", m.data, "--publisher", "Associated Press", "--published", "2023-10-13")
	if code != 0 || !strings.Contains(out, "proposed: "+loopDoc) || !strings.Contains(out, "candidates: 1 record to review") {
		t.Fatalf("propose URL: exit %d\n%s%s", code, out, errOut)
	}
	st := m.staged()
	if st.Source != srv.URL+"/news/1" || st.Doc.URL != srv.URL+"/news/1" {
		t.Errorf("source %q, url %q", st.Source, st.Doc.URL)
	}
	out, errOut, code = m.run("", "propose", srv.URL+"/missing", "--data", m.data)
	if code != 1 || !strings.Contains(errOut, "Cannot fetch the page from 127.0.0.1") || !strings.Contains(errOut, "404") {
		t.Errorf("a 404: exit %d\n%s%s", code, out, errOut)
	}
}

// Standard input is proposed; a second article with the same id gets -2,
// as ingest would name it.
func TestProposeStdinAndTakenID(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	m.vars["DATA_DIR"] = m.data
	out, errOut, code := m.run(loopArticle, "propose", "-", "--publisher", "Associated Press", "--published", "2023-10-13", "--by", "bo")
	if code != 0 || !strings.Contains(out, "proposed: "+loopDoc+"-2") || !strings.Contains(out, "next: armswatch review "+loopDoc+"-2") {
		t.Fatalf("propose -: exit %d\n%s%s", code, out, errOut)
	}
	st, err := propose.New(m.data).Get(loopDoc + "-2")
	if err != nil || st.Source != "standard input" || st.ProposedBy != "bo" {
		t.Errorf("staged %+v, %v", st, err)
	}
}

// A staged proposal that is broken is reported by check, file and all.
func TestCheckReportsBrokenProposal(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	state := filepath.Join(m.data, propose.ProposalsDir, loopDoc, propose.StagedState)
	raw, _ := os.ReadFile(state)
	os.WriteFile(state, []byte(strings.Replace(string(raw), `"state": "pending"`, `"state": "maybe"`, 1)), 0o644)
	out, errOut, code := m.run("", "check", "--data", m.data)
	if code != 1 || !strings.Contains(out, "proposals/"+loopDoc+"/state.json:9: candidates[0].state: unknown state \"maybe\" of candidate "+loopShin) || !strings.Contains(out, "2 errors in "+m.data) {
		t.Errorf("check: exit %d\n%s%s", code, out, errOut)
	}
	// review and publish refuse it, saying where, as check does.
	for _, args := range [][]string{{"review", loopDoc, "--data", m.data}, {"review", loopDoc, "--data", m.data, "--accept-all", "--publish", "--no-reindex"}} {
		out, errOut, code := m.run("a\na\na\np\n", args...)
		if code != 1 || !strings.Contains(errOut, "state.json:9: candidates[0].state: unknown state \"maybe\"") || strings.Contains(errOut, "panic") {
			t.Errorf("%q: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(m.data, "documents", loopDoc+".md")); err == nil {
		t.Error("a proposal in an unknown state was published")
	}
	// The list says it in one line.
	out, errOut, _ = m.run("", "review", "--data", m.data)
	if !strings.Contains(out, "  "+loopDoc+"  cannot be reviewed: 2 problems; \"armswatch check\" lists them\n") {
		t.Errorf("the list of proposals:\n%s%s", out, errOut)
	}
}

// The same article proposed again once it is published is staged under
// an id of its own, with a warning naming the published document.
func TestProposePublishedArticleAgain(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	if out, errOut, code := m.run("", "review", loopDoc, "--data", m.data, "--accept-all", "--publish", "--no-reindex"); code != 0 {
		t.Fatalf("publish: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := m.run(loopArticle, "propose", "-", "--data", m.data, "--publisher", "Associated Press", "--published", "2023-10-13")
	want := "warning: the data has " + loopDoc + " with this title or url: is the article published already?"
	if code != 0 || !strings.Contains(out, "proposed: "+loopDoc+"-2") || !strings.Contains(out, want) {
		t.Errorf("propose again: exit %d, want %q\n%s%s", code, want, out, errOut)
	}
}
