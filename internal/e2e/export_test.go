package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aispm/aispm/internal/export"
	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
	"github.com/jackc/pgx/v5"
)

func demoRunner(t *testing.T, opts sim.Options) *runner.Runner {
	t.Helper()
	r, err := runner.InProcess(connection(t, startSim(t, opts)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

func pgConn(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func count(t *testing.T, c *pgx.Conn, schema, table string) int {
	t.Helper()
	var n int
	if err := c.QueryRow(context.Background(), "select count(*) from "+pgx.Identifier{schema, table}.Sanitize()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func schemaExists(t *testing.T, c *pgx.Conn, schema string) bool {
	t.Helper()
	var ok bool
	if err := c.QueryRow(context.Background(), "select exists(select 1 from pg_namespace where nspname = $1)", schema).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

func runExport(t *testing.T, ctx context.Context, r *runner.Runner, sink export.Sink) error {
	t.Helper()
	tables, err := export.Resolve(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = export.Run(ctx, r, sink, tables, export.Options{Workers: 3, ReplaceAll: true})
	return err
}

// Every exported column has the type Steampipe gives it, and the tables and
// columns carry their descriptions as comments.
func TestExportColumnTypesMatchSteampipe(t *testing.T) {
	url := pgURL(t)
	r := demoRunner(t, sim.Options{})
	pg := &export.Postgres{URL: url, Schema: "e2e_types"}
	defer pg.Close()
	if err := runExport(t, context.Background(), r, pg); err != nil {
		t.Fatal(err)
	}
	c := pgConn(t, url)
	for _, table := range r.Tables() {
		s, _ := r.Table(table)
		for _, col := range s.GetColumns() {
			var typ string
			err := c.QueryRow(context.Background(), `select data_type from information_schema.columns
				where table_schema = 'e2e_types' and table_name = $1 and column_name = $2`, table, col.GetName()).Scan(&typ)
			if err != nil {
				t.Fatalf("%s.%s: %v", table, col.GetName(), err)
			}
			if want := export.PgType(col.GetType()); typ != want {
				t.Errorf("%s.%s is %s, want %s", table, col.GetName(), typ, want)
			}
		}
		var comment *string
		_ = c.QueryRow(context.Background(), "select obj_description(to_regclass($1), 'pg_class')", "e2e_types."+table).Scan(&comment)
		if comment == nil || *comment != s.GetDescription() {
			t.Errorf("%s: table comment %v", table, comment)
		}
	}
	if n, want := count(t, c, "e2e_types", "aispm_endpoint"), endpointRows(t, r); n != want {
		t.Errorf("aispm_endpoint has %d rows, the plugin returns %d", n, want)
	}
	var jsonOK bool
	if err := c.QueryRow(context.Background(), `select bool_and(jsonb_typeof(akas) = 'array' and jsonb_typeof(tags) = 'object') from e2e_types.aispm_endpoint`).Scan(&jsonOK); err != nil || !jsonOK {
		t.Errorf("akas/tags are not JSON arrays/objects (%v)", err)
	}
}

// endpointRows is how many rows the plugin returns for aispm_endpoint.
func endpointRows(t *testing.T, r *runner.Runner) int {
	t.Helper()
	rows, err := r.Rows(context.Background(), runner.Query{Table: "aispm_endpoint", Columns: []string{"id"}})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// failing wraps a sink and fails the write of one table.
type failing struct {
	export.Sink
	table string
}

func (f failing) Write(ctx context.Context, t export.Table, rows func(func([]any) error) error) (int64, error) {
	if t.Name == f.table {
		return 0, errors.New("disk on fire")
	}
	return f.Sink.Write(ctx, t, rows)
}

// A failed or interrupted export leaves the previous snapshot exactly as it
// was, removes its staging schema, and says what failed.
func TestFailedExportKeepsPreviousSnapshot(t *testing.T) {
	url := pgURL(t)
	const schema = "e2e_atomic"
	c := pgConn(t, url)
	r := demoRunner(t, sim.Options{})
	pg := &export.Postgres{URL: url, Schema: schema}
	defer pg.Close()
	if err := runExport(t, context.Background(), r, pg); err != nil {
		t.Fatal(err)
	}
	before := count(t, c, schema, "aispm_endpoint")

	err := runExport(t, context.Background(), r, failing{Sink: pg, table: "aispm_gcp_vertex_endpoint"})
	if err == nil || !strings.Contains(err.Error(), "aispm_gcp_vertex_endpoint: disk on fire") || !strings.Contains(err.Error(), "previous snapshot is unchanged") {
		t.Fatalf("error does not say what failed: %v", err)
	}
	if got := count(t, c, schema, "aispm_endpoint"); got != before {
		t.Errorf("previous snapshot changed: %d rows, had %d", got, before)
	}
	if schemaExists(t, c, schema+"__staging") {
		t.Error("the staging schema was left behind")
	}

	// Interrupted mid-write: every call takes a second and the export is
	// cancelled after two, long after the staging schema exists.
	slow := demoRunner(t, sim.Options{Latency: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	pg2 := &export.Postgres{URL: url, Schema: schema}
	defer pg2.Close()
	err = runExport(t, ctx, slow, pg2)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("interrupted export: %v", err)
	}
	if got := count(t, c, schema, "aispm_endpoint"); got != before {
		t.Errorf("previous snapshot changed after an interrupted export: %d rows, had %d", got, before)
	}
	if schemaExists(t, c, schema+"__staging") {
		t.Error("the staging schema was left behind after an interrupted export")
	}
}

// File exports: one file per table, swapped in whole; a failed export leaves
// the previous directory intact.
func TestFileExport(t *testing.T) {
	r := demoRunner(t, sim.Options{})
	for _, format := range []string{"jsonl", "csv"} {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "snapshot")
			if err := runExport(t, context.Background(), r, &export.Files{Dir: dir, Format: format}); err != nil {
				t.Fatal(err)
			}
			lines := func() int {
				b, err := os.ReadFile(filepath.Join(dir, "aispm_endpoint."+format))
				if err != nil {
					t.Fatal(err)
				}
				return strings.Count(string(b), "\n")
			}
			want := endpointRows(t, r)
			if format == "csv" {
				want++ // header
			}
			if got := lines(); got != want {
				t.Errorf("aispm_endpoint.%s has %d lines, want %d", format, got, want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != len(r.Tables()) {
				t.Errorf("%d files for %d tables", len(entries), len(r.Tables()))
			}
			err := runExport(t, context.Background(), r, failing{Sink: &export.Files{Dir: dir, Format: format}, table: "aispm_endpoint"})
			if err == nil {
				t.Fatal("the failing export succeeded")
			}
			if got := lines(); got != want {
				t.Errorf("previous snapshot changed: %d lines", got)
			}
			siblings, _ := os.ReadDir(filepath.Dir(dir))
			if len(siblings) != 1 {
				t.Errorf("staging left behind: %v", fmt.Sprint(siblings))
			}
		})
	}
}

// An export that could read a table in no scope fails and keeps the previous
// snapshot, unless allowed to be partial; one that lost some scopes commits,
// says which (PartialError), and records them in aispm_scope_status.
func TestExportFailsWhenNothingWasRead(t *testing.T) {
	url := pgURL(t)
	const schema = "e2e_unread"
	c := pgConn(t, url)
	pg := &export.Postgres{URL: url, Schema: schema}
	defer pg.Close()
	if err := runExport(t, context.Background(), demoRunner(t, sim.Options{}), pg); err != nil {
		t.Fatal(err)
	}
	before := count(t, c, schema, "aispm_endpoint")

	dark := demoRunner(t, sim.Options{Deny: []string{"aws:*", "azure:*", "gcp:*"}})
	tables, err := export.Resolve(dark, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, rep, err := export.Run(context.Background(), dark, pg, tables, export.Options{Workers: 3, ReplaceAll: true})
	if err == nil || !strings.Contains(err.Error(), "could be read in no scope") || !strings.Contains(err.Error(), "previous snapshot is unchanged") {
		t.Fatalf("an export that read nothing: %v", err)
	}
	if len(rep.Unread) == 0 || len(rep.Failures) == 0 {
		t.Errorf("report %+v names no unread table or failing scope", rep)
	}
	if got := count(t, c, schema, "aispm_endpoint"); got != before {
		t.Errorf("the previous snapshot changed: %d rows, had %d", got, before)
	}

	_, _, err = export.Run(context.Background(), dark, pg, tables, export.Options{Workers: 3, ReplaceAll: true, AllowPartial: true})
	var partial *export.PartialError
	if !errors.As(err, &partial) {
		t.Fatalf("--allow-partial: %v, want a PartialError", err)
	}
	if got := count(t, c, schema, "aispm_endpoint"); got != 0 {
		t.Errorf("--allow-partial committed %d endpoint rows from a dark estate", got)
	}

	oneDown := demoRunner(t, sim.Options{Deny: []string{"aws:111122223333/eu-west-1"}})
	_, rep, err = export.Run(context.Background(), oneDown, pg, tables, export.Options{Workers: 3, ReplaceAll: true})
	if !errors.As(err, &partial) || len(rep.Unread) != 0 {
		t.Fatalf("one denied region: %v (unread %v), want a committed PartialError", err, rep.Unread)
	}
	for _, f := range rep.Failures {
		if !strings.HasPrefix(f.Scope, "111122223333/eu-west-1") && f.Scope != "" {
			t.Errorf("failure outside the denied region: %+v", f)
		}
	}
	var denied int
	if err := c.QueryRow(context.Background(), "select count(*) from "+schema+".aispm_scope_status where status = 'denied' and scope like '111122223333/eu-west-1%'").Scan(&denied); err != nil || denied == 0 {
		t.Errorf("the snapshot's aispm_scope_status does not record the denied region (%d rows, %v)", denied, err)
	}
	if got := count(t, c, schema, "aispm_endpoint"); got != before-2 {
		t.Errorf("%d endpoint rows, want %d: every row but the denied region's", got, before-2)
	}
}

// --tables replaces only the tables it names: the snapshot's other tables stay.
func TestPartialTableExportKeepsOtherTables(t *testing.T) {
	url := pgURL(t)
	const schema = "e2e_some"
	c := pgConn(t, url)
	pg := &export.Postgres{URL: url, Schema: schema}
	defer pg.Close()
	oneDown := demoRunner(t, sim.Options{Deny: []string{"aws:111122223333/eu-west-1"}})
	all, _ := export.Resolve(oneDown, nil)
	if _, _, err := export.Run(context.Background(), oneDown, pg, all, export.Options{Workers: 3, ReplaceAll: true}); err != nil {
		var partial *export.PartialError
		if !errors.As(err, &partial) {
			t.Fatal(err)
		}
	}
	models, endpoints := count(t, c, schema, "aispm_model"), count(t, c, schema, "aispm_endpoint")
	r := demoRunner(t, sim.Options{})
	some, err := export.Resolve(r, []string{"aispm_endpoint"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := export.Run(context.Background(), r, pg, some, export.Options{Workers: 3}); err != nil {
		t.Fatal(err)
	}
	if got := count(t, c, schema, "aispm_model"); got != models {
		t.Errorf("aispm_model has %d rows after exporting only aispm_endpoint, had %d", got, models)
	}
	if got, want := count(t, c, schema, "aispm_endpoint"), endpointRows(t, r); got != want || got <= endpoints {
		t.Errorf("aispm_endpoint has %d rows, want the fresh %d (the denied export had %d)", got, want, endpoints)
	}
	var tables int
	_ = c.QueryRow(context.Background(), "select count(*) from information_schema.tables where table_schema = $1", schema).Scan(&tables)
	if tables != len(r.Tables()) {
		t.Errorf("%d tables in the snapshot, want %d", tables, len(r.Tables()))
	}

	dir := filepath.Join(t.TempDir(), "snap")
	if _, _, err := export.Run(context.Background(), r, &export.Files{Dir: dir, Format: "jsonl"}, all, export.Options{Workers: 3, ReplaceAll: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := export.Run(context.Background(), r, &export.Files{Dir: dir, Format: "jsonl"}, some, export.Options{Workers: 3}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(r.Tables()) {
		t.Errorf("%d files after a partial file export, want %d", len(entries), len(r.Tables()))
	}
}
