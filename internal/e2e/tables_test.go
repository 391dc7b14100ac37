package e2e

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
)

// Rows equal the estate, pinned by golden files.
func TestRowsEqualEstate(t *testing.T) {
	e := start(t, sim.Options{})
	for _, table := range nativeTables {
		t.Run(table, func(t *testing.T) { golden(t, table, e.rows(table, nil)) })
	}
}

// A page size of 1 forces every list to page; the rows must not change.
func TestPaging(t *testing.T) {
	e := start(t, sim.Options{PageSize: 1})
	for _, table := range nativeTables {
		if table == "aispm_ai_activity" {
			continue // the union of the four native activity tables, which page here; CloudTrail pages wait for its quota
		}
		golden(t, table, e.rows(table, nil))
	}
	e.sim.ResetCalls()
	e.rows("aispm_endpoint", nil)
	pages := map[string]int{}
	for _, c := range e.sim.Calls() {
		pages[c.Operation+" "+c.Scope]++
	}
	// us-east-1 has 3 SageMaker endpoints, the prod subscription 2 accounts,
	// acme-ml-prod/us-central1 2 Vertex endpoints: one page each at page size 1.
	for key, want := range map[string]int{
		"ListEndpoints 111122223333/us-east-1":                                               3,
		"GET Microsoft.CognitiveServices/accounts 6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b":      2,
		"/google.cloud.aiplatform.v1.EndpointService/ListEndpoints acme-ml-prod/us-central1": 2,
	} {
		if pages[key] != want {
			t.Errorf("%s: %d page calls, want %d (all calls: %v)", key, pages[key], want, pages)
		}
	}
	// support-copilot has 2 agents: two data-plane pages, joined by the cursor.
	e.sim.ResetCalls()
	e.rows("aispm_azure_foundry_agent", nil)
	if n := len(e.calls(op("GET projects/assistants"))); n != 2 {
		t.Errorf("%d agent page calls, want 2", n)
	}
}

