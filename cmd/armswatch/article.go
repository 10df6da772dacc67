package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// readArticle reads a raw article for ingest, extract and propose: FILE,
// or standard input for "-", at most limit bytes. FILE must be a regular
// file (or a link to one): anything else is refused before it is opened,
// so that a named pipe cannot hang the command. sourceFile is the file's
// base name, "" for standard input. Errors name the article, not the
// command; callers add their own.
func readArticle(e *env, file string, limit int) (raw []byte, sourceFile string, err error) {
	var r io.Reader = e.stdin
	name := "standard input"
	if file != "-" {
		st, err := os.Stat(file)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, "", fmt.Errorf("no file %q", file)
		case err != nil:
			return nil, "", fmt.Errorf("read article %q: %w", file, err)
		case st.IsDir():
			return nil, "", fmt.Errorf("read article %q: is a directory, not a regular file (a directory)", file)
		case !st.Mode().IsRegular():
			return nil, "", fmt.Errorf("read article %q: not a regular file (%s)", file, fileKind(st.Mode()))
		}
		f, err := os.Open(file)
		if err != nil {
			return nil, "", fmt.Errorf("read article: %w", err)
		}
		defer f.Close()
		r, name, sourceFile = f, file, filepath.Base(file)
	}
	raw, err = io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, "", fmt.Errorf("read article %s: %w", name, err)
	}
	if len(raw) > limit {
		return nil, "", fmt.Errorf("read article %s: larger than %d MiB; is it really one article?", name, limit>>20)
	}
	return raw, sourceFile, nil
}

// fileKind names a file type that is not a regular file.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
