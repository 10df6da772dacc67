package propose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

// handData is a copy of the bundled data: claims files written by hand,
// with folded scalars, blank lines in quotes and comments.
func handData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{armswatch.DocumentsDir, armswatch.ClaimsDir} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", "data", sub))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A retraction adds its lines to the record and changes nothing else of a
// file written by hand: its wrapping, comments and quoting stay as they
// were, so the change reads as what it is in a diff. Records whose status
// was set are retracted too, superseded_by dropped.
func TestRetractKeepsHandWrittenFile(t *testing.T) {
	t.Parallel()
	const rel = "claims/2023-10-26-us-japan-south-korea-denounce.yaml"
	for _, tc := range []struct {
		name   string
		record int    // which record of the file
		before string // a line added to the record before the retraction ("" none)
	}{
		{"first record", 0, ""},
		{"last record", -1, ""},
		{"status set", 1, "status: active"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := handData(t)
			path := filepath.Join(dir, filepath.FromSlash(rel))
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(orig), "\n")
			var starts []int
			for i, l := range lines {
				if strings.HasPrefix(l, "- id: ") {
					starts = append(starts, i)
				}
			}
			k := tc.record
			if k < 0 {
				k = len(starts) - 1
			}
			id := strings.Trim(strings.TrimPrefix(lines[starts[k]], "- id: "), `"`)
			if tc.before != "" {
				lines = append(lines[:starts[k]+1], append([]string{"  " + tc.before}, lines[starts[k]+1:]...)...)
				orig = []byte(strings.Join(lines, "\n"))
				if err := os.WriteFile(path, orig, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			reason := `the ministry's "figure" was: wrong # really`
			if _, err := New(dir).Retract(context.Background(), id, reason, "bo"); err != nil {
				t.Fatal(err)
			}
			now, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			added, removed := lineDiff(string(orig), string(now))
			if tc.before != "" && (len(removed) != 1 || strings.TrimSpace(removed[0]) != tc.before) {
				t.Errorf("removed %d lines (%q…), want only the status line", len(removed), removed[:min(3, len(removed))])
			} else if tc.before == "" && len(removed) != 0 {
				t.Errorf("removed %d lines: %q…", len(removed), removed[:min(3, len(removed))])
			}
			if len(added) != 5 || strings.TrimSpace(added[0]) != "status: retracted" {
				t.Errorf("added %d lines (%q…), want the status and the retraction (5 lines)", len(added), added[:min(6, len(added))])
			}
			c, err := armswatch.Load(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := c.Claim(id)
			if got.Status != armswatch.StatusRetracted || got.Retraction == nil || got.Retraction.Reason != reason || got.Retraction.By != "bo" {
				t.Errorf("retracted record: %+v %+v", got, got.Retraction)
			}
		})
	}
}

// lineDiff is the lines only in b (added) and only in a (removed), in
// order, for files that differ by inserted and deleted lines.
func lineDiff(a, b string) (added, removed []string) {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	// longest common subsequence, small files
	n, m := len(al), len(bl)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if al[i] == bl[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case al[i] == bl[j]:
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			removed, i = append(removed, al[i]), i+1
		default:
			added, j = append(added, bl[j]), j+1
		}
	}
	removed = append(removed, al[i:]...)
	added = append(added, bl[j:]...)
	return added, removed
}