// Key columns reach the API: a get instead of a list, a list filter, or a scope pruned.
func TestQualsPushedDown(t *testing.T) {
	e := start(t, sim.Options{})
	cases := []struct {
		name      string
		table     string
		where     map[string]string
		rows      int
		mustCall  string
		mustSkip  string
		onlyScope string
	}{
		{"sagemaker name uses DescribeEndpoint", "aispm_aws_sagemaker_endpoint", map[string]string{"name": "fraud-detector-prod"}, 1, "DescribeEndpoint", "ListEndpoints", ""},
		{"sagemaker status filters the list", "aispm_aws_sagemaker_endpoint", map[string]string{"endpoint_status": "Failed"}, 0, "ListEndpoints", "DescribeEndpoint", ""},
		{"region prunes the fan-out", "aispm_aws_sagemaker_endpoint", map[string]string{"region": "eu-west-1"}, 1, "ListEndpoints", "", "111122223333/eu-west-1"},
		{"azure name and group use a get", "aispm_azure_cognitive_account", map[string]string{"name": "acme-openai-prod", "resource_group": "rg-ai-prod"}, 1, "GET Microsoft.CognitiveServices/accounts", "", ""},
		{"azure location is a row column, not a scope level", "aispm_azure_cognitive_account", map[string]string{"location": "eastus"}, 1, "GET Microsoft.CognitiveServices/accounts", "", ""},
		{"unified location keeps azure rows", "aispm_endpoint", map[string]string{"location": "eastus2"}, 2, "", "", ""},
		{"azure subscription prunes the fan-out", "aispm_azure_cognitive_account", map[string]string{"subscription_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}, 1, "", "", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"},
		{"vertex resource name uses GetEndpoint", "aispm_gcp_vertex_endpoint", map[string]string{"resource_name": "projects/acme-ml-prod/locations/europe-west4/endpoints/3456789012345678901"}, 1, "GetEndpoint", "ListEndpoints", "acme-ml-prod/europe-west4"},
		{"vertex display name filters the list", "aispm_gcp_vertex_endpoint", map[string]string{"display_name": "gemma-chat-public"}, 1, "ListEndpoints", "GetEndpoint", ""},
		{"unified cloud prunes other clouds", "aispm_endpoint", map[string]string{"cloud": "gcp"}, 8, "ListEndpoints", "", ""}, // 4 Vertex endpoints, 2 model APIs in each of 2 projects
		{"vertex model name uses GetModel", "aispm_gcp_vertex_model", map[string]string{"name": "gemma-2-9b-it-ft", "project": "acme-ml-prod", "location": "us-central1"}, 1, "GetModel", "ListModels", "acme-ml-prod/us-central1"},
		{"sagemaker model name uses DescribeModel", "aispm_aws_sagemaker_model", map[string]string{"name": "fraud-xgb-v3", "region": "us-east-1"}, 1, "DescribeModel", "ListModels", "111122223333/us-east-1"},
		{"training job status filters the list", "aispm_aws_sagemaker_training_job", map[string]string{"training_job_status": "Failed"}, 0, "ListTrainingJobs", "DescribeTrainingJob", ""},
		{"guardrail id uses GetGuardrail", "aispm_aws_bedrock_guardrail", map[string]string{"guardrail_id": "grstrict0001", "region": "us-east-1"}, 1, "GetGuardrail", "", "111122223333/us-east-1"}, // ListGuardrails then lists its versions only
		{"agent id uses GetAgent", "aispm_aws_bedrock_agent", map[string]string{"agent_id": "AGTMKTG002"}, 1, "GetAgent", "ListAgents", ""},
		{"api key user is one listing", "aispm_aws_bedrock_api_key", map[string]string{"user_name": "dana"}, 1, "ListServiceSpecificCredentials", "", "111122223333/global"},
		{"ml models of one workspace skip the registries", "aispm_azure_ml_model", map[string]string{"workspace_name": "acme-ml-sandbox"}, 1, "GET Microsoft.MachineLearningServices/workspaces/models/versions", "GET Microsoft.MachineLearningServices/registries", ""},
		{"foundry agents of one account", "aispm_azure_foundry_agent", map[string]string{"account_name": "acme-aiservices-shared", "resource_group": "rg-ai-prod"}, 2, "GET projects/assistants", "", ""},
		{"vertex model display name filters ListModels", "aispm_gcp_vertex_model", map[string]string{"display_name": "fraud-xgb"}, 1, "ListModels", "GetModel", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.sim.ResetCalls()
			rows := e.rows(c.table, c.where)
			if len(rows) != c.rows {
				t.Fatalf("%d rows, want %d", len(rows), c.rows)
			}
			for _, r := range rows {
				for k, v := range c.where {
					if r[k] != v {
						t.Errorf("row %v has %s=%v, want %s", r["name"], k, r[k], v)
					}
				}
			}
			calls := e.sim.Calls()
			if c.mustCall != "" && len(e.calls(op(c.mustCall))) == 0 {
				t.Errorf("no %s call; calls: %v", c.mustCall, calls)
			}
			if c.mustSkip != "" && len(e.calls(op(c.mustSkip))) > 0 {
				t.Errorf("unexpected %s call; calls: %v", c.mustSkip, calls)
			}
			for _, call := range calls {
				if c.onlyScope != "" && !discovery(call) && call.Scope != c.onlyScope {
					t.Errorf("data call outside %s: %+v", c.onlyScope, call)
				}
				if c.where["cloud"] == "gcp" && call.Cloud != "gcp" {
					t.Errorf("cloud = gcp still called %s: %+v", call.Cloud, call)
				}
			}
		})
	}
}

// Scopes are queried concurrently: with latency on every call, several calls
// are in progress at the same time.
func TestConcurrentFanOut(t *testing.T) {
	e := start(t, sim.Options{Latency: 150e6})
	e.rows("aispm_endpoint", nil)
	if got := e.sim.MaxInFlight(); got < 3 {
		t.Fatalf("at most %d calls in flight at once; the fan-out is not concurrent", got)
	}
}

