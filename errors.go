package armswatch

import (
	"errors"
	"fmt"
)

// Domain errors, checked with errors.Is.
var (
	// ErrBadDate: a date is not YYYY, YYYY-MM or YYYY-MM-DD, or is out of range.
	ErrBadDate = errors.New("bad date")
	// ErrInvalidData: the data directory failed validation; the error is a
	// ValidationErrors listing every problem.
	ErrInvalidData = errors.New("invalid data")
	// ErrNotFound: no document or claim has that id.
	ErrNotFound = errors.New("not found")
	// ErrReindexRunning: a reindex is already under way.
	ErrReindexRunning = errors.New("a reindex is already running")
	// ErrBadQuery: the query cannot be answered as given (for example a
	// filter value that is not a known category or an inverted date range).
	ErrBadQuery = errors.New("bad query")
	// ErrIndexDamaged: a read failed because the index in service is
	// damaged (index.ErrIndexDamaged).
	ErrIndexDamaged = errors.New("the index is damaged")
	// ErrIndexRepairing: the same, while the index is being rebuilt from
	// the data; it matches ErrIndexDamaged too. Front ends say the index
	// is being repaired instead of a generic failure.
	ErrIndexRepairing = fmt.Errorf("%w and is being rebuilt from the data", ErrIndexDamaged)
)

// ErrorCode says what kind of problem an Error is, for programs; the
// message is for people.
type ErrorCode string

// The error codes.
const (
	CodeBadQuery ErrorCode = "bad_query" // matches ErrBadQuery
	CodeBadDate  ErrorCode = "bad_date"  // matches ErrBadDate
)

// Error is a problem a user is told about as it is: its Message is written
// for them and never carries a sentinel's prefix or an internal detail. It
// matches the sentinel of its code with errors.Is.
type Error struct {
	Code    ErrorCode
	Message string
}

func (e *Error) Error() string { return e.Message }

// Is makes errors.Is(err, ErrBadQuery) true for a CodeBadQuery error, and
// the same for ErrBadDate.
func (e *Error) Is(target error) bool {
	switch e.Code {
	case CodeBadQuery:
		return target == ErrBadQuery
	case CodeBadDate:
		return target == ErrBadDate
	}
	return false
}

// BadQuery is an Error with CodeBadQuery: the query cannot be answered as
// given, for the reason the message says.
func BadQuery(format string, args ...any) error {
	return &Error{Code: CodeBadQuery, Message: fmt.Sprintf(format, args...)}
}

// ErrorMessage is what a user is told of err: the Message of the Error in
// its chain, and ok; or err's text and false when there is none (the
// caller decides whether that may be shown).
func ErrorMessage(err error) (msg string, ok bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Message, true
	}
	if err == nil {
		return "", false
	}
	return err.Error(), false
}
