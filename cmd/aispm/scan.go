package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aispm/aispm/aispm/scan"
)

// exitError carries a specific exit code (scan: 1 findings, 2 errors).
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// runScan scans model files (or every file under directories) without ever
// loading them. Exit 0: clean; 1: findings; 2: an artifact could not be scanned.
func runScan(args []string) error {
	flags := flag.NewFlagSet("scan", flag.ContinueOnError)
	format := flags.String("format", "text", "output format: text or json (one JSON result per line)")
	maxMB := flags.Int64("max-mb", scan.DefaultLimits().MaxBytes>>20, "stop reading an artifact after this many MiB (a limit_exceeded finding)")
	timeout := flags.Duration("timeout", scan.DefaultLimits().Timeout, "wall time per artifact")
	var paths []string
	for len(args) > 0 {
		if err := flags.Parse(args); err != nil {
			return usageError{err}
		}
		if flags.NArg() == 0 {
			break
		}
		paths, args = append(paths, flags.Arg(0)), flags.Args()[1:]
	}
	if len(paths) == 0 {
		return usageError{errors.New("scan takes one or more files or directories")}
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Errorf("--format must be text or json, not %q", *format)}
	}
	lim := scan.DefaultLimits()
	lim.MaxBytes, lim.Timeout = *maxMB<<20, *timeout
	var files []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return exitError{2, err.Error()}
		}
	}
	var clean, dirty, failed int
	enc := json.NewEncoder(os.Stdout)
	for _, path := range files {
		res := scanFile(path, lim)
		switch {
		case res.Error != "":
			failed++
		case len(res.Findings) > 0:
			dirty++
		default:
			clean++
		}
		if *format == "json" {
			if err := enc.Encode(res); err != nil {
				return err
			}
			continue
		}
		printResult(os.Stdout, res)
	}
	if *format == "text" {
		fmt.Printf("\n%d scanned: %d clean, %d with findings, %d not scanned\n", len(files), clean, dirty, failed)
	}
	switch {
	case failed > 0:
		return exitError{2, fmt.Sprintf("%d artifact(s) could not be scanned", failed)}
	case dirty > 0:
		return exitError{1, fmt.Sprintf("%d artifact(s) with findings", dirty)}
	}
	return nil
}

func scanFile(path string, lim scan.Limits) *scan.Result {
	f, err := os.Open(path)
	if err != nil {
		return &scan.Result{Path: path, Findings: []scan.Finding{}, Error: err.Error()}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return &scan.Result{Path: path, Findings: []scan.Finding{}, Error: err.Error()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout+time.Second)
	defer cancel()
	return scan.Scan(ctx, path, f, st.Size(), lim)
}

func printResult(w io.Writer, r *scan.Result) {
	switch {
	case r.Error != "":
		fmt.Fprintf(w, "%s: ERROR %s\n", r.Path, r.Error)
		return
	case len(r.Findings) == 0:
		fmt.Fprintf(w, "%s: clean (%s, read %d of %d bytes)\n", r.Path, r.Format, r.BytesRead, r.Size)
		return
	}
	fmt.Fprintf(w, "%s: %d finding(s) (%s, read %d of %d bytes)\n", r.Path, len(r.Findings), r.Format, r.BytesRead, r.Size)
	for _, f := range r.Findings {
		where := fmt.Sprintf("offset %d", f.Offset)
		if f.Member != "" {
			where = "member " + f.Member + ", " + where
		}
		fmt.Fprintf(w, "  %-8s %-26s %s (%s)\n", strings.ToUpper(f.Severity), f.Rule, f.Construct, where)
	}
}
