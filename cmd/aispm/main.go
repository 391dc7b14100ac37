// Command aispm is aispm's companion CLI: the cloud simulator, exports and
// table queries run through the plugin in-process, model scanning, and
// benchmark reports.
package main

import (
	"errors"
	"fmt"
	"github.com/aispm/aispm/internal/memlimit"
	"os"
	"runtime/debug"
	"strings"

	"github.com/aispm/aispm/internal/runner"
	"github.com/spf13/cobra"
)

// version is set at build time (-ldflags "-X main.version=v1.2.3"); otherwise
// the module version or VCS revision Go recorded.
var version = ""

// Exit codes, the same for every command (docs/index.md lists them).
const (
	exitFailure = 1 // the command could not do its job; scan: findings; report: a control errored
	exitUsage   = 2 // bad flags, arguments or config; scan: an artifact could not be scanned, or none was
	exitPartial = 3 // export, query: done, but some scopes could not be read (listed on stderr)
)

// usageError marks bad command-line input (exit 2, like flag errors).
type usageError struct{ error }

// exitError carries a specific exit code.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "aispm",
		Short: "aispm: AI security posture management as SQL",
		Long: "aispm: AI security posture management as SQL.\n\n" +
			"Exit codes: 0 done; 1 the command could not do its job (scan: findings); 2 bad flags, arguments or config\n" +
			"(scan: an artifact could not be scanned); 3 export and query: done, but some scopes could not be read.",
		Version:       versionString(),
		SilenceErrors: true, // main prints each error once
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newSimCmd(), newExportCmd(), newQueryCmd(), newTablesCmd(), newReportCmd(), newScanCmd())
	return root
}

func main() {
	memlimit.Apply()
	err := newRootCmd().Execute()
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "aispm:", err)
	os.Exit(exitCode(err))
}

func exitCode(err error) int {
	var ue usageError
	var ee exitError
	var ce *runner.ConfigFileError
	switch {
	case errors.As(err, &ue), errors.As(err, &ce):
		return exitUsage
	case errors.As(err, &ee):
		return ee.code
	case strings.HasPrefix(err.Error(), "unknown command"), strings.HasPrefix(err.Error(), "unknown flag"):
		return exitUsage
	}
	return exitFailure
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

// noArgs and exactArgs check positional arguments as usage errors.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args)}
	}
	return nil
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("%s, got %d arguments", what, len(args))}
		}
		return nil
	}
}

// configFlag is the --config flag every command that runs the plugin takes.
func configFlag(cmd *cobra.Command) *string {
	return cmd.Flags().String("config", "config/aispm.spc", "the connection config (.spc) file")
}