// Calls reuse pooled connections: every table, read one after another,
// opens at most twice as many TCP connections as calls were ever in flight
// at once (against a real cloud each new connection is a TLS handshake).
func TestConnectionsAreReused(t *testing.T) {
	e := start(t, sim.Options{Latency: 5 * time.Millisecond})
	e.sim.ResetCalls()
	for _, table := range nativeTables {
		e.rows(table, nil)
	}
	calls, conns, peak := len(e.sim.Calls()), e.sim.Connections(), e.sim.MaxInFlight()
	t.Logf("%d calls over %d connections, at most %d calls in flight", calls, conns, peak)
	if peak < 2 || calls < 500 {
		t.Fatalf("only %d calls, %d at once: the walk did not run", calls, peak)
	}
	if conns > int64(2*peak) {
		t.Errorf("%d calls opened %d connections, more than twice the %d ever in flight: connections are not reused", calls, conns, peak)
	}
	// Each cloud's clients keep their own pool: each within twice its own peak.
	byCloud, peaks := e.sim.ByCloud()
	sum := 0
	for _, c := range []string{"aws", "azure", "gcp"} {
		sum += byCloud[c]
		if byCloud[c] == 0 || peaks[c] == 0 {
			t.Errorf("%s: %d connections, %d calls at most in flight: the simulator did not tell the clouds apart", c, byCloud[c], peaks[c])
		} else if byCloud[c] > 2*peaks[c] {
			t.Errorf("%s: %d connections, more than twice its %d calls ever in flight", c, byCloud[c], peaks[c])
		}
	}
	if int64(sum) > conns {
		t.Errorf("the clouds' connections add up to %d, more than the %d accepted", sum, conns)
	}
}

// A denied or disabled scope costs only its own rows, and aispm_scope_status says why.
func TestDeniedScopeIsVisible(t *testing.T) {
	e := start(t, sim.Options{
		Deny:    []string{"aws:111122223333/eu-west-1", "azure:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"},
		Disable: []string{"gcp:acme-ml-dev"},
	})
	rows := e.rows("aispm_endpoint", nil)
	got := map[string]bool{}
	for _, r := range rows {
		got[r["id"].(string)] = true
	}
	lost := []string{"arn:aws:sagemaker:eu-west-1:111122223333:endpoint/recsys-eu", "https://bedrock-runtime.eu-west-1.amazonaws.com",
		"/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg-ai-dev/providers/Microsoft.CognitiveServices/accounts/acme-openai-dev",
		"/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/acme-ml-sandbox/onlineEndpoints/sandbox-chat",
		"projects/acme-ml-dev/locations/us-central1/endpoints/4567890123456789012",
		"gcp://aiplatform.googleapis.com/projects/acme-ml-dev", "gcp://generativelanguage.googleapis.com/projects/acme-ml-dev"}
	for _, id := range lost {
		if got[id] {
			t.Errorf("%s is in a failing scope but came back", id)
		}
	}
	if full := goldenRows(t, "aispm_endpoint"); len(rows) != full-len(lost) {
		t.Errorf("%d rows, want the %d from the scopes that work", len(rows), full-len(lost))
	}
	status := map[string]runner.Row{}
	for _, r := range e.rows("aispm_scope_status", nil) {
		status[r["cloud"].(string)+" "+str(r["scope"])+" "+r["service"].(string)+" "+r["table_name"].(string)] = r
	}
	for key, want := range map[string]string{
		"aws 111122223333/eu-west-1 sagemaker aispm_endpoint":                         "denied",
		"aws 111122223333/eu-west-1 sagemaker aispm_aws_sagemaker_endpoint":           "denied",
		"aws 111122223333/us-east-1 sagemaker aispm_endpoint":                         "ok",
		"azure 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d cognitiveservices aispm_endpoint": "denied",
		"azure 6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b cognitiveservices aispm_endpoint": "ok",
		"gcp acme-ml-dev locations aispm_endpoint":                                    "disabled",
		"gcp acme-ml-dev locations aispm_gcp_vertex_endpoint":                         "disabled",
		"gcp acme-ml-prod/us-central1 aiplatform aispm_gcp_vertex_endpoint":           "ok",
	} {
		r, ok := status[key]
		if !ok {
			t.Errorf("aispm_scope_status has no row %q; rows: %v", key, keys(status))
			continue
		}
		if r["status"] != want {
			t.Errorf("%s: status %v, want %s (error %v)", key, r["status"], want, r["error"])
		}
		if (want == "ok") != (r["error"] == nil) {
			t.Errorf("%s: status %v with error %v", key, r["status"], r["error"])
		}
	}
}

