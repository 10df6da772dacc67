package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
)

// outcome is where the review goes after an answer.
type outcome int

const (
	stay outcome = iota // ask about the same record again
	next                // go on to the next record
	quit                // end the review, work kept
)

// interactive goes through the pending records one at a time.
func (rv *reviewer) interactive() error {
	rv.in = newPrompter(rv.e.stdin)
	defer rv.in.close()
	st, err := rv.s.Get(rv.id)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	w := rv.e.stdout
	fmt.Fprintf(w, "Reviewing %s: %q, from %s (%s).\n", st.ID, st.Doc.Title, st.Source, stateCounts(st))
	var keys []string
	for _, r := range st.Records {
		if r.State == propose.Pending {
			keys = append(keys, r.ID)
		}
	}
	for i, key := range keys {
		out, err := rv.record(i+1, len(keys), key)
		if err != nil {
			return err
		}
		if out == quit {
			return rv.kept()
		}
	}
	if st, err = rv.s.Get(rv.id); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if n := st.Pending(); n > 0 {
		fmt.Fprintf(w, "%s still pending. ", countRecords(n, "is", "are"))
		return rv.kept()
	}
	prompt := "Every record is reviewed (" + stateCounts(st) + "). [p]ublish, [q]uit? "
	if len(st.Records) == 0 {
		prompt = "The rules found no candidate records in this document: add records by hand after publishing, or remove the proposal. [p]ublish the document alone, [q]uit? "
	}
	for {
		ans, ok := rv.ask(prompt)
		switch {
		case !ok || ans == "q":
			return rv.kept()
		case ans == "p":
			return rv.publish()
		}
		fmt.Fprintln(w, "Answer p or q.")
	}
}

func countRecords(n int, one, many string) string {
	return prose.Count(n, "record", "records") + " " + prose.Plural(n, one, many)
}

// kept says the review can go on later.
func (rv *reviewer) kept() error {
	st, err := rv.s.Get(rv.id)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	fmt.Fprintf(rv.e.stdout, "The review is kept (%s): run \"armswatch review %s --data %s\" to go on.\n", stateCounts(st), rv.id, rv.s.Dir)
	if rv.ctx.Err() != nil {
		return &exitError{code: 130, err: errSilent} // as a shell reports an interrupt
	}
	return nil
}

// ask prompts and reads one answer, its first letter lower-cased; false at
// the end of the input, or when the review is interrupted.
func (rv *reviewer) ask(prompt string) (string, bool) {
	fmt.Fprint(rv.e.stdout, prompt)
	line, err := rv.in.readLine(rv.ctx)
	line = strings.ToLower(strings.TrimSpace(line))
	switch {
	case rv.ctx.Err() != nil:
		fmt.Fprintln(rv.e.stdout, "(interrupted)")
		return "", false
	case line == "" && err != nil:
		fmt.Fprintln(rv.e.stdout, "(end of input)")
		return "", false
	case line == "":
		return "", true
	}
	return line[:1], true
}

// prompter reads the answers: one line when asked, in a goroutine, so
// that an interrupt ends the wait, and nothing is read ahead while an
// editor has the terminal.
type prompter struct {
	in  *bufio.Reader
	req chan struct{}
	res chan answerLine
}

type answerLine struct {
	text string
	err  error
}

func newPrompter(r io.Reader) *prompter {
	p := &prompter{in: bufio.NewReader(r), req: make(chan struct{}), res: make(chan answerLine, 1)}
	go func() {
		for range p.req {
			text, err := p.in.ReadString('\n')
			p.res <- answerLine{text, err}
		}
	}()
	return p
}

