package propose

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// LockFile is the data directory's lock file: every change to the data
// directory by this package is made holding it (flock).
const LockFile = ".armswatch.lock"

// ChangelogFile gets one JSON line per publish or retraction.
const ChangelogFile = "changelog.jsonl"

// ErrReadOnly matches the error of a change to a data directory that
// refuses writes.
var ErrReadOnly = errors.New("the data directory is not writable")

// readOnlyError names the directory and the fix; keep says what is kept.
type readOnlyError struct {
	dir, keep string
	err       error
}

func (e *readOnlyError) Error() string {
	msg := fmt.Sprintf("the data directory %s is not writable (%v): make it writable (chmod u+w, or mount it read-write: in Docker, a volume ending in :rw, not :ro) and try again", e.dir, e.err)
	if e.keep != "" {
		msg += "; " + e.keep
	}
	return msg
}
func (e *readOnlyError) Is(target error) bool { return target == ErrReadOnly }
func (e *readOnlyError) Unwrap() error        { return e.err }

func isReadOnly(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM)
}

// hook is called at the points of a publish where a crash test kills the
// process; nil outside tests.
var hook func(point string)

func at(point string) {
	if hook != nil {
		hook(point)
	}
}

// writeAtomic writes path through a temporary file in the same directory,
// synced, then renamed over path, and syncs the directory: a crash leaves
// the old file or the new one.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		at("write:" + filepath.Base(path))
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return werr
	}
	syncDir(dir)
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Change is one line of the changelog.
type Change struct {
	Time     time.Time `json:"time"`
	By       string    `json:"by"`
	Action   string    `json:"action"` // "publish" or "retract"
	Document string    `json:"document,omitempty"`
	Claims   []string  `json:"claims"`
	Reason   string    `json:"reason,omitempty"`
}

// appendChange appends one line to the changelog, in one write, synced.
func appendChange(dir string, c Change) error {
	if c.Claims == nil {
		c.Claims = []string{}
	}
	line, err := json.Marshal(c)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, ChangelogFile), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(append(line, '\n'))
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}