// creation_time ranges reach the list APIs as CreationTimeAfter/Before: the
// simulator sees the filter and returns only the matching items.
func TestCreationTimePushedDown(t *testing.T) {
	e := start(t, sim.Options{})
	at := time.Date(2025, 4, 15, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		table, list string
		op          string
		rows        int
	}{
		{"aispm_aws_sagemaker_training_job", "ListTrainingJobs", ">", 1},           // churn-lgbm-train-07 (Apr 20)
		{"aispm_aws_sagemaker_training_job", "ListTrainingJobs", "<=", 1},          // fraud-xgb-train-0412 (Apr 12)
		{"aispm_aws_sagemaker_model", "ListModels", ">=", 3},                       // churn (Apr 22), fraud-ensemble (May 2), mistral (Jul 2)
		{"aispm_aws_bedrock_custom_model", "ListCustomModels", "<", 0},             // both are from May and June
		{"aispm_aws_sagemaker_notebook_instance", "ListNotebookInstances", ">", 1}, // platform-eval-nb (Aug 11)
	} {
		e.sim.ResetCalls()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		rows, err := e.r.Rows(ctx, runner.Query{Table: c.table, Columns: []string{"name", "creation_time"},
			Times: []runner.TimeQual{{Column: "creation_time", Op: c.op, At: at}}})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != c.rows {
			t.Errorf("%s creation_time %s %s: %d rows, want %d", c.table, c.op, at, len(rows), c.rows)
		}
		lists := e.calls(op(c.list))
		if len(lists) == 0 {
			t.Fatalf("%s: no %s call", c.table, c.list)
		}
		for _, call := range lists {
			if !slices.ContainsFunc(call.Filters, func(f string) bool { return strings.HasPrefix(strings.ToLower(f), "creationtime") }) {
				t.Errorf("%s %s: %s carried no creation time filter (filters %v)", c.table, c.op, c.list, call.Filters)
			}
		}
	}
}

// A service denied in one region costs only that service's rows there; a
// bucket whose exposure cannot be read keeps its data rows, with the reason.
func TestDeniedServiceCostsOnlyItsRows(t *testing.T) {
	e := start(t, sim.Options{Deny: []string{"aws:111122223333/us-east-1:bedrock", "aws:111122223333/global:s3"}})
	logging := e.rows("aispm_aws_bedrock_invocation_logging", nil)
	if len(logging) != 1 || logging[0]["region"] != "eu-west-1" {
		t.Errorf("invocation logging rows %v, want only eu-west-1", logging)
	}
	if n := len(e.rows("aispm_aws_sagemaker_model", nil)); n != goldenRows(t, "aispm_aws_sagemaker_model") {
		t.Errorf("%d SageMaker models: a bedrock denial cost SageMaker rows", n)
	}
	guardrails := e.rows("aispm_guardrail", nil)
	for _, g := range guardrails {
		if g["cloud"] == "aws" {
			t.Errorf("guardrail %v came back from a denied region", g["name"])
		}
	}
	if len(guardrails) == 0 {
		t.Error("the other clouds' guardrails were lost too")
	}
	var aws int
	for _, d := range e.rows("aispm_dataset", map[string]string{"kind": "sagemaker_training_channel:train"}) {
		aws++
		if d["storage_public"] != nil || !strings.Contains(str(d["exposure_error"]), "AccessDenied") {
			t.Errorf("%v: storage_public %v, exposure_error %v; want unknown with the denial", d["uri"], d["storage_public"], d["exposure_error"])
		}
	}
	if aws != 2 {
		t.Errorf("%d training channel rows, want 2 with S3 denied", aws)
	}
	status := map[string]string{}
	for _, r := range e.rows("aispm_scope_status", nil) {
		status[str(r["scope"])+" "+str(r["service"])+" "+str(r["table_name"])] = str(r["status"])
	}
	if got := status["111122223333/us-east-1 bedrock aispm_aws_bedrock_invocation_logging"]; got != "denied" {
		t.Errorf("bedrock in us-east-1: status %q, want denied", got)
	}
}

// discovery reports calls that enumerate scopes rather than read resources.
func discovery(c sim.Call) bool {
	return c.Service == "sts" || c.Service == "subscriptions" || strings.HasSuffix(c.Operation, "/ListLocations")
}

