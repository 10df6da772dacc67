package propose

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/armswatch/armswatch"
)

// ErrRetracted matches a retraction refused because the record is
// retracted already.
var ErrRetracted = errors.New("nothing was retracted")

// Retracted is what Retract did.
type Retracted struct {
	Claim string
	File  string // the claims file changed, relative to the data directory
}

// Retract marks a published record retracted (status: retracted and
// retraction: {reason, by, on}), rewriting its claims file atomically under
// the lock, and appends a line to the changelog. Retracted records are
// never shown; a reindex takes them out of answers.
func (s *Staging) Retract(ctx context.Context, claimID, reason, by string) (*Retracted, error) {
	if err := validBy(by); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, errors.New("give the reason for the retraction")
	}
	keep := "nothing was retracted"
	l, err := s.lockCtx(ctx, keep)
	if err != nil {
		return nil, err
	}
	defer l.unlock()
	rel, data, root, k, err := s.findClaim(claimID)
	if err != nil {
		return nil, err
	}
	rec := root.Content[0].Content[k]
	if v := mapValue(rec, "status"); v != nil && v.Value == string(armswatch.StatusRetracted) {
		return nil, fmt.Errorf("claim %s (%s) is retracted already: %w", claimID, rel, ErrRetracted)
	}
	out, err := retractedFile(data, root, k, reason, strings.TrimSpace(by), s.today().String())
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if probs := s.newProblems(map[string][]byte{rel: out}); len(probs) > 0 {
		return nil, &InvalidError{What: "the data directory with " + claimID + " retracted", Problems: probs}
	}
	if err := writeAtomic(filepath.Join(s.Dir, filepath.FromSlash(rel)), out); err != nil {
		return nil, s.writeError(err, keep)
	}
	doc := ""
	if v := mapValue(rec, "appearances"); v != nil && len(v.Content) > 0 && v.Content[0].Kind == yaml.MappingNode {
		if d := mapValue(v.Content[0], "doc"); d != nil {
			doc = d.Value
		}
	}
	if err := appendChange(s.Dir, Change{Time: s.now(), By: strings.TrimSpace(by), Action: "retract", Document: doc, Claims: []string{claimID}, Reason: reason}); err != nil {
		return nil, s.writeError(err, "the record is retracted, but the changelog line could not be written")
	}
	return &Retracted{Claim: claimID, File: rel}, nil
}

// findClaim finds the claims file holding the record claimID: its path
// relative to the data directory, its bytes, its parse and the record's
// position in it.
func (s *Staging) findClaim(claimID string) (rel string, data []byte, root *yaml.Node, k int, err error) {
	entries, err := os.ReadDir(filepath.Join(s.Dir, armswatch.ClaimsDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", nil, nil, 0, fmt.Errorf("read %s: %w", armswatch.ClaimsDir, err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		rel = path.Join(armswatch.ClaimsDir, e.Name())
		data, err = os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(rel)))
		if err != nil {
			return "", nil, nil, 0, fmt.Errorf("read %s: %w", rel, err)
		}
		var n yaml.Node
		if yaml.Unmarshal(data, &n) != nil || len(n.Content) == 0 || n.Content[0].Kind != yaml.SequenceNode {
			continue // check reports it
		}
		if k = recordIndex(n.Content[0], claimID); k >= 0 {
			return rel, data, &n, k, nil
		}
	}
	return "", nil, nil, 0, fmt.Errorf("no claim record %q in %s: %w", claimID, filepath.Join(s.Dir, armswatch.ClaimsDir), ErrNotFound)
}

// pruneKey removes key from a mapping's content.
func pruneKey(content []*yaml.Node, key string) []*yaml.Node {
	out := content[:0]
	for i := 0; i+1 < len(content); i += 2 {
		if content[i].Value != key {
			out = append(out, content[i], content[i+1])
		}
	}
	return out
}

