package dockerfilecheck

// No Docker engine runs where these tests run: they check the repository's
// Dockerfile with BuildKit's own parser and shell lexer, and build and run
// the binary exactly as the Dockerfile's build stage does. The checks that
// need no BuildKit (.dockerignore, docker-compose.yml) are in
// cmd/armswatch/docker_test.go.

import (
	"context"
	"debug/elf"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"gopkg.in/yaml.v3"
)

// repoRoot is the armswatch module root, two levels above this module.
const repoRoot = "../.."

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dockerInstr is one Dockerfile instruction.
type dockerInstr struct {
	cmd   string   // lower case: from, run, copy, …
	args  []string // the arguments (for HEALTHCHECK: CMD, then the command)
	flags []string // --from=…, --chown=…, --mount=…
	json  bool     // exec (JSON) form
	line  int
}

// dockerStage is a FROM and the instructions after it.
type dockerStage struct {
	image, name string
	instrs      []dockerInstr
}

func (s dockerStage) all(cmd string) []dockerInstr {
	var out []dockerInstr
	for _, in := range s.instrs {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

func (s dockerStage) last(cmd string) (dockerInstr, bool) {
	all := s.all(cmd)
	if len(all) == 0 {
		return dockerInstr{}, false
	}
	return all[len(all)-1], true
}

func (in dockerInstr) flag(name string) (string, bool) {
	for _, f := range in.flags {
		if v, ok := strings.CutPrefix(f, "--"+name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// parseDockerfile parses the repository's Dockerfile with BuildKit's parser
// and splits it into stages; ARGs before the first FROM are expanded in the
// FROM lines with their defaults, as BuildKit does.
func parseDockerfile(t *testing.T) (stages []dockerStage, globalArgs map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatalf("BuildKit cannot parse the Dockerfile: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("BuildKit warns: %s", w.Short)
	}
	globalArgs = map[string]string{}
	lex := shell.NewLex(res.EscapeToken)
	for _, n := range res.AST.Children {
		in := dockerInstr{cmd: strings.ToLower(n.Value), flags: n.Flags, json: n.Attributes["json"], line: n.StartLine}
		for a := n.Next; a != nil; a = a.Next {
			in.args = append(in.args, a.Value)
		}
		if in.cmd == "healthcheck" && n.Next != nil {
			in.json = n.Next.Next != nil && n.Attributes["json"]
		}
		switch {
		case in.cmd == "from":
			var env []string
			for k, v := range globalArgs {
				env = append(env, k+"="+v)
			}
			image, _, err := lex.ProcessWord(in.args[0], shell.EnvsFromSlice(env))
			if err != nil {
				t.Fatalf("line %d: %v", in.line, err)
			}
			st := dockerStage{image: image}
			if len(in.args) == 3 && strings.EqualFold(in.args[1], "as") {
				st.name = in.args[2]
			}
			stages = append(stages, st)
		case len(stages) == 0:
			if in.cmd == "arg" {
				k, v, _ := strings.Cut(in.args[0], "=")
				globalArgs[k] = v
			}
		default:
			stages[len(stages)-1].instrs = append(stages[len(stages)-1].instrs, in)
		}
	}
	return stages, globalArgs
}

// goBuildCommand returns the build stage's `go build` RUN as words, with
// ARG VERSION set to version, expanded by BuildKit's shell lexer.
func goBuildCommand(t *testing.T, build dockerStage, version string) []string {
	t.Helper()
	for _, run := range build.all("run") {
		if !strings.Contains(run.args[0], "go build") {
			continue
		}
		if run.json {
			t.Fatalf("line %d: the go build RUN should use the shell form, for ${VERSION}", run.line)
		}
		words, err := shell.NewLex('\\').ProcessWords(run.args[0], shell.EnvsFromSlice([]string{"VERSION=" + version}))
		if err != nil {
			t.Fatal(err)
		}
		return words
	}
	t.Fatal("no RUN with go build in the build stage")
	return nil
}

func TestDockerfile(t *testing.T) {
	t.Parallel()
	stages, _ := parseDockerfile(t)
	if len(stages) < 2 {
		t.Fatalf("%d stages, want a multi-stage build", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]

	// Builder: the official Go image, at the go.mod's Go version.
	if !strings.HasPrefix(build.image, "golang:1.26") || build.name == "" {
		t.Errorf("build stage %q AS %q: want the official golang:1.26 image, named", build.image, build.name)
	}
	words := goBuildCommand(t, build, "v9.9.9")
	joined := strings.Join(words, " ")
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-X main.version=v9.9.9", "./cmd/armswatch"} {
		if !strings.Contains(joined, want) {
			t.Errorf("go build %q lacks %s", joined, want)
		}
	}
	if words[0] != "CGO_ENABLED=0" {
		t.Errorf("go build should start with CGO_ENABLED=0: %q", joined)
	}

	// Runtime: distroless static (CA certificates, no shell), non-root.
	if final.image != "gcr.io/distroless/static-debian12:nonroot" {
		t.Errorf("runtime image %q, want gcr.io/distroless/static-debian12:nonroot", final.image)
	}
	if runs := final.all("run"); len(runs) > 0 {
		t.Errorf("line %d: RUN in the distroless stage, which has no shell", runs[0].line)
	}
	user, ok := final.last("user")
	if !ok || (user.args[0] != "65532" && user.args[0] != "65532:65532") {
		t.Errorf("USER %v, want 65532 (nonroot)", user.args)
	}

	// The binary comes from the build stage; ENTRYPOINT runs it in exec form.
	ep, ok := final.last("entrypoint")
	if !ok || !ep.json || len(ep.args) != 1 {
		t.Fatalf("ENTRYPOINT %v (exec form: %v), want [\"/path/armswatch\"]", ep.args, ep.json)
	}
	binary := ep.args[0]
	var binaryCopied bool
	for _, cp := range final.all("copy") {
		if from, ok := cp.flag("from"); ok && from == build.name && cp.args[len(cp.args)-1] == binary {
			binaryCopied = true
			if src := cp.args[0]; !strings.Contains(joined, "-o "+src) {
				t.Errorf("COPY --from=%s %s: go build does not write that file (%s)", from, src, joined)
			}
		}
	}
	if !binaryCopied {
		t.Errorf("no COPY --from=%s to the ENTRYPOINT %s", build.name, binary)
	}
	if cmd, ok := final.last("cmd"); !ok || !cmd.json || !slices.Equal(cmd.args, []string{"serve"}) {
		t.Errorf("CMD %v, want [\"serve\"]", cmd.args)
	}

	// HEALTHCHECK runs `armswatch healthcheck`, in exec form (no shell).
	hc, ok := final.last("healthcheck")
	if !ok || len(hc.args) < 3 || hc.args[0] != "CMD" || !hc.json {
		t.Fatalf("HEALTHCHECK %v (exec form %v), want CMD [\"%s\", \"healthcheck\"]", hc.args, hc.json, binary)
	}
	if !slices.Equal(hc.args[1:], []string{binary, "healthcheck"}) {
		t.Errorf("HEALTHCHECK CMD %v, want [%s healthcheck]", hc.args[1:], binary)
	}

	// The index lives on a volume the non-root user can write.
	env := map[string]string{}
	for _, e := range final.all("env") {
		for i := 0; i+1 < len(e.args); i += 3 { // name, value, "=" triples
			env[e.args[i]] = e.args[i+1]
		}
	}
	indexPath := env["INDEX_PATH"]
	vol, ok := final.last("volume")
	if !ok || indexPath == "" {
		t.Fatalf("VOLUME %v, INDEX_PATH %q: want the index on a volume", vol.args, indexPath)
	}
	volume := vol.args[0]
	if !strings.HasPrefix(indexPath+"/", volume+"/") {
		t.Errorf("INDEX_PATH %s is not on the VOLUME %s", indexPath, volume)
	}
	var owned bool
	for _, cp := range final.all("copy") {
		if chown, _ := cp.flag("chown"); cp.args[len(cp.args)-1] == volume && (chown == "65532:65532" || chown == "65532") {
			owned = true
		}
	}
	if !owned {
		t.Errorf("%s is not created owned by 65532 (COPY --chown=65532:65532 … %s)", volume, volume)
	}
	if _, ok := env["OPS_ADDR"]; !ok {
		t.Error("ENV OPS_ADDR is not set: the default 127.0.0.1 cannot be published")
	}
	// DATA_DIR is mountable: the image neither sets it nor hides a
	// directory there (the bundled data is in the binary).
	if v, ok := env["DATA_DIR"]; ok && v != "" {
		t.Errorf("the image sets DATA_DIR=%s; the bundled data should serve by default", v)
	}
	// No secrets are baked in.
	for _, st := range stages {
		for _, in := range st.instrs {
			if (in.cmd == "env" || in.cmd == "arg") && strings.Contains(strings.Join(in.args, " "), "DISCORD_TOKEN") {
				t.Errorf("line %d: %s DISCORD_TOKEN bakes the secret into the image", in.line, strings.ToUpper(in.cmd))
			}
		}
	}

	// Every COPY from the build context names files that exist and that
	// .dockerignore does not exclude.
	ignored := dockerignore(t)
	for _, st := range stages {
		for _, cp := range st.all("copy") {
			if _, ok := cp.flag("from"); ok {
				continue
			}
			for _, src := range cp.args[:len(cp.args)-1] {
				if _, err := os.Stat(filepath.Join(repoRoot, src)); err != nil {
					t.Errorf("line %d: COPY source %s: %v", cp.line, src, err)
				}
				if src != "." && ignored(src) {
					t.Errorf("line %d: COPY source %s is excluded by .dockerignore", cp.line, src)
				}
			}
		}
	}
}

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

// TestComposeVolume: docker-compose.yml keeps the index on a named volume
// mounted on the image's VOLUME.
func TestComposeVolume(t *testing.T) {
	t.Parallel()
	var compose struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, "docker-compose.yml")), &compose); err != nil {
		t.Fatal(err)
	}
	svc, ok := compose.Services["armswatch"]
	if !ok {
		t.Fatal("no armswatch service")
	}
	stages, _ := parseDockerfile(t)
	final := stages[len(stages)-1]
	vol, ok := final.last("volume")
	if !ok {
		t.Fatal("the image has no VOLUME")
	}
	var named bool
	for _, v := range svc.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 && parts[1] == vol.args[0] {
			if _, ok := compose.Volumes[parts[0]]; ok {
				named = true
			}
		}
	}
	if !named {
		t.Errorf("volumes %v: want a named volume on the image's VOLUME %s", svc.Volumes, vol.args[0])
	}
	if ip := svc.Environment["INDEX_PATH"]; !strings.HasPrefix(ip, vol.args[0]+"/") {
		t.Errorf("INDEX_PATH %q is not on the volume %s", ip, vol.args[0])
	}
}

// TestBinaryBuiltAsInDocker builds the binary with the Dockerfile's own go
// build command and runs `ask shells` from an empty directory with an empty
// environment (HOME only, for the index cache).
func TestBinaryBuiltAsInDocker(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary: skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	stages, _ := parseDockerfile(t)
	words := goBuildCommand(t, stages[0], "v0.0.0-dockertest")
	var env []string
	for len(words) > 0 && strings.Contains(words[0], "=") {
		env = append(env, words[0])
		words = words[1:]
	}
	if len(words) < 2 || words[0] != "go" || words[1] != "build" {
		t.Fatalf("unexpected build command %q", words)
	}
	bin := filepath.Join(t.TempDir(), "armswatch")
	for i := range words {
		if words[i] == "-o" && i+1 < len(words) {
			words[i+1] = bin
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, goTool, words[1:]...)
	build.Dir = repoRoot
	build.Env = append(os.Environ(), env...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", env, words, err, out)
	}

	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary is dynamically linked: it would not run on distroless/static")
		}
	}
	f.Close()

	home, work := t.TempDir(), t.TempDir()
	runBin := func(args ...string) (string, string, int) {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = work
		cmd.Env = []string{"HOME=" + home}
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := cmd.ProcessState.ExitCode()
		if err != nil && code < 0 {
			t.Fatalf("%v: %v", args, err)
		}
		return stdout.String(), stderr.String(), code
	}
	if out, _, code := runBin("--version"); code != 0 || strings.TrimSpace(out) != "armswatch v0.0.0-dockertest" {
		t.Errorf("--version: exit %d %q: -ldflags -X main.version did not apply", code, out)
	}
	if _, stderr, code := runBin("healthcheck", "--addr", "127.0.0.1:1", "--timeout", "1s"); code != 1 || stderr == "" {
		t.Errorf("healthcheck with nothing listening: exit %d %q", code, stderr)
	}

	stdout, stderr, code := runBin("ask", "shells")
	if code != 0 {
		t.Fatalf("ask shells with an empty environment: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if strings.TrimSpace(stdout) == "" {
		t.Errorf("ask shells printed nothing (stderr: %s)", stderr)
	}
	if entries, _ := os.ReadDir(work); len(entries) != 0 {
		t.Errorf("ask wrote into the working directory: %v", entries)
	}
}