func (p *prompter) readLine(ctx context.Context) (string, error) {
	select {
	case p.req <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	select {
	case l := <-p.res:
		return l.text, l.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// close ends the goroutine once its read, if any, returns.
func (p *prompter) close() { close(p.req) }

// record shows one pending record and acts on the answers about it.
func (rv *reviewer) record(i, n int, key string) (outcome, error) {
	for {
		st, err := rv.s.Get(rv.id)
		if err != nil {
			return quit, fmt.Errorf("review: %w", err)
		}
		r, _ := st.Record(key)
		if err := rv.show(i, n, r); err != nil {
			return quit, err
		}
		out, err := rv.answer(r)
		if out != stay || err != nil {
			return out, err
		}
	}
}

func (rv *reviewer) show(i, n int, r propose.Record) error {
	yml, err := rv.s.RecordYAML(rv.id, r.ID)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	w := rv.e.stdout
	fmt.Fprintf(w, "\n[%d/%d] candidate %s (%s)\n", i, n, r.ID, r.State)
	for k, why := range r.Why {
		lead := "# why: "
		if k > 0 {
			lead = "#      "
		}
		fmt.Fprintln(w, lead+why)
	}
	w.Write(yml)
	return nil
}

// answer asks what to do with the record r, as shown, and does it,
// unless another moderator changed it meanwhile: then it is shown again.
func (rv *reviewer) answer(r propose.Record) (outcome, error) {
	w := rv.e.stdout
	key, s := r.ID, rv.s.Since(r.CandidateState)
	for {
		ans, ok := rv.ask("[a]ccept, [e]dit, [r]eject, [s]kip, [p]ublish, [q]uit? ")
		if !ok {
			return quit, nil
		}
		switch ans {
		case "a":
			err := s.Accept(rv.id, key, rv.by)
			var inv *propose.InvalidError
			if errors.As(err, &inv) {
				printProblems(w, "not accepted: "+key+" (edit it, or reject it)", inv.Problems)
				continue
			}
			return rv.done("accepted", key, err)
		case "r":
			return rv.done("rejected", key, s.Reject(rv.id, key, rv.by))
		case "e":
			return rv.edit(s, key)
		case "s":
			fmt.Fprintf(w, "skipped: %s (still pending)\n", key)
			return next, nil
		case "p":
			st, err := rv.s.Get(rv.id)
			if err != nil {
				return quit, fmt.Errorf("review: %w", err)
			}
			fmt.Fprintf(w, "Not yet: %s still pending; accept, edit or reject %s first.\n", countRecords(st.Pending(), "is", "are"), prose.Plural(st.Pending(), "it", "them"))
			continue
		case "q":
			return quit, nil
		}
		fmt.Fprintln(w, "Answer a, e, r, s, p or q.")
	}
}

// done reports a decision, or ends the review on an error (a read-only
// data directory, say: nothing more can be saved).
func (rv *reviewer) done(verb, key string, err error) (outcome, error) {
	if errors.Is(err, propose.ErrChanged) {
		fmt.Fprintf(rv.e.stdout, "%v: here it is as it stands.\n", err)
		return stay, nil
	}
	if err != nil {
		return quit, fmt.Errorf("review %s: %w", rv.id, err)
	}
	fmt.Fprintf(rv.e.stdout, "%s: %s\n", verb, key)
	return next, nil
}

// edit opens the record in the editor until it passes the checks or the
// moderator gives up.
func (rv *reviewer) edit(s *propose.Staging, key string) (outcome, error) {
	w := rv.e.stdout
	text, err := rv.s.RecordYAML(rv.id, key)
	if err != nil {
		return quit, fmt.Errorf("review: %w", err)
	}
	for {
		edited, err := runEditor(rv.e, key, text)
		if err != nil {
			fmt.Fprintf(w, "%v; the record is unchanged.\n", err)
			return stay, nil
		}
		if bytes.Equal(edited, text) {
			fmt.Fprintln(w, "The record is unchanged: nothing was saved.")
			return stay, nil
		}
		err = s.Edit(rv.id, key, edited, rv.by)
		if errors.Is(err, propose.ErrChanged) {
			fmt.Fprintf(w, "Your edit, not saved:\n%s", edited)
		}
		var inv *propose.InvalidError
		if !errors.As(err, &inv) {
			return rv.done("edited and accepted", key, err)
		}
		printProblems(w, "not saved: the edited record", inv.Problems)
		text = edited // edit again from what was written, not from scratch
		for again := true; again; {
			ans, ok := rv.ask("[e]dit again, [s]kip? ")
			switch {
			case !ok:
				return quit, nil
			case ans == "s":
				fmt.Fprintf(w, "skipped: %s (still pending; the edit was not kept)\n", key)
				return next, nil
			case ans == "e":
				again = false
			default:
				fmt.Fprintln(w, "Answer e or s.")
			}
		}
	}
}

// runEditor writes text to a temporary file, runs $VISUAL, else $EDITOR,
// else vi on it (the command split on spaces), and returns the file as
// the editor left it.
func runEditor(e *env, key string, text []byte) ([]byte, error) {
	line := e.getenv("VISUAL")
	if strings.TrimSpace(line) == "" {
		line = e.getenv("EDITOR")
	}
	argv := strings.Fields(line)
	if len(argv) == 0 {
		argv = []string{"vi"}
	}
	f, err := os.CreateTemp("", "armswatch-"+key+"-*.yaml")
	if err != nil {
		return nil, fmt.Errorf("edit %s: %w", key, err)
	}
	path := f.Name()
	defer os.Remove(path)
	_, werr := f.Write(text)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return nil, fmt.Errorf("edit %s: write %s: %w", key, path, werr)
	}
	cmd := exec.Command(argv[0], append(argv[1:], path)...)
	if in, ok := e.stdin.(*os.File); ok {
		cmd.Stdin = in
	}
	cmd.Stdout, cmd.Stderr = attach(e.stdout), attach(e.stderr)
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("the editor %q failed (%v)", argv[0], err)
	}
	out, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("edit %s: read %s back: %w", key, path, err)
	}
	return out, nil
}

// attach gives the editor a stream only when it is the process's own.
func attach(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok {
		return f
	}
	return nil
}
