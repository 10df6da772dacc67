package propose

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch/internal/prose"

	"github.com/armswatch/armswatch"
)

// ProposalsDir holds the staged proposals, one directory per document.
const ProposalsDir = "proposals"

// The files of a staged proposal.
const (
	StagedDocument   = "document.md"
	StagedCandidates = "candidates.yaml"
	StagedState      = "state.json"
	StagedEdits      = "edited"
)

// State is a candidate's review state.
type State string

// The review states.
const (
	Pending  State = "pending"
	Accepted State = "accepted"
	Edited   State = "edited" // accepted as a moderator edited it
	Rejected State = "rejected"
)

// Valid reports whether s is one of the review states.
func (s State) Valid() bool {
	switch s {
	case Pending, Accepted, Edited, Rejected:
		return true
	}
	return false
}

// Staging is the staging area of a data directory, and the changes made
// from it. Its methods may be called from several goroutines and processes
// at once: each change holds the data directory's lock.
type Staging struct {
	Dir string           // the data directory
	Now func() time.Time // nil: time.Now

	seen *CandidateState // Since: the state a change expects
}

// Since returns the staging area with Accept, Reject and Edit refused
// (ErrChanged) when the candidate's state is no longer seen, the state a
// front end showed the moderator: a decision taken on what someone else
// changed meanwhile is not silently written over theirs.
func (s *Staging) Since(seen CandidateState) *Staging {
	c := *s
	c.seen = &seen
	return &c
}

// ErrChanged matches a change refused because the candidate changed since
// it was shown (Since).
var ErrChanged = errors.New("the candidate changed since it was shown")

type changedError struct{ msg string }

func (e *changedError) Error() string        { return e.msg }
func (e *changedError) Is(target error) bool { return target == ErrChanged }

// New returns the staging area of the data directory dir.
func New(dir string) *Staging { return &Staging{Dir: dir} }

