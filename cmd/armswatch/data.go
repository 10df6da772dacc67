package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/armswatch/armswatch/data"
)

func dataCommand() command {
	c := command{
		name:    "data",
		summary: "export the bundled data as the start of a moderator's DATA_DIR",
		usage: `data export DIR

Writes the data bundled in the binary (aliases.yaml, documents/, claims/ and
raw/, the seed articles as received) to DIR, creating it if needed. Existing
files are never overwritten: if any would be, nothing is written. Then point
DATA_DIR at DIR, edit it, and run 'armswatch check --data DIR'.

Examples:
  armswatch data export ./mydata
  DATA_DIR=./mydata armswatch serve`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fset := newFlagSet("data")
		pos, err := parseFlags(e, c, fset, args)
		if err != nil {
			return err
		}
		if len(pos) == 0 {
			return usagef("missing subcommand: want 'data export DIR'")
		}
		switch pos[0] {
		case "export":
			if len(pos) != 2 {
				return usagef("data export takes one directory, got %d arguments", len(pos)-1)
			}
			n, err := exportData(data.FS(), pos[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "wrote %d files to %s\nnext: set DATA_DIR=%s (in .env), edit the files, and run 'armswatch check --data %s'\n",
				n, pos[1], pos[1], pos[1])
			return nil
		default:
			return usagef("unknown subcommand %q: want 'data export DIR'", pos[0])
		}
	}
	return c
}

// exportData copies every file of fsys into dir, creating directories as
// needed. It refuses, before writing anything, when a file it would write
// already exists, and never follows or replaces an existing file while
// writing (O_EXCL). It returns the number of files written.
func exportData(fsys fs.FS, dir string) (int, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read bundled data: %w", err)
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return 0, fmt.Errorf("export data to %q: not a directory", dir)
	}
	var existing []string
	for _, f := range files {
		target := filepath.Join(dir, filepath.FromSlash(f))
		if _, err := os.Lstat(target); err == nil {
			existing = append(existing, target)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("export data to %q: %w", dir, err)
		}
	}
	if len(existing) > 0 {
		more := ""
		if len(existing) > 1 {
			more = fmt.Sprintf(" and %d more", len(existing)-1)
		}
		return 0, fmt.Errorf("export data to %q: %s%s already exist; nothing was written (choose an empty or new directory)", dir, existing[0], more)
	}
	for i, f := range files {
		target := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return i, fmt.Errorf("export data: %w", err)
		}
		if err := copyFileExcl(fsys, f, target); err != nil {
			return i, fmt.Errorf("export data: %w", err)
		}
	}
	return len(files), nil
}

// copyFileExcl writes fsys's file name to target, which must not exist.
func copyFileExcl(fsys fs.FS, name, target string) (err error) {
	src, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(target)
		}
	}()
	if _, err := io.Copy(dst, src); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	return nil
}
