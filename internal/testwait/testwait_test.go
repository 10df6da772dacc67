package testwait

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestUntilSeesTheChange(t *testing.T) {
	t.Parallel()
	var done atomic.Bool
	time.AfterFunc(30*time.Millisecond, func() { done.Store(true) })
	if !Until(done.Load) {
		t.Fatal("Until returned false for a condition that became true")
	}
}
