package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/sim"
)

type listFlag []string

func (l *listFlag) String() string     { return fmt.Sprint(*l) }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runSim(args []string) error {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	estateName := fs.String("estate", "demo", `the estate to serve: "demo" or a YAML file`)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free port)")
	writeConfig := fs.String("write-config", "", "write a ready connection \"aispm\" block pointing at the simulator to this file")
	printExpected := fs.Bool("print-expected", false, "print the estate's ground truth as JSON lines {\"control\",\"resource\"} and exit")
	printSecrets := fs.Bool("print-secrets", false, "print the estate's seeded secret values, one per line, and exit (for leak tests)")
	scale := fs.Int("scale", 0, "serve a generated estate of N endpoints over many regions, subscriptions and projects instead of --estate")
	latency := fs.Duration("latency", 0, "latency added to every call, e.g. 30ms")
	throttle := fs.Float64("throttle", 0, "fraction of calls answered with the cloud's throttling error, e.g. 0.2")
	pageSize := fs.Int("page-size", 0, "largest page any list returns (small values exercise paging)")
	var deny, disable listFlag
	fs.Var(&deny, "deny", `answer access denied for a scope, repeatable: "aws:ACCOUNT/REGION", "azure:SUBSCRIPTION", "gcp:PROJECT/LOCATION", optionally ":SERVICE"`)
	fs.Var(&disable, "disable", "answer API-disabled for a scope, repeatable (same form as --deny)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if *throttle < 0 || *throttle >= 1 {
		return usageError{fmt.Errorf("--throttle must be in [0, 1), got %v", *throttle)}
	}
	var e *estate.Estate
	var err error
	if *scale > 0 {
		e = estate.Scale(*scale)
	} else if e, err = estate.Load(*estateName); err != nil {
		return err
	}
	if *printExpected {
		enc := json.NewEncoder(os.Stdout)
		for _, x := range e.Expected() {
			if err := enc.Encode(x); err != nil {
				return err
			}
		}
		return nil
	}
	if *printSecrets {
		for _, s := range e.Secrets() {
			fmt.Println(s)
		}
		return nil
	}
	s := sim.New(e, sim.Options{Latency: *latency, Throttle: *throttle, PageSize: *pageSize, Deny: deny, Disable: disable})
	if err := s.Start(*listen); err != nil {
		return err
	}
	defer s.Close()
	if *writeConfig != "" {
		if err := os.WriteFile(*writeConfig, []byte(s.ConnectionConfig()), 0o600); err != nil {
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
