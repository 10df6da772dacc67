package index

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The crash test re-executes the test binary as a child that reindexes in
// a loop; TestMain turns the binary into that child when the variable is
// set.
const crashChildEnv = "ARMSWATCH_INDEX_CRASH_CHILD"

func TestMain(m *testing.M) {
	if spec := os.Getenv(crashChildEnv); spec != "" {
		crashChild(spec)
		return
	}
	os.Exit(m.Run())
}

// crashChild opens the index (building it when needed) and reindexes until
// it is killed. It prints "open" once the index is open.
func crashChild(spec string) {
	indexDir, dataDir, _ := strings.Cut(spec, "|")
	ix, err := Open(context.Background(), Options{Path: indexDir, Data: os.DirFS(dataDir)})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("open")
	for {
		if _, err := ix.Reindex(context.Background()); err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
	}
}

// A reindexing process killed with SIGKILL at any moment leaves an index
// that opens and answers.
func TestCrashDuringReindex(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data := copyFixture(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 3))
	const kills = 24
	partial := 0
	for i := 0; i < kills; i++ {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir+"|"+data)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Most kills land in a reindex; some (every fourth) may land in
		// the first build or before it.
		if i%4 != 0 {
			line, _ := bufio.NewReader(out).ReadString('\n')
			if strings.TrimSpace(line) != "open" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("child %d: %q", i, line)
			}
		}
		time.Sleep(time.Duration(rng.IntN(150_000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		partial += countPartial(dir)

		ix, err := Open(context.Background(), Options{Path: dir, Data: os.DirFS(data)})
		if err != nil {
			t.Fatalf("after kill %d: Open: %v", i, err)
		}
		if a := ask(t, ix, "shells"); len(a.Claims) == 0 {
			t.Fatalf("after kill %d: no answer", i)
		}
		ix.Close()
	}
	if partial == 0 {
		t.Error("no kill landed inside a build (no interrupted generation seen)")
	}
	t.Logf("%d of %d kills interrupted a build", partial, kills)
	// Interrupted builds are cleaned up by the next builder.
	ix := openData(t, os.DirFS(data), dir)
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if gens, _ := filepath.Glob(filepath.Join(dir, "gen-*")); len(gens) != 1 {
		t.Errorf("generations left after a clean reindex: %v", gens)
	}
}

// countPartial counts generation directories without meta.json: builds
// that were interrupted.
func countPartial(dir string) int {
	gens, _ := filepath.Glob(filepath.Join(dir, "gen-*"))
	n := 0
	for _, g := range gens {
		if _, err := os.Stat(filepath.Join(g, "meta.json")); err != nil {
			n++
		}
	}
	return n
}
