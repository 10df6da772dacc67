package index

import (
	"runtime/debug"
	"testing"
)

func TestLimitBuildMemorySetsAndRestores(t *testing.T) {
	const mb = 1 << 20
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)

	debug.SetMemoryLimit(10_000 * mb)
	first := limitBuildMemory(100 * mb)
	if got := debug.SetMemoryLimit(-1); got != 100*mb+buildHeapHeadroom {
		t.Errorf("one build: limit %d MB, want %d MB", got/mb, (100*mb+buildHeapHeadroom)/mb)
	}
	second := limitBuildMemory(50 * mb)
	if got := debug.SetMemoryLimit(-1); got != 150*mb+2*buildHeapHeadroom {
		t.Errorf("two builds: limit %d MB, want %d MB", got/mb, (150*mb+2*buildHeapHeadroom)/mb)
	}
	first()
	first() // a second call changes nothing
	if got := debug.SetMemoryLimit(-1); got != 50*mb+buildHeapHeadroom {
		t.Errorf("one build left: limit %d MB", got/mb)
	}
	second()
	if got := debug.SetMemoryLimit(-1); got != 10_000*mb {
		t.Errorf("after the builds: limit %d MB, want the previous 10000 MB", got/mb)
	}

	// A lower limit the process set is kept.
	debug.SetMemoryLimit(200 * mb)
	done := limitBuildMemory(1000 * mb)
	if got := debug.SetMemoryLimit(-1); got != 200*mb {
		t.Errorf("with a lower GOMEMLIMIT: limit %d MB, want 200 MB", got/mb)
	}
	done()
	if got := debug.SetMemoryLimit(-1); got != 200*mb {
		t.Errorf("after: limit %d MB, want 200 MB", got/mb)
	}
}
