package armswatch

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"sort"
)

// Fingerprint is a cheap fingerprint of a data set: a hex SHA-256 over the
// names, sizes and modification times of AliasesFile, DocumentsDir/*.md and
// ClaimsDir/*.yaml, the files Load reads. A file whose modification time is
// zero (every file of an embed.FS) is fingerprinted by its contents instead,
// which is cheap for the bundle. Editing, adding, removing or renaming a file
// changes the fingerprint; other files (raw/, a README) do not count. The
// index package appends its mapping version.
func Fingerprint(fsys fs.FS) (string, error) {
	var names []string
	if _, err := fs.Stat(fsys, AliasesFile); err == nil {
		names = append(names, AliasesFile)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("fingerprint data: %w", err)
	}
	for _, pattern := range []string{DocumentsDir + "/*.md", ClaimsDir + "/*.yaml"} {
		matches, err := fs.Glob(fsys, pattern)
		if err != nil {
			return "", fmt.Errorf("fingerprint data: %w", err)
		}
		names = append(names, matches...)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		st, err := fs.Stat(fsys, name)
		if err != nil {
			return "", fmt.Errorf("fingerprint data: %w", err)
		}
		if st.IsDir() {
			continue
		}
		writeField(h, []byte(name))
		var num [8]byte
		binary.BigEndian.PutUint64(num[:], uint64(st.Size()))
		writeField(h, num[:])
		if mt := st.ModTime(); !mt.IsZero() {
			binary.BigEndian.PutUint64(num[:], uint64(mt.UnixNano()))
			writeField(h, []byte("mtime"))
			writeField(h, num[:])
			continue
		}
		sum, err := hashFile(fsys, name)
		if err != nil {
			return "", fmt.Errorf("fingerprint data: %w", err)
		}
		writeField(h, []byte("sha256"))
		writeField(h, sum)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeField writes a length-prefixed field so that no two different
// sequences of fields hash the same.
func writeField(h hash.Hash, b []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}

func hashFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