func str(v any) string { s, _ := v.(string); return s }

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Throttling is retried with backoff: no row is lost.
func TestThrottlingLosesNoRow(t *testing.T) {
	e := start(t, sim.Options{Throttle: 0.3, Seed: 7})
	for range 3 {
		for _, table := range nativeTables {
			golden(t, table, e.rows(table, nil))
		}
	}
	throttled := 0
	for _, c := range e.sim.Calls() {
		if c.Outcome == "throttled" {
			throttled++
		}
	}
	if throttled == 0 {
		t.Fatal("the simulator throttled nothing; the test proves nothing")
	}
	for _, c := range []string{"aws", "azure", "gcp"} {
		if len(e.calls(func(x sim.Call) bool { return x.Cloud == c && x.Outcome == "throttled" })) == 0 {
			t.Errorf("no %s call was throttled", c)
		}
	}
}

// Throttling has its own attempts: with max_attempts = 1 (no retry of
// transient errors) and half of all calls throttled, every table of every
// cloud still returns every row, blobs and Foundry data planes included.
func TestThrottlingHasItsOwnAttempts(t *testing.T) {
	s := startSim(t, sim.Options{Throttle: 0.5, Seed: 11})
	c := connection(t, s)
	c.Config = regexp.MustCompile(`max_attempts\s*=\s*\d+`).ReplaceAllString(c.Config, "max_attempts = 1")
	r, err := runner.InProcess(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	e := &env{t: t, sim: s, r: r}
	for _, table := range []string{"aispm_aws_sagemaker_endpoint", "aispm_aws_bedrock_guardrail", "aispm_azure_cognitive_deployment",
		"aispm_azure_foundry_agent", "aispm_gcp_vertex_endpoint", "aispm_gcp_api_key", "aispm_dataset_scan"} {
		golden(t, table, e.rows(table, nil))
	}
	for _, cloud := range []string{"aws", "azure", "gcp"} {
		if len(e.calls(func(x sim.Call) bool { return x.Cloud == cloud && x.Outcome == "throttled" })) == 0 {
			t.Errorf("no %s call was throttled", cloud)
		}
	}
	if len(e.calls(func(x sim.Call) bool { return x.Service == "storage" && x.Outcome == "throttled" })) == 0 {
		t.Error("no blob or object read was throttled")
	}
}

// The plugin only reads: every call the simulator saw is a List/Get/Describe.
func TestSimulatorSawOnlyReads(t *testing.T) {
	e := start(t, sim.Options{PageSize: 10}) // every page of every list is a recorded call
	for _, table := range e.r.Tables() {
		e.rows(table, nil)
	}
	calls := e.sim.Calls()
	if len(calls) < 20 {
		t.Fatalf("only %d calls recorded", len(calls))
	}
	for _, c := range calls {
		if !sim.ReadOnly(c) {
			t.Errorf("write or action call: %+v", c)
		}
		if sim.ReturnsSecret(c) {
			t.Errorf("a call that returns secret values: %+v", c)
		}
	}
}

// No seeded secret value appears in any row of any table.
func TestNoSecretInOutput(t *testing.T) {
	e := start(t, sim.Options{})
	secrets := e.sim.Estate.Secrets()
	if len(secrets) == 0 {
		t.Fatal("the demo estate seeds no secrets; the test proves nothing")
	}
	for _, table := range e.r.Tables() {
		out := canonical(t, e.rows(table, nil))
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s leaks the seeded secret %q", table, s)
			}
		}
	}
}

// The demo estate's ground truth is well-formed: every expectation names a
// resource that a table returns.
func TestExpectedResourcesExist(t *testing.T) {
	e := start(t, sim.Options{})
	ids := map[string]bool{}
	for _, table := range e.r.Tables() {
		for _, r := range e.rows(table, nil) {
			for _, col := range []string{"id", "arn", "resource_name", "principal", "from_id", "to_id"} {
				if v, ok := r[col].(string); ok {
					ids[v] = true
				}
			}
		}
	}
	exp := e.sim.Estate.Expected()
	if len(exp) == 0 {
		t.Fatal("no expectations")
	}
	for _, x := range exp {
		if !ids[x.Resource] {
			t.Errorf("expectation %+v names a resource no table returns", x)
		}
	}
	_ = estate.Expectation{}
}
