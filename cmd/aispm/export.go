package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/aispm/aispm/internal/export"
	"golang.org/x/term"
)

func runExport(args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	config := fs.String("config", "config/aispm.spc", "the connection config (.spc) file")
	to := fs.String("to", "", "postgres://... to load a schema, or a directory for a file export")
	schema := fs.String("schema", "aispm", "the PostgreSQL schema the snapshot replaces")
	tables := fs.String("tables", "", "comma-separated tables to export (default: all; aispm_scope_status always comes last)")
	workers := fs.Int("workers", 4, "tables exported at once")
	format := fs.String("format", "jsonl", "file export format: jsonl or csv")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("export takes no arguments, got %q", fs.Args())}
	}
	if *to == "" {
		return usageError{fmt.Errorf("--to is required: a postgres:// URL or a directory")}
	}
	if *workers < 1 {
		return usageError{fmt.Errorf("--workers must be at least 1")}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var sink export.Sink
	if strings.HasPrefix(*to, "postgres://") || strings.HasPrefix(*to, "postgresql://") {
		pg := &export.Postgres{URL: *to, Schema: *schema}
		if err := pg.Connect(ctx); err != nil {
			return err
		}
		defer pg.Close()
		sink = pg
	} else {
		if *format != "jsonl" && *format != "csv" {
			return usageError{fmt.Errorf("--format must be jsonl or csv, got %q", *format)}
		}
		sink = &export.Files{Dir: *to, Format: *format}
	}

	r, err := openRunner(*config)
	if err != nil {
		return fmt.Errorf("config %s: %w", *config, err)
	}
	defer r.Close()
	var names []string
	if *tables != "" {
		names = strings.Split(*tables, ",")
	}
	defs, err := export.Resolve(r, names)
	if err != nil {
		return usageError{fmt.Errorf("--tables: %w", err)}
	}
	start := time.Now()
	results, err := export.Run(ctx, r, sink, defs, export.Options{
		Workers:  *workers,
		Progress: os.Stderr,
		Terminal: term.IsTerminal(int(os.Stderr.Fd())),
	})
	if err != nil {
		return err
	}
	var rows int64
	for _, res := range results {
		rows += res.Rows
	}
	fmt.Fprintf(os.Stderr, "exported %d tables, %d rows to %s in %s\n", len(results), rows, redact(*to), time.Since(start).Round(time.Millisecond))
	return nil
}

// redact hides a password in a database URL before it is printed.
func redact(to string) string {
	at := strings.LastIndex(to, "@")
	scheme := strings.Index(to, "://")
	if at < 0 || scheme < 0 {
		return to
	}
	userinfo := to[scheme+3 : at]
	if user, _, ok := strings.Cut(userinfo, ":"); ok {
		return to[:scheme+3] + user + ":xxxxx" + to[at:]
	}
	return to
}
