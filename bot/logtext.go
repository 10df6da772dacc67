package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"runtime"
	"strings"
	"syscall"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/ingest"
	"github.com/armswatch/armswatch/timeline"
)

// withheldMark starts what is logged in place of a text that may hold
// what the user typed, when Config.LogQueries is not set.
const withheldMark = "text withheld (LOG_QUERIES=false)"

// serverError marks an error about the server (the index, the disk, the
// data directory), never about the user's input: its text holds nothing the
// user typed, so it is logged in full whatever Config.LogQueries says.
type serverError struct{ err error }

func (e *serverError) Error() string { return e.err.Error() }
func (e *serverError) Unwrap() error { return e.err }

// serverFailure marks err as a serverError. Only errors made from no user
// input may be marked: /reindex's, reading the data set.
func serverFailure(err error) error {
	if err == nil {
		return nil
	}
	return &serverError{err: err}
}

// logErr is err as a log line may show it: redacted of tokens (the bot's
// and the given secrets) and, without Config.LogQueries, holding nothing
// the user typed. The engine's errors may quote the query (bleve's, the
// index's), a refusal's message quotes the bad option, so neither text is
// logged then: a refusal is logged as its template ("“…” is not an item I
// know…"), any other error by what of it cannot carry user text (its
// types, system error numbers, well-known sentinels and runtime errors).
// A serverError is logged in full.
func (b *Bot) logErr(err error, secrets ...string) string {
	if err == nil {
		return ""
	}
	secrets = append(secrets, b.secret())
	if _, server := err.(*serverError); b.cfg.LogQueries || server {
		return Redact(err.Error(), secrets...)
	}
	var ue *userError
	if errors.As(err, &ue) && ue.format != "" {
		return fillVerbs.ReplaceAllString(ue.format, "…")
	}
	return withheldError(err)
}

// logPanic is a recovered panic value as a log line may show it: in full
// (redacted of tokens) with Config.LogQueries; otherwise its type, and the
// text of a runtime error (a nil dereference, an index out of range: none
// holds user text).
func (b *Bot) logPanic(r any) string {
	if b.cfg.LogQueries {
		return Redact(fmt.Sprint(r), b.secret())
	}
	if err, ok := r.(error); ok {
		return withheldError(err)
	}
	return fmt.Sprintf("%s: a %T", withheldMark, r)
}

// fillVerbs finds the verbs of a format string.
var fillVerbs = regexp.MustCompile(`%[-+# 0]*(?:\[\d+\])?(?:\*|\d+)?(?:\.(?:\*|\d+)?)?[a-zA-Z]`)

// WithheldError describes err without its text, which may quote what a
// user typed: by the chain of its types, with the text of well-known
// sentinels (context deadline exceeded, not found, …), system error
// numbers (permission denied) and runtime errors in their place. It is
// what the bot logs of a failure when Config.LogQueries is false.
func WithheldError(err error) string { return withheldError(err) }

// withheldError describes err by what cannot hold user text: the chain of
// its types, with the text of well-known sentinels, system error numbers
// and runtime errors in their place.
func withheldError(err error) string {
	var parts []string
	describeChain(err, &parts, 0)
	return withheldMark + ": " + strings.Join(parts, " > ")
}

// maxDescribed bounds the errors withheldError names.
const maxDescribed = 16

func describeChain(err error, parts *[]string, depth int) {
	for e := err; e != nil && len(*parts) < maxDescribed; {
		*parts = append(*parts, describeOne(e))
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			var kids []string
			for _, k := range u.Unwrap() {
				if len(kids) == maxDescribed/2 || depth > 2 {
					kids = append(kids, "…")
					break
				}
				var sub []string
				describeChain(k, &sub, depth+1)
				kids = append(kids, strings.Join(sub, " > "))
			}
			*parts = append(*parts, "("+strings.Join(kids, "; ")+")")
			return
		case interface{ Unwrap() error }:
			e = u.Unwrap()
		default:
			return
		}
	}
}

// safeSentinels are errors whose fixed text may be logged.
var safeSentinels = []error{
	context.Canceled, context.DeadlineExceeded, io.EOF, io.ErrUnexpectedEOF,
	fs.ErrNotExist, fs.ErrPermission, fs.ErrExist, fs.ErrClosed, fs.ErrInvalid,
	armswatch.ErrBadDate, armswatch.ErrBadQuery, armswatch.ErrInvalidData,
	armswatch.ErrNotFound, armswatch.ErrReindexRunning,
	timeline.ErrNoClaims, ingest.ErrEmpty, ingest.ErrNothingLeft,
	errTooLarge, errNotAllowed,
}

func describeOne(e error) string {
	for _, s := range safeSentinels {
		if e == s {
			return e.Error()
		}
	}
	if errno, ok := e.(syscall.Errno); ok {
		return errno.Error()
	}
	if re, ok := e.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("%T", e)
}
