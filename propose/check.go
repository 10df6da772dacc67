package propose

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/armswatch/armswatch"
)

// CheckProposals validates the staged proposals of a data set (the loader
// never reads proposals/): each proposal's document and candidates with
// the loader's checks, its state file (every candidate has a known state),
// and each edited record against the document. Problems are at paths
// under proposals/. A data set without proposals/ has none.
func CheckProposals(fsys fs.FS) armswatch.ValidationErrors {
	entries, err := fs.ReadDir(fsys, ProposalsDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return armswatch.ValidationErrors{{Path: ProposalsDir, Message: err.Error()}}
	}
	var out armswatch.ValidationErrors
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		out = append(out, checkProposal(fsys, e)...)
	}
	return out
}

func checkProposal(fsys fs.FS, e fs.DirEntry) armswatch.ValidationErrors {
	if !e.IsDir() {
		return armswatch.ValidationErrors{{Path: path.Join(ProposalsDir, e.Name()), Message: "not a directory: proposals/ holds one directory per staged document"}}
	}
	return checkProposalDir(fsys, e.Name())
}

// checkProposalDir checks the proposal directory proposals/<id>/.
func checkProposalDir(fsys fs.FS, id string) armswatch.ValidationErrors {
	c := &proposalCheck{fsys: fsys, id: id, dir: path.Join(ProposalsDir, id)}
	if !armswatch.IsKebabID(id) {
		c.add("", 0, "", "%q is not a document id", id)
		return c.out
	}
	docFile, candFile, stateRaw := c.read(StagedDocument), c.read(StagedCandidates), c.read(StagedState)
	if docFile == nil || candFile == nil || stateRaw == nil {
		return c.out
	}
	const candPath = armswatch.ClaimsDir + "/candidates.yaml"
	c.rename(checkFiles(map[string][]byte{docPath(id): docFile, candPath: candFile}), candPath, StagedCandidates)
	c.state(stateRaw, candFile, docFile)
	return c.out
}

// proposalCheck gathers the problems of one proposal directory.
type proposalCheck struct {
	fsys    fs.FS
	id, dir string
	out     armswatch.ValidationErrors
}

func (c *proposalCheck) add(file string, line int, field, format string, args ...any) {
	c.out = append(c.out, armswatch.ValidationError{Path: path.Join(c.dir, file), Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// read reads a file of the proposal; nil, with the problem, when it
// cannot.
func (c *proposalCheck) read(name string) []byte {
	data, err := fs.ReadFile(c.fsys, path.Join(c.dir, name))
	if err != nil {
		c.add(name, 0, "", "cannot be read: %v", err)
		return nil
	}
	return data
}

// rename adds the loader's problems, at the proposal's own paths: claims
// (the path the file was checked at) becomes as.
func (c *proposalCheck) rename(probs armswatch.ValidationErrors, claims, as string) {
	for _, p := range probs {
		switch p.Path {
		case docPath(c.id):
			p.Path = path.Join(c.dir, StagedDocument)
		case claims:
			p.Path = path.Join(c.dir, as)
		}
		c.out = append(c.out, p)
	}
}

// state checks the state file: every candidate proposed, in a known state
// set by someone, its edited record passing the checks.
func (c *proposalCheck) state(stateRaw, candFile, docFile []byte) {
	var st stateFile
	if err := json.Unmarshal(stateRaw, &st); err != nil {
		c.add(StagedState, jsonErrorLine(stateRaw, err), "", "not valid JSON: %v", err)
		return
	}
	lines := stateLines(stateRaw)
	if st.Document != c.id {
		c.add(StagedState, 0, "document", "%q, but the directory is %q", st.Document, c.id)
	}
	cands, _ := parseRecords(candFile)
	known := map[string]bool{}
	for _, cand := range cands {
		known[cand.ID] = true
	}
	for i, cs := range st.Candidates {
		f := fmt.Sprintf("candidates[%d]", i)
		if !cs.State.Valid() {
			c.add(StagedState, stateLine(lines, i, "state"), f+".state", "unknown state %q of candidate %s; one of pending, accepted, edited, rejected", cs.State, cs.ID)
		}
		if !known[cs.ID] {
			c.add(StagedState, stateLine(lines, i, "id"), f+".id", "candidate %q is not in %s", cs.ID, StagedCandidates)
		}
		if cs.State != Pending && strings.TrimSpace(cs.By) == "" {
			c.add(StagedState, stateLine(lines, i, "by"), f+".by", "missing: who set the state %q", cs.State)
		}
		if cs.State == Edited {
			c.edited(cs.ID, docFile)
		}
	}
}

// edited checks the edited record of candidate key against the document.
func (c *proposalCheck) edited(key string, docFile []byte) {
	name := path.Join(StagedEdits, key+".yaml")
	data, err := fs.ReadFile(c.fsys, path.Join(c.dir, name))
	if err != nil {
		c.add(name, 0, "", "the edited record cannot be read: %v", err)
		return
	}
	const p = armswatch.ClaimsDir + "/edited.yaml"
	c.rename(checkFiles(map[string][]byte{docPath(c.id): docFile, p: data}), p, name)
}
