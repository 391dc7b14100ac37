// Command cmd writes mods/aispm/benchmarks_generated.pp from the controls' tags,
// the benchmark docs, and the least-privilege section of docs/index.md.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aispm/aispm/internal/modgen"
)

func main() {
	dir := "mods/aispm"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	controls, err := modgen.ReadControls(dir)
	if err == nil {
		var out string
		if out, err = modgen.Generate(controls); err == nil {
			err = os.WriteFile(filepath.Join(dir, modgen.GeneratedFile), []byte(out), 0o644)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, modgen.DetailFile), []byte(modgen.GenerateDetails()), 0o644)
		}
		var mod *modgen.Mod
		if err == nil {
			mod, err = modgen.ReadMod(dir)
		}
		if err == nil {
			docs := filepath.Join(dir, "..", "..", "docs", "benchmarks")
			err = os.MkdirAll(docs, 0o755)
			for name, page := range mod.Docs() {
				if err == nil {
					err = os.WriteFile(filepath.Join(docs, name), []byte(page), 0o644)
				}
			}
		}
		if err == nil {
			_, err = modgen.UpdateIndex(filepath.Join(dir, "..", "..", "docs", "index.md"))
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "modgen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s for %d controls\n", filepath.Join(dir, modgen.GeneratedFile), len(controls))
}
