package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/sim"
	"github.com/spf13/cobra"
)

func newSimCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Serve a simulated AWS, Azure and GCP estate on loopback",
		Long:  "Serve a simulated AWS, Azure and GCP estate on loopback: the real SDK clients talk to it through endpoint overrides.",
		Args:  noArgs,
	}
	fs := cmd.Flags()
	estateName := fs.String("estate", "demo", `the estate to serve: "demo" or a YAML file`)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free port)")
	writeConfig := fs.String("write-config", "", "write a ready connection \"aispm\" block pointing at the simulator to this file")
	printExpected := fs.Bool("print-expected", false, "print the estate's ground truth as JSON lines {\"control\",\"resource\"} and exit")
	printSecrets := fs.Bool("print-secrets", false, "print the estate's seeded secret values, one per line, and exit (for leak tests)")
	scale := fs.Int("scale", 0, "serve a generated estate of about N assets of every kind (copies of the demo estate's, renamed) over 8 regions, 8 subscriptions and 4 projects instead of --estate")
	latency := fs.Duration("latency", 0, "latency added to every call, e.g. 30ms")
	throttle := fs.Float64("throttle", 0, "fraction of calls answered with the cloud's throttling error, e.g. 0.2")
	pageSize := fs.Int("page-size", 0, "largest page any list returns (small values exercise paging)")
	deny := fs.StringArray("deny", nil, `answer access denied for a scope, repeatable: "aws:ACCOUNT/REGION", "azure:SUBSCRIPTION", "gcp:PROJECT/LOCATION", optionally ":SERVICE"; "aws:*" denies a whole cloud`)
	disable := fs.StringArray("disable", nil, "answer API-disabled for a scope, repeatable (same form as --deny)")
	cmd.RunE = func(*cobra.Command, []string) error {
		return serveSim(*estateName, *listen, *writeConfig, *printExpected, *printSecrets, *scale,
			sim.Options{Latency: *latency, Throttle: *throttle, PageSize: *pageSize, Deny: *deny, Disable: *disable})
	}
	return cmd
}

func serveSim(estateName, listen, writeConfig string, printExpected, printSecrets bool, scale int, opts sim.Options) error {
	if opts.Throttle < 0 || opts.Throttle >= 1 {
		return usageError{fmt.Errorf("--throttle must be in [0, 1), got %v", opts.Throttle)}
	}
	var e *estate.Estate
	var err error
	if scale > 0 {
		e = estate.Scale(scale)
	} else if e, err = estate.Load(estateName); err != nil {
		return err
	}
	if printExpected {
		enc := json.NewEncoder(os.Stdout)
		for _, x := range e.Expected() {
			if err := enc.Encode(x); err != nil {
				return err
			}
		}
		return nil
	}
	if printSecrets {
		for _, s := range e.Secrets() {
			fmt.Println(s)
		}
		return nil
	}
	s := sim.New(e, opts)
	if err := s.Start(listen); err != nil {
		return err
	}
	defer s.Close()
	if writeConfig != "" {
		if err := os.WriteFile(writeConfig, []byte(s.ConnectionConfig()), 0o600); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "aispm sim: serving estate %q on %s (calls: %s/_sim/calls)\n", e.Name, s.Addr(), s.URL())
	fmt.Println("ready")
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	return nil
}
