// Package e2e runs the plugin's tables end to end against the simulator:
// real SDK clients on loopback, the SDK's own plugin server in-process, and
// once the built binary over go-plugin.
package e2e

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestMain(m *testing.M) {
	// The SDK logs to stderr at WARN; keep test output readable.
	os.Setenv("STEAMPIPE_LOG_LEVEL", "ERROR")
	os.Exit(m.Run())
}

// env is a simulator and a plugin connection pointed at it.
type env struct {
	t   *testing.T
	sim *sim.Server
	r   *runner.Runner
}

var unsafeName = regexp.MustCompile(`[^a-z0-9_]+`)

// connection writes the simulator's config block and parses it back, as a
// user's .spc file would be. Each test gets its own connection name so the
// plugin's per-connection state never crosses tests.
func connection(t testing.TB, s *sim.Server) runner.Connection {
	t.Helper()
	path := filepath.Join(t.TempDir(), "aispm.spc")
	if err := os.WriteFile(path, []byte(s.ConnectionConfig()), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := runner.ParseConnection(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Name = "aispm_" + unsafeName.ReplaceAllString(strings.ToLower(t.Name()), "_")
	return c
}

func startSim(t testing.TB, opts sim.Options) *sim.Server {
	t.Helper()
	e, err := estate.Load("demo")
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, e, opts)
}

// goldenNow is the clock the golden files were written with: the estate's
// relative timestamps ("now-20d") resolve against it.
var goldenNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func serve(t testing.TB, e *estate.Estate, opts sim.Options) *sim.Server {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = goldenNow
	}
	s := sim.New(e, opts)
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func start(t *testing.T, opts sim.Options) *env {
	t.Helper()
	return startOn(t, startSim(t, opts))
}

// startEstate serves an estate other than the demo, or a changed demo.
func startEstate(t *testing.T, e *estate.Estate, opts sim.Options) *env {
	t.Helper()
	return startOn(t, serve(t, e, opts))
}

func startOn(t *testing.T, s *sim.Server) *env {
	t.Helper()
	r, err := runner.InProcess(connection(t, s))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return &env{t: t, sim: s, r: r}
}

// activityTables read a time window; the harness asks them for the
// simulator's whole timeline (the estate's last week, before its clock).
var activityTables = map[string]bool{"aispm_aws_cloudtrail_ai_event": true, "aispm_aws_bedrock_invocation": true,
	"aispm_azure_activity_ai_event": true, "aispm_gcp_audit_ai_event": true, "aispm_ai_activity": true}

// timelineOf is the event_time window covering the estate's activity.
func timelineOf(s *sim.Server) []runner.TimeQual {
	now := s.Now()
	return []runner.TimeQual{{Column: "event_time", Op: ">=", At: now.Add(-10 * 24 * time.Hour)}, {Column: "event_time", Op: "<=", At: now.Add(time.Hour)}}
}

func (e *env) rows(table string, where map[string]string) []runner.Row {
	e.t.Helper()
	var times []runner.TimeQual
	if activityTables[table] {
		times = timelineOf(e.sim)
	}
	return e.query(runner.Query{Table: table, Where: where, Times: times})
}

func (e *env) query(q runner.Query) []runner.Row {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	table, where := q.Table, q.Where
	rows, err := e.r.Rows(ctx, q)
	if err != nil {
		e.t.Fatalf("query %s %v: %v", table, where, err)
	}
	return rows
}

// canonical renders rows as stable JSON, sorted by akas then name.
func canonical(t *testing.T, rows []runner.Row) string {
	t.Helper()
	out := make([]string, len(rows))
	for i, r := range rows {
		r = withoutSDKColumns(r)
		b, err := json.MarshalIndent(r, "  ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		out[i] = "  " + string(b)
	}
	sort.Strings(out)
	return "[\n" + strings.Join(out, ",\n") + "\n]\n"
}

// withoutSDKColumns drops the columns the SDK adds to every row (they carry
// the connection name, which differs per test).
func withoutSDKColumns(r runner.Row) runner.Row {
	out := runner.Row{}
	for k, v := range r {
		if k != "_ctx" && k != "sp_ctx" && k != "sp_connection_name" {
			out[k] = v
		}
	}
	return out
}

func golden(t *testing.T, table string, rows []runner.Row) {
	t.Helper()
	path := filepath.Join("testdata", "golden", table+".json")
	got := canonical(t, rows)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/e2e -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s rows differ from %s (rerun with -update after checking the diff):\n%s", table, path, diff(string(want), got))
	}
}

// goldenRows is how many rows a table's golden file holds (the full demo estate).
func goldenRows(t *testing.T, table string) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "golden", table+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []any
	if err := json.Unmarshal(raw, &rows); err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// diff shows the first differing lines.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return "(no line differs)"
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// calls returns the recorded calls matching a filter.
func (e *env) calls(keep func(sim.Call) bool) []sim.Call {
	var out []sim.Call
	for _, c := range e.sim.Calls() {
		if keep(c) {
			out = append(out, c)
		}
	}
	return out
}

func op(name string) func(sim.Call) bool {
	return func(c sim.Call) bool { return c.Operation == name || strings.HasSuffix(c.Operation, "/"+name) }
}

// nativeTables are the tables whose rows the golden files pin.
var nativeTables = []string{"aispm_aws_cloudtrail_ai_event", "aispm_aws_bedrock_invocation", "aispm_azure_activity_ai_event", "aispm_gcp_audit_ai_event", "aispm_ai_activity", "aispm_aws_sagemaker_endpoint", "aispm_aws_sagemaker_model", "aispm_aws_sagemaker_notebook_instance", "aispm_aws_sagemaker_lifecycle_config", "aispm_aws_sagemaker_domain", "aispm_aws_sagemaker_training_job", "aispm_aws_sagemaker_model_package", "aispm_aws_bedrock_custom_model", "aispm_aws_bedrock_imported_model", "aispm_aws_bedrock_provisioned_throughput", "aispm_aws_bedrock_guardrail", "aispm_aws_bedrock_invocation_logging", "aispm_aws_bedrock_agent", "aispm_aws_bedrock_knowledge_base", "aispm_aws_bedrock_api_key", "aispm_aws_iam_ai_policy_attachment", "aispm_azure_cognitive_account", "aispm_azure_cognitive_deployment", "aispm_azure_cognitive_rai_policy", "aispm_azure_foundry_project", "aispm_azure_foundry_connection", "aispm_azure_ml_workspace", "aispm_azure_ml_compute", "aispm_azure_ml_online_endpoint", "aispm_azure_ml_datastore", "aispm_azure_ml_data_asset", "aispm_azure_ml_model", "aispm_azure_foundry_agent", "aispm_gcp_vertex_endpoint", "aispm_gcp_vertex_model", "aispm_gcp_vertex_dataset", "aispm_gcp_vertex_custom_job", "aispm_gcp_vertex_training_pipeline", "aispm_gcp_vertex_notebook_runtime_template", "aispm_gcp_workbench_instance", "aispm_gcp_api_key", "aispm_gcp_vertex_reasoning_engine", "aispm_endpoint", "aispm_model", "aispm_notebook", "aispm_key", "aispm_agent", "aispm_dataset", "aispm_guardrail", "aispm_model_scan", "aispm_dataset_scan", "aispm_relationship"}
