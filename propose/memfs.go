package propose

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// memFS is a read-only fs.FS of in-memory files (slash paths to contents)
// laid over an optional base FS: the loader checks files that are not
// written yet with its own checks, alone or beside the data directory.
// A file in files hides the base's file of the same name.
type memFS struct {
	files map[string][]byte
	base  fs.FS // nil: the files alone
}

func (m memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := m.files[name]; ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, r: bytes.NewReader(data)}, nil
	}
	if m.isDir(name) {
		return &memFile{info: memInfo{name: path.Base(name), dir: true}, r: bytes.NewReader(nil)}, nil
	}
	if m.base == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return m.base.Open(name)
}

// isDir reports whether name is a directory of the in-memory files.
func (m memFS) isDir(name string) bool {
	if name == "." {
		return true
	}
	for p := range m.files {
		if strings.HasPrefix(p, name+"/") {
			return true
		}
	}
	return false
}

func (m memFS) Stat(name string) (fs.FileInfo, error) {
	if data, ok := m.files[name]; ok {
		return memInfo{name: path.Base(name), size: int64(len(data))}, nil
	}
	if m.base != nil {
		if info, err := fs.Stat(m.base, name); err == nil || !m.isDir(name) {
			return info, err
		}
	}
	if m.isDir(name) {
		return memInfo{name: path.Base(name), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (m memFS) ReadDir(name string) ([]fs.DirEntry, error) {
	byName := map[string]fs.DirEntry{}
	found := false
	if m.base != nil {
		entries, err := fs.ReadDir(m.base, name)
		switch {
		case err == nil:
			found = true
			for _, e := range entries {
				byName[e.Name()] = e
			}
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	prefix := name + "/"
	if name == "." {
		prefix = ""
	}
	for p, data := range m.files {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		found = true
		if first, _, sub := strings.Cut(rest, "/"); sub {
			if _, ok := byName[first]; !ok {
				byName[first] = fs.FileInfoToDirEntry(memInfo{name: first, dir: true})
			}
		} else {
			byName[rest] = fs.FileInfoToDirEntry(memInfo{name: rest, size: int64(len(data))})
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(byName))
	for _, e := range byName {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) {
	if f.info.dir {
		return 0, &fs.PathError{Op: "read", Path: f.info.name, Err: errors.New("is a directory")}
	}
	return f.r.Read(b)
}
func (f *memFile) Close() error { return nil }

var _ io.Reader = (*memFile)(nil)

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