func (s *Staging) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Staging) today() armswatch.Date {
	t := s.now()
	return armswatch.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// stateFile is state.json.
type stateFile struct {
	Document   string           `json:"document"`
	Source     string           `json:"source,omitempty"`
	ProposedBy string           `json:"proposed_by"`
	ProposedAt time.Time        `json:"proposed_at"`
	Candidates []CandidateState `json:"candidates"`
}

// CandidateState is one candidate's review state: who set it and when.
type CandidateState struct {
	ID    string    `json:"id"` // the candidate's id as proposed: the key of the record
	State State     `json:"state"`
	By    string    `json:"by,omitempty"`
	At    time.Time `json:"at,omitzero"`
	Why   []string  `json:"why,omitempty"` // the reasons the rules gave
}

// Staged is a staged proposal as a front end shows it.
type Staged struct {
	ID         string // the document id
	Source     string // the URL or file it came from
	ProposedBy string
	ProposedAt time.Time
	Doc        armswatch.Document
	DocFile    []byte
	Records    []Record // in the order proposed
}

// Record is a candidate and its review state.
type Record struct {
	CandidateState
	Claim armswatch.Claim // the record as it stands: edited when State is Edited
}

// Pending counts the records not yet accepted, edited or rejected.
func (s *Staged) Pending() int {
	n := 0
	for _, r := range s.Records {
		if r.State == Pending {
			n++
		}
	}
	return n
}

// Record finds a record by its key (its id as proposed).
func (s *Staged) Record(key string) (Record, bool) {
	for _, r := range s.Records {
		if r.ID == key {
			return r, true
		}
	}
	return Record{}, false
}

// InvalidError is a change refused because the loader's checks fail on
// its result; Problems say where (file:line: field: message).
type InvalidError struct {
	What     string
	Problems armswatch.ValidationErrors
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("%s does not pass the checks (%d %s):\n%s", e.What, len(e.Problems), prose.Plural(len(e.Problems), "problem", "problems"), e.Problems.Error())
}

// Is makes errors.Is(err, armswatch.ErrInvalidData) true.
func (e *InvalidError) Is(target error) bool { return target == armswatch.ErrInvalidData }

// ErrNotFound matches an unknown proposal, record or claim.
var ErrNotFound = errors.New("not found")

// ErrPending matches a publish refused because records are still pending.
var ErrPending = errors.New("records are still pending")

// pendingError is a publish refused while records are pending; it
// matches ErrPending.
type pendingError struct{ msg string }

func (e *pendingError) Error() string        { return e.msg }
func (e *pendingError) Is(target error) bool { return target == ErrPending }

// ErrExists matches a publish refused because a file it would write is
// there already with other content.
var ErrExists = errors.New("a published file exists already")

// existsError is a publish refused by a file there already; it matches
// ErrExists.
type existsError struct{ msg string }

func (e *existsError) Error() string        { return e.msg }
func (e *existsError) Is(target error) bool { return target == ErrExists }

func (s *Staging) proposalDir(id string) string {
	return filepath.Join(s.Dir, ProposalsDir, id)
}

// Taken reports whether a proposal for document id is staged; pass it as
// Options.Taken.
func (s *Staging) Taken(id string) bool {
	_, err := os.Stat(s.proposalDir(id))
	return err == nil
}

// lock takes the data directory's lock; keep says what a refused write
// leaves unchanged.
func (s *Staging) lock(keep string) (*dirLock, error) {
	return s.lockCtx(context.Background(), keep)
}

// lockCtx is lock, waiting until ctx ends.
func (s *Staging) lockCtx(ctx context.Context, keep string) (*dirLock, error) {
	st, err := os.Stat(s.Dir)
	if err != nil {
		return nil, fmt.Errorf("open data directory %q: %w", s.Dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("open data directory %q: not a directory", s.Dir)
	}
	l, err := lock(ctx, filepath.Join(s.Dir, LockFile))
	if err != nil {
		return nil, s.writeError(err, keep)
	}
	return l, nil
}

func (s *Staging) writeError(err error, keep string) error {
	if isReadOnly(err) {
		return &readOnlyError{dir: s.Dir, keep: keep, err: err}
	}
	return err
}

func validBy(by string) error {
	if strings.TrimSpace(by) == "" || strings.ContainsAny(by, "\n\r") {
		return errors.New("say who makes the change: a moderator's name or id, on one line")
	}
	return nil
}

// Save stages a proposal: proposals/<id>/ with the document, the
// candidates and every candidate pending. It never overwrites a staged
// proposal.
func (s *Staging) Save(p *Proposal, source, by string) (*Staged, error) {
	if err := validBy(by); err != nil {
		return nil, err
	}
	id := p.Doc.ID
	// A document the loader refuses would stage a proposal nobody can
	// read, review or publish, and fail "check" for the whole directory.
	if probs := checkFiles(map[string][]byte{docPath(id): p.DocFile}); len(probs) > 0 {
		return nil, &InvalidError{What: "the document " + id + " (nothing was staged)", Problems: probs}
	}
	l, err := s.lock("nothing was staged")
	if err != nil {
		return nil, err
	}
	defer l.unlock()
	final := s.proposalDir(id)
	if _, err := os.Stat(final); err == nil {
		return nil, fmt.Errorf("a proposal for document %s is staged already (%s): review it, or remove that directory", id, final)
	}
	st := stateFile{Document: id, Source: source, ProposedBy: strings.TrimSpace(by), ProposedAt: s.now()}
	for _, c := range p.Candidates {
		st.Candidates = append(st.Candidates, CandidateState{ID: c.Claim.ID, State: Pending, Why: c.Why})
	}
	stateJSON, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return nil, err
	}
	parent := filepath.Join(s.Dir, ProposalsDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, s.writeError(err, "nothing was staged")
	}
	s.sweep()
	tmp, err := os.MkdirTemp(parent, "."+id+".tmp-*")
	if err != nil {
		return nil, s.writeError(err, "nothing was staged")
	}
	for name, data := range map[string][]byte{StagedDocument: p.DocFile, StagedCandidates: p.CandidatesYAML, StagedState: append(stateJSON, '\n')} {
		if err := writeAtomic(filepath.Join(tmp, name), data); err != nil {
			os.RemoveAll(tmp)
			return nil, s.writeError(err, "nothing was staged")
		}
	}
	os.Chmod(tmp, 0o755)
	if err := os.Rename(tmp, final); err != nil {
		os.RemoveAll(tmp)
		return nil, s.writeError(err, "nothing was staged")
	}
	syncDir(parent)
	return s.get(id)
}

// List returns the ids of the staged proposals, sorted.
func (s *Staging) List() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(s.Dir, ProposalsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// Get reads a staged proposal.
func (s *Staging) Get(id string) (*Staged, error) { return s.get(id) }

func (s *Staging) get(id string) (*Staged, error) {
	if !armswatch.IsKebabID(id) {
		return nil, fmt.Errorf("%q is not a document id: %w", id, ErrNotFound)
	}
	dir := s.proposalDir(id)
	raw, err := os.ReadFile(filepath.Join(dir, StagedState))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no proposal %q is staged in %s: %w", id, filepath.Join(s.Dir, ProposalsDir), ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read proposal %s: %w", id, err)
	}
	st, err := s.read(id, raw)
	if err != nil {
		// A directory edited by hand: say where, as check does.
		if probs := checkProposalDir(os.DirFS(s.Dir), id); len(probs) > 0 {
			return nil, &InvalidError{What: "proposal " + id, Problems: probs}
		}
		return nil, fmt.Errorf("read proposal %s: %w", id, err)
	}
	return st, nil
}

