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
// at once, Abort discards it.
type Sink interface {
	Begin(ctx context.Context, tables []Table) error
	Write(ctx context.Context, t Table, rows func(yield func([]any) error) error) (int64, error)
	Commit(ctx context.Context) error
	Abort() error
}

// StatusTable is exported last, so it records every scope the other tables tried.
const StatusTable = "aispm_scope_status"

// Options choose what to export and how to report it.
type Options struct {
	Tables   []string // empty: every table
	Workers  int      // tables exported at once
	Progress io.Writer
	Terminal bool // Progress is a terminal: redraw a live status line
}

// Result is what one table's export did.
type Result struct {
	Table   string
	Rows    int64
	Elapsed time.Duration
	Err     error
}

// Resolve turns the requested table names into their shapes, failing on an
// unknown name before anything is written. aispm_scope_status always comes last.
func Resolve(r *runner.Runner, names []string) ([]Table, error) {
	if len(names) == 0 {
		names = r.Tables()
	}
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

// Run exports tables from r into sink. It returns one result per table and an
// error naming every table that failed; on any failure the sink is aborted.
func Run(ctx context.Context, r *runner.Runner, sink Sink, tables []Table, opts Options) ([]Result, error) {
	if opts.Workers < 1 {
		opts.Workers = 4
	}
	if err := sink.Begin(ctx, tables); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("interrupted while preparing the snapshot: %w", err)
		}
		return nil, errors.Join(fmt.Errorf("export failed; the previous snapshot is unchanged: %w", err), sink.Abort())
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
		res := exportTable(ctx, r, sink, t, p)
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
		return results, errors.Join(fmt.Errorf("export failed; the previous snapshot is unchanged:\n  %s", strings.Join(failed, "\n  ")), abortErr)
	}
	if err := sink.Commit(ctx); err != nil {
		return results, errors.Join(fmt.Errorf("export failed while swapping in the snapshot: %w", err), sink.Abort())
	}
	return results, nil
}

func exportTable(ctx context.Context, r *runner.Runner, sink Sink, t Table, p *progress) Result {
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
			return yield(vals)
		})
	})
	res := Result{Table: t.Name, Rows: n, Elapsed: time.Since(start), Err: err}
	p.done(res)
	return res
}
