package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/aispm/aispm/internal/export"
	"github.com/aispm/aispm/internal/runner"
	"github.com/spf13/cobra"
)

// quietPluginLogs keeps the SDK's log lines off the terminal unless asked for.
func quietPluginLogs() {
	if os.Getenv("STEAMPIPE_LOG_LEVEL") == "" {
		os.Setenv("STEAMPIPE_LOG_LEVEL", "ERROR")
	}
}

// openRunner hosts the plugin on the config file's connection. defaults are
// attributes (name, HCL value) set where the file does not set them.
func openRunner(configPath string, defaults ...[2]string) (*runner.Runner, error) {
	quietPluginLogs()
	c, err := runner.ParseConnection(configPath)
	if err != nil {
		return nil, err
	}
	for _, d := range defaults {
		if !regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(d[0]) + `\s*=`).MatchString(c.Config) {
			c.Config += "\n" + d[0] + " = " + d[1] + "\n"
		}
	}
	stderr := os.Stderr
	// plugin.Server points the standard logger at stderr; keep it there but quiet.
	r, err := runner.InProcess(c)
	log.SetOutput(stderr)
	return r, err
}

func newTablesCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "tables", Short: "List the plugin's tables", Args: noArgs}
	config := configFlag(cmd)
	cmd.RunE = func(*cobra.Command, []string) error { return listTables(*config) }
	return cmd
}

func listTables(config string) error {
	r, err := openRunner(config)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, t := range r.Tables() {
		s, _ := r.Table(t)
		fmt.Printf("%-36s %s\n", t, s.GetDescription())
	}
	return nil
}

func newQueryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "query TABLE",
		Short: "Query a table through the plugin in-process",
		Long: "Query a table through the plugin in-process, as Postgres would: every --where is applied, then --limit.\n" +
			"Exit 0: every scope read; 3: rows printed, but some scopes could not be read (listed on stderr); 2: an unknown\n" +
			"column, or a value that does not parse as its column's type.",
		Args: exactArgs(1, "query takes one TABLE"),
	}
	fs := cmd.Flags()
	config := configFlag(cmd)
	columns := fs.String("columns", "", "comma-separated columns (default: all)")
	format := fs.String("format", "table", "output format: table or json (JSON lines)")
	limit := fs.Int64("limit", 0, "stop after N rows (after every filter)")
	where := fs.StringArray("where", nil, "an equality filter, column=value (repeatable); key columns are pushed down to the API, the rest filtered like Postgres would")
	cmd.RunE = func(_ *cobra.Command, args []string) error {
		return runQuery(*config, args[0], *columns, *format, *limit, *where)
	}
	return cmd
}

func runQuery(config, table, columns, format string, limit int64, where []string) error {
	if format != "table" && format != "json" {
		return usageError{fmt.Errorf("--format must be table or json, got %q", format)}
	}
	q := runner.Query{Table: table, Where: map[string]string{}, Limit: limit}
	if columns != "" {
		q.Columns = strings.Split(columns, ",")
	}
	for _, w := range where {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return usageError{fmt.Errorf("--where %q is not column=value", w)}
		}
		q.Where[k] = v
	}
	r, err := openRunner(config)
	if err != nil {
		return err
	}
	defer r.Close()
	t, err := r.Table(q.Table)
	if err != nil {
		return err
	}
	if len(q.Columns) == 0 {
		for _, c := range t.GetColumns() {
			q.Columns = append(q.Columns, c.GetName())
		}
	}
	rows, err := r.Rows(context.Background(), q)
	var colErr *runner.ColumnError
	var valErr *runner.ValueError
	if errors.As(err, &colErr) || errors.As(err, &valErr) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	sort.SliceStable(rows, func(i, j int) bool { return sortKey(rows[i], q.Columns) < sortKey(rows[j], q.Columns) })
	if format == "json" {
		enc := json.NewEncoder(os.Stdout)
		for _, row := range rows {
			if err := enc.Encode(row); err != nil {
				return err
			}
		}
	} else if err := printTable(os.Stdout, q.Columns, rows); err != nil {
		return err
	}
	return warnFailedScopes(r, q.Table)
}

// warnFailedScopes probes the table's scopes (aispm_scope_status where
// table_name = ...) and, when some could not be read, lists them on stderr:
// the rows printed came from the scopes that worked (exit 3).
func warnFailedScopes(r *runner.Runner, table string) error {
	if table == export.StatusTable {
		return nil
	}
	rows, err := r.Rows(context.Background(), runner.Query{Table: export.StatusTable, Where: map[string]string{"table_name": table}})
	if err != nil {
		return fmt.Errorf("checking the scopes of %s: %w", table, err)
	}
	var failures []export.ScopeFailure
	for _, s := range rows {
		if s["status"] != "ok" {
			failures = append(failures, export.ScopeFailure{Table: table, Cloud: runner.Text(s["cloud"]), Scope: runner.Text(s["scope"]),
				Service: runner.Text(s["service"]), Status: runner.Text(s["status"]), Error: runner.Text(s["error"])})
		}
	}
	if len(failures) == 0 {
		return nil
	}
	printFailures(os.Stderr, failures)
	return exitError{code: exitPartial, msg: fmt.Sprintf("%s: the rows above come only from the scopes that could be read", table)}
}

func sortKey(r runner.Row, cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(cell(r[c]))
		b.WriteByte(0)
	}
	return b.String()
}

func cell(v any) string { return runner.Text(v) }

func printTable(w io.Writer, cols []string, rows []runner.Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	for _, r := range rows {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = cell(r[c])
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	fmt.Fprintf(tw, "(%d rows)\n", len(rows))
	return tw.Flush()
}
