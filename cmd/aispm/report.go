package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/aispm/aispm/internal/powerpipe"
	"github.com/spf13/cobra"
)

// newReportCmd summarizes a Powerpipe benchmark JSON export: the counts, controls
// in error, and the worst findings. It exits 1 when a control errored.
func newReportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report FILE",
		Short: "Summarize a Powerpipe benchmark JSON export: counts and the worst findings",
		Args:  exactArgs(1, "report takes one Powerpipe benchmark JSON file"),
	}
	top := cmd.Flags().Int("top", 10, "how many of the worst findings to list")
	cmd.RunE = func(_ *cobra.Command, args []string) error { return report(args[0], *top) }
	return cmd
}

func report(file string, top int) error {
	r, err := powerpipe.Read(file)
	if err != nil {
		return err
	}
	s := r.Summary
	fmt.Printf("%d controls: %d ok, %d alarm, %d skip, %d info, %d error\n", len(r.Controls), s.OK, s.Alarm, s.Skip, s.Info, s.Error)
	alarms := r.Findings("alarm")
	if len(alarms) > 0 {
		fmt.Printf("\nWorst findings (%d of %d alarms):\n", min(top, len(alarms)), len(alarms))
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		for _, f := range alarms[:min(top, len(alarms))] {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", strings.ToUpper(f.Severity), f.Control, f.Reason)
		}
		tw.Flush()
	}
	if errs := r.Errors(); len(errs) > 0 {
		return fmt.Errorf("%d control(s) in error:\n  %s", len(errs), strings.Join(errs, "\n  "))
	}
	return nil
}
