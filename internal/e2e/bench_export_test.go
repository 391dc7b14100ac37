package e2e

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/export"
	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
)

// armRate is Azure Resource Manager's documented read rate per subscription
// (token bucket: 250, refilled at 25 per second), which aispm keeps to.
const armRate = 25

// BenchmarkExportScale exports every table of a 10,000-endpoint estate
// (AWS, Azure and GCP) served with 30 ms of latency per call, through the
// plugin binary over go-plugin and the export path `aispm export` takes (4
// tables at once, listings shared across the tables of the snapshot), and
// prints a table: the wall time next to the bound the declared quotas put on
// any client (the busiest subscription's Resource Manager calls at 25 per
// second), the calls, the TCP connections opened against the peak in flight,
// and the plugin's peak RSS.
func BenchmarkExportScale(b *testing.B) {
	const latency = 30 * time.Millisecond
	bin := buildPlugin(b)
	for range b.N {
		s := serve(b, estate.Scale(10000), sim.Options{Latency: latency})
		c := connection(b, s)
		c.Config += "\nlist_cache_ttl_seconds = 1800\n"
		var logs strings.Builder
		r, err := runner.Binary(bin, c, &logs)
		if err != nil {
			b.Fatalf("%v\n%s", err, logs.String())
		}
		tables, err := export.Resolve(r, nil)
		if err != nil {
			b.Fatal(err)
		}
		dir := b.TempDir()
		start := time.Now()
		results, _, err := export.Run(context.Background(), r, &export.Files{Dir: dir, Format: "jsonl"}, tables, export.Options{Workers: 4, ReplaceAll: true})
		elapsed := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		calls := s.Calls()
		perSub := map[string]int{}
		clouds := map[string]int{}
		for _, call := range calls {
			clouds[call.Cloud]++
			if call.Cloud == "azure" && call.Service != "storage" && call.Scope != "" && !strings.Contains(call.Operation, "assistants") {
				perSub[call.Scope]++
			}
		}
		busiest := 0
		for _, n := range perSub {
			busiest = max(busiest, n)
		}
		bound := time.Duration(float64(busiest) / armRate * float64(time.Second))
		rss := childPeakRSSMB(b, bin)
		r.Close()

		sort.Slice(results, func(i, j int) bool { return results[i].Elapsed > results[j].Elapsed })
		var out strings.Builder
		fmt.Fprintf(&out, "\nexport of every table, --scale 10000, %v latency\n", latency)
		fmt.Fprintf(&out, "  %-40s %10s\n", "wall time", elapsed.Round(100*time.Millisecond))
		fmt.Fprintf(&out, "  %-40s %10s  (%d ARM calls in the busiest subscription / %d per s)\n", "quota bound", bound.Round(100*time.Millisecond), busiest, armRate)
		fmt.Fprintf(&out, "  %-40s %10.2f\n", "wall / bound", elapsed.Seconds()/max(bound.Seconds(), latency.Seconds()))
		fmt.Fprintf(&out, "  %-40s %10d  (aws %d, azure %d, gcp %d)\n", "API calls", len(calls), clouds["aws"], clouds["azure"], clouds["gcp"])
		fmt.Fprintf(&out, "  %-40s %10d  (at most %d calls in flight)\n", "TCP connections opened", s.Connections(), s.MaxInFlight())
		fmt.Fprintf(&out, "  %-40s %10.0f\n", "plugin peak RSS (MiB)", rss)
		fmt.Fprintf(&out, "  slowest tables:\n")
		for _, res := range results[:min(8, len(results))] {
			fmt.Fprintf(&out, "    %-38s %10s %8d rows\n", res.Table, res.Elapsed.Round(100*time.Millisecond), res.Rows)
		}
		fmt.Fprint(os.Stdout, out.String())
		b.ReportMetric(elapsed.Seconds(), "s/export")
		b.ReportMetric(bound.Seconds(), "s-quota-bound")
		b.ReportMetric(float64(len(calls)), "calls")
		b.ReportMetric(float64(s.Connections()), "connections")
		b.ReportMetric(rss, "plugin-peak-RSS-MB")
		s.Close()
	}
}
