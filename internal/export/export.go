// Package export streams the plugin's tables out of the in-process SDK server
// into a snapshot: a PostgreSQL schema (COPY into a staging schema, swapped in
// at the end) or a directory of JSON-lines / CSV files. A snapshot is all or
// nothing: a failed or interrupted export leaves the previous one intact.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aispm/aispm/internal/runner"
	"github.com/turbot/steampipe-plugin-sdk/v5/grpc/proto"
)

// Column is one column of an exported table, typed as Steampipe types it.
type Column struct {
	Name        string
	Type        proto.ColumnType
	Description string
}

// Table is the shape of one exported table.
type Table struct {
	Name        string
	Description string
	Columns     []Column
}

// Sink receives a snapshot. Begin opens it, Write streams one table (called
// concurrently for different tables), Commit makes the whole snapshot visible
// at once, Abort discards it. With replaceAll false, Commit replaces only the
// tables written and keeps the snapshot's other tables (still atomically).
type Sink interface {
	Begin(ctx context.Context, tables []Table, replaceAll bool) error
	Write(ctx context.Context, t Table, rows func(yield func([]any) error) error) (int64, error)
	Commit(ctx context.Context) error
	Abort() error
}

// StatusTable is exported last, so it records every scope the other tables tried.
const StatusTable = "aispm_scope_status"

// Options choose what to export and how to report it.
type Options struct {
	Tables       []string // empty: every table
	Workers      int      // tables exported at once
	ReplaceAll   bool     // the snapshot is every table; false: replace only the tables exported
	AllowPartial bool     // commit even when a table could be read in no scope
	Progress     io.Writer
	Terminal     bool // Progress is a terminal: redraw a live status line
}

// Result is what one table's export did.
type Result struct {
	Table   string
	Rows    int64
	Elapsed time.Duration
	Err     error
}

// Resolve turns the requested table names into their shapes, failing on an
// unknown name before anything is written. aispm_scope_status is always
// exported, last: it is what the export decides success on.
func Resolve(r *runner.Runner, names []string) ([]Table, error) {
	if len(names) == 0 {
		names = r.Tables()
	}
	names = append(append([]string{}, names...), StatusTable)
	var out []Table
	var status *Table
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		s, err := r.Table(n)
		if err != nil {
			return nil, err
		}
		t := Table{Name: n, Description: s.GetDescription()}
		for _, c := range s.GetColumns() {
			t.Columns = append(t.Columns, Column{Name: c.GetName(), Type: c.GetType(), Description: c.GetDescription()})
		}
		if n == StatusTable {
			status = &t
			continue
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if status != nil {
		out = append(out, *status)
	}
	return out, nil
}

// ScopeFailure is one scope a table could not read, from aispm_scope_status.
type ScopeFailure struct {
	Table, Cloud, Scope, Service, Status, Error string
}

// Report is what the snapshot could not read: every failing scope, and the
// tables that could be read in no scope at all.
type Report struct {
	Failures []ScopeFailure
	Unread   []string
}

// PartialError is returned when the snapshot was committed without some
// scopes: the rows of the scopes that worked are in it, the failures in its
// aispm_scope_status.
type PartialError struct{ Report Report }

func (e *PartialError) Error() string {
	tables := map[string]bool{}
	for _, f := range e.Report.Failures {
		tables[f.Table] = true
	}
	return fmt.Sprintf("the snapshot was committed without %d scope(s) of %d table(s) that could not be read (see aispm_scope_status)",
		len(e.Report.Failures), len(tables))
}

// Run exports tables from r into sink. It returns one result per table, the
// scopes that failed, and an error: an export in which a table failed, or a
// table could be read in no scope (unless AllowPartial), aborts the sink and
// leaves the previous snapshot unchanged; one committed with failing scopes
// returns a *PartialError.
func Run(ctx context.Context, r *runner.Runner, sink Sink, tables []Table, opts Options) ([]Result, Report, error) {
	if opts.Workers < 1 {
		opts.Workers = 4
	}
	var status statusRows
	if err := sink.Begin(ctx, tables, opts.ReplaceAll); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("interrupted while preparing the snapshot: %w", err)
		}
		return nil, Report{}, errors.Join(fmt.Errorf("export failed; the previous snapshot is unchanged: %w", err), sink.Abort())
	}
	p := newProgress(opts)
	defer p.stop()

	var data []Table
	var last []Table
	for _, t := range tables {
		if t.Name == StatusTable {
			last = append(last, t)
		} else {
			data = append(data, t)
		}
	}
	results := make([]Result, 0, len(tables))
	var mu sync.Mutex
	exportOne := func(t Table) {
		var capture func([]string, []any)
		if t.Name == StatusTable {
			capture = status.add
		}
		res := exportTable(ctx, r, sink, t, p, capture)
		mu.Lock()
		results = append(results, res)
		mu.Unlock()
	}
	sem := make(chan struct{}, opts.Workers)
	var wg sync.WaitGroup
	for _, t := range data {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			exportOne(t)
		}()
	}
	wg.Wait()
	for _, t := range last {
		exportOne(t)
	}
	sort.Slice(results, func(i, j int) bool { return results[i].Table < results[j].Table })

	var failed []string
	for _, res := range results {
		if res.Err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", res.Table, res.Err))
		}
	}
	if err := ctx.Err(); err != nil {
		failed = append(failed, "interrupted: "+err.Error())
	}
	if len(failed) > 0 {
		abortErr := sink.Abort()
		return results, Report{}, errors.Join(fmt.Errorf("export failed; the previous snapshot is unchanged:\n  %s", strings.Join(failed, "\n  ")), abortErr)
	}
	rep := status.report(data)
	if len(rep.Unread) > 0 && !opts.AllowPartial {
		abortErr := sink.Abort()
		return results, rep, errors.Join(fmt.Errorf("export failed: %s could be read in no scope (see the failures above); "+
			"the previous snapshot is unchanged (--allow-partial commits it anyway)", strings.Join(rep.Unread, ", ")), abortErr)
	}
	if err := sink.Commit(ctx); err != nil {
		return results, rep, errors.Join(fmt.Errorf("export failed while swapping in the snapshot: %w", err), sink.Abort())
	}
	if len(rep.Failures) > 0 {
		return results, rep, &PartialError{Report: rep}
	}
	return results, rep, nil
}

