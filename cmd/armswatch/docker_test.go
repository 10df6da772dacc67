package main

// No Docker engine runs where these tests run: they check .dockerignore and
// docker-compose.yml. The Dockerfile itself is checked with BuildKit's
// parser, and the binary built as its build stage builds it, by the module
// tools/dockerfilecheck (its own go.mod, so that BuildKit is not a
// dependency of armswatch; .ci/run runs it).

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// repoRoot is the module root, two levels above this package.
const repoRoot = "../.."

// dockerignore returns whether a path is excluded by .dockerignore (its
// simple patterns: no "**", as this project's file uses none in paths that
// matter).
func dockerignore(t *testing.T) func(string) bool {
	t.Helper()
	var patterns []string
	for _, line := range strings.Split(readRepoFile(t, ".dockerignore"), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, strings.TrimPrefix(line, "/"))
		}
	}
	return func(p string) bool {
		p = path.Clean(strings.TrimPrefix(p, "./"))
		excluded := false
		for _, pat := range patterns {
			neg := strings.HasPrefix(pat, "!")
			pat = strings.TrimPrefix(pat, "!")
			for q := p; q != "." && q != "/"; q = path.Dir(q) {
				if ok, _ := path.Match(pat, q); ok {
					excluded = !neg
					break
				}
			}
		}
		return excluded
	}
}

func TestDockerignore(t *testing.T) {
	t.Parallel()
	ignored := dockerignore(t)
	for _, p := range []string{".env", ".git", ".env.production"} {
		if !ignored(p) {
			t.Errorf(".dockerignore lets %s into the build context", p)
		}
	}
	for _, p := range []string{"go.mod", "go.sum", "cmd/armswatch/main.go", "data/aliases.yaml", "data/raw"} {
		if ignored(p) {
			t.Errorf(".dockerignore excludes %s, which the build needs", p)
		}
	}
	// Every Go source file of the build and every file it embeds is sent.
	embed := regexp.MustCompile(`(?m)^//go:embed (.+)$`)
	err := filepath.WalkDir(repoRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoRoot, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == ".git" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		if ignored(rel) {
			t.Errorf(".dockerignore excludes %s, which the build needs", rel)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range embed.FindAllStringSubmatch(string(src), -1) {
			for _, pat := range strings.Fields(m[1]) {
				target := path.Join(path.Dir(rel), strings.Trim(pat, `"`))
				if ignored(target) || ignored(path.Dir(target)) {
					t.Errorf(".dockerignore excludes %s, embedded by %s", target, rel)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDockerCompose(t *testing.T) {
	t.Parallel()
	var compose struct {
		Services map[string]struct {
			Build struct {
				Context string `yaml:"context"`
			} `yaml:"build"`
			EnvFile         string            `yaml:"env_file"`
			Environment     map[string]string `yaml:"environment"`
			Restart         string            `yaml:"restart"`
			StopGracePeriod string            `yaml:"stop_grace_period"`
			Ports           []string          `yaml:"ports"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, "docker-compose.yml")), &compose); err != nil {
		t.Fatal(err)
	}
	svc, ok := compose.Services["armswatch"]
	if !ok {
		t.Fatal("no armswatch service")
	}
	if svc.Build.Context != "." {
		t.Errorf("build context %q", svc.Build.Context)
	}
	if svc.EnvFile != ".env" {
		t.Errorf("env_file %q, want .env", svc.EnvFile)
	}
	if svc.Restart != "unless-stopped" && svc.Restart != "always" && !strings.HasPrefix(svc.Restart, "on-failure") {
		t.Errorf("restart %q: the process exits on lost heartbeats and needs a restart policy", svc.Restart)
	}
	grace, err := time.ParseDuration(svc.StopGracePeriod)
	if err != nil || grace <= defaultShutdownTimeout {
		t.Errorf("stop_grace_period %q: want more than SHUTDOWN_TIMEOUT's default %v", svc.StopGracePeriod, defaultShutdownTimeout)
	}
	for _, p := range svc.Ports {
		if !strings.HasPrefix(p, "127.0.0.1:") {
			t.Errorf("port %s published beyond the host's loopback", p)
		}
	}
}
