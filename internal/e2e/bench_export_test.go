package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/aispm/aispm/aispm" // declares the quotas
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/export"
	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
)

// dependentHops are the calls that must wait for a listing's last page
// before a row is whole: the scope's discovery before the listing, then a
// detail, a child listing and the detail's own lookup (tags, a key) after it.
const dependentHops = 4

// awsServiceIDs name the simulator's AWS services as the SDK, and so the
// declared quotas, do.
var awsServiceIDs = map[string]string{"sagemaker": "SageMaker", "cloudtrail": "CloudTrail", "logs": "CloudWatch Logs", "iam": "IAM", "s3": "S3"}

// quotaOf is the declared quota a simulated call counts against, and the
// scope it is counted in. Calls whose quota is kept per data-plane host or
// per bucket (which the call log does not tell apart) count against none,
// so the bound stays a lower bound.
func quotaOf(c sim.Call) (cloud.Quota, string, bool) {
	action := c.Operation[strings.LastIndex(c.Operation, "/")+1:]
	switch c.Cloud {
	case "aws":
		svc := awsServiceIDs[c.Service]
		if svc == "" {
			svc = c.Service
		}
		q, ok := cloud.QuotaFor(cloud.AWS, svc, action)
		return q, c.Scope, ok
	case "azure":
		if c.Service == "storage" || strings.Contains(c.Operation, "assistants") || c.Scope == "" {
			return cloud.Quota{}, "", false
		}
		q, ok := cloud.QuotaFor(cloud.Azure, azure.ARM, "")
		return q, c.Scope, ok
	case "gcp":
		if c.Service == "storage" {
			return cloud.Quota{}, "", false
		}
		q, ok := cloud.QuotaFor(cloud.GCP, c.Service, action)
		return q, c.Scope, ok
	}
	return cloud.Quota{}, "", false
}

// bound is the least time any client needs for a set of calls: the calls
// counted against one quota in one scope, beyond its burst, at its rate (the
// busiest such bucket), or the longest chain of calls that must run one after
// another (the deepest listing's pages, plus dependentHops), whichever is
// longer.
type bound struct {
	quota, chain time.Duration
	busiest      string
}

func (b bound) max() time.Duration { return max(b.quota, b.chain) }

func boundOf(calls []sim.Call, deepestPage int, latency time.Duration) bound {
	type bucket struct {
		q cloud.Quota
		n int
	}
	buckets := map[string]*bucket{}
	for _, c := range calls {
		q, scope, ok := quotaOf(c)
		if !ok {
			continue
		}
		key := fmt.Sprintf("%s %s %s %s", q.Cloud, scope, q.Service, q.Action)
		if buckets[key] == nil {
			buckets[key] = &bucket{q: q}
		}
		buckets[key].n++
	}
	b := bound{chain: time.Duration(deepestPage+dependentHops) * latency}
	for key, k := range buckets {
		t := time.Duration(float64(max(0, k.n-k.q.Burst)) / k.q.Rate * float64(time.Second))
		if t > b.quota {
			b.quota, b.busiest = t, fmt.Sprintf("%d calls: %s at %g/s", k.n, strings.Join(strings.Fields(key), " "), k.q.Rate)
		}
	}
	return b
}

// exportRun is one export of every table through the plugin binary.
type exportRun struct {
	elapsed             time.Duration
	results             []export.Result
	calls               []sim.Call
	bound               bound
	connections         int64
	inFlight            int
	connsBy, inFlightBy map[string]int
	peakRSS, afterRSS   float64
	peakAnon            float64 // of which anonymous memory (the Go runtime's); the rest maps the binary
	throttled           int
}

func exportEvery(b *testing.B, bin string, e *estate.Estate, opts sim.Options) exportRun {
	s := serve(b, e, opts)
	defer s.Close()
	c := connection(b, s)
	c.Config += "\nlist_cache_ttl_seconds = 1800\n" // as aispm export sets it
	var logs strings.Builder
	r, err := runner.Binary(bin, c, &logs)
	if err != nil {
		b.Fatalf("%v\n%s", err, logs.String())
	}
	defer r.Close()
	tables, err := export.Resolve(r, nil)
	if err != nil {
		b.Fatal(err)
	}
	anon := peakSampler(func() (float64, bool) { return childStatusMB(bin, "RssAnon:") })
	start := time.Now()
	results, _, err := export.Run(context.Background(), r, &export.Files{Dir: b.TempDir(), Format: "jsonl"}, tables, export.Options{Workers: 4, ReplaceAll: true})
	run := exportRun{elapsed: time.Since(start), results: results, calls: s.Calls(), connections: s.Connections(), inFlight: s.MaxInFlight(), peakAnon: anon()}
	if err != nil {
		b.Fatal(err)
	}
	run.bound = boundOf(run.calls, s.DeepestPage(), opts.Latency)
	run.connsBy, run.inFlightBy = s.ByCloud()
	for _, call := range run.calls {
		if call.Outcome == "throttled" {
			run.throttled++
		}
	}
	run.peakRSS = childRSSMB(b, bin, "VmHWM:")
	time.Sleep(10 * time.Second) // the runtime hands freed pages back in the background
	run.afterRSS = childRSSMB(b, bin, "VmRSS:")
	return run
}

