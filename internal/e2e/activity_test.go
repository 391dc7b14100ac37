package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
)

func countCalls(e *env, operation string) int { return len(e.calls(op(operation))) }

func filtersOf(e *env, operation string) [][]string {
	var out [][]string
	for _, c := range e.calls(op(operation)) {
		out = append(out, c.Filters)
	}
	return out
}

// The activity tables' quals reach each log's API: a CloudTrail lookup
// attribute (one per call) and time range, a FilterLogEvents pattern, the
// Activity Log's provider and window, the Logging filter.
func TestActivityQualsPushedDown(t *testing.T) {
	e := start(t, sim.Options{})
	all := len(e.rows("aispm_aws_cloudtrail_ai_event", nil))
	lookups := countCalls(e, "LookupEvents")
	for _, f := range filtersOf(e, "LookupEvents") {
		if !slices.Contains(f, "StartTime") || !slices.Contains(f, "EndTime") || !slices.Contains(f, "LookupAttributes") {
			t.Errorf("a LookupEvents call without its window or lookup attribute: %v", f)
		}
	}

	e.sim.ResetCalls()
	rows := e.rows("aispm_aws_cloudtrail_ai_event", map[string]string{"event_name": "InvokeModel"})
	if len(rows) == 0 || len(rows) >= all {
		t.Errorf("event_name = InvokeModel: %d of %d rows", len(rows), all)
	}
	for _, r := range rows {
		if r["event_name"] != "InvokeModel" {
			t.Errorf("event_name qual returned %v", r["event_name"])
		}
	}
	// One EventName lookup per region instead of one per event source.
	if n := countCalls(e, "LookupEvents"); n >= lookups {
		t.Errorf("event_name qual made %d LookupEvents calls, the full read %d", n, lookups)
	}
	for _, f := range filtersOf(e, "LookupEvents") {
		if !slices.Contains(f, "LookupAttributes.EventName") {
			t.Errorf("an event_name query looked up by %v", f)
		}
	}

	e.sim.ResetCalls()
	if rows := e.rows("aispm_aws_cloudtrail_ai_event", map[string]string{"event_source": "ec2.amazonaws.com"}); len(rows) != 0 {
		t.Errorf("a non-AI event source returned %d rows", len(rows))
	}
	if n := countCalls(e, "LookupEvents"); n != 0 {
		t.Errorf("a non-AI event source made %d LookupEvents calls", n)
	}

	// A narrow window is sent as StartTime and returns only its events.
	e.sim.ResetCalls()
	since := e.sim.Now().Add(-time.Hour)
	recent := e.query(runner.Query{Table: "aispm_aws_cloudtrail_ai_event", Times: []runner.TimeQual{{Column: "event_time", Op: ">=", At: since}}})
	if len(recent) == 0 || len(recent) >= all {
		t.Errorf("the last hour: %d of %d rows", len(recent), all)
	}
	for _, r := range recent {
		if ts, _ := r["event_time"].(time.Time); ts.Before(since) {
			t.Errorf("row at %v before the window %v", ts, since)
		}
	}

	e.sim.ResetCalls()
	model := "amazon.titan-text-premier-v1:0"
	inv := e.rows("aispm_aws_bedrock_invocation", map[string]string{"model_id": model})
	if len(inv) == 0 {
		t.Error("no invocation of " + model)
	}
	for _, r := range inv {
		if r["model_id"] != model {
			t.Errorf("model_id qual returned %v", r["model_id"])
		}
	}
	for _, f := range filtersOf(e, "FilterLogEvents") {
		if !slices.Contains(f, "filterPattern") || !slices.Contains(f, "startTime") {
			t.Errorf("FilterLogEvents without the pattern or window: %v", f)
		}
	}

	e.sim.ResetCalls()
	ml := e.rows("aispm_azure_activity_ai_event", map[string]string{"resource_provider": "Microsoft.MachineLearningServices"})
	if len(ml) == 0 {
		t.Error("no Machine Learning events")
	}
	for _, r := range ml {
		if r["resource_provider"] != "Microsoft.MachineLearningServices" {
			t.Errorf("resource_provider qual returned %v", r["resource_provider"])
		}
	}
	activity := e.calls(op("GET Microsoft.Insights/eventtypes/management/values"))
	subs := map[string]bool{}
	for _, c := range activity {
		subs[c.Scope] = true
	}
	if len(subs) != 2 { // each subscription, each asked for the one provider (the filter below)
		t.Errorf("Activity Log calls in %v, want both subscriptions", subs)
	}
	for _, c := range activity {
		if len(c.Filters) != 1 || !strings.Contains(c.Filters[0], "resourceProvider eq 'Microsoft.MachineLearningServices'") || !strings.Contains(c.Filters[0], "eventTimestamp ge") {
			t.Errorf("Activity Log filter %v", c.Filters)
		}
	}

	e.sim.ResetCalls()
	who := "intern@acme.example"
	gcp := e.rows("aispm_gcp_audit_ai_event", map[string]string{"principal_email": who})
	if len(gcp) != 3 {
		t.Errorf("%d entries of %s, want 3", len(gcp), who)
	}
	for _, c := range e.calls(op("ListLogEntries")) {
		if len(c.Filters) != 1 || !strings.Contains(c.Filters[0], `protoPayload.authenticationInfo.principalEmail="`+who+`"`) || !strings.Contains(c.Filters[0], `timestamp>=`) {
			t.Errorf("Logging filter %v", c.Filters)
		}
	}
}

