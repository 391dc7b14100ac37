package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
			s := serve(b, estate.ScaleEndpoints(3000), sim.Options{PageSize: pageSize})
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
// down, counting rows without keeping them. The plugin runs as the built
// binary over go-plugin, as Steampipe runs it, so its peak resident memory is
// its own (the simulator holding the estate is this process).
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
	bin := buildPlugin(b)
	s := serve(b, e, sim.Options{Now: time.Now()})
	var logs strings.Builder
	r, err := runner.Binary(bin, connection(b, s), &logs)
	if err != nil {
		b.Fatalf("%v\n%s", err, logs.String())
	}
	defer r.Close()
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
	b.ReportMetric(childRSSMB(b, bin, "VmHWM:"), "plugin-peak-RSS-MB")
}

// childRSSMB is a resident-set field (VmHWM: the peak, VmRSS: now, RssAnon:
// of which anonymous memory; MiB) of this process's child running the binary
// bin.
func childRSSMB(b *testing.B, bin, field string) float64 {
	mb, ok := childStatusMB(bin, field)
	if !ok {
		b.Error("the plugin process was not found")
	}
	return mb
}

func childStatusMB(bin, field string) (float64, bool) {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		stat, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: the command may hold spaces, so read after ")".
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) < 2 || fields[1] != strconv.Itoa(os.Getpid()) {
			continue
		}
		if exe, _ := os.Readlink(filepath.Join(d, "exe")); exe != bin {
			continue
		}
		return statusMB(filepath.Join(d, "status"), field)
	}
	return 0, false
}

// statusMB reads a memory field of a /proc/<pid>/status file, in MiB.
func statusMB(path, field string) (float64, bool) {
	status, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024, true
		}
	}
	return 0, false
}

// peakSampler records the largest value a memory reading takes, every
// 200 ms until stopped.
func peakSampler(read func() (float64, bool)) (stop func() float64) {
	var peak float64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		for {
			if v, ok := read(); ok {
				peak = max(peak, v)
			}
			select {
			case <-done:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	return func() float64 { close(done); <-finished; return peak }
}

// BenchmarkDatasetScan scans a training job's 1 GiB S3 prefix of 16 mixed
// data objects (jsonl, csv, gzip jsonl, parquet, text) through the real S3
// client against the simulator, and reports the dataset's size, the bytes
// fetched and judged (the 4 MiB sample per object bounds them), and the
// throughput over the dataset.
func BenchmarkDatasetScan(b *testing.B) {
	const size = 1 << 30
	e := estate.ScaleData(size)
	s := serve(b, e, sim.Options{})
	for _, b0 := range e.AWS.Accounts[0].Regions["global"].Services["s3"]["buckets"] {
		objs, _ := b0["x-objects"].(map[string]any)
		for _, v := range objs {
			if _, err := estate.Object(v); err != nil { // generated before the clock starts
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	var read, total int64
	for range b.N {
		r, err := runner.InProcess(connection(b, s)) // a new connection: no scan cached
		if err != nil {
			b.Fatal(err)
		}
		rows, err := r.Rows(context.Background(), runner.Query{Table: "aispm_dataset_scan"})
		r.Close()
		if err != nil {
			b.Fatal(err)
		}
		seen, secrets := map[string]bool{}, 0
		for _, row := range rows {
			if row["kind"] == "secret" {
				secrets++
			}
			obj, _ := row["object_uri"].(string)
			if obj == "" || seen[obj] {
				continue
			}
			seen[obj] = true
			read += toInt(row["bytes_read"])
			total += toInt(row["size"])
		}
		if len(seen) != 16 || secrets == 0 {
			b.Fatalf("%d objects scanned, %d secret rows: want 16 objects and the planted key", len(seen), secrets)
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(total)/float64(b.N)/(1<<20), "dataset-MB")
	b.ReportMetric(float64(read)/float64(b.N)/(1<<20), "read-MB/op")
	b.ReportMetric(float64(total)/(1<<20)/secs, "dataset-MB/s")
	b.ReportMetric(float64(read)/(1<<20)/secs, "read-MB/s")
}

func toInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int:
		return int64(x)
	case float64:
		return int64(x)
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(fmt.Sprint(v)), 10, 64)
	return n
}
