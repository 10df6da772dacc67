// Package gaps keeps the opt-in counts that tell moderators what the
// community asks that the data cannot answer, and how readers rate the
// claims they are shown: per informative term and day, the questions that
// found nothing (or matched only loosely); per claim id and day, the 👍 and
// 👎 pressed under answers.
//
// Nothing else is stored: never a user or server id, never a question's
// full text, nothing about a question that got an answer. Counts older
// than the retention are dropped. The store is one small JSON file beside
// the index directory (FileName in the index directory's parent, so it
// survives restarts and reindexes), written atomically (a temporary file,
// fsync, rename) under an flock on a lock file beside it, so that `armswatch
// ask` running beside `armswatch serve` is safe.
package gaps

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/armswatch/armswatch"
)

// FileName is the store's file, in the index directory's parent; its lock
// file is FileName + ".lock".
const FileName = "armswatch-gaps.json"

// DefaultRetention is how long counts are kept when Options.Retention is 0.
const DefaultRetention = 90 * 24 * time.Hour

// lockTimeout is how long an operation waits for another writer.
const lockTimeout = 5 * time.Second

var errDamaged = errors.New("the file is damaged")

// dayLayout is how days are written: UTC dates.
const dayLayout = "2006-01-02"

// fileVersion is the store file's format.
const fileVersion = 1

// PathFor is the store's path for an index directory: FileName in its
// parent directory.
func PathFor(indexDir string) string {
	return filepath.Join(filepath.Dir(filepath.Clean(indexDir)), FileName)
}

// Options configures Open.
type Options struct {
	// Retention is how long counts are kept (by day); 0 = DefaultRetention.
	Retention time.Duration
	// Now is the clock (tests); nil = time.Now.
	Now func() time.Time
}

// Store is the gap and feedback counts in one file. It is safe for
// concurrent use, and several Stores (in one process or several) may share
// one file.
type Store struct {
	path      string
	retention time.Duration
	now       func() time.Time
	maxPerDay int        // MaxEntriesPerDay (tests lower it)
	mu        sync.Mutex // serialises this Store's operations (the flock serialises Stores)
}

// Open returns the store at path, creating its directory when missing. The
// file itself is written on the first count.
func Open(path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("gaps: no path")
	}
	if opts.Retention < 0 {
		return nil, fmt.Errorf("gaps: negative retention %v", opts.Retention)
	}
	if opts.Retention == 0 {
		opts.Retention = DefaultRetention
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	return &Store{path: path, retention: opts.Retention, now: opts.Now, maxPerDay: MaxEntriesPerDay}, nil
}

// Path is the store's file.
func (s *Store) Path() string { return s.path }

// Retention is how long counts are kept.
func (s *Store) Retention() time.Duration { return s.retention }

// TermCount is how many gap questions had Term on Day.
type TermCount struct {
	Term  string `json:"term"`
	Day   string `json:"day"`
	Count int    `json:"count"`
}

// VoteCount is the 👍 (Up) and 👎 (Down) pressed for Claim on Day.
type VoteCount struct {
	Claim string `json:"claim"`
	Day   string `json:"day"`
	Up    int    `json:"up,omitempty"`
	Down  int    `json:"down,omitempty"`
}

// data is the store file.
type data struct {
	Version int         `json:"version"`
	Terms   []TermCount `json:"terms"`
	Votes   []VoteCount `json:"votes"`
}

// RecordAnswer counts a's informative terms for today when a is a gap
// (see IsGap) and reports whether it counted anything. An answered
// question is not recorded at all.
func (s *Store) RecordAnswer(a armswatch.Answer) (bool, error) {
	if !IsGap(a) {
		return false, nil
	}
	terms := Terms(a)
	if len(terms) == 0 {
		return false, nil
	}
	err := s.update(func(d *data, day string) {
		today := 0
		for _, c := range d.Terms {
			if c.Day == day {
				today++
			}
		}
		for _, t := range terms {
			k := slices.IndexFunc(d.Terms, func(c TermCount) bool { return c.Term == t && c.Day == day })
			switch {
			case k >= 0:
				d.Terms[k].Count++
			case today < s.maxPerDay:
				d.Terms = append(d.Terms, TermCount{Term: t, Day: day, Count: 1})
				today++
			}
		}
	})
	return err == nil, err
}

// RecordVote counts one 👍 (up) or 👎 for each of claimIDs, today.
func (s *Store) RecordVote(claimIDs []string, up bool) error {
	var ids []string
	for _, id := range claimIDs {
		if id != "" && len(id) <= maxClaimIDBytes && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return s.update(func(d *data, day string) {
		today := 0
		for _, v := range d.Votes {
			if v.Day == day {
				today++
			}
		}
		for _, id := range ids {
			k := slices.IndexFunc(d.Votes, func(v VoteCount) bool { return v.Claim == id && v.Day == day })
			if k < 0 {
				if today >= s.maxPerDay {
					continue
				}
				d.Votes = append(d.Votes, VoteCount{Claim: id, Day: day})
				k = len(d.Votes) - 1
				today++
			}
			if up {
				d.Votes[k].Up++
			} else {
				d.Votes[k].Down++
			}
		}
	})
}

// MaxEntriesPerDay bounds the distinct terms, and the distinct claims,
// counted on one day, so that the file stays small: once a day has that
// many, only the ones already there are counted further that day.
const MaxEntriesPerDay = 2000

// maxClaimIDBytes bounds a claim id stored.
const maxClaimIDBytes = 200

// Prune drops the counts older than the retention now (they are dropped on
// every write too, and never reported).
func (s *Store) Prune() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := os.Stat(s.path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return s.updateLocked(func(*data, string) {})
}

// Clear deletes the store's file (every count). The empty lock file stays:
// removing it could let two writers lock different files.
func (s *Store) Clear() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := lock(s.path+".lock", lockTimeout)
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	defer l.unlock()
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("gaps: %w", err)
	}
	return nil
}

