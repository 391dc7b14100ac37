package e2e

import (
	"context"
	"testing"

	"github.com/aispm/aispm/aispm"
	"github.com/aispm/aispm/internal/export"
	"github.com/aispm/aispm/internal/sim"
)

// The documented least-privilege policies are generated from
// aispm.Permissions; every call a full export makes (and every key-column
// lookup) must be in that table, so the docs are true by construction.
func TestEveryCallIsInThePermissionTable(t *testing.T) {
	e := start(t, sim.Options{})
	e.sim.ResetCalls()
	tables, err := export.Resolve(e.r, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, _, err := export.Run(context.Background(), e.r, &export.Files{Dir: dir, Format: "jsonl"}, tables, export.Options{Workers: 4, ReplaceAll: true}); err != nil {
		t.Fatal(err)
	}
	// Key-column lookups call the Get/Describe operations a list does not.
	for table, where := range map[string]map[string]string{
		"aispm_gcp_vertex_endpoint":                  {"resource_name": "projects/acme-ml-prod/locations/us-central1/endpoints/1234567890123456789"},
		"aispm_gcp_vertex_model":                     {"resource_name": "projects/acme-ml-prod/locations/us-central1/models/gemma-2-9b-it-ft"},
		"aispm_gcp_api_key":                          {"resource_name": "projects/acme-ml-prod/locations/global/keys/k-labs-demo"},
		"aispm_aws_sagemaker_endpoint":               {"name": "fraud-detector-prod"},
		"aispm_aws_bedrock_guardrail":                {"guardrail_id": "grstrict0001"},
		"aispm_gcp_vertex_notebook_runtime_template": {"project": "acme-ml-prod"},
	} {
		e.rows(table, where)
	}
	seen := map[string]bool{}
	for _, c := range e.sim.Calls() {
		key := c.Cloud + " " + c.Service + " " + c.Operation
		if seen[key] {
			continue
		}
		seen[key] = true
		if _, ok := aispm.PermissionFor(c.Cloud, c.Service, c.Operation); !ok {
			t.Errorf("%s is called but not in aispm.Permissions: the documented policy would deny it", key)
		}
	}
	if len(seen) < 60 {
		t.Errorf("only %d distinct operations recorded; the export did not run", len(seen))
	}
}
