package armswatch

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	bq := BadQuery("%q is not an item category", "bananas")
	wrapped := fmt.Errorf("answer: %w", bq)
	if !errors.Is(wrapped, ErrBadQuery) || errors.Is(wrapped, ErrBadDate) {
		t.Errorf("errors.Is: %v", wrapped)
	}
	if msg, ok := ErrorMessage(wrapped); !ok || msg != `"bananas" is not an item category` {
		t.Errorf("ErrorMessage = %q, %v", msg, ok)
	}
	if msg, ok := ErrorMessage(errors.New("disk on fire")); ok || msg != "disk on fire" {
		t.Errorf("plain error: %q, %v", msg, ok)
	}
	if msg, ok := ErrorMessage(nil); ok || msg != "" {
		t.Errorf("nil: %q, %v", msg, ok)
	}
}
