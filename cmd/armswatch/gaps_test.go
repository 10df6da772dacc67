package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/gaps"
)

// ask records a no-answer with RECORD_GAPS=true and nothing without it;
// the counts survive a reindex and later runs; `gaps` shows them, `gaps
// --clear` deletes them.
func TestAskRecordsGapsAndGapsCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS(fixtureData)); err != nil {
		t.Fatal(err)
	}
	env := newAskEnv(t)
	env.vars["DATA_DIR"] = data
	env.vars["INDEX_PATH"] = filepath.Join(t.TempDir(), "index")
	store := gaps.PathFor(env.vars["INDEX_PATH"])
	const question = "how many xylophones zeppelins"

	// Off (the default): nothing is written, and gaps says how to turn it on.
	if _, stderr, code := env.run("ask", question); code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(store); !os.IsNotExist(err) {
		t.Fatalf("RECORD_GAPS unset wrote %s: %v", store, err)
	}
	out, _, code := env.run("gaps")
	if code != 0 || !strings.Contains(out, "RECORD_GAPS=true") {
		t.Fatalf("gaps with recording off: exit %d, %q", code, out)
	}

	env.vars["RECORD_GAPS"] = "true"
	if _, stderr, code := env.run("ask", "--json", question); code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	if _, stderr, code := env.run("ask", "shells"); code != 0 { // answered: not recorded
		t.Fatalf("ask shells: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(store)
	if err != nil {
		t.Fatalf("no store after a no-answer with RECORD_GAPS=true: %v", err)
	}
	if strings.Contains(string(b), question) || strings.Contains(string(b), "shells") || strings.Contains(string(b), "many") {
		t.Errorf("the store holds more than the informative terms of the gap:\n%s", b)
	}

	// A reindex (the data changed) and a new process keep the counts.
	os.WriteFile(filepath.Join(data, "documents", "fx-en-drones.md"), []byte("---\ntitle: Another fixture report\n---\nA new report on loitering drones.\n"), 0o644)
	if out, stderr, code := env.run("reindex"); code != 0 {
		t.Fatalf("reindex: exit %d: %s %s", code, out, stderr)
	}
	if _, stderr, code := env.run("ask", question); code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	out, stderr, code := env.run("gaps")
	if code != 0 {
		t.Fatalf("gaps: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"last 7 days", "last 30 days", "xylophones", "zeppelins", "Claims with the most 👎"} {
		if !strings.Contains(out, want) {
			t.Errorf("gaps output lacks %q:\n%s", want, out)
		}
	}
	s, err := gaps.Open(store, gaps.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Report(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, x := range r.Terms {
		counts[x.Term] = x.Count
	}
	if counts["xylophones"] != 2 || counts["zeppelins"] != 2 || len(counts) != 2 {
		t.Errorf("after a reindex and another run: %v, want xylophones and zeppelins twice", counts)
	}

	if out, _, code := env.run("gaps", "--days", "1"); code != 0 || !strings.Contains(out, "last 1 days") || strings.Contains(out, "last 30 days") {
		t.Errorf("gaps --days 1: exit %d:\n%s", code, out)
	}
	if _, _, code := env.run("gaps", "--days", "-3"); code != 2 {
		t.Errorf("gaps --days -3: exit %d, want 2", code)
	}
	if out, _, code := env.run("gaps", "--clear"); code != 0 || !strings.Contains(out, "Deleted") {
		t.Errorf("gaps --clear: exit %d, %q", code, out)
	}
	if _, err := os.Stat(store); !os.IsNotExist(err) {
		t.Errorf("the store is still there after --clear: %v", err)
	}
	env.vars["GAPS_RETENTION"] = "ninety"
	if _, _, code := env.run("ask", question); code != 1 {
		t.Errorf("a bad GAPS_RETENTION: exit %d, want 1", code)
	}
	if _, _, code := env.run("gaps"); code != 1 {
		t.Errorf("gaps with a bad GAPS_RETENTION: exit %d, want 1", code)
	}
}

func TestGapsRetentionParse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 90 * 24 * time.Hour, true},
		{"90d", 90 * 24 * time.Hour, true},
		{"7d", 7 * 24 * time.Hour, true},
		{"720h", 720 * time.Hour, true},
		{"1h", 0, false},
		{"0d", 0, false},
		{"-3d", 0, false},
		{"90", 0, false},
		{"d", 0, false},
	} {
		p := &configParser{getenv: getenvFrom(map[string]string{"GAPS_RETENTION": tt.v})}
		got := p.retention("GAPS_RETENTION")
		if ok := len(p.errs) == 0; ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("GAPS_RETENTION=%q: %v, errors %v; want %v, ok %v", tt.v, got, p.errs, tt.want, tt.ok)
		}
	}
}

// serve with RECORD_GAPS=true answers a /claims no-answer over the fake
// Discord, counts it in the store beside INDEX_PATH and in
// armswatch_gap_questions_total.
func TestServeRecordsGaps(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.Options{Guilds: []string{e2eGuild}})
	vars := e2eVars(t, fake, map[string]string{"REGISTER_COMMANDS": "false", "RECORD_GAPS": "true"})
	s := realServe(t, vars, []string{"ops"})
	ops := s.addrs["ops"]
	waitHealthy(t, "http://"+ops)

	ask := strings.Replace(aboutInteraction,
		`"name": "about", "type": 1,`,
		`"name": "claims", "type": 1, "options": [{"name": "query", "type": 3, "value": "xylophones zeppelins"}],`, 1)
	in, err := fake.Dispatch([]byte(ask))
	if err != nil {
		t.Fatal(err)
	}
	fake.WaitFor(t, "/claims answered", in.Acknowledged)
	waitMetric(t, ops, `armswatch_gap_questions_total`, "1")
	st, err := gaps.Open(gaps.PathFor(vars["INDEX_PATH"]), gaps.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.Report(7, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Terms) != 2 {
		t.Errorf("store after a no-answer: %+v, want xylophones and zeppelins", r.Terms)
	}
}
