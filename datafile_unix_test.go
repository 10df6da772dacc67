//go:build unix

package armswatch

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestLoadRefusesIrregularFiles puts files that are not regular files
// where the loader reads: each must be reported without being opened (a
// link to /dev/zero never ends, a named pipe blocks the open for ever).
func TestLoadRefusesIrregularFiles(t *testing.T) {
	t.Parallel()
	symlink := func(target string) func(t *testing.T, p string) {
		return func(t *testing.T, p string) {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	fifo := func(t *testing.T, p string) {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := func(t *testing.T, p string) {
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	socket := func(t *testing.T, p string) {
		l, err := net.Listen("unix", p)
		if err != nil {
			t.Skipf("no unix socket: %v", err)
		}
		t.Cleanup(func() { l.Close() })
	}
	for _, tc := range []struct {
		name, file string
		make       func(t *testing.T, p string)
		want       string // the message; empty when the file loads
	}{
		{"document linked to /dev/zero", "documents/zero.md", symlink("/dev/zero"), "not a regular file (a symbolic link to a character device)"},
		{"claim file linked to /dev/zero", "claims/zero.yaml", symlink("/dev/zero"), "not a regular file (a symbolic link to a character device)"},
		{"alias file linked to /dev/zero", "aliases.yaml", symlink("/dev/zero"), "not a regular file (a symbolic link to a character device)"},
		{"document pipe", "documents/fifo.md", fifo, "not a regular file (a named pipe)"},
		{"claim file pipe", "claims/fifo.yaml", fifo, "not a regular file (a named pipe)"},
		{"alias file pipe", "aliases.yaml", fifo, "not a regular file (a named pipe)"},
		{"document linked to a pipe", "documents/link.md", symlink("fifo.txt"), "not a regular file (a symbolic link to a named pipe)"},
		{"document socket", "documents/sock.md", socket, "not a regular file (a socket)"},
		{"directory named like a document", "documents/dir.md", dir, "not a regular file (a directory)"},
		{"directory named like a claim file", "claims/dir.yaml", dir, "not a regular file (a directory)"},
		{"alias file directory", "aliases.yaml", dir, "not a regular file (a directory)"},
		{"dangling link", "documents/gone.md", symlink("gone.txt"), "not a regular file (a symbolic link to nothing)"},
		{"link to a regular file", "documents/copy.md", symlink(docShells + ".md"), ""},
		{"link to a directory of claims", "claims", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := diskFixture(t, "good")
			p := filepath.Join(root, filepath.FromSlash(tc.file))
			switch tc.file {
			case "aliases.yaml":
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
			case "documents/link.md":
				fifo(t, filepath.Join(root, "documents", "fifo.txt"))
			case "claims": // the directory itself may be a link
				moved := filepath.Join(root, "claims-real")
				if err := os.Rename(p, moved); err != nil {
					t.Fatal(err)
				}
				symlink("claims-real")(t, p)
			}
			if tc.make != nil {
				tc.make(t, p)
			}
			c, err := loadEveryWay(t, os.DirFS(root))
			if tc.want == "" {
				checkErrors(t, err, nil)
				if len(c.Claims) != 5 {
					t.Errorf("%d claims, want 5", len(c.Claims))
				}
				return
			}
			checkErrors(t, err, []want{{tc.file, tc.want}})
		})
	}
}
