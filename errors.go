package armswatch

import "errors"

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
)
