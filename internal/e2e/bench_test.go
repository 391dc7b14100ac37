package e2e

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aispm/aispm/internal/estate"
	"github.com/aispm/aispm/internal/runner"
	"github.com/aispm/aispm/internal/sim"
)

// BenchmarkUnifiedEndpoints queries aispm_endpoint over a generated estate of
// 3,000 endpoints (1,000 per cloud, 8 AWS regions, 8 subscriptions, 12 GCP
// project-locations) served with small pages, and reports rows per second.
func BenchmarkUnifiedEndpoints(b *testing.B) {
	for _, pageSize := range []int{0, 25} {
		b.Run(map[int]string{0: "default-pages", 25: "page-size-25"}[pageSize], func(b *testing.B) {
			s := serve(b, estate.Scale(3000), sim.Options{PageSize: pageSize})
			r, err := runner.InProcess(connection(b, s))
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			b.ResetTimer()
			rows := 0
			for range b.N {
				n, derived := 0, 0
				err := r.Stream(context.Background(), runner.Query{Table: "aispm_endpoint", Columns: []string{"cloud", "id", "kind", "encryption_key"}}, func(row runner.Row) error {
					switch row["kind"] {
					case "bedrock_runtime", "vertex_publisher_models", "gemini_api":
						derived++ // a region's Bedrock runtime, a project's model APIs
					default:
						n++
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if n != 3000 || derived == 0 {
					b.Fatalf("%d endpoint rows (+%d model API rows), want 3000 (+ each region's and project's model APIs)", n, derived)
				}
				rows += n + derived
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(len(s.Calls()))/float64(b.N), "calls/op")
		})
	}
}

// BenchmarkActivityScale streams aispm_ai_activity over 100,000 events of the
// last day (CloudTrail, Bedrock invocation logs, the Activity Log and audit
// logs across 8 regions, 8 subscriptions and 4 projects), the window pushed
// down, counting rows without keeping them. It reports rows per second and
// the process's peak resident memory (simulator included).
func BenchmarkActivityScale(b *testing.B) {
	const events = 100_000
	e := estate.ScaleActivity(events)
	want := 0
	for _, a := range e.AWS.Accounts {
		for _, r := range a.Regions {
			want += len(r.Services["cloudtrail"]["events"]) + len(r.Services["logs"]["log_events"])
		}
	}
	for _, s := range e.Azure.Subscriptions {
		want += len(s.ActivityLog)
	}
	for _, p := range e.GCP.Projects {
		want += len(p.AuditLog)
	}
	if want < events*99/100 {
		b.Fatalf("the scale estate holds %d events, want about %d", want, events)
	}
	s := serve(b, e, sim.Options{Now: time.Now()})
	r, err := runner.InProcess(connection(b, s))
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	runtime.GC()
	before := procStatusMB("VmRSS:")
	b.ResetTimer()
	rows := 0
	for range b.N {
		n := 0
		q := runner.Query{Table: "aispm_ai_activity", Columns: []string{"event_time", "cloud", "principal", "operation"},
			Times: []runner.TimeQual{{Column: "event_time", Op: ">=", At: time.Now().Add(-25 * time.Hour)}}}
		if err := r.Stream(context.Background(), q, func(runner.Row) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != want {
			b.Fatalf("%d rows, want %d", n, want)
		}
		rows += n
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(len(s.Calls()))/float64(b.N), "calls/op")
	// The simulator holds the whole estate; the query's own share is the growth.
	b.ReportMetric(before, "RSS-before-MB")
	b.ReportMetric(procStatusMB("VmHWM:"), "peak-RSS-MB")
}

// procStatusMB reads a memory line of /proc/self/status (VmRSS, VmHWM), in MiB.
func procStatusMB(field string) float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}
