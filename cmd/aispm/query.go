package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/aispm/aispm/internal/runner"
)

// quietPluginLogs keeps the SDK's log lines off the terminal unless asked for.
func quietPluginLogs() {
	if os.Getenv("STEAMPIPE_LOG_LEVEL") == "" {
		os.Setenv("STEAMPIPE_LOG_LEVEL", "ERROR")
	}
}

func openRunner(configPath string) (*runner.Runner, error) {
	quietPluginLogs()
	c, err := runner.ParseConnection(configPath)
	if err != nil {
		return nil, err
	}
	stderr := os.Stderr
	// plugin.Server points the standard logger at stderr; keep it there but quiet.
	r, err := runner.InProcess(c)
	log.SetOutput(stderr)
	return r, err
}

func runTables(args []string) error {
	fs := flag.NewFlagSet("tables", flag.ContinueOnError)
	config := fs.String("config", "config/aispm.spc", "the connection config (.spc) file")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	r, err := openRunner(*config)
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

func runQuery(args []string) error {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	config := fs.String("config", "config/aispm.spc", "the connection config (.spc) file")
	columns := fs.String("columns", "", "comma-separated columns (default: all)")
	format := fs.String("format", "table", "output format: table or json (JSON lines)")
	limit := fs.Int64("limit", 0, "stop after N rows")
	var where listFlag
	fs.Var(&where, "where", "an equality filter, column=value (repeatable); key columns are pushed down to the API, the rest filtered like Postgres would")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() != 1 {
		return usageError{fmt.Errorf("query takes one TABLE, got %d arguments", fs.NArg())}
	}
	if *format != "table" && *format != "json" {
		return usageError{fmt.Errorf("--format must be table or json, got %q", *format)}
	}
	q := runner.Query{Table: fs.Arg(0), Where: map[string]string{}, Limit: *limit}
	if *columns != "" {
		q.Columns = strings.Split(*columns, ",")
	}
	for _, w := range where {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return usageError{fmt.Errorf("--where %q is not column=value", w)}
		}
		q.Where[k] = v
	}
	r, err := openRunner(*config)
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
	if err != nil {
		return err
	}
	sort.SliceStable(rows, func(i, j int) bool { return sortKey(rows[i], q.Columns) < sortKey(rows[j], q.Columns) })
	if *format == "json" {
		enc := json.NewEncoder(os.Stdout)
		for _, row := range rows {
			if err := enc.Encode(row); err != nil {
				return err
			}
		}
		return nil
	}
	return printTable(os.Stdout, q.Columns, rows)
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