// statusRows collects the exported aispm_scope_status rows.
type statusRows struct {
	mu   sync.Mutex
	rows []map[string]string
}

func (s *statusRows) add(cols []string, vals []any) {
	row := map[string]string{}
	for i, c := range cols {
		if v, ok := vals[i].(string); ok {
			row[c] = v
		}
	}
	s.mu.Lock()
	s.rows = append(s.rows, row)
	s.mu.Unlock()
}

// report decides, for each exported table, which scopes failed and whether
// any scope worked.
func (s *statusRows) report(tables []Table) Report {
	var rep Report
	worked, failed := map[string]bool{}, map[string]bool{}
	for _, row := range s.rows {
		t := row["table_name"]
		if row["status"] == "ok" {
			worked[t] = true
			continue
		}
		failed[t] = true
		rep.Failures = append(rep.Failures, ScopeFailure{Table: t, Cloud: row["cloud"], Scope: row["scope"],
			Service: row["service"], Status: row["status"], Error: row["error"]})
	}
	exported := map[string]bool{}
	for _, t := range tables {
		exported[t.Name] = true
		if failed[t.Name] && !worked[t.Name] {
			rep.Unread = append(rep.Unread, t.Name)
		}
	}
	kept := rep.Failures[:0]
	for _, f := range rep.Failures {
		if exported[f.Table] {
			kept = append(kept, f)
		}
	}
	rep.Failures = kept
	return rep
}

func exportTable(ctx context.Context, r *runner.Runner, sink Sink, t Table, p *progress, capture func([]string, []any)) Result {
	start := time.Now()
	p.begin(t.Name)
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = c.Name
	}
	n, err := sink.Write(ctx, t, func(yield func([]any) error) error {
		return r.Stream(ctx, runner.Query{Table: t.Name, Columns: cols}, func(row runner.Row) error {
			vals := make([]any, len(cols))
			for i, c := range cols {
				vals[i] = row[c]
			}
			p.row(t.Name)
			if capture != nil {
				capture(cols, vals)
			}
			return yield(vals)
		})
	})
	res := Result{Table: t.Name, Rows: n, Elapsed: time.Since(start), Err: err}
	p.done(res)
	return res
}
