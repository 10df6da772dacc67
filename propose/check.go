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
	dir := path.Join(ProposalsDir, id)
	var out armswatch.ValidationErrors
	add := func(file string, line int, field, format string, args ...any) {
		out = append(out, armswatch.ValidationError{Path: path.Join(dir, file), Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if !armswatch.IsKebabID(id) {
		add("", 0, "", "%q is not a document id", id)
		return out
	}
	read := func(name string) []byte {
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			add(name, 0, "", "cannot be read: %v", err)
			return nil
		}
		return data
	}
	docFile, candFile, stateRaw := read(StagedDocument), read(StagedCandidates), read(StagedState)
	if docFile == nil || candFile == nil || stateRaw == nil {
		return out
	}
	const candPath = armswatch.ClaimsDir + "/candidates.yaml"
	rename := func(probs armswatch.ValidationErrors, claims, as string) {
		for _, p := range probs {
			switch p.Path {
			case docPath(id):
				p.Path = path.Join(dir, StagedDocument)
			case claims:
				p.Path = path.Join(dir, as)
			}
			out = append(out, p)
		}
	}
	rename(checkFiles(map[string][]byte{docPath(id): docFile, candPath: candFile}), candPath, StagedCandidates)

	var st stateFile
	if err := json.Unmarshal(stateRaw, &st); err != nil {
		add(StagedState, jsonErrorLine(stateRaw, err), "", "not valid JSON: %v", err)
		return out
	}
	lines := stateLines(stateRaw)
	if st.Document != id {
		add(StagedState, 0, "document", "%q, but the directory is %q", st.Document, id)
	}
	cands, _ := parseRecords(candFile)
	known := map[string]bool{}
	for _, c := range cands {
		known[c.ID] = true
	}
	for i, cs := range st.Candidates {
		f := fmt.Sprintf("candidates[%d]", i)
		if !cs.State.Valid() {
			add(StagedState, stateLine(lines, i, "state"), f+".state", "unknown state %q of candidate %s; one of pending, accepted, edited, rejected", cs.State, cs.ID)
		}
		if !known[cs.ID] {
			add(StagedState, stateLine(lines, i, "id"), f+".id", "candidate %q is not in %s", cs.ID, StagedCandidates)
		}
		if cs.State != Pending && strings.TrimSpace(cs.By) == "" {
			add(StagedState, stateLine(lines, i, "by"), f+".by", "missing: who set the state %q", cs.State)
		}
		if cs.State == Edited {
			name := path.Join(StagedEdits, cs.ID+".yaml")
			data, err := fs.ReadFile(fsys, path.Join(dir, name))
			if err != nil {
				add(name, 0, "", "the edited record cannot be read: %v", err)
				continue
			}
			const p = armswatch.ClaimsDir + "/edited.yaml"
			rename(checkFiles(map[string][]byte{docPath(id): docFile, p: data}), p, name)
		}
	}
	return out
}