// read reads the staged proposal id whose state file holds raw.
func (s *Staging) read(id string, raw []byte) (*Staged, error) {
	dir := s.proposalDir(id)
	var st stateFile
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, err
	}
	docFile, err := os.ReadFile(filepath.Join(dir, StagedDocument))
	if err != nil {
		return nil, err
	}
	corpus, err := armswatch.Load(memFS{files: map[string][]byte{docPath(id): docFile}})
	if err != nil {
		return nil, err
	}
	candFile, err := os.ReadFile(filepath.Join(dir, StagedCandidates))
	if err != nil {
		return nil, err
	}
	cands, err := parseRecords(candFile)
	if err != nil {
		return nil, err
	}
	byID := map[string]armswatch.Claim{}
	for _, c := range cands {
		byID[c.ID] = c
	}
	out := &Staged{ID: id, Source: st.Source, ProposedBy: st.ProposedBy, ProposedAt: st.ProposedAt, Doc: corpus.Documents[0], DocFile: docFile}
	for _, cs := range st.Candidates {
		c, ok := byID[cs.ID]
		if !ok || !cs.State.Valid() {
			return nil, fmt.Errorf("candidate %q: not proposed, or in an unknown state %q", cs.ID, cs.State)
		}
		if cs.State == Edited {
			data, err := os.ReadFile(filepath.Join(dir, StagedEdits, cs.ID+".yaml"))
			if err != nil {
				return nil, err
			}
			recs, err := parseRecords(data)
			if err != nil || len(recs) != 1 {
				return nil, fmt.Errorf("the edited record %s does not hold one record", filepath.Join(dir, StagedEdits, cs.ID+".yaml"))
			}
			c = recs[0]
		}
		out.Records = append(out.Records, Record{CandidateState: cs, Claim: c})
	}
	return out, nil
}

// RecordYAML is a record as YAML for a moderator to edit: a list of one
// record, the edited text when it was edited.
func (s *Staging) RecordYAML(id, key string) ([]byte, error) {
	st, err := s.get(id)
	if err != nil {
		return nil, err
	}
	r, ok := st.Record(key)
	if !ok {
		return nil, fmt.Errorf("no candidate %q in proposal %s: %w", key, id, ErrNotFound)
	}
	if r.State == Edited {
		return os.ReadFile(filepath.Join(s.proposalDir(id), StagedEdits, key+".yaml"))
	}
	return RecordsYAML("", []armswatch.Claim{r.Claim})
}