// tableRun is one table queried alone, every column, on a plugin process of
// its own: its quota buckets full, no listing kept from another table.
type tableRun struct {
	table   string
	rows    int
	elapsed time.Duration
	bound   bound
	calls   int
	err     error
}

func eachTableAlone(b *testing.B, bin string, e *estate.Estate, latency time.Duration) []tableRun {
	s := serve(b, e, sim.Options{Latency: latency})
	defer s.Close()
	c := connection(b, s)
	open := func() *runner.Runner {
		var logs strings.Builder
		r, err := runner.Binary(bin, c, &logs)
		if err != nil {
			b.Fatalf("%v\n%s", err, logs.String())
		}
		return r
	}
	first := open()
	tables := first.Tables()
	first.Close()
	var runs []tableRun
	for _, table := range tables {
		r := open()
		s.ResetCalls()
		run := tableRun{table: table}
		start := time.Now()
		run.err = r.Stream(context.Background(), runner.Query{Table: table}, func(runner.Row) error { run.rows++; return nil })
		run.elapsed = time.Since(start)
		calls := s.Calls()
		run.calls, run.bound = len(calls), boundOf(calls, s.DeepestPage(), latency)
		runs = append(runs, run)
		r.Close()
	}
	return runs
}

// cliExportRSS runs `aispm export` (the plugin in-process) over the estate
// and returns its peak RSS and peak anonymous memory.
func cliExportRSS(b *testing.B, e *estate.Estate, latency time.Duration) (float64, float64) {
	s := serve(b, e, sim.Options{Latency: latency})
	defer s.Close()
	dir := b.TempDir()
	cli := filepath.Join(dir, "aispm")
	if out, err := exec.Command("go", "build", "-o", cli, "github.com/aispm/aispm/cmd/aispm").CombinedOutput(); err != nil {
		b.Fatalf("building aispm: %v\n%s", err, out)
	}
	config := filepath.Join(dir, "aispm.spc")
	if err := os.WriteFile(config, []byte(s.ConnectionConfig()), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(cli, "export", "--config", config, "--to", filepath.Join(dir, "out"), "--format", "jsonl")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	anon := peakSampler(func() (float64, bool) { return statusMB(status, "RssAnon:") })
	err := cmd.Wait()
	peakAnon := anon()
	if err != nil {
		b.Fatalf("aispm export: %v\n%s", err, out.String())
	}
	return float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024, peakAnon
}

// BenchmarkExportScale exports every table of a 10,000-asset estate of every
// kind (copies of the demo's, over 8 AWS regions, 8 subscriptions and 4
// projects) served with 30 ms of latency per call, through the plugin binary
// over go-plugin and the export path `aispm export` takes (4 tables at once,
// listings shared across the tables of the snapshot); then the same with 30%
// of the calls throttled; then each table alone. It prints, side by side,
// each run's time against its bound (the declared quotas and the longest
// chain of calls, from the simulator's call log), the rows of each table in
// both runs, the connections opened against the calls in flight, and the
// memory of the plugin and of `aispm export`.
func BenchmarkExportScale(b *testing.B) {
	const latency = 30 * time.Millisecond
	bin := buildPlugin(b)
	e := estate.Scale(10000)
	for range b.N {
		full := exportEvery(b, bin, e, sim.Options{Latency: latency})
		throttled := exportEvery(b, bin, e, sim.Options{Latency: latency, Throttle: 0.3, Seed: 7})
		alone := eachTableAlone(b, bin, e, latency)
		cliRSS, cliAnon := cliExportRSS(b, e, latency)

		var out strings.Builder
		row := func(name, value, note string, args ...any) {
			fmt.Fprintf(&out, "  %-42s %12s  %s\n", name, value, fmt.Sprintf(note, args...))
		}
		ratio := func(d time.Duration, bd bound) string {
			return fmt.Sprintf("%.2f", d.Seconds()/max(bd.max().Seconds(), latency.Seconds()))
		}
		fmt.Fprintf(&out, "\nexport of every table, --scale 10000 (%s), %v latency\n", e.Name, latency)
		row("wall time", full.elapsed.Round(100*time.Millisecond).String(), "")
		row("bound", full.bound.max().Round(100*time.Millisecond).String(), "quota %v (%s); chain %v", full.bound.quota.Round(100*time.Millisecond), full.bound.busiest, full.bound.chain)
		row("wall / bound", ratio(full.elapsed, full.bound), "(bar: <= 3)")
		clouds := map[string]int{}
		for _, c := range full.calls {
			clouds[c.Cloud]++
		}
		row("API calls", fmt.Sprint(len(full.calls)), "aws %d, azure %d, gcp %d", clouds["aws"], clouds["azure"], clouds["gcp"])
		row("TCP connections opened", fmt.Sprint(full.connections), "at most %d calls in flight, all clouds", full.inFlight)
		for _, c := range []string{"aws", "azure", "gcp"} {
			row("  "+c+" connections / peak calls in flight", fmt.Sprintf("%d / %d", full.connsBy[c], full.inFlightBy[c]), "%.2f (bar: <= 2; each cloud's clients pool their own)", float64(full.connsBy[c])/float64(max(full.inFlightBy[c], 1)))
		}
		row("plugin RSS, peak / after (MiB)", fmt.Sprintf("%.0f / %.0f", full.peakRSS, full.afterRSS), "(bar: <= 200); anonymous (the Go runtime's) at most %.0f, the rest the binary's mapped pages", full.peakAnon)
		row("aispm export peak RSS (MiB)", fmt.Sprintf("%.0f", cliRSS), "(bar: <= 200); anonymous at most %.0f", cliAnon)
		row("with 30% of calls throttled", throttled.elapsed.Round(100*time.Millisecond).String(), "%.2f x the unthrottled time (bar: <= 2); %d throttled answers", throttled.elapsed.Seconds()/full.elapsed.Seconds(), throttled.throttled)

		rows := map[string]int64{}
		for _, r := range full.results {
			rows[r.Table] = r.Rows
		}
		lost := 0
		for _, r := range throttled.results {
			if r.Rows != rows[r.Table] && r.Table != "aispm_scope_status" {
				lost++
				row("  rows differ when throttled: "+r.Table, fmt.Sprintf("%d / %d", r.Rows, rows[r.Table]), "")
			}
		}
		row("tables whose rows differ when throttled", fmt.Sprint(lost), "(bar: 0)")

		sort.Slice(alone, func(i, j int) bool {
			return alone[i].elapsed.Seconds()/max(alone[i].bound.max().Seconds(), latency.Seconds()) > alone[j].elapsed.Seconds()/max(alone[j].bound.max().Seconds(), latency.Seconds())
		})
		over := 0
		fmt.Fprintf(&out, "  each table alone (%d tables), worst ratio first: time, bound, ratio (bar: <= 3), rows, calls\n", len(alone))
		for _, t := range alone {
			if t.elapsed.Seconds() > 3*max(t.bound.max().Seconds(), latency.Seconds()) {
				over++
			}
			fmt.Fprintf(&out, "    %-42s %8s %8s %6s %7d %7d\n", t.table, t.elapsed.Round(10*time.Millisecond), t.bound.max().Round(10*time.Millisecond), ratio(t.elapsed, t.bound), t.rows, t.calls)
			if t.err != nil {
				fmt.Fprintf(&out, "      error: %v\n", t.err)
			}
		}
		row("tables over 3x their own bound", fmt.Sprint(over), "")
		fmt.Fprint(os.Stdout, out.String())
		b.ReportMetric(full.elapsed.Seconds(), "s/export")
		b.ReportMetric(full.bound.max().Seconds(), "s-bound")
		b.ReportMetric(throttled.elapsed.Seconds(), "s/export-throttled")
		b.ReportMetric(float64(len(full.calls)), "calls")
		b.ReportMetric(float64(full.connections), "connections")
		b.ReportMetric(full.peakRSS, "plugin-peak-RSS-MB")
		b.ReportMetric(cliRSS, "export-peak-RSS-MB")
	}
}
