package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/aispm/aispm/internal/powerpipe"
)

// runReport summarizes a Powerpipe benchmark JSON export: the counts, controls
// in error, and the worst findings. It exits 1 when a control errored.
func runReport(args []string) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	top := fs.Int("top", 10, "how many of the worst findings to list")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() != 1 {
		return usageError{fmt.Errorf("report takes one Powerpipe benchmark JSON file")}
	}
	r, err := powerpipe.Read(fs.Arg(0))
	if err != nil {
		return err
	}
	s := r.Summary
	fmt.Printf("%d controls: %d ok, %d alarm, %d skip, %d info, %d error\n", len(r.Controls), s.OK, s.Alarm, s.Skip, s.Info, s.Error)
	alarms := r.Findings("alarm")
	if len(alarms) > 0 {
		fmt.Printf("\nWorst findings (%d of %d alarms):\n", min(*top, len(alarms)), len(alarms))
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		for _, f := range alarms[:min(*top, len(alarms))] {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", strings.ToUpper(f.Severity), f.Control, f.Reason)
		}
		tw.Flush()
	}
	if errs := r.Errors(); len(errs) > 0 {
		return fmt.Errorf("%d control(s) in error:\n  %s", len(errs), strings.Join(errs, "\n  "))
	}
	return nil
}