// change runs fn on proposal id's state under the lock and saves it.
func (s *Staging) change(id, key, by string, fn func(st *Staged, r *CandidateState) error) error {
	if err := validBy(by); err != nil {
		return err
	}
	keep := "the proposal proposals/" + id + "/ is unchanged"
	l, err := s.lock(keep)
	if err != nil {
		return err
	}
	defer l.unlock()
	st, err := s.get(id)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(s.proposalDir(id), StagedState))
	if err != nil {
		return err
	}
	var sf stateFile
	if err := json.Unmarshal(raw, &sf); err != nil {
		return err
	}
	i := -1
	for k := range sf.Candidates {
		if sf.Candidates[k].ID == key {
			i = k
		}
	}
	if i < 0 {
		return fmt.Errorf("no candidate %q in proposal %s: %w", key, id, ErrNotFound)
	}
	if cur := sf.Candidates[i]; s.seen != nil && (cur.State != s.seen.State || !cur.At.Equal(s.seen.At)) {
		return &changedError{fmt.Sprintf("candidate %s changed since it was shown: %s by %s at %s; nothing was changed",
			key, cur.State, cmp.Or(cur.By, "nobody"), cur.At.Format(time.RFC3339))}
	}
	if err := fn(st, &sf.Candidates[i]); err != nil {
		return s.writeError(err, keep)
	}
	sf.Candidates[i].By, sf.Candidates[i].At = strings.TrimSpace(by), s.now()
	data, err := json.MarshalIndent(sf, "", "  ")
	if err != nil {
		return err
	}
	return s.writeError(writeAtomic(filepath.Join(s.proposalDir(id), StagedState), append(data, '\n')), keep)
}

// Accept accepts a candidate as proposed, once it passes the loader's
// checks against the staged document (an *InvalidError otherwise: edit
// it).
func (s *Staging) Accept(id, key, by string) error {
	return s.change(id, key, by, func(st *Staged, cs *CandidateState) error {
		r, _ := st.Record(key)
		if r.State == Edited {
			return nil // accepting an edited record keeps the edit
		}
		yml, err := RecordsYAML("", []armswatch.Claim{r.Claim})
		if err != nil {
			return err
		}
		if probs := checkRecord(st, key, yml); len(probs) > 0 {
			return &InvalidError{What: "candidate " + key, Problems: probs}
		}
		cs.State = Accepted
		return nil
	})
}

// Reject rejects a candidate: it is not published.
func (s *Staging) Reject(id, key, by string) error {
	return s.change(id, key, by, func(_ *Staged, cs *CandidateState) error {
		cs.State = Rejected
		return nil
	})
}

// Edit replaces a candidate by the record in edited (YAML: a list of one
// claim record, as RecordYAML gives it) and accepts it, once it passes the
// loader's checks against the staged document and its id is not another
// record's; an *InvalidError otherwise, whose problems are at lines of
// edited (file "edited record").
func (s *Staging) Edit(id, key string, edited []byte, by string) error {
	return s.change(id, key, by, func(st *Staged, cs *CandidateState) error {
		if probs := checkRecord(st, key, edited); len(probs) > 0 {
			return &InvalidError{What: "the edited record", Problems: probs}
		}
		if err := writeAtomic(filepath.Join(s.proposalDir(id), StagedEdits, key+".yaml"), edited); err != nil {
			return err
		}
		cs.State = Edited
		return nil
	})
}

// editedPath names an edited record in problems.
const editedPath = "edited record"

