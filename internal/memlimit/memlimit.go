// Package memlimit gives aispm's processes (the plugin Steampipe launches,
// and the aispm CLI, which runs the plugin in-process) a soft memory limit.
//
// The Go runtime collects garbage when the heap has grown to twice what
// the last collection kept. An inventory's live heap is small (rows stream;
// at 10,000 assets about 100 MiB, of which the SDK's query cache index
// takes a fixed 37 MiB), but the garbage between collections of four tables
// streaming at once doubled the process's footprint, and the runtime kept the
// pages afterwards. A soft limit makes the runtime collect, and hand pages
// back to the OS, earlier as the heap nears it; above it the runtime collects
// more often (spending at most half the CPU on it) rather than failing.
package memlimit

import (
	"os"
	"runtime/debug"
)

// Default is the soft limit on the memory the Go runtime manages (heap,
// stacks, its own structures); the process's resident set adds the
// binary's code pages.
const Default = 128 << 20

// Apply sets Default, unless GOMEMLIMIT (the runtime's own setting, which
// the runtime has already applied) names another limit.
func Apply() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(Default)
	}
}
