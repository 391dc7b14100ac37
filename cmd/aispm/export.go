package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/aispm/aispm/internal/export"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newExportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export every table into PostgreSQL (a schema swapped in atomically) or files",
		Long: "Export every table (or the --tables named) into a PostgreSQL schema, swapped in atomically, or into a directory of\n" +
			"JSON-lines / CSV files. Exit 0: every scope read; 3: committed, but some scopes could not be read (listed on stderr,\n" +
			"recorded in aispm_scope_status); 1: nothing committed (a table failed, or could be read in no scope without --allow-partial).",
		Args: noArgs,
	}
	fs := cmd.Flags()
	config := configFlag(cmd)
	to := fs.String("to", "", "postgres://... to load a schema, or a directory for a file export")
	schema := fs.String("schema", "aispm", "the PostgreSQL schema the snapshot replaces")
	workers := fs.Int("workers", 4, "tables exported at once")
	format := fs.String("format", "jsonl", "file export format: jsonl or csv")
	allowPartial := fs.Bool("allow-partial", false, "commit the snapshot even when a table could be read in no scope")
	tables := fs.String("tables", "", "comma-separated tables to export; only they are replaced in the snapshot (default: all; aispm_scope_status always)")
	cmd.RunE = func(*cobra.Command, []string) error {
		return runExport(*config, *to, *schema, *tables, *workers, *format, *allowPartial)
	}
	return cmd
}

// exportListCacheTTL is the list_cache_ttl_seconds an export uses unless the
// connection sets it: longer than an export of a large estate takes.
const exportListCacheTTL = "1800"

func runExport(config, to, schema, tables string, workers int, format string, allowPartial bool) error {
	if to == "" {
		return usageError{fmt.Errorf("--to is required: a postgres:// URL or a directory")}
	}
	if workers < 1 {
		return usageError{fmt.Errorf("--workers must be at least 1")}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var sink export.Sink
	if strings.HasPrefix(to, "postgres://") || strings.HasPrefix(to, "postgresql://") {
		pg := &export.Postgres{URL: to, Schema: schema}
		if err := pg.Connect(ctx); err != nil {
			return err
		}
		defer pg.Close()
		sink = pg
	} else {
		if format != "jsonl" && format != "csv" {
			return usageError{fmt.Errorf("--format must be jsonl or csv, got %q", format)}
		}
		sink = &export.Files{Dir: to, Format: format}
	}

	// one snapshot: a collection several tables show (an Azure account's
	// deployments: aispm_azure_cognitive_deployment, aispm_model) is listed
	// once for all of them
	r, err := openRunner(config, [2]string{"list_cache_ttl_seconds", exportListCacheTTL})
	if err != nil {
		return fmt.Errorf("config %s: %w", config, err)
	}
	defer r.Close()
	var names []string
	if tables != "" {
		names = strings.Split(tables, ",")
	}
	defs, err := export.Resolve(r, names)
	if err != nil {
		return usageError{fmt.Errorf("--tables: %w", err)}
	}
	start := time.Now()
	results, rep, err := export.Run(ctx, r, sink, defs, export.Options{
		Workers:      workers,
		ReplaceAll:   tables == "",
		AllowPartial: allowPartial,
		Progress:     os.Stderr,
		Terminal:     term.IsTerminal(int(os.Stderr.Fd())),
	})
	printFailures(os.Stderr, rep.Failures)
	var partial *export.PartialError
	if errors.As(err, &partial) {
		return exitError{code: exitPartial, msg: err.Error()}
	}
	if err != nil {
		return err
	}
	var rows int64
	for _, res := range results {
		rows += res.Rows
	}
	fmt.Fprintf(os.Stderr, "exported %d tables, %d rows to %s in %s\n", len(results), rows, redact(to), time.Since(start).Round(time.Millisecond))
	return nil
}

// printFailures lists the scopes a snapshot could not read, one line each.
func printFailures(w io.Writer, failures []export.ScopeFailure) {
	if len(failures) == 0 {
		return
	}
	fmt.Fprintf(w, "%d scope(s) could not be read:\n", len(failures))
	for _, f := range failures {
		scope := f.Scope
		if scope == "" {
			scope = "(discovery)"
		}
		fmt.Fprintf(w, "  %s %s %s %s: %s %s\n", f.Table, f.Cloud, scope, f.Service, f.Status, firstLine(f.Error))
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
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