// checkRecord checks one record (YAML, a list of one) against the staged
// document and the other records' ids.
func checkRecord(st *Staged, key string, yml []byte) armswatch.ValidationErrors {
	const p = armswatch.ClaimsDir + "/record.yaml"
	probs := checkFiles(map[string][]byte{docPath(st.ID): st.DocFile, p: yml})
	for i := range probs {
		if probs[i].Path == p {
			probs[i].Path = editedPath
		}
	}
	if len(probs) > 0 {
		return probs
	}
	recs, err := parseRecords(yml)
	if err != nil || len(recs) != 1 {
		return armswatch.ValidationErrors{{Path: editedPath, Message: "expected exactly one claim record (one \"- id: …\")"}}
	}
	for _, r := range st.Records {
		if r.ID != key && r.State != Rejected && r.Claim.ID == recs[0].ID {
			return armswatch.ValidationErrors{{Path: editedPath, Line: 1, Field: "id", Message: fmt.Sprintf("%q is the id of another record of this proposal", recs[0].ID)}}
		}
	}
	return nil
}

// Published is what Publish did.
type Published struct {
	Document     string   // the document id
	DocumentFile string   // relative to the data directory
	ClaimsFile   string   // "" when no record was accepted
	Claims       []string // the ids published
	Rejected     int
}

// Publish moves a staged proposal into service: the document into
// documents/<id>.md and the accepted (and edited) records, with
// reviewed_by and reviewed_on, into claims/<id>.yaml; then it appends a
// line to the changelog and removes the proposal. It refuses (ErrPending)
// while records are pending, and (an *InvalidError) when the data
// directory would not pass the checks with the new files. Each file is
// written atomically, the document first: a crash leaves the proposal
// staged and publishing it again finishes the work. A read-only data
// directory gives an error matching ErrReadOnly; the proposal stays.
func (s *Staging) Publish(ctx context.Context, id, by string) (*Published, error) {
	if err := validBy(by); err != nil {
		return nil, err
	}
	keep := "the proposal proposals/" + id + "/ is unchanged: publish it again once the directory is writable"
	l, err := s.lockCtx(ctx, keep)
	if err != nil {
		return nil, err
	}
	defer l.unlock()
	st, err := s.get(id)
	if err != nil {
		return nil, err
	}
	if n := st.Pending(); n > 0 {
		return nil, &pendingError{fmt.Sprintf("%s of proposal %s %s still pending: accept, edit or reject %s first",
			prose.Count(n, "record", "records"), id, prose.Plural(n, "is", "are"), prose.Plural(n, "it", "them"))}
	}
	files, out, err := publishedFiles(st, strings.TrimSpace(by), s.today())
	if err != nil {
		return nil, err
	}
	claimsRel := out.ClaimsFile
	if err := s.refuseOthers(st, files); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if probs := s.newProblems(files); len(probs) > 0 {
		return nil, &InvalidError{What: "the data directory with proposal " + id, Problems: probs}
	}
	for _, rel := range []string{docPath(id), claimsRel} {
		data, ok := files[rel]
		if !ok {
			continue
		}
		if err := writeAtomic(filepath.Join(s.Dir, filepath.FromSlash(rel)), data); err != nil {
			return nil, s.writeError(err, keep)
		}
		at("published:" + rel)
	}
	// A publish killed after its changelog line and before the proposal
	// was removed has logged this publish already.
	logged, err := publishLogged(s.Dir, id, st.ProposedAt)
	if err != nil {
		return nil, err
	}
	if !logged {
		if err := appendChange(s.Dir, Change{Time: s.now(), By: strings.TrimSpace(by), Action: "publish", Document: id, Claims: out.Claims}); err != nil {
			return nil, s.writeError(err, keep)
		}
	}
	at("changelog")
	done := filepath.Join(s.Dir, ProposalsDir, "."+id+".published-"+strconv.FormatInt(s.now().UnixNano(), 10))
	if err := os.Rename(s.proposalDir(id), done); err != nil {
		return nil, s.writeError(err, keep)
	}
	s.sweep()
	return out, nil
}

