package e2e

import (
	"context"
	"testing"

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
