package main

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/armswatch/armswatch/data"
)

// dataSource resolves the data set a command reads: the --data flag, else
// DATA_DIR, else the bundle embedded in the binary. label names it for
// messages ("bundled data" or the directory).
func dataSource(e *env, flagDir string) (fsys fs.FS, label string, err error) {
	dir := flagDir
	if dir == "" {
		dir = e.getenv("DATA_DIR")
	}
	if dir == "" {
		return data.FS(), "bundled data", nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, "", fmt.Errorf("open data directory %q: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, "", fmt.Errorf("open data directory %q: not a directory", dir)
	}
	return os.DirFS(dir), dir, nil
}
