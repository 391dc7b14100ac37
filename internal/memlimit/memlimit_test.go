package memlimit

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

func TestApply(t *testing.T) {
	defer debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "1GiB") // restored after the test
	debug.SetMemoryLimit(math.MaxInt64)
	Apply()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set the limit is %d; the user's setting must stand", got)
	}
	os.Unsetenv("GOMEMLIMIT")
	Apply()
	if got := debug.SetMemoryLimit(-1); got != Default {
		t.Errorf("without GOMEMLIMIT the limit is %d, want %d", got, Default)
	}
}