// Term is a term and its count over a period.
type Term struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Claim is a claim's votes over a period.
type Claim struct {
	ID   string `json:"id"`
	Up   int    `json:"up"`
	Down int    `json:"down"`
}

// Report is what was counted over the last Days days (today included).
type Report struct {
	Days int `json:"days"`
	// Terms are the terms of gap questions, most frequent first.
	Terms []Term `json:"terms"`
	// Claims are the claims with a 👎, most 👎 first.
	Claims []Claim `json:"claims"`
}

// Report sums the counts of the last days days (today included, at most
// the retention), keeping the top n terms and claims (n ≤ 0: all).
func (s *Store) Report(days, n int) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := Report{Days: days, Terms: []Term{}, Claims: []Claim{}}
	l, err := lock(s.path+".lock", lockTimeout)
	if err != nil {
		return r, fmt.Errorf("gaps: %w", err)
	}
	d, err := s.read()
	l.unlock()
	if err != nil {
		return r, err
	}
	now := s.now()
	from := max(s.cutoff(now), now.UTC().AddDate(0, 0, -(days-1)).Format(dayLayout))
	terms := map[string]int{}
	for _, t := range d.Terms {
		if t.Day >= from {
			terms[t.Term] += t.Count
		}
	}
	for t, c := range terms {
		r.Terms = append(r.Terms, Term{Term: t, Count: c})
	}
	slices.SortFunc(r.Terms, func(a, b Term) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Term, b.Term))
	})
	claims := map[string]*Claim{}
	for _, v := range d.Votes {
		if v.Day < from {
			continue
		}
		c := claims[v.Claim]
		if c == nil {
			c = &Claim{ID: v.Claim}
			claims[v.Claim] = c
		}
		c.Up += v.Up
		c.Down += v.Down
	}
	for _, c := range claims {
		if c.Down > 0 {
			r.Claims = append(r.Claims, *c)
		}
	}
	slices.SortFunc(r.Claims, func(a, b Claim) int {
		return cmp.Or(cmp.Compare(b.Down, a.Down), cmp.Compare(a.Up, b.Up), cmp.Compare(a.ID, b.ID))
	})
	if n > 0 {
		r.Terms = r.Terms[:min(n, len(r.Terms))]
		r.Claims = r.Claims[:min(n, len(r.Claims))]
	}
	return r, nil
}

// cutoff is the first day kept: the day of now less the retention.
func (s *Store) cutoff(now time.Time) string {
	return now.UTC().Add(-s.retention).Format(dayLayout)
}

// update applies change to the file's counts under the lock, drops the
// expired days and writes the file atomically.
func (s *Store) update(change func(d *data, today string)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updateLocked(change)
}

func (s *Store) updateLocked(change func(d *data, today string)) error {
	l, err := lock(s.path+".lock", lockTimeout)
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	defer l.unlock()
	d, err := s.read()
	if errors.Is(err, errDamaged) {
		// A damaged file is set aside, not kept failing every count.
		if rerr := os.Rename(s.path, s.path+".damaged"); rerr != nil {
			return err
		}
		d, err = &data{}, nil
	}
	if err != nil {
		return err
	}
	now := s.now()
	change(d, now.UTC().Format(dayLayout))
	cut := s.cutoff(now)
	d.Terms = slices.DeleteFunc(d.Terms, func(t TermCount) bool { return t.Day < cut || t.Count <= 0 })
	d.Votes = slices.DeleteFunc(d.Votes, func(v VoteCount) bool { return v.Day < cut || (v.Up <= 0 && v.Down <= 0) })
	d.Version = fileVersion
	return s.write(d)
}

// read reads the file; a missing file is no counts.
func (s *Store) read() (*data, error) {
	b, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return &data{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	d := &data{}
	if err := json.Unmarshal(b, d); err != nil {
		return nil, fmt.Errorf("gaps: %s: %w (%v): `armswatch gaps --clear` deletes it", s.path, errDamaged, err)
	}
	if d.Version > fileVersion {
		return nil, fmt.Errorf("gaps: %s has format %d, newer than this armswatch reads (%d)", s.path, d.Version, fileVersion)
	}
	return d, nil
}

// write replaces the file atomically: a temporary file in the same
// directory, synced, renamed over it, and the directory synced.
func (s *Store) write(d *data) error {
	if d.Terms == nil {
		d.Terms = []TermCount{}
	}
	if d.Votes == nil {
		d.Votes = []VoteCount{}
	}
	b, err := json.MarshalIndent(d, "", " ")
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	dir := filepath.Dir(s.path)
	f, err := os.CreateTemp(dir, "."+FileName+".tmp-*")
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	ok = true
	if df, err := os.Open(dir); err == nil {
		_ = df.Sync()
		df.Close()
	}
	return nil
}
