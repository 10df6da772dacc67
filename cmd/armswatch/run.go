package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/armswatch/armswatch/propose"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// env is what every command gets: the process's streams and environment.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// dotenvErr is set when .env exists but cannot be read.
	dotenvErr error
	// serveDeps, when set, replaces serve's collaborators (tests).
	serveDeps *serveDeps
	// fetch is how propose downloads a URL: the zero value (every check)
	// outside tests, which let an httptest server through.
	fetch propose.FetchOptions
}

// command is one subcommand of armswatch.
type command struct {
	name    string
	summary string
	// usage is the help text after the "Usage:" line: flags and examples.
	usage string
	run   func(ctx context.Context, e *env, args []string) error
}

// commands lists every subcommand. Each lives in its own file.
func commands() []command {
	return []command{
		askCommand(),
		checkCommand(),
		ingestCommand(),
		reindexCommand(),
		serveCommand(),
		registerCommand(),
		inviteCommand(),
		healthcheckCommand(),
		dataCommand(),
		extractCommand(),
		proposeCommand(),
		reviewCommand(),
		retractCommand(),
		timelineCommand(),
		gapsCommand(),
	}
}

// usageError is a mistake in how armswatch was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errSilent is returned by a command that has already told the user what
// went wrong (e.g. check's list of errors); main prints nothing more.
var errSilent = errors.New("reported")

// exitError carries an exit status other than 1 or 2.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue), errors.Is(err, flag.ErrHelp):
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	case errors.As(err, &ee):
		return ee.code
	default:
		return 1
	}
}

// run is armswatch's whole life: parse the command line and run one command.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runEnv(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}, args)
}

// runEnv is run with its environment built (tests add to it).
func runEnv(ctx context.Context, e *env, args []string) error {
	stdout, stderr := e.stdout, e.stderr
	loadDotEnv(e)
	if len(args) == 0 {
		printUsage(stderr)
		return usagef("no command given")
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help", "help":
		printUsage(stdout)
		return nil
	case "--version", "-version", "version":
		fmt.Fprintln(stdout, "armswatch", version)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			err := c.run(ctx, e, args[1:])
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			var ue *usageError
			if errors.As(err, &ue) {
				fmt.Fprintf(stderr, "armswatch %s: %s\n", c.name, ue.msg)
				printCommandUsage(stderr, c)
				return errSilentUsage
			}
			return err
		}
	}
	printUsage(stderr)
	return usagef("unknown command %q", name)
}

// errSilentUsage is a usage error that has already been printed.
var errSilentUsage = &exitError{code: 2, err: errSilent}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "armswatch answers questions about reported arms transfers, with the claimant,")
	fmt.Fprintln(w, "date, figure and a verbatim quote for every claim.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: armswatch COMMAND [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Examples:")
	fmt.Fprintln(w, `  armswatch ask "shells"`)
	fmt.Fprintln(w, `  armswatch check --data ./data`)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'armswatch COMMAND --help' for a command's flags.")
}

func printCommandUsage(w io.Writer, c command) {
	fmt.Fprintf(w, "Usage: armswatch %s\n", strings.TrimSpace(c.usage))
}

// newFlagSet makes a silent flag set for a command; parseFlags reports.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args with fs, allowing flags after positional arguments
// ("ask shells --json"); "--" ends the flags. -h prints the command's help to
// stdout and returns flag.ErrHelp; any other error becomes a usage error.
// It returns the positional arguments.
func parseFlags(e *env, c command, fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	var err error
	for {
		err = fs.Parse(args)
		if err != nil {
			break
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(e.stdout, "armswatch %s: %s\n\n", c.name, c.summary)
		fmt.Fprintf(e.stdout, "Usage: armswatch %s\n\nFlags:\n", strings.TrimSpace(c.usage))
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		return nil, flag.ErrHelp
	}
	if err != nil {
		return nil, usagef("%v", err)
	}
	return positional, nil
}