// sweep removes what Save and Publish leave in proposals/ when they are
// killed: a half-made ".<id>.tmp-*" and a published ".<id>.published-*".
// Only a process holding the lock makes them, so under the lock every one
// there is left over.
func (s *Staging) sweep() {
	parent := filepath.Join(s.Dir, ProposalsDir)
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if n := e.Name(); e.IsDir() && strings.HasPrefix(n, ".") && (strings.Contains(n, ".tmp-") || strings.Contains(n, ".published-")) {
			os.RemoveAll(filepath.Join(parent, n))
		}
	}
}

// publishedFiles are the files a publish of st by by on day writes
// (relative to the data directory), and what it will have done.
func publishedFiles(st *Staged, by string, day armswatch.Date) (map[string][]byte, *Published, error) {
	var recs []armswatch.Claim
	out := &Published{Document: st.ID, DocumentFile: docPath(st.ID)}
	for _, r := range st.Records {
		if r.State == Rejected {
			out.Rejected++
			continue
		}
		c := r.Claim
		c.ReviewedBy, c.ReviewedOn = by, day
		recs = append(recs, c)
		out.Claims = append(out.Claims, c.ID)
	}
	files := map[string][]byte{docPath(st.ID): st.DocFile}
	if len(recs) > 0 {
		yml, err := RecordsYAML(fmt.Sprintf("Claim records of document %s, reviewed by %s on %s (armswatch review).", st.ID, by, day), recs)
		if err != nil {
			return nil, nil, err
		}
		out.ClaimsFile = path.Join(armswatch.ClaimsDir, st.ID+".yaml")
		files[out.ClaimsFile] = yml
	}
	return files, out, nil
}

// refuseOthers refuses a publish over a file that is there already and
// is not this proposal's own: a publish that stopped half-way wrote the
// same files, by whoever published then and on that day.
func (s *Staging) refuseOthers(st *Staged, files map[string][]byte) error {
	for rel, data := range files {
		old, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) || err == nil && (bytes.Equal(old, data) || ownClaimsFile(st, old, rel)) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", rel, err)
		}
		return &existsError{fmt.Sprintf("%s exists already in %s and differs: publishing would overwrite it; rename or remove one of them", rel, s.Dir)}
	}
	return nil
}

// ownClaimsFile reports whether old, the file at rel, is the claims file
// of st as published by someone else or on another day.
func ownClaimsFile(st *Staged, old []byte, rel string) bool {
	if rel == docPath(st.ID) {
		return false
	}
	recs, err := parseRecords(old)
	if err != nil || len(recs) == 0 || recs[0].ReviewedBy == "" {
		return false
	}
	then, _, err := publishedFiles(st, recs[0].ReviewedBy, recs[0].ReviewedOn)
	return err == nil && bytes.Equal(then[rel], old)
}

// publishLogged reports whether the changelog has a line publishing
// document id at or after since (when its proposal was staged).
func publishLogged(dir, id string, since time.Time) (bool, error) {
	data, err := os.ReadFile(filepath.Join(dir, ChangelogFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read the changelog: %w", err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		var c Change
		if json.Unmarshal(line, &c) == nil && c.Action == "publish" && c.Document == id && !c.Time.Before(since) {
			return true, nil
		}
	}
	return false, nil
}

// newProblems loads the data directory with files laid over it and
// returns the problems that the directory alone does not have.
func (s *Staging) newProblems(files map[string][]byte) armswatch.ValidationErrors {
	base := os.DirFS(s.Dir)
	_, err := armswatch.LoadMetadata(base)
	before := map[string]bool{}
	for _, p := range asProblems(err) {
		before[p.Error()] = true
	}
	_, err = armswatch.LoadMetadata(memFS{files: files, base: base})
	var out armswatch.ValidationErrors
	for _, p := range asProblems(err) {
		if !before[p.Error()] {
			out = append(out, p)
		}
	}
	return out
}