// recordIndex is the position of the record with id claimID in the
// sequence seq; -1 when none has it.
func recordIndex(seq *yaml.Node, claimID string) int {
	for k, n := range seq.Content {
		if n.Kind == yaml.MappingNode {
			if v := mapValue(n, "id"); v != nil && v.Value == claimID {
				return k
			}
		}
	}
	return -1
}

// retractedFile is the claims file data with record k of root retracted:
// status: retracted and retraction: {reason, by, on} in place of any
// status, superseded_by or retraction it had. The lines are inserted into
// the file as written, every other line kept, when the record allows it
// (a block mapping whose keys to replace hold one line each) and the
// result reads back as the same data; otherwise the file is written anew
// from its parsed form.
func retractedFile(data []byte, root *yaml.Node, k int, reason, by, on string) ([]byte, error) {
	inPlace, ok := retractInPlace(data, root.Content[0], k, reason, by, on)
	rec := root.Content[0].Content[k]
	setValue(rec, "status", strNode(string(armswatch.StatusRetracted)))
	rec.Content = pruneKey(rec.Content, "superseded_by")
	rt := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	setValue(rt, "reason", strNode(reason))
	setValue(rt, "by", strNode(by))
	setValue(rt, "on", strNode(on))
	setValue(rec, "retraction", rt)
	var buf bytes.Buffer
	if err := encodeNode(&buf, root); err != nil {
		return nil, err
	}
	if ok && sameYAML(inPlace, buf.Bytes()) {
		return inPlace, nil
	}
	return buf.Bytes(), nil
}

// retractInPlace inserts the retraction's lines at the end of record k of
// seq, as written in data, and deletes its one-line status, superseded_by
// and retraction keys; false when the record is not written so.
func retractInPlace(data []byte, seq *yaml.Node, k int, reason, by, on string) ([]byte, bool) {
	rec := seq.Content[k]
	if bytes.ContainsRune(data, '\r') || rec.Kind != yaml.MappingNode || rec.Style&yaml.FlowStyle != 0 || len(rec.Content) == 0 {
		return nil, false
	}
	lines := strings.Split(string(data), "\n")
	drop := map[int]bool{}
	for i := 0; i+1 < len(rec.Content); i += 2 {
		key, v := rec.Content[i], rec.Content[i+1]
		switch key.Value {
		case "status", "superseded_by", "retraction":
			if v.Kind != yaml.ScalarNode || v.Line != key.Line || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				return nil, false
			}
			drop[key.Line-1] = true
		}
	}
	end := len(lines) // the record's lines are before end
	if k+1 < len(seq.Content) {
		end = seq.Content[k+1].Line - 1
	}
	for end > rec.Line && (strings.TrimSpace(lines[end-1]) == "" || strings.HasPrefix(strings.TrimSpace(lines[end-1]), "#")) {
		end--
	}
	pad := strings.Repeat(" ", rec.Content[0].Column-1)
	add := []string{
		pad + "status: " + string(armswatch.StatusRetracted),
		pad + "retraction:",
		pad + "  reason: " + yamlScalar(reason),
		pad + "  by: " + yamlScalar(by),
		pad + "  on: " + yamlScalar(on),
	}
	var out []string
	for i, l := range lines {
		if i == end {
			out = append(out, add...)
		}
		if !drop[i] {
			out = append(out, l)
		}
	}
	if end == len(lines) {
		out = append(out, add...)
	}
	return []byte(strings.Join(out, "\n")), true
}

// sameYAML reports whether a and b hold the same data.
func sameYAML(a, b []byte) bool {
	var x, y any
	return yaml.Unmarshal(a, &x) == nil && yaml.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

// yamlScalar is s as a YAML scalar on one line, as the encoder writes it
// (plain when it can be, quoted otherwise).
func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if text := strings.TrimSuffix(string(out), "\n"); err == nil && !strings.Contains(text, "\n") {
		return text
	}
	return strconv.Quote(s)
}
