// Command aispm is aispm's companion CLI: the cloud simulator and table
// queries run through the plugin in-process.
package main

import (
	"fmt"
	"os"
)

const usage = `aispm: AI security posture management as SQL

Usage:
  aispm sim    [flags]           serve a simulated AWS, Azure and GCP estate on loopback
  aispm export [flags]           export every table into PostgreSQL (a schema swapped in atomically) or files
  aispm query  [flags] TABLE     query a table through the plugin in-process
  aispm tables [flags]           list the plugin's tables
  aispm report [flags] FILE      summarize a Powerpipe benchmark JSON export: counts and the worst findings
  aispm scan   [flags] PATH...   scan model files without loading them (exit 0 clean, 1 findings, 2 errors)

Run "aispm COMMAND -h" for a command's flags.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "sim":
		err = runSim(os.Args[2:])
	case "export":
		err = runExport(os.Args[2:])
	case "query":
		err = runQuery(os.Args[2:])
	case "report":
		err = runReport(os.Args[2:])
	case "tables":
		err = runTables(os.Args[2:])
	case "scan":
		err = runScan(os.Args[2:])
	case "-h", "--help", "help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "aispm: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "aispm:", err)
		os.Exit(exitCode(err))
	}
}

// usageError marks bad command-line input (exit 2, like flag errors).
type usageError struct{ error }

func exitCode(err error) int {
	switch e := err.(type) {
	case usageError:
		return 2
	case exitError:
		return e.code
	}
	return 1
}
