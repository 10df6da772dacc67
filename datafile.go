package armswatch

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// What the loader reads of a data file, whatever the file holds: a data
// directory is edited by hand, and one odd file (a link to /dev/zero, a
// named pipe, a pasted page on one line) must not exhaust memory or hang a
// reindex.
const (
	// MaxFileBytes is the size limit of a data file (8 MiB): the alias
	// file, a document, a claim file. Only regular files are read (a
	// symbolic link is followed to one), and only when their size is
	// within the limit; anything else is reported as a ValidationError
	// without being opened. The read itself stops past the limit, so a
	// file that grows after it was checked is reported too.
	MaxFileBytes = 8 << 20
	// MaxFieldBytes is the size limit of one YAML value (64 KiB): a
	// title, a statement, a quote, any front-matter or claim field. A
	// longer value is reported and otherwise ignored. A document's body is
	// bounded by MaxFileBytes only.
	MaxFieldBytes = 64 << 10
)

// dataFile is a data file named in a directory listing, checked (by its
// mode and size, without opening it) before it is read.
type dataFile struct {
	path string
	size int64 // when listed; the read is bounded by MaxFileBytes anyway
	ok   bool  // a regular file within the limit; reported otherwise
}

// checkEntry checks a listed file by its directory entry: a regular file
// of at most MaxFileBytes, or a symbolic link to one. The error is a
// failure to read the FS; a file that is refused is reported and not ok.
func (l *loader) checkEntry(p string, e fs.DirEntry) (dataFile, error) {
	f := dataFile{path: p}
	link := e.Type()&fs.ModeSymlink != 0
	var info fs.FileInfo
	var err error
	if link {
		info, err = fs.Stat(l.fsys, p) // os.DirFS follows it without opening
	} else {
		info, err = e.Info() // the entry itself (lstat): nothing is opened
	}
	if link && errors.Is(err, fs.ErrNotExist) {
		l.add(p, 0, "", "not a regular file (a symbolic link to nothing)")
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("load data: %w", err)
	}
	if mode := info.Mode().Type(); !mode.IsRegular() {
		what := describeMode(mode)
		if link {
			what = "a symbolic link to " + what
		}
		l.add(p, 0, "", "not a regular file (%s)", what)
		return f, nil
	}
	if info.Size() > MaxFileBytes {
		l.add(p, 0, "", "too large (%s; the limit is %s)", byteSize(info.Size()), byteSize(MaxFileBytes))
		return f, nil
	}
	f.size, f.ok = info.Size(), true
	return f, nil
}

// describeMode names a file type that is not a regular file.
func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeDir != 0:
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "of type " + m.String()
}

// byteSize formats a size in KiB or MiB, rounded up to a tenth, so that a
// size just over a limit never prints as the limit.
func byteSize(n int64) string {
	unit, div := "KiB", float64(1<<10)
	if n >= 1<<20 {
		unit, div = "MiB", 1<<20
	}
	v := math.Ceil(float64(n)*10/div) / 10
	return strconv.FormatFloat(v, 'f', -1, 64) + " " + unit
}

// readData reads a checked file, at most MaxFileBytes: a file that grew
// past the limit since it was listed is reported, and not ok.
func (l *loader) readData(f dataFile) (data []byte, ok bool, err error) {
	file, err := l.fsys.Open(f.path)
	if err != nil {
		return nil, false, fmt.Errorf("load data: %w", err)
	}
	defer file.Close()
	data, err = readAtMost(file, f.size, MaxFileBytes)
	if err != nil {
		return nil, false, fmt.Errorf("load data: %s: %w", f.path, err)
	}
	if len(data) > MaxFileBytes {
		l.add(f.path, 0, "", "too large (it grew past the limit of %s as it was read)", byteSize(MaxFileBytes))
		return nil, false, nil
	}
	return data, true, nil
}

// readAtMost reads r to its end or to limit+1 bytes, whichever comes
// first, into a buffer sized for the expected size.
func readAtMost(r io.Reader, expect, limit int64) ([]byte, error) {
	r = io.LimitReader(r, limit+1)
	buf := make([]byte, 0, min(max(expect, 0), limit)+1) // +1: EOF needs no growth
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// aliasFile finds AliasesFile in the root listing, so that its type is
// known before it is opened. An absent alias file is not ok and not
// reported (a data set needs none); one in the wrong spelling is.
func (l *loader) aliasFile() (dataFile, error) {
	entries, err := fs.ReadDir(l.fsys, ".")
	if err != nil {
		return dataFile{}, fmt.Errorf("load data: %w", err)
	}
	for _, e := range entries {
		switch name := e.Name(); {
		case name == AliasesFile:
			return l.checkEntry(name, e)
		case strings.EqualFold(name, AliasesFile) || strings.EqualFold(name, "aliases.yml"):
			l.add(name, 0, "", "not loaded: the alias file must be named %q", AliasesFile)
		}
	}
	return dataFile{}, nil
}

// checkFieldSizes reports every value under n (a record, or a document's
// front matter) longer than MaxFieldBytes, marks its field failed and
// makes it null, so that no later check reads or reports it again. A
// field name that long is reported and its field dropped.
func (l *loader) checkFieldSizes(p string, offset int, n *yaml.Node, field string, failed map[string]bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if len(n.Value) > MaxFieldBytes {
			l.add(p, n.Line+offset, field, "too long (%s; the limit is %s for one value)", byteSize(int64(len(n.Value))), byteSize(MaxFieldBytes))
			failed[field] = true
			n.Tag, n.Value, n.Style = "!!null", "", 0
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			l.checkFieldSizes(p, offset, c, fmt.Sprintf("%s[%d]", field, i), failed)
		}
	case yaml.MappingNode:
		kept := n.Content[:0]
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i], n.Content[i+1]
			if len(key.Value) > MaxFieldBytes {
				l.add(p, key.Line+offset, field, "field name too long (%s; the limit is %s)", byteSize(int64(len(key.Value))), byteSize(MaxFieldBytes))
				continue
			}
			l.checkFieldSizes(p, offset, val, joinField(field, key.Value), failed)
			kept = append(kept, key, val)
		}
		n.Content = kept
	}
}
