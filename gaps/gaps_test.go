package gaps

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newClock() *clock { return &clock{t: time.Date(2024, 2, 1, 10, 0, 0, 0, time.UTC)} }

func open(t *testing.T, path string, c *clock, retention time.Duration) *Store {
	t.Helper()
	s, err := Open(path, Options{Retention: retention, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func noAnswer(q string) armswatch.Answer { return armswatch.Answer{Query: q} }

func answered(q string) armswatch.Answer {
	return armswatch.Answer{Query: q, Match: "informative", Claims: []armswatch.ClaimHit{{Claim: armswatch.Claim{ID: "c1"}}}}
}

func termCounts(t *testing.T, s *Store, days int) map[string]int {
	t.Helper()
	r, err := s.Report(days, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, x := range r.Terms {
		m[x.Term] = x.Count
	}
	return m
}

func TestTerms(t *testing.T) {
	for _, tt := range []struct {
		a    armswatch.Answer
		want []string
	}{
		{noAnswer("How many tanks did North Korea send to Russia?"), []string{"tanks", "north", "korea", "send", "russia"}},
		{noAnswer("What's the KN-23's range?"), []string{"kn-23", "range"}},
		{armswatch.Answer{Query: "how many fighter jets and tanks", NoClaimAbout: []string{"Fighter jets", "tanks"}}, []string{"fighter jets", "tanks"}},
		{noAnswer("the of what"), nil},
		{noAnswer("a b c d e f g h i j k l m n o p one two three four five six seven eight nine ten"), []string{"one", "two", "three", "four", "five", "six", "seven", "eight"}},
		{noAnswer(strings.Repeat("x", 60)), []string{strings.Repeat("x", MaxTermRunes)}},
		{noAnswer("сколько снарядов передала КНДР"), []string{"снарядов", "передала", "кндр"}},
	} {
		if got := Terms(tt.a); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q, %q) = %q, want %q", tt.a.Query, tt.a.NoClaimAbout, got, tt.want)
		}
	}
}

func TestIsGap(t *testing.T) {
	for _, tt := range []struct {
		a    armswatch.Answer
		want bool
	}{
		{noAnswer("tanks"), true},
		{answered("shells"), false},
		{func() armswatch.Answer { a := answered("shells tanks"); a.NoClaimAbout = []string{"tanks"}; return a }(), true},
		{func() armswatch.Answer { a := answered("shells rason"); a.Match = "relaxed"; return a }(), true},
		{func() armswatch.Answer { a := answered("north korea russia"); a.Match = "background"; return a }(), true},
		{armswatch.Answer{Query: "x", Error: "bad filter"}, false},
	} {
		if got := IsGap(tt.a); got != tt.want {
			t.Errorf("IsGap(%+v) = %v, want %v", tt.a, got, tt.want)
		}
	}
}

// An answered question stores nothing; a no-answer stores its terms, with
// no question text and no ids; counts survive a new Store on the same file.
func TestRecordAndRestart(t *testing.T) {
	c := newClock()
	path := filepath.Join(t.TempDir(), FileName)
	s := open(t, path, c, 0)
	if ok, err := s.RecordAnswer(answered("shells to Russia")); ok || err != nil {
		t.Fatalf("answered question recorded: %v %v", ok, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("an answered question wrote the store: %v", err)
	}
	for range 2 {
		if ok, err := s.RecordAnswer(noAnswer("How many tanks went to Rason?")); !ok || err != nil {
			t.Fatalf("no-answer not recorded: %v %v", ok, err)
		}
	}
	if err := s.RecordVote([]string{"fx-1", "fx-2", "fx-1"}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordVote([]string{"fx-2"}, true); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "How many") || strings.Contains(string(b), "went to") {
		t.Errorf("the store holds the question's text:\n%s", b)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}

	again := open(t, path, c, 0) // a restart
	got := termCounts(t, again, 7)
	if want := map[string]int{"tanks": 2, "went": 2, "rason": 2}; !mapsEqual(got, want) {
		t.Errorf("after a restart: %v, want %v", got, want)
	}
	r, err := again.Report(30, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Claim{{ID: "fx-1", Down: 1}, {ID: "fx-2", Up: 1, Down: 1}}; !slices.Equal(r.Claims, want) {
		t.Errorf("claims %v, want %v", r.Claims, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("store file mode: %v %v, want private", fi.Mode(), err)
	}
}

func mapsEqual(a, b map[string]int) bool {
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

// Counts older than the retention are dropped; the 7-day report leaves
// out older days that the 30-day one keeps.
func TestRetention(t *testing.T) {
	c := newClock()
	path := filepath.Join(t.TempDir(), FileName)
	s := open(t, path, c, 20*24*time.Hour)
	if _, err := s.RecordAnswer(noAnswer("tanks")); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordVote([]string{"old-claim"}, false); err != nil {
		t.Fatal(err)
	}
	c.advance(10 * 24 * time.Hour)
	if _, err := s.RecordAnswer(noAnswer("jets")); err != nil {
		t.Fatal(err)
	}
	if got := termCounts(t, s, 7); !mapsEqual(got, map[string]int{"jets": 1}) {
		t.Errorf("7 days: %v", got)
	}
	if got := termCounts(t, s, 30); !mapsEqual(got, map[string]int{"jets": 1, "tanks": 1}) {
		t.Errorf("30 days: %v", got)
	}
	c.advance(15 * 24 * time.Hour) // tanks is 25 days old: past the retention
	if got := termCounts(t, s, 30); !mapsEqual(got, map[string]int{"jets": 1}) {
		t.Errorf("after the retention, reported: %v", got)
	}
	if err := s.Prune(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "tanks") || strings.Contains(string(b), "old-claim") {
		t.Errorf("expired counts still in the file:\n%s", b)
	}
	if !strings.Contains(string(b), "jets") {
		t.Errorf("a count within the retention was dropped:\n%s", b)
	}
}

func TestClear(t *testing.T) {
	c := newClock()
	path := filepath.Join(t.TempDir(), FileName)
	s := open(t, path, c, 0)
	if _, err := s.RecordAnswer(noAnswer("tanks")); err != nil {
		t.Fatal(err)
	}
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("store still there after Clear: %v", err)
	}
	if got := termCounts(t, s, 30); len(got) != 0 {
		t.Errorf("after Clear: %v", got)
	}
	if err := s.Clear(); err != nil {
		t.Errorf("Clear of no store: %v", err)
	}
}

// A damaged file is set aside by the next count, not failed on forever.
func TestDamagedFile(t *testing.T) {
	c := newClock()
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := open(t, path, c, 0)
	if _, err := s.Report(7, 0); err == nil || !strings.Contains(err.Error(), "--clear") {
		t.Errorf("Report of a damaged file: %v", err)
	}
	if _, err := s.RecordAnswer(noAnswer("tanks")); err != nil {
		t.Fatal(err)
	}
	if got := termCounts(t, s, 7); !mapsEqual(got, map[string]int{"tanks": 1}) {
		t.Errorf("after setting the damaged file aside: %v", got)
	}
}

// Two Stores on one file, each written from several goroutines, lose no
// count: the flock serialises them.
func TestTwoStoresOneFile(t *testing.T) {
	c := newClock()
	path := filepath.Join(t.TempDir(), FileName)
	a, b := open(t, path, c, 0), open(t, path, c, 0)
	const n = 25
	var wg sync.WaitGroup
	for _, s := range []*Store{a, b} {
		for range 2 {
			wg.Go(func() {
				for range n {
					if _, err := s.RecordAnswer(noAnswer("tanks")); err != nil {
						t.Error(err)
					}
					if err := s.RecordVote([]string{"fx-1"}, false); err != nil {
						t.Error(err)
					}
				}
			})
		}
	}
	wg.Wait()
	if got := termCounts(t, a, 7)["tanks"]; got != 4*n {
		t.Errorf("tanks counted %d times, want %d", got, 4*n)
	}
	r, _ := b.Report(7, 0)
	if len(r.Claims) != 1 || r.Claims[0].Down != 4*n {
		t.Errorf("votes %v, want %d", r.Claims, 4*n)
	}
}

// Two processes writing the same file lose no count.
func TestTwoProcesses(t *testing.T) {
	if os.Getenv("GAPS_TEST_WRITER") != "" {
		s, err := Open(os.Getenv("GAPS_TEST_WRITER"), Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for range 30 {
			if _, err := s.RecordAnswer(noAnswer("tanks")); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("subprocesses")
	}
	path := filepath.Join(t.TempDir(), FileName)
	var cmds []*exec.Cmd
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTwoProcesses$")
		cmd.Env = append(os.Environ(), "GAPS_TEST_WRITER="+path)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("writer: %v", err)
		}
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := termCounts(t, s, 1)["tanks"]; got != 60 {
		t.Errorf("tanks counted %d times by two processes, want 60", got)
	}
}

func TestPathFor(t *testing.T) {
	if got, want := PathFor("/var/lib/armswatch/index"), "/var/lib/armswatch/"+FileName; got != want {
		t.Errorf("PathFor = %q, want %q", got, want)
	}
	if got, want := PathFor("/var/lib/armswatch/index/"), "/var/lib/armswatch/"+FileName; got != want {
		t.Errorf("PathFor with a slash = %q, want %q", got, want)
	}
}

// A day holds at most MaxEntriesPerDay distinct terms (and claims); those
// already there keep counting.
func TestEntriesPerDayBounded(t *testing.T) {
	c := newClock()
	s := open(t, filepath.Join(t.TempDir(), FileName), c, 0)
	const limit = 40
	s.maxPerDay = limit
	var qs []string
	for k := 0; k < limit+16; k += 8 {
		var ws []string
		for j := range 8 {
			ws = append(ws, fmt.Sprintf("w%05d", k+j))
		}
		qs = append(qs, strings.Join(ws, " "))
	}
	for _, q := range qs {
		if _, err := s.RecordAnswer(noAnswer(q)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RecordAnswer(noAnswer("w00000")); err != nil {
		t.Fatal(err)
	}
	got := termCounts(t, s, 1)
	if len(got) != limit || got["w00000"] != 2 {
		t.Errorf("%d distinct terms (w00000: %d), want %d (2)", len(got), got["w00000"], limit)
	}
	var ids []string
	for k := range limit + 5 {
		ids = append(ids, fmt.Sprintf("claim-%d", k))
	}
	if err := s.RecordVote(ids, false); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Report(1, 0); len(r.Claims) != limit {
		t.Errorf("%d distinct claims a day, want %d", len(r.Claims), limit)
	}
}