// A malformed event (an invocation record that is not JSON, an audit log
// entry without an AuditLog payload) is skipped; every other event is read.
func TestMalformedEventsAreSkipped(t *testing.T) {
	e := start(t, sim.Options{})
	count := func(svc, col string) int {
		n := 0
		for _, r := range e.sim.Estate.AWS.Accounts[0].Regions {
			n += len(r.Services[svc][col])
		}
		return n
	}
	if got, want := len(e.rows("aispm_aws_bedrock_invocation", nil)), count("logs", "log_events")-1; got != want {
		t.Errorf("%d invocation rows, want %d (one record is malformed)", got, want)
	}
	entries := 0
	for _, p := range e.sim.Estate.GCP.Projects {
		entries += len(p.AuditLog)
	}
	if got := len(e.rows("aispm_gcp_audit_ai_event", nil)); got != entries-1 {
		t.Errorf("%d audit rows, want %d (one entry has no AuditLog)", got, entries-1)
	}
}

// Without an event_time qual a table reads the connection's lookback, ending now.
func TestActivityDefaultWindow(t *testing.T) {
	e := start(t, sim.Options{Now: time.Now()})
	rows := e.query(runner.Query{Table: "aispm_ai_activity"})
	if len(rows) == 0 {
		t.Fatal("no activity in the default window")
	}
	oldest := time.Now().Add(-168*time.Hour - time.Minute) // the simulator's config reads a week
	for _, r := range rows {
		if ts, _ := r["event_time"].(time.Time); ts.Before(oldest) {
			t.Errorf("row at %v is older than the lookback", ts)
		}
	}
	sources := map[string]bool{}
	for _, r := range rows {
		sources[r["source"].(string)] = true
	}
	if len(sources) != 4 {
		t.Errorf("sources %v, want the four logs", sources)
	}
}

// Activity pages wait for each API's per-call quota: CloudTrail LookupEvents
// 2 per second per region (a burst of 2), Logging entries.list 1 per second
// per project (a burst of 5). n calls in one scope span at least
// (n-burst-1)/rate seconds.
func TestActivityPagesRespectTheQuotas(t *testing.T) {
	e := start(t, sim.Options{PageSize: 5})
	for _, c := range []struct {
		table, operation, scope string
		where                   map[string]string
		burst, perSecond        int
	}{
		{"aispm_aws_cloudtrail_ai_event", "LookupEvents", "111122223333/us-east-1", map[string]string{"event_name": "InvokeModel"}, 2, 2},
		{"aispm_gcp_audit_ai_event", "ListLogEntries", "acme-ml-prod", nil, 5, 1},
	} {
		e.sim.ResetCalls()
		e.rows(c.table, c.where)
		var at []time.Time
		for _, x := range e.calls(op(c.operation)) {
			if x.Scope == c.scope {
				at = append(at, x.At)
			}
		}
		if len(at) < c.burst+3 {
			t.Fatalf("only %d %s calls in %s", len(at), c.operation, c.scope)
		}
		slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
		// One call may be an SDK retry of a page (a dropped connection), which takes no token.
		span, least := at[len(at)-1].Sub(at[0]), time.Duration(len(at)-c.burst-1)*time.Second/time.Duration(c.perSecond)
		if span < least*9/10 {
			t.Errorf("%d %s calls in %v: faster than %d per second (at least %v)", len(at), c.operation, span, c.perSecond, least)
		}
	}
}
